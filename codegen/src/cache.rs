//! The incremental-build cache: for each action, the hash of the spec it was generated from and
//! the hash of the file written, kept in one small JSON file in OUT_DIR. A build regenerates
//! only the actions whose input hash changed (or that are new), and a no-op build reads and
//! hashes its inputs, finds everything fresh, and writes nothing.
//!
//! ```no_run
//! # use docsdk_codegen::cache::{self, Cache};
//! # fn generate(_: &docsdk_codegen::spec::Spec) -> String { String::new() }
//! # let (out_dir, specs_dir) = (std::path::Path::new("out"), std::path::Path::new("specs"));
//! let mut cache = Cache::load(out_dir, &cache::generator_fingerprint("settings"))?;
//! // Fast path: no input file changed since the last complete build.
//! let tree = cache::tree_hash(&[specs_dir])?;
//! if cache.tree_is_fresh(&tree) {
//!     return Ok(());
//! }
//! # let specs = Vec::<docsdk_codegen::spec::Spec>::new(); // load::load_specs(…)
//! for spec in &specs {
//!     let (key, input) = (cache::key(spec), cache::input_hash(spec));
//!     if !cache.is_fresh(&key, &input) {
//!         let code = generate(spec);
//!         // write `code` to its file in out_dir (only when its bytes changed) …
//!         cache.record(&key, &input, &cache::hash_bytes(code.as_bytes()));
//!     }
//! }
//! let gone = cache.retain(specs.iter().map(cache::key)); // actions removed: delete their files
//! cache.record_tree(&tree);
//! cache.save()?;
//! # Ok::<(), docsdk_codegen::cache::CacheError>(())
//! ```
//!
//! The generator fingerprint (crate version plus the generator's settings) is part of the
//! cache: a different generator or different settings find the cache empty and regenerate
//! everything, so a stale cache can cost time but never produce wrong output.

use crate::scrape::sha256_hex;
use crate::spec::Spec;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The cache file's name inside its folder (OUT_DIR).
pub const FILE_NAME: &str = "docsdk-cache.json";

/// Version of the cache file layout.
const FORMAT: u32 = 1;

/// This generator's version; part of every fingerprint.
pub const GENERATOR_VERSION: &str = env!("CARGO_PKG_VERSION");

#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

/// What was generated for one key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Hash of the input (the spec's canonical TOML).
    pub input: String,
    /// Hash of the output file written for it.
    pub output: String,
}

#[derive(Serialize, Deserialize)]
struct File {
    format: u32,
    generator: String,
    /// Hash of every input file as of the last build (see [`tree_hash`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    tree: Option<String>,
    entries: BTreeMap<String, Entry>,
}

/// A content-hash cache of generated outputs.
#[derive(Debug)]
pub struct Cache {
    path: PathBuf,
    generator: String,
    tree: Option<String>,
    entries: BTreeMap<String, Entry>,
    dirty: bool,
}

/// The fingerprint of this generator with the given settings (any stable text that captures
/// them, such as their `Debug` form).
pub fn generator_fingerprint(settings: &str) -> String {
    format!(
        "docsdk-codegen {GENERATOR_VERSION} {}",
        sha256_hex(settings.as_bytes())
    )
}

/// The cache key of a spec: its path below a specs folder, `/`-separated.
pub fn key(spec: &Spec) -> String {
    let a = &spec.action;
    format!("{}/{}/{}/{}", a.provider, a.service, a.version, a.name)
}

/// The hash of a spec's canonical TOML: equal specs hash equal however their files were
/// formatted, and an override or a re-scraped page that changes the spec changes the hash.
pub fn input_hash(spec: &Spec) -> String {
    sha256_hex(spec.to_toml().as_bytes())
}

pub fn hash_bytes(bytes: &[u8]) -> String {
    sha256_hex(bytes)
}

