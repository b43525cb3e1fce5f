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
//! It scrapes every page under `docs_dir`, loads the hand-written `*.toml` specs under
//! `specs_dir` (not `*.override.toml`, not `service-defaults*`), applies each
//! `<Action>.override.toml`, generates, writes each file only when its bytes change, and prints
//! `cargo:rerun-if-changed` for every page, spec, override and folder it read (never for a
//! path that does not exist).

use crate::generate::{self, GenerateError, GeneratedFile, Settings};
use crate::spec::{Spec, SpecError};
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error(transparent)]
    Spec(#[from] SpecError),
    #[error(transparent)]
    Load(#[from] crate::load::LoadError),
    #[error("no specs folder: set Builder::specs_dir")]
    NoSpecsDir,
    #[error(transparent)]
    Generate(#[from] GenerateError),
    #[error("no output folder: set Builder::out_dir or run from a build script (OUT_DIR)")]
    NoOutDir,
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

    /// The seam where specs come from: pages under `docs_dir` are scraped (an edited page is
    /// regenerated), specs under `specs_dir` without a page are used as written, and
    /// `<Action>.override.toml` files apply on top (see [`crate::load`]).
    fn load_specs(&self) -> Result<Loaded, BuildError> {
        let specs_dir = self.specs_dir.clone().ok_or(BuildError::NoSpecsDir)?;
        let docs_dir = self
            .docs_dir
            .clone()
            .unwrap_or_else(|| specs_dir.join("docs"));
        let loaded = crate::load::load_specs(&specs_dir, &docs_dir)?;
        let mut inputs: Vec<PathBuf> = loaded.inputs.into_iter().filter(|p| p.exists()).collect();
        inputs.sort();
        inputs.dedup();
        Ok(Loaded {
            specs: loaded.specs,
            inputs,
        })
    }
}
