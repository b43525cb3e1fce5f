//! Error-code tables: code, HTTP status, message, description; batch-item tables apart.

use crate::blocks::Table;
use crate::spec::{ErrorCode, ErrorScope};
use crate::vocab::{self, Column};

/// The codes of one error table; `scope` marks a table of per-item errors in a batch answer.
pub(super) fn error_rows(table: &Table, scope: Option<ErrorScope>) -> Vec<ErrorCode> {
    let mut code = None;
    let mut status = None;
    let mut message = None;
    let mut description = None;
    for (i, h) in table.header.iter().enumerate() {
        match vocab::column(h) {
            Some(Column::ErrorCode) => code = code.or(Some(i)),
            Some(Column::HttpStatus) => status = status.or(Some(i)),
            Some(Column::ErrorMessage) => message = message.or(Some(i)),
            Some(Column::Description) => description = description.or(Some(i)),
            _ => {}
        }
    }
    let Some(code) = code else {
        return Vec::new();
    };
    table
        .rows
        .iter()
        .filter_map(|r| {
            let c = r.cell(code).trim().trim_matches('`').trim();
            if c.is_empty() || !c.chars().next().is_some_and(|ch| ch.is_ascii_alphabetic()) {
                return None;
            }
            Some(ErrorCode {
                code: c.to_string(),
                http_status: status.and_then(|i| r.cell(i).trim().parse().ok()),
                message: message
                    .map(|i| r.cell(i).trim().to_string())
                    .unwrap_or_default(),
                description: description
                    .map(|i| r.cell(i).trim().to_string())
                    .unwrap_or_default(),
                scope,
                line: Some(r.line),
            })
        })
        .collect()
}
