//! `grab status`: one order as the API sees it now (recorded in the journal as it is seen),
//! or every order in the journal, optionally refreshed from the API a few at a time.

use std::sync::Arc;

use crate::api::models::{IssuedOrder, PendingOrder};
use crate::api::{ApiError, Client};
use crate::cli::StatusArgs;
use crate::context::Context;
use crate::dates;
use crate::diag;
use crate::dict::IdType;
use crate::error::{Error, Result};
use crate::journal::{self, Journal, Source, TicketRecord};
use crate::output::passenger_type;
use crate::output::{
    OrderListView, OrderPassengerView, OrderRow, OrderView, State, TicketView, TicketsView,
};

/// How many orders `--refresh` asks about at once: enough to be quick, few enough not to
/// trip the API's rate limit (10011/10012).
const REFRESH_CONCURRENCY: usize = 4;

pub async fn run(ctx: &Context, args: &StatusArgs) -> Result<()> {
    let order = args.order.as_deref().map(super::order_arg).transpose()?;
    let mut journal = Journal::open(&ctx.data_dir)?;
    match order {
        None if args.issued => Err(Error::usage("--issued needs an ORDER")),
        None => list(ctx, &mut journal, args.refresh).await,
        Some(_) if args.refresh => Err(Error::usage(
            "--refresh goes with no ORDER; one order is always asked about",
        )),
        Some(order) if args.issued => issued(ctx, &mut journal, order).await,
        Some(order) => pending(ctx, &mut journal, order).await,
    }
}

async fn pending(ctx: &Context, journal: &mut Journal, order: &str) -> Result<()> {
    let client = ctx.client()?;
    note_if_unknown(journal, order)?;
    let detail = fetch_pending(&client, journal, order, Source::Status).await?;
    let view = order_view(journal, order, &detail)?;
    ctx.printer.print(&view)
}

/// Asks orderDetail and records what it says. An order the journal holds as unsettled that
/// the API does not know is recorded as never created.
pub async fn fetch_pending(
    client: &Client,
    journal: &mut Journal,
    order: &str,
    source: Source,
) -> Result<PendingOrder> {
    match client.order_detail(order).await {
        Ok(detail) => {
            remember(
                journal,
                order,
                &detail.order_no,
                &detail.status,
                source,
                detail.fail_msg.as_deref(),
            )?;
            Ok(detail)
        }
        Err(error) => {
            settle_if_missing(journal, order, &error, source)?;
            Err(Error::Api(error))
        }
    }
}

fn remember(
    journal: &mut Journal,
    order: &str,
    order_no: &str,
    state: &str,
    source: Source,
    detail: Option<&str>,
) -> Result<()> {
    let Some(record) = journal.order(order)? else {
        return Ok(());
    };
    if record.order_no.is_none() && !order_no.is_empty() {
        journal.set_order_no(order, order_no)?;
    }
    journal.record_state(order, state, source, detail)?;
    Ok(())
}

/// An order whose submit went unanswered, that the API still does not know after a while,
/// was never created (see `Journal::settle_missing`).
fn settle_if_missing(
    journal: &mut Journal,
    order: &str,
    error: &ApiError,
    source: Source,
) -> Result<()> {
    if let ApiError::Refused { reason, .. } = error {
        if error.says_no_such_order() {
            journal.settle_missing(order, reason, source)?;
        }
    }
    Ok(())
}

fn note_if_unknown(journal: &Journal, order: &str) -> Result<()> {
    if !journal.contains(order)? {
        diag::note(&format!(
            "order {order} is not in this machine's journal; showing what the API says"
        ));
    }
    Ok(())
}

fn order_view(journal: &Journal, order: &str, detail: &PendingOrder) -> Result<OrderView> {
    let passengers = detail
        .passengers
        .iter()
        .map(|p| OrderPassengerView {
            name: p.passenger_name.clone(),
            passenger_type: passenger_type(&p.passenger_type),
            certificate_no: p.certificate_no.clone(),
            ticket_price: p.ticket_price,
        })
        .collect();
    Ok(OrderView {
        out_order_no: order.to_string(),
        order_no: detail.order_no.clone(),
        state: State::of_order(&detail.status),
        from_station: detail.from_station.clone(),
        to_station: detail.to_station.clone(),
        departure: vendor_time(&detail.depart_date),
        trains: detail.train_no.replace('|', ","),
        seat_classes: detail.seat_class.replace('|', ","),
        main_train: detail.main_train_no.clone(),
        main_seat: detail.main_seat_class.clone(),
        passengers,
        fail_reason: detail.fail_msg.clone(),
        grab_end_time: detail.grab_end_time.as_deref().and_then(vendor_time),
        history: journal.events(order)?,
    })
}

