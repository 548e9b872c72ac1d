//! Reading a 行政处罚决定书 (and other enforcement decisions written the same way): the
//! parties (name, 统一社会信用代码 or ID number, address, legal representative), issuing body,
//! case number, facts and their dates, evidence, the sentences citing the violated provision
//! and the penalty basis, the penalties imposed with their amounts, payment, remedy notice
//! (复议 and 诉讼 routes and time limits), date, seal marker and the statements of procedure
//! (告知, 陈述申辩, 听证, 法制审核, 集体讨论, 减轻处罚).
//!
//! Everything is located as a [`Place`] in the prepared body (`prepare(doc)`), so the decision
//! checks in `rules::builtin` can report findings on the words they are about.

use std::sync::LazyLock;

use regex::Regex;

use super::model::Document;
use super::prepared::{Prepared, prepare};
use super::structure::find_date;
use crate::chinese::numerals::parse_chinese;

/// Byte range `start..end` of the normalised text of prepared block `block`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub block: usize,
    pub start: usize,
    pub end: usize,
}

/// Person or organisation: 较大数额 thresholds for hearings differ between them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartyKind {
    Person,
    Organisation,
    Unknown,
}

#[derive(Debug, Clone)]
pub struct DecisionParty {
    pub name: String,
    pub kind: PartyKind,
    /// 统一社会信用代码, 身份证号, 纳税人识别号 … as written.
    pub id: Option<String>,
    pub address: Option<String>,
    pub representative: Option<String>,
    pub place: Place,
}

/// The kinds of 行政处罚法 第九条 (and the measures written like them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PenaltyKind {
    Warning,
    Criticism,
    Fine,
    ConfiscateIncome,
    ConfiscateProperty,
    SuspendLicence,
    LowerQualification,
    RevokeLicence,
    RestrictBusiness,
    SuspendProduction,
    Close,
    RestrictOccupation,
    Detention,
}

impl PenaltyKind {
    pub fn chinese(self) -> &'static str {
        match self {
            PenaltyKind::Warning => "警告",
            PenaltyKind::Criticism => "通报批评",
            PenaltyKind::Fine => "罚款",
            PenaltyKind::ConfiscateIncome => "没收违法所得",
            PenaltyKind::ConfiscateProperty => "没收非法财物",
            PenaltyKind::SuspendLicence => "暂扣许可证件",
            PenaltyKind::LowerQualification => "降低资质等级",
            PenaltyKind::RevokeLicence => "吊销许可证件",
            PenaltyKind::RestrictBusiness => "限制开展生产经营活动",
            PenaltyKind::SuspendProduction => "责令停产停业",
            PenaltyKind::Close => "责令关闭",
            PenaltyKind::RestrictOccupation => "限制从业",
            PenaltyKind::Detention => "行政拘留",
        }
    }

    /// Kinds for which 行政处罚法 第六十三条 requires notice of the right to a hearing
    /// whatever the amount.
    pub fn needs_hearing(self) -> bool {
        matches!(
            self,
            PenaltyKind::LowerQualification
                | PenaltyKind::RevokeLicence
                | PenaltyKind::SuspendProduction
                | PenaltyKind::Close
                | PenaltyKind::RestrictOccupation
        )
    }
}

#[derive(Debug, Clone)]
pub struct Penalty {
    pub kind: PenaltyKind,
    /// In 元, for fines and confiscated income when stated.
    pub amount: Option<f64>,
    pub place: Place,
}

/// A time limit as written: 六十日, 6个月.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Days(u32),
    Months(u32),
}

impl Period {
    pub fn chinese(self) -> String {
        match self {
            Period::Days(n) => format!("{n}日"),
            Period::Months(n) => format!("{n}个月"),
        }
    }
}

/// One route of the remedy notice: 申请行政复议 or 提起行政诉讼.
#[derive(Debug, Clone)]
pub struct RemedyClause {
    pub place: Place,
    pub period: Option<(Period, Place)>,
    /// 复议机关 or court as written (parenthesised remarks removed).
    pub body: Option<(String, Place)>,
}

#[derive(Debug, Clone, Default)]
pub struct Remedy {
    pub review: Option<RemedyClause>,
    pub litigation: Option<RemedyClause>,
}

/// What the decision says of the procedure before it.
#[derive(Debug, Clone, Default)]
pub struct Procedure {
    /// The party was told of the facts, reasons, basis or rights (告知, 告知书).
    pub told: bool,
    /// The party's 陈述、申辩 (or "依法享有的权利") is mentioned.
    pub heard: bool,
    /// The right to a hearing was notified (听证, or the rights notified in general).
    pub hearing_notice: bool,
    /// A hearing was held.
    pub hearing_held: bool,
    pub legal_review: bool,
    pub collective: bool,
    /// 减轻处罚 (行政处罚法 第三十二条): a fine below the statutory minimum is lawful.
    pub mitigated: bool,
    /// 情节严重 / 情节复杂 / 重大违法 stated.
    pub serious: bool,
}

/// A date of the violation: its end, or that it continues.
#[derive(Debug, Clone)]
pub struct ActDate {
    /// ISO date; a month-only date is its last day.
    pub date: String,
    pub place: Place,
}

#[derive(Debug, Clone, Default)]
pub struct Decision {
    pub title: Option<String>,
    pub title_place: Option<Place>,
    pub case_number: Option<String>,
    pub issuer: Option<String>,
    pub date: Option<String>,
    pub parties: Vec<DecisionParty>,
    pub facts: Vec<Place>,
    pub evidence: Option<Place>,
    /// Sentences stating the provision violated (违反了《…》…).
    pub violated: Vec<Place>,
    /// Sentences giving the penalty basis (依据《…》第X条…).
    pub basis: Vec<Place>,
    pub penalties: Vec<Penalty>,
    pub payment: Option<Place>,
    pub remedy: Remedy,
    pub seal: Option<Place>,
    pub procedure: Procedure,
    /// Dates of the violation, and whether it continued up to discovery.
    pub acts: Vec<ActDate>,
    pub continuing: bool,
    /// When the authority found the violation (检查, 举报, 立案 …).
    pub discovered: Option<String>,
    /// A decision not to punish (不予行政处罚决定书): no penalty elements are expected.
    pub no_penalty: bool,
}

