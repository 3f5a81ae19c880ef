//! The search result as grab presents it: trains with departure, computed arrival, duration
//! and every seat class's state, in the `--json` shape documented in README.md.

use serde::Serialize;

use super::table::{dim, good, new_table};
use super::{Render, Style};

#[derive(Debug, Clone, Serialize)]
pub struct SearchView {
    pub query_key: String,
    /// YYYY-MM-DD.
    pub date: String,
    pub from: String,
    pub to: String,
    pub ticket_type: &'static str,
    /// Trains the API returned, before grab's filters.
    pub total_trains: usize,
    pub trains: Vec<TrainView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TrainView {
    pub train_no: String,
    pub train_class: Coded,
    pub from_station: String,
    pub from_station_code: String,
    pub to_station: String,
    pub to_station_code: String,
    /// ISO 8601 with +08:00.
    pub departure: String,
    /// `departure + duration` (the vendor's `toTime` is the arrival at the departure station).
    pub arrival: String,
    /// 1 when the train arrives the day after it leaves, and so on.
    pub arrival_day_offset: i64,
    pub duration_minutes: u32,
    pub bookable: bool,
    pub seats: Vec<SeatView>,
    #[serde(skip)]
    pub departure_clock: String,
    #[serde(skip)]
    pub arrival_clock: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Coded {
    pub code: String,
    pub meaning: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SeatView {
    pub code: String,
    pub name: String,
    pub price: f64,
    pub left: u32,
    pub state: SeatState,
    /// Berth prices of sleeper classes (上/中/下铺); absent when the vendor gives none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub berth_prices: Option<BerthPrices>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SeatState {
    Available,
    SoldOut,
    /// Not bookable although seats may remain (seatState 0, or the train is closed).
    Unavailable,
}

#[derive(Debug, Clone, Serialize)]
pub struct BerthPrices {
    pub up: f64,
    pub mid: f64,
    pub down: f64,
}

impl SeatState {
    fn word(self) -> &'static str {
        match self {
            SeatState::Available => "available",
            SeatState::SoldOut => "soldout",
            SeatState::Unavailable => "closed",
        }
    }
}

/// Where a seat class stands in the column order; classes not listed go last.
fn column_rank(code: &str) -> usize {
    const ORDER: [&str; 14] = [
        "businessseat",
        "specialseat",
        "firstseat",
        "secondseat",
        "advancedsoftsleeper",
        "softsleeperup",
        "softsleeperdown",
        "hardsleeperup",
        "hardsleepermid",
        "hardsleeperdown",
        "softseat",
        "hardseat",
        "noseat",
        "otherseat",
    ];
    ORDER
        .iter()
        .position(|known| *known == code)
        .unwrap_or(ORDER.len())
}

fn price(value: f64) -> String {
    let text = format!("{value:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn duration(minutes: u32) -> String {
    match minutes / 60 {
        0 => format!("{minutes}m"),
        hours => format!("{hours}h{:02}m", minutes % 60),
    }
}

fn arrival_label(train: &TrainView) -> String {
    match train.arrival_day_offset {
        0 => train.arrival_clock.clone(),
        days => format!("{} +{days}", train.arrival_clock),
    }
}

impl SearchView {
    /// One column per seat class any train has, dearest class first, as 12306 lists them.
    fn seat_columns(&self) -> Vec<(String, String)> {
        let mut columns: Vec<(String, String)> = Vec::new();
        for seat in self.trains.iter().flat_map(|train| &train.seats) {
            if !columns.iter().any(|(code, _)| *code == seat.code) {
                columns.push((seat.code.clone(), seat.name.clone()));
            }
        }
        columns.sort_by_key(|(code, _)| column_rank(code));
        columns
    }
}

impl Render for SearchView {
    fn json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_default()
    }

    fn table(&self, style: &Style) -> String {
        let columns = self.seat_columns();
        // The route column earns its width only when trains use different stations (a city
        // search); otherwise the summary line names the two stations once.
        let show_route = self.trains.iter().any(|train| {
            (&train.from_station, &train.to_station)
                != (&self.trains[0].from_station, &self.trains[0].to_station)
        });
        let mut headers = vec!["Train", "Class"];
        if show_route {
            headers.push("Route");
        }
        headers.extend(["Depart", "Arrive", "Time"]);
        headers.extend(columns.iter().map(|(_, name)| name.as_str()));
        let mut table = new_table(style, &headers);

        for train in &self.trains {
            let mut row = vec![
                comfy_table::Cell::new(&train.train_no),
                comfy_table::Cell::new(&train.train_class.code),
            ];
            if show_route {
                row.push(comfy_table::Cell::new(format!(
                    "{}→{}",
                    train.from_station, train.to_station
                )));
            }
            row.extend([
                comfy_table::Cell::new(&train.departure_clock),
                comfy_table::Cell::new(arrival_label(train)),
                comfy_table::Cell::new(duration(train.duration_minutes)),
            ]);
            for (code, _) in &columns {
                row.push(match train.seats.iter().find(|seat| seat.code == *code) {
                    None => dim(style, "—"),
                    Some(seat) => match seat.state {
                        SeatState::Available => {
                            good(style, format!("{} ¥{}", seat.left, price(seat.price)))
                        }
                        SeatState::SoldOut => dim(style, format!("售罄 ¥{}", price(seat.price))),
                        SeatState::Unavailable => {
                            dim(style, format!("停售 ¥{}", price(seat.price)))
                        }
                    },
                });
            }
            table.add_row(row);
        }

        let (from, to) = match self.trains.first() {
            Some(train) if !show_route => (&train.from_station, &train.to_station),
            _ => (&self.from, &self.to),
        };
        let summary = format!(
            "{from} → {to} on {}: {} of {} trains shown",
            self.date,
            self.trains.len(),
            self.total_trains
        );
        format!("{table}\n{}", summary)
    }

    fn lines(&self) -> Vec<String> {
        self.trains
            .iter()
            .map(|train| {
                let seats: Vec<String> = train
                    .seats
                    .iter()
                    .map(|seat| match seat.state {
                        SeatState::Available => {
                            format!("{}={}@{}", seat.code, seat.left, price(seat.price))
                        }
                        state => format!("{}={}@{}", seat.code, state.word(), price(seat.price)),
                    })
                    .collect();
                let fields = [
                    train.train_no.clone(),
                    train.train_class.code.clone(),
                    train.from_station.clone(),
                    train.to_station.clone(),
                    train.departure.clone(),
                    train.arrival.clone(),
                    train.duration_minutes.to_string(),
                    seats.join(" "),
                ];
                fields.join("\t")
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn train(no: &str, from: &str, seats: Vec<SeatView>) -> TrainView {
        TrainView {
            train_no: no.into(),
            train_class: Coded {
                code: "GD".into(),
                meaning: Some("高速动车".into()),
            },
            from_station: from.into(),
            from_station_code: String::new(),
            to_station: "昆山".into(),
            to_station_code: String::new(),
            departure: "2026-12-30T23:50:00+08:00".into(),
            arrival: "2026-12-31T00:20:00+08:00".into(),
            arrival_day_offset: 1,
            duration_minutes: 30,
            bookable: true,
            seats,
            departure_clock: "23:50".into(),
            arrival_clock: "00:20".into(),
        }
    }

    fn seat(code: &str, name: &str, left: u32, state: SeatState) -> SeatView {
        SeatView {
            code: code.into(),
            name: name.into(),
            price: 31.5,
            left,
            state,
            berth_prices: None,
        }
    }

    fn view(trains: Vec<TrainView>) -> SearchView {
        SearchView {
            query_key: "k".into(),
            date: "2026-12-30".into(),
            from: "苏州".into(),
            to: "昆山".into(),
            ticket_type: "normal",
            total_trains: 3,
            trains,
        }
    }

    const PLAIN: Style = Style {
        json: false,
        terminal: true,
        color: false,
    };

    #[test]
    fn the_terminal_table_marks_next_day_arrivals_and_seat_states() {
        let seats = vec![
            seat("secondseat", "二等座", 490, SeatState::Available),
            seat("firstseat", "一等座", 0, SeatState::SoldOut),
            seat("businessseat", "商务座", 3, SeatState::Unavailable),
        ];
        let table = view(vec![train("G7066", "苏州", seats)]).table(&PLAIN);
        for expected in [
            "商务座",
            "一等座",
            "二等座",
            "00:20 +1",
            "490 ¥31.5",
            "售罄 ¥31.5",
            "停售 ¥31.5",
        ] {
            assert!(table.contains(expected), "{expected} missing in\n{table}");
        }
        assert!(
            table.find("商务座") < table.find("一等座"),
            "dearest class first"
        );
        assert!(table.contains("1 of 3 trains shown"));
        assert!(!table.contains("Route"), "one route needs no column");
    }

    #[test]
    fn a_city_search_shows_each_trains_route() {
        let trains = vec![train("G1", "资阳北", vec![]), train("G3", "资阳西", vec![])];
        let table = view(trains).table(&PLAIN);
        assert!(
            table.contains("Route") && table.contains("资阳西→昆山"),
            "{table}"
        );
    }

    #[test]
    fn pipe_lines_are_one_train_each_with_machine_fields() {
        let seats = vec![
            seat("secondseat", "二等座", 490, SeatState::Available),
            seat("firstseat", "一等座", 0, SeatState::SoldOut),
        ];
        let lines = view(vec![train("G7066", "苏州", seats)]).lines();
        assert_eq!(lines.len(), 1);
        let fields: Vec<&str> = lines[0].split('\t').collect();
        assert_eq!(fields[0], "G7066");
        assert_eq!(fields[5], "2026-12-31T00:20:00+08:00");
        assert_eq!(fields[7], "secondseat=490@31.5 firstseat=soldout@31.5");
    }
}
