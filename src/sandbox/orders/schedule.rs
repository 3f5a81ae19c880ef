//! submitOrder's journey and time limits: the stations and departure must be the main train's
//! in the search behind the queryKey, the grab must close in the future and no later than the
//! departure, and the departure must be at least three hours away (all in China time).

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use serde_json::Value;

use crate::sandbox::codes::{
    INVALID_DEPART_DATE, INVALID_PARAMETER, Refusal, TOO_CLOSE_TO_DEPARTURE,
};
use crate::sandbox::params::Params;

/// The vendor: 距离发车时间太近无法抢票, 建议距离发车前3小时以上的车次才可创建抢票单.
const MIN_HOURS_BEFORE_DEPARTURE: i64 = 3;

/// When the main train leaves and when the grab closes, China wall-clock times.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schedule {
    pub departure: NaiveDateTime,
    pub close: NaiveDateTime,
}

/// `train_date` is the search's `yyyyMMdd`; `now` is China time.
pub fn read(
    params: &Params,
    main_train: &Value,
    train_date: &str,
    now: NaiveDateTime,
) -> Result<Schedule, Refusal> {
    check_station(
        params,
        "fromStation",
        "出发车站",
        &main_train["fromStation"],
    )?;
    check_station(params, "toStation", "到达车站", &main_train["toStation"])?;
    let departure = departure(main_train, train_date).ok_or_else(Refusal::internal)?;
    check_depart_date(params, departure)?;

    let close = read_close_time(params, departure, now)?;
    if departure - now < Duration::hours(MIN_HOURS_BEFORE_DEPARTURE) {
        return Err(Refusal::new(
            TOO_CLOSE_TO_DEPARTURE,
            "距离发车时间太近,无法执行此操作",
        ));
    }
    Ok(Schedule { departure, close })
}

/// The search's date with the train's `fromTime`.
pub fn departure(train: &Value, train_date: &str) -> Option<NaiveDateTime> {
    let date = NaiveDate::parse_from_str(train_date, "%Y%m%d").ok()?;
    let time = NaiveTime::parse_from_str(train["fromTime"].as_str()?, "%H:%M").ok()?;
    Some(date.and_time(time))
}

fn check_station(params: &Params, name: &str, what: &str, expected: &Value) -> Result<(), Refusal> {
    let given = params.get(name).ok_or_else(|| Refusal::missing(what))?;
    if expected.as_str() == Some(given) {
        return Ok(());
    }
    Err(Refusal::new(
        INVALID_PARAMETER,
        format!("参数错误:{what}与站站查询结果不一致"),
    ))
}

/// departDate is the main train's departure as `YYYY-MM-DD HH:MM`, exactly.
fn check_depart_date(params: &Params, departure: NaiveDateTime) -> Result<(), Refusal> {
    let given = params
        .get("departDate")
        .ok_or_else(|| Refusal::missing("发车日期"))?;
    if given == departure.format("%Y-%m-%d %H:%M").to_string() {
        return Ok(());
    }
    Err(Refusal::new(INVALID_DEPART_DATE, "发车日期无效"))
}

/// `YYYY-MM-DD HH:MM:SS` (or without seconds), after now, not after the departure.
fn read_close_time(
    params: &Params,
    departure: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<NaiveDateTime, Refusal> {
    let given = params
        .get("closeTime")
        .ok_or_else(|| Refusal::missing("抢票截止时间"))?;
    let close = NaiveDateTime::parse_from_str(given, "%Y-%m-%d %H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(given, "%Y-%m-%d %H:%M"))
        .map_err(|_| {
            Refusal::new(
                INVALID_PARAMETER,
                "参数错误:抢票截止时间格式错误,如:2016-12-01 18:00:00",
            )
        })?;
    if close <= now {
        return Err(Refusal::new(INVALID_PARAMETER, "参数错误:抢票截止时间已过"));
    }
    if close > departure {
        return Err(Refusal::new(
            INVALID_PARAMETER,
            "参数错误:抢票截止时间不能晚于发车时间",
        ));
    }
    Ok(close)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::codes::MISSING_PARAMETER;
    use serde_json::json;

    fn train() -> Value {
        json!({ "trainNo": "G7066", "fromTime": "09:02", "fromStation": "上海西", "toStation": "苏州园区" })
    }

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    const GOOD: &str = "fromStation=上海西&toStation=苏州园区&departDate=2026-12-30 09:02&closeTime=2026-12-30 08:00:00";

    fn check(query: &str, now: &str) -> Result<Schedule, Refusal> {
        read(
            &Params::collect(Some(query), None),
            &train(),
            "20261230",
            at(now),
        )
    }

    fn code(query: &str, now: &str) -> i64 {
        check(query, now).unwrap_err().code
    }

    #[test]
    fn a_matching_request_gives_departure_and_close() {
        let schedule = check(GOOD, "2026-12-03 10:00").unwrap();
        assert_eq!(schedule.departure, at("2026-12-30 09:02"));
        assert_eq!(schedule.close, at("2026-12-30 08:00"));
        let short = GOOD.replace("08:00:00", "08:00");
        assert!(check(&short, "2026-12-03 10:00").is_ok());
    }

    #[test]
    fn stations_must_be_the_trains() {
        let other = GOOD.replace("上海西", "上海");
        assert_eq!(code(&other, "2026-12-03 10:00"), INVALID_PARAMETER);
        let missing = GOOD.replace("toStation", "to");
        assert_eq!(code(&missing, "2026-12-03 10:00"), MISSING_PARAMETER);
    }

    #[test]
    fn the_departure_must_be_the_main_trains_to_the_minute() {
        for date in [
            "2026-12-30",
            "2026-12-30 09:03",
            "2026-12-30 09:02:00",
            "20261230",
        ] {
            let query = GOOD.replace("2026-12-30 09:02", date);
            assert_eq!(
                code(&query, "2026-12-03 10:00"),
                INVALID_DEPART_DATE,
                "{date}"
            );
        }
    }

    #[test]
    fn the_close_time_must_be_well_formed_future_and_before_departure() {
        let late = GOOD.replace("08:00:00", "09:03:00");
        assert_eq!(code(&late, "2026-12-03 10:00"), INVALID_PARAMETER);
        let bad = GOOD.replace("2026-12-30 08:00:00", "tomorrow");
        assert_eq!(code(&bad, "2026-12-03 10:00"), INVALID_PARAMETER);
        assert_eq!(code(GOOD, "2026-12-30 08:30"), INVALID_PARAMETER);
        let at_departure = GOOD.replace("08:00:00", "09:02:00");
        assert!(check(&at_departure, "2026-12-03 10:00").is_ok());
    }

    #[test]
    fn departures_within_three_hours_are_too_close() {
        let close_soon = GOOD.replace("08:00:00", "06:30:00");
        assert_eq!(
            code(&close_soon, "2026-12-30 06:03"),
            TOO_CLOSE_TO_DEPARTURE
        );
        assert!(check(&close_soon, "2026-12-30 06:02").is_ok());
    }
}
