//! Checks that keywords and regexes cannot express. Each is named by a rule in
//! rules/*.toml (`builtin = "…"`), which carries its id, category, basis and examples.

use std::sync::LazyLock;

use regex::Regex;

use super::compile::CompiledRule;
use super::engine::{Prepared, finding_at};
use crate::document::model::{DocType, Document};
use crate::document::numerals::parse_chinese;
use crate::document::structure::find_date;
use crate::report::finding::Finding;

pub const NAMES: [&str; 11] = [
    "improper_issuer",
    "admin_agreement_arbitration",
    "missing_legal_basis",
    "missing_validity_period",
    "retroactive_effective_date",
    "payment_term_over_60_days",
    "missing_essential_clauses",
    "excessive_daily_penalty",
    "repealed_law",
    "invalid_article",
    "unknown_law",
];

/// What the builtins share beyond the document: checked citations and the reference date.
pub struct Context<'a> {
    pub citations: &'a [crate::citations::Checked],
    pub date: &'a str,
}

pub fn run(
    name: &str,
    rule: &CompiledRule,
    doc: &Document,
    blocks: &[Prepared],
    ctx: &Context,
) -> Vec<Finding> {
    use crate::citations::check;
    match name {
        "repealed_law" => check::repealed_law(rule, blocks, ctx.citations, ctx.date),
        "invalid_article" => check::invalid_article(rule, blocks, ctx.citations, ctx.date),
        "unknown_law" => check::unknown_law(rule, blocks, ctx.citations),
        "missing_legal_basis" => missing_legal_basis(rule, doc, blocks),
        "missing_validity_period" => missing_validity_period(rule, blocks),
        "retroactive_effective_date" => retroactive(rule, doc, blocks),
        "payment_term_over_60_days" => payment_terms(rule, blocks),
        "missing_essential_clauses" => missing_clauses(rule, doc, blocks),
        "excessive_daily_penalty" => daily_penalty(rule, blocks),
        "improper_issuer" => improper_issuer(rule, doc, blocks),
        "admin_agreement_arbitration" => admin_arbitration(rule, doc, blocks),
        _ => vec![],
    }
}

/// A document-level finding, placed on the title block (the first body block).
fn on_document(
    rule: &CompiledRule,
    blocks: &[Prepared],
    message_extra: Option<String>,
) -> Vec<Finding> {
    let Some(p) = blocks.first() else {
        return vec![];
    };
    let end = p.sentences.first().map_or(p.norm.text.len(), |s| s.1);
    let mut f = finding_at(rule, p, (0, end), (0, 0), &Default::default());
    if let Some(extra) = message_extra {
        f.message = f.message.replace("{detail}", &extra);
        f.suggestion = f.suggestion.replace("{detail}", &extra);
    }
    vec![f]
}

/// The sentence of a block containing a byte offset of its normalised text.
fn sentence_at(p: &Prepared, pos: usize) -> (usize, usize) {
    p.sentences
        .iter()
        .copied()
        .find(|&(a, b)| a <= pos && pos < b)
        .unwrap_or((0, p.norm.text.len()))
}

/// Findings for every match of `re` for which `judge` returns the `{detail}` text.
fn match_findings(
    rule: &CompiledRule,
    blocks: &[Prepared],
    re: &Regex,
    mut judge: impl FnMut(&Prepared, &regex::Captures) -> Option<String>,
) -> Vec<Finding> {
    let mut out = vec![];
    for p in blocks {
        for c in re.captures_iter(&p.norm.text) {
            let Some(detail) = judge(p, &c) else { continue };
            let m = c.get(0).expect("match");
            let mut f = finding_at(
                rule,
                p,
                sentence_at(p, m.start()),
                (m.start(), m.end()),
                &Default::default(),
            );
            f.message = f.message.replace("{detail}", &detail);
            f.suggestion = f.suggestion.replace("{detail}", &detail);
            out.push(f);
        }
    }
    out
}

fn body_contains(blocks: &[Prepared], words: &[&str]) -> bool {
    blocks
        .iter()
        .any(|p| words.iter().any(|w| p.norm.text.contains(w)))
}

static BASIS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(根据|依据|依照|按照|为贯彻落实|为贯彻|为落实|贯彻落实)[^。]{0,40}《|(根据|依据|依照)(有关)?法律|经国务院(同意|批准)|党中央、国务院(同意|批准)")
        .expect("basis regex")
});

fn missing_legal_basis(rule: &CompiledRule, doc: &Document, blocks: &[Prepared]) -> Vec<Finding> {
    if doc.doc_type != DocType::Normative || blocks.iter().any(|p| BASIS.is_match(&p.norm.text)) {
        return vec![];
    }
    on_document(rule, blocks, None)
}

