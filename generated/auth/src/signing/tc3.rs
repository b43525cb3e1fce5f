//! Tencent Cloud API 3.0 signature v3, `TC3-HMAC-SHA256`, as
//! `tencentcloud-sdk-python-common`'s `Sign.sign_tc3` computes it.
//!
//! Like the SDK it signs only `content-type;host`; the `X-TC-*` headers travel unsigned.
//! The canonical query string is the literal query string sent, which the SDK builds with
//! Python `urlencode` in insertion order (not sorted), so the transport must send
//! [`Tc3Signed::query_string`] byte for byte.

use std::fmt;

use super::{
    debug_pairs, form_urlencode, hmac_sha256, sha256_hex, Redacted, SignableRequest, SigningError,
    UtcTime,
};
use crate::credentials::Credentials;

pub const ALGORITHM: &str = "TC3-HMAC-SHA256";
const SCHEME: &str = "tc3-hmac-sha256";
const SIGNED_HEADERS: &str = "content-type;host";
const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

/// Scheme inputs besides the request and the credentials.
#[derive(Debug, Clone, Copy)]
pub struct Tc3Params<'a> {
    /// Credential-scope service, e.g. `cvm`.
    pub service: &'a str,
    /// Sent as `X-TC-Timestamp`; its UTC date is the scope date.
    pub timestamp: UtcTime,
    /// Hash the literal `UNSIGNED-PAYLOAD` instead of the body (sends `X-TC-Content-SHA256`).
    pub unsigned_payload: bool,
}

/// Every intermediate of a TC3 signature and what to add to the request.
#[derive(Clone, PartialEq, Eq)]
pub struct Tc3Signed {
    /// The exact query string to send (and that was signed); empty for none.
    pub query_string: String,
    pub hashed_request_payload: String,
    pub canonical_request: String,
    pub hashed_canonical_request: String,
    /// `YYYY-MM-DD`, UTC.
    pub date: String,
    pub credential_scope: String,
    pub signed_headers: String,
    pub string_to_sign: String,
    /// Lowercase hex.
    pub signature: String,
    pub authorization: String,
    /// `Authorization`, `X-TC-Timestamp`, and when they apply `X-TC-Token` and
    /// `X-TC-Content-SHA256`. `X-TC-Action`/`Version`/`Region`/`Language` are the caller's.
    pub headers_to_add: Vec<(String, String)>,
    token: Option<String>,
}

/// Signs `req` for Tencent Cloud. `req` must carry the `Content-Type` it will be sent with.
pub fn sign(
    req: &SignableRequest<'_>,
    credentials: &Credentials,
    params: &Tc3Params<'_>,
) -> Result<Tc3Signed, SigningError> {
    req.validate(SCHEME)?;
    if params.service.is_empty() {
        return Err(SigningError::Empty {
            scheme: SCHEME,
            field: "service",
        });
    }
    let content_type = req
        .header("content-type")
        .ok_or(SigningError::MissingHeader {
            scheme: SCHEME,
            header: "Content-Type",
        })?;
    let host = req.header("host").unwrap_or(req.host);
    let path = if req.path.is_empty() { "/" } else { req.path };

    let query_string = form_urlencode(req.query);
    let hashed_request_payload = if params.unsigned_payload {
        sha256_hex(UNSIGNED_PAYLOAD.as_bytes())
    } else {
        sha256_hex(req.body)
    };
    let canonical_request = format!(
        "{}\n{path}\n{query_string}\ncontent-type:{content_type}\nhost:{host}\n\n{SIGNED_HEADERS}\n{hashed_request_payload}",
        req.method
    );
    let hashed_canonical_request = sha256_hex(canonical_request.as_bytes());
    let timestamp = params.timestamp.unix_seconds().to_string();
    let date = params.timestamp.date_dashed();
    let credential_scope = format!("{date}/{}/tc3_request", params.service);
    let string_to_sign =
        format!("{ALGORITHM}\n{timestamp}\n{credential_scope}\n{hashed_canonical_request}");

    let key = signing_key(credentials.secret(), &date, params.service)?;
    let signature = hex::encode(hmac_sha256(&key, string_to_sign.as_bytes())?);
    let authorization = format!(
        "{ALGORITHM} Credential={}/{credential_scope}, SignedHeaders={SIGNED_HEADERS}, Signature={signature}",
        credentials.access_key_id()
    );

    let mut headers_to_add = vec![
        ("Authorization".to_owned(), authorization.clone()),
        ("X-TC-Timestamp".to_owned(), timestamp),
    ];
    if let Some(token) = credentials.security_token() {
        headers_to_add.push(("X-TC-Token".to_owned(), token.to_owned()));
    }
    if params.unsigned_payload {
        headers_to_add.push((
            "X-TC-Content-SHA256".to_owned(),
            UNSIGNED_PAYLOAD.to_owned(),
        ));
    }

    Ok(Tc3Signed {
        query_string,
        hashed_request_payload,
        canonical_request,
        hashed_canonical_request,
        date,
        credential_scope,
        signed_headers: SIGNED_HEADERS.to_owned(),
        string_to_sign,
        signature,
        authorization,
        headers_to_add,
        token: credentials.security_token().map(str::to_owned),
    })
}

