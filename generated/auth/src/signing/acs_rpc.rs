//! Alibaba Cloud RPC signature v1: a `Signature` query parameter, HMAC-SHA1, as
//! `alibabacloud-tea-openapi`'s `Utils.get_rpcsignature` computes it (clients configured
//! with `signature_algorithm='v2'`).
//!
//! The signature covers every parameter: the query and, for form posts, the body's
//! parameters. Headers are not signed.

use std::fmt;

use base64::Engine as _;

use super::verify::{
    compare, find_key, timestamp, ReceivedRequest, Recomputed, Scheme, Verified, VerifyError,
    VerifyPolicy,
};
use super::{
    debug_pairs, encoding, form_urldecode, hmac_sha1, HeaderPair, Redacted, SignableRequest,
    SigningError, UtcTime,
};
use crate::credentials::Credentials;

pub const SIGNATURE_METHOD: &str = "HMAC-SHA1";
pub const SIGNATURE_VERSION: &str = "1.0";
const SCHEME: &str = "acs-rpc-hmac-sha1";

/// Query parameters the signer owns: a caller's parameter of the same name is replaced.
const OWNED: [&str; 7] = [
    "Timestamp",
    "SignatureNonce",
    "SignatureMethod",
    "SignatureVersion",
    "AccessKeyId",
    "SecurityToken",
    "Signature",
];

/// Scheme inputs besides the request and the credentials. `Action`, `Version` and `Format`
/// are ordinary query parameters the caller puts in [`SignableRequest::query`].
#[derive(Debug, Clone, Copy)]
pub struct AcsRpcParams<'a> {
    /// Sent as `Timestamp` (`YYYY-MM-DDTHH:MM:SSZ`).
    pub timestamp: UtcTime,
    /// Sent as `SignatureNonce`; must be unique per request.
    pub signature_nonce: &'a str,
}

/// Every intermediate of an RPC v1 signature and what to add to the query.
#[derive(Clone, PartialEq, Eq)]
pub struct AcsRpcSigned {
    pub canonicalized_query_string: String,
    pub string_to_sign: String,
    /// Base64, not URL-encoded.
    pub signature: String,
    /// In SDK order: `Timestamp`, `SignatureNonce`, `SecurityToken` (with a token),
    /// `SignatureMethod`, `SignatureVersion`, `AccessKeyId`, `Signature`. Append them to the
    /// caller's query, without the caller's own parameters of those names.
    pub query_to_add: Vec<(String, String)>,
    token: Option<String>,
}

/// Signs `req` with Alibaba Cloud RPC signature v1. A body whose `Content-Type` is
/// `application/x-www-form-urlencoded` is decoded and its parameters signed with the query.
pub fn sign<H: HeaderPair>(
    req: &SignableRequest<'_, H>,
    credentials: &Credentials,
    params: &AcsRpcParams<'_>,
) -> Result<AcsRpcSigned, SigningError> {
    req.validate(SCHEME)?;
    if params.signature_nonce.is_empty() {
        return Err(SigningError::Empty {
            scheme: SCHEME,
            field: "signature_nonce",
        });
    }

    let mut query_to_add: Vec<(String, String)> = vec![
        ("Timestamp".into(), params.timestamp.iso8601()),
        ("SignatureNonce".into(), params.signature_nonce.into()),
    ];
    if let Some(token) = credentials.security_token() {
        query_to_add.push(("SecurityToken".into(), token.into()));
    }
    query_to_add.push(("SignatureMethod".into(), SIGNATURE_METHOD.into()));
    query_to_add.push(("SignatureVersion".into(), SIGNATURE_VERSION.into()));
    query_to_add.push(("AccessKeyId".into(), credentials.access_key_id().into()));

    let form = form_params(req.header("content-type"), req.body)?;
    let all: Vec<&(String, String)> = req
        .query
        .iter()
        .filter(|(n, _)| !OWNED.contains(&n.as_str()))
        .chain(form.iter())
        .chain(query_to_add.iter())
        .collect();
    let c = canonicalise(req.method, all, credentials.secret())?;
    query_to_add.push(("Signature".into(), c.signature.clone()));

    Ok(AcsRpcSigned {
        canonicalized_query_string: c.canonicalized_query_string,
        string_to_sign: c.string_to_sign,
        signature: c.signature,
        query_to_add,
        token: credentials.security_token().map(str::to_owned),
    })
}

