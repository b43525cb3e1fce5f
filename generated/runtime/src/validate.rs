//! Validation as data: each action carries a table of rules by dotted wire path, checked by
//! the protocol core's engine (see [`docsdk_protocol::validate`] for the semantics) against
//! the request's plain JSON parameters, so the same check serves typed and generic callers,
//! and `docsdk mock` checks the same rules the same way.

use super::ValidationErrors;
use serde_json::Value;

pub use docsdk_protocol::validate::{rule, Check, Rule};

/// Checks plain JSON parameters against rules; returns every violation.
pub fn validate_params(params: &Value, rules: &[Rule]) -> Result<(), ValidationErrors> {
    let errors = docsdk_protocol::validate::check_static(params, rules);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ValidationErrors(errors))
    }
}
