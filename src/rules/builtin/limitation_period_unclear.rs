//! ## What it does
//! Warns when a violation touching 公民生命健康安全 or 金融安全 (食品、药品、医疗器械、安全生产、金融、集资 …) ended between two and five years before it was discovered and the decision does not state the 危害后果 that makes the five-year limit of 行政处罚法 §36 apply. Also assesses, for `limitation_period_expired`, the act and discovery dates shared by both checks.
//!
//! ## Why is this bad?
//! §36 extends the limit to five years only 涉及公民生命健康安全、金融安全且有危害后果的. Without stated harm the two-year limit may have run out; the decision must show why it may still punish.
//!
//! ## Example
//! ```text
//! 2024年5月13日，本局……发现当事人于2021年6月18日销售处方药20盒，未凭处方销售。（涉及药品，未说明危害后果）
//! ```

use std::sync::LazyLock;

use regex::Regex;

use super::at_place;
use crate::document::decision::{Decision, Place};
use crate::document::prepared::Prepared;
use crate::rules::compile::CompiledRule;
use crate::rules::finding::Finding;

static LIFE_OR_FINANCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"食品|食物|药品|药房|处方药|疫苗|医疗器械|医疗|诊疗|生命|健康|安全生产|危险化学品|化妆品|特种设备|金融|存款|贷款|集资|证券|保险|支付|理财|期货")
        .expect("life or finance")
});
static HARM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"危害后果|中毒|死亡|伤亡|受伤|住院|就诊|损失|损害|腹泻|呕吐|事故").expect("harm")
});
static EXCEPTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"第三十六条[^。]{0,40}(?:五年|法律另有规定)|连续或者继续状态|继续状态|连续状态")
        .expect("exception")
});

pub enum Limitation {
    Expired { place: Place, detail: String },
    Unclear { place: Place, detail: String },
    Within,
}

fn plus_years(date: &str, years: i32) -> String {
    let y: i32 = date[..4].parse().unwrap_or(0);
    format!("{:04}{}", y + years, &date[4..])
}

/// The limitation status of a decision, from its act and discovery dates.
pub fn assess(d: &Decision, blocks: &[Prepared], date: &str) -> Option<Limitation> {
    if d.continuing {
        return Some(Limitation::Within);
    }
    let last = d.acts.iter().max_by(|a, b| a.date.cmp(&b.date))?;
    let found = d
        .discovered
        .clone()
        .or_else(|| d.date.clone())
        .unwrap_or_else(|| date.to_string());
    let all: String = blocks.iter().map(|p| p.norm.text.as_str()).collect();
    if EXCEPTION.is_match(&all) {
        return Some(Limitation::Within);
    }
    let tax =
        d.issuer.as_deref().is_some_and(|i| i.contains("税务")) || all.contains("税收征收管理法");
    let over = |years| plus_years(&last.date, years) < found;
    let span = format!("违法行为终了于{}，{}发现", last.date, found);
    if over(5) {
        return Some(Limitation::Expired {
            place: last.place,
            detail: format!("{span}，已超过五年"),
        });
    }
    if !over(2) || tax {
        return Some(Limitation::Within);
    }
    if !LIFE_OR_FINANCE.is_match(&all) {
        return Some(Limitation::Expired {
            place: last.place,
            detail: format!("{span}，已超过二年"),
        });
    }
    if HARM.is_match(&all) {
        return Some(Limitation::Within);
    }
    Some(Limitation::Unclear {
        place: last.place,
        detail: format!("{span}，已超过二年"),
    })
}

pub fn check(rule: &CompiledRule, blocks: &[Prepared], d: &Decision, date: &str) -> Vec<Finding> {
    match assess(d, blocks, date) {
        Some(Limitation::Unclear { place, detail }) => {
            vec![at_place(rule, blocks, place, &detail)]
        }
        _ => vec![],
    }
}
