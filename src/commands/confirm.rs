//! The one place that asks a person to confirm: skipped by `--yes`, refused without a
//! terminal (naming `--yes`), so a script never hangs on a prompt it cannot see.

use crate::context::Context;
use crate::error::{Error, Result};

/// Fails early, before anything is sent, when a confirmation will be needed and cannot be
/// asked.
pub fn ensure_can_confirm(ctx: &Context, action: &str) -> Result<()> {
    if ctx.assume_yes || ctx.interactive {
        return Ok(());
    }
    Err(Error::usage(format!(
        "{action} needs confirmation and there is no terminal to ask on; pass --yes"
    )))
}

/// Shows `summary` on stderr and asks; `Ok(false)` when the person says no.
pub fn confirm(ctx: &Context, summary: &str, question: &str) -> Result<bool> {
    ensure_can_confirm(ctx, question)?;
    if ctx.assume_yes {
        return Ok(true);
    }
    eprintln!("{summary}");
    dialoguer::Confirm::new()
        .with_prompt(question)
        .default(false)
        .interact()
        .map_err(|e| Error::Internal(format!("cannot read the answer: {e}")))
}
