//! ## What it does
//! Warns when a decision of the kind 行政处罚法 §58 sends to 法制审核 does not say it was reviewed: a decision made after a hearing (§58 (1)(2)), or one imposing 吊销许可证件, 责令停产停业, 责令关闭, 限制从业 or 降低资质等级 (直接关系当事人重大权益, listed in the 法制审核目录 of most authorities).
//!
//! ## Why is this bad?
//! §58: 未经法制审核或者审核未通过的，不得作出决定. Whether a case is 疑难复杂 or of 重大公共利益 cannot be read from the text, so this is a warning: confirm the review was done and record it.
//!
//! ## Example
//! ```text
//! 当事人要求听证，本局于2024年8月26日依法组织了听证。……本局决定对当事人罚款人民币300,000元。（未见法制审核）
//! ```

use super::on_head;
use crate::document::decision::Decision;
use crate::document::prepared::Prepared;
use crate::rules::compile::CompiledRule;
use crate::rules::finding::Finding;

pub fn check(rule: &CompiledRule, blocks: &[Prepared], d: &Decision) -> Vec<Finding> {
    if d.procedure.legal_review {
        return vec![];
    }
    let heavy = d.penalties.iter().find(|p| p.kind.needs_hearing());
    let why = if d.procedure.hearing_held {
        "本案经过听证程序".to_string()
    } else if let Some(p) = heavy {
        format!("拟作出{}", p.kind.chinese())
    } else {
        return vec![];
    };
    on_head(rule, blocks, d, &[why])
}
