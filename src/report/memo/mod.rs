//! The legality review memo (合法性审查意见书): one content model, three renderings
//! (Word, self-contained HTML, Markdown). The content follows the usual structure: heading
//! block, 基本情况, 审查依据, 审查意见 (by severity), 引用法律核查, 审查结论, sign-off lines.

pub mod docx;
pub mod html;
pub mod markdown;
pub mod review_checklist;

use crate::document::model::{DocType, Document};
use crate::report::location::finding_place;
use crate::review::{DocumentResult, conclusion_zh};
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
    /// Label and value in the heading block (审查对象：…).
    Field(String, String),
    /// One finding: number, title line and its labelled parts.
    Item(Item),
    Table {
        header: Vec<String>,
        rows: Vec<Vec<String>>,
    },
    /// Sign-off lines at the end.
    Signature(Vec<String>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub number: usize,
    pub title: String,
    pub location: String,
    pub original: String,
    pub matched: String,
    pub problem: String,
    pub basis: Vec<String>,
    pub suggestion: String,
    pub waived: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Memo {
    pub title: String,
    pub subtitle: String,
    pub pieces: Vec<Piece>,
}

/// What the memo states about the run that produced it.
pub struct MemoContext<'a> {
    pub review_date: &'a str,
    pub rules: &'a RuleSet,
}

pub fn doc_type_zh(t: &str) -> &'static str {
    match DocType::parse(t) {
        Some(DocType::Contract) => "合同（协议）",
        Some(DocType::Normative) => "行政规范性文件",
        Some(DocType::Decision) => "重大行政执法决定",
        _ => "其他文件",
    }
}

const NUMERALS: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

fn file_name(path: &str) -> String {
    std::path::Path::new(path)
        .file_name()
        .map_or(path.to_string(), |n| n.to_string_lossy().to_string())
}

fn item(n: usize, f: &Finding, rules: &RuleSet) -> Piece {
    let name = rules
        .get(&f.rule)
        .map_or(String::new(), |r| r.spec.name.clone());
    Piece::Item(Item {
        number: n,
        title: format!("{name}（{}，{}）", f.rule, f.category),
        location: finding_place(&f.location),
        original: f.excerpt.clone(),
        matched: f.matched.clone(),
        problem: f.message.clone(),
        basis: f
            .basis
            .iter()
            .map(|b| {
                let law = b.law.trim_start_matches('《').trim_end_matches('》');
                if b.text.is_empty() {
                    format!("《{law}》{}", b.article)
                } else {
                    format!("《{law}》{}：{}", b.article, b.text)
                }
            })
            .collect(),
        suggestion: f.suggestion.clone(),
        waived: f.waived.clone(),
    })
}

