//! The sandbox's timetable: which trains run between two stations on a day, when, and with
//! how many seats left.
//!
//! Everything is drawn from stable hashes, so the same (from, to, date) always gives the same
//! trains. The services (numbers, times, seat classes, fares) depend on the station pair only,
//! as a real timetable repeats daily; what is left to book depends on the date too. There are
//! no coordinates in the station list, so distance comes from a hash as well: stations of one
//! city are tens of kilometres apart, stations of different cities hundreds or thousands.

use std::collections::{BTreeSet, HashSet};

use chrono::{NaiveDate, NaiveTime, Timelike};

use super::fares::{self, Fare, FareType};
use super::hash::{Dice, fnv1a};
use super::kind::TrainKind;
use crate::stations::Station;

/// vendor bookState: the train can be booked.
pub const BOOKABLE: u8 = 1;
/// vendor bookState: the train cannot be booked.
const NOT_BOOKABLE: u8 = 0;
/// vendor bookState: booking closed half an hour before departure.
const CLOSED_BEFORE_DEPARTURE: u8 = 3;

#[derive(Debug, Clone, PartialEq)]
pub struct Train {
    pub number: String,
    pub kind: TrainKind,
    /// The vendor's trainClass code (GD, D, C, KS, KKS, KT, Z).
    pub train_class: &'static str,
    pub from: &'static Station,
    pub to: &'static Station,
    pub departure: NaiveTime,
    /// When the train pulls into the departure station; `None` when it starts there.
    pub arrival_at_origin: Option<NaiveTime>,
    pub run_minutes: u32,
    /// The train runs no further than the destination.
    pub terminates_at_destination: bool,
    pub book_state: u8,
    pub distance_km: u32,
    pub pull_in_by_id_card: bool,
    pub seats: Vec<Seat>,
}

