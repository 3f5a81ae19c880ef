//! `grab search`: checks every input before sending, asks search.php, then filters, sorts and
//! normalizes the trains into the `SearchView` that `output` prints.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};

use crate::api::models::{SearchResult, SeatOffer, Train};
use crate::api::{ApiError, TicketType};
use crate::cli::{SearchArgs, SortKey};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::output::{BerthPrices, Coded, SearchView, SeatState, SeatView, TrainView};
use crate::stations::{self, Lookup};
use crate::{dates, dict};

/// The search a user asked for, checked and resolved; nothing has been sent yet.
pub struct SearchQuery {
    pub from: String,
    pub to: String,
    pub date: NaiveDate,
    pub ticket_type: TicketType,
}

struct Filters {
    train_letters: Vec<String>,
    depart_after: Option<NaiveTime>,
    depart_before: Option<NaiveTime>,
    seats: Vec<String>,
    sort: SortKey,
}

pub async fn run(ctx: &Context, args: &SearchArgs) -> Result<()> {
    let query = resolve_query(
        ctx,
        &args.from,
        &args.to,
        &args.date,
        args.as_typed,
        args.student,
    )?;
    let filters = resolve_filters(args)?;
    let client = ctx.client()?;

    let result = client
        .search(
            &query.from,
            &query.to,
            &yyyymmdd(query.date),
            query.ticket_type,
        )
        .await?;
    let view = build_view(&query, &result, &filters, &ctx.endpoint)?;
    ctx.printer.print(&view)
}

/// Checks stations and date; shared with `grab grab`, which searches first.
pub fn resolve_query(
    ctx: &Context,
    from: &str,
    to: &str,
    date: &str,
    as_typed: bool,
    student: bool,
) -> Result<SearchQuery> {
    let date = dates::parse_travel_date(date, ctx.today()).map_err(Error::Usage)?;
    let from = resolve_station(from, as_typed, "departure")?;
    let to = resolve_station(to, as_typed, "arrival")?;
    if from == to {
        return Err(Error::usage(format!(
            "departure and arrival are both {from}; give two different stations"
        )));
    }
    let ticket_type = if student {
        TicketType::Student
    } else {
        TicketType::Normal
    };
    Ok(SearchQuery {
        from,
        to,
        date,
        ticket_type,
    })
}

fn resolve_station(query: &str, as_typed: bool, role: &str) -> Result<String> {
    let query = query.trim();
    if query.is_empty() {
        return Err(Error::usage(format!("the {role} station is empty")));
    }
    if as_typed {
        return Ok(query.to_string());
    }
    match stations::lookup(query) {
        Lookup::Found(place) => Ok(place.api_name().to_string()),
        Lookup::Ambiguous(candidates) => {
            let names: Vec<String> = candidates
                .iter()
                .map(|s| format!("{} ({}, {})", s.name, s.telecode, s.city))
                .collect();
            Err(Error::usage(format!(
                "{role} station `{query}` could be {}; give the Chinese name or telegraph code",
                names.join(", ")
            )))
        }
        Lookup::Unknown { nearest } => {
            let hint = if nearest.is_empty() {
                String::new()
            } else {
                format!("did you mean {}? ", nearest.join(", "))
            };
            Err(Error::usage(format!(
                "unknown {role} station `{query}`: {hint}(--as-typed sends a station newer than grab's list)"
            )))
        }
    }
}

fn resolve_filters(args: &SearchArgs) -> Result<Filters> {
    let train_letters = args
        .train_types
        .iter()
        .map(|letters| letters.trim().to_ascii_uppercase())
        .filter(|letters| !letters.is_empty())
        .map(|letters| {
            if letters.chars().all(|c| c.is_ascii_alphabetic()) {
                Ok(letters)
            } else {
                Err(Error::usage(format!(
                    "invalid --type `{letters}`: give train letters like G,D,K"
                )))
            }
        })
        .collect::<Result<Vec<_>>>()?;
    let seats = parse_seat_codes(&args.seats, "--seat")?;
    let clock = |text: &Option<String>, flag: &str| -> Result<Option<NaiveTime>> {
        text.as_deref()
            .map(|text| dates::parse_clock(text).map_err(|e| Error::usage(format!("{flag}: {e}"))))
            .transpose()
    };
    Ok(Filters {
        train_letters,
        depart_after: clock(&args.depart_after, "--depart-after")?,
        depart_before: clock(&args.depart_before, "--depart-before")?,
        seats,
        sort: args.sort,
    })
}

/// Reads seat classes given as codes (`secondseat`) or as their dictionary names (二等座),
/// naming the valid codes on a mistake.
pub fn parse_seat_codes(codes: &[String], flag: &str) -> Result<Vec<String>> {
    let entries = dict::builtin()
        .section(dict::SectionName::SeatClass)
        .map(|section| section.entries.as_slice())
        .unwrap_or_default();
    codes
        .iter()
        .map(|given| given.trim())
        .filter(|given| !given.is_empty())
        .map(|given| {
            let code = given.to_ascii_lowercase();
            let entry = entries
                .iter()
                .find(|entry| entry.code == code || entry.meaning == given);
            entry.map(|entry| entry.code.clone()).ok_or_else(|| {
                let known: Vec<&str> = entries.iter().map(|entry| entry.code.as_str()).collect();
                Error::usage(format!(
                    "unknown seat class `{given}` in {flag}: use one of {}",
                    known.join(", ")
                ))
            })
        })
        .collect()
}

pub fn yyyymmdd(date: NaiveDate) -> String {
    date.format("%Y%m%d").to_string()
}

