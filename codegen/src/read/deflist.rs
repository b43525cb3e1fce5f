//! Parameters documented as definition lists instead of tables.
//!
//! Some pages (older RAM references, in English and Chinese) give each parameter as its name
//! on a line of its own followed by bullet lines of `Key: value`:
//!
//! ```text
//! **OldPassword**
//! -   Type: String
//! -   Required: Yes
//! -   Description: Old password
//! ```
//!
//! and error codes the same way (`- HTTP Status: 400`, `- Error Message: …`). Whatever reader
//! produced the blocks, a run of such entries becomes one table with a column per key, so the
//! extractors read it like any other table. Keys are the column words of [`crate::vocab`];
//! bullet lines that are not `Key: value` continue the value before them, and keys that name no
//! column (`Default: False`) are kept in the description.

use crate::blocks::{Block, Row, Table};
use crate::vocab::{self, Column};

/// Rewrites runs of definition-list entries into tables, in place.
pub fn tables_from_entries(blocks: Vec<Block>) -> Vec<Block> {
    if !blocks.iter().any(|b| key_value(b.text()).is_some()) {
        return blocks;
    }
    let mut out = Vec::with_capacity(blocks.len());
    let mut i = 0;
    while i < blocks.len() {
        match entries_at(&blocks, i) {
            Some((table, next)) => {
                out.push(Block::Table(table));
                i = next;
            }
            None => {
                out.push(blocks[i].clone());
                i += 1;
            }
        }
    }
    out
}

/// One entry: its name's line, the name, and (column, value) pairs in page order.
struct Entry {
    line: usize,
    name: String,
    values: Vec<(Column, String)>,
    extra: Vec<String>,
}

/// A run of entries starting at block `i`, as a table, and the block after the run.
fn entries_at(blocks: &[Block], i: usize) -> Option<(Table, usize)> {
    let mut entries = Vec::new();
    let mut at = i;
    while let Some((entry, next)) = entry_at(blocks, at) {
        entries.push(entry);
        at = next;
    }
    let first = entries.first()?;
    let errors = entries.iter().all(|e| {
        e.values
            .iter()
            .any(|(c, _)| matches!(c, Column::HttpStatus | Column::ErrorMessage))
            && !e.values.iter().any(|(c, _)| *c == Column::Type)
    });
    let mut columns: Vec<Column> = Vec::new();
    for e in &entries {
        for (c, _) in &e.values {
            if !columns.contains(c) {
                columns.push(*c);
            }
        }
    }
    if entries.iter().any(|e| !e.extra.is_empty()) && !columns.contains(&Column::Description) {
        columns.push(Column::Description);
    }
    let name_col = if errors {
        Column::ErrorCode.label()
    } else {
        Column::Name.label()
    };
    let mut header = vec![name_col.to_string()];
    header.extend(columns.iter().map(|c| c.label().to_string()));
    let rows = entries
        .iter()
        .map(|e| {
            let mut cells = vec![e.name.clone()];
            for c in &columns {
                let mut v: Vec<String> = e
                    .values
                    .iter()
                    .filter(|(k, _)| k == c)
                    .map(|(_, v)| v.clone())
                    .collect();
                if *c == Column::Description {
                    v.extend(e.extra.iter().cloned());
                }
                cells.push(v.join("\n"));
            }
            Row {
                line: e.line,
                cells,
                depth: 0,
            }
        })
        .collect();
    Some((
        Table {
            line: first.line,
            header,
            rows,
        },
        at,
    ))
}

