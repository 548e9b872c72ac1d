//! `fashen extract` output: the structured document as text or JSON.

use serde::Serialize;

use super::location::location_text;
use crate::document::model::{Block, Document};
use crate::document::prepared::prepare;
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

fn voices(doc: &Document) -> Vec<SentenceVoice> {
    let mut out = vec![];
    for p in prepare(doc) {
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
        values: crate::document::values::read(doc),
        voices: voices(doc),
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
    for b in &doc.blocks {
        s.push_str(&format!(
            "[{}] {}\n",
            location_text(b),
            b.source().replace('\n', " ")
        ));
    }
    s
}
