//! Each citation against the law-status database, as of the document's date (or `--as-of`).
//! The rule engine turns the results into findings (rules::builtin: repealed_law,
//! invalid_article, unknown_law). A sentence that only mentions a former
//! law (民法典第1260条 listing what it repeals, the history of a rule) is not a use of it,
//! nor is a title in a sentence that reports other documents (下列文件同时废止： and its list
//! items, news, the facts of a 通报) or inside the quoted words of another text.

use serde::{Deserialize, Serialize};

use super::extract::{Cited, extract};
use super::lawdb::{Law, Version, db};
use crate::document::location::{Location, location_of};
use crate::document::model::Document;
use crate::document::prepared::Prepared;
use crate::document::voice::{CueKind, Voice};

/// What the database says of a citation on the reference date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CitationStatus {
    InForce,
    Repealed,
    SupersededVersion,
    NotYetInForce,
    StatusUnknown,
    NotInDatabase,
    /// Cited by 文号: another document, not a law.
    Document,
}

/// A citation as reported in JSON (`citations[]`) and in the memo's 引用法律核查.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Citation {
    /// As written: 《中华人民共和国合同法》第五十二条.
    pub text: String,
    /// The law it resolves to in the database.
    pub law: Option<String>,
    /// First cited article (DESIGN), and all of them.
    pub article: Option<u32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub articles: Vec<u32>,
    pub status: CitationStatus,
    /// 现行有效 / 已废止 …, in words for the memo.
    pub status_text: String,
    /// Version in force on the reference date (its adoption or amendment date).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repealed: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replaced_by: Option<String>,
    /// Only mentioned (history, list of repealed laws), not relied on.
    pub mention: bool,
    /// The sentence declares it repealed (…同时废止): a catalogue uses this to find documents
    /// that still cite a repealed one.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub repeals: bool,
    pub location: Location,
}

/// A citation resolved against the database, kept with its place for findings.
pub struct Checked {
    pub cited: Cited,
    pub law: Option<&'static Law>,
    /// Year of an explicitly cited version (立法法（2015修正）).
    pub year: Option<String>,
    pub mention: bool,
    pub citation: Citation,
}

const MENTION: [&str; 14] = [
    "废止",
    "废除",
    "失效",
    "取代",
    "修订前",
    "修改前",
    "原《",
    "曾",
    "此前",
    "不再适用",
    "已被",
    "修改〈",
    "关于修改",
    "清理",
];

/// The date the document speaks from: its own date, else `as_of`.
pub fn reference_date(doc: &Document, as_of: &str) -> String {
    doc.date.clone().unwrap_or_else(|| as_of.to_string())
}

pub fn check(doc: &Document, prepared: &[Prepared], as_of: &str) -> Vec<Checked> {
    let date = reference_date(doc, as_of);
    let own = doc.title.as_deref().map(super::lawdb::key);
    extract(prepared, doc.doc_number.as_deref())
        .into_iter()
        .filter(|c| {
            // The document's own title (the text of a law cites itself in its 附则).
            own.as_deref()
                .is_none_or(|o| c.doc_number.is_some() || super::lawdb::key(&c.title) != o)
        })
        .map(|c| {
            let p = &prepared[c.block];
            let sentence = &p.norm.text[c.sentence.0..c.sentence.1];
            let mention = MENTION.iter().any(|w| sentence.contains(w)) || not_relied_on(p, c.start);
            let repeals = sentence.contains("废止");
            let resolved = if c.doc_number.is_some() {
                None
            } else {
                db().resolve(c.declared.as_deref().unwrap_or(&c.title))
            };
            let (law, year) = match resolved {
                Some((l, y)) => (Some(l), y),
                None => (None, None),
            };
            let version = law.and_then(|l| match &year {
                Some(y) => l.version_of_year(y),
                None => l.version_at(&date),
            });
            let (status, status_text) = status_of(&c, law, version, year.as_deref(), &date);
            let (ss, se) = p.norm.range(p.block.source(), c.start, c.end);
            let citation = Citation {
                text: p.block.source()[ss..se].to_string(),
                law: law.map(|l| l.title.clone()),
                article: c.articles.first().copied(),
                articles: c.articles.clone(),
                status,
                status_text,
                version: version.map(|v| v.date.clone()),
                repealed: law.and_then(|l| l.repealed.clone()),
                replaced_by: law.and_then(|l| l.replaced_by.clone()),
                mention,
                repeals,
                location: location_of(p.block, p.index),
            };
            Checked {
                cited: c,
                law,
                year,
                mention,
                citation,
            }
        })
        .collect()
}

/// A citation the document does not rely on by the voice of its sentence: a report of
/// other documents (a repeal list — 下列文件同时废止： and its items —, news, a 通报's
/// facts), or a title inside the quoted words of another text.
fn not_relied_on(p: &Prepared, at: usize) -> bool {
    let Some(((a, b), m)) = p.marked_at(at) else {
        return false;
    };
    match m.voice {
        Voice::Own => false,
        Voice::Report => true,
        Voice::Quotation => {
            let before = &p.norm.text[a..at.clamp(a, b)];
            m.cue == Some(CueKind::InsideQuote)
                || before.matches('“').count() > before.matches('”').count()
        }
    }
}

fn status_of(
    c: &Cited,
    law: Option<&Law>,
    version: Option<&Version>,
    year: Option<&str>,
    date: &str,
) -> (CitationStatus, String) {
    if c.doc_number.is_some() {
        return (CitationStatus::Document, "以文号引用的文件".into());
    }
    let Some(law) = law else {
        return (CitationStatus::NotInDatabase, "数据库中未收录".into());
    };
    if law.is_repealed() {
        let when = law.repealed.as_deref().unwrap_or("");
        if when <= date {
            return (CitationStatus::Repealed, format!("已于{when}废止"));
        }
        return (CitationStatus::InForce, format!("引用时有效（{when}废止）"));
    }
    if let Some(v) = version
        && year.is_some()
        && let Some(until) = v.until.as_deref()
        && until <= date
    {
        return (
            CitationStatus::SupersededVersion,
            format!("该版本已于{until}被修改"),
        );
    }
    match law.status.as_deref() {
        // Earlier versions may be missing from the data: a law whose oldest known version is
        // newer than the document is not "not yet in force", only of unknown version.
        Some("现行有效") => (CitationStatus::InForce, "现行有效".into()),
        Some("尚未生效") => (CitationStatus::NotYetInForce, "尚未生效".into()),
        Some(s) => (CitationStatus::StatusUnknown, s.to_string()),
        None => (CitationStatus::StatusUnknown, "状态不明".into()),
    }
}
