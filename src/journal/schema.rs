//! The journal's schema as numbered steps; `PRAGMA user_version` records how many have run.
//! A new version appends a step and never edits an old one, so every journal ever written
//! upgrades in place.

use rusqlite::{Connection, TransactionBehavior};

const STEPS: [&str; 2] = [
    "CREATE TABLE orders (
         out_order_no TEXT PRIMARY KEY,
         order_no TEXT,
         state TEXT NOT NULL,
         from_station TEXT NOT NULL,
         to_station TEXT NOT NULL,
         depart TEXT NOT NULL,
         trains TEXT NOT NULL,
         seats TEXT NOT NULL,
         close_time TEXT NOT NULL,
         passengers TEXT NOT NULL,
         fail_reason TEXT,
         created_at TEXT NOT NULL,
         updated_at TEXT NOT NULL,
         state_source TEXT NOT NULL
     );
     CREATE TABLE events (
         id INTEGER PRIMARY KEY,
         out_order_no TEXT NOT NULL REFERENCES orders(out_order_no),
         at TEXT NOT NULL,
         source TEXT NOT NULL,
         state TEXT NOT NULL,
         detail TEXT
     );
     CREATE INDEX events_by_order ON events(out_order_no, id);
     CREATE TABLE tickets (
         out_order_no TEXT NOT NULL REFERENCES orders(out_order_no),
         passenger_id TEXT NOT NULL,
         passenger_name TEXT NOT NULL,
         passenger_type TEXT NOT NULL,
         seat_class TEXT NOT NULL,
         seat_no TEXT,
         ticket_no TEXT,
         price REAL NOT NULL,
         state TEXT NOT NULL,
         updated_at TEXT NOT NULL,
         PRIMARY KEY (out_order_no, passenger_id)
     );",
    "CREATE TABLE pushes (
         id INTEGER PRIMARY KEY,
         received_at TEXT NOT NULL,
         kind TEXT NOT NULL,
         out_order_no TEXT NOT NULL,
         order_no TEXT NOT NULL,
         msg_code TEXT NOT NULL,
         msg_info TEXT NOT NULL,
         known_order INTEGER NOT NULL,
         body TEXT NOT NULL UNIQUE
     );",
];

/// Runs the steps this journal lacks, each in an immediate transaction that re-reads the
/// version, so two processes opening a new journal at once run each step once.
pub fn migrate(connection: &Connection) -> rusqlite::Result<()> {
    loop {
        let transaction =
            rusqlite::Transaction::new_unchecked(connection, TransactionBehavior::Immediate)?;
        let version: usize =
            transaction.pragma_query_value(None, "user_version", |row| row.get(0))?;
        if version > STEPS.len() {
            return Err(rusqlite::Error::InvalidParameterName(format!(
                "journal schema {version} is newer than this grab understands ({}); upgrade grab",
                STEPS.len()
            )));
        }
        let Some(step) = STEPS.get(version) else {
            return Ok(());
        };
        transaction.execute_batch(step)?;
        transaction.pragma_update(None, "user_version", version + 1)?;
        transaction.commit()?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_journal_gets_every_step_once() {
        let connection = Connection::open_in_memory().unwrap();
        migrate(&connection).unwrap();
        migrate(&connection).unwrap();
        let version: usize = connection
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .unwrap();
        assert_eq!(version, STEPS.len());
    }

    #[test]
    fn a_journal_from_a_newer_grab_is_refused() {
        let connection = Connection::open_in_memory().unwrap();
        connection.pragma_update(None, "user_version", 99).unwrap();
        assert!(
            migrate(&connection)
                .unwrap_err()
                .to_string()
                .contains("newer")
        );
    }
}
