//! The simulated Juhe grabTicket server.
//!
//! It serves the vendor's paths (`/grabTicket/action/*.php`) over plain HTTP with the vendor's
//! envelope, key check and error codes, from a timetable and a SQLite state of its own. It
//! shares only data with the client (stations, the dictionary, China time), never the client's
//! code, so that a client bug cannot hide behind a sandbox built from the same mistake.
//!
//! This file starts the server and routes each request: decode its parameters, record it,
//! check the key, and hand it to its endpoint. How orders behave (outcomes chosen by magic
//! words in the outOrderNo, the time scale) is documented in `orders/lifecycle.rs`.

mod codes;
mod dictionary;
mod envelope;
mod fares;
mod hash;
mod kind;
mod orders;
mod params;
mod places;
mod pushes;
mod recorder;
mod render;
mod search;
pub mod store;
mod timetable;

use std::io;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, RawQuery, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use codes::Refusal;
use orders::OrderSettings;
use params::Params;
use recorder::Recorder;
use store::Store;

/// The API key the sandbox accepts; any other key is answered with error 10001.
pub const SANDBOX_KEY: &str = "sandbox";

/// The largest request body read; the API's largest request (a submitOrder with five
/// passengers) is a few kilobytes, so anything near this is a mistake or an attack.
const MAX_BODY_BYTES: usize = 256 * 1024;

pub use orders::SandboxOrder;

/// Simulated seconds per real second by default: an order's 30 simulated minutes of grabbing
/// take 3 real seconds.
pub const DEFAULT_TIME_SCALE: u32 = 600;

/// How a sandbox is set up. The default is what `grab --sandbox` uses.
#[derive(Debug, Clone)]
pub struct SandboxOptions {
    /// SQLite file that keeps queryKeys and orders across runs; `None` keeps state in memory
    /// for this process only.
    pub state_path: Option<PathBuf>,
    /// Appends one JSON line per request received, for people and tests to inspect.
    pub request_log: Option<PathBuf>,
    /// Simulated seconds per real second for orders created by this sandbox (default 600);
    /// each order keeps the scale it was created with.
    pub time_scale: u32,
    /// Creates every submitted order, then drops the connection without an answer, as the
    /// `DROP` magic word does for one order (default off).
    pub drop_after_submit: bool,
    /// How long a failed push waits before its next attempt (default 2 seconds).
    pub push_retry_interval: Duration,
}

impl Default for SandboxOptions {
    fn default() -> SandboxOptions {
        SandboxOptions {
            state_path: None,
            request_log: None,
            time_scale: DEFAULT_TIME_SCALE,
            drop_after_submit: false,
            push_retry_interval: Duration::from_secs(2),
        }
    }
}

/// One request as the sandbox received it, with the `key` and any `accountPwd` masked.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RecordedRequest {
    /// The endpoint name without `.php`, e.g. `search`.
    pub endpoint: String,
    /// `GET` or `POST`.
    pub method: String,
    /// Query and form parameters together, in the order received.
    pub params: Vec<(String, String)>,
}

pub struct RunningSandbox {
    pub addr: SocketAddr,
    recorder: Arc<Recorder>,
    store: Store,
}

impl RunningSandbox {
    /// The endpoint a client is pointed at: `http://ADDR/grabTicket/action`.
    pub fn endpoint(&self) -> String {
        format!("http://{}/grabTicket/action", self.addr)
    }

    /// Every request received so far, oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.recorder.requests()
    }

    /// Every order in the sandbox's state (including those other processes sharing the
    /// state file created), oldest first, with its status now.
    pub fn orders(&self) -> Vec<SandboxOrder> {
        orders::list(&self.store)
    }
}

