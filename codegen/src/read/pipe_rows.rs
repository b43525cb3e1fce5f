//! Pipe tables as real pages write them, made into tables pulldown-cmark can parse.
//!
//! Documentation repositories bend GitHub's table syntax in a handful of ways, and a page that
//! does so must still be read whole:
//! - a cell runs over many source lines — prose, blank lines, bullet lists, notes, even a fenced
//!   code block — and the row is closed by a `|` on a later line (sometimes alone on its line);
//! - a row ends with `|` although its last cell goes on below (`|Name|String|No|Example|` and
//!   the description on the next lines);
//! - a row is never closed at all, and the next row simply starts;
//! - the header has no `|---|` separator row, or one whose cell count does not match;
//! - a table is interrupted by a note and resumed without a new header;
//! - every cell starts its own line with `|` (blank lines between), header and rows alike,
//!   and only a row's last cell closes with `|`;
//! - every cell ends its own line with ` |`, a row starting with `| name |` (or `|` alone), and
//!   a cell that runs over lines closed by `|` alone (Alibaba's current help center copied
//!   from a browser).
//!
//! [`join`] rewrites the source so that every table row is one line (line breaks inside a cell
//! become `<br>`, pipes inside joined code are escaped), adds the separator rows pulldown-cmark
//! needs, and keeps a map from each output line to its source line. What it had to guess is
//! reported as a warning with the source line.

use crate::diag::Warning;
use crate::vocab;

/// Lines one row may span before the reader stops joining (keeps hostile pages linear).
const MAX_ROW_LINES: usize = 400;
/// Non-blank lines of a note that may interrupt a table that then resumes.
const MAX_NOTE_LINES: usize = 8;

/// The source with each table row on one line, and a map back to source lines.
pub struct Joined {
    pub text: String,
    /// Byte offset in `text` where each of its lines starts.
    pub starts: Vec<usize>,
    /// The source line (1-based) of each line of `text`.
    pub origin: Vec<usize>,
    pub warnings: Vec<Warning>,
}

impl Joined {
    fn push(&mut self, line: &str, index: usize) {
        self.starts.push(self.text.len());
        self.origin.push(index + 1);
        self.text.push_str(line);
        self.text.push('\n');
    }
}

/// The shape of a table's header: how many pipes a complete row has and whether rows are
/// written with a leading and a closing pipe.
#[derive(Clone)]
pub struct Shape {
    header: String,
    delimiter: String,
    pipes: usize,
    leading: bool,
    closing: bool,
    /// Each cell starts its own source line with `|` (the header was written that way).
    cell_lines: bool,
}

/// One table read from lines: its header cells and each row joined onto one line.
pub struct LineTable {
    pub shape: Shape,
    /// The header's source line index (0-based).
    pub header_line: usize,
    pub header: Vec<String>,
    /// (source line index of the row's first line, the row joined with `joiner`).
    pub rows: Vec<(usize, String)>,
    /// The line after the table.
    pub end: usize,
}

impl Shape {
    pub fn header_cells(&self) -> Vec<String> {
        cells(&self.header)
            .into_iter()
            .map(str::to_string)
            .collect()
    }
}

/// A pipe table starting at line `i` (or resuming the table `last` after a note), with rows
/// joined by `joiner` where a cell spans lines: the text reader's entry point.
pub fn table_at(
    lines: &[&str],
    i: usize,
    last: Option<(&Shape, usize)>,
    joiner: &str,
    warnings: &mut Vec<Warning>,
) -> Option<LineTable> {
    if let Some(t) = cell_end_table(lines, i, joiner) {
        return Some(t);
    }
    let (shape, body) = match table_start(lines, i) {
        Some(found) => found,
        None => {
            let (shape, ended) = last?;
            if !resumes(lines, ended, i, shape) {
                return None;
            }
            warnings.push(Warning::new(
                i + 1,
                "table resumes after a note; its rows are read with the header above",
            ));
            (shape.clone(), i)
        }
    };
    let mut rows_out = Vec::new();
    let end = rows(lines, body, &shape, joiner, warnings, |start, row| {
        rows_out.push((start, row))
    });
    Some(LineTable {
        header: shape.header_cells(),
        header_line: i,
        shape,
        rows: rows_out,
        end,
    })
}

