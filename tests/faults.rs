//! What grab does when the API says no, the network fails, the server is not the API, or the
//! configuration is wrong: one line on stderr, the design's exit code, never a panic.

mod common;

use common::{TestEnv, canned_server, closed_endpoint, http_response, silent_server, stderr_of};

fn search_against(env: &TestEnv, endpoint: &str) -> std::process::Output {
    env.bare_grab()
        .env("GRAB_ENDPOINT", endpoint)
        .env("JUHE_KEY", "any-key")
        .args(["search", "苏州", "昆山", "tomorrow"])
        .output()
        .unwrap()
}

fn assert_one_line_error(output: &std::process::Output, code: i32, needle: &str) {
    let stderr = stderr_of(output);
    assert_eq!(output.status.code(), Some(code), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("grab: ") && stderr.contains(needle),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(output.stdout.is_empty());
}

fn json_body(body: &str) -> String {
    http_response("200 OK", "application/json", body)
}

#[test]
fn a_wrong_key_is_an_api_refusal_with_exit_3() {
    let env = TestEnv::new();
    let output = env
        .grab()
        .env("JUHE_KEY", "not-the-key")
        .args(["search", "苏州", "昆山", "tomorrow"])
        .output()
        .unwrap();
    assert_one_line_error(&output, 3, "10001");
}

#[test]
fn an_over_limit_refusal_shows_the_reason_and_its_meaning() {
    let env = TestEnv::new();
    let endpoint = canned_server(json_body(
        r#"{"reason":"请求超过次数限制","result":null,"error_code":10012}"#,
    ));
    let output = search_against(&env, &endpoint);
    assert_one_line_error(&output, 3, "(10012): 请求超过次数限制");
    assert!(stderr_of(&output).contains("quota"));
}

#[test]
fn no_server_listening_is_a_transport_error() {
    let env = TestEnv::new();
    assert_one_line_error(
        &search_against(&env, &closed_endpoint()),
        4,
        "cannot connect",
    );
}

#[test]
fn a_server_that_never_answers_times_out_after_the_configured_seconds() {
    let env = TestEnv::new();
    env.write_config("timeout = 1\n");
    let started = std::time::Instant::now();
    let output = search_against(&env, &silent_server());
    assert_one_line_error(&output, 4, "no answer within 1s");
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
}

#[test]
fn an_html_error_page_is_a_transport_error() {
    let env = TestEnv::new();
    let page = http_response(
        "502 Bad Gateway",
        "text/html",
        "<html><body>502 Bad Gateway</body></html>",
    );
    assert_one_line_error(&search_against(&env, &canned_server(page)), 4, "HTTP 502");

    let page_with_200 = http_response("200 OK", "text/html", "<html>maintenance</html>");
    assert_one_line_error(
        &search_against(&env, &canned_server(page_with_200)),
        4,
        "not the API's JSON",
    );
}

#[test]
fn empty_and_truncated_bodies_are_transport_errors() {
    let env = TestEnv::new();
    assert_one_line_error(
        &search_against(&env, &canned_server(json_body(""))),
        4,
        "empty body",
    );

    let truncated = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\
                     Connection: close\r\n\r\n{\"reason\":\"success\",\"result\":{\"queryKey\"";
    let output = search_against(&env, &canned_server(truncated.to_string()));
    assert_eq!(output.status.code(), Some(4), "{}", stderr_of(&output));
}

#[test]
fn a_null_result_is_not_taken_for_an_answer() {
    let env = TestEnv::new();
    let endpoint = canned_server(json_body(
        r#"{"reason":"success","result":null,"error_code":0}"#,
    ));
    assert_one_line_error(&search_against(&env, &endpoint), 4, "`result` is null");
}

#[test]
fn a_field_of_the_wrong_type_is_named() {
    let env = TestEnv::new();
    let body = r#"{"reason":"success","error_code":0,"result":{"queryKey":"k","trains":[
        {"trainNo":"G1","fromTime":"08:00","runTimeSpan":{"minutes":5},"tickets":{}}]}}"#;
    let output = search_against(&env, &canned_server(json_body(body)));
    assert_one_line_error(&output, 4, "trains[0].runTimeSpan");
}

#[test]
fn an_oversized_body_is_refused_unread() {
    let env = TestEnv::new();
    let huge = format!("{{\"reason\":\"{}\"}}", "x".repeat(5 * 1024 * 1024));
    assert_one_line_error(
        &search_against(&env, &canned_server(json_body(&huge))),
        4,
        "exceeds",
    );
}

