//! orderDetail.php: an order in either of the reference's two shapes, key for key, with the
//! vendor's mixed typing reproduced (passengerType a number in the pending shape and a string
//! in the issued one, prices as strings there, idType counted from 1 in answers although
//! submitOrder's idCardType counts from 0).

use serde_json::{Value, json};

use super::lifecycle::{OrderStatus, TicketState};
use super::{clock, mask};
use crate::dict;
use crate::sandbox::store::{OrderPassenger, StoredOrder};

/// The failure the reference's failed sample reports, with the passenger's name and number.
pub fn fail_message(order: &StoredOrder) -> String {
    let first = order.details.passengers.first();
    let name = first
        .map(|passenger| passenger.name.as_str())
        .unwrap_or_default();
    let number = first
        .map(|passenger| mask::certificate(&passenger.id_no))
        .unwrap_or_default();
    format!("乘客身份信息未通过验证_订票失败 添加乘客 未通过身份效验 {name} {number} ")
}

/// Without `issue`: the grab order as it is being grabbed.
pub fn pending(order: &StoredOrder, now_ms: i64) -> Value {
    let status = order.status_at(now_ms);
    let details = &order.details;
    let issued = order.issued_ms().is_some_and(|at| at <= now_ms);
    let passengers: Vec<Value> = details
        .passengers
        .iter()
        .map(|passenger| {
            json!({
                "passengerName": passenger.name,
                "passengerType": passenger.passenger_type,
                "certificateNo": mask::certificate(&passenger.id_no),
                "ticketPrice": if issued { passenger.price } else { 0.0 },
            })
        })
        .collect();
    json!({
        "status": status.code(),
        "fromStation": details.train.from_station,
        "toStation": details.train.to_station,
        "departDate": clock::iso(details.train.departs_ms),
        "orderNo": order.order_no,
        "trainNo": details.train_nos.join("|"),
        "seatClass": seat_names(&details.seat_codes),
        "passengers": passengers,
        "phone": mask::phone(&details.cellphone),
        "mainTrainNo": details.main_train_no,
        "failMsg": failure(order, status),
        "mainSeatClass": details.main_seat_class,
        "grabEndTime": clock::iso(details.close_ms),
    })
}

/// With `issue=1`: the order and its tickets; an order without tickets has empty ticket
/// fields and its own state.
pub fn issued(order: &StoredOrder, now_ms: i64) -> Value {
    let status = order.status_at(now_ms);
    let details = &order.details;
    let issued_ms = order.issued_ms().filter(|at| *at <= now_ms);
    let issue_time = issued_ms.map(clock::plain).unwrap_or_default();
    let order_price: f64 = details
        .passengers
        .iter()
        .map(|passenger| passenger.price)
        .sum();
    let departs_ms = details.train.departs_ms;
    json!({
        "orderNo": order.order_no,
        "outOrderNo": order.out_order_no,
        "trainNo": details.train.number,
        "trainDate": clock::china_time(departs_ms).format("%Y-%m-%d").to_string(),
        "fromStation": details.train.from_station,
        "toStation": details.train.to_station,
        "departureTime": clock::plain(departs_ms),
        "arrivalTime": clock::plain(departs_ms + details.train.run_minutes * 60_000),
        "orderState": status.words(),
        "orderStateCode": status.code(),
        "failureReason": failure(order, status),
        "bookTime": clock::plain(order.created_ms),
        "payTime": issue_time,
        "issueTime": issue_time,
        "payType": if issued_ms.is_some() { "暂存单支付" } else { "" },
        "orderPrice": money(if issued_ms.is_some() { order_price } else { 0.0 }),
        "ticketNo": if issued_ms.is_some() { details.ticket_no.as_str() } else { "" },
        "placeTime": clock::plain(order.created_ms),
        "payStatus": "0",
        "payInfo": "",
        "passengers": details.passengers.iter().map(|p| ticket(order, p, now_ms)).collect::<Vec<_>>(),
        "contactInfo": {
            // The reference's sample shows the masked phone as the person too.
            "person": mask::contact_phone(&details.cellphone),
            "cellphone": mask::contact_phone(&details.cellphone),
            "email": details.email,
        },
        "postalInfo": {
            "person": null, "cellphone": null, "province": null, "city": null,
            "district": null, "address": null, "zip": null,
        },
        "juheServiceFee": if issued_ms.is_some() { "8" } else { "0" },
    })
}