/// Joins the rows of every pipe table in `src` (newlines already normalised to `\n`).
pub fn join(src: &str) -> Joined {
    let lines: Vec<&str> = src.split('\n').collect();
    let mut out = Joined {
        text: String::with_capacity(src.len() + 64),
        starts: Vec::with_capacity(lines.len()),
        origin: Vec::with_capacity(lines.len()),
        warnings: Vec::new(),
    };
    let mut fence: Option<char> = None;
    // The last table, and the source lines since it ended, for tables resumed after a note.
    let mut last: Option<(Shape, usize)> = None;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if let Some(c) = fence_char(line) {
            match fence {
                None => fence = Some(c),
                Some(open) if open == c => fence = None,
                _ => {}
            }
            out.push(line, i);
            i += 1;
            continue;
        }
        if fence.is_some() {
            out.push(line, i);
            i += 1;
            continue;
        }
        if let Some(t) = cell_end_table(&lines, i, "<br>") {
            out.push(&t.shape.header, i);
            out.push(&t.shape.delimiter, i);
            for (start, row) in &t.rows {
                out.push(row, *start);
            }
            i = t.end;
            last = Some((t.shape, i));
            continue;
        }
        if let Some((shape, body)) = table_start(&lines, i) {
            out.push(&shape.header, i);
            out.push(&shape.delimiter, i);
            i = join_rows(&lines, body, &shape, &mut out);
            last = Some((shape, i));
            continue;
        }
        if let Some((shape, ended)) = &last {
            if resumes(&lines, *ended, i, shape) {
                let shape = shape.clone();
                out.warnings.push(Warning::new(
                    i + 1,
                    "table resumes after a note; its rows are read with the header above",
                ));
                out.push(&shape.header, i);
                out.push(&shape.delimiter, i);
                i = join_rows(&lines, i, &shape, &mut out);
                last = Some((shape, i));
                continue;
            }
        }
        if line.trim_start().starts_with('#') {
            last = None;
        }
        out.push(line, i);
        i += 1;
    }
    out
}

/// A table starting at line `i`: a header row followed by a separator row, or a header row
/// made only of column words (`|Name|Type|Required|Description|`) with no separator at all.
/// Returns its shape and the line where its body starts.
fn table_start(lines: &[&str], i: usize) -> Option<(Shape, usize)> {
    let t = lines[i].trim();
    if !t.contains('|') || is_delimiter_row(t) {
        return None;
    }
    if let Some(found) = cell_per_line_table(lines, i) {
        return Some(found);
    }
    let next = lines.get(i + 1).map(|l| l.trim()).unwrap_or("");
    let has_delimiter = is_delimiter_row(next);
    if !has_delimiter && !is_header_words(t) {
        return None;
    }
    let width = cells(t).len();
    let pipes = count_pipes(t);
    if pipes == 0 || width < 2 && !has_delimiter {
        return None;
    }
    let leading = t.starts_with('|');
    let closing = t.len() > 1 && ends_with_pipe(t);
    // GFM wants the separator to have as many cells as the header; pages do not always agree.
    let delimiter = if has_delimiter && cells(next).len() == width {
        next.to_string()
    } else {
        delimiter_row(width)
    };
    let body = if has_delimiter { i + 2 } else { i + 1 };
    Some((
        Shape {
            header: t.to_string(),
            delimiter,
            pipes,
            leading,
            closing,
            cell_lines: false,
        },
        body,
    ))
}

