//! The sandbox's pushes over real HTTP: addCallbackUrl, then the reference's push bodies
//! received by a tiny server in the test, with retries and each event delivered once.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::routing::post;
use chrono::NaiveDateTime;
use grab::dates;
use grab::sandbox::{self, RunningSandbox, SANDBOX_KEY, SandboxOptions};
use serde_json::{Value, json};

/// An order resolves in 0.3 s and a refund in 0.1 s.
const FAST: u32 = 6000;

type Form = Vec<(String, String)>;

async fn start(options: SandboxOptions) -> RunningSandbox {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    sandbox::start(listener, options).await.unwrap()
}

fn fast_options() -> SandboxOptions {
    SandboxOptions {
        time_scale: FAST,
        push_retry_interval: Duration::from_millis(200),
        ..SandboxOptions::default()
    }
}

/// What a receiver got: each body with its Content-Type.
#[derive(Default)]
struct Received {
    pushes: Mutex<Vec<(String, Value)>>,
    /// Requests answered with 500 before the receiver starts saying success.
    failures_first: usize,
    requests: AtomicUsize,
}

struct Receiver {
    url: String,
    received: Arc<Received>,
}

impl Receiver {
    fn pushes(&self) -> Vec<Value> {
        let pushes = self.received.pushes.lock().unwrap();
        pushes.iter().map(|(_, body)| body.clone()).collect()
    }

    fn content_types(&self) -> Vec<String> {
        let pushes = self.received.pushes.lock().unwrap();
        pushes.iter().map(|(kind, _)| kind.clone()).collect()
    }

    async fn wait_for(&self, count: usize) -> Vec<Value> {
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.pushes().len() < count {
            assert!(Instant::now() < deadline, "{:?}", self.pushes());
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        self.pushes()
    }
}

async fn receive(
    State(received): State<Arc<Received>>,
    headers: HeaderMap,
    body: String,
) -> (StatusCode, &'static str) {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let body: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
    received.pushes.lock().unwrap().push((content_type, body));
    let number = received.requests.fetch_add(1, Ordering::SeqCst);
    if number < received.failures_first {
        (StatusCode::INTERNAL_SERVER_ERROR, "error")
    } else {
        (StatusCode::OK, "success")
    }
}

async fn receiver(failures_first: usize) -> Receiver {
    let received = Arc::new(Received {
        failures_first,
        ..Received::default()
    });
    let app = Router::new()
        .route("/push", post(receive))
        .with_state(Arc::clone(&received));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/push", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    Receiver { url, received }
}

fn client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}

fn pairs(items: &[(&str, &str)]) -> Form {
    items
        .iter()
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect()
}

async fn post_form(sandbox: &RunningSandbox, file: &str, form: &Form) -> Value {
    let response = client()
        .post(format!("{}/{file}", sandbox.endpoint()))
        .form(form)
        .send()
        .await
        .unwrap();
    serde_json::from_str(&response.text().await.unwrap()).unwrap()
}

async fn register(sandbox: &RunningSandbox, url: &str, callback_type: &str) -> Value {
    let form = pairs(&[("key", SANDBOX_KEY), ("url", url), ("type", callback_type)]);
    post_form(sandbox, "addCallbackUrl.php", &form).await
}

/// Searches five days ahead and submits for the first bookable train in second class, one
/// adult and one child.
async fn submit(sandbox: &RunningSandbox, out_order_no: &str) {
    let date = (dates::china_now().date_naive() + chrono::Duration::days(5))
        .format("%Y%m%d")
        .to_string();
    let search = pairs(&[
        ("key", SANDBOX_KEY),
        ("from", "上海虹桥"),
        ("to", "南京南"),
        ("date", &date),
    ]);
    let result = post_form(sandbox, "search.php", &search).await["result"].clone();
    let train = result["trains"]
        .as_array()
        .unwrap()
        .iter()
        .find(|train| train["bookState"] == 1 && train["tickets"]["secondseat"].is_object())
        .unwrap()
        .clone();
    let departs = NaiveDateTime::parse_from_str(
        &format!("{date} {}", train["fromTime"].as_str().unwrap()),
        "%Y%m%d %H:%M",
    )
    .unwrap();
    let passengers = json!([
        { "passengerName": "张三", "passengerType": "1", "idCardType": "0",
          "idCardNo": "11010519491231002X" },
        { "passengerName": "张小三", "passengerType": "2", "idCardType": "0",
          "idCardNo": "440304201006150021" }
    ])
    .to_string();
    let form = pairs(&[
        ("key", SANDBOX_KEY),
        ("queryKey", result["queryKey"].as_str().unwrap()),
        ("outOrderNo", out_order_no),
        ("ticketModel", "0"),
        ("trainNo", train["trainNo"].as_str().unwrap()),
        ("seatClassCode", "secondseat"),
        ("fromStation", train["fromStation"].as_str().unwrap()),
        ("toStation", train["toStation"].as_str().unwrap()),
        ("departDate", &departs.format("%Y-%m-%d %H:%M").to_string()),
        (
            "closeTime",
            &(departs - chrono::Duration::hours(1))
                .format("%Y-%m-%d %H:%M:%S")
                .to_string(),
        ),
        ("acceptNoSeat", "1"),
        ("person", "张三"),
        ("cellphone", "15990000577"),
        ("passengers", &passengers),
    ]);
    let answer = post_form(sandbox, "submitOrder.php", &form).await;
    assert_eq!(answer["error_code"], 0, "{answer}");
}

