//! The request log: every request the sandbox receives, with its secrets masked, kept in
//! memory for `RunningSandbox::requests` and appended to a JSON-lines file when asked.
//!
//! Secrets (the API key, a 12306 password) and the passengers' ID numbers are masked before
//! anything is stored, so neither the memory record nor the file ever holds them in clear.

use std::collections::VecDeque;
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;
use std::sync::Mutex;

use super::RecordedRequest;
use crate::dates;

/// Parameters whose values are masked, compared without regard to case.
const KEY_PARAMETER: &str = "key";
const PASSWORD_PARAMETER: &str = "accountPwd";

/// A long-running `grab sandbox` would otherwise grow without end; tests see far fewer.
const REQUESTS_KEPT_IN_MEMORY: usize = 10_000;

pub struct Recorder {
    requests: Mutex<VecDeque<RecordedRequest>>,
    log_file: Option<Mutex<File>>,
}

/// One line of the log file: the request and when it arrived (China time).
#[derive(serde::Serialize)]
struct LogLine<'a> {
    time: String,
    #[serde(flatten)]
    request: &'a RecordedRequest,
}

impl Recorder {
    /// Opens (creating if needed) the log file now, so a bad path fails the start rather
    /// than every request.
    pub fn open(log_path: Option<&Path>) -> io::Result<Recorder> {
        let log_file = match log_path {
            Some(path) => Some(Mutex::new(
                OpenOptions::new().create(true).append(true).open(path)?,
            )),
            None => None,
        };
        Ok(Recorder {
            requests: Mutex::new(VecDeque::new()),
            log_file,
        })
    }

    pub fn record(&self, endpoint: &str, method: &str, params: &[(String, String)]) {
        let request = RecordedRequest {
            endpoint: endpoint.to_string(),
            method: method.to_string(),
            params: params
                .iter()
                .map(|(name, value)| (name.clone(), mask(name, value)))
                .collect(),
        };
        self.append_to_file(&request);

        let mut requests = self
            .requests
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if requests.len() == REQUESTS_KEPT_IN_MEMORY {
            requests.pop_front();
        }
        requests.push_back(request);
    }

    /// Every request kept, oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        let requests = self
            .requests
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        requests.iter().cloned().collect()
    }

    fn append_to_file(&self, request: &RecordedRequest) {
        let Some(file) = &self.log_file else {
            return;
        };
        let line = LogLine {
            time: dates::china_now().to_rfc3339(),
            request,
        };
        let Ok(mut text) = serde_json::to_string(&line) else {
            return;
        };
        text.push('\n');
        let mut file = file.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        // A full disk must not turn into API errors: the memory record still has the request.
        let _ = file.write_all(text.as_bytes());
    }
}

/// The parameter that carries passengers, and the field of each that holds an ID number.
const PASSENGERS_PARAMETER: &str = "passengers";
const ID_NUMBER_FIELD: &str = "idCardNo";

/// Keeps the first two characters of a long key, so a reader can tell which key was sent,
/// and hides short keys and every password entirely (two characters help a guesser); masks
/// the ID numbers inside `passengers`.
pub fn mask(name: &str, value: &str) -> String {
    if name.eq_ignore_ascii_case(PASSENGERS_PARAMETER) {
        return mask_passengers(value);
    }
    if name.eq_ignore_ascii_case(PASSWORD_PARAMETER) && !value.is_empty() {
        return "***".to_string();
    }
    if !name.eq_ignore_ascii_case(KEY_PARAMETER) || value.is_empty() {
        return value.to_string();
    }
    if value.chars().count() < 6 {
        return "***".to_string();
    }
    let shown: String = value.chars().take(2).collect();
    format!("{shown}***")
}

/// Each passenger's idCardNo keeps its first four and last two characters. A value that is
/// not a JSON array of objects cannot be masked field by field, so it is hidden whole: an ID
/// number may be anywhere in it.
fn mask_passengers(value: &str) -> String {
    let Ok(serde_json::Value::Array(mut passengers)) = serde_json::from_str(value) else {
        return "***".to_string();
    };
    for passenger in &mut passengers {
        let Some(fields) = passenger.as_object_mut() else {
            return "***".to_string();
        };
        if let Some(number) = fields.get_mut(ID_NUMBER_FIELD) {
            let text = match &*number {
                serde_json::Value::String(text) => text.clone(),
                other => other.to_string(),
            };
            *number = serde_json::Value::String(mask_id_number(&text));
        }
    }
    serde_json::Value::Array(passengers).to_string()
}

/// `110105***2X` for `11010519491231002X`; short values are hidden whole.
fn mask_id_number(number: &str) -> String {
    let characters: Vec<char> = number.chars().collect();
    if characters.len() <= 6 {
        return "***".to_string();
    }
    let head: String = characters[..4].iter().collect();
    let tail: String = characters[characters.len() - 2..].iter().collect();
    format!("{head}***{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_passwords_are_masked_and_other_values_kept() {
        assert_eq!(mask("key", "sandbox"), "sa***");
        assert_eq!(mask("accountPwd", "hunter22"), "***");
        assert_eq!(mask("ACCOUNTPWD", "hunter22"), "***");
        assert_eq!(mask("accountPwd", "abc"), "***");
        assert_eq!(mask("key", ""), "");
        assert_eq!(mask("from", "苏州"), "苏州");
    }

    #[test]
    fn id_numbers_inside_passengers_are_masked() {
        let passengers =
            r#"[{"passengerName":"张三","idCardNo":"11010519491231002X"},{"idCardNo":12345678}]"#;
        let masked = mask("passengers", passengers);
        assert_eq!(
            masked,
            r#"[{"passengerName":"张三","idCardNo":"1101***2X"},{"idCardNo":"1234***78"}]"#
        );
        assert_eq!(mask("passengers", "11010519491231002X"), "***");
        assert_eq!(mask("passengers", "[1, 2]"), "***");
    }

    #[test]
    fn recorded_requests_hold_no_secret_in_clear() {
        let recorder = Recorder::open(None).unwrap();
        let params = vec![("key".to_string(), "sandbox".to_string())];
        recorder.record("search", "POST", &params);
        let requests = recorder.requests();
        assert_eq!(
            requests[0].params,
            vec![("key".to_string(), "sa***".to_string())]
        );
    }
}
