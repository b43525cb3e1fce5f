//! HTML reader: a saved page or a fragment → DocBlocks.
//!
//! Parsing is html5ever (through scraper's tree sink), so malformed markup is repaired the way a
//! browser would. Source lines come from the tree builder itself: a wrapping sink records the
//! tokenizer's current line whenever an element is created or closed, which stays right when the
//! parser implies elements (`<tbody>`, a `<tr>` for a bare `<td>`) or drops stray ones — something
//! counting tags in the source cannot do.
//!
//! Page chrome (navigation, headers, footers, scripts, feedback widgets, cookie banners, tables of
//! contents) is left out so that extractors only see the document body.

use crate::blocks::{Block, Document, Format, Row, Table};
use crate::diag::Warning;
use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{Attribute, QualName};
use scraper::node::Element;
use scraper::{Html, HtmlTreeSink, Node};
use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;

/// Colspan beyond this is clamped: real tables never need it and it bounds memory.
const MAX_COLSPAN: usize = 64;
/// Rowspan beyond this is clamped (HTML allows 65534; documentation tables never come close).
const MAX_ROWSPAN: usize = 1024;
/// Deeper element nesting is flattened before parsing: the HTML tree builder's scope checks
/// walk the stack of open elements, which makes absurd nesting quadratic. Real pages stay far
/// below this.
const MAX_NESTING: usize = 512;
/// Nodes examined when deciding whether a chrome-looking container actually holds the page body.
const GUARD_SCAN_NODES: usize = 5000;

/// Reads an HTML page or fragment. Never fails: problems become warnings.
pub fn read(source: &str) -> Document {
    let mut warnings = Vec::new();
    let source = match limit_nesting(source, MAX_NESTING) {
        Some((flattened, line)) => {
            warnings.push(Warning::new(
                line,
                format!("elements nested deeper than {MAX_NESTING} levels; read flattened"),
            ));
            Cow::Owned(flattened)
        }
        None => Cow::Borrowed(source),
    };
    let source = source.as_ref();
    let sink = LineSink {
        inner: HtmlTreeSink::new(Html::new_document()),
        line: Cell::new(1),
        lines: RefCell::new(HashMap::new()),
    };
    let (html, lines) = html5ever::driver::parse_document(sink, Default::default()).one(source);
    let bytes = source.as_bytes();
    // html5ever counts "\r\n", "\r" and "\n" each as one line end.
    let last_line = 1 + bytecount(bytes, b'\n') + bytecount(bytes, b'\r')
        - bytes.windows(2).filter(|w| w == b"\r\n").count();
    let mut walker = Walker {
        lines: &lines,
        last_line,
        blocks: Vec::new(),
        warnings,
        para: String::new(),
        para_line: 0,
        cursor: 1,
        // Span expansion copies cell text; cap the copies so a hostile page cannot blow up memory.
        copy_budget: source.len().saturating_mul(4).max(1 << 20),
    };
    walker.walk(html.tree.root());
    walker.flush();
    Document {
        format: Format::Html,
        blocks: walker.blocks,
        warnings: walker.warnings,
    }
}

// ---------------------------------------------------------------------------------------------
// Tree sink that remembers where each element opened and closed.

type Lines = HashMap<NodeId, (u32, u32)>;

struct LineSink {
    inner: HtmlTreeSink,
    line: Cell<u32>,
    lines: RefCell<Lines>,
}

impl TreeSink for LineSink {
    type Handle = NodeId;
    type Output = (Html, Lines);
    type ElemName<'a>
        = <HtmlTreeSink as TreeSink>::ElemName<'a>
    where
        Self: 'a;

    fn finish(self) -> Self::Output {
        (self.inner.finish(), self.lines.into_inner())
    }

    fn parse_error(&self, _msg: Cow<'static, str>) {
        // html5ever repairs the markup; its error stream is too fine-grained to be useful here.
    }

    fn get_document(&self) -> NodeId {
        self.inner.get_document()
    }

