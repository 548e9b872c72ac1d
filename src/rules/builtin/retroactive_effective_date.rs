//! ## What it does
//! Flags an effective date (自…起施行) earlier than the document's own date; a date quoted from another law (《民法典》第一千二百六十条规定：“本法自2021年1月1日起施行。”) or reported (…已于…起施行) is not the document's.
//!
//! ## Why is this bad?
//! A provision that applies to conduct before it was made, to the detriment of the people it binds, breaks the rule against retroactivity (立法法 §104).
//!
//! ## Example
//! ```text
//! （成文日期 2023年5月10日）本通知自2023年1月1日起施行。
//! ```

use std::sync::LazyLock;

use regex::Regex;

use super::match_findings;
use crate::document::model::Document;
use crate::document::prepared::Prepared;
use crate::document::structure::find_date;
use crate::rules::compile::CompiledRule;
use crate::rules::finding::Finding;

static EFFECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"自\s*(?P<date>[\d〇○零一二三四五六七八九十]{4}\s*年\s*[\d一二三四五六七八九十]{1,2}\s*月\s*[\d一二三四五六七八九十]{1,3}\s*日)\s*起(施行|执行|实施|生效)")
        .expect("effective regex")
});

pub fn check(rule: &CompiledRule, doc: &Document, blocks: &[Prepared]) -> Vec<Finding> {
    let Some(issued) = doc.date.as_deref() else {
        return vec![];
    };
    match_findings(rule, blocks, &EFFECTIVE, |_, c| {
        let effective = find_date(&c["date"])?;
        (effective.as_str() < issued).then(|| format!("施行日期 {effective} 早于成文日期 {issued}"))
    })
}