#[test]
fn a_missing_key_is_a_config_error_naming_jukey_and_the_path() {
    let env = TestEnv::new();
    let output = env
        .bare_grab()
        .env("GRAB_ENDPOINT", env.sandbox.endpoint())
        .args(["search", "苏州", "昆山", "tomorrow"])
        .output()
        .unwrap();
    assert_one_line_error(&output, 5, "JUHE_KEY");
    assert!(stderr_of(&output).contains("config.toml"));
    assert!(env.requests().is_empty());
}

#[test]
fn an_invalid_config_file_is_named_with_its_line() {
    let env = TestEnv::new();
    let path = env.write_config("timeout = 10\n[contact]\ncellphone = 138\n");
    let output = env
        .grab()
        .args(["search", "苏州", "昆山", "tomorrow"])
        .output()
        .unwrap();
    assert_one_line_error(&output, 5, "line 3");
    assert!(stderr_of(&output).contains(&path.display().to_string()));
}

#[test]
fn the_key_in_the_config_file_is_used_and_a_world_readable_file_draws_a_warning() {
    let env = TestEnv::new();
    let path = env.write_config("key = \"sandbox\"\n");
    env.bare_grab()
        .env("GRAB_ENDPOINT", env.sandbox.endpoint())
        .args(["search", "苏州", "昆山", "tomorrow"])
        .assert()
        .success();

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let output = env
            .bare_grab()
            .env("GRAB_ENDPOINT", env.sandbox.endpoint())
            .args(["search", "苏州", "昆山", "tomorrow"])
            .output()
            .unwrap();
        assert!(output.status.success());
        assert!(
            stderr_of(&output).contains("chmod 600"),
            "{}",
            stderr_of(&output)
        );
        let quiet = env
            .bare_grab()
            .env("GRAB_ENDPOINT", env.sandbox.endpoint())
            .args(["-q", "search", "苏州", "昆山", "tomorrow"])
            .output()
            .unwrap();
        assert!(stderr_of(&quiet).is_empty(), "-q keeps stderr to errors");
    }
}

#[test]
fn jukey_in_the_environment_overrides_the_config_key() {
    let env = TestEnv::new();
    env.write_config("key = \"wrong\"\n");
    env.grab()
        .args(["search", "苏州", "昆山", "tomorrow"])
        .assert()
        .success();
}

#[test]
fn a_usage_error_from_clap_exits_2() {
    let env = TestEnv::new();
    env.grab().args(["search", "苏州"]).assert().code(2);
    env.grab()
        .args(["search", "苏州", "昆山", "tomorrow", "--sort", "colour"])
        .assert()
        .code(2);
    assert!(env.requests().is_empty());
}

#[test]
fn control_characters_and_line_breaks_from_the_server_never_reach_stdout_raw() {
    let env = TestEnv::new();
    let body = r#"{"reason":"success","error_code":0,"result":{"queryKey":"k","trains":[
        {"trainNo":"G1","fromTime":"08:00","runTimeSpan":"60","fromStation":"苏州\u001b[2J\nevil",
         "toStation":"昆山","bookState":1,"tickets":{}},
        {"trainNo":"G3","fromTime":"09:00","runTimeSpan":"60","fromStation":"苏州","toStation":"昆山",
         "bookState":1,"tickets":{}}]}}"#;
    let output = search_against(&env, &canned_server(json_body(body)));
    assert!(output.status.success(), "{}", stderr_of(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(!stdout.contains('\u{1b}'), "{stdout:?}");
    assert_eq!(stdout.lines().count(), 2, "one line per train: {stdout:?}");
}

#[test]
fn an_endpoint_in_the_config_that_is_no_url_is_a_config_error_with_its_line() {
    let env = TestEnv::new();
    env.write_config("timeout = 5\nendpoint = \"v.juhe.cn/grabTicket\"\n");
    let output = env
        .bare_grab()
        .env("JUHE_KEY", "k")
        .args(["search", "苏州", "昆山", "tomorrow"])
        .output()
        .unwrap();
    assert_one_line_error(&output, 5, "line 2");
}

#[test]
fn a_data_dir_that_cannot_be_made_is_a_config_error() {
    let env = TestEnv::new();
    let blocker = env.home.path().join("a-file");
    std::fs::write(&blocker, "not a folder").unwrap();
    let output = env
        .grab()
        .env("GRAB_DATA_DIR", blocker.join("data"))
        .args(["status"])
        .output()
        .unwrap();
    assert_one_line_error(&output, 5, "GRAB_DATA_DIR");
}

#[test]
fn command_line_mistakes_are_one_line_too() {
    let env = TestEnv::new();
    for args in [
        vec!["search", "苏州"],
        vec!["serch"],
        vec!["search", "苏州", "昆山", "x", "--seet", "a"],
    ] {
        let output = env.grab().args(&args).output().unwrap();
        assert_one_line_error(&output, 2, "--help");
    }
}
