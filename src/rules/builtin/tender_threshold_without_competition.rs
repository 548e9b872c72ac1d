//! ## What it does
//! Reads the contract price among the clause values of a 施工, 勘察/设计/监理 or 工程设备、材料采购 contract (the kind is read from the title) and compares it with the mandatory-tendering thresholds of rules/data/thresholds.toml (必须招标的工程项目规定 第五条: 施工 400万元, 重要设备、材料 200万元, 勘察、设计、监理 100万元). When a party is a government organ, public institution or state-owned company (or the text names 财政/国有资金) and the price reaches the threshold, but the contract names no competitive procedure anywhere (招标、中标、投标、政府采购、竞争性谈判/磋商、询价、单一来源 …), it reports the amount, the threshold and its source article. Unverified thresholds are never used.
//!
//! The 合并 rule of the same article (第五条第二款): when a project contract prices several parts that could be bought together — 勘察, 设计 and 监理 (services), 设备 and 材料 (goods), 施工 — and the parts of one kind each stay below that kind's threshold while their sum reaches it, the finding names the parts and the sum. Only parts of the same kind are added: that they must then be tendered is what the article's words say on any reading.
//!
//! ## Why is this bad?
//! A project that uses state funds and reaches these figures must be tendered (招标投标法 第三条, 必须招标的工程项目规定 第五条); signing it directly with a contractor bypasses the procedure and exposes the contract to challenge and the officials to liability. A contract that was tendered says so (中标通知书, 招标文件); silence is what a reviewer must ask about.
//!
//! ## Example
//! ```text
//! 某县第二中学教学楼建设工程施工合同
//! 发包人：某县教育体育局
//! 第三条 合同价款 本合同暂定总价为人民币叁仟陆佰万元。
//! （全文未提及招标、中标或其他采购方式）
//! ```

use std::collections::BTreeMap;

use super::{fill_placeholders, finding_for};
use crate::document::model::Document;
use crate::document::parties::PartyKind;
use crate::document::prepared::Prepared;
use crate::document::values::{ClauseValue, Kind, contract_price};
use crate::rules::compile::CompiledRule;
use crate::rules::finding::Finding;
use crate::rules::thresholds::{Threshold, Thresholds, yuan_text};

/// Words that show a competitive procedure (or an approved exception to one).
pub(crate) const COMPETITION: [&str; 12] = [
    "招标",
    "中标",
    "投标",
    "政府采购",
    "竞争性磋商",
    "竞争性谈判",
    "询价",
    "单一来源",
    "比选",
    "竞价",
    "遴选",
    "成交通知",
];

/// Words that show state funds when no party is a public body.
const PUBLIC_FUNDS: [&str; 6] = [
    "财政",
    "预算资金",
    "国有资金",
    "政府投资",
    "专项债",
    "国家融资",
];

/// Which threshold of thresholds.toml applies to a contract, from its title.
fn threshold_id(title: &str) -> Option<&'static str> {
    let t = title;
    let project = t.contains("工程") || t.contains("项目") || t.contains("建设");
    if t.contains("施工") || t.contains("工程总承包") || t.contains("建设工程合同") {
        return Some("tender.construction");
    }
    if project && ["勘察", "设计", "监理"].iter().any(|w| t.contains(w)) {
        return Some("tender.services");
    }
    if project
        && ["设备", "材料"].iter().any(|w| t.contains(w))
        && ["采购", "供货", "买卖", "购销"]
            .iter()
            .any(|w| t.contains(w))
    {
        return Some("tender.goods");
    }
    None
}

fn is_project(title: &str) -> bool {
    ["工程", "项目", "建设"].iter().any(|w| title.contains(w))
}

/// The kinds of part the 合并 rule adds up, the words that name them in a price clause and
/// the threshold of each kind.
const PARTS: [(&str, &[&str]); 3] = [
    ("tender.construction", &["施工", "建筑安装", "建安"]),
    ("tender.goods", &["设备", "材料"]),
    ("tender.services", &["勘察", "设计", "监理"]),
];

