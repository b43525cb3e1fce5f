//! `docsdk scrape` and `docsdk lint`: pages → specs, every problem with file:line, and a summary.
//!
//! Both make the build's decision for each page ([`scrape::decide`]): an unedited spec follows
//! its page, a spec edited by hand wins over it, and an edited spec whose page changed since it
//! was written is reported with how to reconcile the two. Lint's summary shows which wins.
//!
//! Pages are scraped in parallel (every core unless `--jobs` says otherwise), then reported and
//! written in path order, so output is the same whatever the number of threads.

use docsdk_codegen::defaults::ServiceDefaults;
use docsdk_codegen::diag::Warning;
use docsdk_codegen::diff;
use docsdk_codegen::extract::{identity::provider_word, Hints};
use docsdk_codegen::load::manifest_hints;
use docsdk_codegen::scrape::{self, ScrapeError, Scraped, SpecSource, Written};
use docsdk_codegen::spec::Provider;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Pages above which a terminal gets a progress bar.
const PROGRESS_FROM: usize = 50;

/// What both commands read.
#[derive(clap::Args)]
pub struct PageArgs {
    /// Doc pages (.txt, .md, .html) or folders of them.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// A service-defaults file laid over the built-in defaults (default: the specs folder's
    /// own `service-defaults.toml`, when it has one).
    #[arg(long)]
    pub defaults: Option<PathBuf>,
    /// The cloud of pages that do not say (tencent, volcengine, alibaba; byteplus reads as volcengine).
    #[arg(long, value_parser = parse_provider)]
    pub provider: Option<Provider>,
    /// The service of pages that do not say (`ram`, `cvm`, …).
    #[arg(long)]
    pub service: Option<String>,
    /// The API version of pages that do not say (`2015-05-01`).
    #[arg(long)]
    pub version: Option<String>,
    /// Pages scraped at once (default: one per core).
    #[arg(long)]
    pub jobs: Option<usize>,
}

fn parse_provider(s: &str) -> Result<Provider, String> {
    provider_word(s).ok_or_else(|| format!("unknown provider `{s}` (tencent, volcengine, alibaba)"))
}

/// Whether specs are written (scrape) or only checked (lint).
pub enum Mode<'a> {
    Write { out: &'a Path, force: bool },
    Lint { specs: &'a Path },
}

impl Mode<'_> {
    fn specs_dir(&self) -> &Path {
        match self {
            Mode::Write { out, .. } => out,
            Mode::Lint { specs } => specs,
        }
    }
}

pub fn run(args: &PageArgs, mode: Mode) -> ExitCode {
    let (defaults, pages) = match inputs(args, &mode) {
        Ok(found) => found,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let flags = Hints::from_flags(
        args.provider,
        args.service.as_deref(),
        args.version.as_deref(),
    );
    // The page manifest's hints, as the build reads them: after the flags, before folders.
    let specs = mode.specs_dir();
    let manifest = match manifest_hints(specs, &specs.join("docs")) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let pages: Vec<(PathBuf, Hints)> = pages
        .into_iter()
        .map(|p| {
            let hints = manifest.with_flags(&flags, &p);
            (p, hints)
        })
        .collect();
    match scrape_pages(&pages, &defaults, &mode, args.jobs, &mut std::io::stdout()) {
        Ok(0) => ExitCode::SUCCESS,
        Ok(_) => ExitCode::from(1),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

/// Scrapes `pages` (each with the user's hints for it) and writes or lints their specs; warnings
/// go to stderr, the summary table and closing line to `out`. Returns how many pages failed.
pub fn scrape_pages(
    pages: &[(PathBuf, Hints)],
    defaults: &ServiceDefaults,
    mode: &Mode,
    jobs: Option<usize>,
    out: &mut dyn std::io::Write,
) -> Result<usize, rayon::ThreadPoolBuildError> {
    // `[source].path` relative to the specs folder in both modes, so lint compares the page
    // with the spec file as the build does (the recorded hash covers that path).
    let base = Some(mode.specs_dir());
    let results = scrape_all(pages, base, defaults, jobs)?;
    let mut failed = 0;
    let mut ok = Vec::new();
    for r in results {
        match r {
            Ok(s) => ok.push(s),
            Err(e) => {
                failed += 1;
                eprintln!("error: {e}");
            }
        }
    }
    let (kept, duplicates) = scrape::resolve_duplicates(ok);
    let mut report = Report::default();
    for page in &kept {
        print_warnings(&page.page, &page.warnings);
        if let Err(e) = handle(page, mode, &mut report) {
            failed += 1;
            eprintln!("error: {e}");
        }
    }
    for (page, w) in &duplicates {
        print_warnings(page, std::slice::from_ref(w));
    }
    let printed = report
        .print(out)
        .and_then(|_| writeln!(out, "{}", summary(pages.len(), failed, duplicates.len())));
    if let Err(e) = printed {
        eprintln!("warning: cannot print the summary: {e}");
    }
    Ok(failed)
}

/// The service defaults and the pages to read; an error here stops the command (exit 2).
fn inputs(args: &PageArgs, mode: &Mode) -> Result<(ServiceDefaults, Vec<PathBuf>), String> {
    let defaults = match &args.defaults {
        Some(f) => ServiceDefaults::load_file(f),
        None => ServiceDefaults::load_dir(mode.specs_dir()),
    }
    .map_err(|e| e.to_string())?;
    let pages = scrape::collect_pages(&args.inputs).map_err(|e| e.to_string())?;
    if pages.is_empty() {
        return Err("no doc pages (.txt, .md, .html) found in the given paths".into());
    }
    Ok((defaults, pages))
}

/// One scraped page: the build's decision between it and its spec file, the spec written
/// (scrape) or the decision shown (lint), and the notice when the page changed under an edit.
fn handle(page: &Scraped, mode: &Mode, report: &mut Report) -> Result<(), ScrapeError> {
    // With --force the page wins, as the file is rewritten from it.
    let decision = match mode {
        Mode::Write { force: true, .. } => None,
        _ => Some(scrape::decide(page, mode.specs_dir())?),
    };
    match mode {
        Mode::Write { out, force } => {
            let state = write(out, page, *force, report)?;
            report.row(page, state);
        }
        Mode::Lint { .. } => {
            let source = decision.as_ref().map_or(SpecSource::Page, |d| d.source);
            report.row(page, source.as_str());
        }
    }
    if let Some(notice) = decision.as_ref().and_then(|d| d.notice()) {
        eprintln!("warning: {notice}");
    }
    Ok(())
}

/// The closing line: pages read, scraped, failed, and duplicates.
fn summary(pages: usize, failed: usize, duplicates: usize) -> String {
    let duplicates = if duplicates == 0 {
        String::new()
    } else {
        format!(", {duplicates} documenting an action another page documents")
    };
    format!(
        "{pages} pages, {} scraped, {failed} failed{duplicates}",
        pages - failed.min(pages)
    )
}

/// Scrapes every page on `jobs` threads; results come back in page order.
fn scrape_all(
    pages: &[(PathBuf, Hints)],
    base: Option<&Path>,
    defaults: &ServiceDefaults,
    jobs: Option<usize>,
) -> Result<Vec<Result<Scraped, ScrapeError>>, rayon::ThreadPoolBuildError> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.unwrap_or(0))
        .build()?;
    let bar = if pages.len() >= PROGRESS_FROM && std::io::stderr().is_terminal() {
        ProgressBar::with_draw_target(Some(pages.len() as u64), ProgressDrawTarget::stderr())
    } else {
        ProgressBar::hidden()
    };
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} pages {per_sec} {eta}") {
        bar.set_style(style);
    }
    let results = pool.install(|| {
        pages
            .par_iter()
            .map(|(page, hints)| {
                let r = scrape::scrape_page_with(page, base, defaults, hints);
                bar.inc(1);
                r
            })
            .collect()
    });
    bar.finish_and_clear();
    Ok(results)
}

