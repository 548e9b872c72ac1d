//! fashen (法审): legality review of Chinese draft contracts and normative documents.
//!
//! Pipeline, one way (tests/architecture.rs fails on a backward import): `chinese`
//! (numerals, labels) → `extract` (docx/pdf/ofd/text → located blocks) → `document`
//! (structure, classification, prepared text) → `citations` → `rules` (engine, builtins,
//! findings) → `review` (document results, conclusion) → `config` → `report` (text, memo,
//! SARIF, annotate) → `quality`/`cases` (measurement) → `batch` → `serve` (the web service); the `cli` binary on top.

pub mod batch;
pub mod cases;
pub mod chinese;
pub mod citations;
pub mod config;
pub mod document;
pub mod extract;
pub mod quality;
pub mod report;
pub mod review;
pub mod rules;
pub mod serve;

use std::path::Path;

use document::model::{DocType, Document};
use extract::{ExtractError, Limits};

/// Reads and structures one file.
pub fn load_document(
    path: &Path,
    limits: &Limits,
    doc_type: Option<DocType>,
) -> Result<Document, ExtractError> {
    let (format, x) = extract::read_file_guarded(path, limits)?;
    Ok(document::assemble(
        &path.display().to_string(),
        format,
        x,
        doc_type,
    ))
}

/// Reads and structures a document given as bytes (standard input).
pub fn load_bytes(
    name: &str,
    bytes: Vec<u8>,
    limits: &Limits,
    doc_type: Option<DocType>,
) -> Result<Document, ExtractError> {
    let (format, x) = extract::read_bytes_guarded(bytes, limits)?;
    Ok(document::assemble(name, format, x, doc_type))
}
