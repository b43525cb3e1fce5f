//! A run: every selected page fetched (bounded concurrency), checked and stored, then the
//! state written once.

use crate::client::{Got, Http, Validators};
use crate::error::Error;
use crate::guard;
use crate::manifest::{hex_sha256, parse_url, Manifest, PageEntry};
use crate::options::FetchOptions;
use crate::outcome::{Failure, FetchReport, PageOutcome, Status};
use crate::state::{FetchState, PageState};
use crate::store::write_atomic;
use crate::text::html_to_text;
use docsdk_codegen::blocks::Format;
use futures_util::stream::{self, StreamExt};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Fetches the manifest's pages into `docs_dir` (all of them, or those `only` names by URL
/// or file) and reports each. Pages fail one by one; an `Err` is only for what stops the
/// whole run: an invalid manifest, a name not in it, an unreadable state file, an unusable
/// option.
pub async fn fetch<S: AsRef<str>>(
    manifest: &Manifest,
    docs_dir: &Path,
    opts: &FetchOptions,
    only: &[S],
) -> Result<FetchReport, Error> {
    fetch_with_progress(manifest, docs_dir, opts, only, |_| {}).await
}

/// [`fetch`], calling `on_page` with each page's outcome as it finishes (in completion
/// order), so a command can print a line per page while a slow, rate-limited run goes on.
/// The report keeps manifest order.
pub async fn fetch_with_progress<S: AsRef<str>, F: FnMut(&PageOutcome)>(
    manifest: &Manifest,
    docs_dir: &Path,
    opts: &FetchOptions,
    only: &[S],
    mut on_page: F,
) -> Result<FetchReport, Error> {
    let started = Instant::now();
    // The fields are public: a manifest built in code gets the checks a loaded one had, so
    // no entry can write outside the docs folder.
    manifest.check().map_err(Error::InvalidManifest)?;
    let selected = select(manifest, only)?;
    let state_path = FetchState::path(docs_dir);
    let state = FetchState::load(&state_path)?;
    let http = Http::new(opts).map_err(Error::Client)?;
    let (http, state_ref) = (&http, &state);
    let mut running = stream::iter(selected.into_iter().enumerate())
        .map(|(i, entry)| async move {
            let (outcome, new_state) = fetch_page(http, state_ref, docs_dir, entry).await;
            (i, outcome, new_state)
        })
        .buffer_unordered(opts.concurrency.max(1));
    let mut results: Vec<(usize, PageOutcome, Option<PageState>)> = Vec::new();
    while let Some(r) = running.next().await {
        on_page(&r.1);
        results.push(r);
    }
    drop(running);
    results.sort_by_key(|r| r.0);

    let mut state = state;
    let mut state_changed = false;
    let mut pages = Vec::with_capacity(results.len());
    for (_, outcome, new_state) in results {
        if let Some(s) = new_state {
            if state.pages.get(&outcome.file) != Some(&s) {
                state.pages.insert(outcome.file.clone(), s);
                state_changed = true;
            }
        }
        pages.push(outcome);
    }
    // After the pages: a state naming a page that is not on disk would be worse than a state
    // missing one (that page is merely fetched in full next time).
    let state_error = if state_changed {
        state.save(&state_path).err().map(|e| e.to_string())
    } else {
        None
    };
    Ok(FetchReport {
        pages,
        state_error,
        elapsed: started.elapsed(),
    })
}

/// [`fetch`] on a runtime of its own, for callers that are not async. Called from inside
/// an async runtime it returns an error (use [`fetch`] there).
pub fn fetch_blocking<S: AsRef<str>>(
    manifest: &Manifest,
    docs_dir: &Path,
    opts: &FetchOptions,
    only: &[S],
) -> Result<FetchReport, Error> {
    runtime()?.block_on(fetch(manifest, docs_dir, opts, only))
}

/// [`fetch_with_progress`] on a runtime of its own.
pub fn fetch_blocking_with_progress<S: AsRef<str>, F: FnMut(&PageOutcome)>(
    manifest: &Manifest,
    docs_dir: &Path,
    opts: &FetchOptions,
    only: &[S],
    on_page: F,
) -> Result<FetchReport, Error> {
    runtime()?.block_on(fetch_with_progress(manifest, docs_dir, opts, only, on_page))
}

fn runtime() -> Result<tokio::runtime::Runtime, Error> {
    // Blocking on a runtime inside another one panics in tokio; say so instead.
    if tokio::runtime::Handle::try_current().is_ok() {
        return Err(Error::Client(
            "fetch_blocking called from inside an async runtime; use fetch".into(),
        ));
    }
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Client(format!("cannot start the async runtime: {e}")))
}

fn select<'m, S: AsRef<str>>(m: &'m Manifest, only: &[S]) -> Result<Vec<&'m PageEntry>, Error> {
    if only.is_empty() {
        return Ok(m.pages.iter().collect());
    }
    let mut out: Vec<&PageEntry> = Vec::new();
    for name in only {
        let name = name.as_ref();
        let e = m
            .find(name)
            .ok_or_else(|| Error::UnknownPage(name.to_string()))?;
        if !out.iter().any(|o| std::ptr::eq(*o, e)) {
            out.push(e);
        }
    }
    Ok(out)
}

