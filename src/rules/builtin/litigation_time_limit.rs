//! ## What it does
//! Flags a remedy notice that gives a time limit for suing directly in court other than 六个月 (three months before 2015-05-01, when the amended 行政诉讼法 took effect). A 十五日 limit for suing after a 复议决定 (§45) is not flagged.
//!
//! ## Why is this bad?
//! 行政诉讼法 §46: 直接向人民法院提起诉讼的，应当自知道或者应当知道作出行政行为之日起六个月内提出. Decisions still copying the old 三个月 shorten the party's time to sue.
//!
//! ## Example
//! ```text
//! ……也可在收到本处罚决定书之日起三个月内向某市某区人民法院提起行政诉讼。
//! ```

use super::at_place;
use crate::document::decision::{Decision, Period};
use crate::document::prepared::Prepared;
use crate::rules::compile::CompiledRule;
use crate::rules::finding::Finding;

/// The amended 行政诉讼法 (six months) took effect on this day.
const SIX_MONTHS_FROM: &str = "2015-05-01";

pub fn check(rule: &CompiledRule, blocks: &[Prepared], d: &Decision, date: &str) -> Vec<Finding> {
    let Some((period, place)) = d.remedy.litigation.as_ref().and_then(|r| r.period) else {
        return vec![];
    };
    let date = d.date.as_deref().unwrap_or(date);
    let right = if date < SIX_MONTHS_FROM {
        Period::Months(3)
    } else {
        Period::Months(6)
    };
    if period == right {
        return vec![];
    }
    vec![at_place(
        rule,
        blocks,
        place,
        super::words_at(blocks, place),
    )]
}
