//! Runs every rule's examples through the real segmenter and engine (`fashen rules test`).

use super::compile::{CompiledRule, RuleSet};
use super::engine::{Selection, review};
use crate::document::level::IssuerLevel;
use crate::document::model::{Block, DocType, Extracted, Format, Part};
use crate::document::structure;

/// Builds a document from example text: each line a body block.
pub fn example_document(text: &str, doc_type: DocType) -> crate::document::model::Document {
    let x = Extracted {
        blocks: text.lines().map(|l| Block::new(l, Part::Body)).collect(),
        ..Default::default()
    };
    let mut doc = structure::build("example", Format::Text, x);
    doc.doc_type = doc_type;
    doc
}

/// Strips the [[ ]] marks, returning the text and the marked char range.
fn unmark(s: &str) -> (String, Option<(usize, usize)>) {
    match (s.find("[["), s.find("]]")) {
        (Some(a), Some(b)) if b >= a => {
            let text = format!("{}{}{}", &s[..a], &s[a + 2..b], &s[b + 2..]);
            let start = s[..a].chars().count();
            let len = s[a + 2..b].chars().count();
            (text, Some((start, start + len)))
        }
        _ => (s.to_string(), None),
    }
}

fn example_doc_type(rule: &CompiledRule) -> DocType {
    rule.spec.examples.doc_type.unwrap_or(rule.doc_types[0])
}

/// Failures of one rule's examples, as sentences a rule author can act on.
pub fn check_rule(set: &RuleSet, rule: &CompiledRule) -> Vec<String> {
    let sel = Selection {
        select: vec![rule.spec.id.clone()],
        ignore: vec![],
        // Examples are dated in their own text; undated ones read as of a fixed day.
        as_of: chrono::NaiveDate::from_ymd_opt(2025, 1, 1),
        jurisdiction: rule.spec.examples.jurisdiction.clone(),
        ..Selection::default()
    };
    let doc_type = example_doc_type(rule);
    let level = rule.spec.examples.level.map(issuer_of);
    let mut failures = vec![];
    for ex in &rule.spec.examples.hit {
        let (text, mark) = unmark(ex);
        let mut doc = example_document(&text, doc_type);
        if let Some(l) = level {
            doc.level = l;
        }
        let r = review(&doc, set, &sel);
        let findings: Vec<_> = r
            .findings
            .iter()
            .filter(|f| f.rule == rule.spec.id)
            .collect();
        let ok = match mark {
            // An empty mark is a document-level finding.
            Some((a, b)) if a == b => !findings.is_empty(),
            Some((a, b)) => {
                let line_start = |block: Option<usize>| {
                    block.map_or(0, |i| {
                        text.lines()
                            .take(i)
                            .map(|l| l.chars().count() + 1)
                            .sum::<usize>()
                    })
                };
                findings.iter().any(|f| {
                    let off = line_start(f.location.block);
                    f.span[0] + off < b && f.span[1] + off > a
                })
            }
            None => !findings.is_empty(),
        };
        if !ok {
            failures.push(format!(
                "{}: hit example not found{}: {ex}",
                rule.spec.id,
                if findings.is_empty() {
                    ""
                } else {
                    " at the marked words"
                }
            ));
        }
    }
    for ex in &rule.spec.examples.clean {
        let mut doc = example_document(ex, doc_type);
        if let Some(l) = level {
            doc.level = l;
        }
        let r = review(&doc, set, &sel);
        if let Some(f) = r.findings.iter().find(|f| f.rule == rule.spec.id) {
            failures.push(format!(
                "{}: clean example flagged (“{}”): {ex}",
                rule.spec.id, f.matched
            ));
        }
    }
    failures
}

pub fn check_all(set: &RuleSet) -> (usize, Vec<String>) {
    let mut failures = vec![];
    for r in &set.rules {
        failures.extend(check_rule(set, r));
    }
    failures.extend(set.vocabulary.check_examples());
    (set.rules.len(), failures)
}

/// The issuer level an example is read at, from the power level a rule's examples name.
fn issuer_of(level: super::schema::Level) -> IssuerLevel {
    use super::schema::Level;
    match level {
        Level::Normative => IssuerLevel::CountyGov,
        Level::StateCouncil => IssuerLevel::StateCouncil,
        Level::Rules => IssuerLevel::Rules,
        Level::LocalRegulation => IssuerLevel::LocalRegulation,
        Level::AdminRegulation => IssuerLevel::AdminRegulation,
        Level::Law => IssuerLevel::Law,
    }
}