    fn elem_name<'a>(&'a self, target: &'a NodeId) -> Self::ElemName<'a> {
        self.inner.elem_name(target)
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> NodeId {
        let id = self.inner.create_element(name, attrs, flags);
        let line = self.line.get();
        self.lines.borrow_mut().insert(id, (line, line));
        id
    }

    fn create_comment(&self, text: StrTendril) -> NodeId {
        self.inner.create_comment(text)
    }

    fn create_pi(&self, target: StrTendril, data: StrTendril) -> NodeId {
        self.inner.create_pi(target, data)
    }

    fn append(&self, parent: &NodeId, child: NodeOrText<NodeId>) {
        self.inner.append(parent, child)
    }

    fn append_based_on_parent_node(
        &self,
        element: &NodeId,
        prev_element: &NodeId,
        child: NodeOrText<NodeId>,
    ) {
        self.inner
            .append_based_on_parent_node(element, prev_element, child)
    }

    fn append_doctype_to_document(
        &self,
        name: StrTendril,
        public_id: StrTendril,
        system_id: StrTendril,
    ) {
        self.inner
            .append_doctype_to_document(name, public_id, system_id)
    }

    fn mark_script_already_started(&self, node: &NodeId) {
        self.inner.mark_script_already_started(node)
    }

    fn pop(&self, node: &NodeId) {
        if let Some(entry) = self.lines.borrow_mut().get_mut(node) {
            entry.1 = self.line.get();
        }
        self.inner.pop(node)
    }

    fn get_template_contents(&self, target: &NodeId) -> NodeId {
        self.inner.get_template_contents(target)
    }

    fn same_node(&self, x: &NodeId, y: &NodeId) -> bool {
        self.inner.same_node(x, y)
    }

    fn set_quirks_mode(&self, mode: QuirksMode) {
        self.inner.set_quirks_mode(mode)
    }

    fn append_before_sibling(&self, sibling: &NodeId, new_node: NodeOrText<NodeId>) {
        self.inner.append_before_sibling(sibling, new_node)
    }

    fn add_attrs_if_missing(&self, target: &NodeId, attrs: Vec<Attribute>) {
        self.inner.add_attrs_if_missing(target, attrs)
    }

    fn remove_from_parent(&self, target: &NodeId) {
        self.inner.remove_from_parent(target)
    }

    fn reparent_children(&self, node: &NodeId, new_parent: &NodeId) {
        self.inner.reparent_children(node, new_parent)
    }

    fn set_current_line(&self, line_number: u64) {
        self.line
            .set(u32::try_from(line_number).unwrap_or(u32::MAX));
    }
}

// ---------------------------------------------------------------------------------------------
// Walking the DOM into blocks.

struct Walker<'a> {
    lines: &'a Lines,
    /// Lines are estimates where the parser implied an element from text; never past the end.
    last_line: usize,
    blocks: Vec<Block>,
    warnings: Vec<Warning>,
    /// Inline text gathered since the last block boundary.
    para: String,
    para_line: usize,
    /// Best estimate of the source line the walk has reached (fragment-relative).
    cursor: usize,
    copy_budget: usize,
}

