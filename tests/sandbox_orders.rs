//! The sandbox's order endpoints over real HTTP: submitOrder with every rule of the reference,
//! orderDetail in both shapes, cancelOrder and applyRefundOrder, the outcomes chosen by magic
//! words, the DROP fault switch, and state shared through the state file.

use std::time::{Duration, Instant};

use chrono::NaiveDateTime;
use grab::dates;
use grab::sandbox::store::Store;
use grab::sandbox::{self, RunningSandbox, SANDBOX_KEY, SandboxOptions};
use serde_json::{Value, json};

/// Fast enough that an order resolves in 0.3 s and a refund in 0.1 s.
const FAST: u32 = 6000;

const ADULT_ID: &str = "11010519491231002X";
const CHILD_ID: &str = "440304201006150021";

async fn start(options: SandboxOptions) -> RunningSandbox {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    sandbox::start(listener, options).await.unwrap()
}

async fn start_at(time_scale: u32) -> RunningSandbox {
    start(SandboxOptions {
        time_scale,
        ..SandboxOptions::default()
    })
    .await
}

fn client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}

async fn post(sandbox: &RunningSandbox, file: &str, form: &[(String, String)]) -> Value {
    let response = client()
        .post(format!("{}/{file}", sandbox.endpoint()))
        .form(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    serde_json::from_str(&response.text().await.unwrap()).unwrap()
}

type Form = Vec<(String, String)>;

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect()
}

/// A search five days ahead, so the three-hour rule never bites by accident.
async fn search(sandbox: &RunningSandbox) -> Value {
    let date = (dates::china_now().date_naive() + chrono::Duration::days(5))
        .format("%Y%m%d")
        .to_string();
    let form = pairs(&[
        ("key", SANDBOX_KEY),
        ("from", "上海虹桥"),
        ("to", "南京南"),
        ("date", &date),
    ]);
    let answer = post(sandbox, "search.php", &form).await;
    assert_eq!(answer["error_code"], 0, "{answer}");
    answer["result"].clone()
}

/// The first bookable train offering second class.
fn bookable_train(result: &Value) -> &Value {
    result["trains"]
        .as_array()
        .unwrap()
        .iter()
        .find(|train| train["bookState"] == 1 && train["tickets"]["secondseat"].is_object())
        .unwrap()
}

fn departure(result: &Value, train: &Value) -> NaiveDateTime {
    let text = format!(
        "{} {}",
        result["trainDate"].as_str().unwrap(),
        train["fromTime"].as_str().unwrap()
    );
    NaiveDateTime::parse_from_str(&text, "%Y%m%d %H:%M").unwrap()
}

fn passengers() -> String {
    json!([
        { "passengerName": "张三", "passengerType": "1", "idCardType": "0",
          "idCardNo": ADULT_ID, "birthday": "" },
        { "passengerName": "张小三", "passengerType": 2, "idCardType": 0,
          "idCardNo": CHILD_ID, "birthday": "" }
    ])
    .to_string()
}

/// A valid submit for the first bookable train, in second class, closing an hour before
/// departure.
fn order_form(result: &Value, out_order_no: &str) -> Vec<(String, String)> {
    let train = bookable_train(result);
    let departs = departure(result, train);
    let close = departs - chrono::Duration::hours(1);
    pairs(&[
        ("key", SANDBOX_KEY),
        ("queryKey", result["queryKey"].as_str().unwrap()),
        ("outOrderNo", out_order_no),
        ("ticketModel", "0"),
        ("trainNo", train["trainNo"].as_str().unwrap()),
        ("seatClassCode", "secondseat"),
        ("fromStation", train["fromStation"].as_str().unwrap()),
        ("toStation", train["toStation"].as_str().unwrap()),
        ("departDate", &departs.format("%Y-%m-%d %H:%M").to_string()),
        ("closeTime", &close.format("%Y-%m-%d %H:%M:%S").to_string()),
        ("acceptNoSeat", "0"),
        ("person", "张三"),
        ("cellphone", "15990000577"),
        ("email", ""),
        ("passengers", &passengers()),
    ])
}

fn with(form: &[(String, String)], name: &str, value: &str) -> Vec<(String, String)> {
    let mut changed: Vec<(String, String)> = form
        .iter()
        .filter(|(key, _)| key != name)
        .cloned()
        .collect();
    changed.push((name.to_string(), value.to_string()));
    changed
}

