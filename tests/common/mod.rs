//! The hermetic test environment: a sandbox on an ephemeral loopback port, a temporary HOME
//! and data dir, and a `grab` command with every variable that could change its behaviour
//! cleared, run in a time zone far from China's so no test can lean on the machine's zone.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use grab::sandbox::{self, RecordedRequest, RunningSandbox, SANDBOX_KEY, SandboxOptions};
use tempfile::TempDir;

pub struct TestEnv {
    pub home: TempDir,
    pub sandbox: RunningSandbox,
    runtime: tokio::runtime::Runtime,
}

impl TestEnv {
    pub fn new() -> TestEnv {
        let home = tempfile::tempdir().expect("temporary HOME");
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("tokio runtime");
        let options = SandboxOptions {
            state_path: Some(home.path().join("sandbox-state.sqlite")),
            ..SandboxOptions::default()
        };
        let sandbox = runtime.block_on(async {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("ephemeral port");
            sandbox::start(listener, options)
                .await
                .expect("sandbox starts")
        });
        TestEnv {
            home,
            sandbox,
            runtime,
        }
    }

    pub fn data_dir(&self) -> PathBuf {
        self.home.path().join("data")
    }

    pub fn config_path(&self) -> PathBuf {
        self.home
            .path()
            .join("config")
            .join("grab")
            .join("config.toml")
    }

    /// `grab` pointed at this environment's sandbox with the sandbox's key.
    pub fn grab(&self) -> Command {
        let mut command = Command::from_std(self.std_grab());
        command.timeout(std::time::Duration::from_secs(60));
        command
    }

    /// `grab` with a clean environment and no endpoint or key set.
    pub fn bare_grab(&self) -> Command {
        let mut command = Command::from_std(self.std_bare_grab());
        command.timeout(std::time::Duration::from_secs(60));
        command
    }

    /// `grab()` as a std command, for spawning several at once.
    pub fn std_grab(&self) -> std::process::Command {
        let mut command = self.std_bare_grab();
        command
            .env("GRAB_ENDPOINT", self.sandbox.endpoint())
            .env("JUHE_KEY", SANDBOX_KEY);
        command
    }

    fn std_bare_grab(&self) -> std::process::Command {
        let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("grab"));
        for name in [
            "JUHE_KEY",
            "GRAB_CONFIG",
            "GRAB_ENDPOINT",
            "GRAB_NOW",
            "GRAB_SANDBOX",
            "GRAB_DATA_DIR",
            "NO_COLOR",
        ] {
            command.env_remove(name);
        }
        command
            .env("HOME", self.home.path())
            .env("XDG_CONFIG_HOME", self.home.path().join("config"))
            .env("XDG_DATA_HOME", self.home.path().join("share"))
            .env("GRAB_DATA_DIR", self.data_dir())
            .env("TZ", "America/Los_Angeles")
            .stdin(std::process::Stdio::null());
        command
    }

    pub fn write_config(&self, text: &str) -> PathBuf {
        let path = self.config_path();
        std::fs::create_dir_all(path.parent().expect("config dir")).expect("create config dir");
        std::fs::write(&path, text).expect("write config");
        set_private(&path);
        path
    }

    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.sandbox.requests()
    }

    /// Requests to one endpoint (`search`, `submitOrder`, …).
    pub fn requests_to(&self, endpoint: &str) -> Vec<RecordedRequest> {
        self.requests()
            .into_iter()
            .filter(|request| request.endpoint == endpoint)
            .collect()
    }

    pub fn block_on<F: std::future::Future>(&self, future: F) -> F::Output {
        self.runtime.block_on(future)
    }
}

#[cfg(unix)]
fn set_private(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).expect("chmod 600");
}

#[cfg(not(unix))]
fn set_private(_path: &Path) {}

/// The value of one parameter of a recorded request.
pub fn param<'a>(request: &'a RecordedRequest, name: &str) -> Option<&'a str> {
    request
        .params
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

pub fn stdout_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A date `days` ahead in China time, as yyyyMMdd.
pub fn china_date(days: i64) -> String {
    (grab::dates::china_now().date_naive() + chrono::Duration::days(days))
        .format("%Y%m%d")
        .to_string()
}

/// A server on an ephemeral port that answers every connection with `response` (raw HTTP),
/// for the faults a real server can show: HTML error pages, empty and truncated bodies.
/// Returns an endpoint to pass as GRAB_ENDPOINT.
pub fn canned_server(response: String) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("ephemeral port");
    let addr = listener.local_addr().expect("local addr");
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let response = response.clone();
            std::thread::spawn(move || answer_once(stream, response.as_bytes()));
        }
    });
    format!("http://{addr}/grabTicket/action")
}

fn answer_once(mut stream: std::net::TcpStream, response: &[u8]) {
    use std::io::{Read, Write};
    let mut request = [0u8; 8192];
    let _ = stream.set_read_timeout(Some(std::time::Duration::from_millis(500)));
    let _ = stream.read(&mut request);
    let _ = stream.write_all(response);
}

/// An HTTP response with `status`, `content_type` and `body`, and a Content-Length.
pub fn http_response(status: &str, content_type: &str, body: &str) -> String {
    format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}

/// A server that accepts connections and never answers, for the timeout path.
pub fn silent_server() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("ephemeral port");
    let addr = listener.local_addr().expect("local addr");
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            held.push(stream);
        }
    });
    format!("http://{addr}/grabTicket/action")
}

