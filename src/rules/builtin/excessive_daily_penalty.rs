//! ## What it does
//! Flags a daily late-payment penalty above 0.3% a day, given as a rate (每日万分之五十, 每日0.5%) or as a fixed sum compared with the contract amount.
//!
//! ## Why is this bad?
//! A penalty far above the loss is reduced by courts (民法典 §585); over 0.3% a day (more than 100% a year) it is a drafting defect that exposes public funds.
//!
//! ## Example
//! ```text
//! 合同价款为人民币壹拾万元……逾期的，每日按合同金额的百分之一支付违约金。
//! ```

use std::sync::LazyLock;

use regex::Regex;

use super::match_findings;
use crate::chinese::numerals::parse_chinese;
use crate::document::prepared::Prepared;
use crate::rules::compile::CompiledRule;
use crate::rules::finding::Finding;

static DAILY_RATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"每(逾期)?(一)?(日|天)[^。;]{0,20}?(?P<kind>百分之|千分之|万分之)(?P<n>[\d.]+|[一二三四五六七八九十]+)|每(逾期)?(一)?(日|天)[^。;]{0,20}?(?P<pct>\d+(\.\d+)?)\s*%")
        .expect("rate regex")
});

/// A fixed sum a day: 每日向乙方支付违约金1000元.
static DAILY_SUM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"每(逾期)?(一)?(日|天)[^。;%]{0,20}?(?P<n>\d+(\.\d+)?|[零一二三四五六七八九十百千万壹贰叁肆伍陆柒捌玖拾佰仟]+)\s*(?P<wan>万)?元")
        .expect("daily sum regex")
});

/// The contract's amount: 合同价款为人民币叁仟陆佰万元, 共计人民币叁万元.
static CONTRACT_SUM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(价款|总价|总额|金额|共计|合计|总计)[^。;,，]{0,8}?(人民币)?\s*(?P<n>\d+(\.\d+)?|[零一二三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟]+)\s*(?P<unit>万|亿)?元")
        .expect("contract sum regex")
});

fn yuan(c: &regex::Captures, unit: Option<&str>) -> Option<f64> {
    let n = &c["n"];
    let v = n
        .parse::<f64>()
        .ok()
        .or_else(|| parse_chinese(n).map(|v| v as f64))?;
    Some(match unit {
        Some("万") => v * 1e4,
        Some("亿") => v * 1e8,
        _ => v,
    })
}

/// The largest sum the document names as its price or total; `None` when it names none.
fn contract_sum(blocks: &[Prepared]) -> Option<f64> {
    blocks
        .iter()
        .flat_map(|p| CONTRACT_SUM.captures_iter(&p.norm.text).collect::<Vec<_>>())
        .filter_map(|c| yuan(&c, c.name("unit").map(|m| m.as_str())))
        .fold(None, |m: Option<f64>, v| Some(m.map_or(v, |m| m.max(v))))
}

pub fn check(rule: &CompiledRule, blocks: &[Prepared]) -> Vec<Finding> {
    let mut out = daily_rate(rule, blocks);
    if let Some(total) = contract_sum(blocks).filter(|t| *t > 0.0) {
        out.extend(match_findings(rule, blocks, &DAILY_SUM, |p, c| {
            if !p.norm.text.contains("违约金") {
                return None;
            }
            let rate = yuan(c, c.name("wan").map(|m| m.as_str()))? / total;
            (rate > 0.003).then(|| {
                format!(
                    "每日金额为合同金额的 {:.2}%，折合年 {:.0}%",
                    rate * 100.0,
                    rate * 36500.0
                )
            })
        }));
    }
    out
}

fn daily_rate(rule: &CompiledRule, blocks: &[Prepared]) -> Vec<Finding> {
    match_findings(rule, blocks, &DAILY_RATE, |p, c| {
        if !p.norm.text.contains("违约金") && !p.norm.text.contains("滞纳金") {
            return None;
        }
        let rate = if let Some(pct) = c.name("pct") {
            pct.as_str().parse::<f64>().unwrap_or(0.0) / 100.0
        } else {
            let n = c["n"]
                .parse::<f64>()
                .ok()
                .or_else(|| parse_chinese(&c["n"]).map(|v| v as f64))
                .unwrap_or(0.0);
            n / match &c["kind"] {
                "百分之" => 100.0,
                "千分之" => 1000.0,
                _ => 10000.0,
            }
        };
        // Above 0.3% a day (over 100% a year) a court will almost certainly reduce it.
        (rate > 0.003).then(|| format!("日 {:.2}%，折合年 {:.0}%", rate * 100.0, rate * 36500.0))
    })
}
