//! What a server (or `docsdk mock`) needs to check a signature: the request as received, the
//! `Authorization` header's parts, a clock policy, and a typed reason when it does not verify.
//!
//! Each scheme's `verify` ([`tc3::verify`], [`volc::verify`], [`acs3::verify`],
//! [`acs_rpc::verify`]) rebuilds the canonical request from the received parts with the very
//! functions its `sign` uses and compares signatures in constant time; [`verify`] picks one by
//! [`Scheme`]. Any set of signed headers verifies, not only the ones the docsdk signers choose,
//! as long as it includes the headers the scheme itself always signs (`host`, the date, the
//! body hash, …).
//!
//! ```
//! use docsdk_auth::credentials::Credentials;
//! use docsdk_auth::signing::verify::{self, ReceivedRequest, Scheme, VerifyPolicy};
//! use docsdk_auth::signing::{tc3, SignableRequest, UtcTime};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let keys = [Credentials::new("AKIDEXAMPLE", "secret")];
//! let now = UtcTime::from_unix_seconds(1_700_000_000);
//! let mut headers = vec![
//!     ("Content-Type".to_string(), "application/json".to_string()),
//!     ("Host".to_string(), "cvm.tencentcloudapi.com".to_string()),
//! ];
//! let req = SignableRequest {
//!     method: "POST",
//!     host: "cvm.tencentcloudapi.com",
//!     path: "/",
//!     query: &[],
//!     headers: &headers,
//!     body: b"{}",
//! };
//! let params = tc3::Tc3Params {
//!     service: "cvm",
//!     timestamp: now,
//!     unsigned_payload: false,
//! };
//! headers.extend(tc3::sign(&req, &keys[0], &params)?.headers_to_add);
//!
//! // On the server: the request as it arrived.
//! let received = ReceivedRequest {
//!     method: "POST",
//!     path: "/",
//!     query: "",
//!     headers: &headers,
//!     body: b"{}",
//! };
//! let policy = VerifyPolicy {
//!     now,
//!     max_clock_skew: Some(std::time::Duration::from_secs(300)),
//! };
//! let ok = verify::verify(Scheme::Tc3, &received, &keys, &policy)?;
//! assert_eq!(ok.service.as_deref(), Some("cvm"));
//!
//! let tampered = ReceivedRequest { body: b"{\"Limit\":1}", ..received };
//! let err = verify::verify(Scheme::Tc3, &tampered, &keys, &policy).unwrap_err();
//! assert!(matches!(err, verify::VerifyError::SignatureMismatch));
//! # Ok(())
//! # }
//! ```

use std::fmt;
use std::time::Duration;

use super::{
    acs3, acs_rpc, check_parts, constant_time_eq, form_urldecode, tc3, volc, Redacted,
    SigningError, UtcTime,
};
use crate::credentials::Credentials;

/// A request as a server received it: nothing decoded, nothing dropped.
#[derive(Debug, Clone, Copy)]
pub struct ReceivedRequest<'a> {
    /// HTTP method as sent, e.g. `POST`.
    pub method: &'a str,
    /// The path as sent (still percent-encoded), e.g. `/`.
    pub path: &'a str,
    /// The query string as sent, without `?`; empty for none.
    pub query: &'a str,
    /// Names in any case, in arrival order; a repeated header appears once per value.
    pub headers: &'a [(String, String)],
    pub body: &'a [u8],
}

impl<'a> ReceivedRequest<'a> {
    /// The first value of header `name` (ASCII case ignored).
    pub fn header(&self, name: &str) -> Option<&'a str> {
        self.header_values(name).next()
    }

    /// Every value of header `name` (ASCII case ignored), in arrival order.
    pub fn header_values<'n>(&self, name: &'n str) -> impl Iterator<Item = &'a str> + 'n
    where
        'a: 'n,
    {
        self.headers
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The query string decoded into pairs (`+` is a space), in order.
    pub fn query_pairs(&self) -> Result<Vec<(String, String)>, VerifyError> {
        form_urldecode(self.query).map_err(|e| VerifyError::Malformed {
            reason: format!("the query string does not decode: {e}"),
        })
    }

    /// The `Authorization` header, parsed.
    pub fn authorization(&self) -> Result<Authorization<'a>, VerifyError> {
        let value = self
            .header("authorization")
            .ok_or(VerifyError::MissingSignature {
                expected: "an Authorization header",
            })?;
        Authorization::parse(value)
    }

    /// The same line-break rule the signers apply, over the parts a verifier canonicalises.
    pub(crate) fn check<'h>(
        &self,
        scheme: &'static str,
        signed: impl IntoIterator<Item = (&'h str, &'h str)>,
    ) -> Result<(), VerifyError> {
        check_parts(scheme, [self.method, "", self.path], signed).map_err(VerifyError::from)
    }
}

