//! Each citation against the law-status database, as of the document's date (or `--as-of`):
//! `repealed_law`, `invalid_article`, `unknown_law`. A sentence that only mentions a former
//! law (民法典第1260条 listing what it repeals, the history of a rule) is not a use of it.

use std::collections::BTreeMap;

use serde::Serialize;

use super::extract::{Cited, extract};
use super::lawdb::{Law, Version, article_text, db};
use crate::document::model::Document;
use crate::report::finding::{Finding, Location};
use crate::rules::compile::CompiledRule;
use crate::rules::engine::{Prepared, finding_at, location_of};
use crate::rules::schema::Severity;

/// A citation as reported in JSON (`citations[]`) and in the memo's 引用法律核查.
#[derive(Debug, Clone, Serialize)]
pub struct Citation {
    /// As written: 《中华人民共和国合同法》第五十二条.
    pub text: String,
    /// The law it resolves to in the database.
    pub law: Option<String>,
    /// First cited article (DESIGN), and all of them.
    pub article: Option<u32>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub articles: Vec<u32>,
    /// in_force | repealed | superseded_version | not_yet_in_force | status_unknown |
    /// not_in_database | document
    pub status: &'static str,
    /// 现行有效 / 已废止 …, in words for the memo.
    pub status_text: String,
    /// Version in force on the reference date (its adoption or amendment date).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repealed: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replaced_by: Option<String>,
    /// Only mentioned (history, list of repealed laws), not relied on.
    pub mention: bool,
    /// The sentence declares it repealed (…同时废止): a catalogue uses this to find documents
    /// that still cite a repealed one.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub repeals: bool,
    pub location: Location,
}

/// A citation resolved against the database, kept with its place for findings.
pub struct Checked {
    pub cited: Cited,
    pub law: Option<&'static Law>,
    /// Year of an explicitly cited version (立法法（2015修正）).
    pub year: Option<String>,
    pub mention: bool,
    pub citation: Citation,
}

const MENTION: [&str; 14] = [
    "废止",
    "废除",
    "失效",
    "取代",
    "修订前",
    "修改前",
    "原《",
    "曾",
    "此前",
    "不再适用",
    "已被",
    "修改〈",
    "关于修改",
    "清理",
];

/// The date the document speaks from: its own date, else `as_of`.
pub fn reference_date(doc: &Document, as_of: &str) -> String {
    doc.date.clone().unwrap_or_else(|| as_of.to_string())
}

pub fn check(doc: &Document, prepared: &[Prepared], as_of: &str) -> Vec<Checked> {
    let date = reference_date(doc, as_of);
    let own = doc.title.as_deref().map(super::lawdb::key);
    extract(prepared, doc.doc_number.as_deref())
        .into_iter()
        .filter(|c| {
            // The document's own title (the text of a law cites itself in its 附则).
            own.as_deref()
                .is_none_or(|o| c.doc_number.is_some() || super::lawdb::key(&c.title) != o)
        })
        .map(|c| {
            let p = &prepared[c.block];
            let sentence = &p.norm.text[c.sentence.0..c.sentence.1];
            let mention = MENTION.iter().any(|w| sentence.contains(w));
            let repeals = sentence.contains("废止");
            let resolved = if c.doc_number.is_some() {
                None
            } else {
                db().resolve(c.declared.as_deref().unwrap_or(&c.title))
            };
            let (law, year) = match resolved {
                Some((l, y)) => (Some(l), y),
                None => (None, None),
            };
            let version = law.and_then(|l| match &year {
                Some(y) => l.version_of_year(y),
                None => l.version_at(&date),
            });
            let (status, status_text) = status_of(&c, law, version, year.as_deref(), &date);
            let (ss, se) = p.norm.range(&p.block.text, c.start, c.end);
            let citation = Citation {
                text: p.block.text[ss..se].to_string(),
                law: law.map(|l| l.title.clone()),
                article: c.articles.first().copied(),
                articles: c.articles.clone(),
                status,
                status_text,
                version: version.map(|v| v.date.clone()),
                repealed: law.and_then(|l| l.repealed.clone()),
                replaced_by: law.and_then(|l| l.replaced_by.clone()),
                mention,
                repeals,
                location: location_of(p.block, p.index),
            };
            Checked {
                cited: c,
                law,
                year,
                mention,
                citation,
            }
        })
        .collect()
}

fn status_of(
    c: &Cited,
    law: Option<&Law>,
    version: Option<&Version>,
    year: Option<&str>,
    date: &str,
) -> (&'static str, String) {
    if c.doc_number.is_some() {
        return ("document", "以文号引用的文件".into());
    }
    let Some(law) = law else {
        return ("not_in_database", "数据库中未收录".into());
    };
    if law.is_repealed() {
        let when = law.repealed.as_deref().unwrap_or("");
        if when <= date {
            return ("repealed", format!("已于{when}废止"));
        }
        return ("in_force", format!("引用时有效（{when}废止）"));
    }
    if let Some(v) = version
        && year.is_some()
        && let Some(until) = v.until.as_deref()
        && until <= date
    {
        return ("superseded_version", format!("该版本已于{until}被修改"));
    }
    match law.status.as_deref() {
        // Earlier versions may be missing from the data: a law whose oldest known version is
        // newer than the document is not "not yet in force", only of unknown version.
        Some("现行有效") => ("in_force", "现行有效".into()),
        Some("尚未生效") => ("not_yet_in_force", "尚未生效".into()),
        Some(s) => ("status_unknown", s.to_string()),
        None => ("status_unknown", "状态不明".into()),
    }
}

