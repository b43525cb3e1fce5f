//! What happened to each page, one line each, and the run's summary.

use crate::guard::Refusal;
use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

/// Why a page was not updated. The saved page, if any, is as it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// 404 or 410.
    NotFound(u16),
    /// A status that is neither a page nor worth retrying (403, 401, an unasked 304, …).
    Status(u16),
    /// 5xx, on every attempt.
    ServerError(u16),
    /// 429, on every attempt.
    RateLimited,
    /// 429 or 503 with a Retry-After beyond [`crate::FetchOptions::retry_after_cap`].
    RetryAfterTooLong {
        status: u16,
        wait: Duration,
        cap: Duration,
    },
    /// No complete response within the timeout.
    Timeout(Duration),
    /// The connection failed or was dropped before a response.
    Connect(String),
    /// The body is over the cap (announced or as read).
    TooLarge { limit: u64 },
    /// The connection ended before the body did.
    Truncated { got: u64, expected: Option<u64> },
    /// A redirect back to a URL already visited.
    RedirectLoop(String),
    /// More redirects than allowed.
    TooManyRedirects(usize),
    /// A redirect without a usable Location.
    BadRedirect(String),
    /// The body is not UTF-8.
    NotUtf8,
    /// The guard refused the new page.
    Refused(Refusal),
    /// Reading the saved page or writing the new one.
    Io(String),
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::NotFound(404) => f.write_str("not found (404)"),
            Failure::NotFound(s) => write!(f, "gone ({s})"),
            Failure::Status(304) => f.write_str("304 Not Modified to an unconditional request"),
            Failure::Status(s) => write!(f, "HTTP {s}"),
            Failure::ServerError(s) => write!(f, "server error ({s})"),
            Failure::RateLimited => f.write_str("rate limited (429)"),
            Failure::RetryAfterTooLong { status, wait, cap } => write!(
                f,
                "{} ({status}): Retry-After {} s is over the {} s cap",
                if *status == 429 {
                    "rate limited"
                } else {
                    "unavailable"
                },
                wait.as_secs(),
                cap.as_secs()
            ),
            Failure::Timeout(d) => write!(f, "timed out after {} ms", d.as_millis()),
            Failure::Connect(e) => write!(f, "connection failed: {e}"),
            Failure::TooLarge { limit } => write!(f, "body over the {limit}-byte cap"),
            Failure::Truncated {
                got,
                expected: Some(n),
            } => write!(f, "body cut short: {got} of {n} bytes"),
            Failure::Truncated {
                got,
                expected: None,
            } => {
                write!(f, "body cut short after {got} bytes")
            }
            Failure::RedirectLoop(u) => write!(f, "redirect loop (back to {u})"),
            Failure::TooManyRedirects(n) => write!(f, "too many redirects (over {n})"),
            Failure::BadRedirect(why) => write!(f, "bad redirect: {why}"),
            Failure::NotUtf8 => f.write_str("body is not UTF-8"),
            Failure::Refused(r) => r.fmt(f),
            Failure::Io(e) => write!(f, "{e}"),
        }
    }
}

/// What happened to one page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// The saved page is current and was not rewritten: `not_modified` when the server said
    /// so (304), otherwise it sent the same bytes.
    Unchanged { not_modified: bool },
    /// The saved page was replaced.
    Updated,
    /// The page was saved for the first time.
    Added,
    /// Not fetched (no URL).
    Skipped(String),
    /// Not updated, for this reason; the saved page is as it was.
    Failed(Failure),
}

/// One page's outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageOutcome {
    /// The file as named in the manifest.
    pub file: String,
    /// The file on disk (docs folder joined).
    pub path: PathBuf,
    pub url: Option<String>,
    pub status: Status,
    /// Requests made for it, redirects not counted (0 when skipped).
    pub attempts: u32,
    /// Bytes stored (updated or added pages).
    pub bytes: Option<u64>,
}

impl PageOutcome {
    /// Whether the saved page changed (updated or added): the pages to scrape again.
    pub fn changed(&self) -> bool {
        matches!(self.status, Status::Updated | Status::Added)
    }

    pub fn failure(&self) -> Option<&Failure> {
        match &self.status {
            Status::Failed(f) => Some(f),
            _ => None,
        }
    }
}

