//! Which files of a catalogue are documents: walk the folders (hidden files and the report
//! folder skipped, symlinks followed but never in a loop) and pick by content.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::document::model::Format;
use crate::extract::sniff::sniff;

/// Extensions of documents we review or must report as unreadable (.doc, .wps). Markdown
/// is left out: in a catalogue folder it is a README, not a document.
const DOCUMENT_EXTENSIONS: [&str; 8] = ["docx", "pdf", "ofd", "txt", "text", "doc", "wps", "docm"];

/// A file to review, with its path relative to the folder it was found under (the same on
/// every machine of a cluster, so shards agree).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Candidate {
    pub rel: String,
    pub path: PathBuf,
}

#[derive(Debug, Default)]
pub struct Walk {
    pub files: Vec<Candidate>,
    /// Files that are not documents (images, spreadsheets, archives): not reviewed.
    pub skipped: usize,
    /// Folders that could not be read or symlink loops, with the reason.
    pub problems: Vec<(String, String)>,
}

/// A document by content: PDF, docx or OFD whatever the name; text by extension.
fn is_document(path: &Path) -> bool {
    let ext = path
        .extension()
        .and_then(|x| x.to_str())
        .map(str::to_lowercase)
        .unwrap_or_default();
    if DOCUMENT_EXTENSIONS.contains(&ext.as_str()) {
        return true;
    }
    let mut head = [0u8; 1024];
    let n = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .unwrap_or(0);
    let head = &head[..n];
    if head.windows(5).any(|w| w == b"%PDF-") {
        return true;
    }
    if head.starts_with(b"PK\x03\x04") {
        // A zip: only docx and OFD are documents (not xlsx, pptx, plain archives).
        return std::fs::read(path)
            .is_ok_and(|b| matches!(sniff(&b), Ok(Format::Docx | Format::Ofd)));
    }
    false
}

pub fn walk(roots: &[PathBuf], exclude: &Path) -> Walk {
    let exclude = exclude
        .canonicalize()
        .unwrap_or_else(|_| exclude.to_path_buf());
    let mut w = Walk::default();
    for root in roots {
        if root.is_file() {
            let rel = root.file_name().map_or(root.display().to_string(), |n| {
                n.to_string_lossy().into_owned()
            });
            w.files.push(Candidate {
                rel,
                path: root.clone(),
            });
            continue;
        }
        let it = walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                let hidden = e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.');
                let out = e.path().canonicalize().is_ok_and(|p| p == exclude);
                !hidden && !out
            });
        for entry in it {
            let e = match entry {
                Ok(e) => e,
                Err(err) => {
                    let at = err
                        .path()
                        .map_or(root.display().to_string(), |p| p.display().to_string());
                    let why = if err.loop_ancestor().is_some() {
                        "symbolic link loop, not followed".to_string()
                    } else {
                        err.to_string()
                    };
                    w.problems.push((at, why));
                    continue;
                }
            };
            if !e.file_type().is_file() {
                continue;
            }
            if !is_document(e.path()) {
                w.skipped += 1;
                continue;
            }
            let rel = e
                .path()
                .strip_prefix(root)
                .unwrap_or(e.path())
                .to_string_lossy()
                .replace('\\', "/");
            w.files.push(Candidate {
                rel,
                path: e.path().to_path_buf(),
            });
        }
    }
    w.files.sort();
    w.files.dedup_by(|a, b| a.path == b.path);
    w
}

/// Stable share of the catalogue for shard `k` of `n` (1-based), by relative path.
pub fn in_shard(rel: &str, k: usize, n: usize) -> bool {
    use sha2::{Digest, Sha256};
    let h = Sha256::digest(rel.as_bytes());
    let v = u64::from_le_bytes(h[..8].try_into().expect("8 bytes"));
    (v % n as u64) as usize == k - 1
}

#[cfg(test)]
mod tests {
    #[test]
    fn shards_partition_the_catalogue() {
        let names: Vec<String> = (0..1000).map(|i| format!("文件/{i}.docx")).collect();
        let mut seen = 0;
        for k in 1..=4 {
            let share = names.iter().filter(|n| super::in_shard(n, k, 4)).count();
            assert!(share > 150, "shard {k}: {share}");
            seen += share;
        }
        assert_eq!(seen, 1000);
    }
}
