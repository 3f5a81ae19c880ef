//! Grab orders end to end against the sandbox: creation, every outcome, status, watch,
//! cancel and refund, and every refusal with nothing submitted.

mod common;

use common::{PASSENGERS_CONFIG, TestEnv, china_date, param, stderr_of, stdout_of};
use serde_json::Value;

const FROM: &str = "上海";
const TO: &str = "北京";

fn ready_env() -> TestEnv {
    let env = TestEnv::new();
    env.write_config(PASSENGERS_CONFIG);
    env
}

/// Trains on the test day with `seat` bookable, from a search as a user would run it.
fn trains_with(env: &TestEnv, seat: &str) -> Vec<String> {
    let output = env
        .grab()
        .args(["--json", "search", FROM, TO, &china_date(5), "--seat", seat])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let document: Value = serde_json::from_slice(&output.stdout).unwrap();
    let trains: Vec<String> = document["trains"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["train_no"].as_str().unwrap().to_string())
        .collect();
    assert!(
        !trains.is_empty(),
        "the sandbox offers {seat} on {FROM}→{TO}"
    );
    trains
}

fn grab(
    env: &TestEnv,
    order_no: &str,
    train: &str,
    seat: &str,
    passengers: &[&str],
) -> std::process::Output {
    let mut command = env.grab();
    command.args([
        "grab",
        FROM,
        TO,
        &china_date(5),
        "--train",
        train,
        "--seat",
        seat,
        "--order-no",
        order_no,
        "--yes",
    ]);
    for name in passengers {
        command.args(["-p", name]);
    }
    command.output().unwrap()
}

fn grab_ok(env: &TestEnv, order_no: &str, passengers: &[&str]) {
    let train = &trains_with(env, "secondseat")[0];
    let output = grab(env, order_no, train, "secondseat", passengers);
    assert!(
        output.status.success(),
        "grab failed: {}",
        stderr_of(&output)
    );
}

fn watch(env: &TestEnv, order_no: &str) -> std::process::Output {
    env.grab()
        .args(["watch", order_no, "--interval", "300ms"])
        .output()
        .unwrap()
}

