//! `grab watch`: follows an order until it ends. On a terminal a spinner shows the current
//! state; on a pipe each change is one line. The exit code tells the outcome: 0 issued, 6
//! ended without tickets (failed, expired, cancelled).

use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;

use crate::api::ApiError;
use crate::cli::WatchArgs;
use crate::commands::status::fetch_pending;
use crate::context::Context;
use crate::dates;
use crate::diag;
use crate::error::{Error, Result};
use crate::journal::{Journal, Source};
use crate::output::State;

/// Transport failures in a row that a watch rides out before giving up: a long watch should
/// survive a network blip, not an outage.
const MAX_CONSECUTIVE_FAILURES: u32 = 5;
const MIN_INTERVAL: Duration = Duration::from_millis(200);

#[derive(Debug, Serialize)]
struct Change {
    at: String,
    state: State,
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<String>,
}

pub async fn run(ctx: &Context, args: &WatchArgs) -> Result<()> {
    let order = super::order_arg(&args.order)?;
    let interval = parse_interval(&args.interval)?;
    let client = ctx.client()?;
    let mut journal = Journal::open(&ctx.data_dir)?;
    let spinner = spinner(ctx);

    let mut changes: Vec<Change> = Vec::new();
    let mut failures = 0;
    let final_state = loop {
        match fetch_pending(&client, &mut journal, order, Source::Watch).await {
            Ok(detail) => {
                failures = 0;
                if changes
                    .last()
                    .is_none_or(|last| last.state.code != detail.status)
                {
                    let change = Change {
                        at: dates::china_now_iso(),
                        state: State::of_order(&detail.status),
                        detail: detail.fail_msg.clone(),
                    };
                    report_change(ctx, spinner.as_ref(), order, &change)?;
                    changes.push(change);
                }
                if has_ended(&detail.status) {
                    break detail.status;
                }
            }
            Err(Error::Api(error)) if is_passing(&error) => {
                failures += 1;
                if failures >= MAX_CONSECUTIVE_FAILURES {
                    return Err(Error::Api(error));
                }
                diag::warn(&format!(
                    "checking {} failed ({error}); trying again",
                    order
                ));
            }
            Err(other) => return Err(other),
        }
        tokio::time::sleep(interval).await;
    };

    if let Some(spinner) = spinner {
        spinner.finish_and_clear();
    }
    finish(ctx, order, &final_state, &changes)
}

/// A failure a long watch should ride out: the network, or the API saying "later".
fn is_passing(error: &ApiError) -> bool {
    !matches!(error, ApiError::Refused { .. }) || error.is_transient()
}

/// Issued (F) or beyond (refunded T, changed E) ends well; failed, expired, cancelled end
/// without tickets.
fn has_ended(state: &str) -> bool {
    matches!(state, "F" | "T" | "E" | "U" | "O" | "C")
}

fn spinner(ctx: &Context) -> Option<ProgressBar> {
    if !ctx.printer.style.terminal || ctx.printer.style.json || !diag::normal_enabled() {
        return None;
    }
    let spinner = ProgressBar::new_spinner();
    spinner.set_style(
        ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    spinner.enable_steady_tick(Duration::from_millis(120));
    Some(spinner)
}

fn report_change(
    ctx: &Context,
    spinner: Option<&ProgressBar>,
    order: &str,
    change: &Change,
) -> Result<()> {
    if let Some(spinner) = spinner {
        spinner.set_message(format!(
            "{order}: {} {}",
            change.state.code, change.state.meaning
        ));
        return Ok(());
    }
    if ctx.printer.style.json {
        return Ok(());
    }
    ctx.printer.line(&format!(
        "{}\t{order}\t{}\t{}{}",
        change.at,
        change.state.code,
        change.state.meaning,
        change
            .detail
            .as_ref()
            .map(|d| format!("\t{d}"))
            .unwrap_or_default()
    ))
}

fn finish(ctx: &Context, order: &str, state: &str, changes: &[Change]) -> Result<()> {
    let ended = State::of_order(state);
    if ctx.printer.style.json {
        ctx.printer.print_json(&serde_json::json!({
            "out_order_no": order,
            "state": ended,
            "issued": matches!(state, "F" | "T" | "E"),
            "changes": changes,
        }))?;
    } else if ctx.printer.style.terminal {
        ctx.printer
            .line(&format!("{order}: {} {}", ended.code, ended.meaning))?;
    }
    if matches!(state, "F" | "T" | "E") {
        return Ok(());
    }
    let reason = changes
        .last()
        .and_then(|c| c.detail.clone())
        .map(|d| format!(": {d}"))
        .unwrap_or_default();
    Err(Error::EndedWithoutTickets(format!(
        "order {order} ended without tickets ({} {}){reason}",
        ended.code, ended.meaning
    )))
}

/// `10s`, `1m`, `500ms`, or a bare number of seconds.
pub fn parse_interval(text: &str) -> Result<Duration> {
    let text = text.trim();
    let invalid = || {
        Error::usage(format!(
            "invalid --interval `{text}`: write 10s, 1m or 500ms"
        ))
    };
    let (number, unit) = match text.find(|c: char| !c.is_ascii_digit()) {
        Some(split) => text.split_at(split),
        None => (text, "s"),
    };
    let number: u64 = number.parse().map_err(|_| invalid())?;
    let interval = match unit {
        "ms" => Duration::from_millis(number),
        "s" => Duration::from_secs(number),
        "m" => Duration::from_secs(number.saturating_mul(60)),
        _ => return Err(invalid()),
    };
    if interval < MIN_INTERVAL {
        return Err(Error::usage(format!(
            "--interval {text} is too short; at least 200ms"
        )));
    }
    Ok(interval)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_read_seconds_minutes_and_milliseconds() {
        assert_eq!(parse_interval("10s").unwrap(), Duration::from_secs(10));
        assert_eq!(parse_interval("2m").unwrap(), Duration::from_secs(120));
        assert_eq!(parse_interval("500ms").unwrap(), Duration::from_millis(500));
        assert_eq!(parse_interval("3").unwrap(), Duration::from_secs(3));
        for bad in ["", "s", "10h", "-1s", "100ms", "1.5s"] {
            assert!(parse_interval(bad).is_err(), "{bad}");
        }
    }
}
