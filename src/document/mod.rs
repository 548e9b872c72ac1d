//! The document model and the stages that build it from extracted blocks.

pub mod classify;
pub mod decision;
pub mod level;
pub mod location;
pub mod model;
pub mod parties;
pub mod prepared;
pub mod segment;
pub mod structure;
pub mod validity;
pub mod values;
pub mod voice;

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
    let (level, ev) = level::detect(&doc);
    doc.level = level;
    doc.level_evidence = ev;
    doc
}

/// A plain-text document of one body block per line, as the text reader would make it
/// (for unit tests of everything that works on documents).
pub fn from_lines(lines: &[&str]) -> model::Document {
    let mut x = model::Extracted::default();
    for l in lines {
        x.blocks.push(model::Block::new(*l, model::Part::Body));
    }
    assemble("t.txt", model::Format::Text, x, None)
}
