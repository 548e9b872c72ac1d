//! Support for the two penalty checks (`penalty_amount_out_of_range`, `penalty_kind_not_provided`),
//! not a check itself: which cited articles a decision gives as its penalty basis, read from the
//! law database; the kinds of penalty each provides; the fine ranges each sets (absolute, a
//! multiple or fraction of 违法所得 / 中标项目金额 / 采购金额 …, or per 平方米), evaluated with the
//! decision's own figures.

use std::sync::LazyLock;

use regex::Regex;

use crate::citations::Checked;
use crate::citations::lawdb::article_text;
use crate::document::decision::{Decision, PartyKind, PenaltyKind, amounts, without_quotes};
use crate::document::prepared::Prepared;
use crate::document::segment::normalize;

/// A cited penalty article whose text the database holds.
pub struct BasisArticle {
    /// NFKC-normalised article text.
    pub text: String,
    /// 《中华人民共和国反不正当竞争法》第二十条
    pub label: String,
}

/// The decision's penalty-basis articles, or None when one of them cannot be read (law not in
/// the database, no text for the version in force, unknown article): the checks then say
/// nothing, since the unread article may provide what the read ones do not.
pub fn basis_articles(
    d: &Decision,
    blocks: &[Prepared],
    citations: &[Checked],
    date: &str,
) -> Option<Vec<BasisArticle>> {
    let in_basis = |c: &Checked| {
        d.basis
            .iter()
            .any(|b| b.block == c.cited.block && b.start <= c.cited.start && c.cited.start < b.end)
    };
    let mut out: Vec<BasisArticle> = vec![];
    // The role of each citation in a sentence: after 违反 it is the provision violated;
    // after 依据/根据 (or joined to a basis by 、和及) it is the basis.
    let mut prev: Option<(usize, (usize, usize), usize, bool)> = None;
    for c in citations {
        if c.cited.doc_number.is_some() || c.mention || !in_basis(c) {
            continue;
        }
        let p = &blocks[c.cited.block];
        let same_sentence = prev
            .as_ref()
            .is_some_and(|(b, s, _, _)| *b == c.cited.block && *s == c.cited.sentence);
        let from = match prev {
            Some((_, _, end, _)) if same_sentence => end,
            _ => c.cited.sentence.0,
        };
        let between = &p.norm.text[from.min(c.cited.start)..c.cited.start];
        let is_basis = if between.contains("违反") {
            false
        } else if ["依据", "依照", "根据", "按照"]
            .iter()
            .any(|w| between.contains(w))
        {
            true
        } else {
            // Joined to the previous citation (、和及) or unmarked: same role as before.
            prev.filter(|_| same_sentence).is_none_or(|x| x.3)
        };
        prev = Some((c.cited.block, c.cited.sentence, c.cited.end, is_basis));
        if !is_basis || c.cited.articles.is_empty() {
            continue;
        }
        let law = c.law?;
        // 行政处罚法 sets no fines: its 第二十八条 (confiscation of illegal income) and
        // 第三十二条 (mitigation) are read from the decision's own wording.
        if law.title.ends_with("行政处罚法") {
            continue;
        }
        let version = match &c.year {
            Some(y) => law.version_of_year(y),
            None => law.version_at(date),
        }?;
        if !version.text {
            return None;
        }
        for &n in &c.cited.articles {
            let text = normalize(article_text(&law.title, &version.date, n)?);
            out.push(BasisArticle {
                label: format!(
                    "《{}》第{}条",
                    law.title,
                    crate::chinese::numerals::to_chinese(n, false)
                ),
                text,
            });
        }
    }
    // An article with no penalty wording was cited for something else.
    out.retain(|a| PENALTY_WORDS.is_match(&a.text));
    Some(out)
}

static PENALTY_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"罚款|没收|吊销|暂扣|停产|停业|关闭|拘留|警告|通报批评|降低资质|禁止|取消")
        .expect("penalty words")
});
static CONFISCATE_PROPERTY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"没收(?:[^违]|违法[^所])").expect("confiscate"));

