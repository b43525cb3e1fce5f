//! Text reader: a page copied out of a browser as plain text.
//!
//! Copied pages lose their markup, so tables come in several shapes: pipe tables
//! (`a | b | c |`), whitespace-separated cells on one line, cells run together on one line
//! (`RegionIdstringYes`) with the free text on following lines, or one cell per line. The
//! reader recognises a table by its header (column words from [`crate::vocab`]) and splits
//! rows using the column kinds: names are identifiers, types are type phrases, required is
//! Yes/No. It never knows which page or action it reads.

use super::pipe_rows;
use crate::blocks::{Block, Document, Format, Row, Table};
use crate::diag::Warning;
use crate::vocab::{self, Column};

/// Longest code block the reader looks for the end of; an unclosed `{` or `<Tag>` beyond it
/// is read as text, which keeps the reader linear on hostile input.
const MAX_CODE_LINES: usize = 2_000;
/// Longest header text worth trying as a table header.
const MAX_HEADER_CHARS: usize = 120;
/// Header lines split over several lines ("名称类型是否必填" / "示例值" / "描述").
const MAX_HEADER_LINES: usize = 7;

pub fn read(source: &str) -> Document {
    let lines: Vec<&str> = source.lines().collect();
    let mut reader = TextReader {
        lines: &lines,
        blocks: Vec::new(),
        warnings: Vec::new(),
        no_code_until: 0,
        last_pipe: None,
    };
    reader.run();
    Document {
        format: Format::Text,
        blocks: reader.blocks,
        warnings: reader.warnings,
    }
}

struct TextReader<'a> {
    lines: &'a [&'a str],
    blocks: Vec<Block>,
    warnings: Vec<Warning>,
    /// After a code block that never closed, starts up to this line are not tried again:
    /// each would scan the same lines, and hostile input would make the reader quadratic.
    no_code_until: usize,
    /// The last pipe table and the line after it, for a table resumed after a note.
    last_pipe: Option<(pipe_rows::Shape, usize)>,
}

