//! Published cases as precedents: the defective lines of the case corpus
//! (corpus/cases/*.jsonl, `split: "dev"` only) embedded in the binary and indexed by
//! character bigrams, so a finding can name the closest case an authority or a court decided
//! (`precedents` in the JSON report), and a rule can list the cases it stands on.
//!
//! Only the dev split is indexed: the test split is kept for measuring, and a precedent taken
//! from it would put its lines into the outputs that are measured. Lawful look-alikes are
//! never precedents.
//!
//! Closeness is the cosine of TF-IDF weighted character bigrams (CJK, letters and digits;
//! punctuation and spaces dropped) between a sentence and one sentence of a case's quote
//! (a quote of several sentences scores by its closest sentence). An inverted index over
//! the bigrams keeps a lookup to the postings of the query's own bigrams.

use rustc_hash::FxHashMap as HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::schema::Category;

const NORMATIVE: &str = include_str!("../../corpus/cases/normative.jsonl");
const CONTRACTS: &str = include_str!("../../corpus/cases/contracts.jsonl");

/// The case files built into the binary, by name: (normative, contracts).
pub const EMBEDDED: [(&str, &str); 2] = [
    ("corpus/cases/normative.jsonl", NORMATIVE),
    ("corpus/cases/contracts.jsonl", CONTRACTS),
];

/// Similarity from which a finding names a published case of its category (measured on the
/// dev split, leave-one-document-out: see `fashen rules cases` and the README).
pub const PRECEDENT_FLOOR: f64 = 0.20;
/// Similarity from which a sentence no rule flagged is noted as close to a published case
/// (PRECEDENT-001): no lawful look-alike of the case corpus comes this close to a dev case.
pub const NEAR_FLOOR: f64 = 0.70;
/// At most this many precedents on one finding.
pub const MAX_PRECEDENTS: usize = 2;
/// Length (characters) of the authority's finding as a precedent carries it.
const FINDING_CHARS: usize = 80;

/// The closest published case of a finding's category, as the JSON report carries it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Precedent {
    /// Line id in corpus/cases/*.jsonl (N…, C…).
    pub id: String,
    /// The authority or court that decided the case.
    pub published_by: String,
    pub source_title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source_url: String,
    /// The authority's finding, shortened.
    pub finding: String,
    /// Cosine similarity (0 to 1) between the finding's sentence and the case's quote.
    pub similarity: f64,
}

impl Precedent {
    /// One line for the text report: 类似案例：<机关>《标题》认定：…
    pub fn line(&self) -> String {
        format!("类似案例：{}", self.summary())
    }

    /// <机关>《标题》认定：… (the memo puts its own label before it).
    pub fn summary(&self) -> String {
        let title = self
            .source_title
            .split('—')
            .next()
            .unwrap_or("")
            .trim()
            .trim_start_matches('《')
            .trim_end_matches('》');
        let title = shorten(title, 60);
        let finding = self.finding.trim_end_matches(['。', '；', '，']);
        if title.is_empty() {
            format!("{}认定：{finding}。", self.published_by)
        } else {
            format!("{}《{title}》认定：{finding}。", self.published_by)
        }
    }
}

/// One defective dev line of the case corpus.
#[derive(Debug, Clone)]
pub struct Entry {
    pub id: String,
    /// The reviewed document (lines of one document share it); empty when not given.
    pub doc_key: String,
    pub category: Category,
    pub quote: String,
    pub finding: String,
    pub published_by: String,
    pub source_title: String,
    pub source_url: String,
}

#[derive(Deserialize)]
struct RawLine {
    id: String,
    category: String,
    quote: String,
    #[serde(default)]
    finding: String,
    #[serde(default)]
    published_by: String,
    #[serde(default)]
    source_title: String,
    #[serde(default)]
    source_url: String,
    #[serde(default)]
    doc_key: String,
    split: String,
}

