//! The vendor's rules for what may be sent, checked before anything is: identity numbers,
//! order numbers, contact details. Each check returns a one-line reason that names the value.

use chrono::NaiveDate;

/// Weights of the first 17 digits of a mainland ID number (GB 11643-1999).
const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// The check character for each remainder of the weighted sum modulo 11.
const ID_CHECK_CHARS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// Checks a mainland ID number: 18 characters, a valid check character, a real birth date no
/// later than `today`. Returns the birth date it carries.
pub fn id_card_birthday(number: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let number = number.trim().to_ascii_uppercase();
    let chars: Vec<char> = number.chars().collect();
    if chars.len() != 18 {
        return Err(format!(
            "an ID card number has 18 characters, this one has {}",
            chars.len()
        ));
    }
    let digits: Option<Vec<u32>> = chars[..17].iter().map(|c| c.to_digit(10)).collect();
    let Some(digits) = digits else {
        return Err("the first 17 characters of an ID card number are digits".to_string());
    };

    let sum: u32 = digits
        .iter()
        .zip(ID_WEIGHTS)
        .map(|(digit, weight)| digit * weight)
        .sum();
    let expected = ID_CHECK_CHARS[(sum % 11) as usize];
    if chars[17] != expected {
        return Err(format!(
            "the ID card number's check character is wrong (expected {expected}): a typo?"
        ));
    }

    let birth_text: String = chars[6..14].iter().collect();
    let birthday = NaiveDate::parse_from_str(&birth_text, "%Y%m%d")
        .map_err(|_| format!("the ID card number carries no real birth date ({birth_text})"))?;
    if birthday > today {
        return Err(format!(
            "the ID card number's birth date {birth_text} is in the future"
        ));
    }
    Ok(birthday)
}

/// A birthday as the vendor takes it: YYYY-MM-DD, a real day, not in the future.
pub fn birthday(text: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let date = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| format!("birthday `{text}` is not a YYYY-MM-DD date"))?;
    if date > today {
        return Err(format!("birthday `{text}` is in the future"));
    }
    Ok(date)
}

/// outOrderNo: 6 to 32 letters and digits (the reference's rule).
pub fn out_order_no(text: &str) -> Result<(), String> {
    let length = text.chars().count();
    if !(6..=32).contains(&length) || !text.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(format!(
            "order number `{text}` must be 6 to 32 letters and digits"
        ));
    }
    Ok(())
}

/// A mainland mobile number: 11 digits starting 13–19.
pub fn cellphone(text: &str) -> Result<(), String> {
    let bytes = text.as_bytes();
    let valid = bytes.len() == 11
        && bytes.iter().all(u8::is_ascii_digit)
        && bytes[0] == b'1'
        && (b'3'..=b'9').contains(&bytes[1]);
    if !valid {
        return Err(format!(
            "cellphone `{text}` is not an 11-digit mainland mobile number"
        ));
    }
    Ok(())
}

/// An address with one `@`, something before it, and a dotted domain after it.
pub fn email(text: &str) -> Result<(), String> {
    let valid = match text.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !text.chars().any(char::is_whitespace)
        }
        None => false,
    };
    if !valid {
        return Err(format!("email `{text}` is not an email address"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 3).unwrap()
    }

    #[test]
    fn a_valid_id_number_gives_its_birthday() {
        let birthday = id_card_birthday("11010519491231002X", today()).unwrap();
        assert_eq!(birthday, NaiveDate::from_ymd_opt(1949, 12, 31).unwrap());
        assert!(
            id_card_birthday("11010519491231002x", today()).is_ok(),
            "a lower-case x is fine"
        );
    }

    #[test]
    fn id_numbers_with_a_wrong_length_check_or_date_are_refused() {
        assert!(
            id_card_birthday("1101051949123100", today())
                .unwrap_err()
                .contains("18 characters")
        );
        assert!(
            id_card_birthday("110105194912310021", today())
                .unwrap_err()
                .contains("check character")
        );
        assert!(
            id_card_birthday("11010519491231X02X", today())
                .unwrap_err()
                .contains("digits")
        );
        let no_such_day = id_card_birthday("110105202602300018", today()).unwrap_err();
        assert!(no_such_day.contains("no real birth date"), "{no_such_day}");
        let unborn = id_card_birthday("11010520300101001X", today()).unwrap_err();
        assert!(unborn.contains("future"), "{unborn}");
    }

    #[test]
    fn order_numbers_are_6_to_32_letters_and_digits() {
        assert!(out_order_no("GRAB01").is_ok());
        assert!(out_order_no(&"A".repeat(32)).is_ok());
        assert!(out_order_no("GRAB1").is_err());
        assert!(out_order_no(&"A".repeat(33)).is_err());
        assert!(out_order_no("GRAB-0001").is_err());
        assert!(out_order_no("订单123456").is_err());
    }

    #[test]
    fn contact_details_are_checked() {
        assert!(cellphone("13800138000").is_ok());
        assert!(cellphone("12800138000").is_err());
        assert!(cellphone("1380013800").is_err());
        assert!(email("a@example.com").is_ok());
        for bad in [
            "a@b",
            "@example.com",
            "a@@example.com",
            "a b@example.com",
            "plain",
        ] {
            assert!(email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn birthdays_are_real_past_days() {
        assert!(birthday("1985-04-12", today()).is_ok());
        assert!(birthday("1985-02-30", today()).is_err());
        assert!(birthday("2030-01-01", today()).is_err());
    }
}
