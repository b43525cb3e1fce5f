//! Alibaba Cloud V3 signature, `ACS3-HMAC-SHA256` in the `Authorization` header, as
//! `alibabacloud-tea-openapi`'s `Utils.get_authorization` computes it. This is the default
//! for current Alibaba Cloud SDK clients.
//!
//! Like the Python SDK it signs every header the request carries; the date enters the
//! signature only through the signed `x-acs-date` header.

use std::collections::BTreeMap;
use std::fmt;

use super::verify::{
    compare, find_key, timestamp, ReceivedRequest, Recomputed, Scheme, Verified, VerifyError,
    VerifyPolicy,
};
use super::{
    debug_pairs, encoding, hmac_sha256, sha256_hex, HeaderPair, Redacted, SignableRequest,
    SigningError, UtcTime,
};
use crate::credentials::Credentials;

pub const ALGORITHM: &str = "ACS3-HMAC-SHA256";
const SCHEME: &str = "acs3-hmac-sha256";

/// Headers the signer owns: a caller's header of the same name (any case) is replaced.
const OWNED: [&str; 5] = [
    "x-acs-date",
    "x-acs-signature-nonce",
    "x-acs-content-sha256",
    "x-acs-security-token",
    "x-acs-accesskey-id",
];

/// What [`sign`] always signs (the token headers when there is a token), so what every
/// signature must cover when the request carries it.
const ALWAYS_SIGNED: [&str; 6] = [
    "host",
    "x-acs-date",
    "x-acs-signature-nonce",
    "x-acs-content-sha256",
    "x-acs-security-token",
    "x-acs-accesskey-id",
];

/// Scheme inputs besides the request and the credentials.
#[derive(Debug, Clone, Copy)]
pub struct Acs3Params<'a> {
    /// Sent as `x-acs-date` (`YYYY-MM-DDTHH:MM:SSZ`).
    pub timestamp: UtcTime,
    /// Sent as `x-acs-signature-nonce`; must be unique per request.
    pub signature_nonce: &'a str,
}

/// Every intermediate of an ACS3 signature and what to add to the request.
#[derive(Clone, PartialEq, Eq)]
pub struct Acs3Signed {
    pub hashed_request_payload: String,
    pub canonical_query_string: String,
    pub canonical_headers: String,
    pub signed_headers: String,
    pub canonical_request: String,
    pub hashed_canonical_request: String,
    pub string_to_sign: String,
    /// Lowercase hex.
    pub signature: String,
    pub authorization: String,
    /// In the SDK's lower case: `x-acs-date`, `x-acs-signature-nonce`, `x-acs-content-sha256`,
    /// with a token `x-acs-security-token` and `x-acs-accesskey-id`, then `authorization`.
    /// `x-acs-action`, `x-acs-version` and the rest are the caller's. A `host` the signer
    /// derived from [`SignableRequest::host`] is not listed.
    pub headers_to_add: Vec<(String, String)>,
    token: Option<String>,
}

/// Signs `req` for Alibaba Cloud with `ACS3-HMAC-SHA256`.
pub fn sign<H: HeaderPair>(
    req: &SignableRequest<'_, H>,
    credentials: &Credentials,
    params: &Acs3Params<'_>,
) -> Result<Acs3Signed, SigningError> {
    req.validate(SCHEME)?;
    if params.signature_nonce.is_empty() {
        return Err(SigningError::Empty {
            scheme: SCHEME,
            field: "signature_nonce",
        });
    }

    let hashed_request_payload = sha256_hex(req.body);
    let mut headers_to_add: Vec<(String, String)> = vec![
        ("x-acs-date".into(), params.timestamp.iso8601()),
        (
            "x-acs-signature-nonce".into(),
            params.signature_nonce.into(),
        ),
        (
            "x-acs-content-sha256".into(),
            hashed_request_payload.clone(),
        ),
    ];
    if let Some(token) = credentials.security_token() {
        headers_to_add.push(("x-acs-security-token".into(), token.into()));
        headers_to_add.push((
            "x-acs-accesskey-id".into(),
            credentials.access_key_id().into(),
        ));
    }

    let mut merged: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    let caller = req
        .header_pairs()
        .filter(|(n, _)| !OWNED.iter().any(|o| n.eq_ignore_ascii_case(o)));
    let added = headers_to_add.iter().map(|(n, v)| (n.as_str(), v.as_str()));
    for (name, value) in caller.chain(added) {
        merged
            .entry(name.to_ascii_lowercase())
            .or_default()
            .push(value);
    }
    if !merged.contains_key("host") && !req.host.is_empty() {
        merged.insert("host".into(), vec![req.host]);
    }

    let c = canonicalise(
        Parts {
            method: req.method,
            path: req.path,
            query: req.query,
            headers: merged,
            hashed_request_payload: &hashed_request_payload,
        },
        credentials.secret(),
    )?;
    let authorization = format!(
        "{ALGORITHM} Credential={},SignedHeaders={},Signature={}",
        credentials.access_key_id(),
        c.signed_headers,
        c.signature
    );
    headers_to_add.push(("authorization".into(), authorization.clone()));

    Ok(Acs3Signed {
        hashed_request_payload,
        canonical_query_string: c.canonical_query_string,
        canonical_headers: c.canonical_headers,
        signed_headers: c.signed_headers,
        canonical_request: c.canonical_request,
        hashed_canonical_request: c.hashed_canonical_request,
        string_to_sign: c.string_to_sign,
        signature: c.signature,
        authorization,
        headers_to_add,
        token: credentials.security_token().map(str::to_owned),
    })
}

