//! `docsdk fetch` and `docsdk sync`: keep the saved pages current with the doc sites, and say
//! what their changes do to users.
//!
//! `fetch` downloads the pages `specs/pages.toml` tracks (`--add URL` tracks more) with
//! `docsdk-fetch`: conditional requests, a per-host rate limit, retries, and never a page on
//! disk worse than before. `sync` is the job a scheduled CI run wants: fetch, scrape the pages
//! that changed into their specs, and compare what the build generates from before and after
//! — the specs [`load_specs`] gives, so hand edits and overrides count as the build counts
//! them.

use super::scrape::{scrape_pages, Mode};
use docsdk_codegen::defaults::ServiceDefaults;
use docsdk_codegen::diff::{self, Report, ReportFormat};
use docsdk_codegen::extract::{identity::provider_word, Hints};
use docsdk_codegen::load::{load_specs, manifest_hints, MANIFEST_FILE};
use docsdk_fetch::{FetchOptions, FetchReport, Manifest, PageOutcome, StoreMode};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

/// What both commands read and how they fetch.
#[derive(Debug, Clone, clap::Args)]
pub struct FetchArgs {
    /// The specs folder: `pages.toml` lists the tracked pages, saved under `docs/`.
    #[arg(long, default_value = "specs")]
    pub specs: PathBuf,
    /// The pages folder the manifest's `file`s are under (default: `<specs>/docs`, where the
    /// build reads them; a crate whose `build.rs` reads pages elsewhere names that folder).
    #[arg(long)]
    pub docs: Option<PathBuf>,
    /// Fetch only these pages (URLs or files as the manifest names them).
    pub pages: Vec<String>,
    /// Pages fetched at once.
    #[arg(long, default_value_t = 4)]
    pub concurrency: usize,
    /// Requests per second to any one host (0: no limit).
    #[arg(long, default_value_t = 2.0)]
    pub rate: f64,
    /// Seconds one request may take, body included.
    #[arg(long, default_value_t = 30)]
    pub timeout: u64,
    /// Retries after the first attempt (on 429, 5xx, timeouts, dropped connections).
    #[arg(long, default_value_t = 3)]
    pub retries: u32,
}

impl FetchArgs {
    fn manifest_path(&self) -> PathBuf {
        self.specs.join(MANIFEST_FILE)
    }

    fn docs_dir(&self) -> PathBuf {
        self.docs.clone().unwrap_or_else(|| self.specs.join("docs"))
    }

    fn options(&self) -> FetchOptions {
        FetchOptions {
            concurrency: self.concurrency.max(1),
            per_host_rate: (self.rate > 0.0).then_some(self.rate),
            timeout: Duration::from_secs(self.timeout.max(1)),
            retries: self.retries,
            ..FetchOptions::default()
        }
    }
}

/// `docsdk fetch`'s own options.
#[derive(Debug, Clone, clap::Args)]
pub struct AddArgs {
    /// Track these URLs (added to pages.toml, then fetched).
    #[arg(long = "add", value_name = "URL")]
    pub add: Vec<String>,
    /// The cloud of the added pages; with --service they are saved under
    /// `docs/<provider>/<service>/`, the folder convention the scraper and the build read.
    #[arg(long, requires = "add")]
    pub provider: Option<String>,
    /// The service of the added pages (`cvm`, `ecs`, …).
    #[arg(long, requires = "add")]
    pub service: Option<String>,
    /// The API version of the added pages, when they do not say.
    #[arg(long, requires = "add")]
    pub version: Option<String>,
    /// Save the added pages as readable text (`.txt`) instead of the HTML as fetched.
    #[arg(long, requires = "add")]
    pub text: bool,
}

pub fn run_fetch(args: &FetchArgs, add: &AddArgs) -> ExitCode {
    let mut manifest = match Manifest::load(&args.manifest_path()) {
        Ok(m) => m,
        Err(e) => return fail(e),
    };
    let mut only = args.pages.clone();
    if !add.add.is_empty() {
        match track(&mut manifest, add) {
            Ok(files) => only.extend(files),
            Err(e) => return fail(e),
        }
        if let Err(e) = manifest.save(&args.manifest_path()) {
            return fail(e);
        }
        println!(
            "{}: tracking {} pages",
            args.manifest_path().display(),
            manifest.pages.len()
        );
    }
    match fetch(&manifest, args, &only) {
        Ok(report) => {
            println!("{}", report.summary());
            ExitCode::from(report.exit_code())
        }
        Err(e) => fail(e),
    }
}

/// Adds the URLs to the manifest, under the provider/service folder when both are given;
/// returns the files added.
fn track(manifest: &mut Manifest, add: &AddArgs) -> Result<Vec<String>, String> {
    // The folder is named by the provider's own name, whichever word the user gave for it.
    let provider = match &add.provider {
        Some(p) => Some(
            provider_word(p)
                .ok_or_else(|| format!("unknown provider `{p}` (tencent, volcengine, alibaba)"))?,
        ),
        None => None,
    };
    let store = if add.text {
        StoreMode::Text
    } else {
        StoreMode::Html
    };
    let folder = match (provider, &add.service) {
        (Some(p), Some(s)) => Some(match &add.version {
            Some(v) => format!("{p}/{}/{v}", s.to_ascii_lowercase()),
            None => format!("{p}/{}", s.to_ascii_lowercase()),
        }),
        _ => None,
    };
    let mut files = Vec::new();
    for url in &add.add {
        let entry = manifest.add(url, store).map_err(|e| e.to_string())?;
        if let Some(folder) = &folder {
            entry.file = format!("{folder}/{}", entry.file);
        }
        entry.provider.clone_from(&add.provider);
        entry.service.clone_from(&add.service);
        entry.version.clone_from(&add.version);
        files.push(entry.file.clone());
    }
    manifest.check()?;
    Ok(files)
}