impl Walker<'_> {
    fn open_line(&self, id: NodeId) -> usize {
        self.lines.get(&id).map_or(self.cursor, |l| l.0 as usize)
    }

    fn close_line(&self, id: NodeId) -> Option<usize> {
        self.lines.get(&id).map(|l| l.1 as usize)
    }

    fn abs(&self, line: usize) -> usize {
        line.clamp(1, self.last_line)
    }

    fn walk(&mut self, root: NodeRef<'_, Node>) {
        // Iterative on purpose: hostile pages nest elements deeper than any stack allows.
        let mut skip: Option<NodeId> = None;
        let mut in_article = 0usize;
        for edge in root.traverse() {
            match edge {
                Edge::Open(node) => {
                    if skip.is_some() {
                        continue;
                    }
                    match node.value() {
                        Node::Text(t) => self.text(t),
                        Node::Element(el) => {
                            self.cursor = self.open_line(node.id());
                            let name = el.name();
                            if is_chrome(node, el, in_article > 0) {
                                skip = Some(node.id());
                                continue;
                            }
                            if matches!(name, "article" | "main" | "section") {
                                in_article += 1;
                            }
                            if self.open_element(node, el) {
                                skip = Some(node.id());
                            }
                        }
                        _ => {}
                    }
                }
                Edge::Close(node) => {
                    if let Some(id) = skip {
                        if id == node.id() {
                            skip = None;
                            if let Some(l) = self.close_line(id) {
                                self.cursor = l;
                            }
                        }
                        continue;
                    }
                    if let Node::Element(el) = node.value() {
                        if matches!(el.name(), "article" | "main" | "section") {
                            in_article = in_article.saturating_sub(1);
                        }
                        if is_block(el.name()) {
                            self.flush();
                        }
                        if let Some(l) = self.close_line(node.id()) {
                            self.cursor = l;
                        }
                    }
                }
            }
        }
    }

    /// Handles an element start; returns true when the element was consumed whole.
    fn open_element(&mut self, node: NodeRef<'_, Node>, el: &Element) -> bool {
        let name = el.name();
        let line = self.abs(self.open_line(node.id()));
        match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.flush();
                let level = name.as_bytes().get(1).map_or(1, |b| b - b'0');
                let text = one_line(&clean_text(&cell_text(node)));
                if !text.is_empty() {
                    self.blocks.push(Block::Heading { level, text, line });
                }
                true
            }
            "table" => {
                self.flush();
                self.table(node, line);
                true
            }
            "pre" | "xmp" | "listing" | "plaintext" => {
                self.flush();
                let text = raw_text(node);
                if !text.trim().is_empty() {
                    self.blocks.push(Block::Code { text, line });
                }
                true
            }
            "br" => {
                self.para.push('\n');
                false
            }
            "li" => {
                self.flush();
                self.para.push_str("- ");
                false
            }
            _ => {
                if is_block(name) {
                    self.flush();
                }
                false
            }
        }
    }

    fn text(&mut self, t: &str) {
        if self.para_line == 0 {
            if let Some(first) = t.find(|c: char| !c.is_ascii_whitespace()) {
                let before = t.get(..first).unwrap_or("");
                self.para_line = self.cursor + before.matches('\n').count();
            }
        }
        push_collapsed(&mut self.para, t);
        self.cursor += t.matches('\n').count();
    }

    fn flush(&mut self) {
        let text = clean_text(&self.para);
        // A lone list marker or stray punctuation left by a skipped child is not a paragraph.
        if !text.is_empty() && text != "-" {
            let line = self.abs(self.para_line.max(1));
            self.blocks.push(Block::Paragraph { text, line });
        }
        self.para.clear();
        self.para_line = 0;
    }

    fn table(&mut self, table: NodeRef<'_, Node>, line: usize) {
        let mut raw: Vec<RawRow> = Vec::new();
        collect_rows(table, self.lines, &mut raw);
        let mut clamped = false;
        let grid = self.grid(&raw, &mut clamped);
        if clamped {
            self.warnings
                .push(Warning::new(line, "table cell span too large; clamped"));
        }
        let (mut header, mut rows) = self.header_and_rows(grid);
        if header.is_empty() && rows.is_empty() {
            self.warnings
                .push(Warning::new(line, "table without rows; skipped"));
            return;
        }
        let width = rows
            .iter()
            .map(|r| r.cells.len())
            .chain(std::iter::once(header.len()))
            .max()
            .unwrap_or(0);
        if rows.iter().any(|r| r.cells.len() != width) || header.len() != width {
            self.warnings.push(Warning::new(
                line,
                format!("table rows have unequal cell counts; padded to {width} cells"),
            ));
        }
        header.resize(width, String::new());
        for r in &mut rows {
            r.cells.resize(width, String::new());
        }
        self.blocks.push(Block::Table(Table { line, header, rows }));
    }

    /// The table's rows as a grid: a cell spanning columns fills them (text in the first
    /// only), a cell spanning rows is copied down into the rows below.
    fn grid(&mut self, raw: &[RawRow], clamped: &mut bool) -> Vec<GridRow> {
        // Per column: rows the cell above still spans, and its text.
        let mut carry: Vec<(usize, String)> = Vec::new();
        let mut grid = Vec::with_capacity(raw.len());
        for r in raw {
            let mut out: Vec<String> = Vec::new();
            let mut col = 0usize;
            let mut cells = r.cells.iter();
            loop {
                while col < carry.len() && carry[col].0 > 0 {
                    carry[col].0 -= 1;
                    let copy = self.copy(&carry[col].1);
                    out.push(copy);
                    col += 1;
                }
                let Some(cell) = cells.next() else { break };
                let colspan = span(cell.colspan, MAX_COLSPAN, clamped);
                let rowspan = span(cell.rowspan, MAX_ROWSPAN, clamped);
                for k in 0..colspan {
                    // Colspan: text in the first column only, so a section label is not
                    // mistaken for several values.
                    let text = if k == 0 {
                        cell.text.clone()
                    } else {
                        String::new()
                    };
                    if carry.len() <= col {
                        carry.resize(col + 1, (0, String::new()));
                    }
                    carry[col] = (rowspan - 1, text.clone());
                    out.push(text);
                    col += 1;
                }
            }
            // Rows spanned down from above into columns past this row's own cells.
            if carry.iter().skip(col).any(|c| c.0 > 0) {
                while col < carry.len() {
                    if carry[col].0 > 0 {
                        carry[col].0 -= 1;
                        let copy = self.copy(&carry[col].1);
                        out.push(copy);
                    } else {
                        out.push(String::new());
                    }
                    col += 1;
                }
            }
            grid.push(GridRow {
                line: r.line,
                in_head: r.in_head,
                cells: out,
            });
        }
        grid
    }

    /// The header (the last row of the table head, else the first row) and the body rows,
    /// each row's first cell split into its nesting depth and name.
    fn header_and_rows(&self, grid: Vec<GridRow>) -> (Vec<String>, Vec<Row>) {
        let header_idx =
            grid.iter()
                .rposition(|g| g.in_head)
                .or(if grid.is_empty() { None } else { Some(0) });
        let mut header = Vec::new();
        let mut rows = Vec::new();
        for (i, g) in grid.into_iter().enumerate() {
            if Some(i) == header_idx {
                header = g.cells.iter().map(|c| one_line(&clean_text(c))).collect();
            } else if g.in_head {
                // Earlier header rows of a multi-row header: the last one names the columns.
                continue;
            } else {
                let mut depth = 0;
                let cells = g
                    .cells
                    .iter()
                    .enumerate()
                    .map(|(k, c)| {
                        if k == 0 {
                            let (d, name) = split_depth(c);
                            depth = d;
                            name
                        } else {
                            clean_text(c)
                        }
                    })
                    .collect();
                rows.push(Row {
                    line: self.abs(g.line),
                    cells,
                    depth,
                });
            }
        }
        (header, rows)
    }

    fn copy(&mut self, s: &str) -> String {
        if self.copy_budget < s.len() {
            return String::new();
        }
        self.copy_budget -= s.len();
        s.to_string()
    }
}

