//! The bodies of the five pushes, key for key and type for type as the reference's samples:
//! every value a string or null, seat classes as the dictionary's seatClass numbers ("4")
//! rather than the seat codes search and orderDetail use.

use serde_json::{Value, json};

use crate::sandbox::orders::clock;
use crate::sandbox::orders::detail::{money, passenger_ticket_no, seat_no};
use crate::sandbox::orders::mask;
use crate::sandbox::store::{OrderPassenger, StoredOrder};
use crate::stations;

/// The dictionary's seatClass number for a seatClassCode. Berth codes without a number of
/// their own go to their carriage class (硬卧中铺 to 6 硬卧, 软卧下铺 to 9 软卧).
pub fn seat_number(seat_code: &str) -> &'static str {
    match seat_code {
        "hardseat" => "1",
        "softseat" => "2",
        "firstseat" => "3",
        "secondseat" => "4",
        "hardsleeperup" => "5",
        "hardsleepermid" => "6",
        "hardsleeperdown" => "7",
        "softsleeperup" => "8",
        "softsleeperdown" => "9",
        "noseat" => "10",
        "businessseat" => "11",
        "specialseat" => "12",
        "advancedsoftsleeper" => "14",
        _ => "13",
    }
}

/// msgCode 100 出票成功.
pub fn issued(order: &StoredOrder, issued_ms: i64) -> Value {
    let details = &order.details;
    let departs_ms = details.train.departs_ms;
    let amount: f64 = details.passengers.iter().map(|p| p.price).sum();
    let passengers: Vec<Value> = details
        .passengers
        .iter()
        .map(|passenger| issue_passenger(order, passenger, true))
        .collect();
    json!({
        "orderNo": order.order_no,
        "outOrderNo": order.out_order_no,
        "msgCode": "100",
        "msgInfo": "出票成功",
        "fromStationCode": station_code(&details.train.from_station),
        "toStationCode": station_code(&details.train.to_station),
        "departureTime": clock::plain(departs_ms),
        "arrivalTime": clock::plain(departs_ms + details.train.run_minutes * 60_000),
        "trainNo": details.train.number,
        "ticketNo": details.ticket_no,
        "orderAmount": money(amount),
        "fromStation": details.train.from_station,
        "toStation": details.train.to_station,
        "issueTime": clock::plain(issued_ms),
        "mailCharge": "0.00",
        "msgDetail": null,
        "passengers": passengers,
        "isChangedOrder": "0",
        "originalOrderNo": "",
        "changedType": "",
        "serviceCharge": "",
        "changePriceDiff": "",
        "juheServiceFee": "8",
    })
}

/// msgCode 101 出票失败: the journey fields null, as in the sample.
pub fn issue_failed(order: &StoredOrder) -> Value {
    let passengers: Vec<Value> = order
        .details
        .passengers
        .iter()
        .map(|passenger| issue_passenger(order, passenger, false))
        .collect();
    json!({
        "orderNo": order.order_no,
        "outOrderNo": order.out_order_no,
        "msgCode": "101",
        "msgInfo": "出票失败",
        "fromStationCode": null,
        "toStationCode": null,
        "departureTime": null,
        "arrivalTime": null,
        "trainNo": null,
        "ticketNo": null,
        "orderAmount": null,
        "fromStation": null,
        "toStation": null,
        "issueTime": "",
        "mailCharge": null,
        "msgDetail": null,
        "passengers": passengers,
        "isChangedOrder": "0",
        "originalOrderNo": "",
        "changedType": "",
        "serviceCharge": "",
        "changePriceDiff": "",
        "juheServiceFee": "0",
    })
}

/// msgCode 101 抢票单过期.
pub fn expired(order: &StoredOrder) -> Value {
    json!({
        "msgCode": "101",
        "msgInfo": "抢票单过期",
        "orderNo": order.order_no,
        "outOrderNo": order.out_order_no,
    })
}

/// msgCode 100 线上退票成功, for one ticket.
pub fn refunded(order: &StoredOrder, passenger: &OrderPassenger, done_ms: i64) -> Value {
    let price = money(passenger.price);
    json!({
        "orderNo": order.order_no,
        "outOrderNo": order.out_order_no,
        "refundTime": clock::plain(done_ms),
        "refundPrice": price,
        "refundType": "online",
        "passengers": [{
            "passengerId": passenger.passenger_id,
            "pTicketNo": passenger_ticket_no(order, passenger),
            "passengerName": passenger.name,
            "passengerType": passenger.passenger_type.to_string(),
            "cardType": card_type(passenger),
            "cardNo": "",
            "refundPrice": price,
        }],
        "msgCode": "100",
        "msgInfo": "线上退票成功",
    })
}

