//! ## What it does
//! Warns when a decision imposes a 较大数额 fine or confiscation and shows no notice of the right to a hearing. 行政处罚法 §63 leaves the figure to provinces and ministries, so the check uses a default: 个人 ≥ 10,000 元, 单位 ≥ 100,000 元 (the figures of 《市场监督管理行政处罚听证办法》 (2021) §5 as commonly cited; not verified against its text here — local rules differ, e.g. 北京住建 > 3,000 / > 50,000 元, see rules/data/jurisdictions). 个体工商户 (信用代码 92…) count as individuals.
//!
//! ## Why is this bad?
//! §63 (1)(2): 较大数额罚款 and 没收较大数额违法所得 require notice of the right to a hearing. Because the threshold varies, this is a warning: check the figure that applies to the authority.
//!
//! ## Example
//! ```text
//! 告知当事人依法享有陈述、申辩的权利。……决定对当事人罚款人民币150,000元。（当事人为公司）
//! ```

use super::at_place;
use crate::document::decision::{Decision, PartyKind, PenaltyKind};
use crate::document::prepared::Prepared;
use crate::rules::compile::CompiledRule;
use crate::rules::finding::Finding;

/// Default 较大数额 for individuals (元), see the module documentation.
pub const PERSON_LARGE: f64 = 10_000.0;
/// Default 较大数额 for organisations (元); also used when the party's kind is not stated.
pub const ORGANISATION_LARGE: f64 = 100_000.0;

pub fn check(rule: &CompiledRule, blocks: &[Prepared], d: &Decision) -> Vec<Finding> {
    if d.procedure.hearing_notice {
        return vec![];
    }
    let (threshold, who) = match d.party_kind() {
        PartyKind::Person => (PERSON_LARGE, "个人"),
        _ => (ORGANISATION_LARGE, "单位"),
    };
    d.penalties
        .iter()
        .filter(|p| matches!(p.kind, PenaltyKind::Fine | PenaltyKind::ConfiscateIncome))
        .find(|p| p.amount.is_some_and(|a| a >= threshold))
        .map(|p| {
            let detail = format!(
                "{}{}元（默认较大数额标准：{}{}元以上）",
                p.kind.chinese(),
                super::penalty_article::yuan(p.amount.unwrap_or_default()),
                who,
                super::penalty_article::yuan(threshold)
            );
            vec![at_place(rule, blocks, p.place, &detail)]
        })
        .unwrap_or_default()
}
