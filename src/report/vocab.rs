//! The Chinese a person reads in reports: names of document types, severities, ranks of
//! legal sources, conclusions, dates and places. Category, severity and document-type
//! names live with their enums (`Category::chinese`, `Severity::chinese`,
//! `DocType::chinese`); the conclusion wording lives in rules/conclusions.toml.

use std::sync::LazyLock;

use crate::chinese::places::PROVINCES;

use regex::Regex;

use crate::chinese::label::{LabelKind, leading_label};
use crate::document::location::Location;
use crate::document::model::{DocType, Document};
use crate::rules::schema::Severity;

/// The document type as the memo names it.
pub fn doc_type_name(t: DocType) -> &'static str {
    match t {
        DocType::Contract => "合同（协议）",
        DocType::Normative => "行政规范性文件",
        DocType::Decision => "重大行政执法决定",
        DocType::Other => "其他文件",
    }
}

/// How the memo refers to the reviewed document: 该文件 / 该合同 / 该决定.
pub fn doc_noun(t: DocType) -> &'static str {
    match t {
        DocType::Contract => "合同",
        DocType::Decision => "决定",
        _ => "文件",
    }
}

/// The heading of a severity group in the memo: 必须修改的问题 …
pub fn severity_group(s: Severity) -> &'static str {
    match s {
        Severity::Error => "必须修改的问题",
        Severity::Warning => "建议修改的问题",
        Severity::Info => "提示事项",
    }
}

/// A citation's status in the memo's 引用法律法规核查表, its date in a column of its own (a
/// date never wraps inside a narrow cell): (status, date).
pub fn citation_status(c: &crate::citations::Citation) -> (String, String) {
    use crate::citations::CitationStatus as S;
    let date_in_text = ISO_DATE
        .find(&c.status_text)
        .map_or(String::new(), |m| chinese_date(m.as_str()));
    let repealed = c.repealed.as_deref().map_or(String::new(), chinese_date);
    let (status, date) = match c.status {
        S::InForce if !repealed.is_empty() => ("引用时有效，其后废止".to_string(), repealed),
        S::InForce => ("现行有效".to_string(), String::new()),
        S::Repealed => ("已废止".to_string(), repealed),
        S::SupersededVersion => ("所引版本已被修改".to_string(), date_in_text),
        S::NotYetInForce => ("尚未生效".to_string(), String::new()),
        S::NotInDatabase => ("数据库中未收录".to_string(), String::new()),
        S::Document => ("以文号引用的文件".to_string(), String::new()),
        S::StatusUnknown => (chinese_dates_in(&c.status_text), String::new()),
    };
    let status = if c.mention {
        format!("{status}（仅为提及）")
    } else {
        status
    };
    (status, if date.is_empty() { "—".into() } else { date })
}

/// A legal source's rank, highest first: the order of the memo's 审查依据.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rank {
    Constitution,
    Law,
    AdminRegulation,
    DepartmentRule,
    LocalRegulation,
    JudicialInterpretation,
    Normative,
}

impl Rank {
    pub fn chinese(self) -> &'static str {
        match self {
            Rank::Constitution => "宪法",
            Rank::Law => "法律",
            Rank::AdminRegulation => "行政法规",
            Rank::DepartmentRule => "部门规章",
            Rank::LocalRegulation => "地方性法规",
            Rank::JudicialInterpretation => "司法解释",
            Rank::Normative => "规范性文件",
        }
    }

    /// From the law database's level (法律, 行政法规, 司法解释, 部门规章, 规范性文件 …).
    pub fn from_level(level: &str) -> Option<Rank> {
        Some(match level {
            "宪法" => Rank::Constitution,
            "法律" | "有关法律问题和重大问题的决定" => Rank::Law,
            "行政法规" => Rank::AdminRegulation,
            "部门规章" | "规章" => Rank::DepartmentRule,
            "地方性法规" => Rank::LocalRegulation,
            "司法解释" => Rank::JudicialInterpretation,
            "规范性文件" => Rank::Normative,
            _ => return None,
        })
    }
}