fn without(form: &[(String, String)], name: &str) -> Vec<(String, String)> {
    form.iter()
        .filter(|(key, _)| key != name)
        .cloned()
        .collect()
}

async fn submit(sandbox: &RunningSandbox, out_order_no: &str) -> Value {
    let result = search(sandbox).await;
    let answer = post(
        sandbox,
        "submitOrder.php",
        &order_form(&result, out_order_no),
    )
    .await;
    assert_eq!(answer["error_code"], 0, "{answer}");
    answer["result"].clone()
}

async fn detail(sandbox: &RunningSandbox, out_order_no: &str, issue: bool) -> Value {
    let mut form = pairs(&[("key", SANDBOX_KEY), ("outOrderNo", out_order_no)]);
    if issue {
        form.push(("issue".into(), "1".into()));
    }
    post(sandbox, "orderDetail.php", &form).await
}

/// Polls the pending shape until the order's status is `expected`.
async fn wait_for_status(sandbox: &RunningSandbox, out_order_no: &str, expected: &str) -> Value {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let answer = detail(sandbox, out_order_no, false).await;
        if answer["result"]["status"] == expected {
            return answer["result"].clone();
        }
        assert!(Instant::now() < deadline, "never {expected}: {answer}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn cancel(sandbox: &RunningSandbox, out_order_no: &str) -> Value {
    let form = pairs(&[("key", SANDBOX_KEY), ("outOrderNo", out_order_no)]);
    post(sandbox, "cancelOrder.php", &form).await
}

async fn refund(sandbox: &RunningSandbox, out_order_no: &str, passenger_id: &str) -> Value {
    let form = pairs(&[
        ("key", SANDBOX_KEY),
        ("outOrderNo", out_order_no),
        ("passengerId", passenger_id),
    ]);
    post(sandbox, "applyRefundOrder.php", &form).await
}

/// The issued shape's passengers, adult first as submitted.
async fn passenger_ids(sandbox: &RunningSandbox, out_order_no: &str) -> (String, String) {
    let issued = detail(sandbox, out_order_no, true).await;
    let id = |index: usize| {
        issued["result"]["passengers"][index]["passengerId"]
            .as_str()
            .unwrap()
            .to_string()
    };
    (id(0), id(1))
}

async fn ticket_state(sandbox: &RunningSandbox, out_order_no: &str, index: usize) -> Value {
    let issued = detail(sandbox, out_order_no, true).await;
    issued["result"]["passengers"][index]["ticketStateCode"].clone()
}

/// Percent-encodes every byte but letters and digits.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|byte| {
            if byte.is_ascii_alphanumeric() {
                char::from(byte).to_string()
            } else {
                format!("%{byte:02X}")
            }
        })
        .collect()
}

fn keys(value: &Value) -> Vec<String> {
    value.as_object().unwrap().keys().cloned().collect()
}

fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn refusal(answer: &Value) -> (i64, String) {
    assert_eq!(answer["result"], Value::Null, "{answer}");
    (
        answer["error_code"].as_i64().unwrap(),
        answer["reason"].as_str().unwrap().to_string(),
    )
}

#[tokio::test]
async fn a_submitted_order_is_grabbed_then_issued_at_the_default_scale() {
    let sandbox = start(SandboxOptions::default()).await;
    let answer = submit(&sandbox, "2026120301").await;
    let order_no = answer["orderNo"].as_str().unwrap();
    assert_eq!(order_no.len(), 27);
    assert!(order_no.starts_with("TFT"));
    assert_eq!(answer["outOrderNo"], "2026120301");

    let created = detail(&sandbox, "2026120301", false).await;
    assert_eq!(created["result"]["status"], "N");
    wait_for_status(&sandbox, "2026120301", "D").await;
    let issued = wait_for_status(&sandbox, "2026120301", "F").await;
    assert_eq!(issued["orderNo"], order_no);
    assert_eq!(
        issued["passengers"][0]["certificateNo"],
        "110105XXXXXXX002X"
    );
    assert_eq!(sandbox.orders()[0].status, "F");
}

