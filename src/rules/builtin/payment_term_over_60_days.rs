//! ## What it does
//! Flags a payment term longer than the 60 days that 保障中小企业款项支付条例 第九条第一款 allows a government organ or public institution to agree with a small or medium-sized enterprise (the figure and its article are read from rules/data/thresholds.toml). Reads the periods among the clause values that say what must be paid within them (…日内支付/付款/付清/结清/拨付); a period the clause names as the payment term itself (付款期限为收到发票之日起四个月) counts too; months count as 30 days, working days as 7/5 calendar days, years as 365. The start the clause states (自验收合格之日起, 收到发票后) is quoted in the finding.
//!
//! The party table decides whether the cap binds: the party that pays (the clause's acting party, else the one organ or institution among the parties) must be a government organ or public institution (机关、事业单位), and the party paid must be an enterprise — not another organ or institution, not a natural person. A company paying (a 大型企业, state-owned or not) is not held to 60 days: 第九条第二款 lets it agree a longer term if reasonable. A contract without a party table is not judged. When the payee's size is not stated, the finding says the cap applies if the payee is a 中小企业; when the contract calls it a 大型企业, nothing is reported.
//!
//! ## Why is this bad?
//! Organs and public institutions must pay small and medium-sized enterprises within 30 days of delivery, or of acceptance where the contract makes acceptance the condition (第十条); an agreed term may not exceed 60 days (第九条第一款). A longer term is unlawful as drafted.
//!
//! ## Example
//! ```text
//! 发包人：某县教育体育局
//! 承包人：某建筑工程有限公司
//! 甲方在工程竣工验收合格后九十日内支付剩余款项。
//! ```

use super::finding_for;
use crate::document::model::{Document, Party};
use crate::document::parties::{Named, PartyKind, actor};
use crate::document::prepared::Prepared;
use crate::document::values::{Bound, ClauseValue, Kind, Measure, Unit};
use crate::rules::compile::CompiledRule;
use crate::rules::finding::Finding;
use crate::rules::thresholds::Thresholds;

/// The agreed maximum when the data cannot be read (the figure of 第九条第一款).
const DEFAULT_MAX_DAYS: f64 = 60.0;

/// Words that state an enterprise's size (企业规模类型, 第三条).
const SME_WORDS: [&str; 5] = ["中小企业", "小微企业", "中型企业", "小型企业", "微型企业"];

/// Who pays under the 60-day cap and what is known of the payee's size.
struct Payment<'a> {
    payer: &'a Party,
    payee: &'a Party,
    /// The contract states the payee is an SME.
    sme_stated: bool,
}

/// The text without what is inside 《》: a cited 《保障中小企业款项支付条例》 says nothing of size.
fn unquoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '《' => depth += 1,
            '》' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// The size the contract states for a party: `Some(true)` an SME, `Some(false)` a 大型企业.
fn stated_size(party: &Party, blocks: &[Prepared]) -> Option<bool> {
    let names: Vec<&str> = [Some(party.name.as_str()), Some(party.role.as_str()), party.short.as_deref()]
        .into_iter()
        .flatten()
        .filter(|n| !n.is_empty())
        .collect();
    let mut found = None;
    for p in blocks {
        let text = unquoted(&p.norm.text);
        if !names.iter().any(|n| text.contains(n)) {
            continue;
        }
        // Only sentences that name the party speak of its size.
        for s in text.split(['。', '；', '\n']) {
            if !names.iter().any(|n| s.contains(n)) {
                continue;
            }
            if s.contains("大型企业") {
                return Some(false);
            }
            if SME_WORDS.iter().any(|w| s.contains(w)) {
                found = Some(true);
            }
        }
    }
    found
}

/// The payer and payee of a payment sentence when the cap of 第九条第一款 may bind them.
fn payment<'a>(doc: &'a Document, blocks: &[Prepared], sentence: &str) -> Option<Payment<'a>> {
    let parties = &doc.parties;
    let named: Vec<Named> = parties
        .iter()
        .map(|p| Named {
            label: &p.role,
            name: &p.name,
            short: p.short.as_deref(),
        })
        .collect();
    let acting = actor(sentence, &named).and_then(|l| parties.iter().find(|p| p.role == l));
    let payer = match acting {
        Some(p) => p,
        // 合同价款于验收合格后九十日内付清: the one organ among the parties pays.
        None => {
            let mut organs = parties.iter().filter(|p| p.kind.is_organ());
            let only = organs.next()?;
            if organs.next().is_some() {
                return None;
            }
            only
        }
    };
    if !payer.kind.is_organ() {
        return None;
    }
    // The payee: an enterprise among the other parties (an organ, an institution or a natural
    // person is not a 中小企业).
    let payee = parties.iter().find(|p| {
        p.role != payer.role
            && !p.kind.is_organ()
            && !matches!(p.kind, PartyKind::Individual)
    })?;
    match stated_size(payee, blocks) {
        Some(false) => None,
        size => Some(Payment {
            payer,
            payee,
            sme_stated: size == Some(true),
        }),
    }
}

pub fn check(
    rule: &CompiledRule,
    doc: &Document,
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
        // A term to pay within: …日内支付, not a period of another kind nor a minimum. A period
        // the clause names as the payment term itself (支付期限为验收合格之日起四个月) is one too.
        let named_term = v.bound.is_none()
            && matches!(v.measures_evidence.as_deref(), Some("支付期限" | "付款期限"));
        if v.kind != Kind::Period
            || v.measures != Measure::PaymentTerm
            || (v.bound != Some(Bound::Max) && !named_term)
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
        let Some(pay) = payment(doc, blocks, &p.norm.text[v.sentence.0..v.sentence.1]) else {
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
        let payer = format!("{}（{}，{}）", pay.payer.role, pay.payer.name, pay.payer.kind.chinese());
        let payee = if pay.sme_stated && !SME_WORDS.iter().any(|w| pay.payee.name.contains(w)) {
            format!("{}（{}，合同载明为中小企业）", pay.payee.role, pay.payee.name)
        } else {
            format!("{}（{}）", pay.payee.role, pay.payee.name)
        };
        let sme = if pay.sme_stated {
            String::new()
        } else {
            format!("；合同未载明{}的企业规模，{}属于中小企业的适用该上限", pay.payee.role, pay.payee.role)
        };
        let mut f = finding_for(rule, p, v.sentence, (v.norm.0, end), &detail);
        for (k, val) in [("payer", &payer), ("payee", &payee), ("sme", &sme)] {
            f.message = f.message.replace(&format!("{{{k}}}"), val);
            f.suggestion = f.suggestion.replace(&format!("{{{k}}}"), val);
        }
        out.push(f);
    }
    out
}
