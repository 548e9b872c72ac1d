//! Checks that keywords and regexes cannot express, one file each with its documentation
//! (what it does, why it is bad, an example). A rule in rules/*.toml names one with
//! `builtin = "…"` and carries its id, category, basis, message and examples; the name is
//! a closed enum, so a misspelt builtin is a load error and a new one is a new file plus
//! one `match` arm.

use std::collections::BTreeMap;

use regex::Regex;
use serde::Deserialize;

use super::compile::CompiledRule;
use super::engine::finding_at;
use crate::citations::Checked;
use crate::citations::extract::Cited;
use crate::document::model::Document;
use crate::document::prepared::Prepared;
use crate::rules::finding::Finding;

mod admin_agreement_arbitration;
mod beyond_power;
mod excessive_daily_penalty;
mod improper_issuer;
mod invalid_article;
mod missing_essential_clauses;
mod missing_legal_basis;
mod missing_validity_period;
mod payment_term_over_60_days;
mod repealed_law;
mod retroactive_effective_date;
mod unknown_law;
mod validity_by_jurisdiction;

/// The builtin checks, by the name a rule pack uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Builtin {
    ImproperIssuer,
    AdminAgreementArbitration,
    MissingLegalBasis,
    MissingValidityPeriod,
    RetroactiveEffectiveDate,
    #[serde(rename = "payment_term_over_60_days")]
    PaymentTermOver60Days,
    MissingEssentialClauses,
    ExcessiveDailyPenalty,
    RepealedLaw,
    InvalidArticle,
    UnknownLaw,
    BeyondPower,
    ValidityByJurisdiction,
}

