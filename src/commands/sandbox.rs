//! `grab sandbox`: serves the simulated Juhe API until interrupted.

use crate::cli::SandboxArgs;
use crate::context::Context;
use crate::diag;
use crate::error::{Error, Result};
use crate::sandbox::{self, SANDBOX_KEY, SandboxOptions};

pub async fn run(ctx: &Context, args: &SandboxArgs) -> Result<()> {
    let addr: std::net::SocketAddr = args.addr.parse().map_err(|_| {
        Error::usage(format!(
            "invalid --addr `{}`: give IP:PORT, like 127.0.0.1:8765",
            args.addr
        ))
    })?;
    if !addr.ip().is_loopback() {
        diag::warn(&format!(
            "the sandbox is listening on {addr}, which is reachable from other machines"
        ));
    }
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| Error::usage(format!("cannot listen on {addr}: {e}")))?;

    let state_path = args
        .state
        .clone()
        .unwrap_or_else(|| sandbox_state_path(ctx));
    create_parent(&state_path)?;
    let options = SandboxOptions {
        state_path: Some(state_path),
        request_log: args.request_log.clone(),
        time_scale: args.time_scale,
        drop_after_submit: args.drop_submits,
        ..SandboxOptions::default()
    };
    let running = sandbox::start(listener, options)
        .await
        .map_err(|e| Error::Internal(format!("sandbox: {e}")))?;
    diag::note(&format!(
        "sandbox listening; use it with: GRAB_ENDPOINT={} JUHE_KEY={SANDBOX_KEY} grab …  (Ctrl-C stops it)",
        running.endpoint()
    ));

    tokio::signal::ctrl_c()
        .await
        .map_err(|e| Error::Internal(format!("waiting for Ctrl-C: {e}")))?;
    diag::note("sandbox stopped");
    Ok(())
}

/// Where the sandbox keeps state between commands, beside the order journal.
pub fn sandbox_state_path(ctx: &Context) -> std::path::PathBuf {
    ctx.data_dir.join("sandbox.sqlite")
}

/// The sandbox behind `--sandbox`: an ephemeral loopback port, state in the data dir so that
/// one command's order is there for the next.
pub async fn start_in_process(ctx: &Context) -> Result<sandbox::RunningSandbox> {
    create_parent(&sandbox_state_path(ctx))?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|e| Error::Internal(format!("cannot start the sandbox: {e}")))?;
    let options = SandboxOptions {
        state_path: Some(sandbox_state_path(ctx)),
        ..SandboxOptions::default()
    };
    let running = sandbox::start(listener, options)
        .await
        .map_err(|e| Error::Internal(format!("sandbox: {e}")))?;
    diag::verbose(&format!("sandbox serving at {}", running.endpoint()));
    Ok(running)
}

fn create_parent(path: &std::path::Path) -> Result<()> {
    let Some(parent) = path
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
    else {
        return Ok(());
    };
    std::fs::create_dir_all(parent).map_err(|e| {
        Error::usage(format!(
            "cannot create {}: {e}; set GRAB_DATA_DIR or --state to a writable place",
            parent.display()
        ))
    })
}
