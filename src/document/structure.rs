//! From located blocks to a structured document: title, 文号, issuer, date, parties and
//! the structural path of every block (第三章 > 第十二条 > 第二款 > 第一项, or 一、 > （二）).

use std::sync::LazyLock;

use regex::Regex;

use super::model::{Block, Document, Extracted, Format, Part, Party};
use crate::chinese::label::{Label, LabelKind, leading_label};
use crate::chinese::numerals::{parse_chinese, to_chinese};

static DOC_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([\p{Han}]{1,14})\s*[〔\[（(［﹝【]\s*(\d{4})\s*[〕\]）)］﹞】]\s*(\d{1,5})\s*号|(国令|[\p{Han}]{1,10}令)\s*第\s*(\d{1,5})\s*号")
        .expect("doc number regex")
});
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日|([〇○零一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,2})\s*月\s*([一二三四五六七八九十]{1,3})\s*日|(\d{4})-(\d{1,2})-(\d{1,2})")
        .expect("date regex")
});
static PARTY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(甲方|乙方|丙方|丁方|出让人|受让人|出让方|受让方|发包人|承包人|发包方|承包方|采购人|采购方|供应商|出租人|承租人|出租方|承租方|委托人|受托人|委托方|受托方|买方|卖方|借款人|贷款人|转让方|转让人|合作方|服务方|戊方|出借人|保证人|担保人|债权人|债务人|承诺人|被承诺人|购买主体|承接主体)\s*(?:[（(](?P<alias>[^）)]{0,12})[）)])?\s*[：:]\s*(?P<name>.*)$")
        .expect("party regex")
});

/// Whether `text` is a party line of a contract (甲方（采购人）：某县教育局).
pub fn is_party_line(text: &str) -> bool {
    party_line(text.trim()).is_some()
}

/// Whether `text` is a notice's addressee line (主送: 各乡镇人民政府，各县直有关部门：).
pub fn is_addressee_line(text: &str) -> bool {
    let t = text.trim();
    t.starts_with('各') && t.ends_with(['：', ':'])
}

/// The party line's captures. 购买主体/承接主体 are also the defined terms of a 政府购买服务
/// policy (承接主体：限在本县登记注册的社会组织): there they head a condition, not a party, so
/// they count only before a body's name.
fn party_line(text: &str) -> Option<regex::Captures<'_>> {
    let c = PARTY.captures(text)?;
    if matches!(&c[1], "购买主体" | "承接主体") {
        let name = c["name"]
            .trim()
            .trim_end_matches(['，', '。', '；', ',', ';']);
        // 限在…, 应为…, …的社会组织, …等: a condition; 有限公司 is a name.
        let conditional = name.starts_with(['限', '应', '须', '需', '为', '由'])
            || ["的", "等", "或"].iter().any(|w| name.contains(w));
        let body = [
            "局", "委", "办", "政府", "中心", "公司", "集团", "社", "院", "所", "会", "站", "队",
            "机构", "组织", "厂", "店", "部", "校",
        ]
        .iter()
        .any(|w| name.ends_with(w));
        if conditional || !body {
            return None;
        }
    }
    Some(c)
}

/// 文号 normalised to the 〔〕 brackets of GB/T 9704.
pub fn find_doc_number(text: &str) -> Option<String> {
    let c = DOC_NUMBER.captures(text)?;
    if let Some(org) = c.get(1) {
        Some(format!("{}〔{}〕{}号", org.as_str(), &c[2], &c[3]))
    } else {
        Some(format!("{}第{}号", &c[4], &c[5]))
    }
}

/// The first date in `text` as YYYY-MM-DD, validated.
pub fn find_date(text: &str) -> Option<String> {
    DATE.captures_iter(text).find_map(|c| {
        let (y, m, d) = if c.get(1).is_some() {
            (c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?)
        } else if c.get(4).is_some() {
            (
                parse_chinese(&c[4])?,
                parse_chinese(&c[5])?,
                parse_chinese(&c[6])?,
            )
        } else {
            (c[7].parse().ok()?, c[8].parse().ok()?, c[9].parse().ok()?)
        };
        ((1949..=2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d))
            .then(|| format!("{y:04}-{m:02}-{d:02}"))
    })
}

static ORDER_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^第\s*(\d{1,5})\s*号$").expect("order number regex"));