fn caps(pairs: &[(&str, String)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

fn finding(
    rule: &CompiledRule,
    prepared: &[Prepared],
    c: &Cited,
    values: &[(&str, String)],
) -> Finding {
    let p = &prepared[c.block];
    let mut f = finding_at(rule, p, c.sentence, (c.start, c.end), &caps(values));
    for (k, v) in values {
        f.message = f.message.replace(&format!("{{{k}}}"), v);
        f.suggestion = f.suggestion.replace(&format!("{{{k}}}"), v);
    }
    f
}

pub fn repealed_law(
    rule: &CompiledRule,
    prepared: &[Prepared],
    checked: &[Checked],
    date: &str,
) -> Vec<Finding> {
    let mut out = vec![];
    for ch in checked.iter().filter(|c| !c.mention) {
        let Some(law) = ch.law else { continue };
        match ch.citation.status {
            "repealed" => {
                let replaced = law
                    .replaced_by
                    .clone()
                    .unwrap_or_else(|| "现行有效的规定".into());
                let mut f = finding(
                    rule,
                    prepared,
                    &ch.cited,
                    &[
                        ("law", law.title.clone()),
                        ("date", law.repealed.clone().unwrap_or_default()),
                        ("doc_date", date.to_string()),
                        ("replaced_by", replaced),
                        (
                            "detail",
                            law.repeal_basis
                                .clone()
                                .map_or(String::new(), |b| format!("（{b}）")),
                        ),
                    ],
                );
                if !law.verified() {
                    f.severity = Severity::Warning;
                    f.message
                        .push_str("（废止信息未经官方来源核实，请人工确认）");
                }
                out.push(f);
            }
            "superseded_version" => {
                let v = ch.year.as_deref().and_then(|y| law.version_of_year(y));
                let until = v.and_then(|v| v.until.clone()).unwrap_or_default();
                let mut f = finding(
                    rule,
                    prepared,
                    &ch.cited,
                    &[
                        (
                            "law",
                            format!(
                                "{}（{}年版本）",
                                law.title,
                                ch.year.clone().unwrap_or_default()
                            ),
                        ),
                        ("date", until.clone()),
                        ("doc_date", date.to_string()),
                        ("replaced_by", format!("{}现行版本", law.title)),
                        ("detail", "（该版本被修改，法律本身仍然有效）".into()),
                    ],
                );
                f.severity = Severity::Warning;
                out.push(f);
            }
            _ => {}
        }
    }
    out
}

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
    finding(
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

pub fn invalid_article(
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
        if ch.citation.status == "repealed" {
            continue;
        }
        let version = match &ch.year {
            Some(y) => law.version_of_year(y),
            None => law.version_at(date),
        };
        let Some(version) = version else { continue };
        let label = |n: u32| format!("第{}条", crate::document::numerals::to_chinese(n, false));
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

/// National-looking titles: laws (…法) and regulations (…条例); local ones start with a place.
fn looks_national_law(title: &str) -> bool {
    let t = title.trim_start_matches("中华人民共和国");
    let local = regex_local().is_match(t);
    let law = t.ends_with('法')
        && !["办法", "方法", "做法", "用法", "想法"]
            .iter()
            .any(|x| t.ends_with(x));
    (law || t.ends_with("条例")) && !local && !t.starts_with("关于") && t.chars().count() <= 30
}

fn regex_local() -> &'static regex::Regex {
    static RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"^[\p{Han}]{2,8}?(省|自治区|市|自治州|县|区|经济特区|特别行政区)")
            .expect("local regex")
    });
    &RE
}

pub fn unknown_law(
    rule: &CompiledRule,
    prepared: &[Prepared],
    checked: &[Checked],
) -> Vec<Finding> {
    let mut out = vec![];
    let mut seen = std::collections::HashSet::new();
    for ch in checked {
        if ch.law.is_some() || ch.cited.doc_number.is_some() || ch.cited.declared.is_some() {
            continue;
        }
        let title = &ch.cited.title;
        if !looks_national_law(title) || !seen.insert(title.clone()) {
            continue;
        }
        let near = db()
            .closest(title, 0.6)
            .map_or("数据库中没有相近的名称".to_string(), |l| {
                format!("最接近的已知名称为《{}》", l.title)
            });
        out.push(finding(
            rule,
            prepared,
            &ch.cited,
            &[("law", title.clone()), ("detail", near)],
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_and_national_titles() {
        assert!(looks_national_law("中华人民共和国政府采构法法"));
        assert!(looks_national_law("城市房屋拆迁管理条例"));
        assert!(!looks_national_law("北京市招标投标条例"));
        assert!(!looks_national_law("关于加强管理的通知"));
        assert!(!looks_national_law("某县短租房管理办法"));
    }

    #[test]
    fn bigram_similarity() {
        assert!(similarity("部门规章规定的事项", "部门规章规定的事项应当") > 0.7);
        assert!(similarity("部门规章", "地方性法规") < 0.1);
    }
}
