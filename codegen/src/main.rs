//! `docsdk`: scrape doc pages into specs, lint them, and generate clients.

use clap::{Parser, Subcommand};
use docsdk_codegen::blocks::Format;
use docsdk_codegen::defaults::ServiceDefaults;
use docsdk_codegen::diff;
use docsdk_codegen::scrape::{self, Written};
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
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// The specs folder to write (holds service-defaults.toml and overrides).
        #[arg(long, default_value = "specs")]
        out: PathBuf,
        /// Overwrite specs that were edited by hand (overrides are always kept).
        #[arg(long)]
        force: bool,
        /// Service defaults file (default: `<out>/service-defaults.toml`).
        #[arg(long)]
        defaults: Option<PathBuf>,
    },
    /// Report what a scrape would warn about, with file:line, without writing anything.
    Lint {
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// The specs folder whose service-defaults.toml to use.
        #[arg(long, default_value = "specs")]
        specs: PathBuf,
        /// Service defaults file (default: `<specs>/service-defaults.toml`).
        #[arg(long)]
        defaults: Option<PathBuf>,
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
    /// (a module tree using `docsdk_clients::runtime`; files are rewritten only when they change).
    Generate {
        /// The folder to write (its `mod.rs` is the root module).
        #[arg(long)]
        out: PathBuf,
        /// The specs folder (pages in `<specs>/docs` are scraped, overrides applied).
        #[arg(long, default_value = "specs")]
        specs: PathBuf,
        /// Only these actions (`provider.service.Action`, or `provider` / `provider.service`).
        #[arg(long)]
        only: Vec<String>,
    },
    /// Serve a local endpoint that answers the specs' actions like the clouds do.
    #[cfg(feature = "mock")]
    Mock(docsdk_codegen::mock::MockArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Scrape {
            inputs,
            out,
            force,
            defaults,
        } => scrape_cmd(&inputs, &out, defaults.as_deref(), force, true),
        Command::Lint {
            inputs,
            specs,
            defaults,
        } => scrape_cmd(&inputs, &specs, defaults.as_deref(), false, false),
        Command::Blocks { page } => blocks_cmd(&page),
        Command::Generate { out, specs, only } => generate_cmd(&out, &specs, &only),
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

fn load_defaults(specs: &Path, file: Option<&Path>) -> Result<ServiceDefaults, ExitCode> {
    let loaded = match file {
        Some(f) => std::fs::read_to_string(f)
            .map_err(|e| format!("{}: {e}", f.display()))
            .and_then(|t| {
                ServiceDefaults::parse(&t, &f.display().to_string()).map_err(|e| e.to_string())
            }),
        None => ServiceDefaults::load_dir(specs).map_err(|e| e.to_string()),
    };
    loaded.map_err(|e| {
        eprintln!("error: {e}");
        ExitCode::from(2)
    })
}

fn scrape_cmd(
    inputs: &[PathBuf],
    out: &Path,
    defaults_file: Option<&Path>,
    force: bool,
    write: bool,
) -> ExitCode {
    let defaults = match load_defaults(out, defaults_file) {
        Ok(d) => d,
        Err(code) => return code,
    };
    let pages = match scrape::collect_pages(inputs) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    if pages.is_empty() {
        eprintln!("error: no doc pages (.txt, .md, .html) found in the given paths");
        return ExitCode::from(2);
    }
    let mut failed = 0;
    let mut rows = Vec::new();
    // What changed in specs a re-scrape rewrote, shown after the summary.
    let mut changed = Vec::new();
    for page in &pages {
        let scraped = match scrape::scrape_page(page, Some(out), &defaults) {
            Ok(s) => s,
            Err(e) => {
                failed += 1;
                eprintln!("error: {e}");
                continue;
            }
        };
        for w in &scraped.warnings {
            eprintln!("warning: {}:{}: {}", page.display(), w.line, w.message);
        }
        let spec = &scraped.spec;
        let mut state = String::from("-");
        if write {
            let before = std::fs::read_to_string(out.join(spec.relative_path())).ok();
            match scrape::write_spec(out, spec, force) {
                Ok((path, written)) => {
                    state = match written {
                        Written::Created => "created",
                        Written::Updated => {
                            match before.as_deref().map(|t| diff::changes_since(t, spec)) {
                                Some(Ok(c)) if !c.is_empty() => {
                                    changed.push((spec.relative_path(), c))
                                }
                                Some(Err(e)) => {
                                    eprintln!("warning: previous spec unreadable: {e}")
                                }
                                _ => {}
                            }
                            "updated"
                        }
                        Written::Unchanged => "unchanged",
                        Written::KeptUserEdits => {
                            eprintln!(
                                "warning: {}: edited by hand, left as it is (move edits into an .override.toml, or pass --force)",
                                path.display()
                            );
                            "kept edits"
                        }
                    }
                    .to_string();
                    match scrape::with_override(spec.clone(), &path) {
                        Ok((_, notes)) => notes.iter().for_each(|n| eprintln!("note: {n}")),
                        Err(e) => eprintln!("warning: {e}"),
                    }
                }
                Err(e) => {
                    failed += 1;
                    eprintln!("error: {e}");
                    continue;
                }
            }
        }
        let constraints: usize = spec
            .request
            .iter()
            .chain(spec.structs.iter().flat_map(|s| s.fields.iter()))
            .map(|f| f.constraints.count())
            .sum();
        rows.push([
            format!(
                "{}.{}.{}",
                spec.action.provider, spec.action.service, spec.action.name
            ),
            spec.action.version.clone(),
            spec.request.len().to_string(),
            spec.response.len().to_string(),
            constraints.to_string(),
            spec.errors.len().to_string(),
            scraped.warnings.len().to_string(),
            state,
        ]);
    }
    print_table(
        &[
            "action",
            "version",
            "params",
            "response",
            "constraints",
            "errors",
            "warnings",
            "spec",
        ],
        &rows,
    );
    for (path, changes) in &changed {
        println!(
            "{}:\n{}",
            path.display(),
            diff::render_compact(changes).trim_end()
        );
    }
    println!(
        "{} pages, {} scraped, {} failed",
        pages.len(),
        rows.len(),
        failed
    );
    if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn print_table(header: &[&str], rows: &[[String; 8]]) {
    let mut widths: Vec<usize> = header.iter().map(|h| h.len()).collect();
    for r in rows {
        for (w, c) in widths.iter_mut().zip(r.iter()) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    println!("{}", line(header.to_vec()));
    for r in rows {
        println!("{}", line(r.iter().map(String::as_str).collect()));
    }
}

fn generate_cmd(out: &Path, specs_dir: &Path, only: &[String]) -> ExitCode {
    let loaded = match docsdk_codegen::load::load_specs(specs_dir, &specs_dir.join("docs")) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    for (path, w) in &loaded.warnings {
        eprintln!("warning: {}:{}: {}", path.display(), w.line, w.message);
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
    match docsdk_codegen::generate::generate_to_dir(&selected, out) {
        Ok(written) => {
            println!(
                "{} actions → {} ({} files rewritten)",
                selected.len(),
                out.display(),
                written.len()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
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
