//! `grab grab`: creates a grab order, the step that spends a person's money, so it checks
//! every rule before submitting, writes the order to the journal before sending it, and never
//! sends it twice: when the answer is lost, it asks orderDetail what became of it.

use chrono::NaiveDateTime;

use crate::api::models::SearchResult;
use crate::api::{ApiError, Client, OrderPassenger, OrderRequest, SelfPurchase};
use crate::cli::GrabArgs;
use crate::commands::order_plan::{self, Choice};
use crate::commands::search::{self, yyyymmdd};
use crate::commands::{confirm, passengers};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::journal::{self, Journal, NewOrder, Source};
use crate::output::{DryRunView, SubmittedView};
use crate::redact::{Secret, loggable_param};
use crate::{diag, validate};

pub async fn run(ctx: &Context, args: &GrabArgs) -> Result<()> {
    let (mut journal, inputs) = check_inputs(ctx, args)?;
    let client = ctx.client()?;
    let query = &inputs.query;
    let result = client
        .search(
            &query.from,
            &query.to,
            &yyyymmdd(query.date),
            query.ticket_type,
        )
        .await?;
    let (request, timing) = plan(ctx, args, inputs, &result)?;

    if args.dry_run {
        return ctx.printer.print(&dry_run_view(ctx, &request));
    }
    if request.self_purchase.is_some() && ctx.endpoint_is_plain_http() {
        diag::warn(
            "the endpoint is plain http: the 12306 password will cross the network unencrypted",
        );
    }
    if !confirm::confirm(ctx, &summary(&request, &timing), "Create this grab order?")? {
        return Err(Error::usage("not confirmed; nothing was sent"));
    }
    // A prompt can wait for hours: the vendor's timing rules are checked again as sent.
    order_plan::check_still_open(timing.earliest_departure, timing.close, ctx.clock())?;
    submit(ctx, &client, &mut journal, &request, &timing).await
}

/// Everything checked before anything is sent.
struct Inputs {
    query: search::SearchQuery,
    choice: Choice,
    passengers: Vec<OrderPassenger>,
    names: Vec<String>,
    contact: ContactDetails,
    out_order_no: String,
    account: Option<SelfPurchase>,
}

/// The times of an order: the main train's departure (departDate), the earliest chosen
/// departure (which bounds the rest), and the close time.
struct Timing {
    departure: NaiveDateTime,
    earliest_departure: NaiveDateTime,
    close: NaiveDateTime,
    names: Vec<String>,
}

fn check_inputs(ctx: &Context, args: &GrabArgs) -> Result<(Journal, Inputs)> {
    let query = search::resolve_query(ctx, &args.from, &args.to, &args.date, args.as_typed, false)?;
    let choice = Choice::from_args(args)?;
    let profiles = passengers::select(ctx, &args.passengers)?;
    let passengers = profiles
        .iter()
        .map(|profile| passengers::to_order_passenger(profile, ctx.today()))
        .collect::<Result<Vec<_>>>()?;
    let names = profiles
        .iter()
        .map(|p| format!("{} ({})", p.name, p.passenger_type.meaning()))
        .collect();
    let contact = contact(ctx)?;
    let journal = Journal::open(&ctx.data_dir)?;
    let out_order_no = order_number(&journal, args.order_no.as_deref(), ctx)?;
    let account = self_purchase(ctx, args.account.as_deref())?;
    if !args.dry_run {
        confirm::ensure_can_confirm(ctx, "creating a grab order")?;
    }
    Ok((
        journal,
        Inputs {
            query,
            choice,
            passengers,
            names,
            contact,
            out_order_no,
            account,
        },
    ))
}

/// Checks the choice against the search and the vendor's timing rules, and builds the
/// request from the search's own values.
fn plan(
    ctx: &Context,
    args: &GrabArgs,
    inputs: Inputs,
    result: &SearchResult,
) -> Result<(OrderRequest, Timing)> {
    let Inputs {
        query,
        choice,
        passengers,
        names,
        contact,
        out_order_no,
        account,
    } = inputs;
    let checked = order_plan::check_against_search(&choice, result, query.date)?;
    order_plan::check_departure_far_enough(checked.earliest_departure, ctx.clock())?;
    let close = order_plan::close_time(
        args.until.as_deref(),
        checked.earliest_departure,
        ctx.clock(),
        ctx.config.config.grab.close_before_departure_minutes,
    )?;
    let accept_no_seat =
        !args.no_accept_no_seat && (args.accept_no_seat || ctx.config.config.grab.accept_no_seat);

    let request = OrderRequest {
        query_key: result.query_key.clone(),
        out_order_no,
        self_purchase: account,
        train_nos: choice.trains,
        seat_codes: choice.seats,
        main_train_no: choice.main_train,
        main_seat_code: choice.main_seat,
        from_station: checked.main.from_station.clone(),
        to_station: checked.main.to_station.clone(),
        depart: checked.departure.format("%Y-%m-%d %H:%M").to_string(),
        close_time: close.format("%Y-%m-%d %H:%M:%S").to_string(),
        accept_no_seat,
        person: contact.person,
        cellphone: contact.cellphone,
        email: contact.email,
        passengers,
    };
    let timing = Timing {
        departure: checked.departure,
        earliest_departure: checked.earliest_departure,
        close,
        names,
    };
    Ok((request, timing))
}

