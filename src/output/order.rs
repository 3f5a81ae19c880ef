//! Orders as grab presents them: the answer to a submit, a dry run's request, one order's
//! state or tickets, and the journal's list.

use serde::Serialize;

use super::table::new_table;
use super::{Render, Style};
use crate::dict;
use crate::journal::{self, Event, OrderRecord, TicketRecord};

/// A state code with its meaning, local states included.
#[derive(Debug, Clone, Serialize)]
pub struct State {
    pub code: String,
    pub meaning: String,
}

impl State {
    pub fn of_order(code: &str) -> State {
        let meaning = match code {
            journal::SUBMITTING => "提交中 (submitting; not yet answered)".to_string(),
            journal::UNKNOWN => {
                "结果未知 (the submit's answer was lost; run grab status)".to_string()
            }
            journal::REJECTED => "未创建 (the API refused the order)".to_string(),
            "refunded" => "退票成功 (a ticket was refunded)".to_string(),
            "refund_failed" => "退票失败 (a ticket's refund was refused)".to_string(),
            other => dict::order_status_meaning(other)
                .unwrap_or("未知状态")
                .to_string(),
        };
        State {
            code: code.to_string(),
            meaning,
        }
    }

    pub fn of_ticket(code: &str) -> State {
        let meaning = dict::ticket_state_meaning(code)
            .unwrap_or("未知状态")
            .to_string();
        State {
            code: code.to_string(),
            meaning,
        }
    }

