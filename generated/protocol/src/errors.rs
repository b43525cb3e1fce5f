//! Errors every action of a cloud can answer with: the provider-wide codes (and which of them
//! are worth retrying), the retry class of any code, the HTTP status a code comes with, and
//! the code each cloud uses for the situations every cloud has (bad signature, missing
//! parameter, throttling…). The clients classify what they receive with these tables; the
//! mock answers with them.

use crate::Provider;

/// What every service error carries besides its code.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ErrorMeta {
    pub message: String,
    pub request_id: Option<String>,
    /// HTTP status of the response (Tencent reports errors with 200).
    pub http_status: u16,
}

/// An error the service returned, before an action's error type gives it a variant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawError {
    pub code: String,
    pub meta: ErrorMeta,
}

/// Why a failed attempt may be retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryKind {
    /// The provider throttled the call (`RequestLimitExceeded`, `FlowLimitExceeded`,
    /// `Throttling`, `Throttling.User`, HTTP 429…).
    Throttling,
    /// The provider failed internally (`InternalError`, `ServiceUnavailable`, HTTP 5xx…).
    ServerError,
    /// The request never got an answer (connect error, timeout, connection reset).
    TransientError,
}

/// Code prefixes the three providers use for throttling.
const THROTTLING: &[&str] = &[
    "RequestLimitExceeded",
    "FlowLimitExceeded",
    "Throttling",
    "TooManyRequests",
];

/// Code prefixes (and exact codes) for internal, retryable failures.
const SERVER_ERROR: &[&str] = &[
    "InternalError",
    "InternalFailure",
    "InternalServiceError",
    "InternalServiceTimeout",
    "ServiceUnavailable",
    "UnknownError",
];

/// Whether a code starts with `prefix` as a whole dotted segment (`Throttling.User` matches
/// `Throttling`; `ThrottlingX` does not).
fn has_prefix(code: &str, prefix: &str) -> bool {
    code.strip_prefix(prefix)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
}

/// The retry class of a service error, from its code and HTTP status; `None` means the
/// error is final (bad parameters, authentication, a documented business error…).
pub fn classify_service(code: &str, http_status: u16) -> Option<RetryKind> {
    if THROTTLING.iter().any(|p| has_prefix(code, p)) || http_status == 429 {
        Some(RetryKind::Throttling)
    } else if SERVER_ERROR.iter().any(|p| has_prefix(code, p)) || http_status >= 500 {
        Some(RetryKind::ServerError)
    } else {
        None
    }
}

/// Whether an error the page does not classify is worth retrying, from its status.
pub fn retryable_status(status: u16) -> bool {
    status == 429 || status >= 500
}

/// Provider-wide codes: (code, retryable).
const TENCENT_COMMON: &[(&str, bool)] = &[
    ("ActionOffline", false),
    ("AuthFailure.InvalidAuthorization", false),
    ("AuthFailure.InvalidSecretId", false),
    ("AuthFailure.MFAFailure", false),
    ("AuthFailure.SecretIdNotFound", false),
    ("AuthFailure.SignatureExpire", false),
    ("AuthFailure.SignatureFailure", false),
    ("AuthFailure.TokenFailure", false),
    ("AuthFailure.UnauthorizedOperation", false),
    ("DryRunOperation", false),
    ("FailedOperation", false),
    ("InternalError", true),
    ("InvalidAction", false),
    ("InvalidParameter", false),
    ("InvalidParameterValue", false),
    ("InvalidRequest", false),
    ("IpInBlacklist", false),
    ("IpNotInWhitelist", false),
    ("LimitExceeded", false),
    ("MissingParameter", false),
    ("NoSuchProduct", false),
    ("NoSuchVersion", false),
    ("RequestLimitExceeded", true),
    ("RequestLimitExceeded.GlobalRegionUinLimitExceeded", true),
    ("RequestLimitExceeded.IPLimitExceeded", true),
    ("RequestLimitExceeded.UinLimitExceeded", true),
    ("RequestSizeLimitExceeded", false),
    ("ResourceInUse", false),
    ("ResourceInsufficient", false),
    ("ResourceNotFound", false),
    ("ResourceUnavailable", false),
    ("ResponseSizeLimitExceeded", false),
    ("ServiceUnavailable", true),
    ("UnauthorizedOperation", false),
    ("UnknownParameter", false),
    ("UnsupportedOperation", false),
    ("UnsupportedProtocol", false),
    ("UnsupportedRegion", false),
];