fn missing_validity_period(rule: &CompiledRule, blocks: &[Prepared]) -> Vec<Finding> {
    if body_contains(
        blocks,
        &[
            "施行",
            "有效期",
            "起执行",
            "起实施",
            "之日起",
            "起生效",
            "有效至",
        ],
    ) {
        return vec![];
    }
    on_document(rule, blocks, None)
}

static EFFECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"自\s*(?P<date>[\d〇○零一二三四五六七八九十]{4}\s*年\s*[\d一二三四五六七八九十]{1,2}\s*月\s*[\d一二三四五六七八九十]{1,3}\s*日)\s*起(施行|执行|实施|生效)")
        .expect("effective regex")
});

fn retroactive(rule: &CompiledRule, doc: &Document, blocks: &[Prepared]) -> Vec<Finding> {
    let Some(issued) = doc.date.as_deref() else {
        return vec![];
    };
    match_findings(rule, blocks, &EFFECTIVE, |_, c| {
        let effective = find_date(&c["date"])?;
        (effective.as_str() < issued).then(|| format!("施行日期 {effective} 早于成文日期 {issued}"))
    })
}

static PAYMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<n>\d{1,4}|[一二三四五六七八九十百两]{1,4})\s*(?P<unit>个工作日|工作日|个月|日|天|月)\s*内[^。;]{0,12}?(支付|付清|付款|结清|拨付)")
        .expect("payment regex")
});

fn payment_terms(rule: &CompiledRule, blocks: &[Prepared]) -> Vec<Finding> {
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

const ESSENTIALS: [(&str, &[&str]); 6] = [
    (
        "当事人",
        &[
            "甲方",
            "乙方",
            "出让人",
            "受让人",
            "发包人",
            "承包人",
            "采购人",
            "供应商",
            "出租人",
            "承租人",
            "委托人",
            "受托人",
        ],
    ),
    (
        "标的",
        &[
            "标的",
            "项目",
            "服务",
            "租赁物",
            "房屋",
            "工程",
            "货物",
            "土地",
            "宗地",
            "产品",
            "内容",
            "提供",
            "交付",
            "采购",
        ],
    ),
    (
        "价款或者报酬",
        &[
            "价款",
            "金额",
            "租金",
            "报酬",
            "费用",
            "价格",
            "合同价",
            "出让金",
            "总价",
            "元",
        ],
    ),
    (
        "履行期限",
        &["期限", "工期", "有效期", "起至", "年", "日前", "之日起"],
    ),
    ("违约责任", &["违约", "赔偿", "损失"]),
    ("解决争议的方法", &["争议", "纠纷", "诉讼", "仲裁"]),
];

fn missing_clauses(rule: &CompiledRule, doc: &Document, blocks: &[Prepared]) -> Vec<Finding> {
    // A commitment letter (承诺函) is reviewed like a contract but has no contract clauses.
    let letter = doc
        .title
        .as_deref()
        .is_some_and(crate::document::classify::is_letter);
    if doc.doc_type != DocType::Contract || letter {
        return vec![];
    }
    let missing: Vec<&str> = ESSENTIALS
        .iter()
        .filter(|(_, words)| !body_contains(blocks, words))
        .map(|(name, _)| *name)
        .collect();
    if missing.is_empty() {
        return vec![];
    }
    on_document(rule, blocks, Some(missing.join("、")))
}

static DAILY_RATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"每(逾期)?(一)?(日|天)[^。;]{0,20}?(?P<kind>百分之|千分之|万分之)(?P<n>[\d.]+|[一二三四五六七八九十]+)|每(逾期)?(一)?(日|天)[^。;]{0,20}?(?P<pct>\d+(\.\d+)?)\s*%")
        .expect("rate regex")
});

/// A fixed sum a day: 每日向乙方支付违约金1000元.
static DAILY_SUM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"每(逾期)?(一)?(日|天)[^。;%]{0,20}?(?P<n>\d+(\.\d+)?|[零一二三四五六七八九十百千万壹贰叁肆伍陆柒捌玖拾佰仟]+)\s*(?P<wan>万)?元")
        .expect("daily sum regex")
});

/// The contract's amount: 合同价款为人民币叁仟陆佰万元, 共计人民币叁万元.
static CONTRACT_SUM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(价款|总价|总额|金额|共计|合计|总计)[^。;,，]{0,8}?(人民币)?\s*(?P<n>\d+(\.\d+)?|[零一二三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟]+)\s*(?P<unit>万|亿)?元")
        .expect("contract sum regex")
});

fn yuan(c: &regex::Captures, unit: Option<&str>) -> Option<f64> {
    let n = &c["n"];
    let v = n
        .parse::<f64>()
        .ok()
        .or_else(|| parse_chinese(n).map(|v| v as f64))?;
    Some(match unit {
        Some("万") => v * 1e4,
        Some("亿") => v * 1e8,
        _ => v,
    })
}

