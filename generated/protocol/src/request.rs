//! Where each cloud puts a call's action, version, timestamp and region on the wire, beside
//! the parameters ([`crate::wire`]): the client writes these headers and query pairs, the mock
//! reads them, from this one table.
//!
//! - Tencent (API 3.0): JSON POST; `X-TC-Action`, `X-TC-Version`, `X-TC-Timestamp` and
//!   `X-TC-Region` headers.
//! - Alibaba (RPC style): `Action`/`Version` parameters plus `x-acs-action`/`x-acs-version`
//!   headers (ACS3 signs them), and `Format=JSON` so the answer is JSON, not XML.
//! - Volcengine: `Action`/`Version` query parameters only.

use crate::Provider;

/// The headers a cloud carries a call's identity in (names as the official SDKs write them;
/// HTTP compares them without case).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallHeaders {
    pub action: &'static str,
    pub version: &'static str,
    /// The request time in Unix seconds, when the cloud takes it as a header.
    pub timestamp: Option<&'static str>,
    /// The region, when the cloud takes it as a header.
    pub region: Option<&'static str>,
}

/// The parameter names of a call's identity where a cloud sends them as parameters.
pub const ACTION_PARAM: &str = "Action";
pub const VERSION_PARAM: &str = "Version";

impl Provider {
    /// The headers carrying action, version (and timestamp, region) for this cloud; `None`
    /// when they travel only as [`ACTION_PARAM`] / [`VERSION_PARAM`] parameters.
    pub const fn call_headers(self) -> Option<CallHeaders> {
        match self {
            Provider::Tencent => Some(CallHeaders {
                action: "X-TC-Action",
                version: "X-TC-Version",
                timestamp: Some("X-TC-Timestamp"),
                region: Some("X-TC-Region"),
            }),
            Provider::Alibaba => Some(CallHeaders {
                action: "x-acs-action",
                version: "x-acs-version",
                timestamp: None,
                region: None,
            }),
            Provider::Volcengine => None,
        }
    }

    /// Query pairs every call of this cloud carries besides its parameters.
    pub const fn fixed_query(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Provider::Alibaba => &[("Format", "JSON")],
            Provider::Tencent | Provider::Volcengine => &[],
        }
    }

    /// The cloud whose call headers a request carries (`X-TC-Action`, `x-acs-action`),
    /// given a case-insensitive header lookup.
    pub fn by_call_headers(has_header: impl Fn(&str) -> bool) -> Option<Provider> {
        Provider::ALL.into_iter().find(|p| {
            p.call_headers()
                .is_some_and(|h| has_header(h.action) || has_header(h.version))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_is_known_by_its_call_headers_in_any_case() {
        let headers = ["x-tc-action", "x-tc-version"];
        let has = |name: &str| headers.iter().any(|h| h.eq_ignore_ascii_case(name));
        assert_eq!(Provider::by_call_headers(has), Some(Provider::Tencent));
        let has = |name: &str| "X-Acs-Version".eq_ignore_ascii_case(name);
        assert_eq!(Provider::by_call_headers(has), Some(Provider::Alibaba));
        assert_eq!(Provider::by_call_headers(|_| false), None);
        assert!(Provider::Volcengine.call_headers().is_none());
        assert_eq!(Provider::Alibaba.fixed_query(), &[("Format", "JSON")]);
    }
}
