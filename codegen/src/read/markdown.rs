//! Markdown reader: a documentation page in (GitHub-flavoured) markdown → DocBlocks.
//!
//! pulldown-cmark does the parsing. Two things happen around it:
//! - before: table rows that real pages spread over several lines (cells with lists, notes and
//!   code; rows left unclosed; headers without a separator; tables resumed after a note) are
//!   joined into one line each by [`super::pipe_rows`], with a map back to source lines;
//! - during: inline HTML in table cells (`<br>`, `<li>`) becomes line structure, and HTML
//!   blocks (a `<table>` inside a markdown page) are read by the HTML reader.

use super::html::{self, clean_text, push_collapsed, split_depth};
use super::pipe_rows::{self, source_cells};
use crate::blocks::{Block, Document, Format, Row, Table};
use crate::diag::Warning;
use crate::spec::TypePhrase;
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use std::borrow::Cow;

/// Reads a markdown page. Never fails: problems become warnings.
pub fn read(source: &str) -> Document {
    let normalized = normalize_newlines(source);
    let (prepared, warnings) = Prepared::new(&normalized);
    let mut r = Reader {
        prep: &prepared,
        blocks: Vec::new(),
        warnings,
        ctx: Ctx::None,
        buf: String::new(),
        buf_line: 0,
        image_depth: 0,
        table: None,
        row: Vec::new(),
        row_line: 0,
        row_source_cells: 0,
        in_head: false,
        html: String::new(),
        html_start: 0,
        table_close: None,
    };
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES;
    let mut skip_until = 0usize;
    let mut skip_depth = 0usize;
    for (event, range) in Parser::new_ext(&prepared.text, opts).into_offset_iter() {
        // Events inside an HTML table fragment already read by the HTML reader.
        if range.start < skip_until || skip_depth > 0 {
            match event {
                Event::Start(_) => skip_depth += 1,
                Event::End(_) => skip_depth = skip_depth.saturating_sub(1),
                _ => {}
            }
            continue;
        }
        if let Some(end) = r.event(event, range.start) {
            skip_until = end;
        }
    }
    r.flush();
    r.finish_table();
    Document {
        format: Format::Markdown,
        blocks: r.blocks,
        warnings: r.warnings,
    }
}

fn normalize_newlines(s: &str) -> Cow<'_, str> {
    if s.contains('\r') {
        Cow::Owned(s.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(s)
    }
}

// ---------------------------------------------------------------------------------------------
// Table rows joined onto one line each (see `pipe_rows`), with a map back to source lines.

struct Prepared {
    text: String,
    /// Byte offset in `text` where each of its lines starts.
    starts: Vec<usize>,
    /// The source line (1-based) of each line of `text`.
    origin: Vec<usize>,
}

impl Prepared {
    fn new(src: &str) -> (Prepared, Vec<Warning>) {
        let joined = pipe_rows::join(src);
        (
            Prepared {
                text: joined.text,
                starts: joined.starts,
                origin: joined.origin,
            },
            joined.warnings,
        )
    }

    /// Source line of a byte offset in `text`.
    fn line_of(&self, offset: usize) -> usize {
        let idx = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        self.origin.get(idx).copied().unwrap_or(1)
    }