/// `ALGORITHM Credential=…, SignedHeaders=…, Signature=…`, the header value every
/// header-signed scheme sends (separators: a comma, optionally followed by spaces).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Authorization<'a> {
    pub algorithm: &'a str,
    /// `AccessKeyId` alone (ACS3) or followed by `/`-separated scope parts (TC3, Volcengine).
    pub credential: &'a str,
    /// `;`-separated header names, as sent.
    pub signed_headers: &'a str,
    pub signature: &'a str,
}

impl<'a> Authorization<'a> {
    pub fn parse(value: &'a str) -> Result<Self, VerifyError> {
        let malformed = |reason: &str| VerifyError::Malformed {
            reason: reason.to_owned(),
        };
        let (algorithm, rest) = value.trim().split_once(' ').ok_or_else(|| {
            malformed("the Authorization header has no Credential/SignedHeaders/Signature")
        })?;
        let (mut credential, mut signed_headers, mut signature) = (None, None, None);
        for part in rest.split(',') {
            let Some((key, val)) = part.trim().split_once('=') else {
                continue;
            };
            match key.trim() {
                "Credential" => credential = Some(val.trim()),
                "SignedHeaders" => signed_headers = Some(val.trim()),
                "Signature" => signature = Some(val.trim()),
                _ => {}
            }
        }
        match (credential, signed_headers, signature) {
            (Some(credential), Some(signed_headers), Some(signature))
                if !credential.is_empty() && !signature.is_empty() =>
            {
                Ok(Self {
                    algorithm,
                    credential,
                    signed_headers,
                    signature,
                })
            }
            _ => Err(malformed(
                "the Authorization header lacks Credential, SignedHeaders or Signature",
            )),
        }
    }

    /// Fails unless the header names `algorithm`.
    pub(crate) fn expect(&self, algorithm: &'static str) -> Result<(), VerifyError> {
        if self.algorithm == algorithm {
            Ok(())
        } else {
            Err(VerifyError::Malformed {
                reason: format!(
                    "the Authorization scheme is `{}`, not {algorithm}",
                    self.algorithm
                ),
            })
        }
    }

    /// The signed header names in lower case, in the order sent.
    pub fn signed_header_names(&self) -> impl Iterator<Item = String> + 'a {
        self.signed_headers
            .split(';')
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_ascii_lowercase)
    }

    /// Fails with [`VerifyError::HeaderNotSigned`] for the first of `required` that the
    /// request carries but `SignedHeaders` does not list.
    pub(crate) fn require_signed(
        &self,
        req: &ReceivedRequest<'_>,
        required: &[&'static str],
    ) -> Result<(), VerifyError> {
        let listed: Vec<String> = self.signed_header_names().collect();
        match required
            .iter()
            .find(|r| req.header(r).is_some() && !listed.iter().any(|n| n == *r))
        {
            Some(missing) => Err(VerifyError::HeaderNotSigned { header: missing }),
            None => Ok(()),
        }
    }
}

/// The scope parts of a TC3 (`AccessKeyId/YYYY-MM-DD/service/tc3_request`) or Volcengine
/// (`AccessKeyId/YYYYMMDD/region/service/request`) credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CredentialScope<'a> {
    pub access_key_id: &'a str,
    /// As sent: `YYYY-MM-DD` (TC3) or `YYYYMMDD` (Volcengine).
    pub date: &'a str,
    /// Volcengine only.
    pub region: Option<&'a str>,
    pub service: &'a str,
}

/// How far a signing time may be from the verifier's clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VerifyPolicy {
    pub now: UtcTime,
    /// `None` accepts any signing time (replaying recorded requests).
    pub max_clock_skew: Option<Duration>,
}

impl VerifyPolicy {
    /// Fails with [`VerifyError::ClockSkew`] when `signed_at` is too far from `now`.
    pub fn check(&self, signed_at: UtcTime) -> Result<(), VerifyError> {
        let Some(max) = self.max_clock_skew else {
            return Ok(());
        };
        let skew = signed_at.unix_seconds().abs_diff(self.now.unix_seconds());
        if skew > max.as_secs() {
            return Err(VerifyError::ClockSkew {
                signed_at,
                now: self.now,
                max_skew_secs: max.as_secs(),
            });
        }
        Ok(())
    }
}

