//! `grab cancel`: stops a grab order. The vendor cannot restart a cancelled grab, so this
//! asks first unless `--yes`.

use serde::Serialize;

use crate::cli::CancelArgs;
use crate::commands::confirm;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::journal::{Journal, Source};
use crate::output::{Render, State, Style};

#[derive(Debug, Serialize)]
struct CancelledView {
    out_order_no: String,
    order_no: String,
    state: State,
}

impl Render for CancelledView {
    fn json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_default()
    }

    fn table(&self, _style: &Style) -> String {
        format!(
            "Order {} cancelled (orderNo {}).",
            self.out_order_no, self.order_no
        )
    }

    fn lines(&self) -> Vec<String> {
        vec![format!(
            "{}\t{}\t{}",
            self.out_order_no, self.order_no, self.state.code
        )]
    }
}

pub async fn run(ctx: &Context, args: &CancelArgs) -> Result<()> {
    let order = super::order_arg(&args.order)?;
    confirm::ensure_can_confirm(ctx, "cancelling an order")?;
    let client = ctx.client()?;
    let mut journal = Journal::open(&ctx.data_dir)?;

    let summary = format!("Cancel grab order {order}? A cancelled grab cannot be restarted.");
    if !confirm::confirm(ctx, &summary, "Cancel it?")? {
        return Err(Error::usage("not confirmed; nothing was sent"));
    }
    let cancelled = client.cancel_order(order).await?;
    journal.record_state(order, "C", Source::Cancel, None)?;
    ctx.printer.print(&CancelledView {
        out_order_no: order.to_string(),
        order_no: cancelled.order_no,
        state: State::of_order("C"),
    })
}