    fn label(&self) -> String {
        format!("{} {}", self.code, self.meaning)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct SubmittedView {
    pub out_order_no: String,
    pub order_no: String,
    pub state: String,
    pub trains: Vec<String>,
    pub seats: Vec<String>,
    pub from_station: String,
    pub to_station: String,
    pub departure: String,
    pub close_time: String,
    pub passengers: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Render for SubmittedView {
    fn json(&self) -> serde_json::Value {
        let mut value = serde_json::to_value(self).unwrap_or_default();
        value["state"] = serde_json::to_value(State::of_order(&self.state)).unwrap_or_default();
        value
    }

    fn table(&self, _style: &Style) -> String {
        let mut text = format!(
            "Grab order {} created: orderNo {}, state {}\n  {} → {}, departing {}, grabbing until {}\n  \
             trains {}, seats {}, passengers {}\nFollow it with: grab watch {}",
            self.out_order_no,
            self.order_no,
            State::of_order(&self.state).label(),
            self.from_station,
            self.to_station,
            &self.departure[..16].replace('T', " "),
            &self.close_time[..16].replace('T', " "),
            self.trains.join(", "),
            self.seats.join(", "),
            self.passengers.join(", "),
            self.out_order_no,
        );
        if let Some(note) = &self.note {
            text.push_str(&format!("\nNote: {note}"));
        }
        text
    }

    fn lines(&self) -> Vec<String> {
        vec![format!(
            "{}\t{}\t{}",
            self.out_order_no, self.order_no, self.state
        )]
    }
}

/// The submitOrder request a dry run would send, secrets masked.
#[derive(Debug, Clone, Serialize)]
pub struct DryRunView {
    pub url: String,
    pub params: Vec<(String, String)>,
}

impl Render for DryRunView {
    fn json(&self) -> serde_json::Value {
        let params: serde_json::Map<String, serde_json::Value> = self
            .params
            .iter()
            .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
            .collect();
        serde_json::json!({ "dry_run": true, "url": self.url, "params": params })
    }

    fn table(&self, _style: &Style) -> String {
        let mut text = format!(
            "Dry run: nothing submitted. The request would be:\nPOST {}\n",
            self.url
        );
        for (name, value) in &self.params {
            text.push_str(&format!("  {name} = {value}\n"));
        }
        text.trim_end().to_string()
    }

    fn lines(&self) -> Vec<String> {
        self.params
            .iter()
            .map(|(name, value)| format!("{name}\t{value}"))
            .collect()
    }
}

/// One order as orderDetail shows it while grabbing (no `issue`), with the journal's history.
#[derive(Debug, Clone, Serialize)]
pub struct OrderView {
    pub out_order_no: String,
    pub order_no: String,
    pub state: State,
    pub from_station: String,
    pub to_station: String,
    pub departure: Option<String>,
    pub trains: String,
    pub seat_classes: String,
    pub main_train: Option<String>,
    pub main_seat: Option<String>,
    pub passengers: Vec<OrderPassengerView>,
    pub fail_reason: Option<String>,
    pub grab_end_time: Option<String>,
    /// Every state the journal saw, with where and when it was learned.
    pub history: Vec<Event>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OrderPassengerView {
    pub name: String,
    pub passenger_type: State,
    /// As the vendor masks it.
    pub certificate_no: String,
    pub ticket_price: f64,
}

impl Render for OrderView {
    fn json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_default()
    }

    fn table(&self, style: &Style) -> String {
        let mut lines = vec![
            format!("Order {} (orderNo {})", self.out_order_no, self.order_no),
            format!("  state      {}", self.state.label()),
            format!("  route      {} → {}", self.from_station, self.to_station),
        ];
        if let Some(departure) = &self.departure {
            lines.push(format!("  departure  {}", clock(departure)));
        }
        lines.push(format!(
            "  trains     {}{}",
            self.trains,
            main_note(&self.main_train)
        ));
        lines.push(format!(
            "  seats      {}{}",
            self.seat_classes,
            main_note(&self.main_seat)
        ));
        if let Some(end) = &self.grab_end_time {
            lines.push(format!("  grab ends  {}", clock(end)));
        }
        if let Some(reason) = &self.fail_reason {
            lines.push(format!("  failure    {reason}"));
        }
        let mut table = new_table(style, &["Passenger", "Type", "Certificate", "Price"]);
        for passenger in &self.passengers {
            table.add_row(vec![
                passenger.name.clone(),
                passenger.passenger_type.meaning.clone(),
                passenger.certificate_no.clone(),
                format!("¥{:.2}", passenger.ticket_price),
            ]);
        }
        let mut text = lines.join("\n");
        if !self.passengers.is_empty() {
            text.push_str(&format!("\n{table}"));
        }
        text.push_str(&history_text(&self.history));
        text
    }

    fn lines(&self) -> Vec<String> {
        vec![format!(
            "{}\t{}\t{}\t{}\t{}",
            self.out_order_no,
            self.order_no,
            self.state.code,
            self.trains,
            self.fail_reason.as_deref().unwrap_or("")
        )]
    }
}

fn main_note(main: &Option<String>) -> String {
    main.as_ref()
        .map(|main| format!(" (main {main})"))
        .unwrap_or_default()
}

/// `2026-12-30T09:02:00+08:00` as `2026-12-30 09:02`.
fn clock(iso: &str) -> String {
    iso.get(..16).unwrap_or(iso).replace('T', " ")
}

fn history_text(history: &[Event]) -> String {
    if history.is_empty() {
        return String::new();
    }
    let mut text = String::from("\nHistory:");
    for event in history {
        text.push_str(&format!(
            "\n  {}  {:<9}  {}{}",
            clock(&event.at),
            event.source,
            State::of_order(&event.state).label(),
            event
                .detail
                .as_ref()
                .map(|d| format!(": {d}"))
                .unwrap_or_default()
        ));
    }
    text
}

/// An order's tickets (orderDetail with issue=1).
#[derive(Debug, Clone, Serialize)]
pub struct TicketsView {
    pub out_order_no: String,
    pub order_no: String,
    pub state: State,
    pub train_no: String,
    pub from_station: String,
    pub to_station: String,
    pub departure: Option<String>,
    pub arrival: Option<String>,
    pub order_price: f64,
    pub tickets: Vec<TicketView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TicketView {
    pub passenger_name: String,
    /// Needed to refund this ticket.
    pub passenger_id: String,
    pub passenger_type: State,
    /// The identity document, when the answer names it (orderDetail's 1-based `idType`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    pub seat_class: State,
    pub coach: Option<String>,
    pub seat: Option<String>,
    pub ticket_no: Option<String>,
    pub price: f64,
    pub state: State,
}

impl TicketView {
    pub fn from_record(ticket: &TicketRecord) -> TicketView {
        let (coach, seat) = split_seat_no(ticket.seat_no.as_deref());
        TicketView {
            passenger_name: ticket.passenger_name.clone(),
            passenger_id: ticket.passenger_id.clone(),
            passenger_type: passenger_type(&ticket.passenger_type),
            document: None,
            seat_class: seat_class(&ticket.seat_class),
            coach,
            seat,
            ticket_no: ticket.ticket_no.clone(),
            price: ticket.price,
            state: State::of_ticket(&ticket.state),
        }
    }
}

pub fn passenger_type(code: &str) -> State {
    let meaning = dict::PassengerType::from_code(code).map_or("未知", |kind| kind.meaning());
    State {
        code: code.trim().to_string(),
        meaning: meaning.to_string(),
    }
}

/// A seat class given as a code (`secondseat`), a push's number (`4`) or already a name.
pub fn seat_class(code: &str) -> State {
    let meaning = dict::seat_class_name(code)
        .or_else(|| dict::seat_number_name(code))
        .unwrap_or(code);
    State {
        code: code.to_string(),
        meaning: meaning.to_string(),
    }
}

/// `07车厢,009号` into coach `07` and seat `009`.
pub fn split_seat_no(seat_no: Option<&str>) -> (Option<String>, Option<String>) {
    let Some(text) = seat_no.filter(|text| !text.trim().is_empty()) else {
        return (None, None);
    };
    match text.split_once(',') {
        Some((coach, seat)) => (
            Some(coach.trim().trim_end_matches("车厢").to_string()),
            Some(seat.trim().trim_end_matches('号').to_string()),
        ),
        None => (None, Some(text.trim().to_string())),
    }
}

impl Render for TicketsView {
    fn json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_default()
    }

    fn table(&self, style: &Style) -> String {
        let header = format!(
            "Order {} (orderNo {}): {}\n  {} {} → {}, {}{}  total ¥{:.2}",
            self.out_order_no,
            self.order_no,
            self.state.label(),
            self.train_no,
            self.from_station,
            self.to_station,
            self.departure.as_deref().map(clock).unwrap_or_default(),
            self.arrival
                .as_deref()
                .map(|a| format!(" → {}", clock(a)))
                .unwrap_or_default(),
            self.order_price,
        );
        let mut table = new_table(
            style,
            &[
                "Passenger",
                "PassengerId",
                "Type",
                "Seat class",
                "Coach",
                "Seat",
                "Ticket no",
                "Price",
                "State",
            ],
        );
        for ticket in &self.tickets {
            table.add_row(vec![
                ticket.passenger_name.clone(),
                ticket.passenger_id.clone(),
                ticket.passenger_type.meaning.clone(),
                ticket.seat_class.meaning.clone(),
                ticket.coach.clone().unwrap_or_default(),
                ticket.seat.clone().unwrap_or_default(),
                ticket.ticket_no.clone().unwrap_or_default(),
                format!("¥{:.2}", ticket.price),
                ticket.state.label(),
            ]);
        }
        format!("{header}\n{table}")
    }

    fn lines(&self) -> Vec<String> {
        self.tickets
            .iter()
            .map(|t| {
                format!(
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{:.2}\t{}",
                    self.out_order_no,
                    t.passenger_id,
                    t.passenger_name,
                    t.seat_class.code,
                    t.coach.as_deref().unwrap_or(""),
                    t.seat.as_deref().unwrap_or(""),
                    t.ticket_no.as_deref().unwrap_or(""),
                    t.price,
                    t.state.code
                )
            })
            .collect()
    }
}

/// The journal's orders with their last known state.
#[derive(Debug, Clone, Serialize)]
pub struct OrderListView {
    pub orders: Vec<OrderRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OrderRow {
    pub out_order_no: String,
    pub order_no: Option<String>,
    pub state: State,
    pub from_station: String,
    pub to_station: String,
    pub departure: String,
    pub trains: String,
    pub seats: String,
    /// Where the state was learned (submit, status, watch, push, …) and when.
    pub state_source: String,
    pub updated_at: String,
}

impl OrderRow {
    pub fn from_record(record: &OrderRecord) -> OrderRow {
        OrderRow {
            out_order_no: record.out_order_no.clone(),
            order_no: record.order_no.clone(),
            state: State::of_order(&record.state),
            from_station: record.from_station.clone(),
            to_station: record.to_station.clone(),
            departure: crate::dates::parse_vendor_datetime(&record.depart)
                .map_or_else(|| record.depart.clone(), crate::dates::iso_china),
            trains: record.trains.clone(),
            seats: record.seats.clone(),
            state_source: record.state_source.clone(),
            updated_at: record.updated_at.clone(),
        }
    }
}

impl Render for OrderListView {
    fn json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_default()
    }

    fn table(&self, style: &Style) -> String {
        if self.orders.is_empty() {
            return "No orders in the journal yet; create one with `grab grab`.".to_string();
        }
        let mut table = new_table(
            style,
            &[
                "Order",
                "State",
                "Route",
                "Departure",
                "Trains",
                "Seats",
                "Learned",
            ],
        );
        for row in &self.orders {
            table.add_row(vec![
                row.out_order_no.clone(),
                row.state.label(),
                format!("{}→{}", row.from_station, row.to_station),
                clock(&row.departure),
                row.trains.replace('|', ","),
                row.seats.replace('|', ","),
                format!("{} {}", row.state_source, clock(&row.updated_at)),
            ]);
        }
        table.to_string()
    }

    fn lines(&self) -> Vec<String> {
        self.orders
            .iter()
            .map(|row| {
                format!(
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    row.out_order_no,
                    row.order_no.as_deref().unwrap_or(""),
                    row.state.code,
                    row.from_station,
                    row.to_station,
                    row.departure,
                    row.state_source,
                    row.updated_at
                )
            })
            .collect()
    }
}