#[tokio::test]
async fn both_detail_shapes_have_the_references_keys_and_types() {
    let sandbox = start_at(FAST).await;
    submit(&sandbox, "shape00001").await;
    wait_for_status(&sandbox, "shape00001", "F").await;

    let pending = detail(&sandbox, "shape00001", false).await["result"].clone();
    let sample = fixture("order_detail_pending.json")["result"].clone();
    assert_eq!(keys(&pending), keys(&sample));
    assert_eq!(
        keys(&pending["passengers"][0]),
        keys(&sample["passengers"][0])
    );
    assert!(pending["passengers"][0]["passengerType"].is_number());
    assert!(pending["departDate"].as_str().unwrap().contains('T'));
    assert_eq!(pending["phone"], "1599XXXXXXX");

    let issued = detail(&sandbox, "shape00001", true).await["result"].clone();
    let sample = fixture("order_detail_issued.json")["result"].clone();
    assert_eq!(keys(&issued), keys(&sample));
    let (ticket, sample_ticket) = (&issued["passengers"][0], &sample["passengers"][0]);
    assert_eq!(keys(ticket), keys(sample_ticket));
    assert_eq!(keys(&issued["contactInfo"]), keys(&sample["contactInfo"]));
    assert_eq!(keys(&issued["postalInfo"]), keys(&sample["postalInfo"]));
    assert_eq!(issued["orderStateCode"], "F");
    assert_eq!(
        (&ticket["passengerType"], &ticket["idType"]),
        (&json!("1"), &json!("1"))
    );
    assert_eq!(ticket["seatClass"], "secondseat");
    assert_eq!(ticket["seatClassName"], "二等座");
    assert!(
        ticket["ticketPrice"]
            .as_str()
            .unwrap()
            .ends_with(|c: char| c.is_ascii_digit())
    );
    let ticket_no = issued["ticketNo"].as_str().unwrap();
    assert!(ticket["pTicketNo"].as_str().unwrap().starts_with(ticket_no));
    let seat_no = ticket["seatNo"].as_str().unwrap();
    assert!(
        seat_no.contains("车厢,") && seat_no.ends_with('号'),
        "{seat_no}"
    );
    assert!(
        ticket["passengerId"]
            .as_str()
            .unwrap()
            .parse::<u64>()
            .is_ok()
    );
    assert_eq!(ticket["birthday"], "1949-12-31");
}

#[tokio::test]
async fn failed_and_expired_orders_end_without_tickets() {
    let sandbox = start_at(FAST).await;
    submit(&sandbox, "fail000001").await;
    submit(&sandbox, "expire0001").await;

    let failed = wait_for_status(&sandbox, "fail000001", "U").await;
    assert!(
        failed["failMsg"]
            .as_str()
            .unwrap()
            .starts_with("乘客身份信息未通过验证")
    );
    let issued_shape = detail(&sandbox, "fail000001", true).await;
    assert_eq!(issued_shape["result"]["orderStateCode"], "U");
    assert_eq!(issued_shape["result"]["ticketNo"], "");
    assert_eq!(
        issued_shape["result"]["passengers"][0]["ticketStateCode"],
        "N"
    );

    let expired = wait_for_status(&sandbox, "expire0001", "O").await;
    assert_eq!(expired["failMsg"], "");
    assert_eq!(
        refusal(&cancel(&sandbox, "expire0001").await),
        (223801, "抢票取消失败".into())
    );
}

#[tokio::test]
async fn a_grabbing_order_can_be_cancelled_once_and_an_issued_one_not() {
    let sandbox = start_at(FAST).await;
    submit(&sandbox, "hold000001").await;
    wait_for_status(&sandbox, "hold000001", "D").await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    wait_for_status(&sandbox, "hold000001", "D").await;

    let cancelled = cancel(&sandbox, "hold000001").await;
    assert_eq!(cancelled["error_code"], 0, "{cancelled}");
    assert_eq!(keys(&cancelled["result"]), ["orderNo"]);
    wait_for_status(&sandbox, "hold000001", "C").await;
    assert_eq!(refusal(&cancel(&sandbox, "hold000001").await).0, 223801);

    submit(&sandbox, "2026120302").await;
    wait_for_status(&sandbox, "2026120302", "F").await;
    assert_eq!(refusal(&cancel(&sandbox, "2026120302").await).0, 223801);
    assert_eq!(refusal(&cancel(&sandbox, "nosuch0001").await).0, 223816);
}