/// A table whose every cell ends its own line with ` |`: a line `|` alone, then one header
/// word per line (`Parameter |`, `Type |`, …); each row starts with `| name |` (or `|` alone
/// where the name cell is empty) and a cell running over lines is closed by `|` alone. The
/// rows are joined onto one line each (with `joiner` inside cells); a blank line, a heading
/// or text after a complete row ends the table.
fn cell_end_table(lines: &[&str], i: usize, joiner: &str) -> Option<LineTable> {
    if lines[i].trim() != "|" {
        return None;
    }
    let mut header = String::from("|");
    let mut j = i + 1;
    let mut cols = Vec::new();
    while let Some(t) = lines.get(j).map(|l| l.trim()) {
        let word = t.strip_suffix('|').map(str::trim);
        match word.filter(|w| !w.is_empty() && !w.contains('|')) {
            Some(w) => {
                cols.push(vocab::column(w)?);
                header.push_str(t);
                j += 1;
            }
            None => break,
        }
        if j - i > MAX_CELL_LINE_HEADER {
            return None;
        }
    }
    if !vocab::is_table_header(&cols) {
        return None;
    }
    let width = cols.len();
    let mut rows: Vec<(usize, String)> = Vec::new();
    // The row being joined: first line, text, pipes so far, whether its last cell is closed.
    let mut cur: Option<(usize, String, usize, bool)> = None;
    let body = j;
    while let Some(t) = lines.get(j).map(|l| l.trim()) {
        if t.is_empty() || t.starts_with('#') || j - body > MAX_ROW_LINES * 4 {
            break;
        }
        let complete = cur.as_ref().is_some_and(|c| c.2 > width);
        let named_start = t.starts_with('|') && count_pipes(t) >= 2;
        let starts_row = match &cur {
            None => t.starts_with('|'),
            Some((_, _, _, closed)) => {
                (complete && t.starts_with('|')) || (*closed && !complete && named_start)
            }
        };
        if starts_row {
            rows.extend(cur.take().map(|(start, row, _, _)| (start, row)));
            cur = Some((j, t.to_string(), count_pipes(t), ends_with_pipe(t)));
        } else {
            match cur.as_mut() {
                // Text after a complete row: the table has ended.
                None => break,
                Some(_) if complete => break,
                Some((_, row, pipes, closed)) => {
                    if !*closed && !t.starts_with('|') {
                        row.push_str(joiner);
                    }
                    row.push_str(t);
                    *pipes += count_pipes(t);
                    *closed = ends_with_pipe(t);
                }
            }
        }
        j += 1;
    }
    rows.extend(cur.map(|(start, row, _, _)| (start, row)));
    for (_, row) in rows.iter_mut() {
        if !ends_with_pipe(row) {
            row.push('|');
        }
    }
    let delimiter = delimiter_row(width);
    let shape = Shape {
        pipes: count_pipes(&header),
        header,
        delimiter,
        leading: true,
        closing: true,
        cell_lines: false,
    };
    Some(LineTable {
        header: shape.header_cells(),
        header_line: i,
        shape,
        rows,
        end: j,
    })
}

/// Lines a header written one cell per line may span (cells and the blank lines between).
const MAX_CELL_LINE_HEADER: usize = 24;

/// A header written one cell per line (`|HTTP status code`, blank, `|Error code`, …,
/// `|Description |`), followed by its separator row or made only of column words.
fn cell_per_line_table(lines: &[&str], i: usize) -> Option<(Shape, usize)> {
    let first = lines[i].trim();
    if !first.starts_with('|') || count_pipes(first) != 1 || ends_with_pipe(first) {
        return None;
    }
    let mut header = first.to_string();
    let mut j = i + 1;
    let closed = loop {
        let t = lines.get(j)?.trim();
        if j - i > MAX_CELL_LINE_HEADER {
            return None;
        }
        j += 1;
        if t.is_empty() {
            continue;
        }
        if !t.starts_with('|') || is_delimiter_row(t) {
            return None;
        }
        header.push_str(t);
        if ends_with_pipe(t) {
            break j - 1;
        }
    };
    let width = cells(&header).len();
    let next = lines.get(closed + 1).map(|l| l.trim()).unwrap_or("");
    let has_delimiter = is_delimiter_row(next) && cells(next).len() == width;
    if width < 2 || !(has_delimiter || is_header_words(&header)) {
        return None;
    }
    let delimiter = delimiter_row(width);
    let body = if has_delimiter {
        closed + 2
    } else {
        closed + 1
    };
    Some((
        Shape {
            pipes: count_pipes(&header),
            header,
            delimiter,
            leading: true,
            closing: true,
            cell_lines: true,
        },
        body,
    ))
}

/// Whether a pipe line is made only of column words.
fn is_header_words(t: &str) -> bool {
    let cols: Option<Vec<vocab::Column>> = cells(t).iter().map(|c| vocab::column(c)).collect();
    cols.is_some_and(|c| vocab::is_table_header(&c))
}

/// After a table ended at line `ended`, whether line `i` resumes it: a row of the same shape
/// after no more than a short note, with no heading in between and no separator below it.
fn resumes(lines: &[&str], ended: usize, i: usize, shape: &Shape) -> bool {
    let t = lines[i].trim();
    if !looks_like_row(t, shape) || is_header_words(t) {
        return false;
    }
    let next = lines.get(i + 1).map(|l| l.trim()).unwrap_or("");
    if is_delimiter_row(next) {
        return false;
    }
    let between = lines.get(ended..i).unwrap_or(&[]);
    let note_lines = between.iter().filter(|l| !l.trim().is_empty()).count();
    note_lines > 0
        && note_lines <= MAX_NOTE_LINES
        && !between
            .iter()
            .any(|l| l.trim_start().starts_with('#') || fence_char(l).is_some())
}

