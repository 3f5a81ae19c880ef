//! The resolved context: every decision that depends on flags, environment variables, the
//! config file or the terminal is made here, once. Commands receive plain values and never
//! read the environment or probe a TTY themselves.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};

use crate::api::{Client, DEFAULT_ENDPOINT};
use crate::cli::GlobalArgs;
use crate::config::{self, LoadedConfig};
use crate::dates;
use crate::diag::{self, Verbosity};
use crate::error::Error;
use crate::output::{Printer, Style};
use crate::redact::Secret;

const DEFAULT_TIMEOUT_SECONDS: u64 = 10;

/// The environment variables grab reads, captured in one place.
#[derive(Debug, Default, Clone)]
pub struct Environment {
    pub juhe_key: Option<String>,
    pub data_dir: Option<PathBuf>,
    pub no_color: bool,
    /// `GRAB_NOW`: the China time to act at, RFC 3339, for tests and rehearsals of the
    /// three-hour and close-time rules. Only the client's clock moves; the API's does not.
    pub now: Option<String>,
}

impl Environment {
    pub fn capture() -> Environment {
        let non_empty = |name: &str| std::env::var(name).ok().filter(|value| !value.is_empty());
        Environment {
            juhe_key: non_empty("JUHE_KEY"),
            data_dir: non_empty("GRAB_DATA_DIR").map(PathBuf::from),
            no_color: std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty()),
            now: non_empty("GRAB_NOW"),
        }
    }
}

pub struct Context {
    pub config: LoadedConfig,
    pub endpoint: String,
    key: Option<Secret>,
    pub timeout: Duration,
    pub printer: Printer,
    /// Prompts are allowed: stdin and stderr are both terminals.
    pub interactive: bool,
    pub assume_yes: bool,
    pub data_dir: PathBuf,
    pub now: DateTime<FixedOffset>,
    /// `now` came from GRAB_NOW and does not move.
    now_is_fixed: bool,
    /// 12306 passwords of the config's accounts, from the variables each account names.
    pub account_passwords: BTreeMap<String, Secret>,
}

impl Context {
    pub fn resolve(global: &GlobalArgs, env: &Environment) -> Result<Context, Error> {
        diag::set_verbosity(if global.quiet {
            Verbosity::Quiet
        } else if global.verbose {
            Verbosity::Verbose
        } else {
            Verbosity::Normal
        });

        let config_path = global.config.clone().unwrap_or_else(default_config_path);
        let config = config::load(&config_path)?;
        let key = env
            .juhe_key
            .clone()
            .map(Secret::new)
            .or_else(|| config.key());
        // The sandbox takes no real key, so the file's key is not at stake there.
        if !global.sandbox && config.key().is_some() && config::readable_by_others(&config.path) {
            diag::warn(&format!(
                "{} holds your API key and others can read it; run `chmod 600 {}`",
                config.path.display(),
                config.path.display()
            ));
        }

        if let Some(endpoint) = &global.endpoint {
            check_endpoint(endpoint)?;
        }
        let endpoint = global
            .endpoint
            .clone()
            .or_else(|| config.config.endpoint.clone())
            .unwrap_or_else(|| DEFAULT_ENDPOINT.to_string());
        let timeout = Duration::from_secs(config.config.timeout.unwrap_or(DEFAULT_TIMEOUT_SECONDS));

        let stdout_terminal = std::io::stdout().is_terminal();
        let style = Style {
            json: global.json,
            terminal: stdout_terminal,
            color: stdout_terminal && !env.no_color,
        };
        let interactive = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();

        let now = match &env.now {
            Some(text) => DateTime::parse_from_rfc3339(text)
                .map_err(|_| Error::usage(format!("GRAB_NOW `{text}` is not an RFC 3339 time")))?
                .with_timezone(&dates::china_offset()),
            None => dates::china_now(),
        };
        let account_passwords = account_passwords(&config);

        Ok(Context {
            config,
            endpoint,
            key,
            timeout,
            printer: Printer::new(style),
            interactive,
            assume_yes: global.yes,
            data_dir: env.data_dir.clone().unwrap_or_else(default_data_dir),
            now,
            now_is_fixed: env.now.is_some(),
            account_passwords,
        })
    }

    /// Points this context at a sandbox: its endpoint and its documented key.
    pub fn use_sandbox(&mut self, endpoint: String, key: &str) {
        self.endpoint = endpoint;
        self.key = Some(Secret::new(key));
    }

    pub fn today(&self) -> NaiveDate {
        self.now.date_naive()
    }

    /// Now as a China wall-clock time, read afresh (or `GRAB_NOW`), for rules checked
    /// again after a prompt.
    pub fn clock(&self) -> NaiveDateTime {
        if self.now_is_fixed {
            self.now.naive_local()
        } else {
            dates::china_now().naive_local()
        }
    }

    /// The endpoint is plain http: secrets would cross the network in clear.
    pub fn endpoint_is_plain_http(&self) -> bool {
        self.endpoint.starts_with("http://")
    }

    /// The API client; fails with the config error a user can act on when there is no key.
    pub fn client(&self) -> Result<Client, Error> {
        let key = self.key.clone().ok_or_else(|| Error::MissingKey {
            path: self.config.path.clone(),
            file_exists: self.config.exists,
        })?;
        Ok(Client::new(&self.endpoint, key, self.timeout)?)
    }
}

fn account_passwords(config: &LoadedConfig) -> BTreeMap<String, Secret> {
    config
        .config
        .accounts
        .iter()
        .filter_map(|(name, account)| {
            let variable = account.password_env.as_deref()?;
            let password = std::env::var(variable)
                .ok()
                .filter(|value| !value.is_empty())?;
            Some((name.clone(), Secret::new(password)))
        })
        .collect()
}

fn check_endpoint(endpoint: &str) -> Result<(), Error> {
    let parsed = reqwest::Url::parse(endpoint).map_err(|_| {
        Error::usage(format!(
            "invalid endpoint `{endpoint}`: give an absolute http(s) URL"
        ))
    })?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(Error::usage(format!(
            "invalid endpoint `{endpoint}`: only http and https are supported"
        )));
    }
    Ok(())
}

fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "grab")
}

pub fn default_config_path() -> PathBuf {
    project_dirs()
        .map(|dirs| dirs.config_dir().join("config.toml"))
        .unwrap_or_else(|| PathBuf::from("grab.toml"))
}

fn default_data_dir() -> PathBuf {
    project_dirs()
        .map(|dirs| dirs.data_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from("."))
}