/// The characters that count: CJK, letters and digits (the common CJK block first: it is
/// nearly every character of a Chinese text).
fn kept(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || crate::chinese::is_alphanumeric(c)
}

/// Bigrams of the kept characters of `text`, with their counts, by bigram (a sorted list:
/// most sentences are scored once and dropped, so no hash map is built for them).
pub fn bigrams(text: &str) -> Vec<(u64, u32)> {
    let mut all = vec![];
    let mut prev: Option<char> = None;
    for c in text.chars().filter(|c| kept(*c)) {
        let c = if c.is_ascii() {
            c.to_ascii_lowercase()
        } else if !('\u{4e00}'..='\u{9fff}').contains(&c) {
            c.to_lowercase().next().unwrap_or(c)
        } else {
            c
        };
        if let Some(p) = prev {
            all.push(((p as u64) << 32) | c as u64);
        }
        prev = Some(c);
    }
    all.sort_unstable();
    let mut out: Vec<(u64, u32)> = Vec::with_capacity(all.len());
    for k in all {
        match out.last_mut() {
            Some((last, n)) if *last == k => *n += 1,
            _ => out.push((k, 1)),
        }
    }
    out
}

/// Sentences of a quote: split at 。！？； and line breaks; pieces under 6 kept characters
/// join the next one.
fn segments(quote: &str) -> Vec<String> {
    let mut out = vec![];
    let mut cur = String::new();
    for c in quote.chars() {
        cur.push(c);
        if matches!(c, '。' | '！' | '？' | '；' | '\n' | ';')
            && cur.chars().filter(|c| kept(*c)).count() >= 6
        {
            out.push(std::mem::take(&mut cur));
        }
    }
    if cur.chars().filter(|c| kept(*c)).count() >= 2 {
        out.push(cur);
    } else if let Some(last) = out.last_mut() {
        last.push_str(&cur);
    }
    out
}

/// A bigram of the index: its idf and, per segment holding it, its weight in the segment's
/// unit vector.
struct Term {
    idf: f32,
    postings: Vec<(u32, f32)>,
}

/// The inverted index over the segments of the entries.
pub struct Index {
    pub entries: Vec<Entry>,
    /// Entry of each segment.
    seg_entry: Vec<u32>,
    /// bigram → its idf and postings (one lookup per query bigram).
    terms: HashMap<u64, Term>,
    /// Weight of a bigram no segment has.
    unseen_idf: f32,
}

fn tf(n: u32) -> f32 {
    1.0 + (n as f32).ln()
}

impl Index {
    /// Indexes the defective `dev` lines of the given JSONL texts (others are skipped, as
    /// are lines whose category no rule can report).
    pub fn build(texts: &[&str]) -> Self {
        let mut entries = vec![];
        for text in texts {
            for l in text.lines().filter(|l| !l.trim().is_empty()) {
                let Ok(raw) = serde_json::from_str::<RawLine>(l) else {
                    continue;
                };
                if raw.split != "dev" || raw.category == "lawful" {
                    continue;
                }
                let Ok(category) =
                    serde_json::from_value::<Category>(serde_json::Value::String(raw.category))
                else {
                    continue;
                };
                entries.push(Entry {
                    id: raw.id,
                    doc_key: raw.doc_key,
                    category,
                    quote: raw.quote,
                    finding: raw.finding,
                    published_by: raw.published_by,
                    source_title: raw.source_title,
                    source_url: raw.source_url,
                });
            }
        }
        let mut seg_entry = vec![];
        let mut seg_grams: Vec<Vec<(u64, u32)>> = vec![];
        for (i, e) in entries.iter().enumerate() {
            for s in segments(&e.quote) {
                let g = bigrams(&s);
                if g.is_empty() {
                    continue;
                }
                seg_entry.push(i as u32);
                seg_grams.push(g);
            }
        }
        let n = seg_grams.len() as f32;
        let mut df: HashMap<u64, u32> = HashMap::default();
        for g in &seg_grams {
            for (k, _) in g {
                *df.entry(*k).or_insert(0) += 1;
            }
        }
        let mut terms: HashMap<u64, Term> = df
            .into_iter()
            .map(|(k, d)| {
                let idf = ((n + 1.0) / (d as f32 + 1.0)).ln() + 1.0;
                (
                    k,
                    Term {
                        idf,
                        postings: vec![],
                    },
                )
            })
            .collect();
        for (s, g) in seg_grams.iter().enumerate() {
            let w: Vec<(u64, f32)> = g.iter().map(|(k, c)| (*k, tf(*c) * terms[k].idf)).collect();
            let norm = w.iter().map(|(_, x)| x * x).sum::<f32>().sqrt();
            for (k, x) in w {
                if let Some(t) = terms.get_mut(&k) {
                    t.postings.push((s as u32, x / norm));
                }
            }
        }
        Index {
            entries,
            seg_entry,
            terms,
            unseen_idf: (n + 1.0).ln() + 1.0,
        }
    }

