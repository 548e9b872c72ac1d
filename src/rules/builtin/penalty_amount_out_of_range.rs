//! ## What it does
//! Flags a fine outside the range of the article the decision cites as its penalty basis, when the law database holds that article's text: absolute ranges (处二十万元以上一百万元以下的罚款), multiples and fractions of a figure the decision states (处违法所得一倍以上五倍以下的罚款, 中标项目金额千分之五以上千分之十以下, 每平方米100元以上1000元以下), 情节严重 ranges included. A fine below the minimum is accepted when the decision states 减轻处罚 (行政处罚法 §32). When a cited penalty article is not in the database, or the figure a range depends on is not stated, nothing is said.
//!
//! ## Why is this bad?
//! 行政处罚法 §4, §5: a penalty must be one the law provides, within its limits; a fine above the statutory maximum is unlawful, one below the minimum without a statutory reason for 减轻 is an abuse of discretion. Both are annulled or changed on review (行政诉讼法 §70, §77).
//!
//! ## Example
//! ```text
//! 依据《中华人民共和国反不正当竞争法》第二十条第一款的规定，本局决定：罚款人民币2,500,000元。
//! （第二十条：处二十万元以上一百万元以下的罚款；情节严重的，处一百万元以上二百万元以下的罚款）
//! ```

use super::at_place;
use super::penalty_article::{basis_articles, decision_text, out_of_range};
use crate::citations::Checked;
use crate::document::decision::{Decision, PenaltyKind};
use crate::document::prepared::Prepared;
use crate::rules::compile::CompiledRule;
use crate::rules::finding::Finding;

pub fn check(
    rule: &CompiledRule,
    blocks: &[Prepared],
    d: &Decision,
    citations: &[Checked],
    date: &str,
) -> Vec<Finding> {
    let date = d.date.clone().unwrap_or_else(|| date.to_string());
    let Some(articles) = basis_articles(d, blocks, citations, &date) else {
        return vec![];
    };
    if articles.is_empty() {
        return vec![];
    }
    let text = decision_text(blocks);
    d.penalties
        .iter()
        .filter(|p| p.kind == PenaltyKind::Fine)
        .filter_map(|p| {
            let detail = out_of_range(p.amount?, &articles, d, &text)?;
            Some(at_place(rule, blocks, p.place, &detail))
        })
        .collect()
}
