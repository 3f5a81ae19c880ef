//! `grab callback listen`: a receiver for Juhe's pushes.
//!
//! It answers `success` only after the push is in the journal, so the vendor retries any
//! push that was not recorded; a push delivered twice is recorded once. Each new push is one
//! line on stdout and, with `--exec`, one run of a command with the push's JSON on stdin,
//! in the order received. Bodies that are too large or not pushes get 400 and a warning;
//! the receiver keeps running. Ctrl-C stops it after the push in hand.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::routing::post;
use tokio::io::AsyncWriteExt;
use tokio::sync::mpsc;

use crate::cli::ListenArgs;
use crate::context::Context;
use crate::dates;
use crate::diag;
use crate::error::{Error, Result};
use crate::journal::Journal;
use crate::output::{Printer, PushEventView, Style};
use crate::push::{self, MAX_PUSH_BYTES};

/// Pushes waiting for their `--exec` run; a slow command delays the runs, never the answers.
const EXEC_QUEUE: usize = 256;

struct Receiver {
    journal: Mutex<Journal>,
    style: Style,
    exec_queue: Option<mpsc::Sender<String>>,
}

pub async fn run(ctx: &Context, args: &ListenArgs) -> Result<()> {
    let addr: SocketAddr = args.addr.parse().map_err(|_| {
        Error::usage(format!(
            "invalid --addr `{}`: give IP:PORT, like 127.0.0.1:9000",
            args.addr
        ))
    })?;
    let path = push_path(&args.path, args.token.as_deref())?;
    if !addr.ip().is_loopback() {
        diag::warn(&format!(
            "listening on {addr}, reachable from other machines; anyone who can reach it can post pushes{}",
            if args.token.is_none() {
                " (add --token to make the URL unguessable)"
            } else {
                ""
            }
        ));
    }
    let journal = Journal::open(&ctx.data_dir)?;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| Error::usage(format!("cannot listen on {addr}: {e}")))?;
    let bound = listener
        .local_addr()
        .map_err(|e| Error::Internal(e.to_string()))?;

    let (exec_queue, exec_worker) = match &args.exec {
        Some(command) => {
            let (sender, receiver) = mpsc::channel(EXEC_QUEUE);
            (
                Some(sender),
                Some(tokio::spawn(run_commands(command.clone(), receiver))),
            )
        }
        None => (None, None),
    };
    let receiver = Arc::new(Receiver {
        journal: Mutex::new(journal),
        style: ctx.printer.style,
        exec_queue,
    });
    let app = Router::new()
        .route(&path, post(receive))
        .layer(DefaultBodyLimit::max(MAX_PUSH_BYTES))
        .with_state(receiver);

    let shown_path = if args.token.is_some() {
        format!("{}/…", args.path.trim_end_matches('/'))
    } else {
        path.clone()
    };
    diag::note(&format!(
        "listening for pushes at http://{bound}{shown_path} (Ctrl-C stops)"
    ));
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| Error::Internal(format!("push receiver: {e}")))?;

    if let Some(worker) = exec_worker {
        let _ = worker.await;
    }
    diag::note("stopped");
    Ok(())
}

fn push_path(path: &str, token: Option<&str>) -> Result<String> {
    let path = format!("/{}", path.trim().trim_matches('/'));
    let plain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '_' | '.' | '~');
    if !path.chars().all(plain) || path.contains("//") {
        return Err(Error::usage(format!(
            "invalid --path `{path}`: use letters, digits and - _ . ~ between slashes, like /grab/push"
        )));
    }
    let Some(token) = token else { return Ok(path) };
    if token.is_empty()
        || !token
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(Error::usage("--token takes letters, digits, - and _ only"));
    }
    Ok(format!("{}/{token}", path.trim_end_matches('/')))
}

async fn receive(
    State(receiver): State<Arc<Receiver>>,
    headers: HeaderMap,
    body: std::result::Result<Bytes, BytesRejection>,
) -> (StatusCode, &'static str) {
    let Ok(body) = body else {
        diag::warn(&format!("refused a push body over {MAX_PUSH_BYTES} bytes"));
        return (StatusCode::BAD_REQUEST, "body too large");
    };
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok());
    let push = match push::decode(&body, content_type) {
        Ok(push) => push,
        Err(problem) => {
            diag::warn(&format!("refused a request that is not a push: {problem}"));
            return (StatusCode::BAD_REQUEST, "not a push");
        }
    };

    let receiver_for_record = Arc::clone(&receiver);
    let push_for_record = push.clone();
    let recorded = tokio::task::spawn_blocking(move || {
        let mut journal = receiver_for_record
            .journal
            .lock()
            .map_err(|_| Error::Internal("journal lock poisoned".into()))?;
        journal.record_push(&push_for_record)
    })
    .await;
    let recorded = match recorded {
        Ok(Ok(recorded)) => recorded,
        Ok(Err(error)) => {
            diag::warn(&format!(
                "could not record a push for {}: {error}",
                push.out_order_no
            ));
            return (StatusCode::INTERNAL_SERVER_ERROR, "not recorded");
        }
        Err(error) => {
            diag::warn(&format!("could not record a push: {error}"));
            return (StatusCode::INTERNAL_SERVER_ERROR, "not recorded");
        }
    };
    if recorded.duplicate {
        diag::note(&format!(
            "{} push for {} received again; already recorded",
            push.kind.name(),
            push.out_order_no
        ));
        return (StatusCode::OK, "success");
    }

    let event = PushEventView::new(&push, dates::china_now_iso(), recorded.known_order);
    announce(&receiver, &event).await;
    (StatusCode::OK, "success")
}

async fn announce(receiver: &Receiver, event: &PushEventView) {
    let line = if receiver.style.json {
        event.json_line()
    } else if receiver.style.terminal {
        event.row()
    } else {
        event.tab_line()
    };
    if let Err(error) = Printer::new(receiver.style).line(&line) {
        diag::warn(&format!("cannot print the push: {error}"));
    }

    if let Some(queue) = &receiver.exec_queue {
        if queue.send(event.json_line()).await.is_err() {
            diag::warn("the --exec runner has stopped; this push runs no command");
        }
    }
}

/// Runs `command` once per push, in order, with the push's JSON on stdin.
async fn run_commands(command: String, mut queue: mpsc::Receiver<String>) {
    while let Some(json) = queue.recv().await {
        if let Err(problem) = run_command(&command, &json).await {
            diag::warn(&format!("--exec `{command}`: {problem}"));
        }
    }
}

/// Runs `command` with `json` on stdin. Its stdout goes to stderr: grab's stdout carries
/// one line per push and nothing else.
async fn run_command(command: &str, json: &str) -> std::result::Result<(), String> {
    let mut child = tokio::process::Command::new("sh")
        .arg("-c")
        .arg(command)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start: {e}"))?;
    if let Some(mut stdin) = child.stdin.take() {
        let payload = format!("{json}\n");
        stdin
            .write_all(payload.as_bytes())
            .await
            .map_err(|e| format!("cannot write the push: {e}"))?;
    }
    let output = child.wait_with_output().await.map_err(|e| e.to_string())?;
    let said = String::from_utf8_lossy(&output.stdout);
    if !said.trim().is_empty() {
        diag::note(&format!("--exec said: {}", said.trim()));
    }
    if output.status.success() {
        Ok(())
    } else {
        Err(format!("exited with {}", output.status))
    }
}
