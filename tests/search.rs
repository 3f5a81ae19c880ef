//! `grab search` against the sandbox: output forms, filters, station and date input, and
//! every refusal with nothing sent.

mod common;

use common::{TestEnv, china_date, param, stderr_of, stdout_of};
use serde_json::Value;

fn search_json(env: &TestEnv, args: &[&str]) -> Value {
    let output = env
        .grab()
        .arg("--json")
        .arg("search")
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "search failed: {}",
        stderr_of(&output)
    );
    serde_json::from_str(&stdout_of(&output)).expect("stdout is one JSON document")
}

fn trains(document: &Value) -> &Vec<Value> {
    document["trains"].as_array().expect("trains array")
}

#[test]
fn a_pipe_gets_one_tab_separated_train_per_line_without_borders() {
    let env = TestEnv::new();
    let output = env
        .grab()
        .args(["search", "苏州", "昆山", "tomorrow"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let stdout = stdout_of(&output);

    let document = search_json(&env, &["苏州", "昆山", "tomorrow"]);
    assert_eq!(stdout.lines().count(), trains(&document).len());
    assert!(!stdout.contains('│') && !stdout.contains('─') && !stdout.contains('\u{1b}'));
    for line in stdout.lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        assert_eq!(fields.len(), 8, "{line}");
        assert!(fields[4].ends_with("+08:00"), "{line}");
    }
}

#[test]
fn json_is_the_normalized_document_with_the_query_key() {
    let env = TestEnv::new();
    let document = search_json(&env, &["苏州", "昆山", "tomorrow"]);

    assert_eq!(document["query_key"].as_str().map(str::len), Some(32));
    assert_eq!(document["ticket_type"], "normal");
    assert!(!trains(&document).is_empty());
    for train in trains(&document) {
        let departure =
            chrono::DateTime::parse_from_rfc3339(train["departure"].as_str().unwrap()).unwrap();
        let arrival =
            chrono::DateTime::parse_from_rfc3339(train["arrival"].as_str().unwrap()).unwrap();
        let minutes = train["duration_minutes"].as_i64().unwrap();
        assert_eq!(
            (arrival - departure).num_minutes(),
            minutes,
            "arrival is departure + duration"
        );
        assert_eq!(departure.offset().local_minus_utc(), 8 * 3600);
        for seat in train["seats"].as_array().unwrap() {
            assert!(seat["price"].is_number() && seat["left"].is_number());
            assert!(
                ["available", "sold_out", "unavailable"].contains(&seat["state"].as_str().unwrap())
            );
            assert!(seat["name"].as_str().is_some_and(|name| !name.is_empty()));
        }
    }
}

#[test]
fn the_json_flag_works_after_the_subcommand_too() {
    let env = TestEnv::new();
    let output = env
        .grab()
        .args(["search", "苏州", "昆山", "tomorrow", "--json"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let document: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(document["trains"].is_array());
}

#[test]
fn pinyin_and_chinese_names_send_the_same_station() {
    let env = TestEnv::new();
    env.grab()
        .args(["search", "shanghaixi", "suzhouyuanqu", "tomorrow"])
        .assert()
        .success();
    env.grab()
        .args(["search", "上海西", "苏州园区", "tomorrow"])
        .assert()
        .success();

    let searches = env.requests_to("search");
    assert_eq!(searches.len(), 2);
    for request in &searches {
        assert_eq!(param(request, "from"), Some("上海西"));
        assert_eq!(param(request, "to"), Some("苏州园区"));
    }
}

#[test]
fn a_city_searches_all_of_its_stations() {
    let env = TestEnv::new();
    let document = search_json(&env, &["资阳", "成都东", "tomorrow"]);
    assert_eq!(param(&env.requests_to("search")[0], "from"), Some("资阳"));
    let from_stations: Vec<&str> = trains(&document)
        .iter()
        .map(|t| t["from_station"].as_str().unwrap())
        .collect();
    assert!(
        from_stations
            .iter()
            .all(|s| *s == "资阳北" || *s == "资阳西"),
        "{from_stations:?}"
    );
}

#[test]
fn every_date_form_sends_the_right_day() {
    let env = TestEnv::new();
    let in_five = china_date(5);
    let dashed = format!("{}-{}-{}", &in_five[..4], &in_five[4..6], &in_five[6..]);
    let forms = [
        ("today", china_date(0)),
        ("tomorrow", china_date(1)),
        ("+3", china_date(3)),
        (in_five.as_str(), in_five.clone()),
        (dashed.as_str(), in_five.clone()),
    ];
    for (form, _) in &forms {
        env.grab()
            .args(["search", "苏州", "昆山", form])
            .assert()
            .success();
    }
    let sent: Vec<String> = env
        .requests_to("search")
        .iter()
        .map(|r| param(r, "date").unwrap().to_string())
        .collect();
    let expected: Vec<String> = forms.iter().map(|(_, date)| date.clone()).collect();
    assert_eq!(sent, expected);
}

#[test]
fn student_fares_are_asked_with_type_2() {
    let env = TestEnv::new();
    let document = search_json(&env, &["上海", "北京", "tomorrow", "--student"]);
    assert_eq!(document["ticket_type"], "student");
    assert_eq!(param(&env.requests_to("search")[0], "type"), Some("2"));
}

#[test]
fn the_type_filter_keeps_only_those_train_letters() {
    let env = TestEnv::new();
    let all = search_json(&env, &["上海虹桥", "南京南", "tomorrow"]);
    let only_g = search_json(&env, &["上海虹桥", "南京南", "tomorrow", "--type", "g"]);
    let numbers: Vec<&str> = trains(&only_g)
        .iter()
        .map(|t| t["train_no"].as_str().unwrap())
        .collect();
    assert!(
        !numbers.is_empty() && numbers.iter().all(|n| n.starts_with('G')),
        "{numbers:?}"
    );
    assert!(
        trains(&all).len() > numbers.len(),
        "the sandbox offers more than G trains here"
    );
}

#[test]
fn departure_bounds_are_inclusive_and_applied() {
    let env = TestEnv::new();
    let document = search_json(
        &env,
        &[
            "上海",
            "北京",
            "tomorrow",
            "--depart-after",
            "08:00",
            "--depart-before",
            "12:30",
        ],
    );
    for train in trains(&document) {
        let clock = &train["departure"].as_str().unwrap()[11..16];
        assert!(("08:00"..="12:30").contains(&clock), "{clock}");
    }
    assert!(document["total_trains"].as_u64().unwrap() > trains(&document).len() as u64);
}

#[test]
fn the_seat_filter_keeps_trains_where_that_class_is_bookable() {
    let env = TestEnv::new();
    let document = search_json(&env, &["上海", "北京", "tomorrow", "--seat", "hardseat"]);
    assert!(!trains(&document).is_empty());
    for train in trains(&document) {
        let seats = train["seats"].as_array().unwrap();
        assert!(
            seats
                .iter()
                .any(|s| s["code"] == "hardseat" && s["state"] == "available")
        );
    }
}

#[test]
fn a_seat_class_may_be_named_in_chinese() {
    let env = TestEnv::new();
    let by_code = search_json(&env, &["上海", "北京", "tomorrow", "--seat", "hardseat"]);
    let by_name = search_json(&env, &["上海", "北京", "tomorrow", "--seat", "硬座"]);
    assert_eq!(by_code["trains"], by_name["trains"]);
}

#[test]
fn sorting_by_duration_and_price_orders_the_trains() {
    let env = TestEnv::new();
    let by_duration = search_json(&env, &["上海", "北京", "tomorrow", "--sort", "duration"]);
    let durations: Vec<u64> = trains(&by_duration)
        .iter()
        .map(|t| t["duration_minutes"].as_u64().unwrap())
        .collect();
    assert!(durations.windows(2).all(|w| w[0] <= w[1]), "{durations:?}");

    let by_price = search_json(
        &env,
        &[
            "上海",
            "北京",
            "tomorrow",
            "--sort",
            "price",
            "--seat",
            "secondseat",
        ],
    );
    let prices: Vec<f64> = trains(&by_price)
        .iter()
        .map(|t| {
            let seats = t["seats"].as_array().unwrap();
            let second = seats.iter().find(|s| s["code"] == "secondseat").unwrap();
            second["price"].as_f64().unwrap()
        })
        .collect();
    assert!(prices.windows(2).all(|w| w[0] <= w[1]), "{prices:?}");
}

#[test]
fn invalid_input_is_refused_with_exit_2_and_nothing_sent() {
    let env = TestEnv::new();
    let cases: [&[&str]; 9] = [
        &["苏州", "昆山", "20200101"],
        &["苏州", "昆山", "20270230"],
        &["苏州", "昆山", "next week"],
        &["苏州", "火星", "tomorrow"],
        &["苏州", "昆山", "tomorrow", "--seat", "deckchair"],
        &["苏州", "昆山", "tomorrow", "--type", "G7"],
        &["苏州", "昆山", "tomorrow", "--depart-after", "25:00"],
        &["苏州", "苏州", "tomorrow"],
        &["binzhou", "昆山", "tomorrow"],
    ];
    for args in cases {
        let output = env.grab().arg("search").args(args).output().unwrap();
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr_of(&output)
        );
        let stderr = stderr_of(&output);
        assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
        assert!(output.stdout.is_empty());
    }
    assert!(
        env.requests().is_empty(),
        "nothing may be sent: {:?}",
        env.requests()
    );
}

#[test]
fn an_unknown_station_is_answered_with_the_nearest_names() {
    let env = TestEnv::new();
    let output = env
        .grab()
        .args(["search", "上海西站", "昆山", "tomorrow"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr_of(&output).contains("did you mean 上海西"),
        "{}",
        stderr_of(&output)
    );
}

#[test]
fn as_typed_passes_an_unlisted_station_through_to_the_api() {
    let env = TestEnv::new();
    let output = env
        .grab()
        .args(["search", "火星", "昆山", "tomorrow", "--as-typed"])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(3),
        "the sandbox refuses it: {}",
        stderr_of(&output)
    );
    assert_eq!(param(&env.requests_to("search")[0], "from"), Some("火星"));
}

#[test]
fn verbose_logs_the_request_with_the_key_masked() {
    let env = TestEnv::new();
    let output = env
        .grab()
        .args(["-v", "search", "苏州", "昆山", "tomorrow"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let stderr = stderr_of(&output);
    assert!(
        stderr.contains("search.php") && stderr.contains("key=sa***"),
        "{stderr}"
    );
    assert!(!stderr.contains("key=sandbox"), "{stderr}");
    assert!(stderr.contains("HTTP 200"), "{stderr}");
}

#[test]
fn a_train_leaving_exactly_at_a_bound_is_kept() {
    let env = TestEnv::new();
    let all = search_json(&env, &["上海", "北京", "tomorrow"]);
    let train = &trains(&all)[1];
    let clock = &train["departure"].as_str().unwrap()[11..16];
    let bounded = search_json(
        &env,
        &[
            "上海",
            "北京",
            "tomorrow",
            "--depart-after",
            clock,
            "--depart-before",
            clock,
        ],
    );
    let numbers: Vec<&str> = trains(&bounded)
        .iter()
        .map(|t| t["train_no"].as_str().unwrap())
        .collect();
    assert!(
        numbers.contains(&train["train_no"].as_str().unwrap()),
        "{clock}: {numbers:?}"
    );
    assert!(
        trains(&bounded)
            .iter()
            .all(|t| &t["departure"].as_str().unwrap()[11..16] == clock)
    );
}
