//! submitOrder's choice of trains and seat classes, checked against the search behind the
//! queryKey: every train among its trains and bookable, every seat class a dictionary code
//! that the chosen trains offer and that is open, and a main train and seat when there are
//! several (the train and class tickets are issued in).

use serde_json::Value;

use crate::dict;
use crate::sandbox::codes::{INVALID_PARAMETER, INVALID_SEAT, INVALID_TRAIN, OVER_LIMIT, Refusal};
use crate::sandbox::params::Params;

/// The most alternative trains one order takes (the sandbox's configured limit).
pub const MAX_TRAINS: usize = 5;

/// The most alternative seat classes one order takes (the sandbox's configured limit).
pub const MAX_SEATS: usize = 5;

/// vendor bookState: 1 can be booked.
const BOOKABLE: i64 = 1;

/// The checked choice.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub train_nos: Vec<String>,
    pub seat_codes: Vec<String>,
    /// mainTrainNo as given, or empty.
    pub main_train_no: String,
    /// mainSeatClass as given, or empty.
    pub main_seat_class: String,
    /// The main train's entry in the search's `trains`.
    pub main_train: Value,
    /// The seat class tickets are issued in.
    pub main_seat: String,
}

pub fn read(params: &Params, trains: &Value) -> Result<Choice, Refusal> {
    let train_param = params
        .get("trainNo")
        .ok_or_else(|| Refusal::missing("车次号"))?;
    let chosen_trains = find_trains(&split(train_param, MAX_TRAINS)?, trains)?;
    let seat_param = params
        .get("seatClassCode")
        .ok_or_else(|| Refusal::missing("座席代号"))?;
    let seat_codes = split(seat_param, MAX_SEATS)?;

    check_seats(&chosen_trains, &seat_codes)?;
    let (main_index, main_seat) = main_choice(params, &chosen_trains, &seat_codes)?;
    check_open(&chosen_trains, &seat_codes)?;

    Ok(Choice {
        train_nos: chosen_trains.iter().map(train_no).collect(),
        seat_codes,
        main_train_no: params.get("mainTrainNo").unwrap_or_default().to_string(),
        main_seat_class: params.get("mainSeatClass").unwrap_or_default().to_string(),
        main_train: chosen_trains[main_index].clone(),
        main_seat,
    })
}

fn invalid_train() -> Refusal {
    Refusal::new(INVALID_TRAIN, "车次号无效")
}

fn invalid_seat() -> Refusal {
    Refusal::new(INVALID_SEAT, "坐席无效")
}

/// `a|b|c` into its parts; an empty part is a malformed list.
fn split(text: &str, limit: usize) -> Result<Vec<String>, Refusal> {
    let parts: Vec<String> = text
        .split('|')
        .map(|part| part.trim().to_string())
        .collect();
    if parts.iter().any(String::is_empty) {
        return Err(Refusal::new(
            INVALID_PARAMETER,
            "参数错误:多个值请用英文中竖线隔开",
        ));
    }
    if parts.len() > limit {
        return Err(Refusal::new(
            OVER_LIMIT,
            "抢票单乘客数,车次数,坐席数超过配置上限",
        ));
    }
    Ok(parts)
}

fn train_no(train: &Value) -> String {
    train["trainNo"].as_str().unwrap_or_default().to_string()
}

fn offers(train: &Value, seat_code: &str) -> bool {
    train["tickets"]
        .get(seat_code)
        .is_some_and(Value::is_object)
}

/// Each number among the search's trains, as the search listed it.
fn find_trains(numbers: &[String], trains: &Value) -> Result<Vec<Value>, Refusal> {
    let listed = trains.as_array().map(Vec::as_slice).unwrap_or_default();
    numbers
        .iter()
        .map(|number| {
            listed
                .iter()
                .find(|train| train["trainNo"].as_str() == Some(number.as_str()))
                .cloned()
                .ok_or_else(invalid_train)
        })
        .collect()
}

/// Each class is a dictionary code some chosen train offers, and each train offers one.
fn check_seats(trains: &[Value], seat_codes: &[String]) -> Result<(), Refusal> {
    let known_and_offered = seat_codes.iter().all(|code| {
        dict::seat_class_name(code).is_some() && trains.iter().any(|train| offers(train, code))
    });
    let every_train_useful = trains
        .iter()
        .all(|train| seat_codes.iter().any(|code| offers(train, code)));
    if known_and_offered && every_train_useful {
        Ok(())
    } else {
        Err(invalid_seat())
    }
}

