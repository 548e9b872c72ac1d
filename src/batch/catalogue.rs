//! What a catalogue review adds to single documents: expired and open-ended normative
//! documents, duplicate 文号, documents citing an expired or repealed catalogue document,
//! and near-duplicate texts. Everything is computed from `results.jsonl`, so a merged
//! report of several shards gives the same answer as one run.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;

use serde::Serialize;

use super::record::Record;
use crate::citations::CitationStatus;
use crate::document::validity::Validity;
use crate::rules::schema::Severity;

/// The compact per-document state kept for the summary and the catalogue checks.
#[derive(Debug, Clone, Default)]
pub struct Row {
    pub rel: String,
    pub path: String,
    pub sha256: String,
    pub failed: bool,
    pub error: Option<String>,
    pub format: String,
    pub doc_type: String,
    pub title: String,
    pub doc_number: String,
    pub date: String,
    pub triggers: Vec<String>,
    /// error, warning, info, waived
    pub counts: [usize; 4],
    pub categories: Vec<String>,
    pub conclusion: String,
    pub validity: Option<Validity>,
    pub cited_numbers: Vec<String>,
    pub cited_titles: Vec<String>,
    /// 文号 and titles this document declares repealed (…同时废止).
    pub repeals: Vec<String>,
    pub minhash: Option<Vec<u32>>,
    /// The memo's file name in memos/, when one was written.
    pub memo: Option<String>,
}

/// Title for matching: the law database's key (NFKC; no 《》, spaces or 中华人民共和国).
pub fn title_key(t: &str) -> String {
    crate::citations::lawdb::key(t)
}

/// 文号 for matching: NFKC, brackets unified (〔〕 [] ［］ ﹝﹞ → 〔〕).
pub fn number_key(n: &str) -> String {
    crate::document::segment::normalize(n)
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '[' | '［' | '﹝' | '(' => '〔',
            ']' | '］' | '﹞' | ')' => '〕',
            c => c,
        })
        .collect()
}

impl Row {
    /// From one record of results.jsonl.
    pub fn from_record(r: &Record) -> Row {
        let d = &r.result;
        let mut counts = [0usize; 4];
        let mut cats = BTreeSet::new();
        for f in &d.findings {
            if f.waived.is_some() {
                counts[3] += 1;
                continue;
            }
            cats.insert(f.category.as_str().to_string());
            match f.severity {
                Severity::Error => counts[0] += 1,
                Severity::Warning => counts[1] += 1,
                Severity::Info => counts[2] += 1,
            }
        }
        let mut cited_numbers = vec![];
        let mut cited_titles = vec![];
        let mut repeals = vec![];
        for c in &d.citations {
            let by_number = c.status == CitationStatus::Document;
            let key = if by_number {
                number_key(&c.text)
            } else {
                title_key(c.text.split('》').next().unwrap_or_default())
            };
            if c.repeals {
                repeals.push(key);
            } else if !c.mention {
                if by_number {
                    cited_numbers.push(key);
                } else {
                    cited_titles.push(key);
                }
            }
        }
        let text = |o: &Option<String>| o.clone().unwrap_or_default();
        Row {
            rel: r.batch.rel.clone(),
            path: d.path.clone(),
            sha256: r.batch.sha256.clone(),
            failed: r.failed(),
            error: d.error.clone(),
            format: text(&d.format),
            doc_type: text(&d.doc_type),
            title: text(&d.title),
            doc_number: text(&d.doc_number),
            date: text(&d.date),
            triggers: d
                .triggers
                .iter()
                .map(|t| t.kind.as_str().to_string())
                .collect(),
            counts,
            categories: cats.into_iter().collect(),
            conclusion: text(&d.conclusion),
            validity: r.batch.validity.clone(),
            cited_numbers,
            cited_titles,
            repeals,
            minhash: r.batch.minhash.as_deref().and_then(decode_minhash),
            memo: r.batch.memo.clone(),
        }
    }

    pub fn status(&self) -> &'static str {
        if self.failed { "failed" } else { "checked" }
    }

    pub fn expired(&self, as_of: NaiveDate) -> Option<&str> {
        if self.doc_type != "normative" {
            return None;
        }
        self.validity
            .as_ref()
            .and_then(|v| v.until.as_deref())
            .filter(|u| NaiveDate::parse_from_str(u, "%Y-%m-%d").is_ok_and(|u| u < as_of))
    }
}

