//! The trains, seats and times of a grab order, checked against a fresh search and the
//! vendor's timing rules before anything is submitted.

use chrono::{Duration, NaiveDate, NaiveDateTime};

use crate::api::models::{SearchResult, Train};
use crate::cli::GrabArgs;
use crate::commands::search::parse_seat_codes;
use crate::dates;
use crate::error::{Error, Result};

/// The vendor will not take a grab order for a train leaving sooner than this (China time).
pub const MIN_HOURS_BEFORE_DEPARTURE: i64 = 3;

/// What the user asked to grab, checked for form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub trains: Vec<String>,
    pub seats: Vec<String>,
    pub main_train: String,
    pub main_seat: String,
}

impl Choice {
    pub fn from_args(args: &GrabArgs) -> Result<Choice> {
        let trains: Vec<String> = args
            .trains
            .iter()
            .map(|train| train.trim().to_ascii_uppercase())
            .filter(|train| !train.is_empty())
            .collect();
        if let Some(bad) = trains.iter().find(|train| !is_train_number(train)) {
            return Err(Error::usage(format!(
                "invalid train number `{bad}`: write it like G7066 or K1120"
            )));
        }
        let seats = parse_seat_codes(&args.seats, "--seat")?;
        if trains.is_empty() || seats.is_empty() {
            return Err(Error::usage("give at least one --train and one --seat"));
        }
        check_unique(&trains, "train")?;
        check_unique(&seats, "seat class")?;
        check_limit(&trains, "trains")?;
        check_limit(&seats, "seat classes")?;

        let main_train = pick_main(
            args.main_train.as_deref().map(str::to_ascii_uppercase),
            &trains,
            "--main-train",
        )?;
        let main_seat = pick_main(
            args.main_seat.as_deref().map(str::to_ascii_lowercase),
            &seats,
            "--main-seat",
        )?;
        Ok(Choice {
            trains,
            seats,
            main_train,
            main_seat,
        })
    }
}

fn is_train_number(text: &str) -> bool {
    let digits = text.trim_start_matches(|c: char| c.is_ascii_uppercase());
    !digits.is_empty()
        && digits.len() <= 5
        && digits.chars().all(|c| c.is_ascii_digit())
        && text.len() <= 6
}

/// The most trains, and seat classes, one grab order takes. The vendor says only that a
/// configured limit exists (msgCode 220: 抢票单乘客数,车次数,坐席数超过配置上限); its
/// passenger limit is 5, and grab assumes the same for trains and seats.
const MAX_ALTERNATIVES: usize = 5;

fn check_limit(values: &[String], what: &str) -> Result<()> {
    if values.len() > MAX_ALTERNATIVES {
        return Err(Error::usage(format!(
            "{} {what} given; a grab order takes at most {MAX_ALTERNATIVES}",
            values.len()
        )));
    }
    Ok(())
}

fn check_unique(values: &[String], what: &str) -> Result<()> {
    for (index, value) in values.iter().enumerate() {
        if values[..index].contains(value) {
            return Err(Error::usage(format!("{what} {value} is given twice")));
        }
    }
    Ok(())
}

fn pick_main(given: Option<String>, among: &[String], flag: &str) -> Result<String> {
    match given {
        None => Ok(among[0].clone()),
        Some(main) if among.contains(&main) => Ok(main),
        Some(main) => Err(Error::usage(format!(
            "{flag} {main} is not among those given ({})",
            among.join(", ")
        ))),
    }
}

/// The search's view of the chosen trains: the main one, from which departDate and the
/// stations come, and the earliest departure, which bounds the close time and the 3-hour rule.
pub struct Checked<'a> {
    pub main: &'a Train,
    pub departure: NaiveDateTime,
    pub earliest_departure: NaiveDateTime,
}

/// Every chosen train must be in the search, open for booking and run between the same two
/// stations as the main train (one order has one fromStation and toStation); every chosen
/// seat class must not be closed (see `SeatOffer::is_closed`) on any chosen train that has
/// it, and offered by at least one; sold-out is fine, since grabbing is what it is for.
pub fn check_against_search<'a>(
    choice: &Choice,
    result: &'a SearchResult,
    date: NaiveDate,
) -> Result<Checked<'a>> {
    let find = |number: &str| {
        result
            .trains
            .iter()
            .find(|train| train.train_no.eq_ignore_ascii_case(number))
    };
    let main = find(&choice.main_train).ok_or_else(|| not_offered(&choice.main_train, result))?;
    let mut chosen: Vec<&Train> = Vec::new();
    for number in &choice.trains {
        let train = find(number).ok_or_else(|| not_offered(number, result))?;
        check_train(train, main)?;
        check_seats_on_sale(train, &choice.seats)?;
        chosen.push(train);
    }

    for seat in &choice.seats {
        if !chosen.iter().any(|train| train.seat(seat).is_some()) {
            return Err(Error::usage(format!(
                "seat class {seat} is not offered by {}",
                choice.trains.join(" or ")
            )));
        }
    }
    if let Some(train) = chosen
        .iter()
        .find(|train| !choice.seats.iter().any(|seat| train.seat(seat).is_some()))
    {
        return Err(Error::usage(format!(
            "train {} offers none of {}",
            train.train_no,
            choice.seats.join(", ")
        )));
    }
    if main.seat(&choice.main_seat).is_none() {
        return Err(Error::usage(format!(
            "main train {} does not offer main seat class {}",
            main.train_no, choice.main_seat
        )));
    }

    let departures = chosen
        .iter()
        .map(|train| departure(train, date))
        .collect::<Result<Vec<_>>>()?;
    Ok(Checked {
        main,
        departure: departure(main, date)?,
        earliest_departure: departures.into_iter().min().unwrap_or(NaiveDateTime::MAX),
    })
}

