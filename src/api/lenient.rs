//! Deserializers for the vendor's loose typing: numbers that arrive as numbers or strings
//! (`"seats": "490"`, `"passengerType": 1` and `"1"`), strings that arrive as `null` or as
//! numbers, and empty strings standing for "none". A value of a type that cannot mean the
//! field (an object for a price, letters for a count) is still an error.

use serde::Deserialize;
use serde::de::{Deserializer, Error};
use serde_json::Value;

fn number_from(value: &Value) -> Result<Option<f64>, String> {
    match value {
        Value::Null => Ok(None),
        Value::Number(number) => Ok(number.as_f64()),
        Value::String(text) if text.trim().is_empty() => Ok(None),
        Value::String(text) => text
            .trim()
            .parse::<f64>()
            .map(Some)
            .map_err(|_| format!("expected a number, found \"{text}\"")),
        other => Err(format!("expected a number, found {}", kind(other))),
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A decimal (price) as a number or a numeric string; null or "" is 0.
pub fn decimal<'de, D: Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
    let value = Value::deserialize(deserializer)?;
    Ok(number_from(&value)
        .map_err(D::Error::custom)?
        .unwrap_or(0.0))
}

/// A whole, non-negative count as a number or a numeric string; null or "" is 0.
pub fn count<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u32, D::Error> {
    let value = Value::deserialize(deserializer)?;
    let number = number_from(&value)
        .map_err(D::Error::custom)?
        .unwrap_or(0.0);
    if number.fract() != 0.0 || !(0.0..=f64::from(u32::MAX)).contains(&number) {
        return Err(D::Error::custom(format!(
            "expected a whole count, found {number}"
        )));
    }
    Ok(number as u32)
}

/// Text that may arrive as a number or null; null and "" become "".
pub fn text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    Ok(optional_text(deserializer)?.unwrap_or_default())
}

/// Text that may be absent: null and "" are `None`, numbers become their decimal text.
pub fn optional_text<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    match Value::deserialize(deserializer)? {
        Value::Null => Ok(None),
        Value::String(text) if text.trim().is_empty() => Ok(None),
        Value::String(text) => Ok(Some(text)),
        Value::Number(number) => Ok(Some(number.to_string())),
        Value::Bool(flag) => Ok(Some(flag.to_string())),
        other => Err(D::Error::custom(format!(
            "expected text, found {}",
            kind(&other)
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    struct Sample {
        #[serde(deserialize_with = "count")]
        seats: u32,
        #[serde(deserialize_with = "decimal")]
        price: f64,
        #[serde(deserialize_with = "optional_text", default)]
        note: Option<String>,
    }

    fn decode(json: &str) -> Result<Sample, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn numbers_arrive_as_numbers_or_strings() {
        let sample = decode(r#"{"seats": "490", "price": "9.00", "note": 12}"#).unwrap();
        assert_eq!((sample.seats, sample.price), (490, 9.0));
        assert_eq!(sample.note.as_deref(), Some("12"));
        let sample = decode(r#"{"seats": 3, "price": 29.5, "note": null}"#).unwrap();
        assert_eq!((sample.seats, sample.price, sample.note), (3, 29.5, None));
    }

    #[test]
    fn values_of_the_wrong_kind_are_errors() {
        assert!(decode(r#"{"seats": "many", "price": 1}"#).is_err());
        assert!(decode(r#"{"seats": -1, "price": 1}"#).is_err());
        assert!(decode(r#"{"seats": 1, "price": {"a": 1}}"#).is_err());
        assert!(decode(r#"{"seats": 1.5, "price": 1}"#).is_err());
    }
}
