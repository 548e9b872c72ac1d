//! Checks that keywords and regexes cannot express, one file each with its documentation
//! (what it does, why it is bad, an example). A rule in rules/*.toml names one with
//! `builtin = "…"` and carries its id, category, basis, message and examples; the name is
//! a closed enum, so a misspelt builtin is a load error; a new check is a new file plus
//! one line (its `match` arm) in `builtins!` below.

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

/// Declares every builtin check: its enum variant, its source file (the module, whose name
/// is the name rule packs use) and how it is called — `r` the rule, `d` the document, `b` the
/// prepared blocks, `c` the shared `Context`. A new check is a new file plus one line here.
/// Shared helpers of the penalty-decision checks (not a check itself).
mod penalty_article;

macro_rules! builtins {
    ($($variant:ident => $module:ident: |$r:ident, $d:ident, $b:ident, $c:ident| $call:expr;)*) => {
        $(pub mod $module;)*

        /// The builtin checks, by the name a rule pack uses.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Builtin {
            $($variant,)*
        }

        /// The names rule packs use, in declaration order.
        const NAMES: &[&str] = &[$(stringify!($module),)*];

        impl Builtin {
            pub const ALL: &'static [Builtin] = &[$(Builtin::$variant,)*];

            pub fn name(self) -> &'static str {
                match self {
                    $(Builtin::$variant => stringify!($module),)*
                }
            }

            /// The check's source file, whose `//!` comment is its documentation.
            fn source(self) -> &'static str {
                match self {
                    $(Builtin::$variant => include_str!(concat!(stringify!($module), ".rs")),)*
                }
            }

            fn call(
                self,
                rule: &CompiledRule,
                doc: &Document,
                blocks: &[Prepared],
                ctx: &Context,
            ) -> Vec<Finding> {
                match self {
                    $(Builtin::$variant => {
                        #[allow(unused_variables)]
                        let ($r, $d, $b, $c) = (rule, doc, blocks, ctx);
                        $call
                    })*
                }
            }
        }
    };
}

