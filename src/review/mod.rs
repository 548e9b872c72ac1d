//! The review of a document as tools read it: the per-document result and the report of
//! JSON schema_version 1, with the conclusion rule. Serialised by `check` and `batch`,
//! read back by `batch` (catalogue, resume, merge) through the same types.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::document::model::{DocType, Document};
use crate::rules::finding::{Finding, Trigger};
use crate::rules::schema::{Category, Severity};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DocumentResult {
    pub path: String,
    pub status: String,
    pub error: Option<String>,
    pub format: Option<String>,
    pub doc_type: Option<String>,
    /// Who made it (国务院, 县级政府, 内设机构, 地方性法规 …), read from the text, and why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<crate::document::level::IssuerLevel>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub level_evidence: Vec<String>,
    /// Contract parties: label as written, name, and the kind of party.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parties: Vec<PartyOut>,
    pub title: Option<String>,
    pub doc_number: Option<String>,
    pub issuer: Option<String>,
    pub date: Option<String>,
    /// `traditional` when the text was read converted to Simplified Chinese (excerpts show
    /// the original characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub script: Option<crate::document::model::Script>,
    pub warnings: Vec<String>,
    pub triggers: Vec<Trigger>,
    /// True when the document touches a review trigger: legality review is mandatory.
    pub review_mandatory: bool,
    pub citations: Vec<crate::citations::Citation>,
    pub findings: Vec<Finding>,
    pub conclusion: Option<String>,
}

/// A contract party in the report (`documents[].parties`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PartyOut {
    /// 甲方, 出让人, 采购人 … as written.
    pub label: String,
    pub name: String,
    /// government | public_institution | platform_company | soe | private | financial |
    /// guarantee_institution | individual
    pub role: crate::document::parties::PartyKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short: Option<String>,
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
            level: Some(doc.level),
            level_evidence: doc.level_evidence.clone(),
            parties: doc
                .parties
                .iter()
                .map(|p| PartyOut {
                    label: p.role.clone(),
                    name: p.name.clone(),
                    role: p.kind,
                    short: p.short.clone(),
                })
                .collect(),
            title: doc.title.clone(),
            doc_number: doc.doc_number.clone(),
            issuer: doc.issuer.clone(),
            date: doc.date.clone(),
            script: Some(doc.script),
            warnings: doc.warnings.clone(),
            review_mandatory: !triggers.is_empty(),
            triggers,
            citations,
            conclusion: Some(conclude(&findings, doc.doc_type).code.into()),
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
            level: None,
            level_evidence: vec![],
            parties: vec![],
            title: None,
            doc_number: None,
            issuer: None,
            date: None,
            script: None,
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

/// The conclusion rule, as data (rules/conclusions.toml): categories that reject a draft
/// whatever else it holds, the count rule, and the wording per document type.
const CONCLUSIONS_TOML: &str = include_str!("../../rules/conclusions.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConclusionRules {
    pub reject: Vec<RejectRule>,
    pub many: ManyRule,
    pub revise: ReviseRule,
    pub pass: PassRule,
    pub wording: Vec<Wording>,
}

/// A finding of `category` at `severity` or above rejects the draft, for `reason`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RejectRule {
    pub category: Category,
    pub severity: Severity,
    pub reason: String,
}

/// Errors in `error_categories` or more categories reject the draft; the reason has {n} and
/// {categories}.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManyRule {
    pub error_categories: usize,
    pub reason: String,
}

/// Any finding at `severity` or above: revise. The reason has {act}.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviseRule {
    pub severity: Severity,
    pub reason: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PassRule {
    pub reason: String,
}

/// The three conclusions as one document type words them (同意出台 / 建议修改后签订 …).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Wording {
    pub doc_type: DocType,
    /// The act the conclusion is about: 出台, 签订 …
    pub act: String,
    pub pass: String,
    pub revise: String,
    pub reject: String,
}

