//! Document type from title, 文号, structure and wording, with the evidence used.

use super::model::{DocType, Document, Part};
use crate::chinese::label::{LabelKind, leading_label};

const CONTRACT_TITLE: [&str; 5] = ["合同", "协议", "协议书", "契约", "合同书"];
const DECISION_TITLE: [&str; 7] = [
    "处罚决定书",
    "行政处罚决定",
    "决定书",
    "征收决定",
    "强制执行决定",
    "许可决定",
    "不予许可决定",
];
const NON_NORMATIVE_TITLE: [&str; 18] = [
    "批复",
    "复函",
    "的函",
    "答复",
    "通报",
    "组成人员",
    "任免",
    "节假日安排",
    "表扬",
    "讲话",
    "报告",
    "情况的函",
    "奖励的决定",
    "申办",
    "新闻",
    "解读",
    "答记者问",
    "记者",
];
const NORMATIVE_TITLE: [&str; 16] = [
    "办法",
    "规定",
    "细则",
    "规则",
    "实施意见",
    "指导意见",
    "意见",
    "通知",
    "方案",
    "决定",
    "若干措施",
    "暂行",
    "条例",
    "规范",
    "指引",
    "措施",
];

/// A letter (函): 关于…的函, 承诺函. Such a document can be a contract in substance but
/// never has a contract's clauses.
pub fn is_letter(title: &str) -> bool {
    title.ends_with('函') || title.contains("的函") || title.contains("函（")
}

pub fn classify(doc: &Document) -> (DocType, Vec<String>) {
    let title = doc.title.clone().unwrap_or_default();
    let mut ev = vec![];
    let body_text = || doc.body().map(|(_, b)| b.text.as_str());

    if let Some(k) = DECISION_TITLE.iter().find(|k| title.contains(*k)) {
        ev.push(format!("标题含“{k}”"));
        return (DocType::Decision, ev);
    }

    let mut contract = 0;
    if let Some(k) = CONTRACT_TITLE
        .iter()
        .find(|k| title.ends_with(*k) || title.contains(&format!("{k}（")))
    {
        contract += 3;
        ev.push(format!("标题以“{k}”结尾"));
    }
    if doc.parties.len() >= 2 {
        contract += 3;
        ev.push(format!(
            "列明当事人：{}",
            doc.parties
                .iter()
                .map(|p| p.role.as_str())
                .collect::<Vec<_>>()
                .join("、")
        ));
    }
    let party_words = body_text()
        .filter(|t| t.contains("甲方") && t.contains("乙方") || t.contains("双方"))
        .count();
    if party_words >= 3 {
        contract += 1;
        ev.push(format!("{party_words} 段出现甲乙双方的权利义务用语"));
    }
    if contract >= 4 {
        return (DocType::Contract, ev);
    }

    let articles = doc
        .blocks
        .iter()
        .filter(|b| b.part == Part::Body)
        .filter(|b| leading_label(&b.text).is_some_and(|l| l.kind == LabelKind::Article))
        .count();
    // A letter that commits the government (承诺函, 担保函, 偿债安排的函) binds it like a
    // contract and is reviewed as one; other letters (复函, 批复) are not normative.
    let commitments = ["承诺", "偿还", "担保", "不可撤销", "支付义务", "兜底"];
    let committing = body_text()
        .filter(|t| commitments.iter().any(|w| t.contains(w)))
        .count();
    if ["承诺函", "担保函", "安慰函", "确认函"]
        .iter()
        .any(|k| title.contains(k))
        || (is_letter(&title) && committing >= 2)
    {
        ev.push(format!(
            "承诺或担保类函件（{committing} 段含承诺、偿还、担保等用语）"
        ));
        return (DocType::Contract, ev);
    }
    // A court case: 某公司诉某局行政协议案.
    if title.contains('诉') && title.ends_with('案') {
        ev.push("标题为“某某诉某某……案”，属裁判文书".into());
        return (DocType::Other, ev);
    }
    if let Some(k) = NON_NORMATIVE_TITLE.iter().find(|k| title.contains(*k)) {
        ev.push(format!("标题含“{k}”，属非规范性文件"));
        return (DocType::Other, ev);
    }
    let mut normative = 0;
    if let Some(n) = &doc.doc_number {
        if n.contains('发') || n.contains('规') || n.contains("令第") {
            normative += 2;
            ev.push(format!("文号 {n}"));
        } else if n.contains('函') {
            ev.push(format!("文号 {n} 为函件"));
            normative -= 1;
        }
    }
    if let Some(k) = NORMATIVE_TITLE.iter().find(|k| title.contains(*k)) {
        normative += 2;
        ev.push(format!("标题含“{k}”"));
    }
    if articles >= 3 {
        normative += 1;
        ev.push(format!("{articles} 个“第X条”条文"));
    }
    let binding = body_text()
        .filter(|t| t.contains("应当") || t.contains("不得") || t.contains("施行"))
        .count();
    if binding >= 3 {
        normative += 1;
        ev.push(format!("{binding} 段含“应当/不得/施行”等规范用语"));
    }
    if normative >= 3 {
        return (DocType::Normative, ev);
    }
    if contract >= 3 {
        return (DocType::Contract, ev);
    }
    ev.push("未见合同、规范性文件或执法决定的特征".into());
    (DocType::Other, ev)
}
