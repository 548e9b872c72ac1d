//! Everything that turns results into output for people and tools.

pub mod annotate;
pub mod extract_view;
pub mod location;
pub mod memo;
pub mod review;
pub mod rule_doc;
pub mod sarif;
pub mod vocab;

/// Writes `content` to `path` through a hidden temporary file in the same folder and a
/// rename, so a reader never sees a half-written output and a crash leaves the old one.
pub fn write_atomically(path: &std::path::Path, content: &[u8]) -> std::io::Result<()> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let tmp = dir.join(format!(
        ".{}.tmp-{}-{}",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("out"),
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::write(&tmp, content)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}
