//! search.php: checks a search, draws the timetable for every station pair it matches,
//! remembers the answer under a fresh queryKey, and answers in the reference's shape.

use chrono::NaiveDate;
use serde_json::Value;

use super::codes::{INVALID_DATE, INVALID_PARAMETER, Refusal, UNKNOWN_STATION};
use super::fares::FareType;
use super::params::Params;
use super::places::{self, Place};
use super::render;
use super::store::{NewQuery, Store};
use super::timetable::{self, Train};
use crate::dates;
use crate::stations::Station;

/// A search matching several stations (a city, a shared pinyin) could list thousands of
/// trains; beyond this many, every n-th train is kept so that the whole day stays covered.
const MAX_TRAINS: usize = 80;

/// A search that passed every check.
pub struct SearchRequest {
    pub from_param: String,
    pub to_param: String,
    pub from: Place,
    pub to: Place,
    pub date: NaiveDate,
    pub fare_type: FareType,
}

/// The `result` of a successful search, or why it was refused.
pub async fn search(store: &Store, params: &Params) -> Result<Value, Refusal> {
    let today = dates::china_now().date_naive();
    let request = read_request(params, today)?;

    let trains = render::trains(&timetable_for(&request));
    let query = NewQuery {
        from: request.from_param.clone(),
        to: request.to_param.clone(),
        train_date: request.date.format("%Y%m%d").to_string(),
        ticket_type: request.fare_type.code(),
        trains: trains.clone(),
    };
    let query_key = remember(store, query).await?;

    Ok(render::result(&request, &query_key, trains))
}

/// Checks that every required parameter is there, then the stations, the date and the
/// ticket type, in the order a person fills them in.
pub fn read_request(params: &Params, today: NaiveDate) -> Result<SearchRequest, Refusal> {
    let from_param = params
        .get("from")
        .ok_or_else(|| Refusal::missing("出发站"))?;
    let to_param = params.get("to").ok_or_else(|| Refusal::missing("到达站"))?;
    let date_param = params
        .get("date")
        .ok_or_else(|| Refusal::missing("发车日期"))?;

    let from = places::resolve(from_param)
        .ok_or_else(|| Refusal::new(UNKNOWN_STATION, "参数错误:出发站不存在"))?;
    let to = places::resolve(to_param)
        .ok_or_else(|| Refusal::new(UNKNOWN_STATION, "参数错误:到达站不存在"))?;
    if station_pairs(&from, &to).next().is_none() {
        return Err(Refusal::new(
            INVALID_PARAMETER,
            "参数错误:出发站与到达站不能相同",
        ));
    }

    Ok(SearchRequest {
        from_param: from_param.to_string(),
        to_param: to_param.to_string(),
        from,
        to,
        date: read_date(date_param, today)?,
        fare_type: read_fare_type(params.get("type"))?,
    })
}

/// `yyyyMMdd`, a day of the calendar, not before today in China.
fn read_date(text: &str, today: NaiveDate) -> Result<NaiveDate, Refusal> {
    let well_formed = text.len() == 8 && text.bytes().all(|byte| byte.is_ascii_digit());
    let date = well_formed
        .then(|| NaiveDate::parse_from_str(text, "%Y%m%d").ok())
        .flatten()
        .ok_or_else(|| Refusal::new(INVALID_DATE, "参数错误:发车日期格式错误,如:20161130"))?;
    if date < today {
        return Err(Refusal::new(INVALID_DATE, "参数错误:发车日期不能早于今天"));
    }
    Ok(date)
}

/// `type`: empty or 1 for a normal ticket, 2 for a student ticket.
fn read_fare_type(text: Option<&str>) -> Result<FareType, Refusal> {
    match text {
        None | Some("1") => Ok(FareType::Adult),
        Some("2") => Ok(FareType::Student),
        Some(_) => Err(Refusal::new(
            INVALID_PARAMETER,
            "参数错误:票种类型错误,1:正常票 2:学生票",
        )),
    }
}

/// Every (origin, destination) the search covers, leaving out a station paired with itself.
fn station_pairs<'a>(
    from: &'a Place,
    to: &'a Place,
) -> impl Iterator<Item = (&'static Station, &'static Station)> + 'a {
    from.stations
        .iter()
        .flat_map(move |origin| {
            to.stations
                .iter()
                .map(move |destination| (*origin, *destination))
        })
        .filter(|(origin, destination)| origin.name != destination.name)
}

