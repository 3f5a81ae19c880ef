//! The sandbox's state in SQLite: the queryKeys it issued, with the search each came from and
//! the trains it returned, so that later calls can be checked against them; and the orders
//! created from them (`orders`); callback URLs and push deliveries (`pushes`).
//!
//! The schema is versioned with `PRAGMA user_version`: `MIGRATIONS[n]` takes a database from
//! version n to n + 1, so later endpoints add their tables (orders, callback URLs) by appending
//! a step. The file is opened in WAL mode with a busy timeout, so several `grab` processes can
//! share one sandbox state, and migrations run in an immediate transaction, so two processes
//! starting together do not both apply a step.

mod orders;
mod pushes;

#[cfg(test)]
pub use orders::test_order;
pub use orders::{OrderDetails, OrderPassenger, OrderTrain, RefundRequest, StoredOrder};
pub use pushes::{AttemptResult, CallbackUrl};

use std::io;
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde_json::Value;

/// How long a queryKey stays good for submitOrder.
pub const QUERY_KEY_LIFETIME_SECONDS: i64 = 30 * 60;

/// Expired queryKeys are kept a day longer, so a late submit can be told "expired" rather
/// than "unknown", then dropped.
const EXPIRED_KEPT_SECONDS: i64 = 24 * 3600;

/// How long a write waits for another process holding the database.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

const MIGRATIONS: &[&str] = &[
    // 1: queryKeys. `trains` is the JSON array the search answered with.
    "CREATE TABLE query_keys (
        query_key   TEXT PRIMARY KEY,
        from_param  TEXT NOT NULL,
        to_param    TEXT NOT NULL,
        train_date  TEXT NOT NULL,
        ticket_type INTEGER NOT NULL,
        trains      TEXT NOT NULL,
        created_at  INTEGER NOT NULL,
        expires_at  INTEGER NOT NULL
    );
    CREATE INDEX query_keys_expiry ON query_keys (expires_at);",
    // 2: orders and refund requests. `details` is the JSON of `OrderDetails`; states are
    // derived, never stored.
    "CREATE TABLE orders (
        out_order_no TEXT PRIMARY KEY,
        order_no     TEXT NOT NULL UNIQUE,
        created_ms   INTEGER NOT NULL,
        cancelled_ms INTEGER,
        details      TEXT NOT NULL
    );
    CREATE TABLE refunds (
        out_order_no TEXT NOT NULL REFERENCES orders (out_order_no),
        passenger_id TEXT NOT NULL,
        requested_ms INTEGER NOT NULL,
        PRIMARY KEY (out_order_no, passenger_id)
    );",
    // 3: callback URLs, one per type, and one row per push event with its delivery state
    // ('sending', 'delivered' or 'given_up').
    "CREATE TABLE callback_urls (
        callback_type INTEGER PRIMARY KEY,
        url           TEXT NOT NULL,
        registered_ms INTEGER NOT NULL
    );
    CREATE TABLE pushes (
        event           TEXT PRIMARY KEY,
        state           TEXT NOT NULL,
        attempts        INTEGER NOT NULL,
        next_attempt_ms INTEGER NOT NULL,
        leased_until_ms INTEGER NOT NULL
    );",
];

/// A handle to the state database; clones share one connection.
#[derive(Clone)]
pub struct Store {
    connection: Arc<Mutex<Connection>>,
}

/// What a search remembers about itself.
#[derive(Debug, Clone, PartialEq)]
pub struct NewQuery {
    /// `from` as the request gave it.
    pub from: String,
    /// `to` as the request gave it.
    pub to: String,
    /// `yyyyMMdd`.
    pub train_date: String,
    /// The vendor's `type`: 1 normal, 2 student.
    pub ticket_type: u8,
    /// The `trains` array of the answer.
    pub trains: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StoredQuery {
    pub query_key: String,
    pub query: NewQuery,
    /// Unix seconds.
    pub created_at: i64,
    /// Unix seconds.
    pub expires_at: i64,
}

impl StoredQuery {
    pub fn is_expired(&self, now_unix: i64) -> bool {
        now_unix >= self.expires_at
    }
}

impl Store {
    /// Opens the state file, or a private in-memory database when `path` is `None`, and
    /// brings its schema up to date.
    pub fn open(path: Option<&Path>) -> io::Result<Store> {
        let mut connection = match path {
            Some(path) => Connection::open(path),
            None => Connection::open_in_memory(),
        }
        .map_err(|error| state_error(path, error))?;
        prepare(&mut connection).map_err(|error| state_error(path, error))?;
        Ok(Store {
            connection: Arc::new(Mutex::new(connection)),
        })
    }

    /// Issues a fresh queryKey (32 lowercase hex digits from SQLite's random source) for a
    /// search, and drops keys long expired.
    pub fn save_query(&self, query: &NewQuery, now_unix: i64) -> rusqlite::Result<String> {
        let connection = self.lock();
        connection.execute(
            "DELETE FROM query_keys WHERE expires_at < ?1",
            params![now_unix - EXPIRED_KEPT_SECONDS],
        )?;
        connection.query_row(
            "INSERT INTO query_keys
                (query_key, from_param, to_param, train_date, ticket_type, trains, created_at,
                 expires_at)
             VALUES (lower(hex(randomblob(16))), ?1, ?2, ?3, ?4, ?5, ?6, ?7)
             RETURNING query_key",
            params![
                query.from,
                query.to,
                query.train_date,
                query.ticket_type,
                query.trains.to_string(),
                now_unix,
                now_unix + QUERY_KEY_LIFETIME_SECONDS,
            ],
            |row| row.get(0),
        )
    }

