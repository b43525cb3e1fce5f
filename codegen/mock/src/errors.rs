//! The errors the mock answers with: each provider's common codes and HTTP statuses (from the
//! protocol core's tables, the ones the clients classify with), and the documented codes a
//! spec lists.

use docsdk_protocol::errors::default_status;
use docsdk_spec::{ErrorCode, Provider, Spec};

/// Situations every provider has a common error code for (the protocol core's table).
pub use docsdk_protocol::errors::Situation as Common;

/// An error answer before it is wrapped in the provider's envelope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub code: String,
    pub message: String,
    pub status: u16,
}

impl Failure {
    pub fn common(provider: Provider, which: Common, message: impl Into<String>) -> Failure {
        let (code, status) = which.code(provider);
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
