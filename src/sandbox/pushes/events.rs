//! The push events an order has reached by a given moment, derived by the same rules as its
//! orderDetail states: the issue result (F or U) and the expiry (O) when its grab ends, unless
//! it was cancelled first, and the result of each refund once the refund is done.

use serde_json::Value;

use super::payloads;
use crate::sandbox::orders::lifecycle::{OrderStatus, Outcome};
use crate::sandbox::store::StoredOrder;

/// addCallbackUrl's types.
pub const ISSUE_RESULTS: u8 = 1;
pub const REFUNDS: u8 = 2;
pub const GRAB_EXPIRY: u8 = 3;

/// One event to push: a stable key naming it, the URL type it goes to, when it happened, and
/// the body.
#[derive(Debug, Clone, PartialEq)]
pub struct DueEvent {
    pub key: String,
    pub callback_type: u8,
    pub due_ms: i64,
    pub payload: Value,
}

/// Every event of `order` that happened by `now_ms`.
pub fn due_events(order: &StoredOrder, now_ms: i64) -> Vec<DueEvent> {
    let mut events: Vec<DueEvent> = grab_end_event(order, now_ms).into_iter().collect();
    events.extend(refund_events(order, now_ms));
    events
}

fn grab_end_event(order: &StoredOrder, now_ms: i64) -> Option<DueEvent> {
    let end = order.grab_end();
    let cancelled_first = order.cancelled_ms.is_some_and(|at| at < end.at_ms);
    if cancelled_first || now_ms < end.at_ms {
        return None;
    }
    let (callback_type, kind, payload) = match end.status {
        OrderStatus::Issued => (ISSUE_RESULTS, "issue", payloads::issued(order, end.at_ms)),
        OrderStatus::Failed => (ISSUE_RESULTS, "issue", payloads::issue_failed(order)),
        OrderStatus::Expired => (GRAB_EXPIRY, "expire", payloads::expired(order)),
        _ => return None,
    };
    Some(DueEvent {
        key: format!("{kind}:{}", order.out_order_no),
        callback_type,
        due_ms: end.at_ms,
        payload,
    })
}

fn refund_events(order: &StoredOrder, now_ms: i64) -> impl Iterator<Item = DueEvent> + '_ {
    order.refunds.iter().filter_map(move |refund| {
        let done_ms = order.refund_done_ms(refund.requested_ms);
        let passenger = order
            .details
            .passengers
            .iter()
            .find(|passenger| passenger.passenger_id == refund.passenger_id)?;
        if now_ms < done_ms {
            return None;
        }
        let payload = if order.details.outcome == Outcome::NoRefund {
            payloads::refund_failed(order, passenger, done_ms)
        } else {
            payloads::refunded(order, passenger, done_ms)
        };
        Some(DueEvent {
            key: format!("refund:{}:{}", order.out_order_no, passenger.passenger_id),
            callback_type: REFUNDS,
            due_ms: done_ms,
            payload,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::store::{RefundRequest, test_order};

    const DAY: i64 = 24 * 3600 * 1000;

    fn keys(order: &StoredOrder, now_ms: i64) -> Vec<(String, u8)> {
        due_events(order, now_ms)
            .into_iter()
            .map(|event| (event.key, event.callback_type))
            .collect()
    }

    #[test]
    fn the_issue_result_is_due_when_the_grab_ends() {
        let order = test_order("2026120301", 0, 5 * DAY);
        assert!(keys(&order, 2999).is_empty());
        assert_eq!(keys(&order, 3000), [("issue:2026120301".to_string(), 1)]);
        assert_eq!(due_events(&order, 3000)[0].payload["msgCode"], "100");
        let failed = test_order("fail000001", 0, 5 * DAY);
        assert_eq!(due_events(&failed, 3000)[0].payload["msgInfo"], "出票失败");
    }

    #[test]
    fn an_expiry_goes_to_type_three_and_a_cancelled_order_pushes_nothing() {
        let expired = test_order("expire0001", 0, 5 * DAY);
        assert_eq!(keys(&expired, 3000), [("expire:expire0001".to_string(), 3)]);
        let mut cancelled = test_order("2026120301", 0, 5 * DAY);
        cancelled.cancelled_ms = Some(1500);
        assert!(keys(&cancelled, 10_000).is_empty());
    }

    #[test]
    fn a_refund_result_is_due_when_the_refund_is_done() {
        let mut order = test_order("norefund01", 0, 5 * DAY);
        let id = order.details.passengers[1].passenger_id.clone();
        order.refunds.push(RefundRequest {
            passenger_id: id.clone(),
            requested_ms: 4000,
        });
        assert_eq!(keys(&order, 4999).len(), 1);
        let events = due_events(&order, 5000);
        assert_eq!(events[1].key, format!("refund:norefund01:{id}"));
        assert_eq!(events[1].callback_type, 2);
        assert_eq!(events[1].payload["msgCode"], "101");
    }
}
