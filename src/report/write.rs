//! Writing reports atomically: a temporary file in the output directory, flushed, then renamed
//! over the target, so a killed run never leaves a truncated JSON file.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::Report;

/// Writes `DIR/<site-id>.json` atomically; returns its path.
pub fn write_report(dir: &Path, report: &Report) -> Result<PathBuf> {
    let path = dir.join(format!("{}.json", report.site.id));
    write_json(&path, report)?;
    Ok(path)
}

/// Writes `value` as pretty JSON with a final newline, atomically.
pub fn write_json<T: serde::Serialize>(path: &Path, value: &T) -> Result<()> {
    let mut json = serde_json::to_vec_pretty(value)
        .with_context(|| format!("cannot serialise {}", path.display()))?;
    json.push(b'\n');
    write_atomically(path, &json)
}

/// Replaces `path` with `bytes` in one rename.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut file = tempfile::Builder::new()
        .prefix(".patuh-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .with_context(|| format!("cannot create a temporary file in {}", dir.display()))?;
    file.write_all(bytes)
        .and_then(|()| file.as_file().sync_all())
        .with_context(|| format!("cannot write {}", path.display()))?;
    file.persist(path)
        .with_context(|| format!("cannot move the report into place at {}", path.display()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_writes_replace_and_leave_no_temporaries() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("a.json");
        write_atomically(&path, b"{\"old\":1}").expect("first write");
        write_atomically(&path, b"{\"new\":2}").expect("second write");
        assert_eq!(std::fs::read(&path).expect("read"), b"{\"new\":2}");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, ["a.json"]);
    }

    #[test]
    fn a_missing_directory_is_named_in_the_error() {
        let err = write_atomically(Path::new("/nonexistent-patuh-dir/a.json"), b"{}")
            .expect_err("no such directory");
        assert!(
            format!("{err:#}").contains("/nonexistent-patuh-dir"),
            "{err:#}"
        );
    }
}