const VOLCENGINE_COMMON: &[(&str, bool)] = &[
    ("AccessDenied", false),
    ("FlowLimitExceeded", true),
    ("InternalError", true),
    ("InternalServiceError", true),
    ("InternalServiceTimeout", true),
    ("InvalidAccessKey", false),
    ("InvalidActionOrVersion", false),
    ("InvalidAuthorization", false),
    ("InvalidCredential", false),
    ("InvalidParameter", false),
    ("InvalidSecretToken", false),
    ("InvalidTimestamp", false),
    ("MissingAuthenticationToken", false),
    ("MissingParameter", false),
    ("MissingRequestInfo", false),
    ("MissingSignature", false),
    ("ServiceNotFound", false),
    ("ServiceUnavailableTemp", true),
    ("SignatureDoesNotMatch", false),
];

const ALIBABA_COMMON: &[(&str, bool)] = &[
    ("Forbidden.RAM", false),
    ("IncompleteSignature", false),
    ("InternalError", true),
    ("InvalidAccessKeyId.Inactive", false),
    ("InvalidAccessKeyId.NotFound", false),
    ("InvalidAction.NotFound", false),
    ("InvalidParameter", false),
    ("InvalidRegionId.NotFound", false),
    ("InvalidTimeStamp.Expired", false),
    ("InvalidVersion", false),
    ("MissingParameter", false),
    ("ServiceUnavailable", true),
    ("SignatureDoesNotMatch", false),
    ("SignatureNonceUsed", false),
    ("Throttling", true),
    ("Throttling.Api", true),
    ("Throttling.User", true),
    ("UnknownError", true),
];

/// Every provider-wide code of `provider`, with whether it is retryable.
pub fn common_codes(provider: Provider) -> &'static [(&'static str, bool)] {
    match provider {
        Provider::Tencent => TENCENT_COMMON,
        Provider::Volcengine => VOLCENGINE_COMMON,
        Provider::Alibaba => ALIBABA_COMMON,
    }
}

/// `code` as a provider-wide code of `provider` (the table's `'static` spelling), with
/// whether it is retryable.
pub fn common_code(provider: Provider, code: &str) -> Option<(&'static str, bool)> {
    common_codes(provider)
        .iter()
        .find(|(c, _)| *c == code)
        .copied()
}

/// Whether an error is worth retrying: a provider-wide retryable code, a throttling or
/// internal-error code (see [`classify_service`]), or HTTP 429/5xx.
pub fn error_retryable(provider: Provider, code: &str, status: u16) -> bool {
    common_code(provider, code).is_some_and(|(_, retry)| retry)
        || classify_service(code, status).is_some()
}

/// The HTTP status `provider` answers a code with when the page gives none: Tencent always
/// 200 (the code is in the body); else 429 for throttling, 503 for `ServiceUnavailable…`, 500
/// for other retryable server errors, 400 for the rest.
pub fn default_status(provider: Provider, code: &str) -> u16 {
    if provider == Provider::Tencent {
        return 200;
    }
    let retryable_common = common_code(provider, code).is_some_and(|(_, retry)| retry);
    match classify_service(code, 0) {
        Some(RetryKind::Throttling) => 429,
        _ if code.starts_with("ServiceUnavailable") => 503,
        Some(_) => 500,
        None if retryable_common => 500,
        None => 400,
    }
}

/// Situations every provider has a common error code for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Situation {
    /// The recomputed signature differs.
    SignatureMismatch,
    /// No signature at all.
    MissingSignature,
    /// An `Authorization` header (or signature parameters) that does not parse.
    MalformedAuthorization,
    UnknownAccessKey,
    /// Signing time too far from the server's clock, or unreadable.
    Expired,
    InvalidAction,
    InvalidVersion,
    MissingParameter,
    /// A value of the wrong type or shape.
    InvalidParameter,
    /// A value outside the documented rules.
    InvalidParameterValue,
    UnknownParameter,
    Throttled,
    /// A body that does not decode.
    MalformedRequest,
}

impl Situation {
    /// `provider`'s code and HTTP status for this situation.
    pub const fn code(self, provider: Provider) -> (&'static str, u16) {
        match provider {
            // Tencent answers every API error with HTTP 200 and the code in the body.
            Provider::Tencent => (self.tencent(), 200),
            Provider::Volcengine => self.volcengine(),
            Provider::Alibaba => self.alibaba(),
        }
    }