impl Train {
    pub fn starts_at_origin(&self) -> bool {
        self.arrival_at_origin.is_none()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Seat {
    /// A seatClassCode of the vendor's dictionary.
    pub code: &'static str,
    pub fare: Fare,
    /// Tickets left; 0 means sold out.
    pub left: u32,
}

/// Every train from `from` to `to` on `date`, in order of departure.
pub fn trains(
    from: &'static Station,
    to: &'static Station,
    date: NaiveDate,
    fare_type: FareType,
) -> Vec<Train> {
    let distance_km = distance_km(from, to);
    let mut dice = Dice::new(&[from.name, to.name, "services"]);
    let mut numbers_taken = HashSet::new();

    let mut trains = Vec::new();
    for (kind, count) in service_counts(distance_km, &mut dice) {
        for index in 0..count {
            let slot = Slot { index, count };
            let route = Route {
                from,
                to,
                distance_km,
            };
            let train = service(&route, kind, slot, fare_type, &mut numbers_taken);
            trains.push(train);
        }
    }
    trains.sort_by(|a, b| (a.departure, &a.number).cmp(&(b.departure, &b.number)));

    let day = date.format("%Y%m%d").to_string();
    for train in &mut trains {
        stock(train, &day);
    }
    make_one_train_per_kind_fully_bookable(&mut trains, &day);
    trains
}

/// The distance between two stations, the same both ways.
pub fn distance_km(from: &Station, to: &Station) -> u32 {
    let stations = sorted_pair(from.name, to.name);
    let across_town = (fnv1a(&[stations.0, stations.1]) % 60) as u32;
    if from.city == to.city {
        return 12 + across_town;
    }
    let cities = sorted_pair(from.city, to.city);
    let between_cities = (fnv1a(&[cities.0, cities.1]) % 2000) as u32;
    150 + between_cities + across_town
}

fn sorted_pair<'a>(a: &'a str, b: &'a str) -> (&'a str, &'a str) {
    if a <= b { (a, b) } else { (b, a) }
}

/// How many trains of each kind run over a distance: intercity trains only on short hops,
/// fewer bullet trains and more sleeper trains as the distance grows.
fn service_counts(distance_km: u32, dice: &mut Dice) -> Vec<(TrainKind, u32)> {
    let short = distance_km < 300;
    let (bullet_low, bullet_high) = match distance_km {
        0..800 => (2, 4),
        800..=1500 => (1, 2),
        _ => (0, 1),
    };
    vec![
        (
            TrainKind::HighSpeed,
            if distance_km <= 1500 {
                dice.between(3, 5)
            } else {
                dice.between(2, 3)
            },
        ),
        (TrainKind::Bullet, dice.between(bullet_low, bullet_high)),
        (
            TrainKind::Intercity,
            if distance_km < 200 {
                dice.between(2, 3)
            } else {
                0
            },
        ),
        (
            TrainKind::Fast,
            if short {
                dice.between(1, 2)
            } else {
                dice.between(2, 3)
            },
        ),
        (
            TrainKind::Express,
            if short {
                dice.between(0, 1)
            } else {
                dice.between(1, 2)
            },
        ),
        (
            TrainKind::Direct,
            if distance_km >= 600 {
                dice.between(1, 2)
            } else {
                0
            },
        ),
    ]
}

struct Route {
    from: &'static Station,
    to: &'static Station,
    distance_km: u32,
}

/// A train's place among the trains of its kind, which spreads their departures over the day.
#[derive(Clone, Copy)]
struct Slot {
    index: u32,
    count: u32,
}

fn service(
    route: &Route,
    kind: TrainKind,
    slot: Slot,
    fare_type: FareType,
    numbers_taken: &mut HashSet<String>,
) -> Train {
    let letter = kind.letter().to_string();
    let index = slot.index.to_string();
    let mut dice = Dice::new(&[route.from.name, route.to.name, &letter, &index]);

    let number = train_number(kind, route.distance_km >= 800, &mut dice, numbers_taken);
    let departure = departure_time(kind, slot, &mut dice);
    let arrival_at_origin = if dice.chance(35) {
        None
    } else {
        let dwell_minutes = if kind.runs_by_day_only() {
            dice.between(2, 8)
        } else {
            dice.between(3, 15)
        };
        Some(minus_minutes(departure, dwell_minutes))
    };
    let with_standing = dice.chance(30);
    let seats = kind
        .seat_codes(with_standing)
        .into_iter()
        .map(|code| Seat {
            code,
            fare: fares::fare(kind, code, route.distance_km, fare_type),
            left: 0,
        })
        .collect();

    Train {
        number,
        kind,
        train_class: kind.train_class(&mut dice),
        from: route.from,
        to: route.to,
        departure,
        arrival_at_origin,
        run_minutes: run_minutes(kind, route.distance_km, &mut dice),
        terminates_at_destination: dice.chance(35),
        book_state: BOOKABLE,
        distance_km: route.distance_km,
        pull_in_by_id_card: kind.runs_by_day_only() || dice.chance(50),
        seats,
    }
}

/// A number of the kind's range that no other train of this timetable has.
fn train_number(
    kind: TrainKind,
    long_haul: bool,
    dice: &mut Dice,
    taken: &mut HashSet<String>,
) -> String {
    let (low, high) = kind.number_range(long_haul);
    let mut number = format!("{}{}", kind.letter(), dice.between(low, high));
    while taken.contains(&number) {
        number = format!("{}{}", kind.letter(), dice.between(low, high));
    }
    taken.insert(number.clone());
    number
}

/// Trains of one kind share the running window evenly, each at a drawn minute of its share.
fn departure_time(kind: TrainKind, slot: Slot, dice: &mut Dice) -> NaiveTime {
    let (first_minute, last_minute) = if kind.runs_by_day_only() {
        (6 * 60, 22 * 60)
    } else {
        (0, 24 * 60 - 1)
    };
    let share = (last_minute - first_minute) / slot.count.max(1);
    let minute = first_minute + slot.index * share + dice.between(0, share.saturating_sub(1));
    NaiveTime::from_hms_opt(minute / 60 % 24, minute % 60, 0).unwrap_or(NaiveTime::MIN)
}

fn minus_minutes(time: NaiveTime, minutes: u32) -> NaiveTime {
    let of_day = (time.num_seconds_from_midnight() / 60 + 24 * 60 - minutes) % (24 * 60);
    NaiveTime::from_hms_opt(of_day / 60, of_day % 60, 0).unwrap_or(NaiveTime::MIN)
}

/// Travel time from the kind's speed, give or take the stops this train makes.
fn run_minutes(kind: TrainKind, distance_km: u32, dice: &mut Dice) -> u32 {
    let at_speed = distance_km * 60 / kind.speed_kmh();
    let with_stops = at_speed * dice.between(92, 115) / 100;
    with_stops.max(10)
}

/// Draws the day's bookability and the tickets left in each seat class.
fn stock(train: &mut Train, day: &str) {
    let mut dice = Dice::new(&[train.from.name, train.to.name, &train.number, day]);
    train.book_state = match dice.between(0, 99) {
        0..=3 => NOT_BOOKABLE,
        4..=7 => CLOSED_BEFORE_DEPARTURE,
        _ => BOOKABLE,
    };
    let bookable = train.book_state == BOOKABLE;
    for seat in &mut train.seats {
        let sold_out = !bookable || dice.chance(sold_out_percent(seat.code));
        seat.left = if sold_out {
            0
        } else {
            dice.between(1, capacity(seat.code))
        };
    }
}

/// The first train of each kind gets tickets in every class, so that a test can always
/// book any seat class the timetable offers.
fn make_one_train_per_kind_fully_bookable(trains: &mut [Train], day: &str) {
    let mut kinds_done = BTreeSet::new();
    for train in trains.iter_mut() {
        if !kinds_done.insert(train.kind) {
            continue;
        }
        let mut dice = Dice::new(&[
            train.from.name,
            train.to.name,
            &train.number,
            day,
            "restock",
        ]);
        train.book_state = BOOKABLE;
        for seat in train.seats.iter_mut().filter(|seat| seat.left == 0) {
            seat.left = dice.between(1, capacity(seat.code));
        }
    }
}

/// How many tickets of a class one train can have left.
fn capacity(seat_code: &str) -> u32 {
    match seat_code {
        "businessseat" => 12,
        "firstseat" => 60,
        "secondseat" => 500,
        "hardseat" => 300,
        "hardsleeperdown" => 180,
        "softsleeperdown" => 36,
        _ => 80,
    }
}

/// The scarce classes sell out more often.
fn sold_out_percent(seat_code: &str) -> u32 {
    match seat_code {
        "businessseat" | "softsleeperdown" => 30,
        "noseat" => 25,
        _ => 18,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{dict, stations};

    fn station(name: &str) -> &'static Station {
        stations::by_name(name).unwrap_or_else(|| panic!("no station {name}"))
    }

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y%m%d").unwrap()
    }