/// Starts serving on `listener` in the background of the current tokio runtime.
///
/// Fails at once when the state file or the request log cannot be opened.
pub async fn start(
    listener: tokio::net::TcpListener,
    options: SandboxOptions,
) -> io::Result<RunningSandbox> {
    let addr = listener.local_addr()?;
    let state_path = options.state_path.clone();
    let store = tokio::task::spawn_blocking(move || Store::open(state_path.as_deref()))
        .await
        .map_err(io::Error::other)??;
    let recorder = Arc::new(Recorder::open(options.request_log.as_deref())?);

    let sandbox = Arc::new(Sandbox {
        store: store.clone(),
        recorder: Arc::clone(&recorder),
        order_settings: OrderSettings {
            time_scale: options.time_scale.max(1),
            drop_after_submit: options.drop_after_submit,
        },
    });
    pushes::start(store.clone(), options.push_retry_interval);
    tokio::spawn(async move {
        if let Err(error) = axum::serve(listener, router(sandbox)).await {
            eprintln!("grab sandbox: the server stopped: {error}");
        }
    });
    Ok(RunningSandbox {
        addr,
        recorder,
        store,
    })
}

/// What every request handler shares.
struct Sandbox {
    store: Store,
    recorder: Arc<Recorder>,
    order_settings: OrderSettings,
}

/// The endpoints served so far; other names under the action path are 404, as unknown paths
/// are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Endpoint {
    Search,
    DataDictionary,
    SubmitOrder,
    OrderDetail,
    CancelOrder,
    ApplyRefundOrder,
    AddCallbackUrl,
}

impl Endpoint {
    fn from_file(file: &str) -> Option<Endpoint> {
        match file {
            "search.php" => Some(Endpoint::Search),
            "dataDictionary.php" => Some(Endpoint::DataDictionary),
            "submitOrder.php" => Some(Endpoint::SubmitOrder),
            "orderDetail.php" => Some(Endpoint::OrderDetail),
            "cancelOrder.php" => Some(Endpoint::CancelOrder),
            "applyRefundOrder.php" => Some(Endpoint::ApplyRefundOrder),
            "addCallbackUrl.php" => Some(Endpoint::AddCallbackUrl),
            _ => None,
        }
    }
}

fn router(sandbox: Arc<Sandbox>) -> Router {
    Router::new()
        .route("/grabTicket/action/{file}", get(handle).post(handle))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(sandbox)
}

async fn handle(
    State(sandbox): State<Arc<Sandbox>>,
    Path(file): Path<String>,
    method: Method,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Response {
    let form = is_form(&headers).then_some(body.as_ref());
    let params = Params::collect(query.as_deref(), form);
    let endpoint_name = file.strip_suffix(".php").unwrap_or(&file);
    sandbox
        .recorder
        .record(endpoint_name, method.as_str(), params.pairs());

    let Some(endpoint) = Endpoint::from_file(&file) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    // Juhe checks the key before the service sees anything else.
    if params.get("key") != Some(SANDBOX_KEY) {
        return envelope::refusal(&Refusal::wrong_key());
    }
    let store = &sandbox.store;
    match endpoint {
        Endpoint::Search => answer(search::search(store, &params).await, "0"),
        Endpoint::DataDictionary => {
            let result = dictionary::result().cloned().ok_or_else(Refusal::internal);
            answer(result, "success")
        }
        Endpoint::SubmitOrder => {
            match orders::submit(store, &params, sandbox.order_settings).await {
                Ok(submitted) if submitted.drop_connection => envelope::dropped(),
                Ok(submitted) => envelope::success("success", submitted.result),
                Err(refusal) => envelope::refusal(&refusal),
            }
        }
        Endpoint::OrderDetail => answer(orders::detail(store, &params).await, "success"),
        Endpoint::CancelOrder => answer(orders::cancel(store, &params).await, "success"),
        Endpoint::ApplyRefundOrder => answer(orders::refund(store, &params).await, "success"),
        Endpoint::AddCallbackUrl => match pushes::add_callback_url(store, &params).await {
            Ok(()) => envelope::data_null(),
            Err(refusal) => envelope::refusal(&refusal),
        },
    }
}

/// The search sample answers `"reason": "0"` where the other endpoints say "success".
fn answer(result: Result<serde_json::Value, Refusal>, success_reason: &str) -> Response {
    match result {
        Ok(result) => envelope::success(success_reason, result),
        Err(refusal) => envelope::refusal(&refusal),
    }
}

/// Only an urlencoded body carries parameters, as for PHP behind the vendor's API.
fn is_form(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| {
            value
                .trim()
                .to_ascii_lowercase()
                .starts_with("application/x-www-form-urlencoded")
        })
}
