//! Findings and review results, serialised as the JSON report of DESIGN.md.

use serde::Serialize;

use crate::rules::schema::Severity;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct BasisRef {
    pub law: String,
    pub article: String,
    pub text: String,
}

#[derive(Debug, Clone, Serialize, Default, PartialEq)]
pub struct Location {
    pub path: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub article: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<usize>,
    pub part: String,
    /// Index of the block in the extracted document (for annotating and tools).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub block: Option<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub rule: String,
    pub category: String,
    pub severity: Severity,
    pub message: String,
    pub suggestion: String,
    pub basis: Vec<BasisRef>,
    pub location: Location,
    /// The sentence (or clause) the finding is about.
    pub excerpt: String,
    /// The matched words, as written in the document.
    #[serde(rename = "match")]
    pub matched: String,
    /// Character offsets of the match within the block's text.
    pub span: [usize; 2],
    /// Set when a waiver in fashen.toml covers the finding: its reason. A waived finding is
    /// still reported, but does not count towards `--fail-on` or the conclusion.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waived: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Trigger {
    pub kind: String,
    pub name: String,
    pub evidence: String,
    pub location: Location,
}
