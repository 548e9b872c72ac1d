//! The rule file format (rules/*.toml), read with serde; unknown keys are rejected.

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    #[serde(default, rename = "rule")]
    pub rules: Vec<RuleSpec>,
    #[serde(default, rename = "trigger")]
    pub triggers: Vec<TriggerSpec>,
}

#[derive(
    Debug, Clone, Copy, Deserialize, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
    pub fn chinese(self) -> &'static str {
        match self {
            Severity::Error => "必须修改",
            Severity::Warning => "建议修改",
            Severity::Info => "提示",
        }
    }
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    Sentence,
    Clause,
    Article,
    Section,
    Document,
}

/// Issuer levels, lowest first: a rule with `applies_below = L` fires only for documents
/// whose issuer level is below L (a county notice may not set a penalty; a regulation may).
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// 行政规范性文件 of local governments and departments; contracts.
    Normative,
    /// 国务院 and 国务院办公厅 documents (国务院决定、命令 may set licences).
    StateCouncil,
    /// 部门规章、地方政府规章.
    Rules,
    /// 地方性法规.
    LocalRegulation,
    /// 行政法规.
    AdminRegulation,
    /// 法律.
    Law,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Basis {
    pub law: String,
    pub article: String,
    #[serde(default)]
    pub text: String,
}

/// A condition on the text around a match; all keys given must hold.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// At least one of these words is present.
    #[serde(default)]
    pub any_of: Vec<String>,
    /// All of these words are present.
    #[serde(default)]
    pub all_of: Vec<String>,
    /// This regex matches.
    #[serde(default)]
    pub regex: Option<String>,
    #[serde(default)]
    pub all: Vec<Condition>,
    #[serde(default)]
    pub any: Vec<Condition>,
    #[serde(default)]
    pub not: Option<Box<Condition>>,
    /// Look only this many characters either side of the match (default: the rule's scope).
    #[serde(default)]
    pub within: Option<usize>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    /// Sentences that must produce a finding; the span is marked with [[ ]].
    #[serde(default)]
    pub hit: Vec<String>,
    /// Sentences that must not.
    #[serde(default)]
    pub clean: Vec<String>,
    /// Document type the examples are checked as (default: the rule's first doc type).
    #[serde(default)]
    pub doc_type: Option<String>,
    /// Issuer level the examples are checked at (default: normative).
    #[serde(default)]
    pub level: Option<Level>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    pub id: String,
    pub name: String,
    pub category: String,
    pub severity: Severity,
    pub doc_types: Vec<String>,
    #[serde(default = "default_scope")]
    pub scope: Scope,
    /// Only inside sections whose heading contains one of these (罚则, 法律责任).
    #[serde(default)]
    pub sections: Vec<String>,
    /// Literal trigger words (one Aho-Corasick pass for all rules).
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Regexes run on the scope around a keyword hit; one must match. Named captures
    /// can be used in message and suggestion as {name}; {match} is the matched text.
    #[serde(default)]
    pub patterns: Vec<String>,
    #[serde(default)]
    pub require: Option<Condition>,
    #[serde(default)]
    pub forbid: Option<Condition>,
    /// Built-in exceptions: prohibition (不得/严禁/禁止… before the match), question
    /// (是否…), quotation (inside 《》 or “”), citation (the sentence cites a law as basis).
    #[serde(default)]
    pub exceptions: Vec<String>,
    #[serde(default)]
    pub applies_below: Option<Level>,
    /// Name of a check implemented in Rust (src/rules/builtin.rs) instead of keywords.
    #[serde(default)]
    pub builtin: Option<String>,
    pub basis: Vec<Basis>,
    pub message: String,
    pub suggestion: String,
    pub examples: Examples,
}

fn default_scope() -> Scope {
    Scope::Sentence
}

/// A review trigger (state_assets, fiscal_funds, natural_resources, public_resources).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TriggerSpec {
    pub kind: String,
    pub name: String,
    pub keywords: Vec<String>,
    /// Words that, in the same sentence, mean the keyword is not about this trigger.
    #[serde(default)]
    pub forbid: Vec<String>,
}

pub const CATEGORIES: [&str; 21] = [
    "sets_licence",
    "sets_penalty",
    "sets_compulsory_measure",
    "sets_fee",
    "restricts_rights",
    "restricts_competition",
    "missing_legal_basis",
    "missing_validity_period",
    "improper_issuer",
    "retroactive",
    "government_guarantee",
    "guaranteed_return",
    "disguised_financing",
    "bypasses_competition",
    "unfair_terms",
    "payment_terms",
    "missing_clause",
    "arbitration_in_admin_agreement",
    "repealed_law",
    "invalid_article",
    "unknown_law",
];

pub const TRIGGER_KINDS: [&str; 4] = [
    "state_assets",
    "fiscal_funds",
    "natural_resources",
    "public_resources",
];