/// One passenger of the issued shape.
fn ticket(order: &StoredOrder, passenger: &OrderPassenger, now_ms: i64) -> Value {
    let state = order.ticket_state_at(&passenger.passenger_id, now_ms);
    let has_ticket = state != TicketState::NotIssued;
    let seat_code = order.details.seat_code.as_str();
    json!({
        "passengerId": passenger.passenger_id,
        "passengerName": passenger.name,
        "passengerType": passenger.passenger_type.to_string(),
        "idType": (passenger.id_type + 1).to_string(),
        "idCard": mask::id_card(&passenger.id_no),
        "birthday": passenger.birthday,
        "seatClass": seat_code,
        "seatClassName": dict::seat_class_name(seat_code).unwrap_or_default(),
        "seatNo": if has_ticket { seat_no(passenger) } else { String::new() },
        "pTicketNo": if has_ticket { passenger_ticket_no(order, passenger) } else { String::new() },
        "ticketStateCode": state.code(),
        "ticketState": state.words(),
        "ticketPrice": money(if has_ticket { passenger.price } else { 0.0 }),
        "insureUnitPrice": "0.00",
        "insureState": null,
        "insureBillNo": null,
    })
}

/// `07车厢,009号`.
pub fn seat_no(passenger: &OrderPassenger) -> String {
    format!("{:02}车厢,{:03}号", passenger.coach, passenger.seat)
}

/// The order's ticket number, 1, the coach in two digits and the seat in four, as in the
/// samples (`E345091034` + `1` + `07` + `0009`).
pub fn passenger_ticket_no(order: &StoredOrder, passenger: &OrderPassenger) -> String {
    format!(
        "{}1{:02}{:04}",
        order.details.ticket_no, passenger.coach, passenger.seat
    )
}

/// Prices as the vendor writes them in strings: `9.00`.
pub fn money(yuan: f64) -> String {
    format!("{yuan:.2}")
}

fn failure(order: &StoredOrder, status: OrderStatus) -> String {
    if status == OrderStatus::Failed {
        fail_message(order)
    } else {
        String::new()
    }
}

/// 硬座 for one class, names joined by `|` for several.
fn seat_names(codes: &[String]) -> String {
    codes
        .iter()
        .map(|code| dict::seat_class_name(code).unwrap_or(code))
        .collect::<Vec<_>>()
        .join("|")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::store::test_order;

    const DAY: i64 = 24 * 3600 * 1000;

    fn keys(value: &Value) -> Vec<&str> {
        value
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect()
    }

    #[test]
    fn the_pending_shape_has_the_samples_keys_and_types() {
        let order = test_order("fail0001", 0, 5 * DAY);
        let shape = pending(&order, 3000);
        let expected = [
            "status",
            "fromStation",
            "toStation",
            "departDate",
            "orderNo",
            "trainNo",
            "seatClass",
            "passengers",
            "phone",
            "mainTrainNo",
            "failMsg",
            "mainSeatClass",
            "grabEndTime",
        ];
        assert_eq!(keys(&shape), expected);
        assert_eq!(shape["status"], "U");
        assert_eq!(shape["seatClass"], "二等座");
        assert_eq!(shape["phone"], "1599XXXXXXX");
        assert!(
            shape["failMsg"]
                .as_str()
                .unwrap()
                .contains("110105XXXXXXX002X")
        );
        let passenger = &shape["passengers"][0];
        assert_eq!(
            keys(passenger),
            [
                "passengerName",
                "passengerType",
                "certificateNo",
                "ticketPrice"
            ]
        );
        assert_eq!(passenger["passengerType"], 1);
        assert_eq!(passenger["ticketPrice"], 0.0);
    }

    #[test]
    fn the_issued_shape_has_the_samples_keys_and_types() {
        let order = test_order("2026120301", 0, 5 * DAY);
        let shape = issued(&order, 3000);
        let expected = [
            "orderNo",
            "outOrderNo",
            "trainNo",
            "trainDate",
            "fromStation",
            "toStation",
            "departureTime",
            "arrivalTime",
            "orderState",
            "orderStateCode",
            "failureReason",
            "bookTime",
            "payTime",
            "issueTime",
            "payType",
            "orderPrice",
            "ticketNo",
            "placeTime",
            "payStatus",
            "payInfo",
            "passengers",
            "contactInfo",
            "postalInfo",
            "juheServiceFee",
        ];
        assert_eq!(keys(&shape), expected);
        assert_eq!(shape["orderStateCode"], "F");
        assert_eq!(shape["orderPrice"], "59.00");
        let passenger = &shape["passengers"][0];
        assert_eq!(passenger["passengerType"], "1");
        assert_eq!(passenger["idType"], "1");
        assert_eq!(passenger["seatNo"], "07车厢,009号");
        assert_eq!(passenger["pTicketNo"], "E3450910341070009");
        assert_eq!(passenger["ticketPrice"], "29.50");
        assert_eq!(shape["contactInfo"]["cellphone"], "1599****577");
    }

    #[test]
    fn an_order_without_tickets_has_empty_ticket_fields() {
        let order = test_order("2026120301", 0, 5 * DAY);
        let shape = issued(&order, 1500);
        assert_eq!(shape["orderStateCode"], "D");
        assert_eq!(shape["ticketNo"], "");
        assert_eq!(shape["issueTime"], "");
        assert_eq!(shape["passengers"][0]["ticketStateCode"], "N");
        assert_eq!(shape["passengers"][0]["seatNo"], "");
    }
}
