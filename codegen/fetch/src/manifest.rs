//! `specs/pages.toml`: the tracked pages, their URLs and the files they are saved as.
//!
//! ```toml
//! [[page]]
//! url = "https://docs.example.com/api/RunThing"
//! file = "docs.example.com_api_runthing.html"   # under specs/docs/
//! provider = "tencent"                          # optional scraper hints
//! service = "cvm"
//! version = "2017-03-12"
//! ```
//!
//! An entry without `url` is a page saved by hand: it is listed (so tools know it is tracked)
//! and [`crate::fetch`] skips it.

use crate::error::Error;
use crate::store::write_atomic;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::HashSet;
use std::path::{Component, Path};

/// The extensions the scraper collects from a folder (`docsdk_codegen::scrape::PAGE_EXTENSIONS`
/// as of writing): a page saved under another name would be fetched and never scraped.
const PAGE_EXTENSIONS: &[&str] = &["txt", "text", "md", "markdown", "html", "htm"];

/// Longest file stem [`Manifest::add`] derives from a URL, before the extension.
const MAX_STEM: usize = 96;

const HEADER: &str = "\
# Tracked doc pages: `docsdk fetch` downloads each `url` into specs/docs/<file>.
# provider/service/version are the scraper's hints for pages that do not say.
# An entry without `url` was saved by hand and is not fetched.
";

/// How a page added with [`Manifest::add`] is stored, when its URL has no telling extension.
///
/// The stored form follows the file's extension, because the readers pick their format from
/// it: a `.html` file keeps the HTML as fetched, a `.txt` (or `.md`) file gets the page's
/// readable text. So the choice is made once, when the file name is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StoreMode {
    /// Keep the HTML as fetched (`.html`); the HTML reader reads it.
    #[default]
    Html,
    /// Keep the readable text (`.txt`): headings, paragraphs, and tables as pipe rows.
    Text,
}

