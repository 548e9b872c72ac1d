//! ## What it does
//! Notes a sentence that no other rule flagged but that is very close in wording (character-bigram TF-IDF cosine ≥ 0.70) to a provision an authority or a court published as unlawful (the dev split of corpus/cases). The note names the case, its authority and its finding, and takes the case's category.
//!
//! ## Why is this bad?
//! Wording that a 市场监管 notice, a 备案审查 report or a court has already found unlawful is very likely to be unlawful again; the rules may simply not know its words yet. The note is a hint for the reviewer (`info`), not a finding of its own.
//!
//! ## Example
//! ```text
//! 即日起，本县区域内不再引进其他品牌共享单车。
//! ```

use crate::document::prepared::Prepared;
use crate::rules::compile::CompiledRule;
use crate::rules::engine::finding_at;
use crate::rules::finding::Finding;
use crate::rules::precedent::{Exclude, NEAR_FLOOR, index};

/// Notes on the sentences of `blocks` that no finding in `found` touches and that are at
/// [`NEAR_FLOOR`] or closer to a published dev case (none of `exclude`).
pub fn check(
    rule: &CompiledRule,
    blocks: &[Prepared],
    found: &[Finding],
    exclude: &Exclude,
) -> Vec<Finding> {
    let ix = index();
    let mut out = vec![];
    for p in blocks {
        for (&(s0, s1), voice) in p.sentences.iter().zip(&p.voices) {
            // A quotation of another text or a report of what others did is not a provision
            // of this document (a news page quoting the very clause found unlawful).
            if !voice.is_own() {
                continue;
            }
            // The index first: it rules out almost every sentence without reading postings.
            let text = &p.norm.text[s0..s1];
            let Some((i, sim)) = ix.closest(text, NEAR_FLOOR, |e| !exclude.excludes(e)) else {
                continue;
            };
            if super::sentence_touched(p, (s0, s1), found) {
                continue;
            }
            let precedent = ix.precedent(i, sim);
            let mut f = finding_at(rule, p, (s0, s1), (s0, s1), &Default::default());
            f.category = ix.entries[i].category;
            let case = precedent.summary();
            let similarity = format!("{:.2}", precedent.similarity);
            for s in [&mut f.message, &mut f.suggestion] {
                *s = s
                    .replace("{case}", &case)
                    .replace("{category}", f.category.chinese())
                    .replace("{similarity}", &similarity);
            }
            f.precedents = vec![precedent];
            out.push(f);
        }
    }
    out
}
