//! ## What it does
//! Flags a decision of a local government department dated on or after 2024-01-01 whose remedy notice sends 行政复议 to the 上一级主管部门 or to another department (alone, or as an alternative to the government), instead of the 县级以上地方人民政府. Vertically led organs are exempt: 海关、税务、金融监管、人民银行、证券监管、外汇管理、国家安全 (§27), and by the same 等 烟草专卖、邮政管理、气象、国家统计局调查队; so are 司法行政部门 (§28), governments and 国务院部门 (§25).
//!
//! ## Why is this bad?
//! 行政复议法 (2023, in force 2024-01-01) §24: 县级以上地方各级人民政府管辖对本级人民政府工作部门作出的行政行为不服的 cases; the old choice of the 上一级主管部门 is gone. A notice naming it sends the party to a body that must refuse the application.
//!
//! ## Example
//! ```text
//! （2024年7月15日，某市生态环境局）可在收到本处罚决定书之日起六十日内向某省生态环境厅申请行政复议。
//! ```

use super::at_place;
use crate::document::decision::Decision;
use crate::document::prepared::Prepared;
use crate::rules::compile::CompiledRule;
use crate::rules::finding::Finding;

/// The revised 行政复议法 took effect on this day.
const IN_FORCE: &str = "2024-01-01";

/// Organs that keep the 上一级主管部门 route (行政复议法 §27, §28).
const VERTICAL: [&str; 19] = [
    "海关",
    "税务",
    "国家安全",
    "人民银行",
    "金融监督管理",
    "金融监管",
    "银保监",
    "银监",
    "保监",
    "证监",
    "证券监督管理",
    "外汇",
    "烟草专卖",
    "邮政管理",
    "气象",
    "调查总队",
    "调查队",
    "司法局",
    "司法厅",
];

const DEPARTMENT: [&str; 10] = [
    "局",
    "厅",
    "委员会",
    "委",
    "办公室",
    "部门",
    "中心",
    "支队",
    "大队",
    "本机关",
];

/// The place name a local department's name starts with: 某县市场监督管理局 → 某县.
pub fn locality(issuer: &str) -> Option<String> {
    let chars: Vec<char> = issuer.chars().collect();
    let mut end = None;
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let admin = match c {
            '省' | '县' | '区' | '州' | '旗' | '盟' => true,
            '市' => next != Some('场') && prev != Some('城') && prev != Some('超'),
            _ => false,
        };
        if admin && i + 1 < chars.len() {
            end = Some(i + 1);
        }
    }
    end.map(|e| chars[..e].iter().collect())
}

pub fn check(rule: &CompiledRule, blocks: &[Prepared], d: &Decision, date: &str) -> Vec<Finding> {
    let date = d.date.as_deref().unwrap_or(date);
    if date < IN_FORCE {
        return vec![];
    }
    let Some((body, place)) = d.remedy.review.as_ref().and_then(|r| r.body.clone()) else {
        return vec![];
    };
    let issuer = d.issuer.clone().unwrap_or_default();
    let exempt_by = |s: &str| VERTICAL.iter().any(|v| s.contains(v));
    if exempt_by(&issuer) || (issuer.is_empty() && exempt_by(&body)) {
        return vec![];
    }
    // Decisions of governments and of 国务院部门 go elsewhere (§24 (2), §25).
    if issuer.ends_with("人民政府")
        || ((issuer.starts_with("国家") || issuer.starts_with("中华人民共和国"))
            && locality(&issuer).is_none())
    {
        return vec![];
    }
    let wrong: Vec<&str> = body
        .split(['或', '、'])
        .map(|s| s.trim_start_matches('者').trim())
        .filter(|s| !s.is_empty())
        .filter(|alt| {
            !alt.contains("人民政府")
                && (alt.contains("主管部门") || DEPARTMENT.iter().any(|x| alt.ends_with(x)))
        })
        .collect();
    if wrong.is_empty() {
        return vec![];
    }
    let government = locality(&issuer)
        .map(|l| format!("{l}人民政府"))
        .unwrap_or_else(|| "作出决定的部门所属的本级人民政府".into());
    let mut f = at_place(rule, blocks, place, &wrong.join("、"));
    f.suggestion = f.suggestion.replace("{government}", &government);
    f.message = f.message.replace("{government}", &government);
    vec![f]
}

#[cfg(test)]
mod tests {
    use super::locality;

    #[test]
    fn locality_of_departments() {
        assert_eq!(locality("某县市场监督管理局").as_deref(), Some("某县"));
        assert_eq!(
            locality("某市某区市场监督管理局").as_deref(),
            Some("某市某区")
        );
        assert_eq!(
            locality("某县城市管理综合行政执法局").as_deref(),
            Some("某县")
        );
        assert_eq!(
            locality("天津市西青区市场和质量监督管理局").as_deref(),
            Some("天津市西青区")
        );
        assert_eq!(locality("某省生态环境厅").as_deref(), Some("某省"));
        assert_eq!(locality("生态环境部"), None);
    }
}
