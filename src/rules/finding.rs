//! Findings and triggers: what a check reports, serialised in the JSON report.

use serde::{Deserialize, Serialize};

use super::schema::{Category, Severity, TriggerKind};
use crate::document::location::Location;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct BasisRef {
    pub law: String,
    pub article: String,
    pub text: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Finding {
    pub rule: String,
    pub category: Category,
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
    /// The closest published cases of the finding's category (dev split of
    /// corpus/cases/*.jsonl), highest similarity first; absent when none is close enough.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub precedents: Vec<super::precedent::Precedent>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Trigger {
    pub kind: TriggerKind,
    pub name: String,
    pub evidence: String,
    pub location: Location,
}