/// The derived key `kSigning`: HMAC chain `"TC3"+secret` -> date -> service -> `tc3_request`.
/// It only changes daily, so callers may cache it.
pub fn signing_key(secret_key: &str, date: &str, service: &str) -> Result<[u8; 32], SigningError> {
    let mut k_secret = Vec::with_capacity(3 + secret_key.len());
    k_secret.extend_from_slice(b"TC3");
    k_secret.extend_from_slice(secret_key.as_bytes());
    let k_date = hmac_sha256(&k_secret, date.as_bytes())?;
    let k_service = hmac_sha256(&k_date, service.as_bytes())?;
    hmac_sha256(&k_service, b"tc3_request")
}

impl fmt::Debug for Tc3Signed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secret = self.token.as_deref();
        f.debug_struct("Tc3Signed")
            .field("query_string", &self.query_string)
            .field("hashed_request_payload", &self.hashed_request_payload)
            .field("canonical_request", &self.canonical_request)
            .field("hashed_canonical_request", &self.hashed_canonical_request)
            .field("date", &self.date)
            .field("credential_scope", &self.credential_scope)
            .field("signed_headers", &self.signed_headers)
            .field("string_to_sign", &self.string_to_sign)
            .field("signature", &self.signature)
            .field(
                "authorization",
                &Redacted {
                    value: &self.authorization,
                    secret,
                },
            )
            .field("headers_to_add", &debug_pairs(&self.headers_to_add, secret))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request<'a>(headers: &'a [(String, String)], body: &'a [u8]) -> SignableRequest<'a> {
        SignableRequest {
            method: "POST",
            host: "cvm.tencentcloudapi.com",
            path: "/",
            query: &[],
            headers,
            body,
        }
    }

    #[test]
    fn missing_content_type_is_an_error() {
        let creds = Credentials::new("id", "key");
        let params = Tc3Params {
            service: "cvm",
            timestamp: UtcTime::from_unix_seconds(1_700_000_000),
            unsigned_payload: false,
        };
        let err = sign(&request(&[], b"{}"), &creds, &params).unwrap_err();
        assert!(matches!(
            err,
            SigningError::MissingHeader {
                header: "Content-Type",
                ..
            }
        ));
    }

    #[test]
    fn unsigned_payload_ignores_body_and_adds_header() {
        let headers = vec![("Content-Type".to_owned(), "application/json".to_owned())];
        let creds = Credentials::new("id", "key").with_security_token("tok-secret");
        let params = Tc3Params {
            service: "cvm",
            timestamp: UtcTime::from_unix_seconds(1_700_000_000),
            unsigned_payload: true,
        };
        let a = sign(&request(&headers, b"{\"a\": 1}"), &creds, &params).unwrap();
        let b = sign(&request(&headers, b"{}"), &creds, &params).unwrap();
        assert_eq!(a.signature, b.signature);
        assert_eq!(a.hashed_request_payload, sha256_hex(b"UNSIGNED-PAYLOAD"));
        assert!(a
            .headers_to_add
            .contains(&("X-TC-Content-SHA256".into(), "UNSIGNED-PAYLOAD".into())));
        assert!(a
            .headers_to_add
            .contains(&("X-TC-Token".into(), "tok-secret".into())));
        assert!(!format!("{a:?}").contains("tok-secret"));
    }
}