/// msgCode 101 for a refused refund; msgInfo is the code's meaning, as in the sample.
pub fn refund_failed(order: &StoredOrder, passenger: &OrderPassenger, done_ms: i64) -> Value {
    json!({
        "msgCode": "101",
        "msgInfo": "参数无效",
        "orderNo": order.order_no,
        "outOrderNo": order.out_order_no,
        "refundTime": clock::plain(done_ms),
        "refundPrice": "0.00",
        "refundType": "online",
        "passengers": [{
            "passengerId": passenger.passenger_id,
            "passengerName": passenger.name,
            "passengerType": passenger.passenger_type.to_string(),
            "cardType": card_type(passenger),
            "cardNo": "",
            "refundPrice": "0.00",
            "pTicketNo": passenger_ticket_no(order, passenger),
        }],
    })
}

fn issue_passenger(order: &StoredOrder, passenger: &OrderPassenger, issued: bool) -> Value {
    let ticket = |text: String| if issued { text } else { String::new() };
    json!({
        "passengerName": passenger.name,
        "passengerType": passenger.passenger_type.to_string(),
        "cardType": card_type(passenger),
        "cardNo": mask::id_card(&passenger.id_no),
        "passengerId": passenger.passenger_id,
        "seatClass": seat_number(&order.details.seat_code),
        "seatNo": ticket(seat_no(passenger)),
        "price": money(passenger.price),
        "pTicketNo": ticket(passenger_ticket_no(order, passenger)),
        "serviceCharge": "0",
        "insuranceCharge": "0.00",
    })
}

/// Answers count document types from 1, while submitOrder's idCardType counts from 0.
fn card_type(passenger: &OrderPassenger) -> String {
    (passenger.id_type + 1).to_string()
}

/// The station's telegraph code, where the station list knows the name.
fn station_code(name: &str) -> &'static str {
    stations::by_name(name).map_or("", |station| station.telecode)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::store::test_order;

    fn fixture(name: &str) -> Value {
        let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    /// Same keys in the same order, and the same JSON type for each (strings, nulls, arrays).
    fn assert_same_shape(ours: &Value, sample: &Value) {
        match (ours, sample) {
            (Value::Object(ours), Value::Object(sample)) => {
                let our_keys: Vec<&String> = ours.keys().collect();
                let sample_keys: Vec<&String> = sample.keys().collect();
                assert_eq!(our_keys, sample_keys);
                for (key, value) in sample {
                    assert_same_shape(&ours[key], value);
                }
            }
            (Value::Array(ours), Value::Array(sample)) => {
                assert_same_shape(&ours[0], &sample[0]);
            }
            (ours, sample) => assert_eq!(
                std::mem::discriminant(ours),
                std::mem::discriminant(sample),
                "{ours} vs {sample}"
            ),
        }
    }

    #[test]
    fn every_push_has_its_samples_shape() {
        let order = test_order("2026120301", 0, 5 * 24 * 3600 * 1000);
        let passenger = &order.details.passengers[0];
        assert_same_shape(&issued(&order, 3000), &fixture("push_issued.json"));
        assert_same_shape(&issue_failed(&order), &fixture("push_issue_failed.json"));
        assert_same_shape(&expired(&order), &fixture("push_expired.json"));
        assert_same_shape(
            &refunded(&order, passenger, 9000),
            &fixture("push_refunded.json"),
        );
        assert_same_shape(
            &refund_failed(&order, passenger, 9000),
            &fixture("push_refund_failed.json"),
        );
    }

    #[test]
    fn seat_classes_are_pushed_as_dictionary_numbers() {
        let order = test_order("2026120301", 0, 5 * 24 * 3600 * 1000);
        let push = issued(&order, 3000);
        assert_eq!(push["passengers"][0]["seatClass"], "4");
        for code in [
            "hardseat",
            "secondseat",
            "businessseat",
            "softsleeperdown",
            "noseat",
        ] {
            let number = seat_number(code);
            assert!(crate::dict::seat_number_name(number).is_some(), "{code}");
        }
        assert_eq!(
            crate::dict::seat_number_name(seat_number("secondseat")),
            Some("二等座")
        );
    }
}
