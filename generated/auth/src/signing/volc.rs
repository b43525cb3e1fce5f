//! Volcengine OpenAPI signature (`HMAC-SHA256`, `X-Date`, scope `date/region/service/request`),
//! as `volcenginesdkcore.signv4.SignerV4.sign` computes it.
//!
//! Which headers are signed depends on the exact case of their names: `Content-Type`,
//! `Content-Md5`, `Host`, and anything starting with `X-`. A header named `x-foo` or
//! `content-type` is sent but not signed, exactly as in the SDK.

use std::collections::BTreeMap;
use std::fmt;

use super::{
    debug_pairs, hmac_sha256, percent_encode, percent_encode_path, sha256_hex, Redacted,
    SignableRequest, SigningError, UtcTime,
};
use crate::credentials::Credentials;

pub const ALGORITHM: &str = "HMAC-SHA256";
const SCHEME: &str = "volc-hmac-sha256";
const DEFAULT_CONTENT_TYPE: &str = "application/x-www-form-urlencoded; charset=utf-8";

/// Scheme inputs besides the request and the credentials.
#[derive(Debug, Clone, Copy)]
pub struct VolcParams<'a> {
    pub region: &'a str,
    /// Credential-scope service, e.g. `ecs`.
    pub service: &'a str,
    /// Sent as `X-Date`; its first 8 characters are the scope date.
    pub timestamp: UtcTime,
}

/// Every intermediate of a Volcengine signature and what to add to the request.
#[derive(Clone, PartialEq, Eq)]
pub struct VolcSigned {
    pub x_date: String,
    pub x_content_sha256: String,
    pub canonical_uri: String,
    pub canonical_query_string: String,
    pub canonical_headers: String,
    pub signed_headers: String,
    pub canonical_request: String,
    pub hashed_canonical_request: String,
    pub credential_scope: String,
    pub string_to_sign: String,
    /// Lowercase hex.
    pub signature: String,
    pub authorization: String,
    /// Headers the signer set or replaced, in the SDK's case: `X-Date`, `X-Content-Sha256`,
    /// `Authorization`, and when they apply `X-Security-Token` and the default `Content-Type`.
    /// A `Host` the signer derived from [`SignableRequest::host`] is not listed.
    pub headers_to_add: Vec<(String, String)>,
    token: Option<String>,
}

/// Signs `req` for Volcengine.
pub fn sign(
    req: &SignableRequest<'_>,
    credentials: &Credentials,
    params: &VolcParams<'_>,
) -> Result<VolcSigned, SigningError> {
    req.validate(SCHEME)?;
    for (field, value) in [("region", params.region), ("service", params.service)] {
        if value.is_empty() {
            return Err(SigningError::Empty {
                scheme: SCHEME,
                field,
            });
        }
    }

    let x_date = params.timestamp.basic_date_time();
    let x_content_sha256 = sha256_hex(req.body);

    let mut headers_to_add: Vec<(String, String)> = Vec::new();
    if req.method != "GET" && !req.headers.iter().any(|(n, _)| n == "Content-Type") {
        headers_to_add.push(("Content-Type".into(), DEFAULT_CONTENT_TYPE.into()));
    }
    headers_to_add.push(("X-Date".into(), x_date.clone()));
    if let Some(token) = credentials.security_token() {
        headers_to_add.push(("X-Security-Token".into(), token.to_owned()));
    }
    headers_to_add.push(("X-Content-Sha256".into(), x_content_sha256.clone()));

    // The SDK keeps headers in a dict: a name set twice keeps its last value, and the
    // signer's own headers overwrite the caller's of the same name.
    let mut signed: BTreeMap<String, &str> = BTreeMap::new();
    let mut has_host = false;
    for (name, value) in req.headers.iter().chain(headers_to_add.iter()) {
        if is_signed(name) {
            has_host |= name == "Host";
            signed.insert(name.to_ascii_lowercase(), value.as_str());
        }
    }
    if !has_host && !req.host.is_empty() {
        signed.insert("host".into(), req.host);
    }
    if let Some(host) = signed.get_mut("host") {
        if let Some((name, port)) = host.split_once(':') {
            if port == "80" || port == "443" {
                *host = name;
            }
        }
    }

    let mut canonical_headers = String::new();
    for (name, value) in &signed {
        canonical_headers.push_str(name);
        canonical_headers.push(':');
        canonical_headers.push_str(value);
        canonical_headers.push('\n');
    }
    let signed_headers = signed
        .keys()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(";");

    let canonical_uri = if req.path.is_empty() {
        "/".to_owned()
    } else {
        percent_encode_path(req.path)
    };
    let canonical_query_string = canonical_query(req.query);
    let canonical_request = format!(
        "{}\n{canonical_uri}\n{canonical_query_string}\n{canonical_headers}\n{signed_headers}\n{x_content_sha256}",
        req.method
    );
    let hashed_canonical_request = sha256_hex(canonical_request.as_bytes());
    let date8 = params.timestamp.basic_date();
    let credential_scope = format!("{date8}/{}/{}/request", params.region, params.service);
    let string_to_sign =
        format!("{ALGORITHM}\n{x_date}\n{credential_scope}\n{hashed_canonical_request}");

    let key = signing_key(credentials.secret(), &date8, params.region, params.service)?;
    let signature = hex::encode(hmac_sha256(&key, string_to_sign.as_bytes())?);
    let authorization = format!(
        "{ALGORITHM} Credential={}/{credential_scope}, SignedHeaders={signed_headers}, Signature={signature}",
        credentials.access_key_id()
    );
    headers_to_add.push(("Authorization".into(), authorization.clone()));

    Ok(VolcSigned {
        x_date,
        x_content_sha256,
        canonical_uri,
        canonical_query_string,
        canonical_headers,
        signed_headers,
        canonical_request,
        hashed_canonical_request,
        credential_scope,
        string_to_sign,
        signature,
        authorization,
        headers_to_add,
        token: credentials.security_token().map(str::to_owned),
    })
}

