//! Diagnostics on stderr: warnings, and the `-v` request log. stdout is never touched here.
//!
//! The verbosity is set once from the resolved context; every layer may then report
//! through these functions without knowing about flags.

use std::io::Write;
use std::sync::atomic::{AtomicU8, Ordering};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    /// `-q`: errors only.
    Quiet = 0,
    Normal = 1,
    /// `-v`: every request and response too.
    Verbose = 2,
}

static VERBOSITY: AtomicU8 = AtomicU8::new(Verbosity::Normal as u8);

pub fn set_verbosity(verbosity: Verbosity) {
    VERBOSITY.store(verbosity as u8, Ordering::Relaxed);
}

pub fn verbose_enabled() -> bool {
    VERBOSITY.load(Ordering::Relaxed) >= Verbosity::Verbose as u8
}

pub fn normal_enabled() -> bool {
    VERBOSITY.load(Ordering::Relaxed) >= Verbosity::Normal as u8
}

/// A warning the user should see unless they asked for quiet.
pub fn warn(message: &str) {
    if normal_enabled() {
        let _ = writeln!(std::io::stderr(), "grab: warning: {message}");
    }
}

/// A progress note (e.g. where the sandbox listens), hidden by `-q`.
pub fn note(message: &str) {
    if normal_enabled() {
        let _ = writeln!(std::io::stderr(), "grab: {message}");
    }
}

/// A `-v` line; callers mask secrets before they get here (see `redact`).
pub fn verbose(message: &str) {
    if verbose_enabled() {
        let _ = writeln!(std::io::stderr(), "grab: {message}");
    }
}
