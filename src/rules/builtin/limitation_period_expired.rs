//! ## What it does
//! Flags a decision whose facts date the end of the violation more than two years before it was discovered (the earliest 检查/举报/立案 date stated; else the decision date) — or more than five years for any violation — without a stated exception. Five years apply to 税收征收管理法 cases (§86) and, under 行政处罚法 §36, to violations 涉及公民生命健康安全、金融安全且有危害后果的; a violation that continues (自…起至今, 持续, 至检查时) counts from its end. Life/health and financial cases between two and five years without stated harm are left to `limitation_period_unclear`.
//!
//! ## Why is this bad?
//! 行政处罚法 §36: 违法行为在二年内未被发现的，不再给予行政处罚. A penalty after the limit has no legal ground and is annulled on review.
//!
//! ## Example
//! ```text
//! 2024年4月10日，本局接到举报……经查，当事人于2021年3月5日至2021年3月20日期间开展抽奖活动。（已逾二年）
//! ```

use super::at_place;
use super::limitation_period_unclear::{Limitation, assess};
use crate::document::decision::Decision;
use crate::document::prepared::Prepared;
use crate::rules::compile::CompiledRule;
use crate::rules::finding::Finding;

pub fn check(rule: &CompiledRule, blocks: &[Prepared], d: &Decision, date: &str) -> Vec<Finding> {
    match assess(d, blocks, date) {
        Some(Limitation::Expired { place, detail }) => {
            vec![at_place(rule, blocks, place, &detail)]
        }
        _ => vec![],
    }
}