impl<'a> TextReader<'a> {
    fn line(&self, i: usize) -> &'a str {
        self.lines.get(i).map(|l| l.trim()).unwrap_or("")
    }

    fn next_nonblank(&self, mut i: usize) -> Option<usize> {
        while i < self.lines.len() {
            if !self.line(i).is_empty() {
                return Some(i);
            }
            i += 1;
        }
        None
    }

    fn run(&mut self) {
        let mut i = 0;
        while i < self.lines.len() {
            let line = self.line(i);
            if line.is_empty() {
                i += 1;
                continue;
            }
            let last = self.last_pipe.as_ref().map(|(s, e)| (s, *e));
            if let Some(t) = pipe_rows::table_at(self.lines, i, last, "\n", &mut self.warnings) {
                i = t.end;
                self.pipe_table(t);
                continue;
            }
            i = if let Some(end) = self.code_block(i) {
                end
            } else if let Some((cols, header_end)) = self.header_at(i) {
                self.column_table(i, header_end, cols)
            } else if vocab::section(line).is_some() {
                self.last_pipe = None;
                self.blocks.push(Block::Heading {
                    level: 2,
                    text: line.to_string(),
                    line: i + 1,
                });
                i + 1
            } else {
                self.blocks.push(Block::Paragraph {
                    text: line.to_string(),
                    line: i + 1,
                });
                i + 1
            };
        }
    }

    /// A pipe table as [`pipe_rows`] joined it: cells spanning lines keep their line breaks.
    fn pipe_table(&mut self, t: pipe_rows::LineTable) {
        let rows = t
            .rows
            .iter()
            .map(|(line, row)| {
                let cells = pipe_rows::cells(row)
                    .into_iter()
                    .map(str::to_string)
                    .collect();
                row_with_depth(line + 1, cells)
            })
            .collect();
        self.blocks.push(Block::Table(Table {
            line: t.header_line + 1,
            header: t.header,
            rows,
        }));
        self.last_pipe = Some((t.shape, t.end));
    }

    /// JSON, XML and HTTP request examples; returns the index after the block.
    fn code_block(&mut self, start: usize) -> Option<usize> {
        let line = self.line(start);
        if line.starts_with("```") || line.starts_with("~~~") {
            let fence = &line[..3];
            let close = (start + 1..self.lines.len()).find(|&i| self.line(i).starts_with(fence));
            let end = close.unwrap_or(self.lines.len());
            let text = self.lines[start + 1..end]
                .iter()
                .map(|l| l.trim_end())
                .collect::<Vec<_>>()
                .join("\n");
            self.blocks.push(Block::Code {
                text,
                line: start + 2,
            });
            return Some((end + 1).min(self.lines.len()));
        }
        if start < self.no_code_until {
            return None;
        }
        let end = if starts_json(line) {
            match self.json_end(start) {
                Some(end) => end,
                None => {
                    self.no_code_until = (start + MAX_CODE_LINES).min(self.lines.len());
                    return None;
                }
            }
        } else if starts_http(line) {
            let mut i = start + 1;
            while i < self.lines.len() && is_http_continuation(self.line(i)) {
                i += 1;
            }
            // A body written right after the headers belongs to the request.
            if i < self.lines.len() && starts_json(self.line(i)) {
                if let Some(end) = self.json_end(i) {
                    i = end;
                }
            }
            i
        } else if let Some(tag) = xml_open_tag(line) {
            let close = format!("</{tag}>");
            let mut i = start;
            loop {
                if i >= self.lines.len() || i - start > MAX_CODE_LINES {
                    self.no_code_until = i;
                    return None;
                }
                if self.line(i).contains(&close) {
                    break i + 1;
                }
                i += 1;
            }
        } else {
            return None;
        };
        let text = self.lines[start..end]
            .iter()
            .map(|l| l.trim_end())
            .collect::<Vec<_>>()
            .join("\n");
        self.blocks.push(Block::Code {
            text,
            line: start + 1,
        });
        Some(end)
    }

    /// Index after the JSON value starting at `start`, by bracket balance outside strings.
    fn json_end(&self, start: usize) -> Option<usize> {
        let mut depth = 0i64;
        let mut in_string = false;
        let mut escaped = false;
        for i in start..self.lines.len().min(start + MAX_CODE_LINES) {
            for c in self.line(i).chars() {
                if in_string {
                    match (escaped, c) {
                        (true, _) => escaped = false,
                        (false, '\\') => escaped = true,
                        (false, '"') => in_string = false,
                        _ => {}
                    }
                    continue;
                }
                match c {
                    '"' => in_string = true,
                    '{' | '[' => depth += 1,
                    '}' | ']' => depth -= 1,
                    _ => {}
                }
            }
            if depth <= 0 {
                return Some(i + 1);
            }
        }
        None
    }

    /// A table header starting at line `i`: one or more lines made only of column words.
    fn header_at(&self, i: usize) -> Option<(Vec<Column>, usize)> {
        let first = self.line(i);
        if first.contains('\t') {
            // Tab-separated cells are judged one by one; unknown extra columns are kept.
            let cols: Vec<Column> = first.split('\t').filter_map(vocab::column).collect();
            return vocab::is_table_header(&cols).then_some((cols, i + 1));
        }
        // A section heading that is also a column word ("错误码" above a "HttpCode / 错误码 /
        // 错误信息" header) is a heading when a header of its own follows it.
        if vocab::section(first).is_some() {
            if let Some(next) = self.next_nonblank(i + 1) {
                if next > i + 1 && self.header_cells(next).is_some() {
                    return None;
                }
            }
        }
        self.header_cells(i)
    }

    /// Header cells from line `i` on, one or more per line.
    fn header_cells(&self, i: usize) -> Option<(Vec<Column>, usize)> {
        // Header cells may stand one per line, with blank lines between them as a browser
        // copies a table's header row.
        let mut best = None;
        let mut cols = Vec::new();
        let mut j = i;
        let mut taken = 0;
        while j < self.lines.len() && taken < MAX_HEADER_LINES {
            let line = self.line(j);
            if line.is_empty() {
                if taken == 0 {
                    break;
                }
                j += 1;
                continue;
            }
            if line.chars().count() > MAX_HEADER_CHARS || line.contains('|') {
                break;
            }
            let Some(more) = vocab::split_header(line) else {
                break;
            };
            cols.extend(more);
            j += 1;
            taken += 1;
            if vocab::is_table_header(&cols) {
                best = Some((cols.clone(), j));
            }
        }
        best
    }

    fn column_table(&mut self, start: usize, header_end: usize, cols: Vec<Column>) -> usize {
        if header_end == start + 1 && self.line(start).contains('\t') {
            return self.tab_table(start);
        }
        let spaced = header_end == start + 1 && self.line(start).contains(char::is_whitespace);
        let header: Vec<String> = if header_end == start + 1 && !spaced {
            // Run-together header: keep the column kinds' canonical names.
            cols.iter().map(|c| c.label().to_string()).collect()
        } else if spaced {
            spaced_header_cells(self.line(start), &cols)
        } else {
            (start..header_end)
                .flat_map(|j| {
                    let line = self.line(j).trim();
                    let cols = vocab::split_header(line).unwrap_or_default();
                    // A line that is one column keeps the page's word (`默认值`, shown again
                    // with that column's values); several run together get canonical names.
                    if let [_] = cols.as_slice() {
                        vec![line.to_string()]
                    } else {
                        cols.iter().map(|c| c.label().to_string()).collect()
                    }
                })
                .collect()
        };
        let mut table = Table {
            line: start + 1,
            header,
            rows: Vec::new(),
        };
        let mut i = header_end;
        if spaced
            && !table
                .header
                .iter()
                .zip(&cols)
                .all(|(h, c)| vocab::column(h) == Some(*c))
        {
            table.header = cols.iter().map(|c| c.label().to_string()).collect();
        }
        let mut notes = Vec::new();
        if spaced {
            loop {
                while i < self.lines.len() {
                    match parse_spaced_row(self.line(i), &cols) {
                        Some(cells) => table.rows.push(Row {
                            line: i + 1,
                            cells,
                            depth: 0,
                        }),
                        None => break,
                    }
                    i += 1;
                }
                // A short note between rows ("注意：以下参数…"), then more rows of the table.
                match self.resumed_after_note(i, &cols) {
                    Some((note, next)) if !table.rows.is_empty() => {
                        self.warnings.push(Warning::new(
                            next + 1,
                            "table resumes after a note; its rows are read with the header above",
                        ));
                        notes.extend(note);
                        i = next;
                    }
                    _ => break,
                }
            }
        }
        if table.rows.is_empty() {
            i = self.block_rows(header_end, &cols, &mut table);
        }
        if table.rows.is_empty() {
            self.warnings.push(Warning::new(
                start + 1,
                "table header with no rows the reader could split",
            ));
        }
        self.blocks.push(Block::Table(table));
        self.blocks.extend(notes);
        i
    }

    /// Lines from `i`: up to a few lines of a note (no heading, no header), then a line that is
    /// a row of the table. Returns the note's paragraphs and the row's line.
    fn resumed_after_note(&self, i: usize, cols: &[Column]) -> Option<(Vec<Block>, usize)> {
        const MAX_NOTE_LINES: usize = 3;
        let mut note = Vec::new();
        let mut j = i;
        while j < self.lines.len() && note.len() <= MAX_NOTE_LINES {
            let line = self.line(j);
            if line.is_empty() {
                j += 1;
                continue;
            }
            if parse_spaced_row(line, cols).is_some() {
                return (!note.is_empty()).then_some((note, j));
            }
            if vocab::section(line).is_some() || self.header_at(j).is_some() {
                return None;
            }
            note.push(Block::Paragraph {
                text: line.to_string(),
                line: j + 1,
            });
            j += 1;
        }
        None
    }

    /// Tab-separated cells, as a browser copies an HTML table.
    fn tab_table(&mut self, start: usize) -> usize {
        let split = |l: &str| {
            l.split('\t')
                .map(|c| c.trim().to_string())
                .collect::<Vec<_>>()
        };
        let header = split(self.line(start));
        let mut rows = Vec::new();
        let mut i = start + 1;
        while i < self.lines.len() && self.lines[i].contains('\t') {
            rows.push(row_with_depth(i + 1, split(self.lines[i])));
            i += 1;
        }
        self.blocks.push(Block::Table(Table {
            line: start + 1,
            header,
            rows,
        }));
        i
    }

    /// Rows whose cells run together on one line or stand one per line; the free-text
    /// columns (description, example, message) take the lines up to the next row.
    fn block_rows(&mut self, start: usize, cols: &[Column], table: &mut Table) -> usize {
        let fixed = cols.iter().take_while(|c| !c.is_free_text()).count();
        let free = &cols[fixed..];
        let mut i = start;
        // A row being read: its line, depth, fixed cells, and the free-text lines after it.
        type Pending = (usize, u8, Vec<String>, Vec<String>);
        let mut current: Option<Pending> = None;
        let finish = |cur: Option<Pending>, table: &mut Table| {
            if let Some((line, depth, mut cells, pieces)) = cur {
                cells.extend(distribute(&pieces, free));
                table.rows.push(Row { line, cells, depth });
            }
        };
        while i < self.lines.len() {
            let line = self.line(i);
            if line.is_empty() {
                i += 1;
                continue;
            }
            // A row comes first: a parameter may be called "Description" or "Type".
            let head = self.row_head(i, &cols[..fixed]);
            // A note heading ("说明", "Note") inside a row's description belongs to the row.
            let note_in_row =
                current.is_some() && vocab::section(line) == Some(vocab::Section::Other);
            if head.is_none()
                && !note_in_row
                && (vocab::section(line).is_some()
                    || self.header_at(i).is_some()
                    || starts_json(line)
                    || starts_http(line))
            {
                break;
            }
            if let Some((depth, cells, rest, next)) = head {
                finish(current.take(), table);
                let mut pieces = Vec::new();
                if !rest.is_empty() {
                    pieces.push(rest);
                }
                // A head line that already holds every free column is a whole row.
                if pieces.len() == 1 && free.len() > 1 && split_free(&pieces[0]).is_some() {
                    finish(Some((i + 1, depth, cells, pieces)), table);
                    i = next;
                    continue;
                }
                current = Some((i + 1, depth, cells, pieces));
                i = next;
                continue;
            }
            match current.as_mut() {
                Some((_, _, _, pieces)) => pieces.push(line.to_string()),
                None => break,
            }
            i += 1;
        }
        finish(current, table);
        i
    }

    /// Parses the fixed (non-free-text) cells of a row starting at line `i`, either run
    /// together on that line or one per line. Returns the row's nesting depth (Alibaba's `└`
    /// marks), the cells, the rest of the head line, and the index after the head.
    fn row_head(&self, i: usize, fixed: &[Column]) -> Option<(u8, Vec<String>, String, usize)> {
        let raw = self.line(i);
        let marked = raw.starts_with(['└', '├', '│', '\u{a0}', '\u{3000}']);
        let (depth, unmarked) = if marked {
            super::html::split_depth(raw)
        } else {
            (0, String::new())
        };
        let line = if marked { unmarked.as_str() } else { raw };
        // One cell per line wins over cells run together when the next line is a type on its
        // own: `FingerPrint` / `String` is not `FingerPr` + `int`.
        let typed_below = is_identifier(line)
            && self
                .next_nonblank(i + 1)
                .is_some_and(|k| vocab::is_type_phrase(self.line(k)));
        if !typed_below {
            if let Some((cells, rest)) = parse_joined(line, fixed) {
                return Some((depth, cells, rest, i + 1));
            }
        }
        // One cell per line: a bare name, then a bare type (and maybe Yes/No).
        let mut cells = Vec::new();
        let mut j = i;
        for col in fixed {
            let Some(k) = self.next_nonblank(j) else {
                break;
            };
            let text = if k == i { line } else { self.line(k) };
            let ok = match col {
                Column::Name => is_identifier(text),
                Column::ErrorCode => {
                    is_code_like(text) || (cells.is_empty() && is_identifier(text))
                }
                Column::Type => vocab::is_type_phrase(text),
                Column::Required => vocab::yes_no(text).is_some(),
                Column::HttpStatus => is_status(text),
                _ => false,
            };
            if !ok {
                if *col == Column::Required && !cells.is_empty() {
                    cells.push(String::new());
                    continue;
                }
                return None;
            }
            cells.push(text.to_string());
            j = k + 1;
        }
        // A bare name is only a row when another fixed cell (a type) confirms it.
        let confirmed = cells.iter().filter(|c| !c.is_empty()).count() >= 2
            || (fixed.len() == 1 && fixed[0] == Column::ErrorCode && is_code_like(line));
        (cells.len() == fixed.len() && confirmed).then(|| (depth, cells, String::new(), j))
    }
}

