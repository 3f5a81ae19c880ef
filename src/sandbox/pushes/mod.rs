//! Pushes: the sandbox POSTs the reference's push bodies to the callback URLs registered with
//! addCallbackUrl.php, as Juhe does.
//!
//! A background task started with the server looks for due events a few times a second,
//! deriving them from the stored orders by the same rules as orderDetail (`events`). An event
//! is pushed when a URL of its type is registered and was registered by the time the event
//! happened (so registering a URL does not replay a state file's history). The receiver must
//! answer HTTP 200 with a body containing `success`; otherwise the push is tried again after
//! `SandboxOptions::push_retry_interval` (2 seconds by default), four attempts in all. Each
//! event is delivered at most once, even when several processes share the state file: every
//! attempt is claimed in the state first (`store::pushes`).
//!
//! The task scans every order on each pass, which is plenty for a sandbox's few hundred
//! orders and keeps the rules in one place.

mod callback;
mod events;
mod payloads;

use std::time::Duration;

use serde_json::Value;

use super::orders::clock;
use super::store::{AttemptResult, Store};

pub use callback::add_callback_url;

/// How often the task looks for due events.
const SCAN_INTERVAL: Duration = Duration::from_millis(250);

/// How long one push may take before it counts as failed.
const PUSH_TIMEOUT: Duration = Duration::from_secs(3);

/// How long a claimed attempt is reserved for this process: longer than a push can take, so
/// that only a process that died mid-push loses its claim.
const LEASE_MS: i64 = 10_000;

/// Attempts in all before an event is given up.
const MAX_ATTEMPTS: i64 = 4;

/// One claimed attempt.
struct Attempt {
    event: String,
    url: String,
    payload: Value,
}

/// Starts the push task in the background of the current tokio runtime.
pub fn start(store: Store, retry_interval: Duration) {
    tokio::spawn(async move {
        let Some(client) = http_client() else {
            return;
        };
        loop {
            tokio::time::sleep(SCAN_INTERVAL).await;
            for attempt in claim_due(&store).await {
                let delivered = send(&client, &attempt).await;
                record(&store, attempt.event, delivered, retry_interval).await;
            }
        }
    });
}

/// reqwest is built with no TLS provider of its own; the binary installs ring, and so does
/// this (a no-op when one is installed already) so that https callback URLs work in tests too.
fn http_client() -> Option<reqwest::Client> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    match reqwest::Client::builder().timeout(PUSH_TIMEOUT).build() {
        Ok(client) => Some(client),
        Err(error) => {
            eprintln!("grab sandbox: pushes are off, no HTTP client: {error}");
            None
        }
    }
}

/// The due events this process has claimed an attempt of.
async fn claim_due(store: &Store) -> Vec<Attempt> {
    let store = store.clone();
    let claimed = tokio::task::spawn_blocking(move || claim_due_now(&store, clock::now_ms()));
    match claimed.await {
        Ok(Ok(attempts)) => attempts,
        Ok(Err(error)) => {
            eprintln!("grab sandbox: cannot read pushes: {error}");
            Vec::new()
        }
        Err(_) => Vec::new(),
    }
}

fn claim_due_now(store: &Store, now_ms: i64) -> rusqlite::Result<Vec<Attempt>> {
    let urls = store.callback_urls()?;
    if urls.is_empty() {
        return Ok(Vec::new());
    }
    let settled = store.settled_pushes()?;

    let mut attempts = Vec::new();
    for order in store.orders()? {
        for event in events::due_events(&order, now_ms) {
            let url = urls.iter().find(|url| {
                url.callback_type == event.callback_type && url.registered_ms <= event.due_ms
            });
            let Some(url) = url else { continue };
            if settled.contains(&event.key) || !store.claim_push(&event.key, now_ms, LEASE_MS)? {
                continue;
            }
            attempts.push(Attempt {
                event: event.key,
                url: url.url.clone(),
                payload: event.payload,
            });
        }
    }
    Ok(attempts)
}

/// Delivered means HTTP 200 with `success` in the body.
async fn send(client: &reqwest::Client, attempt: &Attempt) -> bool {
    let response = client
        .post(&attempt.url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(attempt.payload.to_string())
        .send()
        .await;
    let Ok(response) = response else {
        return false;
    };
    if response.status() != reqwest::StatusCode::OK {
        return false;
    }
    response
        .text()
        .await
        .is_ok_and(|body| body.contains("success"))
}

async fn record(store: &Store, event: String, delivered: bool, retry_interval: Duration) {
    let store = store.clone();
    let result = AttemptResult {
        delivered,
        now_ms: clock::now_ms(),
        retry_in_ms: i64::try_from(retry_interval.as_millis()).unwrap_or(i64::MAX / 2),
        max_attempts: MAX_ATTEMPTS,
    };
    let saved = tokio::task::spawn_blocking(move || store.finish_push(&event, result)).await;
    if let Ok(Err(error)) = saved {
        eprintln!("grab sandbox: cannot record a push: {error}");
    }
}