impl Decision {
    /// The place findings about the whole decision go: its title, else its first sentence.
    pub fn head(&self) -> Place {
        self.title_place.unwrap_or(Place {
            block: 0,
            start: 0,
            end: 0,
        })
    }

    /// The party the hearing thresholds are about: any organisation makes it one.
    pub fn party_kind(&self) -> PartyKind {
        if self
            .parties
            .iter()
            .any(|p| p.kind == PartyKind::Organisation)
        {
            PartyKind::Organisation
        } else if self.parties.iter().any(|p| p.kind == PartyKind::Person) {
            PartyKind::Person
        } else {
            PartyKind::Unknown
        }
    }

    pub fn has(&self, kind: PenaltyKind) -> bool {
        self.penalties.iter().any(|p| p.kind == kind)
    }

    pub fn max_amount(&self, kind: PenaltyKind) -> Option<f64> {
        self.penalties
            .iter()
            .filter(|p| p.kind == kind)
            .filter_map(|p| p.amount)
            .reduce(f64::max)
    }
}

// ---------------------------------------------------------------------------------------
// Patterns (on NFKC-normalised text: ：→: ，→, （）→() ％→%).

/// An amount of money: 2,500,000元, 8万元, 贰佰伍拾万元, 1.5万元.
pub const AMOUNT: &str = r"(?:人民币|RMB|￥|¥)?\s*([0-9][0-9,]*(?:\.[0-9]+)?|[零〇○一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟]+)\s*(万元|元|万)";

static AMOUNT_RE: LazyLock<Regex> = LazyLock::new(|| Regex::new(AMOUNT).expect("amount"));

/// 罚款600元 / 罚款人民币伍万元 / 罚款,计金额23178.30元 / 罚款,即人民币21,000元.
static FINE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"罚款(?:[,:]|即|计|计金额|共计|合计|金额|数额为|为|\s)*{AMOUNT}"
    ))
    .expect("fine after")
});
/// 并处8万元罚款 / 处以5000元的罚款 / 科处罚款人民币6,000元 is FINE_AFTER.
static FINE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:处|并处|处以|科处|给予|决定|予以|作出)(?:[^,。;]{{0,6}}?){AMOUNT}的?罚款"
    ))
    .expect("fine before")
});
static CONFISCATE_INCOME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"没收(?:其)?违法所得(?:[,:]|共计|合计|计|为|\s)*(?:{AMOUNT})?"
    ))
    .expect("confiscate income")
});

static DATE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?(?:\s*(?:至|到|—|-|~)\s*(?:(\d{4})\s*年)?\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?|\s*(?:至|到|—|-|~)\s*(\d{1,2})\s*日)?")
        .expect("date range")
});
/// 2018年9-12月.
static MONTH_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d{4})\s*年\s*(\d{1,2})\s*[-—~至]\s*(\d{1,2})\s*月").expect("month range")
});

static CASE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[\p{Han}A-Za-z]{1,24}\s*[〔\[(（［【]\s*\d{4}\s*[〕\])）］】]\s*(?:第\s*)?[0-9A-Za-z\-]+\s*号")
        .expect("case number")
});

static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([0-9]+|[一二两三四五六七八九十百]+)\s*(日|天|个月|月)(?:内|以内)")
        .expect("period")
});
static REVIEW_BODY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"向([^,;。]{2,60}?)(?:依法)?(?:申请|提出|提起)?(?:行政)?复议").expect("review body")
});
static CLAUSE_SPLIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[,;]|或者(?:在|于|自|直接)|也可以?|或在|或于|或自").expect("clause split")
});

static EVIDENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"主要证据|证据(?:如下|有|包括|材料|清单)?:|(?:以上|上述)[^。]{0,8}事实[^。]{0,300}(?:证据|为证|证明|证实|佐证|在案)|等证据|有以下证据|证据证明|证据证实|证据为证")
        .expect("evidence")
});
static FACTS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"经查|违法事实|查明|检查(?:时)?发现|现场发现|发现当事人|发现你|存在(?:以下|如下)?违法|当事人(?:于|自|在)\s*\d{4}\s*年|\d{4}\s*年[^。]{0,30}(?:期间|以来)")
        .expect("facts")
});
static BASIS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:依据|依照|根据|按照)[^。]{0,40}?《[^》]+》[^。]{0,20}?第[零〇一二两三四五六七八九十百千\d]+条")
        .expect("basis")
});
static VIOLATED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"违反(?:了)?[^。]{0,6}《").expect("violated"));
static PAYMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:缴纳|缴至|交至|缴款|缴入|缴库|入库|上缴|汇入|交纳|缴清|缴付|履行)[^。]{0,60}|(?:日内|之日起|期限内|当场)[^。]{0,60}(?:缴纳|缴至|交至|缴款|缴入|入库|交纳|缴付|银行)")
        .expect("payment")
});
static SEAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[(\[【]\s*(?:印章|盖章|公章|签章|印|章|单位印章|行政机关印章|专用章|印\s*章)\s*[)\]】]|^\s*(?:单位)?(?:印章|盖章|公章)\s*$|(?:单位|机关)印章")
        .expect("seal")
});
static TOLD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"告知(?:了)?[^。]{0,60}(?:事实|理由|依据|权利|处罚内容|处罚决定)|告知书|违法行为通知书|事先告知|告知当事人|(?:未|没有|放弃|提出了?)[^。]{0,12}(?:陈述|申辩)|陈述申辩期|陈述、申辩期")
        .expect("told")
});
static HEARD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"陈述|申辩|依法享有的权利|享有的(?:各项)?权利|听取(?:了)?当事人").expect("heard")
});
static GENERAL_RIGHTS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"告知[^。]{0,80}(?:依法享有的权利|享有的(?:各项|相关)?权利|享有的法定权利)")
        .expect("general rights")
});
static HEARING_HELD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:举行|组织|召开|主持)(?:了)?[^。]{0,12}听证|听证会|听证笔录|听证报告|经听证|听证中",
    )
    .expect("hearing held")
});
static NO_HEARING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:未|没有|不|放弃)(?:要求|申请|提出)?(?:举行)?听证").expect("no hearing")
});
static LEGAL_REVIEW: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"法制审核|法制审查|合法性审核|法制机构审核|法制部门审核|法治审核")
        .expect("legal review")
});
static COLLECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"集体讨论|集体研究|集体决定|集体审议|局务会|局长办公会|党组会|办公会议?|案审会|案件审理委员会|审理委员会|审委会|重大案件审理")
        .expect("collective")
});
static MITIGATED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"减轻(?:行政)?处罚|予以减轻").expect("mitigated"));
static NOT_MITIGATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:没有|无|不符合|不具有|不予)[^。]{0,30}减轻").expect("not mitigated")
});
static SERIOUS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"情节(?:特别)?严重|情节复杂|重大违法|案情复杂").expect("serious"));
static DISCOVERY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"检查|立案|举报|投诉|接到|线索|抽检|抽样|巡查|调阅|移送|核查|监测|专项|发现")
        .expect("discovery")
});
static DISCOVERY_VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"立案|检查|接到|举报|投诉|调查|抽检|巡查|线索").expect("discovery verb")
});
static AGENCY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"本局|我局|本机关|我机关|执法人员|本委|我委|本队|我队|本所|我所|我关|本关|本厅|我厅|我会|本会|本中心|办案人员|稽查人员")
        .expect("agency")
});
static CONTINUING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"至今|至检查|至本局检查|至案发|至查处|截至|截止|持续|一直|仍在|仍然|尚未停止|未停止|至调查|至立案|起至[^。]{0,6}(?:检查|案发|查处|调查)")
        .expect("continuing")
});
static PROCEDURAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"告知|送达|听证|陈述|申辩|复议|诉讼|缴纳|加处罚款|笔录|证据|证明|复印件|报告书|意见书|立案").expect("procedural")
});

