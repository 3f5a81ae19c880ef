//! Pushes: registering callback URLs, the receiver's handling of every push of the reference
//! and of bodies that are not pushes, and the whole path sandbox → receiver → journal.

mod common;

use common::{PASSENGERS_CONFIG, TestEnv, china_date, form_data, param, post, stderr_of};
use serde_json::Value;

const SAMPLES: [(&str, &str); 5] = [
    (include_str!("fixtures/push_issued.json"), "issued"),
    (
        include_str!("fixtures/push_issue_failed.json"),
        "issue_failed",
    ),
    (include_str!("fixtures/push_expired.json"), "expired"),
    (include_str!("fixtures/push_refunded.json"), "refunded"),
    (
        include_str!("fixtures/push_refund_failed.json"),
        "refund_failed",
    ),
];

fn event(line: &str) -> Value {
    serde_json::from_str(line).unwrap_or_else(|e| panic!("not a JSON line ({e}): {line}"))
}

#[test]
fn every_reference_push_is_recorded_with_its_kind_as_json_and_as_a_form() {
    let env = TestEnv::new();
    let listener = env.listen("127.0.0.1:0", &["--json"]);
    for (sample, kind) in SAMPLES {
        assert_eq!(
            post(&listener.url, "application/json", sample.as_bytes()),
            (200, "success".to_string())
        );
        let line = listener.next_line(10).expect("one line per push");
        assert_eq!(event(&line)["kind"], kind);
        assert_eq!(
            event(&line)["known_order"],
            false,
            "orders of another machine are flagged"
        );
    }
    for (sample, kind) in SAMPLES {
        let changed = sample.replace("\"msgInfo\"", "\"note\": \"form\", \"msgInfo\"");
        let (status, body) = post(
            &listener.url,
            "application/x-www-form-urlencoded",
            &form_data(&changed),
        );
        assert_eq!((status, body.as_str()), (200, "success"));
        assert_eq!(
            event(&listener.next_line(10).expect("one line per push"))["kind"],
            kind
        );
    }
}

#[test]
fn a_push_delivered_twice_is_recorded_once() {
    let env = TestEnv::new();
    let listener = env.listen("127.0.0.1:0", &["--json"]);
    let sample = SAMPLES[0].0;
    assert_eq!(
        post(&listener.url, "application/json", sample.as_bytes()).0,
        200
    );
    assert_eq!(
        post(
            &listener.url,
            "application/x-www-form-urlencoded",
            &form_data(sample)
        )
        .0,
        200
    );
    assert!(listener.next_line(5).is_some());
    assert!(
        listener.next_line(1).is_none(),
        "the second delivery prints nothing"
    );
}