/// A row whose name cell may carry nesting marks (`└`, indentation) as Alibaba prints them.
fn row_with_depth(line: usize, mut cells: Vec<String>) -> Row {
    let mut depth = 0;
    if let Some(first) = cells.first_mut() {
        let (d, name) = super::html::split_depth(first);
        depth = d;
        *first = name;
    }
    Row { line, cells, depth }
}

/// Header cells of a spaced header, as the page spells them.
fn spaced_header_cells(line: &str, cols: &[Column]) -> Vec<String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let mut out = Vec::new();
    let mut w = 0;
    for _ in cols {
        let mut cell = String::new();
        while w < words.len() {
            if !cell.is_empty() {
                cell.push(' ');
            }
            cell.push_str(words[w]);
            w += 1;
            if vocab::column(&cell).is_some()
                && !(w < words.len() && vocab::column(&format!("{cell} {}", words[w])).is_some())
            {
                break;
            }
        }
        out.push(cell);
    }
    out
}

/// Splits one whitespace-separated row by column kinds; None when it does not fit.
fn parse_spaced_row(line: &str, cols: &[Column]) -> Option<Vec<String>> {
    let mut rest = line.trim();
    if rest.is_empty() {
        return None;
    }
    let mut cells = Vec::with_capacity(cols.len());
    for (k, col) in cols.iter().enumerate() {
        let last = k + 1 == cols.len();
        if col.is_free_text() {
            if last {
                cells.push(rest.to_string());
                rest = "";
            } else if cols[k + 1].is_free_text() {
                if k + 2 != cols.len() {
                    return None;
                }
                let (a, b) = split_free(rest).unwrap_or((rest.to_string(), String::new()));
                cells.push(a);
                cells.push(b);
                break;
            } else {
                let (tok, r) = split_token(rest);
                cells.push(tok.to_string());
                rest = r;
            }
            continue;
        }
        if *col == Column::Required && vocab::yes_no(split_token(rest).0).is_none() && k > 0 {
            // The Required column's icons are lost when a page is copied: an empty cell.
            cells.push(String::new());
            continue;
        }
        let (cell, r) = match col {
            Column::Type => {
                let n = vocab::type_phrase_len(rest);
                if n > 0 && rest[n..].chars().next().is_none_or(char::is_whitespace) {
                    (&rest[..n], &rest[n..])
                } else {
                    let (tok, r) = split_token(rest);
                    if !is_identifier(tok) {
                        return None;
                    }
                    (tok, r)
                }
            }
            _ => split_token(rest),
        };
        let ok = match col {
            Column::Name => is_identifier(cell),
            Column::ErrorCode => is_identifier(cell),
            Column::Required => vocab::yes_no(cell).is_some(),
            Column::HttpStatus => is_status(cell),
            _ => true,
        };
        if !ok {
            return None;
        }
        cells.push(cell.to_string());
        rest = r.trim_start();
    }
    Some(cells)
}

