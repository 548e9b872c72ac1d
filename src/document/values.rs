//! Amounts, rates, periods and dates as clause values: 2860万元, 人民币贰仟捌佰陆拾万元整,
//! 1.2亿元, 三点五万元, 5000元/日, 合同价款的百分之三十, 年化8%, 日万分之五, 提高2个百分点,
//! 六十个工作日, 三个月, 半年, 24小时内, 两周, 三个星期, 2024年3月15日 — each with its
//! normalised amount (元, basis points, hours/days/working days/weeks/months/years, ISO date), what it measures where the sentence says so (合同价款, 违约金,
//! 付款期限 …), the start of a period when stated (自验收合格之日起, 收到发票后), a bound
//! (不超过 / 以上), the base of a rate (合同价款的…), and its place: block, 条/款 path,
//! byte span in the block and the sentence as written.

use std::sync::LazyLock;

use regex::Regex;
use serde::{Serialize, Serializer};

use super::model::Document;
use super::prepared::{Prepared, prepare};
use super::segment::{Normalized, sentences};
use crate::chinese::numerals::parse_chinese;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Money,
    Rate,
    /// A difference between two rates (提高2个百分点, 下浮0.5个百分点), in basis points:
    /// not a rate itself, so a rule comparing rates must not read it as one.
    PercentagePoints,
    Period,
    Date,
}

impl Kind {
    pub fn chinese(self) -> &'static str {
        match self {
            Kind::Money => "金额",
            Kind::Rate => "比率",
            Kind::PercentagePoints => "百分点",
            Kind::Period => "期限",
            Kind::Date => "日期",
        }
    }
}

/// The unit of `value`, named as in rules/data/thresholds.toml.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Yuan,
    /// 1 = 万分之一 = 0.01 % (of a percentage-point difference: 0.01 个百分点).
    BasisPoints,
    Hours,
    Days,
    WorkingDays,
    Weeks,
    Months,
    Years,
    /// `value` is absent; `date` holds YYYY-MM-DD (or YYYY-MM, --MM-DD).
    Date,
}

impl Unit {
    pub fn chinese(self) -> &'static str {
        match self {
            Unit::Yuan => "元",
            Unit::BasisPoints => "基点",
            Unit::Hours => "小时",
            Unit::Days => "日",
            Unit::WorkingDays => "工作日",
            Unit::Weeks => "周",
            Unit::Months => "个月",
            Unit::Years => "年",
            Unit::Date => "日期",
        }
    }
}

/// What a value measures, read from the words near it; `Unknown` when the sentence does
/// not say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    ContractPrice,
    Investment,
    Fine,
    Penalty,
    LateFee,
    Deposit,
    Compensation,
    Subsidy,
    Loan,
    Rent,
    Interest,
    RegisteredCapital,
    InterestRate,
    Return,
    PaymentTerm,
    PerformanceTerm,
    ContractTerm,
    WarrantyTerm,
    SigningDate,
    EffectiveDate,
    StartDate,
    CompletionDate,
    Unknown,
}

impl Measure {
    pub fn chinese(self) -> &'static str {
        match self {
            Measure::ContractPrice => "合同价款",
            Measure::Investment => "投资额",
            Measure::Fine => "罚款",
            Measure::Penalty => "违约金",
            Measure::LateFee => "滞纳金",
            Measure::Deposit => "保证金",
            Measure::Compensation => "补偿款",
            Measure::Subsidy => "奖补资金",
            Measure::Loan => "借款融资",
            Measure::Rent => "租金",
            Measure::Interest => "利息",
            Measure::RegisteredCapital => "注册资本",
            Measure::InterestRate => "利率",
            Measure::Return => "收益率",
            Measure::PaymentTerm => "付款期限",
            Measure::PerformanceTerm => "履约期限",
            Measure::ContractTerm => "合同期限",
            Measure::WarrantyTerm => "质保期",
            Measure::SigningDate => "签订日期",
            Measure::EffectiveDate => "生效日期",
            Measure::StartDate => "开工日期",
            Measure::CompletionDate => "竣工日期",
            Measure::Unknown => "未说明",
        }
    }
}

/// A bound the text puts on the value: 不超过/以下/以内 (`max`), 不低于/以上 (`min`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    Max,
    Min,
}

/// One value of a clause with its evidence.
#[derive(Debug, Clone, Serialize)]
pub struct ClauseValue {
    pub kind: Kind,
    /// Normalised amount in `unit` (元 as an integer when whole); absent for dates.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "number_or_integer"
    )]
    pub value: Option<f64>,
    pub unit: Unit,
    /// A date as YYYY-MM-DD (YYYY-MM when the day is not given, --MM-DD without a year).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// What the amount is counted per: day, month, year, or a unit as written (亩, 平方米).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bound: Option<Bound>,
    /// The base of a rate as written: 合同价款 in 合同价款的百分之三十.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub of: Option<String>,
    /// When a period starts, as written: 自验收合格之日起, 收到发票后.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    pub measures: Measure,
    /// The words that decided `measures`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measures_evidence: Option<String>,
    /// The value as written.
    pub text: String,
    /// Byte offsets of `text` in the block's text.
    pub byte_span: [usize; 2],
    /// The sentence as written.
    pub excerpt: String,
    /// Index of the block in the document.
    pub block: usize,
    /// Structural path of the block (第三章 > 第十二条 > 第二款).
    pub path: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub article: Option<String>,
    /// Offsets in the block's normalised text: the value and its sentence (for findings).
    #[serde(skip)]
    pub norm: (usize, usize),
    #[serde(skip)]
    pub sentence: (usize, usize),
}

impl ClauseValue {
    /// A period in calendar days: months as 30, years as 365, working days as 7/5, weeks
    /// as 7, hours as 1/24.
    pub fn days(&self) -> Option<f64> {
        if self.kind != Kind::Period {
            return None;
        }
        let v = self.value?;
        Some(match self.unit {
            Unit::Hours => v / 24.0,
            Unit::Days => v,
            Unit::Weeks => v * 7.0,
            Unit::WorkingDays => v * 7.0 / 5.0,
            Unit::Months => v * 30.0,
            Unit::Years => v * 365.0,
            _ => return None,
        })
    }

    /// The amount in 元 of a money value.
    pub fn yuan(&self) -> Option<f64> {
        (self.unit == Unit::Yuan).then_some(self.value).flatten()
    }
}

fn number_or_integer<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(x) if x.fract() == 0.0 && x.abs() < 9.0e15 => s.serialize_i64(*x as i64),
        Some(x) => s.serialize_f64(*x),
        None => s.serialize_none(),
    }
}

/// Chinese numeral characters of amounts (including 壹贰叁 and 万/亿).
const CN: &str = "零〇○一二两三四五六七八九十百千万亿壹贰貳叁參肆伍陆陸柒捌玖拾佰仟萬億";
/// Small Chinese numerals (periods, dates, rates).
const CN_SMALL: &str = "零〇○一二两三四五六七八九十百千壹贰叁肆伍陆柒捌玖拾佰仟";
/// Chinese digits after 点 (三点五, 零点零五).
const CN_DIGIT: &str = "零〇○一二三四五六七八九壹贰叁肆伍陆柒捌玖";
const AR: &str = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?";

static MONEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?P<cur>人民币|RMB|¥)?\s*(?:(?P<ar>{AR})\s*(?P<aru>百万|千万|万亿|亿|万|千|百)?\s*(?:元|圆)|(?P<cnd>[{CN_SMALL}]+点[{CN_DIGIT}]+)\s*(?P<cndu>万亿|亿|万|千|百)?\s*(?:元|圆)|(?P<cn>[{CN}]+)(?:元|圆)(?:(?P<jiao>[{CN}])角)?(?:(?P<fen>[{CN}])分)?|(?P<yen>{AR}))(?P<zheng>整|正)?"
    ))
    .expect("money regex")
});

static RATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?P<frac>百分之|千分之|万分之)(?P<fn>(?:\d+(?:\.\d+)?)|[{CN_SMALL}点]+)|(?P<pct>{AR})\s*(?P<sign>%|‰)|(?P<pp>{AR}|[{CN_SMALL}]+(?:点[{CN_DIGIT}]+)?|半)\s*个百分点"
    ))
    .expect("rate regex")
});

static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?P<n>{AR}|[{CN_SMALL}]{{1,6}}(?:点[{CN_DIGIT}]{{1,3}})?|半)\s*(?P<u>个工作日|工作日|个自然日|自然日|个日历日|日历日|个半小时|个小时|小时|个星期|星期|周|个半月|个月|日|天|月|年)(?P<half>半)?"
    ))
    .expect("period regex")
});

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<y>\d{4}|[〇○零一二三四五六七八九]{4})\s*年(?:\s*(?P<m>\d{1,2}|[一二三四五六七八九十]{1,3})\s*月(?:\s*(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*[日号])?)?|(?P<y2>\d{4})[-./](?P<m2>\d{1,2})[-./](?P<d2>\d{1,2})|(?P<m3>\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*(?P<d3>\d{1,2}|[一二三四五六七八九十]{1,3})\s*[日号]")
        .expect("date regex")
});

