//! One line of `results.jsonl`: a document's review (the same object `fashen check
//! --format jsonl` prints) with the batch's own fields under `batch`. Written and read back
//! (catalogue, resume, merge, cache) through these types, never by looking up JSON keys.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::document::validity::Validity;
use crate::review::DocumentResult;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Record {
    #[serde(flatten)]
    pub result: DocumentResult,
    pub batch: Meta,
}

/// What the batch adds to a document's review.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Meta {
    /// Path relative to the catalogue folder: the document's key in every report file.
    pub rel: String,
    /// sha256 of the content; empty when the file could not be read.
    #[serde(default)]
    pub sha256: String,
    /// Size in bytes when the file was found: the resume key of a document without hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rules_digest: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validity: Option<Validity>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minhash: Option<String>,
    /// File name of the memo in memos/, when one was written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memo: Option<String>,
}

impl Record {
    pub fn failed(&self) -> bool {
        self.result.error.is_some()
    }

    /// The record as one line of JSON with its newline, ready for a single append.
    pub fn to_line(&self) -> serde_json::Result<Vec<u8>> {
        let mut line = serde_json::to_vec(self)?;
        line.push(b'\n');
        Ok(line)
    }
}

/// The complete records of a results file, in file order. Only newline-terminated lines
/// count: a last line torn by a kill (even inside a UTF-8 character) is dropped, and so is
/// a line that does not parse. Also returns how many lines were dropped.
pub fn read(path: &Path) -> std::io::Result<(Vec<Record>, usize)> {
    let bytes = std::fs::read(path)?;
    Ok(parse(&bytes))
}

pub fn parse(bytes: &[u8]) -> (Vec<Record>, usize) {
    let complete = match bytes.iter().rposition(|&b| b == b'\n') {
        Some(i) => &bytes[..=i],
        None => &[][..],
    };
    let mut dropped = usize::from(complete.len() < bytes.len());
    let mut records = vec![];
    for line in complete.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        match serde_json::from_slice::<Record>(line) {
            Ok(r) => records.push(r),
            Err(_) => dropped += 1,
        }
    }
    (records, dropped)
}

/// The last record of each document, in the order of those last records.
pub fn latest(records: Vec<Record>) -> Vec<Record> {
    let mut at = std::collections::HashMap::new();
    let mut out: Vec<Option<Record>> = vec![];
    for r in records {
        if let Some(&i) = at.get(&r.batch.rel) {
            out[i] = None;
        }
        at.insert(r.batch.rel.clone(), out.len());
        out.push(Some(r));
    }
    out.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(rel: &str) -> Record {
        Record {
            result: DocumentResult::failed(rel, "无法读取".into()),
            batch: Meta {
                rel: rel.into(),
                size: Some(3),
                ..Meta::default()
            },
        }
    }

    #[test]
    fn a_torn_last_line_is_dropped_even_inside_a_character() {
        let mut bytes = record("甲.txt").to_line().unwrap();
        let second = record("乙.txt").to_line().unwrap();
        // Cut inside the UTF-8 bytes of 乙.
        let cut = second.iter().position(|&b| b >= 0x80).unwrap() + 1;
        bytes.extend_from_slice(&second[..cut]);
        let (records, dropped) = parse(&bytes);
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].batch.rel, "甲.txt");
        assert_eq!(dropped, 1);
        assert_eq!(parse(b"").0.len(), 0);
    }

    #[test]
    fn the_last_record_of_a_document_wins() {
        let mut b = record("a");
        b.batch.sha256 = "new".into();
        let kept = latest(vec![record("a"), record("b"), b]);
        let rels: Vec<_> = kept.iter().map(|r| r.batch.rel.as_str()).collect();
        assert_eq!(rels, ["b", "a"]);
        assert_eq!(kept[1].batch.sha256, "new");
    }
}