fn split_token(s: &str) -> (&str, &str) {
    let s = s.trim_start();
    match s.find(char::is_whitespace) {
        Some(i) => (&s[..i], &s[i..]),
        None => (s, ""),
    }
}

/// Parses fixed cells written together on one line: `RegionIdstringYes`,
/// `400MissingParameter.KeyPairNamesThe required…`, `ActionStringDeleteKeyPairs…`.
fn parse_joined(line: &str, fixed: &[Column]) -> Option<(Vec<String>, String)> {
    let mut rest = line;
    let mut cells = Vec::new();
    let mut k = 0;
    while k < fixed.len() {
        let col = fixed[k];
        match col {
            Column::HttpStatus => {
                let n = rest.chars().take_while(char::is_ascii_digit).count();
                if n != 3 {
                    return None;
                }
                cells.push(rest[..n].to_string());
                rest = rest[n..].trim_start();
            }
            Column::Name if fixed.get(k + 1) == Some(&Column::Type) => {
                let (name, ty, r) = split_name_type(rest)?;
                cells.push(name.to_string());
                cells.push(ty.to_string());
                rest = r.trim_start_matches(' ');
                k += 1;
            }
            Column::Name => {
                let (tok, r) = split_token(rest);
                if !is_identifier(tok) {
                    return None;
                }
                cells.push(tok.to_string());
                rest = r.trim_start();
            }
            Column::ErrorCode => {
                let (code, r) = split_glued_code(rest)?;
                cells.push(code.to_string());
                rest = r;
            }
            Column::Required => {
                let word_len = ["Yes", "No", "yes", "no", "是", "否", "必选", "可选"]
                    .iter()
                    .find(|w| rest.starts_with(**w))
                    .map(|w| w.len())
                    .unwrap_or(0);
                cells.push(rest[..word_len].to_string());
                rest = rest[word_len..].trim_start();
            }
            Column::Type => {
                let n = vocab::type_phrase_len(rest);
                if n == 0 {
                    return None;
                }
                cells.push(rest[..n].to_string());
                rest = rest[n..].trim_start();
            }
            _ => return None,
        }
        k += 1;
    }
    Some((cells, rest.trim().to_string()))
}

