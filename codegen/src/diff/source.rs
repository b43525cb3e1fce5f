//! The two sides of a diff: a folder of doc pages, a folder of specs, or a git revision of a
//! specs folder (`REV:path`), each read into specs.

use super::DiffError;
use crate::defaults::{self, ServiceDefaults};
use crate::load;
use crate::scrape;
use crate::spec::Spec;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Stdio};

/// One side of a diff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Side {
    /// A file or folder on disk: specs (`.toml`) when it holds any, else doc pages.
    Path(PathBuf),
    /// `REV:path` read from the git repository around `repo`.
    Git {
        repo: PathBuf,
        rev: String,
        path: String,
    },
}

impl Side {
    /// An existing path is a path; otherwise `REV:path` is a git revision (with the repository
    /// found from `repo`).
    pub fn parse(arg: &str, repo: &Path) -> Result<Side, DiffError> {
        let as_path = PathBuf::from(arg);
        if as_path.exists() {
            return Ok(Side::Path(as_path));
        }
        match arg.split_once(':') {
            Some((rev, path)) if !rev.is_empty() => Ok(Side::Git {
                repo: repo.to_path_buf(),
                rev: rev.to_string(),
                path: path.trim_matches('/').to_string(),
            }),
            _ => Err(DiffError::NotFound(arg.to_string())),
        }
    }
}

impl std::fmt::Display for Side {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Side::Path(p) => write!(f, "{}", p.display()),
            Side::Git { rev, path, .. } => write!(f, "{rev}:{path}"),
        }
    }
}

/// Reads one side into specs. Pages are scraped with the folder's own
/// `service-defaults.toml` when it has one, else with `defaults`. A specs folder is read as a
/// build reads it: pages under its `docs/` scraped, hand-written specs kept, overrides applied.
pub fn load_side(side: &Side, defaults: &ServiceDefaults) -> Result<Vec<Spec>, DiffError> {
    match side {
        Side::Path(p) => load_path(p, defaults),
        Side::Git { repo, rev, path } => {
            let tmp = TempDir::new()?;
            git_materialize(repo, rev, path, tmp.path())?;
            load_path(tmp.path(), defaults).map_err(|e| match e {
                DiffError::Empty(_) => DiffError::Empty(side.to_string()),
                other => other,
            })
        }
    }
}

fn load_path(path: &Path, defaults: &ServiceDefaults) -> Result<Vec<Spec>, DiffError> {
    if path.is_file() {
        if path
            .parent()
            .is_some_and(|dir| load::is_spec_file(path, dir))
        {
            return Ok(vec![Spec::load(path).map_err(scrape::ScrapeError::from)?]);
        }
        return scrape_pages(&[path.to_path_buf()], defaults, path);
    }
    if !path.is_dir() {
        return Err(DiffError::NotFound(path.display().to_string()));
    }
    let own_defaults;
    let defaults = if path.join(defaults::FILE_NAME).is_file() {
        own_defaults = ServiceDefaults::load_dir(path)?;
        &own_defaults
    } else {
        defaults
    };
    if !load::spec_files(path, &path.join("docs"))?.is_empty() {
        // A specs folder: read as a build reads it (load_specs reads its own defaults).
        let loaded = load::load_specs(path, &path.join("docs"))?;
        if loaded.specs.is_empty() {
            return Err(DiffError::Empty(path.display().to_string()));
        }
        return Ok(loaded.specs);
    }
    scrape_pages(&[path.to_path_buf()], defaults, path)
}

fn scrape_pages(
    inputs: &[PathBuf],
    defaults: &ServiceDefaults,
    shown: &Path,
) -> Result<Vec<Spec>, DiffError> {
    let pages = scrape::collect_pages(inputs)?;
    if pages.is_empty() {
        return Err(DiffError::Empty(shown.display().to_string()));
    }
    let mut scraped = Vec::new();
    for page in pages {
        scraped.push(scrape::scrape_page(&page, None, defaults)?);
    }
    // Two pages of one action: the spec follows the one that documents more (said on stderr).
    let (kept, duplicates) = scrape::resolve_duplicates(scraped);
    for (page, w) in duplicates {
        eprintln!("warning: {}:{}: {}", page.display(), w.line, w.message);
    }
    Ok(kept.into_iter().map(|s| s.spec).collect())
}