/// Where the words naming a part begin (the normalised text keeps some ASCII punctuation).
const CLAUSE_BREAKS: [char; 9] = ['，', '；', '、', '：', ' ', ',', ';', ':', '。'];

/// Words before an amount that make it something other than the price of a part.
const NOT_A_PART: [&str; 10] = [
    "违约金", "保证金", "罚", "赔偿", "利息", "每日", "每逾期", "预付", "首付", "支付",
];

/// The part a money value prices, from the words just before it in its clause: 勘察费为人民币…
fn part_of(text: &str, v: &ClauseValue) -> Option<(usize, &'static str)> {
    if v.kind != Kind::Money || v.per.is_some() || v.bound.is_some() {
        return None;
    }
    let before = &text[v.sentence.0.min(v.norm.0)..v.norm.0];
    let clause = before.rsplit(CLAUSE_BREAKS).next().unwrap_or(before);
    let clause: String = {
        let cs: Vec<char> = clause.chars().collect();
        cs[cs.len().saturating_sub(16)..].iter().collect()
    };
    if NOT_A_PART.iter().any(|w| clause.contains(w)) {
        return None;
    }
    let clause = clause.as_str();
    // The word nearest the amount names the part: 施工图设计费 is a design fee.
    PARTS
        .iter()
        .enumerate()
        .flat_map(|(i, (_, words))| {
            words
                .iter()
                .filter_map(move |w| clause.rfind(w).map(|at| (at, i, *w)))
        })
        .max_by_key(|(at, _, _)| *at)
        .map(|(_, i, w)| (i, w))
}

/// 第五条第二款: parts of one kind, each below that kind's threshold, whose sum reaches it.
fn combined(
    rule: &CompiledRule,
    data: &Thresholds,
    blocks: &[Prepared],
    values: &[ClauseValue],
    who: &str,
) -> Vec<Finding> {
    let mut by_kind: Vec<Vec<(&ClauseValue, &Prepared, f64, String)>> = vec![vec![]; PARTS.len()];
    for v in values {
        let Some(p) = blocks.iter().find(|p| p.index == v.block) else {
            continue;
        };
        let (Some((kind, _)), Some(amount)) = (part_of(&p.norm.text, v), v.yuan()) else {
            continue;
        };
        // The part's name as written: the words from the clause start to the amount.
        let before = &p.norm.text[v.sentence.0.min(v.norm.0)..v.norm.0];
        let clause = before.rsplit(CLAUSE_BREAKS).next().unwrap_or(before);
        let name = clause
            .trim_end_matches(['为', '是', '：', ' '])
            .trim_end_matches("人民币")
            .trim_end_matches(['为', '是', '：', ' '])
            .to_string();
        by_kind[kind].push((v, p, amount, name));
    }
    let mut out = vec![];
    for (kind, parts) in by_kind.iter().enumerate() {
        if parts.len() < 2 {
            continue;
        }
        let Some(t) = data.get(PARTS[kind].0).filter(|t| t.verified) else {
            continue;
        };
        if parts.iter().any(|(_, _, a, _)| *a >= t.value) {
            continue;
        }
        let sum: f64 = parts.iter().map(|(_, _, a, _)| a).sum();
        if sum < t.value {
            continue;
        }
        let listed: Vec<String> = parts
            .iter()
            .map(|(_, _, a, n)| format!("{n}{}", yuan_text(*a)))
            .collect();
        let (v, p, _, _) = parts[0];
        let detail = format!(
            "同一项目中可以合并进行的{}合计{}，各自低于、合计达到{}规定的{}{}必须招标标准（同条第二款：合同估算价合计达到标准的，必须招标），{who}",
            listed.join("、"),
            yuan_text(sum),
            data.cite(t),
            t.name,
            yuan_text(t.value)
        );
        let mut f = finding_for(rule, p, v.sentence, v.norm, &detail);
        for (k, val) in [
            ("amount", format!("{}（{}）", yuan_text(sum), listed.join("、"))),
            ("threshold", format!("{}{}", t.name, yuan_text(t.value))),
            ("source", data.cite(t)),
            ("who", who.to_string()),
        ] {
            f.message = f.message.replace(&format!("{{{k}}}"), &val);
            f.suggestion = f.suggestion.replace(&format!("{{{k}}}"), &val);
        }
        out.push(f);
    }
    out
}

