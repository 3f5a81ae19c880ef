//! The grab orders: submitOrder, orderDetail, cancelOrder and applyRefundOrder.
//!
//! Each endpoint is a plain function of the state, the request and the time, run on the
//! blocking pool since SQLite calls block. How an order lives (its outcome chosen by magic
//! words in the outOrderNo, its states on a scaled clock) is written in `lifecycle`.

mod cancel;
mod choice;
pub mod clock;
pub mod detail;
mod id_card;
pub mod lifecycle;
pub mod mask;
mod passengers;
mod random;
mod refund;
mod schedule;
mod submit;

use serde_json::Value;

use super::codes::{ORDER_NOT_FOUND, Refusal};
use super::params::Params;
use super::store::Store;

pub use submit::Submitted;

/// The sandbox options that shape orders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OrderSettings {
    /// Simulated seconds per real second.
    pub time_scale: u32,
    /// Drop the connection after every successful submit.
    pub drop_after_submit: bool,
}

/// An order the sandbox holds, as tests see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SandboxOrder {
    pub out_order_no: String,
    pub order_no: String,
    /// The vendor's status code now: N, B, D, F, U, O, C or T.
    pub status: String,
}

pub async fn submit(
    store: &Store,
    params: &Params,
    settings: OrderSettings,
) -> Result<Submitted, Refusal> {
    on_blocking_pool(store, params, move |store, params, now_ms| {
        submit::submit(store, params, &settings, now_ms)
    })
    .await
}

pub async fn detail(store: &Store, params: &Params) -> Result<Value, Refusal> {
    on_blocking_pool(store, params, order_detail).await
}

pub async fn cancel(store: &Store, params: &Params) -> Result<Value, Refusal> {
    on_blocking_pool(store, params, cancel::cancel).await
}

pub async fn refund(store: &Store, params: &Params) -> Result<Value, Refusal> {
    on_blocking_pool(store, params, refund::refund).await
}

/// Every order in the state with its status now; an unreadable state lists nothing.
pub fn list(store: &Store) -> Vec<SandboxOrder> {
    let now_ms = clock::now_ms();
    let orders = store.orders().unwrap_or_else(|error| {
        eprintln!("grab sandbox: cannot list orders: {error}");
        Vec::new()
    });
    orders
        .into_iter()
        .map(|order| SandboxOrder {
            status: order.status_at(now_ms).code().to_string(),
            out_order_no: order.out_order_no,
            order_no: order.order_no,
        })
        .collect()
}

/// `issue=1` asks for the issued shape; anything else for the pending one.
fn order_detail(store: &Store, params: &Params, now_ms: i64) -> Result<Value, Refusal> {
    let out_order_no = params
        .get("outOrderNo")
        .ok_or_else(|| Refusal::missing("订单号"))?;
    let order = store
        .find_order(out_order_no)
        .map_err(internal)?
        .ok_or_else(order_not_found)?;
    if params.get("issue") == Some("1") {
        Ok(detail::issued(&order, now_ms))
    } else {
        Ok(detail::pending(&order, now_ms))
    }
}

fn order_not_found() -> Refusal {
    Refusal::new(ORDER_NOT_FOUND, "该订单不存在")
}

fn internal(error: rusqlite::Error) -> Refusal {
    eprintln!("grab sandbox: order state: {error}");
    Refusal::internal()
}

/// Runs `job` on tokio's blocking pool with the time of the request.
async fn on_blocking_pool<T, F>(store: &Store, params: &Params, job: F) -> Result<T, Refusal>
where
    T: Send + 'static,
    F: FnOnce(&Store, &Params, i64) -> Result<T, Refusal> + Send + 'static,
{
    let store = store.clone();
    let params = params.clone();
    let now_ms = clock::now_ms();
    tokio::task::spawn_blocking(move || job(&store, &params, now_ms))
        .await
        .unwrap_or_else(|_| Err(Refusal::internal()))
}
