//! How a sandbox order lives: its outcome, chosen by the outOrderNo, and its state at any
//! moment, derived from when it was created, cancelled or refunded and the sandbox's time scale.
//!
//! Nothing runs in the background to move an order along: every state is computed from stored
//! facts and the clock, so separate `grab --sandbox` processes sharing a state file agree.
//!
//! **Time scale.** `SandboxOptions::time_scale` is the number of simulated seconds per real
//! second (default 600), fixed per order when it is created. In simulated time an order is
//! N (抢票单已创建) for 10 minutes, then D (抢票中) until its outcome 30 minutes after creation;
//! when the departure is more than 15 days ahead it waits as B (未到开抢时间) for the first 10 of
//! those 20 minutes. A refund takes 10 simulated minutes (ticket C 退票中, then T 已退票). At the
//! default scale: N at once, D after 1 second (or B, then D after 2), the outcome after 3
//! seconds, a refund done 1 second after it was asked. An order still grabbing at its real
//! closeTime becomes O (已过期) then, whatever its outcome would have been.
//!
//! **Magic values.** The outcome is chosen by a word anywhere in the outOrderNo, in any case:
//!
//! | outOrderNo contains | outcome |
//! | --- | --- |
//! | (none of these) | F 已出票: tickets for every passenger |
//! | `FAIL` | U 出票失败, with the reason in failMsg |
//! | `EXPIRE` | O 已过期 at the outcome time |
//! | `HOLD` | stays D 抢票中 until its real closeTime, then O (to try cancelOrder) |
//! | `NOREFUND` | F 已出票, but each refund ends in ticket state O 退票失败 |
//! | `DROP` | the order is created, then the connection is closed without an answer |
//!
//! `DROP` combines with the others (`DROPFAIL01` is dropped and then fails);
//! `SandboxOptions::drop_after_submit` drops every submit the same way. When several outcome
//! words appear, the first of FAIL, EXPIRE, HOLD, NOREFUND in that order wins.

use serde::{Deserialize, Serialize};

use crate::sandbox::store::StoredOrder;

/// Simulated seconds from creation until grabbing starts (the end of N).
const CREATED_SECONDS: i64 = 10 * 60;

/// Simulated seconds spent in B before grabbing, for departures beyond the presale window.
const WAITING_SECONDS: i64 = 10 * 60;

/// Simulated seconds from creation until the outcome.
const OUTCOME_SECONDS: i64 = 30 * 60;

/// Simulated seconds from a refund request until the refund is done or refused.
const REFUND_SECONDS: i64 = 10 * 60;

/// 12306 sells tickets 15 days ahead; a grab for a later train waits for the sale to open.
const PRESALE_DAYS: i64 = 15;

/// What an order ends in, chosen at submit time from its outOrderNo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Issue,
    Fail,
    Expire,
    Hold,
    NoRefund,
}

impl Outcome {
    pub fn for_out_order_no(out_order_no: &str) -> Outcome {
        let upper = out_order_no.to_ascii_uppercase();
        let words = [
            ("FAIL", Outcome::Fail),
            ("EXPIRE", Outcome::Expire),
            ("HOLD", Outcome::Hold),
            ("NOREFUND", Outcome::NoRefund),
        ];
        words
            .into_iter()
            .find(|(word, _)| upper.contains(word))
            .map_or(Outcome::Issue, |(_, outcome)| outcome)
    }
}

/// The `DROP` fault switch in an outOrderNo.
pub fn asks_for_drop(out_order_no: &str) -> bool {
    out_order_no.to_ascii_uppercase().contains("DROP")
}

/// The vendor's orderStatus codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderStatus {
    Created,
    Waiting,
    Grabbing,
    Issued,
    Failed,
    Expired,
    Cancelled,
    Refunded,
}

impl OrderStatus {
    pub fn code(self) -> &'static str {
        match self {
            OrderStatus::Created => "N",
            OrderStatus::Waiting => "B",
            OrderStatus::Grabbing => "D",
            OrderStatus::Issued => "F",
            OrderStatus::Failed => "U",
            OrderStatus::Expired => "O",
            OrderStatus::Cancelled => "C",
            OrderStatus::Refunded => "T",
        }
    }

    /// The words orderDetail's issued shape uses (已出票 in the sample, shorter than the
    /// dictionary's 抢票成功(出票成功)).
    pub fn words(self) -> &'static str {
        match self {
            OrderStatus::Created => "抢票单已创建",
            OrderStatus::Waiting => "未到开抢时间",
            OrderStatus::Grabbing => "抢票中",
            OrderStatus::Issued => "已出票",
            OrderStatus::Failed => "出票失败",
            OrderStatus::Expired => "已过期",
            OrderStatus::Cancelled => "已取消",
            OrderStatus::Refunded => "已退票",
        }
    }

    /// Still grabbing, so it can be cancelled.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            OrderStatus::Created | OrderStatus::Waiting | OrderStatus::Grabbing
        )
    }

    pub fn has_tickets(self) -> bool {
        matches!(self, OrderStatus::Issued | OrderStatus::Refunded)
    }
}

