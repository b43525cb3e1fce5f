//! Signature verification. `docsdk-auth` recomputes each request's signature from the request
//! as received, with the same canonicalisation and key derivation its signers use, and says
//! why a request does not verify; this module only turns that reason into the provider's
//! error. No cryptography lives here.

use super::errors::{Common, Failure};
use super::route::{Incoming, Routed, Scheme};
use docsdk_auth::credentials::Credentials;
use docsdk_auth::signing::verify::{
    self, Authorization, ReceivedRequest, VerifyError, VerifyPolicy,
};
use docsdk_auth::signing::{acs3, tc3, volc, UtcTime};
use docsdk_spec::Provider;
use std::time::Duration;

/// What a verified (or merely parsed) signature says about the call.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    pub service: Option<String>,
    pub region: Option<String>,
}

/// The scope a request's `Authorization` names, without verifying anything (for routing and
/// envelopes when verification is off or has failed).
pub fn scope_of(inc: &Incoming, scheme: Scheme) -> Scope {
    let Some(auth) = inc
        .header("authorization")
        .and_then(|a| Authorization::parse(a).ok())
    else {
        return Scope::default();
    };
    let scope = match scheme {
        Scheme::Tc3 => tc3::parse_credential(auth.credential).ok(),
        Scheme::Volc => volc::parse_credential(auth.credential).ok(),
        _ => None,
    };
    scope.map_or_else(Scope::default, |s| Scope {
        service: Some(s.service.to_string()),
        region: s.region.map(str::to_string),
    })
}

pub struct Verifier<'a> {
    pub credentials: &'a [Credentials],
    pub max_clock_skew: Option<Duration>,
    pub now: UtcTime,
}

impl Verifier<'_> {
    /// Verifies a routed request; on success returns the scope its signature names.
    pub fn verify(&self, inc: &Incoming, routed: &Routed) -> Result<Scope, Failure> {
        let p = routed.provider;
        let scheme = match routed.scheme {
            Scheme::Tc3 => verify::Scheme::Tc3,
            Scheme::Volc => verify::Scheme::Volc,
            Scheme::Acs3 => verify::Scheme::Acs3,
            Scheme::AcsRpc => verify::Scheme::AcsRpc,
            Scheme::TencentV1 => {
                return Err(Failure::common(
                    p,
                    Common::MalformedAuthorization,
                    "Signature method v1 (SecretId/Signature parameters) is not supported by the mock; sign with TC3-HMAC-SHA256.",
                ))
            }
            Scheme::Other => {
                return Err(Failure::common(
                    p,
                    Common::MalformedAuthorization,
                    format!(
                        "The Authorization scheme is not the provider's ({}).",
                        match p {
                            Provider::Tencent => tc3::ALGORITHM,
                            Provider::Volcengine => volc::ALGORITHM,
                            Provider::Alibaba => acs3::ALGORITHM,
                        }
                    ),
                ))
            }
            Scheme::Unsigned => {
                return Err(Failure::common(
                    p,
                    Common::MissingSignature,
                    "The request is not signed: no Authorization header (or Signature parameter).",
                ))
            }
        };
        let received = ReceivedRequest {
            method: &inc.method,
            path: &inc.path,
            query: &inc.raw_query,
            headers: &inc.headers,
            body: &inc.body,
        };
        let policy = VerifyPolicy {
            now: self.now,
            max_clock_skew: self.max_clock_skew,
        };
        let verified = verify::verify(scheme, &received, self.credentials, &policy)
            .map_err(|e| failure(p, &e))?;
        // Tencent's region travels in a header of its own, outside the credential scope.
        let region = match scheme {
            verify::Scheme::Tc3 => inc.header("x-tc-region").map(str::to_string),
            _ => verified.region,
        };
        Ok(Scope {
            service: verified.service,
            region,
        })
    }
}

/// The provider's answer to a request that does not verify.
fn failure(p: Provider, e: &VerifyError) -> Failure {
    let which = match e {
        VerifyError::MissingSignature { .. } => Common::MissingSignature,
        VerifyError::UnknownAccessKey { access_key_id } => {
            return Failure::common(
                p,
                Common::UnknownAccessKey,
                format!("The access key id `{access_key_id}` is not known to this mock."),
            )
        }
        VerifyError::MissingTimestamp { .. }
        | VerifyError::InvalidTimestamp { .. }
        | VerifyError::ClockSkew { .. } => Common::Expired,
        VerifyError::ScopeDateMismatch { .. }
        | VerifyError::SignedHeaderMissing { .. }
        | VerifyError::HeaderNotSigned { .. }
        | VerifyError::SignatureMismatch => {
            return Failure::common(
                p,
                Common::SignatureMismatch,
                format!(
                    "The request signature we calculated does not match the signature you provided: {e}."
                ),
            )
        }
        // Malformed parts, and whatever reason a newer docsdk-auth adds.
        _ => Common::MalformedAuthorization,
    };
    Failure::common(p, which, sentence(&e.to_string()))
}

/// `reason` as a sentence: capitalised, with a full stop.
fn sentence(reason: &str) -> String {
    let mut chars = reason.chars();
    let mut out: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    if !out.ends_with('.') {
        out.push('.');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_map_to_the_providers_common_errors() {
        let code = |e: VerifyError| failure(Provider::Tencent, &e).code;
        assert_eq!(
            code(VerifyError::SignatureMismatch),
            "AuthFailure.SignatureFailure"
        );
        assert_eq!(
            code(VerifyError::UnknownAccessKey {
                access_key_id: "x".into()
            }),
            "AuthFailure.SecretIdNotFound"
        );
        assert_eq!(
            code(VerifyError::MissingTimestamp {
                name: "X-TC-Timestamp"
            }),
            "AuthFailure.SignatureExpire"
        );
        assert_eq!(
            code(VerifyError::Malformed {
                reason: "bad".into()
            }),
            "AuthFailure.InvalidAuthorization"
        );
        let f = failure(
            Provider::Volcengine,
            &VerifyError::HeaderNotSigned { header: "host" },
        );
        assert_eq!((f.code.as_str(), f.status), ("SignatureDoesNotMatch", 401));
        assert!(f.message.contains("`host`"), "{}", f.message);
    }

    #[test]
    fn sentences() {
        assert_eq!(sentence("the x is missing"), "The x is missing.");
        assert_eq!(sentence("Done."), "Done.");
        assert_eq!(sentence(""), ".");
    }

    #[test]
    fn scope_names_service_and_region_without_verifying() {
        let inc = |auth: &str| Incoming {
            headers: vec![("authorization".into(), auth.into())],
            ..Incoming::default()
        };
        let s = scope_of(
            &inc("TC3-HMAC-SHA256 Credential=AKID/2024-01-02/cvm/tc3_request, SignedHeaders=content-type;host, Signature=abc"),
            Scheme::Tc3,
        );
        assert_eq!((s.service.as_deref(), s.region), (Some("cvm"), None));
        let s = scope_of(
            &inc("HMAC-SHA256 Credential=AK/20240102/cn-beijing/ecs/request, SignedHeaders=host, Signature=abc"),
            Scheme::Volc,
        );
        assert_eq!(
            (s.service.as_deref(), s.region.as_deref()),
            (Some("ecs"), Some("cn-beijing"))
        );
        assert!(scope_of(&inc("garbage"), Scheme::Volc).service.is_none());
    }
}