/// Whether an article's text provides a kind of penalty.
pub fn provides(text: &str, kind: PenaltyKind) -> bool {
    let any = |words: &[&str]| words.iter().any(|w| text.contains(w));
    match kind {
        PenaltyKind::Warning => any(&["警告"]),
        PenaltyKind::Criticism => any(&["通报批评"]),
        PenaltyKind::Fine => any(&["罚款"]),
        // 行政处罚法 第二十八条 orders it for every penalty.
        PenaltyKind::ConfiscateIncome => true,
        PenaltyKind::ConfiscateProperty => CONFISCATE_PROPERTY.is_match(text),
        PenaltyKind::SuspendLicence => any(&["暂扣"]),
        PenaltyKind::LowerQualification => any(&["降低资质"]),
        PenaltyKind::RevokeLicence => any(&["吊销"]),
        PenaltyKind::RestrictBusiness => any(&["限制开展", "禁止", "取消"]),
        PenaltyKind::SuspendProduction => any(&["停产", "停业"]),
        PenaltyKind::Close => any(&["关闭"]),
        PenaltyKind::RestrictOccupation => any(&["从业", "禁业"]),
        PenaltyKind::Detention => any(&["拘留"]),
    }
}

/// One limit as written: 二十万元, 五倍, 千分之五, 10%, 每平方米100元.
#[derive(Debug, Clone, Copy)]
enum Limit {
    Yuan(f64),
    Times(f64),
}

const LIM: &str = r"(?:[0-9]+(?:\.[0-9]+)?|[零〇一二两三四五六七八九十百千万]+)(?:万元|元|倍)|百分之[零〇一二两三四五六七八九十百0-9]+|千分之[零〇一二两三四五六七八九十百0-9]+|[0-9]+(?:\.[0-9]+)?%";

static RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?P<base>[\p{{Han}}]{{0,16}}?)的?(?P<lo>{LIM})以上(?P<hi>{LIM})以下的?罚款"
    ))
    .expect("range")
});
static MAX_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?P<base>[\p{{Han}}]{{0,16}}?)的?(?P<hi>{LIM})以下的?罚款"
    ))
    .expect("max only")
});
/// 罚款额为非法占用土地每平方米100元以上1000元以下 / 罚款额为违法所得的10%以上50%以下.
static AMOUNT_IS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"罚款额为(?P<base>[\p{{Han}}]{{0,16}}?)的?(?P<lo>{LIM})以上(?P<hi>{LIM})以下"
    ))
    .expect("amount is")
});

fn limit(s: &str) -> Option<Limit> {
    use crate::chinese::numerals::parse_chinese;
    let num = |t: &str| -> Option<f64> {
        t.parse::<f64>()
            .ok()
            .or_else(|| parse_chinese(t).map(|v| v as f64))
    };
    if let Some(r) = s.strip_prefix("百分之") {
        return Some(Limit::Times(num(r)? / 100.0));
    }
    if let Some(r) = s.strip_prefix("千分之") {
        return Some(Limit::Times(num(r)? / 1000.0));
    }
    if let Some(r) = s.strip_suffix('%') {
        return Some(Limit::Times(num(r)? / 100.0));
    }
    if let Some(r) = s.strip_suffix('倍') {
        return Some(Limit::Times(num(r)?));
    }
    if let Some(r) = s.strip_suffix("万元") {
        return Some(Limit::Yuan(num(r)? * 10_000.0));
    }
    if let Some(r) = s.strip_suffix('元') {
        return Some(Limit::Yuan(num(r)?));
    }
    None
}

/// Who a range applies to, read from its clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Applies {
    All,
    Persons,
    Organisations,
}

/// A fine range of an article: its words and, when the decision states the figure it is a
/// multiple of, the amounts in 元.
#[derive(Debug, Clone)]
pub struct FineRange {
    pub quote: String,
    /// (lowest, highest) in 元, or None when the base figure is not in the decision.
    pub bounds: Option<(f64, f64)>,
    applies: Applies,
}

/// Decision wording for the figure a range is a multiple of.
fn base_keywords(base: &str) -> Option<&'static [&'static str]> {
    const GROUPS: [(&[&str], &[&str]); 9] = [
        (&["违法所得"], &["违法所得"]),
        (
            &["经营额", "经营总额"],
            &[
                "违法经营额",
                "违法经营总额",
                "经营额",
                "经营总额",
                "销售额",
                "销售金额",
            ],
        ),
        (&["货值"], &["货值金额", "货值"]),
        (
            &["中标项目金额", "中标金额"],
            &["中标项目金额", "中标金额", "中标价"],
        ),
        (&["合同金额"], &["项目合同金额", "合同金额", "合同价款"]),
        (&["分包项目金额", "转让"], &["分包项目金额", "转让项目金额"]),
        (&["采购金额"], &["采购金额", "成交金额"]),
        (
            &["销售额", "营业额", "销售收入"],
            &["销售额", "营业额", "销售收入"],
        ),
        (&["非法占用土地"], &["平方米"]),
    ];
    GROUPS
        .iter()
        .find(|(keys, _)| keys.iter().any(|k| base.contains(k)))
        .map(|(_, words)| *words)
}