/// `RegionIdstringYes` → ("RegionId", "string", "Yes"). The name is the longest identifier
/// prefix followed directly by a type phrase; a line that is only a type phrase is a
/// nameless row (Alibaba's root `object`).
fn split_name_type(s: &str) -> Option<(&str, &str, &str)> {
    let ident_end = s
        .char_indices()
        .find(|(_, c)| !is_ident_char(*c))
        .map(|(i, _)| i)
        .unwrap_or(s.len());
    if vocab::is_type_phrase(s) {
        return Some(("", s.trim(), ""));
    }
    let mut best = None;
    for (j, _) in s[..ident_end].char_indices().skip(1) {
        let n = vocab::type_phrase_len(&s[j..]);
        if n > 0 && is_identifier(&s[..j]) {
            best = Some((j, n));
        }
    }
    // A name and a spaced type also count ("KeyPairNames.N String"), when nothing but a
    // Yes/No word follows the type: prose such as "The number of…" must not match.
    if best.is_none() && s[ident_end..].starts_with(' ') && is_identifier(&s[..ident_end]) {
        let after = s[ident_end..].trim_start();
        let n = vocab::type_phrase_len(after);
        let tail = after[n..].trim();
        if n > 0 && (tail.is_empty() || vocab::yes_no(tail).is_some()) {
            let off = s.len() - after.len();
            return Some((&s[..ident_end], &s[off..off + n], &s[off + n..]));
        }
    }
    let (j, n) = best?;
    Some((&s[..j], &s[j..j + n], &s[j + n..]))
}

