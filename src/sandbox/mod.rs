//! The simulated Juhe grabTicket server.

mod fares;
mod hash;
mod kind;
mod timetable;

use std::net::SocketAddr;
use std::path::PathBuf;

/// The API key the sandbox accepts; any other key is answered with error 10001.
pub const SANDBOX_KEY: &str = "sandbox";

/// How a sandbox is set up.
#[derive(Debug, Clone, Default)]
pub struct SandboxOptions {
    /// SQLite file that keeps queryKeys (and later orders) across runs; `None` keeps state in
    /// memory for this process only.
    pub state_path: Option<PathBuf>,
    /// Appends one JSON line per request received, for people and tests to inspect.
    pub request_log: Option<PathBuf>,
}

/// One request as the sandbox received it.
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
}

impl RunningSandbox {
    /// The endpoint a client is pointed at: `http://ADDR/grabTicket/action`.
    pub fn endpoint(&self) -> String {
        format!("http://{}/grabTicket/action", self.addr)
    }

    /// Every request received so far, oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        Vec::new()
    }
}

/// Starts serving on `listener` in the background of the current tokio runtime.
pub async fn start(
    listener: tokio::net::TcpListener,
    _options: SandboxOptions,
) -> std::io::Result<RunningSandbox> {
    let addr = listener.local_addr()?;
    Ok(RunningSandbox { addr })
}
