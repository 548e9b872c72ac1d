//! ## What it does
//! Flags an arbitration clause in an administrative agreement (征收补偿, 特许经营, 土地出让, PPP, 招商引资) with a public party.
//!
//! ## Why is this bad?
//! Disputes over administrative agreements belong to the administrative courts (行政诉讼法 §12; 最高人民法院关于审理行政协议案件若干问题的规定 §26); an arbitration clause there is void and delays the remedy.
//!
//! ## Example
//! ```text
//! （征收补偿协议，甲方为某区征收办）因本协议发生争议的，提交某市仲裁委员会仲裁。
//! ```

use std::sync::LazyLock;

use regex::Regex;

use super::match_findings;
use crate::document::model::Document;
use crate::document::prepared::Prepared;
use crate::rules::compile::CompiledRule;
use crate::rules::finding::Finding;

/// Words naming the kinds of 行政协议 of 最高人民法院关于审理行政协议案件若干问题的规定 第二条;
/// 棚户区改造 搬迁/拆迁安置 agreements a public body signs are 征收补偿 agreements in
/// substance (a 西安中院 ruling held such an arbitration clause void).
const ADMIN_AGREEMENT: [&str; 13] = [
    "征收",
    "补偿安置",
    "搬迁安置",
    "拆迁安置",
    "棚户区改造",
    "保障性住房",
    "特许经营",
    "土地使用权出让",
    "出让合同",
    "政府和社会资本合作",
    "PPP",
    "招商引资",
    "国有建设用地",
];

static ARBITRATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(提交|申请|提请|向)?[^。;,]{0,15}仲裁委员会[^。;,]{0,8}仲裁|申请仲裁|提交仲裁")
        .expect("arbitration regex")
});

pub fn check(rule: &CompiledRule, doc: &Document, blocks: &[Prepared]) -> Vec<Finding> {
    let kind: Vec<&str> = ADMIN_AGREEMENT
        .iter()
        .copied()
        .filter(|w| blocks.iter().any(|p| p.norm.text.contains(w)))
        .collect();
    let public_party = doc.parties.iter().any(|p| {
        [
            "政府",
            "局",
            "办公室",
            "管委会",
            "管理委员会",
            "街道",
            "委员会",
            "征收办",
            "指挥部",
        ]
        .iter()
        .any(|w| p.name.contains(w))
    });
    if kind.is_empty() || !public_party {
        return vec![];
    }
    let detail = format!("涉及{}", kind.join("、"));
    match_findings(rule, blocks, &ARBITRATION, |p, c| {
        let before = &p.norm.text[..c.get(0)?.start()];
        let tail_start = before.char_indices().rev().nth(11).map_or(0, |(i, _)| i);
        let negated = ["不得", "不适用", "不能"]
            .iter()
            .any(|w| before[tail_start..].contains(w));
        (!negated).then(|| detail.clone())
    })
}