/// A 文号 stands on its own line near the top, not inside a sentence citing another
/// document; an order number may follow the order's name on the next line (国务院令 / 第707号).
fn find_doc_number_near_top(body: &[&Block]) -> Option<String> {
    let head: Vec<&str> = body.iter().take(15).map(|b| b.text.trim()).collect();
    head.iter().enumerate().find_map(|(i, t)| {
        if let Some(c) = ORDER_NUMBER.captures(t)
            && i > 0
            && head[i - 1].ends_with('令')
        {
            let org = if head[i - 1].ends_with("国务院令") {
                "国令"
            } else {
                head[i - 1]
            };
            return Some(format!("{org}第{}号", &c[1]));
        }
        (t.chars().count() <= 30)
            .then(|| find_doc_number(t))
            .flatten()
    })
}

/// Removes the spacing used to justify short lines (财  政  部 → 财政部).
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

const TITLE_ENDINGS: [&str; 42] = [
    "通知",
    "请示",
    // ……优惠政策文件: not a bare 文件 (see below), the two words name a policy document.
    "政策文件",
    "管理文件",
    "意见",
    "办法",
    "规定",
    "决定",
    "方案",
    "细则",
    "条例",
    "合同",
    "协议",
    "协议书",
    "批复",
    "函",
    "复函",
    "规则",
    "公告",
    "通告",
    "纲要",
    "计划",
    "通报",
    "答复",
    "报告",
    "决定书",
    "规划",
    "措施",
    "指引",
    "章程",
    "合同书",
    "政策",
    "标准",
    "目录",
    "清单",
    "准则",
    "规范",
    "指南",
    "须知",
    "要点",
    "名录",
    "通知书",
];

// Not 纪要 or 决议: minutes and resolutions with listed parties are typed from what follows
// (a contract's commitments), and that reading needs the title as before. Not 文件, 制度 or
// 公示 either: a title broken over two lines often breaks right after them
// (……行政规范性文件 / 合法性审核机制的指导意见).
fn ends_like_title(s: &str) -> bool {
    // A trailing note such as （试行）, （2011） or a date after the title does not end the
    // title itself; of two titles run together (……的通知《……的通知》) the last one's form does.
    let core = super::classify::title_core(s.trim_end_matches(['》', '>']));
    let s = match core.strip_suffix(['）', ')']) {
        Some(inner) => inner.rfind(['（', '(']).map_or(inner, |i| &inner[..i]),
        None => core,
    };
    TITLE_ENDINGS.iter().any(|e| s.ends_with(e))
        || super::classify::PROCUREMENT_FORM
            .iter()
            .any(|e| s.ends_with(e))
        || s.ends_with("（试行）")
        || s.ends_with("（暂行）")
}

fn is_title_candidate(b: &Block) -> bool {
    let t = b.text.trim();
    let n = t.chars().count();
    (2..=80).contains(&n)
        && !t.contains(['。', '；', '：', ':'])
        && !t.ends_with('，')
        && leading_label(t).is_none()
        && find_doc_number(t)
            .map(|d| d.chars().count() + 4 < n)
            .unwrap_or(true)
        && !(n <= 16 && find_date(t).is_some())
        && !PARTY.is_match(t)
}

fn detect_title(body: &[&Block], blocks_heading: bool) -> Option<String> {
    let head: Vec<&&Block> = body.iter().take(12).collect();
    // A styled title (docx Title / heading 0) wins.
    if blocks_heading
        && let Some(b) = head
            .iter()
            .find(|b| b.heading == Some(0) && is_title_candidate(b))
    {
        return Some(b.text.trim().to_string());
    }
    let start = head
        .iter()
        .position(|b| {
            is_title_candidate(b) && (ends_like_title(&b.text) || b.text.contains("关于"))
        })
        .or_else(|| head.iter().position(|b| is_title_candidate(b)))?;
    // A title broken before its 关于-less first half: 国务院办公厅对…会议 / 第4626号提案的答复.
    let start = if start > 0
        && is_title_candidate(head[start - 1])
        && !ends_like_title(&head[start - 1].text)
        && !head[start].text.contains("关于")
        && !head[start - 1].text.ends_with('令')
    {
        start - 1
    } else {
        start
    };
    let mut title = head[start].text.trim().to_string();
    // Titles broken over two or three lines: join while the title is not yet complete.
    for next in head.iter().skip(start + 1).take(2) {
        // A line with a comma is a sentence of the body, not the rest of a title.
        if ends_like_title(&title) || !is_title_candidate(next) || next.text.contains('，') {
            break;
        }
        title.push_str(next.text.trim());
    }
    Some(title)
}

const ISSUER_ENDINGS: [&str; 16] = [
    "人民政府",
    "办公厅",
    "办公室",
    "委员会",
    "局",
    "厅",
    "部",
    "院",
    "委",
    "政府",
    "中心",
    "公司",
    "国务院",
    "常务委员会",
    "法院",
    "检察院",
];

