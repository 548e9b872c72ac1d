//! ## What it does
//! Flags a penalty kind or compulsory measure that a law-making document sets beyond the
//! power of its level, by the level × power table in `rules/data/powers.toml`: a 地方性法规
//! may set, among compulsory measures, only 查封 and 扣押 (行政强制法 §10), and every penalty
//! but 限制人身自由 and 吊销营业执照 (行政处罚法 §12); a 规章 may set only 警告, 通报批评 and a
//! limited 罚款 (§13–14) and no compulsory measure; a 行政法规 may not restrict personal
//! liberty. The rule's category says which table it reads (sets_penalty or
//! sets_compulsory_measure). Documents below 规章 are left to the keyword rules, which
//! forbid them every measure.
//!
//! ## Why is this bad?
//! Whether a measure is lawful depends on who sets it. A measure set by a level that has no
//! power to set it is void and is what people's-congress filing review strikes down
//! (扣留车辆并托运回原籍 in a local regulation).
//!
//! ## Example
//! ```text
//! （某市非机动车管理条例）违反本条例第十条规定的，由公安机关扣留车辆，并托运回原籍。
//! ```

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use regex::Regex;
use serde::Deserialize;

use super::{finding_for, sentence_at};
use crate::document::prepared::Prepared;
use crate::rules::compile::CompiledRule;
use crate::rules::finding::Finding;
use crate::rules::schema::{Category, Level};

#[derive(Deserialize)]
struct Powers {
    penalty: Table,
    compulsory_measure: Table,
}

#[derive(Deserialize)]
struct Table {
    grant: Vec<Grant>,
    kind: Vec<Kind>,
}

#[derive(Deserialize)]
struct Grant {
    level: String,
    #[serde(default)]
    also_levels: Vec<String>,
    may_set: String,
    #[serde(default)]
    kinds: Vec<String>,
    #[serde(default)]
    except: Vec<String>,
    #[serde(default)]
    article: String,
}

#[derive(Deserialize)]
struct Kind {
    id: String,
    name: String,
    #[serde(default)]
    patterns: Vec<String>,
}

struct CompiledTable {
    grants: Vec<Grant>,
    kinds: Vec<(Kind, Vec<Regex>)>,
}

static POWERS: LazyLock<Option<(CompiledTable, CompiledTable)>> = LazyLock::new(|| {
    let p: Powers = toml::from_str(include_str!("../../../rules/data/powers.toml")).ok()?;
    let compile = |t: Table| CompiledTable {
        grants: t.grant,
        kinds: t
            .kind
            .into_iter()
            .map(|k| {
                let res = k
                    .patterns
                    .iter()
                    .filter_map(|p| Regex::new(&crate::document::segment::normalize(p)).ok())
                    .collect();
                (k, res)
            })
            .collect(),
    };
    Some((compile(p.penalty), compile(p.compulsory_measure)))
});

/// The table's level id for a document's power level; `None` where the keyword rules
/// already judge the document (normative documents and State Council documents, which may
/// set neither penalties nor compulsory measures).
fn table_level(level: Level) -> Option<(&'static str, &'static str)> {
    match level {
        Level::Law => Some(("law", "法律")),
        Level::AdminRegulation => Some(("admin_regulation", "行政法规")),
        Level::LocalRegulation => Some(("local_regulation", "地方性法规")),
        Level::Rules => Some(("department_rule", "规章")),
        Level::StateCouncil | Level::Normative => None,
    }
}

fn allowed(grant: &Grant, kind: &str) -> bool {
    match grant.may_set.as_str() {
        "all" => true,
        "all_except" => !grant.except.iter().any(|e| e == kind),
        "only" => grant.kinds.iter().any(|k| k == kind),
        _ => false,
    }
}

/// The words that make a sentence set a measure rather than mention one, in three groups:
/// a sanction clause or a grant of power (的，, 可以, 予以 …), a reliance on another law
/// (依照《…, 法律法规规定 …) and a prohibition (不得 …).
const POWER_WORDS: [&str; 8] = ["的,", "的，", "可以", "予以", "有权", "由", "责令", "处"];
const OTHER_LAW_WORDS: [&str; 7] = [
    "依照《",
    "根据《",
    "依据《",
    "按照《",
    "法律、行政法规规定",
    "法律法规规定",
    "有关法律",
];
const PROHIBITION_WORDS: [&str; 3] = ["不得", "禁止设定", "严禁"];