/// Every train between the matched stations, by departure time.
fn timetable_for(request: &SearchRequest) -> Vec<Train> {
    let mut trains: Vec<Train> = station_pairs(&request.from, &request.to)
        .flat_map(|(origin, destination)| {
            timetable::trains(origin, destination, request.date, request.fare_type)
        })
        .collect();
    trains.sort_by(|a, b| (a.departure, &a.number).cmp(&(b.departure, &b.number)));

    let stride = trains.len().div_ceil(MAX_TRAINS).max(1);
    trains.into_iter().step_by(stride).collect()
}

async fn remember(store: &Store, query: NewQuery) -> Result<String, Refusal> {
    let store = store.clone();
    let now = chrono::Utc::now().timestamp();
    let saved = tokio::task::spawn_blocking(move || store.save_query(&query, now)).await;
    match saved {
        Ok(Ok(query_key)) => Ok(query_key),
        Ok(Err(error)) => {
            eprintln!("grab sandbox: could not save a queryKey: {error}");
            Err(Refusal::internal())
        }
        Err(_) => Err(Refusal::internal()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::codes::MISSING_PARAMETER;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 3).unwrap()
    }

    fn read(query: &str) -> Result<SearchRequest, Refusal> {
        read_request(&Params::collect(Some(query), None), today())
    }

    fn refusal(query: &str) -> (i64, String) {
        match read(query) {
            Ok(_) => panic!("{query} was accepted"),
            Err(refusal) => (refusal.code, refusal.reason),
        }
    }

    #[test]
    fn missing_parameters_are_named() {
        assert_eq!(
            refusal("to=昆山&date=20261230"),
            (MISSING_PARAMETER, "参数错误:出发站不能为空".into())
        );
        assert_eq!(
            refusal("from=苏州&date=20261230").1,
            "参数错误:到达站不能为空"
        );
        assert_eq!(refusal("from=苏州&to=昆山").1, "参数错误:发车日期不能为空");
    }

    #[test]
    fn unknown_stations_are_refused() {
        assert_eq!(
            refusal("from=火星&to=昆山&date=20261230"),
            (UNKNOWN_STATION, "参数错误:出发站不存在".into())
        );
        assert_eq!(
            refusal("from=苏州&to=mars&date=20261230").1,
            "参数错误:到达站不存在"
        );
    }

    #[test]
    fn malformed_impossible_and_past_dates_are_refused() {
        for date in [
            "2026-12-30",
            "20261332",
            "20260230",
            "2026123",
            "２０２６１２３０",
            "+2026123",
        ] {
            assert_eq!(
                refusal(&format!("from=苏州&to=昆山&date={date}")).0,
                INVALID_DATE,
                "{date}"
            );
        }
        assert_eq!(
            refusal("from=苏州&to=昆山&date=20261202").1,
            "参数错误:发车日期不能早于今天"
        );
        assert!(read("from=苏州&to=昆山&date=20261203").is_ok());
    }

    #[test]
    fn ticket_types_other_than_normal_and_student_are_refused() {
        assert_eq!(
            read("from=苏州&to=昆山&date=20261230&type=")
                .unwrap()
                .fare_type,
            FareType::Adult
        );
        assert_eq!(
            read("from=苏州&to=昆山&date=20261230&type=2")
                .unwrap()
                .fare_type,
            FareType::Student
        );
        assert_eq!(
            refusal("from=苏州&to=昆山&date=20261230&type=3").0,
            INVALID_PARAMETER
        );
    }

    #[test]
    fn the_same_station_at_both_ends_is_refused() {
        assert_eq!(
            refusal("from=苏州&to=苏州&date=20261230").0,
            INVALID_PARAMETER
        );
    }

    #[test]
    fn city_searches_are_thinned_to_a_bounded_list() {
        let request = read("from=朝阳&to=白银&date=20261230").unwrap();
        let trains = timetable_for(&request);
        assert!(
            !trains.is_empty() && trains.len() <= MAX_TRAINS,
            "{}",
            trains.len()
        );
    }
}
