//! The build-script API, prost-build style:
//!
//! ```no_run
//! docsdk_codegen::builder::Builder::new()
//!     .specs_dir("../specs")
//!     .docs_dir("../specs/docs")
//!     .only(["tencent", "volcengine-ecs"])
//!     .generate()
//!     .expect("docsdk codegen");
//! ```
//!
//! It scrapes every page under `docs_dir`, loads the hand-written `*.toml` specs under
//! `specs_dir` (not `*.override.toml`, not `service-defaults*`), applies each
//! `<Action>.override.toml`, generates, writes each file only when its bytes change, and prints
//! `cargo:rerun-if-changed` for every page, spec, override and folder it read (never for a
//! path that does not exist).
//!
//! The reviewed spec is the contract: a page's action is generated from the page only while
//! its spec file is as `docsdk scrape` wrote it. A spec edited by hand is generated from as
//! edited; when its page has changed since, the build still uses the edited spec and says so
//! ([`Report::page_changed`], printed as `cargo:warning=docsdk: …`). See [`crate::load`].

use crate::cache::{self, Cache, CacheError};
use crate::generate::{self, GenerateError, GeneratedFile, LeftOut, Settings, Warning};
use crate::scrape::PageChanged;
use crate::spec::{Spec, SpecError};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error(transparent)]
    Spec(#[from] SpecError),
    #[error(transparent)]
    Load(#[from] crate::load::LoadError),
    #[error("no specs folder: set Builder::specs_dir")]
    NoSpecsDir,
    #[error(transparent)]
    Generate(#[from] GenerateError),
    #[error("no output folder: set Builder::out_dir or run from a build script (OUT_DIR)")]
    NoOutDir,
    #[error(transparent)]
    Cache(#[from] CacheError),
    /// With [`Builder::strict`]: actions the generator could not generate.
    #[error("{} action(s) could not be generated:{}", .0.len(), .0.iter().map(|l| format!("\n  {l}")).collect::<String>())]
    LeftOut(Vec<LeftOut>),
}

/// What one `generate()` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub specs: usize,
    pub files: usize,
    /// Files whose bytes changed (and so were written).
    pub written: Vec<PathBuf>,
    /// Every file and folder read, as announced with `cargo:rerun-if-changed`.
    pub inputs: Vec<PathBuf>,
    /// No input changed since the last build (by content hash): nothing was parsed or written.
    pub fresh: bool,
    /// Action files rendered by the generator; the others were reused from the last build.
    pub rendered: usize,
    /// What the generator renamed or dropped (printed as `cargo:warning=docsdk: …`); also for
    /// action files reused from the last build. Empty when `fresh` (nothing was generated).
    pub warnings: Vec<Warning>,
    /// Actions the generator could not generate (printed as
    /// `cargo:warning=docsdk: left out <provider>.<service>.<Action>: <why>`); everything else
    /// was generated. Empty with [`Builder::strict`], which fails instead.
    pub left_out: Vec<LeftOut>,
    /// Specs edited by hand and used as edited although their page changed since they were
    /// written (printed as `cargo:warning=docsdk: …` with how to reconcile). Kept in the cache,
    /// so a `fresh` build reports them too.
    pub page_changed: Vec<PageChanged>,
}

/// Identifies the running generator build: the build script (or tool) embedding this crate is
/// relinked whenever the generator changes, so its size and modification time change too and a
/// cache written by another generator build is never trusted.
fn generator_build_id() -> String {
    std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| {
            let modified = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map(|d| d.as_nanos())
                .unwrap_or(0);
            format!("{}:{modified}", m.len())
        })
        // Unknown executable: a fresh id, so the cache is never trusted.
        .unwrap_or_else(|_| format!("{:?}", std::time::SystemTime::now()))
}

/// The cache entry listing every file the last build wrote.
const OUTPUTS_KEY: &str = "@outputs";

/// The cache entry holding the last build's [`Report::page_changed`] (JSON), so a build that
/// finds nothing changed still warns about them.
const PAGE_CHANGED_KEY: &str = "@page-changed";

#[derive(Debug, Clone)]
pub struct Builder {
    specs_dir: Option<PathBuf>,
    docs_dir: Option<PathBuf>,
    out_dir: Option<PathBuf>,
    only: Option<Vec<String>>,
    settings: Settings,
    rerun_if_changed: bool,
    cache: bool,
    strict: bool,
    cargo_warnings: bool,
}

impl Default for Builder {
    fn default() -> Self {
        Builder {
            specs_dir: None,
            docs_dir: None,
            out_dir: None,
            only: None,
            settings: Settings::default(),
            rerun_if_changed: true,
            cache: true,
            strict: false,
            cargo_warnings: true,
        }
    }
}

/// Specs loaded from disk, with every path read.
struct Loaded {
    specs: Vec<Spec>,
    inputs: Vec<PathBuf>,
    page_changed: Vec<PageChanged>,
}

impl Builder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Folder of `<provider>/<service>/<version>/<Action>.toml` specs.
    pub fn specs_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.specs_dir = Some(dir.into());
        self
    }

    /// Folder of the doc pages the specs were read from.
    pub fn docs_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.docs_dir = Some(dir.into());
        self
    }

    /// Output folder (default: `$OUT_DIR`).
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// Generates only these providers (`tencent`) and services (`tencent-cvm`).
    pub fn only<I, S>(mut self, selectors: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.only = Some(selectors.into_iter().map(Into::into).collect());
        self
    }

    pub fn settings(mut self, settings: Settings) -> Self {
        self.settings = settings;
        self
    }

    /// Whether to print `cargo:rerun-if-changed` lines (default on).
    /// Keep a content-hash cache in the output folder (on by default): a build whose inputs
    /// hash as last time stops before parsing anything.
    pub fn cache(mut self, on: bool) -> Self {
        self.cache = on;
        self
    }

    pub fn emit_rerun_if_changed(mut self, on: bool) -> Self {
        self.rerun_if_changed = on;
        self
    }

    /// Fail the build when an action cannot be generated (default off: the action is left out
    /// with a warning, and everything else is generated).
    pub fn strict(mut self, on: bool) -> Self {
        self.strict = on;
        self
    }

    /// Whether to print the generator's warnings, left-out actions and edited specs whose page
    /// changed as `cargo:warning=` lines (default on).
    pub fn emit_cargo_warnings(mut self, on: bool) -> Self {
        self.cargo_warnings = on;
        self
    }

    /// Prints edited specs whose page changed for cargo.
    fn report_page_changed(&self, notices: &[PageChanged]) {
        if self.cargo_warnings {
            for n in notices {
                println!("cargo:warning=docsdk: {}", one_line(&n.to_string()));
            }
        }
    }

    /// Prints warnings and left-out actions for cargo, and fails in strict mode.
    fn report_generation(&self, out: &generate::Output) -> Result<(), BuildError> {
        if self.strict && !out.left_out.is_empty() {
            return Err(BuildError::LeftOut(out.left_out.clone()));
        }
        if self.cargo_warnings {
            for w in &out.warnings {
                println!("cargo:warning=docsdk: {}", one_line(&w.to_string()));
            }
            for l in &out.left_out {
                println!("cargo:warning=docsdk: {}", one_line(&l.to_string()));
            }
        }
        Ok(())
    }

    /// The files this configuration generates, without writing them.
    pub fn files(&self) -> Result<(Vec<GeneratedFile>, Vec<PathBuf>, usize), BuildError> {
        let Loaded {
            specs: selected,
            inputs,
            ..
        } = self.selected_specs()?;
        let out = generate::generate_output(&selected, &self.settings)?;
        if self.strict && !out.left_out.is_empty() {
            return Err(BuildError::LeftOut(out.left_out));
        }
        Ok((out.files, inputs, selected.len()))
    }

    /// Loads, generates and writes (write-if-changed).
    pub fn generate(&self) -> Result<Report, BuildError> {
        let out = self.output_dir()?;
        let (specs_dir, docs_dir) = self.dirs()?;
        let fingerprint = cache::generator_fingerprint(&format!(
            "{:?} {:?} {}",
            self.settings,
            self.only,
            generator_build_id()
        ));
        let mut cache = Cache::load(&out, &fingerprint)?;
        let tree = cache::tree_hash(&[&specs_dir, &docs_dir])?;
        if let Some(report) = self.unchanged(&cache, &tree, &out, &specs_dir, &docs_dir)? {
            return Ok(report);
        }
        let Loaded {
            specs,
            inputs,
            page_changed,
        } = self.selected_specs()?;
        self.announce(&inputs);
        self.report_page_changed(&page_changed);
        // Action files whose spec hashes as when they were written are reused, not re-rendered.
        let hashes: BTreeMap<String, String> = specs
            .iter()
            .map(|s| (cache::key(s), cache::input_hash(s)))
            .collect();
        let rendered = AtomicUsize::new(0);
        let action_paths = Mutex::new(BTreeMap::new());
        let reuse = |spec: &Spec, rel: &Path| -> Option<String> {
            let key = cache::key(spec);
            if let Ok(mut paths) = action_paths.lock() {
                paths.insert(key.clone(), rel.to_path_buf());
            }
            let fresh = self.cache
                && hashes.get(&key).is_some_and(|h| cache.is_fresh(&key, h))
                && cache.output_intact(&key, &out.join(rel));
            let reused = fresh
                .then(|| std::fs::read_to_string(out.join(rel)).ok())
                .flatten();
            if reused.is_none() {
                rendered.fetch_add(1, Ordering::Relaxed);
            }
            reused
        };
        let output = generate::generate_reusing(&specs, &self.settings, &reuse)?;
        self.report_generation(&output)?;
        let generate::Output {
            files,
            warnings,
            left_out,
        } = output;
        let written = generate::write_files(&out, &files).map_err(|source| BuildError::Io {
            path: out.display().to_string(),
            source,
        })?;
        if self.cache {
            let recorded = Recorded {
                hashes: &hashes,
                action_paths: &action_paths.into_inner().unwrap_or_default(),
                files: &files,
                specs: &specs,
                page_changed: &page_changed,
            };
            record(&mut cache, &recorded, &tree)?;
        }
        Ok(Report {
            specs: specs.len(),
            files: files.len(),
            written,
            inputs,
            fresh: false,
            rendered: rendered.into_inner(),
            warnings,
            left_out,
            page_changed,
        })
    }

    /// Output folder: the configured one, else the build script's `OUT_DIR`.
    fn output_dir(&self) -> Result<PathBuf, BuildError> {
        match &self.out_dir {
            Some(d) => Ok(d.clone()),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or(BuildError::NoOutDir),
        }
    }

    /// The report of a build whose inputs hash as last time and whose outputs are all there:
    /// nothing is parsed or written, but the inputs are announced and the notices repeated.
    fn unchanged(
        &self,
        cache: &Cache,
        tree: &str,
        out: &Path,
        specs_dir: &Path,
        docs_dir: &Path,
    ) -> Result<Option<Report>, BuildError> {
        let outputs_present = cache.entry(OUTPUTS_KEY).is_some_and(|e| {
            e.output
                .split('\n')
                .filter(|p| !p.is_empty())
                .all(|p| out.join(p).exists())
        });
        // A cache without the notices (older, or unreadable) is not trusted: they must be
        // reported on every build until the user reconciles.
        let fresh = (self.cache && cache.tree_is_fresh(tree) && outputs_present)
            .then(|| cache.entry(PAGE_CHANGED_KEY))
            .flatten()
            .and_then(|e| serde_json::from_str::<Vec<PageChanged>>(&e.output).ok());
        let Some(page_changed) = fresh else {
            return Ok(None);
        };
        let inputs = crate::load::input_paths(specs_dir, docs_dir)?;
        self.announce(&inputs);
        self.report_page_changed(&page_changed);
        let files = cache
            .entry(OUTPUTS_KEY)
            .map(|e| e.output.lines().count())
            .unwrap_or(0);
        Ok(Some(Report {
            // Entries other than the bookkeeping ones (`@…`) are actions.
            specs: cache.keys().filter(|k| !k.starts_with('@')).count(),
            files,
            written: Vec::new(),
            inputs,
            fresh: true,
            rendered: 0,
            warnings: Vec::new(),
            left_out: Vec::new(),
            page_changed,
        }))
    }

    fn announce(&self, inputs: &[PathBuf]) {
        if self.rerun_if_changed {
            for p in inputs {
                println!("cargo:rerun-if-changed={}", p.display());
            }
        }
    }

    fn dirs(&self) -> Result<(PathBuf, PathBuf), BuildError> {
        let specs_dir = self.specs_dir.clone().ok_or(BuildError::NoSpecsDir)?;
        let docs_dir = self
            .docs_dir
            .clone()
            .unwrap_or_else(|| specs_dir.join("docs"));
        Ok((specs_dir, docs_dir))
    }

    fn selected_specs(&self) -> Result<Loaded, BuildError> {
        let loaded = self.load_specs()?;
        let specs: Vec<Spec> = loaded
            .specs
            .into_iter()
            .filter(|s| self.selected(s))
            .collect();
        let page_changed = loaded
            .page_changed
            .into_iter()
            .filter(|n| specs.iter().any(|s| n.concerns(s)))
            .collect();
        Ok(Loaded {
            specs,
            inputs: loaded.inputs,
            page_changed,
        })
    }

    fn selected(&self, s: &Spec) -> bool {
        match &self.only {
            None => true,
            Some(sel) => {
                let p = s.action.provider.as_str();
                let ps = format!("{p}-{}", s.action.service);
                sel.iter().any(|x| *x == p || *x == ps)
            }
        }
    }

    /// The seam where specs come from: pages under `docs_dir` are scraped (an edited page is
    /// regenerated) unless their spec file was edited by hand (then the edited spec is used),
    /// specs under `specs_dir` without a page are used as written, and
    /// `<Action>.override.toml` files apply on top (see [`crate::load`]).
    fn load_specs(&self) -> Result<Loaded, BuildError> {
        let (specs_dir, docs_dir) = self.dirs()?;
        let loaded = crate::load::load_specs(&specs_dir, &docs_dir)?;
        let mut inputs: Vec<PathBuf> = loaded.inputs.into_iter().filter(|p| p.exists()).collect();
        inputs.sort();
        inputs.dedup();
        Ok(Loaded {
            specs: loaded.specs,
            inputs,
            page_changed: loaded.page_changed,
        })
    }
}