    const fn tencent(self) -> &'static str {
        use Situation::*;
        match self {
            SignatureMismatch => "AuthFailure.SignatureFailure",
            MissingSignature | MalformedAuthorization => "AuthFailure.InvalidAuthorization",
            UnknownAccessKey => "AuthFailure.SecretIdNotFound",
            Expired => "AuthFailure.SignatureExpire",
            InvalidAction => "InvalidAction",
            InvalidVersion => "NoSuchVersion",
            MissingParameter => "MissingParameter",
            InvalidParameter | MalformedRequest => "InvalidParameter",
            InvalidParameterValue => "InvalidParameterValue",
            UnknownParameter => "UnknownParameter",
            Throttled => "RequestLimitExceeded",
        }
    }

    const fn volcengine(self) -> (&'static str, u16) {
        use Situation::*;
        match self {
            SignatureMismatch => ("SignatureDoesNotMatch", 401),
            MissingSignature => ("MissingSignature", 401),
            MalformedAuthorization => ("InvalidAuthorization", 400),
            UnknownAccessKey => ("InvalidAccessKey", 401),
            Expired => ("InvalidTimestamp", 400),
            InvalidAction | InvalidVersion => ("InvalidActionOrVersion", 404),
            MissingParameter => ("MissingParameter", 400),
            InvalidParameter | InvalidParameterValue | UnknownParameter | MalformedRequest => {
                ("InvalidParameter", 400)
            }
            Throttled => ("FlowLimitExceeded", 429),
        }
    }

    const fn alibaba(self) -> (&'static str, u16) {
        use Situation::*;
        match self {
            SignatureMismatch => ("SignatureDoesNotMatch", 400),
            MissingSignature | MalformedAuthorization => ("IncompleteSignature", 400),
            UnknownAccessKey => ("InvalidAccessKeyId.NotFound", 404),
            Expired => ("InvalidTimeStamp.Expired", 400),
            InvalidAction => ("InvalidAction.NotFound", 404),
            InvalidVersion => ("InvalidVersion", 400),
            MissingParameter => ("MissingParameter", 400),
            InvalidParameter | InvalidParameterValue | UnknownParameter | MalformedRequest => {
                ("InvalidParameter", 400)
            }
            Throttled => ("Throttling", 429),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SITUATIONS: [Situation; 13] = [
        Situation::SignatureMismatch,
        Situation::MissingSignature,
        Situation::MalformedAuthorization,
        Situation::UnknownAccessKey,
        Situation::Expired,
        Situation::InvalidAction,
        Situation::InvalidVersion,
        Situation::MissingParameter,
        Situation::InvalidParameter,
        Situation::InvalidParameterValue,
        Situation::UnknownParameter,
        Situation::Throttled,
        Situation::MalformedRequest,
    ];

    #[test]
    fn every_situation_answers_a_common_code_that_retries_as_it_should() {
        for p in Provider::ALL {
            for s in SITUATIONS {
                let (code, status) = s.code(p);
                let Some((_, retryable)) = common_code(p, code) else {
                    panic!("{p} {s:?}: {code} is not in the common table");
                };
                assert_eq!(retryable, s == Situation::Throttled, "{p} {code}");
                assert_eq!(error_retryable(p, code, status), retryable, "{p} {code}");
            }
        }
    }

    #[test]
    fn classifies_by_code_and_status() {
        use RetryKind::*;
        for (code, status, want) in [
            ("RequestLimitExceeded", 200, Some(Throttling)),
            (
                "RequestLimitExceeded.UinLimitExceeded",
                200,
                Some(Throttling),
            ),
            ("FlowLimitExceeded", 429, Some(Throttling)),
            ("Throttling.User", 400, Some(Throttling)),
            ("Throttling", 400, Some(Throttling)),
            ("InternalError", 200, Some(ServerError)),
            ("InternalError.DbError", 200, Some(ServerError)),
            ("Anything", 503, Some(ServerError)),
            ("Anything", 429, Some(Throttling)),
            ("InvalidParameter", 400, None),
            ("LimitExceeded", 200, None),
            ("ThrottlingIsNotAWord", 400, None),
            ("AuthFailure.SignatureFailure", 200, None),
        ] {
            assert_eq!(classify_service(code, status), want, "{code} {status}");
        }
    }

    #[test]
    fn default_statuses_follow_the_retry_class() {
        let v = Provider::Volcengine;
        assert_eq!(default_status(Provider::Tencent, "InternalError"), 200);
        assert_eq!(default_status(v, "Throttling.User"), 429);
        assert_eq!(default_status(v, "InternalError"), 500);
        assert_eq!(default_status(v, "ServiceUnavailableTemp"), 503);
        assert_eq!(default_status(v, "InvalidParameter"), 400);
        for p in [Provider::Volcengine, Provider::Alibaba] {
            for (code, retryable) in common_codes(p) {
                let status = default_status(p, code);
                assert_eq!(retryable_status(status), *retryable, "{p} {code} {status}");
            }
        }
    }
}
