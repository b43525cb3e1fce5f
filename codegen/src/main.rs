//! `docsdk`: scrape doc pages into specs, lint them, and generate clients.

mod cli;

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
    Generate {
        /// The folder to write (its `mod.rs` is the root module).
        #[arg(long)]
        out: PathBuf,
        /// The specs folder (pages in `<specs>/docs` are scraped unless their spec was edited by
        /// hand, overrides applied).
        #[arg(long, default_value = "specs")]
        specs: PathBuf,
        /// Only these actions (`provider.service.Action`, or `provider` / `provider.service`).
        #[arg(long)]
        only: Vec<String>,
        /// Fail when an action cannot be generated instead of leaving it out with a warning.
        #[arg(long)]
        strict: bool,
    },
    /// Serve a local endpoint that answers the specs' actions like the clouds do.
    #[cfg(feature = "mock")]
    Mock(docsdk_codegen::mock::MockArgs),
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
        Command::Generate {
            out,
            specs,
            only,
            strict,
        } => generate_cmd(&out, &specs, &only, strict),
        #[cfg(feature = "mock")]
        Command::Mock(args) => docsdk_codegen::mock::run_cli(args),
        Command::Diff {
            old,
            new,
            specs,
            json,
        } => ExitCode::from(docsdk_codegen::diff::run(&old, &new, &specs, json)),
    }
}

fn generate_cmd(out: &Path, specs_dir: &Path, only: &[String], strict: bool) -> ExitCode {
    let loaded = match docsdk_codegen::load::load_specs(specs_dir, &specs_dir.join("docs")) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    for (path, w) in &loaded.warnings {
        eprintln!(
            "{}: {}:{}: {}",
            w.level.as_str(),
            path.display(),
            w.line,
            w.message
        );
    }
    for n in &loaded.page_changed {
        eprintln!("warning: {n}");
    }
    let selected: Vec<_> = loaded
        .specs
        .into_iter()
        .filter(|s| {
            let a = &s.action;
            let full = format!("{}.{}.{}", a.provider, a.service, a.name);
            only.is_empty()
                || only
                    .iter()
                    .any(|o| full == *o || full.starts_with(&format!("{o}.")))
        })
        .collect();
    if selected.is_empty() {
        eprintln!("error: no actions selected");
        return ExitCode::from(2);
    }
    let settings = docsdk_codegen::generate::Settings::vendored();
    let output = match docsdk_codegen::generate::generate_output(&selected, &settings) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    for w in &output.warnings {
        eprintln!("warning: {w}");
    }
    // An action that cannot be generated is left out; the others are written. `--strict`
    // turns that into a failure, as `Builder::strict` does in a build script.
    for l in &output.left_out {
        eprintln!("{}: {l}", if strict { "error" } else { "warning" });
    }
    if strict && !output.left_out.is_empty() {
        return ExitCode::from(1);
    }
    match docsdk_codegen::generate::write_files(out, &output.files) {
        Ok(written) => {
            println!(
                "{} actions → {} ({} files rewritten, {} left out)",
                selected.len() - output.left_out.len(),
                out.display(),
                written.len(),
                output.left_out.len()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {}: {e}", out.display());
            ExitCode::from(1)
        }
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
