//! Loading the specs a build or a mock uses. The reviewed spec is the contract:
//!
//! - a page under the docs folder is scraped, and its spec is regenerated from it while the
//!   spec file is as `docsdk scrape` wrote it (so an edited page is picked up);
//! - a spec file edited by hand is used instead of its page, and when the page has changed
//!   since the file was written the build says so ([`Loaded::page_changed`]);
//! - specs without a page are hand-written and used as they are;
//! - `<Action>.override.toml` applies on top of every one of these.
//!
//! The decision is [`scrape::decide`], the same one `docsdk scrape` and `docsdk lint` make.
//!
//! What a page does not say about itself comes from the page manifest's hints
//! ([`manifest_hints`]: `provider`/`service`/`version` of its `pages.toml` entry), then the
//! folders above it, then its file name — for the build and for `docsdk sync` alike.

use crate::defaults::{self, ServiceDefaults};
use crate::diag::Warning;
use crate::extract::identity::{provider_word, Hinted};
use crate::extract::Hints;
use crate::scrape::{self, PageChanged, ScrapeError};
use crate::spec::Spec;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error(transparent)]
    Scrape(#[from] ScrapeError),
    #[error(transparent)]
    Defaults(#[from] defaults::DefaultsError),
    #[error("{path}: cannot read folder: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Manifest { path: String, message: String },
}

/// Specs ready for generation, and every file they came from (for `rerun-if-changed`).
#[derive(Debug, Default)]
pub struct Loaded {
    pub specs: Vec<Spec>,
    /// Pages, specs, overrides and the defaults file read, plus the folders that hold them.
    pub inputs: Vec<PathBuf>,
    /// Warnings per file.
    pub warnings: Vec<(PathBuf, Warning)>,
    /// Edited specs used although their page changed since they were written.
    pub page_changed: Vec<PageChanged>,
}

/// The page manifest `docsdk fetch` keeps in the specs folder: the tracked pages' URLs.
pub const MANIFEST_FILE: &str = "pages.toml";

/// A spec file: any `.toml` under the specs folder except overrides and the folder's own
/// settings at its top (service defaults, the page manifest).
pub fn is_spec_file(path: &Path, specs_dir: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let settings =
        path.parent() == Some(specs_dir) && (name == defaults::FILE_NAME || name == MANIFEST_FILE);
    name.ends_with(".toml") && !name.ends_with(".override.toml") && !settings
}

fn walk_toml(
    dir: &Path,
    files: &mut Vec<PathBuf>,
    dirs: &mut Vec<PathBuf>,
    skip: &Path,
) -> Result<(), LoadError> {
    if !dir.is_dir() || dir == skip {
        return Ok(());
    }
    dirs.push(dir.to_path_buf());
    let entries = std::fs::read_dir(dir).map_err(|source| LoadError::Io {
        path: dir.display().to_string(),
        source,
    })?;
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            walk_toml(&p, files, dirs, skip)?;
        } else if p.extension().is_some_and(|e| e == "toml") {
            files.push(p);
        }
    }
    Ok(())
}

/// The spec files a build reads under `specs_dir` (the docs folder and the folder's own
/// settings left out), in path order.
pub fn spec_files(specs_dir: &Path, docs_dir: &Path) -> Result<Vec<PathBuf>, LoadError> {
    let mut files = Vec::new();
    walk_toml(specs_dir, &mut files, &mut Vec::new(), docs_dir)?;
    files.retain(|f| is_spec_file(f, specs_dir));
    Ok(files)
}

/// The part of the page manifest (`pages.toml`, written by `docsdk fetch`) a build reads: each
/// page's file under the docs folder and the hints for what the page does not say. Other keys
/// (`url`, `note`) are docsdk-fetch's.
#[derive(serde::Deserialize)]
struct ManifestFile {
    #[serde(default)]
    page: Vec<ManifestPage>,
}

#[derive(serde::Deserialize)]
struct ManifestPage {
    file: String,
    provider: Option<String>,
    service: Option<String>,
    version: Option<String>,
}

/// The hints the page manifest gives, by page. Paths are compared as the file system resolves
/// them, so `specs/docs/a.md` and `./specs/docs/a.md` are one page.
#[derive(Debug, Clone, Default)]
pub struct ManifestHints {
    by_page: BTreeMap<PathBuf, Hints>,
}

impl ManifestHints {
    /// The manifest's hints for `page`, if its entry gives any.
    pub fn for_page(&self, page: &Path) -> Option<&Hints> {
        // No manifest (the usual build): no path to resolve per page.
        if self.by_page.is_empty() {
            return None;
        }
        self.by_page.get(&resolved(page))
    }

    /// `flags` (what the user said on the command line) first, then the manifest's hints for
    /// `page`; the folders and the file name come after both ([`Hints::for_page`]).
    pub fn with_flags(&self, flags: &Hints, page: &Path) -> Hints {
        match self.for_page(page) {
            Some(given) => flags.clone().or(given.clone()),
            None => flags.clone(),
        }
    }
}