static AREA: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"([0-9]+(?:\.[0-9]+)?)\s*(?:平方米|㎡|m2)").expect("area"));

/// The decision's values of a base figure (min, max), from its text without quotations.
fn base_values(decision_text: &str, words: &[&str]) -> Option<(f64, f64)> {
    let mut values = vec![];
    if words == ["平方米"] {
        for c in AREA.captures_iter(decision_text) {
            if let Ok(v) = c[1].parse::<f64>() {
                values.push(v);
            }
        }
    } else {
        for w in words {
            for (i, _) in decision_text.match_indices(w) {
                let after = &decision_text[i + w.len()..];
                // The figure follows within a few characters: 违法所得人民币15,600元.
                let window: String = after.chars().take(20).collect();
                if let Some((v, (start, _))) = amounts(&window).into_iter().next() {
                    let gap = &window[..start];
                    if !gap.contains(['。', ';', ',']) && v > 0.0 {
                        values.push(v);
                    }
                }
            }
        }
    }
    let min = values.iter().copied().reduce(f64::min)?;
    let max = values.iter().copied().reduce(f64::max)?;
    Some((min, max))
}

/// The fine ranges of an article, evaluated with the decision's figures.
pub fn fine_ranges(article: &str, decision_text: &str) -> Vec<FineRange> {
    let mut out: Vec<FineRange> = vec![];
    let mut taken: Vec<(usize, usize)> = vec![];
    let clause_of = |pos: usize| -> &str {
        let start = article[..pos]
            .rfind([',', ';', '。', '\n'])
            .map_or(0, |i| i + 1);
        let end = article[pos..]
            .find([',', ';', '。', '\n'])
            .map_or(article.len(), |i| pos + i);
        &article[start..end]
    };
    let mut push = |m: regex::Captures, whole: regex::Match| {
        if taken
            .iter()
            .any(|&(a, b)| whole.start() < b && a < whole.end())
        {
            return;
        }
        taken.push((whole.start(), whole.end()));
        let base = m.name("base").map_or("", |b| b.as_str());
        let lo = m.name("lo").and_then(|x| limit(x.as_str()));
        let Some(hi) = m.name("hi").and_then(|x| limit(x.as_str())) else {
            return;
        };
        let clause = clause_of(whole.start());
        let applies = if [
            "直接负责的主管人员",
            "直接责任人员",
            "对个人",
            "对自然人",
            "对公民",
        ]
        .iter()
        .any(|w| clause.contains(w))
        {
            Applies::Persons
        } else if ["对单位", "对法人"].iter().any(|w| clause.contains(w)) {
            Applies::Organisations
        } else {
            Applies::All
        };
        let per_area = base.contains("每平方米");
        let relative = matches!(hi, Limit::Times(_)) || per_area;
        let factor = |l: Limit| match l {
            Limit::Yuan(v) | Limit::Times(v) => v,
        };
        let bounds = if relative {
            base_keywords(base)
                .and_then(|words| base_values(decision_text, words))
                .map(|(bmin, bmax)| (lo.map_or(0.0, |l| factor(l) * bmin), factor(hi) * bmax))
        } else {
            Some((lo.map_or(0.0, factor), factor(hi)))
        };
        // Quote the article's own words, from the verb (处, 罚款额为) on.
        let quote = whole.as_str();
        let quote = ["并处", "处以", "处", "罚款额为"]
            .iter()
            .find_map(|v| quote.find(v).map(|i| &quote[i..]))
            .unwrap_or(quote)
            .to_string();
        out.push(FineRange {
            quote,
            bounds,
            applies,
        });
    };
    for re in [&*AMOUNT_IS, &*RANGE, &*MAX_ONLY] {
        for c in re.captures_iter(article) {
            let whole = c.get(0).expect("match");
            push(c, whole);
        }
    }
    out
}