/// An endpoint where nothing listens: a port bound and released at once.
pub fn closed_endpoint() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("ephemeral port");
    let addr = listener.local_addr().expect("local addr");
    drop(listener);
    format!("http://{addr}/grabTicket/action")
}

/// A config with a contact and passenger profiles of every kind the rules treat apart.
pub const PASSENGERS_CONFIG: &str = r#"
[contact]
person = "张三"
cellphone = "13800138000"
email = "zhangsan@example.com"

[[passengers]]
name = "张三"
id_no = "11010519491231002X"

[[passengers]]
name = "小明"
type = "child"
id_no = "320583201806150029"

[[passengers]]
name = "John Smith"
id_type = "passport"
id_no = "E12345678"
birthday = "1985-04-12"

[[passengers]]
name = "无生日"
id_type = "passport"
id_no = "E87654321"

[[passengers]]
name = "李四"
type = "student"
id_no = "310115200001016784"

[[passengers]]
name = "王五"
type = "disabled_military"
id_no = "110105199001010010"

[[passengers]]
name = "错号"
id_no = "110105194912310021"

[[passengers]]
name = "A1"
id_no = "310115198001011238"

[[passengers]]
name = "A2"
id_no = "310115198202022347"

[[passengers]]
name = "A3"
id_no = "310115198303033459"

[[passengers]]
name = "A4"
id_no = "310115198404044560"

[[passengers]]
name = "A5"
id_no = "310115198505055672"
"#;

/// `grab callback listen` running as a child process, stopped with SIGINT on drop.
pub struct Listener {
    pub child: std::process::Child,
    /// `http://127.0.0.1:PORT/grab/push`.
    pub url: String,
    lines: std::sync::mpsc::Receiver<String>,
}

impl TestEnv {
    /// Starts a push receiver on `addr` (use `127.0.0.1:0` for any free port) with `extra`
    /// arguments, and waits until it listens.
    pub fn listen(&self, addr: &str, extra: &[&str]) -> Listener {
        use std::io::BufRead;
        let mut command = self.std_grab();
        command
            .args(["callback", "listen", "--addr", addr])
            .args(extra)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = command.spawn().expect("listener starts");
        let stderr = std::io::BufReader::new(child.stderr.take().expect("stderr"));
        let mut url = String::new();
        let mut stderr_lines = stderr.lines();
        for line in stderr_lines.by_ref() {
            let line = line.expect("listener stderr");
            if let Some(rest) = line.split("listening for pushes at ").nth(1) {
                url = rest.split(' ').next().unwrap_or_default().to_string();
                break;
            }
        }
        assert!(!url.is_empty(), "the listener said where it listens");
        std::thread::spawn(move || for _ in stderr_lines {});

        let (sender, lines) = std::sync::mpsc::channel();
        let stdout = std::io::BufReader::new(child.stdout.take().expect("stdout"));
        std::thread::spawn(move || {
            for line in stdout.lines().map_while(Result::ok) {
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        Listener { child, url, lines }
    }
}

impl Listener {
    /// The next line the listener prints, waiting at most `seconds`.
    pub fn next_line(&self, seconds: u64) -> Option<String> {
        self.lines
            .recv_timeout(std::time::Duration::from_secs(seconds))
            .ok()
    }

    /// Sends SIGINT (Ctrl-C) and returns the exit status.
    pub fn interrupt(mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        let _ = std::process::Command::new("kill")
            .args(["-INT", &pid])
            .status();
        self.child.wait().expect("listener exits")
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A plain HTTP/1.1 POST; returns the status code and the body.
pub fn post(url: &str, content_type: &str, body: &[u8]) -> (u16, String) {
    use std::io::{Read, Write};
    let rest = url.trim_start_matches("http://");
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let mut stream = std::net::TcpStream::connect(host).expect("connect");
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).expect("send head");
    let _ = stream.write_all(body);
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0);
    let body = response
        .split("\r\n\r\n")
        .nth(1)
        .unwrap_or_default()
        .to_string();
    (status, body)
}

/// A form body `data=<json>`, as Juhe posts pushes in its other products.
pub fn form_data(json: &str) -> Vec<u8> {
    let mut body = String::from("data=");
    for byte in json.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                body.push(byte as char)
            }
            _ => body.push_str(&format!("%{byte:02X}")),
        }
    }
    body.into_bytes()
}

/// A server that answers by endpoint: the first route whose name appears in the request
/// line gives the raw response. Returns the endpoint and the request lines it received.
pub fn routed_server(
    routes: Vec<(&'static str, String)>,
) -> (String, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("ephemeral port");
    let addr = listener.local_addr().expect("local addr");
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let record = std::sync::Arc::clone(&seen);
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut request = [0u8; 16384];
            let _ = stream.set_read_timeout(Some(std::time::Duration::from_millis(500)));
            let read = stream.read(&mut request).unwrap_or(0);
            let text = String::from_utf8_lossy(&request[..read]).into_owned();
            let line = text.lines().next().unwrap_or_default().to_string();
            let response = routes
                .iter()
                .find(|(name, _)| line.contains(name))
                .map(|(_, r)| r.clone());
            record.lock().expect("request record").push(line);
            let _ = stream.write_all(response.unwrap_or_default().as_bytes());
        }
    });
    (format!("http://{addr}/grabTicket/action"), seen)
}
