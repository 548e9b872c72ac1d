//! ## What it does
//! Under a jurisdiction profile (`--jurisdiction 山东省`), flags a normative document that
//! states no 有效期 where the province requires one, or a 有效期 longer than the province
//! allows (a shorter maximum for 试行/暂行 documents). Without a profile, or where the
//! profile holds no such requirement (national law sets none), it finds nothing. A value
//! the profile marks unverified gives a hint (info), never an error.
//!
//! ## Why is this bad?
//! Several provinces require every normative document to carry a 有效期 (山东: 3 to 5
//! years, 1 to 2 for 试行/暂行) so that it lapses unless re-examined; 自印发之日起施行 alone
//! leaves it in force indefinitely, against the provincial rule.
//!
//! ## Example
//! ```text
//! （--jurisdiction 山东省）本通知自印发之日起施行。
//! ```

use std::sync::LazyLock;

use regex::Regex;

use super::{finding_for, on_document, sentence_at};
use crate::chinese::numerals::parse_chinese;
use crate::document::model::Document;
use crate::document::prepared::Prepared;
use crate::document::voice::Voice;
use crate::rules::compile::CompiledRule;
use crate::rules::finding::Finding;
use crate::rules::jurisdiction::Profile;
use crate::rules::schema::Severity;

static VALIDITY_YEARS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"有效期(?:为|至)?\s*(?P<n>\d{1,2}|[一二三四五六七八九十]{1,3})\s*年")
        .expect("validity regex")
});

fn hinted(mut f: Finding, verified: bool, why: Option<&str>) -> Finding {
    if !verified {
        f.severity = Severity::Info;
        f.message.push_str(&format!(
            "（该地方规定的条文未经核实{}，请人工确认）",
            why.map_or(String::new(), |w| format!("：{w}"))
        ));
    }
    f
}

pub fn check(
    rule: &CompiledRule,
    doc: &Document,
    blocks: &[Prepared],
    profile: Option<&Profile>,
) -> Vec<Finding> {
    let Some(profile) = profile else {
        return vec![];
    };
    let trial = doc
        .title
        .as_deref()
        .is_some_and(|t| t.contains("试行") || t.contains("暂行"));
    let max = if trial {
        profile.trial_validity_max_years.as_ref()
    } else {
        profile.validity_max_years.as_ref()
    };
    // Only the document's own words count: a 有效期 quoted from another text (or reported
    // of one) is not this document's.
    let stated = blocks.iter().find_map(|p| {
        VALIDITY_YEARS
            .captures_iter(&p.norm.text)
            .find(|c| c.get(0).is_some_and(|m| p.voice_at(m.start()) == Voice::Own))
            .map(|c| {
                (
                    p,
                    c.get(0).map(|m| (m.start(), m.end())),
                    c["n"].to_string(),
                )
            })
    });
    match stated {
        Some((p, Some(m), n)) => {
            let Some(max) = max else { return vec![] };
            let (Some(limit), Some(years)) = (max.value, parse_chinese(&n)) else {
                return vec![];
            };
            if years <= u64::from(limit) {
                return vec![];
            }
            let detail = format!(
                "{}规定{}文件有效期最长{}年（{}），本文件定为{}年",
                profile.name,
                if trial {
                    "标注“试行”“暂行”的"
                } else {
                    ""
                },
                limit,
                profile.cite(max),
                years
            );
            let f = finding_for(rule, p, sentence_at(p, m.0), m, &detail);
            vec![hinted(f, max.verified, max.why_unverified.as_deref())]
        }
        _ => {
            let Some(required) = profile.validity_required.as_ref() else {
                return vec![];
            };
            let own_validity = blocks.iter().any(|p| {
                p.norm
                    .text
                    .match_indices("有效期")
                    .any(|(i, _)| p.voice_at(i) == Voice::Own)
            });
            if required.value != Some(true) || own_validity {
                return vec![];
            }
            let detail = format!(
                "{}要求行政规范性文件载明有效期（{}），本文件只规定了施行日期或未作规定",
                profile.name,
                profile.cite(required)
            );
            on_document(rule, blocks, Some(detail))
                .into_iter()
                .map(|f| hinted(f, required.verified, required.why_unverified.as_deref()))
                .collect()
        }
    }
}