#[tokio::test]
async fn a_child_ticket_is_refunded_before_the_adults() {
    let sandbox = start_at(DEFAULT_SCALE_FOR_REFUNDS).await;
    submit(&sandbox, "refund0001").await;
    wait_for_status(&sandbox, "refund0001", "F").await;
    let (adult, child) = passenger_ids(&sandbox, "refund0001").await;

    assert_eq!(
        refusal(&refund(&sandbox, "refund0001", &adult).await),
        (223818, "订单中包含儿童票,如需退票请先退儿童票".into())
    );
    let answer = refund(&sandbox, "refund0001", &child).await;
    assert_eq!(answer["error_code"], 0, "{answer}");
    assert_eq!(answer["result"]["passengerId"], child.as_str());
    assert_eq!(ticket_state(&sandbox, "refund0001", 1).await, "C");
    assert_eq!(
        refusal(&refund(&sandbox, "refund0001", &child).await).0,
        223817
    );

    let answer = refund(&sandbox, "refund0001", &adult).await;
    assert_eq!(answer["error_code"], 0, "{answer}");
    wait_for_status(&sandbox, "refund0001", "T").await;
    assert_eq!(ticket_state(&sandbox, "refund0001", 0).await, "T");
    assert_eq!(ticket_state(&sandbox, "refund0001", 1).await, "T");
}

/// Slow enough to see a ticket in C (1 s), fast enough to issue in 1.5 s.
const DEFAULT_SCALE_FOR_REFUNDS: u32 = 1200;

