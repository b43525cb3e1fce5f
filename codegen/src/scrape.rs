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
        format: format.as_str().to_string(),
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
        "{HEADER_PREFIX}{page}\n# Edit <Action>.override.toml beside this file instead: this file is rewritten on scrape.\n{HASH_PREFIX}{}\n{body}",
        sha256_hex(body.as_bytes())
    )
}

/// Whether an existing spec file was edited since docsdk wrote it.
pub fn edited_by_user(existing: &str) -> bool {
    let Some(hash_line) = existing.lines().find(|l| l.starts_with(HASH_PREFIX)) else {
        // No docsdk header: a hand-written spec.
        return true;
    };
    let recorded = hash_line.trim_start_matches(HASH_PREFIX).trim();
    let body_start = existing
        .find(hash_line)
        .map(|i| i + hash_line.len() + 1)
        .unwrap_or(existing.len());
    let body = existing.get(body_start..).unwrap_or("");
    sha256_hex(body.as_bytes()) != recorded
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
}
