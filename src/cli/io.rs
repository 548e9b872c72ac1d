//! Input and output shared by the subcommands: loading documents (files or standard
//! input), expanding folders, loading rule packs, atomic writes.

use std::io::Read;
use std::path::PathBuf;

use fashen::document::model::{DocType, Document};
use fashen::extract::Limits;
use fashen::rules::compile::RuleSet;

/// Loads one document from a path or `-` (standard input).
pub fn load(
    file: &std::path::Path,
    name: Option<&str>,
    limits: &Limits,
    doc_type: Option<DocType>,
) -> Result<Document, String> {
    if file.as_os_str() == "-" {
        let mut bytes = vec![];
        std::io::stdin()
            .take(limits.max_file_size + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("<stdin>: cannot read standard input: {e}"))?;
        let name = name.unwrap_or("<stdin>");
        return fashen::load_bytes(name, bytes, limits, doc_type)
            .map_err(|e| format!("{name}: {e}"));
    }
    fashen::load_document(file, limits, doc_type).map_err(|e| format!("{}: {e}", file.display()))
}

/// Writes to standard output; a closed pipe (`| head`) is not an error.
pub fn print_out(s: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out
        .write_all(s.as_bytes())
        .and_then(|_| out.write_all(b"\n"));
}

pub const DOC_EXTENSIONS: [&str; 7] = ["docx", "pdf", "ofd", "txt", "doc", "wps", "text"];

/// Files named on the command line, and documents inside named folders (sorted).
pub fn expand(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = vec![];
    for p in paths {
        if p.is_dir() {
            // Hidden entries skipped; symbolic links not followed (no loops, no escaping the folder).
            let found = walkdir::WalkDir::new(p)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| {
                    e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.')
                })
                .flatten()
                .filter(|e| e.file_type().is_file())
                .map(|e| e.into_path())
                .filter(|path| {
                    path.extension()
                        .and_then(|x| x.to_str())
                        .is_some_and(|x| DOC_EXTENSIONS.contains(&x.to_lowercase().as_str()))
                });
            out.extend(found);
        } else {
            out.push(p.clone());
        }
    }
    out
}

pub fn load_rules(extra: &[PathBuf]) -> Result<RuleSet, String> {
    let dirs: Vec<&std::path::Path> = extra.iter().map(|p| p.as_path()).collect();
    RuleSet::load(&dirs).map_err(|e| e.to_string())
}

pub use fashen::report::write_atomically;
