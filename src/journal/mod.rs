//! The order journal: the user's only record of the orders this machine created, since the
//! API cannot list them. Losing it means losing the ability to cancel or refund.
//!
//! An SQLite file in the data dir, WAL mode, one immediate transaction per change, so several
//! grab processes can share it. An order is written before submitOrder is sent (state
//! `submitting`) and its primary key is the outOrderNo, so no second intent with the same
//! number can ever be recorded. Every state seen afterwards is kept as an event with its time
//! and source.

mod orders;
mod pushes;
mod schema;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, TransactionBehavior, params};

use crate::error::Error;

pub use orders::{Event, NewOrder, OrderRecord, TicketRecord};
pub use pushes::PushRecorded;

const FILE_NAME: &str = "journal.sqlite";

/// Local states before the vendor has given one.
pub const SUBMITTING: &str = "submitting";
/// The submit's answer was lost and no orderDetail has settled it yet.
pub const UNKNOWN: &str = "unknown";
/// The API refused the submit: no order exists.
pub const REJECTED: &str = "rejected";

/// States after which the grab can change no more (tickets may still be refunded).
pub fn is_final(state: &str) -> bool {
    matches!(state, "F" | "U" | "O" | "C" | "T" | "E" | REJECTED)
}

/// Where a state was learned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Submit,
    Reconcile,
    Status,
    Watch,
    Cancel,
    Refund,
    Push,
}

impl Source {
    pub fn name(self) -> &'static str {
        match self {
            Source::Submit => "submit",
            Source::Reconcile => "reconcile",
            Source::Status => "status",
            Source::Watch => "watch",
            Source::Cancel => "cancel",
            Source::Refund => "refund",
            Source::Push => "push",
        }
    }
}

pub struct Journal {
    connection: Connection,
    path: PathBuf,
}

impl Journal {
    pub fn open(data_dir: &Path) -> Result<Journal, Error> {
        let unusable = |problem: String| {
            Error::DataDir(format!(
                "cannot use the data dir {}: {problem}; set GRAB_DATA_DIR to a writable folder",
                data_dir.display()
            ))
        };
        std::fs::create_dir_all(data_dir).map_err(|e| unusable(e.to_string()))?;
        let path = data_dir.join(FILE_NAME);
        let connection = Connection::open(&path).map_err(|e| unusable(e.to_string()))?;
        let journal = Journal { connection, path };
        journal
            .prepare()
            .map_err(|e| journal_error(&journal.path, e))?;
        Ok(journal)
    }

    fn prepare(&self) -> rusqlite::Result<()> {
        self.connection.busy_timeout(Duration::from_secs(15))?;
        self.connection.pragma_update(None, "journal_mode", "WAL")?;
        self.connection.pragma_update(None, "synchronous", "FULL")?;
        schema::migrate(&self.connection)
    }

    /// Runs a read and maps each row.
    fn query<T, P: rusqlite::Params>(
        &self,
        sql: &str,
        params: P,
        map: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>, Error> {
        let mut statement = self.connection.prepare(sql).map_err(|e| self.error(e))?;
        let rows = statement
            .query_map(params, map)
            .map_err(|e| self.error(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.error(e))
    }

    fn write(&mut self) -> rusqlite::Result<rusqlite::Transaction<'_>> {
        self.connection
            .transaction_with_behavior(TransactionBehavior::Immediate)
    }

    fn error(&self, error: rusqlite::Error) -> Error {
        journal_error(&self.path, error)
    }
}

fn insert_event(
    transaction: &rusqlite::Transaction<'_>,
    out_order_no: &str,
    at: &str,
    source: Source,
    state: &str,
    detail: Option<&str>,
) -> rusqlite::Result<()> {
    transaction
        .execute(
            "INSERT INTO events (out_order_no, at, source, state, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![out_order_no, at, source.name(), state, detail],
        )
        .map(|_| ())
}

fn journal_error(path: &Path, error: rusqlite::Error) -> Error {
    Error::Journal(format!("order journal {}: {error}", path.display()))
}
