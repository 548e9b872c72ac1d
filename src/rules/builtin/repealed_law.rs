//! ## What it does
//! Flags a citation of a law or regulation that was repealed (or of an explicitly cited version that was superseded) on the document's date or `--as-of`; mentions such as 同时废止 are not uses.
//!
//! ## Why is this bad?
//! A document must cite law in force; relying on a repealed law (合同法 after 2021-01-01) means its basis is gone and its provisions may conflict with the law that replaced it.
//!
//! ## Example
//! ```text
//! 根据《中华人民共和国合同法》第五十二条，……（2023年的文件）
//! ```

use super::cited_finding;
use crate::citations::{Checked, CitationStatus};
use crate::document::prepared::Prepared;
use crate::rules::compile::CompiledRule;
use crate::rules::finding::Finding;
use crate::rules::schema::Severity;

pub fn check(
    rule: &CompiledRule,
    prepared: &[Prepared],
    checked: &[Checked],
    date: &str,
) -> Vec<Finding> {
    let mut out = vec![];
    for ch in checked.iter().filter(|c| !c.mention) {
        let Some(law) = ch.law else { continue };
        match ch.citation.status {
            CitationStatus::Repealed => {
                let replaced = law
                    .replaced_by
                    .clone()
                    .unwrap_or_else(|| "现行有效的规定".into());
                let mut f = cited_finding(
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
            CitationStatus::SupersededVersion => {
                let v = ch.year.as_deref().and_then(|y| law.version_of_year(y));
                let until = v.and_then(|v| v.until.clone()).unwrap_or_default();
                let mut f = cited_finding(
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
