//! ## What it does
//! Flags a decision imposing a penalty for which 行政处罚法 §63 always requires notice of the right to a hearing — 降低资质等级, 吊销许可证件, 责令停产停业, 责令关闭, 限制从业 — when the text shows no such notice (no 听证, and no notice of 依法享有的权利 in general).
//!
//! ## Why is this bad?
//! §63: 行政机关拟作出下列行政处罚决定，应当告知当事人有要求听证的权利. Without the notice the decision is made in breach of a statutory procedure and is annulled on review (行政诉讼法 §70 (3)).
//!
//! ## Example
//! ```text
//! 告知当事人依法享有陈述、申辩的权利。……决定：责令停产停业整顿，并处罚款人民币30,000元。
//! ```

use super::at_place;
use crate::document::decision::Decision;
use crate::document::prepared::Prepared;
use crate::rules::compile::CompiledRule;
use crate::rules::finding::Finding;

pub fn check(rule: &CompiledRule, blocks: &[Prepared], d: &Decision) -> Vec<Finding> {
    if d.procedure.hearing_notice {
        return vec![];
    }
    d.penalties
        .iter()
        .find(|p| p.kind.needs_hearing())
        .map(|p| {
            vec![at_place(
                rule,
                blocks,
                p.place,
                super::words_at(blocks, p.place),
            )]
        })
        .unwrap_or_default()
}
