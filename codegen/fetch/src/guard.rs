//! The page guard: a response that would make the saved page worse is refused.
//!
//! Servers answer 200 with a maintenance page, a login wall or an empty shell often enough
//! that "200" cannot mean "the page". The guard reads both pages with the scraper's own
//! readers (the format from the file name, as the scraper picks it) and refuses a page that
//! has lost every API table the saved one had.

use docsdk_codegen::blocks::{Block, Format};
use std::path::Path;

/// Why the guard refused a new page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Nothing but whitespace.
    Empty,
    /// No table where the saved page has `old_tables`.
    NoTables { old_tables: usize },
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::Empty => f.write_str("empty body"),
            Refusal::NoTables { old_tables } => write!(
                f,
                "served an error page: no API tables, the saved page has {old_tables}"
            ),
        }
    }
}

/// Tables the scraper's reader finds in `text` read as the format of `file`.
pub fn count_tables(text: &str, file: &Path) -> usize {
    docsdk_codegen::read::read(text, Format::from_path(file))
        .blocks
        .iter()
        .filter(|b| matches!(b, Block::Table(_)))
        .count()
}

/// Checks `new` (as it would be stored in `file`) against the saved page `old`, if any.
pub fn check(new: &str, old: Option<&str>, file: &Path) -> Result<(), Refusal> {
    if new.trim().is_empty() {
        return Err(Refusal::Empty);
    }
    let Some(old) = old else { return Ok(()) };
    let old_tables = count_tables(old, file);
    if old_tables > 0 && count_tables(new, file) == 0 {
        return Err(Refusal::NoTables { old_tables });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = "Parameter Name | Required | Type | Description |\n---|---|---|---|\nRegionId | Yes | String | The region. |\n";

    #[test]
    fn refuses_empty_and_tableless() {
        let f = Path::new("a.txt");
        assert_eq!(check(" \n\t", None, f), Err(Refusal::Empty));
        assert_eq!(count_tables(TABLE, f), 1);
        assert_eq!(
            check("Service unavailable", Some(TABLE), f),
            Err(Refusal::NoTables { old_tables: 1 })
        );
        assert_eq!(check("Just prose", None, f), Ok(()));
        assert_eq!(check("Prose, new", Some("Prose, old"), f), Ok(()));
        assert_eq!(check(TABLE, Some(TABLE), f), Ok(()));
    }
}
