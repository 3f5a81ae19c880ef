//! Callback URLs and push deliveries in the sandbox state.
//!
//! A URL is kept per callback type, a later registration replacing the earlier. A push is one
//! row per event, created when a process first claims it: claiming happens in an immediate
//! transaction with a lease, so when several processes share the state file exactly one of
//! them sends each attempt, and an event once delivered or given up is never sent again.

use std::collections::HashSet;

use rusqlite::{OptionalExtension, TransactionBehavior, params};

use super::Store;

/// A registered callback URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallbackUrl {
    /// 1 issue results, 2 refunds, 3 grab expiry.
    pub callback_type: u8,
    pub url: String,
    pub registered_ms: i64,
}

/// How one attempt went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttemptResult {
    pub delivered: bool,
    pub now_ms: i64,
    /// When to try again after a failure.
    pub retry_in_ms: i64,
    /// Attempts in all before giving up.
    pub max_attempts: i64,
}

impl Store {
    pub fn set_callback_url(
        &self,
        callback_type: u8,
        url: &str,
        now_ms: i64,
    ) -> rusqlite::Result<()> {
        self.lock().execute(
            "INSERT INTO callback_urls (callback_type, url, registered_ms) VALUES (?1, ?2, ?3)
             ON CONFLICT (callback_type) DO UPDATE SET url = ?2, registered_ms = ?3",
            params![callback_type, url, now_ms],
        )?;
        Ok(())
    }

    pub fn callback_urls(&self) -> rusqlite::Result<Vec<CallbackUrl>> {
        let connection = self.lock();
        let mut statement =
            connection.prepare("SELECT callback_type, url, registered_ms FROM callback_urls")?;
        let urls = statement.query_map([], |row| {
            Ok(CallbackUrl {
                callback_type: row.get(0)?,
                url: row.get(1)?,
                registered_ms: row.get(2)?,
            })
        })?;
        urls.collect()
    }

    /// Events delivered or given up: nothing more to do for them.
    pub fn settled_pushes(&self) -> rusqlite::Result<HashSet<String>> {
        let connection = self.lock();
        let mut statement =
            connection.prepare("SELECT event FROM pushes WHERE state != 'sending'")?;
        let events = statement.query_map([], |row| row.get(0))?;
        events.collect()
    }

    /// Takes the next attempt of `event` for this process until `now_ms + lease_ms`; `false`
    /// when it is settled, waiting for its retry time, or leased by someone else.
    pub fn claim_push(&self, event: &str, now_ms: i64, lease_ms: i64) -> rusqlite::Result<bool> {
        let mut connection = self.lock();
        let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let row: Option<(String, i64, i64)> = transaction
            .query_row(
                "SELECT state, next_attempt_ms, leased_until_ms FROM pushes WHERE event = ?1",
                params![event],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .optional()?;
        let claimable = match row {
            None => true,
            Some((state, next_attempt_ms, leased_until_ms)) => {
                state == "sending" && next_attempt_ms <= now_ms && leased_until_ms <= now_ms
            }
        };
        if claimable {
            transaction.execute(
                "INSERT INTO pushes (event, state, attempts, next_attempt_ms, leased_until_ms)
                 VALUES (?1, 'sending', 0, ?2, ?3)
                 ON CONFLICT (event) DO UPDATE SET leased_until_ms = ?3",
                params![event, now_ms, now_ms + lease_ms],
            )?;
        }
        transaction.commit()?;
        Ok(claimable)
    }

    /// Records an attempt: delivered, given up after the last one, or due again later.
    pub fn finish_push(&self, event: &str, result: AttemptResult) -> rusqlite::Result<()> {
        self.lock().execute(
            "UPDATE pushes SET
                attempts = attempts + 1,
                state = CASE
                    WHEN ?2 THEN 'delivered'
                    WHEN attempts + 1 >= ?5 THEN 'given_up'
                    ELSE 'sending' END,
                next_attempt_ms = ?3 + ?4,
                leased_until_ms = 0
             WHERE event = ?1",
            params![
                event,
                result.delivered,
                result.now_ms,
                result.retry_in_ms,
                result.max_attempts
            ],
        )?;
        Ok(())
    }

    /// An event's push row, `(state, attempts)`, for tests and diagnostics.
    pub fn push_state(&self, event: &str) -> rusqlite::Result<Option<(String, i64)>> {
        self.lock()
            .query_row(
                "SELECT state, attempts FROM pushes WHERE event = ?1",
                params![event],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attempt(delivered: bool, now_ms: i64) -> AttemptResult {
        AttemptResult {
            delivered,
            now_ms,
            retry_in_ms: 2000,
            max_attempts: 4,
        }
    }

    #[test]
    fn a_later_registration_replaces_the_url_of_its_type() {
        let store = Store::open(None).unwrap();
        store.set_callback_url(1, "http://a.example/1", 10).unwrap();
        store.set_callback_url(1, "http://b.example/1", 20).unwrap();
        store.set_callback_url(2, "http://a.example/2", 30).unwrap();
        let mut urls = store.callback_urls().unwrap();
        urls.sort_by_key(|url| url.callback_type);
        assert_eq!(urls.len(), 2);
        assert_eq!(
            (urls[0].url.as_str(), urls[0].registered_ms),
            ("http://b.example/1", 20)
        );
    }

    #[test]
    fn a_claimed_push_is_not_claimed_again_until_its_lease_or_retry_time() {
        let store = Store::open(None).unwrap();
        assert!(store.claim_push("issue:a", 0, 1000).unwrap());
        assert!(!store.claim_push("issue:a", 500, 1000).unwrap());
        store.finish_push("issue:a", attempt(false, 600)).unwrap();
        assert!(!store.claim_push("issue:a", 2000, 1000).unwrap());
        assert!(store.claim_push("issue:a", 2600, 1000).unwrap());
        store.finish_push("issue:a", attempt(true, 2700)).unwrap();
        assert!(!store.claim_push("issue:a", 99_999, 1000).unwrap());
        assert_eq!(
            store.push_state("issue:a").unwrap(),
            Some(("delivered".to_string(), 2))
        );
        assert!(store.settled_pushes().unwrap().contains("issue:a"));
    }

    #[test]
    fn a_push_is_given_up_after_the_last_attempt() {
        let store = Store::open(None).unwrap();
        for round in 0..4 {
            let now = round * 10_000;
            assert!(store.claim_push("expire:a", now, 1000).unwrap());
            store.finish_push("expire:a", attempt(false, now)).unwrap();
        }
        assert_eq!(
            store.push_state("expire:a").unwrap(),
            Some(("given_up".to_string(), 4))
        );
        assert!(!store.claim_push("expire:a", 1_000_000, 1000).unwrap());
    }
}