/// Words that say what an amount of money is, nearest first.
const MONEY_WORDS: &[(&str, Measure)] = &[
    ("签约合同价", Measure::ContractPrice),
    ("合同总价", Measure::ContractPrice),
    ("合同总金额", Measure::ContractPrice),
    ("合同总额", Measure::ContractPrice),
    ("合同金额", Measure::ContractPrice),
    ("合同价款", Measure::ContractPrice),
    ("合同价", Measure::ContractPrice),
    ("暂定总价", Measure::ContractPrice),
    ("总价款", Measure::ContractPrice),
    ("中标价", Measure::ContractPrice),
    ("中标金额", Measure::ContractPrice),
    ("成交价", Measure::ContractPrice),
    ("成交金额", Measure::ContractPrice),
    ("估算价", Measure::ContractPrice),
    ("工程价款", Measure::ContractPrice),
    ("工程款", Measure::ContractPrice),
    ("服务费总额", Measure::ContractPrice),
    ("服务费", Measure::ContractPrice),
    ("采购金额", Measure::ContractPrice),
    ("采购价款", Measure::ContractPrice),
    ("购买价款", Measure::ContractPrice),
    ("价款", Measure::ContractPrice),
    ("总价", Measure::ContractPrice),
    ("报酬", Measure::ContractPrice),
    ("投资总额", Measure::Investment),
    ("总投资", Measure::Investment),
    ("投资额", Measure::Investment),
    ("投资金额", Measure::Investment),
    ("投资", Measure::Investment),
    ("罚款", Measure::Fine),
    ("违约金", Measure::Penalty),
    ("滞纳金", Measure::LateFee),
    ("保证金", Measure::Deposit),
    ("押金", Measure::Deposit),
    ("补偿", Measure::Compensation),
    ("赔偿", Measure::Compensation),
    ("安置费", Measure::Compensation),
    ("搬迁费", Measure::Compensation),
    ("奖补", Measure::Subsidy),
    ("奖励", Measure::Subsidy),
    ("补贴", Measure::Subsidy),
    ("补助", Measure::Subsidy),
    ("扶持资金", Measure::Subsidy),
    ("借款", Measure::Loan),
    ("贷款", Measure::Loan),
    ("融资", Measure::Loan),
    ("租金", Measure::Rent),
    ("利息", Measure::Interest),
    ("注册资本", Measure::RegisteredCapital),
];

const RATE_WORDS: &[(&str, Measure)] = &[
    ("违约金", Measure::Penalty),
    ("滞纳金", Measure::LateFee),
    ("加处罚款", Measure::Fine),
    ("罚款", Measure::Fine),
    ("保证金", Measure::Deposit),
    ("收益率", Measure::Return),
    ("回报率", Measure::Return),
    ("收益", Measure::Return),
    ("回报", Measure::Return),
    ("利率", Measure::InterestRate),
    ("年息", Measure::InterestRate),
    ("月息", Measure::InterestRate),
    ("利息", Measure::InterestRate),
    ("资金占用费", Measure::InterestRate),
    ("奖励", Measure::Subsidy),
    ("奖补", Measure::Subsidy),
    ("补贴", Measure::Subsidy),
    ("返还", Measure::Subsidy),
];

/// Words before a period that name it.
const PERIOD_NAMES: &[(&str, Measure)] = &[
    ("付款期限", Measure::PaymentTerm),
    ("支付期限", Measure::PaymentTerm),
    ("账期", Measure::PaymentTerm),
    ("工期", Measure::PerformanceTerm),
    ("建设期", Measure::PerformanceTerm),
    ("施工期", Measure::PerformanceTerm),
    ("履行期限", Measure::PerformanceTerm),
    ("交货期", Measure::PerformanceTerm),
    ("供货期", Measure::PerformanceTerm),
    ("质保期", Measure::WarrantyTerm),
    ("保修期", Measure::WarrantyTerm),
    ("缺陷责任期", Measure::WarrantyTerm),
    ("质量保证期", Measure::WarrantyTerm),
    ("有效期", Measure::ContractTerm),
    ("合同期限", Measure::ContractTerm),
    ("协议期", Measure::ContractTerm),
    ("租赁期", Measure::ContractTerm),
    ("租期", Measure::ContractTerm),
    ("经营期", Measure::ContractTerm),
    ("运营期", Measure::ContractTerm),
    ("合作期", Measure::ContractTerm),
    ("服务期", Measure::ContractTerm),
    ("特许经营期", Measure::ContractTerm),
];

/// Verbs after a period that say what must happen within it.
const PERIOD_VERBS: &[(&str, Measure)] = &[
    ("支付", Measure::PaymentTerm),
    ("付款", Measure::PaymentTerm),
    ("付清", Measure::PaymentTerm),
    ("结清", Measure::PaymentTerm),
    ("拨付", Measure::PaymentTerm),
    ("付至", Measure::PaymentTerm),
    ("兑付", Measure::PaymentTerm),
    ("竣工", Measure::PerformanceTerm),
    ("完工", Measure::PerformanceTerm),
    ("完成", Measure::PerformanceTerm),
    ("交付", Measure::PerformanceTerm),
    ("交货", Measure::PerformanceTerm),
    ("供货", Measure::PerformanceTerm),
    ("建成", Measure::PerformanceTerm),
    ("履行", Measure::PerformanceTerm),
    ("有效", Measure::ContractTerm),
];

const DATE_WORDS: &[(&str, Measure)] = &[
    ("签订", Measure::SigningDate),
    ("签署", Measure::SigningDate),
    ("签约", Measure::SigningDate),
    ("施行", Measure::EffectiveDate),
    ("生效", Measure::EffectiveDate),
    ("开工", Measure::StartDate),
    ("竣工", Measure::CompletionDate),
    ("完工", Measure::CompletionDate),
];

/// The contract price: the largest sum a contract names as its price, not a unit price.
pub fn contract_price(values: &[ClauseValue]) -> Option<&ClauseValue> {
    values
        .iter()
        .filter(|v| v.kind == Kind::Money && v.measures == Measure::ContractPrice)
        .filter(|v| v.per.is_none())
        .max_by(|a, b| a.value.partial_cmp(&b.value).expect("finite amounts"))
}

/// The values of every body block of a document.
pub fn read(doc: &Document) -> Vec<ClauseValue> {
    read_prepared(&prepare(doc))
}

/// The values of prepared blocks.
pub fn read_prepared(blocks: &[Prepared]) -> Vec<ClauseValue> {
    let mut out = vec![];
    for p in blocks {
        for f in scan(&p.norm.text, &p.sentences) {
            let (s, e) = p.norm.range(&p.block.text, f.start, f.end);
            let (ss, se) = p.norm.range(&p.block.text, f.sentence.0, f.sentence.1);
            out.push(ClauseValue {
                kind: f.kind,
                value: f.value,
                unit: f.unit,
                date: f.date,
                per: f.per,
                bound: f.bound,
                of: f.of,
                start: f.start_words,
                measures: f.measures,
                measures_evidence: f.measures_evidence,
                text: p.block.text[s..e].to_string(),
                byte_span: [s, e],
                excerpt: p.block.text[ss..se].trim().to_string(),
                block: p.index,
                path: p.block.path.clone(),
                article: p.block.path.iter().find(|x| x.ends_with('条')).cloned(),
                norm: (f.start, f.end),
                sentence: f.sentence,
            });
        }
    }
    out
}

/// A value found in normalised text (offsets in that text).
#[derive(Debug, Clone)]
pub struct Found {
    pub kind: Kind,
    pub value: Option<f64>,
    pub unit: Unit,
    pub date: Option<String>,
    pub per: Option<String>,
    pub bound: Option<Bound>,
    pub of: Option<String>,
    pub start_words: Option<String>,
    pub measures: Measure,
    pub measures_evidence: Option<String>,
    pub start: usize,
    pub end: usize,
    pub sentence: (usize, usize),
}

/// The values of one text (normalised first), for tests and tools.
pub fn in_text(text: &str) -> Vec<Found> {
    let n = Normalized::new(text);
    let s = sentences(&n.text);
    scan(&n.text, &s)
}

