//! The sandbox over real HTTP: started on an ephemeral loopback port, called with GET and
//! POST as a client would, and checked against the vendor's reference.

use chrono::Duration;
use grab::dates;
use grab::sandbox::store::Store;
use grab::sandbox::{self, RecordedRequest, RunningSandbox, SANDBOX_KEY, SandboxOptions};
use serde_json::{Value, json};

async fn start(options: SandboxOptions) -> RunningSandbox {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    sandbox::start(listener, options).await.unwrap()
}

/// reqwest is built without a TLS provider of its own; plain http never uses it, but the
/// client still wants one installed.
fn client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}

fn url(sandbox: &RunningSandbox, file: &str) -> String {
    format!("{}/{file}", sandbox.endpoint())
}

async fn post(sandbox: &RunningSandbox, file: &str, form: &[(&str, &str)]) -> Value {
    let response = client()
        .post(url(sandbox, file))
        .form(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    serde_json::from_str(&response.text().await.unwrap()).unwrap()
}

async fn search(sandbox: &RunningSandbox, from: &str, to: &str, date: &str) -> Value {
    let form = [
        ("key", SANDBOX_KEY),
        ("from", from),
        ("to", to),
        ("date", date),
    ];
    post(sandbox, "search.php", &form).await
}

/// A travel date `days` after today in China, as search.php takes it.
fn travel_date(days: i64) -> String {
    (dates::china_now().date_naive() + Duration::days(days))
        .format("%Y%m%d")
        .to_string()
}

fn keys(value: &Value) -> Vec<&str> {
    value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect()
}

fn refusal_code(answer: &Value) -> i64 {
    assert_eq!(answer["result"], Value::Null, "{answer}");
    answer["error_code"].as_i64().unwrap()
}

#[tokio::test]
async fn a_post_search_answers_in_the_reference_shape() {
    let sandbox = start(SandboxOptions::default()).await;
    let date = travel_date(20);
    let answer = search(&sandbox, "苏州", "昆山", &date).await;

    assert_eq!(keys(&answer), ["reason", "result", "error_code"]);
    assert_eq!(answer["error_code"], 0);
    let result = &answer["result"];
    let expected = [
        "queryKey",
        "fromStation",
        "fromStationCode",
        "toStation",
        "toStationCode",
        "trainDate",
        "pageIndex",
        "pageSize",
        "totalCount",
        "totalSize",
        "trains",
        "froms",
        "tos",
    ];
    assert_eq!(keys(result), expected);
    assert_eq!(result["fromStationCode"], "suzhou");
    assert_eq!(result["trainDate"], date.as_str());
    assert_eq!(
        result["froms"],
        json!([{ "station": "苏州", "location": "" }])
    );
    let query_key = result["queryKey"].as_str().unwrap();
    assert!(
        query_key.len() == 32
            && query_key
                .chars()
                .all(|c| matches!(c, '0'..='9' | 'a'..='f'))
    );

    let trains = result["trains"].as_array().unwrap();
    assert!(trains.len() >= 5);
    assert_eq!(result["totalCount"], trains.len());
    for train in trains {
        assert_train_shape(train);
    }
}

fn assert_train_shape(train: &Value) {
    let expected = [
        "serialNumber",
        "trainNo",
        "fromTime",
        "toTime",
        "fromStation",
        "fromStationCode",
        "toStation",
        "toStationCode",
        "runTimeSpan",
        "fromPassType",
        "toPassType",
        "bookState",
        "trainClass",
        "tickets",
        "miles",
        "pullInByIdCard",
        "note",
    ];
    assert_eq!(keys(train), expected);
    assert!(
        train["runTimeSpan"]
            .as_str()
            .unwrap()
            .parse::<u32>()
            .is_ok()
    );
    let starts_here = train["fromPassType"] == 0;
    assert_eq!(train["toTime"] == "", starts_here, "{train}");
    for (code, ticket) in train["tickets"].as_object().unwrap() {
        assert!(grab::dict::seat_class_name(code).is_some(), "{code}");
        let seat_keys = [
            "seatName",
            "price",
            "seatState",
            "seats",
            "upPrice",
            "midPrice",
            "downPrice",
        ];
        assert_eq!(keys(ticket), seat_keys);
        assert!(ticket["price"].is_f64());
        assert!(ticket["seats"].as_str().unwrap().parse::<u32>().is_ok());
        // A sold-out class stays orderable on a bookable train: grabbing it is the point.
        let bookable = train["bookState"] == 1;
        assert_eq!(ticket["seatState"], u8::from(bookable), "{train}");
    }
}

#[tokio::test]
async fn a_get_search_reads_the_query_string() {
    let sandbox = start(SandboxOptions::default()).await;
    // The URL parser percent-encodes the Chinese names, as a browser would.
    let address = format!(
        "{}?key={SANDBOX_KEY}&from=上海&to=北京&date={}",
        url(&sandbox, "search.php"),
        travel_date(1)
    );
    let response = client().get(address).send().await.unwrap();
    let answer: Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    assert_eq!(answer["error_code"], 0, "{answer}");
    assert_eq!(answer["reason"], "0");
    assert_eq!(answer["result"]["toStation"], "北京");
}

#[tokio::test]
async fn a_missing_or_wrong_key_is_refused_with_10001() {
    let sandbox = start(SandboxOptions::default()).await;
    let expected = json!({ "reason": "错误的请求KEY", "result": null, "error_code": 10001 });
    let date = travel_date(3);
    let form = [("from", "苏州"), ("to", "昆山"), ("date", date.as_str())];
    assert_eq!(post(&sandbox, "search.php", &form).await, expected);
    let wrong = [("key", "not-the-key"), ("from", "苏州")];
    assert_eq!(post(&sandbox, "search.php", &wrong).await, expected);
    assert_eq!(post(&sandbox, "dataDictionary.php", &[]).await, expected);
}

#[tokio::test]
async fn pinyin_names_find_their_stations() {
    let sandbox = start(SandboxOptions::default()).await;
    let answer = search(&sandbox, "shanghaihongqiao", "nanjingnan", &travel_date(2)).await;
    let result = &answer["result"];
    assert_eq!(result["fromStation"], "上海虹桥");
    assert_eq!(result["toStationCode"], "nanjingnan");
    let trains = result["trains"].as_array().unwrap();
    assert!(
        trains
            .iter()
            .all(|train| train["fromStation"] == "上海虹桥")
    );
}

#[tokio::test]
async fn a_city_name_matches_all_of_its_stations() {
    let sandbox = start(SandboxOptions::default()).await;
    let answer = search(&sandbox, "朝阳", "上海虹桥", &travel_date(2)).await;
    let result = &answer["result"];
    assert_eq!(result["fromStation"], "朝阳");
    let froms: Vec<&str> = result["froms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|from| from["station"].as_str().unwrap())
        .collect();
    assert!(froms.len() > 1);
    for train in result["trains"].as_array().unwrap() {
        assert!(
            froms.contains(&train["fromStation"].as_str().unwrap()),
            "{train}"
        );
    }
}

#[tokio::test]
async fn unknown_stations_are_refused_in_the_vendors_words() {
    let sandbox = start(SandboxOptions::default()).await;
    let answer = search(&sandbox, "上海西站", "昆山", &travel_date(2)).await;
    assert_eq!(refusal_code(&answer), 223805);
    assert_eq!(answer["reason"], "参数错误:出发站不存在");
}

#[tokio::test]
async fn malformed_and_past_dates_are_refused() {
    let sandbox = start(SandboxOptions::default()).await;
    for date in ["2026-12-30", "20260230", "tomorrow", &travel_date(-1)] {
        let answer = search(&sandbox, "苏州", "昆山", date).await;
        assert_eq!(refusal_code(&answer), 223806, "{date}: {answer}");
    }
    let today = search(&sandbox, "苏州", "昆山", &travel_date(0)).await;
    assert_eq!(today["error_code"], 0);
}

#[tokio::test]
async fn the_same_search_gives_the_same_trains_under_a_new_query_key() {
    let sandbox = start(SandboxOptions::default()).await;
    let date = travel_date(10);
    let first = search(&sandbox, "上海", "北京", &date).await;
    let second = search(&sandbox, "上海", "北京", &date).await;
    assert_eq!(first["result"]["trains"], second["result"]["trains"]);
    assert_ne!(first["result"]["queryKey"], second["result"]["queryKey"]);
}

#[tokio::test]
async fn student_tickets_cost_less_in_second_class() {
    let sandbox = start(SandboxOptions::default()).await;
    let date = travel_date(5);
    let mut prices = Vec::new();
    for ticket_type in ["1", "2"] {
        let form = [
            ("key", SANDBOX_KEY),
            ("from", "上海虹桥"),
            ("to", "南京南"),
            ("date", date.as_str()),
            ("type", ticket_type),
        ];
        let answer = post(&sandbox, "search.php", &form).await;
        let trains = answer["result"]["trains"].as_array().unwrap();
        let second_class = trains
            .iter()
            .find_map(|train| train["tickets"]["secondseat"]["price"].as_f64());
        prices.push(second_class.unwrap());
    }
    assert!(prices[1] < prices[0], "{prices:?}");

    let form = [
        ("key", SANDBOX_KEY),
        ("from", "苏州"),
        ("to", "昆山"),
        ("date", &date),
        ("type", "3"),
    ];
    assert_eq!(
        refusal_code(&post(&sandbox, "search.php", &form).await),
        223803
    );
}

#[tokio::test]
async fn requests_are_recorded_with_secrets_masked() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("requests.jsonl");
    let options = SandboxOptions {
        request_log: Some(log.clone()),
        ..SandboxOptions::default()
    };
    let sandbox = start(options).await;

    let form = [
        ("key", SANDBOX_KEY),
        ("from", "苏州"),
        ("accountPwd", "hunter2024"),
    ];
    post(&sandbox, "search.php", &form).await;
    let wrong_key = format!("{}?key=wrongkey", url(&sandbox, "dataDictionary.php"));
    client().get(wrong_key).send().await.unwrap();

    let expected = vec![
        RecordedRequest {
            endpoint: "search".into(),
            method: "POST".into(),
            params: vec![
                ("key".into(), "sa***".into()),
                ("from".into(), "苏州".into()),
                ("accountPwd".into(), "***".into()),
            ],
        },
        RecordedRequest {
            endpoint: "dataDictionary".into(),
            method: "GET".into(),
            params: vec![("key".into(), "wr***".into())],
        },
    ];
    assert_eq!(sandbox.requests(), expected);

    let text = std::fs::read_to_string(&log).unwrap();
    assert!(
        !text.contains(SANDBOX_KEY) && !text.contains("hunter2024"),
        "{text}"
    );
    let logged: Vec<RecordedRequest> = text
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(logged, expected);
}

#[tokio::test]
async fn the_data_dictionary_is_the_reference_sample() {
    let sandbox = start(SandboxOptions::default()).await;
    let answer = post(&sandbox, "dataDictionary.php", &[("key", SANDBOX_KEY)]).await;
    let builtin: Value = serde_json::from_str(include_str!("../src/data/dictionary.json")).unwrap();
    assert_eq!(answer["reason"], "success");
    assert_eq!(answer["error_code"], 0);
    assert_eq!(answer["result"], builtin);
    assert_eq!(
        answer["result"]["seatClassCode"]["data"]["secondseat"],
        "二等座"
    );
}

#[tokio::test]
async fn unknown_paths_are_not_found() {
    let sandbox = start(SandboxOptions::default()).await;
    for path in [
        "/grabTicket/action/nothing.php",
        "/grabTicket/search.php",
        "/",
    ] {
        let response = client()
            .get(format!("http://{}{path}", sandbox.addr))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 404, "{path}");
    }
}

