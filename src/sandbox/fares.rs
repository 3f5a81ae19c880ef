//! Ticket prices: a base plus a rate per kilometre for each train kind and seat class, with
//! berth prices for sleepers and the student discount.
//!
//! Every price is rounded to half a yuan, as 12306 prices are, and grows with distance.

use super::kind::TrainKind;

/// The ticket type a search asks for (`type` 1 or 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FareType {
    Adult,
    Student,
}

impl FareType {
    /// The vendor's `type` code.
    pub fn code(self) -> u8 {
        match self {
            FareType::Adult => 1,
            FareType::Student => 2,
        }
    }
}

/// What one seat class costs; berth prices are 0 where the seat has no such berth, as the
/// reference says ("若无则为0").
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fare {
    pub price: f64,
    pub up_price: f64,
    pub mid_price: f64,
    pub down_price: f64,
}

pub fn fare(kind: TrainKind, seat_code: &str, distance_km: u32, fare_type: FareType) -> Fare {
    let price = adult_price(kind, seat_code, distance_km);
    let price = match fare_type {
        FareType::Adult => price,
        FareType::Student => round_to_half(price * student_share(seat_code)),
    };
    let (up_price, mid_price, down_price) = match seat_code {
        "hardsleeperdown" => (
            round_to_half(price * 0.92),
            round_to_half(price * 0.96),
            price,
        ),
        "softsleeperdown" => (round_to_half(price * 0.94), 0.0, price),
        _ => (0.0, 0.0, 0.0),
    };
    Fare {
        price,
        up_price,
        mid_price,
        down_price,
    }
}

/// Students pay half the hard-seat fare on conventional trains and three quarters of the
/// second-class fare on multiple units; other seats are full price.
fn student_share(seat_code: &str) -> f64 {
    match seat_code {
        "hardseat" => 0.5,
        "secondseat" => 0.75,
        _ => 1.0,
    }
}

fn adult_price(kind: TrainKind, seat_code: &str, distance_km: u32) -> f64 {
    // Standing passengers pay the cheapest seated fare of the train.
    let seat_code = match (seat_code, kind.runs_by_day_only()) {
        ("noseat", true) => "secondseat",
        ("noseat", false) => "hardseat",
        (code, _) => code,
    };
    let (base, per_km) = tariff(kind, seat_code);
    round_to_half(base + per_km * f64::from(distance_km))
}

/// The base fare and the rate per kilometre, in yuan.
fn tariff(kind: TrainKind, seat_code: &str) -> (f64, f64) {
    // Air-conditioned express and direct trains add a surcharge to the conventional rates.
    let surcharge = match kind {
        TrainKind::Express => 1.12,
        TrainKind::Direct => 1.2,
        _ => 1.0,
    };
    match (kind, seat_code) {
        (TrainKind::HighSpeed, "businessseat") => (10.0, 1.40),
        (TrainKind::HighSpeed, "firstseat") => (5.0, 0.75),
        (TrainKind::HighSpeed, _) => (3.0, 0.46),
        (TrainKind::Bullet, "firstseat") => (3.0, 0.50),
        (TrainKind::Bullet, _) => (2.0, 0.31),
        (TrainKind::Intercity, "firstseat") => (3.0, 0.58),
        (TrainKind::Intercity, _) => (2.0, 0.36),
        (_, "softsleeperdown") => (18.0, 0.185 * surcharge),
        (_, "hardsleeperdown") => (10.0, 0.118 * surcharge),
        (_, _) => (1.5, 0.062 * surcharge),
    }
}

fn round_to_half(yuan: f64) -> f64 {
    (yuan * 2.0).round() / 2.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_grow_with_distance_for_every_seat() {
        for kind in TrainKind::ALL {
            for code in kind.seat_codes(true) {
                let near = fare(kind, code, 40, FareType::Adult).price;
                let far = fare(kind, code, 1200, FareType::Adult).price;
                assert!(near > 0.0 && far > near, "{kind:?} {code}: {near} → {far}");
            }
        }
    }

    #[test]
    fn better_seats_cost_more() {
        let first = fare(TrainKind::HighSpeed, "firstseat", 300, FareType::Adult).price;
        let second = fare(TrainKind::HighSpeed, "secondseat", 300, FareType::Adult).price;
        let business = fare(TrainKind::HighSpeed, "businessseat", 300, FareType::Adult).price;
        assert!(second < first && first < business);
    }

    #[test]
    fn sleepers_have_berth_prices_and_seats_do_not() {
        let hard = fare(TrainKind::Fast, "hardsleeperdown", 800, FareType::Adult);
        assert!(hard.up_price < hard.mid_price && hard.mid_price < hard.down_price);
        assert_eq!(hard.down_price, hard.price);
        let soft = fare(TrainKind::Direct, "softsleeperdown", 800, FareType::Adult);
        assert!(soft.up_price > 0.0 && soft.mid_price == 0.0);
        let seat = fare(TrainKind::Bullet, "secondseat", 800, FareType::Adult);
        assert_eq!(
            (seat.up_price, seat.mid_price, seat.down_price),
            (0.0, 0.0, 0.0)
        );
    }

    #[test]
    fn students_pay_less_for_hard_and_second_class_only() {
        let adult = fare(TrainKind::Bullet, "secondseat", 500, FareType::Adult).price;
        let student = fare(TrainKind::Bullet, "secondseat", 500, FareType::Student).price;
        assert!(student < adult);
        let first_adult = fare(TrainKind::Bullet, "firstseat", 500, FareType::Adult).price;
        let first_student = fare(TrainKind::Bullet, "firstseat", 500, FareType::Student).price;
        assert_eq!(first_adult, first_student);
    }

    #[test]
    fn prices_are_whole_or_half_yuan() {
        let price = fare(TrainKind::Express, "hardseat", 123, FareType::Adult).price;
        assert_eq!((price * 2.0).fract(), 0.0);
    }
}
