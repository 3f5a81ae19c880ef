//! Dates and times in China time (UTC+8), whatever the machine's zone.
//!
//! Train times, "today" and the vendor's three-hours-before-departure rule all live in
//! Beijing time, which has no daylight saving, so a fixed offset is exact.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Utc};

const CHINA_OFFSET_SECONDS: i32 = 8 * 3600;

pub fn china_offset() -> FixedOffset {
    FixedOffset::east_opt(CHINA_OFFSET_SECONDS).expect("UTC+8 is a valid offset")
}

pub fn china_now() -> DateTime<FixedOffset> {
    Utc::now().with_timezone(&china_offset())
}

/// Now, as `--json` and the journal write times.
pub fn china_now_iso() -> String {
    iso_china(china_now().naive_local())
}

/// A wall-clock time in China as an instant.
pub fn in_china(local: NaiveDateTime) -> DateTime<FixedOffset> {
    local.and_utc().with_timezone(&china_offset()) - Duration::seconds(CHINA_OFFSET_SECONDS as i64)
}

/// Reads a travel date: `20261230`, `2026-12-30`, `today`, `tomorrow` or `+N` days, relative
/// to `today` in China. A date that does not exist or has passed is refused.
pub fn parse_travel_date(text: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let text = text.trim();
    let date = match text.to_ascii_lowercase().as_str() {
        "today" => today,
        "tomorrow" => today + Duration::days(1),
        offset if offset.starts_with('+') => today
            .checked_add_days(chrono::Days::new(parse_day_offset(text)?))
            .ok_or_else(|| format!("date offset `{text}` is past the calendar's end"))?,
        _ => parse_calendar_date(text)?,
    };

    if date < today {
        return Err(format!(
            "date {} has passed (today in China is {}); give today or a later date",
            date.format("%Y-%m-%d"),
            today.format("%Y-%m-%d")
        ));
    }
    Ok(date)
}

fn parse_day_offset(text: &str) -> Result<u64, String> {
    let days: u64 = text[1..].parse().map_err(|_| {
        format!("invalid date offset `{text}`: write +N with N a number of days, like +3")
    })?;
    if days > 365 {
        return Err(format!("date offset `{text}` is more than a year ahead"));
    }
    Ok(days)
}

fn parse_calendar_date(text: &str) -> Result<NaiveDate, String> {
    let format = match text.len() {
        8 if text.bytes().all(|b| b.is_ascii_digit()) => "%Y%m%d",
        10 => "%Y-%m-%d",
        _ => {
            return Err(format!(
                "invalid date `{text}`: use 20261230, 2026-12-30, today, tomorrow or +N"
            ));
        }
    };
    NaiveDate::parse_from_str(text, format)
        .map_err(|_| format!("invalid date `{text}`: no such day in the calendar"))
}

/// Reads `HH:MM` (a filter bound or a train time).
pub fn parse_clock(text: &str) -> Result<NaiveTime, String> {
    NaiveTime::parse_from_str(text.trim(), "%H:%M")
        .map_err(|_| format!("invalid time `{text}`: use 24-hour HH:MM, like 08:30"))
}

/// Reads the vendor's several timestamp forms: `2016-12-30T02:29:00`, `2016-12-29 03:34:00`,
/// `2016-12-01 18:00`, and a bare date (`20150514`, `2016-12-29`) as midnight.
pub fn parse_vendor_datetime(text: &str) -> Option<NaiveDateTime> {
    let text = text.trim();
    const FORMATS: [&str; 4] = [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
    ];
    FORMATS
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
        .or_else(|| parse_vendor_date(text).map(|date| date.and_time(NaiveTime::MIN)))
}

pub fn parse_vendor_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    NaiveDate::parse_from_str(text, "%Y%m%d")
        .or_else(|_| NaiveDate::parse_from_str(text, "%Y-%m-%d"))
        .ok()
}

/// ISO 8601 with the China offset, the form `--json` uses for every time.
pub fn iso_china(local: NaiveDateTime) -> String {
    in_china(local).format("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn every_date_form_is_read() {
        let today = day("2026-12-03");
        assert_eq!(parse_travel_date("20261230", today), Ok(day("2026-12-30")));
        assert_eq!(
            parse_travel_date("2026-12-30", today),
            Ok(day("2026-12-30"))
        );
        assert_eq!(parse_travel_date("today", today), Ok(today));
        assert_eq!(parse_travel_date("Tomorrow", today), Ok(day("2026-12-04")));
        assert_eq!(parse_travel_date("+3", today), Ok(day("2026-12-06")));
        assert_eq!(parse_travel_date("+30", today), Ok(day("2027-01-02")));
    }

    #[test]
    fn impossible_and_past_dates_are_refused() {
        let today = day("2026-12-03");
        for bad in [
            "20260230",
            "2026-13-01",
            "2026-12-3",
            "12/30",
            "+x",
            "+",
            "+999",
            "",
        ] {
            assert!(parse_travel_date(bad, today).is_err(), "{bad} accepted");
        }
        let past = parse_travel_date("20261202", today).unwrap_err();
        assert!(past.contains("has passed"), "{past}");
    }

    #[test]
    fn china_time_does_not_depend_on_the_machine_zone() {
        let utc_evening = NaiveDateTime::parse_from_str("2026-12-03 20:00:00", "%Y-%m-%d %H:%M:%S")
            .unwrap()
            .and_utc();
        let china = utc_evening.with_timezone(&china_offset());
        assert_eq!(china.date_naive(), day("2026-12-04"));
        let local =
            NaiveDateTime::parse_from_str("2026-12-04 04:00:00", "%Y-%m-%d %H:%M:%S").unwrap();
        assert_eq!(in_china(local).with_timezone(&Utc), utc_evening);
    }

    #[test]
    fn vendor_timestamps_in_every_sample_form_decode() {
        let expected = day("2016-12-30").and_hms_opt(2, 29, 0).unwrap();
        assert_eq!(parse_vendor_datetime("2016-12-30T02:29:00"), Some(expected));
        assert_eq!(parse_vendor_datetime("2016-12-30 02:29:00"), Some(expected));
        assert_eq!(parse_vendor_datetime("2016-12-30 02:29"), Some(expected));
        assert_eq!(parse_vendor_date("20150514"), Some(day("2015-05-14")));
        assert_eq!(parse_vendor_datetime("soon"), None);
        assert_eq!(iso_china(expected), "2016-12-30T02:29:00+08:00");
    }
}
