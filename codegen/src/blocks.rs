//! DocBlocks: the format-neutral view of a documentation page that every reader produces
//! and every extractor consumes. Readers know formats, not providers; extractors know
//! providers, not formats.

use serde::Serialize;

/// Which reader produced a document; also the page format a spec's `[source]` records.
pub use docsdk_spec::Format;

/// One structural element of a page. `line` is 1-based in the source file.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Block {
    Heading {
        level: u8,
        text: String,
        line: usize,
    },
    Paragraph {
        text: String,
        line: usize,
    },
    Table(Table),
    Code {
        text: String,
        line: usize,
    },
}

impl Block {
    pub fn line(&self) -> usize {
        match self {
            Block::Heading { line, .. }
            | Block::Paragraph { line, .. }
            | Block::Code { line, .. } => *line,
            Block::Table(t) => t.line,
        }
    }

    /// The text of a heading or paragraph; empty for tables and code.
    pub fn text(&self) -> &str {
        match self {
            Block::Heading { text, .. } | Block::Paragraph { text, .. } => text,
            _ => "",
        }
    }
}

/// A table as rows × cells, with the header row kept apart.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Table {
    pub line: usize,
    pub header: Vec<String>,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Row {
    pub line: usize,
    pub cells: Vec<String>,
    /// Nesting depth when the page shows it (indentation, `└` markers); 0 otherwise.
    pub depth: u8,
}

impl Row {
    pub fn cell(&self, i: usize) -> &str {
        self.cells.get(i).map(String::as_str).unwrap_or("")
    }
}

/// A page read into blocks, plus anything the reader could not make sense of.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    pub format: Format,
    pub blocks: Vec<Block>,
    pub warnings: Vec<crate::diag::Warning>,
}