async fn passenger_ids(sandbox: &RunningSandbox, out_order_no: &str) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let form = pairs(&[
            ("key", SANDBOX_KEY),
            ("outOrderNo", out_order_no),
            ("issue", "1"),
        ]);
        let detail = post_form(sandbox, "orderDetail.php", &form).await["result"].clone();
        if detail["orderStateCode"] == "F" {
            let passengers = detail["passengers"].as_array().unwrap();
            return passengers
                .iter()
                .map(|passenger| passenger["passengerId"].as_str().unwrap().to_string())
                .collect();
        }
        assert!(Instant::now() < deadline, "{detail}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn refund(sandbox: &RunningSandbox, out_order_no: &str, passenger_id: &str) {
    let form = pairs(&[
        ("key", SANDBOX_KEY),
        ("outOrderNo", out_order_no),
        ("passengerId", passenger_id),
    ]);
    let answer = post_form(sandbox, "applyRefundOrder.php", &form).await;
    assert_eq!(answer["error_code"], 0, "{answer}");
}

fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn keys(value: &Value) -> Vec<String> {
    value.as_object().unwrap().keys().cloned().collect()
}

/// Long enough for a duplicate or a retry to have shown up.
async fn settle() {
    tokio::time::sleep(Duration::from_millis(900)).await;
}

#[tokio::test]
async fn add_callback_url_answers_as_the_reference_and_refuses_relative_urls() {
    let sandbox = start(fast_options()).await;
    let answer = register(&sandbox, "http://127.0.0.1:9/push", "1").await;
    assert_eq!(
        answer,
        json!({ "error_code": 0, "reason": "success", "data": null })
    );
    assert_eq!(keys(&answer), ["error_code", "reason", "data"]);
    assert_eq!(register(&sandbox, "/push", "1").await["error_code"], 223803);
    assert_eq!(
        register(&sandbox, "http://127.0.0.1:9/push", "4").await["error_code"],
        223803
    );
}

#[tokio::test]
async fn an_issued_order_is_pushed_once_in_the_samples_shape() {
    let sandbox = start(fast_options()).await;
    let receiver = receiver(0).await;
    register(&sandbox, &receiver.url, "1").await;
    submit(&sandbox, "push000001").await;

    let pushes = receiver.wait_for(1).await;
    settle().await;
    assert_eq!(receiver.pushes().len(), 1);
    let push = &pushes[0];
    let sample = fixture("push_issued.json");
    assert_eq!(keys(push), keys(&sample));
    assert_eq!(keys(&push["passengers"][0]), keys(&sample["passengers"][0]));
    assert_eq!(
        (&push["msgCode"], &push["msgInfo"]),
        (&json!("100"), &json!("出票成功"))
    );
    assert_eq!(push["outOrderNo"], "push000001");
    assert_eq!(push["passengers"][0]["seatClass"], "4");
    assert_eq!(push["passengers"].as_array().unwrap().len(), 2);
    assert!(receiver.content_types()[0].starts_with("application/json"));
}

