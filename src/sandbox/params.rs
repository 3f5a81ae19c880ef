//! A request's parameters: the query string and a form body, decoded and merged.
//!
//! Juhe accepts both GET and POST, so the sandbox reads both places. When a name appears more
//! than once the last value wins, body over query string, as PHP's request merging does.
//! Decoding never fails: bytes that are not UTF-8 become U+FFFD, so a bad request gets a
//! parameter error rather than a crash.

/// Every parameter received, in order: the query string's first, then the body's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    /// Reads `query` (the raw query string) and `form` (an urlencoded body, when the request
    /// declared one).
    pub fn collect(query: Option<&str>, form: Option<&[u8]>) -> Params {
        let mut pairs = Vec::new();
        pairs.extend(decode_urlencoded(query.unwrap_or_default().as_bytes()));
        pairs.extend(decode_urlencoded(form.unwrap_or_default()));
        Params { pairs }
    }

    /// The value of `name`, trimmed; `None` when absent or blank.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .rev()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.trim())
            .filter(|value| !value.is_empty())
    }

    pub fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }
}

/// Splits `a=1&b=2` into pairs; a name without `=` has an empty value.
fn decode_urlencoded(bytes: &[u8]) -> impl Iterator<Item = (String, String)> + '_ {
    bytes
        .split(|byte| *byte == b'&')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut halves = part.splitn(2, |byte| *byte == b'=');
            let name = halves.next().unwrap_or_default();
            let value = halves.next().unwrap_or_default();
            (percent_decode(name), percent_decode(value))
        })
}

/// Undoes `+` for space and `%XX` escapes; a `%` not followed by two hex digits stays as is.
fn percent_decode(bytes: &[u8]) -> String {
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let byte = bytes[index];
        let escaped = bytes.get(index + 1..index + 3).and_then(hex_byte);
        match (byte, escaped) {
            (b'+', _) => decoded.push(b' '),
            (b'%', Some(value)) => {
                decoded.push(value);
                index += 2;
            }
            _ => decoded.push(byte),
        }
        index += 1;
    }
    String::from_utf8_lossy(&decoded).into_owned()
}

fn hex_byte(digits: &[u8]) -> Option<u8> {
    let text = std::str::from_utf8(digits).ok()?;
    u8::from_str_radix(text, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_and_body_merge_with_the_body_winning() {
        let params = Params::collect(Some("from=a&to=b"), Some(b"from=c&date=20261230"));
        assert_eq!(params.get("from"), Some("c"));
        assert_eq!(params.get("to"), Some("b"));
        assert_eq!(params.get("date"), Some("20261230"));
        assert_eq!(params.pairs().len(), 4);
    }

    #[test]
    fn escapes_and_plus_signs_decode() {
        let params = Params::collect(Some("from=%E8%8B%8F%E5%B7%9E&note=a+b%2Bc"), None);
        assert_eq!(params.get("from"), Some("苏州"));
        assert_eq!(params.get("note"), Some("a b+c"));
    }

    #[test]
    fn malformed_input_decodes_without_failing() {
        let params = Params::collect(
            Some("a=%FF%FE&b=%&c=%4&&=x&flag"),
            Some(&[0xff, b'=', 0xfe]),
        );
        assert_eq!(params.get("a"), Some("\u{fffd}\u{fffd}"));
        assert_eq!(params.get("b"), Some("%"));
        assert_eq!(params.get("c"), Some("%4"));
        assert_eq!(params.get("flag"), None);
        assert_eq!(params.pairs().len(), 6);
    }

    #[test]
    fn blank_values_count_as_missing() {
        let params = Params::collect(Some("from=+++&to="), None);
        assert_eq!(params.get("from"), None);
        assert_eq!(params.get("to"), None);
    }
}
