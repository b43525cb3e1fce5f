//! HTML → readable text, for pages saved as `.txt`.
//!
//! Keeps the block structure the text reader relies on: each heading, paragraph and list
//! item on its own line, blank lines between blocks, and each table row as one pipe row
//! (`a | b | c |`) with a `---|` delimiter under the first, the shape of a page copied from
//! a browser that the text reader reads tables from. Scripts, styles and the `<head>` are
//! dropped. The walk is iterative, so deeply nested markup cannot overflow the stack.

use ego_tree::iter::Edge;
use scraper::{Html, Node};

/// Elements whose content is never page text.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "head", "svg", "iframe", "object", "canvas",
];

/// Elements that end a paragraph-like block: a blank line after them.
const SPACED_BLOCKS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "pre",
    "ul",
    "ol",
    "dl",
    "blockquote",
    "section",
    "article",
    "header",
    "footer",
    "figure",
    "hr",
    "details",
];

/// Elements that start a new line.
const BLOCKS: &[&str] = &[
    "div",
    "li",
    "dt",
    "dd",
    "main",
    "nav",
    "aside",
    "form",
    "fieldset",
    "summary",
    "caption",
    "figcaption",
    "address",
    "br",
    "tr",
    "thead",
    "tbody",
    "tfoot",
    "body",
    "html",
];

/// The readable text of an HTML page.
pub fn html_to_text(html: &str) -> String {
    let doc = Html::parse_document(html);
    let mut w = Writer::default();
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(e) => w.open(e.name()),
                Node::Text(t) => w.text(t),
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(e) = node.value() {
                    w.close(e.name());
                }
            }
        }
    }
    w.finish()
}

#[derive(Default)]
struct Table {
    rows: usize,
    row: Option<Vec<String>>,
    cell: Option<String>,
}

#[derive(Default)]
struct Writer {
    out: String,
    line: String,
    skip: usize,
    pre: usize,
    tables: Vec<Table>,
    /// Tables opened inside a cell: their text joins the cell.
    inner_tables: usize,
}

impl Writer {
    fn in_cell(&mut self) -> Option<&mut String> {
        self.tables.last_mut().and_then(|t| t.cell.as_mut())
    }

    fn open(&mut self, name: &str) {
        if self.skip > 0 || SKIPPED.contains(&name) {
            self.skip += 1;
            return;
        }
        if let Some(cell) = self.in_cell() {
            // Inside a cell, every structure is flattened to words.
            cell.push(' ');
            if name == "table" {
                self.inner_tables += 1;
            }
            return;
        }
        match name {
            "table" => {
                self.flush();
                self.tables.push(Table::default());
            }
            "tr" => {
                self.flush();
                if let Some(t) = self.tables.last_mut() {
                    t.row = Some(Vec::new());
                }
            }
            "td" | "th" => {
                if let Some(t) = self.tables.last_mut() {
                    t.row.get_or_insert_with(Vec::new);
                    t.cell = Some(String::new());
                }
            }
            "pre" => {
                self.flush();
                self.pre += 1;
            }
            _ if SPACED_BLOCKS.contains(&name) || BLOCKS.contains(&name) => self.flush(),
            _ => {}
        }
    }

    fn close(&mut self, name: &str) {
        if self.skip > 0 {
            self.skip -= 1;
            return;
        }
        if self.inner_tables > 0 {
            if name == "table" {
                self.inner_tables -= 1;
            }
            if let Some(cell) = self.in_cell() {
                cell.push(' ');
            }
            return;
        }
        if !matches!(name, "td" | "th") {
            if let Some(cell) = self.in_cell() {
                cell.push(' ');
                return;
            }
        }
        match name {
            "td" | "th" => {
                if let Some(t) = self.tables.last_mut() {
                    if let (Some(cell), Some(row)) = (t.cell.take(), t.row.as_mut()) {
                        row.push(collapse(&cell).replace('|', "\\|"));
                    }
                }
            }
            "tr" => self.end_row(),
            "table" => {
                self.end_row();
                self.flush();
                self.tables.pop();
                self.blank_line();
            }
            "pre" => {
                self.flush();
                self.pre = self.pre.saturating_sub(1);
                self.blank_line();
            }
            _ if SPACED_BLOCKS.contains(&name) => {
                self.flush();
                self.blank_line();
            }
            _ if BLOCKS.contains(&name) => self.flush(),
            _ => {}
        }
    }

