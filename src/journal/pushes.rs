//! Pushes in the journal: each kept once, and what it tells applied to its order.

use rusqlite::{OptionalExtension, params};

use super::{Journal, Source, insert_event, journal_error};
use crate::dates;
use crate::error::Error;
use crate::push::{Push, PushPassenger};

impl Journal {
    /// Records a push and what it tells: the order's state, its tickets. A push delivered
    /// again (the vendor retries until it hears `success`) is recognised by its body and
    /// changes nothing. Pushes for orders not in the journal are kept too, flagged.
    pub fn record_push(&mut self, push: &Push) -> Result<PushRecorded, Error> {
        let path = self.path.clone();
        let transaction = self.write().map_err(|e| journal_error(&path, e))?;
        let recorded = apply_push(&transaction, push).and_then(|recorded| {
            transaction.commit()?;
            Ok(recorded)
        });
        recorded.map_err(|e| journal_error(&path, e))
    }

    /// Every push received, oldest first.
    #[cfg(test)]
    pub fn pushes(&self) -> Result<Vec<PushRecord>, Error> {
        let sql =
            "SELECT received_at, kind, out_order_no, order_no, msg_code, msg_info, known_order
                   FROM pushes ORDER BY id";
        self.query(sql, [], |row| {
            Ok(PushRecord {
                received_at: row.get(0)?,
                kind: row.get(1)?,
                out_order_no: row.get(2)?,
                order_no: row.get(3)?,
                msg_code: row.get(4)?,
                msg_info: row.get(5)?,
                known_order: row.get(6)?,
            })
        })
    }
}

/// What recording a push did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PushRecorded {
    /// The same push was recorded before; nothing changed.
    pub duplicate: bool,
    /// The push's outOrderNo is in the journal.
    pub known_order: bool,
}

#[cfg(test)]
#[derive(Debug, Clone)]
pub struct PushRecord {
    pub received_at: String,
    pub kind: String,
    pub out_order_no: String,
    pub order_no: String,
    pub msg_code: String,
    pub msg_info: String,
    pub known_order: bool,
}

fn apply_push(
    transaction: &rusqlite::Transaction<'_>,
    push: &Push,
) -> rusqlite::Result<PushRecorded> {
    let now = dates::china_now_iso();
    let known_order = transaction
        .query_row(
            "SELECT 1 FROM orders WHERE out_order_no = ?1",
            [&push.out_order_no],
            |_| Ok(()),
        )
        .optional()?
        .is_some();
    let inserted = transaction.execute(
        "INSERT INTO pushes (received_at, kind, out_order_no, order_no, msg_code, msg_info, known_order, body)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT(body) DO NOTHING",
        params![now, push.kind.name(), push.out_order_no, push.order_no, push.msg_code, push.msg_info, known_order, push.raw],
    )?;
    if inserted == 0 || !known_order {
        return Ok(PushRecorded {
            duplicate: inserted == 0,
            known_order,
        });
    }

    let detail = match &push.msg_detail {
        Some(detail) => format!("{} {}: {detail}", push.msg_code, push.msg_info),
        None => format!("{} {}", push.msg_code, push.msg_info),
    };
    if let Some(ticket_state) = push.kind.ticket_state() {
        for passenger in push
            .passengers
            .iter()
            .filter(|p| !p.passenger_id.is_empty())
        {
            upsert_push_ticket(
                transaction,
                &push.out_order_no,
                passenger,
                ticket_state,
                &now,
            )?;
        }
    }
    let order_state = push
        .kind
        .order_state()
        .map(String::from)
        .or_else(|| all_refunded(transaction, push));
    // A refund push changes a ticket, not the order, until the last ticket is refunded; its
    // event is named after the push so the history still shows it.
    let state = order_state.unwrap_or_else(|| push.kind.name().to_string());
    if push.kind.order_state().is_some() || state == "T" {
        transaction.execute(
            "UPDATE orders SET state = ?2, updated_at = ?3, state_source = ?4,
                 order_no = COALESCE(order_no, NULLIF(?5, '')),
                 fail_reason = CASE WHEN ?2 IN ('U', 'O') THEN ?6 ELSE fail_reason END
             WHERE out_order_no = ?1",
            params![
                push.out_order_no,
                state,
                now,
                Source::Push.name(),
                push.order_no,
                detail
            ],
        )?;
    }
    insert_event(
        transaction,
        &push.out_order_no,
        &now,
        Source::Push,
        &state,
        Some(&detail),
    )?;
    Ok(PushRecorded {
        duplicate: false,
        known_order,
    })
}

