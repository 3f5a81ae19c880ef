//! The mainland resident ID number (GB 11643-1999): 17 digits, the last six of the first
//! fourteen a birth date, and a check character computed from the seventeen (ISO 7064 MOD 11-2).
//!
//! Written here rather than shared with the client, so that a mistake in either shows up as a
//! disagreement between the two.

use chrono::NaiveDate;

/// The weight of each of the first seventeen digits, 2^(17 - i) mod 11.
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/// The check character for each weighted sum mod 11.
const CHECK_CHARACTERS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// The birth date of a well-formed ID number, born no later than `today`; `None` when the
/// number is malformed, its check character is wrong, or its date is not a real day.
pub fn birth_date(id_number: &str, today: NaiveDate) -> Option<NaiveDate> {
    let characters: Vec<char> = id_number.chars().collect();
    if characters.len() != 18 {
        return None;
    }
    let digits: Vec<u32> = characters[..17]
        .iter()
        .map(|character| character.to_digit(10))
        .collect::<Option<_>>()?;
    if characters[17].to_ascii_uppercase() != check_character(&digits) {
        return None;
    }

    let date_text: String = characters[6..14].iter().collect();
    let born = NaiveDate::parse_from_str(&date_text, "%Y%m%d").ok()?;
    (born <= today).then_some(born)
}

fn check_character(digits: &[u32]) -> char {
    let sum: u32 = digits
        .iter()
        .zip(WEIGHTS)
        .map(|(digit, weight)| digit * weight)
        .sum();
    CHECK_CHARACTERS[(sum % 11) as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 3).unwrap()
    }

    #[test]
    fn the_standards_example_is_valid() {
        let born = NaiveDate::from_ymd_opt(1949, 12, 31);
        assert_eq!(birth_date("11010519491231002X", today()), born);
        assert_eq!(birth_date("11010519491231002x", today()), born);
    }

    #[test]
    fn a_wrong_check_character_is_refused() {
        assert_eq!(birth_date("110105194912310021", today()), None);
    }

    #[test]
    fn malformed_numbers_and_impossible_dates_are_refused() {
        for bad in [
            "",
            "11010519491231002",
            "1101051949123100XX",
            "１10105194912310021",
        ] {
            assert_eq!(birth_date(bad, today()), None, "{bad}");
        }
        // 1949-02-30 does not exist; the check character is right for the digits.
        let digits: Vec<u32> = "11010519490230002"
            .chars()
            .filter_map(|c| c.to_digit(10))
            .collect();
        let number = format!("11010519490230002{}", check_character(&digits));
        assert_eq!(birth_date(&number, today()), None);
    }

    #[test]
    fn a_birth_date_in_the_future_is_refused() {
        let digits: Vec<u32> = "11010520300101002"
            .chars()
            .filter_map(|c| c.to_digit(10))
            .collect();
        let number = format!("11010520300101002{}", check_character(&digits));
        assert_eq!(birth_date(&number, today()), None);
    }
}
