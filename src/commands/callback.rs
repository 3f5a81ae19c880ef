//! `grab callback set`: registers where Juhe pushes one kind of result (addCallbackUrl).

use serde::Serialize;

use crate::cli::{CallbackSetArgs, PushType};
use crate::context::Context;
use crate::diag;
use crate::error::{Error, Result};
use crate::output::{Render, Style};

#[derive(Debug, Serialize)]
struct RegisteredView {
    url: String,
    push_type: &'static str,
    /// addCallbackUrl's `type`.
    type_code: u8,
}

impl Render for RegisteredView {
    fn json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_default()
    }

    fn table(&self, _style: &Style) -> String {
        format!(
            "{} pushes (type {}) now go to {}",
            self.push_type, self.type_code, self.url
        )
    }

    fn lines(&self) -> Vec<String> {
        vec![format!(
            "{}\t{}\t{}",
            self.push_type, self.type_code, self.url
        )]
    }
}

pub async fn set(ctx: &Context, args: &CallbackSetArgs) -> Result<()> {
    let url = check_url(&args.url)?;
    let (name, code) = match args.push_type {
        PushType::Issue => ("issue", 1),
        PushType::Refund => ("refund", 2),
        PushType::Expire => ("expire", 3),
    };
    if is_public_http(&url) {
        diag::warn("pushes will cross the network unencrypted (http); prefer https");
    }

    ctx.client()?.add_callback_url(&url, code).await?;
    ctx.printer.print(&RegisteredView {
        url,
        push_type: name,
        type_code: code,
    })
}

/// Plain http to anywhere but this machine.
fn is_public_http(url: &str) -> bool {
    let Ok(parsed) = reqwest::Url::parse(url) else {
        return false;
    };
    let host = parsed
        .host_str()
        .unwrap_or_default()
        .trim_matches(['[', ']']);
    let local = host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    parsed.scheme() == "http" && !local
}

/// An absolute http(s) URL with a host.
fn check_url(text: &str) -> Result<String> {
    let invalid = |why: &str| Error::usage(format!("invalid callback URL `{text}`: {why}"));
    let url = reqwest::Url::parse(text.trim())
        .map_err(|_| invalid("give an absolute URL like https://example.com/grab/push"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid("only http and https can receive pushes"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(invalid("it names no host"));
    }
    Ok(url.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_warns_only_off_this_machine() {
        assert!(is_public_http("http://example.com/p"));
        assert!(!is_public_http("https://example.com/p"));
        assert!(!is_public_http("http://127.0.0.1:9000/p"));
        assert!(!is_public_http("http://[::1]:9000/p"));
        assert!(!is_public_http("http://localhost/p"));
    }

    #[test]
    fn only_absolute_http_urls_are_taken() {
        assert!(check_url("https://example.com/grab/push").is_ok());
        assert!(check_url("http://203.0.113.7:9000/p").is_ok());
        for bad in [
            "example.com/push",
            "/grab/push",
            "ftp://example.com/p",
            "mailto:a@b.c",
            "https://",
        ] {
            assert!(check_url(bad).is_err(), "{bad}");
        }
    }
}
