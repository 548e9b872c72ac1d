//! ## What it does
//! Flags a decision that does not state that the party was told, before the decision, of the intended penalty with its facts, reasons and basis and of the right to state a case and defend (告知), or that the party's 陈述、申辩 was heard or waived.
//!
//! ## Why is this bad?
//! 行政处罚法 §44 requires the notice, §45 the hearing of the party; §62: without them 不得作出行政处罚决定. A decision that records neither gives the reviewer no sign the procedure was followed — the file must show it.
//!
//! ## Example
//! ```text
//! 上述事实，有现场笔录等证据证明。
//! 本局认为……决定罚款人民币3,000元。（未见告知及陈述、申辩情况）
//! ```

use super::on_head;
use crate::document::decision::Decision;
use crate::document::prepared::Prepared;
use crate::rules::compile::CompiledRule;
use crate::rules::finding::Finding;

pub fn check(rule: &CompiledRule, blocks: &[Prepared], d: &Decision) -> Vec<Finding> {
    let pr = &d.procedure;
    let detail = match (pr.told, pr.heard) {
        (true, true) => return vec![],
        (false, false) => {
            "处罚前告知拟作出的行政处罚内容及事实、理由、依据，以及听取当事人陈述、申辩的情况"
        }
        (false, true) => "处罚前已告知当事人拟作出的行政处罚内容及事实、理由、依据",
        (true, false) => "已告知当事人陈述、申辩的权利及其陈述、申辩（或放弃）的情况",
    };
    on_head(rule, blocks, d, &[detail.to_string()])
}
