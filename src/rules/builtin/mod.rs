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
use crate::document::voice::Voice;
use crate::rules::finding::Finding;

mod admin_agreement_arbitration;
mod beyond_power;
mod collective_discussion_missing;
mod excessive_daily_penalty;
mod hearing_notice_for_heavy_penalty;
mod hearing_notice_for_large_amount;
mod improper_issuer;
mod invalid_article;
mod legal_review_missing;
mod limitation_period_expired;
mod limitation_period_unclear;
mod litigation_time_limit;
mod missing_decision_element;
mod missing_essential_clauses;
mod missing_legal_basis;
mod missing_seal;
mod missing_validity_period;
mod no_prior_notice;
mod payment_term_over_60_days;
mod penalty_amount_out_of_range;
mod penalty_article;
mod penalty_kind_not_provided;
mod repealed_law;
mod retroactive_effective_date;
mod review_body_after_2024;
mod review_time_limit;
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
    MissingDecisionElement,
    MissingSeal,
    NoPriorNotice,
    HearingNoticeForHeavyPenalty,
    HearingNoticeForLargeAmount,
    LegalReviewMissing,
    CollectiveDiscussionMissing,
    ReviewTimeLimit,
    LitigationTimeLimit,
    #[serde(rename = "review_body_after_2024")]
    ReviewBodyAfter2024,
    PenaltyAmountOutOfRange,
    PenaltyKindNotProvided,
    LimitationPeriodExpired,
    LimitationPeriodUnclear,
}

impl Builtin {
    pub const ALL: [Builtin; 27] = [
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
        Builtin::MissingDecisionElement,
        Builtin::MissingSeal,
        Builtin::NoPriorNotice,
        Builtin::HearingNoticeForHeavyPenalty,
        Builtin::HearingNoticeForLargeAmount,
        Builtin::LegalReviewMissing,
        Builtin::CollectiveDiscussionMissing,
        Builtin::ReviewTimeLimit,
        Builtin::LitigationTimeLimit,
        Builtin::ReviewBodyAfter2024,
        Builtin::PenaltyAmountOutOfRange,
        Builtin::PenaltyKindNotProvided,
        Builtin::LimitationPeriodExpired,
        Builtin::LimitationPeriodUnclear,
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
            Builtin::MissingDecisionElement => "missing_decision_element",
            Builtin::MissingSeal => "missing_seal",
            Builtin::NoPriorNotice => "no_prior_notice",
            Builtin::HearingNoticeForHeavyPenalty => "hearing_notice_for_heavy_penalty",
            Builtin::HearingNoticeForLargeAmount => "hearing_notice_for_large_amount",
            Builtin::LegalReviewMissing => "legal_review_missing",
            Builtin::CollectiveDiscussionMissing => "collective_discussion_missing",
            Builtin::ReviewTimeLimit => "review_time_limit",
            Builtin::LitigationTimeLimit => "litigation_time_limit",
            Builtin::ReviewBodyAfter2024 => "review_body_after_2024",
            Builtin::PenaltyAmountOutOfRange => "penalty_amount_out_of_range",
            Builtin::PenaltyKindNotProvided => "penalty_kind_not_provided",
            Builtin::LimitationPeriodExpired => "limitation_period_expired",
            Builtin::LimitationPeriodUnclear => "limitation_period_unclear",
        }
    }

    /// Checks of 行政处罚决定书 (rules/decision.toml): they say nothing of other decisions
    /// (许可、征收、强制执行) the classifier also types as decisions.
    pub fn about_penalty_decisions(self) -> bool {
        matches!(
            self,
            Builtin::MissingDecisionElement
                | Builtin::MissingSeal
                | Builtin::NoPriorNotice
                | Builtin::HearingNoticeForHeavyPenalty
                | Builtin::HearingNoticeForLargeAmount
                | Builtin::LegalReviewMissing
                | Builtin::CollectiveDiscussionMissing
                | Builtin::ReviewTimeLimit
                | Builtin::LitigationTimeLimit
                | Builtin::ReviewBodyAfter2024
                | Builtin::PenaltyAmountOutOfRange
                | Builtin::PenaltyKindNotProvided
                | Builtin::LimitationPeriodExpired
                | Builtin::LimitationPeriodUnclear
        )
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
            Builtin::MissingDecisionElement => include_str!("missing_decision_element.rs"),
            Builtin::MissingSeal => include_str!("missing_seal.rs"),
            Builtin::NoPriorNotice => include_str!("no_prior_notice.rs"),
            Builtin::HearingNoticeForHeavyPenalty => {
                include_str!("hearing_notice_for_heavy_penalty.rs")
            }
            Builtin::HearingNoticeForLargeAmount => {
                include_str!("hearing_notice_for_large_amount.rs")
            }
            Builtin::LegalReviewMissing => include_str!("legal_review_missing.rs"),
            Builtin::CollectiveDiscussionMissing => {
                include_str!("collective_discussion_missing.rs")
            }
            Builtin::ReviewTimeLimit => include_str!("review_time_limit.rs"),
            Builtin::LitigationTimeLimit => include_str!("litigation_time_limit.rs"),
            Builtin::ReviewBodyAfter2024 => include_str!("review_body_after_2024.rs"),
            Builtin::PenaltyAmountOutOfRange => include_str!("penalty_amount_out_of_range.rs"),
            Builtin::PenaltyKindNotProvided => include_str!("penalty_kind_not_provided.rs"),
            Builtin::LimitationPeriodExpired => include_str!("limitation_period_expired.rs"),
            Builtin::LimitationPeriodUnclear => include_str!("limitation_period_unclear.rs"),
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
    /// A decision read once for all decision checks (`decision()`), not once per check.
    pub decision: std::cell::OnceCell<crate::document::decision::Decision>,
}

