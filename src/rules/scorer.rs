//! The learned scorer behind PRECEDENT-002: a multinomial logistic regression over TF-IDF
//! weighted character bigrams and trigrams, trained by `scripts/train_scorer.py` on the dev
//! split of the published cases, the labelled paraphrases and the lawful documents of
//! `corpus/lawful` (never on the test split). The model is data (`rules/data/scorer.tsv`,
//! built into the binary); this module only reads it and scores sentences the same way
//! scikit-learn does, which `tests/scorer.rs` checks against probabilities scikit-learn wrote.
//!
//! Why a model beside the rules: the rules match the words they were written from; the
//! published cases show that a reworded violation keeps its company (本地…奖励, 指定…供货,
//! …兜底) even when no pattern has its words. The scorer only notes (`info`), never finds.

use std::sync::OnceLock;

use rustc_hash::FxHashMap as HashMap;
use thiserror::Error;

use super::schema::Category;

const MODEL: &str = include_str!("../../rules/data/scorer.tsv");

/// Why a model file could not be read.
#[derive(Debug, Error)]
pub enum ScorerError {
    #[error("scorer.tsv line {line}: {what}")]
    Line { line: usize, what: String },
    #[error("scorer.tsv: missing `{0}` line")]
    Missing(&'static str),
    #[error("scorer.tsv: {0} classes, at most {MAX_CLASSES}")]
    TooManyClasses(usize),
}

/// The most classes a model may have (the shipped one has 17: `lawful` and 16 categories).
pub const MAX_CLASSES: usize = 20;

/// A read model: n-gram → row, its idf and one weight per class. A row's weights are read
/// from the model text the first time a sentence uses the row: reading all 500,000 numbers
/// took 16 ms of every start-up, and a document touches a few thousand rows.
#[derive(Debug)]
pub struct Scorer<'a> {
    /// sha256 of the training inputs (see scripts/train_scorer.py `digest`).
    pub inputs: String,
    /// Probability of a defect class from which PRECEDENT-002 notes a sentence.
    pub threshold: f64,
    /// Class names as trained (`lawful` and categories).
    pub classes: Vec<String>,
    categories: Vec<Option<Category>>,
    lawful: usize,
    intercept: Vec<f64>,
    rows: HashMap<u64, u32>,
    idf: Vec<f64>,
    /// Per row: its weights as text (tab-separated) and, once read, as numbers. Stored inline
    /// (not boxed): scoring is bound by memory latency, one cache miss per row instead of
    /// three (the lock, the box pointer, the numbers).
    weight_text: Vec<&'a str>,
    weights: Box<[OnceLock<[f32; MAX_CLASSES]>]>,
}

/// What the scorer makes of one sentence.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Score {
    /// Probability that the sentence is lawful text.
    pub lawful: f64,
    /// The most likely defect class (`None` when the class is no category fashen reports).
    pub category: Option<Category>,
}

impl Score {
    /// Probability of any defect class.
    pub fn defect(&self) -> f64 {
        1.0 - self.lawful
    }
}

/// Per-thread buffers of [`Scorer::score_chars`]: `counts` is all zeros between calls.
#[derive(Default)]
struct Scratch {
    counts: Vec<u32>,
    touched: Vec<u32>,
    values: Vec<f64>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

/// The model built into the binary, read once.
pub fn shipped() -> &'static Scorer<'static> {
    static SCORER: OnceLock<Scorer<'static>> = OnceLock::new();
    SCORER.get_or_init(|| Scorer::parse(MODEL).expect("rules/data/scorer.tsv is valid"))
}

/// The characters the model reads: lower case, every digit as 0, letters and digits only
/// (Python's `str.isalnum`, which `char::is_alphanumeric` matches for Chinese text).
pub fn normalise(text: &str) -> Vec<char> {
    let mut out = Vec::with_capacity(text.len() / 3);
    for c in text.chars() {
        // Most characters are common ideographs: no case, alphabetic; skip the table lookups.
        if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
            out.push(c);
            continue;
        }
        for c in c.to_lowercase() {
            push_normalised(&mut out, c);
        }
    }
    out
}

/// One lower-cased character: digits as 0, kept only if a letter or digit.
fn push_normalised(out: &mut Vec<char>, c: char) {
    let c = if c.is_ascii_digit() || ('０'..='９').contains(&c) {
        '0'
    } else {
        c
    };
    if crate::chinese::is_alphanumeric(c) {
        out.push(c);
    }
}

/// One key per bigram or trigram: three 21-bit code points; a bigram sets bit 63.
fn key(chars: &[char]) -> u64 {
    match chars {
        [a, b] => (1 << 63) | ((*a as u64) << 21) | *b as u64,
        [a, b, c] => ((*a as u64) << 42) | ((*b as u64) << 21) | *c as u64,
        _ => unreachable!("bigrams and trigrams only"),
    }
}