    /// Per entry touched by `text`'s bigrams: its best segment's cosine. None when no entry
    /// can reach `floor`: the cosine is at most the share of the sentence's weight that
    /// falls on bigrams some case has, so most sentences of a long law end here unread.
    fn scores(&self, text: &str, floor: f64) -> Vec<(usize, f64)> {
        let g = bigrams(text);
        if g.is_empty() {
            return vec![];
        }
        let w: Vec<(Option<&Term>, f32)> = g
            .iter()
            .map(|(k, c)| {
                let term = self.terms.get(k);
                (term, tf(*c) * term.map_or(self.unseen_idf, |t| t.idf))
            })
            .collect();
        let norm = w.iter().map(|(_, x)| x * x).sum::<f32>().sqrt();
        let known = w
            .iter()
            .filter(|(t, _)| t.is_some())
            .map(|(_, x)| x * x)
            .sum::<f32>()
            .sqrt();
        if f64::from(known / norm) < floor {
            return vec![];
        }
        // Dense accumulators (a few hundred segments and entries): a hash map per posting
        // was most of the cost of a lookup.
        let mut acc = vec![0f32; self.seg_entry.len()];
        let mut touched: Vec<u32> = vec![];
        for (term, x) in &w {
            if let Some(t) = term {
                for (s, y) in &t.postings {
                    let a = &mut acc[*s as usize];
                    if *a == 0.0 {
                        touched.push(*s);
                    }
                    *a += x * y;
                }
            }
        }
        let mut best = vec![0f32; self.entries.len()];
        let mut entries: Vec<usize> = vec![];
        for s in touched {
            let e = self.seg_entry[s as usize] as usize;
            let v = acc[s as usize];
            if best[e] == 0.0 {
                entries.push(e);
            }
            if v > best[e] {
                best[e] = v;
            }
        }
        entries
            .into_iter()
            .map(|e| (e, f64::from(best[e] / norm).min(1.0)))
            .collect()
    }

    /// Entries by similarity to `text` (highest first), each with its best segment's cosine;
    /// only entries sharing a bigram with `text`, and only those `keep` accepts.
    pub fn nearest(&self, text: &str, keep: impl Fn(&Entry) -> bool) -> Vec<(usize, f64)> {
        self.nearest_above(text, 0.0, keep)
    }

    /// [`Index::nearest`] at `floor` or above.
    pub fn nearest_above(
        &self,
        text: &str,
        floor: f64,
        keep: impl Fn(&Entry) -> bool,
    ) -> Vec<(usize, f64)> {
        let mut out: Vec<(usize, f64)> = self
            .scores(text, floor)
            .into_iter()
            .filter(|(e, s)| *s >= floor && keep(&self.entries[*e]))
            .collect();
        out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        out
    }

