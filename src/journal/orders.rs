//! Orders, their state history and their tickets in the journal.

use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::{
    Journal, REJECTED, SUBMITTING, Source, UNKNOWN, insert_event, is_final, journal_error,
};
use crate::dates;
use crate::error::Error;

/// What is known of an order before it is sent.
#[derive(Debug, Clone)]
pub struct NewOrder {
    pub out_order_no: String,
    pub from_station: String,
    pub to_station: String,
    pub depart: String,
    pub trains: String,
    pub seats: String,
    pub close_time: String,
    /// Names and ticket types only: the journal keeps no ID numbers.
    pub passengers: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OrderRecord {
    pub out_order_no: String,
    pub order_no: Option<String>,
    pub state: String,
    pub from_station: String,
    pub to_station: String,
    pub depart: String,
    pub trains: String,
    pub seats: String,
    pub close_time: String,
    pub passengers: Vec<String>,
    pub fail_reason: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    /// Where the current state was learned, and when.
    pub state_source: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Event {
    pub at: String,
    pub source: String,
    pub state: String,
    pub detail: Option<String>,
}

/// A ticket as last seen, from orderDetail with issue=1 or an issue push.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TicketRecord {
    pub passenger_id: String,
    pub passenger_name: String,
    pub passenger_type: String,
    pub seat_class: String,
    pub seat_no: Option<String>,
    pub ticket_no: Option<String>,
    pub price: f64,
    pub state: String,
}

/// Minutes after an unanswered submit at which "no such order" is believed.
const NOT_CREATED_AFTER_MINUTES: i64 = 10;

impl Journal {
    pub fn contains(&self, out_order_no: &str) -> Result<bool, Error> {
        let found = self
            .connection
            .query_row(
                "SELECT 1 FROM orders WHERE out_order_no = ?1",
                [out_order_no],
                |_| Ok(()),
            )
            .optional()
            .map_err(|e| self.error(e))?;
        Ok(found.is_some())
    }