fn looks_like_issuer(s: &str) -> bool {
    let s = s.trim();
    let n = s.chars().count();
    (2..=30).contains(&n)
        && !s.contains(['，', '。', '：', '；'])
        && ISSUER_ENDINGS.iter().any(|e| s.ends_with(e))
}

fn detect_issuer(body: &[&Block], title: Option<&str>) -> Option<String> {
    // The signature block: an organisation name right before the closing date.
    let tail_start = body.len().saturating_sub(8);
    for i in (tail_start..body.len()).rev() {
        if find_date(&body[i].text).is_some() && body[i].text.chars().count() <= 20 && i > 0 {
            let prev = body[i - 1].text.trim();
            if looks_like_issuer(&squeeze(prev)) {
                return Some(squeeze(prev));
            }
        }
    }
    let title = title?;
    let (prefix, _) = title.split_once("关于")?;
    let prefix = prefix.trim();
    (!prefix.is_empty() && prefix.chars().count() <= 40).then(|| prefix.to_string())
}

fn detect_date(body: &[&Block]) -> Option<String> {
    let short_date = |b: &&Block| {
        let t = b.text.trim();
        (t.chars().count() <= 24).then(|| find_date(t)).flatten()
    };
    let tail_start = body.len().saturating_sub(8);
    body[tail_start..]
        .iter()
        .rev()
        .find_map(short_date)
        .or_else(|| body.iter().take(12).find_map(short_date))
}

fn detect_parties(body: &[&Block]) -> Vec<Party> {
    let mut out: Vec<Party> = vec![];
    for b in body.iter().take(60) {
        let Some(c) = party_line(b.text.trim()) else {
            continue;
        };
        let written = c["name"].trim().trim_end_matches(['，', '。', '；']);
        // 发包人（甲方）：某县交通运输局 — the clauses call it 甲方: the label in brackets is
        // its short name unless the line declares another (以下简称…).
        // Only 甲方 … 戊方: a statutory role in brackets (乙方（供应商）) is no short name, since
        // 供应商 also speaks of suppliers in general (供应商为大型企业的…).
        let short = super::parties::declared_short(written).or_else(|| {
            c.name("alias")
                .map(|a| a.as_str().trim())
                .filter(|a| matches!(*a, "甲方" | "乙方" | "丙方" | "丁方" | "戊方"))
                .map(str::to_string)
        });
        // The name without its declared short form: 某县人民政府（以下简称县政府） → 某县人民政府.
        let name = written
            .find("以下简称")
            .map_or(written, |i| {
                written[..i].trim_end_matches(['（', '(', '，', ',', ' '])
            })
            .to_string();
        if name.is_empty()
            || name.contains("盖章")
            || name.contains("签字")
            || name.contains("签章")
        {
            continue;
        }
        if !out.iter().any(|p| p.role == c[1]) {
            let (kind, why) = super::parties::kind_of(&name);
            out.push(Party {
                role: c[1].to_string(),
                name,
                short,
                kind,
                kind_evidence: why.to_string(),
            });
        }
    }
    out
}

/// Tracks where we are in the document while walking blocks in order.
#[derive(Default)]
struct PathState {
    book: Option<String>,
    chapter: Option<String>,
    section: Option<String>,
    article: Option<String>,
    clause: u64,
    item: Option<String>,
    sub_item: Option<String>,
    outline: [Option<String>; 5],
}

impl PathState {
    fn path(&self) -> Vec<String> {
        let mut p: Vec<String> = [&self.book, &self.chapter, &self.section]
            .into_iter()
            .flatten()
            .cloned()
            .collect();
        if let Some(a) = &self.article {
            p.push(a.clone());
            if self.clause > 0 {
                p.push(format!("第{}款", to_chinese(self.clause as u32, false)));
            }
            p.extend(self.item.iter().cloned());
            p.extend(self.sub_item.iter().cloned());
        } else {
            p.extend(self.outline.iter().flatten().cloned());
        }
        p
    }