/// Every value in a normalised text, in text order.
pub fn scan(text: &str, sents: &[(usize, usize)]) -> Vec<Found> {
    if !text
        .chars()
        .any(|c| c.is_ascii_digit() || c == '半' || CN.contains(c))
    {
        return vec![];
    }
    let mut taken: Vec<(usize, usize)> = vec![];
    let mut out = vec![];
    let sentence_of = |pos: usize| {
        sents
            .iter()
            .copied()
            .find(|&(a, b)| a <= pos && pos < b)
            .unwrap_or((0, text.len()))
    };
    let free =
        |taken: &[(usize, usize)], s: usize, e: usize| taken.iter().all(|&(a, b)| e <= a || s >= b);

    for c in DATE.captures_iter(text) {
        let m = c.get(0).expect("match");
        let Some(date) = date_of(&c) else {
            // A bare year (2024年) is not a period: keep it from being read as one.
            if c.name("y").is_some() {
                taken.push((m.start(), m.end()));
            }
            continue;
        };
        taken.push((m.start(), m.end()));
        let sentence = sentence_of(m.start());
        let (measures, ev) = nearest(text, sentence, m.start(), m.end(), DATE_WORDS, 16);
        out.push(Found {
            kind: Kind::Date,
            value: None,
            unit: Unit::Date,
            date: Some(date),
            per: None,
            bound: None,
            of: None,
            start_words: None,
            measures,
            measures_evidence: ev,
            start: m.start(),
            end: m.end(),
            sentence,
        });
    }

    for c in MONEY.captures_iter(text) {
        let m = c.get(0).expect("match");
        let (mut s, e) = (m.start(), m.end());
        // Leading spaces belong to no value.
        s += text[s..e].len() - text[s..e].trim_start().len();
        if !free(&taken, s, e) {
            continue;
        }
        let Some(yuan) = money_of(&c) else { continue };
        if c.name("yen").is_some() && c.name("cur").is_none_or(|x| x.as_str() != "¥") {
            continue;
        }
        if let Some(cn) = c.name("cn") {
            // 一元 / 二元 alone are words (一元化, 二元结构) unless marked as money.
            let single = cn.as_str().chars().count() == 1;
            if single
                && c.name("cur").is_none()
                && c.name("zheng").is_none()
                && c.name("jiao").is_none()
            {
                continue;
            }
            if text[..cn.start()].ends_with(['第', '每']) && single {
                continue;
            }
        }
        taken.push((s, e));
        let sentence = sentence_of(s);
        let (measures, ev) = nearest(text, sentence, s, e, MONEY_WORDS, 24);
        out.push(Found {
            kind: Kind::Money,
            value: Some(yuan),
            unit: Unit::Yuan,
            date: None,
            per: per_of(text, sentence, s, e),
            bound: bound_of(text, sentence, s, e),
            of: None,
            start_words: None,
            measures,
            measures_evidence: ev,
            start: s,
            end: e,
            sentence,
        });
    }

    for c in RATE.captures_iter(text) {
        let m = c.get(0).expect("match");
        let (s, e) = (m.start(), m.end());
        if !free(&taken, s, e) {
            continue;
        }
        let points = c.name("pp").is_some();
        let bp = if let Some(pp) = c.name("pp") {
            // 2个百分点 = 200 basis points of difference; 半个百分点 = 50.
            let n = match pp.as_str() {
                "半" => 0.5,
                x => {
                    let Some(n) = parse_decimal(&x.replace(',', "")) else {
                        continue;
                    };
                    n
                }
            };
            n * 100.0
        } else if let Some(f) = c.name("frac") {
            let Some(n) = parse_decimal(&c["fn"]) else {
                continue;
            };
            n * match f.as_str() {
                "百分之" => 100.0,
                "千分之" => 10.0,
                _ => 1.0,
            }
        } else {
            let Some(n) = parse_decimal(&c["pct"].replace(',', "")) else {
                continue;
            };
            n * if &c["sign"] == "%" { 100.0 } else { 10.0 }
        };
        // 百分之十个百分点 does not occur; 第5个百分点 is an ordinal.
        if text[e..].starts_with("个百分点") || (points && text[..s].ends_with('第')) {
            continue;
        }
        taken.push((s, e));
        let sentence = sentence_of(s);
        let (measures, ev) = nearest(text, sentence, s, e, RATE_WORDS, 30);
        out.push(Found {
            kind: if points {
                Kind::PercentagePoints
            } else {
                Kind::Rate
            },
            value: Some(round4(bp)),
            unit: Unit::BasisPoints,
            date: None,
            per: per_of(text, sentence, s, e),
            bound: bound_of(text, sentence, s, e),
            of: of_of(text, sentence, s),
            start_words: None,
            measures,
            measures_evidence: ev,
            start: s,
            end: e,
            sentence,
        });
    }

    for c in PERIOD.captures_iter(text) {
        let m = c.get(0).expect("match");
        let (s, e) = (m.start(), m.end());
        if !free(&taken, s, e) {
            continue;
        }
        let Some(found) = period_of(text, &c, s, e, sentence_of(s)) else {
            continue;
        };
        taken.push((s, e));
        out.push(found);
    }

    out.sort_by_key(|f| f.start);
    out
}

fn round4(v: f64) -> f64 {
    (v * 10_000.0).round() / 10_000.0
}

/// 3.5, 0.05, 三十, 零点五, 二十五.
fn parse_decimal(s: &str) -> Option<f64> {
    let s = s.trim();
    if let Ok(v) = s.parse::<f64>() {
        return Some(v);
    }
    let (int, frac) = match s.split_once('点') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    let mut v = if int.is_empty() {
        0.0
    } else {
        parse_chinese(int)? as f64
    };
    if let Some(f) = frac {
        let mut scale = 0.1;
        for ch in f.chars() {
            v += parse_chinese(&ch.to_string())? as f64 * scale;
            scale /= 10.0;
        }
    }
    Some(v)
}

/// The amount in 元 of a money match.
fn money_of(c: &regex::Captures) -> Option<f64> {
    if let Some(ar) = c.name("ar").or_else(|| c.name("yen")) {
        let digits = ar.as_str().replace(',', "");
        let v: f64 = digits.parse().ok()?;
        let unit = match c.name("aru").map(|u| u.as_str()) {
            Some("百") => 1e2,
            Some("千") => 1e3,
            Some("万") => 1e4,
            Some("百万") => 1e6,
            Some("千万") => 1e7,
            Some("亿") => 1e8,
            Some("万亿") => 1e12,
            _ => 1.0,
        };
        return Some((v * unit * 100.0).round() / 100.0);
    }
    if let Some(d) = c.name("cnd") {
        // 三点五万元, 零点五亿元: a Chinese decimal before the unit.
        let unit = match c.name("cndu").map(|u| u.as_str()) {
            Some("百") => 1e2,
            Some("千") => 1e3,
            Some("万") => 1e4,
            Some("亿") => 1e8,
            Some("万亿") => 1e12,
            _ => 1.0,
        };
        return Some((parse_decimal(d.as_str())? * unit * 100.0).round() / 100.0);
    }
    let cn = c.name("cn")?.as_str();
    let mut v = parse_chinese(cn)? as f64;
    if let Some(j) = c.name("jiao") {
        v += parse_chinese(j.as_str())? as f64 / 10.0;
    }
    if let Some(f) = c.name("fen") {
        v += parse_chinese(f.as_str())? as f64 / 100.0;
    }
    Some((v * 100.0).round() / 100.0)
}

fn date_of(c: &regex::Captures) -> Option<String> {
    let num = |s: &str| -> Option<u64> { parse_chinese(s) };
    if let Some(y) = c.name("y2") {
        let (y, m, d) = (num(y.as_str())?, num(&c["m2"])?, num(&c["d2"])?);
        return valid(Some(y), m, Some(d));
    }
    if let Some(m) = c.name("m3") {
        return valid(None, num(m.as_str())?, Some(num(&c["d3"])?));
    }
    let y = num(&c["y"])?;
    let m = num(c.name("m")?.as_str())?;
    let d = match c.name("d") {
        Some(d) => Some(num(d.as_str())?),
        None => None,
    };
    valid(Some(y), m, d)
}

fn valid(y: Option<u64>, m: u64, d: Option<u64>) -> Option<String> {
    if !(1..=12).contains(&m) || d.is_some_and(|d| !(1..=31).contains(&d)) {
        return None;
    }
    if y.is_some_and(|y| !(1900..=2100).contains(&y)) {
        return None;
    }
    Some(match (y, d) {
        (Some(y), Some(d)) => format!("{y:04}-{m:02}-{d:02}"),
        (Some(y), None) => format!("{y:04}-{m:02}"),
        (None, Some(d)) => format!("--{m:02}-{d:02}"),
        (None, None) => return None,
    })
}