/// The vendor's ticketStateCode values a sandbox ticket goes through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TicketState {
    NotIssued,
    Issued,
    Refunding,
    Refunded,
    RefundFailed,
}

impl TicketState {
    pub fn code(self) -> &'static str {
        match self {
            TicketState::NotIssued => "N",
            TicketState::Issued => "F",
            TicketState::Refunding => "C",
            TicketState::Refunded => "T",
            TicketState::RefundFailed => "O",
        }
    }

    pub fn words(self) -> &'static str {
        match self {
            TicketState::NotIssued => "未出票",
            TicketState::Issued => "已出票",
            TicketState::Refunding => "退票中",
            TicketState::Refunded => "已退票",
            TicketState::RefundFailed => "退票失败",
        }
    }
}

/// When the grab ends and how: at the outcome time, or earlier at the real closeTime.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GrabEnd {
    pub at_ms: i64,
    pub status: OrderStatus,
}

impl StoredOrder {
    /// Real milliseconds that `simulated_seconds` take at this order's scale.
    fn real_ms(&self, simulated_seconds: i64) -> i64 {
        simulated_seconds * 1000 / i64::from(self.details.time_scale.max(1))
    }

    /// When grabbing starts: after N, and after B for a train beyond the presale window.
    fn grab_start_ms(&self) -> i64 {
        let created = self.created_ms + self.real_ms(CREATED_SECONDS);
        let presale_opens_ms = self.details.train.departs_ms - PRESALE_DAYS * 24 * 3600 * 1000;
        if self.created_ms < presale_opens_ms {
            created + self.real_ms(WAITING_SECONDS)
        } else {
            created
        }
    }

    /// How the grab ends when nobody cancels it.
    pub fn grab_end(&self) -> GrabEnd {
        let outcome_ms = self.created_ms + self.real_ms(OUTCOME_SECONDS);
        let close_ms = self.details.close_ms;
        let status = match self.details.outcome {
            Outcome::Issue | Outcome::NoRefund => OrderStatus::Issued,
            Outcome::Fail => OrderStatus::Failed,
            Outcome::Expire => OrderStatus::Expired,
            Outcome::Hold => OrderStatus::Expired,
        };
        if self.details.outcome == Outcome::Hold || close_ms < outcome_ms {
            return GrabEnd {
                at_ms: close_ms,
                status: OrderStatus::Expired,
            };
        }
        GrabEnd {
            at_ms: outcome_ms,
            status,
        }
    }

    /// The order's status at `now_ms` (Unix milliseconds).
    pub fn status_at(&self, now_ms: i64) -> OrderStatus {
        if self
            .cancelled_ms
            .is_some_and(|cancelled| cancelled <= now_ms)
        {
            return OrderStatus::Cancelled;
        }
        let end = self.grab_end();
        if now_ms >= end.at_ms {
            return self.settled_status(end.status, now_ms);
        }
        if now_ms < self.created_ms + self.real_ms(CREATED_SECONDS) {
            OrderStatus::Created
        } else if now_ms < self.grab_start_ms() {
            OrderStatus::Waiting
        } else {
            OrderStatus::Grabbing
        }
    }

    /// An issued order whose every ticket is refunded reads T.
    fn settled_status(&self, ended: OrderStatus, now_ms: i64) -> OrderStatus {
        let all_refunded = self.details.passengers.iter().all(|passenger| {
            self.ticket_state_at(&passenger.passenger_id, now_ms) == TicketState::Refunded
        });
        if ended == OrderStatus::Issued && all_refunded {
            OrderStatus::Refunded
        } else {
            ended
        }
    }

    /// When an issued order got its tickets; `None` for any other end.
    pub fn issued_ms(&self) -> Option<i64> {
        let end = self.grab_end();
        let cancelled_first = self.cancelled_ms.is_some_and(|at| at < end.at_ms);
        (end.status == OrderStatus::Issued && !cancelled_first).then_some(end.at_ms)
    }

    /// When a refund asked at `requested_ms` is done (or refused).
    pub fn refund_done_ms(&self, requested_ms: i64) -> i64 {
        requested_ms + self.real_ms(REFUND_SECONDS)
    }