/// The scheme's only HMAC: base64(HMAC-SHA1(secret + "&", string_to_sign)).
pub fn signature_base64(
    access_key_secret: &str,
    string_to_sign: &str,
) -> Result<String, SigningError> {
    let mut key = Vec::with_capacity(access_key_secret.len() + 1);
    key.extend_from_slice(access_key_secret.as_bytes());
    key.push(b'&');
    let mac = hmac_sha1(&key, string_to_sign.as_bytes())?;
    Ok(base64::engine::general_purpose::STANDARD.encode(mac))
}

struct Canonical {
    canonicalized_query_string: String,
    string_to_sign: String,
    signature: String,
}

/// Canonicalized query, string to sign and signature over every signed parameter: the one
/// RPC v1 canonicalisation. [`sign`] passes the caller's parameters plus its own,
/// [`verify`] every parameter received but `Signature`.
fn canonicalise(
    method: &str,
    mut params: Vec<&(String, String)>,
    secret: &str,
) -> Result<Canonical, SigningError> {
    params.sort_by(|a, b| a.0.cmp(&b.0));
    let mut canonicalized_query_string = String::new();
    for (i, (name, value)) in params.into_iter().enumerate() {
        if i > 0 {
            canonicalized_query_string.push('&');
        }
        encoding::encode_into(
            &mut canonicalized_query_string,
            name,
            encoding::Mode::Strict,
        );
        canonicalized_query_string.push('=');
        encoding::encode_into(
            &mut canonicalized_query_string,
            value,
            encoding::Mode::Strict,
        );
    }

    let mut string_to_sign = String::with_capacity(canonicalized_query_string.len() * 5 / 4 + 16);
    string_to_sign.push_str(method);
    string_to_sign.push_str("&%2F&");
    encoding::encode_into(
        &mut string_to_sign,
        &canonicalized_query_string,
        encoding::Mode::Strict,
    );
    let signature = signature_base64(secret, &string_to_sign)?;
    Ok(Canonical {
        canonicalized_query_string,
        string_to_sign,
        signature,
    })
}

/// The body's parameters when it is a form post, else none.
fn form_params(
    content_type: Option<&str>,
    body: &[u8],
) -> Result<Vec<(String, String)>, SigningError> {
    let is_form = content_type.is_some_and(|ct| {
        ct.trim_start()
            .to_ascii_lowercase()
            .starts_with("application/x-www-form-urlencoded")
    });
    if !is_form || body.is_empty() {
        return Ok(Vec::new());
    }
    let text = std::str::from_utf8(body).map_err(|e| SigningError::InvalidFormBody {
        scheme: SCHEME,
        reason: e.to_string(),
    })?;
    form_urldecode(text).map_err(|e| SigningError::InvalidFormBody {
        scheme: SCHEME,
        reason: e.to_string(),
    })
}

/// A received request's parameters: its query, then its form body's.
struct Received {
    params: Vec<(String, String)>,
}