/// One catalogue-level finding.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CatalogueFinding {
    /// expired | no_validity_period | duplicate_doc_number | cites_expired | cites_repealed |
    /// near_duplicate
    pub kind: &'static str,
    pub path: String,
    pub detail: String,
    /// The other documents involved.
    pub related: Vec<String>,
}

pub const MINHASH_LEN: usize = 64;
const BANDS: usize = 16;
const ROWS: usize = MINHASH_LEN / BANDS;

/// One-permutation MinHash of a text's 5-character shingles (punctuation and spaces
/// dropped): each shingle's hash picks one of 64 bins and competes for its minimum, so a
/// document costs one hash per shingle. Near-duplicate documents share most bins.
pub fn minhash(text: &str) -> Option<Vec<u32>> {
    // Han characters and ASCII letters and digits: the cheap test, no Unicode tables.
    let chars: Vec<char> = text
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || ('\u{4E00}'..='\u{9FFF}').contains(c))
        .collect();
    if chars.len() < 50 {
        return None;
    }
    let mut sig = vec![u32::MAX; MINHASH_LEN];
    for w in chars.windows(5) {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for c in w {
            h = (h ^ *c as u64).wrapping_mul(0x0000_0100_0000_01B3);
        }
        // Final mix so that the low bits (the bin) depend on every character.
        h ^= h >> 33;
        h = h.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
        h ^= h >> 33;
        let bin = (h % MINHASH_LEN as u64) as usize;
        let v = (h >> 32) as u32;
        if v < sig[bin] {
            sig[bin] = v;
        }
    }
    Some(sig)
}

pub fn encode_minhash(sig: &[u32]) -> String {
    sig.iter().map(|v| format!("{v:08x}")).collect()
}

fn decode_minhash(s: &str) -> Option<Vec<u32>> {
    (s.len() == MINHASH_LEN * 8).then(|| {
        (0..MINHASH_LEN)
            .filter_map(|i| u32::from_str_radix(&s[i * 8..i * 8 + 8], 16).ok())
            .collect()
    })
}

fn similarity(a: &[u32], b: &[u32]) -> f64 {
    a.iter().zip(b).filter(|(x, y)| x == y).count() as f64 / MINHASH_LEN as f64
}

