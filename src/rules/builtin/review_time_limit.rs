//! ## What it does
//! Flags a remedy notice that gives a time limit for 申请行政复议 other than 六十日 (十五日, 三十日, 三个月 …).
//!
//! ## Why is this bad?
//! 行政复议法 (2023) §20: 可以自知道或者应当知道该行政行为之日起六十日内提出行政复议申请 (the 1999 law said the same). A shorter period misleads the party into losing the remedy; a wrong notice makes the decision defective.
//!
//! ## Example
//! ```text
//! 如不服本处罚决定，可在接到本处罚决定之日起十五日内向某县人民政府申请行政复议。
//! ```

use super::at_place;
use crate::document::decision::{Decision, Period};
use crate::document::prepared::Prepared;
use crate::rules::compile::CompiledRule;
use crate::rules::finding::Finding;

pub fn check(rule: &CompiledRule, blocks: &[Prepared], d: &Decision) -> Vec<Finding> {
    let Some((period, place)) = d.remedy.review.as_ref().and_then(|r| r.period) else {
        return vec![];
    };
    if period == Period::Days(60) {
        return vec![];
    }
    vec![at_place(
        rule,
        blocks,
        place,
        super::words_at(blocks, place),
    )]
}
