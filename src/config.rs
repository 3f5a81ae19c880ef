//! The TOML config file: where it is, what it holds, and what is wrong with it.
//!
//! A missing file means defaults (commands that need a key then say where to put one); a file
//! that exists but cannot be read or parsed is an error naming the file and the line. Unknown
//! keys are errors too, since a misspelt `cellphone` would otherwise be silently ignored.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::dict::{IdType, PassengerType};
use crate::error::Error;
use crate::redact::Secret;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The Juhe API key; `JUHE_KEY` overrides it.
    pub key: Option<String>,
    /// The API base URL; `GRAB_ENDPOINT` and `--endpoint` override it.
    pub endpoint: Option<String>,
    /// Seconds to wait for a connection and for each answer.
    pub timeout: Option<u64>,
    #[serde(default)]
    pub contact: Contact,
    #[serde(default)]
    pub passengers: Vec<PassengerProfile>,
    /// 12306 accounts for self-purchase mode (ticketModel 1), by a name of the user's choice.
    #[serde(default)]
    pub accounts: BTreeMap<String, Account>,
    #[serde(default)]
    pub grab: GrabDefaults,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub person: Option<String>,
    pub cellphone: Option<String>,
    pub email: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PassengerProfile {
    pub name: String,
    #[serde(rename = "type", default = "adult")]
    pub passenger_type: PassengerType,
    #[serde(default = "id_card")]
    pub id_type: IdType,
    pub id_no: String,
    /// YYYY-MM-DD; derived from a mainland ID number when absent.
    pub birthday: Option<String>,
}

fn adult() -> PassengerType {
    PassengerType::Adult
}

fn id_card() -> IdType {
    IdType::IdCard
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Account {
    /// The 12306 user name.
    pub user: String,
    /// The environment variable holding the password; without it, grab asks at a hidden prompt.
    pub password_env: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GrabDefaults {
    /// Accept 无座 tickets (acceptNoSeat=1) by default; `--no-accept-no-seat` refuses them for one order.
    #[serde(default)]
    pub accept_no_seat: bool,
    /// Minutes before the main train's departure at which the grab closes when `--until` is
    /// not given.
    #[serde(default = "default_close_before_departure")]
    pub close_before_departure_minutes: u32,
}

impl Default for GrabDefaults {
    fn default() -> Self {
        GrabDefaults {
            accept_no_seat: false,
            close_before_departure_minutes: default_close_before_departure(),
        }
    }
}

fn default_close_before_departure() -> u32 {
    120
}

/// A config file as found on disk.
#[derive(Debug)]
pub struct LoadedConfig {
    pub path: PathBuf,
    pub exists: bool,
    pub config: Config,
}

impl LoadedConfig {
    pub fn key(&self) -> Option<Secret> {
        self.config
            .key
            .as_deref()
            .filter(|key| !key.trim().is_empty())
            .map(Secret::new)
    }
}

/// Reads `path`; a file that does not exist gives the defaults.
pub fn load(path: &Path) -> Result<LoadedConfig, Error> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return Ok(LoadedConfig {
                path: path.to_path_buf(),
                exists: false,
                config: Config::default(),
            });
        }
        Err(error) => return Err(config_error(path, format!("cannot read: {error}"))),
    };
    let config = parse(&text).map_err(|message| config_error(path, message))?;
    Ok(LoadedConfig {
        path: path.to_path_buf(),
        exists: true,
        config,
    })
}

/// Parses config text; the error is one line that names the line number.
pub fn parse(text: &str) -> Result<Config, String> {
    let config: Config = toml::from_str(text).map_err(|error| {
        let message = error.message().trim().replace('\n', " ");
        match error.span() {
            Some(span) => format!("line {}: {message}", line_of(text, span.start)),
            None => message,
        }
    })?;
    check(&config).map_err(|(key, message)| match line_of_key(text, key) {
        Some(line) => format!("line {line}: {message}"),
        None => message,
    })?;
    Ok(config)
}

fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .map_or(1, |before| before.matches('\n').count() + 1)
}

/// The line where `key` is set at the top level, for errors found after parsing.
fn line_of_key(text: &str, key: &str) -> Option<usize> {
    if key.is_empty() {
        return None;
    }
    text.lines()
        .position(|line| {
            line.trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map(|index| index + 1)
}

/// Rules TOML types cannot express; an error names the top-level key it is about, or "".
fn check(config: &Config) -> Result<(), (&'static str, String)> {
    if config.timeout == Some(0) {
        return Err(("timeout", "`timeout` must be at least 1 second".to_string()));
    }
    if let Some(endpoint) = &config.endpoint {
        let scheme = endpoint
            .split_once("://")
            .map(|(scheme, rest)| (scheme, rest.is_empty()));
        if !matches!(scheme, Some(("http" | "https", false))) {
            return Err((
                "endpoint",
                format!("`endpoint` {endpoint:?} must be an absolute http or https URL"),
            ));
        }
    }
    let mut names: Vec<&str> = config.passengers.iter().map(|p| p.name.as_str()).collect();
    names.sort_unstable();
    if let Some(pair) = names.windows(2).find(|pair| pair[0] == pair[1]) {
        return Err((
            "",
            format!(
                "two [[passengers]] are named `{}`; names pick profiles, so make them unique",
                pair[0]
            ),
        ));
    }
    Ok(())
}

fn config_error(path: &Path, message: String) -> Error {
    Error::Config {
        path: path.to_path_buf(),
        message,
    }
}

/// Files holding a key should be private; says so when others can read this one.
#[cfg(unix)]
pub fn readable_by_others(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|meta| meta.permissions().mode() & 0o044 != 0)
}

#[cfg(not(unix))]
pub fn readable_by_others(_path: &Path) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_config_parses() {
        let example = include_str!("../config.example.toml");
        let config = parse(example).unwrap();
        assert!(!config.passengers.is_empty());
        assert_eq!(config.timeout, Some(10));
    }

    #[test]
    fn errors_name_the_line() {
        let error = parse("timeout = 5\nkey = \n").unwrap_err();
        assert!(error.starts_with("line 2:"), "{error}");
        let error = parse("[contact]\ncelphone = \"1\"\n").unwrap_err();
        assert!(
            error.starts_with("line 2:") && error.contains("celphone"),
            "{error}"
        );
    }

    #[test]
    fn wrong_types_and_unknown_values_are_refused() {
        assert!(parse("timeout = \"ten\"").unwrap_err().contains("line 1"));
        let bad_type = "[[passengers]]\nname = \"A\"\ntype = \"pensioner\"\nid_no = \"1\"\n";
        assert!(parse(bad_type).unwrap_err().contains("line 3"));
        assert!(parse("timeout = 0").is_err());
        assert!(
            parse("timeout = 5\nendpoint = \"v.juhe.cn/grabTicket\"")
                .unwrap_err()
                .starts_with("line 2:")
        );
        assert!(parse("endpoint = \"http://127.0.0.1:8765/grabTicket/action\"").is_ok());
    }

    #[test]
    fn duplicate_passenger_names_are_refused() {
        let text = "[[passengers]]\nname = \"A\"\nid_no = \"1\"\n[[passengers]]\nname = \"A\"\nid_no = \"2\"\n";
        assert!(parse(text).unwrap_err().contains("unique"));
    }
}