    fn end_row(&mut self) {
        let Some(t) = self.tables.last_mut() else {
            return;
        };
        let Some(row) = t.row.take() else { return };
        if row.iter().all(|c| c.is_empty()) {
            return;
        }
        let first = t.rows == 0;
        t.rows += 1;
        self.flush();
        self.out.push_str(&row.join(" | "));
        self.out.push_str(" |\n");
        if first {
            self.out.push_str(&"---|".repeat(row.len()));
            self.out.push('\n');
        }
    }

    fn text(&mut self, t: &str) {
        if self.skip > 0 {
            return;
        }
        if let Some(cell) = self.in_cell() {
            cell.push_str(t);
            return;
        }
        if self.pre > 0 {
            let mut parts = t.split('\n');
            if let Some(first) = parts.next() {
                self.line.push_str(first);
            }
            for p in parts {
                self.flush_raw();
                self.line.push_str(p);
            }
            return;
        }
        self.line.push_str(t);
    }

    /// Ends the current line, whitespace collapsed.
    fn flush(&mut self) {
        if self.pre > 0 {
            self.flush_raw();
            return;
        }
        let l = collapse(&self.line);
        self.line.clear();
        if !l.is_empty() {
            self.out.push_str(&l);
            self.out.push('\n');
        }
    }

    /// Ends the current line as it is (preformatted text keeps its spaces).
    fn flush_raw(&mut self) {
        let l = self.line.trim_end().to_string();
        self.line.clear();
        self.out.push_str(&l);
        self.out.push('\n');
    }

    fn blank_line(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }

    fn finish(mut self) -> String {
        self.flush();
        let trimmed = self.out.trim_end().len();
        self.out.truncate(trimmed);
        if !self.out.is_empty() {
            self.out.push('\n');
        }
        self.out
    }
}

/// Whitespace runs as one space, trimmed.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use docsdk_codegen::blocks::{Block, Format};

    const PAGE: &str = r#"<!doctype html><html><head><title>T</title>
<style>body{color:red}</style><script>var x = "<p>no</p>";</script></head>
<body><h1>RunThing</h1><p>Runs   a
thing.</p>
<h2>Request parameters</h2>
<table><thead><tr><th>Parameter</th><th>Type</th><th>Required</th><th>Description</th></tr></thead>
<tbody><tr><td>RegionId</td><td>String</td><td>Yes</td><td><p>The region.</p><p>See a|b.</p></td></tr>
<tr><td>Limit</td><td>Integer</td><td>No</td><td>At most 100.</td></tr></tbody></table>
<pre>{
  "a": 1
}</pre></body></html>"#;

    #[test]
    fn keeps_blocks_and_tables() {
        let t = html_to_text(PAGE);
        assert!(!t.contains("color:red") && !t.contains("no</p>"), "{t}");
        assert!(
            t.starts_with("RunThing\n\nRuns a thing.\n\nRequest parameters\n"),
            "{t}"
        );
        assert!(
            t.contains("Parameter | Type | Required | Description |\n---|---|---|---|\nRegionId | String | Yes | The region. See a\\|b. |\nLimit | Integer | No | At most 100. |\n"),
            "{t}"
        );
        assert!(t.contains("{\n  \"a\": 1\n}"), "{t}");
        let doc = docsdk_codegen::read::read(&t, Format::Text);
        let tables: Vec<_> = doc
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
            .collect();
        assert_eq!(tables.len(), 1, "{t}");
        assert_eq!(tables[0].rows.len(), 2);
    }

    #[test]
    fn hostile_nesting_does_not_overflow() {
        // html5ever itself is quadratic in nesting depth, so keep this modest; the walk is
        // what must not recurse.
        let deep = "<div>".repeat(3_000) + "x" + &"</div>".repeat(3_000);
        assert_eq!(html_to_text(&deep).trim(), "x");
        let nested =
            "<table><tr><td><table><tr><td>in</td></tr></table></td><td>b</td></tr></table>";
        assert_eq!(html_to_text(nested), "in | b |\n---|---|\n");
    }
}
