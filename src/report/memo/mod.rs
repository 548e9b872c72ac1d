//! The legality review memo (合法性审查意见书): one content model, three renderings
//! (Word, self-contained HTML, Markdown). It is laid out as an official letter (公文): title
//! and the memo's own number, 主送, 正文 in 基本情况 / 审查依据 / 审查意见 / 审查结论 order,
//! 附件说明, 落款 with the reviewing unit and the date, 附注, the attachment (引用法律法规核查表)
//! and 抄送.

pub mod docx;
pub mod html;
pub mod markdown;
pub mod review_checklist;

use std::collections::HashMap;

use crate::document::model::{DocType, Document, Party};
use crate::report::vocab::{
    Rank, article_ref, chinese_date, chinese_dates_in, citation_status, doc_noun, doc_type_name,
    place, rank_of, severity_group, source_name, split_doc_number,
};
use crate::review::{DocumentResult, conclude, conclusion_words};
use crate::rules::compile::RuleSet;
use crate::rules::finding::Finding;
use crate::rules::schema::Severity;

/// A piece of memo content; each renderer maps it to its own markup.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    /// 一、基本情况
    Heading(String),
    /// （一）必须修改的问题
    Subheading(String),
    Para(String),
    /// Label and value (审查对象：…).
    Field(String, String),
    /// One finding: number, title line and its labelled parts.
    Item(Box<Item>),
    Table {
        header: Vec<String>,
        rows: Vec<Vec<String>>,
    },
    /// 附件说明 after the 正文: 附件：引用法律法规核查表.
    AttachmentNote(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub number: usize,
    /// The rule's name: 限定交易、指定经营者.
    pub title: String,
    /// The category in Chinese: 排除、限制竞争.
    pub category: String,
    /// The rule id, a code shown as a code (NORM-COMP-001).
    pub rule: String,
    /// 第一部分（第5行）
    pub location: String,
    pub original: String,
    pub matched: String,
    pub problem: String,
    pub basis: Vec<String>,
    pub suggestion: String,
    /// The closest published case: <机关>《标题》认定：…
    pub precedent: Option<String>,
    pub waived: Option<String>,
}

/// The 落款: reviewers' lines, the reviewing unit (or a blank to fill) and the date.
#[derive(Debug, Clone, PartialEq)]
pub struct SignOff {
    pub reviewers: String,
    pub unit: String,
    pub date: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Attachment {
    /// 附件 label and title: 引用法律法规核查表.
    pub title: String,
    pub pieces: Vec<Piece>,
}

#[derive(Debug, Clone)]
pub struct Memo {
    pub title: String,
    /// The memo's own number (长司法审〔2026〕12号), or a blank 〔　〕号 to fill.
    pub number: String,
    /// （机器辅助初审稿）
    pub subtitle: String,
    /// 主送: the submitting unit, with the closing colon.
    pub to: String,
    /// 正文, the 附件说明 last.
    pub pieces: Vec<Piece>,
    pub signoff: SignOff,
    /// 附注: what produced the memo.
    pub note: String,
    pub attachments: Vec<Attachment>,
    /// 抄送, when given.
    pub cc: Option<String>,
}

/// What the memo states about the run that produced it.
pub struct MemoContext<'a> {
    pub review_date: &'a str,
    pub rules: &'a RuleSet,
}

/// The letter apparatus a legal office sets: own number, 主送, reviewing unit, 抄送. Every
/// field is optional; a missing number or unit is left blank to fill.
#[derive(Debug, Clone, Default)]
pub struct Letter {
    /// The memo's own number; `{year}` (or `{年份}`) is replaced by the review year and `{n}`
    /// (or `{序号}`) by `n`: 长司法审〔{year}〕{n}号. The Chinese names are what `--help`
    /// shows, since clap turns a literal `{n}` in help text into a line break.
    pub number: Option<String>,
    /// The running number for `{n}`: a batch gives each document its own; without one
    /// `{n}` is left blank to fill in by hand, like a missing number.
    pub n: Option<u64>,
    /// 主送 instead of the document's issuer or submitting party.
    pub to: Option<String>,
    /// The reviewing unit in the 落款.
    pub unit: Option<String>,
    /// 抄送 units.
    pub cc: Option<String>,
}

