//! Document type from title, 文号, structure and wording, with the evidence used.

use super::model::{DocType, Document, Part};
use crate::chinese::label::{LabelKind, leading_label};
use regex::Regex;
use std::sync::LazyLock;

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

/// An administrative letter that decides a matter for someone (批复, 复函, 答复, 回复, 请示,
/// 意见函) or a decision that rewards or supports operators (关于表彰…企业的决定). Not a
/// 规范性文件, but a 具体政策措施 under fair-competition review.
pub fn is_policy_letter(title: &str) -> bool {
    let core = title_core(title);
    let letter = ["批复", "复函", "的函", "意见函", "答复", "回复", "请示"]
        .iter()
        .any(|k| core.contains(k));
    // 关于表彰纳税百强企业的决定: a decision that hands out rewards or support to operators.
    let rewarding = core.ends_with("决定")
        && ["表彰", "奖励", "扶持", "补助", "补贴", "资金", "支持"]
            .iter()
            .any(|k| core.contains(k));
    (letter || rewarding) && !reads_as_news(core) && !(core.contains('诉') && core.ends_with('案'))
}

/// A letter (函): 关于…的函, 承诺函. Such a document can be a contract in substance but
/// never has a contract's clauses.
pub fn is_letter(title: &str) -> bool {
    title.ends_with('函') || title.contains("的函") || title.contains("函（")
}

/// The title without the markers a draft or trial version carries: （征求意见稿）, （送审稿）,
/// （草案）, （修订草案）, （试行）, （暂行）, （修订）, （代拟稿）, nor the year, year range or
/// date written after it: ……条例（2011）, ……方案（2021-2023年）, ……的通知 2020年3月1日.
pub fn title_core(title: &str) -> &str {
    let mut t = title.trim();
    loop {
        if let Some(m) = TRAILING_DATE.find(t) {
            t = t[..m.start()].trim_end();
            continue;
        }
        let Some(open) = t.rfind(['（', '(']) else {
            break;
        };
        if !(t.ends_with('）') || t.ends_with(')')) {
            break;
        }
        let inner = &t[open..];
        let marker = ["稿", "草案", "试行", "暂行", "修订", "修正"]
            .iter()
            .any(|m| inner.contains(m))
            || DATE_NOTE.is_match(inner)
            || (names_its_form(t[..open].trim_end()) && !retypes(inner));
        if !marker {
            break;
        }
        t = t[..open].trim_end();
    }
    t
}

/// Whether a bracketed note says the text is something other than the titled document
/// (……实施意见（政策解读）, ……意见（复函）): such a note stays, so the title is typed by it.
fn retypes(note: &str) -> bool {
    NON_NORMATIVE_TITLE
        .iter()
        .chain(&["函", "请示", "回复", "说明", "起草"])
        .any(|k| note.contains(k))
}

/// Whether a title without its last bracketed note still ends in a document's form
/// (……若干措施（节选）, ……的通知（第二批）, ……实施意见（公开征求意见）, ……合同（施工）): the
/// note says which part or version this is; the form before it says what the document is.
fn names_its_form(t: &str) -> bool {
    NORMATIVE_FORM
        .iter()
        .chain(PROCUREMENT_FORM.iter())
        .any(|f| t.ends_with(f))
        || t.ends_with("合同")
        || t.ends_with("协议")
        || t.ends_with("协议书")
}

/// Policy forms a title names without a form word of [`NORMATIVE_FORM`]: a numbered policy
/// package (稳增长十条, 人才新政20条), a government body's 文件 (某县人民政府办公室文件), and
/// the decisions of a meeting (常务会议议定事项, 专题会议记录), which bind as minutes do.
fn policy_form(core: &str) -> Option<String> {
    static COUNTED: LazyLock<Regex> = LazyLock::new(|| {
        // The whole numeral, not its tail: 第十三条 and 第一百零五条 are articles, not a
        // package of 三条 or 五条.
        Regex::new(
            r"(?:^|[^第一二三四五六七八九十百千万零〇两0-9])(?:[一二三四五六七八九十百千万零〇两]+|[0-9]+)条$",
        )
        .expect("counted-articles regex")
    });
    const NUMERALS: &str = "一二三四五六七八九十百千万零〇两0123456789";
    if let Some(m) = COUNTED.find(core) {
        let numeral = m
            .as_str()
            .trim_start_matches(|c: char| !NUMERALS.contains(c));
        return Some(numeral.to_string());
    }
    let form = std::iter::once("文件")
        .chain(MEETING_RECORD)
        .find(|f| core.ends_with(f))?;
    is_government_issued(&core[..core.len() - form.len()]).then(|| form.to_string())
}

