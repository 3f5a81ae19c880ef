//! Meanings of the error codes the API answers with: Juhe's system codes shared by all of its
//! APIs, then the grabTicket service codes of the reference's msgCode table.

use crate::dict;

/// Juhe's platform-wide error codes, answered before a request reaches the grabTicket service.
pub fn system_code_meaning(code: i64) -> Option<&'static str> {
    Some(match code {
        10001 => "错误的请求KEY: the API key is wrong; check JUHE_KEY or `key` in the config",
        10002 => "该KEY无请求权限: this key is not enabled for grabTicket",
        10003 => "KEY过期: the key has expired; renew it in the Juhe console",
        10004 => "错误的OPENID",
        10005 => "应用未审核超时,请提交认证: the application awaits Juhe's review",
        10007 => "未知的请求源",
        10008 => "被禁止的IP: this machine's address is not allowed for the key",
        10009 => "被禁止的KEY: the key is disabled",
        10011 => "当前IP请求超过限制: too many requests from this address; wait and retry",
        10012 => "请求超过次数限制: the key's request quota is used up",
        10013 => "测试KEY超过请求限制: the test key's quota is used up",
        10014 => "系统内部异常: Juhe had an internal error; check the order before retrying",
        10020 => "接口维护: the API is under maintenance; try later",
        10021 => "接口停用: the API is disabled",
        _ => return None,
    })
}

/// The meaning of an error_code: one of Juhe's system codes, or a bare msgCode (100–999).
/// The grabTicket service's own codes (2238xx) carry no table: the reference shows 223801
/// with msgCode 221's wording and 223804 with none, so no mapping can be read from it, and
/// for those the vendor's `reason` is the whole message.
pub fn meaning(code: i64) -> Option<String> {
    if let Some(system) = system_code_meaning(code) {
        return Some(system.to_string());
    }
    if (100..1000).contains(&code) {
        return dict::msg_code_meaning(&code.to_string()).map(String::from);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_and_msg_codes_have_meanings() {
        assert!(meaning(10001).unwrap().contains("KEY"));
        assert!(meaning(10012).unwrap().contains("次数"));
        assert_eq!(
            meaning(216).as_deref(),
            Some("距离发车时间太近,无法执行此操作")
        );
        assert_eq!(meaning(223801), None);
    }
}