/// An entry at block `i`: a name paragraph, then at least two `Key: value` bullet lines of
/// which one is a type, a required flag, or (for errors) an HTTP status or message.
fn entry_at(blocks: &[Block], i: usize) -> Option<(Entry, usize)> {
    let Block::Paragraph { text, line } = blocks.get(i)? else {
        return None;
    };
    let name = text.trim().trim_matches(['*', '`']).trim();
    if !is_name(name) {
        return None;
    }
    let mut values: Vec<(Column, String)> = Vec::new();
    let mut extra = Vec::new();
    let mut j = i + 1;
    while let Some(Block::Paragraph { text, .. }) = blocks.get(j) {
        match key_value(text) {
            Some((Some(col), value)) => values.push((col, value)),
            Some((None, kv)) => extra.push(kv),
            None if bullet(text).is_some() && !values.is_empty() => {
                // A sub-bullet or a further line of the value before it.
                let more = bullet(text).unwrap_or(text).to_string();
                match values.last_mut() {
                    Some((_, v)) => {
                        v.push('\n');
                        v.push_str(&more);
                    }
                    None => extra.push(more),
                }
            }
            None => break,
        }
        j += 1;
    }
    let telling = values.iter().any(|(c, _)| {
        matches!(
            c,
            Column::Type | Column::Required | Column::HttpStatus | Column::ErrorMessage
        )
    });
    (telling && values.len() + extra.len() >= 2).then(|| {
        (
            Entry {
                line: *line,
                name: name.to_string(),
                values,
                extra,
            },
            j,
        )
    })
}

/// The text of a bullet line without its marker.
fn bullet(text: &str) -> Option<&str> {
    let t = text.trim_start();
    ["- ", "• ", "* ", "· "]
        .iter()
        .find_map(|m| t.strip_prefix(m))
        .map(str::trim_start)
}

/// `- Type: String` → (Some(Type), "String"); `- Default: False` → (None, "Default: False").
fn key_value(text: &str) -> Option<(Option<Column>, String)> {
    let t = bullet(text)?;
    let (key, value) = t.split_once([':', '：'])?;
    let key = key.trim();
    if key.is_empty() || key.chars().count() > 24 || key.contains(['[', '(', '`']) {
        return None;
    }
    let value = value.trim().to_string();
    match vocab::column(key) {
        Some(c) => Some((Some(c), value)),
        // A short key of words (`Default`, `默认`, `Valid values`): kept as description text.
        None if key.split_whitespace().count() <= 3 => Some((None, format!("{key}: {value}"))),
        None => None,
    }
}

fn is_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 100
        && s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(line: usize, text: &str) -> Block {
        Block::Paragraph {
            text: text.into(),
            line,
        }
    }

    #[test]
    fn entries_become_a_table() {
        let blocks = vec![
            p(1, "OldPassword"),
            p(2, "- Type: String"),
            p(3, "- Required: Yes"),
            p(4, "- Description: Old password"),
            p(6, "Flag"),
            p(7, "- 类型：Boolean"),
            p(8, "- 是否必选：否"),
            p(9, "- 默认：False"),
            p(10, "- 描述：whether"),
            p(11, "- sub point"),
            p(13, "Other text."),
        ];
        let out = tables_from_entries(blocks);
        assert_eq!(out.len(), 2);
        let Block::Table(t) = &out[0] else {
            panic!("a table")
        };
        assert_eq!(t.header, ["Name", "Type", "Required", "Description"]);
        assert_eq!(
            t.rows[0].cells,
            ["OldPassword", "String", "Yes", "Old password"]
        );
        assert_eq!(t.rows[1].line, 6);
        assert_eq!(t.rows[1].cells[3], "whether\nsub point\n默认: False");
    }

    #[test]
    fn error_entries_get_an_error_code_column() {
        let blocks = vec![
            p(1, "NotSupport.Account"),
            p(2, "- HTTP Status: 400"),
            p(3, "- Error Message: Only sub users."),
        ];
        let Block::Table(t) = &tables_from_entries(blocks)[0] else {
            panic!("a table")
        };
        assert_eq!(t.header, ["Error Code", "HTTP Status", "Error Message"]);
    }

    #[test]
    fn a_name_with_a_code_block_is_not_an_entry() {
        let blocks = vec![
            p(1, "Action"),
            Block::Code {
                text: "ram:ChangePassword".into(),
                line: 3,
            },
        ];
        assert!(matches!(
            tables_from_entries(blocks)[0],
            Block::Paragraph { .. }
        ));
    }
}
