//! Input and output shared by the subcommands: loading documents (files or standard
//! input), expanding folders, loading rule packs, guarding inputs against outputs.

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

use fashen::batch::walk::has_document_extension;
use fashen::document::model::{DocType, Document};
use fashen::extract::{ExtractError, Limits};
use fashen::rules::compile::RuleSet;

/// The name a document is reported under: its path, or `--name` (or `<stdin>`) for `-`.
pub fn shown_name(file: &Path, name: Option<&str>) -> String {
    if file.as_os_str() == "-" {
        name.unwrap_or("<stdin>").to_string()
    } else {
        file.display().to_string()
    }
}

/// Loads one document from a path or `-` (standard input).
pub fn load(
    file: &Path,
    name: Option<&str>,
    limits: &Limits,
    doc_type: Option<DocType>,
) -> Result<Document, ExtractError> {
    if file.as_os_str() == "-" {
        let mut bytes = vec![];
        std::io::stdin()
            .take(limits.max_file_size + 1)
            .read_to_end(&mut bytes)?;
        return fashen::load_bytes(&shown_name(file, name), bytes, limits, doc_type);
    }
    fashen::load_document(file, limits, doc_type)
}

/// Writes to standard output; a closed pipe (`| head`) is not an error.
pub fn print_out(s: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    // The reader went away (`| head`): there is no one left to tell.
    let _ = out
        .write_all(s.as_bytes())
        .and_then(|_| out.write_all(b"\n"));
}

/// Every named path exists (`-` is standard input): a wrong path is a usage error, said
/// once, before anything is reviewed or printed.
pub fn require_inputs(paths: &[PathBuf]) -> anyhow::Result<()> {
    for p in paths {
        if p.as_os_str() != "-" && std::fs::symlink_metadata(p).is_err() {
            bail!("找不到 {}：请检查路径是否正确", p.display());
        }
    }
    Ok(())
}

/// Files named on the command line, and documents inside named folders (sorted); with
/// what was skipped inside folders, for the message when nothing is left.
pub struct Expanded {
    pub files: Vec<PathBuf>,
    pub skipped: usize,
}

pub fn expand(paths: &[PathBuf]) -> Expanded {
    let mut out = Expanded {
        files: vec![],
        skipped: 0,
    };
    for p in paths {
        if p.is_dir() {
            // Hidden entries skipped; symbolic links not followed (no loops, no escaping the folder).
            let entries = walkdir::WalkDir::new(p)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| {
                    e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.')
                })
                .flatten()
                .filter(|e| e.file_type().is_file());
            for e in entries {
                if has_document_extension(e.path()) {
                    out.files.push(e.into_path());
                } else {
                    out.skipped += 1;
                }
            }
        } else {
            out.files.push(p.clone());
        }
    }
    out
}

pub fn load_rules(extra: &[PathBuf]) -> anyhow::Result<RuleSet> {
    let dirs: Vec<&Path> = extra.iter().map(|p| p.as_path()).collect();
    RuleSet::load(&dirs).context("规则包有误，请按提示修改")
}

/// Refuses an output that is one of the inputs (same file by canonical path, through
/// symbolic links, or by device and inode through hard links).
pub fn ensure_not_input(output: &Path, inputs: &[PathBuf]) -> anyhow::Result<()> {
    if output.as_os_str() == "-" {
        return Ok(());
    }
    let out = fashen::batch::resolved(output);
    for input in inputs.iter().filter(|i| i.as_os_str() != "-") {
        if out == fashen::batch::resolved(input) || same_inode(output, input) {
            bail!(
                "输出 {} 就是输入文件 {}，会覆盖原稿：请用 -o 指定另一个文件",
                output.display(),
                input.display()
            );
        }
    }
    Ok(())
}

#[cfg(unix)]
fn same_inode(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_inode(_: &Path, _: &Path) -> bool {
    false
}

pub use fashen::report::write_atomically;
