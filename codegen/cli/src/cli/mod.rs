//! The command-line tool's commands that need more than a few lines.

pub mod fetch;
pub mod generate;
pub mod scrape;
