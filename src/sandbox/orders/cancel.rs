//! cancelOrder.php: stops a grab order that is still grabbing (N, B or D); an order with
//! tickets, an ended or an already cancelled one answers 223801 抢票取消失败, as the reference's
//! sample does.

use serde_json::{Value, json};

use super::{internal, order_not_found};
use crate::sandbox::codes::{CANCEL_FAILED, Refusal};
use crate::sandbox::params::Params;
use crate::sandbox::store::Store;

pub fn cancel(store: &Store, params: &Params, now_ms: i64) -> Result<Value, Refusal> {
    let out_order_no = params
        .get("outOrderNo")
        .ok_or_else(|| Refusal::missing("订单号"))?;
    let order = store
        .find_order(out_order_no)
        .map_err(internal)?
        .ok_or_else(order_not_found)?;

    let cancelled = order.status_at(now_ms).is_open()
        && store.cancel_order(out_order_no, now_ms).map_err(internal)?;
    if !cancelled {
        return Err(Refusal::new(CANCEL_FAILED, "抢票取消失败"));
    }
    Ok(json!({ "orderNo": order.order_no }))
}
