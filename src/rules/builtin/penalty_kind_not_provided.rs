//! ## What it does
//! Flags a penalty of a kind that none of the articles the decision cites as its penalty basis provides — 吊销营业执照 under an article that only sets a fine, 警告 where the article has none — when the law database holds those articles' text. 没收违法所得 is always provided (行政处罚法 §28).
//!
//! ## Why is this bad?
//! 行政处罚法 §4: 公民、法人或者其他组织违反行政管理秩序的行为，应当给予行政处罚的，依照本法由法律、法规、规章规定. A kind of penalty the cited provision does not provide has no legal basis.
//!
//! ## Example
//! ```text
//! 依据《中华人民共和国反不正当竞争法》第二十二条的规定，本局决定：罚款人民币100,000元，并吊销营业执照。
//! （第二十二条只规定罚款）
//! ```

use super::at_place;
use super::penalty_article::{basis_articles, provides};
use crate::citations::Checked;
use crate::document::decision::Decision;
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
    let labels: Vec<&str> = articles.iter().map(|a| a.label.as_str()).collect();
    let mut seen = vec![];
    let mut out = vec![];
    for p in &d.penalties {
        if seen.contains(&p.kind) || articles.iter().any(|a| provides(&a.text, p.kind)) {
            continue;
        }
        seen.push(p.kind);
        let detail = format!(
            "{}未规定{}（决定书：“{}”）",
            labels.join("、"),
            p.kind.chinese(),
            super::words_at(blocks, p.place)
        );
        out.push(at_place(rule, blocks, p.place, &detail));
    }
    out
}