impl Builtin {
    pub const ALL: [Builtin; 13] = [
        Builtin::ImproperIssuer,
        Builtin::AdminAgreementArbitration,
        Builtin::MissingLegalBasis,
        Builtin::MissingValidityPeriod,
        Builtin::RetroactiveEffectiveDate,
        Builtin::PaymentTermOver60Days,
        Builtin::MissingEssentialClauses,
        Builtin::ExcessiveDailyPenalty,
        Builtin::RepealedLaw,
        Builtin::InvalidArticle,
        Builtin::UnknownLaw,
        Builtin::BeyondPower,
        Builtin::ValidityByJurisdiction,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Builtin::ImproperIssuer => "improper_issuer",
            Builtin::AdminAgreementArbitration => "admin_agreement_arbitration",
            Builtin::MissingLegalBasis => "missing_legal_basis",
            Builtin::MissingValidityPeriod => "missing_validity_period",
            Builtin::RetroactiveEffectiveDate => "retroactive_effective_date",
            Builtin::PaymentTermOver60Days => "payment_term_over_60_days",
            Builtin::MissingEssentialClauses => "missing_essential_clauses",
            Builtin::ExcessiveDailyPenalty => "excessive_daily_penalty",
            Builtin::RepealedLaw => "repealed_law",
            Builtin::InvalidArticle => "invalid_article",
            Builtin::UnknownLaw => "unknown_law",
            Builtin::BeyondPower => "beyond_power",
            Builtin::ValidityByJurisdiction => "validity_by_jurisdiction",
        }
    }

    /// The check's documentation: the `//!` comment at the top of its source file.
    pub fn doc(self) -> String {
        let source = match self {
            Builtin::ImproperIssuer => include_str!("improper_issuer.rs"),
            Builtin::AdminAgreementArbitration => include_str!("admin_agreement_arbitration.rs"),
            Builtin::MissingLegalBasis => include_str!("missing_legal_basis.rs"),
            Builtin::MissingValidityPeriod => include_str!("missing_validity_period.rs"),
            Builtin::RetroactiveEffectiveDate => include_str!("retroactive_effective_date.rs"),
            Builtin::PaymentTermOver60Days => include_str!("payment_term_over_60_days.rs"),
            Builtin::MissingEssentialClauses => include_str!("missing_essential_clauses.rs"),
            Builtin::ExcessiveDailyPenalty => include_str!("excessive_daily_penalty.rs"),
            Builtin::RepealedLaw => include_str!("repealed_law.rs"),
            Builtin::InvalidArticle => include_str!("invalid_article.rs"),
            Builtin::UnknownLaw => include_str!("unknown_law.rs"),
            Builtin::BeyondPower => include_str!("beyond_power.rs"),
            Builtin::ValidityByJurisdiction => include_str!("validity_by_jurisdiction.rs"),
        };
        source
            .lines()
            .take_while(|l| l.starts_with("//!"))
            .map(|l| {
                l.trim_start_matches("//!")
                    .strip_prefix(' ')
                    .unwrap_or(l.trim_start_matches("//!"))
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// What the builtins share beyond the document: checked citations and the reference date.
pub struct Context<'a> {
    pub citations: &'a [Checked],
    pub date: &'a str,
    /// The document's power level (what it may lawfully set).
    pub level: crate::rules::schema::Level,
    /// The jurisdiction profile chosen for the review, if any.
    pub jurisdiction: Option<&'a crate::rules::jurisdiction::Profile>,
}

pub fn run(
    builtin: Builtin,
    rule: &CompiledRule,
    doc: &Document,
    blocks: &[Prepared],
    ctx: &Context,
) -> Vec<Finding> {
    match builtin {
        Builtin::RepealedLaw => repealed_law::check(rule, blocks, ctx.citations, ctx.date),
        Builtin::InvalidArticle => invalid_article::check(rule, blocks, ctx.citations, ctx.date),
        Builtin::UnknownLaw => unknown_law::check(rule, blocks, ctx.citations),
        Builtin::MissingLegalBasis => missing_legal_basis::check(rule, doc, blocks),
        Builtin::MissingValidityPeriod => missing_validity_period::check(rule, blocks),
        Builtin::RetroactiveEffectiveDate => retroactive_effective_date::check(rule, doc, blocks),
        Builtin::PaymentTermOver60Days => payment_term_over_60_days::check(rule, blocks),
        Builtin::MissingEssentialClauses => missing_essential_clauses::check(rule, doc, blocks),
        Builtin::ExcessiveDailyPenalty => excessive_daily_penalty::check(rule, blocks),
        Builtin::ImproperIssuer => improper_issuer::check(rule, doc, blocks),
        Builtin::AdminAgreementArbitration => admin_agreement_arbitration::check(rule, doc, blocks),
        Builtin::BeyondPower => beyond_power::check(rule, blocks, ctx.level),
        Builtin::ValidityByJurisdiction => {
            validity_by_jurisdiction::check(rule, doc, blocks, ctx.jurisdiction)
        }
    }
}

/// A document-level finding, placed on the title block (the first body block).
fn on_document(
    rule: &CompiledRule,
    blocks: &[Prepared],
    message_extra: Option<String>,
) -> Vec<Finding> {
    let Some(p) = blocks.first() else {
        return vec![];
    };
    let end = p.sentences.first().map_or(p.norm.text.len(), |s| s.1);
    let mut f = finding_at(rule, p, (0, end), (0, 0), &Default::default());
    if let Some(extra) = message_extra {
        f.message = f.message.replace("{detail}", &extra);
        f.suggestion = f.suggestion.replace("{detail}", &extra);
    }
    vec![f]
}

/// The sentence of a block containing a byte offset of its normalised text.
fn sentence_at(p: &Prepared, pos: usize) -> (usize, usize) {
    p.sentences
        .iter()
        .copied()
        .find(|&(a, b)| a <= pos && pos < b)
        .unwrap_or((0, p.norm.text.len()))
}

/// A finding for a match with `{detail}` filled in.
fn finding_for(
    rule: &CompiledRule,
    p: &Prepared,
    sentence: (usize, usize),
    m: (usize, usize),
    detail: &str,
) -> Finding {
    let mut f = finding_at(rule, p, sentence, m, &Default::default());
    f.message = f.message.replace("{detail}", detail);
    f.suggestion = f.suggestion.replace("{detail}", detail);
    f
}

/// Findings for every match of `re` for which `judge` returns the `{detail}` text.
fn match_findings(
    rule: &CompiledRule,
    blocks: &[Prepared],
    re: &Regex,
    mut judge: impl FnMut(&Prepared, &regex::Captures) -> Option<String>,
) -> Vec<Finding> {
    let mut out = vec![];
    for p in blocks {
        for c in re.captures_iter(&p.norm.text) {
            let Some(detail) = judge(p, &c) else { continue };
            let m = c.get(0).expect("match");
            out.push(finding_for(
                rule,
                p,
                sentence_at(p, m.start()),
                (m.start(), m.end()),
                &detail,
            ));
        }
    }
    out
}

fn body_contains(blocks: &[Prepared], words: &[&str]) -> bool {
    blocks
        .iter()
        .any(|p| words.iter().any(|w| p.norm.text.contains(w)))
}

fn caps(pairs: &[(&str, String)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

pub(super) fn cited_finding(
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
