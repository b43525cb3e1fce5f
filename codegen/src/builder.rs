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
//! It loads every `*.toml` spec below `specs_dir` (not `*.override.toml`, not
//! `service-defaults*`), applies `<Action>.override.toml` beside a spec (a TOML table
//! deep-merged over it: tables merge recursively, arrays of tables whose items have `name` or
//! `code` merge item by item on that key, other values replace), generates, writes each file
//! only when its bytes change, and prints `cargo:rerun-if-changed` for every file and folder
//! it read (never for a path that does not exist).

use crate::generate::{self, GenerateError, GeneratedFile, Settings};
use crate::spec::{Spec, SpecError, SCHEMA};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error(transparent)]
    Spec(#[from] SpecError),
    #[error("{path}: {message}")]
    Override { path: String, message: String },
    #[error(transparent)]
    Generate(#[from] GenerateError),
    #[error("no output folder: set Builder::out_dir or run from a build script (OUT_DIR)")]
    NoOutDir,
    #[error("{first} and {second} both define {action}")]
    DuplicateAction {
        first: String,
        second: String,
        action: String,
    },
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
}

#[derive(Debug, Clone)]
pub struct Builder {
    specs_dir: Option<PathBuf>,
    docs_dir: Option<PathBuf>,
    out_dir: Option<PathBuf>,
    only: Option<Vec<String>>,
    settings: Settings,
    rerun_if_changed: bool,
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
        }
    }
}

/// Specs loaded from disk, with every path read.
struct Loaded {
    specs: Vec<Spec>,
    inputs: Vec<PathBuf>,
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
    pub fn emit_rerun_if_changed(mut self, on: bool) -> Self {
        self.rerun_if_changed = on;
        self
    }

    /// The files this configuration generates, without writing them.
    pub fn files(&self) -> Result<(Vec<GeneratedFile>, Vec<PathBuf>, usize), BuildError> {
        let loaded = self.load_specs()?;
        let selected: Vec<Spec> = loaded
            .specs
            .into_iter()
            .filter(|s| self.selected(s))
            .collect();
        let files = generate::generate(&selected, &self.settings)?;
        Ok((files, loaded.inputs, selected.len()))
    }

