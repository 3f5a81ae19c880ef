//! Juhe's answer envelope, `{"reason", "result", "error_code"}`, always over HTTP 200.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::codes::Refusal;

/// A successful answer; `reason` differs between endpoints in the reference ("success", and
/// "0" in the search sample), so each endpoint names its own.
pub fn success(reason: &str, result: Value) -> Response {
    respond(json!({ "reason": reason, "result": result, "error_code": 0 }))
}

pub fn refusal(refusal: &Refusal) -> Response {
    respond(json!({ "reason": refusal.reason, "result": null, "error_code": refusal.code }))
}

fn respond(body: Value) -> Response {
    (StatusCode::OK, Json(body)).into_response()
}