/// The `|---|---|` row pulldown-cmark needs under a header of `width` cells.
fn delimiter_row(width: usize) -> String {
    let mut d = String::from("|");
    for _ in 0..width {
        d.push_str("---|");
    }
    d
}

/// Whether a line starts a row of this table.
fn looks_like_row(t: &str, shape: &Shape) -> bool {
    if t.is_empty() || t == "|" || is_delimiter_row(t) {
        return false;
    }
    if shape.cell_lines {
        return t.starts_with('|');
    }
    if shape.leading {
        return t.starts_with('|') && count_pipes(t) >= 2;
    }
    // Rows without a leading pipe: enough separators to be more than a stray pipe in prose.
    count_pipes(t) >= shape.pipes.saturating_sub(1).max(2)
}

/// Joins the rows of a table into `out`, cells spanning lines joined by `<br>`.
fn join_rows(lines: &[&str], i: usize, shape: &Shape, out: &mut Joined) -> usize {
    let mut joined = Vec::new();
    let end = rows(lines, i, shape, "<br>", &mut out.warnings, |start, row| {
        joined.push((start, row))
    });
    for (start, row) in joined {
        match keep_overflow(&row, shape) {
            Some(kept) => {
                out.warnings.push(Warning::new(
                    start + 1,
                    format!(
                        "table row has {} cells, header has {}; the extra `|` are read as text of its last column",
                        source_cells(&row),
                        shape.header_cells().len()
                    ),
                ));
                out.push(&kept, start);
            }
            None => out.push(&row, start),
        }
    }
    end
}

/// A row with more cells than its header, whose last column is free text: the extra `|` are
/// that cell's text (`Valid values: System | Custom`), escaped so the table parser keeps them
/// instead of dropping what follows them.
fn keep_overflow(row: &str, shape: &Shape) -> Option<String> {
    let pipes = count_pipes(row);
    if !shape.leading || !shape.closing || pipes <= shape.pipes || !ends_with_pipe(row) {
        return None;
    }
    let last = shape.header_cells().last().and_then(|h| vocab::column(h));
    if !last.is_some_and(|c| matches!(c, vocab::Column::Description | vocab::Column::ErrorMessage))
    {
        return None;
    }
    // Separators: the first `shape.pipes - 1` pipes and the closing one.
    let keep = shape.pipes - 1;
    let mut out = String::with_capacity(row.len() + pipes);
    let (mut seen, mut escaped, mut in_code) = (0, false, false);
    for c in row.chars() {
        match c {
            '`' if !escaped => in_code = !in_code,
            '|' if !escaped && !in_code => {
                seen += 1;
                if seen > keep && seen < pipes {
                    out.push('\\');
                }
            }
            _ => {}
        }
        escaped = c == '\\' && !escaped;
        out.push(c);
    }
    Some(out)
}

/// Reads the rows of a table from line `i`, handing each (first line, joined row) to `sink`;
/// returns the first line after the table.
fn rows(
    lines: &[&str],
    mut i: usize,
    shape: &Shape,
    joiner: &str,
    warnings: &mut Vec<Warning>,
    mut sink: impl FnMut(usize, String),
) -> usize {
    while i < lines.len() {
        let t = lines[i].trim();
        // A new header (with or without its separator) starts the next table.
        if !looks_like_row(t, shape) || table_start(lines, i).is_some() {
            return i;
        }
        let start = i;
        let mut row = t.trim_end().to_string();
        let mut pipes = count_pipes(&row);
        i += 1;
        while !complete(&row, pipes, shape) {
            let Some(line) = lines.get(i) else {
                warnings.push(unclosed(start, i, "the page ends"));
                break;
            };
            let lt = line.trim();
            if i - start > MAX_ROW_LINES {
                warnings.push(unclosed(start, i, "it ran too long"));
                break;
            }
            if shape.cell_lines && lt.starts_with('|') {
                // The row's next cell, on its own line: the blank lines before it were only
                // the layout's spacing.
                while row.ends_with(joiner) {
                    row.truncate(row.len() - joiner.len());
                }
                row.push_str(lt);
                pipes += count_pipes(lt);
                i += 1;
                continue;
            }
            if looks_like_row(lt, shape) {
                // The next row starts: this one was never closed (or is short a cell; the
                // reader reports a short row itself).
                if !ends_with_pipe(&row) {
                    warnings.push(unclosed(start, i, "the next row starts"));
                }
                break;
            }
            if lt.starts_with('#') {
                warnings.push(unclosed(start, i, "a heading starts"));
                break;
            }
            if fence_char(line).is_some() {
                // A code block inside the cell: its lines join the cell, pipes escaped.
                i = join_fence(lines, i, joiner, &mut row);
                continue;
            }
            row.push_str(joiner);
            if lt == "|" {
                row.push('|');
                pipes += 1;
            } else {
                row.push_str(lt);
                pipes += count_pipes(lt);
            }
            i += 1;
        }
        if !ends_with_pipe(&row) && shape.closing {
            row.push('|');
        }
        sink(start, row);
        if i < lines.len() && lines[i].trim().is_empty() {
            // A blank line after a complete row ends the table.
            return i;
        }
    }
    i
}

