//! The only writer of stdout. Results arrive as values that know how to render themselves
//! three ways: a table for a person at a terminal, one tab-separated line per record for a
//! pipe (no header, no borders, no colour), and one JSON document with `--json`.
//!
//! stdout carries results only; everything else goes to stderr through `diag`. A closed pipe
//! surfaces as `Error::Output` with `BrokenPipe`, which `main` turns into a quiet success.

mod dict;
mod order;
mod push;
mod search;
mod table;

use std::io::Write;

use serde::Serialize;

use crate::error::Error;
use crate::sanitize::{for_terminal, one_line};

pub use dict::DictView;
pub use order::{
    DryRunView, OrderListView, OrderPassengerView, OrderRow, OrderView, State, SubmittedView,
    TicketView, TicketsView, passenger_type, seat_class, split_seat_no,
};
pub use push::{PushEventView, PushTicketView};
pub use search::{BerthPrices, Coded, SearchView, SeatState, SeatView, TrainView};

/// How stdout is to be written, decided once by the context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    pub json: bool,
    /// stdout is a terminal: tables and friendly forms.
    pub terminal: bool,
    pub color: bool,
}

/// A result value that can be printed.
pub trait Render {
    /// The document `--json` prints: the project's own shape, never the vendor's.
    fn json(&self) -> serde_json::Value;
    /// What a person reads at a terminal.
    fn table(&self, style: &Style) -> String;
    /// One record per line, fields separated by tabs.
    fn lines(&self) -> Vec<String>;
}

pub struct Printer {
    pub style: Style,
}

impl Printer {
    pub fn new(style: Style) -> Printer {
        Printer { style }
    }

    pub fn print(&self, value: &impl Render) -> Result<(), Error> {
        if self.style.json {
            return self.print_json(&value.json());
        }
        if self.style.terminal {
            return write_stdout(&format!("{}\n", for_terminal(&value.table(&self.style))));
        }
        let mut text = String::new();
        for line in value.lines() {
            text.push_str(&one_line(&line));
            text.push('\n');
        }
        write_stdout(&text)
    }

    /// One line, at once: for commands that report as they go (`watch` on a pipe).
    pub fn line(&self, text: &str) -> Result<(), Error> {
        write_stdout(&format!("{}\n", one_line(text)))
    }

    pub fn print_json(&self, value: &impl Serialize) -> Result<(), Error> {
        let text =
            serde_json::to_string_pretty(value).map_err(|e| Error::Internal(e.to_string()))?;
        write_stdout(&format!("{text}\n"))
    }
}

fn write_stdout(text: &str) -> Result<(), Error> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(Error::Output)
}
