//! The kinds of train the sandbox runs (G, D, C, K, T, Z) and what each implies: its letter,
//! the vendor's trainClass code, its speed, and the seat classes it carries.

use super::hash::Dice;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TrainKind {
    HighSpeed,
    Bullet,
    Intercity,
    Fast,
    Express,
    Direct,
}

impl TrainKind {
    /// Every kind, for tests that check a property of all of them.
    #[cfg(test)]
    pub const ALL: [TrainKind; 6] = [
        TrainKind::HighSpeed,
        TrainKind::Bullet,
        TrainKind::Intercity,
        TrainKind::Fast,
        TrainKind::Express,
        TrainKind::Direct,
    ];

    /// The letter that starts the train number.
    pub fn letter(self) -> char {
        match self {
            TrainKind::HighSpeed => 'G',
            TrainKind::Bullet => 'D',
            TrainKind::Intercity => 'C',
            TrainKind::Fast => 'K',
            TrainKind::Express => 'T',
            TrainKind::Direct => 'Z',
        }
    }

    /// The vendor's trainClass code; K trains are either 快速 or 空调快速.
    pub fn train_class(self, dice: &mut Dice) -> &'static str {
        match self {
            TrainKind::HighSpeed => "GD",
            TrainKind::Bullet => "D",
            TrainKind::Intercity => "C",
            TrainKind::Fast if dice.chance(60) => "KKS",
            TrainKind::Fast => "KS",
            TrainKind::Express => "KT",
            TrainKind::Direct => "Z",
        }
    }

    /// Average speed between the two stations, stops included.
    pub fn speed_kmh(self) -> u32 {
        match self {
            TrainKind::HighSpeed => 240,
            TrainKind::Bullet => 170,
            TrainKind::Intercity => 150,
            TrainKind::Fast => 75,
            TrainKind::Express => 95,
            TrainKind::Direct => 115,
        }
    }

    /// Multiple-unit trains run by day; the rest run round the clock.
    pub fn runs_by_day_only(self) -> bool {
        matches!(
            self,
            TrainKind::HighSpeed | TrainKind::Bullet | TrainKind::Intercity
        )
    }

    /// The range train numbers of this kind are drawn from: long-haul services carry low
    /// numbers, regional ones high numbers (as G7066 in the reference's sample does).
    pub fn number_range(self, long_haul: bool) -> (u32, u32) {
        match (self, long_haul) {
            (TrainKind::HighSpeed, true) => (1, 1999),
            (TrainKind::HighSpeed, false) => (7001, 7999),
            (TrainKind::Bullet, true) => (1, 999),
            (TrainKind::Bullet, false) => (3001, 5999),
            (TrainKind::Intercity, _) => (1001, 3999),
            (TrainKind::Fast, _) => (1, 1999),
            (TrainKind::Express, _) => (1, 399),
            (TrainKind::Direct, _) => (1, 299),
        }
    }

    /// The seat classes on board, as the vendor's seatClassCode keys, in display order.
    /// G trains carry standing tickets only some days, so `noseat` is offered separately.
    pub fn seat_codes(self, with_standing: bool) -> Vec<&'static str> {
        let mut codes = match self {
            TrainKind::HighSpeed => vec!["businessseat", "firstseat", "secondseat"],
            TrainKind::Bullet | TrainKind::Intercity => vec!["firstseat", "secondseat"],
            TrainKind::Fast | TrainKind::Express | TrainKind::Direct => {
                vec!["softsleeperdown", "hardsleeperdown", "hardseat"]
            }
        };
        let standing = match self {
            TrainKind::HighSpeed => with_standing,
            TrainKind::Intercity => false,
            _ => true,
        };
        if standing {
            codes.push("noseat");
        }
        codes
    }
}
