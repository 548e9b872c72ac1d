//! The document model and the stages that build it from extracted blocks.

pub mod classify;
pub mod model;
pub mod numerals;
pub mod structure;
pub mod validity;

use model::{DocType, Document, Extracted, Format};

/// Structure plus classification; `forced` is the user's `--doc-type`.
pub fn assemble(path: &str, format: Format, x: Extracted, forced: Option<DocType>) -> Document {
    let mut doc = structure::build(path, format, x);
    match forced {
        Some(t) => {
            doc.doc_type = t;
            doc.doc_type_evidence = vec!["--doc-type".into()];
        }
        None => {
            let (t, ev) = classify::classify(&doc);
            doc.doc_type = t;
            doc.doc_type_evidence = ev;
        }
    }
    doc
}