impl Wording {
    pub fn of(&self, code: &str) -> &str {
        match code {
            "pass" => &self.pass,
            "revise" => &self.revise,
            "reject" => &self.reject,
            _ => "—",
        }
    }
}

impl ConclusionRules {
    pub fn parse(src: &str) -> Result<Self, String> {
        let rules: ConclusionRules = toml::from_str(src)
            .map_err(|e| format!("rules/conclusions.toml: {}", e.to_string().trim()))?;
        for t in [
            DocType::Normative,
            DocType::Contract,
            DocType::Decision,
            DocType::Other,
        ] {
            if !rules.wording.iter().any(|w| w.doc_type == t) {
                return Err(format!(
                    "rules/conclusions.toml: no [[wording]] for doc_type = \"{}\"",
                    t.as_str()
                ));
            }
        }
        Ok(rules)
    }

    pub fn wording(&self, doc_type: DocType) -> &Wording {
        self.wording
            .iter()
            .find(|w| w.doc_type == doc_type)
            .or_else(|| self.wording.iter().find(|w| w.doc_type == DocType::Other))
            .expect("a wording for every doc type (checked on load)")
    }
}

/// The shipped conclusion rule (checked by a test, so loading cannot fail at run time).
pub fn conclusion_rules() -> &'static ConclusionRules {
    static RULES: OnceLock<ConclusionRules> = OnceLock::new();
    RULES.get_or_init(|| ConclusionRules::parse(CONCLUSIONS_TOML).expect("valid conclusions"))
}

/// A conclusion with the reason that decided it.
#[derive(Debug, Clone, PartialEq)]
pub struct Conclusion {
    /// pass / revise / reject, as in the JSON report.
    pub code: &'static str,
    /// Why, in Chinese, without a subject or a final 。 (…，违反…的禁止性规定).
    pub reason: String,
    /// The grounds of a reject, each with the findings (indexes into those given) behind it.
    pub grounds: Vec<Ground>,
}

/// One ground of a reject: its reason and the findings that meet it.
#[derive(Debug, Clone, PartialEq)]
pub struct Ground {
    pub reason: String,
    pub findings: Vec<usize>,
}

/// The conclusion of a review by the rule in rules/conclusions.toml. Waived findings do not
/// count.
pub fn conclude(findings: &[Finding], doc_type: DocType) -> Conclusion {
    let rules = conclusion_rules();
    let live: Vec<(usize, &Finding)> = findings
        .iter()
        .enumerate()
        .filter(|(_, f)| f.waived.is_none())
        .collect();
    let mut grounds: Vec<Ground> = vec![];
    for rule in &rules.reject {
        let findings: Vec<usize> = live
            .iter()
            .filter(|(_, f)| f.category == rule.category && f.severity >= rule.severity)
            .map(|(i, _)| *i)
            .collect();
        if !findings.is_empty() {
            grounds.push(Ground {
                reason: rule.reason.clone(),
                findings,
            });
        }
    }
    if !grounds.is_empty() {
        return Conclusion {
            code: "reject",
            reason: grounds
                .iter()
                .map(|g| g.reason.as_str())
                .collect::<Vec<_>>()
                .join("；"),
            grounds,
        };
    }
    let mut error_categories: Vec<Category> = vec![];
    for (_, f) in &live {
        if f.severity == Severity::Error && !error_categories.contains(&f.category) {
            error_categories.push(f.category);
        }
    }
    if error_categories.len() >= rules.many.error_categories {
        let names: Vec<&str> = error_categories.iter().map(|c| c.chinese()).collect();
        let reason = rules
            .many
            .reason
            .replace(
                "{n}",
                &crate::chinese::numerals::to_chinese(names.len() as u32, false),
            )
            .replace("{categories}", &names.join("、"));
        return Conclusion {
            code: "reject",
            reason: reason.clone(),
            grounds: vec![Ground {
                reason,
                findings: live
                    .iter()
                    .filter(|(_, f)| f.severity == Severity::Error)
                    .map(|(i, _)| *i)
                    .collect(),
            }],
        };
    }
    let act = &rules.wording(doc_type).act;
    if live
        .iter()
        .any(|(_, f)| f.severity >= rules.revise.severity)
    {
        return Conclusion {
            code: "revise",
            reason: rules.revise.reason.replace("{act}", act),
            grounds: vec![],
        };
    }
    Conclusion {
        code: "pass",
        reason: rules.pass.reason.replace("{act}", act),
        grounds: vec![],
    }
}