    /// One passenger's ticket at `now_ms`.
    pub fn ticket_state_at(&self, passenger_id: &str, now_ms: i64) -> TicketState {
        let issued = self.issued_ms().is_some_and(|at| at <= now_ms);
        if !issued {
            return TicketState::NotIssued;
        }
        let refund = self
            .refunds
            .iter()
            .find(|refund| refund.passenger_id == passenger_id);
        match refund {
            None => TicketState::Issued,
            Some(refund) if now_ms < self.refund_done_ms(refund.requested_ms) => {
                TicketState::Refunding
            }
            Some(_) if self.details.outcome == Outcome::NoRefund => TicketState::RefundFailed,
            Some(_) => TicketState::Refunded,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::store::test_order;

    const SECOND: i64 = 1000;
    const DAY: i64 = 24 * 3600 * SECOND;

    #[test]
    fn magic_words_choose_the_outcome_in_any_case() {
        assert_eq!(Outcome::for_out_order_no("2026120301"), Outcome::Issue);
        assert_eq!(Outcome::for_out_order_no("abcfail01"), Outcome::Fail);
        assert_eq!(Outcome::for_out_order_no("EXPIRE0001"), Outcome::Expire);
        assert_eq!(Outcome::for_out_order_no("hold123"), Outcome::Hold);
        assert_eq!(Outcome::for_out_order_no("NoRefund9"), Outcome::NoRefund);
        assert_eq!(Outcome::for_out_order_no("FAILHOLD"), Outcome::Fail);
        assert!(asks_for_drop("dropfail01") && !asks_for_drop("2026120301"));
    }

    #[test]
    fn a_default_order_is_issued_three_seconds_after_creation() {
        let order = test_order("2026120301", 0, 5 * DAY);
        assert_eq!(order.status_at(0), OrderStatus::Created);
        assert_eq!(order.status_at(999), OrderStatus::Created);
        assert_eq!(order.status_at(SECOND), OrderStatus::Grabbing);
        assert_eq!(order.status_at(2_999), OrderStatus::Grabbing);
        assert_eq!(order.status_at(3 * SECOND), OrderStatus::Issued);
        assert_eq!(order.issued_ms(), Some(3 * SECOND));
    }

    #[test]
    fn a_train_beyond_the_presale_window_waits_in_b() {
        let order = test_order("2026120301", 0, 20 * DAY);
        assert_eq!(order.status_at(SECOND), OrderStatus::Waiting);
        assert_eq!(order.status_at(2 * SECOND), OrderStatus::Grabbing);
        assert_eq!(order.status_at(3 * SECOND), OrderStatus::Issued);
    }

    #[test]
    fn failed_expired_and_held_orders_end_without_tickets() {
        let failed = test_order("fail0001", 0, 5 * DAY);
        assert_eq!(failed.status_at(3 * SECOND), OrderStatus::Failed);
        assert_eq!(failed.issued_ms(), None);
        let expired = test_order("expire01", 0, 5 * DAY);
        assert_eq!(expired.status_at(3 * SECOND), OrderStatus::Expired);

        let mut held = test_order("hold0001", 0, 5 * DAY);
        held.details.close_ms = 60 * SECOND;
        assert_eq!(held.status_at(59 * SECOND), OrderStatus::Grabbing);
        assert_eq!(held.status_at(60 * SECOND), OrderStatus::Expired);
    }

    #[test]
    fn an_order_still_grabbing_at_its_close_time_expires() {
        let mut order = test_order("2026120301", 0, 5 * DAY);
        order.details.close_ms = 2 * SECOND;
        assert_eq!(order.status_at(2 * SECOND), OrderStatus::Expired);
        assert_eq!(order.issued_ms(), None);
    }

    #[test]
    fn a_cancelled_order_stays_cancelled() {
        let mut order = test_order("2026120301", 0, 5 * DAY);
        order.cancelled_ms = Some(500);
        assert_eq!(order.status_at(400), OrderStatus::Created);
        assert_eq!(order.status_at(500), OrderStatus::Cancelled);
        assert_eq!(order.status_at(10 * SECOND), OrderStatus::Cancelled);
        assert_eq!(order.issued_ms(), None);
    }

    #[test]
    fn refunds_go_through_c_to_t_and_the_order_to_t_when_all_are_done() {
        let mut order = test_order("2026120301", 0, 5 * DAY);
        let id = order.details.passengers[0].passenger_id.clone();
        assert_eq!(
            order.ticket_state_at(&id, 2 * SECOND),
            TicketState::NotIssued
        );
        assert_eq!(order.ticket_state_at(&id, 3 * SECOND), TicketState::Issued);
        for passenger in &order.details.passengers {
            order.refunds.push(crate::sandbox::store::RefundRequest {
                passenger_id: passenger.passenger_id.clone(),
                requested_ms: 4 * SECOND,
            });
        }
        assert_eq!(
            order.ticket_state_at(&id, 4 * SECOND),
            TicketState::Refunding
        );
        assert_eq!(order.status_at(4 * SECOND), OrderStatus::Issued);
        assert_eq!(
            order.ticket_state_at(&id, 5 * SECOND),
            TicketState::Refunded
        );
        assert_eq!(order.status_at(5 * SECOND), OrderStatus::Refunded);

        order.details.outcome = Outcome::NoRefund;
        assert_eq!(
            order.ticket_state_at(&id, 5 * SECOND),
            TicketState::RefundFailed
        );
        assert_eq!(order.status_at(5 * SECOND), OrderStatus::Issued);
    }

    #[test]
    fn a_faster_scale_shortens_every_step() {
        let mut order = test_order("2026120301", 0, 5 * DAY);
        order.details.time_scale = 6000;
        assert_eq!(order.status_at(100), OrderStatus::Grabbing);
        assert_eq!(order.status_at(300), OrderStatus::Issued);
    }
}