fn period_of(
    text: &str,
    c: &regex::Captures,
    s: usize,
    e: usize,
    sentence: (usize, usize),
) -> Option<Found> {
    let n = &c["n"];
    let u = &c["u"];
    let before = &text[sentence.0..s];
    let after = &text[e..sentence.1];
    // 第三年, 每逾期一日 (a rate's unit), 每月15日 (a day of the month), 2024年 (a year).
    if before.ends_with('第') || before.ends_with('每') || before.ends_with("每逾期") {
        return None;
    }
    if n == "半" && before.ends_with(['上', '下']) {
        return None;
    }
    // 星期三三天, 周一周二: the number names a weekday of the word before it.
    if before.ends_with("星期") || before.ends_with('周') || before.ends_with("礼拜") {
        return None;
    }
    let week = matches!(u, "个星期" | "星期" | "周");
    if week {
        // 三周年 (an anniversary), 十八周岁 (an age).
        if u == "周" && after.starts_with(['年', '岁']) {
            return None;
        }
        // 最后一个星期五, 第一个星期一: a weekday, not a week (一周一次 is a week).
        let mut rest = after.chars();
        if rest.next().is_some_and(|c| "一二三四五六日天".contains(c)) && rest.next() != Some('次')
        {
            return None;
        }
        // 四周 is also "all around" (项目四周设置围挡): 周 without 个 is a period only
        // where the words around it make it one.
        const AFTER: [&str; 19] = [
            "内", "以内", "之内", "后", "以后", "以上", "以下", "前", "期满", "为限", "左右",
            "时间", "一次", "。", ",", ";", ")", ":", "、",
        ];
        const BEFORE: [&str; 10] = [
            "为期", "提前", "连续", "满", "间隔", "持续", "历时", "用时", "需", "为",
        ];
        if u == "周"
            && !after.is_empty()
            && !AFTER.iter().any(|w| after.starts_with(w))
            && !BEFORE.iter().any(|w| before.ends_with(w))
            && bound_of(text, sentence, s, e).is_none()
        {
            return None;
        }
    }
    // 7×24小时服务: hours of service, not a period to act within.
    if u.ends_with("小时") && before.ends_with(['×', '*', 'x', 'X']) {
        return None;
    }
    // 2004年8月5日至8日: the day of a date range.
    if u == "日" && before.ends_with('至') && before.chars().rev().take(12).any(|c| c == '月') {
        return None;
    }
    if u == "日" && before.ends_with('月') {
        return None;
    }
    if u == "年"
        && (after.starts_with(['度', '级', '代', '初', '底', '末']) || n.chars().count() >= 4)
    {
        return None;
    }
    // 三月 without 个 is a period only before 内/后/以上…, never the month of a date.
    if u == "月"
        && !["内", "以内", "之内", "后", "以后", "以上", "期满", "为限"]
            .iter()
            .any(|w| after.starts_with(w))
    {
        return None;
    }
    let half = c.name("half").is_some();
    let (mut v, unit) = if n == "半" {
        match u {
            "年" => (6.0, Unit::Months),
            "个月" | "月" => (15.0, Unit::Days),
            "小时" | "个小时" => (0.5, Unit::Hours),
            _ => return None,
        }
    } else {
        let v = parse_decimal(&n.replace(',', ""))?;
        let unit = match u {
            "个工作日" | "工作日" => Unit::WorkingDays,
            "个半小时" | "个小时" | "小时" => Unit::Hours,
            "个星期" | "星期" | "周" => Unit::Weeks,
            "个月" | "月" | "个半月" => Unit::Months,
            "年" => Unit::Years,
            _ => Unit::Days,
        };
        (v, unit)
    };
    if u == "个半月" || u == "个半小时" || (half && unit == Unit::Years) {
        v += 0.5;
    }
    if v <= 0.0 {
        return None;
    }
    // What the period is for: a name before it, else the verb after it.
    let named = PERIOD_NAMES
        .iter()
        .filter_map(|(w, m)| {
            let clause = clause_before(before);
            clause.rfind(w).map(|i| (clause.len() - i, *w, *m))
        })
        .min_by_key(|x| x.0);
    let head: String = clause_after(after).chars().take(16).collect();
    let verb = match PERIOD_VERBS
        .iter()
        .filter_map(|(w, m)| head.find(w).map(|i| (i, *w, *m)))
        .min_by_key(|x| x.0)
    {
        // 90日内完成上季度服务费的支付: what is completed is the payment.
        Some((i, "完成", m)) => {
            completed_payment(&head[i + "完成".len()..]).or(Some((i, "完成", m)))
        }
        // 验收合格后九十日内，甲方一次性支付全部货款: the period closes its clause and the
        // payer's verb opens the next one; only a payment verb is taken from there, and only
        // when no name before the period says what it is (建设期为…18个月内，甲方按进度支付 is
        // a construction period) or the name only marks its start (缺陷责任期满后14日内，…支付).
        None if named.is_none() || ENDED.iter().any(|w| clause_before(before).contains(w)) => {
            next_clause_payment(after)
        }
        found => found,
    };
    // 质保期满后30日内支付: what is done within the period says more than a name before it.
    let (measures, ev) = match (verb, named) {
        (Some((_, w, m)), _) => (m, Some(w.to_string())),
        (None, Some((_, w, m))) => (m, Some(w.to_string())),
        _ => (Measure::Unknown, None),
    };
    Some(Found {
        kind: Kind::Period,
        value: Some(v),
        unit,
        date: None,
        per: None,
        bound: bound_of(text, sentence, s, e),
        of: None,
        start_words: start_of(before),
        measures,
        measures_evidence: ev,
        start: s,
        end: e,
        sentence,
    })
}

const CLAUSE_ENDS: [char; 6] = [',', ';', ':', '。', '、', '\n'];

/// The part of `before` after the last clause break.
fn clause_before(before: &str) -> &str {
    before.rfind(CLAUSE_ENDS).map_or(before, |i| {
        &before[i + before[i..].chars().next().map_or(1, char::len_utf8)..]
    })
}

/// Words after which a named period has ended: the name is where the period starts.
const ENDED: [&str; 4] = ["期满", "届满", "结束后", "到期后"];

/// What 支付 may stand for without being a payment: 支付宝, 支付系统, 支付平台 ….
const NOT_A_PAYMENT: [&str; 8] = ["宝", "系统", "平台", "方式", "渠道", "码", "终端", "功能"];

/// The first payment verb in `head`, with its place, when it names a payment and not a
/// payment system (移动支付系统的建设).
fn payment_verb(head: &str) -> Option<(usize, &'static str, Measure)> {
    PERIOD_VERBS
        .iter()
        .filter(|(_, m)| *m == Measure::PaymentTerm)
        .filter_map(|(w, m)| head.find(w).map(|i| (i, *w, *m)))
        .min_by_key(|x| x.0)
        .filter(|&(i, w, _)| {
            let rest = &head[i + w.len()..];
            !NOT_A_PAYMENT.iter().any(|n| rest.starts_with(n))
        })
}

/// The payment that `rest` (what follows 完成) says is completed: the payment verb right
/// after 完成, or after a …的 that names what is paid (完成上季度服务费的支付).
fn completed_payment(rest: &str) -> Option<(usize, &'static str, Measure)> {
    payment_verb(rest).filter(|&(i, _, _)| i == 0 || rest[..i].ends_with('的'))
}

/// A payment verb at the head of the clause after a period that ends its own clause with
/// nothing but 内 (九十日内，甲方支付): the payer's clause says what the period is for.
fn next_clause_payment(after: &str) -> Option<(usize, &'static str, Measure)> {
    let clause = clause_after(after);
    if !matches!(clause.trim(), "内" | "以内" | "之内") {
        return None;
    }
    let rest = after[clause.len()..].strip_prefix(',')?;
    let head: String = clause_after(rest).chars().take(16).collect();
    // 甲方完成统一支付平台的验收: what is done is the 完成, not a payment.
    payment_verb(&head).filter(|&(i, _, _)| !head[..i].contains("完成"))
}

/// The part of `after` up to the first clause break.
fn clause_after(after: &str) -> &str {
    after.find(CLAUSE_ENDS).map_or(after, |i| &after[..i])
}

