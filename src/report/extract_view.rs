//! `fashen extract` output: the structured document as text or JSON.

use serde::Serialize;

use super::location::location_text;
use crate::document::model::{Block, Document};
use crate::document::prepared::{Prepared, prepare};
use crate::document::values::{Bound, ClauseValue, Kind, Measure, Unit, read_prepared};
use crate::document::voice::{CueKind, Voice};

#[derive(Serialize)]
struct ExtractJson<'a> {
    path: &'a str,
    format: &'static str,
    doc_type: &'static str,
    doc_type_evidence: &'a [String],
    level: crate::document::level::IssuerLevel,
    level_evidence: &'a [String],
    title: &'a Option<String>,
    doc_number: &'a Option<String>,
    issuer: &'a Option<String>,
    date: &'a Option<String>,
    status: &'a str,
    /// `traditional` when the text was read converted to Simplified (blocks keep `original`).
    script: crate::document::model::Script,
    warnings: &'a [String],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    parties: &'a [crate::document::model::Party],
    #[serde(skip_serializing_if = "Option::is_none")]
    pages: Option<u32>,
    blocks: &'a [Block],
    /// Amounts, rates, periods and dates of the clauses, with their evidence.
    values: Vec<crate::document::values::ClauseValue>,
    /// Sentences not in the document's own voice (quotations of other texts, reports of
    /// others' acts or words); every sentence not listed is the document's own.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    voices: Vec<SentenceVoice>,
}

#[derive(Serialize)]
struct SentenceVoice {
    /// Index into `blocks`.
    block: usize,
    /// The sentence as written.
    text: String,
    voice: Voice,
    /// 引用他文原文 / 转述他人行为或言论.
    voice_zh: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    cue: Option<CueKind>,
    /// Why, in words (引述他文并加引号, 所列为被废止或停止执行的文件 …).
    #[serde(skip_serializing_if = "Option::is_none")]
    cue_zh: Option<&'static str>,
    /// The cue words as found (normalised).
    #[serde(skip_serializing_if = "String::is_empty")]
    words: String,
    /// Taken from the context (an open quotation, a list after ：).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    inherited: bool,
}

fn voices(prepared: &[Prepared]) -> Vec<SentenceVoice> {
    let mut out = vec![];
    for p in prepared {
        for (&(a, b), m) in p.sentences.iter().zip(&p.voices) {
            if m.is_own() {
                continue;
            }
            let (s, e) = p.norm.range(&p.block.text, a, b);
            out.push(SentenceVoice {
                block: p.index,
                text: p.block.text[s..e].trim().to_string(),
                voice: m.voice,
                voice_zh: m.voice.chinese(),
                cue: m.cue,
                cue_zh: m.cue.map(|c| c.chinese()),
                words: m.words.clone(),
                inherited: m.inherited,
            });
        }
    }
    out
}

pub fn json(doc: &Document) -> serde_json::Result<String> {
    let prepared = prepare(doc);
    let v = ExtractJson {
        path: &doc.path,
        format: doc.format.as_str(),
        doc_type: doc.doc_type.as_str(),
        doc_type_evidence: &doc.doc_type_evidence,
        level: doc.level,
        level_evidence: &doc.level_evidence,
        title: &doc.title,
        doc_number: &doc.doc_number,
        issuer: &doc.issuer,
        date: &doc.date,
        status: &doc.status,
        script: doc.script,
        warnings: &doc.warnings,
        parties: &doc.parties,
        pages: doc.pages,
        blocks: &doc.blocks,
        values: read_prepared(&prepared),
        voices: voices(&prepared),
    };
    serde_json::to_string_pretty(&v)
}

