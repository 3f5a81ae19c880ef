//! One module per subcommand. Each turns arguments and the resolved context into API calls
//! and a result value, and prints only through `output`.

pub mod dict;
pub mod sandbox;
pub mod search;

use crate::cli::Command;
use crate::context::Context;
use crate::error::Result;

pub async fn dispatch(ctx: &Context, command: &Command) -> Result<()> {
    match command {
        Command::Search(args) => search::run(ctx, args).await,
        Command::Dict(args) => dict::run(ctx, args).await,
        Command::Sandbox(args) => sandbox::run(ctx, args).await,
    }
}
