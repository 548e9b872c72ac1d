//! ## What it does
//! Reads the contract price of a goods or services purchase (the kind is read from the title: 采购、购置、购买、供货、买卖 or a 服务 contract, not a 工程 contract, which CON-BID-004 judges) in which a government organ or public institution buys from an enterprise, and compares it with the 政府采购 公开招标数额标准 of rules/data/thresholds.toml (中央预算单位: 200万元 for goods and services, 国办发〔2019〕55号 四). When the price reaches it but the contract names no procurement procedure anywhere (公开招标、邀请招标、竞争性谈判/磋商、询价、单一来源、框架协议、协议供货 …), it reports the amount, the threshold and its source. A local purchaser's figure is set by its province (政府采购法 第二十七条) and may be higher: the finding says so and asks for the province's figure. Unverified thresholds are never used.
//!
//! ## Why is this bad?
//! A purchase with fiscal funds by an organ or institution at or above the 公开招标数额标准 must be bought by 公开招标; another method needs the approval of the finance department before the purchase (政府采购法 第二十七条、第二十八条). A contract signed directly with a supplier at that amount bypasses the procedure; one that was tendered says so (中标通知书, 采购文件).
//!
//! ## Example
//! ```text
//! 某县教育体育局中小学教学设备购置合同
//! 甲方（采购人）：某县教育体育局
//! 第二条 价款 合同总价为人民币叁佰贰拾万元。
//! （全文未提及招标、政府采购或其他采购方式）
//! ```


use super::tender_threshold_without_competition::{COMPETITION, price_values, title_of};
use super::{fill_placeholders, finding_for};
use crate::document::model::Document;
use crate::document::parties::PartyKind;
use crate::document::prepared::Prepared;
use crate::document::values::{ClauseValue, contract_price};
use crate::rules::compile::CompiledRule;
use crate::rules::finding::Finding;
use crate::rules::thresholds::Thresholds;

/// The threshold this check reads.
const OPEN_TENDER: &str = "procurement.central.open_tender_goods_services";

/// Procurement methods and channels beyond the tendering words (政府采购法 第二十六条, 87号令,
/// 框架协议采购): a contract that names one was bought through a procedure.
const PROCEDURES: [&str; 10] = [
    "采购方式",
    "磋商",
    "成交供应商",
    "框架协议",
    "协议供货",
    "定点采购",
    "电子卖场",
    "网上商城",
    "批量集中采购",
    "采购代理",
];

/// Words in a title that make the contract a purchase of goods or services.
fn purchase_kind(title: &str) -> Option<&'static str> {
    // Works and the goods and services of a construction project are tendered under the
    // tendering law (政府采购法实施条例 第七条), whose figures CON-BID-004 applies.
    if ["工程", "施工", "勘察", "设计", "监理", "建设"]
        .iter()
        .any(|w| title.contains(w))
    {
        return None;
    }
    if ["采购", "购置", "购买", "供货", "买卖", "购销"]
        .iter()
        .any(|w| title.contains(w))
    {
        return Some(if title.contains("服务") {
            "服务"
        } else {
            "货物"
        });
    }
    (title.contains("服务") && (title.contains("合同") || title.contains("协议"))).then_some("服务")
}

pub fn check(
    rule: &CompiledRule,
    doc: &Document,
    blocks: &[Prepared],
    values: &[ClauseValue],
    thresholds: Option<&Thresholds>,
) -> Vec<Finding> {
    let Some((data, t)) = thresholds
        .and_then(|d| Some((d, d.get(OPEN_TENDER)?)))
        .filter(|(_, t)| t.verified)
    else {
        return vec![];
    };
    let Some(kind) = purchase_kind(title_of(doc, blocks)) else {
        return vec![];
    };
    // An organ or institution buys from an enterprise (政府采购法 第二条); two public bodies
    // agreeing on a task is not a purchase from the market.
    let Some(buyer) = doc.parties.iter().find(|p| p.kind.is_organ()) else {
        return vec![];
    };
    if !doc
        .parties
        .iter()
        .any(|p| !p.kind.is_organ() && p.kind != PartyKind::Individual)
    {
        return vec![];
    }
    if blocks.iter().any(|p| {
        COMPETITION
            .iter()
            .chain(PROCEDURES.iter())
            .any(|w| p.norm.text.contains(w))
    }) {
        return vec![];
    }
    let Some(price) = contract_price(values) else {
        return vec![];
    };
    let Some(amount) = price.yuan().filter(|a| *a >= t.value) else {
        return vec![];
    };
    let Some((p, mut values)) = price_values(blocks, data, t, price, amount) else {
        return vec![];
    };
    values.insert(
        "who",
        format!("{}{}为{}", buyer.role, buyer.name, buyer.kind.chinese()),
    );
    values.insert("kind", kind.to_string());
    let detail = format!(
        "{}采购{}，合同价款{}达到{}规定的{}",
        values["who"], values["kind"], values["amount"], values["source"], values["threshold"]
    );
    let mut f = finding_for(rule, p, price.sentence, price.norm, &detail);
    fill_placeholders(&mut f, &values);
    vec![f]
}

#[cfg(test)]
mod tests {
    use super::purchase_kind;

    #[test]
    fn purchase_kind_from_the_title() {
        for (title, kind) in [
            ("某县教育体育局中小学教学设备购置合同", Some("货物")),
            ("办公设备采购合同", Some("货物")),
            ("物业服务合同", Some("服务")),
            ("某县政府购买养老服务协议", Some("服务")),
            ("某县第二中学教学楼建设工程施工合同", None),
            ("某污水处理厂建设项目设备采购合同", None),
            ("国有股权转让协议", None),
        ] {
            assert_eq!(purchase_kind(title), kind, "{title}");
        }
    }
}
