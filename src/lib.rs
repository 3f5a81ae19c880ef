//! `grab`: a command-line client for the Juhe 火车票抢票 (grabTicket) API.
//!
//! Layers, each using only those below it: `cli` (clap definitions) → `context` (every
//! environment, config and terminal decision, made once) → `commands` (one module per
//! subcommand) → `output` (the only writer of stdout) and `api` (the thin HTTP layer); leaf
//! modules `config`, `dict`, `stations`, `dates`, `redact`, `sanitize`, `diag` hold no HTTP;
//! `sandbox` is the simulated vendor and shares only data with the client.

pub mod api;
pub mod cli;
pub mod commands;
pub mod config;
pub mod context;
pub mod dates;
pub mod diag;
pub mod dict;
pub mod error;
pub mod journal;
pub mod output;
pub mod push;
pub mod redact;
pub mod sandbox;
pub mod sanitize;
pub mod stations;
pub mod validate;

use clap::Parser;

use crate::cli::{Cli, Command};
use crate::context::{Context, Environment};
use crate::error::{Error, ExitCode};

/// Parses the command line, runs the command, and reports any error on one line of stderr.
pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return report_usage(&error),
    };
    let _ = rustls::crypto::ring::default_provider().install_default();
    install_panic_report();

    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            return report(&Error::Internal(format!(
                "cannot start the async runtime: {error}"
            )));
        }
    };
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        runtime.block_on(execute(cli))
    }));
    match outcome {
        Ok(Ok(())) => ExitCode::Done,
        Ok(Err(error)) => report(&error),
        Err(_) => ExitCode::Internal,
    }
}

/// A panic is a bug, never an answer: one line that says so, then exit 1 (see `run`).
fn install_panic_report() {
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        eprintln!(
            "grab: internal error{place}: {} (a bug: please report it)",
            sanitize::one_line(&message)
        );
    }));
}

async fn execute(cli: Cli) -> Result<(), Error> {
    let mut ctx = Context::resolve(&cli.global, &Environment::capture())?;
    let _sandbox = if cli.global.sandbox && !matches!(cli.command, Command::Sandbox(_)) {
        let running = commands::sandbox::start_in_process(&ctx).await?;
        ctx.use_sandbox(running.endpoint(), sandbox::SANDBOX_KEY);
        Some(running)
    } else {
        None
    };
    commands::dispatch(&ctx, &cli.command).await
}

/// Help and version go out as clap writes them; a usage mistake is one line on stderr.
fn report_usage(error: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = error.print();
            ExitCode::Done
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = error.print();
            ExitCode::Usage
        }
        _ => {
            eprintln!("grab: {} (see --help)", clap_message(error));
            ExitCode::Usage
        }
    }
}

/// clap's message without its usage block, on one line.
fn clap_message(error: &clap::Error) -> String {
    let text = error.to_string();
    let lines: Vec<&str> = text
        .lines()
        .take_while(|line| !line.starts_with("Usage:") && !line.starts_with("For more information"))
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect();
    lines.join(" ").trim_start_matches("error: ").to_string()
}

fn report(error: &Error) -> ExitCode {
    if let Error::Output(io) = error {
        if io.kind() == std::io::ErrorKind::BrokenPipe {
            return ExitCode::Done;
        }
    }
    eprintln!("grab: {}", sanitize::one_line(&error.to_string()));
    error.exit_code()
}