fn print_warnings(page: &Path, warnings: &[Warning]) {
    for w in warnings {
        eprintln!(
            "{}: {}:{}: {}",
            w.level.as_str(),
            page.display(),
            w.line,
            w.message
        );
    }
}

/// Writes one spec; returns what happened to the file, for the summary.
fn write(
    out: &Path,
    page: &Scraped,
    force: bool,
    report: &mut Report,
) -> Result<&'static str, ScrapeError> {
    let spec = &page.spec;
    let before = std::fs::read_to_string(out.join(spec.relative_path())).ok();
    let (path, written) = scrape::write_spec(out, spec, force)?;
    let state = match written {
        Written::Created => "created",
        Written::Updated => {
            match before.as_deref().map(|t| diff::changes_since(t, spec)) {
                Some(Ok(c)) if !c.is_empty() => report.changed.push((spec.relative_path(), c)),
                Some(Err(e)) => eprintln!("warning: previous spec unreadable: {e}"),
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
    };
    match scrape::with_override(spec.clone(), &path) {
        Ok((_, notes)) => notes.iter().for_each(|n| eprintln!("note: {n}")),
        Err(e) => eprintln!("warning: {e}"),
    }
    Ok(state)
}

/// The summary table, and what changed in specs a re-scrape rewrote.
#[derive(Default)]
struct Report {
    rows: Vec<[String; 8]>,
    changed: Vec<(PathBuf, Vec<diff::Change>)>,
}

impl Report {
    fn row(&mut self, page: &Scraped, state: &str) {
        let spec = &page.spec;
        let constraints: usize = spec
            .request
            .iter()
            .chain(spec.structs.iter().flat_map(|s| s.fields.iter()))
            .map(|f| f.constraints.count())
            .sum();
        let a = &spec.action;
        self.rows.push([
            format!("{}.{}.{}", a.provider, a.service, a.name),
            a.version.clone(),
            spec.request.len().to_string(),
            spec.response.len().to_string(),
            constraints.to_string(),
            spec.errors.len().to_string(),
            page.warnings
                .iter()
                .filter(|w| !w.is_note())
                .count()
                .to_string(),
            state.to_string(),
        ]);
    }

    fn print(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let header = [
            "action",
            "version",
            "params",
            "response",
            "constraints",
            "errors",
            "warnings",
            "spec",
        ];
        let mut widths: Vec<usize> = header.iter().map(|h| h.len()).collect();
        for r in &self.rows {
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
        writeln!(out, "{}", line(header.to_vec()))?;
        for r in &self.rows {
            writeln!(out, "{}", line(r.iter().map(String::as_str).collect()))?;
        }
        for (path, changes) in &self.changed {
            writeln!(
                out,
                "{}:\n{}",
                path.display(),
                diff::render_compact(changes).trim_end()
            )?;
        }
        Ok(())
    }
}
