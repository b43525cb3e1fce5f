//! Renderings of a diff: a table for people, JSON for tools, compact lines for `scrape`.

use super::{Change, Report};

/// Longest cell the table prints; JSON always carries the full text.
const MAX_CELL: usize = 60;

fn clip(s: &str) -> String {
    if s.chars().count() <= MAX_CELL {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(MAX_CELL - 1).collect();
        out.push('…');
        out
    }
}

fn before_after(c: &Change) -> String {
    let side = |v: &Option<String>| v.as_deref().map_or_else(|| "-".to_string(), clip);
    format!("{} → {}", side(&c.before), side(&c.after))
}

fn what(c: &Change) -> String {
    match &c.note {
        Some(note) => format!("{} ({note})", c.what()),
        None => c.what(),
    }
}

/// The table `docsdk diff` prints, with a summary line.
pub fn render_table(report: &Report) -> String {
    let header = ["action", "change", "before → after", "class"];
    let rows: Vec<[String; 4]> = report
        .changes
        .iter()
        .map(|c| {
            [
                c.action.clone(),
                what(c),
                before_after(c),
                c.severity.as_str().to_string(),
            ]
        })
        .collect();
    let mut out = String::new();
    if !rows.is_empty() {
        let mut widths = header.map(|h| h.chars().count());
        for r in &rows {
            for (w, cell) in widths.iter_mut().zip(r) {
                *w = (*w).max(cell.chars().count());
            }
        }
        let line = |cells: [&str; 4]| {
            let mut l = String::new();
            for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
                if i > 0 {
                    l.push_str("  ");
                }
                l.push_str(cell);
                l.push_str(&" ".repeat(w - cell.chars().count()));
            }
            l.trim_end().to_string() + "\n"
        };
        out.push_str(&line(header));
        for r in &rows {
            out.push_str(&line([&r[0], &r[1], &r[2], &r[3]]));
        }
    }
    out.push_str(&summary(report));
    out.push('\n');
    out
}

/// `3 changes (1 breaking, 2 compatible) in 5 actions compared`.
pub fn summary(report: &Report) -> String {
    if report.changes.is_empty() {
        return format!("no changes in {} actions compared", report.compared);
    }
    format!(
        "{} change{} ({} breaking, {} compatible); {} actions compared",
        report.changes.len(),
        if report.changes.len() == 1 { "" } else { "s" },
        report.breaking,
        report.compatible,
        report.compared
    )
}

/// The report as pretty JSON: `{compared, breaking, compatible, changes: [...]}`.
pub fn render_json(report: &Report) -> String {
    // The report holds only strings, numbers and enums, so serialization cannot fail.
    serde_json::to_string_pretty(report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

/// One line per change for an action that was just re-scraped, indented for use under the
/// scrape table: `  breaking    param Limit max_items: 100 → 50`.
pub fn render_compact(changes: &[Change]) -> String {
    changes
        .iter()
        .map(|c| {
            format!(
                "  {:<10}  {}: {}\n",
                c.severity.as_str(),
                what(c),
                before_after(c)
            )
        })
        .collect()
}