struct ContactDetails {
    person: String,
    cellphone: String,
    email: String,
}

fn contact(ctx: &Context) -> Result<ContactDetails> {
    let contact = &ctx.config.config.contact;
    let missing = |key: &str| Error::Config {
        path: ctx.config.path.clone(),
        message: format!("grab orders need a contact: set `{key}` under [contact]"),
    };
    let person = contact
        .person
        .clone()
        .filter(|p| !p.trim().is_empty())
        .ok_or_else(|| missing("person"))?;
    let cellphone = contact
        .cellphone
        .clone()
        .ok_or_else(|| missing("cellphone"))?;
    validate::cellphone(&cellphone).map_err(|e| Error::usage(format!("[contact] {e}")))?;
    let email = contact.email.clone().unwrap_or_default();
    if !email.is_empty() {
        validate::email(&email).map_err(|e| Error::usage(format!("[contact] {e}")))?;
    }
    Ok(ContactDetails {
        person,
        cellphone,
        email,
    })
}

/// The given order number, checked and not yet in the journal, or a fresh one.
fn order_number(journal: &Journal, given: Option<&str>, ctx: &Context) -> Result<String> {
    if let Some(number) = given {
        validate::out_order_no(number).map_err(Error::Usage)?;
        if journal.contains(number)? {
            return Err(Error::usage(format!(
                "order number {number} is already in the journal; each order needs a new one (see `grab status {number}`)"
            )));
        }
        return Ok(number.to_string());
    }
    let stamp = ctx.now.format("%y%m%d%H%M%S").to_string();
    let seed = std::process::id()
        ^ std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
    for attempt in 0..100u32 {
        let candidate = format!(
            "GRAB{stamp}{:04}",
            (seed.wrapping_add(attempt * 7919)) % 10_000
        );
        if !journal.contains(&candidate)? {
            return Ok(candidate);
        }
    }
    Err(Error::Internal(
        "could not find a free order number; pass --order-no".into(),
    ))
}

fn self_purchase(ctx: &Context, account: Option<&str>) -> Result<Option<SelfPurchase>> {
    let Some(name) = account else { return Ok(None) };
    let accounts = &ctx.config.config.accounts;
    let account = accounts.get(name).ok_or_else(|| {
        let known: Vec<&str> = accounts.keys().map(String::as_str).collect();
        Error::usage(format!(
            "no 12306 account `{name}` in the config; accounts: {}",
            if known.is_empty() {
                "none (add [accounts.NAME])".to_string()
            } else {
                known.join(", ")
            }
        ))
    })?;
    let password = match ctx.account_passwords.get(name) {
        Some(password) => password.clone(),
        None => prompt_password(ctx, name, account.password_env.as_deref())?,
    };
    Ok(Some(SelfPurchase {
        user: account.user.clone(),
        password,
    }))
}

fn prompt_password(ctx: &Context, name: &str, variable: Option<&str>) -> Result<Secret> {
    if !ctx.interactive {
        let hint = variable.map_or_else(
            || format!("set `password_env` under [accounts.{name}] and export that variable"),
            |variable| format!("export {variable}"),
        );
        return Err(Error::usage(format!(
            "no 12306 password for account `{name}` and no terminal to ask on; {hint}"
        )));
    }
    dialoguer::Password::new()
        .with_prompt(format!("12306 password for `{name}`"))
        .interact()
        .map(Secret::new)
        .map_err(|e| Error::Internal(format!("cannot read the password: {e}")))
}

fn summary(request: &OrderRequest, timing: &Timing) -> String {
    format!(
        "Grab order {}\n  {} → {}, departing {}\n  trains {} (main {}), seats {} (main {})\n  \
         passengers {}\n  grabbing until {}{}",
        request.out_order_no,
        request.from_station,
        request.to_station,
        timing.departure.format("%Y-%m-%d %H:%M"),
        request.train_nos.join(", "),
        request.main_train_no,
        request.seat_codes.join(", "),
        request.main_seat_code,
        timing.names.join(", "),
        request.close_time,
        if request.accept_no_seat {
            ", accepting 无座"
        } else {
            ""
        },
    )
}

fn dry_run_view(ctx: &Context, request: &OrderRequest) -> DryRunView {
    let mut params = vec![("key".to_string(), "(redacted)".to_string())];
    params.extend(
        request
            .form()
            .into_iter()
            .map(|(name, value)| (name.to_string(), loggable_param(name, &value))),
    );
    DryRunView {
        url: format!("{}/submitOrder.php", ctx.endpoint),
        params,
    }
}

