//! Readers: one per page format, each producing [`crate::blocks::Document`].

pub mod text;

use crate::blocks::{Document, Format};

/// Reads a page in the given format. Never fails: problems become warnings.
pub fn read(source: &str, format: Format) -> Document {
    match format {
        Format::Text => text::read(source),
        // Until the structured readers land, markup pages are read as text.
        Format::Html | Format::Markdown => {
            let mut doc = text::read(source);
            doc.format = format;
            doc
        }
    }
}
