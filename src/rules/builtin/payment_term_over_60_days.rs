//! ## What it does
//! Flags a payment term longer than the 60 days that 保障中小企业款项支付条例 第九条第一款 allows a government organ or public institution to agree with a small or medium-sized enterprise (the figure and its article are read from rules/data/thresholds.toml). Reads the periods among the clause values that say what must be paid within them (…日内支付/付款/付清/结清/拨付); months count as 30 days, working days as 7/5 calendar days, years as 365. The start the clause states (自验收合格之日起, 收到发票后) is quoted in the finding.
//!
//! ## Why is this bad?
//! Organs and public institutions must pay small and medium-sized enterprises within 30 days of delivery, or of acceptance where the contract makes acceptance the condition (第十条); an agreed term may not exceed 60 days (第九条第一款). A longer term is unlawful as drafted.
//!
//! ## Example
//! ```text
//! 甲方在工程竣工验收合格后九十日内支付剩余款项。
//! ```

use super::finding_for;
use crate::document::prepared::Prepared;
use crate::document::values::{Bound, ClauseValue, Kind, Measure, Unit};
use crate::rules::compile::CompiledRule;
use crate::rules::finding::Finding;
use crate::rules::thresholds::Thresholds;

/// The agreed maximum when the data cannot be read (the figure of 第九条第一款).
const DEFAULT_MAX_DAYS: f64 = 60.0;

pub fn check(
    rule: &CompiledRule,
    blocks: &[Prepared],
    values: &[ClauseValue],
    thresholds: Option<&Thresholds>,
) -> Vec<Finding> {
    let max = thresholds
        .and_then(|t| t.get("sme.payment.public_body.max_agreed_days"))
        .filter(|t| t.verified)
        .map_or(DEFAULT_MAX_DAYS, |t| t.value);
    let mut out = vec![];
    for v in values {
        // A term to pay within: …日内支付, not a period of another kind nor a minimum.
        if v.kind != Kind::Period
            || v.measures != Measure::PaymentTerm
            || v.bound != Some(Bound::Max)
        {
            continue;
        }
        let Some(days) = v.days() else { continue };
        if days <= max {
            continue;
        }
        let Some(p) = blocks.iter().find(|p| p.index == v.block) else {
            continue;
        };
        let written = &p.norm.text[v.norm.0..v.norm.1];
        let mut detail = format!("{}{written}", v.start.as_deref().unwrap_or(""));
        if v.unit != Unit::Days {
            detail.push_str(&format!("，约 {days:.0} 日"));
        }
        // The match: the period and the words up to the payment verb, as before.
        let text = &p.norm.text;
        let end = text[v.norm.1..v.sentence.1]
            .char_indices()
            .take(16)
            .find_map(|(i, _)| {
                let rest = &text[v.norm.1 + i..];
                ["支付", "付款", "付清", "结清", "拨付", "付至", "兑付"]
                    .iter()
                    .find(|w| rest.starts_with(*w))
                    .map(|w| v.norm.1 + i + w.len())
            })
            .unwrap_or(v.norm.1);
        out.push(finding_for(rule, p, v.sentence, (v.norm.0, end), &detail));
    }
    out
}