impl Received {
    fn new(req: &ReceivedRequest<'_>) -> Result<Self, VerifyError> {
        req.check(SCHEME, [])?;
        let mut params = req.query_pairs()?;
        params.extend(form_params(req.header("content-type"), req.body)?);
        Ok(Self { params })
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn require(&self, name: &'static str) -> Result<&str, VerifyError> {
        self.get(name)
            .filter(|v| !v.is_empty())
            .ok_or_else(|| VerifyError::Malformed {
                reason: format!("the {name} parameter is missing"),
            })
    }

    fn expect(&self, name: &'static str, want: &'static str) -> Result<(), VerifyError> {
        if self.get(name) == Some(want) {
            Ok(())
        } else {
            Err(VerifyError::Malformed {
                reason: format!("{name} must be {want}"),
            })
        }
    }

    fn recompute(&self, method: &str, secret: &str) -> Result<Recomputed, VerifyError> {
        // Everything sent was signed, except the signature itself.
        let signed: Vec<&(String, String)> = self
            .params
            .iter()
            .filter(|(n, _)| n != "Signature")
            .collect();
        let c = canonicalise(method, signed, secret)?;
        Ok(Recomputed {
            canonical_request: c.canonicalized_query_string,
            string_to_sign: c.string_to_sign,
            signature: c.signature,
            token: self.get("SecurityToken").map(str::to_owned),
        })
    }
}

/// Verifies a received RPC v1 request against `keys`: `SignatureMethod` and
/// `SignatureVersion` must be this scheme's, `SignatureNonce` present, the access key known,
/// `Timestamp` within `policy`, and `Signature` the one [`recompute`] gives.
pub fn verify(
    req: &ReceivedRequest<'_>,
    keys: &[Credentials],
    policy: &VerifyPolicy,
) -> Result<Verified, VerifyError> {
    let received = Received::new(req)?;
    let access_key_id = received.require("AccessKeyId")?;
    let sent = received
        .get("Signature")
        .ok_or(VerifyError::MissingSignature {
            expected: "a Signature parameter",
        })?;
    received.expect("SignatureMethod", SIGNATURE_METHOD)?;
    received.expect("SignatureVersion", SIGNATURE_VERSION)?;
    received.require("SignatureNonce")?;
    let credentials = find_key(keys, access_key_id)?;
    let signed_at = timestamp(
        "Timestamp",
        received.get("Timestamp"),
        UtcTime::parse_iso8601,
    )?;
    policy.check(signed_at)?;
    let expected = received.recompute(req.method, credentials.secret())?;
    compare(&expected.signature, sent)?;
    Ok(Verified {
        scheme: Scheme::AcsRpc,
        access_key_id: access_key_id.to_owned(),
        signed_at,
        service: None,
        region: None,
    })
}

/// The signature `credentials` give the received request: over every parameter of its query
/// and (for a form post) its body, except `Signature`.
pub fn recompute(
    req: &ReceivedRequest<'_>,
    credentials: &Credentials,
) -> Result<Recomputed, VerifyError> {
    Received::new(req)?.recompute(req.method, credentials.secret())
}

impl fmt::Debug for AcsRpcSigned {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secret = self.token.as_deref();
        let r = |value| Redacted { value, secret };
        f.debug_struct("AcsRpcSigned")
            .field(
                "canonicalized_query_string",
                &r(&self.canonicalized_query_string),
            )
            .field("string_to_sign", &r(&self.string_to_sign))
            .field("signature", &self.signature)
            .field("query_to_add", &debug_pairs(&self.query_to_add, secret))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req<'a>(
        query: &'a [(String, String)],
        headers: &'a [(String, String)],
        body: &'a [u8],
    ) -> SignableRequest<'a> {
        SignableRequest {
            method: "POST",
            host: "ecs.aliyuncs.com",
            path: "/",
            query,
            headers,
            body,
        }
    }

    fn params() -> AcsRpcParams<'static> {
        AcsRpcParams {
            timestamp: UtcTime::from_unix_seconds(1_704_164_645),
            signature_nonce: "n",
        }
    }

    #[test]
    fn caller_copies_of_owned_params_are_replaced() {
        let creds = Credentials::new("LTAI", "secret");
        let clean = vec![("Action".to_owned(), "X".to_owned())];
        let mut dirty = clean.clone();
        dirty.push(("Signature".to_owned(), "stale".to_owned()));
        dirty.push(("Timestamp".to_owned(), "1999".to_owned()));
        let a = sign(&req(&clean, &[], b""), &creds, &params()).unwrap();
        let b = sign(&req(&dirty, &[], b""), &creds, &params()).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.query_to_add.last().unwrap().0, "Signature");
    }

    #[test]
    fn form_body_is_signed_only_when_declared_as_form() {
        let creds = Credentials::new("LTAI", "secret");
        let form = vec![(
            "Content-Type".to_owned(),
            "application/x-www-form-urlencoded".to_owned(),
        )];
        let json = vec![("Content-Type".to_owned(), "application/json".to_owned())];
        let signed = sign(&req(&[], &form, b"A=b+c"), &creds, &params()).unwrap();
        assert!(signed.canonicalized_query_string.starts_with("A=b%20c&"));
        let unsigned = sign(&req(&[], &json, b"A=b+c"), &creds, &params()).unwrap();
        assert!(!unsigned.canonicalized_query_string.contains("A=b"));
        let err = sign(&req(&[], &form, b"A=%ZZ"), &creds, &params()).unwrap_err();
        assert!(matches!(err, SigningError::InvalidFormBody { .. }));
    }
}
