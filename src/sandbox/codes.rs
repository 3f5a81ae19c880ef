//! The error codes and reasons the sandbox refuses with, all in one place.
//!
//! Juhe answers a refusal with HTTP 200 and an envelope whose `error_code` is either a
//! platform-wide system code (10001 and friends, checked before the service sees the request)
//! or a grabTicket service code of the 2238xx family. The reference shows two service codes:
//! 223801 抢票取消失败 (cancelOrder) and 223804 参数错误:订单号或passengerId不存在
//! (applyRefundOrder), and the sandbox answers with those. The other service codes here are the
//! sandbox's choice, numbered around the vendor's two, with reasons taken from the msgCode table
//! of the data dictionary where one fits, so that clients meet the text they will meet in
//! production.

/// A refusal: the envelope's `error_code` and `reason`, with a null `result`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub code: i64,
    pub reason: String,
}

impl Refusal {
    pub fn new(code: i64, reason: impl Into<String>) -> Refusal {
        Refusal {
            code,
            reason: reason.into(),
        }
    }

    pub fn wrong_key() -> Refusal {
        Refusal::new(WRONG_KEY, "错误的请求KEY")
    }

    pub fn internal() -> Refusal {
        Refusal::new(INTERNAL_ERROR, "系统内部异常")
    }

    /// `what` names the parameter as the vendor would, e.g. 出发站.
    pub fn missing(what: &str) -> Refusal {
        Refusal::new(MISSING_PARAMETER, format!("参数错误:{what}不能为空"))
    }
}

/// System code: the `key` is missing or is not the sandbox's key.
pub const WRONG_KEY: i64 = 10001;

/// System code: the sandbox could not read or write its state file.
pub const INTERNAL_ERROR: i64 = 10014;

/// A required parameter is missing or blank: 参数错误:出发站不能为空.
pub const MISSING_PARAMETER: i64 = 223802;

/// A parameter has a value the endpoint does not take: 参数错误:票种类型错误.
pub const INVALID_PARAMETER: i64 = 223803;

/// The departure or arrival is no station or city the sandbox knows: 参数错误:出发站不存在.
pub const UNKNOWN_STATION: i64 = 223805;

/// The travel date is not `yyyyMMdd`, not in the calendar, or before today in China:
/// 参数错误:发车日期格式错误.
pub const INVALID_DATE: i64 = 223806;

/// cancelOrder: the order has tickets, has expired, failed or was cancelled already.
pub const CANCEL_FAILED: i64 = 223801;

/// applyRefundOrder: no such order, or no such passenger in it.
pub const ORDER_OR_PASSENGER_UNKNOWN: i64 = 223804;

/// submitOrder: the queryKey was never issued or is older than 30 minutes (msgCode 215).
pub const QUERY_KEY_EXPIRED: i64 = 223807;

/// submitOrder: this outOrderNo was used before: 参数错误:外部订单号已存在.
pub const DUPLICATE_ORDER: i64 = 223808;

/// submitOrder: a train is not among the queryKey's trains, or cannot be booked (msgCode 208).
pub const INVALID_TRAIN: i64 = 223809;

/// submitOrder: a seat class is unknown, not offered, or closed (msgCode 204).
pub const INVALID_SEAT: i64 = 223810;

/// submitOrder: departDate is not the main train's departure in the search (msgCode 205).
pub const INVALID_DEPART_DATE: i64 = 223811;

/// submitOrder: the train leaves in less than three hours (msgCode 216).
pub const TOO_CLOSE_TO_DEPARTURE: i64 = 223812;

/// submitOrder: more passengers, trains or seat classes than an order takes (msgCode 220).
pub const OVER_LIMIT: i64 = 223813;

/// submitOrder: a passenger's name, type, document or birthday is wrong (msgCode 304).
pub const INVALID_PASSENGER: i64 = 223814;

/// submitOrder: a student or disabled-military ticket was asked for.
pub const UNSUPPORTED_TICKET_TYPE: i64 = 223815;

/// orderDetail and cancelOrder: no order has this outOrderNo (msgCode 201).
pub const ORDER_NOT_FOUND: i64 = 223816;

/// applyRefundOrder: the order has no tickets, or this ticket is not issued (msgCode 303).
pub const TICKET_STATE_FORBIDS: i64 = 223817;

/// applyRefundOrder: an adult's ticket while a child's is still issued (msgCode 311).
pub const CHILD_TICKET_FIRST: i64 = 223818;