/// One hash over every file below the given folders (names and contents, in sorted order):
/// the build's fast path. Any edit, added or removed file changes it; the per-action hashes
/// then decide what to regenerate.
pub fn tree_hash(dirs: &[&Path]) -> Result<String, CacheError> {
    use sha2::{Digest, Sha256};
    fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), CacheError> {
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(source) => {
                return Err(CacheError::Io {
                    path: dir.display().to_string(),
                    source,
                })
            }
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, files)?;
            } else {
                files.push(path);
            }
        }
        Ok(())
    }
    let mut hasher = Sha256::new();
    for dir in dirs {
        let mut files = Vec::new();
        walk(dir, &mut files)?;
        files.sort();
        files.dedup();
        hasher.update(dir.to_string_lossy().as_bytes());
        hasher.update([0]);
        for file in files {
            let bytes = std::fs::read(&file).map_err(|source| CacheError::Io {
                path: file.display().to_string(),
                source,
            })?;
            let name = file.strip_prefix(dir).unwrap_or(&file);
            hasher.update(name.to_string_lossy().as_bytes());
            hasher.update([0]);
            hasher.update((bytes.len() as u64).to_le_bytes());
            hasher.update(&bytes);
        }
    }
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

impl Cache {
    /// Loads the cache in `dir`. A missing, unreadable-as-JSON, older-format or other-generator
    /// cache loads empty (everything is stale); only I/O errors other than "not found" fail.
    pub fn load(dir: &Path, generator: &str) -> Result<Cache, CacheError> {
        let path = dir.join(FILE_NAME);
        let mut cache = Cache {
            path: path.clone(),
            generator: generator.to_string(),
            tree: None,
            entries: BTreeMap::new(),
            dirty: false,
        };
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(cache),
            Err(source) => {
                return Err(CacheError::Io {
                    path: path.display().to_string(),
                    source,
                })
            }
        };
        match serde_json::from_slice::<File>(&bytes) {
            Ok(file) if file.format == FORMAT && file.generator == generator => {
                cache.entries = file.entries;
                cache.tree = file.tree;
            }
            // Unusable: start over, and replace the file on save.
            _ => cache.dirty = true,
        }
        Ok(cache)
    }

    /// Whether the input files hash as they did after the last complete build: then nothing
    /// can be stale, and a build can stop without parsing a single spec.
    pub fn tree_is_fresh(&self, tree_hash: &str) -> bool {
        self.tree.as_deref() == Some(tree_hash)
    }

    /// Records the input files' hash once every action is generated from them.
    pub fn record_tree(&mut self, tree_hash: &str) {
        if !self.tree_is_fresh(tree_hash) {
            self.tree = Some(tree_hash.to_string());
            self.dirty = true;
        }
    }

    /// Whether `key` was generated from exactly this input by this generator.
    pub fn is_fresh(&self, key: &str, input_hash: &str) -> bool {
        self.entries.get(key).is_some_and(|e| e.input == input_hash)
    }

    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.entries.get(key)
    }

    /// Whether the output recorded for `key` is still on disk with the bytes written (for
    /// builds that cannot trust OUT_DIR to be left alone).
    pub fn output_intact(&self, key: &str, output: &Path) -> bool {
        match (self.entries.get(key), std::fs::read(output)) {
            (Some(e), Ok(bytes)) => e.output == hash_bytes(&bytes),
            _ => false,
        }
    }

    /// Records what was generated for `key`.
    pub fn record(&mut self, key: &str, input_hash: &str, output_hash: &str) {
        let entry = Entry {
            input: input_hash.to_string(),
            output: output_hash.to_string(),
        };
        if self.entries.get(key) != Some(&entry) {
            self.entries.insert(key.to_string(), entry);
            self.dirty = true;
        }
    }

    /// Drops entries whose key is not in `live` (actions that no longer exist) and returns
    /// them, so the caller can delete their outputs.
    pub fn retain<I, S>(&mut self, live: I) -> Vec<String>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let live: BTreeSet<String> = live.into_iter().map(|s| s.as_ref().to_string()).collect();
        let gone: Vec<String> = self
            .entries
            .keys()
            .filter(|k| !live.contains(*k))
            .cloned()
            .collect();
        for k in &gone {
            self.entries.remove(k);
        }
        if !gone.is_empty() {
            self.dirty = true;
        }
        gone
    }

    /// Every key recorded, in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.keys().map(String::as_str)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Whether `save` would write.
    pub fn is_dirty(&self) -> bool {
        self.dirty
    }

    /// Writes the cache if anything changed (through a temporary file and a rename, so a
    /// build killed mid-write leaves the old cache or none). Returns whether it wrote.
    pub fn save(&mut self) -> Result<bool, CacheError> {
        if !self.dirty {
            return Ok(false);
        }
        let io = |source, p: &Path| CacheError::Io {
            path: p.display().to_string(),
            source,
        };
        let file = File {
            format: FORMAT,
            generator: self.generator.clone(),
            tree: self.tree.clone(),
            entries: std::mem::take(&mut self.entries),
        };
        // Strings and maps of strings always serialize.
        let json = serde_json::to_vec(&file).unwrap_or_default();
        self.entries = file.entries;
        if let Some(parent) = self.path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io(e, parent))?;
        }
        let tmp = self.path.with_extension("json.tmp");
        std::fs::write(&tmp, json).map_err(|e| io(e, &tmp))?;
        std::fs::rename(&tmp, &self.path).map_err(|e| io(e, &self.path))?;
        self.dirty = false;
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tmp() -> PathBuf {
        use std::sync::atomic::{AtomicU32, Ordering};
        static N: AtomicU32 = AtomicU32::new(0);
        let dir = std::env::temp_dir().join(format!(
            "docsdk-cache-test-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn records_survive_a_save_and_load() {
        let dir = tmp();
        let mut c = Cache::load(&dir, "g1").unwrap();
        assert!(c.is_empty() && !c.is_fresh("a", "h1"));
        c.record("a", "h1", "o1");
        c.record("b", "h2", "o2");
        assert!(c.save().unwrap());
        assert!(!c.save().unwrap(), "nothing changed: no write");

        let mut c = Cache::load(&dir, "g1").unwrap();
        assert!(c.is_fresh("a", "h1") && c.is_fresh("b", "h2"));
        assert!(!c.is_fresh("a", "h2"));
        c.record("a", "h1", "o1");
        assert!(!c.is_dirty(), "recording the same entry changes nothing");
        assert_eq!(c.retain(["a"]), ["b"]);
        assert!(c.save().unwrap());
        let c = Cache::load(&dir, "g1").unwrap();
        assert_eq!(c.len(), 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn another_generator_or_a_corrupt_file_starts_empty() {
        let dir = tmp();
        let mut c = Cache::load(&dir, "g1").unwrap();
        c.record("a", "h1", "o1");
        c.save().unwrap();
        let mut other = Cache::load(&dir, "g2").unwrap();
        assert!(!other.is_fresh("a", "h1") && other.is_dirty());
        other.save().unwrap();
        assert!(
            Cache::load(&dir, "g1").unwrap().is_empty(),
            "replaced by g2"
        );

        std::fs::write(dir.join(FILE_NAME), "{not json").unwrap();
        let c = Cache::load(&dir, "g1").unwrap();
        assert!(c.is_empty() && c.is_dirty());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn output_intact_checks_the_bytes() {
        let dir = tmp();
        let out = dir.join("a.rs");
        std::fs::write(&out, "fn a() {}").unwrap();
        let mut c = Cache::load(&dir, "g").unwrap();
        c.record("a", "h", &hash_bytes(b"fn a() {}"));
        assert!(c.output_intact("a", &out));
        std::fs::write(&out, "fn b() {}").unwrap();
        assert!(!c.output_intact("a", &out));
        std::fs::remove_file(&out).unwrap();
        assert!(!c.output_intact("a", &out));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn tree_hash_sees_edits_additions_and_removals() {
        let dir = tmp();
        std::fs::create_dir_all(dir.join("a/b")).unwrap();
        std::fs::write(dir.join("a/b/X.toml"), "x").unwrap();
        let h1 = tree_hash(&[&dir]).unwrap();
        assert_eq!(h1, tree_hash(&[&dir]).unwrap());
        std::fs::write(dir.join("a/b/X.toml"), "y").unwrap();
        let h2 = tree_hash(&[&dir]).unwrap();
        assert_ne!(h1, h2);
        std::fs::write(dir.join("a/Y.toml"), "").unwrap();
        let h3 = tree_hash(&[&dir]).unwrap();
        assert_ne!(h2, h3);
        std::fs::remove_file(dir.join("a/Y.toml")).unwrap();
        assert_eq!(h2, tree_hash(&[&dir]).unwrap());
        assert_ne!(h2, tree_hash(&[&dir, &dir.join("missing")]).unwrap());

        let mut c = Cache::load(&dir, "g").unwrap();
        assert!(!c.tree_is_fresh(&h2));
        c.record_tree(&h2);
        c.save().unwrap();
        assert!(Cache::load(&dir, "g").unwrap().tree_is_fresh(&h2));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn fingerprints_differ_by_settings() {
        assert_ne!(generator_fingerprint("a"), generator_fingerprint("b"));
        assert!(generator_fingerprint("a").contains(GENERATOR_VERSION));
    }
}