/// The rank of a source from the law database, else from its title: 中华人民共和国…法 is a
/// law, …条例 of the State Council an administrative regulation, a 省/市 …条例 a local
/// regulation, 最高人民法院…规定 a judicial interpretation, a 通知/意见 with a 文号 a normative
/// document.
pub fn rank_of(title: &str) -> Rank {
    let (bare, doc_number) = split_doc_number(title);
    if bare
        .trim_start_matches('《')
        .trim_end_matches('》')
        .ends_with("宪法")
    {
        return Rank::Constitution;
    }
    if let Some((law, _)) = crate::citations::lawdb::db().resolve(&bare)
        && let Some(r) = law.level.as_deref().and_then(Rank::from_level)
    {
        return r;
    }
    let t = bare.trim_start_matches('《').trim_end_matches('》');
    if t.ends_with("宪法") {
        return Rank::Constitution;
    }
    if t.starts_with("最高人民法院") || t.starts_with("最高人民检察院") {
        return Rank::JudicialInterpretation;
    }
    let local = PROVINCES.iter().any(|p| t.starts_with(p))
        || t.contains('省')
        || t.contains("自治区")
        || (t.contains('市') && !t.starts_with("中华人民共和国"));
    if t.ends_with('法') && (t.starts_with("中华人民共和国") || !local) {
        return Rank::Law;
    }
    if t.ends_with("条例") || t.ends_with("实施细则") {
        return if local {
            Rank::LocalRegulation
        } else {
            Rank::AdminRegulation
        };
    }
    if doc_number.is_none()
        && (t.ends_with("办法") || t.ends_with("规定"))
        && !t.contains("通知")
        && !t.contains("意见")
    {
        return Rank::DepartmentRule;
    }
    Rank::Normative
}

/// A title with a trailing 文号 split off: 国务院办公厅关于…的指导意见（国办发〔2018〕115号）
/// → (国务院办公厅关于…的指导意见, Some(国办发〔2018〕115号)).
pub fn split_doc_number(title: &str) -> (String, Option<String>) {
    let t = title.trim().trim_start_matches('《').trim_end_matches('》');
    if let Some(inner) = t.strip_suffix('）')
        && let Some(open) = inner.rfind('（')
    {
        let number = &inner[open + '（'.len_utf8()..];
        if number.ends_with('号') && number.contains('〔') {
            return (inner[..open].to_string(), Some(number.to_string()));
        }
    }
    (t.to_string(), None)
}

/// A source as cited in the memo: 《标题》（文号）.
pub fn source_name(title: &str) -> String {
    match split_doc_number(title) {
        (t, Some(n)) => format!("《{t}》（{n}）"),
        (t, None) => format!("《{t}》"),
    }
}

/// An article reference of a basis as a reader says it: 第三十五条第三款 as written; 二 →
/// 第二部分; （六） → 第（六）项.
pub fn article_ref(article: &str) -> String {
    let a = article.trim();
    if a.is_empty() || a.starts_with('第') {
        return a.to_string();
    }
    if a.chars().all(crate::chinese::numerals::is_numeral_char) {
        return format!("第{a}部分");
    }
    if a.starts_with('（') && a.ends_with('）') {
        return format!("第{a}项");
    }
    a.to_string()
}

/// 2024-03-01 → 2024年3月1日 (other text unchanged).
pub fn chinese_date(iso: &str) -> String {
    let p: Vec<&str> = iso.trim().split('-').collect();
    match p.as_slice() {
        [y, m, d]
            if y.len() == 4
                && [y, m, d]
                    .iter()
                    .all(|x| !x.is_empty() && x.chars().all(|c| c.is_ascii_digit())) =>
        {
            let n = |s: &str| s.trim_start_matches('0').to_string();
            format!("{y}年{}月{}日", n(m), n(d))
        }
        _ => iso.to_string(),
    }
}

static ISO_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)(\d{4}-\d{2}-\d{2})(?-u:\b)").expect("date regex"));

/// Every ISO date in running text written the Chinese way (施行日期 2023-01-01 早于… →
/// 施行日期2023年1月1日早于…).
pub fn chinese_dates_in(text: &str) -> String {
    let s = ISO_DATE.replace_all(text, |c: &regex::Captures| chinese_date(&c[1]));
    // No space is left between a Chinese date and Chinese text.
    let mut out = String::with_capacity(s.len());
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let prev = i.checked_sub(1).and_then(|j| chars.get(j)).copied();
            let next = chars.get(i + 1).copied();
            if prev.is_some_and(is_cjk) && next.is_some_and(|n| is_cjk(n) || n.is_ascii_digit())
                || prev.is_some_and(|p| p == '日') && next.is_some_and(is_cjk)
            {
                continue;
            }
        }
        out.push(c);
    }
    out
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3000}'..='\u{303f}' | '\u{ff00}'..='\u{ffef}')
}

/// One element of a structural path as a reader says it: 一、 → 第一部分, （二） → 第（二）项,
/// 3. → 第3点, （4） → 第（4）目; 第三章, 第十二条, 第二款 as written.
fn path_element(p: &str) -> String {
    let Some(label) = leading_label(p) else {
        return p.to_string();
    };
    let core = label
        .text
        .trim_end_matches(['、', '.', '．'])
        .trim()
        .to_string();
    match label.kind {
        LabelKind::Outline1 => format!("第{core}部分"),
        LabelKind::Outline2 => format!("第{core}项"),
        LabelKind::Outline3 => format!("第{core}点"),
        LabelKind::Outline4 | LabelKind::Outline5 => format!("第{core}目"),
        _ => p.to_string(),
    }
}