builtins! {
    ImproperIssuer => improper_issuer: |r, d, b, c| improper_issuer::check(r, d, b);
    AdminAgreementArbitration => admin_agreement_arbitration: |r, d, b, c| admin_agreement_arbitration::check(r, d, b);
    MissingLegalBasis => missing_legal_basis: |r, d, b, c| missing_legal_basis::check(r, d, b);
    MissingValidityPeriod => missing_validity_period: |r, d, b, c| missing_validity_period::check(r, d, b);
    RetroactiveEffectiveDate => retroactive_effective_date: |r, d, b, c| retroactive_effective_date::check(r, d, b);
    PaymentTermOver60Days => payment_term_over_60_days: |r, d, b, c| payment_term_over_60_days::check(r, d, b, c.values(b), crate::rules::thresholds::shipped().ok());
    MissingEssentialClauses => missing_essential_clauses: |r, d, b, c| missing_essential_clauses::check(r, d, b);
    ExcessiveDailyPenalty => excessive_daily_penalty: |r, d, b, c| excessive_daily_penalty::check(r, b);
    RepealedLaw => repealed_law: |r, d, b, c| repealed_law::check(r, b, c.citations, c.date);
    InvalidArticle => invalid_article: |r, d, b, c| invalid_article::check(r, b, c.citations, c.date);
    UnknownLaw => unknown_law: |r, d, b, c| unknown_law::check(r, b, c.citations);
    BeyondPower => beyond_power: |r, d, b, c| beyond_power::check(r, b, c.level);
    ValidityByJurisdiction => validity_by_jurisdiction: |r, d, b, c| validity_by_jurisdiction::check(r, d, b, c.jurisdiction);
    MissingDecisionElement => missing_decision_element: |r, d, b, c| c.penalty_decision(d, b).map_or(vec![], |x| missing_decision_element::check(r, b, x));
    MissingSeal => missing_seal: |r, d, b, c| c.penalty_decision(d, b).map_or(vec![], |x| missing_seal::check(r, b, x));
    NoPriorNotice => no_prior_notice: |r, d, b, c| c.penalty_decision(d, b).map_or(vec![], |x| no_prior_notice::check(r, b, x));
    HearingNoticeForHeavyPenalty => hearing_notice_for_heavy_penalty: |r, d, b, c| c.penalty_decision(d, b).map_or(vec![], |x| hearing_notice_for_heavy_penalty::check(r, b, x));
    HearingNoticeForLargeAmount => hearing_notice_for_large_amount: |r, d, b, c| c.penalty_decision(d, b).map_or(vec![], |x| hearing_notice_for_large_amount::check(r, b, x));
    LegalReviewMissing => legal_review_missing: |r, d, b, c| c.penalty_decision(d, b).map_or(vec![], |x| legal_review_missing::check(r, b, x));
    CollectiveDiscussionMissing => collective_discussion_missing: |r, d, b, c| c.penalty_decision(d, b).map_or(vec![], |x| collective_discussion_missing::check(r, b, x));
    ReviewTimeLimit => review_time_limit: |r, d, b, c| c.penalty_decision(d, b).map_or(vec![], |x| review_time_limit::check(r, b, x));
    LitigationTimeLimit => litigation_time_limit: |r, d, b, c| c.penalty_decision(d, b).map_or(vec![], |x| litigation_time_limit::check(r, b, x, c.date));
    ReviewBodyAfter2024 => review_body_after_2024: |r, d, b, c| c.penalty_decision(d, b).map_or(vec![], |x| review_body_after_2024::check(r, b, x, c.date));
    PenaltyAmountOutOfRange => penalty_amount_out_of_range: |r, d, b, c| c.penalty_decision(d, b).map_or(vec![], |x| penalty_amount_out_of_range::check(r, b, x, c.citations, c.date));
    PenaltyKindNotProvided => penalty_kind_not_provided: |r, d, b, c| c.penalty_decision(d, b).map_or(vec![], |x| penalty_kind_not_provided::check(r, b, x, c.citations, c.date));
    LimitationPeriodExpired => limitation_period_expired: |r, d, b, c| c.penalty_decision(d, b).map_or(vec![], |x| limitation_period_expired::check(r, b, x, c.date));
    TenderThresholdWithoutCompetition => tender_threshold_without_competition: |r, d, b, c| tender_threshold_without_competition::check(r, d, b, c.values(b), crate::rules::thresholds::shipped().ok());
    ProcurementThresholdWithoutCompetition => procurement_threshold_without_competition: |r, d, b, c| procurement_threshold_without_competition::check(r, d, b, c.values(b), crate::rules::thresholds::shipped().ok());
    // Needs the other rules' findings: the engine runs it after every other check.
    NearPrecedent => near_precedent: |r, d, b, c| vec![];
    // Also needs the other findings (PRECEDENT-001's notes included): runs last of all.
    LearnedScorer => learned_scorer: |r, d, b, c| vec![];
    DesignationByListing => designation_by_listing: |r, d, b, c| designation_by_listing::check(r, b);
    LimitationPeriodUnclear => limitation_period_unclear: |r, d, b, c| c.penalty_decision(d, b).map_or(vec![], |x| limitation_period_unclear::check(r, b, x, c.date));
}

/// Whether a finding in `found` already covers sentence `s0..s1` (byte range of the
/// normalised text) of block `p`: the notes that run last speak only where nothing else did.
pub fn sentence_touched(p: &Prepared, (s0, s1): (usize, usize), found: &[Finding]) -> bool {
    let original = &p.block.text;
    let (os, oe) = p.norm.range(original, s0, s1);
    let (cs, ce) = (
        p.norm.char_offset(original, os),
        p.norm.char_offset(original, oe),
    );
    found
        .iter()
        .any(|f| f.location.block == Some(p.index) && f.span[0] <= ce && f.span[1] >= cs)
}

impl<'de> Deserialize<'de> for Builtin {
    fn deserialize<D: serde::Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        let name = String::deserialize(de)?;
        Builtin::ALL
            .iter()
            .copied()
            .find(|b| b.name() == name)
            .ok_or_else(|| serde::de::Error::unknown_variant(&name, NAMES))
    }
}

