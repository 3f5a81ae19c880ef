//! submitOrder's `passengers`: a JSON array of one to five people, each with a name, a ticket
//! type the grab service sells (1 adult, 2 child), a document (idCardType 0-based, as the
//! parameter's own text documents it) and a birthday where the document does not carry one.
//!
//! Numbers may come as JSON numbers or strings (`"passengerType": 1` or `"1"`), as the vendor's
//! own samples mix them.

use chrono::NaiveDate;
use serde_json::{Map, Value};

use super::id_card;
use crate::sandbox::codes::{INVALID_PASSENGER, OVER_LIMIT, Refusal, UNSUPPORTED_TICKET_TYPE};

/// The vendor's tip: 抢票单目前最多支持五名乘客.
pub const MAX_PASSENGERS: usize = 5;

/// idCardType 0: 身份证, the only document whose number is checked and carries a birthday.
const ID_CARD: u8 = 0;

/// The highest idCardType: 3 港澳通行证.
const LAST_ID_TYPE: u8 = 3;

/// A passenger as the submit gave them, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PassengerInput {
    pub name: String,
    /// 1 adult, 2 child.
    pub passenger_type: u8,
    /// 0-based, as sent.
    pub id_type: u8,
    pub id_no: String,
    pub birthday: NaiveDate,
}

pub fn invalid_passenger() -> Refusal {
    Refusal::new(INVALID_PASSENGER, "乘客信息不正确")
}

/// Reads and checks the whole array; `today` is in China.
pub fn read(text: &str, today: NaiveDate) -> Result<Vec<PassengerInput>, Refusal> {
    let Ok(Value::Array(entries)) = serde_json::from_str::<Value>(text) else {
        return Err(invalid_passenger());
    };
    if entries.is_empty() {
        return Err(invalid_passenger());
    }
    if entries.len() > MAX_PASSENGERS {
        return Err(Refusal::new(
            OVER_LIMIT,
            "抢票单乘客数,车次数,坐席数超过配置上限",
        ));
    }
    entries
        .iter()
        .map(|entry| match entry {
            Value::Object(fields) => read_one(fields, today),
            _ => Err(invalid_passenger()),
        })
        .collect()
}

fn read_one(fields: &Map<String, Value>, today: NaiveDate) -> Result<PassengerInput, Refusal> {
    let name = text(fields, "passengerName").ok_or_else(invalid_passenger)?;
    let passenger_type = passenger_type(fields)?;
    let id_type = small_number(fields, "idCardType")
        .filter(|id_type| *id_type <= LAST_ID_TYPE)
        .ok_or_else(invalid_passenger)?;
    let id_no = text(fields, "idCardNo").ok_or_else(invalid_passenger)?;

    let birthday = if id_type == ID_CARD {
        id_card::birth_date(&id_no, today)
    } else {
        text(fields, "birthday")
            .and_then(|text| NaiveDate::parse_from_str(&text, "%Y-%m-%d").ok())
            .filter(|born| *born <= today)
    };
    Ok(PassengerInput {
        name,
        passenger_type,
        id_type,
        id_no,
        birthday: birthday.ok_or_else(invalid_passenger)?,
    })
}

/// 1 or 2; 3 (student) and 4 (disabled military) exist but cannot be grab-ordered.
fn passenger_type(fields: &Map<String, Value>) -> Result<u8, Refusal> {
    match small_number(fields, "passengerType") {
        Some(kind @ (1 | 2)) => Ok(kind),
        Some(3 | 4) => Err(Refusal::new(
            UNSUPPORTED_TICKET_TYPE,
            "抢票单目前暂不支持学生票和残军票",
        )),
        _ => Err(invalid_passenger()),
    }
}

/// A non-blank string field, trimmed.
fn text(fields: &Map<String, Value>, name: &str) -> Option<String> {
    let value = fields.get(name)?.as_str()?.trim();
    (!value.is_empty()).then(|| value.to_string())
}

/// A small whole number given as a JSON number or a string of digits.
fn small_number(fields: &Map<String, Value>, name: &str) -> Option<u8> {
    match fields.get(name)? {
        Value::Number(number) => number.as_u64().and_then(|n| u8::try_from(n).ok()),
        Value::String(text) => text.trim().parse().ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 3).unwrap()
    }

    fn adult() -> Value {
        json!({
            "passengerName": "张三", "passengerType": "1", "idCardType": "0",
            "idCardNo": "11010519491231002X", "birthday": ""
        })
    }

    fn read_value(value: Value) -> Result<Vec<PassengerInput>, Refusal> {
        read(&value.to_string(), today())
    }

    fn code(value: Value) -> i64 {
        read_value(value).unwrap_err().code
    }

    #[test]
    fn an_id_card_passenger_gets_the_birthday_of_the_number() {
        let passengers = read_value(json!([adult()])).unwrap();
        assert_eq!(passengers[0].birthday.to_string(), "1949-12-31");
        assert_eq!(
            (passengers[0].passenger_type, passengers[0].id_type),
            (1, 0)
        );
    }

    #[test]
    fn numbers_may_be_json_numbers_or_strings() {
        let mut child = adult();
        child["passengerType"] = json!(2);
        child["idCardType"] = json!(1);
        child["idCardNo"] = json!("E12345678");
        child["birthday"] = json!("2018-05-01");
        let passengers = read_value(json!([adult(), child])).unwrap();
        assert_eq!(
            (passengers[1].passenger_type, passengers[1].id_type),
            (2, 1)
        );
    }

    #[test]
    fn counts_outside_one_to_five_are_refused() {
        assert_eq!(code(json!([])), INVALID_PASSENGER);
        assert_eq!(code(json!(vec![adult(); 6])), OVER_LIMIT);
        assert!(read_value(json!(vec![adult(); 5])).is_ok());
        assert_eq!(
            read("not json", today()).unwrap_err().code,
            INVALID_PASSENGER
        );
        assert_eq!(code(json!({ "passengerName": "张三" })), INVALID_PASSENGER);
    }

    #[test]
    fn student_and_disabled_military_tickets_are_refused() {
        for kind in ["3", "4"] {
            let mut student = adult();
            student["passengerType"] = json!(kind);
            assert_eq!(code(json!([student])), UNSUPPORTED_TICKET_TYPE);
        }
    }

    #[test]
    fn bad_fields_are_refused() {
        let cases = [
            ("passengerName", json!("")),
            ("passengerType", json!("0")),
            ("idCardType", json!(4)),
            ("idCardType", json!("身份证")),
            ("idCardNo", json!("110105194912310021")),
            ("idCardNo", json!(null)),
        ];
        for (field, value) in cases {
            let mut passenger = adult();
            passenger[field] = value;
            assert_eq!(code(json!([passenger])), INVALID_PASSENGER, "{field}");
        }
    }

    #[test]
    fn other_documents_need_a_real_birthday() {
        let mut passport = adult();
        passport["idCardType"] = json!("1");
        passport["idCardNo"] = json!("E12345678");
        for birthday in ["", "1989-02-30", "19890218", "2030-01-01"] {
            passport["birthday"] = json!(birthday);
            assert_eq!(
                code(json!([passport.clone()])),
                INVALID_PASSENGER,
                "{birthday}"
            );
        }
        passport["birthday"] = json!("1989-02-18");
        assert!(read_value(json!([passport])).is_ok());
    }
}
