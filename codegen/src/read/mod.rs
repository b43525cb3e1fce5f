//! Readers: one per page format, each producing [`crate::blocks::Document`].

pub mod deflist;
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
    let mut doc = read_format(source, format);
    doc.blocks = deflist::tables_from_entries(std::mem::take(&mut doc.blocks));
    doc
}

fn read_format(source: &str, format: Format) -> Document {
    match format {
        Format::Text => text::read(source),
        Format::Markdown => {
            let doc = markdown::read(source);
            let structured = has_markdown_structure(source);
            if structured && tables(&doc) > 0 {
                return doc;
            }
            let mut text = text::read(source);
            if tables(&text) > tables(&doc) || (!structured && tables(&text) > 0) {
                text.warnings.push(crate::diag::Warning::note(
                    1,
                    "read as text copied from a browser: the page has no markdown structure",
                ));
                return text;
            }
            doc
        }
        Format::Html => html::read(source),
    }
}

/// Whether a page uses markdown's block syntax at all: an ATX heading, a code fence or a
/// table separator row. Text copied out of a browser has none of these.
fn has_markdown_structure(source: &str) -> bool {
    source.lines().any(|l| {
        let t = l.trim_start();
        (t.starts_with('#') && t.trim_start_matches('#').starts_with(' '))
            || t.starts_with("```")
            || t.starts_with("~~~")
            || (t.contains('|') && pipe_rows::is_delimiter_row(t))
            || t.starts_with("<table")
    })
}

fn tables(doc: &Document) -> usize {
    doc.blocks
        .iter()
        .filter(|b| matches!(b, crate::blocks::Block::Table(_)))
        .count()
}
