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

/// Calls `f` with every complete record of a results file and its line (without the
/// newline), streaming. Only newline-terminated lines count: a last line torn by a kill
/// (even inside a UTF-8 character) is dropped, and so is a line that does not parse.
/// Returns how many lines were dropped.
pub fn scan(path: &Path, mut f: impl FnMut(Record, &[u8])) -> std::io::Result<usize> {
    use std::io::BufRead;
    let mut r = std::io::BufReader::new(std::fs::File::open(path)?);
    let mut line = vec![];
    let mut dropped = 0;
    loop {
        line.clear();
        if r.read_until(b'\n', &mut line)? == 0 {
            return Ok(dropped);
        }
        let Some(body) = line.strip_suffix(b"\n") else {
            return Ok(dropped + 1);
        };
        if body.is_empty() {
            continue;
        }
        match serde_json::from_slice::<Record>(body) {
            Ok(rec) => f(rec, body),
            Err(_) => dropped += 1,
        }
    }
}

/// The last line of each document, in the order of those last lines, with its relative
/// path and memo: what resume, compaction and merge keep (raw lines, not parsed records,
/// so a catalogue's results need not fit in memory twice).
pub struct Kept {
    pub rel: String,
    pub memo: Option<String>,
    /// The line with its newline.
    pub line: Vec<u8>,
}

pub fn latest_lines(path: &Path) -> std::io::Result<Vec<Kept>> {
    let mut at = std::collections::HashMap::new();
    let mut out: Vec<Option<Kept>> = vec![];
    scan(path, |r, body| {
        if let Some(&i) = at.get(&r.batch.rel) {
            out[i] = None;
        }
        at.insert(r.batch.rel.clone(), out.len());
        let mut line = body.to_vec();
        line.push(b'\n');
        out.push(Some(Kept {
            rel: r.batch.rel,
            memo: r.batch.memo,
            line,
        }));
    })?;
    Ok(out.into_iter().flatten().collect())
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

    fn file(bytes: &[u8]) -> tempfile::NamedTempFile {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        std::io::Write::write_all(&mut f, bytes).unwrap();
        f
    }

    #[test]
    fn a_torn_last_line_is_dropped_even_inside_a_character() {
        let mut bytes = record("甲.txt").to_line().unwrap();
        let second = record("乙.txt").to_line().unwrap();
        // Cut inside the UTF-8 bytes of 乙.
        let cut = second.iter().position(|&b| b >= 0x80).unwrap() + 1;
        bytes.extend_from_slice(&second[..cut]);
        let f = file(&bytes);
        let mut rels = vec![];
        let dropped = scan(f.path(), |r, _| rels.push(r.batch.rel)).unwrap();
        assert_eq!(rels, ["甲.txt"]);
        assert_eq!(dropped, 1);
        assert_eq!(latest_lines(file(b"").path()).unwrap().len(), 0);
    }

    #[test]
    fn the_last_line_of_a_document_wins() {
        let mut b = record("a");
        b.batch.sha256 = "new".into();
        let mut bytes = vec![];
        for r in [record("a"), record("b"), b] {
            bytes.extend(r.to_line().unwrap());
        }
        let kept = latest_lines(file(&bytes).path()).unwrap();
        let rels: Vec<_> = kept.iter().map(|k| k.rel.as_str()).collect();
        assert_eq!(rels, ["b", "a"]);
        assert!(String::from_utf8_lossy(&kept[1].line).contains("\"new\""));
    }
}