const ORG_ENDINGS: [&str; 26] = [
    "公司",
    "厂",
    "店",
    "中心",
    "社",
    "部",
    "行",
    "所",
    "院",
    "会",
    "馆",
    "场",
    "站",
    "合作社",
    "集团",
    "企业",
    "学校",
    "医院",
    "诊所",
    "超市",
    "商行",
    "药房",
    "酒店",
    "宾馆",
    "餐厅",
    "工作室",
];

// ---------------------------------------------------------------------------------------

/// Whether a decision is a 行政处罚决定 (the decision checks are about those): its title
/// says 处罚 (行政处罚决定书, 税务行政处罚决定书, 不予行政处罚决定书); an untitled text decides a
/// 罚款 or speaks of 行政处罚. 许可、征收、强制执行 decisions are not.
pub fn is_penalty_decision(doc: &Document) -> bool {
    match doc.title.as_deref() {
        Some(t) if t.contains("处罚") => true,
        Some(t) if t.contains("决定") => false,
        _ => doc.body().any(|(_, b)| {
            b.text.contains("行政处罚") || (b.text.contains("罚款") && b.text.contains("决定"))
        }),
    }
}

/// Reads a decision from its document.
pub fn read(doc: &Document) -> Decision {
    let prepared = prepare(doc);
    read_prepared(doc, &prepared)
}

fn place(block: usize, range: (usize, usize)) -> Place {
    Place {
        block,
        start: range.0,
        end: range.1,
    }
}

/// Every amount of money in `text` (元), with its byte range.
pub fn amounts(text: &str) -> Vec<(f64, (usize, usize))> {
    AMOUNT_RE
        .captures_iter(text)
        .filter_map(|c| {
            let m = c.get(0)?;
            Some((parse_amount(&c[1], &c[2])?, (m.start(), m.end())))
        })
        .collect()
}