/// Records the intent, submits once, and settles a lost answer with orderDetail.
async fn submit(
    ctx: &Context,
    client: &Client,
    journal: &mut Journal,
    request: &OrderRequest,
    timing: &Timing,
) -> Result<()> {
    journal.record_intent(&NewOrder {
        out_order_no: request.out_order_no.clone(),
        from_station: request.from_station.clone(),
        to_station: request.to_station.clone(),
        depart: request.depart.clone(),
        trains: request.train_nos.join("|"),
        seats: request.seat_codes.join("|"),
        close_time: request.close_time.clone(),
        passengers: timing.names.clone(),
    })?;
    let out_order_no = &request.out_order_no;
    let view = |order_no: String, state: String, note: Option<String>| SubmittedView {
        out_order_no: out_order_no.clone(),
        order_no,
        state,
        trains: request.train_nos.clone(),
        seats: request.seat_codes.clone(),
        from_station: request.from_station.clone(),
        to_station: request.to_station.clone(),
        departure: crate::dates::iso_china(timing.departure),
        close_time: crate::dates::iso_china(timing.close),
        passengers: timing.names.clone(),
        note,
    };

    match client.submit_order(request).await {
        Ok(submitted) => {
            // The order exists now: its numbers are shown even if the journal then fails.
            let recorded = journal
                .set_order_no(out_order_no, &submitted.order_no)
                .and_then(|()| journal.record_state(out_order_no, "N", Source::Submit, None));
            ctx.printer
                .print(&view(submitted.order_no.clone(), "N".into(), None))?;
            recorded.map(|_| ()).map_err(|error| {
                Error::Journal(format!(
                    "order {out_order_no} (orderNo {}) was created, but recording it failed: {error}",
                    submitted.order_no
                ))
            })
        }
        Err(refused @ ApiError::Refused { .. }) => {
            let reason = refused.to_string();
            journal.record_state(
                out_order_no,
                journal::REJECTED,
                Source::Submit,
                Some(&reason),
            )?;
            Err(Error::Api(refused))
        }
        Err(lost) if lost.outcome_unknown() => {
            journal.record_state(
                out_order_no,
                journal::UNKNOWN,
                Source::Submit,
                Some(&lost.to_string()),
            )?;
            diag::warn(&format!(
                "the answer to the submit was lost ({lost}); asking the API about {out_order_no}"
            ));
            reconcile(ctx, client, journal, out_order_no, lost, view).await
        }
        Err(unsent) => {
            // Nothing reached the server (no connection): no order exists.
            journal.record_state(
                out_order_no,
                journal::REJECTED,
                Source::Submit,
                Some(&unsent.to_string()),
            )?;
            Err(Error::Api(unsent))
        }
    }
}

/// How long to keep asking orderDetail after a lost answer before handing over to `grab
/// status`: long enough for a slow vendor to show the order, short enough for a terminal.
const RECONCILE_WAITS_SECONDS: [u64; 4] = [1, 2, 4, 8];

/// After a lost answer: asks orderDetail until the order shows up, and follows it from there.
/// An order that does not show up stays `unknown` in the journal (never submitted again);
/// `grab status` keeps asking until it appears or is settled as never created.
async fn reconcile(
    ctx: &Context,
    client: &Client,
    journal: &mut Journal,
    out_order_no: &str,
    lost: ApiError,
    view: impl Fn(String, String, Option<String>) -> SubmittedView,
) -> Result<()> {
    let mut last = String::new();
    for wait in RECONCILE_WAITS_SECONDS {
        match client.order_detail(out_order_no).await {
            Ok(detail) => {
                journal.set_order_no(out_order_no, &detail.order_no)?;
                journal.record_state(
                    out_order_no,
                    &detail.status,
                    Source::Reconcile,
                    detail.fail_msg.as_deref(),
                )?;
                let note = "the submit's answer was lost; orderDetail shows the order was created"
                    .to_string();
                return ctx
                    .printer
                    .print(&view(detail.order_no, detail.status, Some(note)));
            }
            Err(error)
                if error.says_no_such_order()
                    || error.outcome_unknown()
                    || error.is_transient() =>
            {
                last = error.to_string();
            }
            Err(other) => {
                last = other.to_string();
                break;
            }
        }
        tokio::time::sleep(std::time::Duration::from_secs(wait)).await;
    }

    journal.record_state(
        out_order_no,
        journal::UNKNOWN,
        Source::Reconcile,
        Some(&format!("unsettled: {last}")),
    )?;
    Err(Error::Api(ApiError::Transport {
        cause: format!(
            "{lost}; the order has not shown up yet ({last}). It is kept as unknown: do NOT grab again; \
             run `grab status {out_order_no}` in a few minutes to settle it"
        ),
    }))
}
