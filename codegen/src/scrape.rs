//! Scraping: doc page files → specs, with service defaults and overrides, and writing specs
//! without ever losing what a user wrote.

use crate::blocks::Format;
use crate::defaults::ServiceDefaults;
use crate::diag::Warning;
use crate::extract::{self, ExtractError, Hints};
use crate::overrides;
use crate::read;
use crate::spec::{Source, Spec, SpecError};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// Extensions of doc pages.
pub const PAGE_EXTENSIONS: &[&str] = &["txt", "text", "md", "markdown", "html", "htm"];

/// Largest page read; bigger files are refused rather than read into memory.
pub const MAX_PAGE_BYTES: u64 = 64 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum ScrapeError {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: not UTF-8 text (invalid byte at offset {offset})")]
    NotUtf8 { path: String, offset: usize },
    #[error("{path}: {size} bytes is larger than the {MAX_PAGE_BYTES}-byte page limit")]
    TooLarge { path: String, size: u64 },
    #[error("{path}: {source}")]
    Extract { path: String, source: ExtractError },
    #[error(transparent)]
    Spec(#[from] SpecError),
}

/// One page scraped.
#[derive(Debug)]
pub struct Scraped {
    pub page: PathBuf,
    pub spec: Spec,
    pub warnings: Vec<Warning>,
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Every page under the given files and folders, sorted so output is deterministic.
pub fn collect_pages(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, ScrapeError> {
    let mut out = Vec::new();
    for input in inputs {
        if input.is_dir() {
            walk(input, &mut out)?;
        } else {
            out.push(input.clone());
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), ScrapeError> {
    let entries = std::fs::read_dir(dir).map_err(|source| ScrapeError::Io {
        path: dir.display().to_string(),
        source,
    })?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| PAGE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        {
            out.push(path);
        }
    }
    Ok(())
}

/// Reads a page file as UTF-8 text (a BOM is dropped).
pub fn read_page(path: &Path) -> Result<(String, Vec<u8>), ScrapeError> {
    let display = path.display().to_string();
    let size = std::fs::metadata(path)
        .map_err(|source| ScrapeError::Io {
            path: display.clone(),
            source,
        })?
        .len();
    if size > MAX_PAGE_BYTES {
        return Err(ScrapeError::TooLarge {
            path: display,
            size,
        });
    }
    let bytes = std::fs::read(path).map_err(|source| ScrapeError::Io {
        path: display.clone(),
        source,
    })?;
    let text = std::str::from_utf8(&bytes)
        .map_err(|e| ScrapeError::NotUtf8 {
            path: display,
            offset: e.valid_up_to(),
        })?
        .trim_start_matches('\u{feff}')
        .to_string();
    Ok((text, bytes))
}

/// Scrapes one page's text. `source_path` is what the spec records as `[source].path`.
pub fn scrape_text(
    text: &str,
    bytes: &[u8],
    format: Format,
    source_path: &str,
    defaults: &ServiceDefaults,
    hints: &Hints,
) -> Result<(Spec, Vec<Warning>), ExtractError> {
    let doc = read::read(text, format);
    let extracted = extract::extract_page(&doc, text, defaults, hints)?;
    let mut spec = extracted.spec;
    spec.source = Some(Source {
        path: source_path.to_string(),
        sha256: sha256_hex(bytes),
        format,
    });
    let mut warnings = extracted.warnings;
    warnings.sort();
    warnings.dedup();
    Ok((spec, warnings))
}

/// Scrapes a page file; `base` is the folder `[source].path` is relative to. What the page
/// does not state may come from its folder (`<provider>/<service>/`) or file name.
pub fn scrape_page(
    path: &Path,
    base: Option<&Path>,
    defaults: &ServiceDefaults,
) -> Result<Scraped, ScrapeError> {
    scrape_page_with(path, base, defaults, &Hints::default())
}

/// [`scrape_page`] with the user's hints (`--provider/--service/--version`), which come before
/// the page's folder and file name.
pub fn scrape_page_with(
    path: &Path,
    base: Option<&Path>,
    defaults: &ServiceDefaults,
    flags: &Hints,
) -> Result<Scraped, ScrapeError> {
    let (text, bytes) = read_page(path)?;
    let source_path = relative_source(path, base);
    let hints = flags.for_page(path, defaults);
    let (spec, warnings) = scrape_text(
        &text,
        &bytes,
        Format::from_path(path),
        &source_path,
        defaults,
        &hints,
    )
    .map_err(|source| ScrapeError::Extract {
        path: path.display().to_string(),
        source,
    })?;
    Ok(Scraped {
        page: path.to_path_buf(),
        spec,
        warnings,
    })
}

/// Pages that document the same action (same provider, service, version and name) in one
/// run: the spec follows the page that documents the most request parameters (then the most
/// fields in all; the first in path order on a tie), and the others are reported.
pub fn resolve_duplicates(scraped: Vec<Scraped>) -> (Vec<Scraped>, Vec<(PathBuf, Warning)>) {
    fn documented(s: &Scraped) -> (usize, usize) {
        let spec = &s.spec;
        let all = spec.request.len()
            + spec.response.len()
            + spec.structs.iter().map(|t| t.fields.len()).sum::<usize>();
        (spec.request.len(), all)
    }
    let mut by_action: std::collections::BTreeMap<PathBuf, Vec<Scraped>> = Default::default();
    for s in scraped {
        by_action.entry(s.spec.relative_path()).or_default().push(s);
    }
    let mut kept = Vec::new();
    let mut reports = Vec::new();
    for (_, mut group) in by_action {
        group.sort_by(|a, b| documented(b).cmp(&documented(a)).then(a.page.cmp(&b.page)));
        let mut group = group.into_iter();
        let Some(winner) = group.next() else { continue };
        for other in group {
            let a = &winner.spec.action;
            reports.push((
                other.page.clone(),
                Warning::new(
                    1,
                    format!(
                        "{} documents {}.{}.{} ({}) too; the spec follows {} ({} request parameters documented there, {} here)",
                        other.page.display(),
                        a.provider,
                        a.service,
                        a.name,
                        a.version,
                        winner.page.display(),
                        documented(&winner).0,
                        documented(&other).0
                    ),
                ),
            ));
        }
        kept.push(winner);
    }
    kept.sort_by(|a, b| a.page.cmp(&b.page));
    (kept, reports)
}

/// A page path relative to the specs folder, with `/` separators on every platform.
pub fn relative_source(path: &Path, base: Option<&Path>) -> String {
    let rel = base
        .and_then(|b| {
            let abs_b = b.canonicalize().ok()?;
            let abs_p = path.canonicalize().ok()?;
            abs_p.strip_prefix(&abs_b).ok().map(Path::to_path_buf)
        })
        .unwrap_or_else(|| path.to_path_buf());
    if rel.is_absolute() {
        return rel.to_string_lossy().replace('\\', "/");
    }
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The spec with its override (if any) applied, plus notes for the user.
pub fn with_override(spec: Spec, spec_path: &Path) -> Result<(Spec, Vec<String>), ScrapeError> {
    let opath = overrides::override_path(spec_path);
    match std::fs::read_to_string(&opath) {
        Ok(text) => {
            let (merged, applied) = overrides::apply(&spec, &text, &opath.display().to_string())?;
            let notes = applied
                .added
                .into_iter()
                .map(|k| {
                    format!(
                        "{}: override adds {k}, which the page does not document",
                        opath.display()
                    )
                })
                .collect();
            Ok((merged, notes))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok((spec, Vec::new())),
        Err(source) => Err(ScrapeError::Io {
            path: opath.display().to_string(),
            source,
        }),
    }
}

const HEADER_PREFIX: &str = "# @generated by docsdk scrape from ";
const HASH_PREFIX: &str = "# content-sha256: ";

/// A spec file's text: a header naming its page and the hash of the body, so a later scrape
/// can tell whether a user edited the file by hand.
pub fn spec_file_text(spec: &Spec) -> String {
    let body = spec.to_toml();
    let page = spec
        .source
        .as_ref()
        .map(|s| s.path.as_str())
        .unwrap_or("a hand-written spec");
    format!(
        "{HEADER_PREFIX}{page}\n# Hand edits here are kept and generated from; `docsdk scrape --force` replaces them. Corrections that should follow the page go in <Action>.override.toml.\n{HASH_PREFIX}{}\n{body}",
        sha256_hex(body.as_bytes())
    )
}

/// The hash an existing spec file's header records, and the body it covers; `None` for a file
/// without a docsdk header (a hand-written spec).
fn recorded_hash(existing: &str) -> Option<(&str, &str)> {
    let hash_line = existing.lines().find(|l| l.starts_with(HASH_PREFIX))?;
    let recorded = hash_line.trim_start_matches(HASH_PREFIX).trim();
    let body_start = existing
        .find(hash_line)
        .map(|i| i + hash_line.len() + 1)
        .unwrap_or(existing.len());
    Some((recorded, existing.get(body_start..).unwrap_or("")))
}

/// Whether an existing spec file was edited since docsdk wrote it.
pub fn edited_by_user(existing: &str) -> bool {
    match recorded_hash(existing) {
        Some((recorded, body)) => sha256_hex(body.as_bytes()) != recorded,
        // No docsdk header: a hand-written spec.
        None => true,
    }
}

/// Whether the page reads differently now from when docsdk wrote `existing`: the spec scraped
/// from it now (`fresh`, before overrides) does not hash as the header of `existing` records.
/// A file without a docsdk header records nothing to compare, so it never counts as changed.
pub fn page_changed_since(existing: &str, fresh: &Spec) -> bool {
    recorded_hash(existing)
        .is_some_and(|(recorded, _)| sha256_hex(fresh.to_toml().as_bytes()) != recorded)
}

/// Which input an action with a scraped page is generated from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpecSource {
    /// No spec file, or one as docsdk wrote it: the spec is regenerated from the page.
    Page,
    /// The spec file was edited by hand: the edited file is the input.
    EditedSpec,
    /// Edited by hand, and the page has changed since the file was written: the edited file
    /// is still the input, and the user is warned that the two disagree.
    EditedSpecPageChanged,
}

impl SpecSource {
    /// Decides from the spec file's text (`None`: no file) and the spec scraped from the page
    /// now. The reviewed spec is the contract: a hand edit is never silently replaced.
    pub fn of(existing: Option<&str>, fresh: &Spec) -> SpecSource {
        match existing {
            Some(text) if edited_by_user(text) => {
                if page_changed_since(text, fresh) {
                    SpecSource::EditedSpecPageChanged
                } else {
                    SpecSource::EditedSpec
                }
            }
            _ => SpecSource::Page,
        }
    }

    /// As shown in `docsdk lint`'s summary.
    pub fn as_str(self) -> &'static str {
        match self {
            SpecSource::Page => "page",
            SpecSource::EditedSpec => "edited spec",
            SpecSource::EditedSpecPageChanged => "edited spec, page changed",
        }
    }
}

/// What the build, the mock, `docsdk scrape` and `docsdk lint` use for one scraped page.
#[derive(Debug, Clone)]
pub struct Decision {
    pub source: SpecSource,
    /// The spec to generate from, before its override: the page's, or the edited file's.
    pub spec: Spec,
    /// `<specs_dir>/<spec.relative_path()>`, whether or not it exists.
    pub spec_path: PathBuf,
    pub page: PathBuf,
}

impl Decision {
    /// The warning owed to the user when an edited spec shadows a changed page.
    pub fn notice(&self) -> Option<PageChanged> {
        (self.source == SpecSource::EditedSpecPageChanged).then(|| PageChanged {
            action: action_label(&self.spec),
            spec: self.spec_path.clone(),
            page: self.page.clone(),
        })
    }
}

/// An edited spec is used although its page changed since the spec was written.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PageChanged {
    /// `provider.service.Action (version)`.
    pub action: String,
    pub spec: PathBuf,
    pub page: PathBuf,
}

fn action_label(spec: &Spec) -> String {
    let a = &spec.action;
    format!("{}.{}.{} ({})", a.provider, a.service, a.name, a.version)
}

impl PageChanged {
    /// Whether this is about `spec`'s action (for builds that generate only some actions).
    pub fn concerns(&self, spec: &Spec) -> bool {
        self.action == action_label(spec)
    }
}

impl std::fmt::Display for PageChanged {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} was edited by hand and {} now reads differently from when the spec was written; the edited spec is used. To reconcile, re-scrape with `docsdk scrape --force` (the hand edits are lost), or move the edits into {} and re-scrape with `docsdk scrape --force`",
            self.spec.display(),
            self.page.display(),
            overrides::override_path(&self.spec).display()
        )
    }
}