/// The block holding a contract price, and the placeholders every threshold finding fills:
/// `amount` (with its article), `threshold` and `source`.
pub(super) fn price_values<'b, 'd>(
    blocks: &'b [Prepared<'d>],
    data: &Thresholds,
    t: &Threshold,
    price: &ClauseValue,
    amount: f64,
) -> Option<(&'b Prepared<'d>, BTreeMap<&'static str, String>)> {
    let p = blocks.iter().find(|p| p.index == price.block)?;
    let place = price
        .article
        .as_deref()
        .map(|a| format!("（{a}）"))
        .unwrap_or_default();
    let values = [
        ("amount", format!("{}{place}", yuan_text(amount))),
        ("threshold", format!("{}{}", t.name, yuan_text(t.value))),
        ("source", data.cite(t)),
    ]
    .into_iter()
    .collect();
    Some((p, values))
}

/// The title, or the first line of a document without one.
pub(super) fn title_of<'a>(doc: &'a Document, blocks: &'a [Prepared]) -> &'a str {
    doc.title
        .as_deref()
        .or_else(|| blocks.first().map(|p| p.norm.text.as_str()))
        .unwrap_or("")
}

pub fn check(
    rule: &CompiledRule,
    doc: &Document,
    blocks: &[Prepared],
    values: &[ClauseValue],
    thresholds: Option<&Thresholds>,
) -> Vec<Finding> {
    let Some(data) = thresholds else {
        return vec![];
    };
    let title = title_of(doc, blocks);
    let single = threshold_id(title).and_then(|id| data.get(id));
    // A project contract of no single kind (勘察设计, 设计施工总承包) may still combine parts.
    if single.is_some_and(|t| !t.verified) || single.is_none() && !is_project(title) {
        return vec![];
    }
    let any = |words: &[&str]| {
        blocks
            .iter()
            .any(|p| words.iter().any(|w| p.norm.text.contains(w)))
    };
    if any(&COMPETITION) {
        return vec![];
    }
    let public_party = doc.parties.iter().find(|p| {
        matches!(
            p.kind,
            PartyKind::Government
                | PartyKind::PublicInstitution
                | PartyKind::PlatformCompany
                | PartyKind::Soe
        )
    });
    if public_party.is_none() && !any(&PUBLIC_FUNDS) {
        return vec![];
    }
    let who = public_party
        .map(|p| format!("{}为{}", p.role, p.kind.chinese()))
        .unwrap_or_else(|| "合同载明使用财政或国有资金".to_string());
    let price = contract_price(values);
    let Some((t, price, amount)) = single
        .zip(price)
        .and_then(|(t, v)| Some((t, v, v.yuan()?)))
        .filter(|(t, _, a)| *a >= t.value)
    else {
        return combined(rule, data, blocks, values, &who);
    };
    let Some((p, mut values)) = price_values(blocks, data, t, price, amount) else {
        return vec![];
    };
    values.insert("who", who);
    let detail = format!(
        "合同价款{}达到{}规定的{}必须招标标准，{}",
        values["amount"], values["source"], values["threshold"], values["who"]
    );
    let mut f = finding_for(rule, p, price.sentence, price.norm, &detail);
    fill_placeholders(&mut f, &values);
    vec![f]
}

#[cfg(test)]
mod tests {
    use super::threshold_id;

    #[test]
    fn contract_kind_from_the_title() {
        for (title, id) in [
            (
                "某县第二中学教学楼建设工程施工合同",
                Some("tender.construction"),
            ),
            ("某道路改造工程监理合同", Some("tender.services")),
            ("某污水处理厂建设项目设备采购合同", Some("tender.goods")),
            ("物业服务合同", None),
            ("办公设备采购合同", None),
            ("国有股权转让协议", None),
        ] {
            assert_eq!(threshold_id(title), id, "{title}");
        }
    }
}