/// The schemes a received request can be verified with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scheme {
    /// Tencent Cloud `TC3-HMAC-SHA256`.
    Tc3,
    /// Volcengine `HMAC-SHA256`.
    Volc,
    /// Alibaba Cloud `ACS3-HMAC-SHA256`.
    Acs3,
    /// Alibaba Cloud RPC v1 (`Signature` parameter, HMAC-SHA1).
    AcsRpc,
}

/// Verifies `req` with `scheme`'s own `verify`.
pub fn verify(
    scheme: Scheme,
    req: &ReceivedRequest<'_>,
    keys: &[Credentials],
    policy: &VerifyPolicy,
) -> Result<Verified, VerifyError> {
    match scheme {
        Scheme::Tc3 => tc3::verify(req, keys, policy),
        Scheme::Volc => volc::verify(req, keys, policy),
        Scheme::Acs3 => acs3::verify(req, keys, policy),
        Scheme::AcsRpc => acs_rpc::verify(req, keys, policy),
    }
}

/// What a verified signature vouches for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub scheme: Scheme,
    pub access_key_id: String,
    pub signed_at: UtcTime,
    /// The credential scope's service (TC3, Volcengine).
    pub service: Option<String>,
    /// The credential scope's region (Volcengine).
    pub region: Option<String>,
}

/// The signature a scheme computes for a received request, with the canonical strings it
/// came from, to pin a mismatch to one step.
#[derive(Clone, PartialEq, Eq)]
pub struct Recomputed {
    /// The canonical request (RPC v1: the canonicalized query string).
    pub canonical_request: String,
    pub string_to_sign: String,
    /// In the scheme's encoding: lowercase hex, or base64 for RPC v1.
    pub signature: String,
    pub(crate) token: Option<String>,
}

impl fmt::Debug for Recomputed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secret = self.token.as_deref();
        let r = |value| Redacted { value, secret };
        f.debug_struct("Recomputed")
            .field("canonical_request", &r(&self.canonical_request))
            .field("string_to_sign", &r(&self.string_to_sign))
            .field("signature", &self.signature)
            .finish()
    }
}

/// Why a received request does not verify.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyError {
    #[error("the request is not signed: expected {expected}")]
    MissingSignature { expected: &'static str },
    /// The signature's own parts (header, credential, algorithm, signing parameters) or the
    /// request parts it covers do not parse.
    #[error("{reason}")]
    Malformed { reason: String },
    #[error("the access key id `{access_key_id}` is not known")]
    UnknownAccessKey { access_key_id: String },
    #[error("the signing time `{name}` is missing")]
    MissingTimestamp { name: &'static str },
    #[error("the signing time `{name}` is not in the provider's format: {reason}")]
    InvalidTimestamp { name: &'static str, reason: String },
    #[error(
        "the signature is expired: signed at {}, {}s from the server time {} (allowed: {max_skew_secs}s)",
        signed_at.iso8601(),
        signed_at.unix_seconds().abs_diff(now.unix_seconds()),
        now.iso8601()
    )]
    ClockSkew {
        signed_at: UtcTime,
        now: UtcTime,
        max_skew_secs: u64,
    },
    #[error(
        "the credential date {credential_date} is not the date of the signing time ({signed_date})"
    )]
    ScopeDateMismatch {
        credential_date: String,
        signed_date: String,
    },
    #[error("the signed header `{header}` is not in the request")]
    SignedHeaderMissing { header: String },
    #[error("SignedHeaders must include `{header}`, which this scheme always signs")]
    HeaderNotSigned { header: &'static str },
    #[error("check your secret key and signing method")]
    SignatureMismatch,
    #[error(transparent)]
    Signing(#[from] SigningError),
}

/// The credentials for `access_key_id`.
pub(crate) fn find_key<'k>(
    keys: &'k [Credentials],
    access_key_id: &str,
) -> Result<&'k Credentials, VerifyError> {
    keys.iter()
        .find(|c| c.access_key_id() == access_key_id)
        .ok_or_else(|| VerifyError::UnknownAccessKey {
            access_key_id: access_key_id.to_owned(),
        })
}

/// Parses a signing time with `parse`, naming `name` in the error.
pub(crate) fn timestamp<E: fmt::Display>(
    name: &'static str,
    value: Option<&str>,
    parse: impl FnOnce(&str) -> Result<UtcTime, E>,
) -> Result<UtcTime, VerifyError> {
    let value = value.ok_or(VerifyError::MissingTimestamp { name })?;
    parse(value).map_err(|e| VerifyError::InvalidTimestamp {
        name,
        reason: e.to_string(),
    })
}