    fn timetable(from: &str, to: &str) -> Vec<Train> {
        trains(station(from), station(to), day("20261230"), FareType::Adult)
    }

    const COMMON_PAIRS: [(&str, &str); 4] = [
        ("苏州", "昆山"),
        ("上海", "北京"),
        ("上海虹桥", "南京南"),
        ("北京南", "广州南"),
    ];

    #[test]
    fn the_same_query_gives_the_same_trains() {
        assert_eq!(timetable("上海", "北京"), timetable("上海", "北京"));
    }

    #[test]
    fn services_repeat_daily_while_tickets_left_change() {
        let monday = trains(
            station("苏州"),
            station("昆山"),
            day("20261228"),
            FareType::Adult,
        );
        let tuesday = trains(
            station("苏州"),
            station("昆山"),
            day("20261229"),
            FareType::Adult,
        );
        let numbers =
            |trains: &[Train]| trains.iter().map(|t| t.number.clone()).collect::<Vec<_>>();
        assert_eq!(numbers(&monday), numbers(&tuesday));
        assert_ne!(monday, tuesday);
    }

    #[test]
    fn every_seat_code_is_in_the_dictionary() {
        for (from, to) in COMMON_PAIRS {
            for train in timetable(from, to) {
                for seat in &train.seats {
                    assert!(dict::seat_class_name(seat.code).is_some(), "{}", seat.code);
                }
            }
        }
    }

