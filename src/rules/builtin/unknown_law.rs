//! ## What it does
//! Reports (as info) a cited national-looking law or regulation title that the law database does not know, with the closest known title.
//!
//! ## Why is this bad?
//! A misspelt or invented title (政府采构法) cannot be checked for validity and usually hides a drafting error in the basis.
//!
//! ## Example
//! ```text
//! 依据《中华人民共和国政府采构法》第二条……
//! ```

use super::cited_finding;
use crate::citations::Checked;
use crate::citations::lawdb::db;
use crate::document::prepared::Prepared;
use crate::rules::compile::CompiledRule;
use crate::rules::finding::Finding;

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

pub fn check(rule: &CompiledRule, prepared: &[Prepared], checked: &[Checked]) -> Vec<Finding> {
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
        out.push(cited_finding(
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
}