#[tokio::test]
async fn failed_and_expired_orders_push_to_their_own_urls() {
    let sandbox = start(fast_options()).await;
    let issue_results = receiver(0).await;
    let expiries = receiver(0).await;
    register(&sandbox, &issue_results.url, "1").await;
    register(&sandbox, &expiries.url, "3").await;
    submit(&sandbox, "fail000001").await;
    submit(&sandbox, "expire0001").await;

    let failed = issue_results.wait_for(1).await;
    assert_eq!(keys(&failed[0]), keys(&fixture("push_issue_failed.json")));
    assert_eq!(
        (&failed[0]["msgCode"], &failed[0]["msgInfo"]),
        (&json!("101"), &json!("出票失败"))
    );
    assert_eq!(failed[0]["trainNo"], Value::Null);

    let expired = expiries.wait_for(1).await;
    assert_eq!(
        expired[0],
        json!({ "msgCode": "101", "msgInfo": "抢票单过期",
                "orderNo": expired[0]["orderNo"], "outOrderNo": "expire0001" })
    );
    assert_eq!(keys(&expired[0]), keys(&fixture("push_expired.json")));
    settle().await;
    assert_eq!(
        (issue_results.pushes().len(), expiries.pushes().len()),
        (1, 1)
    );
}

#[tokio::test]
async fn refunds_push_their_success_or_failure() {
    let sandbox = start(fast_options()).await;
    let refunds = receiver(0).await;
    register(&sandbox, &refunds.url, "2").await;
    submit(&sandbox, "refund0001").await;
    submit(&sandbox, "norefund01").await;
    let done = passenger_ids(&sandbox, "refund0001").await;
    let refused = passenger_ids(&sandbox, "norefund01").await;
    refund(&sandbox, "refund0001", &done[1]).await;
    refund(&sandbox, "norefund01", &refused[1]).await;

    let mut pushes = refunds.wait_for(2).await;
    pushes.sort_by_key(|push| push["msgCode"].as_str().unwrap().to_string());
    let (success, failure) = (&pushes[0], &pushes[1]);
    assert_eq!(keys(success), keys(&fixture("push_refunded.json")));
    assert_eq!(
        (&success["msgCode"], &success["msgInfo"]),
        (&json!("100"), &json!("线上退票成功"))
    );
    assert_eq!(success["refundType"], "online");
    assert_eq!(success["passengers"][0]["passengerId"], done[1].as_str());
    assert_eq!(keys(failure), keys(&fixture("push_refund_failed.json")));
    assert_eq!(
        (&failure["msgCode"], &failure["outOrderNo"]),
        (&json!("101"), &json!("norefund01"))
    );
    assert_eq!(failure["refundPrice"], "0.00");
    settle().await;
    assert_eq!(refunds.pushes().len(), 2);
}

#[tokio::test]
async fn a_failed_delivery_is_retried_until_the_receiver_says_success() {
    let sandbox = start(fast_options()).await;
    let flaky = receiver(1).await;
    register(&sandbox, &flaky.url, "1").await;
    submit(&sandbox, "retry00001").await;

    let pushes = flaky.wait_for(2).await;
    assert_eq!(pushes[0], pushes[1]);
    settle().await;
    assert_eq!(flaky.pushes().len(), 2);
}

#[tokio::test]
async fn a_push_is_given_up_after_four_attempts() {
    let sandbox = start(fast_options()).await;
    let broken = receiver(usize::MAX).await;
    register(&sandbox, &broken.url, "1").await;
    submit(&sandbox, "giveup0001").await;

    broken.wait_for(4).await;
    settle().await;
    assert_eq!(broken.pushes().len(), 4);
}

#[tokio::test]
async fn sandboxes_sharing_a_state_file_push_each_event_once() {
    let dir = tempfile::tempdir().unwrap();
    let options = SandboxOptions {
        state_path: Some(dir.path().join("sandbox.sqlite")),
        ..fast_options()
    };
    let first = start(options.clone()).await;
    let _second = start(options.clone()).await;
    let _third = start(options).await;
    let shared = receiver(0).await;
    register(&first, &shared.url, "1").await;
    for number in ["shared0001", "shared0002", "shared0003"] {
        submit(&first, number).await;
    }

    shared.wait_for(3).await;
    settle().await;
    let mut numbers: Vec<String> = shared
        .pushes()
        .iter()
        .map(|push| push["outOrderNo"].as_str().unwrap().to_string())
        .collect();
    numbers.sort();
    assert_eq!(numbers, ["shared0001", "shared0002", "shared0003"]);
}

#[tokio::test]
async fn events_before_the_url_was_registered_are_not_replayed() {
    let sandbox = start(fast_options()).await;
    submit(&sandbox, "before0001").await;
    passenger_ids(&sandbox, "before0001").await;
    let late = receiver(0).await;
    register(&sandbox, &late.url, "1").await;
    submit(&sandbox, "after00001").await;

    let pushes = late.wait_for(1).await;
    settle().await;
    assert_eq!(late.pushes().len(), 1);
    assert_eq!(pushes[0]["outOrderNo"], "after00001");
}