pub fn check(rows: &[Row], as_of: NaiveDate) -> Vec<CatalogueFinding> {
    let mut out = vec![];
    let checked: Vec<&Row> = rows.iter().filter(|r| !r.failed).collect();
    for r in &checked {
        if let Some(until) = r.expired(as_of) {
            out.push(CatalogueFinding {
                kind: "expired",
                path: r.rel.clone(),
                detail: format!(
                    "有效期至 {until}，已于 {as_of} 前届满，应当清理（废止或重新制定）"
                ),
                related: vec![],
            });
        } else if r.doc_type == "normative" && r.validity.as_ref().is_none_or(|v| v.until.is_none())
        {
            out.push(CatalogueFinding {
                kind: "no_validity_period",
                path: r.rel.clone(),
                detail: "未规定有效期".into(),
                related: vec![],
            });
        }
    }
    // Duplicate 文号.
    let mut by_number: BTreeMap<String, Vec<&Row>> = BTreeMap::new();
    for r in checked.iter().filter(|r| !r.doc_number.is_empty()) {
        by_number
            .entry(number_key(&r.doc_number))
            .or_default()
            .push(r);
    }
    for (n, group) in by_number.iter().filter(|(_, g)| g.len() > 1) {
        let same_title = group
            .iter()
            .map(|r| title_key(&r.title))
            .collect::<BTreeSet<_>>()
            .len()
            == 1;
        for r in group {
            out.push(CatalogueFinding {
                kind: "duplicate_doc_number",
                path: r.rel.clone(),
                detail: if same_title {
                    format!(
                        "文号 {n} 出现 {} 次（标题相同，疑为同一文件的重复件或不同格式）",
                        group.len()
                    )
                } else {
                    format!("文号 {n} 出现 {} 次，标题不同", group.len())
                },
                related: capped(
                    group
                        .iter()
                        .filter(|o| o.rel != r.rel)
                        .map(|o| o.rel.as_str()),
                    group.len() - 1,
                ),
            });
        }
    }
    // Citations of catalogue documents that are expired or declared repealed.
    let mut by_title: HashMap<String, Vec<&Row>> = HashMap::new();
    for r in &checked {
        if !r.title.is_empty() {
            by_title.entry(title_key(&r.title)).or_default().push(r);
        }
    }
    let mut repealed: HashMap<String, &Row> = HashMap::new();
    for r in &checked {
        for x in &r.repeals {
            repealed.insert(x.clone(), r);
        }
    }
    for r in &checked {
        let mut targets: Vec<(&Row, String)> = vec![];
        for n in &r.cited_numbers {
            for t in by_number.get(n).into_iter().flatten() {
                targets.push((t, n.clone()));
            }
            if let Some(by) = repealed.get(n) {
                out.push(cites_repealed(r, n, by));
            }
        }
        for t in &r.cited_titles {
            for x in by_title.get(t).into_iter().flatten() {
                targets.push((x, format!("《{}》", x.title)));
            }
            if let Some(by) = repealed.get(t) {
                out.push(cites_repealed(r, &format!("《{t}》"), by));
            }
        }
        let mut seen = BTreeSet::new();
        for (t, name) in targets {
            if t.rel == r.rel || !seen.insert(t.rel.clone()) {
                continue;
            }
            if let Some(until) = t.expired(as_of) {
                out.push(CatalogueFinding {
                    kind: "cites_expired",
                    path: r.rel.clone(),
                    detail: format!("引用的 {name} 已于 {until} 到期"),
                    related: vec![t.rel.clone()],
                });
            }
        }
    }
    // Near duplicates: documents sharing a band of their MinHash signatures are candidates;
    // each is joined to the first member of its bucket when their signatures agree, so a
    // catalogue with hundreds of copies of one text costs linear, not quadratic, work.
    let mut parent: Vec<usize> = (0..checked.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let mut buckets: HashMap<(usize, &[u32]), usize> = HashMap::new();
    for (i, r) in checked.iter().enumerate() {
        let Some(sig) = &r.minhash else { continue };
        for b in 0..BANDS {
            let first = *buckets
                .entry((b, &sig[b * ROWS..(b + 1) * ROWS]))
                .or_insert(i);
            if first != i
                && let Some(other) = &checked[first].minhash
                && similarity(sig, other) >= 0.8
            {
                let (x, y) = (root(&mut parent, i), root(&mut parent, first));
                parent[x] = y;
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..checked.len() {
        let g = root(&mut parent, i);
        groups.entry(g).or_default().push(i);
    }
    for members in groups.values().filter(|m| m.len() > 1) {
        for &i in members {
            let others = members
                .iter()
                .filter(|&&j| j != i)
                .map(|&j| checked[j].rel.as_str());
            out.push(CatalogueFinding {
                kind: "near_duplicate",
                path: checked[i].rel.clone(),
                detail: format!(
                    "与目录中另外 {} 份文件内容高度相似（估计相似度不低于 80%）",
                    members.len() - 1
                ),
                related: capped(others, members.len() - 1),
            });
        }
    }
    out.sort_by(|a, b| (a.kind, &a.path, &a.detail).cmp(&(b.kind, &b.path, &b.detail)));
    out.dedup();
    out
}

/// At most ten related paths (of `total`), so a file copied hundreds of times neither fills
/// the report nor the memory.
fn capped<'a>(items: impl Iterator<Item = &'a str>, total: usize) -> Vec<String> {
    let mut v: Vec<String> = items.take(10).map(str::to_string).collect();
    if total > v.len() {
        v.push(format!("……等另外 {} 份", total - v.len()));
    }
    v
}

fn cites_repealed(r: &Row, name: &str, by: &Row) -> CatalogueFinding {
    CatalogueFinding {
        kind: "cites_repealed",
        path: r.rel.clone(),
        detail: format!("引用的 {name} 已由目录中的《{}》废止", by.title),
        related: vec![by.rel.clone()],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minhash_sees_near_duplicates_and_not_strangers() {
        let a = "第一条 为了规范集贸市场经营秩序，保障消费者合法权益，根据有关法律法规，结合本市实际，制定本办法。第二条 本办法适用于本市行政区域内集贸市场的经营和管理活动。";
        let b = a.replace("本市", "本县");
        let c = "国务院关于支持自由贸易试验区深化改革创新若干措施的通知，各省、自治区、直辖市人民政府，国务院各部委、各直属机构：建设自由贸易试验区是党中央、国务院作出的重大决策。";
        let (sa, sb, sc) = (
            minhash(a).unwrap(),
            minhash(&b).unwrap(),
            minhash(c).unwrap(),
        );
        assert!(similarity(&sa, &sb) > 0.5, "{}", similarity(&sa, &sb));
        assert!(similarity(&sa, &sc) < 0.2);
        assert_eq!(decode_minhash(&encode_minhash(&sa)).unwrap(), sa);
    }
}
