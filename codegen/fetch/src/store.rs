//! Atomic replacement: a reader (or a crash) sees the old file or the new one, never half.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Prefix of the temporary files; a leftover one (after a crash) is recognisable and ignored.
pub(crate) const TEMP_PREFIX: &str = ".fetch-tmp-";

/// Writes `bytes` to `path` through a temporary file in the same directory (a rename is only
/// atomic within one file system), synced before the rename so a crash cannot leave the new
/// name pointing at unwritten blocks.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&dir)?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("page");
    let tmp = dir.join(format!(
        "{TEMP_PREFIX}{name}-{}-{:08x}",
        std::process::id(),
        fastrand::u32(..)
    ));
    let result = (|| {
        let mut f = File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        // Best effort: the error that matters is the write's, not the clean-up's.
        let _ = fs::remove_file(&tmp);
        return result;
    }
    // The rename itself is durable once the directory is synced; not every platform lets a
    // directory be opened, and the page is already in place, so a failure here is ignored.
    if let Ok(d) = File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("sub").join("a.txt");
        write_atomic(&p, b"one").expect("write");
        write_atomic(&p, b"two").expect("write");
        assert_eq!(fs::read(&p).expect("read"), b"two");
        let names: Vec<_> = fs::read_dir(p.parent().expect("parent"))
            .expect("dir")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("a.txt")]);
    }
}