/// The largest sum the document names as its price or total; `None` when it names none.
fn contract_sum(blocks: &[Prepared]) -> Option<f64> {
    blocks
        .iter()
        .flat_map(|p| CONTRACT_SUM.captures_iter(&p.norm.text).collect::<Vec<_>>())
        .filter_map(|c| yuan(&c, c.name("unit").map(|m| m.as_str())))
        .fold(None, |m: Option<f64>, v| Some(m.map_or(v, |m| m.max(v))))
}

fn daily_penalty(rule: &CompiledRule, blocks: &[Prepared]) -> Vec<Finding> {
    let mut out = daily_rate(rule, blocks);
    if let Some(total) = contract_sum(blocks).filter(|t| *t > 0.0) {
        out.extend(match_findings(rule, blocks, &DAILY_SUM, |p, c| {
            if !p.norm.text.contains("违约金") {
                return None;
            }
            let rate = yuan(c, c.name("wan").map(|m| m.as_str()))? / total;
            (rate > 0.003).then(|| {
                format!(
                    "每日金额为合同金额的 {:.2}%，折合年 {:.0}%",
                    rate * 100.0,
                    rate * 36500.0
                )
            })
        }));
    }
    out
}

fn daily_rate(rule: &CompiledRule, blocks: &[Prepared]) -> Vec<Finding> {
    match_findings(rule, blocks, &DAILY_RATE, |p, c| {
        if !p.norm.text.contains("违约金") && !p.norm.text.contains("滞纳金") {
            return None;
        }
        let rate = if let Some(pct) = c.name("pct") {
            pct.as_str().parse::<f64>().unwrap_or(0.0) / 100.0
        } else {
            let n = c["n"]
                .parse::<f64>()
                .ok()
                .or_else(|| parse_chinese(&c["n"]).map(|v| v as f64))
                .unwrap_or(0.0);
            n / match &c["kind"] {
                "百分之" => 100.0,
                "千分之" => 1000.0,
                _ => 10000.0,
            }
        };
        // Above 0.3% a day (over 100% a year) a court will almost certainly reduce it.
        (rate > 0.003).then(|| format!("日 {:.2}%，折合年 {:.0}%", rate * 100.0, rate * 36500.0))
    })
}

/// Internal units (科、处、股) and coordination bodies (领导小组、指挥部、联席会议) cannot
/// issue normative documents; 街道办事处 and 人民政府办公室 can.
fn improper_issuer(rule: &CompiledRule, doc: &Document, blocks: &[Prepared]) -> Vec<Finding> {
    let Some(issuer) = doc.issuer.as_deref() else {
        return vec![];
    };
    let coordination = ["领导小组", "指挥部", "联席会议", "工作专班"]
        .iter()
        .any(|w| issuer.contains(w));
    let internal =
        issuer.ends_with(['科', '股']) || (issuer.ends_with('处') && !issuer.ends_with("办事处"));
    if !(coordination || internal) {
        return vec![];
    }
    on_document(rule, blocks, Some(issuer.to_string()))
}

const ADMIN_AGREEMENT: [&str; 9] = [
    "征收",
    "补偿安置",
    "特许经营",
    "土地使用权出让",
    "出让合同",
    "政府和社会资本合作",
    "PPP",
    "招商引资",
    "国有建设用地",
];

static ARBITRATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(提交|申请|提请|向)?[^。;,]{0,15}仲裁委员会[^。;,]{0,4}仲裁|申请仲裁|提交仲裁")
        .expect("arbitration regex")
});

fn admin_arbitration(rule: &CompiledRule, doc: &Document, blocks: &[Prepared]) -> Vec<Finding> {
    let kind: Vec<&str> = ADMIN_AGREEMENT
        .iter()
        .copied()
        .filter(|w| blocks.iter().any(|p| p.norm.text.contains(w)))
        .collect();
    let public_party = doc.parties.iter().any(|p| {
        [
            "政府",
            "局",
            "办公室",
            "管委会",
            "管理委员会",
            "街道",
            "委员会",
            "征收办",
            "指挥部",
        ]
        .iter()
        .any(|w| p.name.contains(w))
    });
    if kind.is_empty() || !public_party {
        return vec![];
    }
    let detail = format!("涉及{}", kind.join("、"));
    match_findings(rule, blocks, &ARBITRATION, |p, c| {
        let before = &p.norm.text[..c.get(0)?.start()];
        let tail_start = before.char_indices().rev().nth(11).map_or(0, |(i, _)| i);
        let negated = ["不得", "不适用", "不能"]
            .iter()
            .any(|w| before[tail_start..].contains(w));
        (!negated).then(|| detail.clone())
    })
}