fn unclosed(start: usize, at: usize, why: &str) -> Warning {
    Warning::new(
        start + 1,
        format!(
            "table row is not closed by `|`; its last cell was read up to line {} where {why}",
            at
        ),
    )
}

/// Whether a joined row has all its cells. Where each cell has its own line, only a row's
/// last cell closes with `|`: that ends the row (a short one is reported by the reader).
fn complete(row: &str, pipes: usize, shape: &Shape) -> bool {
    if shape.cell_lines {
        return ends_with_pipe(row);
    }
    pipes >= shape.pipes && (!shape.closing || ends_with_pipe(row))
}

/// Appends a fenced code block starting at line `i` to a cell; returns the line after it.
fn join_fence(lines: &[&str], mut i: usize, joiner: &str, row: &mut String) -> usize {
    let Some(open) = fence_char(lines[i]) else {
        return i + 1;
    };
    i += 1;
    while let Some(line) = lines.get(i) {
        i += 1;
        if fence_char(line) == Some(open) {
            break;
        }
        row.push_str(joiner);
        escape_pipes(row, line.trim_end());
    }
    i
}

fn escape_pipes(out: &mut String, s: &str) {
    let mut escaped = false;
    for c in s.chars() {
        if c == '|' && !escaped {
            out.push('\\');
        }
        escaped = c == '\\' && !escaped;
        out.push(c);
    }
}

fn fence_char(line: &str) -> Option<char> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let t = line.trim_start_matches(' ');
    if t.starts_with("```") {
        Some('`')
    } else if t.starts_with("~~~") {
        Some('~')
    } else {
        None
    }
}

pub fn is_delimiter_row(line: &str) -> bool {
    let t = line.trim();
    t.contains('|')
        && t.contains('-')
        && t.chars().all(|c| matches!(c, '|' | ':' | '-' | ' ' | '\t'))
}

/// Cell separators in a line: pipes that are not escaped and not inside a code span.
pub fn count_pipes(s: &str) -> usize {
    let mut n = 0;
    let mut escaped = false;
    let mut in_code = false;
    for c in s.chars() {
        match c {
            '`' if !escaped => in_code = !in_code,
            '|' if !escaped && !in_code => n += 1,
            _ => {}
        }
        escaped = c == '\\' && !escaped;
    }
    // An unclosed backtick is not a code span: count its pipes after all.
    if in_code {
        return s.matches('|').count() - s.matches("\\|").count();
    }
    n
}

fn ends_with_pipe(s: &str) -> bool {
    s.ends_with('|') && !s.ends_with("\\|")
}

