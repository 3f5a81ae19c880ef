//! Stable hashing and a seeded dice, so the timetable is the same on every machine and run.
//!
//! std's `DefaultHasher` may change between Rust releases, which would reshuffle every
//! sandbox timetable; FNV-1a is written out here so its output never moves.

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a over the parts, with a separator byte so `("ab", "c")` and `("a", "bc")` differ.
pub fn fnv1a(parts: &[&str]) -> u64 {
    let mut hash = FNV_OFFSET;
    for part in parts {
        for byte in part.bytes().chain(std::iter::once(0xff)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(FNV_PRIME);
        }
    }
    hash
}

/// A deterministic stream of numbers drawn from one seed.
pub struct Dice {
    state: u64,
}

impl Dice {
    pub fn new(parts: &[&str]) -> Dice {
        Dice {
            state: fnv1a(parts),
        }
    }

    /// The next number of the stream (a splitmix-style step: add a constant, then mix the
    /// bits, so that neighbouring seeds give unrelated streams).
    pub fn next(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut mixed = self.state;
        mixed = (mixed ^ (mixed >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        mixed = (mixed ^ (mixed >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        mixed ^ (mixed >> 31)
    }

    /// A number in `low..=high`.
    pub fn between(&mut self, low: u32, high: u32) -> u32 {
        if high <= low {
            return low;
        }
        let span = u64::from(high - low) + 1;
        low + (self.next() % span) as u32
    }

    /// True `percent` times in a hundred.
    pub fn chance(&mut self, percent: u32) -> bool {
        self.between(0, 99) < percent
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_matches_the_published_test_vector() {
        let mut hash = FNV_OFFSET;
        for byte in b"a" {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(FNV_PRIME);
        }
        assert_eq!(hash, 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn part_boundaries_change_the_hash() {
        assert_ne!(fnv1a(&["ab", "c"]), fnv1a(&["a", "bc"]));
    }

    #[test]
    fn dice_rolls_stay_in_range_and_repeat_for_a_seed() {
        let mut first = Dice::new(&["苏州", "昆山"]);
        let mut second = Dice::new(&["苏州", "昆山"]);
        for _ in 0..1000 {
            let roll = first.between(3, 9);
            assert!((3..=9).contains(&roll));
            assert_eq!(roll, second.between(3, 9));
        }
    }
}
