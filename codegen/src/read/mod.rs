//! Readers: one per page format, each producing [`crate::blocks::Document`].

pub mod html;
pub mod markdown;
pub mod pipe_rows;
pub mod text;

use crate::blocks::{Document, Format};

/// Reads a page in the given format. Never fails: problems become warnings.
///
/// A page saved as `.md` is not always markdown: text copied out of a browser and saved with
/// that name has no markdown structure, so the markdown reader finds no table in it. Such a
/// page is read as text when the text reader finds tables the markdown reader did not.
pub fn read(source: &str, format: Format) -> Document {
    match format {
        Format::Text => text::read(source),
        Format::Markdown => {
            let doc = markdown::read(source);
            if tables(&doc) > 0 {
                return doc;
            }
            let text = text::read(source);
            if tables(&text) > 0 {
                let mut text = text;
                text.warnings.push(crate::diag::Warning::note(
                    1,
                    "no markdown tables on this page; read as text copied from a browser",
                ));
                text
            } else {
                doc
            }
        }
        Format::Html => html::read(source),
    }
}

fn tables(doc: &Document) -> usize {
    doc.blocks
        .iter()
        .filter(|b| matches!(b, crate::blocks::Block::Table(_)))
        .count()
}
