//! The HTTP client: one method per endpoint, each a POST form body to `{endpoint}/NAME.php`
//! (so the key never sits in a URL), answers read with a size bound and unwrapped from the
//! `{reason, result, error_code}` envelope.

use std::time::{Duration, Instant};

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::codes;
use super::error::ApiError;
use super::models::{
    CancelledOrder, IssuedOrder, PendingOrder, RefundRequested, SearchResult, SubmittedOrder,
};
use super::order_request::OrderRequest;
use crate::diag;
use crate::dict::Dictionary;
use crate::redact::{Secret, loggable_param};

/// No answer of this API comes near this size; a larger body means a broken server.
pub const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

pub const DEFAULT_ENDPOINT: &str = "https://v.juhe.cn/grabTicket/action";

pub struct Client {
    http: reqwest::Client,
    endpoint: String,
    key: Secret,
    timeout: Duration,
}

/// search.php's ticket type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TicketType {
    Normal,
    Student,
}

impl Client {
    pub fn new(endpoint: &str, key: Secret, timeout: Duration) -> Result<Client, ApiError> {
        let http = reqwest::Client::builder()
            .connect_timeout(timeout)
            .timeout(timeout)
            .user_agent(concat!("grab/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| ApiError::Transport {
                cause: e.to_string(),
            })?;
        Ok(Client {
            http,
            endpoint: endpoint.trim_end_matches('/').to_string(),
            key,
            timeout,
        })
    }

    pub async fn search(
        &self,
        from: &str,
        to: &str,
        date_yyyymmdd: &str,
        ticket_type: TicketType,
    ) -> Result<SearchResult, ApiError> {
        let type_code = match ticket_type {
            TicketType::Normal => "1",
            TicketType::Student => "2",
        };
        let params = [
            ("from", from),
            ("to", to),
            ("date", date_yyyymmdd),
            ("type", type_code),
        ];
        self.call_typed("search", &params).await
    }

    pub async fn data_dictionary(&self) -> Result<Dictionary, ApiError> {
        let result = self.call_required("dataDictionary", &[]).await?;
        Dictionary::from_result(&result)
            .ok_or_else(|| self.not_api("dataDictionary", "result is not an object"))
    }

    pub async fn submit_order(&self, order: &OrderRequest) -> Result<SubmittedOrder, ApiError> {
        let form = order.form();
        let params: Vec<(&str, &str)> = form
            .iter()
            .map(|(name, value)| (*name, value.as_str()))
            .collect();
        self.call_typed("submitOrder", &params).await
    }

    pub async fn order_detail(&self, out_order_no: &str) -> Result<PendingOrder, ApiError> {
        self.call_typed("orderDetail", &[("outOrderNo", out_order_no)])
            .await
    }

    /// orderDetail with issue=1: the tickets, with the passengerIds a refund needs.
    pub async fn order_detail_issued(&self, out_order_no: &str) -> Result<IssuedOrder, ApiError> {
        self.call_typed(
            "orderDetail",
            &[("outOrderNo", out_order_no), ("issue", "1")],
        )
        .await
    }

    pub async fn cancel_order(&self, out_order_no: &str) -> Result<CancelledOrder, ApiError> {
        self.call_typed("cancelOrder", &[("outOrderNo", out_order_no)])
            .await
    }

    pub async fn apply_refund(
        &self,
        out_order_no: &str,
        passenger_id: &str,
    ) -> Result<RefundRequested, ApiError> {
        let params = [("outOrderNo", out_order_no), ("passengerId", passenger_id)];
        self.call_typed("applyRefundOrder", &params).await
    }

    /// addCallbackUrl; `push_type` is 1 issue results, 2 refunds, 3 grab expiry.
    pub async fn add_callback_url(&self, url: &str, push_type: u8) -> Result<(), ApiError> {
        let push_type = push_type.to_string();
        self.call("addCallbackUrl", &[("url", url), ("type", &push_type)])
            .await
            .map(|_| ())
    }

    pub(super) async fn call_typed<T: DeserializeOwned>(
        &self,
        name: &str,
        params: &[(&str, &str)],
    ) -> Result<T, ApiError> {
        let result = self.call_required(name, params).await?;
        serde_path_to_error::deserialize(result)
            .map_err(|e| self.not_api(name, &format!("field `{}`: {}", e.path(), e.inner())))
    }

    /// Calls an endpoint whose success must carry a non-null `result`.
    pub(super) async fn call_required(
        &self,
        name: &str,
        params: &[(&str, &str)],
    ) -> Result<Value, ApiError> {
        match self.call(name, params).await? {
            Value::Null => Err(self.not_api(name, "`result` is null")),
            result => Ok(result),
        }
    }

    /// Sends one request and returns the envelope's `result` (which may be null).
    pub(super) async fn call(
        &self,
        name: &str,
        params: &[(&str, &str)],
    ) -> Result<Value, ApiError> {
        let url = format!("{}/{name}.php", self.endpoint);
        let mut form: Vec<(&str, &str)> = vec![("key", self.key.expose())];
        form.extend_from_slice(params);
        log_request(name, &form);

        let started = Instant::now();
        let response = self
            .http
            .post(&url)
            .form(&form)
            .send()
            .await
            .map_err(|e| self.transport(e))?;
        let status = response.status();
        let body = read_bounded(response).await.map_err(|e| match e {
            BodyError::TooLarge => ApiError::TooLarge {
                limit: MAX_BODY_BYTES,
            },
            BodyError::Transport(e) => self.transport(e),
        })?;
        diag::verbose(&format!(
            "← {name}: HTTP {} in {} ms, {} bytes",
            status.as_u16(),
            started.elapsed().as_millis(),
            body.len()
        ));

        if !status.is_success() {
            return Err(ApiError::Status {
                status: status.as_u16(),
                endpoint: url,
            });
        }
        unwrap_envelope(&url, &body)
    }