/// An error code glued to the message's first word: `NotFoundThe specified…`. Codes are
/// CamelCase, so the message starts at the last capital of the first token, unless the
/// token is followed by CJK text or ends the line.
fn split_glued_code(s: &str) -> Option<(&str, &str)> {
    let end = s
        .char_indices()
        .find(|(_, c)| !is_ident_char(*c))
        .map(|(i, _)| i)
        .unwrap_or(s.len());
    let token = &s[..end];
    if !is_identifier(token) {
        return None;
    }
    let after = &s[end..];
    let glued = after.chars().next().is_some_and(|c| !is_cjk(c));
    if !glued {
        if !is_code_like(token) && !after.is_empty() {
            return None;
        }
        return Some((token, after.trim_start()));
    }
    let cut = token
        .char_indices()
        .rev()
        .find(|(i, c)| *i > 0 && c.is_ascii_uppercase())
        .map(|(i, _)| i)?;
    // Acronyms ("NotFoundECS") start the message at the first capital of the run.
    let mut cut = cut;
    while cut > 0
        && token[..cut].ends_with(|c: char| c.is_ascii_uppercase())
        && token.len() - cut > 1
    {
        cut -= 1;
    }
    let code = &token[..cut];
    if !is_code_like(code) {
        return None;
    }
    Some((code, &s[cut..]))
}