/// One tracked page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageEntry {
    /// Where the page is fetched from; `None` for a page saved by hand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The saved page, relative to the docs folder (`specs/docs/`).
    pub file: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Free text kept with the entry (where the URL came from, why there is none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl PageEntry {
    /// An entry for `url` saved as `file`, with no hints.
    pub fn new(url: impl Into<String>, file: impl Into<String>) -> Self {
        PageEntry {
            url: Some(url.into()),
            file: file.into(),
            provider: None,
            service: None,
            version: None,
            note: None,
        }
    }

    /// Whether `name` names this entry: its URL or its file.
    pub fn is_named(&self, name: &str) -> bool {
        self.file == name || self.url.as_deref() == Some(name)
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ManifestFile {
    #[serde(default)]
    page: Vec<PageEntry>,
}

/// The page manifest. Entries keep the order of the file; [`Manifest::add`] appends.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Manifest {
    pub pages: Vec<PageEntry>,
}

impl Manifest {
    /// Reads and checks a manifest. A missing file is an empty manifest, so the first
    /// `fetch --add` creates it.
    pub fn load(path: &Path) -> Result<Manifest, Error> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Manifest::default()),
            Err(e) => return Err(Error::io(path, e)),
        };
        Manifest::parse(&text).map_err(|message| Error::Manifest {
            path: path.to_path_buf(),
            message,
        })
    }

    /// Parses and checks manifest text; the error says which entry is wrong.
    pub fn parse(text: &str) -> Result<Manifest, String> {
        let file: ManifestFile = toml::from_str(text).map_err(|e| e.to_string())?;
        let manifest = Manifest { pages: file.page };
        manifest.check()?;
        Ok(manifest)
    }

    /// The manifest as TOML, with a short header comment.
    pub fn to_toml(&self) -> String {
        let body = toml::to_string(&ManifestFile {
            page: self.pages.clone(),
        })
        .unwrap_or_default();
        format!("{HEADER}\n{body}")
    }

    /// Writes the manifest atomically, keeping what the user wrote: when the file on disk
    /// holds the first entries unchanged (the usual case, `fetch --add` appends), the new
    /// entries are appended to its text, comments and all; otherwise the file is rewritten
    /// with its leading comment block kept (an entry's `note` is kept either way).
    pub fn save(&self, path: &Path) -> Result<(), Error> {
        self.check().map_err(|message| Error::Manifest {
            path: path.to_path_buf(),
            message,
        })?;
        let text = match std::fs::read_to_string(path) {
            Ok(old_text) => self.text_over(&old_text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => self.to_toml(),
            Err(e) => return Err(Error::io(path, e)),
        };
        write_atomic(path, text.as_bytes()).map_err(|e| Error::io(path, e))
    }

    /// The text to write over `old_text`, the manifest's file as it is on disk.
    fn text_over(&self, old_text: &str) -> String {
        let entries = |pages: &[PageEntry]| {
            toml::to_string(&ManifestFile {
                page: pages.to_vec(),
            })
            .unwrap_or_default()
        };
        if let Ok(old) = Manifest::parse(old_text) {
            if let Some(added) = self.pages.strip_prefix(old.pages.as_slice()) {
                if added.is_empty() {
                    return old_text.to_string();
                }
                let separator = if old_text.ends_with('\n') {
                    "\n"
                } else {
                    "\n\n"
                };
                return format!("{old_text}{separator}{}", entries(added));
            }
        }
        let preamble: String = old_text
            .lines()
            .take_while(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
            .map(|l| format!("{l}\n"))
            .collect();
        if preamble.trim().is_empty() {
            self.to_toml()
        } else {
            format!("{}\n\n{}", preamble.trim_end(), entries(&self.pages))
        }
    }

    /// Every file relative and inside the docs folder with a page extension, no file or URL
    /// twice, URLs http(s). The error names the entry.
    pub fn check(&self) -> Result<(), String> {
        let mut files = HashSet::new();
        let mut urls = HashSet::new();
        for (i, p) in self.pages.iter().enumerate() {
            let at = |msg: String| format!("page {} (`{}`): {msg}", i + 1, p.file);
            check_file_name(&p.file).map_err(at)?;
            if !files.insert(p.file.as_str()) {
                return Err(at("the same file is listed twice".into()));
            }
            if let Some(url) = &p.url {
                parse_url(url).map_err(|e| at(e.to_string()))?;
                if !urls.insert(url.as_str()) {
                    return Err(at(format!("{url} is listed twice")));
                }
            }
        }
        Ok(())
    }

    /// The entry named by `name`: its URL or its file.
    pub fn find(&self, name: &str) -> Option<&PageEntry> {
        self.pages.iter().find(|p| p.is_named(name))
    }

    /// Adds `url` with a file name derived from it (see [`file_name_for`]) and returns the
    /// new entry, to set hints on. A URL already tracked is an error, never overwritten; a
    /// derived name taken by another URL gets a short hash of the URL appended.
    pub fn add(&mut self, url: &str, store: StoreMode) -> Result<&mut PageEntry, Error> {
        let url = url.trim();
        parse_url(url)?;
        if let Some(p) = self.pages.iter().find(|p| p.url.as_deref() == Some(url)) {
            return Err(Error::AlreadyTracked {
                url: url.to_string(),
                file: p.file.clone(),
            });
        }
        let mut file = file_name_for(url, store)?;
        if self.pages.iter().any(|p| p.file == file) {
            let (stem, ext) = file.rsplit_once('.').unwrap_or((file.as_str(), "html"));
            file = format!("{stem}-{}.{ext}", &hex_sha256(url.as_bytes())[..8]);
        }
        self.pages.push(PageEntry::new(url, file));
        let last = self.pages.len() - 1;
        Ok(&mut self.pages[last])
    }
}

/// A stable file name for `url`: host (without `www.`) and path, lower-cased, each run of
/// other characters one `_`, with a short hash when a query string or truncation would
/// otherwise make two URLs collide. The extension comes from the URL's own (`.md`, `.txt`,
/// `.html`) or else from `store`.
///
/// `https://www.example.com/docs/api/1119/45702` → `example.com_docs_api_1119_45702.html`.
pub fn file_name_for(url: &str, store: StoreMode) -> Result<String, Error> {
    let parsed = parse_url(url)?;
    let host = parsed.host_str().unwrap_or("page");
    let host = host.strip_prefix("www.").unwrap_or(host);
    let mut path = parsed.path().trim_matches('/').to_string();
    let url_ext = Path::new(&path)
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase());
    let ext = match (url_ext.as_deref(), store) {
        (Some("md" | "markdown"), _) => "md",
        (Some("txt"), _) => "txt",
        (_, StoreMode::Text) => "txt",
        _ => "html",
    };
    if let Some(e) = &url_ext {
        if matches!(e.as_str(), "md" | "markdown" | "txt" | "html" | "htm") {
            path.truncate(path.len() - e.len() - 1);
        }
    }
    let raw = format!("{host}/{path}");
    let mut stem = String::new();
    for c in raw.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
            stem.push(c);
        } else if !stem.ends_with('_') {
            stem.push('_');
        }
    }
    let mut stem = stem.trim_matches(['_', '.']).to_string();
    let needs_hash = parsed.query().is_some() || stem.len() > MAX_STEM;
    stem.truncate(MAX_STEM);
    if needs_hash {
        stem = format!("{stem}-{}", &hex_sha256(url.as_bytes())[..8]);
    }
    if stem.is_empty() {
        stem = "page".into();
    }
    Ok(format!("{stem}.{ext}"))
}