/// 建议通过 / 修改后通过 / 不予通过: the conclusion in the general wording.
pub fn conclusion_zh(c: &str) -> &'static str {
    conclusion_rules().wording(DocType::Other).of(c)
}

/// The conclusion as `doc_type` words it: 不同意出台 (normative), 建议修改后签订 (contract) ….
pub fn conclusion_words(c: &str, doc_type: DocType) -> &'static str {
    conclusion_rules().wording(doc_type).of(c)
}

/// pass / revise / reject by the rule in rules/conclusions.toml (see [`conclude`]).
pub fn conclusion(findings: &[Finding]) -> &'static str {
    conclude(findings, DocType::Other).code
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::location::Location;

    fn finding(category: Category, severity: Severity) -> Finding {
        Finding {
            rule: "TEST-001".into(),
            category,
            severity,
            message: String::new(),
            suggestion: String::new(),
            basis: vec![],
            location: Location::default(),
            excerpt: String::new(),
            matched: String::new(),
            span: [0, 0],
            waived: None,
            precedents: vec![],
        }
    }

    #[test]
    fn the_shipped_rule_loads() {
        let r = ConclusionRules::parse(CONCLUSIONS_TOML).unwrap();
        assert!(r.reject.len() >= 6);
        assert_eq!(conclusion_words("reject", DocType::Contract), "不同意签订");
        assert_eq!(
            conclusion_words("revise", DocType::Normative),
            "建议修改后出台"
        );
        assert_eq!(conclusion_words("pass", DocType::Normative), "同意出台");
        assert_eq!(conclusion_zh("reject"), "不予通过");
    }

    #[test]
    fn a_guarantee_rejects_alone_with_its_reason() {
        let c = conclude(
            &[
                finding(Category::PaymentTerms, Severity::Warning),
                finding(Category::GovernmentGuarantee, Severity::Error),
            ],
            DocType::Contract,
        );
        assert_eq!(c.code, "reject");
        assert!(c.reason.contains("担保"), "{}", c.reason);
        assert_eq!(c.grounds.len(), 1);
        assert_eq!(c.grounds[0].findings, vec![1]);
    }

    #[test]
    fn a_warning_in_a_rejecting_category_only_revises() {
        let c = conclude(
            &[finding(Category::DisguisedFinancing, Severity::Warning)],
            DocType::Contract,
        );
        assert_eq!(c.code, "revise");
        assert!(c.reason.contains("签订"));
    }

    #[test]
    fn errors_in_three_categories_reject_and_say_which() {
        let c = conclude(
            &[
                finding(Category::SetsFee, Severity::Error),
                finding(Category::RestrictsRights, Severity::Error),
                finding(Category::RestrictsCompetition, Severity::Error),
            ],
            DocType::Normative,
        );
        assert_eq!(c.code, "reject");
        assert!(c.reason.contains("三类"), "{}", c.reason);
        assert!(c.reason.contains("违法设定收费"), "{}", c.reason);
    }

    #[test]
    fn waived_findings_do_not_count() {
        let mut f = finding(Category::GovernmentGuarantee, Severity::Error);
        f.waived = Some("已经批准".into());
        assert_eq!(conclusion(&[f]), "pass");
        assert_eq!(conclusion(&[]), "pass");
    }
}