/// The start of a period written just before it: 自验收合格之日起, 收到发票后,
/// 竣工验收合格后 — in the same clause, or the clause before when this one begins with the
/// period (验收合格后，甲方应在30日内支付).
fn start_of(before: &str) -> Option<String> {
    const ENDS: [&str; 6] = ["之日起", "日起", "之后", "以后", "后", "起"];
    let clause = clause_before(before);
    let head = clause.trim_end_matches(['内', '在', '于', ' ']);
    let cand = |piece: &str| -> Option<String> {
        let p = piece.trim();
        let p = p.trim_end_matches(['在', '于', ' ']);
        let p = p
            .trim_end_matches("应当")
            .trim_end_matches('应')
            .trim_end_matches(' ');
        if !ENDS.iter().any(|w| p.ends_with(*w)) {
            // 自领取营业执照30日内: 自 alone opens the start.
            let i = p.rfind('自')?;
            let words = &p[i..];
            // 自用, 自行, 自愿 … are not 自 of a start.
            if [
                "自用", "自己", "自行", "自身", "自主", "自然", "自治", "自愿", "自动", "自有",
            ]
            .iter()
            .any(|w| words.starts_with(w))
            {
                return None;
            }
            let n = words.chars().count();
            return (3..=24).contains(&n).then(|| words.to_string());
        }
        // From the last 自/从 (kept), or after the last 于/在/经/待 (dropped).
        let from = ["自", "从"]
            .iter()
            .filter_map(|w| p.rfind(w))
            .max()
            .or_else(|| {
                ["于", "在", "经", "待", "方"]
                    .iter()
                    .filter_map(|w| p.rfind(w).map(|i| i + w.len()))
                    .max()
            })
            .unwrap_or(0);
        let words = p[from..].trim();
        let n = words.chars().count();
        (2..=24).contains(&n).then(|| words.to_string())
    };
    if let Some(s) = cand(head) {
        return Some(s);
    }
    // The clause is only a subject and a verb (甲方应在): look at the clause before.
    if head.chars().count() <= 8 {
        let rest = &before[..before.len() - clause.len()];
        let rest = rest.trim_end_matches(CLAUSE_ENDS);
        return cand(clause_before(rest));
    }
    None
}

/// The nearest word of `words` to a value in its clause, before it (within `reach`
/// characters) or after it; the one before wins a tie.
fn nearest(
    text: &str,
    sentence: (usize, usize),
    s: usize,
    e: usize,
    words: &[(&str, Measure)],
    reach: usize,
) -> (Measure, Option<String>) {
    // The clause, but across 、 and : (合同价款（大写）：贰仟…元).
    let whole = &text[sentence.0..s];
    let before = whole.rfind([',', ';', '。', '\n']).map_or(whole, |i| {
        &whole[i + whole[i..].chars().next().map_or(1, char::len_utf8)..]
    });
    let before: &str = {
        let n = before.chars().count();
        let skip = n.saturating_sub(reach);
        let i = before
            .char_indices()
            .nth(skip)
            .map_or(before.len(), |x| x.0);
        &before[i..]
    };
    let after = clause_after(&text[e..sentence.1]);
    // 收益百分之五十的罚款: a word right after 的 names what the value is.
    if let Some(rest) = after.strip_prefix('的')
        && let Some((w, m)) = words.iter().find(|(w, _)| rest.starts_with(w))
    {
        return (*m, Some(w.to_string()));
    }
    let mut best: Option<(usize, bool, &str, Measure)> = None;
    for (w, m) in words {
        if let Some(i) = before.rfind(w) {
            let d = before[i + w.len()..].chars().count();
            if best.is_none_or(|b| d < b.0 || (d == b.0 && !b.1)) {
                best = Some((d, true, w, *m));
            }
        }
        if let Some(i) = after.find(w) {
            let d = after[..i].chars().count();
            if d <= reach && best.is_none_or(|b| d < b.0) {
                best = Some((d, false, w, *m));
            }
        }
    }
    match best {
        Some((_, _, w, m)) => (m, Some(w.to_string())),
        None => (Measure::Unknown, None),
    }
}

/// 每日/每天/按日/日利率/年化/每月… before the value in its clause, or /日 /年 after it.
fn per_of(text: &str, sentence: (usize, usize), s: usize, e: usize) -> Option<String> {
    let after = &text[e..sentence.1];
    for (w, p) in [
        ("/日", "day"),
        ("/天", "day"),
        ("每日", "day"),
        ("每天", "day"),
        ("/月", "month"),
        ("每月", "month"),
        ("/年", "year"),
        ("每年", "year"),
    ] {
        if after.trim_start().starts_with(w) {
            return Some(p.into());
        }
    }
    if let Some(rest) = after.strip_prefix('/') {
        const UNITS: [&str; 16] = [
            "平方米",
            "万吨",
            "公里",
            "亩",
            "台",
            "辆",
            "人",
            "次",
            "户",
            "吨",
            "斤",
            "件",
            "套",
            "份",
            "米",
            "张",
        ];
        if let Some(u) = UNITS.iter().find(|u| rest.starts_with(*u)) {
            return Some(u.to_string());
        }
    }
    let before = clause_before(&text[sentence.0..s]);
    if before.ends_with('日') && !before.ends_with("之日") {
        return Some("day".into());
    }
    let window: String = {
        let v: Vec<char> = before.chars().collect();
        v[v.len().saturating_sub(16)..].iter().collect()
    };
    for (w, p) in [
        ("每逾期一日", "day"),
        ("每逾期一天", "day"),
        ("每日", "day"),
        ("每天", "day"),
        ("按日", "day"),
        ("日利率", "day"),
        ("日息", "day"),
        ("逐日", "day"),
        ("年化", "year"),
        ("年利率", "year"),
        ("年息", "year"),
        ("每年", "year"),
        ("按年", "year"),
        ("月利率", "month"),
        ("月息", "month"),
        ("每月", "month"),
        ("按月", "month"),
    ] {
        if window.contains(w) {
            return Some(p.into());
        }
    }
    for w in [
        "每平方米",
        "每亩",
        "每台",
        "每辆",
        "每人",
        "每次",
        "每户",
        "每吨",
        "每万吨",
        "每斤",
    ] {
        if window.contains(w) {
            return Some(w.trim_start_matches('每').into());
        }
    }
    None
}

fn bound_of(text: &str, sentence: (usize, usize), s: usize, e: usize) -> Option<Bound> {
    let after = &text[e..sentence.1];
    let after = after.trim_start();
    if ["以上", "及以上", "起"]
        .iter()
        .any(|w| after.starts_with(w))
    {
        return Some(Bound::Min);
    }
    if ["以下", "以内", "之内", "内"]
        .iter()
        .any(|w| after.starts_with(w))
    {
        return Some(Bound::Max);
    }
    let before = clause_before(&text[sentence.0..s]);
    let window: String = {
        let v: Vec<char> = before.chars().collect();
        v[v.len().saturating_sub(16)..].iter().collect()
    };
    let last = |words: &[&str]| words.iter().filter_map(|w| window.rfind(w)).max();
    let max = last(&[
        "不超过",
        "不得超过",
        "不高于",
        "不得高于",
        "最高",
        "最长",
        "最多",
        "上限",
        "封顶",
    ]);
    let min = last(&[
        "不低于",
        "不得低于",
        "不少于",
        "不得少于",
        "最低",
        "最短",
        "至少",
        "达到",
    ]);
    match (max, min) {
        (Some(a), Some(b)) => Some(if a > b { Bound::Max } else { Bound::Min }),
        (Some(_), None) => Some(Bound::Max),
        (None, Some(_)) => Some(Bound::Min),
        _ => None,
    }
}