/// A folder removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Result<TempDir, DiffError> {
        use std::sync::atomic::{AtomicU32, Ordering};
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let dir = std::env::temp_dir().join(format!(
            "docsdk-diff-{}-{nanos}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir(&dir).map_err(|source| DiffError::Io {
            path: dir.display().to_string(),
            source,
        })?;
        Ok(TempDir(dir))
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn git(repo: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.arg("-C").arg(repo);
    cmd
}

fn run_git(repo: &Path, spec: &str, args: &[&str]) -> Result<Vec<u8>, DiffError> {
    let out = git(repo)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| DiffError::GitMissing(spec.to_string(), e))?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        return Err(DiffError::Git {
            spec: spec.to_string(),
            message: stderr.trim().to_string(),
        });
    }
    Ok(out.stdout)
}

/// Writes every file of the tree `rev:path` below `into`.
fn git_materialize(repo: &Path, rev: &str, path: &str, into: &Path) -> Result<(), DiffError> {
    let spec = format!("{rev}:{path}");
    let kind = run_git(repo, &spec, &["cat-file", "-t", &spec]);
    if !matches!(&kind, Ok(k) if k.trim_ascii() == b"tree") {
        if let Err(DiffError::GitMissing(s, e)) = kind {
            return Err(DiffError::GitMissing(s, e));
        }
        // Say which part is missing.
        let commit = format!("{rev}^{{commit}}");
        let message = match run_git(repo, &spec, &["rev-parse", "--verify", "--quiet", &commit]) {
            Err(_) => format!(
                "no revision {rev} in the git repository at {}",
                repo.display()
            ),
            Ok(_) if kind.is_ok() => format!("{path:?} at revision {rev} is a file, not a folder"),
            Ok(_) => format!("revision {rev} has no folder {path:?}"),
        };
        return Err(DiffError::Git { spec, message });
    }
    let listing = run_git(repo, &spec, &["ls-tree", "-r", "-z", "--full-tree", &spec])?;
    // `<mode> blob <sha>\t<name>\0`
    let mut blobs: Vec<(String, PathBuf)> = Vec::new();
    for entry in listing.split(|b| *b == 0).filter(|e| !e.is_empty()) {
        let entry = String::from_utf8_lossy(entry);
        let Some((meta, name)) = entry.split_once('\t') else {
            continue;
        };
        let mut meta = meta.split(' ');
        let (Some(_mode), Some("blob"), Some(sha)) = (meta.next(), meta.next(), meta.next()) else {
            continue;
        };
        let rel = Path::new(name);
        // Only plain relative paths are written below the folder.
        if rel.components().all(|c| matches!(c, Component::Normal(_))) {
            blobs.push((sha.to_string(), into.join(rel)));
        }
    }
    let mut child = git(repo)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| DiffError::GitMissing(spec.clone(), e))?;
    let (Some(mut stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
        return Err(DiffError::Git {
            spec,
            message: "git cat-file gave no pipes".to_string(),
        });
    };
    let request: String = blobs.iter().map(|(sha, _)| format!("{sha}\n")).collect();
    // Written from a thread so a full stdout pipe cannot stall both sides.
    let writer = std::thread::spawn(move || stdin.write_all(request.as_bytes()));
    let mut reader = BufReader::new(stdout);
    let io = |source, p: &Path| DiffError::Io {
        path: p.display().to_string(),
        source,
    };
    for (sha, dest) in &blobs {
        let mut header = String::new();
        reader
            .read_line(&mut header)
            .map_err(|e| io(e, Path::new("git cat-file")))?;
        let size: usize = header
            .trim_end()
            .rsplit(' ')
            .next()
            .and_then(|s| s.parse().ok())
            .filter(|_| header.starts_with(sha.as_str()) && !header.contains("missing"))
            .ok_or_else(|| DiffError::Git {
                spec: spec.clone(),
                message: format!("unexpected git cat-file output: {}", header.trim_end()),
            })?;
        let mut body = vec![0u8; size + 1];
        reader
            .read_exact(&mut body)
            .map_err(|e| io(e, Path::new("git cat-file")))?;
        body.truncate(size);
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io(e, parent))?;
        }
        std::fs::write(dest, &body).map_err(|e| io(e, dest))?;
    }
    let _ = writer.join();
    let _ = child.wait();
    Ok(())
}