    /// Source line of the `n`-th (1-based) line counted from the line holding `offset`.
    fn line_from(&self, offset: usize, n: usize) -> usize {
        let idx = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let at = idx + n.saturating_sub(1);
        match self.origin.get(at) {
            Some(l) => *l,
            None => self.origin.last().copied().unwrap_or(1),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Events → blocks.

#[derive(Clone, Copy, PartialEq)]
enum Ctx {
    None,
    Heading(u8),
    Text,
    Cell,
    Code,
    Html,
}

struct Reader<'p> {
    prep: &'p Prepared,
    blocks: Vec<Block>,
    warnings: Vec<Warning>,
    ctx: Ctx,
    buf: String,
    buf_line: usize,
    image_depth: usize,
    table: Option<Table>,
    row: Vec<String>,
    row_line: usize,
    row_source_cells: usize,
    in_head: bool,
    html: String,
    html_start: usize,
    /// Last `</table>` search: where it started and what it found, so that a page of many
    /// unclosed tables is not searched to its end once per table.
    table_close: Option<(usize, Option<usize>)>,
}

impl Reader<'_> {
    /// Handles one event; returns an offset up to which further events are to be skipped.
    fn event(&mut self, event: Event<'_>, at: usize) -> Option<usize> {
        match event {
            Event::Start(tag) => self.start(tag, at),
            Event::End(tag) => return self.end(tag),
            Event::Text(t) => self.text(&t),
            Event::Code(t) => {
                if self.image_depth == 0 {
                    // Pages escape a pipe inside code in a table cell as `&#124;`: markdown keeps
                    // entities in code literal, but in a cell the author meant the character.
                    let t = if self.ctx == Ctx::Cell {
                        decode_entities(&t)
                    } else {
                        Cow::Borrowed(&*t)
                    };
                    self.inline_text(&t, at);
                }
            }
            Event::InlineMath(t) | Event::DisplayMath(t) => self.inline_text(&t, at),
            Event::Html(t) => self.html.push_str(&t),
            Event::InlineHtml(t) => self.inline_html(&t),
            Event::SoftBreak | Event::HardBreak => match self.ctx {
                Ctx::Cell | Ctx::Text => self.buf.push('\n'),
                Ctx::Heading(_) => self.buf.push(' '),
                _ => {}
            },
            Event::Rule | Event::FootnoteReference(_) | Event::TaskListMarker(_) => {}
        }
        None
    }

    fn start(&mut self, tag: Tag<'_>, at: usize) {
        let line = self.prep.line_of(at);
        match tag {
            Tag::Heading { level, .. } => {
                self.flush();
                self.ctx = Ctx::Heading(level as u8);
                self.buf_line = line;
            }
            Tag::Paragraph => {
                // A list item's first paragraph continues its "- " line.
                if self.ctx == Ctx::Text && self.buf.trim() == "-" {
                    return;
                }
                self.flush();
                self.ctx = Ctx::Text;
                self.buf_line = line;
            }
            Tag::Item => {
                self.flush();
                self.ctx = Ctx::Text;
                self.buf.push_str("- ");
                self.buf_line = line;
            }
            Tag::List(_) | Tag::BlockQuote(_) | Tag::FootnoteDefinition(_) => self.flush(),
            Tag::CodeBlock(kind) => {
                self.flush();
                self.ctx = Ctx::Code;
                self.buf_line = match kind {
                    CodeBlockKind::Fenced(_) => line,
                    CodeBlockKind::Indented => line,
                };
            }
            Tag::HtmlBlock => {
                self.flush();
                self.ctx = Ctx::Html;
                self.html.clear();
                self.html_start = at;
            }
            Tag::Table(_) => {
                self.flush();
                self.table = Some(Table {
                    line,
                    ..Table::default()
                });
            }
            Tag::TableHead => {
                self.in_head = true;
                self.row.clear();
                self.row_line = line;
            }
            Tag::TableRow => {
                self.row.clear();
                self.row_line = line;
                let row_src = self.prep.text.get(at..).unwrap_or("");
                let row_src = row_src.split('\n').next().unwrap_or("");
                self.row_source_cells = source_cells(row_src);
            }
            Tag::TableCell => {
                self.ctx = Ctx::Cell;
                self.buf.clear();
            }
            Tag::Image { .. } => self.image_depth += 1,
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) -> Option<usize> {
        match tag {
            TagEnd::Heading(_) => {
                if let Ctx::Heading(level) = self.ctx {
                    let text = strip_heading_attributes(&one_line(&self.buf));
                    if !text.is_empty() {
                        self.blocks.push(Block::Heading {
                            level,
                            text,
                            line: self.buf_line,
                        });
                    }
                }
                self.buf.clear();
                self.ctx = Ctx::None;
            }
            TagEnd::Paragraph | TagEnd::Item => self.flush(),
            TagEnd::List(_) | TagEnd::BlockQuote(_) | TagEnd::FootnoteDefinition => self.flush(),
            TagEnd::CodeBlock => {
                let text = std::mem::take(&mut self.buf);
                self.blocks.push(Block::Code {
                    text,
                    line: self.buf_line,
                });
                self.ctx = Ctx::None;
            }
            TagEnd::HtmlBlock => {
                self.ctx = Ctx::None;
                return self.html_block();
            }
            TagEnd::TableCell => {
                self.row.push(std::mem::take(&mut self.buf));
                self.ctx = Ctx::None;
            }
            TagEnd::TableHead => {
                self.in_head = false;
                if let Some(t) = self.table.as_mut() {
                    t.header = self
                        .row
                        .drain(..)
                        .map(|c| one_line(&clean_text(&c)))
                        .collect();
                }
            }
            TagEnd::TableRow => self.finish_row(),
            TagEnd::Table => self.finish_table(),
            TagEnd::Image => self.image_depth = self.image_depth.saturating_sub(1),
            _ => {}
        }
        None
    }

    fn finish_row(&mut self) {
        let Some(table) = self.table.as_mut() else {
            return;
        };
        let width = table.header.len();
        if self.row_source_cells != width {
            self.warnings.push(Warning::new(
                self.row_line,
                format!(
                    "table row has {} cells, header has {width}; read as {width}",
                    self.row_source_cells
                ),
            ));
        }
        let mut depth = 0;
        let cells = self
            .row
            .drain(..)
            .enumerate()
            .map(|(k, c)| {
                if k == 0 {
                    let (d, name) = split_depth(&c);
                    depth = d;
                    name
                } else {
                    clean_text(&c)
                }
            })
            .collect();
        table.rows.push(Row {
            line: self.row_line,
            cells,
            depth,
        });
    }

    fn finish_table(&mut self) {
        if let Some(t) = self.table.take() {
            self.blocks.push(Block::Table(t));
        }
    }

    fn text(&mut self, t: &str) {
        if self.image_depth > 0 {
            return;
        }
        match self.ctx {
            Ctx::Code => self.buf.push_str(t),
            Ctx::Html => self.html.push_str(t),
            Ctx::Cell => push_collapsed(&mut self.buf, t),
            Ctx::Heading(_) | Ctx::Text => self.buf.push_str(t),
            // Text outside any paragraph (e.g. in a tight list item after a nested list).
            Ctx::None => {
                self.ctx = Ctx::Text;
                self.buf.push_str(t);
            }
        }
    }

    fn inline_text(&mut self, t: &str, at: usize) {
        if self.ctx == Ctx::None {
            self.ctx = Ctx::Text;
            self.buf_line = self.prep.line_of(at);
        }
        self.text(t);
    }

    fn inline_html(&mut self, tag: &str) {
        if !matches!(self.ctx, Ctx::Cell | Ctx::Text | Ctx::Heading(_)) {
            return;
        }
        let (closing, name) = tag_name(tag);
        let in_cell = self.ctx == Ctx::Cell;
        if !closing && TypePhrase::is_bare_type(&name) {
            // `array<object>`, `list<string>`: a type's parameter, not an HTML tag.
            self.buf.push_str(tag);
            return;
        }
        match (closing, name.as_str()) {
            (_, "br") => self.buf.push('\n'),
            (false, "li") => {
                line_start(&mut self.buf);
                self.buf.push_str("- ");
            }
            (true, "li") | (_, "ul" | "ol" | "p" | "div" | "tr" | "table") if in_cell => {
                line_start(&mut self.buf)
            }
            _ => {}
        }
    }

    /// Reads a finished HTML block with the HTML reader. A `<table>` whose block ended before
    /// its `</table>` (a blank line inside it) is read up to that end tag instead; the returned
    /// offset tells the caller to skip the events the fragment covered.
    fn html_block(&mut self) -> Option<usize> {
        let start = self.html_start;
        let mut fragment = std::mem::take(&mut self.html);
        let mut skip = None;
        let lower = fragment.to_ascii_lowercase();
        if let Some(open) = lower.rfind("<table") {
            let tail_closed = lower.get(open..).is_some_and(|t| t.contains("</table"));
            if !tail_closed {
                let rest = self.prep.text.get(start..).unwrap_or("");
                let found = match self.table_close {
                    Some((from, hit)) if from <= start && !matches!(hit, Some(h) if h < start) => {
                        hit
                    }
                    _ => find_ascii_ci(rest, "</table>").map(|p| p + start),
                };
                self.table_close = Some((start, found));
                match found {
                    Some(at) => {
                        let end = at - start + "</table>".len();
                        fragment = rest.get(..end).unwrap_or("").to_string();
                        skip = Some(start + end);
                    }
                    None => self.warnings.push(Warning::new(
                        self.prep.line_of(start),
                        "HTML <table> without </table>; read up to the end of its block",
                    )),
                }
            }
        }
        let doc = html::read(&fragment);
        for mut b in doc.blocks {
            match &mut b {
                Block::Heading { line, .. }
                | Block::Paragraph { line, .. }
                | Block::Code { line, .. } => *line = self.prep.line_from(start, *line),
                Block::Table(t) => {
                    t.line = self.prep.line_from(start, t.line);
                    for r in &mut t.rows {
                        r.line = self.prep.line_from(start, r.line);
                    }
                }
            }
            self.blocks.push(b);
        }
        for mut w in doc.warnings {
            w.line = self.prep.line_from(start, w.line);
            self.warnings.push(w);
        }
        skip
    }

    fn flush(&mut self) {
        if matches!(self.ctx, Ctx::Text) {
            let text = clean_text(&self.buf);
            if !text.is_empty() && text != "-" {
                self.blocks.push(Block::Paragraph {
                    text,
                    line: self.buf_line,
                });
            }
        }
        if !matches!(self.ctx, Ctx::Cell | Ctx::Code | Ctx::Html) {
            self.buf.clear();
            self.ctx = Ctx::None;
        }
    }
}

fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    let n = needle.as_bytes();
    haystack
        .as_bytes()
        .windows(n.len())
        .position(|w| w.eq_ignore_ascii_case(n))
}

/// Name of an inline HTML tag, lowercased, and whether it is a closing tag.
fn tag_name(tag: &str) -> (bool, String) {
    let t = tag.trim_start_matches('<');
    let closing = t.starts_with('/');
    let t = t.trim_start_matches('/');
    let name = t
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    (closing, name)
}

fn line_start(buf: &mut String) {
    while buf.ends_with(' ') {
        buf.pop();
    }
    if !buf.is_empty() && !buf.ends_with('\n') {
        buf.push('\n');
    }
}

fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_collapsed(&mut out, s);
    out.trim().to_string()
}

