//! `grab dict`, live from the sandbox and offline from the built-in copy.

mod common;

use common::{TestEnv, stderr_of, stdout_of};
use serde_json::Value;

#[test]
fn offline_needs_no_key_and_sends_nothing() {
    let env = TestEnv::new();
    let output = env
        .bare_grab()
        .args(["dict", "--offline", "order-status"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert!(stdout_of(&output).contains("order-status\tD\t抢票中"));
    assert!(env.requests().is_empty());
}

#[test]
fn live_dictionary_comes_from_the_api() {
    let env = TestEnv::new();
    let output = env
        .grab()
        .args(["--json", "dict", "seat-class"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let document: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(document["source"], "live");
    let entries = document["sections"][0]["entries"].as_array().unwrap();
    assert!(
        entries
            .iter()
            .any(|e| e["code"] == "secondseat" && e["meaning"] == "二等座")
    );
    assert_eq!(env.requests_to("dataDictionary").len(), 1);
}

#[test]
fn every_section_and_the_tips_are_listed() {
    let env = TestEnv::new();
    let stdout = stdout_of(
        &env.bare_grab()
            .args(["dict", "--offline"])
            .output()
            .unwrap(),
    );
    for section in [
        "seat-class",
        "seat",
        "train-class",
        "order-status",
        "ticket-state",
        "msg-code",
        "id-type",
        "passenger-type",
        "refund-type",
        "tips",
    ] {
        assert!(
            stdout
                .lines()
                .any(|line| line.starts_with(&format!("{section}\t"))),
            "{section} missing"
        );
    }
}

#[test]
fn an_unknown_section_is_refused_with_the_names() {
    let env = TestEnv::new();
    let output = env.grab().args(["dict", "colours"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr_of(&output).contains("seat-class"));
    assert!(env.requests().is_empty());
}
