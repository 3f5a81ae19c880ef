//! submitOrder.php: checks a grab order against every rule of the reference, in the order a
//! client fills the form in (the key was checked by the router), then saves it with its
//! ticket numbers drawn, ready for the day it is issued.

use serde_json::{Value, json};

use super::choice::{self, Choice};
use super::lifecycle::{self, Outcome};
use super::passengers::{self, PassengerInput};
use super::schedule::{self, Schedule};
use super::{OrderSettings, clock, internal, random};
use crate::sandbox::codes::{DUPLICATE_ORDER, INVALID_PARAMETER, QUERY_KEY_EXPIRED, Refusal};
use crate::sandbox::params::Params;
use crate::sandbox::store::{OrderDetails, OrderPassenger, OrderTrain, Store, StoredOrder};

/// Coaches on the sandbox's trains; seats are drawn so that an order's passengers sit together.
const COACHES: u32 = 16;
const SEATS_PER_COACH: u32 = 100;

/// What a successful submit answers, and whether the connection is to be dropped instead.
pub struct Submitted {
    pub result: Value,
    pub drop_connection: bool,
}

/// The checks that read the state, then the ones that read only the request.
pub fn submit(
    store: &Store,
    params: &Params,
    settings: &OrderSettings,
    now_ms: i64,
) -> Result<Submitted, Refusal> {
    let query = params
        .get("queryKey")
        .ok_or_else(|| Refusal::missing("queryKey"))?;
    let stored = store.find_query(query).map_err(internal)?;
    let query = stored
        .filter(|query| !query.is_expired(now_ms / 1000))
        .ok_or_else(|| Refusal::new(QUERY_KEY_EXPIRED, "站站查询结果已过期,请重新查询"))?;
    let out_order_no = read_out_order_no(params)?;
    if store.order_exists(out_order_no).map_err(internal)? {
        return Err(duplicate());
    }

    let now = clock::china_time(now_ms);
    let ticket_model = read_ticket_model(params)?;
    let choice = choice::read(params, &query.query.trains)?;
    let schedule = schedule::read(params, &choice.main_train, &query.query.train_date, now)?;
    let accept_no_seat = read_flag(params, "acceptNoSeat", "是否接受无座")?;
    let contact = read_contact(params)?;
    let passengers_param = params
        .get("passengers")
        .ok_or_else(|| Refusal::missing("乘客信息"))?;
    let passengers = passengers::read(passengers_param, now.date())?;

    let details = OrderDetails {
        query_key: query.query_key.clone(),
        ticket_model,
        accept_no_seat,
        outcome: Outcome::for_out_order_no(out_order_no),
        time_scale: settings.time_scale.max(1),
        ..order_details(&choice, &schedule, contact, &passengers)
    };
    let order = StoredOrder {
        out_order_no: out_order_no.to_string(),
        order_no: random::order_no(),
        created_ms: now_ms,
        cancelled_ms: None,
        details,
        refunds: Vec::new(),
    };
    if !store.insert_order(&order).map_err(internal)? {
        return Err(duplicate());
    }
    Ok(Submitted {
        result: json!({ "orderNo": order.order_no, "outOrderNo": order.out_order_no }),
        drop_connection: settings.drop_after_submit || lifecycle::asks_for_drop(out_order_no),
    })
}

fn duplicate() -> Refusal {
    Refusal::new(DUPLICATE_ORDER, "参数错误:外部订单号已存在")
}

/// 6 to 32 ASCII letters and digits.
fn read_out_order_no(params: &Params) -> Result<&str, Refusal> {
    let number = params
        .get("outOrderNo")
        .ok_or_else(|| Refusal::missing("外部订单号"))?;
    let well_formed =
        (6..=32).contains(&number.len()) && number.bytes().all(|byte| byte.is_ascii_alphanumeric());
    if !well_formed {
        return Err(Refusal::new(
            INVALID_PARAMETER,
            "参数错误:外部订单号须为6-32位数字英文字母组合",
        ));
    }
    Ok(number)
}

/// 0 代购; 1 自购, which needs the 12306 account and password.
fn read_ticket_model(params: &Params) -> Result<u8, Refusal> {
    let self_purchase = read_flag(params, "ticketModel", "抢票模式")?;
    if self_purchase {
        params
            .get("accountNo")
            .ok_or_else(|| Refusal::missing("12306帐号"))?;
        params
            .get("accountPwd")
            .ok_or_else(|| Refusal::missing("12306密码"))?;
    }
    Ok(u8::from(self_purchase))
}

/// A parameter that must be 0 or 1.
fn read_flag(params: &Params, name: &str, what: &str) -> Result<bool, Refusal> {
    match params.get(name) {
        None => Err(Refusal::missing(what)),
        Some("0") => Ok(false),
        Some("1") => Ok(true),
        Some(_) => Err(Refusal::new(
            INVALID_PARAMETER,
            format!("参数错误:{what}只能为0或1"),
        )),
    }
}

struct Contact {
    person: String,
    cellphone: String,
    email: String,
}

