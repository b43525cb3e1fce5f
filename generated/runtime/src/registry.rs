//! Generic dispatch over the generated operations: each version module lists its actions in
//! `OPERATIONS`, and the crate root lists every version's table, so a caller holding only a
//! name (`tencent.cvm.DisassociateSecurityGroups`) and plain JSON can make a typed call.

use super::{wire, ErrorKind, ErrorMeta, OpMeta, Operation, OperationError};
use super::{ErrorView, RawError, Rule};
use serde_json::Value;
use std::fmt;

/// One generated action, type-erased: its metadata and rules, and functions that go through
/// its typed request, response and error.
#[derive(Clone, Copy)]
pub struct Registered {
    pub meta: &'static OpMeta,
    pub rules: &'static [Rule],
    /// Plain JSON parameters → the typed request → wire parameters (unknown names and wrong
    /// types fail here).
    pub parse: fn(Value) -> Result<Value, serde_json::Error>,
    /// The unwrapped result → the typed response; returns the result when it fits.
    pub response: fn(Value) -> Result<Value, serde_json::Error>,
    /// A service error → the action's typed error, summarized.
    pub error: fn(RawError) -> ServiceError,
}

impl fmt::Debug for Registered {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Registered")
            .field("action", &self.meta.qualified_name())
            .field("version", &self.meta.version)
            .finish()
    }
}

fn parse<O: Operation>(params: Value) -> Result<Value, serde_json::Error> {
    let typed: O = serde_json::from_value(params)?;
    Ok(wire::params(&typed))
}

fn response<O: Operation>(result: Value) -> Result<Value, serde_json::Error> {
    // The same instantiation `Client::execute` uses (owned `Value`), so the two share code.
    serde_json::from_value::<O::Output>(result.clone())?;
    Ok(result)
}

fn error<O: Operation>(raw: RawError) -> ServiceError {
    let typed = O::Error::from_raw(raw.clone());
    ServiceError {
        kind: typed.kind(),
        code: raw.code,
        meta: raw.meta,
        retryable: typed.is_retryable(),
    }
}

impl Registered {
    /// The entry for `O`.
    pub const fn of<O: Operation>() -> Self {
        Registered {
            meta: O::META,
            rules: O::RULES,
            parse: parse::<O>,
            response: response::<O>,
            error: error::<O>,
        }
    }

    /// Finds `provider.service.Action` (the newest version) or
    /// `provider.service.version.Action` (`2017-03-12` or `v20170312`) in `tables`.
    pub fn find<'a>(tables: &'a [&'a [Registered]], name: &str) -> Option<&'a Registered> {
        let parts: Vec<&str> = name.split('.').collect();
        let (provider, service, version, action) = match parts.as_slice() {
            [p, s, a] => (*p, *s, None, *a),
            [p, s, v, a] => (*p, *s, Some(*v), *a),
            _ => return None,
        };
        let compact = |v: &str| v.trim_start_matches('v').replace('-', "");
        tables
            .iter()
            .flat_map(|t| t.iter())
            .filter(|r| {
                let m = r.meta;
                m.provider.as_str().eq_ignore_ascii_case(provider)
                    && m.service.eq_ignore_ascii_case(service)
                    && m.action == action
                    && match version {
                        Some(v) => compact(v) == compact(m.version),
                        None => true,
                    }
            })
            .max_by(|a, b| a.meta.version.cmp(b.meta.version))
    }

    /// Every registered action as `provider.service.Action (version)`, sorted.
    pub fn names(tables: &[&[Registered]]) -> Vec<String> {
        let mut out: Vec<String> = tables
            .iter()
            .flat_map(|t| t.iter())
            .map(|r| format!("{} ({})", r.meta.qualified_name(), r.meta.version))
            .collect();
        out.sort();
        out
    }
}

/// An action's typed error, summarized for generic callers: which kind of variant the code
/// became, the code, message, request id and HTTP status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceError {
    pub kind: ErrorKind,
    pub code: String,
    pub meta: ErrorMeta,
    pub retryable: bool,
}

impl ServiceError {
    pub fn request_id(&self) -> Option<&str> {
        self.meta.request_id.as_deref()
    }
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&ErrorView::new(&self.code, &self.meta), f)
    }
}

impl std::error::Error for ServiceError {}

impl OperationError for ServiceError {
    /// Without an action's table: a provider-neutral reading (common retryable codes only
    /// by their class). [`Registered::error`] gives the action's own classification.
    fn from_raw(raw: RawError) -> Self {
        let retryable = super::retry::classify_service(&raw.code, raw.meta.http_status).is_some();
        ServiceError {
            kind: ErrorKind::Unknown,
            code: raw.code,
            meta: raw.meta,
            retryable,
        }
    }
    fn code(&self) -> &str {
        &self.code
    }
    fn is_retryable(&self) -> bool {
        self.retryable
    }
    fn kind(&self) -> ErrorKind {
        self.kind
    }
}