fn build_view(
    query: &SearchQuery,
    result: &SearchResult,
    filters: &Filters,
    endpoint: &str,
) -> Result<SearchView> {
    let mut trains = result
        .trains
        .iter()
        .map(|train| normalize_train(query.date, train, endpoint))
        .collect::<Result<Vec<_>>>()?;
    let total_trains = trains.len();
    trains.retain(|train| filters.keep(train));
    filters.sort(&mut trains);

    Ok(SearchView {
        query_key: result.query_key.clone(),
        date: query.date.format("%Y-%m-%d").to_string(),
        from: non_empty_or(&result.from_station, &query.from),
        to: non_empty_or(&result.to_station, &query.to),
        ticket_type: match query.ticket_type {
            TicketType::Normal => "normal",
            TicketType::Student => "student",
        },
        total_trains,
        trains,
    })
}

fn non_empty_or(value: &str, fallback: &str) -> String {
    if value.is_empty() {
        fallback.to_string()
    } else {
        value.to_string()
    }
}

/// Turns one vendor train into grab's view; a departure time that is not HH:MM means the
/// answer is not what the API sends.
pub fn normalize_train(date: NaiveDate, train: &Train, endpoint: &str) -> Result<TrainView> {
    let departure_clock = dates::parse_clock(&train.from_time).map_err(|_| {
        Error::Api(ApiError::NotApi {
            endpoint: format!("{endpoint}/search.php"),
            problem: format!(
                "train {} has departure time `{}`",
                train.train_no, train.from_time
            ),
        })
    })?;
    let departure = NaiveDateTime::new(date, departure_clock);
    let arrival = departure + Duration::minutes(i64::from(train.run_time_span));

    Ok(TrainView {
        train_no: train.train_no.clone(),
        train_class: Coded {
            code: train.train_class.clone(),
            meaning: dict::train_class_name(&train.train_class).map(String::from),
        },
        from_station: train.from_station.clone(),
        from_station_code: train.from_station_code.clone(),
        to_station: train.to_station.clone(),
        to_station_code: train.to_station_code.clone(),
        departure: dates::iso_china(departure),
        arrival: dates::iso_china(arrival),
        arrival_day_offset: (arrival.date() - date).num_days(),
        duration_minutes: train.run_time_span,
        bookable: train.is_bookable(),
        seats: train
            .tickets
            .iter()
            .map(|offer| seat_view(train, offer))
            .collect(),
        departure_clock: departure.format("%H:%M").to_string(),
        arrival_clock: arrival.format("%H:%M").to_string(),
    })
}

fn seat_view(train: &Train, offer: &SeatOffer) -> SeatView {
    let state = if !train.is_bookable() || offer.is_closed() {
        SeatState::Unavailable
    } else if offer.seats == 0 {
        SeatState::SoldOut
    } else {
        SeatState::Available
    };
    let has_berths = offer.up_price > 0.0 || offer.mid_price > 0.0 || offer.down_price > 0.0;
    // The vendor's own seatName is the short form a ticket shows (软卧 for softsleeperdown);
    // the dictionary names a code the vendor sent without one.
    let name = Some(offer.seat_name.trim())
        .filter(|name| !name.is_empty())
        .or_else(|| dict::seat_class_name(&offer.code))
        .unwrap_or(&offer.code)
        .to_string();
    SeatView {
        code: offer.code.clone(),
        name,
        price: offer.price,
        left: offer.seats,
        state,
        berth_prices: has_berths.then_some(BerthPrices {
            up: offer.up_price,
            mid: offer.mid_price,
            down: offer.down_price,
        }),
    }
}

impl Filters {
    fn keep(&self, train: &TrainView) -> bool {
        let letters_ok = self.train_letters.is_empty()
            || self.train_letters.iter().any(|letters| {
                train
                    .train_no
                    .to_ascii_uppercase()
                    .starts_with(letters.as_str())
            });
        let clock = NaiveTime::parse_from_str(&train.departure_clock, "%H:%M").ok();
        let after_ok = self
            .depart_after
            .is_none_or(|after| clock.is_some_and(|c| c >= after));
        let before_ok = self
            .depart_before
            .is_none_or(|before| clock.is_some_and(|c| c <= before));
        let seat_ok = self.seats.is_empty()
            || train
                .seats
                .iter()
                .any(|seat| seat.state == SeatState::Available && self.seats.contains(&seat.code));
        letters_ok && after_ok && before_ok && seat_ok
    }

    fn sort(&self, trains: &mut [TrainView]) {
        match self.sort {
            SortKey::Depart => trains.sort_by(|a, b| a.departure.cmp(&b.departure)),
            SortKey::Arrive => trains.sort_by(|a, b| a.arrival.cmp(&b.arrival)),
            SortKey::Duration => trains.sort_by_key(|train| train.duration_minutes),
            SortKey::Price => trains.sort_by(|a, b| {
                let (a, b) = (self.lowest_price(a), self.lowest_price(b));
                a.unwrap_or(f64::INFINITY)
                    .total_cmp(&b.unwrap_or(f64::INFINITY))
            }),
        }
    }

    /// The cheapest bookable seat, among the `--seat` classes when some are given; trains with
    /// none sort last.
    fn lowest_price(&self, train: &TrainView) -> Option<f64> {
        train
            .seats
            .iter()
            .filter(|seat| seat.state == SeatState::Available)
            .filter(|seat| self.seats.is_empty() || self.seats.contains(&seat.code))
            .map(|seat| seat.price)
            .min_by(f64::total_cmp)
    }
}
