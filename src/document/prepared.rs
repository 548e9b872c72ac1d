//! Body blocks prepared for matching: normalised text, sentence boundaries, the voice of
//! each sentence and the enclosing section heading. Every check (rules, citations) reads
//! documents through this.

use super::model::{Block, Document, Part};
use crate::chinese::label::{LabelKind, leading_label};
use crate::document::segment::{Normalized, sentences};
use crate::document::voice::{Carry, Marked, Voice, of_block};

/// A block prepared for matching.
pub struct Prepared<'d> {
    pub index: usize,
    pub block: &'d Block,
    pub norm: Normalized,
    pub sentences: Vec<(usize, usize)>,
    /// Whose voice each sentence is in (parallel to `sentences`): the document's own
    /// provision, a quotation of another text, a report of others' acts or words.
    pub voices: Vec<Marked>,
    /// Normalised heading of the enclosing chapter/section/outline part.
    pub section: String,
}

pub fn prepare(doc: &Document) -> Vec<Prepared<'_>> {
    let mut section = String::new();
    let mut out = vec![];
    let mut carry = Carry::for_title(doc.title.as_deref());
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
        let voices = of_block(&norm.text, &sentences, &mut carry);
        out.push(Prepared {
            index,
            block,
            norm,
            sentences,
            voices,
            section: section.clone(),
        });
    }
    out
}

impl Prepared<'_> {
    /// The voice (with its evidence) of the sentence holding normalised byte `pos`, and
    /// that sentence; `None` outside any sentence.
    pub fn marked_at(&self, pos: usize) -> Option<((usize, usize), &Marked)> {
        let i = self.sentences.partition_point(|&(_, b)| b <= pos);
        match (self.sentences.get(i), self.voices.get(i)) {
            (Some(&(a, b)), Some(m)) if a <= pos => Some(((a, b), m)),
            _ => None,
        }
    }

    /// The voice of the sentence holding normalised byte `pos` (own outside any sentence).
    pub fn voice_at(&self, pos: usize) -> Voice {
        self.marked_at(pos).map_or(Voice::Own, |(_, m)| m.voice)
    }

    /// Every sentence taken as the document's own (the cases harness: a published quote is
    /// the provision that was found unlawful, whatever its wording).
    pub fn assume_own_voice(&mut self) {
        self.voices.fill(Marked::OWN);
    }
}