/// A relative path of plain components: nothing that could write outside the docs folder.
fn check_file_name(file: &str) -> Result<(), String> {
    let p = Path::new(file);
    if file.is_empty() {
        return Err("empty `file`".into());
    }
    if !(p.components().all(|c| matches!(c, Component::Normal(_)))
        && !file.contains('\\')
        && !file.ends_with('/'))
    {
        return Err(format!(
            "`file` must be a plain path under the docs folder, not `{file}`"
        ));
    }
    let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
    if !PAGE_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()) {
        return Err(format!(
            "`file` must end in a page extension the scraper reads ({}), not `{file}`",
            PAGE_EXTENSIONS.join(", ")
        ));
    }
    Ok(())
}

pub(crate) fn parse_url(url: &str) -> Result<reqwest::Url, Error> {
    match reqwest::Url::parse(url) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => Ok(u),
        _ => Err(Error::BadUrl(url.to_string())),
    }
}

pub(crate) fn hex_sha256(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest.iter() {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_urls() {
        let n = |u, s| file_name_for(u, s).expect("name");
        assert_eq!(
            n(
                "https://www.example.com/docs/api/1119/45702",
                StoreMode::Html
            ),
            "example.com_docs_api_1119_45702.html"
        );
        assert_eq!(
            n("https://example.com/docs/api/1119/45702", StoreMode::Text),
            "example.com_docs_api_1119_45702.txt"
        );
        assert_eq!(
            n("https://example.com/a/RunThing.md", StoreMode::Html),
            "example.com_a_runthing.md"
        );
        assert_eq!(
            n("https://example.com/a/b.html", StoreMode::Text),
            "example.com_a_b.txt"
        );
        let q = n("https://example.com/a?id=1", StoreMode::Html);
        assert!(
            q.starts_with("example.com_a-") && q.ends_with(".html"),
            "{q}"
        );
        assert_ne!(q, n("https://example.com/a?id=2", StoreMode::Html));
        assert!(file_name_for("ftp://example.com/a", StoreMode::Html).is_err());
        assert!(file_name_for("not a url", StoreMode::Html).is_err());
    }

    #[test]
    fn add_never_overwrites() {
        let mut m = Manifest::default();
        let e = m
            .add("https://example.com/a/b", StoreMode::Html)
            .expect("add");
        e.provider = Some("tencent".into());
        assert!(matches!(
            m.add("https://example.com/a/b", StoreMode::Html),
            Err(Error::AlreadyTracked { .. })
        ));
        // Same derived name, different URL: a hash keeps them apart.
        let f = m
            .add("https://example.com/a_b", StoreMode::Html)
            .expect("add")
            .file
            .clone();
        assert_ne!(f, m.pages[0].file);
        let back = Manifest::parse(&m.to_toml()).expect("parse");
        assert_eq!(back, m);
    }

    #[test]
    fn rejects_paths_outside_the_docs_folder_and_duplicates() {
        for bad in [
            "../x.txt",
            "/etc/x.txt",
            "a/../../x.txt",
            "",
            "a.toml",
            "noext",
        ] {
            let t = format!("[[page]]\nfile = \"{bad}\"\n");
            assert!(Manifest::parse(&t).is_err(), "{bad}");
        }
        let dup = "[[page]]\nfile = \"a.txt\"\n[[page]]\nfile = \"a.txt\"\n";
        assert!(Manifest::parse(dup).is_err());
        let typo = "[[page]]\nfile = \"a.txt\"\nservce = \"cvm\"\n";
        assert!(Manifest::parse(typo).is_err());
        assert!(Manifest::parse("[[page]]\nfile = \"sub/a.txt\"\n").is_ok());
    }

    #[test]
    fn saving_keeps_the_comments_the_user_wrote() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pages.toml");
        let original = "# Our pages.\n\n[[page]]\n# saved by hand\nfile = \"a.txt\"\n";
        std::fs::write(&path, original).unwrap();
        let mut m = Manifest::load(&path).unwrap();
        m.add("https://docs.example.com/api/B", StoreMode::Html)
            .unwrap();
        m.save(&path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with(original), "{text}");
        assert_eq!(Manifest::load(&path).unwrap(), m);

        // An entry changed in place: the leading comments stay, the rest is rewritten.
        m.pages[0].note = Some("kept".into());
        m.save(&path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("# Our pages.\n"), "{text}");
        assert_eq!(Manifest::load(&path).unwrap(), m);
    }
}