#[tokio::test]
async fn refunds_of_norefund_orders_end_in_o_and_unknown_tickets_are_refused() {
    let sandbox = start_at(FAST).await;
    submit(&sandbox, "norefund01").await;
    assert_eq!(
        refusal(&refund(&sandbox, "norefund01", "123").await),
        (223804, "参数错误:订单号或passengerId不存在".into())
    );
    let (_, child) = passenger_ids(&sandbox, "norefund01").await;
    assert_eq!(
        refusal(&refund(&sandbox, "norefund01", &child).await),
        (223817, "当前车票状态不允许执行此操作".into())
    );

    wait_for_status(&sandbox, "norefund01", "F").await;
    assert_eq!(
        refund(&sandbox, "norefund01", &child).await["error_code"],
        0
    );
    let deadline = Instant::now() + Duration::from_secs(5);
    while ticket_state(&sandbox, "norefund01", 1).await != "O" {
        assert!(Instant::now() < deadline);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let issued = detail(&sandbox, "norefund01", true).await;
    assert_eq!(issued["result"]["passengers"][1]["ticketState"], "退票失败");
    assert_eq!(issued["result"]["orderStateCode"], "F");
    assert_eq!(
        refusal(&refund(&sandbox, "nosuch0001", &child).await).0,
        223804
    );
}

#[tokio::test]
async fn every_submit_rule_refuses_with_its_code_and_reason() {
    let sandbox = start_at(FAST).await;
    let result = search(&sandbox).await;
    let form = order_form(&result, "rules00001");
    let train = bookable_train(&result);
    let train_no = train["trainNo"].as_str().unwrap();
    let departs = departure(&result, train);
    let student = json!([{ "passengerName": "李四", "passengerType": "3", "idCardType": "0",
                           "idCardNo": ADULT_ID }])
    .to_string();
    let passport_without_birthday = json!([{ "passengerName": "Li", "passengerType": "1",
                                             "idCardType": "1", "idCardNo": "E12345678" }])
    .to_string();
    let bad_check = json!([{ "passengerName": "张三", "passengerType": "1", "idCardType": "0",
                             "idCardNo": "110105194912310021" }])
    .to_string();
    let six: Vec<Value> = (0..6)
        .map(|_| {
            json!({ "passengerName": "张三", "passengerType": "1", "idCardType": "0",
                         "idCardNo": ADULT_ID })
        })
        .collect();
    let six = Value::Array(six).to_string();
    let past = (dates::china_now().naive_local() - chrono::Duration::hours(1))
        .format("%Y-%m-%d %H:%M:%S")
        .to_string();
    let after_departure = (departs + chrono::Duration::minutes(1))
        .format("%Y-%m-%d %H:%M:%S")
        .to_string();
    let six_trains = [train_no; 6].join("|");

    let cases: Vec<(Form, i64, &str)> = vec![
        (
            without(&form, "queryKey"),
            223802,
            "参数错误:queryKey不能为空",
        ),
        (
            with(&form, "queryKey", "0123456789abcdef"),
            223807,
            "站站查询结果已过期,请重新查询",
        ),
        (
            with(&form, "outOrderNo", "12345"),
            223803,
            "参数错误:外部订单号须为6-32位数字英文字母组合",
        ),
        (
            with(&form, "outOrderNo", "order-0001"),
            223803,
            "参数错误:外部订单号须为6-32位数字英文字母组合",
        ),
        (
            with(&form, "ticketModel", "2"),
            223803,
            "参数错误:抢票模式只能为0或1",
        ),
        (
            with(&form, "ticketModel", "1"),
            223802,
            "参数错误:12306帐号不能为空",
        ),
        (with(&form, "trainNo", "X9999"), 223809, "车次号无效"),
        (with(&form, "seatClassCode", "armchair"), 223810, "坐席无效"),
        (
            with(&form, "seatClassCode", "hardsleeperdown"),
            223810,
            "坐席无效",
        ),
        (
            with(&form, "seatClassCode", "firstseat|secondseat"),
            223802,
            "参数错误:主车次不能为空",
        ),
        (
            with(&form, "trainNo", &six_trains),
            223813,
            "抢票单乘客数,车次数,坐席数超过配置上限",
        ),
        (
            with(&form, "fromStation", "上海"),
            223803,
            "参数错误:出发车站与站站查询结果不一致",
        ),
        (
            with(&form, "departDate", &departs.format("%Y-%m-%d").to_string()),
            223811,
            "发车日期无效",
        ),
        (
            with(&form, "closeTime", "tomorrow"),
            223803,
            "参数错误:抢票截止时间格式错误,如:2016-12-01 18:00:00",
        ),
        (
            with(&form, "closeTime", &past),
            223803,
            "参数错误:抢票截止时间已过",
        ),
        (
            with(&form, "closeTime", &after_departure),
            223803,
            "参数错误:抢票截止时间不能晚于发车时间",
        ),
        (
            with(&form, "acceptNoSeat", "yes"),
            223803,
            "参数错误:是否接受无座只能为0或1",
        ),
        (
            without(&form, "person"),
            223802,
            "参数错误:联系人姓名不能为空",
        ),
        (
            without(&form, "cellphone"),
            223802,
            "参数错误:联系人手机不能为空",
        ),
        (with(&form, "passengers", "[]"), 223814, "乘客信息不正确"),
        (with(&form, "passengers", "张三"), 223814, "乘客信息不正确"),
        (
            with(&form, "passengers", &six),
            223813,
            "抢票单乘客数,车次数,坐席数超过配置上限",
        ),
        (
            with(&form, "passengers", &student),
            223815,
            "抢票单目前暂不支持学生票和残军票",
        ),
        (
            with(&form, "passengers", &bad_check),
            223814,
            "乘客信息不正确",
        ),
        (
            with(&form, "passengers", &passport_without_birthday),
            223814,
            "乘客信息不正确",
        ),
    ];
    for (case, expected_code, expected_reason) in cases {
        let answer = post(&sandbox, "submitOrder.php", &case).await;
        assert_eq!(
            refusal(&answer),
            (expected_code, expected_reason.to_string()),
            "{case:?}"
        );
    }
    assert!(sandbox.orders().is_empty());

    let accepted = post(&sandbox, "submitOrder.php", &form).await;
    assert_eq!(accepted["error_code"], 0, "{accepted}");
    let again = post(&sandbox, "submitOrder.php", &form).await;
    assert_eq!(
        refusal(&again),
        (223808, "参数错误:外部订单号已存在".into())
    );
    assert_eq!(sandbox.orders().len(), 1);
}

#[tokio::test]
async fn unbookable_trains_are_refused_and_several_trains_need_a_main() {
    let sandbox = start_at(FAST).await;
    let result = search(&sandbox).await;
    let trains = result["trains"].as_array().unwrap();
    let form = order_form(&result, "multi00001");
    let main = bookable_train(&result)["trainNo"].as_str().unwrap();

    let other = trains
        .iter()
        .find(|train| train["trainNo"] != main && train["tickets"]["secondseat"].is_object())
        .unwrap();
    let both = format!("{main}|{}", other["trainNo"].as_str().unwrap());
    let several = with(
        &with(&form, "trainNo", &both),
        "mainSeatClass",
        "secondseat",
    );
    let answer = post(&sandbox, "submitOrder.php", &several).await;
    assert_eq!(refusal(&answer).1, "参数错误:主车次不能为空");

    let with_main = with(&several, "mainTrainNo", main);
    let answer = post(&sandbox, "submitOrder.php", &with_main).await;
    if other["bookState"] == 1 {
        assert_eq!(answer["error_code"], 0, "{answer}");
        let pending = detail(&sandbox, "multi00001", false).await;
        assert_eq!(pending["result"]["trainNo"], both.as_str());
        assert_eq!(pending["result"]["mainTrainNo"], main);
    } else {
        assert_eq!(refusal(&answer), (223809, "车次号无效".into()));
    }

    if let Some(closed) = trains.iter().find(|train| train["bookState"] != 1) {
        let seat = closed["tickets"]
            .as_object()
            .unwrap()
            .keys()
            .next()
            .unwrap();
        let case = with(&form, "outOrderNo", "closed0001");
        let case = with(&case, "trainNo", closed["trainNo"].as_str().unwrap());
        let case = with(&case, "seatClassCode", seat);
        let answer = post(&sandbox, "submitOrder.php", &case).await;
        assert_eq!(refusal(&answer).0, 223809);
    }
}

#[tokio::test]
async fn a_get_submit_works_and_unknown_orders_are_not_found() {
    let sandbox = start_at(FAST).await;
    let result = search(&sandbox).await;
    let form = order_form(&result, "viaget0001");
    let query: Vec<String> = form
        .iter()
        .map(|(name, value)| format!("{}={}", encode(name), encode(value)))
        .collect();
    let address = format!("{}/submitOrder.php?{}", sandbox.endpoint(), query.join("&"));
    let response = client().get(address).send().await.unwrap();
    let answer: Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    assert_eq!(answer["error_code"], 0, "{answer}");

    let missing = detail(&sandbox, "nosuch0001", false).await;
    assert_eq!(refusal(&missing), (223816, "该订单不存在".into()));
}

#[tokio::test]
async fn passengers_id_numbers_are_masked_in_the_request_log() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("requests.jsonl");
    let sandbox = start(SandboxOptions {
        request_log: Some(log.clone()),
        time_scale: FAST,
        ..SandboxOptions::default()
    })
    .await;
    submit(&sandbox, "masked0001").await;

    let text = std::fs::read_to_string(&log).unwrap();
    let recorded = format!("{:?}", sandbox.requests());
    for record in [&text, &recorded] {
        assert!(
            !record.contains(ADULT_ID) && !record.contains(CHILD_ID),
            "{record}"
        );
        assert!(record.contains("1101***2X"), "{record}");
    }
}

