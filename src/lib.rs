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
pub mod legacy;
pub mod quality;
pub mod report;
pub mod review;
pub mod rules;
pub mod serve;

use std::path::Path;

use document::model::{DocType, Document};
use extract::{ExtractError, Limits};

/// Reads and structures one file. A .doc/.wps file is converted with LibreOffice when
/// `soffice` is on PATH (the document then carries a warning saying so).
pub fn load_document(
    path: &Path,
    limits: &Limits,
    doc_type: Option<DocType>,
) -> Result<Document, ExtractError> {
    let name = path.display().to_string();
    match extract::read_file_guarded(path, limits) {
        Ok((format, x)) => Ok(document::assemble(&name, format, x, doc_type)),
        Err(ExtractError::LegacyDoc) => load_legacy(&name, std::fs::read(path)?, limits, doc_type),
        Err(e) => Err(e),
    }
}

/// Reads and structures a document given as bytes (standard input, a staged file).
pub fn load_bytes(
    name: &str,
    bytes: Vec<u8>,
    limits: &Limits,
    doc_type: Option<DocType>,
) -> Result<Document, ExtractError> {
    let legacy = bytes
        .starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
        .then(|| bytes.clone());
    match extract::read_bytes_guarded(bytes, limits) {
        Ok((format, x)) => Ok(document::assemble(name, format, x, doc_type)),
        Err(ExtractError::LegacyDoc) => match legacy {
            Some(b) => load_legacy(name, b, limits, doc_type),
            None => Err(ExtractError::LegacyDoc),
        },
        Err(e) => Err(e),
    }
}

/// A .doc/.wps through LibreOffice, all within one time budget; refused without `soffice`.
fn load_legacy(
    name: &str,
    bytes: Vec<u8>,
    limits: &Limits,
    doc_type: Option<DocType>,
) -> Result<Document, ExtractError> {
    let soffice = legacy::soffice().ok_or(ExtractError::LegacyDoc)?;
    let start = std::time::Instant::now();
    let docx = legacy::convert(&soffice, &bytes, limits.time_budget)?;
    let rest = Limits {
        time_budget: limits
            .time_budget
            .saturating_sub(start.elapsed())
            .max(std::time::Duration::from_secs(1)),
        ..limits.clone()
    };
    let (format, x) = extract::read_bytes_guarded(docx, &rest)?;
    let mut doc = document::assemble(name, format, x, doc_type);
    doc.warnings.push(legacy::CONVERTED.to_string());
    Ok(doc)
}