pub fn build(doc: Option<&Document>, r: &DocumentResult, ctx: &MemoContext) -> Memo {
    let mut p = vec![];
    let title = r.title.clone().unwrap_or_else(|| file_name(&r.path));
    let type_zh = doc_type_zh(r.doc_type.as_deref().unwrap_or("other"));
    p.push(Piece::Field("审查对象".into(), format!("《{title}》")));
    p.push(Piece::Field(
        "文　　号".into(),
        r.doc_number.clone().unwrap_or_else(|| "无".into()),
    ));
    let parties = doc.map_or(vec![], |d| {
        d.parties
            .iter()
            .map(|pt| format!("{}：{}", pt.role, pt.name))
            .collect::<Vec<_>>()
    });
    let unit = match (&r.issuer, parties.is_empty()) {
        (Some(i), _) => i.clone(),
        (None, false) => parties.join("；"),
        (None, true) => "未载明".into(),
    };
    p.push(Piece::Field("起草（报送）单位".into(), unit));
    p.push(Piece::Field("文件类型".into(), type_zh.into()));
    p.push(Piece::Field(
        "文件日期".into(),
        r.date.clone().unwrap_or_else(|| "未载明".into()),
    ));
    p.push(Piece::Field("审查日期".into(), ctx.review_date.into()));
    p.push(Piece::Field(
        "审查工具".into(),
        format!(
            "法审（fashen）{}，规则包 {}，法律数据库截至 {}",
            env!("CARGO_PKG_VERSION"),
            &ctx.rules.digest[..12.min(ctx.rules.digest.len())],
            crate::citations::lawdb::as_of()
        ),
    ));
    p.push(Piece::Field("送审文件".into(), file_name(&r.path)));

    let mut h = 0;
    let mut heading = |text: &str, p: &mut Vec<Piece>| {
        p.push(Piece::Heading(format!("{}、{text}", NUMERALS[h])));
        h += 1;
    };

    heading("基本情况", &mut p);
    let dated = r
        .date
        .as_deref()
        .map_or(String::new(), |d| format!("（{d}）"));
    let mut intro = format!("《{title}》{dated}为{type_zh}");
    if !parties.is_empty() {
        intro.push_str(&format!("，当事人为{}", parties.join("、")));
    }
    intro.push('。');
    p.push(Piece::Para(intro));
    if r.triggers.is_empty() {
        p.push(Piece::Para(
            "经检索，未发现涉及国有资产、财政资金、自然资源或公共资源的内容。".into(),
        ));
    } else {
        for t in &r.triggers {
            p.push(Piece::Para(format!(
                "涉及{}（{}）：“{}”",
                t.name,
                finding_place(&t.location),
                t.evidence
            )));
        }
        let kinds: Vec<&str> = r.triggers.iter().map(|t| t.name.as_str()).collect();
        p.push(Piece::Para(format!(
            "该文件涉及{}，依照有关规定，签署或印发前应当进行合法性审查。",
            kinds.join("、")
        )));
    }

    heading("审查依据", &mut p);
    let mut laws: Vec<String> = vec![];
    for f in &r.findings {
        for b in &f.basis {
            let law = b.law.trim_start_matches('《').trim_end_matches('》');
            let entry = format!("《{law}》{}", b.article);
            if !laws.contains(&entry) {
                laws.push(entry);
            }
        }
    }
    if laws.is_empty() {
        p.push(Piece::Para(
            "依照宪法、法律、法规、规章及国家政策，对照规则包所列审查要点逐项审查。".into(),
        ));
    } else {
        p.push(Piece::Para(format!(
            "本次审查意见所依据的法律法规条文：{}。",
            laws.join("；")
        )));
    }

    heading("审查意见", &mut p);
    let groups = [
        (Severity::Error, "必须修改的问题"),
        (Severity::Warning, "建议修改的问题"),
        (Severity::Info, "提示"),
    ];
    let mut sub = 0;
    let mut n = 0;
    for (sev, name) in groups {
        let list: Vec<&Finding> = r.findings.iter().filter(|f| f.severity == sev).collect();
        if list.is_empty() {
            continue;
        }
        p.push(Piece::Subheading(format!(
            "（{}）{name}（{}项）",
            NUMERALS[sub],
            list.len()
        )));
        sub += 1;
        for f in list {
            n += 1;
            p.push(item(n, f, ctx.rules));
        }
    }
    if n == 0 {
        p.push(Piece::Para("经逐项审查，未发现需要修改的问题。".into()));
    }

    if let Some(d) = doc.filter(|d| d.doc_type == DocType::Decision) {
        heading("法制审核要点", &mut p);
        p.extend(review_checklist::pieces(r, d));
    }

    if !r.citations.is_empty() {
        heading("引用法律核查", &mut p);
        p.push(Piece::Para(format!(
            "文件共引用法律法规及文件 {} 处，以{}为基准日对照法律数据库（截至 {}）核查如下：",
            r.citations.len(),
            r.date.as_deref().unwrap_or("审查日"),
            crate::citations::lawdb::as_of()
        )));
        let rows = r
            .citations
            .iter()
            .map(|c| {
                vec![
                    c.text.clone(),
                    finding_place(&c.location),
                    c.law.clone().unwrap_or_else(|| "—".into()),
                    if c.mention {
                        format!("{}（仅为提及）", c.status_text)
                    } else {
                        c.status_text.clone()
                    },
                ]
            })
            .collect();
        p.push(Piece::Table {
            header: vec![
                "引用".into(),
                "位置".into(),
                "数据库名称".into(),
                "状态".into(),
            ],
            rows,
        });
    }

    heading("审查结论", &mut p);
    let c = r.conclusion.as_deref().unwrap_or("pass");
    let count = |s: Severity| r.findings.iter().filter(|f| f.severity == s).count();
    p.push(Piece::Para(format!(
        "{}。（必须修改 {} 项，建议修改 {} 项，提示 {} 项。）",
        conclusion_zh(c),
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info)
    )));
    p.push(Piece::Para(
        "结论判定规则：“必须修改”问题涉及三类以上的，不予通过；存在“必须修改”或“建议修改”问题的，修改后通过；其余建议通过。".into(),
    ));
    p.push(Piece::Para(
        "本意见书由法审（fashen）机器辅助生成，系合法性审查的初审意见，须经审查人员逐项核实确认后方可作为正式审查意见。".into(),
    ));
    p.push(Piece::Signature(vec![
        "审查人：____________".into(),
        "复核人：____________".into(),
        "日　期：______年____月____日".into(),
    ]));
    Memo {
        title: "合法性审查意见书".into(),
        subtitle: "（机器辅助初审稿）".into(),
        pieces: p,
    }
}