    /// Records the intent to submit. Fails when the outOrderNo is already in the journal, which
    /// is what makes a second submit of one order impossible.
    pub fn record_intent(&mut self, order: &NewOrder) -> Result<(), Error> {
        let now = dates::china_now_iso();
        let passengers = serde_json::to_string(&order.passengers).unwrap_or_else(|_| "[]".into());
        let path = self.path.clone();
        let transaction = self.write().map_err(|e| journal_error(&path, e))?;
        let inserted = transaction.execute(
            "INSERT INTO orders (out_order_no, state, from_station, to_station, depart, trains, seats,
                 close_time, passengers, created_at, updated_at, state_source)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11)
             ON CONFLICT(out_order_no) DO NOTHING",
            params![
                order.out_order_no,
                SUBMITTING,
                order.from_station,
                order.to_station,
                order.depart,
                order.trains,
                order.seats,
                order.close_time,
                passengers,
                now,
                Source::Submit.name(),
            ],
        );
        let inserted = inserted.map_err(|e| journal_error(&path, e))?;
        if inserted == 0 {
            return Err(Error::usage(format!(
                "order number {} is already in the journal; choose another with --order-no",
                order.out_order_no
            )));
        }
        insert_event(
            &transaction,
            &order.out_order_no,
            &now,
            Source::Submit,
            SUBMITTING,
            None,
        )
        .and_then(|()| transaction.commit())
        .map_err(|e| journal_error(&path, e))
    }

    pub fn set_order_no(&mut self, out_order_no: &str, order_no: &str) -> Result<(), Error> {
        self.connection
            .execute(
                "UPDATE orders SET order_no = ?2 WHERE out_order_no = ?1",
                params![out_order_no, order_no],
            )
            .map(|_| ())
            .map_err(|e| self.error(e))
    }

    /// Records a state seen for an order, with its source and an optional detail (a failure
    /// reason, a push's message). Returns whether anything changed: the same state seen
    /// again (polling) leaves no second event, an order the journal does not hold is left
    /// alone, and an order the vendor has ended never goes back to an open state (a stale
    /// poll answered after a push).
    pub fn record_state(
        &mut self,
        out_order_no: &str,
        state: &str,
        source: Source,
        detail: Option<&str>,
    ) -> Result<bool, Error> {
        let now = dates::china_now_iso();
        let path = self.path.clone();
        let transaction = self.write().map_err(|e| journal_error(&path, e))?;
        let current: Option<String> = transaction
            .query_row(
                "SELECT state FROM orders WHERE out_order_no = ?1",
                [out_order_no],
                |row| row.get(0),
            )
            .optional()
            .map_err(|e| journal_error(&path, e))?;
        let Some(current) = current else {
            return Ok(false);
        };
        if current == state || (is_vendor_final(&current) && !is_final(state)) {
            return Ok(false);
        }

        transaction
            .execute(
                "UPDATE orders SET state = ?2, updated_at = ?3, state_source = ?4,
                     fail_reason = COALESCE(?5, fail_reason)
                 WHERE out_order_no = ?1",
                params![
                    out_order_no,
                    state,
                    now,
                    source.name(),
                    detail.filter(|_| is_failure(state))
                ],
            )
            .and_then(|_| insert_event(&transaction, out_order_no, &now, source, state, detail))
            .and_then(|()| transaction.commit())
            .map_err(|e| journal_error(&path, e))?;
        Ok(true)
    }

    /// Settles an order whose submit went unanswered and that the API says does not exist.
    /// Right after the submit that may only mean the vendor has not caught up, so it stays
    /// `unknown`; once `NOT_CREATED_AFTER_MINUTES` have passed it is recorded as never
    /// created. Returns whether it was settled.
    pub fn settle_missing(
        &mut self,
        out_order_no: &str,
        reason: &str,
        source: Source,
    ) -> Result<bool, Error> {
        let Some(order) = self.order(out_order_no)? else {
            return Ok(false);
        };
        if !matches!(order.state.as_str(), UNKNOWN | SUBMITTING) {
            return Ok(false);
        }
        let created = chrono::DateTime::parse_from_rfc3339(&order.created_at).ok();
        let waited = created.map(|created| dates::china_now() - created);
        if waited.is_none_or(|waited| waited < chrono::Duration::minutes(NOT_CREATED_AFTER_MINUTES))
        {
            return Ok(false);
        }
        let detail = format!("not created: orderDetail still says {reason}");
        self.record_state(out_order_no, REJECTED, source, Some(&detail))
    }

    /// Replaces what is known of an order's tickets with what the API or a push said.
    pub fn save_tickets(
        &mut self,
        out_order_no: &str,
        tickets: &[TicketRecord],
    ) -> Result<(), Error> {
        let now = dates::china_now_iso();
        let path = self.path.clone();
        let transaction = self.write().map_err(|e| journal_error(&path, e))?;
        for ticket in tickets {
            transaction
                .execute(
                    "INSERT INTO tickets (out_order_no, passenger_id, passenger_name, passenger_type, seat_class,
                         seat_no, ticket_no, price, state, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                     ON CONFLICT(out_order_no, passenger_id) DO UPDATE SET
                         passenger_name = excluded.passenger_name, passenger_type = excluded.passenger_type,
                         seat_class = excluded.seat_class,
                         seat_no = COALESCE(excluded.seat_no, seat_no),
                         ticket_no = COALESCE(excluded.ticket_no, ticket_no),
                         price = excluded.price, state = excluded.state, updated_at = excluded.updated_at",
                    params![
                        out_order_no,
                        ticket.passenger_id,
                        ticket.passenger_name,
                        ticket.passenger_type,
                        ticket.seat_class,
                        ticket.seat_no,
                        ticket.ticket_no,
                        ticket.price,
                        ticket.state,
                        now
                    ],
                )
                .map_err(|e| journal_error(&path, e))?;
        }
        transaction.commit().map_err(|e| journal_error(&path, e))
    }

    /// Sets one ticket's state (a refund requested, done or refused).
    pub fn set_ticket_state(
        &mut self,
        out_order_no: &str,
        passenger_id: &str,
        state: &str,
    ) -> Result<(), Error> {
        let now = dates::china_now_iso();
        self.connection
            .execute(
                "UPDATE tickets SET state = ?3, updated_at = ?4 WHERE out_order_no = ?1 AND passenger_id = ?2",
                params![out_order_no, passenger_id, state, now],
            )
            .map(|_| ())
            .map_err(|e| self.error(e))
    }

    pub fn order(&self, out_order_no: &str) -> Result<Option<OrderRecord>, Error> {
        self.connection
            .query_row(
                &format!("{ORDER_COLUMNS} WHERE out_order_no = ?1"),
                [out_order_no],
                order_from_row,
            )
            .optional()
            .map_err(|e| self.error(e))
    }

    /// Every order, newest first.
    pub fn orders(&self) -> Result<Vec<OrderRecord>, Error> {
        self.query(
            &format!("{ORDER_COLUMNS} ORDER BY created_at DESC, out_order_no"),
            [],
            order_from_row,
        )
    }

    pub fn events(&self, out_order_no: &str) -> Result<Vec<Event>, Error> {
        let sql =
            "SELECT at, source, state, detail FROM events WHERE out_order_no = ?1 ORDER BY id";
        self.query(sql, [out_order_no], |row| {
            Ok(Event {
                at: row.get(0)?,
                source: row.get(1)?,
                state: row.get(2)?,
                detail: row.get(3)?,
            })
        })
    }

    pub fn tickets(&self, out_order_no: &str) -> Result<Vec<TicketRecord>, Error> {
        let sql = "SELECT passenger_id, passenger_name, passenger_type, seat_class, seat_no, ticket_no, price, state
                   FROM tickets WHERE out_order_no = ?1 ORDER BY rowid";
        self.query(sql, [out_order_no], |row| {
            Ok(TicketRecord {
                passenger_id: row.get(0)?,
                passenger_name: row.get(1)?,
                passenger_type: row.get(2)?,
                seat_class: row.get(3)?,
                seat_no: row.get(4)?,
                ticket_no: row.get(5)?,
                price: row.get(6)?,
                state: row.get(7)?,
            })
        })
    }
}

