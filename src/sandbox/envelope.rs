//! Juhe's answer envelope, `{"reason", "result", "error_code"}`, always over HTTP 200, and the
//! broken answer of the fault switch.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::Json;
use axum::body::{Body, Bytes, HttpBody};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::codes::Refusal;

/// A successful answer; `reason` differs between endpoints in the reference ("success", and
/// "0" in the search sample), so each endpoint names its own.
pub fn success(reason: &str, result: Value) -> Response {
    respond(json!({ "reason": reason, "result": result, "error_code": 0 }))
}

/// addCallbackUrl's answer, which orders its keys differently and says `data` for `result`.
pub fn data_null() -> Response {
    respond(json!({ "error_code": 0, "reason": "success", "data": null }))
}

pub fn refusal(refusal: &Refusal) -> Response {
    respond(json!({ "reason": refusal.reason, "result": null, "error_code": refusal.code }))
}

fn respond(body: Value) -> Response {
    (StatusCode::OK, Json(body)).into_response()
}

/// An answer that breaks off: the status line goes out, then the body fails, so the server
/// closes the connection and the client sees a broken response instead of an answer. This is
/// what a client meets when a network fault eats the answer to a request that did its work.
pub fn dropped() -> Response {
    (StatusCode::OK, Body::new(FailingBody)).into_response()
}

/// A body whose first read fails.
struct FailingBody;

impl HttpBody for FailingBody {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        _context: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, io::Error>>> {
        let error = io::Error::new(io::ErrorKind::ConnectionAborted, "dropped by the sandbox");
        Poll::Ready(Some(Err(error)))
    }
}
