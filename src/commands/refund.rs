//! `grab refund`: one applyRefundOrder request per ticket, as the vendor requires. `--all`
//! refunds children's tickets first, since the vendor refuses an adult's refund while a
//! child's ticket remains. The outcome arrives later (by push, or `grab status --issued`).

use serde::Serialize;

use crate::api::ApiError;
use crate::cli::RefundArgs;
use crate::commands::confirm;
use crate::commands::status::ticket_records;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::journal::{Journal, TicketRecord};
use crate::output::{Render, Style};

/// The vendor's passengerType for a child.
const CHILD: &str = "2";
/// A ticket that can be refunded: issued (已出票).
const ISSUED: &str = "F";
/// What a refund request turns a ticket into: 退票中.
const REFUNDING: &str = "C";

#[derive(Debug, Serialize)]
struct RefundView {
    out_order_no: String,
    refunds: Vec<RefundLine>,
}

#[derive(Debug, Serialize)]
struct RefundLine {
    passenger_id: String,
    passenger_name: String,
    /// `requested`, `refused` or `not_sent` (after an earlier refusal).
    result: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
}

impl Render for RefundView {
    fn json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_default()
    }

    fn table(&self, _style: &Style) -> String {
        let mut text = format!("Refunds for order {}:", self.out_order_no);
        for line in &self.refunds {
            text.push_str(&format!(
                "\n  {} ({}): {}{}",
                line.passenger_name,
                line.passenger_id,
                line.result.replace('_', " "),
                line.reason
                    .as_ref()
                    .map(|r| format!(": {r}"))
                    .unwrap_or_default()
            ));
        }
        text.push_str("\nThe outcome arrives by push, or see it with: grab status --issued ");
        text.push_str(&self.out_order_no);
        text
    }

    fn lines(&self) -> Vec<String> {
        self.refunds
            .iter()
            .map(|l| {
                format!(
                    "{}\t{}\t{}\t{}\t{}",
                    self.out_order_no,
                    l.passenger_id,
                    l.passenger_name,
                    l.result,
                    l.reason.as_deref().unwrap_or("")
                )
            })
            .collect()
    }
}

pub async fn run(ctx: &Context, args: &RefundArgs) -> Result<()> {
    let order = super::order_arg(&args.order)?;
    confirm::ensure_can_confirm(ctx, "refunding")?;
    let client = ctx.client()?;
    let mut journal = Journal::open(&ctx.data_dir)?;

    let mut tickets = journal.tickets(order)?;
    if tickets.is_empty() {
        let detail = client.order_detail_issued(order).await?;
        tickets = ticket_records(&detail);
        if journal.contains(order)? {
            journal.save_tickets(order, &tickets)?;
        }
    }
    let chosen = choose(&tickets, args)?;

    let names: Vec<String> = chosen
        .iter()
        .map(|t| format!("{} ({})", t.passenger_name, t.passenger_id))
        .collect();
    let summary = format!(
        "Refund {} ticket(s) of order {order}: {}",
        chosen.len(),
        names.join(", ")
    );
    if !confirm::confirm(ctx, &summary, "Request the refund?")? {
        return Err(Error::usage("not confirmed; nothing was sent"));
    }

    let mut refunds = Vec::new();
    let mut refusal: Option<ApiError> = None;
    for ticket in chosen {
        let line = |result, reason| RefundLine {
            passenger_id: ticket.passenger_id.clone(),
            passenger_name: ticket.passenger_name.clone(),
            result,
            reason,
        };
        if refusal.is_some() {
            refunds.push(line("not_sent", None));
            continue;
        }
        match client.apply_refund(order, &ticket.passenger_id).await {
            Ok(_) => {
                journal.set_ticket_state(order, &ticket.passenger_id, REFUNDING)?;
                refunds.push(line("requested", None));
            }
            Err(error @ ApiError::Refused { .. }) => {
                refunds.push(line("refused", Some(error.to_string())));
                refusal = Some(error);
            }
            Err(other) => return Err(Error::Api(other)),
        }
    }

    ctx.printer.print(&RefundView {
        out_order_no: order.to_string(),
        refunds,
    })?;
    refusal.map_or(Ok(()), |error| Err(Error::Api(error)))
}

/// The tickets to refund: the one `-p` names (by passengerId or name), or with `--all` every
/// issued ticket, children's first.
fn choose<'a>(tickets: &'a [TicketRecord], args: &RefundArgs) -> Result<Vec<&'a TicketRecord>> {
    if tickets.is_empty() {
        return Err(Error::usage(
            "the order has no tickets to refund; see `grab status --issued ORDER`",
        ));
    }
    if args.all {
        let mut issued: Vec<&TicketRecord> = tickets.iter().filter(|t| t.state == ISSUED).collect();
        issued.sort_by_key(|t| t.passenger_type != CHILD);
        if issued.is_empty() {
            return Err(Error::usage(
                "no ticket of this order is issued (F); nothing to refund",
            ));
        }
        return Ok(issued);
    }

    let wanted = args.passenger.as_deref().unwrap_or_default().trim();
    let by_id: Vec<&TicketRecord> = tickets
        .iter()
        .filter(|t| t.passenger_id == wanted)
        .collect();
    let matches = if by_id.is_empty() {
        tickets
            .iter()
            .filter(|t| t.passenger_name == wanted)
            .collect()
    } else {
        by_id
    };
    let ticket = match matches.as_slice() {
        [one] => *one,
        [] => {
            let known: Vec<String> = tickets
                .iter()
                .map(|t| format!("{} ({})", t.passenger_name, t.passenger_id))
                .collect();
            return Err(Error::usage(format!(
                "no ticket for `{wanted}` in this order; tickets: {}",
                known.join(", ")
            )));
        }
        _ => {
            return Err(Error::usage(format!(
                "several tickets are for `{wanted}`; give the passengerId instead"
            )));
        }
    };
    if ticket.state != ISSUED {
        return Err(Error::usage(format!(
            "{}'s ticket is {} ({}), not issued; only issued tickets can be refunded",
            ticket.passenger_name,
            ticket.state,
            crate::dict::ticket_state_meaning(&ticket.state).unwrap_or("unknown")
        )));
    }
    Ok(vec![ticket])
}
