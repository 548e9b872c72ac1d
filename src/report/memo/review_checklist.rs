//! The 法制审核 checklist of an enforcement decision (重大行政执法决定法制审核): the review points
//! of 国办发〔2018〕118号 and of the provincial rules (广东省重大行政执法决定法制审核办法 第十七条、
//! 第十九条; 山东省行政执法监督条例) — 主体资格, 执法权限, 事实, 证据, 适用法律, 程序, 裁量, 文书规范,
//! 是否移送 — each 符合, 不符合 (with the findings) or 需人工核实 (saying plainly what the text cannot
//! show), and the conclusion 同意 / 建议修改后提交 / 不同意.

use crate::document::decision::{Decision, PenaltyKind, read};
use crate::document::model::Document;
use crate::review::DocumentResult;
use crate::rules::finding::Finding;
use crate::rules::schema::{Category, Severity};

use super::Piece;

/// The outcome of one review point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// 符合: what the text can show is in order.
    Conforms,
    /// 不符合: a finding says what is wrong.
    Fails,
    /// 需人工核实: the point turns on the case file, not on the text.
    Verify,
}

impl Status {
    pub fn chinese(self) -> &'static str {
        match self {
            Status::Conforms => "符合",
            Status::Fails => "不符合",
            Status::Verify => "需人工核实",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Row {
    /// 主体资格, 执法权限 …
    pub point: &'static str,
    pub status: Status,
    /// What was checked and found, or what must be verified and why.
    pub note: String,
    /// Ids of the findings behind a 不符合 or 需人工核实.
    pub rules: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conclusion {
    /// 同意 (the 需人工核实 points confirmed from the file).
    Agree,
    /// 建议修改后提交.
    Amend,
    /// 不同意: the decision may not be made as proposed.
    Disagree,
}

impl Conclusion {
    pub fn chinese(self) -> &'static str {
        match self {
            Conclusion::Agree => "同意",
            Conclusion::Amend => "建议修改后提交",
            Conclusion::Disagree => "不同意",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Checklist {
    pub rows: Vec<Row>,
    pub conclusion: Conclusion,
    pub reason: String,
}

fn active(r: &DocumentResult) -> impl Iterator<Item = &Finding> {
    r.findings.iter().filter(|f| f.waived.is_none())
}

fn messages(fs: &[&Finding]) -> String {
    fs.iter()
        .map(|f| f.message.trim_end_matches('。').to_string())
        .collect::<Vec<_>>()
        .join("；")
}

fn row(point: &'static str, status: Status, note: String, fs: &[&Finding]) -> Row {
    Row {
        point,
        status,
        note,
        rules: fs.iter().map(|f| f.rule.clone()).collect(),
    }
}

/// Findings about missing §59 elements whose message names one of `words`.
fn missing<'a>(r: &'a DocumentResult, words: &[&str]) -> Vec<&'a Finding> {
    active(r)
        .filter(|f| f.category == Category::MissingDecisionElement && f.severity == Severity::Error)
        .filter(|f| words.iter().any(|w| f.message.contains(w)))
        .collect()
}

fn of<'a>(r: &'a DocumentResult, cats: &[Category]) -> Vec<&'a Finding> {
    active(r).filter(|f| cats.contains(&f.category)).collect()
}

/// Builds the checklist from a reviewed decision and its document.
pub fn build(r: &DocumentResult, doc: &Document) -> Checklist {
    let d: Decision = read(doc);
    let issuer = d.issuer.clone().unwrap_or_else(|| "（未载明）".into());
    let mut rows = vec![];

    // 主体资格
    let fs: Vec<&Finding> = missing(r, &["行政机关名称"])
        .into_iter()
        .chain(of(r, &[Category::ImproperIssuer]))
        .collect();
    rows.push(if fs.is_empty() {
        row(
            "主体资格",
            Status::Verify,
            format!(
                "决定书以“{issuer}”名义作出。该机关是否依法具有行政执法主体资格、承办人员是否持有行政执法证件，文本无法证明，需核对执法主体清单和执法证件。"
            ),
            &[],
        )
    } else {
        row("主体资格", Status::Fails, messages(&fs), &fs)
    });

    // 执法权限
    rows.push(row(
        "执法权限",
        Status::Verify,
        format!(
            "所处理的事项是否属于“{issuer}”的法定职权，是否符合地域管辖和级别管辖，是否超越授权或委托范围，文本无法证明，需对照权责清单核实。"
        ),
        &[],
    ));

    // 事实
    let fs = missing(r, &["违反法律、法规、规章的事实", "当事人"]);
    rows.push(if fs.is_empty() {
        let dated = if d.acts.is_empty() && !d.continuing {
            "，但未写明违法行为的时间"
        } else {
            "，写明了违法行为的时间"
        };
        row(
            "事实",
            Status::Verify,
            format!("决定书载明了当事人和违法事实{dated}。事实是否清楚、是否与案卷证据一致，需对照调查材料核实。"),
            &[],
        )
    } else {
        row("事实", Status::Fails, messages(&fs), &fs)
    });

    // 证据
    let fs = missing(r, &["证据"]);
    rows.push(if fs.is_empty() {
        row(
            "证据",
            Status::Verify,
            "决定书列明了认定事实的证据。证据是否真实、合法、充分，取证程序是否合法，需核对证据原件和取证记录。".into(),
            &[],
        )
    } else {
        row("证据", Status::Fails, messages(&fs), &fs)
    });

    // 适用法律
    let fs: Vec<&Finding> = missing(r, &["行政处罚的依据", "行政处罚的种类"])
        .into_iter()
        .chain(of(
            r,
            &[
                Category::PenaltyOutOfRange,
                Category::TimeLimit,
                Category::RepealedLaw,
                Category::InvalidArticle,
                Category::UnknownLaw,
            ],
        ))
        .collect();
    // Cited articles (行政处罚法 aside, which sets no penalties), split by whether the law
    // database holds their text.
    let (checked, unchecked): (Vec<_>, Vec<_>) = r
        .citations
        .iter()
        .filter(|c| !c.mention && !c.articles.is_empty())
        .filter(|c| !c.law.as_deref().is_some_and(|l| l.ends_with("行政处罚法")))
        .partition(|c| {
            c.law.as_deref().is_some_and(|law| {
                c.version.as_deref().is_some_and(|v| {
                    c.articles
                        .iter()
                        .all(|&n| crate::citations::lawdb::article_text(law, v, n).is_some())
                })
            })
        });
    let names = |cs: &[&crate::citations::Citation]| {
        cs.iter()
            .map(|c| c.text.clone())
            .collect::<Vec<_>>()
            .join("、")
    };
    rows.push(if !fs.is_empty() {
        let status = if fs.iter().any(|f| f.severity == Severity::Error) {
            Status::Fails
        } else {
            Status::Verify
        };
        row("适用法律", status, messages(&fs), &fs)
    } else if !unchecked.is_empty() || checked.is_empty() {
        row(
            "适用法律",
            Status::Verify,
            format!(
                "{}的全文不在法律数据库中，处罚种类和幅度是否符合所依据的条文，需人工对照条文核实；违法行为发生时与作出决定时法律是否有变化，也需核实。",
                if unchecked.is_empty() {
                    "所援引条文".to_string()
                } else {
                    names(&unchecked)
                }
            ),
            &[],
        )
    } else {
        row(
            "适用法律",
            Status::Conforms,
            format!(
                "已对照法律数据库核对{}：处罚种类和罚款数额在所依据条文规定的范围内，未超过追责期限。",
                names(&checked)
            ),
            &[],
        )
    });

    // 程序
    let fs = of(r, &[Category::ProcedureDefect, Category::WrongRemedyNotice]);
    let remedy = missing(r, &["复议", "诉讼"]);
    let fs: Vec<&Finding> = fs.into_iter().chain(remedy).collect();
    rows.push(if fs.is_empty() {
        row(
            "程序",
            Status::Conforms,
            "决定书载明了处罚前告知、陈述申辩（及听证）情况，救济途径和期限告知正确。立案、调查取证、送达等程序需核对案卷。".into(),
            &[],
        )
    } else {
        let status = if fs.iter().any(|f| f.severity == Severity::Error) {
            Status::Fails
        } else {
            Status::Verify
        };
        row("程序", status, messages(&fs), &fs)
    });

    // 裁量
    let fine = d.max_amount(PenaltyKind::Fine);
    let explained = ["从轻", "减轻", "从重", "裁量"]
        .iter()
        .any(|w| doc_text_has(doc, w));
    rows.push(row(
        "裁量",
        Status::Verify,
        format!(
            "{}{}是否符合本机关行政处罚裁量基准、过罚相当，需对照裁量基准核实。",
            fine.map_or(String::new(), |f| format!("罚款{}元。", yuan(f))),
            if explained {
                "决定书对从轻、减轻、从重或裁量理由作了说明；"
            } else {
                "决定书未说明从轻、减轻、从重或裁量的理由；"
            }
        ),
        &[],
    ));

    // 文书规范
    let fs: Vec<&Finding> = active(r)
        .filter(|f| f.category == Category::MissingDecisionElement)
        .collect();
    let errors: Vec<&Finding> = fs
        .iter()
        .copied()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    rows.push(if !errors.is_empty() {
        row("文书规范", Status::Fails, messages(&errors), &errors)
    } else if !fs.is_empty() {
        row(
            "文书规范",
            Status::Verify,
            format!("{}。", messages(&fs)),
            &fs,
        )
    } else {
        row(
            "文书规范",
            Status::Conforms,
            format!(
                "行政处罚法第五十九条所列事项齐全，文号{}。",
                d.case_number.as_deref().unwrap_or("未载明")
            ),
            &[],
        )
    });

    // 是否移送
    rows.push(row(
        "是否移送",
        Status::Verify,
        if ["移送司法机关", "移送公安", "涉嫌犯罪"]
            .iter()
            .any(|w| doc_text_has(doc, w))
        {
            "决定书提及移送。是否涉嫌犯罪、是否应当移送司法机关（行政处罚法第二十七条、第五十七条第一款第四项），需对照刑事追诉标准核实。".into()
        } else {
            "文本无法判断违法行为是否达到刑事追诉标准；是否应当移送司法机关（行政处罚法第二十七条、第五十七条第一款第四项）或移送其他有权机关，需对照追诉标准和管辖规定核实。".into()
        },
        &[],
    ));

    let (conclusion, reason) = conclude(r, &rows);
    Checklist {
        rows,
        conclusion,
        reason,
    }
}

/// 2500000 → 2500000, 21000.5 → 21000.50.
fn yuan(v: f64) -> String {
    if (v - v.round()).abs() < 0.005 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

fn doc_text_has(doc: &Document, word: &str) -> bool {
    doc.body().any(|(_, b)| b.text.contains(word))
}

/// 不同意 when the decision may not be made at all (limitation period run out, improper
/// issuer); 建议修改后提交 when any point fails or a finding must be dealt with; else 同意.
fn conclude(r: &DocumentResult, rows: &[Row]) -> (Conclusion, String) {
    let fatal: Vec<&Finding> = active(r)
        .filter(|f| {
            f.severity == Severity::Error
                && matches!(f.category, Category::TimeLimit | Category::ImproperIssuer)
        })
        .collect();
    if !fatal.is_empty() {
        return (
            Conclusion::Disagree,
            format!("{}，不得作出本决定。", messages(&fatal)),
        );
    }
    let failing: Vec<&str> = rows
        .iter()
        .filter(|r| r.status == Status::Fails)
        .map(|r| r.point)
        .collect();
    let warnings = active(r).any(|f| f.severity == Severity::Warning);
    if !failing.is_empty() {
        return (
            Conclusion::Amend,
            format!("{}不符合要求，修改后重新提交法制审核。", failing.join("、")),
        );
    }
    if warnings {
        return (
            Conclusion::Amend,
            "有需核实或补充记载的事项（见“需人工核实”各项），核实、补正后提交。".into(),
        );
    }
    let verify: Vec<&str> = rows
        .iter()
        .filter(|r| r.status == Status::Verify)
        .map(|r| r.point)
        .collect();
    (
        Conclusion::Agree,
        format!(
            "文本审查未发现问题；{}等事项经人工核实无误后，同意作出本决定。",
            verify.join("、")
        ),
    )
}

/// The checklist as memo pieces: a table of the review points and the conclusion.
pub fn pieces(r: &DocumentResult, doc: &Document) -> Vec<Piece> {
    let c = build(r, doc);
    vec![
        Piece::Table {
            header: vec!["审核要点".into(), "审核结果".into(), "说明".into()],
            rows: c
                .rows
                .iter()
                .map(|row| {
                    vec![
                        row.point.to_string(),
                        row.status.chinese().to_string(),
                        row.note.clone(),
                    ]
                })
                .collect(),
        },
        Piece::Para(format!(
            "法制审核意见：{}。{}",
            c.conclusion.chinese(),
            c.reason
        )),
    ]
}