/// Removes “…” quotations (law texts quoted in the decision) by blanking them, keeping offsets.
pub fn without_quotes(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut depth = 0usize;
    for c in s.chars() {
        match c {
            '“' => {
                depth += 1;
                out.push(c);
            }
            '”' if depth > 0 => {
                depth -= 1;
                out.push(c);
            }
            _ if depth > 0 => {
                // Same byte length, so offsets into the original stay valid.
                for _ in 0..c.len_utf8() {
                    out.push(' ');
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// 2,500,000 / 贰佰伍拾万 / 8 with its unit → 元.
pub fn parse_amount(number: &str, unit: &str) -> Option<f64> {
    let n = number.replace(',', "");
    let v = match n.parse::<f64>() {
        Ok(v) => v,
        Err(_) => parse_chinese(&n)? as f64,
    };
    Some(if unit.starts_with('万') {
        v * 10_000.0
    } else {
        v
    })
}

fn number(s: &str) -> Option<u32> {
    s.parse::<u32>()
        .ok()
        .or_else(|| parse_chinese(s).and_then(|v| u32::try_from(v).ok()))
}

fn last_day(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

fn iso(y: i32, m: u32, d: Option<u32>) -> Option<String> {
    if !(1949..=2100).contains(&y) || !(1..=12).contains(&m) {
        return None;
    }
    let d = d.unwrap_or_else(|| last_day(y, m));
    (1..=last_day(y, m))
        .contains(&d)
        .then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// Dates in a sentence, each as (start date, end date, byte range): a range gives its end.
fn dates_in(s: &str) -> Vec<(String, String, (usize, usize))> {
    let mut out = vec![];
    for c in MONTH_RANGE.captures_iter(s) {
        let m = c.get(0).expect("match");
        let y: i32 = c[1].parse().unwrap_or(0);
        let (Some(m1), Some(m2)) = (number(&c[2]), number(&c[3])) else {
            continue;
        };
        if let (Some(a), Some(b)) = (iso(y, m1, Some(1)), iso(y, m2, None)) {
            out.push((a, b, (m.start(), m.end())));
        }
    }
    for c in DATE_RE.captures_iter(s) {
        let m = c.get(0).expect("match");
        if out
            .iter()
            .any(|(_, _, r)| r.0 <= m.start() && m.start() < r.1)
        {
            continue;
        }
        let y: i32 = c[1].parse().unwrap_or(0);
        let Some(mo) = number(&c[2]) else { continue };
        let d = c.get(3).and_then(|d| number(d.as_str()));
        let Some(start) = iso(y, mo, d.or(Some(1))) else {
            continue;
        };
        let end = if let Some(m2) = c.get(5).and_then(|x| number(x.as_str())) {
            let y2 = c.get(4).and_then(|x| x.as_str().parse().ok()).unwrap_or(y);
            iso(y2, m2, c.get(6).and_then(|x| number(x.as_str())))
        } else if let Some(d2) = c.get(7).and_then(|x| number(x.as_str())) {
            iso(y, mo, Some(d2))
        } else {
            iso(y, mo, d)
        };
        let Some(end) = end else { continue };
        out.push((start, end, (m.start(), m.end())));
    }
    out.sort_by_key(|x| x.2.0);
    out
}

fn period_of(s: &str) -> Option<(Period, (usize, usize))> {
    let c = PERIOD.captures(s)?;
    let n = number(&c[1])?;
    let m = c.get(0)?;
    let p = match &c[2] {
        "日" | "天" => Period::Days(n),
        _ => Period::Months(n),
    };
    Some((p, (m.start(), m.end())))
}

/// Text with （…） remarks removed, for naming the 复议机关.
fn strip_parens(s: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in s.chars() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.trim().to_string()
}

fn looks_like_org(name: &str) -> bool {
    ORG_ENDINGS.iter().any(|e| name.ends_with(e)) || name.contains("有限") || name.contains("公司")
}

/// The label and value of a `label: value` part of a head line.
fn labelled(part: &str) -> Option<(String, String)> {
    let (k, v) = part.split_once(':')?;
    let k: String = k.chars().filter(|c| !c.is_whitespace()).collect();
    let v = v
        .trim()
        .trim_end_matches(['。', ';', ','])
        .trim()
        .to_string();
    ((1..=24).contains(&k.chars().count()) && !v.is_empty()).then_some((k, v))
}

const NAME_LABELS: [&str; 9] = [
    "当事人",
    "被处罚人",
    "被处罚单位",
    "违法行为人",
    "单位名称",
    "姓名",
    "名称",
    "被检查单位",
    "相对人",
];
const ADDRESS_LABELS: [&str; 7] = [
    "住所",
    "住址",
    "地址",
    "经营场所",
    "营业场所",
    "住所地",
    "居住地",
];
const ID_LABELS: [&str; 9] = [
    "统一社会信用代码",
    "纳税人识别号",
    "身份证",
    "公民身份号码",
    "注册号",
    "证件号码",
    "证件名称及号码",
    "证照号码",
    "身份号码",
];
const REP_LABELS: [&str; 4] = ["法定代表人", "负责人", "经营者", "投资人"];

fn read_parties(doc: &Document, blocks: &[Prepared], head_end: usize) -> Vec<DecisionParty> {
    let _ = doc;
    let mut parties: Vec<DecisionParty> = vec![];
    for (i, p) in blocks.iter().enumerate().take(head_end) {
        let text = p.norm.text.trim();
        // A head line may hold several labelled parts: 当事人:某公司,住所:某路1号。
        let parts: Vec<&str> = text
            .split([',', ';', '，', '；'])
            .filter(|s| !s.trim().is_empty())
            .collect();
        for part in parts {
            let Some((k, v)) = labelled(part) else {
                continue;
            };
            let whole = place(i, (0, p.norm.text.len()));
            if NAME_LABELS.iter().any(|l| k.starts_with(l)) && !k.contains("地址") {
                let name = strip_parens(&v);
                let name = if name.is_empty() { v.clone() } else { name };
                parties.push(DecisionParty {
                    kind: if looks_like_org(&name) {
                        PartyKind::Organisation
                    } else {
                        PartyKind::Unknown
                    },
                    name,
                    id: None,
                    address: None,
                    representative: None,
                    place: whole,
                });
            } else if let Some(last) = parties.last_mut() {
                if ADDRESS_LABELS.iter().any(|l| k.contains(l)) {
                    last.address.get_or_insert(v);
                } else if ID_LABELS.iter().any(|l| k.contains(l)) {
                    let person = k.contains("身份");
                    last.id.get_or_insert(v.clone());
                    if person && last.kind == PartyKind::Unknown {
                        last.kind = PartyKind::Person;
                    }
                    if k.contains("统一社会信用代码") || k.contains("纳税人识别号") {
                        // 个体工商户 (code 92…) are natural persons for the hearing thresholds.
                        last.kind = if v.starts_with("92") {
                            PartyKind::Person
                        } else {
                            PartyKind::Organisation
                        };
                    }
                } else if REP_LABELS.iter().any(|l| k.contains(l)) {
                    last.representative.get_or_insert(v);
                    if k.contains("法定代表人") && last.kind == PartyKind::Unknown {
                        last.kind = PartyKind::Organisation;
                    }
                }
            }
        }
    }
    if parties.is_empty() {
        // The salutation form: 某某有限公司:(纳税人识别号:…)
        for (i, p) in blocks.iter().enumerate().take(head_end) {
            let t = p.norm.text.trim();
            let Some((name, rest)) = t.split_once(':') else {
                continue;
            };
            let name = name.trim();
            if (2..=40).contains(&name.chars().count())
                && !name.contains(['。', ',', '《'])
                && (looks_like_org(name) || rest.trim().is_empty() || rest.contains("识别号"))
            {
                let id = rest
                    .split(':')
                    .nth(1)
                    .map(|s| s.trim_end_matches(')').trim().to_string());
                parties.push(DecisionParty {
                    kind: if looks_like_org(name) {
                        PartyKind::Organisation
                    } else {
                        PartyKind::Unknown
                    },
                    name: name.to_string(),
                    id,
                    address: None,
                    representative: None,
                    place: place(i, (0, p.norm.text.len())),
                });
                break;
            }
        }
    }
    for party in &mut parties {
        if party.kind == PartyKind::Unknown {
            let n = party.name.chars().count();
            if (2..=4).contains(&n) && party.name.chars().all(|c| c > '\u{4e00}') {
                party.kind = PartyKind::Person;
            }
        }
    }
    parties
}

/// A line of the decision's head: case number, a labelled party line (当事人:…, 住所:…), the
/// salutation (某公司:), an organisation name — not yet narrative.
fn is_head_line(t: &str) -> bool {
    let n = t.chars().count();
    // A party line may run long: 违法行为人:李某某,男,…,现住址:….
    if let Some((k, _)) = labelled(t)
        && NAME_LABELS.iter().any(|l| k.starts_with(l))
    {
        return true;
    }
    if n > 60 || FACTS.is_match(t) || t.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    if is_title_like(t) || (n <= 40 && CASE_NUMBER.is_match(t)) {
        return true;
    }
    if let Some((k, _)) = labelled(t) {
        let party_label = NAME_LABELS
            .iter()
            .chain(ADDRESS_LABELS.iter())
            .chain(ID_LABELS.iter())
            .chain(REP_LABELS.iter())
            .any(|l| k.contains(l));
        return party_label || !t.contains('。');
    }
    t.ends_with(':') || (n <= 30 && !t.contains(['。', ',']))
}

fn is_title_like(t: &str) -> bool {
    t.contains("决定书") || t.ends_with("决定")
}

/// The 作出决定的机关: the organisation line above the closing date, else the heading line
/// above the title, else the title's prefix (某县市场监督管理局行政处罚决定书).
fn read_issuer(doc: &Document, blocks: &[Prepared], title_block: Option<usize>) -> Option<String> {
    let org = |s: &str| {
        let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        let s = SEAL.replace_all(&s, "").to_string();
        let n = s.chars().count();
        ((3..=40).contains(&n)
            && !s.contains(['。', ',', ':', ';'])
            && [
                "局",
                "委员会",
                "委",
                "厅",
                "部",
                "所",
                "队",
                "中心",
                "站",
                "办",
                "海关",
                "政府",
                "处",
                "院",
                "署",
                "会",
                "分行",
                "支行",
                "银行",
            ]
            .iter()
            .any(|e| s.ends_with(e)))
        .then_some(s)
    };
    let tail = blocks.len().saturating_sub(6);
    for i in (tail..blocks.len()).rev() {
        let t = blocks[i].norm.text.trim();
        if find_date(t).is_some() && t.chars().count() <= 24 {
            for j in (i.saturating_sub(3)..i).rev() {
                if let Some(o) = org(blocks[j].norm.text.trim()) {
                    return Some(o);
                }
            }
        }
        if let Some(o) = org(t) {
            return Some(o);
        }
    }
    if let Some(i) = doc.issuer.as_deref().and_then(org) {
        return Some(i);
    }
    if let Some(tb) = title_block {
        if tb > 0
            && let Some(o) = org(blocks[tb - 1].norm.text.trim())
        {
            return Some(o);
        }
        let t = blocks[tb].norm.text.trim();
        for marker in [
            "行政处罚决定书",
            "税务行政处罚决定书",
            "处罚决定书",
            "决定书",
        ] {
            if let Some(prefix) = t.strip_suffix(marker)
                && let Some(o) = org(prefix)
            {
                return Some(o);
            }
        }
    }
    None
}

fn read_penalties(blocks: &[Prepared], from: usize, out: &mut Vec<Penalty>) {
    const KINDS: [(PenaltyKind, &str); 13] = [
        (PenaltyKind::Warning, r"警告"),
        (PenaltyKind::Criticism, r"通报批评"),
        (
            PenaltyKind::ConfiscateProperty,
            r"没收(?:[^,。;违]{0,20}?)(?:产品|商品|物品|工具|设备|原料|食品|药品|卷烟|烟草|车辆|建筑物|房屋|仓库|设施|财物|货物|毛肚|饼干|[0-9]+(?:袋|箱|件|台|盒|瓶|条|个|公斤|千克|吨))",
        ),
        (PenaltyKind::SuspendLicence, r"暂扣[^,。;]{0,12}(?:证|照)"),
        (PenaltyKind::LowerQualification, r"降低[^,。;]{0,6}资质"),
        (
            PenaltyKind::RevokeLicence,
            r"吊销[^,。;]{0,12}(?:证|照|执照)",
        ),
        (
            PenaltyKind::RestrictBusiness,
            r"限制开展生产经营活动|禁止(?:其)?[^,。;]{0,12}参加|取消[^,。;]{0,20}资格",
        ),
        (
            PenaltyKind::SuspendProduction,
            r"责令(?:停产停业|停业|停产)(?:整顿|整治)?|停产停业整顿",
        ),
        (PenaltyKind::Close, r"责令关闭"),
        (
            PenaltyKind::RestrictOccupation,
            r"限制从业|禁止[^,。;]{0,10}从业|终身禁业",
        ),
        (
            PenaltyKind::Detention,
            r"(?:行政)?拘留[零〇一二三四五六七八九十0-9]+日",
        ),
        (PenaltyKind::Fine, r"罚款"),
        (PenaltyKind::ConfiscateIncome, r"没收(?:其)?违法所得"),
    ];
    static KIND_RES: LazyLock<Vec<(PenaltyKind, Regex)>> = LazyLock::new(|| {
        KINDS
            .iter()
            .map(|(k, r)| (*k, Regex::new(r).expect("kind regex")))
            .collect()
    });
    static SKIP: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"加处罚款|逾期|到期不|复议|诉讼|强制执行|告知|送达|拟作出|拟对|听证|曾因|曾被|以上应缴|罚款数额|代收|缴款码|缴纳|缴款|缴至|交至|不予|免予|[0-9零一二两三四五六七八九十百千万]+万?元以上")
            .expect("skip")
    });
    static DECIDING: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"决定|如下|给予|处|予以|作出|罚|^\s*(?:[0-9一二三四五六七八九十]+[、.)]|\([0-9一二三四五六七八九十]+\))")
            .expect("deciding")
    });
    for (bi, p) in blocks.iter().enumerate().skip(from) {
        let text = without_quotes(&p.norm.text);
        for &(s, e) in &p.sentences {
            let sentence = &text[s..e];
            if SKIP.is_match(sentence) {
                continue;
            }
            let short = sentence.chars().count() <= 40;
            if !DECIDING.is_match(sentence) && !short {
                continue;
            }
            let at = |a: usize, b: usize| place(bi, (s + a, s + b));
            let mut amounts_seen: Vec<(PenaltyKind, i64)> = vec![];
            let mut push = |out: &mut Vec<Penalty>, kind, amount: Option<f64>, pl: Place| {
                let key = amount.map_or(-1, |a| (a * 100.0).round() as i64);
                if amounts_seen.contains(&(kind, key)) {
                    return;
                }
                amounts_seen.push((kind, key));
                out.push(Penalty {
                    kind,
                    amount,
                    place: pl,
                });
            };
            let mut fine_found = false;
            for c in FINE_AFTER
                .captures_iter(sentence)
                .chain(FINE_BEFORE.captures_iter(sentence))
            {
                let m = c.get(0).expect("match");
                if let Some(a) = parse_amount(&c[1], &c[2]) {
                    fine_found = true;
                    push(out, PenaltyKind::Fine, Some(a), at(m.start(), m.end()));
                }
            }
            for c in CONFISCATE_INCOME.captures_iter(sentence) {
                let m = c.get(0).expect("match");
                let a = c
                    .get(1)
                    .zip(c.get(2))
                    .and_then(|(n, u)| parse_amount(n.as_str(), u.as_str()));
                push(
                    out,
                    PenaltyKind::ConfiscateIncome,
                    a,
                    at(m.start(), m.end()),
                );
            }
            for (kind, re) in KIND_RES.iter() {
                if matches!(kind, PenaltyKind::ConfiscateIncome)
                    || (matches!(kind, PenaltyKind::Fine) && fine_found)
                {
                    continue;
                }
                if let Some(m) = re.find(sentence) {
                    // 罚款 only as a decided penalty: with a verb or in a short decision line.
                    if *kind == PenaltyKind::Fine
                        && !(short || sentence.contains("处") || sentence.contains("决定"))
                    {
                        continue;
                    }
                    push(out, *kind, None, at(m.start(), m.end()));
                }
            }
        }
    }
}

fn read_remedy(blocks: &[Prepared]) -> Remedy {
    let mut remedy = Remedy::default();
    for (bi, p) in blocks.iter().enumerate() {
        let text = &p.norm.text;
        if !text.contains("复议") && !text.contains("诉讼") && !text.contains("起诉") {
            continue;
        }
        for &(s, e) in &p.sentences {
            let sentence = &text[s..e];
            if !(sentence.contains("复议")
                || sentence.contains("诉讼")
                || sentence.contains("起诉"))
            {
                continue;
            }
            // Split into clauses, keeping offsets.
            let mut cuts = vec![0];
            for m in CLAUSE_SPLIT.find_iter(sentence) {
                cuts.push(m.start());
                cuts.push(m.end());
            }
            cuts.push(sentence.len());
            for w in cuts.chunks(2) {
                let (a, b) = (w[0], *w.get(1).unwrap_or(&sentence.len()));
                if a >= b {
                    continue;
                }
                let clause = &sentence[a..b];
                let period =
                    period_of(clause).map(|(pd, (x, y))| (pd, place(bi, (s + a + x, s + a + y))));
                let cl = place(bi, (s + a, s + b));
                if clause.contains("复议") && !clause.contains("复议决定") {
                    let body = REVIEW_BODY.captures(clause).and_then(|c| {
                        let g = c.get(1)?;
                        let name = strip_parens(g.as_str());
                        (!name.is_empty())
                            .then(|| (name, place(bi, (s + a + g.start(), s + a + g.end()))))
                    });
                    let better = match &remedy.review {
                        None => true,
                        Some(r) => r.period.is_none() && r.body.is_none(),
                    };
                    if better && (period.is_some() || body.is_some()) {
                        remedy.review = Some(RemedyClause {
                            place: cl,
                            period,
                            body,
                        });
                    } else if remedy.review.is_none() && sentence.contains("不服") {
                        remedy.review = Some(RemedyClause {
                            place: cl,
                            period: None,
                            body: None,
                        });
                    }
                } else if (clause.contains("诉讼") || clause.contains("起诉"))
                    && !clause.contains("复议决定")
                    && !clause.contains("复议期满")
                {
                    let better = match &remedy.litigation {
                        None => true,
                        Some(r) => r.period.is_none(),
                    };
                    if better && (period.is_some() || sentence.contains("不服")) {
                        remedy.litigation = Some(RemedyClause {
                            place: cl,
                            period,
                            body: None,
                        });
                    }
                }
            }
        }
    }
    remedy
}

/// Reads a decision from a document and its prepared body (the builtins' `blocks`).
pub fn read_prepared(doc: &Document, blocks: &[Prepared]) -> Decision {
    let mut d = Decision::default();
    if blocks.is_empty() {
        return d;
    }
    // Title: the block holding the document's title, else the first 决定书 line.
    let title_block = blocks
        .iter()
        .take(12)
        .position(|p| {
            let t = p.norm.text.trim();
            doc.title
                .as_deref()
                .is_some_and(|title| title.ends_with(t) || t.ends_with(title))
                && is_title_like(t)
        })
        .or_else(|| {
            blocks.iter().take(12).position(|p| {
                is_title_like(p.norm.text.trim()) && p.norm.text.chars().count() <= 40
            })
        })
        .or_else(|| {
            blocks.iter().take(12).position(|p| {
                doc.title
                    .as_deref()
                    .is_some_and(|t| p.norm.text.trim() == t)
            })
        });
    d.title = doc.title.clone();
    let tb = title_block.unwrap_or(0);
    let tp = &blocks[tb];
    let first_sentence_end = tp.sentences.first().map_or(tp.norm.text.len(), |s| s.1);
    d.title_place = Some(place(tb, (0, first_sentence_end)));
    d.no_penalty = d
        .title
        .as_deref()
        .is_some_and(|t| t.contains("不予") || t.contains("免予"));

    d.case_number = doc.doc_number.clone().or_else(|| {
        blocks.iter().take(12).find_map(|p| {
            CASE_NUMBER
                .find(&p.norm.text)
                .map(|m| m.as_str().to_string())
        })
    });

    // The head: title, case number and party lines, up to the first line of narrative.
    let head_end = blocks
        .iter()
        .enumerate()
        .skip(tb + 1)
        .find(|(_, p)| !is_head_line(p.norm.text.trim()))
        .map_or(blocks.len(), |(i, _)| i)
        .max(tb + 1);
    d.parties = read_parties(doc, blocks, head_end.min(blocks.len()));

    d.issuer = read_issuer(doc, blocks, title_block);

    // Date: a short date line near the end, else the document's date.
    let tail = blocks.len().saturating_sub(6);
    d.date = blocks[tail..]
        .iter()
        .rev()
        .find_map(|p| {
            let t = p.norm.text.trim();
            (t.chars().count() <= 24).then(|| find_date(t)).flatten()
        })
        .or_else(|| doc.date.clone());

    // Seal marker in the closing lines.
    for (i, p) in blocks.iter().enumerate().skip(tail) {
        if let Some(m) = SEAL.find(&p.norm.text) {
            d.seal = Some(place(i, (m.start(), m.end())));
        }
    }

    let all: String = blocks
        .iter()
        .map(|p| p.norm.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");

    // Sentences by role.
    let mut first_basis: Option<usize> = None;
    for (bi, p) in blocks.iter().enumerate().skip(tb + 1) {
        let text = &p.norm.text;
        for &(s, e) in &p.sentences {
            let sentence = &text[s..e];
            let pl = place(bi, (s, e));
            if VIOLATED.is_match(sentence) {
                d.violated.push(pl);
            }
            // A basis cites an article after 依据/根据…, not the provision violated.
            if BASIS
                .find_iter(sentence)
                .any(|m| !m.as_str().contains("违反"))
                && !sentence.contains("加处罚款")
                && !sentence.contains("复议")
                && !sentence.contains("诉讼")
            {
                d.basis.push(pl);
                first_basis.get_or_insert(bi);
            }
            if d.evidence.is_none() && EVIDENCE.is_match(sentence) && !sentence.contains("复议") {
                d.evidence = Some(pl);
            }
            if d.payment.is_none()
                && PAYMENT.is_match(sentence)
                && (sentence.contains("日内")
                    || sentence.contains("之日起")
                    || sentence.contains("期限")
                    || sentence.contains("当场")
                    || sentence.contains("已履行")
                    || sentence.contains("缴款码"))
                && !sentence.contains("复议")
                && !sentence.contains("诉讼")
                && !sentence.contains("告知书")
            {
                d.payment = Some(pl);
            }
        }
    }
    // A heading line 主要证据: followed by items also counts as evidence.
    if d.evidence.is_none()
        && let Some(bi) = blocks
            .iter()
            .position(|p| p.norm.text.contains("证据") && p.norm.text.chars().count() <= 12)
    {
        d.evidence = Some(place(bi, (0, blocks[bi].norm.text.len())));
    }

    // Facts: narrative before the penalty basis.
    let facts_end = first_basis.unwrap_or(blocks.len());
    for (bi, p) in blocks.iter().enumerate().take(facts_end).skip(head_end) {
        for &(s, e) in &p.sentences {
            let sentence = &p.norm.text[s..e];
            let dated_narrative = (DATE_RE.is_match(sentence) || MONTH_RANGE.is_match(sentence))
                && !PROCEDURAL.is_match(sentence)
                && sentence.chars().count() > 15;
            if FACTS.is_match(sentence) || dated_narrative {
                d.facts.push(place(bi, (s, e)));
            }
        }
    }

    // Penalties: from the decision part on (after the facts).
    let penalty_from = first_basis.unwrap_or(head_end).max(tb + 1);
    read_penalties(blocks, penalty_from, &mut d.penalties);
    if d.penalties.is_empty() {
        // Decisions whose basis sentence was not recognised: look after the head.
        read_penalties(blocks, head_end, &mut d.penalties);
    }

    d.remedy = read_remedy(blocks);

    // Procedure statements.
    let pr = &mut d.procedure;
    pr.told = TOLD.is_match(&all);
    pr.heard = HEARD.is_match(&all);
    let hearing_words = all.contains("听证");
    pr.hearing_held = HEARING_HELD.find_iter(&all).any(|m| {
        let from = all[..m.start()]
            .char_indices()
            .rev()
            .nth(5)
            .map_or(0, |(i, _)| i);
        !NO_HEARING.is_match(&all[from..m.end()])
    });
    pr.hearing_notice = hearing_words || GENERAL_RIGHTS.is_match(&all);
    pr.legal_review = LEGAL_REVIEW.is_match(&all);
    pr.collective = COLLECTIVE.is_match(&all);
    pr.mitigated = MITIGATED.find_iter(&all).any(|m| {
        let from = all[..m.start()]
            .char_indices()
            .rev()
            .nth(30)
            .map_or(0, |(i, _)| i);
        !NOT_MITIGATED.is_match(&all[from..m.end()])
    });
    pr.serious = SERIOUS.is_match(&all);

    read_acts(&mut d, blocks, tb + 1, facts_end);
    d
}

/// Dates of the violation and of its discovery, from the narrative before the basis.
fn read_acts(d: &mut Decision, blocks: &[Prepared], from: usize, to: usize) {
    let mut discovered: Vec<String> = vec![];
    for (bi, p) in blocks.iter().enumerate().take(to).skip(from) {
        let text = &p.norm.text;
        for &(s, e) in &p.sentences {
            let sentence = &text[s..e];
            let dates = dates_in(sentence);
            if dates.is_empty() {
                continue;
            }
            let agency = AGENCY.is_match(sentence);
            let discovery = agency && DISCOVERY.is_match(sentence);
            // Where the violation itself is described in a discovery sentence: after 发现.
            let act_from = if discovery {
                [
                    "发现当事人",
                    "发现你",
                    "反映",
                    "对你单位",
                    "对当事人",
                    "发现",
                ]
                .iter()
                .find_map(|w| sentence.find(w))
                .unwrap_or(sentence.len())
            } else {
                0
            };
            for (start, end, (a, b)) in &dates {
                let soon: String = sentence[*b..].chars().take(8).collect();
                if discovery && (*a < act_from || DISCOVERY_VERB.is_match(&soon)) {
                    discovered.push(start.clone());
                    continue;
                }
                let after = &sentence[*b..];
                let procedural = PROCEDURAL.is_match(sentence) && !discovery;
                if procedural {
                    continue;
                }
                if sentence[*a..].starts_with(char::is_numeric)
                    && (after.starts_with('起') || after.starts_with("以来"))
                    && !after.contains('至')
                {
                    // 自X起 with no end: continues until found.
                    d.continuing = true;
                }
                d.acts.push(ActDate {
                    date: end.clone(),
                    place: place(bi, (s + a, s + b)),
                });
            }
            if !discovery && CONTINUING.is_match(sentence) && !PROCEDURAL.is_match(sentence) {
                d.continuing = true;
            }
        }
    }
    discovered.sort();
    d.discovered = discovered.into_iter().next();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_lines(lines: &[&str]) -> Decision {
        read(&crate::document::from_lines(lines))
    }

    const SAMPLE: [&str; 16] = [
        "某县市场监督管理局",
        "行政处罚决定书",
        "某市监处罚〔2024〕118号",
        "当事人：某县某某商贸有限公司",
        "统一社会信用代码：91500101MA5XXXXX1Q",
        "住所：某县某镇兴业路18号",
        "法定代表人：王某某",
        "经查，当事人自2023年10月起在网店宣传其净水器“可降低血糖”，截至案发时共销售1260台。",
        "上述事实，有现场笔录、询问笔录等证据证明。",
        "2024年5月20日，本局向当事人送达了《行政处罚告知书》，告知当事人依法享有的陈述、申辩和要求听证的权利。当事人未提出陈述、申辩，也未要求听证。",
        "依据《中华人民共和国反不正当竞争法》第二十条第一款的规定，本局决定对当事人作出如下行政处罚：",
        "罚款人民币2,500,000元（贰佰伍拾万元整）。",
        "当事人应当自收到本决定书之日起十五日内缴纳罚款。",
        "当事人如不服本处罚决定，可以在收到本决定书之日起六十日内向某县人民政府申请行政复议；也可以在六个月内依法向某县人民法院提起行政诉讼。",
        "某县市场监督管理局",
        "2024年6月18日",
    ];

    #[test]
    fn reads_the_elements_of_a_decision() {
        let d = read_lines(&SAMPLE);
        assert_eq!(d.case_number.as_deref(), Some("某市监处罚〔2024〕118号"));
        assert_eq!(d.issuer.as_deref(), Some("某县市场监督管理局"));
        assert_eq!(d.date.as_deref(), Some("2024-06-18"));
        assert_eq!(d.parties.len(), 1);
        let p = &d.parties[0];
        assert_eq!(p.name, "某县某某商贸有限公司");
        assert_eq!(p.kind, PartyKind::Organisation);
        assert_eq!(p.address.as_deref(), Some("某县某镇兴业路18号"));
        assert_eq!(p.representative.as_deref(), Some("王某某"));
        assert!(p.id.as_deref().unwrap().starts_with("915001"));
        assert!(!d.facts.is_empty() && d.evidence.is_some());
        assert_eq!(d.basis.len(), 1);
        assert_eq!(d.max_amount(PenaltyKind::Fine), Some(2_500_000.0));
        assert_eq!(d.penalties.len(), 1, "{:?}", d.penalties);
        assert!(d.payment.is_some());
        let review = d.remedy.review.as_ref().unwrap();
        assert_eq!(review.period.unwrap().0, Period::Days(60));
        assert_eq!(review.body.as_ref().unwrap().0, "某县人民政府");
        let lit = d.remedy.litigation.as_ref().unwrap();
        assert_eq!(lit.period.unwrap().0, Period::Months(6));
        assert!(d.procedure.told && d.procedure.heard && d.procedure.hearing_notice);
        assert!(!d.procedure.hearing_held && !d.procedure.legal_review);
        assert!(d.continuing);
        assert!(d.seal.is_none());
    }

    #[test]
    fn amounts_in_figures_and_words() {
        assert_eq!(parse_amount("2,500,000", "元"), Some(2_500_000.0));
        assert_eq!(parse_amount("贰佰伍拾万", "元"), Some(2_500_000.0));
        assert_eq!(parse_amount("8", "万元"), Some(80_000.0));
        assert_eq!(parse_amount("1.5", "万元"), Some(15_000.0));
        assert_eq!(parse_amount("23178.30", "元"), Some(23_178.3));
    }

    #[test]
    fn dates_ranges_and_months() {
        let d = dates_in("当事人于2021年3月5日至2021年3月20日期间开展活动");
        assert_eq!(d[0].1, "2021-03-20");
        let d = dates_in("2024年5月1日至5月31日举办");
        assert_eq!(d[0].1, "2024-05-31");
        let d = dates_in("2018年9-12月，通过服务费列支");
        assert_eq!(
            (d[0].0.as_str(), d[0].1.as_str()),
            ("2018-09-01", "2018-12-31")
        );
        let d = dates_in("2024年1月至6月");
        assert_eq!(d[0].1, "2024-06-30");
    }

    #[test]
    fn discovery_and_act_dates_in_one_sentence() {
        let d = read_lines(&[
            "某县市场监督管理局",
            "行政处罚决定书",
            "当事人：某大药房有限公司",
            "2024年5月13日，本局在药品经营专项检查中调阅当事人销售记录，发现当事人于2021年6月18日销售处方药20盒，未凭处方销售。",
            "依据《药品经营和使用质量监督管理办法》第七十一条的规定，本局决定对当事人罚款人民币5,000元。",
        ]);
        assert_eq!(d.discovered.as_deref(), Some("2024-05-13"));
        assert_eq!(d.acts.len(), 1);
        assert_eq!(d.acts[0].date, "2021-06-18");
        assert!(!d.continuing);
    }

    #[test]
    fn the_salutation_form_and_a_header_issuer() {
        let d = read_lines(&[
            "玉环县国家税务局稽查局",
            "税务行政处罚决定书",
            "玉国税稽罚〔2015〕86号",
            "浙江维拉利家具有限公司：（纳税人识别号：331021770742916）",
            "我局于2015年6月17日至2015年8月10日对你单位2013年1月1日至2014年12月31日期间的纳税情况进行了检查，违法事实及处罚决定如下：",
            "二○一五年十月二十二日",
        ]);
        assert_eq!(d.parties[0].name, "浙江维拉利家具有限公司");
        assert!(d.parties[0].address.is_none());
        assert_eq!(d.issuer.as_deref(), Some("玉环县国家税务局稽查局"));
        assert_eq!(d.date.as_deref(), Some("2015-10-22"));
        assert_eq!(d.discovered.as_deref(), Some("2015-06-17"));
    }

    #[test]
    fn remedy_clauses_without_commas_and_after_review() {
        let d = read_lines(&[
            "行政处罚决定书",
            "如不服本决定，可以在收到本决定书之日起六十日内向藤县人民政府申请行政复议或者在六个月内依法向藤县人民法院提起行政诉讼。",
        ]);
        assert_eq!(
            d.remedy.review.as_ref().unwrap().period.unwrap().0,
            Period::Days(60)
        );
        assert_eq!(
            d.remedy.litigation.as_ref().unwrap().period.unwrap().0,
            Period::Months(6)
        );
        let d = read_lines(&[
            "行政处罚决定书",
            "如不服本决定，可以在收到本决定书之日起六十日内向某县人民政府申请行政复议；对复议决定不服的，可以在收到复议决定书之日起十五日内向人民法院提起诉讼。",
        ]);
        assert!(d.remedy.litigation.is_none());
    }
}
