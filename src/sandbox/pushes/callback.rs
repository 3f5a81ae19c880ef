//! addCallbackUrl.php: where pushes of one type go. The URL must be an absolute http or https
//! address; a later registration of the same type replaces the earlier one.

use super::events::{GRAB_EXPIRY, ISSUE_RESULTS, REFUNDS};
use crate::sandbox::codes::{INVALID_PARAMETER, Refusal};
use crate::sandbox::orders::clock;
use crate::sandbox::params::Params;
use crate::sandbox::store::Store;

pub async fn add_callback_url(store: &Store, params: &Params) -> Result<(), Refusal> {
    let url = read_url(params)?;
    let callback_type = read_type(params)?;

    let store = store.clone();
    let now_ms = clock::now_ms();
    let saved =
        tokio::task::spawn_blocking(move || store.set_callback_url(callback_type, &url, now_ms))
            .await;
    match saved {
        Ok(Ok(())) => Ok(()),
        Ok(Err(error)) => {
            eprintln!("grab sandbox: cannot save a callback URL: {error}");
            Err(Refusal::internal())
        }
        Err(_) => Err(Refusal::internal()),
    }
}

fn read_url(params: &Params) -> Result<String, Refusal> {
    let text = params
        .get("url")
        .ok_or_else(|| Refusal::missing("回调地址"))?;
    let absolute = reqwest::Url::parse(text).is_ok_and(|url| {
        matches!(url.scheme(), "http" | "https") && url.host_str().is_some_and(|h| !h.is_empty())
    });
    if !absolute {
        return Err(Refusal::new(
            INVALID_PARAMETER,
            "参数错误:回调地址须为完整的http或https地址",
        ));
    }
    Ok(text.to_string())
}

/// 1 issue results (success and failure), 2 refunds, 3 grab expiry.
fn read_type(params: &Params) -> Result<u8, Refusal> {
    let text = params
        .get("type")
        .ok_or_else(|| Refusal::missing("回调类型"))?;
    match text.parse() {
        Ok(callback_type @ (ISSUE_RESULTS | REFUNDS | GRAB_EXPIRY)) => Ok(callback_type),
        _ => Err(Refusal::new(
            INVALID_PARAMETER,
            "参数错误:回调类型须为1、2或3",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(query: &str) -> Params {
        Params::collect(Some(query), None)
    }

    #[test]
    fn only_absolute_http_urls_are_taken() {
        assert!(read_url(&params("url=http://127.0.0.1:9000/push")).is_ok());
        assert!(read_url(&params("url=https://example.com/p?a=1")).is_ok());
        for bad in ["/push", "ftp://example.com/", "example.com/push", "http://"] {
            let refusal = read_url(&params(&format!("url={bad}"))).unwrap_err();
            assert_eq!(refusal.code, INVALID_PARAMETER, "{bad}");
        }
    }

    #[test]
    fn types_are_one_two_or_three() {
        assert_eq!(read_type(&params("type=3")), Ok(3));
        assert!(read_type(&params("type=0")).is_err());
        assert!(read_type(&params("type=")).is_err());
    }
}