impl<'a> Scorer<'a> {
    /// Reads a model; a row's weights are counted here and read on first use.
    pub fn parse(text: &'a str) -> Result<Scorer<'a>, ScorerError> {
        let mut inputs = None;
        let mut threshold = None;
        let mut classes: Option<Vec<String>> = None;
        let mut intercept = None;
        // A row is about 150 bytes of text.
        let capacity = text.len() / 150;
        let mut rows = HashMap::with_capacity_and_hasher(capacity, Default::default());
        let mut idf = Vec::with_capacity(capacity);
        let mut weight_text = Vec::with_capacity(capacity);
        let bad = |line: usize, what: &str| ScorerError::Line {
            line,
            what: what.to_string(),
        };
        let float = |line: usize, s: &str| s.parse::<f64>().map_err(|_| bad(line, "not a number"));
        for (i, l) in text.lines().enumerate() {
            let line = i + 1;
            if l.starts_with('#') || l.is_empty() {
                continue;
            }
            let mut fields = l.splitn(3, '\t');
            let head = fields.next().unwrap_or_default();
            match head {
                "inputs" => inputs = fields.next().map(str::to_string),
                "threshold" => threshold = Some(float(line, fields.next().unwrap_or_default())?),
                "classes" => classes = Some(l.split('\t').skip(1).map(str::to_string).collect()),
                "intercept" => {
                    intercept = Some(
                        l.split('\t')
                            .skip(1)
                            .map(|f| float(line, f))
                            .collect::<Result<Vec<_>, _>>()?,
                    )
                }
                gram => {
                    let n = classes
                        .as_ref()
                        .ok_or(ScorerError::Missing("classes"))?
                        .len();
                    // Most of the start-up of a one-file check is here (33,000 rows): no
                    // allocation per row.
                    let mut chars = ['\0'; 3];
                    let mut len = 0;
                    for c in gram.chars() {
                        if len == 3 {
                            len = 4;
                            break;
                        }
                        chars[len] = c;
                        len += 1;
                    }
                    if !(2..=3).contains(&len) {
                        return Err(bad(line, "an n-gram must have 2 or 3 characters"));
                    }
                    idf.push(float(line, fields.next().unwrap_or_default())?);
                    let w = fields.next().unwrap_or_default();
                    if w.bytes().filter(|&b| b == b'\t').count() + 1 != n {
                        return Err(bad(line, "one weight per class expected"));
                    }
                    weight_text.push(w);
                    rows.insert(key(&chars[..len]), (idf.len() - 1) as u32);
                }
            }
        }
        let classes = classes.ok_or(ScorerError::Missing("classes"))?;
        if classes.len() > MAX_CLASSES {
            return Err(ScorerError::TooManyClasses(classes.len()));
        }
        let intercept = intercept.ok_or(ScorerError::Missing("intercept"))?;
        if intercept.len() != classes.len() {
            return Err(ScorerError::Missing("intercept (one per class)"));
        }
        let lawful = classes
            .iter()
            .position(|c| c == "lawful")
            .ok_or(ScorerError::Missing("classes (with `lawful`)"))?;
        let categories = classes.iter().map(|c| Category::parse(c)).collect();
        Ok(Scorer {
            inputs: inputs.ok_or(ScorerError::Missing("inputs"))?,
            threshold: threshold.ok_or(ScorerError::Missing("threshold"))?,
            classes,
            categories,
            lawful,
            intercept,
            rows,
            idf,
            weights: (0..weight_text.len()).map(|_| OnceLock::new()).collect(),
            weight_text,
        })
    }

    /// The weights of `row`, one per class (a number that does not read is 0: every row of
    /// the shipped model reads, which [`Scorer::check_all_rows`] tests).
    fn row_weights(&self, row: usize) -> &[f32; MAX_CLASSES] {
        self.weights[row].get_or_init(|| {
            let mut w = [0.0; MAX_CLASSES];
            for (slot, f) in w.iter_mut().zip(self.weight_text[row].split('\t')) {
                *slot = f.parse::<f32>().unwrap_or(0.0);
            }
            w
        })
    }

    /// Line numbers (counting model rows from 1) of rows whose weights do not all read.
    pub fn check_all_rows(&self) -> Vec<usize> {
        (0..self.weight_text.len())
            .filter(|&r| {
                self.weight_text[r]
                    .split('\t')
                    .any(|f| f.parse::<f32>().is_err())
            })
            .map(|r| r + 1)
            .collect()
    }

    /// Scores one sentence; `None` when none of its n-grams is known.
    pub fn score(&self, text: &str) -> Option<Score> {
        self.score_chars(&normalise(text))
    }

    /// [`Scorer::score`] on text already [`normalise`]d.
    pub fn score_chars(&self, chars: &[char]) -> Option<Score> {
        SCRATCH.with_borrow_mut(|scratch| self.score_with(chars, scratch))
    }

    fn score_with(&self, chars: &[char], scratch: &mut Scratch) -> Option<Score> {
        // Term counts per known n-gram row: a count per row (zero outside this call) and the
        // rows in order of first use. Sorting the rows to count runs cost as much as the
        // lookups themselves.
        if scratch.counts.len() < self.idf.len() {
            scratch.counts.resize(self.idf.len(), 0);
        }
        // All zero between calls: a count left behind would change the next sentence's score.
        debug_assert!(scratch.counts.iter().all(|&c| c == 0));
        scratch.touched.clear();
        scratch.values.clear();
        let mut count = |row: u32| {
            let c = &mut scratch.counts[row as usize];
            if *c == 0 {
                scratch.touched.push(row);
            }
            *c = c.saturating_add(1);
        };
        for (i, w) in chars.windows(2).enumerate() {
            // A trigram is known only if its leading bigram is: the trainer's min_df counts
            // documents, and every document holding `abc` holds `ab`.
            let Some(&row) = self.rows.get(&key(w)) else {
                continue;
            };
            count(row);
            if let Some(tri) = chars.get(i..i + 3)
                && let Some(&row) = self.rows.get(&key(tri))
            {
                count(row);
            }
        }
        if scratch.touched.is_empty() {
            return None;
        }
        // Summed in row order, as before the scratch counts: the same floating-point sums.
        scratch.touched.sort_unstable();
        let mut norm = 0.0;
        for &row in &scratch.touched {
            let n = std::mem::take(&mut scratch.counts[row as usize]);
            // Most n-grams occur once in a sentence: 1 + ln 1 is exactly 1, without the call.
            let tf = if n == 1 { 1.0 } else { 1.0 + f64::from(n).ln() };
            let v = tf * self.idf[row as usize];
            norm += v * v;
            scratch.values.push(v);
        }
        let norm = norm.sqrt();
        // All MAX_CLASSES lanes (unused ones are 0): a fixed width the compiler vectorises.
        let mut z = [0.0f64; MAX_CLASSES];
        z[..self.intercept.len()].copy_from_slice(&self.intercept);
        for (&row, v) in scratch.touched.iter().zip(scratch.values.drain(..)) {
            let w = self.row_weights(row as usize);
            let v = v / norm;
            for (zc, wc) in z.iter_mut().zip(w) {
                *zc += v * f64::from(*wc);
            }
        }
        let z = &z[..self.classes.len()];
        let max = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let mut exp = [0.0f64; MAX_CLASSES];
        for (e, v) in exp.iter_mut().zip(z) {
            *e = (v - max).exp();
        }
        let exp = &exp[..z.len()];
        let sum: f64 = exp.iter().sum();
        let (best, _) = exp
            .iter()
            .enumerate()
            .filter(|(c, _)| *c != self.lawful)
            .max_by(|a, b| a.1.total_cmp(b.1))?;
        Some(Score {
            lawful: exp[self.lawful] / sum,
            category: self.categories[best],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_scores_the_same_whatever_was_scored_before() {
        let m = shipped();
        let a = "凡在本区注册并纳税的物流企业，按其年度纳税额的百分之三十给予奖励。";
        let b = "各乡镇要加强对辖区内集贸市场的日常巡查，发现问题及时报告。";
        let first = m.score(a);
        let _ = m.score(b);
        assert_eq!(m.score(a), first);
        assert_eq!(m.score(&a.repeat(3)), m.score(&a.repeat(3)));
    }

    #[test]
    fn normalises_like_the_trainer() {
        let s: String = normalise("第１２条　ＡＢ公司（2025年）：")
            .into_iter()
            .collect();
        assert_eq!(s, "第00条ａｂ公司0000年"); // as Python: full-width letters stay full-width
    }

    #[test]
    fn shipped_model_reads_and_knows_lawful() {
        let m = shipped();
        assert!(m.classes.iter().any(|c| c == "lawful"));
        assert!(m.threshold > 0.5 && m.threshold < 1.0);
        assert_eq!(m.check_all_rows(), Vec::<usize>::new());
        // Every class but `lawful` is a category fashen reports.
        for (c, cat) in m.classes.iter().zip(&m.categories) {
            assert!(c == "lawful" || cat.is_some(), "unknown class {c}");
        }
    }

    #[test]
    fn rejects_a_malformed_model() {
        let text = "inputs\tx\nthreshold\t0.9\nclasses\tlawful\tsets_fee\nintercept\t0\t0\n收费\t1.0\t0.1\n";
        assert!(matches!(
            Scorer::parse(text),
            Err(ScorerError::Line { line: 5, .. })
        ));
        let text = "inputs\tx\nthreshold\t0.9\nclasses\tlawful\tsets_fee\nintercept\t0\t0\n收费\t1.0\t0.1\t-0.1\n";
        let m = Scorer::parse(text).unwrap();
        let s = m.score("收费标准").unwrap();
        assert!(s.defect() < 0.5 && s.category == Some(Category::SetsFee));
        assert!(m.score("无关").is_none());
    }
}
