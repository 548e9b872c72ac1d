//! ## What it does
//! Flags a payment term longer than 60 days (months counted as 30 days, working days as 7/5 calendar days).
//!
//! ## Why is this bad?
//! Organs, public institutions and large enterprises must pay small and medium-sized enterprises within 60 days of acceptance (保障中小企业款项支付条例); a longer term is unlawful as drafted.
//!
//! ## Example
//! ```text
//! 甲方在工程竣工验收合格后九十日内支付剩余款项。
//! ```

use std::sync::LazyLock;

use regex::Regex;

use super::match_findings;
use crate::chinese::numerals::parse_chinese;
use crate::document::prepared::Prepared;
use crate::rules::compile::CompiledRule;
use crate::rules::finding::Finding;

static PAYMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<n>\d{1,4}|[一二三四五六七八九十百两]{1,4})\s*(?P<unit>个工作日|工作日|个月|日|天|月)\s*内[^。;]{0,12}?(支付|付清|付款|结清|拨付)")
        .expect("payment regex")
});

pub fn check(rule: &CompiledRule, blocks: &[Prepared]) -> Vec<Finding> {
    match_findings(rule, blocks, &PAYMENT, |_, c| {
        let n = parse_chinese(&c["n"])?;
        let days = match &c["unit"] {
            "个月" | "月" => n * 30,
            // Five working days make a week of seven calendar days.
            "个工作日" | "工作日" => n * 7 / 5,
            _ => n,
        };
        (days > 60).then(|| format!("约 {days} 日"))
    })
}
