//! A per-user cache of what loading the rule packs computes and no document changes: the
//! anchor index, parsed from every pattern's regex syntax tree. Parsing the 1,200 shipped
//! patterns is a fifth of a one-file check (a git hook or a filing-system gate call); read
//! back from the cache it costs a few milliseconds less than that.
//!
//! The file is keyed by a digest of everything the index is computed from (fashen's
//! version, the concept alternations, the pattern skeletons), so a changed rule pack or a
//! new fashen never reads a stale index. It lives in `$FASHEN_CACHE_DIR`, else
//! `$XDG_CACHE_HOME/fashen`, else `~/.cache/fashen`; `FASHEN_CACHE_DIR=` (empty) turns it
//! off. A cache that cannot be read or written, or that does not hold a consistent index for
//! these packs, is ignored: the index is computed as it would be without one. The folder is
//! trusted as the user's own, like the rule packs a user loads: an index crafted to agree
//! with itself but not with the packs would change what the patterns are searched for.

use std::path::PathBuf;

use serde::Serialize;
use serde::de::DeserializeOwned;

/// The cache folder, or None when caching is off or no home is known. The library's own
/// unit tests never touch a user's cache.
pub fn dir() -> Option<PathBuf> {
    if cfg!(test) {
        return None;
    }
    if let Some(d) = std::env::var_os("FASHEN_CACHE_DIR") {
        return (!d.is_empty()).then(|| PathBuf::from(d));
    }
    if let Some(d) = std::env::var_os("XDG_CACHE_HOME").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(d).join("fashen"));
    }
    std::env::var_os("HOME")
        .filter(|d| !d.is_empty())
        .map(|h| PathBuf::from(h).join(".cache").join("fashen"))
}

/// The file for `kind` under `key` (a hex digest).
fn path(kind: &str, key: &str) -> Option<PathBuf> {
    dir().map(|d| d.join(format!("{kind}-{key}.json")))
}

/// The value stored for `kind` and `key`, if a readable one is there.
pub fn load<T: DeserializeOwned>(kind: &str, key: &str) -> Option<T> {
    let bytes = std::fs::read(path(kind, key)?).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// Stores `value` for `kind` and `key`: written to a temporary file beside it and renamed,
/// so a concurrent reader sees the old file, the new one or none, never half of one.
pub fn store<T: Serialize>(kind: &str, key: &str, value: &T) {
    let Some(target) = path(kind, key) else {
        return;
    };
    let Some(folder) = target.parent() else {
        return;
    };
    if std::fs::create_dir_all(folder).is_err() {
        return;
    }
    let Ok(bytes) = serde_json::to_vec(value) else {
        return;
    };
    let Ok(mut tmp) = tempfile::NamedTempFile::new_in(folder) else {
        return;
    };
    if std::io::Write::write_all(&mut tmp, &bytes).is_ok() && tmp.persist(&target).is_ok() {
        prune(folder, kind);
    }
}

/// Files of one kind kept: a few rule-pack versions (an extra pack, a new fashen) in use
/// side by side; older ones go, so editing a pack does not fill the folder.
const KEEP: usize = 4;

fn prune(folder: &std::path::Path, kind: &str) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    let prefix = format!("{kind}-");
    let mut files: Vec<(std::time::SystemTime, PathBuf)> = vec![];
    for e in entries.flatten() {
        let (Some(name), Some(modified)) = (
            e.file_name().to_str().map(str::to_string),
            e.metadata().and_then(|m| m.modified()).ok(),
        ) else {
            continue;
        };
        if name.starts_with(&prefix) && name.ends_with(".json") {
            files.push((modified, e.path()));
        } else if name.starts_with(".tmp")
            // A run killed between writing its temporary file and renaming it leaves it behind.
            && modified
                .elapsed()
                .is_ok_and(|age| age > std::time::Duration::from_secs(3600))
        {
            let _ = std::fs::remove_file(e.path());
        }
    }
    files.sort_by_key(|f| std::cmp::Reverse(f.0));
    for (_, old) in files.into_iter().skip(KEEP) {
        let _ = std::fs::remove_file(old);
    }
}

/// Hex sha256 of `parts`, each length-prefixed (so ["ab", "c"] and ["a", "bc"] differ).
pub fn key<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    use sha2::Digest;
    let mut h = sha2::Sha256::new();
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    for p in parts {
        h.update((p.len() as u64).to_le_bytes());
        h.update(p.as_bytes());
    }
    format!("{:x}", h.finalize())
}