/// The scheme's only HMAC: hex(HMAC-SHA256(secret, string_to_sign)).
pub fn signature_hex(
    access_key_secret: &str,
    string_to_sign: &str,
) -> Result<String, SigningError> {
    Ok(super::hex_lower(&hmac_sha256(
        access_key_secret.as_bytes(),
        string_to_sign.as_bytes(),
    )?))
}

/// The parts ACS3 signs, once chosen: [`sign`] takes them from the request it is given,
/// [`verify`] from the request as received.
struct Parts<'a> {
    method: &'a str,
    /// Already percent-encoded.
    path: &'a str,
    query: &'a [(String, String)],
    /// The signed headers by lower-case name, each with every value it carries.
    headers: BTreeMap<String, Vec<&'a str>>,
    hashed_request_payload: &'a str,
}

struct Canonical {
    canonical_query_string: String,
    canonical_headers: String,
    signed_headers: String,
    canonical_request: String,
    hashed_canonical_request: String,
    string_to_sign: String,
    signature: String,
}

/// Canonical request, string to sign and signature: the one ACS3 canonicalisation.
fn canonicalise(mut p: Parts<'_>, secret: &str) -> Result<Canonical, SigningError> {
    // A name's values are trimmed, sorted and joined into one entry.
    let mut canonical_headers = String::with_capacity(
        p.headers
            .iter()
            .map(|(n, vs)| n.len() + vs.iter().map(|v| v.len() + 1).sum::<usize>() + 1)
            .sum(),
    );
    for (name, values) in &mut p.headers {
        for value in values.iter_mut() {
            *value = value.trim();
        }
        values.sort_unstable();
        canonical_headers.push_str(name);
        canonical_headers.push(':');
        for (i, value) in values.iter().enumerate() {
            if i > 0 {
                canonical_headers.push(',');
            }
            canonical_headers.push_str(value);
        }
        canonical_headers.push('\n');
    }
    let signed_headers = p
        .headers
        .keys()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(";");

    let canonical_query_string = canonical_query(p.query);
    let canonical_request = format!(
        "{}\n{}\n{canonical_query_string}\n{canonical_headers}\n{signed_headers}\n{}",
        p.method,
        if p.path.is_empty() { "/" } else { p.path },
        p.hashed_request_payload
    );
    let hashed_canonical_request = sha256_hex(canonical_request.as_bytes());
    let string_to_sign = format!("{ALGORITHM}\n{hashed_canonical_request}");
    let signature = signature_hex(secret, &string_to_sign)?;
    Ok(Canonical {
        canonical_query_string,
        canonical_headers,
        signed_headers,
        canonical_request,
        hashed_canonical_request,
        string_to_sign,
        signature,
    })
}

/// Pairs sorted by raw name (byte order, stable), written `name=enc(value)`. The SDK leaves
/// names unencoded; Alibaba parameter names are unreserved characters only.
fn canonical_query(query: &[(String, String)]) -> String {
    let mut sorted: Vec<&(String, String)> = query.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out = String::new();
    for (i, (name, value)) in sorted.into_iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(name);
        out.push('=');
        encoding::encode_into(&mut out, value, encoding::Mode::Strict);
    }
    out
}

