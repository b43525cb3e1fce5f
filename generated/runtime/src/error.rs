use std::fmt;

pub use docsdk_protocol::errors::{error_retryable, retryable_status, ErrorMeta, RawError};

/// One broken rule: the parameter (dotted wire path, items numbered from 1:
/// `Filters.2.Name`), the rule (`required`, `max_items`, `min_items`, `max_length`,
/// `min_length`, `minimum`, `maximum`, `enum`, `ascii_only`, `json_array`, `pattern`; `type`
/// and `serialize` for parameters that do not read), what was wrong and the page's sentence
/// behind it (empty when the page gave none).
pub type ValidationError = docsdk_protocol::validate::Violation<'static>;

/// Every violation found in one request; never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationErrors(pub Vec<ValidationError>);

impl ValidationErrors {
    pub fn iter(&self) -> std::slice::Iter<'_, ValidationError> {
        self.0.iter()
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} invalid parameter(s)", self.0.len())?;
        for e in &self.0 {
            write!(f, "\n  - {e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationErrors {}

/// Which kind of variant a service error became.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// A code the action's page documents: its own variant.
    Documented,
    /// A provider-wide code (`Common` variant).
    Common,
    /// Any other code (`Unknown` variant).
    Unknown,
}

impl ErrorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Documented => "documented",
            ErrorKind::Common => "common",
            ErrorKind::Unknown => "unknown",
        }
    }
}

/// Implemented by every generated error enum.
pub trait OperationError: std::error::Error + Send + Sync + 'static {
    fn from_raw(raw: RawError) -> Self;
    fn code(&self) -> &str;
    fn is_retryable(&self) -> bool;
    fn kind(&self) -> ErrorKind;
}

/// What a call can fail with.
#[derive(Debug, thiserror::Error)]
pub enum SdkError<E> {
    /// The request broke the page's rules; nothing was sent.
    #[error("{0}")]
    Validation(ValidationErrors),
    /// The service answered with an error code.
    #[error("service error: {0}")]
    Service(E),
    /// The client is missing something it needs (region, credentials, endpoint).
    #[error("configuration: {0}")]
    Config(String),
    /// The request could not be signed.
    #[error("signing: {0}")]
    Signing(String),
    /// Connecting, sending or reading failed.
    #[error("transport: {0}")]
    Transport(String),
    /// The response was not what the page documents.
    #[error("unexpected response (HTTP {status}): {message}")]
    Response { status: u16, message: String },
}

impl<E: OperationError> SdkError<E> {
    /// The typed service error, if the service answered with one.
    pub fn service_error(&self) -> Option<&E> {
        match self {
            SdkError::Service(e) => Some(e),
            _ => None,
        }
    }

    pub fn is_retryable(&self) -> bool {
        match self {
            SdkError::Service(e) => e.is_retryable(),
            SdkError::Transport(_) => true,
            SdkError::Response { status, .. } => retryable_status(*status),
            _ => false,
        }
    }
}

/// Borrowed view of any service error, shared by the generated accessors and `Display`.
#[derive(Debug, Clone, Copy)]
pub struct ErrorView<'a> {
    pub code: &'a str,
    pub message: &'a str,
    pub request_id: Option<&'a str>,
    pub http_status: u16,
}

impl ErrorView<'static> {
    /// A view of nothing (never shown for a well-formed error enum).
    pub const EMPTY: ErrorView<'static> = ErrorView {
        code: "",
        message: "",
        request_id: None,
        http_status: 0,
    };
}

impl<'a> ErrorView<'a> {
    pub fn new(code: &'a str, meta: &'a ErrorMeta) -> Self {
        ErrorView {
            code,
            message: &meta.message,
            request_id: meta.request_id.as_deref(),
            http_status: meta.http_status,
        }
    }
}

impl<'a> ErrorView<'a> {
    /// The view of an `Unknown { code, message, request_id, http_status }` variant.
    pub fn unknown(
        code: &'a str,
        message: &'a str,
        request_id: &'a Option<String>,
        http_status: u16,
    ) -> Self {
        ErrorView {
            code,
            message,
            request_id: request_id.as_deref(),
            http_status,
        }
    }

    /// Whether the error is worth retrying: a provider-wide retryable code, or HTTP 429/5xx.
    pub fn is_retryable(&self, provider: super::Provider) -> bool {
        error_retryable(provider, self.code, self.http_status)
    }
}

impl fmt::Display for ErrorView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)?;
        if let Some(id) = self.request_id {
            write!(f, " (request id {id}")?;
        } else {
            f.write_str(" (no request id")?;
        }
        write!(f, ", HTTP {})", self.http_status)
    }
}

/// A provider-wide error code (authentication, throttling, internal errors…) that an action's
/// page does not list itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommonError {
    pub code: &'static str,
    pub retryable: bool,
    pub meta: ErrorMeta,
}

impl CommonError {
    /// The provider-wide error for `raw`, if its code is one; otherwise `raw` back.
    pub fn classify(provider: super::Provider, raw: RawError) -> Result<CommonError, RawError> {
        match docsdk_protocol::errors::common_code(provider, &raw.code) {
            Some((code, retryable)) => Ok(CommonError {
                code,
                retryable,
                meta: raw.meta,
            }),
            None => Err(raw),
        }
    }

    /// Every provider-wide code for `provider`, with whether it is retryable.
    pub fn codes(provider: super::Provider) -> &'static [(&'static str, bool)] {
        docsdk_protocol::errors::common_codes(provider)
    }
}