    /// The closest entry to `text` at `floor` or above that `keep` accepts (the first of
    /// [`Index::nearest_above`]).
    pub fn closest(
        &self,
        text: &str,
        floor: f64,
        keep: impl Fn(&Entry) -> bool,
    ) -> Option<(usize, f64)> {
        self.scores(text, floor)
            .into_iter()
            .filter(|(e, s)| *s >= floor && keep(&self.entries[*e]))
            .min_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)))
    }

    /// The precedents of a finding of `category` about `sentence`: up to [`MAX_PRECEDENTS`]
    /// cases of that category at [`PRECEDENT_FLOOR`] or above, none of `exclude`.
    pub fn precedents(
        &self,
        sentence: &str,
        category: Category,
        exclude: &Exclude,
    ) -> Vec<Precedent> {
        self.nearest_above(sentence, PRECEDENT_FLOOR, |e| {
            e.category == category && !exclude.excludes(e)
        })
        .into_iter()
        .take(MAX_PRECEDENTS)
        .map(|(i, s)| self.precedent(i, s))
        .collect()
    }

    pub fn precedent(&self, i: usize, similarity: f64) -> Precedent {
        let e = &self.entries[i];
        Precedent {
            id: e.id.clone(),
            published_by: e.published_by.clone(),
            source_title: e.source_title.clone(),
            source_url: e.source_url.clone(),
            finding: shorten(e.finding.trim(), FINDING_CHARS),
            similarity: (similarity * 100.0).round() / 100.0,
        }
    }
}

/// Cases a lookup must not return: the case under review itself, when a case of the corpus
/// is reviewed (`fashen rules cases`), so that it does not find itself.
#[derive(Debug, Clone, Default)]
pub struct Exclude {
    pub id: Option<String>,
    pub doc_key: Option<String>,
    /// Other lines recording the same provision (see [`duplicates`]).
    pub duplicates: Vec<String>,
}

impl Exclude {
    pub fn excludes(&self, e: &Entry) -> bool {
        self.id.as_deref() == Some(e.id.as_str())
            || (!e.doc_key.is_empty() && self.doc_key.as_deref() == Some(e.doc_key.as_str()))
            || self.duplicates.contains(&e.id)
    }
}

/// Similarity at which two case lines record the same provision: the two case files were
/// split into dev and test each on its own, so one provision published by two authorities
/// can sit in dev in one file and in test in the other (C051 and N077).
pub const DUPLICATE_FLOOR: f64 = 0.80;

/// The ids of the indexed lines that record the same provision as `quote`: a test case
/// must not be found through its own twin in dev.
pub fn duplicates(quote: &str) -> Vec<String> {
    let ix = index();
    ix.nearest_above(quote, DUPLICATE_FLOOR, |_| true)
        .into_iter()
        .map(|(i, _)| ix.entries[i].id.clone())
        .collect()
}

/// `s` cut to `n` characters, with … when cut.
pub fn shorten(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n).collect();
        t.push('…');
        t
    }
}

