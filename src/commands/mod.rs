//! One module per subcommand. Each turns arguments and the resolved context into API calls
//! and a result value, and prints only through `output`.

pub mod callback;
pub mod cancel;
mod confirm;
pub mod dict;
pub mod grab;
pub mod listen;
mod order_plan;
mod passengers;
pub mod refund;
pub mod sandbox;
pub mod search;
pub mod status;
pub mod watch;

use crate::cli::{CallbackCommand, Command};
use crate::context::Context;
use crate::error::Result;

/// An ORDER argument: an outOrderNo as the vendor defines it, checked before it is sent.
fn order_arg(text: &str) -> Result<&str> {
    let order = text.trim();
    crate::validate::out_order_no(order).map_err(crate::error::Error::Usage)?;
    Ok(order)
}

pub async fn dispatch(ctx: &Context, command: &Command) -> Result<()> {
    match command {
        Command::Search(args) => search::run(ctx, args).await,
        Command::Dict(args) => dict::run(ctx, args).await,
        Command::Grab(args) => grab::run(ctx, args).await,
        Command::Status(args) => status::run(ctx, args).await,
        Command::Watch(args) => watch::run(ctx, args).await,
        Command::Cancel(args) => cancel::run(ctx, args).await,
        Command::Refund(args) => refund::run(ctx, args).await,
        Command::Callback(CallbackCommand::Set(args)) => callback::set(ctx, args).await,
        Command::Callback(CallbackCommand::Listen(args)) => listen::run(ctx, args).await,
        Command::Sandbox(args) => sandbox::run(ctx, args).await,
    }
}