impl fmt::Display for PageOutcome {
    /// `updated   a.html (5120 bytes)`, `failed    b.html: not found (404) — https://…`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let word = match &self.status {
            Status::Unchanged { .. } => "unchanged",
            Status::Updated => "updated",
            Status::Added => "added",
            Status::Skipped(_) => "skipped",
            Status::Failed(_) => "failed",
        };
        write!(f, "{word:<9} {}", self.file)?;
        match &self.status {
            Status::Unchanged { not_modified: true } => f.write_str(" (304 not modified)")?,
            Status::Unchanged {
                not_modified: false,
            } => f.write_str(" (same content)")?,
            Status::Updated | Status::Added => {
                if let Some(b) = self.bytes {
                    write!(f, " ({b} bytes)")?;
                }
            }
            Status::Skipped(why) => write!(f, ": {why}")?,
            Status::Failed(why) => {
                write!(f, ": {why}")?;
                if self.attempts > 1 {
                    write!(f, " after {} attempts", self.attempts)?;
                }
                if let Some(u) = &self.url {
                    write!(f, " — {u}")?;
                }
            }
        }
        if self.attempts > 1 && !matches!(self.status, Status::Failed(_)) {
            write!(f, " [{} attempts]", self.attempts)?;
        }
        Ok(())
    }
}

/// The outcome of a run, in manifest order.
#[derive(Debug, Clone, Default)]
pub struct FetchReport {
    pub pages: Vec<PageOutcome>,
    /// The state file could not be written: pages are saved, but the next run fetches them
    /// in full (and finds them unchanged).
    pub state_error: Option<String>,
    pub elapsed: Duration,
}

impl FetchReport {
    /// Pages updated or added: the ones to scrape again.
    pub fn updated(&self) -> impl Iterator<Item = &PageOutcome> {
        self.pages.iter().filter(|p| p.changed())
    }

    /// Paths of the pages updated or added.
    pub fn changed_paths(&self) -> Vec<PathBuf> {
        self.updated().map(|p| p.path.clone()).collect()
    }

    pub fn failed(&self) -> impl Iterator<Item = &PageOutcome> {
        self.pages.iter().filter(|p| p.failure().is_some())
    }

    pub fn unchanged(&self) -> impl Iterator<Item = &PageOutcome> {
        self.pages
            .iter()
            .filter(|p| matches!(p.status, Status::Unchanged { .. }))
    }

    pub fn skipped(&self) -> impl Iterator<Item = &PageOutcome> {
        self.pages
            .iter()
            .filter(|p| matches!(p.status, Status::Skipped(_)))
    }

    /// True when no page failed and the state was saved.
    pub fn is_success(&self) -> bool {
        self.failed().next().is_none() && self.state_error.is_none()
    }

    /// The process exit code a command should end with: 0 when every page is current or
    /// skipped, 1 when any failed (its saved page kept) or the state could not be saved.
    pub fn exit_code(&self) -> u8 {
        if self.is_success() {
            0
        } else {
            1
        }
    }

    /// `5 pages: 1 added, 1 updated, 2 unchanged, 1 failed, 0 skipped in 1.2 s`.
    pub fn summary(&self) -> String {
        let n = |s: fn(&Status) -> bool| self.pages.iter().filter(|p| s(&p.status)).count();
        format!(
            "{} pages: {} added, {} updated, {} unchanged, {} failed, {} skipped in {:.1} s",
            self.pages.len(),
            n(|s| matches!(s, Status::Added)),
            n(|s| matches!(s, Status::Updated)),
            n(|s| matches!(s, Status::Unchanged { .. })),
            n(|s| matches!(s, Status::Failed(_))),
            n(|s| matches!(s, Status::Skipped(_))),
            self.elapsed.as_secs_f64()
        )
    }
}

impl fmt::Display for FetchReport {
    /// One line per page, then the summary (and the state error, if any).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for p in &self.pages {
            writeln!(f, "{p}")?;
        }
        if let Some(e) = &self.state_error {
            writeln!(f, "error: fetch state not saved: {e}")?;
        }
        write!(f, "{}", self.summary())
    }
}