pub fn text(doc: &Document) -> String {
    let dash = |o: &Option<String>| o.clone().unwrap_or_else(|| "—".into());
    let mut s = String::new();
    s.push_str(&format!("文件：{}（{}）\n", doc.path, doc.format.as_str()));
    s.push_str(&format!(
        "类型：{}（{}）\n",
        doc.doc_type.chinese(),
        doc.doc_type_evidence.join("；")
    ));
    s.push_str(&format!(
        "层级：{}（{}）\n",
        doc.level.chinese(),
        doc.level_evidence.join("；")
    ));
    s.push_str(&format!("标题：{}\n", dash(&doc.title)));
    s.push_str(&format!("文号：{}\n", dash(&doc.doc_number)));
    s.push_str(&format!("发文机关：{}\n", dash(&doc.issuer)));
    s.push_str(&format!("日期：{}\n", dash(&doc.date)));
    for p in &doc.parties {
        s.push_str(&format!("当事人：{}：{}\n", p.role, p.name));
    }
    if doc.script == crate::document::model::Script::Traditional {
        s.push_str("字形：繁体中文（已转换为简体后审查，下列文字为原文）\n");
    }
    for w in &doc.warnings {
        s.push_str(&format!("警告：{w}\n"));
    }
    s.push('\n');
    // Under each block, what a reviewer reads out of it: its clause values and the
    // sentences that are not the document's own words.
    let prepared = prepare(doc);
    let values = read_prepared(&prepared);
    let voices = voices(&prepared);
    for (i, b) in doc.blocks.iter().enumerate() {
        s.push_str(&format!(
            "[{}] {}\n",
            location_text(b),
            b.source().replace('\n', " ")
        ));
        for v in values.iter().filter(|v| v.block == i) {
            let mut line = value_text(v);
            // A value in a quotation or a report is another text's, not a term of this one.
            if let Some(voice) = voice_of(&prepared, v) {
                line.push_str(&format!("；见于：{}", voice.chinese()));
            }
            s.push_str(&format!("    〔数值〕{line}\n"));
        }
        for v in voices.iter().filter(|v| v.block == i) {
            s.push_str(&format!("    〔非本文件口吻〕{}\n", voice_text(v)));
        }
    }
    s
}

/// The voice of the sentence a value is in, when it is not the document's own.
fn voice_of(prepared: &[Prepared], v: &ClauseValue) -> Option<Voice> {
    let p = prepared.iter().find(|p| p.index == v.block)?;
    let k = p.sentences.iter().position(|&s| s == v.sentence)?;
    let m = p.voices.get(k)?;
    (!m.is_own()).then_some(m.voice)
}

/// 2860万元, 0.05%, 90日 — a normalised amount as a reader writes it.
fn amount_text(v: &ClauseValue) -> String {
    let Some(x) = v.value else {
        return v.date.clone().unwrap_or_default();
    };
    let num = |x: f64| {
        let t = format!("{x:.4}");
        t.trim_end_matches('0').trim_end_matches('.').to_string()
    };
    match (v.kind, v.unit) {
        (_, Unit::Yuan) if x.abs() >= 1e8 => format!("{}亿元", num(x / 1e8)),
        (_, Unit::Yuan) if x.abs() >= 1e4 => format!("{}万元", num(x / 1e4)),
        (Kind::PercentagePoints, Unit::BasisPoints) => format!("{}个百分点", num(x / 100.0)),
        (_, Unit::BasisPoints) => format!("{}%", num(x / 100.0)),
        (_, Unit::WorkingDays) => format!("{}个工作日", num(x)),
        (_, Unit::Weeks) => format!("{}周", num(x)),
        (_, unit) => format!("{}{}", num(x), unit.chinese()),
    }
}

/// 比率 0.05%，每日，不超过，基数：合同价款；所指：违约金（据“违约金”）；原文：日万分之五
fn value_text(v: &ClauseValue) -> String {
    let mut parts = vec![format!("{} {}", v.kind.chinese(), amount_text(v))];
    if let Some(per) = &v.per {
        parts.push(match per.as_str() {
            "day" => "每日".to_string(),
            "month" => "每月".to_string(),
            "year" => "每年".to_string(),
            other => format!("每{other}"),
        });
    }
    match v.bound {
        Some(Bound::Max) => parts.push("不超过".into()),
        Some(Bound::Min) => parts.push("不低于".into()),
        None => {}
    }
    if let Some(of) = &v.of {
        parts.push(format!("基数：{of}"));
    }
    if let Some(start) = &v.start {
        parts.push(format!("起算：{start}"));
    }
    let measures = match (&v.measures_evidence, v.measures) {
        (_, Measure::Unknown) => "未说明".to_string(),
        (Some(ev), m) => format!("{}（据“{ev}”）", m.chinese()),
        (None, m) => m.chinese().to_string(),
    };
    format!("{}；所指：{measures}；原文：{}", parts.join("，"), v.text)
}

/// 引用他文原文（引述他文并加引号：“依照”）：《…》第八条规定，“……”
fn voice_text(v: &SentenceVoice) -> String {
    let mut why = v.cue_zh.unwrap_or("").to_string();
    if !v.words.is_empty() {
        if !why.is_empty() {
            why.push('：');
        }
        why.push_str(&format!("“{}”", v.words));
    }
    if v.inherited {
        why.push_str(if why.is_empty() {
            "承前"
        } else {
            "，承前"
        });
    }
    let label = if why.is_empty() {
        v.voice_zh.to_string()
    } else {
        format!("{}（{why}）", v.voice_zh)
    };
    const MAX: usize = 40;
    let text: String = if v.text.chars().count() > MAX {
        v.text.chars().take(MAX).chain(['…']).collect()
    } else {
        v.text.clone()
    };
    format!("{label}：{text}")
}