/// The index of the shipped case corpus, built on first use.
pub fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| Index::build(&[NORMATIVE, CONTRACTS]))
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINES: &str = r#"{"id":"N1","category":"restricts_competition","quote":"本地企业优先参与政府采购项目。","finding":"限定本地企业","published_by":"某市场监管局","source_title":"通报","split":"dev"}
{"id":"N2","category":"restricts_competition","quote":"外地企业须在本市设立分支机构。","finding":"设立分支机构","published_by":"某局","source_title":"通报","split":"test"}
{"id":"N3","category":"lawful","quote":"本地企业优先参与政府采购项目。","finding":"","split":"dev"}
{"id":"N4","category":"sets_fee","quote":"收取管理费每年五百元。","finding":"违规收费","published_by":"某局","source_title":"通报","split":"dev","doc_key":"k1"}
{"id":"N5","category":"unclassified","quote":"其他。","split":"dev"}"#;

    #[test]
    fn only_defective_dev_lines_with_a_category_are_indexed() {
        let ix = Index::build(&[LINES]);
        let ids: Vec<&str> = ix.entries.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["N1", "N4"]);
    }

    #[test]
    fn bigrams_drop_punctuation_and_count() {
        let g = bigrams("本地，本地");
        assert_eq!(g.len(), 2); // 本地 ×2, 地本 ×1
        assert!(g.contains(&((('本' as u64) << 32) | '地' as u64, 2)));
        assert!(bigrams("，。").is_empty());
        assert!(bigrams("本").is_empty());
    }

    #[test]
    fn identical_text_scores_one_and_unrelated_text_nothing() {
        let ix = Index::build(&[LINES]);
        let r = ix.nearest("本地企业优先参与政府采购项目", |_| true);
        assert_eq!(r[0].0, 0);
        assert_eq!(
            ix.closest("本地企业优先参与政府采购项目", 0.5, |_| true),
            Some(r[0])
        );
        // Mostly words no case has: pruned before any posting is read.
        assert_eq!(
            ix.closest("本地企业天气晴朗阳光明媚万里无云", 0.7, |_| true),
            None
        );
        assert!((r[0].1 - 1.0).abs() < 1e-4, "{r:?}");
        assert!(ix.nearest("天气晴朗", |_| true).is_empty());
        let partial = ix.nearest("本地企业优先", |_| true);
        assert!(partial[0].1 > 0.3 && partial[0].1 < 1.0, "{partial:?}");
    }

    #[test]
    fn a_quote_scores_by_its_closest_sentence() {
        let ix = Index::build(&[
            r#"{"id":"N9","category":"sets_fee","quote":"第一句讲的是别的事情。收取管理费每年五百元。","finding":"x","split":"dev"}"#,
        ]);
        let r = ix.nearest("收取管理费每年五百元", |_| true);
        assert!((r[0].1 - 1.0).abs() < 1e-4, "{r:?}");
    }

    #[test]
    fn precedents_keep_to_the_category_the_floor_and_the_exclusions() {
        let ix = Index::build(&[LINES]);
        let p = ix.precedents(
            "收取管理费每年五百元",
            Category::SetsFee,
            &Exclude::default(),
        );
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].id, "N4");
        assert_eq!(p[0].similarity, 1.0);
        assert!(
            ix.precedents(
                "收取管理费每年五百元",
                Category::SetsLicence,
                &Exclude::default()
            )
            .is_empty()
        );
        let same_doc = Exclude {
            id: Some("N0".into()),
            doc_key: Some("k1".into()),
            duplicates: vec![],
        };
        assert!(
            ix.precedents("收取管理费每年五百元", Category::SetsFee, &same_doc)
                .is_empty()
        );
        assert!(
            ix.precedents("天气晴朗阳光明媚", Category::SetsFee, &Exclude::default())
                .is_empty()
        );
    }

    #[test]
    fn the_shipped_index_holds_dev_lines_only() {
        let test_ids: Vec<String> = [NORMATIVE, CONTRACTS]
            .iter()
            .flat_map(|t| t.lines())
            .filter_map(|l| serde_json::from_str::<RawLine>(l).ok())
            .filter(|r| r.split != "dev" || r.category == "lawful")
            .map(|r| r.id)
            .collect();
        let ix = index();
        assert!(ix.entries.len() > 250, "{}", ix.entries.len());
        for e in &ix.entries {
            assert!(
                !test_ids.contains(&e.id),
                "{} is not a defective dev line",
                e.id
            );
        }
    }

    #[test]
    fn a_precedent_line_names_authority_title_and_finding() {
        let p = Precedent {
            id: "N1".into(),
            published_by: "国家发展和改革委员会".into(),
            source_title: "关于违背市场准入负面清单典型案例的通报（第1期） — 某地问题".into(),
            source_url: String::new(),
            finding: "违规设置准入条件。".into(),
            similarity: 0.5,
        };
        assert_eq!(
            p.line(),
            "类似案例：国家发展和改革委员会《关于违背市场准入负面清单典型案例的通报（第1期）》认定：违规设置准入条件。"
        );
    }
}