/// Spreads the lines after a row head over the free-text columns: the description takes
/// every extra line, the others one line each.
fn distribute(pieces: &[String], free: &[Column]) -> Vec<String> {
    let mut out = vec![String::new(); free.len()];
    if free.is_empty() {
        return out;
    }
    if free.len() == 1 {
        out[0] = pieces.join("\n");
        return out;
    }
    let desc = free.iter().position(|c| *c == Column::Description);
    if pieces.len() == 1 {
        if let Some((a, b)) = split_free(&pieces[0]) {
            out[0] = a;
            out[1] = b;
        } else {
            out[desc.unwrap_or(0)] = pieces[0].clone();
        }
        return out;
    }
    let Some(d) = desc else {
        for (k, p) in pieces.iter().enumerate() {
            let slot = k.min(free.len() - 1);
            if !out[slot].is_empty() {
                out[slot].push('\n');
            }
            out[slot].push_str(p);
        }
        return out;
    };
    let before = d;
    let after = free.len() - d - 1;
    let take_after = after.min(pieces.len().saturating_sub(before + 1));
    let n = before.min(pieces.len());
    out[..n].clone_from_slice(&pieces[..n]);
    let desc_end = pieces.len() - take_after;
    out[d] = pieces[before.min(desc_end)..desc_end].join("\n");
    for k in 0..take_after {
        out[d + 1 + k] = pieces[desc_end + k].clone();
    }
    out
}

/// Two free-text cells run together: split where CJK text starts after Latin text, or at a
/// sentence end glued to a capital (`valid.Multiple`).
fn split_free(s: &str) -> Option<(String, String)> {
    let mut prev: Option<char> = None;
    for (i, c) in s.char_indices() {
        if is_cjk(c) {
            if i > 0 && prev.is_some_and(|p| !is_cjk(p) && !"“”「（(，,：:".contains(p)) {
                return Some((s[..i].trim().to_string(), s[i..].trim().to_string()));
            }
            break;
        }
        prev = Some(c);
    }
    let bytes = s.as_bytes();
    for i in 1..bytes.len().saturating_sub(1) {
        if bytes[i] == b'.'
            && bytes[i - 1].is_ascii_lowercase()
            && bytes[i + 1].is_ascii_uppercase()
        {
            return Some((s[..=i].trim().to_string(), s[i + 1..].trim().to_string()));
        }
    }
    None
}

pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xFF00..=0xFFEF)
}

fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '-'
}

/// A parameter or field name: ASCII letters, digits, `_`, `.`, `-`, starting with a letter.
pub(crate) fn is_identifier(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && s.chars().all(is_ident_char)
        && !s.ends_with('.')
}

/// An error code: an identifier with a dot or at least two capitals (`InternalError`).
fn is_code_like(s: &str) -> bool {
    is_identifier(s) && (s.contains('.') || s.chars().filter(char::is_ascii_uppercase).count() >= 2)
}

fn is_status(s: &str) -> bool {
    s.len() == 3 && s.chars().all(|c| c.is_ascii_digit())
}