/// A meeting's record of its decisions under a name other than 纪要: typed normative (they bind
/// as minutes do) and, like minutes, not asked for a 制定依据 or an 有效期.
const MEETING_RECORD: [&str; 2] = ["议定事项", "会议记录"];

/// Whether the issuer a title names before its form is a government body (某县人民政府办公室,
/// 某市财政局, 某区管委会), not a company, an owners' or villagers' committee or an association.
fn is_government_issued(issuer: &str) -> bool {
    let private = [
        "公司", "集团", "业主", "村民", "居民", "协会", "商会", "股东", "董事",
    ];
    if private.iter().any(|w| issuer.contains(w)) {
        return false;
    }
    static BODY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:人民政府|政府|管委会|管理委员会|委员会|办公室|办公厅|[^格布饭餐客大]局|[^餐客大展]厅|委)(?:常务会议|专题会议|会议|党组会议)?$")
            .expect("government issuer regex")
    });
    BODY.is_match(issuer)
}

/// A date written after the title on the same line: ……的通知 2020年3月1日, ……办法 2019-05-01.
static TRAILING_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\s*(?:\d{4}年\d{1,2}月\d{1,2}日|\d{4}[-./]\d{1,2}[-./]\d{1,2})$").unwrap()
});

/// A bracketed note that is only a year, a year range or a date: （2011）, (2021-2023年),
/// （2023—2025年）, （2021年3月8日）, (2021-09-24).
static DATE_NOTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[（(]\s*\d{4}(?:年度?)?(?:\s*[-—–~～至到]\s*\d{4}年?)?(?:\d{1,2}月(?:\d{1,2}日)?|[-./]\d{1,2}[-./]\d{1,2})?(?:年度?)?\s*[)）]$",
    )
    .unwrap()
});

/// The titles a title line joins: 关于印发……的通知、《……方案》; ……规划暨……工作要点;
/// ……的通知《……的通知》. Each part without its 《》 or <>; one part when nothing is joined.
pub fn title_parts(core: &str) -> Vec<String> {
    let mut s = core.to_string();
    for sep in [
        "》、《",
        "》《",
        "、《",
        "》、",
        "及《",
        "和《",
        "与《",
        "》及",
        "暨",
    ] {
        s = s.replace(sep, "\u{1}");
    }
    // A 《 opening a second title right after the first one's form word: ……的通知《……》.
    s = s.replace('《', "\u{1}");
    s.split('\u{1}')
        .map(|p| {
            let p = p
                .trim()
                .trim_matches(['《', '》', '<', '>', '〈', '〉', '、']);
            title_core(p).to_string()
        })
        .filter(|p| !p.is_empty())
        .collect()
}

/// Documents that set the terms every bidder or supplier must meet (招标文件, 采购公告, 询价
/// 通知书, a 采矿权 出让文件). Not rules of general application in the strict sense, but they
/// are reviewed for competition like normative texts (公平竞争审查, 招标投标法 §18, 政府采购法
/// §22), so they are typed `normative`.
pub const PROCUREMENT_FORM: [&str; 19] = [
    "招标文件",
    "采购文件",
    "磋商文件",
    "谈判文件",
    "询价文件",
    "比选文件",
    "遴选文件",
    "竞价文件",
    "出让文件",
    "拍卖文件",
    "招租文件",
    "招标公告",
    "采购公告",
    "磋商公告",
    "比选公告",
    "遴选公告",
    "出让公告",
    "询价通知书",
    "投标人须知",
];

/// A 会议纪要, a 政府工作规则 or a 下达资金 notice: a record of a meeting's decisions, the
/// rules of an organ's own work, or a one-off allocation (国办发〔2018〕37号 一: a normative
/// document touches citizens' and organisations' rights and duties and applies again and
/// again). None states a 制定依据 or an 有效期 as a normative document must; what such a
/// paper decides is still read sentence by sentence. Judged by the document's own form (the
/// last part of its title), not by a word it mentions: 关于贯彻落实专题会议纪要精神的若干措施
/// and 关于下达《……资金管理办法》的通知 are rules and keep both checks.
pub fn is_minutes_or_one_off(title: &str) -> bool {
    let parts = title_parts(title_core(title));
    let Some(own) = parts.last() else {
        return false;
    };
    own.ends_with("纪要")
        || MEETING_RECORD.iter().any(|f| own.ends_with(f))
        || own.ends_with("政府工作规则")
        || own.ends_with("办公室工作规则")
        || ONE_OFF_ALLOCATION.is_match(own)
}