/// The blank number a legal office fills in by hand.
pub const BLANK_NUMBER: &str = "〔　　〕　号";
const BLANK_UNIT: &str = "＿＿＿＿＿＿＿＿（盖章）";

/// The document type as the memo names it (kept for callers of the old name).
pub fn doc_type_zh(t: &str) -> &'static str {
    doc_type_name(DocType::parse(t).unwrap_or(DocType::Other))
}

const NUMERALS: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

fn file_name(path: &str) -> String {
    std::path::Path::new(path)
        .file_name()
        .map_or(path.to_string(), |n| n.to_string_lossy().to_string())
}

/// A party that looks like an administrative body (the side that submits a contract for
/// review): 某县住房和城乡建设局, 某经济开发区管理委员会, 某镇征收办.
fn is_public_body(name: &str) -> bool {
    const ENDINGS: [&str; 12] = [
        "人民政府",
        "政府",
        "委员会",
        "管委会",
        "局",
        "厅",
        "办公室",
        "办",
        "中心",
        "街道办事处",
        "镇",
        "乡",
    ];
    !name.contains("公司") && ENDINGS.iter().any(|e| name.ends_with(e))
}

/// The party that submits a contract: the first public body, else the first party.
fn submitting_party(parties: &[Party]) -> Option<&Party> {
    parties
        .iter()
        .find(|p| is_public_body(&p.name))
        .or(parties.first())
}

/// Findings' article texts are printed once; later citations of the same article point back.
struct BasisLines {
    printed: HashMap<(String, String), usize>,
}

impl Letter {
    /// The letter a command runs with: each field from the command line, else from
    /// fashen.toml's `[memo]`.
    pub fn merged(cli: &Letter, file: &crate::config::MemoSection) -> Letter {
        let pick = |a: &Option<String>, b: &Option<String>| a.clone().or_else(|| b.clone());
        Letter {
            number: pick(&cli.number, &file.number),
            n: cli.n,
            to: pick(&cli.to, &file.to),
            unit: pick(&cli.unit, &file.unit),
            cc: pick(&cli.cc, &file.cc),
        }
    }
}

impl BasisLines {
    fn line(&mut self, law: &str, article: &str, text: &str, item: usize) -> String {
        let cite = format!("{}{}", source_name(law), article_ref(article));
        let key = (split_doc_number(law).0, article_ref(article));
        if text.is_empty() {
            return cite;
        }
        // An article printed whole covers its parts (第六百八十三条 → 第六百八十三条第一款).
        let whole_key = (
            key.0.clone(),
            key.1.split_inclusive('条').next().unwrap_or("").to_string(),
        );
        match self
            .printed
            .get(&key)
            .or_else(|| self.printed.get(&whole_key))
        {
            Some(first) => format!("{cite}（条文参见前文第{first}项）"),
            None => {
                self.printed.insert(key, item);
                format!("{cite}：{text}")
            }
        }
    }
}

fn item(
    n: usize,
    f: &Finding,
    rules: &RuleSet,
    doc: Option<&Document>,
    basis: &mut BasisLines,
) -> Piece {
    let name = rules
        .get(&f.rule)
        .map_or_else(|| f.category.chinese().to_string(), |r| r.spec.name.clone());
    Piece::Item(Box::new(Item {
        number: n,
        title: name,
        category: f.category.chinese().into(),
        rule: f.rule.clone(),
        location: place(&f.location, doc),
        original: f.excerpt.clone(),
        matched: f.matched.clone(),
        problem: chinese_dates_in(&f.message),
        basis: f
            .basis
            .iter()
            .map(|b| basis.line(&b.law, &b.article, &b.text, n))
            .collect(),
        suggestion: chinese_dates_in(&f.suggestion),
        precedent: f.precedents.first().map(|p| p.summary()),
        waived: f.waived.clone(),
    }))
}