/// One automaton over the three groups: asked of every sentence of a law-making document,
/// eighteen substring searches were a third of this check.
static MEASURE_WORDS: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::new(POWER_WORDS.iter().chain(&OTHER_LAW_WORDS).chain(&PROHIBITION_WORDS))
        .expect("fixed words build an automaton")
});

/// A sanction clause (违反…的，由…) or a grant of power (可以, 予以, 有权) that neither relies
/// on another law nor prohibits.
fn sets_measure(sentence: &str) -> bool {
    let mut power = false;
    for m in MEASURE_WORDS.find_overlapping_iter(sentence) {
        let i = m.pattern().as_usize();
        if i >= POWER_WORDS.len() {
            // Relying on another law or prohibiting: the sentence sets nothing itself.
            return false;
        }
        power = true;
    }
    power
}

pub fn check(rule: &CompiledRule, blocks: &[Prepared], level: Level) -> Vec<Finding> {
    let Some((penalty, compulsory)) = POWERS.as_ref() else {
        return vec![];
    };
    let table = match rule.spec.category {
        Category::SetsPenalty => penalty,
        Category::SetsCompulsoryMeasure => compulsory,
        _ => return vec![],
    };
    let Some((level_id, level_name)) = table_level(level) else {
        return vec![];
    };
    let Some(grant) = table
        .grants
        .iter()
        .find(|g| g.level == level_id || g.also_levels.iter().any(|l| l == level_id))
    else {
        return vec![];
    };
    let mut out = vec![];
    for p in blocks {
        for &(s, e) in &p.sentences {
            let sentence = &p.norm.text[s..e];
            if !sets_measure(sentence) {
                continue;
            }
            for (kind, res) in &table.kinds {
                if allowed(grant, &kind.id) {
                    continue;
                }
                let Some(m) = res.iter().find_map(|r| r.find(sentence)) else {
                    continue;
                };
                let may = match grant.may_set.as_str() {
                    "only" => format!(
                        "只能设定{}",
                        table
                            .kinds
                            .iter()
                            .filter(|(k, _)| grant.kinds.contains(&k.id))
                            .map(|(k, _)| k.name.as_str())
                            .collect::<Vec<_>>()
                            .join("、")
                    ),
                    "none" => "不得设定".to_string(),
                    _ => format!("不得设定{}", kind.name),
                };
                let detail = format!(
                    "本文件为{level_name}，依{}{may}；所设“{}”属于{}",
                    grant.article,
                    m.as_str(),
                    kind.name
                );
                out.push(finding_for(
                    rule,
                    p,
                    sentence_at(p, s + m.start()),
                    (s + m.start(), s + m.end()),
                    &detail,
                ));
                break;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The word-by-word reading the automaton replaced.
    fn sets_measure_by_search(sentence: &str) -> bool {
        let has = |words: &[&str]| words.iter().any(|w| sentence.contains(w));
        has(&POWER_WORDS) && !has(&OTHER_LAW_WORDS) && !has(&PROHIBITION_WORDS)
    }

    #[test]
    fn a_sentence_sets_a_measure_as_the_word_search_said() {
        for s in [
            "违反本条例第十条规定的，由公安机关扣留车辆，并托运回原籍。",
            "公安机关可以扣押涉案物品。",
            "依照《中华人民共和国行政处罚法》的规定，由市场监管部门处以罚款。",
            "任何单位不得擅自扣押他人财物，可以依法申请。",
            "本条例自2025年1月1日起施行。",
            "有关法律另有规定的，从其规定；由县政府责令改正。",
            "严禁设定罚款",
            "",
            "处",
        ] {
            assert_eq!(sets_measure(s), sets_measure_by_search(s), "{s}");
        }
        assert!(sets_measure("违反本条例第十条规定的，由公安机关扣留车辆。"));
        assert!(!sets_measure("依照《行政强制法》的规定，可以扣押。"));
        assert!(!sets_measure("不得扣留车辆，可以责令改正。"));
    }
}