/// The derived key `kSigning`: HMAC chain secret (no prefix) -> date -> region -> service ->
/// `request`. It only changes daily, so callers may cache it.
pub fn signing_key(
    secret_access_key: &str,
    date8: &str,
    region: &str,
    service: &str,
) -> Result<[u8; 32], SigningError> {
    let k_date = hmac_sha256(secret_access_key.as_bytes(), date8.as_bytes())?;
    let k_region = hmac_sha256(&k_date, region.as_bytes())?;
    let k_service = hmac_sha256(&k_region, service.as_bytes())?;
    hmac_sha256(&k_service, b"request")
}

fn is_signed(name: &str) -> bool {
    matches!(name, "Content-Type" | "Content-Md5" | "Host") || name.starts_with("X-")
}

/// RFC 3986-encoded pairs sorted by encoded name (byte order, stable: a repeated name keeps
/// its values in the given order).
fn canonical_query(query: &[(String, String)]) -> String {
    let mut encoded: Vec<(String, String)> = query
        .iter()
        .map(|(n, v)| (percent_encode(n), percent_encode(v)))
        .collect();
    encoded.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out = String::new();
    for (i, (n, v)) in encoded.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(n);
        out.push('=');
        out.push_str(v);
    }
    out
}

impl fmt::Debug for VolcSigned {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secret = self.token.as_deref();
        let r = |value| Redacted { value, secret };
        f.debug_struct("VolcSigned")
            .field("x_date", &self.x_date)
            .field("x_content_sha256", &self.x_content_sha256)
            .field("canonical_uri", &self.canonical_uri)
            .field("canonical_query_string", &self.canonical_query_string)
            .field("canonical_headers", &r(&self.canonical_headers))
            .field("signed_headers", &self.signed_headers)
            .field("canonical_request", &r(&self.canonical_request))
            .field("hashed_canonical_request", &self.hashed_canonical_request)
            .field("credential_scope", &self.credential_scope)
            .field("string_to_sign", &self.string_to_sign)
            .field("signature", &self.signature)
            .field("authorization", &self.authorization)
            .field("headers_to_add", &debug_pairs(&self.headers_to_add, secret))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    fn params() -> VolcParams<'static> {
        VolcParams {
            region: "cn-beijing",
            service: "ecs",
            timestamp: UtcTime::from_unix_seconds(1_704_164_645),
        }
    }

    #[test]
    fn header_case_decides_what_is_signed() {
        let headers = pairs(&[
            ("Host", "open.volcengineapi.com:443"),
            ("x-lower", "not signed"),
            ("content-type", "not signed either"),
            ("X-Custom", " kept verbatim "),
            ("Content-Md5", "abc"),
        ]);
        let query = pairs(&[("alpha", "1"), ("Zeta", "a b"), ("Action", "A")]);
        let req = SignableRequest {
            method: "POST",
            host: "ignored.example",
            path: "/a b/",
            query: &query,
            headers: &headers,
            body: b"x=1",
        };
        let creds = Credentials::new("AK", "SK").with_security_token("tok+/secret");
        let s = sign(&req, &creds, &params()).unwrap();
        assert_eq!(
            s.signed_headers,
            "content-md5;content-type;host;x-content-sha256;x-custom;x-date;x-security-token"
        );
        assert!(s
            .canonical_headers
            .contains("host:open.volcengineapi.com\n"));
        assert!(s.canonical_headers.contains("x-custom: kept verbatim \n"));
        // No header named exactly `Content-Type`, so the SDK's default is added and signed.
        assert!(s
            .canonical_headers
            .contains("content-type:application/x-www-form-urlencoded; charset=utf-8\n"));
        assert!(s
            .canonical_headers
            .contains("x-security-token:tok+/secret\n"));
        assert_eq!(s.canonical_query_string, "Action=A&Zeta=a%20b&alpha=1");
        assert_eq!(s.canonical_uri, "/a%20b/");
        let added: Vec<&str> = s.headers_to_add.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            added,
            [
                "Content-Type",
                "X-Date",
                "X-Security-Token",
                "X-Content-Sha256",
                "Authorization"
            ]
        );
        assert!(!format!("{s:?}").contains("tok+/secret"));
    }

    #[test]
    fn get_without_host_header_signs_request_host_and_no_default_content_type() {
        let req = SignableRequest {
            method: "GET",
            host: "open.volcengineapi.com",
            path: "",
            query: &[],
            headers: &[],
            body: b"",
        };
        let s = sign(&req, &Credentials::new("AK", "SK"), &params()).unwrap();
        assert_eq!(s.signed_headers, "host;x-content-sha256;x-date");
        assert_eq!(s.canonical_uri, "/");
        assert_eq!(s.credential_scope, "20240102/cn-beijing/ecs/request");
    }

    #[test]
    fn repeated_query_names_keep_their_order() {
        let query = pairs(&[("b", "2"), ("a", "z"), ("a", "y")]);
        assert_eq!(canonical_query(&query), "a=z&a=y&b=2");
    }
}
