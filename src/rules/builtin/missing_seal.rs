//! ## What it does
//! Notes a decision whose closing lines show no seal or seal marker (（印章）、（盖章）、（公章）、单位印章). Published web copies and drafts before signing often show none; the note is a reminder, not an error.
//!
//! ## Why is this bad?
//! 行政处罚法 §59 (last paragraph): a 行政处罚决定书 必须盖有作出行政处罚决定的行政机关的印章. A decision issued without the authority's seal is not that authority's decision.
//!
//! ## Example
//! ```text
//! 某县市场监督管理局
//! 2024年6月18日
//! （落款处无“（印章）”）
//! ```

use super::on_head;
use crate::document::decision::Decision;
use crate::document::prepared::Prepared;
use crate::rules::compile::CompiledRule;
use crate::rules::finding::Finding;

pub fn check(rule: &CompiledRule, blocks: &[Prepared], d: &Decision) -> Vec<Finding> {
    if d.seal.is_some() {
        return vec![];
    }
    on_head(rule, blocks, d, &["作出决定的行政机关的印章".to_string()])
}
