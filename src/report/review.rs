//! One document's review result and the `check` report (JSON schema_version 1, text).

use serde::Serialize;

use super::finding::{Finding, Trigger};
use crate::document::model::Document;
use crate::rules::engine::conclusion;
use crate::rules::schema::Severity;

#[derive(Debug, Clone, Serialize)]
pub struct DocumentResult {
    pub path: String,
    pub status: String,
    pub error: Option<String>,
    pub format: Option<String>,
    pub doc_type: Option<String>,
    pub title: Option<String>,
    pub doc_number: Option<String>,
    pub issuer: Option<String>,
    pub date: Option<String>,
    pub warnings: Vec<String>,
    pub triggers: Vec<Trigger>,
    /// True when the document touches a review trigger: legality review is mandatory.
    pub review_mandatory: bool,
    pub citations: Vec<crate::citations::Citation>,
    pub findings: Vec<Finding>,
    pub conclusion: Option<String>,
}

impl DocumentResult {
    pub fn checked(doc: &Document, review: crate::rules::engine::Review) -> Self {
        let crate::rules::engine::Review {
            findings,
            triggers,
            citations,
            ..
        } = review;
        DocumentResult {
            path: doc.path.clone(),
            status: "checked".into(),
            error: None,
            format: Some(doc.format.as_str().into()),
            doc_type: Some(doc.doc_type.as_str().into()),
            title: doc.title.clone(),
            doc_number: doc.doc_number.clone(),
            issuer: doc.issuer.clone(),
            date: doc.date.clone(),
            warnings: doc.warnings.clone(),
            review_mandatory: !triggers.is_empty(),
            triggers,
            citations,
            conclusion: Some(conclusion(&findings).into()),
            findings,
        }
    }

    pub fn failed(path: &str, error: String) -> Self {
        DocumentResult {
            path: path.into(),
            status: "failed".into(),
            error: Some(error),
            format: None,
            doc_type: None,
            title: None,
            doc_number: None,
            issuer: None,
            date: None,
            warnings: vec![],
            triggers: vec![],
            review_mandatory: false,
            citations: vec![],
            findings: vec![],
            conclusion: None,
        }
    }
}

#[derive(Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
    pub rules_digest: String,
    pub laws_as_of: Option<String>,
}

#[derive(Serialize, Default)]
pub struct Counts {
    pub error: usize,
    pub warning: usize,
    pub info: usize,
    /// Findings covered by a waiver in fashen.toml (not counted above).
    pub waived: usize,
}

#[derive(Serialize)]
pub struct Summary {
    pub documents: usize,
    pub checked: usize,
    pub failed: usize,
    pub findings: Counts,
}

#[derive(Serialize)]
pub struct Report {
    pub schema_version: u32,
    pub tool: Tool,
    pub documents: Vec<DocumentResult>,
    pub summary: Summary,
}

impl Report {
    pub fn new(rules_digest: String, documents: Vec<DocumentResult>) -> Self {
        let mut counts = Counts::default();
        for f in documents.iter().flat_map(|d| &d.findings) {
            if f.waived.is_some() {
                counts.waived += 1;
                continue;
            }
            match f.severity {
                Severity::Error => counts.error += 1,
                Severity::Warning => counts.warning += 1,
                Severity::Info => counts.info += 1,
            }
        }
        Report {
            schema_version: 1,
            tool: Tool {
                name: "fashen",
                version: env!("CARGO_PKG_VERSION"),
                rules_digest,
                laws_as_of: Some(crate::citations::lawdb::as_of().to_string()),
            },
            summary: Summary {
                documents: documents.len(),
                checked: documents.iter().filter(|d| d.status == "checked").count(),
                failed: documents.iter().filter(|d| d.status == "failed").count(),
                findings: counts,
            },
            documents,
        }
    }
}

const CONCLUSION_ZH: [(&str, &str); 3] = [
    ("pass", "建议通过"),
    ("revise", "修改后通过"),
    ("reject", "不予通过"),
];

pub fn conclusion_zh(c: &str) -> &'static str {
    CONCLUSION_ZH
        .iter()
        .find(|(k, _)| *k == c)
        .map_or("—", |(_, v)| v)
}

/// Terminal output: a lawyer reads this.
pub fn text(report: &Report) -> String {
    let mut s = String::new();
    for d in &report.documents {
        s.push_str(&format!("══ {}\n", d.path));
        if let Some(e) = &d.error {
            s.push_str(&format!("   无法审查：{e}\n\n"));
            continue;
        }
        s.push_str(&format!(
            "   {}｜{}｜{}｜{}\n",
            d.title.as_deref().unwrap_or("（无标题）"),
            d.doc_number.as_deref().unwrap_or("无文号"),
            d.doc_type.as_deref().unwrap_or(""),
            d.date.as_deref().unwrap_or("无日期")
        ));
        for w in &d.warnings {
            s.push_str(&format!("   注意：{w}\n"));
        }
        if d.triggers.is_empty() {
            s.push_str("   审查触发事项：未发现\n");
        } else {
            let kinds: Vec<String> = d
                .triggers
                .iter()
                .map(|t| format!("涉及{}", t.name))
                .collect();
            s.push_str(&format!(
                "   审查触发事项：{}（应当进行合法性审查）\n",
                kinds.join("、")
            ));
        }
        s.push('\n');
        for f in &d.findings {
            let loc = super::location::finding_place(&f.location);
            s.push_str(&format!(
                "   [{}] {} {}  {}\n",
                f.severity.chinese(),
                f.rule,
                f.category,
                loc
            ));
            let excerpt = if f.matched.is_empty() {
                f.excerpt.clone()
            } else {
                f.excerpt
                    .replacen(&f.matched, &format!("【{}】", f.matched), 1)
            };
            s.push_str(&format!("     原文：{excerpt}\n"));
            s.push_str(&format!("     问题：{}\n", f.message));
            for b in &f.basis {
                s.push_str(&format!(
                    "     依据：《{}》{}\n",
                    b.law.trim_start_matches('《').trim_end_matches('》'),
                    b.article
                ));
            }
            s.push_str(&format!("     建议：{}\n", f.suggestion));
            if let Some(w) = &f.waived {
                s.push_str(&format!("     已豁免：{w}\n"));
            }
            s.push('\n');
        }
        let c = d.conclusion.as_deref().unwrap_or("");
        let n = |sev: Severity| {
            d.findings
                .iter()
                .filter(|f| f.severity == sev && f.waived.is_none())
                .count()
        };
        s.push_str(&format!(
            "   结论：{}（必须修改 {}，建议修改 {}，提示 {}）\n\n",
            conclusion_zh(c),
            n(Severity::Error),
            n(Severity::Warning),
            n(Severity::Info)
        ));
    }
    let sm = &report.summary;
    let waived = if sm.findings.waived > 0 {
        format!("（另有 {} 项已豁免）", sm.findings.waived)
    } else {
        String::new()
    };
    s.push_str(&format!(
        "共 {} 份文件：审查 {}，无法审查 {}；问题 必须修改 {}、建议修改 {}、提示 {}{waived}。机器初审结果，须经审查人员确认。\n",
        sm.documents, sm.checked, sm.failed, sm.findings.error, sm.findings.warning, sm.findings.info
    ));
    s
}