/// The cells of a one-line row, trimmed, without the empty ends a leading or closing pipe
/// makes. Escaped pipes and pipes inside code spans stay in their cell.
pub fn cells(t: &str) -> Vec<&str> {
    let t = t.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = if ends_with_pipe(t) {
        &t[..t.len() - 1]
    } else {
        t
    };
    let mut out = Vec::new();
    let mut start = 0;
    let mut escaped = false;
    let mut in_code = false;
    let unbalanced = t.matches('`').count() % 2 == 1;
    for (i, c) in t.char_indices() {
        match c {
            '`' if !escaped && !unbalanced => in_code = !in_code,
            '|' if !escaped && !in_code => {
                out.push(t[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
        escaped = c == '\\' && !escaped;
    }
    out.push(t[start..].trim());
    out
}

/// Cells a pipe-table row has in the source.
pub fn source_cells(row: &str) -> usize {
    cells(row).len().max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows_of(src: &str) -> Vec<(usize, String)> {
        let j = join(src);
        j.text
            .lines()
            .zip(j.origin)
            .map(|(l, o)| (o, l.to_string()))
            .collect()
    }

    /// Every cell on its own line, starting with `|`, blank lines between; only the last
    /// cell of the header and of each row closes with `|`.
    #[test]
    fn cells_one_per_line_with_leading_pipes() {
        let src = "## Errors\n\n|HTTP status code\n\n|Error code\n\n|Error message\n\n|Description |\n|---|---|---|---|\n|404\n\n|Widget.NotFound\n\n|No such widget.\n\n|It may have been removed.\n\nCheck the ID. |\n|400\n\n|Widget.Invalid\n\n|Bad widget.\n\n|The widget ID is malformed. |\n\nAfter the table.";
        let rows = rows_of(src);
        let text: Vec<&str> = rows.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(
            text[2..6],
            [
                "|HTTP status code|Error code|Error message|Description |",
                "|---|---|---|---|",
                "|404|Widget.NotFound|No such widget.|It may have been removed.<br><br>Check the ID. |",
                "|400|Widget.Invalid|Bad widget.|The widget ID is malformed. |",
            ]
        );
        // Each joined row keeps its first source line.
        assert_eq!(rows[4].0, 11);
        assert_eq!(rows[5].0, 20);
        assert!(join(src).warnings.is_empty());
        let after: Vec<&str> = text
            .iter()
            .copied()
            .filter(|l| l.contains("After"))
            .collect();
        assert_eq!(after, ["After the table."]);
    }

    /// A `|` inside the last (description) cell is text: GFM would drop what follows it.
    #[test]
    fn extra_pipes_belong_to_the_description() {
        let src = "|Name|Type|Description|\n|---|---|---|\n|Mode|String|Valid values: on | off `a|b`|\n|Size|Integer|Plain.|";
        let j = join(src);
        let lines: Vec<&str> = j.text.lines().collect();
        assert_eq!(lines[2], "|Mode|String|Valid values: on \\| off `a|b`|");
        assert_eq!(lines[3], "|Size|Integer|Plain.|");
        assert_eq!(j.warnings.len(), 1);
        assert!(j.warnings[0]
            .message
            .contains("read as text of its last column"));
        // Where the last column is not free text, nothing is guessed.
        let src = "|Name|Description|Type|\n|---|---|---|\n|Mode|on | off|String|";
        assert_eq!(
            join(src).text.lines().nth(2),
            Some("|Mode|on | off|String|")
        );
    }

    /// Every cell ends its own line with ` |`; the text reader's entry keeps line breaks.
    #[test]
    fn cells_that_end_their_own_lines() {
        let src = "|\nName |\nType |\nDescription |\n| WidgetId |\nstring |\nThe ID.\nSecond line.\n|\n|\narray |\nThe items.\n|\n| Count |\ninteger |\nHow many. |\n\nAfter.";
        let lines: Vec<&str> = src.split('\n').collect();
        let mut warnings = Vec::new();
        let t = table_at(&lines, 0, None, "\n", &mut warnings).expect("a table");
        assert_eq!(t.header, ["Name", "Type", "Description"]);
        let rows: Vec<(usize, &str)> = t.rows.iter().map(|(l, r)| (*l, r.as_str())).collect();
        assert_eq!(
            rows,
            [
                (4, "| WidgetId |string |The ID.\nSecond line.|"),
                (9, "|array |The items.|"),
                (13, "| Count |integer |How many. |"),
            ]
        );
        assert_eq!(lines[t.end], "");
        assert!(warnings.is_empty());
        // The markdown path gets the same rows on one line each.
        let joined = rows_of(src);
        assert!(joined
            .iter()
            .any(|(o, l)| *o == 5 && l == "| WidgetId |string |The ID.<br>Second line.|"));
    }

    #[test]
    fn a_cell_with_a_list_a_note_and_code_is_one_row() {
        let src = "|Name|Type|Required|Description|\n|---|---|---|---|\n|Password|String|No|The password.\n\n-   8 to 30 characters\n\n```\n()`~!@#$%^&*-_+=|{}[]:;'<>,.?/\n```\n\n**Note:** keep it safe. |\n|HostName|String|No|The host name.|\n";
        let out = rows_of(src);
        assert_eq!(out.len(), 5, "{out:?}");
        assert_eq!(out[2].0, 3);
        assert!(out[2].1.contains("8 to 30 characters"));
        assert!(
            out[2].1.contains("\\|{}"),
            "pipe in code escaped: {}",
            out[2].1
        );
        assert!(out[3].1.starts_with("|HostName|"));
        assert_eq!(out[3].0, 12);
    }

    #[test]
    fn a_row_closed_before_its_last_cell_continues() {
        let src = "|Parameter|Type|Required|Example|Description|\n|-|-|-|-|-|\n|Duration|String|No|1|\n The duration. |\n|AutoPay|Boolean|No|false|Pay.|\n";
        let out = rows_of(src);
        assert_eq!(out[2].1, "|Duration|String|No|1|<br>The duration. |");
        assert_eq!(out[3].1, "|AutoPay|Boolean|No|false|Pay.|");
    }

    #[test]
    fn an_unclosed_row_ends_where_the_next_starts_with_a_warning() {
        let src =
            "|Name|Type|Description|\n|---|---|---|\n|A|String|first\n- more\n|B|String|second|\n";
        let j = join(src);
        let text: Vec<&str> = j.text.lines().collect();
        assert_eq!(text[2], "|A|String|first<br>- more|");
        assert_eq!(text[3], "|B|String|second|");
        assert_eq!(j.warnings.len(), 1);
        assert_eq!(j.warnings[0].line, 3);
    }

    #[test]
    fn headers_without_separator_and_rows_without_pipes_at_the_ends() {
        let out = rows_of("|Name|Type|Required|Description|\n|KeyId|String|Yes|The key.|\n");
        assert_eq!(out[1].1, "|---|---|---|---|");
        assert_eq!(out[2], (2, "|KeyId|String|Yes|The key.|".to_string()));

        let out = rows_of(
            "名称 | 类型 | 是否必填 | 描述 |\n|---|\nInstanceId | String | 是 | 实例ID。\n最多100个。\n|\nZoneId | String | 否 | 可用区。 |\n",
        );
        assert_eq!(out[1].1, "|---|---|---|---|");
        assert_eq!(
            out[2].1,
            "InstanceId | String | 是 | 实例ID。<br>最多100个。<br>|"
        );
        assert_eq!(out[2].0, 3);
        assert_eq!(out[3].1, "ZoneId | String | 否 | 可用区。 |");
    }

    #[test]
    fn a_table_resumed_after_a_note_gets_its_header_again() {
        let src = "|Name|Type|Description|\n|---|---|---|\n|A|String|a|\n\n**Note:** B is new.\n\n|B|String|b|\n\n## Next\n\n|C|String|c|\n";
        let j = join(src);
        let text: Vec<&str> = j.text.lines().collect();
        let b = text
            .iter()
            .position(|l| *l == "|B|String|b|")
            .expect("row B");
        assert_eq!(text[b - 2], "|Name|Type|Description|");
        assert_eq!(text[b - 1], "|---|---|---|");
        // After a heading the old header does not carry over.
        let c = text
            .iter()
            .position(|l| *l == "|C|String|c|")
            .expect("row C");
        assert_ne!(text[c - 1], "|---|---|---|");
    }

    #[test]
    fn a_header_right_after_the_last_row_starts_the_next_table() {
        let src = "Name | Type | Description |\n---|---|---|\nA | String | a |\nName | Type | Description |\n---|---|---|\nB | String | b |\n";
        let j = join(src);
        let text: Vec<&str> = j.text.lines().collect();
        assert_eq!(text[2], "A | String | a |");
        assert_eq!(text[3], "Name | Type | Description |");
        assert_eq!(text[4], "---|---|---|");
        let mut warnings = Vec::new();
        let lines: Vec<&str> = src.lines().collect();
        let t = table_at(&lines, 0, None, "\n", &mut warnings).expect("table");
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.end, 3);
    }

    #[test]
    fn pipes_in_code_spans_and_escapes_are_not_separators() {
        assert_eq!(count_pipes("|a|`x|y`|b \\| c|"), 4);
        assert_eq!(count_pipes("|a|`x|"), 3);
    }
}
