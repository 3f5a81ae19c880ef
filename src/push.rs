//! Juhe's pushes: decoding a body (JSON, or a form whose `data` field holds the JSON) and
//! telling the five kinds apart by their content, since the vendor sends no type field.
//!
//! Issue results carry passengers and a msgCode (100 issued, else failed); the expiry push
//! is the bare four-field message whose msgInfo says 抢票单过期; refund results carry
//! refundTime/refundPrice/refundType (msgCode 100 refunded, else refused).

use serde::Serialize;
use serde_json::Value;

use crate::redact::mask_id_number;

/// Pushes are small; anything larger is not one.
pub const MAX_PUSH_BYTES: usize = 64 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PushKind {
    Issued,
    IssueFailed,
    Expired,
    Refunded,
    RefundFailed,
}

impl PushKind {
    pub fn name(self) -> &'static str {
        match self {
            PushKind::Issued => "issued",
            PushKind::IssueFailed => "issue_failed",
            PushKind::Expired => "expired",
            PushKind::Refunded => "refunded",
            PushKind::RefundFailed => "refund_failed",
        }
    }

    /// The order state the push tells of; refund pushes change tickets, not the order.
    pub fn order_state(self) -> Option<&'static str> {
        match self {
            PushKind::Issued => Some("F"),
            PushKind::IssueFailed => Some("U"),
            PushKind::Expired => Some("O"),
            PushKind::Refunded | PushKind::RefundFailed => None,
        }
    }

    /// The ticket state the push tells of.
    pub fn ticket_state(self) -> Option<&'static str> {
        match self {
            PushKind::Issued => Some("F"),
            PushKind::Refunded => Some("T"),
            PushKind::RefundFailed => Some("O"),
            PushKind::IssueFailed | PushKind::Expired => None,
        }
    }
}

/// One push, decoded.
#[derive(Debug, Clone, Serialize)]
pub struct Push {
    pub kind: PushKind,
    pub out_order_no: String,
    pub order_no: String,
    pub msg_code: String,
    pub msg_info: String,
    /// msgDetail: which passengers a failure concerns (`姓名|证件号,…`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub msg_detail: Option<String>,
    pub passengers: Vec<PushPassenger>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refund_price: Option<String>,
    /// The body as received, compact; two deliveries of one push are equal here.
    #[serde(skip)]
    pub raw: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PushPassenger {
    pub passenger_id: String,
    pub passenger_name: String,
    pub passenger_type: String,
    /// The dictionary's seatClass number (4 for 二等座), not the seat code.
    pub seat_class: String,
    pub seat_no: Option<String>,
    pub ticket_no: Option<String>,
    pub price: f64,
}

/// Reads a push from a request body and its content type.
pub fn decode(body: &[u8], content_type: Option<&str>) -> Result<Push, String> {
    if body.len() > MAX_PUSH_BYTES {
        return Err(format!(
            "body of {} bytes is over the {MAX_PUSH_BYTES}-byte bound",
            body.len()
        ));
    }
    let is_form = content_type.is_some_and(|t| t.starts_with("application/x-www-form-urlencoded"));
    let json: Value = if is_form {
        let data = form_urlencoded::parse(body)
            .find(|(name, _)| name == "data")
            .map(|(_, value)| value.into_owned())
            .ok_or("form body without a `data` field")?;
        serde_json::from_str(&data).map_err(|e| format!("`data` is not JSON: {e}"))?
    } else {
        serde_json::from_slice(body).map_err(|e| format!("body is not JSON: {e}"))?
    };
    from_json(&json)
}

fn from_json(json: &Value) -> Result<Push, String> {
    let json = &without_id_numbers(json.clone());
    let object = json.as_object().ok_or("not a JSON object")?;
    let field = |name: &str| text(object.get(name));
    let out_order_no = field("outOrderNo").ok_or("no outOrderNo: not a grabTicket push")?;
    let msg_code = field("msgCode").ok_or("no msgCode: not a grabTicket push")?;
    let msg_info = field("msgInfo").unwrap_or_default();
    let is_refund = ["refundTime", "refundPrice", "refundType"]
        .iter()
        .any(|key| object.contains_key(*key));
    let succeeded = msg_code == "100";

    let kind = if is_refund {
        if succeeded {
            PushKind::Refunded
        } else {
            PushKind::RefundFailed
        }
    } else if succeeded {
        PushKind::Issued
    } else if !object.contains_key("passengers") && msg_info.contains("过期") {
        PushKind::Expired
    } else {
        PushKind::IssueFailed
    };

    let passengers = match object.get("passengers") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items.iter().map(passenger).collect::<Result<_, _>>()?,
        Some(_) => return Err("passengers is not a list".to_string()),
    };
    Ok(Push {
        kind,
        out_order_no,
        order_no: field("orderNo").unwrap_or_default(),
        msg_code,
        msg_info,
        msg_detail: field("msgDetail"),
        passengers,
        refund_price: field("refundPrice"),
        raw: json.to_string(),
    })
}

