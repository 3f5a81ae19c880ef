//! The one error type that reaches `main`, and the exit-code table every command shares.
//!
//! Each variant says what went wrong in words that name the next step; `exit_code` maps it
//! to design.md's table so scripts can branch on the outcome without parsing text.

use std::path::PathBuf;

use crate::api::ApiError;

/// The documented exit codes (design.md, "Output contract").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitCode {
    Done = 0,
    Internal = 1,
    Usage = 2,
    Refused = 3,
    Transport = 4,
    Config = 5,
    EndedWithoutTickets = 6,
}

impl From<ExitCode> for std::process::ExitCode {
    fn from(code: ExitCode) -> Self {
        std::process::ExitCode::from(code as u8)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad input caught before anything was sent.
    #[error("{0}")]
    Usage(String),

    #[error("no API key: set JUHE_KEY or `key` in {}{}", path.display(),
        if *file_exists { "" } else { " (no file there yet: start from config.example.toml)" })]
    MissingKey { path: PathBuf, file_exists: bool },

    #[error("config {}: {message}", path.display())]
    Config { path: PathBuf, message: String },

    #[error(transparent)]
    Api(#[from] ApiError),

    /// The data dir (journal, sandbox state) cannot be created or opened.
    #[error("{0}")]
    DataDir(String),

    #[error("{0}")]
    Journal(String),

    /// `watch` saw the order end without tickets; the message says how it ended.
    #[error("{0}")]
    EndedWithoutTickets(String),

    /// Writing to stdout failed; `BrokenPipe` (a reader like `head` went away) is a quiet exit.
    #[error("cannot write output: {0}")]
    Output(std::io::Error),

    #[error("{0}")]
    Internal(String),
}

impl Error {
    pub fn usage(message: impl Into<String>) -> Self {
        Error::Usage(message.into())
    }

    pub fn exit_code(&self) -> ExitCode {
        match self {
            Error::Usage(_) => ExitCode::Usage,
            Error::MissingKey { .. } | Error::Config { .. } | Error::DataDir(_) => ExitCode::Config,
            Error::Api(api) => api.exit_code(),
            Error::EndedWithoutTickets(_) => ExitCode::EndedWithoutTickets,
            Error::Journal(_) | Error::Output(_) | Error::Internal(_) => ExitCode::Internal,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_match_the_design_table() {
        assert_eq!(Error::usage("x").exit_code() as u8, 2);
        let missing = Error::MissingKey {
            path: PathBuf::from("c.toml"),
            file_exists: false,
        };
        assert_eq!(missing.exit_code() as u8, 5);
        assert_eq!(Error::EndedWithoutTickets("x".into()).exit_code() as u8, 6);
        assert_eq!(Error::DataDir("x".into()).exit_code() as u8, 5);
        assert_eq!(Error::Internal("x".into()).exit_code() as u8, 1);
        let refused = Error::Api(ApiError::Refused {
            code: 10001,
            reason: "错误的请求KEY".into(),
            meaning: None,
        });
        assert_eq!(refused.exit_code() as u8, 3);
        let transport = Error::Api(ApiError::Timeout { seconds: 3 });
        assert_eq!(transport.exit_code() as u8, 4);
    }
}