/// The 审查依据: each source once, grouped by rank (法律, 行政法规, …) and ordered by it, with
/// the articles relied on.
fn basis_list(findings: &[Finding]) -> Vec<Piece> {
    // Source key (title without 文号, or the 文号) → (rank, display name, articles).
    let mut sources: Vec<(String, Rank, String, Vec<String>)> = vec![];
    for b in findings.iter().flat_map(|f| &f.basis) {
        let law = b.law.trim_start_matches('《').trim_end_matches('》');
        let (bare, number) = split_doc_number(law);
        let key = number.clone().unwrap_or_else(|| bare.clone());
        let article = article_ref(&b.article);
        match sources.iter_mut().find(|s| s.0 == key) {
            Some(s) => {
                // The same document cited under a shorter title: keep the longer one.
                if source_name(law).chars().count() > s.2.chars().count() {
                    s.2 = source_name(law);
                }
                if !article.is_empty() && !s.3.contains(&article) {
                    s.3.push(article);
                }
            }
            None => sources.push((
                key,
                rank_of(law),
                source_name(law),
                if article.is_empty() {
                    vec![]
                } else {
                    vec![article]
                },
            )),
        }
    }
    sources.sort_by_key(|s| s.1);
    let mut out = vec![];
    let mut group = 0;
    let mut n = 0;
    for (i, (_, rank, name, mut articles)) in sources.clone().into_iter().enumerate() {
        if i == 0 || sources[i - 1].1 != rank {
            out.push(Piece::Subheading(format!(
                "（{}）{}",
                NUMERALS[group.min(9)],
                rank.chinese()
            )));
            group += 1;
            n = 0;
        }
        n += 1;
        articles.sort_by_key(|a| article_order(a));
        let articles = join_articles(&articles);
        out.push(Piece::Para(format!("{n}. {name}{articles}")));
    }
    out
}

/// Sort key of an article reference: the article number, then the text.
fn article_order(a: &str) -> (u64, String) {
    let n = a
        .strip_prefix('第')
        .and_then(|r| r.split(['条', '部', '项']).next())
        .and_then(crate::chinese::numerals::parse_chinese)
        .unwrap_or(u64::MAX);
    (n, a.to_string())
}

/// 第三十五条第三款、第三十五条第四款 → 第三十五条第三款、第四款; a part of an article also
/// cited whole is left out (第六百八十三条、第六百八十三条第一款 → 第六百八十三条).
fn join_articles(articles: &[String]) -> String {
    let whole = |a: &str| a.split_inclusive('条').next().unwrap_or("").to_string();
    let kept: Vec<&String> = articles
        .iter()
        .filter(|a| {
            let w = whole(a);
            w.len() == a.len() || !articles.contains(&w)
        })
        .collect();
    let mut out = String::new();
    let mut last_article = String::new();
    for (i, a) in kept.iter().enumerate() {
        if i > 0 {
            out.push('、');
        }
        let article = whole(a);
        if i > 0 && article.ends_with('条') && article == last_article && a.len() > article.len() {
            out.push_str(&a[article.len()..]);
        } else {
            out.push_str(a);
        }
        last_article = article;
    }
    out
}

/// 1, 2, 3, 5 → 1至3、5 (sorted, distinct numbers).
fn number_ranges(n: &[usize]) -> String {
    let mut out: Vec<String> = vec![];
    let mut i = 0;
    while i < n.len() {
        let mut j = i;
        while j + 1 < n.len() && n[j + 1] == n[j] + 1 {
            j += 1;
        }
        match j - i {
            0 => out.push(n[i].to_string()),
            1 => out.extend([n[i].to_string(), n[j].to_string()]),
            _ => out.push(format!("{}至{}", n[i], n[j])),
        }
        i = j + 1;
    }
    out.join("、")
}