fn status_json(env: &TestEnv, args: &[&str]) -> Value {
    let output = env
        .grab()
        .arg("--json")
        .arg("status")
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "status failed: {}",
        stderr_of(&output)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn a_grab_order_is_submitted_once_with_the_searched_details() {
    let env = ready_env();
    let train = trains_with(&env, "secondseat")[0].clone();
    let output = grab(&env, "GRABTEST01", &train, "secondseat", &["张三", "小明"]);
    assert!(output.status.success(), "{}", stderr_of(&output));

    let line = stdout_of(&output);
    let fields: Vec<&str> = line.trim().split('\t').collect();
    assert_eq!(fields[0], "GRABTEST01");
    assert!(fields[1].starts_with("TFT"), "{line}");

    let submits = env.requests_to("submitOrder");
    assert_eq!(submits.len(), 1);
    let submit = &submits[0];
    assert_eq!(param(submit, "trainNo"), Some(train.as_str()));
    assert_eq!(
        param(submit, "mainTrainNo"),
        None,
        "one train and one seat need no main fields"
    );
    let depart = param(submit, "departDate").unwrap();
    assert_eq!(depart.len(), 16, "YYYY-MM-DD HH:MM: {depart}");
    assert!(depart.starts_with(&format!(
        "{}-{}-{}",
        &china_date(5)[..4],
        &china_date(5)[4..6],
        &china_date(5)[6..]
    )));
    let passengers: Value = serde_json::from_str(param(submit, "passengers").unwrap()).unwrap();
    assert_eq!(passengers[0]["idCardType"], "0");
    assert_eq!(passengers[1]["passengerType"], "2");
    assert_eq!(passengers[1]["birthday"], "2018-06-15");

    let list = status_json(&env, &[]);
    assert_eq!(list["orders"][0]["out_order_no"], "GRABTEST01");
    assert_eq!(env.sandbox.orders().len(), 1);
}

#[test]
fn several_trains_and_seats_send_the_main_ones() {
    let env = ready_env();
    let trains = trains_with(&env, "secondseat");
    assert!(trains.len() >= 2);
    let both = format!("{},{}", trains[0], trains[1]);
    let output = env
        .grab()
        .args([
            "grab",
            FROM,
            TO,
            &china_date(5),
            "--train",
            &both,
            "--seat",
            "secondseat,noseat,firstseat",
        ])
        .args([
            "--main-train",
            &trains[1],
            "--order-no",
            "GRABMULTI1",
            "-p",
            "张三",
            "--yes",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let submit = &env.requests_to("submitOrder")[0];
    assert_eq!(
        param(submit, "trainNo"),
        Some(format!("{}|{}", trains[0], trains[1]).as_str())
    );
    assert_eq!(param(submit, "mainTrainNo"), Some(trains[1].as_str()));
    assert_eq!(param(submit, "mainSeatClass"), Some("secondseat"));
}

#[test]
fn an_issued_order_is_watched_to_exit_0_and_its_tickets_shown() {
    let env = ready_env();
    grab_ok(&env, "GRABISSUE1", &["张三"]);
    let output = watch(&env, "GRABISSUE1");
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    let changes = stdout_of(&output);
    assert!(
        changes.lines().last().unwrap().contains("\tF\t"),
        "one line per change, ending issued: {changes}"
    );

    let issued = status_json(&env, &["GRABISSUE1", "--issued"]);
    let ticket = &issued["tickets"][0];
    assert_eq!(ticket["passenger_name"], "张三");
    assert!(!ticket["passenger_id"].as_str().unwrap().is_empty());
    assert!(
        ticket["coach"].is_string()
            && ticket["seat"].is_string()
            && ticket["ticket_no"].is_string()
    );
    assert_eq!(ticket["state"]["code"], "F");

    let list = status_json(&env, &[]);
    assert_eq!(list["orders"][0]["state"]["code"], "F");
    assert_eq!(
        list["orders"][0]["state_source"], "watch",
        "learned by watch, seen again by status"
    );
}

#[test]
fn a_failed_order_ends_watch_with_exit_6_and_its_reason() {
    let env = ready_env();
    grab_ok(&env, "GRABFAIL01", &["张三"]);
    let output = watch(&env, "GRABFAIL01");
    assert_eq!(output.status.code(), Some(6), "{}", stderr_of(&output));
    assert!(stderr_of(&output).contains("ended without tickets"));

    let order = status_json(&env, &["GRABFAIL01"]);
    assert_eq!(order["state"]["code"], "U");
    assert!(order["fail_reason"].as_str().is_some_and(|r| !r.is_empty()));
}

#[test]
fn an_expired_order_ends_watch_with_exit_6() {
    let env = ready_env();
    grab_ok(&env, "GRABEXPIRE1", &["张三"]);
    let output = watch(&env, "GRABEXPIRE1");
    assert_eq!(output.status.code(), Some(6), "{}", stderr_of(&output));
    assert_eq!(status_json(&env, &["GRABEXPIRE1"])["state"]["code"], "O");
}

#[test]
fn a_cancelled_order_cannot_be_watched_to_tickets() {
    let env = ready_env();
    grab_ok(&env, "GRABHOLD01", &["张三"]);
    let output = env
        .grab()
        .args(["cancel", "GRABHOLD01", "--yes"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert_eq!(env.requests_to("cancelOrder").len(), 1);

    assert_eq!(watch(&env, "GRABHOLD01").status.code(), Some(6));
    let again = env
        .grab()
        .args(["cancel", "GRABHOLD01", "--yes"])
        .output()
        .unwrap();
    assert_eq!(
        again.status.code(),
        Some(3),
        "a cancelled grab cannot be cancelled again"
    );
}

#[test]
fn cancel_without_a_terminal_or_yes_is_refused_unsent() {
    let env = ready_env();
    let output = env.grab().args(["cancel", "GRABHOLD02"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr_of(&output).contains("--yes"));
    assert!(env.requests().is_empty());
}

#[test]
fn refund_all_goes_children_first_and_the_tickets_change_state() {
    let env = ready_env();
    grab_ok(&env, "GRABREFUND1", &["张三", "小明"]);
    assert_eq!(watch(&env, "GRABREFUND1").status.code(), Some(0));

    let output = env
        .grab()
        .args(["refund", "GRABREFUND1", "--all", "--yes"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let refunds = env.requests_to("applyRefundOrder");
    assert_eq!(refunds.len(), 2);

    let issued = status_json(&env, &["GRABREFUND1", "--issued"]);
    let child_id = issued["tickets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["passenger_name"] == "小明")
        .unwrap()["passenger_id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        param(&refunds[0], "passengerId"),
        Some(child_id.as_str()),
        "the child's ticket first"
    );
    for ticket in issued["tickets"].as_array().unwrap() {
        assert!(
            ["C", "T"].contains(&ticket["state"]["code"].as_str().unwrap()),
            "{ticket}"
        );
    }
}

#[test]
fn refunding_an_adult_while_a_child_holds_a_ticket_is_refused_by_the_api() {
    let env = ready_env();
    grab_ok(&env, "GRABREFUND2", &["张三", "小明"]);
    assert_eq!(watch(&env, "GRABREFUND2").status.code(), Some(0));
    let output = env
        .grab()
        .args(["refund", "GRABREFUND2", "-p", "张三", "--yes"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3), "{}", stderr_of(&output));
    assert!(stdout_of(&output).contains("refused"));
}

#[test]
fn a_refused_refund_shows_in_the_ticket_state() {
    let env = ready_env();
    grab_ok(&env, "GRABNOREFUND1", &["张三"]);
    assert_eq!(watch(&env, "GRABNOREFUND1").status.code(), Some(0));
    env.grab()
        .args(["refund", "GRABNOREFUND1", "-p", "张三", "--yes"])
        .assert()
        .success();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let issued = status_json(&env, &["GRABNOREFUND1", "--issued"]);
    assert_eq!(issued["tickets"][0]["state"]["code"], "O", "退票失败");
}

#[test]
fn a_dropped_answer_is_reconciled_into_exactly_one_order() {
    let env = ready_env();
    grab_ok(&env, "GRABDROP01", &["张三"]);
    assert_eq!(
        env.requests_to("submitOrder").len(),
        1,
        "never submitted twice"
    );
    assert_eq!(
        env.requests_to("orderDetail").len(),
        1,
        "asked once what became of it"
    );
    assert_eq!(env.sandbox.orders().len(), 1);
    let list = status_json(&env, &[]);
    assert_eq!(list["orders"][0]["state_source"], "reconcile");
    assert!(
        list["orders"][0]["order_no"]
            .as_str()
            .is_some_and(|n| n.starts_with("TFT"))
    );
}

#[test]
fn a_dry_run_prints_the_masked_request_and_submits_nothing() {
    let env = ready_env();
    let train = trains_with(&env, "secondseat")[0].clone();
    let output = env
        .grab()
        .args([
            "--json",
            "grab",
            FROM,
            TO,
            &china_date(5),
            "--train",
            &train,
            "--seat",
            "secondseat",
            "-p",
            "张三",
            "--dry-run",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let document: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(document["params"]["key"], "(redacted)");
    let passengers = document["params"]["passengers"].as_str().unwrap();
    assert!(
        passengers.contains("1101***2X") && !passengers.contains("19491231"),
        "{passengers}"
    );
    assert!(env.requests_to("submitOrder").is_empty());
    assert!(
        stdout_of(&output).find("sandbox").is_none(),
        "the key never appears"
    );
}

#[test]
fn every_refusal_is_made_before_anything_is_submitted() {
    let env = ready_env();
    let train = trains_with(&env, "secondseat")[0].clone();
    let date = china_date(5);
    let base = [
        "grab",
        FROM,
        TO,
        date.as_str(),
        "--train",
        train.as_str(),
        "--seat",
        "secondseat",
        "--yes",
    ];
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["-p", "nobody"], "no passenger profile"),
        (
            vec![
                "-p", "A1", "-p", "A2", "-p", "A3", "-p", "A4", "-p", "A5", "-p", "张三",
            ],
            "at most 5",
        ),
        (vec!["-p", "李四"], "cannot be grab-ordered"),
        (vec!["-p", "王五"], "cannot be grab-ordered"),
        (vec!["-p", "错号"], "check character"),
        (vec!["-p", "无生日"], "needs a birthday"),
        (
            vec!["-p", "张三", "--order-no", "GRAB-1"],
            "6 to 32 letters and digits",
        ),
        (
            vec!["-p", "张三", "--order-no", "G1"],
            "6 to 32 letters and digits",
        ),
        (
            vec!["-p", "张三", "--seat", "deckchair"],
            "unknown seat class",
        ),
        (vec!["-p", "张三", "--train", "Z9"], "not in the search"),
        (
            vec!["-p", "张三", "--until", "2020-01-01 10:00"],
            "has passed",
        ),
        (
            vec!["-p", "张三", "--until", "2099-01-01 10:00"],
            "after the departure",
        ),
        (vec!["-p", "张三", "--main-seat", "firstseat"], "not among"),
    ];
    for (extra, expected) in cases {
        let output = env.grab().args(base).args(&extra).output().unwrap();
        let stderr = stderr_of(&output);
        assert_eq!(output.status.code(), Some(2), "{extra:?}: {stderr}");
        assert!(stderr.contains(expected), "{extra:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
    }
    assert!(env.requests_to("submitOrder").is_empty());
    assert!(env.sandbox.orders().is_empty());
}

#[test]
fn a_departure_under_three_hours_away_is_refused() {
    let env = ready_env();
    let output = env
        .grab()
        .args(["--json", "search", FROM, TO, &china_date(5)])
        .output()
        .unwrap();
    let document: Value = serde_json::from_slice(&output.stdout).unwrap();
    let train = &document["trains"][0];
    let departure =
        chrono::DateTime::parse_from_rfc3339(train["departure"].as_str().unwrap()).unwrap();
    let seat = train["seats"][0]["code"].as_str().unwrap();
    let two_hours_before = (departure - chrono::Duration::hours(2)).to_rfc3339();

    let output = env
        .grab()
        .env("GRAB_NOW", &two_hours_before)
        .args([
            "grab",
            FROM,
            TO,
            &china_date(5),
            "--train",
            train["train_no"].as_str().unwrap(),
            "--seat",
            seat,
        ])
        .args(["-p", "张三", "--yes"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr_of(&output));
    assert!(stderr_of(&output).contains("less than 3 hours"));
    assert!(env.requests_to("submitOrder").is_empty());
}

#[test]
fn an_order_number_already_in_the_journal_is_refused() {
    let env = ready_env();
    grab_ok(&env, "GRABTWICE1", &["张三"]);
    let train = trains_with(&env, "secondseat")[0].clone();
    let output = grab(&env, "GRABTWICE1", &train, "secondseat", &["张三"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr_of(&output).contains("already in the journal"));
    assert_eq!(env.requests_to("submitOrder").len(), 1);
}

#[test]
fn a_malformed_contact_is_refused_before_sending() {
    let env = TestEnv::new();
    env.write_config(&PASSENGERS_CONFIG.replace("13800138000", "12345"));
    let train = trains_with(&env, "secondseat")[0].clone();
    let output = grab(&env, "GRABCONTACT1", &train, "secondseat", &["张三"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr_of(&output).contains("cellphone"));

    env.write_config(&PASSENGERS_CONFIG.replace("zhangsan@example.com", "zhangsan.example.com"));
    let output = grab(&env, "GRABCONTACT2", &train, "secondseat", &["张三"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr_of(&output).contains("email"));
    assert!(env.requests_to("submitOrder").is_empty());
}

#[test]
fn grab_without_a_terminal_or_yes_names_the_flag_and_sends_nothing() {
    let env = ready_env();
    let output = env
        .grab()
        .args([
            "grab",
            FROM,
            TO,
            &china_date(5),
            "--train",
            "G1",
            "--seat",
            "secondseat",
            "-p",
            "张三",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr_of(&output).contains("--yes"));
    assert!(env.requests().is_empty());
}

/// Starts a `grab grab` for `order_no` without waiting for it.
fn spawn_grab(env: &TestEnv, train: &str, order_no: &str) -> std::process::Child {
    env.std_grab()
        .args([
            "grab",
            FROM,
            TO,
            &china_date(5),
            "--train",
            train,
            "--seat",
            "secondseat",
            "-p",
            "张三",
            "--yes",
        ])
        .args(["--order-no", order_no])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

#[test]
fn concurrent_grabs_all_land_in_the_journal() {
    let env = ready_env();
    let train = trains_with(&env, "secondseat")[0].clone();
    let children: Vec<_> = (0..5)
        .map(|i| spawn_grab(&env, &train, &format!("GRABPAR{i:03}")))
        .collect();
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert!(output.status.success(), "{}", stderr_of(&output));
    }
    let list = status_json(&env, &[]);
    assert_eq!(list["orders"].as_array().unwrap().len(), 5);
    assert_eq!(env.sandbox.orders().len(), 5);
}

#[test]
fn concurrent_grabs_of_one_order_number_submit_it_once() {
    let env = ready_env();
    let train = trains_with(&env, "secondseat")[0].clone();
    let children: Vec<_> = (0..4)
        .map(|_| spawn_grab(&env, &train, "GRABSAME01"))
        .collect();
    let codes: Vec<Option<i32>> = children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap().status.code())
        .collect();
    assert_eq!(
        codes.iter().filter(|code| **code == Some(0)).count(),
        1,
        "{codes:?}"
    );
    assert!(
        codes.iter().all(|code| matches!(code, Some(0) | Some(2))),
        "{codes:?}"
    );
    assert_eq!(env.requests_to("submitOrder").len(), 1);
}

#[test]
fn status_refresh_updates_every_open_order() {
    let env = ready_env();
    grab_ok(&env, "GRABREFRESH1", &["张三"]);
    grab_ok(&env, "GRABREFRESH2", &["张三"]);
    std::thread::sleep(std::time::Duration::from_secs(4));
    let list = status_json(&env, &["--refresh"]);
    for order in list["orders"].as_array().unwrap() {
        assert_eq!(order["state"]["code"], "F", "{order}");
        assert_eq!(order["state_source"], "status");
    }
}

const ACCOUNT_CONFIG: &str = "
[accounts.mine]
user = \"zhangsan@example.com\"
password_env = \"TEST_12306_PASSWORD\"
";

#[test]
fn self_purchase_sends_the_account_and_no_secret_reaches_a_log() {
    let env = TestEnv::new();
    env.write_config(&format!("{PASSENGERS_CONFIG}{ACCOUNT_CONFIG}"));
    let train = trains_with(&env, "secondseat")[0].clone();
    let output = env
        .grab()
        .env("TEST_12306_PASSWORD", "hunter2-secret")
        .args([
            "-v",
            "grab",
            FROM,
            TO,
            &china_date(5),
            "--train",
            &train,
            "--seat",
            "secondseat",
        ])
        .args([
            "-p",
            "张三",
            "--account",
            "mine",
            "--order-no",
            "GRABACCOUNT1",
            "--yes",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let submit = &env.requests_to("submitOrder")[0];
    assert_eq!(param(submit, "ticketModel"), Some("1"));
    assert_eq!(param(submit, "accountNo"), Some("zhangsan@example.com"));

    let everything = format!("{}{}", stdout_of(&output), stderr_of(&output));
    assert!(
        everything.contains("accountPwd=***"),
        "-v shows the password masked: {everything}"
    );
    for secret in ["hunter2-secret", "11010519491231002X", "key=sandbox"] {
        assert!(
            !everything.contains(secret),
            "{secret} leaked: {everything}"
        );
    }
    let recorded = format!("{:?}", env.requests());
    assert!(!recorded.contains("hunter2-secret") && !recorded.contains("11010519491231002X"));
}

#[test]
fn self_purchase_without_a_password_or_terminal_names_the_variable() {
    let env = TestEnv::new();
    env.write_config(&format!("{PASSENGERS_CONFIG}{ACCOUNT_CONFIG}"));
    let output = env
        .grab()
        .args([
            "grab",
            FROM,
            TO,
            &china_date(5),
            "--train",
            "G1",
            "--seat",
            "secondseat",
        ])
        .args(["-p", "张三", "--account", "mine", "--yes"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr_of(&output).contains("TEST_12306_PASSWORD"),
        "{}",
        stderr_of(&output)
    );
    assert!(env.requests().is_empty());
}

#[test]
fn an_order_argument_that_is_no_order_number_is_refused_unsent() {
    let env = ready_env();
    for args in [
        vec!["status", ""],
        vec!["status", "bad-number"],
        vec!["watch", "12"],
        vec!["cancel", "x y", "--yes"],
        vec!["refund", "订单号123", "-p", "张三", "--yes"],
        vec!["status", "--issued"],
    ] {
        let output = env.grab().args(&args).output().unwrap();
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr_of(&output)
        );
    }
    assert!(env.requests().is_empty());
}

/// A search answer with one train leaving at 10:00 on the test day whose second class has
/// `seat_state` and `seats`, for servers that script the rest.
fn one_train_search(seat_state: u8, seats: u32) -> String {
    let body = format!(
        r#"{{"reason":"success","error_code":0,"result":{{"queryKey":"q1","fromStation":"上海","toStation":"北京",
        "trainDate":"{}","trains":[{{"trainNo":"G1","fromTime":"10:00","runTimeSpan":"270","fromStation":"上海",
        "toStation":"北京","bookState":1,"trainClass":"GD","tickets":{{"secondseat":{{"seatName":"二等座",
        "price":553,"seatState":{seat_state},"seats":"{seats}"}}}}}}]}}}}"#,
        china_date(5)
    );
    common::http_response("200 OK", "application/json", &body)
}

/// `grab grab` of train G1 against a scripted server.
fn grab_scripted(env: &TestEnv, endpoint: &str, order_no: &str) -> std::process::Output {
    env.grab()
        .env("GRAB_ENDPOINT", endpoint)
        .args([
            "grab",
            FROM,
            TO,
            &china_date(5),
            "--train",
            "G1",
            "--seat",
            "secondseat",
            "-p",
            "张三",
        ])
        .args(["--order-no", order_no, "--yes"])
        .output()
        .unwrap()
}

#[test]
fn an_order_that_never_shows_up_after_a_lost_answer_stays_unknown_and_is_not_resubmitted() {
    let env = ready_env();
    let truncated = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n{\"reason\"".to_string();
    let missing = common::http_response(
        "200 OK",
        "application/json",
        r#"{"reason":"该订单不存在","result":null,"error_code":223816}"#,
    );
    let (endpoint, seen) = common::routed_server(vec![
        ("search.php", one_train_search(1, 0)),
        ("submitOrder.php", truncated),
        ("orderDetail.php", missing),
    ]);
    let output = grab_scripted(&env, &endpoint, "GRABLOST01");
    assert_eq!(output.status.code(), Some(4), "{}", stderr_of(&output));
    assert!(
        stderr_of(&output).contains("do NOT grab again"),
        "{}",
        stderr_of(&output)
    );

    let requests = seen.lock().unwrap().clone();
    assert_eq!(
        requests
            .iter()
            .filter(|line| line.contains("submitOrder"))
            .count(),
        1
    );
    assert!(
        requests
            .iter()
            .filter(|line| line.contains("orderDetail"))
            .count()
            >= 2,
        "asked again: {requests:?}"
    );

    let status = env
        .grab()
        .env("GRAB_ENDPOINT", &endpoint)
        .args(["status", "GRABLOST01"])
        .output()
        .unwrap();
    assert_eq!(status.status.code(), Some(3));
    let list = status_json(&env, &[]);
    assert_eq!(
        list["orders"][0]["state"]["code"], "unknown",
        "too soon to call it never created"
    );
    let again = grab(&env, "GRABLOST01", "G1", "secondseat", &["张三"]);
    assert_eq!(
        again.status.code(),
        Some(2),
        "the same number can never be sent twice"
    );
}

#[test]
fn alternative_trains_must_share_the_main_trains_stations() {
    let env = ready_env();
    let output = env
        .grab()
        .args(["--json", "search", "资阳", "成都东", &china_date(5)])
        .output()
        .unwrap();
    let document: Value = serde_json::from_slice(&output.stdout).unwrap();
    let trains = document["trains"].as_array().unwrap();
    let first = &trains[0];
    let other = trains
        .iter()
        .find(|t| t["from_station"] != first["from_station"])
        .expect("two stations");
    let pair = format!(
        "{},{}",
        first["train_no"].as_str().unwrap(),
        other["train_no"].as_str().unwrap()
    );
    let seat = first["seats"][0]["code"].as_str().unwrap();
    let output = env
        .grab()
        .args([
            "grab",
            "资阳",
            "成都东",
            &china_date(5),
            "--train",
            &pair,
            "--seat",
            seat,
            "-p",
            "张三",
            "--yes",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr_of(&output));
    assert!(
        stderr_of(&output).contains("same two stations"),
        "{}",
        stderr_of(&output)
    );
    assert!(env.requests_to("submitOrder").is_empty());
}

#[test]
fn no_accept_no_seat_overrides_the_config() {
    let env = TestEnv::new();
    env.write_config(&format!(
        "{PASSENGERS_CONFIG}\n[grab]\naccept_no_seat = true\n"
    ));
    let train = trains_with(&env, "secondseat")[0].clone();
    grab(&env, "GRABSEAT01", &train, "secondseat", &["张三"]);
    let output = env
        .grab()
        .args([
            "grab",
            FROM,
            TO,
            &china_date(5),
            "--train",
            &train,
            "--seat",
            "secondseat",
            "-p",
            "张三",
        ])
        .args(["--order-no", "GRABSEAT02", "--no-accept-no-seat", "--yes"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let submits = env.requests_to("submitOrder");
    let flags: Vec<&str> = submits
        .iter()
        .map(|r| param(r, "acceptNoSeat").unwrap())
        .collect();
    assert_eq!(
        flags,
        ["1", "0"],
        "the config's default, then the flag's refusal"
    );
}

#[test]
fn a_class_the_vendor_marks_sold_out_with_seat_state_0_can_still_be_grabbed() {
    let env = ready_env();
    let sold_out_search = one_train_search(0, 0);
    let submitted = common::http_response(
        "200 OK",
        "application/json",
        r#"{"reason":"success","result":{"orderNo":"TFT1","outOrderNo":"GRABSOLD01"},"error_code":0}"#,
    );
    let (endpoint, seen) = common::routed_server(vec![
        ("search.php", sold_out_search),
        ("submitOrder.php", submitted),
    ]);
    let output = grab_scripted(&env, &endpoint, "GRABSOLD01");
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert!(
        seen.lock()
            .unwrap()
            .iter()
            .any(|line| line.contains("submitOrder"))
    );
}

#[test]
fn a_class_off_sale_while_seats_remain_is_refused_unsent() {
    let env = ready_env();
    let closed = one_train_search(0, 5);
    let (endpoint, seen) = common::routed_server(vec![("search.php", closed)]);
    let output = grab_scripted(&env, &endpoint, "GRABSCRIPT1");
    assert_eq!(output.status.code(), Some(2), "{}", stderr_of(&output));
    assert!(stderr_of(&output).contains("not on sale"));
    assert!(
        !seen
            .lock()
            .unwrap()
            .iter()
            .any(|line| line.contains("submitOrder"))
    );
}