/// The first answer is lost; whatever the client sees, the order exists exactly once and a
/// second submit of the same number is refused.
async fn assert_dropped_once(sandbox: &RunningSandbox, out_order_no: &str) {
    let result = search(sandbox).await;
    let form = order_form(&result, out_order_no);
    let sent = client()
        .post(format!("{}/submitOrder.php", sandbox.endpoint()))
        .form(&form)
        .send()
        .await;
    let body = match sent {
        Ok(response) => response.text().await.ok(),
        Err(_) => None,
    };
    assert!(body.as_ref().is_none_or(String::is_empty), "{body:?}");

    let orders = sandbox.orders();
    let matching: Vec<_> = orders
        .iter()
        .filter(|order| order.out_order_no == out_order_no)
        .collect();
    assert_eq!(matching.len(), 1, "{orders:?}");
    let again = post(sandbox, "submitOrder.php", &form).await;
    assert_eq!(refusal(&again).0, 223808);
    let found = detail(sandbox, out_order_no, false).await;
    assert_eq!(found["result"]["orderNo"], matching[0].order_no.as_str());
}

#[tokio::test]
async fn the_drop_word_commits_the_order_and_loses_the_answer() {
    let sandbox = start_at(FAST).await;
    assert_dropped_once(&sandbox, "drop000001").await;
    submit(&sandbox, "2026120303").await;
}

#[tokio::test]
async fn drop_after_submit_drops_every_submit() {
    let sandbox = start(SandboxOptions {
        drop_after_submit: true,
        time_scale: FAST,
        ..SandboxOptions::default()
    })
    .await;
    assert_dropped_once(&sandbox, "2026120304").await;
}

#[tokio::test]
async fn another_process_sees_the_order_through_the_state_file() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("sandbox.sqlite");
    let options = SandboxOptions {
        state_path: Some(state.clone()),
        time_scale: FAST,
        ..SandboxOptions::default()
    };
    let first = start(options.clone()).await;
    let answer = submit(&first, "shared0001").await;

    let store = Store::open(Some(&state)).unwrap();
    let order = store.find_order("shared0001").unwrap().unwrap();
    assert_eq!(order.order_no, answer["orderNo"].as_str().unwrap());

    let second = start(options).await;
    wait_for_status(&second, "shared0001", "F").await;
    let now_ms = chrono::Utc::now().timestamp_millis();
    assert_eq!(order.status_at(now_ms).code(), "F");
    assert_eq!(second.orders(), first.orders());
}