/// Where a finding sits, as a lawyer cites it, with the physical place after it:
/// 第三条第二款（第5段）, 第一部分（第12行）, 第3页. A 第一款 is left out when its article has
/// only one paragraph in `doc`.
pub fn place(loc: &Location, doc: Option<&Document>) -> String {
    let mut path: Vec<&str> = loc.path.iter().map(String::as_str).collect();
    if let (Some(last), Some(doc)) = (path.last(), doc)
        && *last == "第一款"
    {
        let article = &loc.path[..loc.path.len() - 1];
        let more = doc.blocks.iter().any(|b| {
            b.path.len() == loc.path.len()
                && b.path[..article.len()] == *article
                && b.path
                    .last()
                    .is_some_and(|p| p != "第一款" && p.ends_with('款'))
        });
        if !more {
            path.pop();
        }
    }
    // Parts of a place run together as a lawyer cites them: 第二章第七条第二款, 第三部分第（二）项.
    let structural: String = path.iter().map(|p| path_element(p)).collect();
    let physical = match (loc.page, loc.paragraph, loc.line) {
        (Some(pg), _, Some(l)) => format!("第{pg}页第{l}行"),
        (Some(pg), _, None) => format!("第{pg}页"),
        (None, Some(para), _) => format!("第{}段", para + 1),
        (None, None, Some(l)) => format!("第{l}行"),
        _ => String::new(),
    };
    let part = match loc.part.as_str() {
        "header" => "页眉",
        "footer" => "页脚",
        "footnote" => "脚注",
        "endnote" => "尾注",
        "comment" => "批注",
        _ => "",
    };
    let physical = format!("{part}{physical}");
    match (structural.is_empty(), physical.is_empty()) {
        (true, _) => physical,
        (false, true) => structural,
        (false, false) => format!("{structural}（{physical}）"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_the_chinese_way() {
        assert_eq!(chinese_date("2024-03-01"), "2024年3月1日");
        assert_eq!(chinese_date("2026-11-28"), "2026年11月28日");
        assert_eq!(chinese_date("未载明"), "未载明");
        assert_eq!(
            chinese_dates_in("施行日期 2023-01-01 早于成文日期 2024-03-01，文件溯及既往。"),
            "施行日期2023年1月1日早于成文日期2024年3月1日，文件溯及既往。"
        );
        assert_eq!(
            chinese_dates_in("已于2021-01-01废止"),
            "已于2021年1月1日废止"
        );
    }

    #[test]
    fn ranks_come_from_the_database_or_the_title() {
        assert_eq!(rank_of("中华人民共和国预算法"), Rank::Law);
        assert_eq!(rank_of("中华人民共和国宪法"), Rank::Constitution);
        assert_eq!(rank_of("公平竞争审查条例"), Rank::AdminRegulation);
        assert_eq!(rank_of("某某省物业管理条例"), Rank::LocalRegulation);
        assert_eq!(
            rank_of("最高人民法院关于审理行政协议案件若干问题的规定（法释〔2019〕17号）"),
            Rank::JudicialInterpretation
        );
        assert_eq!(
            rank_of(
                "国务院办公厅关于全面推行行政规范性文件合法性审核机制的指导意见（国办发〔2018〕115号）"
            ),
            Rank::Normative
        );
        assert!(Rank::Law < Rank::AdminRegulation && Rank::AdminRegulation < Rank::Normative);
    }

    #[test]
    fn titles_keep_their_number_outside_the_brackets() {
        assert_eq!(
            source_name(
                "财政部关于坚决制止地方以政府购买服务名义违法违规融资的通知（财预〔2017〕87号）"
            ),
            "《财政部关于坚决制止地方以政府购买服务名义违法违规融资的通知》（财预〔2017〕87号）"
        );
        assert_eq!(source_name("政府投资条例"), "《政府投资条例》");
        assert_eq!(article_ref("二"), "第二部分");
        assert_eq!(article_ref("（六）"), "第（六）项");
        assert_eq!(article_ref("第三十五条第三款"), "第三十五条第三款");
    }

    #[test]
    fn places_read_naturally() {
        let loc = |path: &[&str], line: Option<u32>, para: Option<usize>| Location {
            path: path.iter().map(|s| s.to_string()).collect(),
            line,
            paragraph: para,
            part: "body".into(),
            ..Location::default()
        };
        assert_eq!(
            place(&loc(&["一、"], Some(5), None), None),
            "第一部分（第5行）"
        );
        assert_eq!(
            place(&loc(&["三、", "（二）"], None, Some(4)), None),
            "第三部分第（二）项（第5段）"
        );
        assert_eq!(
            place(&loc(&["第二章", "第七条", "第二款"], None, Some(9)), None),
            "第二章第七条第二款（第10段）"
        );
        assert_eq!(place(&loc(&[], None, Some(0)), None), "第1段");
    }
}