/// 关于下达2018年度第一批……资金的通知: an allocation to named recipients, with no 《…》 rule
/// handed down by it (关于下达《某县计划生育家庭奖励扶助实施办法》的通知 is a rule).
static ONE_OFF_ALLOCATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"关于下达[^《》]*(?:资金|计划)的?通知$").expect("allocation regex")
});

/// Whether a document is a procurement document ([`PROCUREMENT_FORM`]) by its title.
pub fn is_procurement(title: &str) -> bool {
    title_parts(title_core(title))
        .iter()
        .any(|p| PROCUREMENT_FORM.iter().any(|f| p.ends_with(f)))
}

/// The form words a normative document's title ends with.
const NORMATIVE_FORM: [&str; 42] = [
    "通知",
    // ……支持民营经济高质量发展政策包: a bundle of measures issued as one document.
    "政策包",
    // ……优惠政策文件, ……保证金管理文件: a title that names itself a policy document.
    "政策文件",
    "管理文件",
    "意见",
    "决定",
    "办法",
    "规定",
    "细则",
    "规则",
    "方案",
    "措施",
    "标准",
    "目录",
    "公告",
    "通告",
    "条例",
    "准则",
    "规范",
    "指引",
    "政策",
    "计划",
    "规划",
    "纲要",
    "清单",
    "实施意见",
    "指导意见",
    "若干措施",
    "会议纪要",
    "决议",
    // 协调会纪要, 专题会议纪要: rules set at a meeting bind like any other.
    "会纪要",
    "指南",
    "须知",
    "要点",
    "制度",
    "名录",
    "法规",
    "规章",
    // A title that describes its document by kind: ……优惠政策文件, ……管理文件.
    "政策文件",
    "管理文件",
    "规范性文件",
    "实施方案",
];

/// A title that reads as news or a report about what others did: 六部门发布通知规范…
fn reads_as_news(core: &str) -> bool {
    [
        "发布通知",
        "印发通知",
        "出台",
        "召开",
        "举行",
        "答记者问",
        "负责人就",
        "新闻发布",
    ]
    .iter()
    .any(|w| core.contains(w))
        && !core.starts_with("关于")
}

