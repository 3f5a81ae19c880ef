//! Random numbers for order and ticket numbers, from the standard library alone.
//!
//! Each `RandomState` is seeded from the operating system's random source and hashes with
//! SipHash under those keys, so an empty hasher's output is an unpredictable 64-bit number:
//! plenty for numbers that must not repeat, and nothing here needs to be secret.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};

pub fn next_u64() -> u64 {
    RandomState::new().build_hasher().finish()
}

/// A number in `low..=high`.
pub fn between(low: u32, high: u32) -> u32 {
    let span = u64::from(high.saturating_sub(low)) + 1;
    low + (next_u64() % span) as u32
}

/// `count` random decimal digits, the first not zero.
pub fn digits(count: usize) -> String {
    let mut text = between(1, 9).to_string();
    while text.len() < count {
        text.push(char::from(b'0' + between(0, 9) as u8));
    }
    text
}

/// An orderNo like the reference's `TFT583U752U210D284004800356`: TFT and 24 upper-case
/// letters and digits.
pub fn order_no() -> String {
    let hex = format!("{:016X}{:016X}", next_u64(), next_u64());
    format!("TFT{}", &hex[..24])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_numbers_have_the_samples_form_and_differ() {
        let first = order_no();
        assert_eq!(first.len(), 27);
        assert!(first.starts_with("TFT"));
        assert!(
            first
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        );
        assert_ne!(first, order_no());
    }

    #[test]
    fn digits_and_ranges_stay_in_bounds() {
        for _ in 0..200 {
            let text = digits(9);
            assert_eq!(text.len(), 9);
            assert!(!text.starts_with('0'));
            assert!((3..=5).contains(&between(3, 5)));
        }
    }
}
