//! The errors the mock answers with: each provider's common codes and HTTP statuses, and the
//! documented codes a spec lists.

use crate::spec::{ErrorCode, Provider, Spec};

/// An error answer before it is wrapped in the provider's envelope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub code: String,
    pub message: String,
    pub status: u16,
}

/// Situations every provider has a common error code for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Common {
    /// The recomputed signature differs.
    SignatureMismatch,
    /// No signature at all.
    MissingSignature,
    /// An `Authorization` header (or signature parameters) that does not parse.
    MalformedAuthorization,
    UnknownAccessKey,
    /// Signing time too far from the mock's clock, or unreadable.
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

/// The provider's code and HTTP status for a common situation.
pub fn common(provider: Provider, which: Common) -> (&'static str, u16) {
    use Common::*;
    match provider {
        // Tencent answers every API error with HTTP 200 and the code in the body.
        Provider::Tencent => (
            match which {
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
            },
            200,
        ),
        Provider::Volcengine => match which {
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
        },
        Provider::Alibaba => match which {
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
        },
    }
}

impl Failure {
    pub fn common(provider: Provider, which: Common, message: impl Into<String>) -> Failure {
        let (code, status) = common(provider, which);
        Failure {
            code: code.to_string(),
            message: message.into(),
            status,
        }
    }

    /// A documented error, with the documented status where the page gives one.
    pub fn documented(provider: Provider, e: &ErrorCode, detail: Option<&str>) -> Failure {
        let base = if !e.message.is_empty() {
            e.message.clone()
        } else if !e.description.is_empty() {
            e.description.clone()
        } else {
            e.code.clone()
        };
        Failure {
            code: e.code.clone(),
            message: match detail {
                Some(d) => format!("{base} ({d})"),
                None => base,
            },
            status: e
                .http_status
                .unwrap_or_else(|| default_status(provider, &e.code)),
        }
    }

    /// The answer to `err:<code>`: the documented error, or the code with the status a
    /// provider gives such codes.
    pub fn triggered(provider: Provider, spec: &Spec, code: &str) -> Failure {
        match spec.errors.iter().find(|e| e.code == code) {
            Some(e) => Failure::documented(provider, e, None),
            None => Failure {
                code: code.to_string(),
                message: format!("{code} (requested with `{}{code}`)", super::ERROR_TRIGGER),
                status: default_status(provider, code),
            },
        }
    }
}

/// Throttling codes the providers use.
pub fn is_throttling(code: &str) -> bool {
    code.starts_with("RequestLimitExceeded")
        || code.starts_with("Throttling")
        || code.starts_with("FlowLimitExceeded")
        || code == "TooManyRequests"
}

/// The HTTP status a provider answers an undocumented code with.
pub fn default_status(provider: Provider, code: &str) -> u16 {
    if provider == Provider::Tencent {
        return 200;
    }
    if is_throttling(code) {
        429
    } else if code.starts_with("InternalError") || code.starts_with("InternalFailure") {
        500
    } else if code.starts_with("ServiceUnavailable") {
        503
    } else {
        400
    }
}

/// The first documented error among `candidates`, else the provider's common one.
pub fn prefer_documented(
    provider: Provider,
    spec: &Spec,
    candidates: &[String],
    fallback: Common,
    message: String,
) -> Failure {
    for c in candidates {
        if let Some(e) = spec.errors.iter().find(|e| &e.code == c && !e.per_item()) {
            return Failure {
                code: e.code.clone(),
                message,
                status: e
                    .http_status
                    .unwrap_or_else(|| default_status(provider, &e.code)),
            };
        }
    }
    Failure::common(provider, fallback, message)
}
