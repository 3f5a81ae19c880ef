//! `grab`: a command-line client for the Juhe 火车票抢票 (grabTicket) API.
//!
//! Layers, each using only those below it: `cli` (clap definitions) → `context` (every
//! environment, config and terminal decision, made once) → `commands` (one module per
//! subcommand) → `output` (the only writer of stdout) and `api` (the thin HTTP layer); leaf
//! modules `config`, `dict`, `stations`, `dates` hold no HTTP; `sandbox` is the simulated
//! vendor and shares only data with the client.

pub mod api;
pub mod dates;
pub mod dict;
pub mod error;
pub mod sandbox;
pub mod stations;
