//! `docsdk`: scrape doc pages into specs, lint them, and generate clients.

mod cli;
mod mock;

use clap::{Parser, Subcommand};
use docsdk_codegen::blocks::Format;
use docsdk_codegen::scrape;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "docsdk",
    version,
    about = "Typed Rust clients from cloud API doc pages"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Scrape doc pages (files or folders) into `<out>/<provider>/<service>/<version>/<Action>.toml`.
    Scrape {
        #[command(flatten)]
        pages: cli::scrape::PageArgs,
        /// The specs folder to write (holds service-defaults.toml and overrides).
        #[arg(long, default_value = "specs")]
        out: PathBuf,
        /// Overwrite specs that were edited by hand with what the page says (overrides are
        /// always kept). Without it an edited spec is kept, and the build generates from it.
        #[arg(long)]
        force: bool,
    },
    /// Report what a scrape would warn about, with file:line, and whether the build uses each
    /// page or its hand-edited spec, without writing anything.
    Lint {
        #[command(flatten)]
        pages: cli::scrape::PageArgs,
        /// The specs folder: its service-defaults.toml, and the spec files the pages are
        /// compared with.
        #[arg(long, default_value = "specs")]
        specs: PathBuf,
    },
    /// Compare two sets of specs (page folders, spec folders or git `REV:path`); exits 1 when a change breaks users.
    Diff {
        old: String,
        new: String,
        /// The specs folder whose service-defaults.toml scrapes page folders.
        #[arg(long, default_value = "specs")]
        specs: PathBuf,
        /// Print JSON for tools instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Print the blocks (headings, paragraphs, tables, code) a reader sees in a page, as JSON.
    Blocks { page: PathBuf },
    /// Write the generated client modules to a folder, for users who vendor the code
    /// (a module tree whose one dependency is the `docsdk-runtime` crate; files are rewritten only when they change).
    Generate(cli::generate::GenerateArgs),
    /// Serve a local endpoint that answers the specs' actions like the clouds do.
    Mock(mock::MockArgs),
    /// Download the pages `<specs>/pages.toml` tracks into `<specs>/docs` (`--add URL` tracks
    /// more): conditional requests, a per-host rate limit, retries; a page is only ever
    /// replaced by a complete, better one.
    Fetch {
        #[command(flatten)]
        fetch: cli::fetch::FetchArgs,
        #[command(flatten)]
        add: cli::fetch::AddArgs,
    },
    /// Fetch, scrape the pages that changed, and show what that changes for users: exits 1 when
    /// a change breaks users, 2 when pages could not be fetched, 0 otherwise (for scheduled CI).
    Sync {
        #[command(flatten)]
        fetch: cli::fetch::FetchArgs,
        /// Print JSON for tools instead of a table.
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Scrape { pages, out, force } => {
            cli::scrape::run(&pages, cli::scrape::Mode::Write { out: &out, force })
        }
        Command::Lint { pages, specs } => {
            cli::scrape::run(&pages, cli::scrape::Mode::Lint { specs: &specs })
        }
        Command::Blocks { page } => blocks_cmd(&page),
        Command::Generate(args) => cli::generate::run(&args),
        Command::Mock(args) => mock::run(args),
        Command::Fetch { fetch, add } => cli::fetch::run_fetch(&fetch, &add),
        Command::Sync { fetch, json } => cli::fetch::run_sync(&fetch, report_format(json)),
        Command::Diff {
            old,
            new,
            specs,
            json,
        } => ExitCode::from(docsdk_codegen::diff::run(
            &old,
            &new,
            &specs,
            report_format(json),
        )),
    }
}

fn report_format(json: bool) -> docsdk_codegen::diff::ReportFormat {
    if json {
        docsdk_codegen::diff::ReportFormat::Json
    } else {
        docsdk_codegen::diff::ReportFormat::Table
    }
}

fn blocks_cmd(page: &Path) -> ExitCode {
    match scrape::read_page(page) {
        Ok((text, _)) => {
            let doc = docsdk_codegen::read::read(&text, Format::from_path(page));
            match serde_json::to_string_pretty(&doc) {
                Ok(json) => {
                    println!("{json}");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(1)
                }
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}
