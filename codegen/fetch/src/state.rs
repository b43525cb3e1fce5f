//! `specs/docs/.fetch-state.toml`: per saved file, the validators of the response it came
//! from (for conditional requests) and the hash of what was stored.

use crate::error::Error;
use crate::manifest::hex_sha256;
use crate::store::write_atomic;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// File name of the state file inside the docs folder.
pub const STATE_FILE: &str = ".fetch-state.toml";

/// What is known about one saved page.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PageState {
    /// The URL the validators belong to; they are not sent for another URL.
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
    /// SHA-256 of the file as stored; validators are only sent while the file still has it.
    pub sha256: String,
}

/// The state of every fetched page, keyed by file (as in the manifest).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct FetchState {
    #[serde(default)]
    pub pages: BTreeMap<String, PageState>,
}

impl FetchState {
    /// Where the state of `docs_dir` is kept.
    pub fn path(docs_dir: &Path) -> PathBuf {
        docs_dir.join(STATE_FILE)
    }

    /// Reads the state; a missing file is an empty state (every page fetched in full).
    pub fn load(path: &Path) -> Result<FetchState, Error> {
        match std::fs::read_to_string(path) {
            Ok(t) => toml::from_str(&t).map_err(|e| Error::State {
                path: path.to_path_buf(),
                message: e.to_string(),
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(FetchState::default()),
            Err(e) => Err(Error::io(path, e)),
        }
    }

    /// Writes the state atomically.
    pub fn save(&self, path: &Path) -> Result<(), Error> {
        let text = toml::to_string(self).map_err(|e| Error::State {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        let text =
            format!("# Written by docsdk fetch: validators for conditional requests.\n{text}");
        write_atomic(path, text.as_bytes()).map_err(|e| Error::io(path, e))
    }

    /// The validators to send for `file` fetched from `url`, when the saved file is still the
    /// one they describe. A page edited or deleted by hand is fetched in full, so a 304 can
    /// never leave a page that does not match the server.
    pub(crate) fn validators(
        &self,
        file: &str,
        url: &str,
        on_disk: Option<&[u8]>,
    ) -> Option<&PageState> {
        let s = self.pages.get(file)?;
        let bytes = on_disk?;
        (s.url == url
            && s.sha256 == hex_sha256(bytes)
            && (s.etag.is_some() || s.last_modified.is_some()))
        .then_some(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_missing_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = FetchState::path(dir.path());
        assert_eq!(
            FetchState::load(&p).expect("missing"),
            FetchState::default()
        );
        let mut s = FetchState::default();
        s.pages.insert(
            "a.html".into(),
            PageState {
                url: "http://x/a".into(),
                etag: Some("\"1\"".into()),
                last_modified: None,
                sha256: hex_sha256(b"page"),
            },
        );
        s.save(&p).expect("save");
        assert_eq!(FetchState::load(&p).expect("load"), s);
        assert!(s
            .validators("a.html", "http://x/a", Some(b"page"))
            .is_some());
        assert!(s
            .validators("a.html", "http://x/a", Some(b"edited"))
            .is_none());
        assert!(s
            .validators("a.html", "http://x/b", Some(b"page"))
            .is_none());
        assert!(s.validators("a.html", "http://x/a", None).is_none());
        std::fs::write(&p, "pages = 3").expect("write");
        assert!(FetchState::load(&p).is_err());
    }
}
