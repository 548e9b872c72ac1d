//! ## What it does
//! Notes a sentence that no other rule flagged when the learned scorer (`rules/data/scorer.tsv`,
//! trained by `scripts/train_scorer.py` on the dev split of the published cases, the labelled
//! paraphrases and the lawful documents of `corpus/lawful`) gives a defect class a probability
//! at or above the threshold chosen by cross-validation. The note takes the class's category
//! and names the closest published case of that category.
//!
//! On contracts the rule's `classes` and `cues` narrow it (PRECEDENT-003: restricts_competition
//! with an exclusivity word): the lawful training text holds few contracts. A sentence that is
//! only a firm's name (a list row), a party line or a recital is never scored.
//!
//! ## Why is this bad?
//! Reviewers read meaning: a provision reworded away from every pattern (本地企业…给予奖励
//! said as 按地方财政贡献额予以奖励) still keeps the company of words that authorities found
//! unlawful. The note is a hint for the reviewer (`info`), not a finding of its own.
//!
//! ## Example
//! ```text
//! 凡在本区注册并纳税的物流企业，按其年度纳税额的百分之三十给予奖励。
//! ```

use crate::document::prepared::Prepared;
use crate::rules::compile::CompiledRule;
use crate::rules::engine::finding_at;
use crate::rules::finding::Finding;
use crate::rules::precedent::{Exclude, MAX_PRECEDENTS, index};
use crate::rules::schema::Level;
use crate::rules::scorer::{normalise, shipped};

/// Sentences shorter than this (letters and digits) carry too little to score: a party line
/// (乙方：某有限公司) or a list row is not a provision.
const MIN_CHARS: usize = 14;

/// Whether `text` (normalised) is only an operator's name with its list label, or a table row
/// naming one (rows of a list of firms: designation_by_listing judges lists), a party line (甲方（采购人）：…) or a
/// contract's recital (鉴于…) or a notice's addressees (各乡镇人民政府，各燃气经营企业：): none is
/// a provision of its own.
fn names_only(text: &str) -> bool {
    let text = text.trim();
    if crate::document::structure::is_party_line(text) || text.starts_with("鉴于") {
        return true;
    }
    if crate::document::structure::is_addressee_line(text) {
        return true;
    }
    let item = match crate::chinese::label::leading_label(text) {
        Some(l) if text.starts_with(l.text.as_str()) => text[l.text.len()..].trim_start(),
        _ => text,
    };
    // A table row (tab-separated cells: 品牌, 型号, 生产企业) is a list row when a cell is a name.
    item.split('\t').any(|cell| {
        let cell = cell.trim_matches(|c: char| c.is_whitespace() || "。；;，,、".contains(c));
        super::designation_by_listing::operator(cell).is_some_and(|n| n == cell.len())
    })
}

/// Notes on the own-voice sentences of `blocks` that no finding in `found` touches and that
/// the scorer places in a defect class at its threshold or above.
pub fn check(
    rule: &CompiledRule,
    blocks: &[Prepared],
    level: Level,
    found: &[Finding],
    exclude: &Exclude,
) -> Vec<Finding> {
    let model = shipped();
    let cases = index();
    let mut out = vec![];
    for p in blocks {
        for (&(s0, s1), voice) in p.sentences.iter().zip(&p.voices) {
            // Cheap tests first: a sentence another check flagged is not scored at all.
            if !voice.is_own() || super::sentence_touched(p, (s0, s1), found) {
                continue;
            }
            let text = &p.norm.text[s0..s1];
            // A rule with cues (PRECEDENT-003) scores only sentences holding one.
            let cued = rule.spec.cues.is_empty() || rule.spec.cues.iter().any(|c| text.contains(c.as_str()));
            if !cued {
                continue;
            }
            let chars = normalise(text);
            if chars.len() < MIN_CHARS {
                continue;
            }
            let Some(score) = model.score_chars(&chars) else {
                continue;
            };
            let Some(category) = score.category else {
                continue;
            };
            if !rule.spec.classes.is_empty() && !rule.spec.classes.contains(&category) {
                continue;
            }
            if rule.spec.skip_classes.as_ref().is_some_and(|s| s.skips(level, category)) {
                continue;
            }
            // Asked last: few sentences reach the threshold, and the list-row test reads
            // every cell of every sentence it is asked of.
            if score.defect() < model.threshold || names_only(text) {
                continue;
            }
            let mut f = finding_at(rule, p, (s0, s1), (s0, s1), &Default::default());
            f.category = category;
            let probability = format!("{:.2}", score.defect());
            for s in [&mut f.message, &mut f.suggestion] {
                *s = s
                    .replace("{category}", category.chinese())
                    .replace("{probability}", &probability);
            }
            // The closest case of the class, however far: the note stands on the cases.
            f.precedents = cases
                .nearest(text, |e| e.category == category && !exclude.excludes(e))
                .into_iter()
                .take(MAX_PRECEDENTS)
                .map(|(i, sim)| cases.precedent(i, sim))
                .collect();
            out.push(f);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::names_only;

    #[test]
    fn list_rows_and_party_lines_are_names_only() {
        assert!(names_only("（三）某财产保险股份有限公司某市中心支公司。"));
        assert!(names_only("2.某市蓝海新材料科技有限公司"));
        assert!(names_only("宁盾\tND-200K\t某宁盾智能设备有限公司"));
        assert!(names_only("某某人寿财产保险股份有限公司某县营销服务部"));
        assert!(names_only("承包人：某建筑工程有限公司（中小企业）"));
        assert!(names_only("乙方（被征迁人）：王某某户（户主王某某，身份证号码略）"));
        assert!(names_only("鉴于甲方应某公司的申请，为其借款提供保证，订立本合同。"));
        assert!(names_only("各乡镇人民政府,各燃气经营企业,各物业服务企业:"));
        assert!(!names_only("县内中小学研学旅行活动由县文旅集团作为主体统一承办。"));
        assert!(!names_only("具备安装资质的企业为某安防电子有限公司和某智能科技有限公司，各学校从上述企业中选择。"));
    }
}
