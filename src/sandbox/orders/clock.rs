//! The clock orders run on: Unix milliseconds in the state, China wall-clock time in requests
//! and answers, whatever the machine's zone.

use chrono::{DateTime, NaiveDateTime, Utc};

use crate::dates;

pub fn now_ms() -> i64 {
    Utc::now().timestamp_millis()
}

/// The China wall-clock time of an instant.
pub fn china_time(unix_ms: i64) -> NaiveDateTime {
    DateTime::from_timestamp_millis(unix_ms)
        .unwrap_or_default()
        .with_timezone(&dates::china_offset())
        .naive_local()
}

/// The instant of a China wall-clock time.
pub fn unix_ms(china_time: NaiveDateTime) -> i64 {
    dates::in_china(china_time).timestamp_millis()
}

/// `2016-12-29 03:34:00`, the issued shape's and the pushes' form.
pub fn plain(unix_ms: i64) -> String {
    china_time(unix_ms).format("%Y-%m-%d %H:%M:%S").to_string()
}

/// `2016-12-30T02:29:00`, the pending shape's form (ISO without an offset).
pub fn iso(unix_ms: i64) -> String {
    china_time(unix_ms).format("%Y-%m-%dT%H:%M:%S").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_read_in_china_time_both_ways() {
        // 2016-12-29 03:34:00 in China is 2016-12-28 19:34:00 UTC.
        let instant = 1_482_953_640_000;
        assert_eq!(plain(instant), "2016-12-29 03:34:00");
        assert_eq!(iso(instant), "2016-12-29T03:34:00");
        assert_eq!(unix_ms(china_time(instant)), instant);
    }
}