/// Fetches, printing one line per page to stderr as it finishes.
fn fetch(manifest: &Manifest, args: &FetchArgs, only: &[String]) -> Result<FetchReport, String> {
    let print = |page: &PageOutcome| eprintln!("{page}");
    docsdk_fetch::fetch_blocking_with_progress(
        manifest,
        &args.docs_dir(),
        &args.options(),
        only,
        print,
    )
    .map_err(|e| e.to_string())
}

fn fail(e: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {e}");
    ExitCode::from(2)
}

/// `docsdk sync`: fetch, scrape what changed, and report what the changes do to users.
///
/// Exit codes: 1 when a change breaks users (even if some pages could not be fetched: what
/// was fetched already needs attention), 2 when pages could not be fetched or the specs not
/// read, 0 otherwise.
pub fn run_sync(args: &FetchArgs, format: ReportFormat) -> ExitCode {
    let manifest = match Manifest::load(&args.manifest_path()) {
        Ok(m) if m.pages.is_empty() => {
            return fail(format!(
                "{} tracks no pages: add some with `docsdk fetch --add URL`",
                args.manifest_path().display()
            ))
        }
        Ok(m) => m,
        Err(e) => return fail(e),
    };
    let docs = args.docs_dir();
    let before = match load_specs(&args.specs, &docs) {
        Ok(l) => l.specs,
        Err(e) => return fail(e),
    };
    let fetched = match fetch(&manifest, args, &args.pages) {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    if let Err(e) = rescrape(&fetched, &args.specs, &docs) {
        return fail(e);
    }
    let after = match load_specs(&args.specs, &docs) {
        Ok(l) => l.specs,
        Err(e) => return fail(e),
    };
    let report = diff::diff_specs(&before, &after);
    let code = sync_exit_code(&report, &fetched);
    let printed = if format == ReportFormat::Json {
        println!("{}", sync_json(&fetched, &report, code));
        Ok(())
    } else {
        eprintln!("{}", fetched.summary());
        print_table(&report)
    };
    if let Err(e) = printed {
        return fail(e);
    }
    ExitCode::from(code)
}

/// The pages that changed, scraped into their specs (hand-edited specs are kept, with a
/// warning, as `docsdk scrape` does). The scrape's table goes to stderr: stdout is the report.
fn rescrape(fetched: &FetchReport, specs: &Path, docs: &Path) -> Result<(), String> {
    // The manifest's hints, read as the build reads them.
    let hints = manifest_hints(specs, docs).map_err(|e| e.to_string())?;
    let changed: Vec<(PathBuf, Hints)> = fetched
        .updated()
        .map(|page| {
            let given = hints.for_page(&page.path).cloned().unwrap_or_default();
            (page.path.clone(), given)
        })
        .collect();
    if changed.is_empty() {
        return Ok(());
    }
    let defaults = ServiceDefaults::load_dir(specs).map_err(|e| e.to_string())?;
    let mode = Mode::Write {
        out: specs,
        force: false,
    };
    let failed = scrape_pages(&changed, &defaults, &mode, None, &mut std::io::stderr())
        .map_err(|e| e.to_string())?;
    if failed > 0 {
        eprintln!("warning: {failed} fetched pages could not be scraped (see above)");
    }
    Ok(())
}

fn sync_exit_code(report: &Report, fetched: &FetchReport) -> u8 {
    if report.has_breaking() {
        1
    } else if fetched.failed().next().is_some() {
        2
    } else {
        0
    }
}

fn print_table(report: &Report) -> Result<(), String> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(diff::render_table(report).as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(format!("cannot write the report: {e}"))
        }
        _ => Ok(()),
    }
}

/// `{"pages": [...], "diff": {...}, "exit": N}` for tools.
fn sync_json(fetched: &FetchReport, report: &Report, exit: u8) -> String {
    let pages: Vec<serde_json::Value> = fetched
        .pages
        .iter()
        .map(|p| {
            serde_json::json!({
                "file": p.file,
                "url": p.url,
                "status": status_word(p),
                "reason": p.failure().map(|f| f.to_string()),
                "attempts": p.attempts,
            })
        })
        .collect();
    serde_json::json!({ "pages": pages, "diff": report, "exit": exit }).to_string()
}

fn status_word(p: &PageOutcome) -> &'static str {
    use docsdk_fetch::Status;
    match p.status {
        Status::Unchanged { .. } => "unchanged",
        Status::Updated => "updated",
        Status::Added => "added",
        Status::Skipped(_) => "skipped",
        Status::Failed(_) => "failed",
    }
}