    #[test]
    fn numbers_and_classes_match_the_kind_of_train() {
        for train in timetable("上海", "北京") {
            assert!(
                train.number.starts_with(train.kind.letter()),
                "{}",
                train.number
            );
            assert!(
                dict::train_class_name(train.train_class).is_some(),
                "{}",
                train.train_class
            );
            let expected: &[&str] = match train.kind {
                TrainKind::HighSpeed => &["GD"],
                TrainKind::Bullet => &["D"],
                TrainKind::Intercity => &["C"],
                TrainKind::Fast => &["KS", "KKS"],
                TrainKind::Express => &["KT"],
                TrainKind::Direct => &["Z"],
            };
            assert!(
                expected.contains(&train.train_class),
                "{}",
                train.train_class
            );
        }
    }

    #[test]
    fn train_numbers_are_unique_within_a_timetable() {
        let trains = timetable("上海虹桥", "南京南");
        let numbers: HashSet<&str> = trains.iter().map(|t| t.number.as_str()).collect();
        assert_eq!(numbers.len(), trains.len());
    }

    #[test]
    fn distance_is_short_within_a_city_and_long_between_cities() {
        let near = distance_km(station("苏州"), station("昆山"));
        assert!((10..100).contains(&near), "{near}");
        let far = distance_km(station("上海"), station("北京"));
        assert!(far >= 150, "{far}");
        assert_eq!(far, distance_km(station("北京"), station("上海")));
    }

    #[test]
    fn prices_grow_with_distance() {
        let cheapest_second_class = |from, to| {
            timetable(from, to)
                .iter()
                .flat_map(|train| train.seats.iter())
                .filter(|seat| seat.code == "secondseat")
                .map(|seat| seat.fare.price)
                .fold(f64::MAX, f64::min)
        };
        assert!(cheapest_second_class("苏州", "昆山") < cheapest_second_class("上海", "北京"));
    }

    #[test]
    fn sold_out_seats_have_no_tickets_left() {
        let seats: Vec<Seat> = COMMON_PAIRS
            .iter()
            .flat_map(|(from, to)| timetable(from, to))
            .flat_map(|train| train.seats)
            .collect();
        assert!(seats.iter().any(|seat| seat.left == 0));
        assert!(seats.iter().any(|seat| seat.left > 0));
    }

    #[test]
    fn common_pairs_offer_every_seat_class_of_every_kind_bookable() {
        for (from, to) in COMMON_PAIRS {
            let trains = timetable(from, to);
            assert!(trains.len() >= 5, "{from}→{to}: {} trains", trains.len());
            for kind in trains.iter().map(|t| t.kind) {
                let fully_bookable = trains.iter().any(|train| {
                    train.kind == kind
                        && train.book_state == BOOKABLE
                        && train.seats.iter().all(|seat| seat.left > 0)
                });
                assert!(fully_bookable, "{from}→{to}: no bookable {kind:?}");
            }
        }
    }

    #[test]
    fn long_distances_get_fewer_short_haul_trains() {
        let mut dice = Dice::new(&["test"]);
        let long = service_counts(2100, &mut dice);
        let count = |counts: &[(TrainKind, u32)], kind| {
            counts
                .iter()
                .find(|(k, _)| *k == kind)
                .map_or(0, |(_, n)| *n)
        };
        assert_eq!(count(&long, TrainKind::Intercity), 0);
        assert!(count(&long, TrainKind::Bullet) <= 1);
        let short = service_counts(40, &mut dice);
        assert!(count(&short, TrainKind::Intercity) >= 2);
        assert_eq!(count(&short, TrainKind::Direct), 0);
    }

    #[test]
    fn departures_are_spread_over_the_day() {
        let trains = timetable("上海虹桥", "南京南");
        let first = trains.first().map(|t| t.departure.hour());
        let last = trains.last().map(|t| t.departure.hour());
        assert!(
            last.unwrap_or(0) - first.unwrap_or(0) >= 8,
            "{first:?}..{last:?}"
        );
    }

    #[test]
    fn trains_starting_at_the_origin_have_no_arrival_there() {
        let trains = timetable("上海", "北京");
        assert!(trains.iter().any(|t| t.starts_at_origin()));
        for train in trains.iter().filter(|t| !t.starts_at_origin()) {
            assert_ne!(train.arrival_at_origin, Some(train.departure));
        }
    }
}