/// The base of a rate written just before it: 合同价款 in 按合同价款的千分之五.
fn of_of(text: &str, sentence: (usize, usize), s: usize) -> Option<String> {
    let before = clause_before(&text[sentence.0..s]).trim_end();
    let base = before.strip_suffix('的')?;
    const STOPS: [&str; 20] = [
        "至",
        "奖励",
        "给予",
        "返还",
        "不得超过",
        "不超过",
        "超过",
        "高于",
        "低于",
        "按照",
        "按",
        "以",
        "为",
        "占",
        "达到",
        "收取",
        "支付",
        "缴纳",
        "提取",
        "计",
    ];
    let from = STOPS
        .iter()
        .filter_map(|w| base.rfind(w).map(|i| i + w.len()))
        .max()
        .unwrap_or(0);
    let words = base[from..].trim();
    let n = words.chars().count();
    (1..=16).contains(&n).then(|| words.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The one value of `kind` in `text` (the first when several).
    fn one(text: &str, kind: Kind) -> Found {
        in_text(text)
            .into_iter()
            .find(|f| f.kind == kind)
            .unwrap_or_else(|| panic!("no {kind:?} in {text}"))
    }

    fn norm(text: &str, f: &Found) -> String {
        Normalized::new(text).text[f.start..f.end].to_string()
    }

    /// (text, yuan, measure, per) — forms from corpus/drafts, corpus/real and dev-split
    /// lines of corpus/cases, plus the forms of the issue.
    const MONEY_CASES: &[(&str, f64, Measure, Option<&str>)] = &[
        (
            "第三条 合同价款 本合同暂定总价为人民币叁仟陆佰万元。",
            36_000_000.0,
            Measure::ContractPrice,
            None,
        ),
        (
            "中标价人民币386万元。",
            3_860_000.0,
            Measure::ContractPrice,
            None,
        ),
        (
            "合同总价为人民币壹亿贰仟万元。",
            120_000_000.0,
            Measure::ContractPrice,
            None,
        ),
        (
            "承包人进场前应缴纳安全文明保证金二十万元。",
            200_000.0,
            Measure::Deposit,
            None,
        ),
        (
            "入场经营者应当向市场开办者缴纳经营保证金五千元。",
            5_000.0,
            Measure::Deposit,
            None,
        ),
        (
            "第二条　项目总投资约1.8亿元。",
            180_000_000.0,
            Measure::Investment,
            None,
        ),
        (
            "第四条 服务费 服务费总额为人民币捌亿元。",
            800_000_000.0,
            Measure::ContractPrice,
            None,
        ),
        (
            "每逾期一日向甲方支付违约金1000元。",
            1_000.0,
            Measure::Penalty,
            Some("day"),
        ),
        (
            "每逾期一日应向宁某某承担1000元的违约金。",
            1_000.0,
            Measure::Penalty,
            Some("day"),
        ),
        (
            "甲方支付乙方搬迁费、临时安置费共计人民币叁万元。",
            30_000.0,
            Measure::Compensation,
            None,
        ),
        (
            "约定A公司为B向C银行的借款6百万元提供连带责任保证。",
            6_000_000.0,
            Measure::Loan,
            None,
        ),
        ("计划融资金额5亿元。", 500_000_000.0, Measure::Loan, None),
        (
            "对其中的371.76亿元直接删除作为化债处理。",
            37_176_000_000.0,
            Measure::Unknown,
            None,
        ),
        (
            "要求安装价格不高于2760元/台。",
            2_760.0,
            Measure::Unknown,
            Some("台"),
        ),
        (
            "A地块最终确认的楼面地价为人民币1700元/平方米。",
            1_700.0,
            Measure::Unknown,
            Some("平方米"),
        ),
        (
            "一次性给予每家企业最高不超过20万元奖励。",
            200_000.0,
            Measure::Subsidy,
            None,
        ),
        (
            "投资金额在400万元以下限额内的。",
            4_000_000.0,
            Measure::Investment,
            None,
        ),
        (
            "项目竣工验收后按10万元/亩标准进行补助。",
            100_000.0,
            Measure::Subsidy,
            Some("亩"),
        ),
        (
            "按每万吨给予企业20000元人民币奖励。",
            20_000.0,
            Measure::Subsidy,
            Some("万吨"),
        ),
        (
            "账面价值共计人民币7.2亿元。",
            720_000_000.0,
            Measure::Unknown,
            None,
        ),
        (
            "甲方向乙方支付租赁物购买价款人民币6亿元。",
            600_000_000.0,
            Measure::ContractPrice,
            None,
        ),
        (
            "签约合同价为2860万元。",
            28_600_000.0,
            Measure::ContractPrice,
            None,
        ),
        (
            "合同金额2,860.5万元。",
            28_605_000.0,
            Measure::ContractPrice,
            None,
        ),
        (
            "合同价款为人民币贰仟捌佰陆拾万元整。",
            28_600_000.0,
            Measure::ContractPrice,
            None,
        ),
        (
            "工程款人民币壹拾贰万叁仟肆佰伍拾陆元柒角捌分。",
            123_456.78,
            Measure::ContractPrice,
            None,
        ),
        (
            "项目总投资1.2亿元。",
            120_000_000.0,
            Measure::Investment,
            None,
        ),
        (
            "逾期的，乙方按5000元/日支付违约金。",
            5_000.0,
            Measure::Penalty,
            Some("day"),
        ),
        (
            "合同总金额：¥28,600,000.00元。",
            28_600_000.0,
            Measure::ContractPrice,
            None,
        ),
        (
            "第五条 处以罚款人民币２０００元。",
            2_000.0,
            Measure::Fine,
            None,
        ),
    ];

    #[test]
    fn money_in_every_written_form() {
        for (text, yuan, measure, per) in MONEY_CASES {
            let f = one(text, Kind::Money);
            assert_eq!(f.value, Some(*yuan), "{text}");
            assert_eq!(f.unit, Unit::Yuan);
            assert_eq!(f.measures, *measure, "{text}");
            assert_eq!(f.per.as_deref(), *per, "{text}");
        }
    }

    #[test]
    fn money_bounds_and_ranges() {
        let v = in_text("处5万元以上50万元以下罚款。");
        let m: Vec<_> = v.iter().filter(|f| f.kind == Kind::Money).collect();
        assert_eq!(m.len(), 2);
        assert_eq!((m[0].value, m[0].bound), (Some(50_000.0), Some(Bound::Min)));
        assert_eq!(
            (m[1].value, m[1].bound),
            (Some(500_000.0), Some(Bound::Max))
        );
        assert!(m.iter().all(|f| f.measures == Measure::Fine));
        let f = one("一次性给予每家企业最高不超过20万元奖励。", Kind::Money);
        assert_eq!(f.bound, Some(Bound::Max));
    }

    /// (text, basis points, per, of, measure)
    type RateCase = (
        &'static str,
        f64,
        Option<&'static str>,
        Option<&'static str>,
        Measure,
    );
    const RATE_CASES: &[RateCase] = &[
        (
            "承包人逾期竣工的，每日按合同价款的千分之五向发包人支付违约金。",
            50.0,
            Some("day"),
            Some("合同价款"),
            Measure::Penalty,
        ),
        (
            "发包人于工程竣工验收合格后一百二十日内支付至合同价款的百分之八十。",
            8000.0,
            None,
            Some("合同价款"),
            Measure::Unknown,
        ),
        (
            "投标保证金不得超过招标项目估算价的2%。",
            200.0,
            None,
            Some("招标项目估算价"),
            Measure::Deposit,
        ),
        (
            "履约保证金不得超过中标合同金额的10%。",
            1000.0,
            None,
            Some("中标合同金额"),
            Measure::Deposit,
        ),
        (
            "另奖励工程中标价的2%。",
            200.0,
            None,
            Some("工程中标价"),
            Measure::Subsidy,
        ),
        (
            "扣除管理费5%后向B公司支付相应款项。",
            500.0,
            None,
            None,
            Measure::Unknown,
        ),
        (
            "结余部分的80%奖励给乙方。",
            8000.0,
            None,
            Some("结余部分"),
            Measure::Subsidy,
        ),
        (
            "须按共享单车、助力车营业流水的 10%上缴。",
            1000.0,
            None,
            Some("助力车营业流水"),
            Measure::Unknown,
        ),
        (
            "发建设的资金达到工程建设总投资的百分之二十五以上。",
            2500.0,
            None,
            Some("工程建设总投资"),
            Measure::Unknown,
        ),
        (
            "逾期交付的，每日按合同总价的万分之五支付违约金。",
            5.0,
            Some("day"),
            Some("合同总价"),
            Measure::Penalty,
        ),
        (
            "乙方逾期支付租金的，每逾期一日按欠付租金的千分之一支付违约金。",
            10.0,
            Some("day"),
            Some("欠付租金"),
            Measure::Penalty,
        ),
        (
            "乙方享有年化8%的固定收益。",
            800.0,
            Some("year"),
            None,
            Measure::Return,
        ),
        (
            "逾期付款的，按日万分之五支付逾期利息。",
            5.0,
            Some("day"),
            None,
            Measure::InterestRate,
        ),
        (
            "违约金按未履行部分的百分之二十计算。",
            2000.0,
            None,
            Some("未履行部分"),
            Measure::Penalty,
        ),
        (
            "每日按欠款金额的万分之五/日计收滞纳金。",
            5.0,
            Some("day"),
            Some("欠款金额"),
            Measure::LateFee,
        ),
        (
            "每日按罚款数额的百分之三加处罚款。",
            300.0,
            Some("day"),
            Some("罚款数额"),
            Measure::Fine,
        ),
        (
            "保证金为合同金额的千分之三。",
            30.0,
            None,
            Some("合同金额"),
            Measure::Deposit,
        ),
        (
            "预付款不超过合同价款的百分之三十。",
            3000.0,
            None,
            Some("合同价款"),
            Measure::Unknown,
        ),
        (
            "年利率百分之零点五。",
            50.0,
            Some("year"),
            None,
            Measure::InterestRate,
        ),
    ];

    #[test]
    fn rates_percent_per_mille_and_per_ten_thousand() {
        for (text, bp, per, of, measure) in RATE_CASES {
            let f = one(text, Kind::Rate);
            assert_eq!(f.value, Some(*bp), "{text}");
            assert_eq!(f.unit, Unit::BasisPoints);
            assert_eq!(f.per.as_deref(), *per, "{text}");
            assert_eq!(f.of.as_deref(), *of, "{text}");
            assert_eq!(f.measures, *measure, "{text}");
        }
        let f = one(
            "情节严重的，没收其该项目全部收益，并可处其该项目收益百分之五十的罚款。",
            Kind::Rate,
        );
        assert_eq!(f.measures, Measure::Fine);
        let f = one("预付款不超过合同价款的百分之三十。", Kind::Rate);
        assert_eq!(f.bound, Some(Bound::Max));
        let v = in_text("罚款额为违法所得的10%以上50%以下。");
        assert_eq!(v[0].value, Some(1000.0));
        assert_eq!(v[0].bound, Some(Bound::Min));
        assert_eq!(v[1].value, Some(5000.0));
        assert_eq!(v[1].bound, Some(Bound::Max));
    }

    /// (text, value, unit, measure, start)
    const PERIOD_CASES: &[(&str, f64, Unit, Measure, Option<&str>)] = &[
        (
            "本协议自签订之日起两年内有效。",
            2.0,
            Unit::Years,
            Measure::ContractTerm,
            Some("自签订之日起"),
        ),
        (
            "协议期为三年。",
            3.0,
            Unit::Years,
            Measure::ContractTerm,
            None,
        ),
        (
            "经营权年限为29年。",
            29.0,
            Unit::Years,
            Measure::Unknown,
            None,
        ),
        (
            "运营期限5年。",
            5.0,
            Unit::Years,
            Measure::ContractTerm,
            None,
        ),
        (
            "企业接受奖励和补贴后10年内注册地址不得迁出。",
            10.0,
            Unit::Years,
            Measure::Unknown,
            Some("企业接受奖励和补贴后"),
        ),
        (
            "照料服务机构开设者自领取营业执照30日内备案。",
            30.0,
            Unit::Days,
            Measure::Unknown,
            Some("自领取营业执照"),
        ),
        (
            "公示期不得少于5个工作日。",
            5.0,
            Unit::WorkingDays,
            Measure::Unknown,
            None,
        ),
        (
            "中标人应当自中标通知书发出之日起三十日内订立书面合同。",
            30.0,
            Unit::Days,
            Measure::Unknown,
            Some("自中标通知书发出之日起"),
        ),
        (
            "招标人最迟应当在书面合同签订后5日内退还投标保证金。",
            5.0,
            Unit::Days,
            Measure::Unknown,
            Some("书面合同签订后"),
        ),
        (
            "甲方在收到发票后三个月内付款。",
            3.0,
            Unit::Months,
            Measure::PaymentTerm,
            Some("收到发票后"),
        ),
        (
            "甲方于验收合格后90日内支付合同价款。",
            90.0,
            Unit::Days,
            Measure::PaymentTerm,
            Some("验收合格后"),
        ),
        (
            "发包人于工程竣工验收合格后一百二十日内支付至合同价款的百分之八十。",
            120.0,
            Unit::Days,
            Measure::PaymentTerm,
            Some("工程竣工验收合格后"),
        ),
        (
            "采购人应当自验收合格之日起六十个工作日内支付款项。",
            60.0,
            Unit::WorkingDays,
            Measure::PaymentTerm,
            Some("自验收合格之日起"),
        ),
        (
            "验收合格后，甲方应在60日内支付合同价款。",
            60.0,
            Unit::Days,
            Measure::PaymentTerm,
            Some("验收合格后"),
        ),
        // The period closes its clause and the payer's verb opens the next one.
        (
            "货物验收合格后九十日内，甲方一次性支付全部货款。",
            90.0,
            Unit::Days,
            Measure::PaymentTerm,
            Some("货物验收合格后"),
        ),
        // 完成 what? The payment.
        (
            "甲方应于考核完成后90日内完成上季度服务费的支付。",
            90.0,
            Unit::Days,
            Measure::PaymentTerm,
            Some("考核完成后"),
        ),
        // A named construction or service period stays what its name says, whoever pays
        // in the next clause.
        (
            "项目建设期为合同签订之日起18个月内，甲方按工程进度支付工程款。",
            18.0,
            Unit::Months,
            Measure::PerformanceTerm,
            Some("项目建设期为合同签订之日起"),
        ),
        (
            "合同签订后90日内，甲方完成统一支付平台的验收。",
            90.0,
            Unit::Days,
            Measure::Unknown,
            Some("合同签订后"),
        ),
        // The named period has ended where this one starts: the next clause's payment counts.
        (
            "服务期满考核合格后三个月内，由甲方支付剩余服务费。",
            3.0,
            Unit::Months,
            Measure::PaymentTerm,
            Some("服务期满考核合格后"),
        ),
        // A payment system is built, not paid.
        (
            "本项目应于合同签订后90日内完成移动支付系统的建设。",
            90.0,
            Unit::Days,
            Measure::PerformanceTerm,
            Some("合同签订后"),
        ),
        // Only a payment verb is taken from the next clause; 完成整改 stays a performance term.
        (
            "乙方应于收到通知后90日内，完成全部缺陷修复工作。",
            90.0,
            Unit::Days,
            Measure::Unknown,
            Some("收到通知后"),
        ),
        (
            "乙方应在合同签订后半年内完成建设。",
            6.0,
            Unit::Months,
            Measure::PerformanceTerm,
            Some("合同签订后"),
        ),
        (
            "进修半年及以上并返回原医疗机构。",
            6.0,
            Unit::Months,
            Measure::Unknown,
            None,
        ),
        (
            "工期为365日历天。",
            365.0,
            Unit::Days,
            Measure::PerformanceTerm,
            None,
        ),
        ("一年内投产。", 1.0, Unit::Years, Measure::Unknown, None),
        (
            "正常运行一年以上。",
            1.0,
            Unit::Years,
            Measure::Unknown,
            None,
        ),
        (
            "质保期为2年。",
            2.0,
            Unit::Years,
            Measure::WarrantyTerm,
            None,
        ),
    ];

    #[test]
    fn periods_with_their_start() {
        for (text, v, unit, measure, start) in PERIOD_CASES {
            let f = one(text, Kind::Period);
            assert_eq!(f.value, Some(*v), "{text}");
            assert_eq!(f.unit, *unit, "{text}");
            assert_eq!(f.measures, *measure, "{text}");
            assert_eq!(f.start_words.as_deref(), *start, "{text}");
        }
        assert_eq!(
            one("公示期不得少于5个工作日。", Kind::Period).bound,
            Some(Bound::Min)
        );
        assert_eq!(
            one("正常运行一年以上。", Kind::Period).bound,
            Some(Bound::Min)
        );
        let f = one(
            "自2019年1月1日起对其自用房产可继续免征五年房产税。",
            Kind::Period,
        );
        assert_eq!(f.start_words, None);
        assert_eq!(
            one("甲方于验收合格后90日内支付合同价款。", Kind::Period).bound,
            Some(Bound::Max)
        );
    }

    #[test]
    fn dates_and_what_they_date() {
        let v = in_text("第四条 工期 计划开工日期2024年4月1日，计划竣工日期2025年6月30日。");
        let d: Vec<_> = v.iter().filter(|f| f.kind == Kind::Date).collect();
        assert_eq!(d[0].date.as_deref(), Some("2024-04-01"));
        assert_eq!(d[0].measures, Measure::StartDate);
        assert_eq!(d[1].date.as_deref(), Some("2025-06-30"));
        assert_eq!(d[1].measures, Measure::CompletionDate);
        assert!(v.iter().all(|f| f.kind == Kind::Date), "{v:?}");
        let f = one("签订日期：2024年3月15日", Kind::Date);
        assert_eq!(
            (f.date.as_deref(), f.measures),
            (Some("2024-03-15"), Measure::SigningDate)
        );
        for (text, iso) in [
            (
                "大英县政府安排回马镇政府于2013年9月6日与永佳公司签订协议。",
                "2013-09-06",
            ),
            ("2022年3月22日至23日", "2022-03-22"),
            ("A公司和B公司于2015年5月签订《委托担保合同》。", "2015-05"),
            (
                "机动车在补贴通告发布之日至2022年12月31日在本市报废。",
                "2022-12-31",
            ),
            ("本办法自二〇二四年三月一日起施行。", "2024-03-01"),
            ("截至2019-11-01。", "2019-11-01"),
        ] {
            assert_eq!(one(text, Kind::Date).date.as_deref(), Some(iso), "{text}");
        }
        assert_eq!(
            one("本办法自二〇二四年三月一日起施行。", Kind::Date).measures,
            Measure::EffectiveDate
        );
    }

    #[test]
    fn words_that_are_not_values() {
        for text in [
            "2020年以来，该县持续推进改革。",
            "涉案项目自2013年下半年正式动工建设。",
            "甲方于每月15日前支付上月服务费。",
            "第三年起按年递增。",
            "推进一元化管理。",
            "2004年8月5日至8日，温家宝总理率国务院有关部门负责同志赴你省考察。",
            "2024年度预算。",
        ] {
            let v = in_text(text);
            assert!(
                v.iter()
                    .all(|f| f.kind == Kind::Date || f.kind == Kind::Money && text.contains("元")),
                "{text}: {v:?}"
            );
            assert!(
                v.iter()
                    .all(|f| f.kind != Kind::Period && f.kind != Kind::Rate),
                "{text}: {v:?}"
            );
        }
        assert!(in_text("推进一元化管理。").is_empty());
        // A step in percentage points is a value, but never a rate.
        let v = in_text("产值同比增速每超10个百分点给予奖励。");
        assert_eq!(v.len(), 1, "{v:?}");
        assert_eq!(
            (v[0].kind, v[0].value),
            (Kind::PercentagePoints, Some(1000.0))
        );
    }

    /// (text, value, unit, calendar days, measure, start)
    type TimedCase = (&'static str, f64, Unit, f64, Measure, Option<&'static str>);

    #[test]
    fn hours_and_weeks_are_periods() {
        let cases: &[TimedCase] = &[
            (
                "乙方应在接到维修通知后24小时内到达现场。",
                24.0,
                Unit::Hours,
                1.0,
                Measure::Unknown,
                Some("接到维修通知后"),
            ),
            (
                "发生突发事件的，承办单位应当在2个小时内向县应急管理局报告。",
                2.0,
                Unit::Hours,
                2.0 / 24.0,
                Measure::Unknown,
                None,
            ),
            (
                "供水中断超过一个半小时的，供水企业应当通知用户。",
                1.5,
                Unit::Hours,
                1.5 / 24.0,
                Measure::Unknown,
                None,
            ),
            (
                "接到投诉后半小时内作出响应。",
                0.5,
                Unit::Hours,
                0.5 / 24.0,
                Measure::Unknown,
                Some("接到投诉后"),
            ),
            (
                "乙方应于合同签订后三个星期内完成全部供货。",
                3.0,
                Unit::Weeks,
                21.0,
                Measure::PerformanceTerm,
                Some("合同签订后"),
            ),
            (
                "拟确定的供应商名单在县政府网站公示，公示期为两周。",
                2.0,
                Unit::Weeks,
                14.0,
                Measure::Unknown,
                None,
            ),
            (
                "甲方应在验收合格后2周内支付合同价款。",
                2.0,
                Unit::Weeks,
                14.0,
                Measure::PaymentTerm,
                Some("验收合格后"),
            ),
            (
                "调整收费标准的，应当提前一周向社会公告。",
                1.0,
                Unit::Weeks,
                7.0,
                Measure::Unknown,
                None,
            ),
        ];
        for (text, v, unit, days, measure, start) in cases {
            let f = one(text, Kind::Period);
            assert_eq!((f.value, f.unit), (Some(*v), *unit), "{text}");
            assert_eq!(f.measures, *measure, "{text}");
            assert_eq!(f.start_words.as_deref(), *start, "{text}");
            let cv = ClauseValue {
                kind: f.kind,
                value: f.value,
                unit: f.unit,
                date: None,
                per: None,
                bound: f.bound,
                of: None,
                start: None,
                measures: f.measures,
                measures_evidence: None,
                text: String::new(),
                byte_span: [0, 0],
                excerpt: String::new(),
                block: 0,
                path: vec![],
                article: None,
                norm: (0, 0),
                sentence: (0, 0),
            };
            let d = cv.days().unwrap();
            assert!((d - days).abs() < 1e-9, "{text}: {d}");
        }
        assert_eq!(
            one("乙方应在接到维修通知后24小时内到达现场。", Kind::Period).bound,
            Some(Bound::Max)
        );
    }

    #[test]
    fn weekdays_anniversaries_ages_and_surroundings_are_not_periods() {
        for text in [
            "在公司成立第三周年之际举办纪念活动。",
            "庆祝建县六十周年。",
            "年满十八周岁的本县户籍居民均可申请。",
            "每月最后一个星期五为集中办理日。",
            "每月第一个星期一召开联席会议。",
            "办事大厅星期一至星期五对外办公。",
            "定于2024年3月4日（星期一）召开会议。",
            "周一周二安排现场踏勘。",
            "施工现场四周应设置不低于1.8米的围挡。",
            "开通7×24小时服务热线。",
            "每两周报送一次工程进度。",
            "第三周起进入试运行。",
        ] {
            let v = in_text(text);
            assert!(v.iter().all(|f| f.kind != Kind::Period), "{text}: {v:?}");
        }
        // 一周一次 keeps its week.
        assert_eq!(
            one("项目例会为期三周，一周一次。", Kind::Period).value,
            Some(3.0)
        );
    }

    #[test]
    fn chinese_decimals_in_amounts() {
        for (text, yuan, measure) in [
            (
                "对首次认定的高新技术企业给予三点五万元奖励。",
                35_000.0,
                Measure::Subsidy,
            ),
            ("项目总投资二点五亿元。", 250_000_000.0, Measure::Investment),
            ("每户补助零点五万元。", 5_000.0, Measure::Subsidy),
            (
                "合同价款为人民币一点二亿元。",
                120_000_000.0,
                Measure::ContractPrice,
            ),
            ("对重点企业奖励五万元。", 50_000.0, Measure::Subsidy),
        ] {
            let v: Vec<_> = in_text(text)
                .into_iter()
                .filter(|f| f.kind == Kind::Money)
                .collect();
            assert_eq!(v.len(), 1, "{text}: {v:?}");
            assert_eq!((v[0].value, v[0].measures), (Some(yuan), measure), "{text}");
        }
        let f = one("每户补助零点五万元。", Kind::Money);
        assert_eq!(norm("每户补助零点五万元。", &f), "零点五万元");
        // 零点五 in a rate and in percentage points.
        assert_eq!(
            one("按日加收欠款百分之零点五的滞纳金。", Kind::Rate).value,
            Some(50.0)
        );
    }

    #[test]
    fn percentage_points_are_not_rates() {
        let text = "贷款年利率为8%，逾期还款的，利率在原基础上提高2个百分点。";
        let v = in_text(text);
        let rates: Vec<_> = v.iter().filter(|f| f.kind == Kind::Rate).collect();
        assert_eq!(rates.len(), 1, "{v:?}");
        assert_eq!(rates[0].value, Some(800.0));
        let pp = one(text, Kind::PercentagePoints);
        assert_eq!((pp.value, pp.unit), (Some(200.0), Unit::BasisPoints));
        assert_eq!(pp.measures, Measure::InterestRate);
        assert_eq!(norm(text, &pp), "2个百分点");
        for (text, bp) in [
            ("中标价格较最高限价下浮零点五个百分点。", 50.0),
            ("贷款利率在贷款市场报价利率基础上加半个百分点。", 50.0),
            ("综合费率较上年降低两个百分点。", 200.0),
            ("收益率不得超过同期国债利率1.5个百分点。", 150.0),
        ] {
            let f = one(text, Kind::PercentagePoints);
            assert_eq!(f.value, Some(bp), "{text}");
            assert!(in_text(text).iter().all(|f| f.kind != Kind::Rate), "{text}");
        }
        assert!(in_text("排名第5个百分点位。").is_empty());
        assert!(in_text("增速回落几个百分点。").is_empty());
    }

    #[test]
    fn spans_point_into_the_block_as_written() {
        let doc = crate::document::from_lines(&[
            "某县道路工程施工合同",
            "第三条 合同价款为人民币２８６０万元（大写：贰仟捌佰陆拾万元整）。",
            "第七条 甲方于验收合格后九十日内支付。",
        ]);
        let v = read(&doc);
        let money: Vec<_> = v.iter().filter(|x| x.kind == Kind::Money).collect();
        assert_eq!(money.len(), 2, "{v:?}");
        for m in &money {
            let block = &doc.blocks[m.block].text;
            assert_eq!(&block[m.byte_span[0]..m.byte_span[1]], m.text);
            assert_eq!(m.value, Some(28_600_000.0));
            assert_eq!(m.article.as_deref(), Some("第三条"));
            assert!(m.excerpt.contains("合同价款"));
        }
        assert_eq!(money[0].text, "人民币２８６０万元");
        let p = v.iter().find(|x| x.kind == Kind::Period).expect("period");
        assert_eq!(p.article.as_deref(), Some("第七条"));
        assert_eq!(p.days(), Some(90.0));
        assert_eq!(p.measures, Measure::PaymentTerm);
        let f = one("合同价款的百分之三十", Kind::Rate);
        assert_eq!(norm("合同价款的百分之三十", &f), "百分之三十");
    }
}
