//! Errors that stop a whole run (or a manifest edit). A single page's failure is not one of
//! these: it is a [`crate::Failure`] in that page's outcome, and the other pages go on.

use std::path::PathBuf;

/// What stops [`crate::fetch`] or a [`crate::Manifest`] operation.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Manifest { path: PathBuf, message: String },
    #[error("page manifest: {0}")]
    InvalidManifest(String),
    #[error("{path}: unreadable fetch state ({message}); delete it to fetch every page in full")]
    State { path: PathBuf, message: String },
    #[error("{url} is already tracked as {file}")]
    AlreadyTracked { url: String, file: String },
    #[error("`{0}` is not a URL or file in the manifest")]
    UnknownPage(String),
    #[error("not an http(s) URL: `{0}`")]
    BadUrl(String),
    #[error("HTTP client: {0}")]
    Client(String),
}

impl Error {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}