    fn transport(&self, error: reqwest::Error) -> ApiError {
        if error.is_timeout() {
            ApiError::Timeout {
                seconds: self.timeout.as_secs(),
            }
        } else if error.is_connect() {
            ApiError::Connect {
                endpoint: self.endpoint.clone(),
                cause: root_cause(&error),
            }
        } else {
            ApiError::Transport {
                cause: root_cause(&error),
            }
        }
    }

    fn not_api(&self, name: &str, problem: &str) -> ApiError {
        ApiError::NotApi {
            endpoint: format!("{}/{name}.php", self.endpoint),
            problem: problem.to_string(),
        }
    }
}

/// The envelope `{reason, result, error_code}`: `result` on success (null when the endpoint
/// has none), a refusal with the vendor's reason otherwise.
fn unwrap_envelope(url: &str, body: &[u8]) -> Result<Value, ApiError> {
    let not_api = |problem: &str| ApiError::NotApi {
        endpoint: url.to_string(),
        problem: problem.to_string(),
    };
    let envelope: Value = serde_json::from_slice(body).map_err(|e| {
        if body.is_empty() {
            not_api("empty body")
        } else {
            not_api(&e.to_string())
        }
    })?;
    let Some(object) = envelope.as_object() else {
        return Err(not_api("not a JSON object"));
    };
    let code = match object.get("error_code") {
        Some(Value::Number(n)) => n.as_i64(),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    }
    .ok_or_else(|| not_api("no numeric `error_code`"))?;
    let reason = object
        .get("reason")
        .and_then(Value::as_str)
        .unwrap_or_default();

    if code != 0 {
        return Err(ApiError::Refused {
            code,
            reason: crate::sanitize::one_line(reason),
            meaning: codes::meaning(code),
        });
    }
    // addCallbackUrl answers with `data` where the others have `result`.
    let result = object.get("result").or_else(|| object.get("data"));
    Ok(result.cloned().unwrap_or(Value::Null))
}

fn log_request(name: &str, form: &[(&str, &str)]) {
    if !diag::verbose_enabled() {
        return;
    }
    let shown: Vec<String> = form
        .iter()
        .map(|(key, value)| format!("{key}={}", loggable_param(key, value)))
        .collect();
    diag::verbose(&format!("→ POST {name}.php {}", shown.join(" ")));
}

/// The innermost cause, which is the one that says what happened ("Connection refused").
fn root_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = error;
    while let Some(source) = cause.source() {
        cause = source;
    }
    cause.to_string()
}

enum BodyError {
    TooLarge,
    Transport(reqwest::Error),
}

async fn read_bounded(mut response: reqwest::Response) -> Result<Vec<u8>, BodyError> {
    if response
        .content_length()
        .is_some_and(|length| length > MAX_BODY_BYTES as u64)
    {
        return Err(BodyError::TooLarge);
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(BodyError::Transport)? {
        if body.len() + chunk.len() > MAX_BODY_BYTES {
            return Err(BodyError::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "http://sandbox/grabTicket/action/x.php";

    #[test]
    fn the_reference_refusal_samples_become_refusals() {
        let cancel = unwrap_envelope(
            URL,
            include_bytes!("../../tests/fixtures/cancel_failed.json"),
        );
        assert!(
            matches!(cancel, Err(ApiError::Refused { code: 223801, ref reason, .. }) if reason == "抢票取消失败")
        );
        let refund = unwrap_envelope(
            URL,
            include_bytes!("../../tests/fixtures/refund_failed.json"),
        );
        assert!(matches!(
            refund,
            Err(ApiError::Refused { code: 223804, .. })
        ));
    }

    #[test]
    fn the_callback_sample_with_data_null_is_a_success() {
        let result = unwrap_envelope(URL, include_bytes!("../../tests/fixtures/callback_ok.json"));
        assert!(matches!(result, Ok(Value::Null)));
    }

    #[test]
    fn bodies_that_are_not_the_envelope_are_named() {
        let problem = |body: &[u8]| match unwrap_envelope(URL, body) {
            Err(ApiError::NotApi { problem, .. }) => problem,
            other => panic!("expected NotApi, got {other:?}"),
        };
        assert_eq!(problem(b""), "empty body");
        assert_eq!(problem(b"[1]"), "not a JSON object");
        assert_eq!(problem(br#"{"reason":"ok"}"#), "no numeric `error_code`");
        assert!(problem(b"<html>").contains("expected value"));
    }

    #[test]
    fn a_string_error_code_is_read_as_a_number() {
        let refused = unwrap_envelope(URL, br#"{"reason":"x","result":null,"error_code":"10012"}"#);
        assert!(matches!(
            refused,
            Err(ApiError::Refused {
                code: 10012,
                meaning: Some(_),
                ..
            })
        ));
    }
}
