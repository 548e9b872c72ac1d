//! ## What it does
//! Flags a cited article number that the law does not have in the version in force, or a sentence that quotes an article under its number before a revision renumbered it.
//!
//! ## Why is this bad?
//! A wrong article number sends the reader to the wrong rule or to nothing; after a revision (立法法 2023) the old numbers silently point at other provisions.
//!
//! ## Example
//! ```text
//! 依据《中华人民共和国预算法》第一百二十条……（预算法共一百零一条）
//! ```

use super::cited_finding;
use crate::citations::lawdb::{Law, Version, article_text};
use crate::citations::{Checked, CitationStatus};
use crate::document::prepared::Prepared;
use crate::rules::compile::CompiledRule;
use crate::rules::finding::Finding;

/// Character-bigram Jaccard similarity, for telling which version's article a sentence quotes.
fn similarity(a: &str, b: &str) -> f64 {
    use std::collections::HashSet;
    let grams = |s: &str| -> HashSet<(char, char)> {
        let cs: Vec<char> = s
            .chars()
            .filter(|c| !c.is_ascii_punctuation() && !c.is_whitespace())
            .collect();
        cs.windows(2).map(|w| (w[0], w[1])).collect()
    };
    let (x, y) = (grams(a), grams(b));
    if x.is_empty() || y.is_empty() {
        return 0.0;
    }
    x.intersection(&y).count() as f64 / x.union(&y).count() as f64
}

/// Where article `n` of an earlier version went in `version`: its most similar article.
/// Remembered per law and article, since a catalogue cites the same articles again and again.
fn moved_to(law: &Law, prev: &str, version: &Version, n: u32) -> Option<u32> {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    type Key = (String, String, String, u32);
    static MEMO: OnceLock<Mutex<HashMap<Key, Option<u32>>>> = OnceLock::new();
    let key = (law.title.clone(), prev.to_string(), version.date.clone(), n);
    let memo = MEMO.get_or_init(Default::default);
    if let Some(hit) = memo.lock().ok().and_then(|m| m.get(&key).copied()) {
        return hit;
    }
    let old = article_text(&law.title, prev, n)?;
    let found = (1..=version.articles.unwrap_or(0))
        .filter_map(|m| article_text(&law.title, &version.date, m).map(|t| (m, similarity(old, t))))
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .filter(|(_, s)| *s > 0.3)
        .map(|(m, _)| m);
    if let Ok(mut m) = memo.lock() {
        m.insert(key, found);
    }
    found
}

fn article_finding(
    rule: &CompiledRule,
    prepared: &[Prepared],
    ch: &Checked,
    law: &Law,
    article: String,
    detail: String,
) -> Finding {
    cited_finding(
        rule,
        prepared,
        &ch.cited,
        &[
            ("law", law.title.clone()),
            ("article", article),
            ("detail", detail),
        ],
    )
}

pub fn check(
    rule: &CompiledRule,
    prepared: &[Prepared],
    checked: &[Checked],
    date: &str,
) -> Vec<Finding> {
    let mut out = vec![];
    for ch in checked
        .iter()
        .filter(|c| !c.mention && !c.cited.articles.is_empty())
    {
        let Some(law) = ch.law else { continue };
        if ch.citation.status == CitationStatus::Repealed {
            continue;
        }
        let version = match &ch.year {
            Some(y) => law.version_of_year(y),
            None => law.version_at(date),
        };
        let Some(version) = version else { continue };
        let label = |n: u32| format!("第{}条", crate::chinese::numerals::to_chinese(n, false));
        if let Some(count) = version.articles
            && let Some(&n) = ch.cited.articles.iter().find(|&&n| n > count)
        {
            let detail = format!(
                "{}年版本共{}条，没有{}",
                &version.date[..4],
                count,
                label(n)
            );
            out.push(article_finding(rule, prepared, ch, law, label(n), detail));
            continue;
        }
        // The old numbering of a revised law: the sentence reads like article n of the
        // previous version, not of the version in force.
        if ch.year.is_some() || !version.text {
            continue;
        }
        let Some(prev) = law
            .versions
            .iter()
            .rev()
            .find(|v| v.text && v.date < version.date)
        else {
            continue;
        };
        let p = &prepared[ch.cited.block];
        let sentence = p.norm.text[ch.cited.sentence.0..ch.cited.sentence.1]
            .replace(&p.norm.text[ch.cited.start..ch.cited.end], "");
        for &n in &ch.cited.articles {
            let (Some(old), Some(new)) = (
                article_text(&law.title, &prev.date, n),
                article_text(&law.title, &version.date, n),
            ) else {
                continue;
            };
            let (so, sn) = (similarity(&sentence, old), similarity(&sentence, new));
            if so < 0.12 || so < sn * 2.0 {
                continue;
            }
            let moved = moved_to(law, &prev.date, version, n)
                .map_or(String::new(), |m| format!("，现行版本对应{}", label(m)));
            let detail = format!(
                "引文内容与{}年版本的{}一致，{}年修改后条文序号已变化{moved}",
                &prev.date[..4],
                label(n),
                &version.date[..4]
            );
            out.push(article_finding(rule, prepared, ch, law, label(n), detail));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bigram_similarity() {
        assert!(similarity("部门规章规定的事项", "部门规章规定的事项应当") > 0.7);
        assert!(similarity("部门规章", "地方性法规") < 0.1);
    }
}