pub fn build(doc: Option<&Document>, r: &DocumentResult, ctx: &MemoContext) -> Memo {
    build_letter(doc, r, ctx, &Letter::default())
}

pub fn build_letter(
    doc: Option<&Document>,
    r: &DocumentResult,
    ctx: &MemoContext,
    letter: &Letter,
) -> Memo {
    let mut p = vec![];
    let doc_type = r
        .doc_type
        .as_deref()
        .and_then(DocType::parse)
        .unwrap_or(DocType::Other);
    let noun = doc_noun(doc_type);
    let title = r.title.clone().unwrap_or_else(|| file_name(&r.path));
    let type_name = doc_type_name(doc_type);
    let parties: &[Party] = doc.map_or(&[], |d| &d.parties);
    let submitter = submitting_party(parties);
    let unit = match (&r.issuer, submitter) {
        (Some(i), _) => Some(i.clone()),
        (None, Some(pt)) => Some(pt.name.clone()),
        (None, None) => None,
    };
    let to = letter
        .to
        .clone()
        .or_else(|| unit.clone())
        .unwrap_or_else(|| "＿＿＿＿＿＿＿＿".into());
    let numbered = r
        .doc_number
        .as_deref()
        .map_or(String::new(), |n| format!("（{n}）"));
    p.push(Piece::Para(format!(
        "你单位报送的《{title}》{numbered}收悉。我们依照有关法律、法规、规章和国家政策，对该{noun}进行了合法性审查。现提出审查意见如下："
    )));

    let mut h = 0;
    let mut heading = |text: &str, p: &mut Vec<Piece>| {
        p.push(Piece::Heading(format!("{}、{text}", NUMERALS[h])));
        h += 1;
    };

    heading("基本情况", &mut p);
    p.push(Piece::Field("审查对象".into(), format!("《{title}》")));
    if let Some(n) = &r.doc_number {
        p.push(Piece::Field("文件字号".into(), n.clone()));
    }
    p.push(Piece::Field("文件类型".into(), type_name.into()));
    let unit_line = match (&r.issuer, submitter) {
        (Some(i), _) => i.clone(),
        (None, Some(pt)) => format!("{}（{}）", pt.name, pt.role),
        (None, None) => "未载明".into(),
    };
    p.push(Piece::Field("起草（报送）单位".into(), unit_line));
    let others: Vec<String> = parties
        .iter()
        .filter(|pt| submitter.is_none_or(|s| !std::ptr::eq(s, *pt)))
        .map(|pt| format!("{}（{}）", pt.name, pt.role))
        .collect();
    if !others.is_empty() {
        p.push(Piece::Field("合同相对方".into(), others.join("、")));
    }
    p.push(Piece::Field(
        "成文日期".into(),
        r.date
            .as_deref()
            .map_or_else(|| "未载明".into(), chinese_date),
    ));
    if r.triggers.is_empty() {
        p.push(Piece::Para(format!(
            "经检索，该{noun}未涉及国有资产、财政资金、自然资源或者公共资源。"
        )));
    } else {
        for t in &r.triggers {
            p.push(Piece::Para(format!(
                "该{noun}{}涉及{}：“{}”",
                place(&t.location, doc),
                t.name,
                t.evidence
            )));
        }
        let mut kinds: Vec<&str> = vec![];
        for t in &r.triggers {
            if !kinds.contains(&t.name.as_str()) {
                kinds.push(&t.name);
            }
        }
        p.push(Piece::Para(format!(
            "该{noun}涉及{}，依照有关规定，{}前应当进行合法性审查。",
            kinds.join("、"),
            if doc_type == DocType::Contract {
                "签订"
            } else {
                "印发"
            }
        )));
    }

    heading("审查依据", &mut p);
    let basis = basis_list(&r.findings);
    if basis.is_empty() {
        p.push(Piece::Para(
            "依照宪法、法律、法规、规章和国家政策，对照审查要点逐项审查。".into(),
        ));
    } else {
        p.push(Piece::Para(
            "本次审查依据的法律、法规、规章和规范性文件如下（按效力层级排列）：".into(),
        ));
        p.extend(basis);
    }

    heading("审查意见", &mut p);
    let groups = [Severity::Error, Severity::Warning, Severity::Info];
    let mut sub = 0;
    let mut n = 0;
    let mut numbers: HashMap<usize, usize> = HashMap::new();
    let mut lines = BasisLines {
        printed: HashMap::new(),
    };
    for sev in groups {
        let list: Vec<(usize, &Finding)> = r
            .findings
            .iter()
            .enumerate()
            .filter(|(_, f)| f.severity == sev)
            .collect();
        if list.is_empty() {
            continue;
        }
        p.push(Piece::Subheading(format!(
            "（{}）{}（{}项）",
            NUMERALS[sub],
            severity_group(sev),
            list.len()
        )));
        sub += 1;
        for (i, f) in list {
            n += 1;
            numbers.insert(i, n);
            p.push(item(n, f, ctx.rules, doc, &mut lines));
        }
    }
    if n == 0 {
        p.push(Piece::Para("经逐项审查，未发现需要修改的问题。".into()));
    }

    heading("审查结论", &mut p);
    let c = conclude(&r.findings, doc_type);
    let live = |s: Severity| {
        r.findings
            .iter()
            .filter(|f| f.severity == s && f.waived.is_none())
            .count()
    };
    let counts: Vec<String> = [Severity::Error, Severity::Warning, Severity::Info]
        .into_iter()
        .filter(|s| live(*s) > 0)
        .map(|s| format!("{}{}项", severity_group(s), live(s)))
        .collect();
    let found = if counts.is_empty() {
        String::new()
    } else {
        format!("本次审查共发现{}。", counts.join("、"))
    };
    let act = &crate::review::conclusion_rules().wording(doc_type).act;
    let because = match c.code {
        "reject" => {
            let grounds: Vec<String> = c
                .grounds
                .iter()
                .map(|g| {
                    let mut items: Vec<usize> = g
                        .findings
                        .iter()
                        .filter_map(|i| numbers.get(i).copied())
                        .collect();
                    items.sort_unstable();
                    items.dedup();
                    format!("{}（见审查意见第{}项）", g.reason, number_ranges(&items))
                })
                .collect();
            let listed = if grounds.len() == 1 {
                grounds[0].clone()
            } else {
                grounds
                    .iter()
                    .enumerate()
                    .map(|(i, g)| format!("{}是{g}", NUMERALS[i.min(9)]))
                    .collect::<Vec<_>>()
                    .join("；")
            };
            format!("经审查，该{noun}存在不得{act}的情形：{listed}。")
        }
        _ => format!("经审查，该{noun}{}。", c.reason),
    };
    p.push(Piece::Para(format!("{found}{because}")));
    let code = r.conclusion.as_deref().unwrap_or(c.code);
    p.push(Piece::Para(format!(
        "审查结论：{}。",
        conclusion_words(code, doc_type)
    )));

    let mut attachments = vec![];
    if let Some(d) = doc.filter(|d| d.doc_type == DocType::Decision) {
        heading("法制审核要点", &mut p);
        p.extend(review_checklist::pieces(r, d));
    }

    if !r.citations.is_empty() {
        let table_title = "引用法律法规核查表";
        p.push(Piece::AttachmentNote(format!("附件：{table_title}")));
        let rows = r
            .citations
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let (status, date) = citation_status(c);
                // The database's full name when the document used a short one.
                let cited = match &c.law {
                    Some(l) if !c.text.contains(l.as_str()) => {
                        format!("{}（即{}）", c.text, source_name(l))
                    }
                    _ => c.text.clone(),
                };
                vec![
                    (i + 1).to_string(),
                    cited,
                    place(&c.location, doc),
                    status,
                    date,
                ]
            })
            .collect();
        attachments.push(Attachment {
            title: table_title.into(),
            pieces: vec![
                Piece::Para(format!(
                    "《{title}》共引用法律、法规及文件{}处，以{}为基准日，对照法律数据库（截至{}）核查如下：",
                    r.citations.len(),
                    r.date
                        .as_deref()
                        .map_or_else(|| "审查日".into(), chinese_date),
                    chinese_date(crate::citations::lawdb::as_of())
                )),
                Piece::Table {
                    header: vec![
                        "序号".into(),
                        "文件中的引用".into(),
                        "位置".into(),
                        "核查结果".into(),
                        "废止或修改日期".into(),
                    ],
                    rows,
                },
            ],
        });
    }

    let year = ctx.review_date.get(..4).unwrap_or("");
    let number = letter.number.as_deref().map_or_else(
        || BLANK_NUMBER.to_string(),
        |pattern| {
            let n = letter
                .n
                .map_or_else(|| "　　".to_string(), |n| n.to_string());
            pattern
                .replace("{year}", year)
                .replace("{年份}", year)
                .replace("{n}", &n)
                .replace("{序号}", &n)
        },
    );
    Memo {
        title: "合法性审查意见书".into(),
        number,
        subtitle: "（机器辅助初审稿）".into(),
        to: format!("{to}："),
        pieces: p,
        signoff: SignOff {
            reviewers: "审查人：＿＿＿＿＿＿　　复核人：＿＿＿＿＿＿".into(),
            unit: letter.unit.clone().unwrap_or_else(|| BLANK_UNIT.into()),
            date: chinese_date(ctx.review_date),
        },
        note: format!(
            "（本意见书系法审{}机器辅助生成的初审稿，须经审查人员逐项核实确认后方可作为正式审查意见。规则包{}，法律数据库截至{}，送审文件{}。）",
            env!("CARGO_PKG_VERSION"),
            &ctx.rules.digest[..12.min(ctx.rules.digest.len())],
            chinese_date(crate::citations::lawdb::as_of()),
            file_name(&r.path)
        ),
        attachments,
        cc: letter.cc.clone().filter(|c| !c.trim().is_empty()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles_of_one_law_join() {
        let a = [
            "第三十五条第三款".to_string(),
            "第三十五条第四款".to_string(),
        ];
        assert_eq!(join_articles(&a), "第三十五条第三款、第四款");
        let b = ["第八条第三项".to_string(), "第九条第二项".to_string()];
        assert_eq!(join_articles(&b), "第八条第三项、第九条第二项");
        let d = [
            "第六百八十三条".to_string(),
            "第六百八十三条第一款".to_string(),
        ];
        assert_eq!(join_articles(&d), "第六百八十三条");
        let mut c = vec!["第十七条".to_string(), "第十四条".to_string()];
        c.sort_by_key(|a| article_order(a));
        assert_eq!(c, ["第十四条", "第十七条"]);
    }

    #[test]
    fn item_numbers_read_as_ranges() {
        assert_eq!(number_ranges(&[1, 2, 3, 5]), "1至3、5");
        assert_eq!(number_ranges(&[4, 5]), "4、5");
        assert_eq!(number_ranges(&[2]), "2");
    }

    #[test]
    fn the_submitting_party_is_the_public_body() {
        let p = |role: &str, name: &str| Party {
            role: role.into(),
            name: name.into(),
            short: None,
            kind: fashen_kind(name),
            kind_evidence: String::new(),
        };
        fn fashen_kind(name: &str) -> crate::document::parties::PartyKind {
            crate::document::parties::kind_of(name).0
        }
        let parties = [
            p("甲方", "某停车管理有限公司"),
            p("乙方", "某县住房和城乡建设局"),
        ];
        assert_eq!(
            submitting_party(&parties).unwrap().name,
            "某县住房和城乡建设局"
        );
        let parties = [
            p("转让方", "某县国有资本投资运营有限公司"),
            p("受让方", "某实业集团有限公司"),
        ];
        assert_eq!(submitting_party(&parties).unwrap().role, "转让方");
    }
}