    /// The search behind a queryKey, expired or not; `None` when it was never issued (or
    /// expired long ago).
    pub fn find_query(&self, query_key: &str) -> rusqlite::Result<Option<StoredQuery>> {
        self.lock()
            .query_row(
                "SELECT query_key, from_param, to_param, train_date, ticket_type, trains,
                        created_at, expires_at
                 FROM query_keys WHERE query_key = ?1",
                params![query_key],
                |row| {
                    let trains: String = row.get(5)?;
                    Ok(StoredQuery {
                        query_key: row.get(0)?,
                        query: NewQuery {
                            from: row.get(1)?,
                            to: row.get(2)?,
                            train_date: row.get(3)?,
                            ticket_type: row.get(4)?,
                            trains: serde_json::from_str(&trains).unwrap_or(Value::Null),
                        },
                        created_at: row.get(6)?,
                        expires_at: row.get(7)?,
                    })
                },
            )
            .optional()
    }

    /// The connection, even if a thread panicked while holding it: every change is one
    /// statement or transaction, so SQLite itself keeps the data consistent.
    fn lock(&self) -> MutexGuard<'_, Connection> {
        self.connection
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

fn prepare(connection: &mut Connection) -> rusqlite::Result<()> {
    connection.busy_timeout(BUSY_TIMEOUT)?;
    // An in-memory database answers "memory" and stays so; only files switch to WAL.
    let _mode: String = connection.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
    migrate(connection)
}

fn migrate(connection: &mut Connection) -> rusqlite::Result<()> {
    let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let version: usize = transaction.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if version > MIGRATIONS.len() {
        return Err(rusqlite::Error::InvalidQuery);
    }
    for (step, sql) in MIGRATIONS.iter().enumerate().skip(version) {
        transaction.execute_batch(sql)?;
        transaction.pragma_update(None, "user_version", step + 1)?;
    }
    transaction.commit()
}

fn state_error(path: Option<&Path>, error: rusqlite::Error) -> io::Error {
    let place = path.map_or_else(
        || "in memory".to_string(),
        |path| path.display().to_string(),
    );
    let detail = match error {
        rusqlite::Error::InvalidQuery => {
            "it was written by a newer grab; use that version or another state file".to_string()
        }
        other => other.to_string(),
    };
    io::Error::other(format!("sandbox state ({place}): {detail}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn search() -> NewQuery {
        NewQuery {
            from: "苏州".into(),
            to: "昆山".into(),
            train_date: "20261230".into(),
            ticket_type: 1,
            trains: json!([{ "trainNo": "G7066" }]),
        }
    }

    #[test]
    fn query_keys_are_fresh_lowercase_hex() {
        let store = Store::open(None).unwrap();
        let first = store.save_query(&search(), 1_000).unwrap();
        let second = store.save_query(&search(), 1_000).unwrap();
        assert_eq!(first.len(), 32);
        assert!(
            first
                .chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        );
        assert_ne!(first, second);
    }

    #[test]
    fn a_query_is_remembered_and_expires_after_thirty_minutes() {
        let store = Store::open(None).unwrap();
        let key = store.save_query(&search(), 1_000).unwrap();
        let found = store.find_query(&key).unwrap().unwrap();
        assert_eq!(found.query, search());
        assert!(!found.is_expired(1_000 + QUERY_KEY_LIFETIME_SECONDS - 1));
        assert!(found.is_expired(1_000 + QUERY_KEY_LIFETIME_SECONDS));
        assert_eq!(store.find_query("0123").unwrap(), None);
    }

    #[test]
    fn long_expired_keys_are_dropped() {
        let store = Store::open(None).unwrap();
        let old = store.save_query(&search(), 1_000).unwrap();
        store
            .save_query(&search(), 1_000 + 2 * EXPIRED_KEPT_SECONDS)
            .unwrap();
        assert_eq!(store.find_query(&old).unwrap(), None);
    }

    #[test]
    fn a_state_file_is_shared_between_opens_in_wal_mode() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sandbox.db");
        let key = Store::open(Some(&path))
            .unwrap()
            .save_query(&search(), 1_000)
            .unwrap();

        let reopened = Store::open(Some(&path)).unwrap();
        assert!(reopened.find_query(&key).unwrap().is_some());
        let mode: String = reopened
            .lock()
            .query_row("PRAGMA journal_mode", [], |row| row.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        let version: usize = reopened
            .lock()
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .unwrap();
        assert_eq!(version, MIGRATIONS.len());
    }

    #[test]
    fn a_state_file_from_a_newer_version_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sandbox.db");
        Connection::open(&path)
            .unwrap()
            .pragma_update(None, "user_version", 99)
            .unwrap();
        let error = Store::open(Some(&path)).err().unwrap();
        assert!(error.to_string().contains("newer grab"), "{error}");
    }
}