/// Drops a trailing `{#id .class}` attribute block pulldown-cmark left in a heading (it only
/// recognises some spellings, e.g. not `{ .section}`).
fn strip_heading_attributes(text: &str) -> String {
    let t = text.trim_end();
    if let Some(body) = t.strip_suffix('}') {
        if let Some(open) = body.rfind('{') {
            let inner = body.get(open + 1..).unwrap_or("").trim();
            let attr_like = inner.is_empty()
                || (inner.starts_with(['#', '.'])
                    && inner
                        .split_whitespace()
                        .all(|w| w.starts_with(['#', '.']) || w.contains('=')));
            if attr_like {
                return body.get(..open).unwrap_or("").trim_end().to_string();
            }
        }
    }
    t.to_string()
}

/// Decodes numeric character references and the few named ones pages use in code.
fn decode_entities(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(rest.get(..amp).unwrap_or(""));
        let after = rest.get(amp + 1..).unwrap_or("");
        let decoded = after.find(';').filter(|&end| end <= 10).and_then(|end| {
            let name = after.get(..end)?;
            let c = if let Some(num) = name.strip_prefix('#') {
                let code = match num.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                    None => num.parse().ok()?,
                };
                char::from_u32(code).filter(|&c| c != '\0')?
            } else {
                match name {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    "nbsp" => '\u{a0}',
                    "vert" | "verbar" => '|',
                    _ => return None,
                }
            };
            Some((c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = after.get(end + 1..).unwrap_or("");
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}