async fn fetch_page(
    http: &Http,
    state: &FetchState,
    docs_dir: &Path,
    entry: &PageEntry,
) -> (PageOutcome, Option<PageState>) {
    let path = docs_dir.join(&entry.file);
    let mut outcome = PageOutcome {
        file: entry.file.clone(),
        path: path.clone(),
        url: entry.url.clone(),
        status: Status::Skipped(String::new()),
        attempts: 0,
        bytes: None,
    };
    let Some(url_str) = entry.url.as_deref() else {
        outcome.status = Status::Skipped("no URL (saved by hand; not fetched)".into());
        return (outcome, None);
    };
    let fail = |mut o: PageOutcome, f: Failure| {
        o.status = Status::Failed(f);
        (o, None)
    };
    let url = match parse_url(url_str) {
        Ok(u) => u,
        Err(e) => return fail(outcome, Failure::Io(e.to_string())),
    };
    let old = match std::fs::read(&path) {
        Ok(b) => Some(b),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            return fail(
                outcome,
                Failure::Io(format!("cannot read the saved page: {e}")),
            )
        }
    };
    let validators = state
        .validators(&entry.file, url_str, old.as_deref())
        .map(|s| Validators {
            etag: s.etag.clone(),
            last_modified: s.last_modified.clone(),
        })
        .unwrap_or_default();

    let (got, attempts) = http.get(&url, &validators).await;
    outcome.attempts = attempts;
    match got {
        Err(f) => fail(outcome, f),
        Ok(Got::NotModified { etag }) => {
            outcome.status = Status::Unchanged { not_modified: true };
            // A 304 may carry a fresher ETag; the file is the one the old validators named.
            let new_state = state.pages.get(&entry.file).cloned().map(|mut s| {
                if etag.is_some() {
                    s.etag = etag;
                }
                s
            });
            (outcome, new_state)
        }
        Ok(Got::Body {
            bytes,
            content_type,
            etag,
            last_modified,
        }) => {
            // Reading pages is CPU work; keep it off the threads driving the sockets.
            let p = path.clone();
            let stored = tokio::task::spawn_blocking(move || store(&p, bytes, content_type, old))
                .await
                .unwrap_or_else(|e| Err(Failure::Io(format!("page check failed: {e}"))));
            match stored {
                Err(f) => fail(outcome, f),
                Ok((status, bytes, sha256)) => {
                    outcome.status = status;
                    outcome.bytes = Some(bytes);
                    let s = PageState {
                        url: url_str.to_string(),
                        etag,
                        last_modified,
                        sha256,
                    };
                    (outcome, Some(s))
                }
            }
        }
    }
}

/// Turns a body into what `path` stores, checks it against the saved page and writes it if
/// it differs. Returns the status, the stored size and its hash.
fn store(
    path: &Path,
    body: Vec<u8>,
    content_type: Option<String>,
    old: Option<Vec<u8>>,
) -> Result<(Status, u64, String), Failure> {
    let body = String::from_utf8(body).map_err(|_| Failure::NotUtf8)?;
    let text = stored_form(path, body, content_type.as_deref());
    let bytes = text.as_bytes();
    let sha = hex_sha256(bytes);
    if old.as_deref() == Some(bytes) {
        return Ok((
            Status::Unchanged {
                not_modified: false,
            },
            bytes.len() as u64,
            sha,
        ));
    }
    let old_text = old.as_deref().map(String::from_utf8_lossy);
    guard::check(&text, old_text.as_deref(), path).map_err(Failure::Refused)?;
    write_atomic(path, bytes).map_err(|e| Failure::Io(format!("cannot save the page: {e}")))?;
    let status = if old.is_some() {
        Status::Updated
    } else {
        Status::Added
    };
    Ok((status, bytes.len() as u64, sha))
}

/// What a file of this name keeps: HTML as fetched in `.html`; in any other file (read as
/// text or markdown) an HTML page's readable text, since those readers do not read HTML.
fn stored_form(path: &Path, body: String, content_type: Option<&str>) -> String {
    if Format::from_path(path) != Format::Html && is_html(&body, content_type) {
        html_to_text(&body)
    } else {
        body
    }
}

fn is_html(body: &str, content_type: Option<&str>) -> bool {
    if let Some(ct) = content_type {
        let ct = ct.to_ascii_lowercase();
        if ct.contains("html") {
            return true;
        }
        if !ct.starts_with("text/plain") && !ct.starts_with("application/octet-stream") {
            return false;
        }
    }
    let head: String = body
        .trim_start_matches('\u{feff}')
        .trim_start()
        .chars()
        .take(15)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html")
}

/// Where `file` of the manifest lives under `docs_dir`.
pub fn page_path(docs_dir: &Path, file: &str) -> PathBuf {
    docs_dir.join(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_detection() {
        assert!(is_html("x", Some("text/html; charset=utf-8")));
        assert!(is_html("<!DOCTYPE html><p>x", None));
        assert!(is_html("\u{feff}  <html>", Some("text/plain")));
        assert!(!is_html("<!doctype html>", Some("text/markdown")));
        assert!(!is_html("Parameter | Type |", None));
    }
}
