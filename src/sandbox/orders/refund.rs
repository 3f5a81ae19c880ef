//! applyRefundOrder.php: asks for one ticket's refund. The answer only says the request was
//! taken; the ticket goes C (退票中), then T (已退票), or O (退票失败) for a `NOREFUND` order.
//!
//! As 12306 requires, a child's ticket goes before the adults' of the same order: an adult's
//! refund is refused while a child's ticket is still issued.

use serde_json::{Value, json};

use super::internal;
use super::lifecycle::TicketState;
use crate::sandbox::codes::{
    CHILD_TICKET_FIRST, ORDER_OR_PASSENGER_UNKNOWN, Refusal, TICKET_STATE_FORBIDS,
};
use crate::sandbox::params::Params;
use crate::sandbox::store::Store;

/// passengerType 2.
const CHILD: u8 = 2;

pub fn refund(store: &Store, params: &Params, now_ms: i64) -> Result<Value, Refusal> {
    let out_order_no = params
        .get("outOrderNo")
        .ok_or_else(|| Refusal::missing("订单号"))?;
    let passenger_id = params
        .get("passengerId")
        .ok_or_else(|| Refusal::missing("passengerId"))?;
    let order = store.find_order(out_order_no).map_err(internal)?;
    let (order, passenger) = order
        .and_then(|order| {
            let passenger = order
                .details
                .passengers
                .iter()
                .find(|passenger| passenger.passenger_id == passenger_id)
                .cloned()?;
            Some((order, passenger))
        })
        .ok_or_else(|| {
            Refusal::new(
                ORDER_OR_PASSENGER_UNKNOWN,
                "参数错误:订单号或passengerId不存在",
            )
        })?;

    let issued = |id: &str| order.ticket_state_at(id, now_ms) == TicketState::Issued;
    if !issued(passenger_id) {
        return Err(state_forbids());
    }
    let child_still_issued = order
        .details
        .passengers
        .iter()
        .any(|other| other.passenger_type == CHILD && issued(&other.passenger_id));
    if passenger.passenger_type != CHILD && child_still_issued {
        return Err(Refusal::new(
            CHILD_TICKET_FIRST,
            "订单中包含儿童票,如需退票请先退儿童票",
        ));
    }

    if !store
        .request_refund(out_order_no, passenger_id, now_ms)
        .map_err(internal)?
    {
        return Err(state_forbids());
    }
    Ok(json!({ "orderNo": order.order_no, "passengerId": passenger_id }))
}

fn state_forbids() -> Refusal {
    Refusal::new(TICKET_STATE_FORBIDS, "当前车票状态不允许执行此操作")
}