const ORDER_COLUMNS: &str =
    "SELECT out_order_no, order_no, state, from_station, to_station, depart, trains, seats,
    close_time, passengers, fail_reason, created_at, updated_at, state_source FROM orders";

fn order_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<OrderRecord> {
    let passengers: String = row.get(9)?;
    Ok(OrderRecord {
        out_order_no: row.get(0)?,
        order_no: row.get(1)?,
        state: row.get(2)?,
        from_station: row.get(3)?,
        to_station: row.get(4)?,
        depart: row.get(5)?,
        trains: row.get(6)?,
        seats: row.get(7)?,
        close_time: row.get(8)?,
        passengers: serde_json::from_str(&passengers).unwrap_or_default(),
        fail_reason: row.get(10)?,
        created_at: row.get(11)?,
        updated_at: row.get(12)?,
        state_source: row.get(13)?,
    })
}

/// States in which the vendor has ended the order.
fn is_vendor_final(state: &str) -> bool {
    matches!(state, "F" | "U" | "O" | "C" | "T" | "E")
}

fn is_failure(state: &str) -> bool {
    matches!(state, "U" | "O" | REJECTED | UNKNOWN)
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    pub(in crate::journal) fn new_order(out_order_no: &str) -> NewOrder {
        NewOrder {
            out_order_no: out_order_no.into(),
            from_station: "苏州".into(),
            to_station: "昆山".into(),
            depart: "2026-12-30 09:02".into(),
            trains: "G7066".into(),
            seats: "secondseat".into(),
            close_time: "2026-12-30 07:02:00".into(),
            passengers: vec!["张三 (adult)".into()],
        }
    }

    #[test]
    fn an_order_number_can_be_recorded_only_once() {
        let dir = tempfile::tempdir().unwrap();
        let mut journal = Journal::open(dir.path()).unwrap();
        journal.record_intent(&new_order("GRAB000001")).unwrap();
        let again = journal.record_intent(&new_order("GRAB000001")).unwrap_err();
        assert!(again.to_string().contains("already in the journal"));
        assert_eq!(journal.orders().unwrap().len(), 1);
    }

    #[test]
    fn states_are_kept_with_their_source_and_history() {
        let dir = tempfile::tempdir().unwrap();
        let mut journal = Journal::open(dir.path()).unwrap();
        journal.record_intent(&new_order("GRAB000002")).unwrap();
        journal.set_order_no("GRAB000002", "TFT1").unwrap();
        journal
            .record_state("GRAB000002", "D", Source::Status, None)
            .unwrap();
        journal
            .record_state(
                "GRAB000002",
                "U",
                Source::Push,
                Some("乘客身份信息未通过验证"),
            )
            .unwrap();

        let order = journal.order("GRAB000002").unwrap().unwrap();
        assert_eq!(
            (order.state.as_str(), order.state_source.as_str()),
            ("U", "push")
        );
        assert_eq!(order.order_no.as_deref(), Some("TFT1"));
        assert_eq!(order.fail_reason.as_deref(), Some("乘客身份信息未通过验证"));
        let states: Vec<String> = journal
            .events("GRAB000002")
            .unwrap()
            .into_iter()
            .map(|e| e.state)
            .collect();
        assert_eq!(states, [SUBMITTING, "D", "U"]);
        assert!(
            !journal
                .record_state("NOSUCH", "D", Source::Push, None)
                .unwrap()
        );
    }

    #[test]
    fn the_journal_survives_reopening() {
        let dir = tempfile::tempdir().unwrap();
        Journal::open(dir.path())
            .unwrap()
            .record_intent(&new_order("GRAB000003"))
            .unwrap();
        let reopened = Journal::open(dir.path()).unwrap();
        assert!(reopened.contains("GRAB000003").unwrap());
    }

    #[test]
    fn tickets_are_upserted_by_passenger() {
        let dir = tempfile::tempdir().unwrap();
        let mut journal = Journal::open(dir.path()).unwrap();
        journal.record_intent(&new_order("GRAB000004")).unwrap();
        let mut ticket = TicketRecord {
            passenger_id: "623838773".into(),
            passenger_name: "张三".into(),
            passenger_type: "1".into(),
            seat_class: "secondseat".into(),
            seat_no: Some("07车厢,009号".into()),
            ticket_no: Some("E3450910341070009".into()),
            price: 9.0,
            state: "F".into(),
        };
        journal
            .save_tickets("GRAB000004", std::slice::from_ref(&ticket))
            .unwrap();
        ticket.state = "C".into();
        ticket.seat_no = None;
        journal
            .save_tickets("GRAB000004", std::slice::from_ref(&ticket))
            .unwrap();
        let saved = journal.tickets("GRAB000004").unwrap();
        assert_eq!(saved.len(), 1);
        assert_eq!(saved[0].state, "C");
        assert_eq!(
            saved[0].seat_no.as_deref(),
            Some("07车厢,009号"),
            "a later answer without a seat keeps it"
        );
    }
}
