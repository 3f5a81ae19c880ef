//! Secrets and personal data kept out of logs: a `Secret` type that never prints its value,
//! and the masking applied to request parameters before `-v` shows them.

use std::fmt;

/// A value (API key, 12306 password) whose `Debug` and `Display` print `(redacted)`, so no
/// log of a struct that holds one can leak it. `expose` is the one way to read it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("(redacted)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("(redacted)")
    }
}

/// Keeps the first two characters so a person can tell which key was used, hides the rest.
pub fn mask(value: &str) -> String {
    let shown: String = value.chars().take(2).collect();
    format!("{shown}***")
}

/// Keeps the first four and last two characters of an ID number: enough to tell passengers
/// apart in a log, not enough to use.
pub fn mask_id_number(value: &str) -> String {
    let chars: Vec<char> = value.chars().collect();
    if chars.len() <= 6 {
        return "***".to_string();
    }
    let head: String = chars[..4].iter().collect();
    let tail: String = chars[chars.len() - 2..].iter().collect();
    format!("{head}***{tail}")
}

/// A request parameter as `-v` may print it.
pub fn loggable_param(name: &str, value: &str) -> String {
    match name {
        "key" => mask(value),
        // Even two characters of a password help a guesser; a key's two tell keys apart.
        "accountPwd" => "***".to_string(),
        "passengers" => mask_passenger_ids(value),
        _ => value.to_string(),
    }
}

fn mask_passenger_ids(passengers_json: &str) -> String {
    let Ok(mut passengers) = serde_json::from_str::<serde_json::Value>(passengers_json) else {
        return "(unreadable passengers, not shown)".to_string();
    };
    if let Some(list) = passengers.as_array_mut() {
        for passenger in list {
            if let Some(id) = passenger.get_mut("idCardNo") {
                let masked = mask_id_number(id.as_str().unwrap_or_default());
                *id = serde_json::Value::String(masked);
            }
        }
    }
    passengers.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_print_their_value() {
        let secret = Secret::new("0123456789abcdef");
        assert_eq!(format!("{secret} {secret:?}"), "(redacted) (redacted)");
        assert_eq!(secret.expose(), "0123456789abcdef");
    }

    #[test]
    fn keys_passwords_and_id_numbers_are_masked_in_logs() {
        assert_eq!(loggable_param("key", "0123456789abcdef"), "01***");
        assert_eq!(loggable_param("accountPwd", "hunter2"), "***");
        assert_eq!(loggable_param("from", "苏州"), "苏州");
        let passengers = r#"[{"passengerName":"张三","idCardNo":"11010519491231002X"}]"#;
        let logged = loggable_param("passengers", passengers);
        assert!(logged.contains("1101***2X"), "{logged}");
        assert!(!logged.contains("19491231"), "{logged}");
    }
}