#[test]
fn malformed_and_oversized_bodies_get_400_and_the_receiver_stays_up() {
    let env = TestEnv::new();
    let listener = env.listen("127.0.0.1:0", &[]);
    assert_eq!(post(&listener.url, "application/json", b"{not json").0, 400);
    assert_eq!(
        post(&listener.url, "application/json", br#"{"hello": "world"}"#).0,
        400
    );
    assert_eq!(
        post(
            &listener.url,
            "application/x-www-form-urlencoded",
            b"other=1"
        )
        .0,
        400
    );
    assert_eq!(
        post(&listener.url, "application/json", &vec![b' '; 200 * 1024]).0,
        400
    );
    assert_eq!(
        post(&listener.url, "application/json", SAMPLES[2].0.as_bytes()).0,
        200,
        "still up"
    );
    assert!(listener.next_line(5).is_some());
}

#[test]
fn exec_runs_once_per_push_with_its_json_on_stdin() {
    let env = TestEnv::new();
    let log = env.home.path().join("exec.log");
    let command = format!("cat >> '{}'", log.display());
    let listener = env.listen("127.0.0.1:0", &["--exec", &command]);
    for (sample, _) in &SAMPLES[..3] {
        assert_eq!(
            post(&listener.url, "application/json", sample.as_bytes()).0,
            200
        );
        assert!(listener.next_line(5).is_some());
    }
    assert!(listener.interrupt().success(), "Ctrl-C stops it cleanly");
    let written = std::fs::read_to_string(&log).unwrap();
    let kinds: Vec<String> = written
        .lines()
        .map(|line| event(line)["kind"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(kinds, ["issued", "issue_failed", "expired"]);
}

#[test]
fn what_an_exec_command_prints_stays_off_stdout() {
    let env = TestEnv::new();
    let listener = env.listen("127.0.0.1:0", &["--json", "--exec", "echo robot says ok"]);
    assert_eq!(
        post(&listener.url, "application/json", SAMPLES[2].0.as_bytes()).0,
        200
    );
    assert_eq!(
        event(&listener.next_line(5).expect("the push line"))["kind"],
        "expired"
    );
    assert!(
        listener.next_line(2).is_none(),
        "nothing but push lines on stdout"
    );
}

#[test]
fn a_token_makes_the_path_secret() {
    let env = TestEnv::new();
    let listener = env.listen("127.0.0.1:0", &["--token", "s3cret"]);
    let base = listener.url.trim_end_matches("/…").to_string();
    assert_eq!(
        post(&base, "application/json", SAMPLES[2].0.as_bytes()).0,
        404
    );
    assert_eq!(
        post(
            &format!("{base}/s3cret"),
            "application/json",
            SAMPLES[2].0.as_bytes()
        )
        .0,
        200
    );
}

#[test]
fn callback_set_sends_the_type_and_refuses_bad_urls_unsent() {
    let env = TestEnv::new();
    env.grab()
        .args([
            "callback",
            "set",
            "https://example.com/grab/push",
            "--type",
            "refund",
        ])
        .assert()
        .success();
    let sent = &env.requests_to("addCallbackUrl")[0];
    assert_eq!(param(sent, "type"), Some("2"));
    assert_eq!(param(sent, "url"), Some("https://example.com/grab/push"));

    for bad in ["example.com/push", "ftp://example.com/push"] {
        let output = env
            .grab()
            .args(["callback", "set", bad, "--type", "issue"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{}", stderr_of(&output));
    }
    assert_eq!(env.requests_to("addCallbackUrl").len(), 1);
}

fn register_all(env: &TestEnv, url: &str) {
    for kind in ["issue", "refund", "expire"] {
        env.grab()
            .args(["callback", "set", url, "--type", kind])
            .assert()
            .success();
    }
}

fn grab_order(env: &TestEnv, order_no: &str) {
    let output = env
        .grab()
        .args([
            "--json",
            "search",
            "上海",
            "北京",
            &china_date(5),
            "--seat",
            "secondseat",
        ])
        .output()
        .unwrap();
    let document: Value = serde_json::from_slice(&output.stdout).unwrap();
    let train = document["trains"][0]["train_no"]
        .as_str()
        .unwrap()
        .to_string();
    let output = env
        .grab()
        .args([
            "grab",
            "上海",
            "北京",
            &china_date(5),
            "--train",
            &train,
            "--seat",
            "secondseat",
        ])
        .args(["-p", "张三", "--order-no", order_no, "--yes"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
}

fn journal_order(env: &TestEnv, order_no: &str) -> Value {
    let output = env.grab().args(["--json", "status"]).output().unwrap();
    let list: Value = serde_json::from_slice(&output.stdout).unwrap();
    list["orders"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["out_order_no"] == order_no)
        .unwrap()
        .clone()
}

#[test]
fn an_issued_order_reaches_the_journal_by_push_and_a_refund_follows() {
    let env = TestEnv::new();
    env.write_config(PASSENGERS_CONFIG);
    let listener = env.listen("127.0.0.1:0", &["--json"]);
    register_all(&env, &listener.url);

    grab_order(&env, "GRABPUSH01");
    let issued = event(&listener.next_line(20).expect("the issue push arrives"));
    assert_eq!(
        (issued["kind"].as_str(), issued["known_order"].as_bool()),
        (Some("issued"), Some(true))
    );
    let order = journal_order(&env, "GRABPUSH01");
    assert_eq!(
        (
            order["state"]["code"].as_str(),
            order["state_source"].as_str()
        ),
        (Some("F"), Some("push"))
    );

    env.grab()
        .args(["refund", "GRABPUSH01", "-p", "张三", "--yes"])
        .assert()
        .success();
    assert!(
        env.requests_to("orderDetail").is_empty(),
        "the refund used the tickets the push left in the journal"
    );
    let refunded = event(&listener.next_line(20).expect("the refund push arrives"));
    assert_eq!(refunded["kind"], "refunded");
    assert_eq!(journal_order(&env, "GRABPUSH01")["state"]["code"], "T");
}

#[test]
fn an_expiry_push_ends_the_order_in_the_journal() {
    let env = TestEnv::new();
    env.write_config(PASSENGERS_CONFIG);
    let listener = env.listen("127.0.0.1:0", &["--json"]);
    register_all(&env, &listener.url);
    grab_order(&env, "GRABPUSHEXPIRE1");
    assert_eq!(
        event(&listener.next_line(20).expect("the expiry push arrives"))["kind"],
        "expired"
    );
    assert_eq!(journal_order(&env, "GRABPUSHEXPIRE1")["state"]["code"], "O");
}

#[test]
fn a_receiver_that_was_down_gets_the_push_on_a_retry_recorded_once() {
    let env = TestEnv::new();
    env.write_config(PASSENGERS_CONFIG);
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let addr = format!("127.0.0.1:{port}");
    register_all(&env, &format!("http://{addr}/grab/push"));

    grab_order(&env, "GRABPUSHLATE1");
    std::thread::sleep(std::time::Duration::from_millis(4500));
    let listener = env.listen(&addr, &["--json"]);
    let pushed = event(&listener.next_line(20).expect("the retried push arrives"));
    assert_eq!(pushed["out_order_no"], "GRABPUSHLATE1");
    assert!(listener.next_line(5).is_none(), "recorded and printed once");
    assert_eq!(journal_order(&env, "GRABPUSHLATE1")["state_source"], "push");
}
