//! The HTTP client: one method per endpoint, each a POST form body to `{endpoint}/NAME.php`
//! (so the key never sits in a URL), answers read with a size bound and unwrapped from the
//! `{reason, result, error_code}` envelope.

use std::time::{Duration, Instant};

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::codes;
use super::error::ApiError;
use super::models::SearchResult;
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
        self.unwrap_envelope(name, &body)
    }

    fn unwrap_envelope(&self, name: &str, body: &[u8]) -> Result<Value, ApiError> {
        let envelope: Value = serde_json::from_slice(body).map_err(|e| {
            let problem = if body.is_empty() {
                "empty body".to_string()
            } else {
                e.to_string()
            };
            self.not_api(name, &problem)
        })?;
        let Some(object) = envelope.as_object() else {
            return Err(self.not_api(name, "not a JSON object"));
        };
        let code = match object.get("error_code") {
            Some(Value::Number(n)) => n.as_i64(),
            Some(Value::String(s)) => s.trim().parse().ok(),
            _ => None,
        }
        .ok_or_else(|| self.not_api(name, "no numeric `error_code`"))?;
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