    fn update(&mut self, label: Option<&Label>, in_table: bool) {
        let Some(l) = label else {
            // A plain paragraph inside an article is its next 款 (tables belong to the current one).
            if self.article.is_some() && !in_table {
                self.clause += 1;
                self.item = None;
                self.sub_item = None;
            }
            return;
        };
        match l.kind {
            LabelKind::Book => {
                *self = PathState {
                    book: Some(l.text.clone()),
                    ..Default::default()
                }
            }
            LabelKind::Chapter => {
                self.chapter = Some(l.text.clone());
                self.section = None;
                self.article = None;
            }
            LabelKind::Section => {
                self.section = Some(l.text.clone());
                self.article = None;
            }
            LabelKind::Article => {
                self.article = Some(l.text.clone());
                self.clause = 1;
                self.item = None;
                self.sub_item = None;
            }
            LabelKind::Outline2 | LabelKind::Outline1 if self.article.is_some() => {
                self.clause = self.clause.max(1);
                self.item = Some(format!("第{}项", to_chinese(l.number as u32, false)));
                self.sub_item = None;
            }
            LabelKind::Outline3 | LabelKind::Outline4 | LabelKind::Outline5
                if self.article.is_some() =>
            {
                self.sub_item = Some(format!("第{}目", to_chinese(l.number as u32, false)));
            }
            other => {
                let level = match other {
                    LabelKind::Outline1 => 0,
                    LabelKind::Outline2 => 1,
                    LabelKind::Outline3 => 2,
                    LabelKind::Outline4 => 3,
                    _ => 4,
                };
                self.outline[level] = Some(l.text.clone());
                for deeper in self.outline.iter_mut().skip(level + 1) {
                    *deeper = None;
                }
            }
        }
    }
}

