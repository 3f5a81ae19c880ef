//! The error codes and reasons the sandbox refuses with, all in one place.
//!
//! Juhe answers a refusal with HTTP 200 and an envelope whose `error_code` is either a
//! platform-wide system code (10001 and friends, checked before the service sees the request)
//! or a grabTicket service code of the 2238xx family. The reference shows two service codes:
//! 223801 抢票取消失败 (cancelOrder) and 223804 参数错误:订单号或passengerId不存在
//! (applyRefundOrder); the endpoints that need them will answer with those. The other service
//! codes here are the sandbox's choice, numbered around the vendor's two, with reasons in the
//! vendor's wording so that clients meet the same kind of text they will meet in production.

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