#[tokio::test]
async fn oversized_and_malformed_requests_leave_the_server_answering() {
    let sandbox = start(SandboxOptions::default()).await;
    let client = client();
    let huge = format!("key=sandbox&from={}", "苏".repeat(400_000));
    let response = client
        .post(url(&sandbox, "search.php"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(huge)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);

    let mut not_utf8 = b"key=sandbox&to=%E6%98%86%E5%B1%B1&date=20991231&from=".to_vec();
    not_utf8.extend_from_slice(&[0xff, 0xfe, 0x80]);
    let response = client
        .post(url(&sandbox, "search.php"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(not_utf8)
        .send()
        .await
        .unwrap();
    let answer: Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    assert_eq!(refusal_code(&answer), 223805);

    let answer = search(&sandbox, "苏州", "昆山", &travel_date(1)).await;
    assert_eq!(answer["error_code"], 0);
}

#[tokio::test]
async fn query_keys_are_kept_in_the_state_file_with_their_search() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("sandbox.db");
    let options = SandboxOptions {
        state_path: Some(state.clone()),
        ..SandboxOptions::default()
    };
    let sandbox = start(options).await;
    let date = travel_date(7);
    let answer = search(&sandbox, "上海虹桥", "南京南", &date).await;
    let query_key = answer["result"]["queryKey"].as_str().unwrap();

    let stored = Store::open(Some(&state))
        .unwrap()
        .find_query(query_key)
        .unwrap()
        .unwrap();
    assert_eq!(
        (stored.query.from.as_str(), stored.query.to.as_str()),
        ("上海虹桥", "南京南")
    );
    assert_eq!(stored.query.train_date, date);
    assert_eq!(stored.query.trains, answer["result"]["trains"]);
    assert!(!stored.is_expired(chrono::Utc::now().timestamp()));
}