/// The one decision for a scraped page whose spec may exist at
/// `specs_dir/<spec.relative_path()>` (see [`SpecSource::of`]); an edited file is loaded with
/// [`Spec::load`]'s checks, so a broken edit fails here rather than being skipped.
pub fn decide(scraped: &Scraped, specs_dir: &Path) -> Result<Decision, ScrapeError> {
    let spec_path = specs_dir.join(scraped.spec.relative_path());
    let existing = match std::fs::read_to_string(&spec_path) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(source) => {
            return Err(ScrapeError::Io {
                path: spec_path.display().to_string(),
                source,
            })
        }
    };
    let source = SpecSource::of(existing.as_deref(), &scraped.spec);
    let spec = match (source, existing) {
        (SpecSource::Page, _) | (_, None) => scraped.spec.clone(),
        (_, Some(text)) => Spec::from_toml(&text, &spec_path.display().to_string())?,
    };
    Ok(Decision {
        source,
        spec,
        spec_path,
        page: scraped.page.clone(),
    })
}

/// What writing a spec did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    Created,
    Updated,
    Unchanged,
    /// The file was edited by hand; it was left as it is.
    KeptUserEdits,
}

pub fn write_spec(
    out_dir: &Path,
    spec: &Spec,
    force: bool,
) -> Result<(PathBuf, Written), ScrapeError> {
    let path = out_dir.join(spec.relative_path());
    let text = spec_file_text(spec);
    let io = |source, p: &Path| ScrapeError::Io {
        path: p.display().to_string(),
        source,
    };
    let outcome = match std::fs::read_to_string(&path) {
        Ok(existing) if existing == text => return Ok((path, Written::Unchanged)),
        Ok(existing) if !force && edited_by_user(&existing) => {
            return Ok((path, Written::KeptUserEdits))
        }
        Ok(_) => Written::Updated,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Written::Created,
        Err(e) => return Err(io(e, &path)),
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| io(e, parent))?;
    }
    std::fs::write(&path, text).map_err(|e| io(e, &path))?;
    Ok((path, outcome))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_hand_edits() {
        let spec = Spec::from_toml(
            "schema = 1\n[action]\nprovider = \"tencent\"\nservice = \"cvm\"\nversion = \"1\"\nname = \"A\"\nendpoint = \"e\"\nmethod = \"POST\"\n",
            "x",
        )
        .unwrap();
        let text = spec_file_text(&spec);
        assert!(!edited_by_user(&text));
        assert!(edited_by_user(&text.replace("POST", "GET")));
        assert!(edited_by_user("schema = 1\n"));
    }

    fn spec(method: &str, summary: &str) -> Spec {
        Spec::from_toml(
            &format!("schema = 1\n[action]\nprovider = \"tencent\"\nservice = \"cvm\"\nversion = \"1\"\nname = \"A\"\nendpoint = \"e\"\nmethod = \"{method}\"\nsummary = \"{summary}\"\n"),
            "x",
        )
        .unwrap()
    }

    #[test]
    fn spec_source_decides_between_page_and_edited_spec() {
        let fresh = spec("POST", "page");
        let written = spec_file_text(&fresh);
        let edited = written.replace("POST", "GET");
        let changed_page = spec("POST", "page, reworded");

        assert_eq!(SpecSource::of(None, &fresh), SpecSource::Page);
        // Unedited: the page wins, whether or not it changed.
        assert_eq!(SpecSource::of(Some(&written), &fresh), SpecSource::Page);
        assert_eq!(
            SpecSource::of(Some(&written), &changed_page),
            SpecSource::Page
        );
        // Edited: the file wins; a changed page is flagged.
        assert_eq!(
            SpecSource::of(Some(&edited), &fresh),
            SpecSource::EditedSpec
        );
        assert_eq!(
            SpecSource::of(Some(&edited), &changed_page),
            SpecSource::EditedSpecPageChanged
        );
        // No docsdk header: hand-written, nothing recorded to compare the page with.
        let bare = fresh.to_toml();
        assert_eq!(
            SpecSource::of(Some(&bare), &changed_page),
            SpecSource::EditedSpec
        );
        assert!(!page_changed_since(&bare, &changed_page));
        assert!(page_changed_since(&edited, &changed_page));
        assert!(!page_changed_since(&edited, &fresh));
    }

    #[test]
    fn decide_loads_the_edited_file_and_names_both_files() {
        let tmp = tempfile::tempdir().unwrap();
        let scraped = Scraped {
            page: tmp.path().join("docs/a.txt"),
            spec: spec("POST", "page"),
            warnings: Vec::new(),
        };
        let d = decide(&scraped, tmp.path()).unwrap();
        assert_eq!(d.source, SpecSource::Page);
        assert_eq!(d.spec, scraped.spec);
        assert!(d.notice().is_none());

        let (path, _) = write_spec(tmp.path(), &scraped.spec, false).unwrap();
        assert_eq!(
            decide(&scraped, tmp.path()).unwrap().source,
            SpecSource::Page
        );

        let edited = std::fs::read_to_string(&path)
            .unwrap()
            .replace("POST", "GET");
        std::fs::write(&path, &edited).unwrap();
        let d = decide(&scraped, tmp.path()).unwrap();
        assert_eq!(d.source, SpecSource::EditedSpec);
        assert_eq!(d.spec.action.method, crate::spec::HttpMethod::Get);
        assert!(d.notice().is_none());

        let changed = Scraped {
            spec: spec("POST", "page, reworded"),
            ..scraped
        };
        let d = decide(&changed, tmp.path()).unwrap();
        assert_eq!(d.source, SpecSource::EditedSpecPageChanged);
        assert_eq!(d.spec.action.method, crate::spec::HttpMethod::Get);
        let text = d.notice().unwrap().to_string();
        assert!(text.contains(&path.display().to_string()), "{text}");
        assert!(text.contains("a.txt"), "{text}");
        assert!(text.contains("A.override.toml"), "{text}");
        assert!(text.contains("--force"), "{text}");

        // A broken edit is an error naming the file, not a silent fallback to the page.
        std::fs::write(&path, "schema = 1\n[action\n").unwrap();
        let err = decide(&changed, tmp.path()).unwrap_err().to_string();
        assert!(err.contains("A.toml"), "{err}");
    }
}