impl serde::Serialize for Builtin {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl Builtin {
    /// The check's documentation: the `//!` comment at the top of its source file.
    pub fn doc(self) -> String {
        self.source()
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
    /// The clause values (amounts, rates, periods, dates) read once for the checks that
    /// compare them (`values()`).
    pub values: std::cell::OnceCell<Vec<crate::document::values::ClauseValue>>,
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

    pub fn values(&self, blocks: &[Prepared]) -> &[crate::document::values::ClauseValue] {
        self.values
            .get_or_init(|| crate::document::values::read_prepared(blocks))
    }

    /// The decision, for the checks of 行政处罚决定书 (rules/decision.toml): they say nothing
    /// of other decisions (许可、征收、强制执行) the classifier also types as decisions.
    fn penalty_decision(
        &self,
        doc: &Document,
        blocks: &[Prepared],
    ) -> Option<&crate::document::decision::Decision> {
        crate::document::decision::is_penalty_decision(doc).then(|| self.decision(doc, blocks))
    }
}

pub fn run(
    builtin: Builtin,
    rule: &CompiledRule,
    doc: &Document,
    blocks: &[Prepared],
    ctx: &Context,
) -> Vec<Finding> {
    builtin.call(rule, doc, blocks, ctx)
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

/// Fills named placeholders (`{amount}`, `{threshold}` …) of a rule's message and suggestion.
fn fill_placeholders(f: &mut Finding, values: &std::collections::BTreeMap<&str, String>) {
    for (k, v) in values {
        f.message = f.message.replace(&format!("{{{k}}}"), v);
        f.suggestion = f.suggestion.replace(&format!("{{{k}}}"), v);
    }
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
    own_sentence_where(blocks, |t| words.iter().any(|w| t.contains(w)))
}

/// Whether an own-voice sentence of `blocks` matches `re`.
fn own_sentences_match(blocks: &[Prepared], re: &regex::Regex) -> bool {
    own_sentence_where(blocks, |t| re.is_match(t))
}

/// Whether an own-voice sentence of `blocks` passes `holds` (tried on the whole block first:
/// most blocks fail there).
fn own_sentence_where(blocks: &[Prepared], holds: impl Fn(&str) -> bool) -> bool {
    blocks.iter().any(|p| {
        holds(&p.norm.text)
            && p.sentences
                .iter()
                .zip(&p.voices)
                .any(|(&(a, b), m)| m.is_own() && holds(&p.norm.text[a..b]))
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

/// Built-in checks whose findings are artefacts of wrapping one provision as a document:
/// they judge the whole document (its 施行日期, 制定依据, essential clauses), its 发文机关 (taken
/// from the title we made), or its citations against a date the excerpt does not carry.
pub const ARTEFACT_BUILTINS: [&str; 7] = [
    "missing_validity_period",
    "missing_legal_basis",
    "missing_essential_clauses",
    "improper_issuer",
    "repealed_law",
    "invalid_article",
    "unknown_law",
];

/// Rule ids whose findings are not counted (their built-in is an artefact of the wrapping).
pub fn artefact_rules(set: &crate::rules::compile::RuleSet) -> std::collections::BTreeSet<String> {
    set.rules
        .iter()
        .filter(|r| {
            r.spec
                .builtin
                .is_some_and(|b| ARTEFACT_BUILTINS.contains(&b.name()))
        })
        .map(|r| r.spec.id.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every check file is registered in `builtins!` (a file that is not would compile as
    /// dead code, or not at all, and no rule could name it), and every name resolves back.
    #[test]
    fn every_check_file_is_registered() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules/builtin");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| {
                let name = e.unwrap().file_name().into_string().unwrap();
                name.strip_suffix(".rs").map(str::to_string)
            })
            .filter(|m| m != "mod" && m != "penalty_article")
            .collect();
        files.sort();
        let mut names: Vec<String> = NAMES.iter().map(|n| n.to_string()).collect();
        names.sort();
        assert_eq!(files, names);
        for b in Builtin::ALL {
            let back: Builtin = serde_json::from_value(serde_json::json!(b.name())).unwrap();
            assert_eq!(back, *b);
        }
        let err = serde_json::from_value::<Builtin>(serde_json::json!("payment_term_60"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("payment_term_over_60_days"), "{err}");
    }
}
