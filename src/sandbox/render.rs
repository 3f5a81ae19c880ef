//! Shapes timetable trains into search.php's answer, key for key as the reference's sample,
//! quirks included: times as `HH:MM`, `runTimeSpan` and `seats` as strings, prices as numbers,
//! `toTime` as the arrival at the departure station.

use serde_json::{Map, Value, json};

use super::search::SearchRequest;
use super::timetable::{BOOKABLE, Seat, Train};
use crate::dict;

/// The `result` object of a search.
pub fn result(request: &SearchRequest, query_key: &str, trains: Value) -> Value {
    let total_count = trains.as_array().map_or(0, Vec::len);
    json!({
        "queryKey": query_key,
        "fromStation": request.from.name,
        "fromStationCode": request.from.pinyin,
        "toStation": request.to.name,
        "toStationCode": request.to.pinyin,
        "trainDate": request.date.format("%Y%m%d").to_string(),
        "pageIndex": 0,
        "pageSize": 0,
        "totalCount": total_count,
        "totalSize": 0,
        "trains": trains,
        "froms": station_list(&request.from.stations),
        "tos": station_list(&request.to.stations),
    })
}

/// The `trains` array, numbered from 1.
pub fn trains(trains: &[Train]) -> Value {
    let rendered = trains
        .iter()
        .zip(1..)
        .map(|(train, serial)| train_json(train, serial));
    Value::Array(rendered.collect())
}

fn station_list(stations: &[&crate::stations::Station]) -> Value {
    let entries = stations
        .iter()
        .map(|station| json!({ "station": station.name, "location": "" }));
    Value::Array(entries.collect())
}

fn train_json(train: &Train, serial: u32) -> Value {
    let arrival_at_origin = train
        .arrival_at_origin
        .map(|time| time.format("%H:%M").to_string())
        .unwrap_or_default();
    json!({
        "serialNumber": serial,
        "trainNo": train.number,
        "fromTime": train.departure.format("%H:%M").to_string(),
        "toTime": arrival_at_origin,
        "fromStation": train.from.name,
        "fromStationCode": train.from.pinyin,
        "toStation": train.to.name,
        "toStationCode": train.to.pinyin,
        "runTimeSpan": train.run_minutes.to_string(),
        "fromPassType": if train.starts_at_origin() { 0 } else { 1 },
        "toPassType": if train.terminates_at_destination { 2 } else { 1 },
        "bookState": train.book_state,
        "trainClass": train.train_class,
        "tickets": tickets(train),
        "miles": train.distance_km,
        "pullInByIdCard": u8::from(train.pull_in_by_id_card),
        "note": "",
    })
}

fn tickets(train: &Train) -> Value {
    let bookable_train = train.book_state == BOOKABLE;
    let entries = train
        .seats
        .iter()
        .map(|seat| (seat.code.to_string(), ticket(seat, bookable_train)));
    Value::Object(entries.collect::<Map<String, Value>>())
}

/// `seatState` says whether the class can be ordered, not whether tickets are left: the grab
/// service exists to order sold-out classes, so a sold-out class of a bookable train stays 1
/// with `seats` "0"; every class of an unbookable train is 0.
fn ticket(seat: &Seat, bookable_train: bool) -> Value {
    json!({
        "seatName": seat_name(seat.code),
        "price": seat.fare.price,
        "seatState": u8::from(bookable_train),
        "seats": seat.left.to_string(),
        "upPrice": seat.fare.up_price,
        "midPrice": seat.fare.mid_price,
        "downPrice": seat.fare.down_price,
    })
}

/// The sample names a sleeper by its carriage class (软卧) rather than the dictionary's berth
/// (软卧下铺), since the entry carries the prices of every berth.
fn seat_name(code: &str) -> &str {
    match code {
        "hardsleeperdown" => "硬卧",
        "softsleeperdown" => "软卧",
        _ => dict::seat_class_name(code).unwrap_or(code),
    }
}