fn passenger(value: &Value) -> Result<PushPassenger, String> {
    let object = value.as_object().ok_or("a passenger is not an object")?;
    let field = |name: &str| text(object.get(name));
    let price = field("price")
        .or_else(|| field("refundPrice"))
        .unwrap_or_default();
    Ok(PushPassenger {
        passenger_id: field("passengerId").unwrap_or_default(),
        passenger_name: field("passengerName").unwrap_or_default(),
        passenger_type: field("passengerType").unwrap_or_default(),
        seat_class: field("seatClass").unwrap_or_default(),
        seat_no: field("seatNo"),
        ticket_no: field("pTicketNo"),
        price: if price.is_empty() {
            0.0
        } else {
            price
                .parse()
                .map_err(|_| format!("price `{price}` is not a number"))?
        },
    })
}

/// The push with passengers' document numbers masked (`cardNo`, and the `姓名|证件号` pairs
/// of msgDetail), so neither the journal, nor the printed line, nor `--exec` sees them.
/// Masking is deterministic, so a redelivered push still matches the first.
fn without_id_numbers(mut json: Value) -> Value {
    if let Some(passengers) = json.get_mut("passengers").and_then(Value::as_array_mut) {
        for passenger in passengers {
            if let Some(Value::String(card)) = passenger.get_mut("cardNo") {
                *card = mask_id_number(card);
            }
        }
    }
    if let Some(Value::String(detail)) = json.get_mut("msgDetail") {
        *detail = mask_detail(detail);
    }
    json
}

/// `张三|110105194912310021,李四|…` with each number masked.
fn mask_detail(detail: &str) -> String {
    let pairs: Vec<String> = detail
        .split(',')
        .map(|pair| match pair.split_once('|') {
            Some((name, number)) => format!("{name}|{}", mask_id_number(number.trim())),
            None => pair.to_string(),
        })
        .collect();
    pairs.join(",")
}

/// A field as text: strings as they are, numbers in decimal, null and "" as absent.
fn text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) if s.trim().is_empty() => None,
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLES: [(&str, PushKind); 5] = [
        (
            include_str!("../tests/fixtures/push_issued.json"),
            PushKind::Issued,
        ),
        (
            include_str!("../tests/fixtures/push_issue_failed.json"),
            PushKind::IssueFailed,
        ),
        (
            include_str!("../tests/fixtures/push_expired.json"),
            PushKind::Expired,
        ),
        (
            include_str!("../tests/fixtures/push_refunded.json"),
            PushKind::Refunded,
        ),
        (
            include_str!("../tests/fixtures/push_refund_failed.json"),
            PushKind::RefundFailed,
        ),
    ];

    #[test]
    fn the_five_reference_samples_are_told_apart_as_json() {
        for (sample, kind) in SAMPLES {
            let push = decode(sample.as_bytes(), Some("application/json")).unwrap();
            assert_eq!(push.kind, kind, "{sample}");
        }
    }

    #[test]
    fn the_five_reference_samples_are_told_apart_as_forms() {
        for (sample, kind) in SAMPLES {
            let body: String = form_urlencoded::Serializer::new(String::new())
                .append_pair("data", sample)
                .finish();
            let push = decode(
                body.as_bytes(),
                Some("application/x-www-form-urlencoded; charset=UTF-8"),
            )
            .unwrap();
            assert_eq!(push.kind, kind);
        }
    }

    #[test]
    fn an_issue_push_carries_the_tickets() {
        let push = decode(SAMPLES[0].0.as_bytes(), None).unwrap();
        assert_eq!(push.out_order_no, "2016113006");
        let ticket = &push.passengers[0];
        assert_eq!(ticket.passenger_id, "615151438");
        assert_eq!(ticket.seat_class, "1");
        assert_eq!(ticket.seat_no.as_deref(), Some("02车厢,007号"));
        assert_eq!(ticket.price, 9.0);
    }

    #[test]
    fn document_numbers_are_masked_before_anything_keeps_them() {
        let body = SAMPLES[0]
            .0
            .replace("xxxxxxxxxxxxxxx", "11010519491231002X")
            .replace(
                "\"msgDetail\": null",
                "\"msgDetail\": \"奥巴马|11010519491231002X\"",
            );
        let push = decode(body.as_bytes(), None).unwrap();
        assert!(!push.raw.contains("19491231"), "{}", push.raw);
        assert!(push.raw.contains("1101***2X"));
        assert_eq!(push.msg_detail.as_deref(), Some("奥巴马|1101***2X"));
    }

    #[test]
    fn bodies_that_are_not_pushes_are_refused() {
        assert!(decode(b"hello", None).is_err());
        assert!(decode(b"[1,2]", None).is_err());
        assert!(
            decode(br#"{"msgCode":"100"}"#, None)
                .unwrap_err()
                .contains("outOrderNo")
        );
        assert!(decode(b"data=%7Bbroken", Some("application/x-www-form-urlencoded")).is_err());
        assert!(decode(b"other=1", Some("application/x-www-form-urlencoded")).is_err());
        let huge = vec![b' '; MAX_PUSH_BYTES + 1];
        assert!(decode(&huge, None).unwrap_err().contains("bound"));
    }
}