/// A vendor timestamp as ISO 8601 in China time; text that is no time is dropped.
fn vendor_time(text: &str) -> Option<String> {
    dates::parse_vendor_datetime(text).map(dates::iso_china)
}

async fn issued(ctx: &Context, journal: &mut Journal, order: &str) -> Result<()> {
    let client = ctx.client()?;
    note_if_unknown(journal, order)?;
    let detail = client.order_detail_issued(order).await?;
    let tickets = ticket_records(&detail);
    if journal.contains(order)? {
        journal.save_tickets(order, &tickets)?;
    }
    remember(
        journal,
        order,
        &detail.order_no,
        &detail.order_state_code,
        Source::Status,
        detail.failure_reason.as_deref(),
    )?;
    ctx.printer.print(&tickets_view(order, &detail, &tickets))
}

pub fn ticket_records(detail: &IssuedOrder) -> Vec<TicketRecord> {
    detail
        .passengers
        .iter()
        .filter(|ticket| !ticket.passenger_id.is_empty())
        .map(|ticket| TicketRecord {
            passenger_id: ticket.passenger_id.clone(),
            passenger_name: ticket.passenger_name.clone(),
            passenger_type: ticket.passenger_type.clone(),
            seat_class: ticket.seat_class.clone(),
            seat_no: ticket.seat_no.clone(),
            ticket_no: ticket.p_ticket_no.clone(),
            price: ticket.ticket_price,
            state: ticket.ticket_state_code.clone(),
        })
        .collect()
}

fn tickets_view(order: &str, detail: &IssuedOrder, tickets: &[TicketRecord]) -> TicketsView {
    TicketsView {
        out_order_no: order.to_string(),
        order_no: detail.order_no.clone(),
        state: State::of_order(&detail.order_state_code),
        train_no: detail.train_no.clone(),
        from_station: detail.from_station.clone(),
        to_station: detail.to_station.clone(),
        departure: detail.departure_time.as_deref().and_then(vendor_time),
        arrival: detail.arrival_time.as_deref().and_then(vendor_time),
        order_price: detail.order_price,
        tickets: tickets
            .iter()
            .map(|ticket| ticket_view(ticket, detail))
            .collect(),
    }
}

/// A journal ticket, with the document type the answer gives for its passenger.
fn ticket_view(ticket: &TicketRecord, detail: &IssuedOrder) -> TicketView {
    let document = detail
        .passengers
        .iter()
        .find(|passenger| passenger.passenger_id == ticket.passenger_id)
        .and_then(|passenger| IdType::from_response_code(&passenger.id_type))
        .map(|id_type| id_type.meaning().to_string());
    TicketView {
        document,
        ..TicketView::from_record(ticket)
    }
}

async fn list(ctx: &Context, journal: &mut Journal, refresh: bool) -> Result<()> {
    if refresh {
        refresh_open_orders(ctx, journal).await?;
    }
    let orders = journal.orders()?;
    ctx.printer.print(&OrderListView {
        orders: orders.iter().map(OrderRow::from_record).collect(),
    })
}

/// Asks about every order that has not ended, at most `REFRESH_CONCURRENCY` at a time. One
/// order's failure is a warning; the others are still refreshed.
async fn refresh_open_orders(ctx: &Context, journal: &mut Journal) -> Result<()> {
    let open: Vec<String> = journal
        .orders()?
        .into_iter()
        .filter(|order| !journal::is_final(&order.state))
        .map(|order| order.out_order_no)
        .collect();
    if open.is_empty() {
        return Ok(());
    }
    let client = Arc::new(ctx.client()?);
    let permits = Arc::new(tokio::sync::Semaphore::new(REFRESH_CONCURRENCY));
    let mut tasks = tokio::task::JoinSet::new();
    for order in open {
        let (client, permits) = (Arc::clone(&client), Arc::clone(&permits));
        tasks.spawn(async move {
            let _permit = permits.acquire_owned().await;
            let answer = client.order_detail(&order).await;
            (order, answer)
        });
    }

    while let Some(joined) = tasks.join_next().await {
        let (order, answer) = joined.map_err(|e| Error::Internal(format!("refresh task: {e}")))?;
        match answer {
            Ok(detail) => remember(
                journal,
                &order,
                &detail.order_no,
                &detail.status,
                Source::Status,
                detail.fail_msg.as_deref(),
            )?,
            Err(error) => {
                settle_if_missing(journal, &order, &error, Source::Status)?;
                diag::warn(&format!("could not refresh {order}: {error}"));
            }
        }
    }
    Ok(())
}