/// The main train's index and the main seat: named when there are several of either, and then
/// among those chosen, the train offering the seat.
fn main_choice(
    params: &Params,
    trains: &[Value],
    seat_codes: &[String],
) -> Result<(usize, String), Refusal> {
    let several = trains.len() > 1 || seat_codes.len() > 1;
    let main_train = params.get("mainTrainNo");
    let main_seat = params.get("mainSeatClass");
    if several && main_train.is_none() {
        return Err(Refusal::missing("主车次"));
    }
    if several && main_seat.is_none() {
        return Err(Refusal::missing("主坐席"));
    }

    let index = match main_train {
        None => 0,
        Some(number) => trains
            .iter()
            .position(|train| train["trainNo"].as_str() == Some(number))
            .ok_or_else(|| Refusal::new(INVALID_PARAMETER, "参数错误:主车次须为所选车次之一"))?,
    };
    let seat = match main_seat {
        None => seat_codes[0].clone(),
        Some(code) if seat_codes.iter().any(|chosen| chosen == code) => code.to_string(),
        Some(_) => {
            return Err(Refusal::new(
                INVALID_PARAMETER,
                "参数错误:主坐席须为所选坐席之一",
            ));
        }
    };
    if !offers(&trains[index], &seat) {
        return Err(invalid_seat());
    }
    Ok((index, seat))
}

/// Trains the search marked unbookable, and seat classes it marked closed (seatState 0), are
/// refused; a class with no tickets left is fine, since grabbing it is what the order is for.
fn check_open(trains: &[Value], seat_codes: &[String]) -> Result<(), Refusal> {
    if trains
        .iter()
        .any(|train| train["bookState"].as_i64() != Some(BOOKABLE))
    {
        return Err(invalid_train());
    }
    let closed_seat = trains.iter().any(|train| {
        seat_codes.iter().any(|code| {
            offers(train, code) && train["tickets"][code.as_str()]["seatState"].as_i64() == Some(0)
        })
    });
    if closed_seat {
        return Err(invalid_seat());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::codes::MISSING_PARAMETER;
    use serde_json::json;

    fn seat(state: u8, left: &str) -> Value {
        json!({ "seatName": "", "price": 29.5, "seatState": state, "seats": left })
    }

    fn trains() -> Value {
        json!([
            { "trainNo": "G1", "bookState": 1,
              "tickets": { "firstseat": seat(1, "3"), "secondseat": seat(1, "0") } },
            { "trainNo": "D2", "bookState": 1, "tickets": { "secondseat": seat(1, "9") } },
            { "trainNo": "K3", "bookState": 0, "tickets": { "hardseat": seat(0, "0") } },
            { "trainNo": "K4", "bookState": 1,
              "tickets": { "hardseat": seat(1, "5"), "noseat": seat(0, "0") } }
        ])
    }

    fn choose(query: &str) -> Result<Choice, Refusal> {
        read(&Params::collect(Some(query), None), &trains())
    }

    fn code(query: &str) -> i64 {
        choose(query).unwrap_err().code
    }

    #[test]
    fn one_train_and_one_seat_need_no_main() {
        let choice = choose("trainNo=G1&seatClassCode=secondseat").unwrap();
        assert_eq!(choice.main_train["trainNo"], "G1");
        assert_eq!(choice.main_seat, "secondseat");
        assert_eq!(choice.main_train_no, "");
    }

    #[test]
    fn several_trains_or_seats_need_a_main_among_them() {
        let base = "trainNo=G1|D2&seatClassCode=secondseat";
        assert_eq!(code(base), MISSING_PARAMETER);
        assert_eq!(code(&format!("{base}&mainTrainNo=G1")), MISSING_PARAMETER);
        let choice = choose(&format!("{base}&mainTrainNo=D2&mainSeatClass=secondseat")).unwrap();
        assert_eq!(choice.main_train["trainNo"], "D2");
        assert_eq!(choice.train_nos, ["G1", "D2"]);
        assert_eq!(
            code(&format!("{base}&mainTrainNo=K4&mainSeatClass=secondseat")),
            INVALID_PARAMETER
        );
        assert_eq!(
            code(
                "trainNo=G1|D2&seatClassCode=firstseat|secondseat&mainTrainNo=D2&mainSeatClass=firstseat"
            ),
            INVALID_SEAT
        );
    }

    #[test]
    fn unknown_or_unbookable_trains_are_refused() {
        assert_eq!(code("trainNo=G9&seatClassCode=secondseat"), INVALID_TRAIN);
        assert_eq!(code("trainNo=K3&seatClassCode=hardseat"), INVALID_TRAIN);
        assert_eq!(
            code("trainNo=G1||D2&seatClassCode=secondseat"),
            INVALID_PARAMETER
        );
        assert_eq!(code("seatClassCode=secondseat"), MISSING_PARAMETER);
    }

    #[test]
    fn seats_must_be_known_offered_and_open() {
        assert_eq!(code("trainNo=G1&seatClassCode=armchair"), INVALID_SEAT);
        assert_eq!(code("trainNo=G1&seatClassCode=hardseat"), INVALID_SEAT);
        assert_eq!(code("trainNo=K4&seatClassCode=noseat"), INVALID_SEAT);
        let useless_train =
            "trainNo=G1|K4&seatClassCode=secondseat&mainTrainNo=G1&mainSeatClass=secondseat";
        assert_eq!(code(useless_train), INVALID_SEAT);
    }

    #[test]
    fn too_many_trains_or_seats_are_over_the_limit() {
        assert_eq!(
            code("trainNo=G1|G1|G1|G1|G1|G1&seatClassCode=secondseat"),
            OVER_LIMIT
        );
    }
}
