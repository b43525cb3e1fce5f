//! Readers: one per page format, each producing [`crate::blocks::Document`].

pub mod html;
pub mod markdown;
pub mod text;

use crate::blocks::{Document, Format};

/// Reads a page in the given format. Never fails: problems become warnings.
pub fn read(source: &str, format: Format) -> Document {
    match format {
        Format::Text => text::read(source),
        Format::Markdown => markdown::read(source),
        Format::Html => html::read(source),
    }
}