/// Builds the document: metadata and structural paths. Classification is separate.
pub fn build(path: &str, format: Format, mut x: Extracted) -> Document {
    let has_heading_style = x.blocks.iter().any(|b| b.heading.is_some());
    let (title, doc_number, issuer, date, parties);
    {
        let body: Vec<&Block> = x.blocks.iter().filter(|b| b.part == Part::Body).collect();
        let detected_title = detect_title(&body, has_heading_style);
        title = x
            .meta_title
            .clone()
            .filter(|_| format == Format::Text || detected_title.is_none())
            .or(detected_title)
            .or_else(|| x.meta_title.clone());
        doc_number = x
            .meta_doc_number
            .as_deref()
            .and_then(find_doc_number)
            .or_else(|| x.meta_doc_number.clone())
            .or_else(|| find_doc_number_near_top(&body));
        issuer = x
            .meta_issuer
            .clone()
            .or_else(|| detect_issuer(&body, title.as_deref()));
        date = detect_date(&body);
        parties = detect_parties(&body);
    }

    let mut state = PathState::default();
    let mut in_signature = false;
    let mut last_article_seen = false;
    for b in x.blocks.iter_mut().filter(|b| b.part == Part::Body) {
        let label = leading_label(&b.text);
        if b.label.is_none() {
            b.label = label.as_ref().map(|l| l.text.clone());
        }
        if label.as_ref().is_some_and(|l| l.kind == LabelKind::Article) {
            last_article_seen = true;
        }
        let t = b.text.trim();
        if !parties.is_empty()
            && last_article_seen
            && label.is_none()
            && (t.contains("盖章")
                || t.contains("签字")
                || t.contains("签章")
                || t.starts_with("法定代表人"))
        {
            in_signature = true;
        }
        if in_signature {
            b.path = vec!["签署部分".to_string()];
            continue;
        }
        state.update(label.as_ref(), b.table.is_some());
        b.path = state.path();
    }

    Document {
        path: path.to_string(),
        format,
        doc_type: super::model::DocType::Other,
        doc_type_evidence: vec![],
        level: super::level::IssuerLevel::Unknown,
        level_evidence: vec![],
        title,
        doc_number,
        issuer,
        date,
        status: "extracted".into(),
        script: x.script,
        warnings: std::mem::take(&mut x.warnings),
        parties,
        pages: x.pages,
        blocks: x.blocks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purchase_roles_are_parties_only_before_a_body_name() {
        assert!(is_party_line("购买主体：某县市场监督管理局"));
        assert!(is_party_line("承接主体：某某人力资源有限公司"));
        assert!(!is_party_line("承接主体：限在本县登记注册的社会组织。"));
        assert!(!is_party_line(
            "购买主体：各级行政机关和参照公务员法管理的事业单位"
        ));
    }

    #[test]
    fn labels() {
        let l = leading_label("第十二条　行政机关应当").unwrap();
        assert_eq!(
            (l.kind, l.number, l.text.as_str()),
            (LabelKind::Article, 12, "第十二条")
        );
        assert_eq!(leading_label("第一百二十三条 x").unwrap().number, 123);
        assert_eq!(
            leading_label("一、总体要求").unwrap().kind,
            LabelKind::Outline1
        );
        assert_eq!(leading_label("（三）加强监管").unwrap().number, 3);
        assert_eq!(
            leading_label("(3)加强监管").unwrap().kind,
            LabelKind::Outline4
        );
        let l = leading_label("2.第一期租金").unwrap();
        assert_eq!((l.kind, l.text.as_str()), (LabelKind::Outline3, "2."));
        assert!(leading_label("1.5亿元").is_none());
        assert!(leading_label("第三条规定的情形").is_none());
    }

    #[test]
    fn doc_numbers_and_dates() {
        assert_eq!(
            find_doc_number("济长政发〔2018〕8号").unwrap(),
            "济长政发〔2018〕8号"
        );
        assert_eq!(
            find_doc_number("济长政发[2018]8号").unwrap(),
            "济长政发〔2018〕8号"
        );
        assert_eq!(
            find_doc_number("某政办发（2020）12号").unwrap(),
            "某政办发〔2020〕12号"
        );
        assert_eq!(
            find_doc_number("某府规﹝2021﹞3号").unwrap(),
            "某府规〔2021〕3号"
        );
        assert_eq!(find_doc_number("国令第707号").unwrap(), "国令第707号");
        assert_eq!(find_date("2018年8月7日").unwrap(), "2018-08-07");
        assert_eq!(find_date("二〇一八年八月七日").unwrap(), "2018-08-07");
        assert_eq!(find_date("2018-08-07").unwrap(), "2018-08-07");
        assert_eq!(find_date("二〇一八年十二月三十一日").unwrap(), "2018-12-31");
        assert!(find_date("2018年13月7日").is_none());
    }

    fn body(texts: &[&str]) -> Extracted {
        Extracted {
            blocks: texts.iter().map(|t| Block::new(*t, Part::Body)).collect(),
            ..Default::default()
        }
    }

    #[test]
    fn paths_for_articles_and_clauses() {
        let d = build(
            "x",
            Format::Text,
            body(&[
                "某市行政规范性文件管理办法",
                "第一章 总则",
                "第一条 为了规范管理，制定本办法。",
                "第二条 本办法适用于本市。",
                "前款规定不适用于内部事务。",
                "（一）第一项内容；",
                "第二章 附则",
                "第三条 本办法自2020年1月1日起施行。",
            ]),
        );
        assert_eq!(d.title.as_deref(), Some("某市行政规范性文件管理办法"));
        assert_eq!(d.blocks[2].path, ["第一章", "第一条", "第一款"]);
        assert_eq!(d.blocks[4].path, ["第一章", "第二条", "第二款"]);
        assert_eq!(d.blocks[5].path, ["第一章", "第二条", "第二款", "第一项"]);
        assert_eq!(d.blocks[7].path, ["第二章", "第三条", "第一款"]);
    }

    #[test]
    fn outline_paths_title_issuer_date() {
        let d = build(
            "x",
            Format::Docx,
            body(&[
                "国务院办公厅关于全面推行行政规范性文件",
                "合法性审核机制的指导意见",
                "国办发〔2018〕115号",
                "各省、自治区、直辖市人民政府：",
                "一、总体要求",
                "（一）明确审核范围。内容。",
                "1.具体要求。",
                "二、保障措施",
                "国务院办公厅",
                "2018年12月4日",
            ]),
        );
        assert_eq!(
            d.title.as_deref(),
            Some("国务院办公厅关于全面推行行政规范性文件合法性审核机制的指导意见")
        );
        assert_eq!(d.doc_number.as_deref(), Some("国办发〔2018〕115号"));
        assert_eq!(d.issuer.as_deref(), Some("国务院办公厅"));
        assert_eq!(d.date.as_deref(), Some("2018-12-04"));
        assert_eq!(d.blocks[6].path, ["一、", "（一）", "1."]);
        assert_eq!(d.blocks[7].path, ["二、"]);
    }

    #[test]
    fn contract_parties_and_signature() {
        let d = build(
            "x",
            Format::Text,
            body(&[
                "国有建设用地使用权出让合同",
                "出让人（甲方）：某市自然资源局",
                "受让人（乙方）：某某置业有限公司",
                "第一条 甲方同意出让。",
                "甲方（盖章）：",
                "乙方（盖章）：",
            ]),
        );
        assert_eq!(d.parties.len(), 2);
        assert_eq!(d.parties[0].role, "出让人");
        assert_eq!(d.parties[0].name, "某市自然资源局");
        // 出让人（甲方）: the clauses may call it 甲方.
        assert_eq!(d.parties[0].short.as_deref(), Some("甲方"));
        assert_eq!(d.blocks[4].path, ["签署部分"]);
    }
}