fn read_contact(params: &Params) -> Result<Contact, Refusal> {
    let person = params
        .get("person")
        .ok_or_else(|| Refusal::missing("联系人姓名"))?;
    let cellphone = params
        .get("cellphone")
        .ok_or_else(|| Refusal::missing("联系人手机"))?;
    Ok(Contact {
        person: person.to_string(),
        cellphone: cellphone.to_string(),
        email: params.get("email").unwrap_or_default().to_string(),
    })
}

/// Everything but the settings: the main train and seat, and a ticket drawn per passenger.
fn order_details(
    choice: &Choice,
    schedule: &Schedule,
    contact: Contact,
    passengers: &[PassengerInput],
) -> OrderDetails {
    let train = &choice.main_train;
    let price = train["tickets"][choice.main_seat.as_str()]["price"]
        .as_f64()
        .unwrap_or_default();
    OrderDetails {
        query_key: String::new(),
        ticket_model: 0,
        train_nos: choice.train_nos.clone(),
        seat_codes: choice.seat_codes.clone(),
        main_train_no: choice.main_train_no.clone(),
        main_seat_class: choice.main_seat_class.clone(),
        train: OrderTrain {
            number: train["trainNo"].as_str().unwrap_or_default().to_string(),
            from_station: train["fromStation"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
            to_station: train["toStation"].as_str().unwrap_or_default().to_string(),
            departs_ms: clock::unix_ms(schedule.departure),
            run_minutes: run_minutes(train),
        },
        seat_code: choice.main_seat.clone(),
        close_ms: clock::unix_ms(schedule.close),
        accept_no_seat: false,
        person: contact.person,
        cellphone: contact.cellphone,
        email: contact.email,
        passengers: seat_passengers(passengers, price),
        ticket_no: format!("E{}", random::digits(9)),
        outcome: Outcome::Issue,
        time_scale: 1,
    }
}

/// The search writes `runTimeSpan` as a string of minutes.
fn run_minutes(train: &Value) -> i64 {
    match &train["runTimeSpan"] {
        Value::String(text) => text.trim().parse().unwrap_or_default(),
        other => other.as_i64().unwrap_or_default(),
    }
}

/// Side by side in one coach, each with a passengerId of its own; children pay half, rounded
/// to half a yuan.
fn seat_passengers(passengers: &[PassengerInput], adult_price: f64) -> Vec<OrderPassenger> {
    let coach = random::between(1, COACHES);
    let first_seat = random::between(1, SEATS_PER_COACH - passengers.len() as u32);
    let first_id: u64 = random::digits(9).parse().unwrap_or(100_000_000);
    passengers
        .iter()
        .zip(0..)
        .map(|(passenger, index)| OrderPassenger {
            passenger_id: (first_id.min(999_999_990) + u64::from(index)).to_string(),
            name: passenger.name.clone(),
            passenger_type: passenger.passenger_type,
            id_type: passenger.id_type,
            id_no: passenger.id_no.clone(),
            birthday: passenger.birthday.format("%Y-%m-%d").to_string(),
            price: if passenger.passenger_type == 2 {
                adult_price.round() / 2.0
            } else {
                adult_price
            },
            coach,
            seat: first_seat + index,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::codes::MISSING_PARAMETER;

    fn params(query: &str) -> Params {
        Params::collect(Some(query), None)
    }

    #[test]
    fn out_order_numbers_are_six_to_thirty_two_letters_and_digits() {
        assert_eq!(
            read_out_order_no(&params("outOrderNo=2026ab")),
            Ok("2026ab")
        );
        let long = "a".repeat(32);
        assert!(read_out_order_no(&params(&format!("outOrderNo={long}"))).is_ok());
        for bad in ["12345", "2026-12-03", "订单123456", &"a".repeat(33)] {
            let refusal = read_out_order_no(&params(&format!("outOrderNo={bad}"))).unwrap_err();
            assert_eq!(refusal.code, INVALID_PARAMETER, "{bad}");
        }
    }

    #[test]
    fn self_purchase_needs_the_account() {
        assert_eq!(read_ticket_model(&params("ticketModel=0")), Ok(0));
        assert_eq!(
            read_ticket_model(&params("ticketModel=2"))
                .unwrap_err()
                .code,
            INVALID_PARAMETER
        );
        let without_password = params("ticketModel=1&accountNo=me");
        assert_eq!(
            read_ticket_model(&without_password).unwrap_err().code,
            MISSING_PARAMETER
        );
        let with_account = params("ticketModel=1&accountNo=me&accountPwd=secret");
        assert_eq!(read_ticket_model(&with_account), Ok(1));
    }

    #[test]
    fn an_orders_passengers_sit_together_with_distinct_ids() {
        let child = PassengerInput {
            name: "张小三".into(),
            passenger_type: 2,
            id_type: 1,
            id_no: "E12345678".into(),
            birthday: chrono::NaiveDate::from_ymd_opt(2018, 5, 1).unwrap(),
        };
        let adult = PassengerInput {
            passenger_type: 1,
            ..child.clone()
        };
        let seated = seat_passengers(&[adult, child], 29.5);
        assert_eq!(seated[0].coach, seated[1].coach);
        assert_eq!(seated[0].seat + 1, seated[1].seat);
        assert_ne!(seated[0].passenger_id, seated[1].passenger_id);
        assert_eq!((seated[0].price, seated[1].price), (29.5, 15.0));
    }
}