/// Why a fine lies outside every applicable range of the basis articles, or None when it
/// lies inside one, a range cannot be evaluated, or a lower fine is explained by 减轻处罚.
pub fn out_of_range(
    fine: f64,
    articles: &[BasisArticle],
    d: &Decision,
    decision_text: &str,
) -> Option<String> {
    let party = d.party_kind();
    let mut known: Vec<(f64, f64, String)> = vec![];
    let mut unknown = false;
    for a in articles {
        for r in fine_ranges(&a.text, decision_text) {
            let applies = match r.applies {
                Applies::All => true,
                Applies::Persons => party != PartyKind::Organisation,
                Applies::Organisations => party != PartyKind::Person,
            };
            if !applies {
                continue;
            }
            match r.bounds {
                Some((lo, hi)) => known.push((lo, hi, format!("{}“{}”", a.label, r.quote))),
                None => unknown = true,
            }
        }
    }
    if known.is_empty() || unknown {
        return None;
    }
    const EPS: f64 = 0.5;
    if known
        .iter()
        .any(|(lo, hi, _)| *lo - EPS <= fine && fine <= *hi + EPS)
    {
        return None;
    }
    let min = known.iter().map(|k| k.0).fold(f64::INFINITY, f64::min);
    let max = known.iter().map(|k| k.1).fold(0.0, f64::max);
    if fine < min && d.procedure.mitigated {
        return None;
    }
    let quotes: Vec<String> = known.iter().map(|k| k.2.clone()).collect();
    let side = if fine > max {
        format!("高于法定最高数额{}元", yuan(max))
    } else {
        format!("低于法定最低数额{}元且未说明减轻处罚的理由", yuan(min))
    };
    let computed = known
        .iter()
        .map(|(lo, hi, _)| format!("{}元至{}元", yuan(*lo), yuan(*hi)))
        .collect::<Vec<_>>()
        .join("或");
    Some(format!(
        "{}，按本决定所载数额为{}；决定罚款{}元，{}",
        quotes.join("；"),
        computed,
        yuan(fine),
        side
    ))
}

/// 2500000 → 2500000, 21000.5 → 21000.50.
pub fn yuan(v: f64) -> String {
    if (v - v.round()).abs() < 0.005 {
        format!("{:.0}", v)
    } else {
        format!("{v:.2}")
    }
}

/// The decision's text with quotations blanked, for the base figures.
pub fn decision_text(blocks: &[Prepared]) -> String {
    blocks
        .iter()
        .map(|p| without_quotes(&p.norm.text))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absolute_relative_and_per_area_ranges() {
        let a = normalize(
            "经营者违反本法第八条规定……处二十万元以上一百万元以下的罚款；情节严重的，处一百万元以上二百万元以下的罚款，可以吊销营业执照。",
        );
        let r = fine_ranges(&a, "");
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].bounds, Some((200_000.0, 1_000_000.0)));
        assert_eq!(r[1].bounds, Some((1_000_000.0, 2_000_000.0)));
        assert_eq!(r[0].quote, "处二十万元以上一百万元以下的罚款");

        let a = normalize(
            "中标无效，处中标项目金额千分之五以上千分之十以下的罚款，对单位直接负责的主管人员和其他直接责任人员处单位罚款数额百分之五以上百分之十以下的罚款；",
        );
        let r = fine_ranges(&a, "中标项目金额为人民币8,000,000元。");
        assert_eq!(r[0].bounds, Some((40_000.0, 80_000.0)));
        assert_eq!(r[1].applies, Applies::Persons);
        assert_eq!(r[1].bounds, None);

        let a = normalize(
            "依照《土地管理法》第七十七条的规定处以罚款的，罚款额为非法占用土地每平方米100元以上1000元以下。",
        );
        let r = fine_ranges(&a, "擅自占用集体土地500平方米修建仓库");
        assert_eq!(r[0].bounds, Some((50_000.0, 500_000.0)));

        let a = normalize(
            "违法经营额五万元以上的，可以并处违法经营额五倍以下的罚款；没有违法经营额或者违法经营额不足五万元的，可以并处二十五万元以下的罚款。",
        );
        let r = fine_ranges(&a, "违法经营额10万元");
        assert_eq!(r[0].bounds, Some((0.0, 500_000.0)));
        assert_eq!(r[1].bounds, Some((0.0, 250_000.0)));
    }

    #[test]
    fn kinds_provided() {
        let t = "由监督检查部门责令停止违法行为，处五万元以上五十万元以下的罚款。";
        assert!(provides(t, PenaltyKind::Fine));
        assert!(!provides(t, PenaltyKind::RevokeLicence));
        assert!(provides(
            "没收在非法占用的土地上新建的建筑物",
            PenaltyKind::ConfiscateProperty
        ));
        assert!(!provides(
            "没收违法所得，处十万元以上罚款",
            PenaltyKind::ConfiscateProperty
        ));
    }
}
