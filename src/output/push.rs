//! A received push as `callback listen` prints it: one line per event, a row on a terminal,
//! tab-separated on a pipe, one JSON object per line with `--json`.

use serde::Serialize;

use super::order::{State, passenger_type, seat_class};
use crate::push::{Push, PushKind};

#[derive(Debug, Clone, Serialize)]
pub struct PushEventView {
    pub received_at: String,
    pub kind: PushKind,
    pub out_order_no: String,
    pub order_no: String,
    pub msg_code: String,
    pub msg_info: String,
    /// The order is in this machine's journal.
    pub known_order: bool,
    /// The order state the push tells of (F, U, O); absent for refund pushes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<State>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub msg_detail: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refund_price: Option<String>,
    pub tickets: Vec<PushTicketView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PushTicketView {
    pub passenger_id: String,
    pub passenger_name: String,
    pub passenger_type: State,
    pub seat_class: State,
    pub seat_no: Option<String>,
    pub ticket_no: Option<String>,
    pub price: f64,
}

impl PushEventView {
    pub fn new(push: &Push, received_at: String, known_order: bool) -> PushEventView {
        PushEventView {
            received_at,
            kind: push.kind,
            out_order_no: push.out_order_no.clone(),
            order_no: push.order_no.clone(),
            msg_code: push.msg_code.clone(),
            msg_info: push.msg_info.clone(),
            known_order,
            state: push.kind.order_state().map(State::of_order),
            msg_detail: push.msg_detail.clone(),
            refund_price: push.refund_price.clone(),
            tickets: push
                .passengers
                .iter()
                .map(|p| PushTicketView {
                    passenger_id: p.passenger_id.clone(),
                    passenger_name: p.passenger_name.clone(),
                    passenger_type: passenger_type(&p.passenger_type),
                    seat_class: seat_class(&p.seat_class),
                    seat_no: p.seat_no.clone(),
                    ticket_no: p.ticket_no.clone(),
                    price: p.price,
                })
                .collect(),
        }
    }

    pub fn json_line(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Tab-separated: time, kind, outOrderNo, orderNo, msgCode, msgInfo, known|unknown, tickets.
    pub fn tab_line(&self) -> String {
        [
            self.received_at.clone(),
            self.kind_name().to_string(),
            self.out_order_no.clone(),
            self.order_no.clone(),
            self.msg_code.clone(),
            self.msg_info.clone(),
            if self.known_order { "known" } else { "unknown" }.to_string(),
            self.ticket_summary(),
        ]
        .join("\t")
    }

    /// A row for a person: aligned columns, unknown orders flagged.
    pub fn row(&self) -> String {
        let flag = if self.known_order {
            ""
        } else {
            "  [not in journal]"
        };
        format!(
            "{}  {:<13} {:<22} {} {}{}{}",
            self.received_at
                .get(..19)
                .unwrap_or(&self.received_at)
                .replace('T', " "),
            self.kind_name(),
            self.out_order_no,
            self.msg_code,
            self.msg_info,
            if self.tickets.is_empty() {
                String::new()
            } else {
                format!("  {}", self.ticket_summary())
            },
            flag
        )
    }

    fn kind_name(&self) -> &'static str {
        self.kind.name()
    }

    fn ticket_summary(&self) -> String {
        let tickets: Vec<String> = self
            .tickets
            .iter()
            .map(|t| {
                let seat = t
                    .seat_no
                    .as_deref()
                    .map(|s| format!(" {s}"))
                    .unwrap_or_default();
                format!("{} {}{seat}", t.passenger_name, t.seat_class.meaning)
            })
            .collect();
        tickets.join("; ")
    }
}