/// Verifies a received ACS3 request against `keys`: the access key must be known,
/// `x-acs-date` within `policy`, an `x-acs-signature-nonce` present, and the signature the
/// one [`recompute`] gives.
pub fn verify(
    req: &ReceivedRequest<'_>,
    keys: &[Credentials],
    policy: &VerifyPolicy,
) -> Result<Verified, VerifyError> {
    let auth = req.authorization()?;
    auth.expect(ALGORITHM)?;
    let credentials = find_key(keys, auth.credential)?;
    let signed_at = timestamp(
        "x-acs-date",
        req.header("x-acs-date"),
        UtcTime::parse_iso8601,
    )?;
    policy.check(signed_at)?;
    if req
        .header("x-acs-signature-nonce")
        .is_none_or(|n| n.trim().is_empty())
    {
        return Err(VerifyError::Malformed {
            reason: "the x-acs-signature-nonce header is missing".into(),
        });
    }
    let expected = recompute(req, credentials)?;
    compare(&expected.signature, auth.signature)?;
    Ok(Verified {
        scheme: Scheme::Acs3,
        access_key_id: auth.credential.to_owned(),
        signed_at,
        service: None,
        region: None,
    })
}

/// The signature `credentials` give the received request, over every value of the headers
/// its `Authorization` lists, its path as sent, its decoded query and its body.
pub fn recompute(
    req: &ReceivedRequest<'_>,
    credentials: &Credentials,
) -> Result<Recomputed, VerifyError> {
    let auth = req.authorization()?;
    auth.expect(ALGORITHM)?;
    auth.require_signed(req, &ALWAYS_SIGNED)?;
    let mut headers: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for name in auth.signed_header_names() {
        if headers.contains_key(&name) {
            continue;
        }
        let values: Vec<&str> = req.header_values(&name).collect();
        if values.is_empty() {
            return Err(VerifyError::SignedHeaderMissing { header: name });
        }
        headers.insert(name, values);
    }
    req.check(
        SCHEME,
        headers
            .iter()
            .flat_map(|(n, vs)| vs.iter().map(move |v| (n.as_str(), *v))),
    )?;
    let query = req.query_pairs()?;
    let hashed_request_payload = sha256_hex(req.body);
    let c = canonicalise(
        Parts {
            method: req.method,
            path: req.path,
            query: &query,
            headers,
            hashed_request_payload: &hashed_request_payload,
        },
        credentials.secret(),
    )?;
    Ok(Recomputed {
        canonical_request: c.canonical_request,
        string_to_sign: c.string_to_sign,
        signature: c.signature,
        token: req.header("x-acs-security-token").map(str::to_owned),
    })
}

impl fmt::Debug for Acs3Signed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secret = self.token.as_deref();
        let r = |value| Redacted { value, secret };
        f.debug_struct("Acs3Signed")
            .field("hashed_request_payload", &self.hashed_request_payload)
            .field("canonical_query_string", &self.canonical_query_string)
            .field("canonical_headers", &r(&self.canonical_headers))
            .field("signed_headers", &self.signed_headers)
            .field("canonical_request", &r(&self.canonical_request))
            .field("hashed_canonical_request", &self.hashed_canonical_request)
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

    #[test]
    fn duplicate_header_names_merge_sorted_and_owned_headers_are_replaced() {
        let headers = vec![
            ("X-Custom".to_owned(), " b ".to_owned()),
            ("x-custom".to_owned(), "a".to_owned()),
            ("X-Acs-Date".to_owned(), "1999-01-01T00:00:00Z".to_owned()),
        ];
        let req = SignableRequest {
            method: "GET",
            host: "ecs.aliyuncs.com",
            path: "/",
            query: &[],
            headers: &headers,
            body: b"",
        };
        let params = Acs3Params {
            timestamp: UtcTime::from_unix_seconds(1_704_164_645),
            signature_nonce: "n1",
        };
        let creds = Credentials::new("LTAI", "secret").with_security_token("sts-tok/+");
        let s = sign(&req, &creds, &params).unwrap();
        assert!(s.canonical_headers.contains("x-custom:a,b\n"));
        assert!(s
            .canonical_headers
            .contains("x-acs-date:2024-01-02T03:04:05Z\n"));
        assert!(!s.canonical_headers.contains("1999"));
        assert!(s.canonical_headers.starts_with("host:ecs.aliyuncs.com\n"));
        assert!(s
            .canonical_headers
            .contains("x-acs-security-token:sts-tok/+\n"));
        let dbg = format!("{s:?}");
        assert!(!dbg.contains("sts-tok"), "{dbg}");
    }

    #[test]
    fn empty_nonce_is_an_error() {
        let req = SignableRequest::get("h", &[]);
        let params = Acs3Params {
            timestamp: UtcTime::from_unix_seconds(0),
            signature_nonce: "",
        };
        let err = sign(&req, &Credentials::new("a", "b"), &params).unwrap_err();
        assert!(err.to_string().contains("signature_nonce"));
    }
}