fn upsert_push_ticket(
    transaction: &rusqlite::Transaction<'_>,
    out_order_no: &str,
    passenger: &PushPassenger,
    state: &str,
    now: &str,
) -> rusqlite::Result<()> {
    transaction.execute(
        "INSERT INTO tickets (out_order_no, passenger_id, passenger_name, passenger_type, seat_class,
             seat_no, ticket_no, price, state, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT(out_order_no, passenger_id) DO UPDATE SET
             seat_no = COALESCE(excluded.seat_no, seat_no),
             ticket_no = COALESCE(excluded.ticket_no, ticket_no),
             state = excluded.state, updated_at = excluded.updated_at",
        params![
            out_order_no,
            passenger.passenger_id,
            passenger.passenger_name,
            passenger.passenger_type,
            passenger.seat_class,
            passenger.seat_no,
            passenger.ticket_no,
            passenger.price,
            state,
            now
        ],
    )?;
    Ok(())
}

/// `T` when a refund push left every ticket of the order refunded.
fn all_refunded(transaction: &rusqlite::Transaction<'_>, push: &Push) -> Option<String> {
    if push.kind != crate::push::PushKind::Refunded {
        return None;
    }
    let remaining: i64 = transaction
        .query_row(
            "SELECT COUNT(*) FROM tickets WHERE out_order_no = ?1 AND state != 'T'",
            [&push.out_order_no],
            |row| row.get(0),
        )
        .ok()?;
    (remaining == 0).then(|| "T".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::orders::tests::new_order;

    fn push_from(fixture: &str, out_order_no: &str) -> Push {
        let body = fixture
            .replace("2016113006", out_order_no)
            .replace("2016113005", out_order_no);
        crate::push::decode(body.as_bytes(), None).unwrap()
    }

    #[test]
    fn an_issue_push_sets_the_state_and_keeps_the_tickets_once() {
        let dir = tempfile::tempdir().unwrap();
        let mut journal = Journal::open(dir.path()).unwrap();
        journal.record_intent(&new_order("GRAB000005")).unwrap();
        let push = push_from(
            include_str!("../../tests/fixtures/push_issued.json"),
            "GRAB000005",
        );

        let first = journal.record_push(&push).unwrap();
        assert_eq!(
            first,
            PushRecorded {
                duplicate: false,
                known_order: true
            }
        );
        let again = journal.record_push(&push).unwrap();
        assert!(again.duplicate);

        let order = journal.order("GRAB000005").unwrap().unwrap();
        assert_eq!(
            (order.state.as_str(), order.state_source.as_str()),
            ("F", "push")
        );
        assert_eq!(
            journal.tickets("GRAB000005").unwrap()[0].passenger_id,
            "615151438"
        );
        assert_eq!(journal.pushes().unwrap().len(), 1);
        let push_events = journal
            .events("GRAB000005")
            .unwrap()
            .into_iter()
            .filter(|e| e.source == "push")
            .count();
        assert_eq!(push_events, 1);
    }

    #[test]
    fn a_refund_push_refunds_the_ticket_and_then_the_order() {
        let dir = tempfile::tempdir().unwrap();
        let mut journal = Journal::open(dir.path()).unwrap();
        journal.record_intent(&new_order("GRAB000006")).unwrap();
        journal
            .record_push(&push_from(
                include_str!("../../tests/fixtures/push_issued.json"),
                "GRAB000006",
            ))
            .unwrap();
        journal
            .record_push(&push_from(
                include_str!("../../tests/fixtures/push_refunded.json"),
                "GRAB000006",
            ))
            .unwrap();
        assert_eq!(journal.tickets("GRAB000006").unwrap()[0].state, "T");
        assert_eq!(journal.order("GRAB000006").unwrap().unwrap().state, "T");
    }

    #[test]
    fn a_push_for_an_unknown_order_is_kept_and_flagged() {
        let dir = tempfile::tempdir().unwrap();
        let mut journal = Journal::open(dir.path()).unwrap();
        let push = push_from(
            include_str!("../../tests/fixtures/push_expired.json"),
            "ELSEWHERE1",
        );
        let recorded = journal.record_push(&push).unwrap();
        assert!(!recorded.known_order && !recorded.duplicate);
        assert!(!journal.pushes().unwrap()[0].known_order);
    }
}