    /// Loads, generates and writes (write-if-changed).
    pub fn generate(&self) -> Result<Report, BuildError> {
        let out = match &self.out_dir {
            Some(d) => d.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or(BuildError::NoOutDir)?,
        };
        let (files, inputs, specs) = self.files()?;
        if self.rerun_if_changed {
            for p in &inputs {
                println!("cargo:rerun-if-changed={}", p.display());
            }
        }
        let written = generate::write_files(&out, &files).map_err(|source| BuildError::Io {
            path: out.display().to_string(),
            source,
        })?;
        Ok(Report {
            specs,
            files: files.len(),
            written,
            inputs,
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

    /// The seam where scraping `docs_dir` pages will plug in: today specs come from
    /// `specs_dir` TOML files plus their overrides.
    fn load_specs(&self) -> Result<Loaded, BuildError> {
        let mut inputs = Vec::new();
        let mut specs: Vec<(PathBuf, Spec)> = Vec::new();
        if let Some(docs) = &self.docs_dir {
            if docs.is_dir() {
                let mut files = Vec::new();
                walk(docs, &mut inputs, &mut files)?;
                inputs.extend(files);
            }
        }
        if let Some(dir) = &self.specs_dir {
            if !dir.is_dir() {
                return Err(BuildError::Io {
                    path: dir.display().to_string(),
                    source: std::io::Error::new(
                        std::io::ErrorKind::NotFound,
                        "specs folder not found",
                    ),
                });
            }
            let mut files = Vec::new();
            let docs = self.docs_dir.as_deref();
            walk_skipping(dir, docs, &mut inputs, &mut files)?;
            for path in files {
                let name = path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or_default();
                if !name.ends_with(".toml")
                    || name.ends_with(".override.toml")
                    || name.starts_with("service-defaults")
                {
                    continue;
                }
                inputs.push(path.clone());
                let ov = path
                    .with_file_name(format!("{}.override.toml", name.trim_end_matches(".toml")));
                let spec = if ov.is_file() {
                    inputs.push(ov.clone());
                    load_with_override(&path, &ov)?
                } else {
                    Spec::load(&path)?
                };
                if let Some((first, _)) = specs.iter().find(|(_, s)| {
                    s.action.provider == spec.action.provider
                        && s.action.service == spec.action.service
                        && s.action.version == spec.action.version
                        && s.action.name == spec.action.name
                }) {
                    return Err(BuildError::DuplicateAction {
                        first: first.display().to_string(),
                        second: path.display().to_string(),
                        action: spec.action.name.clone(),
                    });
                }
                specs.push((path, spec));
            }
        }
        inputs.sort();
        inputs.dedup();
        Ok(Loaded {
            specs: specs.into_iter().map(|(_, s)| s).collect(),
            inputs,
        })
    }
}

fn read_dir_sorted(dir: &Path) -> Result<Vec<PathBuf>, BuildError> {
    let rd = std::fs::read_dir(dir).map_err(|source| BuildError::Io {
        path: dir.display().to_string(),
        source,
    })?;
    let mut entries = Vec::new();
    for e in rd {
        let e = e.map_err(|source| BuildError::Io {
            path: dir.display().to_string(),
            source,
        })?;
        entries.push(e.path());
    }
    entries.sort();
    Ok(entries)
}

fn walk(dir: &Path, dirs: &mut Vec<PathBuf>, files: &mut Vec<PathBuf>) -> Result<(), BuildError> {
    walk_skipping(dir, None, dirs, files)
}

fn walk_skipping(
    dir: &Path,
    skip: Option<&Path>,
    dirs: &mut Vec<PathBuf>,
    files: &mut Vec<PathBuf>,
) -> Result<(), BuildError> {
    dirs.push(dir.to_path_buf());
    for p in read_dir_sorted(dir)? {
        if p.is_dir() {
            if skip.is_some_and(|s| same_path(s, &p)) {
                continue;
            }
            walk_skipping(&p, skip, dirs, files)?;
        } else if p.is_file() {
            files.push(p);
        }
    }
    Ok(())
}

fn same_path(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

fn read_toml(path: &Path) -> Result<toml::Value, BuildError> {
    let text = std::fs::read_to_string(path).map_err(|source| BuildError::Io {
        path: path.display().to_string(),
        source,
    })?;
    text.parse::<toml::Table>()
        .map(toml::Value::Table)
        .map_err(|e| BuildError::Override {
            path: path.display().to_string(),
            message: e.to_string(),
        })
}

/// A spec with its override deep-merged over it.
pub fn load_with_override(spec_path: &Path, override_path: &Path) -> Result<Spec, BuildError> {
    let mut base = read_toml(spec_path)?;
    let over = read_toml(override_path)?;
    merge(&mut base, over);
    let where_ = format!("{} + {}", spec_path.display(), override_path.display());
    let spec: Spec = base
        .try_into()
        .map_err(|e: toml::de::Error| BuildError::Override {
            path: where_.clone(),
            message: e.to_string(),
        })?;
    if spec.schema != SCHEMA {
        return Err(SpecError::Schema {
            path: where_,
            found: spec.schema,
        }
        .into());
    }
    Ok(spec)
}

fn key_of(v: &toml::Value) -> Option<(&'static str, String)> {
    let t = v.as_table()?;
    for k in ["name", "code"] {
        if let Some(s) = t.get(k).and_then(|x| x.as_str()) {
            return Some((k, s.to_string()));
        }
    }
    None
}

/// Deep merge: tables recursively; arrays of keyed tables item by item; anything else replaces.
pub fn merge(base: &mut toml::Value, over: toml::Value) {
    match (base, over) {
        (toml::Value::Table(b), toml::Value::Table(o)) => {
            for (k, v) in o {
                match b.get_mut(&k) {
                    Some(existing) => merge(existing, v),
                    None => {
                        b.insert(k, v);
                    }
                }
            }
        }
        (toml::Value::Array(b), toml::Value::Array(o))
            if !o.is_empty()
                && o.iter().all(|x| key_of(x).is_some())
                && b.iter().all(|x| key_of(x).is_some()) =>
        {
            for item in o {
                let key = key_of(&item);
                match b.iter_mut().find(|x| key_of(x) == key) {
                    Some(existing) => merge(existing, item),
                    None => b.push(item),
                }
            }
        }
        (b, o) => *b = o,
    }
}