struct RawCell {
    text: String,
    colspan: Option<usize>,
    rowspan: Option<usize>,
}

/// One table row after spans are expanded.
struct GridRow {
    line: usize,
    in_head: bool,
    cells: Vec<String>,
}

struct RawRow {
    line: usize,
    in_head: bool,
    all_th: bool,
    cells: Vec<RawCell>,
}

fn span(v: Option<usize>, max: usize, clamped: &mut bool) -> usize {
    match v {
        None => 1,
        // rowspan=0 means "to the end of the section"; the carry stops at the last real row.
        Some(0) => max,
        Some(n) if n > max => {
            *clamped = true;
            max
        }
        Some(n) => n,
    }
}

fn parse_span(el: &Element, name: &str) -> Option<usize> {
    let v = el.attr(name)?;
    let digits: String = v
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .take(9)
        .collect();
    digits.parse().ok()
}

/// Rows of `table` in document order, not descending into tables nested in its cells.
fn collect_rows(table: NodeRef<'_, Node>, lines: &Lines, out: &mut Vec<RawRow>) {
    let mut nested: Option<NodeId> = None;
    let mut head_depth = 0usize;
    for edge in table.traverse() {
        match edge {
            Edge::Open(node) => {
                if nested.is_some() || node.id() == table.id() {
                    continue;
                }
                let Node::Element(el) = node.value() else {
                    continue;
                };
                match el.name() {
                    "table" => nested = Some(node.id()),
                    "thead" => head_depth += 1,
                    "tr" => {
                        let mut cells = Vec::new();
                        let mut all_th = true;
                        for child in node.children() {
                            let Node::Element(c) = child.value() else {
                                continue;
                            };
                            if !matches!(c.name(), "td" | "th") {
                                continue;
                            }
                            all_th &= c.name() == "th";
                            cells.push(RawCell {
                                text: cell_text(child),
                                colspan: parse_span(c, "colspan"),
                                rowspan: parse_span(c, "rowspan"),
                            });
                        }
                        out.push(RawRow {
                            line: lines.get(&node.id()).map_or(0, |l| l.0 as usize),
                            in_head: head_depth > 0,
                            all_th: all_th && !cells.is_empty(),
                            cells,
                        });
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if nested == Some(node.id()) {
                    nested = None;
                    continue;
                }
                if nested.is_some() {
                    continue;
                }
                if let Node::Element(el) = node.value() {
                    if el.name() == "thead" {
                        head_depth = head_depth.saturating_sub(1);
                    }
                }
            }
        }
    }
    // A table without <thead> whose first row is all <th> has that row as its header.
    if !out.iter().any(|r| r.in_head) {
        if let Some(first) = out.first_mut() {
            first.in_head = first.all_th;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Text of cells, headings and code.

/// Inline text of an element, not yet cleaned (see [`clean_text`]): whitespace collapsed,
/// `<br>` and block children as newlines, `<li>` items as lines starting with "- ". Scripts,
/// styles and the like inside are left out.
pub(crate) fn cell_text(root: NodeRef<'_, Node>) -> String {
    let mut out = String::new();
    let mut skip: Option<NodeId> = None;
    for edge in root.traverse() {
        match edge {
            Edge::Open(node) => {
                if skip.is_some() {
                    continue;
                }
                match node.value() {
                    Node::Text(t) => push_collapsed(&mut out, t),
                    Node::Element(el) => {
                        let name = el.name();
                        if node.id() != root.id() && is_hidden_inline(el) {
                            skip = Some(node.id());
                            continue;
                        }
                        match name {
                            "br" => out.push('\n'),
                            "li" => {
                                newline(&mut out);
                                out.push_str("- ");
                            }
                            // An icon says what it means in its text alternative: a Required
                            // column drawn as ✓/✗ images or empty icon elements.
                            "td" | "th" if node.id() != root.id() => push_space(&mut out),
                            "img" => {
                                push_alternative(&mut out, el, &["alt", "title", "aria-label"])
                            }
                            _ if !node.has_children() && !is_block(name) => {
                                push_alternative(&mut out, el, &["aria-label", "title"])
                            }
                            _ if node.id() != root.id() && is_block(name) => newline(&mut out),
                            _ => {}
                        }
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if skip == Some(node.id()) {
                    skip = None;
                    continue;
                }
                if skip.is_some() || node.id() == root.id() {
                    continue;
                }
                if let Node::Element(el) = node.value() {
                    if is_block(el.name()) {
                        newline(&mut out);
                    }
                }
            }
        }
    }
    out
}

/// The first of `attrs` an element has with some text, as inline text.
fn push_alternative(out: &mut String, el: &scraper::node::Element, attrs: &[&str]) {
    if let Some(text) = attrs
        .iter()
        .find_map(|a| el.attr(a).filter(|t| !t.trim().is_empty()))
    {
        push_space(out);
        push_collapsed(out, text);
    }
}

/// Verbatim text of a `<pre>`: every character kept, `<br>` as a newline.
fn raw_text(root: NodeRef<'_, Node>) -> String {
    let mut out = String::new();
    for node in root.descendants() {
        match node.value() {
            Node::Text(t) => out.push_str(t),
            Node::Element(el) if el.name() == "br" => out.push('\n'),
            _ => {}
        }
    }
    out
}

fn push_space(out: &mut String) {
    if !out.is_empty() && !out.ends_with([' ', '\n']) {
        out.push(' ');
    }
}

fn newline(out: &mut String) {
    while out.ends_with(' ') {
        out.pop();
    }
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

/// Appends `text` with HTML whitespace rules: runs of ASCII whitespace become one space, and no
/// space is added at the start of a line or after another space.
pub(crate) fn push_collapsed(out: &mut String, text: &str) {
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_ascii_whitespace() {
            pending_space = true;
            continue;
        }
        if pending_space && !out.is_empty() && !out.ends_with([' ', '\n']) {
            out.push(' ');
        }
        pending_space = false;
        out.push(c);
    }
    if pending_space && !out.is_empty() && !out.ends_with([' ', '\n']) {
        out.push(' ');
    }
}

/// Non-breaking spaces become plain ones, runs of spaces one space, every line is trimmed, leading and trailing blank
/// lines are dropped and at most one blank line is kept in a row.
pub(crate) fn clean_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut blank_run = 0usize;
    let plain: Cow<'_, str> = if s.contains(is_nbsp) {
        Cow::Owned(
            s.chars()
                .map(|c| if is_nbsp(c) { ' ' } else { c })
                .collect(),
        )
    } else {
        Cow::Borrowed(s)
    };
    for line in plain.split('\n') {
        let line = line.trim();
        if line.is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
            if blank_run > 0 {
                out.push('\n');
            }
        }
        blank_run = 0;
        // Runs of spaces (often non-breaking ones in the source) read as one.
        let mut prev_space = false;
        for c in line.chars() {
            let space = c == ' ' || c == '\t';
            if !(space && prev_space) {
                out.push(if space { ' ' } else { c });
            }
            prev_space = space;
        }
    }
    out
}

fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_collapsed(&mut out, s);
    out.trim().to_string()
}

/// Splits the nesting marks off a name cell: `└` markers (one level each) and leading
/// non-breaking or ideographic spaces (two per level), as Alibaba prints nested response
/// fields. Returns the depth and the bare name with remaining non-breaking spaces made plain.
pub(crate) fn split_depth(cell: &str) -> (u8, String) {
    let mut markers = 0usize;
    let mut indent = 0usize;
    let mut rest = cell;
    for (i, c) in cell.char_indices() {
        match c {
            '└' | '├' => markers += 1,
            '\u{a0}' | '\u{2002}' | '\u{2003}' | '\u{2007}' | '\u{202f}' if markers == 0 => {
                indent += 1
            }
            '\u{3000}' if markers == 0 => indent += 2,
            '\u{a0}' | '\u{2002}' | '\u{2003}' | '\u{2007}' | '\u{202f}' | '\u{3000}' | ' '
            | '\t' | '─' | '│' => {}
            _ => {
                rest = cell.get(i..).unwrap_or("");
                break;
            }
        }
        rest = cell.get(i + c.len_utf8()..).unwrap_or("");
    }
    let depth = markers + indent / 2;
    (u8::try_from(depth).unwrap_or(u8::MAX), clean_text(rest))
}

fn is_nbsp(c: char) -> bool {
    matches!(
        c,
        '\u{a0}' | '\u{2002}' | '\u{2003}' | '\u{2007}' | '\u{202f}' | '\u{3000}'
    )
}

// ---------------------------------------------------------------------------------------------
// What is a block, what is chrome.

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "body"
            | "ul"
            | "ol"
            | "li"
            | "dl"
            | "dt"
            | "dd"
            | "blockquote"
            | "figure"
            | "figcaption"
            | "center"
            | "details"
            | "summary"
            | "hr"
            | "address"
            | "caption"
            | "table"
            | "thead"
            | "tbody"
            | "tfoot"
            | "tr"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "pre"
            | "fieldset"
            | "legend"
            | "hgroup"
    )
}

/// Elements whose content is never document text, wherever they appear.
fn is_hidden_inline(el: &Element) -> bool {
    matches!(
        el.name(),
        "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "math"
            | "head"
            | "button"
            | "select"
            | "textarea"
            | "iframe"
            | "object"
            | "canvas"
    )
}

fn is_chrome(node: NodeRef<'_, Node>, el: &Element, in_article: bool) -> bool {
    if is_hidden_inline(el) {
        return true;
    }
    match el.name() {
        "nav" | "aside" | "footer" | "dialog" | "menu" => return true,
        // An <article>'s own <header> holds its title; the page's <header> is site chrome.
        "header" => return !in_article,
        // Some sites wrap the whole body in a form; only a form without the body is chrome.
        "form" => return !holds_body(node),
        "html" | "body" | "main" | "article" | "table" | "thead" | "tbody" | "tfoot" | "tr"
        | "td" | "th" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "pre" | "code" => return false,
        _ => {}
    }
    if el.attr("hidden").is_some()
        || el
            .attr("aria-hidden")
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    {
        return true;
    }
    if let Some(role) = el.attr("role") {
        let role = role.trim().to_ascii_lowercase();
        if matches!(
            role.as_str(),
            "navigation"
                | "banner"
                | "contentinfo"
                | "complementary"
                | "search"
                | "menu"
                | "menubar"
                | "dialog"
                | "alertdialog"
        ) {
            return true;
        }
    }
    let marked = el.attr("class").is_some_and(marks_chrome) || el.id().is_some_and(marks_chrome);
    marked && !holds_body(node)
}

/// Whether a class or id value names a chrome region. Words are split at punctuation and
/// camelCase, so `doc-sidebar`, `breadcrumbNav` and `J-feedback` match but `stock` does not.
fn marks_chrome(value: &str) -> bool {
    value.split_ascii_whitespace().any(|token| {
        let words = split_words(token);
        // "has-sidebar", "with-toc": a layout flag on the container, not the region itself.
        if words
            .iter()
            .any(|w| matches!(w.as_str(), "has" | "with" | "no" | "without"))
        {
            return false;
        }
        words.iter().enumerate().any(|(i, w)| {
            matches!(
                w.as_str(),
                "nav"
                    | "navbar"
                    | "navigation"
                    | "breadcrumb"
                    | "breadcrumbs"
                    | "crumbs"
                    | "feedback"
                    | "contact"
                    | "cookie"
                    | "cookies"
                    | "consent"
                    | "sidebar"
                    | "toc"
                    | "footer"
                    | "menu"
            ) || (w == "side" && words.get(i + 1).is_some_and(|n| n == "bar"))
        })
    })
}

fn split_words(token: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in token.chars() {
        if !c.is_ascii_alphanumeric() {
            if !cur.is_empty() {
                words.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && prev_lower && !cur.is_empty() {
            words.push(std::mem::take(&mut cur));
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        cur.push(c.to_ascii_lowercase());
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    words
}

/// Whether a container holds the document body (a title, a main or article element), in which
/// case chrome-looking classes on it are layout, not chrome. Looks at a bounded number of nodes.
fn holds_body(node: NodeRef<'_, Node>) -> bool {
    for d in node.descendants().skip(1).take(GUARD_SCAN_NODES) {
        if let Node::Element(el) = d.value() {
            if matches!(el.name(), "h1" | "main" | "article") {
                return true;
            }
        }
    }
    false
}

// ---------------------------------------------------------------------------------------------
// Nesting guard.

/// When start tags nest deeper than `max`, returns the source with the tags beyond that depth
/// (and their end tags) blanked out — same length, newlines kept, so lines stay right — and the
/// line of the first one. Elements that close themselves implicitly (`p`, `li`, `td`, …) and
/// void elements do not count: they never build deep stacks.
fn limit_nesting(src: &str, max: usize) -> Option<(String, usize)> {
    let b = src.as_bytes();
    let mut edits: Vec<(usize, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut dropped = 0usize;
    let mut i = 0usize;
    while let Some(rel) = b.get(i..).and_then(|r| r.iter().position(|&c| c == b'<')) {
        let lt = i + rel;
        let next = b.get(lt + 1).copied().unwrap_or(0);
        if next == b'!' {
            i = if b.get(lt..lt + 4) == Some(b"<!--") {
                find(b, lt + 4, b"-->").map_or(b.len(), |e| e + 3)
            } else {
                find(b, lt, b">").map_or(b.len(), |e| e + 1)
            };
            continue;
        }
        let closing = next == b'/';
        let name_start = if closing { lt + 2 } else { lt + 1 };
        let name_len = b.get(name_start..).map_or(0, |r| {
            r.iter().take_while(|c| c.is_ascii_alphanumeric()).count()
        });
        if name_len == 0 || !b.get(name_start).is_some_and(|c| c.is_ascii_alphabetic()) {
            i = lt + 1;
            continue;
        }
        let name = src
            .get(name_start..name_start + name_len)
            .unwrap_or("")
            .to_ascii_lowercase();
        // No '>' left means no later tag can end either.
        let Some(gt) = find(b, name_start, b">") else {
            break;
        };
        let end = gt + 1;
        let self_closing = end >= 2 && b.get(end - 2) == Some(&b'/');
        if !closing && is_raw_text(&name) {
            // Skip to the matching end tag: markup-looking text in scripts is not markup.
            let close = format!("</{name}");
            i = find_ci(b, end, close.as_bytes()).unwrap_or(b.len());
            continue;
        }
        if nests(&name) && !self_closing {
            if closing {
                if dropped > 0 {
                    dropped -= 1;
                    edits.push((lt, end));
                } else {
                    depth = depth.saturating_sub(1);
                }
            } else if depth >= max {
                dropped += 1;
                edits.push((lt, end));
            } else {
                depth += 1;
            }
        }
        i = end.max(lt + 1);
    }
    let first = edits.first()?.0;
    let mut out = Vec::with_capacity(b.len());
    let mut at = 0;
    for (s, e) in edits {
        out.extend_from_slice(b.get(at..s).unwrap_or(&[]));
        out.extend(b.get(s..e).unwrap_or(&[]).iter().map(|&c| {
            if c == b'\n' || c == b'\r' {
                c
            } else {
                b' '
            }
        }));
        at = e;
    }
    out.extend_from_slice(b.get(at..).unwrap_or(&[]));
    let line = 1 + b
        .get(..first)
        .map_or(0, |p| p.iter().filter(|&&c| c == b'\n').count());
    // Only ASCII tag bytes were replaced, so the text is still UTF-8.
    String::from_utf8(out).ok().map(|s| (s, line))
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

fn find_ci(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
        .map(|p| p + from)
}

fn is_raw_text(name: &str) -> bool {
    matches!(
        name,
        "script" | "style" | "textarea" | "title" | "xmp" | "iframe" | "noembed" | "noframes"
    )
}

fn nests(name: &str) -> bool {
    !matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
            | "param"
            | "keygen"
            | "p"
            | "li"
            | "dt"
            | "dd"
            | "td"
            | "th"
            | "tr"
            | "tbody"
            | "thead"
            | "tfoot"
            | "option"
            | "optgroup"
            | "rb"
            | "rt"
            | "rp"
            | "colgroup"
            | "caption"
            | "html"
            | "head"
            | "body"
    )
}

fn bytecount(b: &[u8], c: u8) -> usize {
    b.iter().filter(|&&x| x == c).count()
}