pub fn classify(doc: &Document) -> (DocType, Vec<String>) {
    let title = doc.title.clone().unwrap_or_default();
    let core = title_core(&title).to_string();
    let mut ev = vec![];
    let body_text = || doc.body().map(|(_, b)| b.text.as_str());

    if let Some(k) = DECISION_TITLE.iter().find(|k| core.contains(*k)) {
        ev.push(format!("标题含“{k}”"));
        return (DocType::Decision, ev);
    }
    // 关于…征收的决定 / 奖励的决定: an act addressed to identified persons or property.
    if core.ends_with("的决定")
        && ["征收", "奖励", "处罚", "表彰", "撤销", "吊销", "收回"]
            .iter()
            .any(|w| core.contains(w))
    {
        ev.push("标题为针对特定对象的“……的决定”".into());
        return (DocType::Decision, ev);
    }

    let mut contract = 0;
    if let Some(k) = CONTRACT_TITLE.iter().find(|k| {
        core.ends_with(*k)
                || core.contains(&format!("{k}（"))
                // ……采购项目合同公告: the announcement a buyer must publish of a signed
                // procurement contract (政府采购法实施条例 第五十条) carries the contract itself.
                || core.ends_with(&format!("{k}公告"))
    }) {
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
    // A letter or resolution that commits the government to a lender (承诺函, 担保函, 偿债
    //安排的函, a 决议 putting repayment into the budget) binds it like a contract and is
    // reviewed as one; other letters (复函, 批复) are not normative.
    let commitments = [
        "承诺",
        "偿还",
        "担保",
        "不可撤销",
        "支付义务",
        "兜底",
        "纳入",
        "本息",
        "偿付",
        "贷款",
    ];
    let committing = body_text()
        .map(|t| commitments.iter().filter(|w| t.contains(*w)).count())
        .sum::<usize>();
    let addressed_to_lender = body_text().take(3).any(|t| {
        let t = t.trim();
        t.ends_with('：')
            && ["银行", "分行", "支行", "信托", "租赁", "证券", "金融"]
                .iter()
                .any(|w| t.contains(w))
    });
    if [
        "承诺函",
        "担保函",
        "安慰函",
        "确认函",
        "承诺书",
        "保证书",
        "担保书",
    ]
    .iter()
    .any(|k| core.contains(k))
        || ((is_letter(&core) || core.ends_with("决议"))
            && (committing >= 2 || addressed_to_lender))
    {
        ev.push(format!(
            "承诺或担保类文书（含承诺、偿还、担保等用语 {committing} 处{}）",
            if addressed_to_lender {
                "，致金融机构"
            } else {
                ""
            }
        ));
        return (DocType::Contract, ev);
    }
    // A court case: 某公司诉某局行政协议案.
    if core.contains('诉') && core.ends_with('案') {
        ev.push("标题为“某某诉某某……案”，属裁判文书".into());
        return (DocType::Other, ev);
    }
    if let Some(k) = NON_NORMATIVE_TITLE.iter().find(|k| core.contains(*k)) {
        ev.push(format!("标题含“{k}”，属非规范性文件"));
        return (DocType::Other, ev);
    }
    if reads_as_news(&core) {
        ev.push("标题为报道或新闻".into());
        return (DocType::Other, ev);
    }
    // The title's form is the strongest evidence a draft without a 文号 gives; of titles
    // joined into one line (……的通知、《……方案》), any part's form counts.
    let parts = title_parts(&core);
    if let Some(k) = PROCUREMENT_FORM
        .iter()
        .find(|k| parts.iter().any(|p| p.ends_with(*k)))
    {
        ev.push(format!(
            "标题为“……{k}”，属招标采购文件，按规范性文件审查竞争条件"
        ));
        return (DocType::Normative, ev);
    }
    if let Some(k) = NORMATIVE_FORM
        .iter()
        .rev()
        .find(|k| parts.iter().any(|p| p.ends_with(*k)))
    {
        ev.push(format!("标题为“……{k}”"));
        if parts.len() > 1 {
            ev.push(format!("标题由 {} 个文件标题连写而成", parts.len()));
        }
        if title.len() > core.len() {
            ev.push(format!("标题标注“{}”", title[core.len()..].trim()));
        }
        return (DocType::Normative, ev);
    }
    if let Some(form) = policy_form(&core) {
        ev.push(format!("标题为“……{form}”"));
        return (DocType::Normative, ev);
    }
    if core.ends_with('法') && !core.ends_with("做法") && !core.ends_with("看法") {
        ev.push("标题为“……法”".into());
        return (DocType::Normative, ev);
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
    if let Some(k) = NORMATIVE_TITLE.iter().find(|k| core.contains(*k)) {
        normative += 2;
        ev.push(format!("标题含“{k}”"));
    }
    let addressees = body_text()
        .take(4)
        .any(crate::document::structure::is_addressee_line);
    if addressees {
        normative += 2;
        ev.push("主送“各……：”，普遍适用".into());
    }
    if articles >= 3 {
        normative += 1;
        ev.push(format!("{articles} 个“第X条”条文"));
    }
    let binding = body_text()
        .filter(|t| {
            ["应当", "不得", "施行", "一律", "必须", "须"]
                .iter()
                .any(|w| t.contains(w))
        })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minutes_and_allocations_by_their_own_form_not_a_word_they_mention() {
        assert!(is_minutes_or_one_off("某县人民政府常务会议纪要"));
        assert!(is_minutes_or_one_off("某县人民政府工作规则"));
        assert!(is_minutes_or_one_off(
            "某县财政局关于下达2018年度第一批农业产业发展资金的通知"
        ));
        assert!(!is_minutes_or_one_off(
            "某县人民政府关于贯彻落实县政府专题会议纪要精神进一步扶持企业发展的若干措施"
        ));
        assert!(!is_minutes_or_one_off(
            "某县人民政府关于下达《某县产业发展专项资金管理办法》的通知"
        ));
        assert!(!is_minutes_or_one_off(
            "某县人民政府关于下达《某县计划生育家庭奖励扶助实施办法》的通知"
        ));
    }

    #[test]
    fn a_policy_package_names_its_form() {
        assert!(names_its_form("某区支持民营经济高质量发展政策包"));
        assert!(!names_its_form("某区礼品包"));
    }

    #[test]
    fn years_dates_and_draft_markers_leave_the_title_core() {
        assert_eq!(title_core("某省道路运输条例（2011）"), "某省道路运输条例");
        assert_eq!(
            title_core("某市产业布局方案（2021-2023年）"),
            "某市产业布局方案"
        );
        assert_eq!(
            title_core("某区三年行动方案（2023—2025年）"),
            "某区三年行动方案"
        );
        assert_eq!(
            title_core("关于某事项的通知（2021年3月8日）"),
            "关于某事项的通知"
        );
        assert_eq!(
            title_core("关于某事项的通知 2020年3月1日"),
            "关于某事项的通知"
        );
        assert_eq!(
            title_core("某市招标投标条例(2021-09-24)"),
            "某市招标投标条例"
        );
        assert_eq!(title_core("某办法（2019年修订）（征求意见稿）"), "某办法");
        // A bracketed note that is not a date stays: it is part of the name.
        assert_eq!(
            title_core("某县共享（电）单车管理办法"),
            "某县共享（电）单车管理办法"
        );
        // A note after the form word says which part or version: the form still types it.
        for (t, core) in [
            (
                "关于促进招商引资的若干措施（节选）",
                "关于促进招商引资的若干措施",
            ),
            ("某县招商引资优惠政策（第二批）", "某县招商引资优惠政策"),
            (
                "某县关于加快发展的实施意见（公开征求意见）",
                "某县关于加快发展的实施意见",
            ),
            ("某某项目施工合同（摘录）", "某某项目施工合同"),
        ] {
            assert_eq!(title_core(t), core);
        }
        // Not after a form word: the note may be the name's own (某某（集团）公司).
        assert_eq!(title_core("某某（集团）"), "某某（集团）");
        // A note that says what the text is stays: it types the document.
        assert_eq!(
            title_core("某县关于加快发展的实施意见（政策解读）"),
            "某县关于加快发展的实施意见（政策解读）"
        );
        assert_eq!(
            title_core("关于某事项的意见（复函）"),
            "关于某事项的意见（复函）"
        );
    }

    #[test]
    fn numbered_packages_government_files_and_meeting_decisions_are_policy_forms() {
        assert_eq!(policy_form("某县支持工业发展十条").as_deref(), Some("十条"));
        assert_eq!(policy_form("某市人才新政20条").as_deref(), Some("20条"));
        assert_eq!(
            policy_form("某县人民政府办公室文件").as_deref(),
            Some("文件")
        );
        assert_eq!(
            policy_form("某市人民政府常务会议议定事项").as_deref(),
            Some("议定事项")
        );
        // An article is no package; a company's or a committee of owners' 文件 is no
        // government's.
        assert_eq!(policy_form("某某条例第十三条"), None);
        assert_eq!(policy_form("某办法第3条"), None);
        assert_eq!(policy_form("中华人民共和国公司法第一百零五条"), None);
        assert_eq!(policy_form("中华人民共和国民法典第一千二百条"), None);
        assert_eq!(policy_form("某某有限公司文件"), None);
        assert_eq!(policy_form("某某有限公司办公室文件"), None);
        assert_eq!(policy_form("某小区业主委员会文件"), None);
        assert_eq!(policy_form("某某有限公司股东会会议记录"), None);
        assert_eq!(policy_form("某县新发展格局文件"), None);
        assert_eq!(policy_form("某县财政局文件").as_deref(), Some("文件"));
        assert_eq!(
            policy_form("某县人民政府常务会议会议记录").as_deref(),
            Some("会议记录")
        );
        // Minutes-like decisions are not asked for a 制定依据 or an 有效期.
        assert!(is_minutes_or_one_off("某市人民政府常务会议议定事项"));
    }

    #[test]
    fn joined_titles_are_split_into_their_parts() {
        assert_eq!(
            title_parts("关于印发某措施的通知、《关于某实施方案的通知》"),
            ["关于印发某措施的通知", "关于某实施方案的通知"]
        );
        assert_eq!(
            title_parts("某产业发展规划(2021-2023年)暨2021年度工作要点"),
            ["某产业发展规划", "2021年度工作要点"]
        );
        assert_eq!(title_parts("某县某项目招标文件"), ["某县某项目招标文件"]);
        assert!(is_procurement("某县某项目询价通知书"));
        assert!(!is_procurement("关于某事项的通知"));
    }
}
