//! The review of a document as tools read it: the per-document result and the report of
//! JSON schema_version 1, with the conclusion rule. Serialised by `check` and `batch`,
//! read back by `batch` (catalogue, resume, merge) through the same types.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::document::model::Document;
use crate::rules::finding::{Finding, Trigger};
use crate::rules::schema::Severity;

#[derive(Debug, Clone, Serialize, Deserialize)]
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

#[derive(Debug, Serialize, Deserialize)]
pub struct Tool {
    pub name: String,
    pub version: String,
    pub rules_digest: String,
    pub laws_as_of: Option<String>,
}

#[derive(Debug, Serialize, Deserialize, Default)]
pub struct Counts {
    pub error: usize,
    pub warning: usize,
    pub info: usize,
    /// Findings covered by a waiver in fashen.toml (not counted above).
    pub waived: usize,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Summary {
    pub documents: usize,
    pub checked: usize,
    pub failed: usize,
    pub findings: Counts,
}

#[derive(Debug, Serialize, Deserialize)]
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
                name: "fashen".into(),
                version: env!("CARGO_PKG_VERSION").into(),
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

/// 建议通过 / 修改后通过 / 不予通过, by a stated rule: errors in three or more categories
/// mean the draft needs rewriting (reject); any error or warning means revise; else pass.
/// Waived findings do not count.
pub fn conclusion(findings: &[Finding]) -> &'static str {
    let findings: Vec<&Finding> = findings.iter().filter(|f| f.waived.is_none()).collect();
    let error_categories: HashSet<&str> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| f.category.as_str())
        .collect();
    if error_categories.len() >= 3 {
        "reject"
    } else if findings.iter().any(|f| f.severity >= Severity::Warning) {
        "revise"
    } else {
        "pass"
    }
}