/// What a scheme with a credential scope (`AccessKeyId/date/[region/]service/…`) plugs into
/// [`verify_scoped`]: TC3 and Volcengine differ only in these.
pub(crate) struct ScopedScheme {
    pub scheme: Scheme,
    pub algorithm: &'static str,
    pub parse_credential: for<'a> fn(&'a str) -> Result<CredentialScope<'a>, VerifyError>,
    /// The signing time and the header value it was read from.
    pub signed_at: for<'a> fn(&ReceivedRequest<'a>) -> Result<(UtcTime, &'a str), VerifyError>,
    pub recompute: fn(&ReceivedRequest<'_>, &Credentials) -> Result<Recomputed, VerifyError>,
}

/// Verifies a request signed with a scoped scheme against `keys`: the access key must be
/// known, the signing time within `policy`, and the signature the one `recompute` gives
/// (which also checks the scope date against the signing time).
pub(crate) fn verify_scoped(
    s: &ScopedScheme,
    req: &ReceivedRequest<'_>,
    keys: &[Credentials],
    policy: &VerifyPolicy,
) -> Result<Verified, VerifyError> {
    let auth = req.authorization()?;
    auth.expect(s.algorithm)?;
    let scope = (s.parse_credential)(auth.credential)?;
    let credentials = find_key(keys, scope.access_key_id)?;
    let (signed_at, _) = (s.signed_at)(req)?;
    policy.check(signed_at)?;
    let expected = (s.recompute)(req, credentials)?;
    compare(&expected.signature, auth.signature)?;
    Ok(Verified {
        scheme: s.scheme,
        access_key_id: scope.access_key_id.to_owned(),
        signed_at,
        service: Some(scope.service.to_owned()),
        region: scope.region.map(str::to_owned),
    })
}

/// Fails with [`VerifyError::SignatureMismatch`] unless the signatures are equal (in
/// constant time).
pub(crate) fn compare(expected: &str, sent: &str) -> Result<(), VerifyError> {
    if constant_time_eq(expected.as_bytes(), sent.as_bytes()) {
        Ok(())
    } else {
        Err(VerifyError::SignatureMismatch)
    }
}

/// The first value of every header `auth` lists, as `(lowercase name, value)`.
pub(crate) fn signed_values<'r>(
    req: &ReceivedRequest<'r>,
    auth: &Authorization<'_>,
) -> Result<Vec<(String, &'r str)>, VerifyError> {
    auth.signed_header_names()
        .map(|name| match req.header(&name) {
            Some(value) => Ok((name, value)),
            None => Err(VerifyError::SignedHeaderMissing { header: name }),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_each_providers_authorization() {
        let a = Authorization::parse(
            "TC3-HMAC-SHA256 Credential=AKID/2024-01-02/cvm/tc3_request, SignedHeaders=content-type;host, Signature=abc",
        )
        .unwrap();
        assert_eq!(a.algorithm, "TC3-HMAC-SHA256");
        assert_eq!(a.credential, "AKID/2024-01-02/cvm/tc3_request");
        assert_eq!(a.signed_headers, "content-type;host");
        assert_eq!(a.signature, "abc");
        let a = Authorization::parse(
            "ACS3-HMAC-SHA256 Credential=LTAI,SignedHeaders=host;X-Acs-Date,Signature=def",
        )
        .unwrap();
        assert_eq!(
            (a.credential, a.signed_headers, a.signature),
            ("LTAI", "host;X-Acs-Date", "def")
        );
        assert_eq!(
            a.signed_header_names().collect::<Vec<_>>(),
            ["host", "x-acs-date"]
        );
        for bad in [
            "HMAC-SHA256",
            "HMAC-SHA256 Credential=x",
            "",
            "A Credential=, SignedHeaders=, Signature=s",
        ] {
            assert!(
                matches!(
                    Authorization::parse(bad),
                    Err(VerifyError::Malformed { .. })
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn policy_bounds_the_skew_both_ways() {
        let now = UtcTime::from_unix_seconds(1_000_000);
        let policy = VerifyPolicy {
            now,
            max_clock_skew: Some(Duration::from_secs(300)),
        };
        assert!(policy.check(UtcTime::from_unix_seconds(1_000_300)).is_ok());
        assert!(policy.check(UtcTime::from_unix_seconds(999_700)).is_ok());
        let err = policy
            .check(UtcTime::from_unix_seconds(999_699))
            .unwrap_err();
        assert!(matches!(err, VerifyError::ClockSkew { .. }));
        assert!(err.to_string().contains("301s"), "{err}");
        let any = VerifyPolicy {
            now,
            max_clock_skew: None,
        };
        assert!(any.check(UtcTime::from_unix_seconds(0)).is_ok());
    }
}
