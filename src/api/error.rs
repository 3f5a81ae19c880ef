//! What can go wrong talking to the API, kept apart by where it went wrong: the connection,
//! the HTTP status, a body that is not the API's envelope, or the API saying no.

use crate::error::ExitCode;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("cannot connect to {endpoint}: {cause}; check the endpoint and your network")]
    Connect { endpoint: String, cause: String },

    #[error("no answer within {seconds}s; raise `timeout` in the config or try again")]
    Timeout { seconds: u64 },

    #[error("connection failed mid-request: {cause}")]
    Transport { cause: String },

    #[error("HTTP {status} from {endpoint}: the server is not answering as the API does")]
    Status { status: u16, endpoint: String },

    #[error("response from {endpoint} is not the API's JSON: {problem}")]
    NotApi { endpoint: String, problem: String },

    #[error("response body exceeds {limit} bytes; refusing to read more")]
    TooLarge { limit: usize },

    #[error("API refused ({code}): {reason}{}", meaning_suffix(.meaning))]
    Refused {
        code: i64,
        reason: String,
        meaning: Option<String>,
    },
}

fn meaning_suffix(meaning: &Option<String>) -> String {
    match meaning {
        Some(meaning) => format!(" [{meaning}]"),
        None => String::new(),
    }
}

impl ApiError {
    pub fn exit_code(&self) -> ExitCode {
        match self {
            ApiError::Refused { .. } => ExitCode::Refused,
            _ => ExitCode::Transport,
        }
    }

    /// The vendor words "no such order" as …不存在 (订单号不存在, 该订单不存在); any other
    /// refusal says nothing about whether an order exists.
    pub fn says_no_such_order(&self) -> bool {
        matches!(self, ApiError::Refused { reason, .. } if reason.contains("不存在"))
    }

    /// Juhe's system codes for a passing condition (rate limit per address, internal error,
    /// maintenance): worth asking again later, unlike a wrong key or a used-up quota.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            ApiError::Refused {
                code: 10011 | 10014 | 10020,
                ..
            }
        )
    }

    /// True when the request may have reached the server and been acted on, so that the
    /// answer, not the request, was lost: the case where a submit must be reconciled, never
    /// repeated.
    pub fn outcome_unknown(&self) -> bool {
        matches!(
            self,
            ApiError::Timeout { .. }
                | ApiError::Transport { .. }
                | ApiError::Status { .. }
                | ApiError::NotApi { .. }
                | ApiError::TooLarge { .. }
        )
    }
}