fn starts_json(line: &str) -> bool {
    line == "{" || line == "[" || line.starts_with("{\"") || line.starts_with("{ \"")
}

fn starts_http(line: &str) -> bool {
    let methods = ["GET ", "POST ", "PUT ", "DELETE ", "PATCH ", "HEAD "];
    methods
        .iter()
        .any(|m| line.starts_with(m) && line[m.len()..].trim_start().starts_with(['/', 'h']))
        || ((line.starts_with("https://") || line.starts_with("http://")) && line.contains('?'))
}

fn is_http_continuation(line: &str) -> bool {
    if line.starts_with('&')
        || line.starts_with('?')
        || (line.starts_with('<') && line.ends_with('>'))
    {
        return true;
    }
    // `Header-Name: value`
    match line.split_once(':') {
        Some((name, _)) => {
            !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        }
        None => false,
    }
}

fn xml_open_tag(line: &str) -> Option<&str> {
    let inner = line.strip_prefix('<')?.strip_suffix('>')?;
    (is_identifier(inner) && !inner.contains('.')).then_some(inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joined_name_type() {
        assert_eq!(
            split_name_type("RegionIdstringYes"),
            Some(("RegionId", "string", "Yes"))
        );
        assert_eq!(
            split_name_type("PageNumberIntegerNo"),
            Some(("PageNumber", "Integer", "No"))
        );
        assert_eq!(
            split_name_type("AttachDiskResultsobject []"),
            Some(("AttachDiskResults", "object []", ""))
        );
        assert_eq!(split_name_type("object"), Some(("", "object", "")));
        assert_eq!(split_name_type("The region ID."), None);
    }

    #[test]
    fn nested_rows_keep_their_depth_when_cells_run_together() {
        let page = "Response parameters\nParameterTypeDescriptionExample\nResultsobject []\n\nThe results.\n\n└InstanceIdstring\n\nThe instance.\n\ni-1\n└└Codestring\n\nThe code.\n\n200\n";
        let doc = read(page);
        let table = doc
            .blocks
            .iter()
            .find_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
            .expect("a table");
        let rows: Vec<(&str, u8)> = table.rows.iter().map(|r| (r.cell(0), r.depth)).collect();
        assert_eq!(rows, [("Results", 0), ("InstanceId", 1), ("Code", 2)]);
    }

    #[test]
    fn glued_codes() {
        assert_eq!(
            split_glued_code("InvalidNetworkType.MismatchRamRoleRam role cannot"),
            Some(("InvalidNetworkType.MismatchRamRole", "Ram role cannot"))
        );
        assert_eq!(
            split_glued_code("FlowLimitExceededYou've reach"),
            Some(("FlowLimitExceeded", "You've reach"))
        );
        assert_eq!(
            split_glued_code("InvalidKeyPair.NotFound指定的"),
            Some(("InvalidKeyPair.NotFound", "指定的"))
        );
    }

    #[test]
    fn free_text_split() {
        assert_eq!(
            split_free("The specified KeyPair does not exist.指定的密钥对不存在。"),
            Some((
                "The specified KeyPair does not exist.".into(),
                "指定的密钥对不存在。".into()
            ))
        );
        assert_eq!(
            split_free("The instanceIds are not valid.Multiple IDs are invalid."),
            Some((
                "The instanceIds are not valid.".into(),
                "Multiple IDs are invalid.".into()
            ))
        );
    }

    #[test]
    fn spaced_rows() {
        use Column::*;
        let cols = [Name, Required, Type, Description];
        assert_eq!(
            parse_spaced_row(
                "InstanceIds.N Yes Array of String ID(s) of the instance(s)",
                &cols
            ),
            Some(vec![
                "InstanceIds.N".into(),
                "Yes".into(),
                "Array of String".into(),
                "ID(s) of the instance(s)".into()
            ])
        );
        assert_eq!(
            parse_spaced_row("联系我们", &[ErrorCode, Description]),
            None
        );
    }
}
