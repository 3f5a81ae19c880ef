//! How the vendor masks personal data in its answers, one form per field as its samples show:
//! `320382XXXXXXX3916` for a certificate, `1599XXXXXXX` for the phone of the pending shape,
//! `1599****577` for the contact of the issued shape.

/// The pending shape's certificateNo: six characters, seven X, the last four (the sample
/// shortens an 18-character number to 17); short numbers keep their ends only.
pub fn certificate(number: &str) -> String {
    let characters: Vec<char> = number.chars().collect();
    if characters.len() < 11 {
        return keep_ends(&characters, 1, 1, 'X');
    }
    let head: String = characters[..6].iter().collect();
    let tail: String = characters[characters.len() - 4..].iter().collect();
    format!("{head}XXXXXXX{tail}")
}

/// The issued shape's idCard: the length kept, the middle hidden.
pub fn id_card(number: &str) -> String {
    let characters: Vec<char> = number.chars().collect();
    if characters.len() < 11 {
        return keep_ends(&characters, 1, 1, 'X');
    }
    keep_ends(&characters, 6, 4, 'X')
}

/// The pending shape's phone: the first four digits.
pub fn phone(number: &str) -> String {
    let characters: Vec<char> = number.chars().collect();
    keep_ends(&characters, 4, 0, 'X')
}

/// The issued shape's contact: first four, four stars, last three.
pub fn contact_phone(number: &str) -> String {
    let characters: Vec<char> = number.chars().collect();
    if characters.len() < 8 {
        return keep_ends(&characters, 1, 0, '*');
    }
    let head: String = characters[..4].iter().collect();
    let tail: String = characters[characters.len() - 3..].iter().collect();
    format!("{head}****{tail}")
}

/// `head` and `tail` characters kept, every other one replaced.
fn keep_ends(characters: &[char], head: usize, tail: usize, hidden: char) -> String {
    let length = characters.len();
    characters
        .iter()
        .enumerate()
        .map(|(index, character)| {
            if index < head.min(length) || index + tail >= length.max(head + tail) {
                *character
            } else {
                hidden
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_samples_forms_are_reproduced() {
        assert_eq!(certificate("320382198001013916"), "320382XXXXXXX3916");
        assert_eq!(phone("15990000577"), "1599XXXXXXX");
        assert_eq!(contact_phone("15990000577"), "1599****577");
        assert_eq!(id_card("11010519491231002X"), "110105XXXXXXXX002X");
    }

    #[test]
    fn short_values_keep_no_more_than_their_ends() {
        assert_eq!(certificate("E1234567"), "EXXXXXX7");
        assert_eq!(id_card("AB"), "AB");
        assert_eq!(phone("123"), "123");
        assert_eq!(contact_phone("12345"), "1****");
        assert_eq!(certificate(""), "");
    }
}
