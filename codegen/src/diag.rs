//! Diagnostics shared by readers, extractors and the CLI: every message names a line.

use serde::Serialize;
use std::fmt;

/// How much a diagnostic matters: a warning says something may be lost or wrong; a note says
/// where a fact came from when the page did not state it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    #[default]
    Warning,
    Note,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Warning => "warning",
            Level::Note => "note",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Warning {
    pub line: usize,
    pub message: String,
    #[serde(skip_serializing_if = "is_warning")]
    pub level: Level,
}

fn is_warning(l: &Level) -> bool {
    *l == Level::Warning
}

impl Warning {
    pub fn new(line: usize, message: impl Into<String>) -> Self {
        Warning {
            line,
            message: message.into(),
            level: Level::Warning,
        }
    }

    /// A note: where a fact the page does not state came from.
    pub fn note(line: usize, message: impl Into<String>) -> Self {
        Warning {
            level: Level::Note,
            ..Warning::new(line, message)
        }
    }

    pub fn is_note(&self) -> bool {
        self.level == Level::Note
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}