impl Context<'_> {
    pub fn decision(
        &self,
        doc: &Document,
        blocks: &[Prepared],
    ) -> &crate::document::decision::Decision {
        self.decision
            .get_or_init(|| crate::document::decision::read_prepared(doc, blocks))
    }
}

pub fn run(
    builtin: Builtin,
    rule: &CompiledRule,
    doc: &Document,
    blocks: &[Prepared],
    ctx: &Context,
) -> Vec<Finding> {
    if builtin.about_penalty_decisions() && !crate::document::decision::is_penalty_decision(doc) {
        return vec![];
    }
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
        Builtin::MissingDecisionElement => {
            missing_decision_element::check(rule, blocks, ctx.decision(doc, blocks))
        }
        Builtin::MissingSeal => missing_seal::check(rule, blocks, ctx.decision(doc, blocks)),
        Builtin::NoPriorNotice => no_prior_notice::check(rule, blocks, ctx.decision(doc, blocks)),
        Builtin::HearingNoticeForHeavyPenalty => {
            hearing_notice_for_heavy_penalty::check(rule, blocks, ctx.decision(doc, blocks))
        }
        Builtin::HearingNoticeForLargeAmount => {
            hearing_notice_for_large_amount::check(rule, blocks, ctx.decision(doc, blocks))
        }
        Builtin::LegalReviewMissing => {
            legal_review_missing::check(rule, blocks, ctx.decision(doc, blocks))
        }
        Builtin::CollectiveDiscussionMissing => {
            collective_discussion_missing::check(rule, blocks, ctx.decision(doc, blocks))
        }
        Builtin::ReviewTimeLimit => {
            review_time_limit::check(rule, blocks, ctx.decision(doc, blocks))
        }
        Builtin::LitigationTimeLimit => {
            litigation_time_limit::check(rule, blocks, ctx.decision(doc, blocks), ctx.date)
        }
        Builtin::ReviewBodyAfter2024 => {
            review_body_after_2024::check(rule, blocks, ctx.decision(doc, blocks), ctx.date)
        }
        Builtin::PenaltyAmountOutOfRange => penalty_amount_out_of_range::check(
            rule,
            blocks,
            ctx.decision(doc, blocks),
            ctx.citations,
            ctx.date,
        ),
        Builtin::PenaltyKindNotProvided => penalty_kind_not_provided::check(
            rule,
            blocks,
            ctx.decision(doc, blocks),
            ctx.citations,
            ctx.date,
        ),
        Builtin::LimitationPeriodExpired => {
            limitation_period_expired::check(rule, blocks, ctx.decision(doc, blocks), ctx.date)
        }
        Builtin::LimitationPeriodUnclear => {
            limitation_period_unclear::check(rule, blocks, ctx.decision(doc, blocks), ctx.date)
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

/// Findings for every match of `re` in a sentence of the document's own voice for which
/// `judge` returns the `{detail}` text (a quoted 施行日期 or payment term is another text's).
fn match_findings(
    rule: &CompiledRule,
    blocks: &[Prepared],
    re: &Regex,
    mut judge: impl FnMut(&Prepared, &regex::Captures) -> Option<String>,
) -> Vec<Finding> {
    let mut out = vec![];
    for p in blocks {
        for c in re.captures_iter(&p.norm.text) {
            let m = c.get(0).expect("match");
            if p.voice_at(m.start()) != Voice::Own {
                continue;
            }
            let Some(detail) = judge(p, &c) else { continue };
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

/// The words of a decision at a place, as written (normalised).
fn words_at<'a>(blocks: &'a [Prepared], pl: crate::document::decision::Place) -> &'a str {
    &blocks[pl.block].norm.text[pl.start..pl.end]
}

/// A finding on a place of a decision, with `{detail}` filled in.
fn at_place(
    rule: &CompiledRule,
    blocks: &[Prepared],
    pl: crate::document::decision::Place,
    detail: &str,
) -> Finding {
    let p = &blocks[pl.block];
    let mut f = finding_at(
        rule,
        p,
        sentence_at(p, pl.start),
        (pl.start, pl.end),
        &Default::default(),
    );
    f.message = f.message.replace("{detail}", detail);
    f.suggestion = f.suggestion.replace("{detail}", detail);
    f
}

/// Findings about what a decision lacks, on its title: each gets its own zero-width span
/// (the title's first, second … character; then the next head lines), so that the engine's
/// merging of identical findings keeps one finding per missing thing.
fn on_head(
    rule: &CompiledRule,
    blocks: &[Prepared],
    d: &crate::document::decision::Decision,
    details: &[String],
) -> Vec<Finding> {
    use crate::document::decision::Place;
    let head = d.head();
    let mut slots = (head.block..blocks.len()).flat_map(|b| {
        let text = &blocks[b].norm.text;
        text.char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(text.len()))
            .map(move |i| Place {
                block: b,
                start: i,
                end: i,
            })
            .collect::<Vec<_>>()
    });
    details
        .iter()
        .filter_map(|detail| Some(at_place(rule, blocks, slots.next()?, detail)))
        .collect()
}

fn body_contains(blocks: &[Prepared], words: &[&str]) -> bool {
    blocks
        .iter()
        .any(|p| words.iter().any(|w| p.norm.text.contains(w)))
}

/// Whether a sentence in the document's own voice contains one of `words`.
fn own_sentences_contain(blocks: &[Prepared], words: &[&str]) -> bool {
    blocks.iter().any(|p| {
        words.iter().any(|w| p.norm.text.contains(w))
            && p.sentences.iter().zip(&p.voices).any(|(&(a, b), m)| {
                m.is_own() && words.iter().any(|w| p.norm.text[a..b].contains(w))
            })
    })
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