fn check_train(train: &Train, main: &Train) -> Result<()> {
    if !train.is_bookable() {
        return Err(Error::usage(format!(
            "train {} is not open for booking on that day",
            train.train_no
        )));
    }
    if (&train.from_station, &train.to_station) != (&main.from_station, &main.to_station) {
        return Err(Error::usage(format!(
            "train {} runs {}→{}, the main train {} runs {}→{}; one order takes trains between the same two stations",
            train.train_no,
            train.from_station,
            train.to_station,
            main.train_no,
            main.from_station,
            main.to_station
        )));
    }
    Ok(())
}

fn check_seats_on_sale(train: &Train, seats: &[String]) -> Result<()> {
    for seat in seats {
        if train.seat(seat).is_some_and(|offer| offer.is_closed()) {
            return Err(Error::usage(format!(
                "seat class {seat} is not on sale on train {}",
                train.train_no
            )));
        }
    }
    Ok(())
}

fn departure(train: &Train, date: NaiveDate) -> Result<NaiveDateTime> {
    let clock = dates::parse_clock(&train.from_time).map_err(|_| {
        Error::usage(format!(
            "the search gave train {} no departure time; search again",
            train.train_no
        ))
    })?;
    Ok(NaiveDateTime::new(date, clock))
}

fn not_offered(number: &str, result: &SearchResult) -> Error {
    let mut numbers: Vec<&str> = result
        .trains
        .iter()
        .map(|train| train.train_no.as_str())
        .collect();
    numbers.truncate(12);
    Error::usage(format!(
        "train {number} is not in the search for that day; trains offered: {}",
        if numbers.is_empty() {
            "none".to_string()
        } else {
            numbers.join(", ")
        }
    ))
}

/// The vendor's rule: grab orders only for trains leaving at least three hours from now.
pub fn check_departure_far_enough(departure: NaiveDateTime, now: NaiveDateTime) -> Result<()> {
    if departure - now < Duration::hours(MIN_HOURS_BEFORE_DEPARTURE) {
        return Err(Error::usage(format!(
            "the train leaves at {} China time, less than {MIN_HOURS_BEFORE_DEPARTURE} hours from now; \
             the vendor takes grab orders only for later trains",
            departure.format("%Y-%m-%d %H:%M")
        )));
    }
    Ok(())
}

/// The rules that time can break between planning and sending: the first train still at
/// least three hours away, the close time still ahead.
pub fn check_still_open(
    earliest_departure: NaiveDateTime,
    close: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<()> {
    check_departure_far_enough(earliest_departure, now)?;
    if close <= now {
        return Err(Error::usage(format!(
            "the close time {} passed while waiting; nothing was sent",
            close.format("%Y-%m-%d %H:%M")
        )));
    }
    Ok(())
}

/// The grab's close time: `--until` when given, else the configured minutes before
/// departure. It must lie between now and the departure.
pub fn close_time(
    until: Option<&str>,
    departure: NaiveDateTime,
    now: NaiveDateTime,
    default_minutes_before: u32,
) -> Result<NaiveDateTime> {
    let close = match until {
        Some(text) => {
            NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%d %H:%M").map_err(|_| {
                Error::usage(format!(
                    "invalid --until `{text}`: use \"YYYY-MM-DD HH:MM\" in China time"
                ))
            })?
        }
        None => departure - Duration::minutes(i64::from(default_minutes_before)),
    };
    let source = if until.is_some() {
        "--until"
    } else {
        "the default close time"
    };
    if close <= now {
        return Err(Error::usage(format!(
            "{source} {} has passed; give a later --until",
            close.format("%Y-%m-%d %H:%M")
        )));
    }
    if close > departure {
        return Err(Error::usage(format!(
            "{source} {} is after the departure at {}; give an earlier --until",
            close.format("%Y-%m-%d %H:%M"),
            departure.format("%Y-%m-%d %H:%M")
        )));
    }
    Ok(close)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn departures_within_three_hours_are_refused() {
        let now = at("2026-12-03 09:00");
        assert!(check_departure_far_enough(at("2026-12-03 11:59"), now).is_err());
        assert!(check_departure_far_enough(at("2026-12-03 12:00"), now).is_ok());
    }

    #[test]
    fn the_close_time_must_fall_between_now_and_departure() {
        let now = at("2026-12-03 09:00");
        let departure = at("2026-12-05 08:00");
        assert_eq!(
            close_time(None, departure, now, 120).unwrap(),
            at("2026-12-05 06:00")
        );
        assert_eq!(
            close_time(Some("2026-12-04 20:00"), departure, now, 120).unwrap(),
            at("2026-12-04 20:00")
        );
        assert!(
            close_time(Some("2026-12-03 08:00"), departure, now, 120)
                .unwrap_err()
                .to_string()
                .contains("passed")
        );
        assert!(
            close_time(Some("2026-12-05 09:00"), departure, now, 120)
                .unwrap_err()
                .to_string()
                .contains("after")
        );
        assert!(close_time(Some("tomorrow"), departure, now, 120).is_err());
    }

    #[test]
    fn train_numbers_are_letters_then_digits() {
        for good in ["G7066", "K1120", "1461", "Z175"] {
            assert!(is_train_number(good), "{good}");
        }
        for bad in ["G", "G70-66", "7066G", "G1234567"] {
            assert!(!is_train_number(bad), "{bad}");
        }
    }
}
