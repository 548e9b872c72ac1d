//! Which files of a catalogue are documents: walk the folders (hidden files and the report
//! folder skipped; symbolic links left alone unless asked, then followed but never in a
//! loop) and pick by content.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::document::model::Format;
use crate::extract::sniff::sniff;

/// Extensions of the documents fashen reviews, or must report as unreadable (.doc, .wps
/// without LibreOffice): the one list for `check` folders, `batch` and the git hook, in
/// any letter case. Markdown is left out: in a catalogue folder it is a README.
pub const DOCUMENT_EXTENSIONS: [&str; 8] =
    ["docx", "docm", "pdf", "ofd", "txt", "text", "doc", "wps"];

/// Whether a file name ends in one of `DOCUMENT_EXTENSIONS` (any case).
pub fn has_document_extension(path: &Path) -> bool {
    path.extension().and_then(|x| x.to_str()).is_some_and(|x| {
        DOCUMENT_EXTENSIONS
            .iter()
            .any(|d| x.eq_ignore_ascii_case(d))
    })
}

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
    /// Files that are not documents (images, spreadsheets, archives), by extension.
    pub skipped: BTreeMap<String, usize>,
    /// Symbolic links not followed (no --follow-links).
    pub links: usize,
    /// Folders that could not be read, or symlink loops, with the reason.
    pub problems: Vec<(String, String)>,
}

impl Walk {
    pub fn skipped_total(&self) -> usize {
        self.skipped.values().sum()
    }
}

/// A document by content: PDF, docx or OFD whatever the name; text by extension.
fn is_document(path: &Path) -> bool {
    if has_document_extension(path) {
        return true;
    }
    let mut head = [0u8; 1024];
    // An unreadable file reads as empty here; it is no document by content, so skipped.
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

/// The documents under `roots`; `exclude` (the report folder) is never entered. With
/// several roots each relative path starts with its root's name, so two roots with a file
/// of the same name stay two documents.
pub fn walk(roots: &[PathBuf], exclude: &Path, follow_links: bool) -> Walk {
    let exclude = exclude
        .canonicalize()
        .unwrap_or_else(|_| exclude.to_path_buf());
    let mut w = Walk::default();
    let prefix = |root: &Path| -> String {
        if roots.len() < 2 {
            return String::new();
        }
        root.file_name().map_or_else(
            || root.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        ) + "/"
    };
    for root in roots {
        if root.is_file() {
            let name = root.file_name().map_or(root.display().to_string(), |n| {
                n.to_string_lossy().into_owned()
            });
            w.files.push(Candidate {
                rel: name,
                path: root.clone(),
            });
            continue;
        }
        let pre = prefix(root);
        let it = walkdir::WalkDir::new(root)
            .follow_links(follow_links)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                let hidden = e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.');
                let out =
                    e.file_type().is_dir() && e.path().canonicalize().is_ok_and(|p| p == exclude);
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
                        "符号链接形成循环，未跟随".to_string()
                    } else {
                        format!("无法读取（{err}）")
                    };
                    w.problems.push((at, why));
                    continue;
                }
            };
            if e.path_is_symlink() && !follow_links && e.depth() > 0 {
                w.links += 1;
                continue;
            }
            if !e.file_type().is_file() {
                continue;
            }
            if !is_document(e.path()) {
                let ext = e.path().extension().map_or(String::new(), |x| {
                    format!(".{}", x.to_string_lossy().to_lowercase())
                });
                *w.skipped.entry(ext).or_default() += 1;
                continue;
            }
            let rel = e
                .path()
                .strip_prefix(root)
                .unwrap_or(e.path())
                .to_string_lossy()
                .replace('\\', "/");
            w.files.push(Candidate {
                rel: format!("{pre}{rel}"),
                path: e.path().to_path_buf(),
            });
        }
    }
    w.files.sort();
    w.files.dedup_by(|a, b| a.path == b.path);
    // Two roots of the same name: number the later ones' paths apart.
    let mut seen = std::collections::HashMap::<String, usize>::new();
    for c in &mut w.files {
        let n = seen.entry(c.rel.clone()).or_default();
        *n += 1;
        if *n > 1 {
            c.rel = format!("{} ({n})", c.rel);
        }
    }
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