/// What a build leaves in its cache for the next one.
struct Recorded<'a> {
    /// Input hash per action key.
    hashes: &'a BTreeMap<String, String>,
    /// The file each action was rendered to.
    action_paths: &'a BTreeMap<String, PathBuf>,
    files: &'a [generate::GeneratedFile],
    specs: &'a [Spec],
    page_changed: &'a [PageChanged],
}

/// Records each action's input and output hashes, the output file list, the notices and the
/// input tree's hash, and drops entries of actions that are gone.
fn record(cache: &mut Cache, r: &Recorded<'_>, tree: &str) -> Result<(), BuildError> {
    for (key, input) in r.hashes {
        let file = r
            .action_paths
            .get(key)
            .and_then(|rel| r.files.iter().find(|f| &f.path == rel));
        if let Some(file) = file {
            cache.record(key, input, &cache::hash_bytes(file.contents.as_bytes()));
        }
    }
    let names: Vec<String> = r
        .files
        .iter()
        .map(|f| f.path.to_string_lossy().replace('\\', "/"))
        .collect();
    cache.record(OUTPUTS_KEY, "", &names.join("\n"));
    let mut live: Vec<String> = r.specs.iter().map(cache::key).collect();
    live.push(OUTPUTS_KEY.to_string());
    // A path that is not UTF-8 cannot be kept as JSON: then the entry is dropped and the next
    // build, finding no entry, is not fresh (and warns again).
    if let Ok(json) = serde_json::to_string(r.page_changed) {
        cache.record(PAGE_CHANGED_KEY, "", &json);
        live.push(PAGE_CHANGED_KEY.to_string());
    }
    cache.retain(live);
    cache.record_tree(tree);
    cache.save()?;
    Ok(())
}

/// Text for one `cargo:` line: control characters (newlines) become spaces.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}
