//! Body blocks prepared for matching: normalised text, sentence boundaries and the
//! enclosing section heading. Every check (rules, citations) reads documents through this.

use super::model::{Block, Document, Part};
use crate::chinese::label::{LabelKind, leading_label};
use crate::document::segment::{Normalized, sentences};

/// A block prepared for matching.
pub struct Prepared<'d> {
    pub index: usize,
    pub block: &'d Block,
    pub norm: Normalized,
    pub sentences: Vec<(usize, usize)>,
    /// Normalised heading of the enclosing chapter/section/outline part.
    pub section: String,
}

pub fn prepare(doc: &Document) -> Vec<Prepared<'_>> {
    let mut section = String::new();
    let mut out = vec![];
    for (index, block) in doc.blocks.iter().enumerate() {
        if block.part != Part::Body {
            continue;
        }
        let norm = Normalized::new(&block.text);
        if let Some(l) = leading_label(&block.text)
            && matches!(
                l.kind,
                LabelKind::Chapter | LabelKind::Section | LabelKind::Outline1 | LabelKind::Book
            )
        {
            section = norm.text.clone();
        }
        let sentences = sentences(&norm.text);
        out.push(Prepared {
            index,
            block,
            norm,
            sentences,
            section: section.clone(),
        });
    }
    out
}
