//! Volcengine OpenAPI signature (`HMAC-SHA256`, `X-Date`, scope `date/region/service/request`),
//! as `volcenginesdkcore.signv4.SignerV4.sign` computes it.
//!
//! Which headers are signed depends on the exact case of their names: `Content-Type`,
//! `Content-Md5`, `Host`, and anything starting with `X-`. A header named `x-foo` or
//! `content-type` is sent but not signed, exactly as in the SDK.

use std::collections::BTreeMap;
use std::fmt;

use super::verify::{
    signed_values, timestamp, verify_scoped, CredentialScope, ReceivedRequest, Recomputed, Scheme,
    ScopedScheme, Verified, VerifyError, VerifyPolicy,
};
use super::{
    debug_pairs, hmac_sha256, percent_decode, percent_encode, percent_encode_path, sha256_hex,
    HeaderPair, Redacted, SignableRequest, SigningError, UtcTime,
};
use crate::credentials::{Credentials, KeyScheme};
use hmac::Mac;

pub const ALGORITHM: &str = "HMAC-SHA256";
const SCHEME: &str = "volc-hmac-sha256";
const DEFAULT_CONTENT_TYPE: &str = "application/x-www-form-urlencoded; charset=utf-8";
/// What [`sign`] always signs (the token when there is one), so what every signature must
/// cover when the request carries it.
const ALWAYS_SIGNED: [&str; 4] = ["host", "x-date", "x-content-sha256", "x-security-token"];

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
pub fn sign<H: HeaderPair>(
    req: &SignableRequest<'_, H>,
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
    if req.method != "GET" && !req.header_pairs().any(|(n, _)| n == "Content-Type") {
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
    let added = headers_to_add.iter().map(|(n, v)| (n.as_str(), v.as_str()));
    for (name, value) in req.header_pairs().chain(added) {
        if is_signed(name) {
            has_host |= name == "Host";
            signed.insert(name.to_ascii_lowercase(), value);
        }
    }
    if !has_host && !req.host.is_empty() {
        signed.insert("host".into(), req.host);
    }

    let date8 = params.timestamp.basic_date();
    let c = canonicalise(
        Parts {
            method: req.method,
            path: req.path,
            query: req.query,
            headers: signed,
            x_date: &x_date,
            x_content_sha256: &x_content_sha256,
            date8: &date8,
            region: params.region,
            service: params.service,
        },
        credentials,
    )?;
    let authorization = format!(
        "{ALGORITHM} Credential={}/{}, SignedHeaders={}, Signature={}",
        credentials.access_key_id(),
        c.credential_scope,
        c.signed_headers,
        c.signature
    );
    headers_to_add.push(("Authorization".into(), authorization.clone()));

    Ok(VolcSigned {
        x_date,
        x_content_sha256,
        canonical_uri: c.canonical_uri,
        canonical_query_string: c.canonical_query_string,
        canonical_headers: c.canonical_headers,
        signed_headers: c.signed_headers,
        canonical_request: c.canonical_request,
        hashed_canonical_request: c.hashed_canonical_request,
        credential_scope: c.credential_scope,
        string_to_sign: c.string_to_sign,
        signature: c.signature,
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

/// The parts Volcengine signs, once chosen: [`sign`] takes them from the request it is
/// given, [`verify`] from the request as received.
struct Parts<'a> {
    method: &'a str,
    /// Not percent-encoded.
    path: &'a str,
    query: &'a [(String, String)],
    /// The signed headers by lower-case name.
    headers: BTreeMap<String, &'a str>,
    x_date: &'a str,
    x_content_sha256: &'a str,
    date8: &'a str,
    region: &'a str,
    service: &'a str,
}

struct Canonical {
    canonical_uri: String,
    canonical_query_string: String,
    canonical_headers: String,
    signed_headers: String,
    canonical_request: String,
    hashed_canonical_request: String,
    credential_scope: String,
    string_to_sign: String,
    signature: String,
}

/// Canonical request, string to sign and signature: the one Volcengine canonicalisation.
fn canonicalise(mut p: Parts<'_>, credentials: &Credentials) -> Result<Canonical, SigningError> {
    // The default ports are not part of the signed host.
    if let Some(host) = p.headers.get_mut("host") {
        if let Some((name, port)) = host.split_once(':') {
            if port == "80" || port == "443" {
                *host = name;
            }
        }
    }
    let mut canonical_headers = String::new();
    for (name, value) in &p.headers {
        canonical_headers.push_str(name);
        canonical_headers.push(':');
        canonical_headers.push_str(value);
        canonical_headers.push('\n');
    }
    let signed_headers = p
        .headers
        .keys()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(";");

    let canonical_uri = if p.path.is_empty() {
        "/".to_owned()
    } else {
        percent_encode_path(p.path)
    };
    let canonical_query_string = canonical_query(p.query);
    let canonical_request = format!(
        "{}\n{canonical_uri}\n{canonical_query_string}\n{canonical_headers}\n{signed_headers}\n{}",
        p.method, p.x_content_sha256
    );
    let hashed_canonical_request = sha256_hex(canonical_request.as_bytes());
    let credential_scope = format!("{}/{}/{}/request", p.date8, p.region, p.service);
    let string_to_sign = format!(
        "{ALGORITHM}\n{}\n{credential_scope}\n{hashed_canonical_request}",
        p.x_date
    );
    let mut mac =
        credentials.derived_mac(KeyScheme::Volc, p.date8, p.region, p.service, |secret| {
            signing_key(secret, p.date8, p.region, p.service)
        })?;
    mac.update(string_to_sign.as_bytes());
    let signature = super::hex_lower(&mac.finalize().into_bytes());
    Ok(Canonical {
        canonical_uri,
        canonical_query_string,
        canonical_headers,
        signed_headers,
        canonical_request,
        hashed_canonical_request,
        credential_scope,
        string_to_sign,
        signature,
    })
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

/// Splits `AccessKeyId/YYYYMMDD/region/service/request`.
pub fn parse_credential(credential: &str) -> Result<CredentialScope<'_>, VerifyError> {
    let mut parts = credential.split('/');
    match (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) {
        (Some(access_key_id), Some(date), Some(region), Some(service), Some("request"), None)
            if !access_key_id.is_empty() && !region.is_empty() && !service.is_empty() =>
        {
            Ok(CredentialScope {
                access_key_id,
                date,
                region: Some(region),
                service,
            })
        }
        _ => Err(VerifyError::Malformed {
            reason: "Credential must be `AccessKeyId/YYYYMMDD/region/service/request`".into(),
        }),
    }
}

/// Verifies a received Volcengine request against `keys`: the access key must be known,
/// `X-Date` within `policy` and the scope date its date, and the signature the one
/// [`recompute`] gives.
pub fn verify(
    req: &ReceivedRequest<'_>,
    keys: &[Credentials],
    policy: &VerifyPolicy,
) -> Result<Verified, VerifyError> {
    const SCOPED: ScopedScheme = ScopedScheme {
        scheme: Scheme::Volc,
        algorithm: ALGORITHM,
        parse_credential,
        signed_at,
        recompute,
    };
    verify_scoped(&SCOPED, req, keys, policy)
}

/// The signature `credentials` give the received request, over the headers its
/// `Authorization` lists (whatever their case on the wire), its decoded path and query, and
/// its body.
pub fn recompute(
    req: &ReceivedRequest<'_>,
    credentials: &Credentials,
) -> Result<Recomputed, VerifyError> {
    let auth = req.authorization()?;
    auth.expect(ALGORITHM)?;
    let scope = parse_credential(auth.credential)?;
    let (signed_at, x_date) = signed_at(req)?;
    let date8 = signed_at.basic_date();
    if date8 != scope.date {
        return Err(VerifyError::ScopeDateMismatch {
            credential_date: scope.date.to_owned(),
            signed_date: date8,
        });
    }
    auth.require_signed(req, &ALWAYS_SIGNED)?;
    let headers: BTreeMap<String, &str> = signed_values(req, &auth)?.into_iter().collect();
    req.check(SCHEME, headers.iter().map(|(n, v)| (n.as_str(), *v)))?;
    // The signer encodes the raw path itself; what arrived is already encoded once.
    let path = percent_decode(req.path).map_err(|e| VerifyError::Malformed {
        reason: format!("the path does not decode: {e}"),
    })?;
    let query = req.query_pairs()?;
    let x_content_sha256 = sha256_hex(req.body);
    let c = canonicalise(
        Parts {
            method: req.method,
            path: &path,
            query: &query,
            headers,
            x_date,
            x_content_sha256: &x_content_sha256,
            date8: &date8,
            region: scope.region.unwrap_or_default(),
            service: scope.service,
        },
        credentials,
    )?;
    Ok(Recomputed {
        canonical_request: c.canonical_request,
        string_to_sign: c.string_to_sign,
        signature: c.signature,
        token: req.header("x-security-token").map(str::to_owned),
    })
}

/// `X-Date`, parsed and as sent (trimmed).
fn signed_at<'a>(req: &ReceivedRequest<'a>) -> Result<(UtcTime, &'a str), VerifyError> {
    let sent = req.header("x-date").map(str::trim);
    let t = timestamp("X-Date", sent, UtcTime::parse_basic_date_time)?;
    Ok((t, sent.unwrap_or_default()))
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
        let req: SignableRequest = SignableRequest {
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