fn resolved(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// The hints `<specs_dir>/pages.toml` gives for the pages under `docs_dir`. No manifest: no
/// hints. A manifest that does not parse, or names an unknown provider, is an error naming
/// the file.
pub fn manifest_hints(specs_dir: &Path, docs_dir: &Path) -> Result<ManifestHints, LoadError> {
    let path = specs_dir.join(MANIFEST_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(ManifestHints::default()),
        Err(e) => {
            return Err(LoadError::Manifest {
                path: path.display().to_string(),
                message: e.to_string(),
            })
        }
    };
    let error = |message: String| LoadError::Manifest {
        path: path.display().to_string(),
        message,
    };
    let manifest: ManifestFile = toml::from_str(&text).map_err(|e| error(e.to_string()))?;
    let from = format!("{}", path.display());
    let mut hints = ManifestHints::default();
    for page in manifest.page {
        let provider = match page.provider.as_deref() {
            Some(word) => Some(provider_word(word).ok_or_else(|| {
                error(format!(
                    "page `{}`: unknown provider `{word}` (tencent, volcengine, alibaba)",
                    page.file
                ))
            })?),
            None => None,
        };
        let given = Hints {
            provider: provider.map(|p| Hinted::new(p, from.clone())),
            service: page
                .service
                .map(|s| Hinted::new(s.to_ascii_lowercase(), from.clone())),
            version: page.version.map(|v| Hinted::new(v, from.clone())),
            action: None,
        };
        hints
            .by_page
            .insert(resolved(&docs_dir.join(&page.file)), given);
    }
    Ok(hints)
}

/// The files and folders [`load_specs`] would read, found without parsing any of them: what a
/// build announces with `rerun-if-changed` when its cache says nothing changed.
pub fn input_paths(specs_dir: &Path, docs_dir: &Path) -> Result<Vec<PathBuf>, LoadError> {
    let mut inputs = Vec::new();
    for settings in [defaults::FILE_NAME, MANIFEST_FILE] {
        let path = specs_dir.join(settings);
        if path.exists() {
            inputs.push(path);
        }
    }
    if docs_dir.is_dir() {
        inputs.push(docs_dir.to_path_buf());
        inputs.extend(scrape::collect_pages(&[docs_dir.to_path_buf()])?);
    }
    let mut files = Vec::new();
    let mut dirs = Vec::new();
    walk_toml(specs_dir, &mut files, &mut dirs, docs_dir)?;
    inputs.extend(dirs);
    inputs.extend(
        files.into_iter().filter(|f| {
            is_spec_file(f, specs_dir) || f.to_string_lossy().ends_with(".override.toml")
        }),
    );
    inputs.sort();
    inputs.dedup();
    Ok(inputs)
}

/// Loads every action: scraped from the pages in `docs_dir`, hand-written specs from
/// `specs_dir`, overrides from beside each spec's path. Sorted by provider, service,
/// version and action, so output built from it is deterministic.
pub fn load_specs(specs_dir: &Path, docs_dir: &Path) -> Result<Loaded, LoadError> {
    let mut loaded = Loaded::default();
    let defaults = ServiceDefaults::load_dir(specs_dir)?;
    for settings in [defaults::FILE_NAME, MANIFEST_FILE] {
        let path = specs_dir.join(settings);
        if path.exists() {
            loaded.inputs.push(path);
        }
    }
    let hints = manifest_hints(specs_dir, docs_dir)?;
    let none = Hints::default();
    let mut by_path: BTreeMap<PathBuf, (Spec, String)> = BTreeMap::new();

    // Pages first: each page's action is generated from the page or from its edited spec
    // file (scrape::decide). Two pages documenting one action are reported, and the spec
    // follows the one that documents more.
    if docs_dir.is_dir() {
        loaded.inputs.push(docs_dir.to_path_buf());
        let mut scraped = Vec::new();
        for page in scrape::collect_pages(&[docs_dir.to_path_buf()])? {
            let given = hints.for_page(&page).unwrap_or(&none);
            scraped.push(scrape::scrape_page_with(
                &page,
                Some(specs_dir),
                &defaults,
                given,
            )?);
            loaded.inputs.push(page);
        }
        let (kept, duplicates) = scrape::resolve_duplicates(scraped);
        loaded.warnings.extend(duplicates);
        for page in kept {
            let decision = scrape::decide(&page, specs_dir)?;
            loaded.page_changed.extend(decision.notice());
            loaded
                .warnings
                .extend(page.warnings.into_iter().map(|w| (page.page.clone(), w)));
            by_path.insert(
                page.spec.relative_path(),
                (decision.spec, page.page.display().to_string()),
            );
        }
    }

    // Then specs on disk: those of a page were decided above; the rest are hand-written (or
    // their page is gone) and are used as they are.
    let mut files = Vec::new();
    let mut dirs = Vec::new();
    walk_toml(specs_dir, &mut files, &mut dirs, docs_dir)?;
    loaded.inputs.extend(dirs);
    for file in files.iter().filter(|f| is_spec_file(f, specs_dir)) {
        loaded.inputs.push(file.clone());
        let rel = file.strip_prefix(specs_dir).unwrap_or(file).to_path_buf();
        if by_path.contains_key(&rel) {
            continue;
        }
        let spec = Spec::load(file).map_err(ScrapeError::from)?;
        by_path.insert(spec.relative_path(), (spec, file.display().to_string()));
    }

    for (rel, (spec, _)) in by_path {
        let spec_path = specs_dir.join(&rel);
        let opath = crate::overrides::override_path(&spec_path);
        if opath.exists() {
            loaded.inputs.push(opath);
        }
        let (spec, notes) = scrape::with_override(spec, &spec_path)?;
        for n in notes {
            loaded
                .warnings
                .push((spec_path.clone(), Warning::new(0, n)));
        }
        loaded.specs.push(spec);
    }
    loaded.inputs.sort();
    loaded.inputs.dedup();
    Ok(loaded)
}
