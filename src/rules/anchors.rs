//! Literal anchors of rule patterns: for each pattern, a set of words of which every match
//! contains at least one. A rule's keywords say where to look; its patterns are many and
//! long (concept alternations with gaps), and a keyword such as 由 or 项目 is in most
//! sentences. Running only the patterns whose anchor is in the sentence gives the same
//! matches at a fraction of the cost, since a pattern cannot match without its anchor.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, MatchKind};
use regex_syntax::hir::{Class, Hir, HirKind};

/// Small classes (为|是 parses as the class [为是]) are expanded into their characters;
/// wider ones (\d, [^。]) anchor nothing.
const MAX_CLASS_CHARS: u32 = 16;

/// The literal words of which every match of `pattern` contains one, or None when the
/// pattern can match without any fixed word (or does not parse: it then always runs, and
/// its compile error is reported where it is compiled).
pub fn anchors(pattern: &str) -> Option<Vec<String>> {
    all_anchors(pattern)
        .into_iter()
        .max_by_key(|set| selectivity(set))
}

/// Every set of words of which each match contains one word: a match contains a word of
/// each set. Empty when nothing is required.
pub fn all_anchors(pattern: &str) -> Vec<Vec<String>> {
    skeleton_anchors(pattern, &[])
}

/// In a pattern skeleton, code point `CONCEPT_BASE + i` stands for concept i of the
/// vocabulary. Concept alternations are most of the text of the shipped patterns (≈ 400 KB
/// expanded): parsing each concept once and the short skeletons instead of every expanded
/// pattern takes the anchor index from most of a one-file check's start-up to a fraction.
pub const CONCEPT_BASE: u32 = 0xF0000;

/// How many concepts placeholders can stand for (the plane-15 private-use code points).
pub const MAX_CONCEPTS: usize = 0xFFFE;

/// The placeholder of concept `i` in a skeleton.
pub fn concept_char(i: usize) -> char {
    char::from_u32(CONCEPT_BASE + i as u32).expect("fewer concepts than private-use code points")
}

fn concept_index(c: char) -> Option<usize> {
    (c as u32)
        .checked_sub(CONCEPT_BASE)
        .filter(|&i| (i as usize) < MAX_CONCEPTS)
        .map(|i| i as usize)
}

/// What the anchor index knows of a concept a placeholder stands for.
#[derive(Debug, Clone, Default)]
pub struct ConceptShape {
    /// The word sets every match of the concept's alternation meets (see [`all_anchors`]),
    /// kept whole: single characters are dropped only once the whole pattern is known.
    pub sets: Vec<Vec<String>>,
    /// The longest match in bytes (None: unbounded or unknown).
    pub max_len: Option<usize>,
}

/// The [`ConceptShape`] of a concept's alternation.
pub fn concept_anchors(alternation: &str) -> ConceptShape {
    let Ok(hir) = regex_syntax::Parser::new().parse(alternation) else {
        return ConceptShape::default();
    };
    ConceptShape {
        sets: tidy(required(&hir, &[])),
        max_len: max_len(&hir, &[]),
    }
}

/// [`all_anchors`] of a skeleton whose placeholders stand for `concepts` (each concept's
/// [`concept_anchors`]).
pub fn skeleton_anchors(skeleton: &str, concepts: &[ConceptShape]) -> Vec<Vec<String>> {
    skeleton_shape(skeleton, concepts).0
}

/// [`skeleton_anchors`] and the pattern read as a sequence of [`parts`].
fn skeleton_shape(skeleton: &str, concepts: &[ConceptShape]) -> Shape {
    // The parser folds an alternation of single characters into a class, and classes into
    // wider ones: {甲}|x|y… or (?:{甲}|{乙})|[^。] would read as one character of a class, as
    // long as the other branches' (a gap's) characters. A group keeps each placeholder a
    // part of its own (a concept inside a class [...] is refused when patterns are expanded).
    let grouped: String;
    let skeleton = if skeleton.chars().any(|c| concept_index(c).is_some()) {
        grouped = skeleton
            .chars()
            .map(|c| match concept_index(c) {
                Some(_) => format!("({c})"),
                None => c.to_string(),
            })
            .collect();
        &grouped
    } else {
        skeleton
    };
    let Ok(hir) = regex_syntax::Parser::new().parse(skeleton) else {
        return (vec![], None);
    };
    let mut ps = vec![];
    parts(&hir, concepts, &mut ps);
    let kept = kept_sets(ps.iter().flat_map(|(sets, _)| sets));
    let chain = chain(&ps, |set| {
        kept.iter()
            .position(|k| k.as_slice() == set)
            .map(|i| i as u32)
    });
    (kept, chain)
}

/// The sets worth an anchor among `sets` (each already tidy: sorted, no repeats).
fn kept_sets<'a>(sets: impl Iterator<Item = &'a Vec<String>>) -> Vec<Vec<String>> {
    let mut sets: Vec<&Vec<String>> = sets.collect();
    sets.sort();
    sets.dedup();
    // Single characters (由, 为, 在) are in nearly every sentence: they filter little and
    // are most of the automaton's hits. Kept only when nothing longer is required.
    if sets.iter().any(|s| selectivity(s).0 >= 2) {
        sets.retain(|s| selectivity(s).0 >= 2);
    }
    sets.into_iter().cloned().collect()
}

fn tidy(mut sets: Vec<Vec<String>>) -> Vec<Vec<String>> {
    for set in &mut sets {
        set.sort();
        set.dedup();
    }
    sets.sort();
    sets.dedup();
    sets
}

/// A piece of a skeleton literal: adjacent literals parse as one, so the text between
/// placeholders is a word and each placeholder stands for its concept.
enum Piece<'a> {
    Word(&'a str),
    Concept(usize),
}

fn pieces(literal: &str) -> Vec<Piece<'_>> {
    let mut out = vec![];
    let mut start = 0;
    for (i, c) in literal.char_indices() {
        if let Some(k) = concept_index(c) {
            if start < i {
                out.push(Piece::Word(&literal[start..i]));
            }
            out.push(Piece::Concept(k));
            start = i + c.len_utf8();
        }
    }
    if start < literal.len() {
        out.push(Piece::Word(&literal[start..]));
    }
    out
}

/// A conjunction of word sets (each set a disjunction) every match satisfies.
fn required(h: &Hir, concepts: &[ConceptShape]) -> Vec<Vec<String>> {
    let concept = |i: usize| concepts.get(i).map(|c| c.sets.clone()).unwrap_or_default();
    match h.kind() {
        HirKind::Empty | HirKind::Look(_) => vec![],
        HirKind::Literal(l) => match std::str::from_utf8(&l.0) {
            Ok(w) => pieces(w)
                .into_iter()
                .flat_map(|p| match p {
                    Piece::Word(word) => vec![vec![word.to_string()]],
                    Piece::Concept(i) => concept(i),
                })
                .collect(),
            Err(_) => vec![],
        },
        HirKind::Class(Class::Unicode(c)) => {
            let n = class_size(c);
            if n == 0 || n > MAX_CLASS_CHARS {
                return vec![];
            }
            // {甲}|{乙} of one-placeholder branches parses as a class of placeholders: an
            // alternation of concepts.
            let mut out = vec![];
            for ch in c.ranges().iter().flat_map(|r| r.start()..=r.end()) {
                match concept_index(ch) {
                    Some(i) => match concept(i).into_iter().max_by_key(|s| selectivity(s)) {
                        Some(best) => out.extend(best),
                        None => return vec![],
                    },
                    None => out.push(String::from(ch)),
                }
            }
            vec![out]
        }
        HirKind::Class(Class::Bytes(_)) => vec![],
        HirKind::Repetition(r) if r.min >= 1 => required(&r.sub, concepts),
        HirKind::Repetition(_) => vec![],
        HirKind::Capture(c) => required(&c.sub, concepts),
        HirKind::Concat(parts) => parts.iter().flat_map(|p| required(p, concepts)).collect(),
        // (A and B) or (C and D) needs at least one word of the union of one set per
        // branch; the rarest set of each branch is kept.
        HirKind::Alternation(alts) => {
            let mut out = vec![];
            for a in alts {
                match required(a, concepts)
                    .into_iter()
                    .max_by_key(|s| selectivity(s))
                {
                    Some(best) => out.extend(best),
                    None => return vec![],
                }
            }
            vec![out]
        }
    }
}

/// The longest match of `h` in bytes, placeholders standing for their concepts; None when
/// unbounded (or a placeholder's concept is).
fn max_len(h: &Hir, concepts: &[ConceptShape]) -> Option<usize> {
    let char_len = |c: char| match concept_index(c) {
        Some(i) => concepts.get(i).and_then(|c| c.max_len),
        None => Some(c.len_utf8()),
    };
    match h.kind() {
        HirKind::Empty | HirKind::Look(_) => Some(0),
        HirKind::Literal(l) => match std::str::from_utf8(&l.0) {
            Ok(w) => w.chars().map(char_len).sum(),
            Err(_) => Some(l.0.len()),
        },
        HirKind::Class(Class::Unicode(c)) => {
            if class_size(c) <= MAX_CLASS_CHARS {
                // A small class may be an alternation of one-placeholder branches.
                c.ranges()
                    .iter()
                    .flat_map(|r| r.start()..=r.end())
                    .map(char_len)
                    .try_fold(0, |m, l| l.map(|l| m.max(l)))
            } else {
                // [^。] stands for one character, placeholders included.
                c.ranges().last().map(|r| r.end().len_utf8())
            }
        }
        HirKind::Class(Class::Bytes(_)) => Some(1),
        HirKind::Repetition(r) => {
            let sub = max_len(&r.sub, concepts);
            match (r.max, sub) {
                (_, Some(0)) => Some(0),
                (Some(n), Some(m)) => Some(n as usize * m),
                _ => None,
            }
        }
        HirKind::Capture(c) => max_len(&c.sub, concepts),
        HirKind::Concat(parts) => parts.iter().map(|p| max_len(p, concepts)).sum(),
        HirKind::Alternation(alts) => alts
            .iter()
            .map(|a| max_len(a, concepts))
            .try_fold(0, |m, l| l.map(|l| m.max(l))),
    }
}

/// One part of a pattern read as a sequence: the word sets every match of the part meets
/// (see [`required`]), and the part's longest match in bytes.
type Part = (Vec<Vec<String>>, Option<usize>);

/// A pattern's kept anchor sets, and its [`Chain`] over them (set numbers are positions in
/// the kept sets).
type Shape = (Vec<Vec<String>>, Option<Chain>);

/// The pattern as a sequence of consecutive parts (captures and concatenations flattened,
/// literals split at placeholders). Every match is the parts' matches one after another,
/// and the parts' sets together are the pattern's [`required`] sets.
fn parts(h: &Hir, concepts: &[ConceptShape], out: &mut Vec<Part>) {
    match h.kind() {
        HirKind::Capture(c) => parts(&c.sub, concepts, out),
        HirKind::Concat(ps) => ps.iter().for_each(|p| parts(p, concepts, out)),
        HirKind::Literal(l) => match std::str::from_utf8(&l.0) {
            Ok(w) => out.extend(pieces(w).into_iter().map(|p| match p {
                Piece::Word(word) => (vec![vec![word.to_string()]], Some(word.len())),
                Piece::Concept(i) => {
                    let shape = concepts.get(i);
                    (
                        shape.map(|s| s.sets.clone()).unwrap_or_default(),
                        shape.and_then(|s| s.max_len),
                    )
                }
            })),
            Err(_) => out.push((vec![], Some(l.0.len()))),
        },
        _ => out.push((tidy(required(h, concepts)), max_len(h, concepts))),
    }
}

/// Anchor sets a pattern's matches meet in order: a word of `sets[k + 1]` starts after a
/// word of `sets[k]` ends, and the two lie within `gaps[k]` bytes from the first's start to
/// the second's end (None: any distance).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
struct Chain {
    sets: Vec<ChainSet>,
    gaps: Vec<Option<usize>>,
}

/// A part's words in a [`Chain`]: an anchor set of the index (found by its automaton), or,
/// for a part whose words are all too common for the automaton (由, 在, 须), the words
/// themselves, looked up in the stretch only when the chain is checked.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
enum ChainSet {
    Indexed(u32),
    Words(Vec<Word>),
}

/// A word of a [`ChainSet::Words`] with its substring searcher, built once when the index is
/// made or read back: `memmem::find` builds one per call, and the order check made about 680
/// such calls per real docx (one per occurrence found, and one more per word and stretch). A
/// cache stores the word alone.
#[derive(Clone, serde::Serialize, serde::Deserialize)]
#[serde(from = "String", into = "String")]
struct Word {
    text: String,
    finder: memchr::memmem::Finder<'static>,
}

impl From<String> for Word {
    fn from(text: String) -> Self {
        let finder = memchr::memmem::Finder::new(text.as_bytes()).into_owned();
        Word { text, finder }
    }
}

impl From<Word> for String {
    fn from(w: Word) -> Self {
        w.text
    }
}

impl AsRef<str> for Word {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

impl PartialEq for Word {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl std::fmt::Debug for Word {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.text.fmt(f)
    }
}

/// The longest reach a chain's gap may have in an index read back from a cache (bytes): far
/// beyond any pattern's bounded length, far below an overflow.
const MAX_GAP: usize = 1 << 24;

/// Common words looked up by a plain search rather than the automaton: few, short.
const MAX_CHAIN_WORDS: usize = 8;

/// The chain of a pattern read as `ps` (see [`parts`]), over the anchor sets `set_id`
/// numbers (else a part's own few words), if two or more parts carry words.
fn chain(ps: &[Part], set_id: impl Fn(&[String]) -> Option<u32>) -> Option<Chain> {
    let mut sets = vec![];
    let mut gaps = vec![];
    // Bytes from the start of the last anchored part to the end of the current one.
    let mut since: Option<usize> = None;
    for &(ref part_sets, len) in ps {
        let indexed = part_sets
            .iter()
            // Sets arrive tidy (sorted words): concepts' and the parts' own.
            .filter_map(|set| set_id(set).map(|id| (selectivity(set), id)))
            .max_by_key(|&(sel, _)| sel)
            .map(|(_, id)| ChainSet::Indexed(id));
        let words = || {
            part_sets
                .iter()
                .filter(|set| set.len() <= MAX_CHAIN_WORDS && set.iter().all(|w| !w.is_empty()))
                .max_by_key(|set| selectivity(set))
                .map(|set| ChainSet::Words(set.iter().cloned().map(Word::from).collect()))
        };
        match indexed.or_else(words) {
            Some(set) => {
                if !sets.is_empty() {
                    gaps.push(since.zip(len).map(|(a, b)| a + b));
                }
                sets.push(set);
                since = len;
            }
            None => since = since.zip(len).map(|(a, b)| a + b),
        }
    }
    // A chain of plain words alone is left to the regex: the automaton found nothing of it.
    let indexed = sets.iter().any(|s| matches!(s, ChainSet::Indexed(_)));
    (sets.len() >= 2 && indexed).then_some(Chain { sets, gaps })
}

/// The occurrences among `next` that start after one of `prev` ends and end within `gap`
/// bytes of its start (None: any distance). One sweep over both sorted, not a scan of
/// `prev` per occurrence: on a long block with both words frequent but never close, that
/// scan is quadratic.
fn following(
    prev: &[(usize, usize)],
    mut next: Vec<(usize, usize)>,
    gap: Option<usize>,
) -> Vec<(usize, usize)> {
    let mut prev = prev.to_vec();
    prev.sort_unstable_by_key(|&(_, e)| e);
    next.sort_unstable();
    // The latest start of an occurrence of `prev` ending before the current one starts.
    let (mut j, mut latest) = (0, None);
    next.retain(|&(os, oe)| {
        while let Some(&(ps, _)) = prev.get(j).filter(|p| p.1 <= os) {
            latest = latest.max(Some(ps));
            j += 1;
        }
        latest.is_some_and(|ps| gap.is_none_or(|g| oe - ps <= g))
    });
    next
}

/// The occurrences among `prev` that end before one of `next` starts, that one ending
/// within `gap` bytes of their start (see [`following`]).
fn preceding(
    next: &[(usize, usize)],
    mut prev: Vec<(usize, usize)>,
    gap: Option<usize>,
) -> Vec<(usize, usize)> {
    let mut next = next.to_vec();
    next.sort_unstable_by_key(|&(s, _)| std::cmp::Reverse(s));
    prev.sort_unstable_by_key(|&(_, e)| std::cmp::Reverse(e));
    // The earliest end of an occurrence of `next` starting after the current one ends.
    let (mut j, mut earliest): (usize, Option<usize>) = (0, None);
    prev.retain(|&(ps, pe)| {
        while let Some(&(_, oe)) = next.get(j).filter(|o| o.0 >= pe) {
            earliest = Some(earliest.map_or(oe, |e| e.min(oe)));
            j += 1;
        }
        earliest.is_some_and(|oe| gap.is_none_or(|g| oe - ps <= g))
    });
    prev
}

/// Which way a chain is walked from its first automaton set.
#[derive(Clone, Copy)]
enum Walk {
    Forward,
    Backward,
}

/// The stretch `lo..hi` (inside `start..end`) where the next set's words can lie, given the
/// occurrences `reached` of its neighbour and the distance `gap` the pattern allows: after
/// them when walking forward, before them when walking backward.
fn reach(
    reached: &[(usize, usize)],
    gap: Option<usize>,
    walk: Walk,
    start: usize,
    end: usize,
) -> (usize, usize) {
    match walk {
        Walk::Forward => {
            let lo = reached.iter().map(|r| r.1).min().unwrap_or(start);
            let hi = gap.map_or(end, |g| {
                reached
                    .iter()
                    .map(|r| r.0 + g)
                    .max()
                    .unwrap_or(end)
                    .min(end)
            });
            (lo, hi)
        }
        Walk::Backward => {
            let hi = reached.iter().map(|r| r.0).max().unwrap_or(start);
            let lo = gap.map_or(start, |g| {
                reached
                    .iter()
                    .map(|r| r.1.saturating_sub(g))
                    .min()
                    .unwrap_or(start)
                    .max(start)
            });
            (lo, hi)
        }
    }
}

/// How many characters a class holds.
fn class_size(c: &regex_syntax::hir::ClassUnicode) -> u32 {
    c.ranges()
        .iter()
        .map(|r| r.end() as u32 - r.start() as u32 + 1)
        .sum()
}

/// Longer words are rarer in text; among equally long ones, fewer words are rarer.
fn selectivity(set: &[String]) -> (usize, std::cmp::Reverse<usize>) {
    let shortest = set.iter().map(|w| w.chars().count()).min().unwrap_or(0);
    (shortest, std::cmp::Reverse(set.len()))
}

/// Which patterns of which rule can match in a text: one automaton over the anchor words
/// of every pattern of every rule, run once over each block; a pattern can match in a
/// sentence only where a word of each of its anchor sets is.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct AnchorIndex {
    /// The anchor words; a word's index is its id in [`BlockAnchors`]. Derived from
    /// `set_words` ([`Self::derive_words`]), so a cache stores only the sets.
    #[serde(skip)]
    words: Vec<String>,
    /// An automaton over `words` alone, built on first use: the rule engine finds anchor
    /// words in its keyword scan ([`crate::rules::compile::RuleSet::scan`]) and never needs
    /// it; [`Self::block`] (an index used on its own) does.
    #[serde(skip)]
    automaton: std::sync::OnceLock<AhoCorasick>,
    /// Per distinct word: the anchor sets it belongs to (derived with `words`).
    #[serde(skip)]
    word_sets: Vec<Vec<u32>>,
    /// Per rule, per pattern: the anchor sets it needs (none: it always runs).
    needs: Vec<Vec<Vec<u32>>>,
    /// Per anchor set: its words.
    set_words: Vec<Vec<String>>,
    /// Per rule, per pattern: the anchor sets its matches meet in order, when it has two.
    chains: Vec<Vec<Option<Chain>>>,
}

/// Anchor words found in one block: (start, end, word), by start.
#[derive(Debug, PartialEq, Eq)]
pub struct BlockAnchors(Vec<(usize, usize, u32)>);

impl BlockAnchors {
    /// From (start, end, word id) occurrences in any order.
    pub fn from_hits(mut hits: Vec<(usize, usize, u32)>) -> Self {
        hits.sort_unstable();
        BlockAnchors(hits)
    }
}

/// The anchor sets present in one stretch of text, as a bit set.
pub struct Present(Vec<u64>);

impl Present {
    fn has(&self, set: u32) -> bool {
        self.0[set as usize / 64] & (1 << (set % 64)) != 0
    }

    /// Whether every set a pattern needs is present.
    #[inline]
    fn has_all(&self, need: &[u32]) -> bool {
        need.iter().all(|&s| self.has(s))
    }
}

impl AnchorIndex {
    /// An index read back from a cache (its sets, needs and chains), made whole, if it has an
    /// entry for every pattern of `rules`, names only sets it has, holds no empty word and no
    /// gap longer than a pattern can be: one that reads but was not written by this code for
    /// these packs is refused rather than trusted.
    pub fn restored(mut self, rules: &[Vec<&str>]) -> Option<Self> {
        let sets = self.set_words.len() as u32;
        fn real<W: AsRef<str>>(ws: &[W]) -> bool {
            !ws.is_empty() && ws.iter().all(|w| !w.as_ref().is_empty())
        }
        let fits = self.needs.len() == rules.len()
            && self.chains.len() == rules.len()
            && self
                .needs
                .iter()
                .zip(&self.chains)
                .zip(rules)
                .all(|((n, c), r)| n.len() == r.len() && c.len() == r.len())
            && self.needs.iter().flatten().flatten().all(|&s| s < sets)
            && self.set_words.iter().all(|set| real(set))
            && self.chains.iter().flatten().flatten().all(|c| {
                c.gaps.len() + 1 == c.sets.len()
                    && c.gaps.iter().flatten().all(|&g| g <= MAX_GAP)
                    && c.sets.iter().all(|s| match s {
                        ChainSet::Indexed(i) => *i < sets,
                        ChainSet::Words(ws) => real(ws),
                    })
            });
        fits.then(|| {
            self.derive_words();
            self
        })
    }

    /// `words` and `word_sets` from `set_words`: each word in the order its first set was
    /// made, as the index assigns them while it reads the patterns.
    fn derive_words(&mut self) {
        let mut word_id: HashMap<&str, usize> = HashMap::new();
        let (mut words, mut word_sets): (Vec<String>, Vec<Vec<u32>>) = (vec![], vec![]);
        for (id, set) in self.set_words.iter().enumerate() {
            for w in set {
                let wi = *word_id.entry(w).or_insert_with(|| {
                    words.push(w.clone());
                    word_sets.push(vec![]);
                    words.len() - 1
                });
                word_sets[wi].push(id as u32);
            }
        }
        // Sets are visited in id order, so each word's list is ascending: `in_order`
        // binary-searches it (a common word belongs to hundreds of sets).
        debug_assert!(word_sets.iter().all(|s| s.is_sorted()));
        self.words = words;
        self.word_sets = word_sets;
    }

    /// `rules[r]` lists the pattern sources of rule r.
    pub fn new(rules: &[Vec<&str>]) -> Self {
        Self::with_concepts(rules, &[])
    }

    /// `rules[r]` lists the pattern skeletons of rule r, whose placeholders stand for
    /// `concepts` (see [`CONCEPT_BASE`]).
    pub fn with_concepts(rules: &[Vec<&str>], concepts: &[ConceptShape]) -> Self {
        let mut set_id: HashMap<Vec<String>, u32> = HashMap::new();
        let mut set_words: Vec<Vec<String>> = vec![];
        let mut needs = vec![];
        // The parses are independent: they run on all cores.
        let parsed: Vec<Vec<Shape>> = {
            use rayon::prelude::*;
            rules
                .par_iter()
                .map(|patterns| {
                    patterns
                        .par_iter()
                        .map(|p| skeleton_shape(p, concepts))
                        .collect()
                })
                .collect()
        };
        let mut chains: Vec<Vec<Option<Chain>>> = vec![];
        for rule_sets in parsed {
            let mut rule_needs = vec![];
            let mut rule_chains = vec![];
            for (pattern_sets, chain) in rule_sets {
                let mut need = vec![];
                for set in &pattern_sets {
                    let next = set_id.len() as u32;
                    let id = *set_id.entry(set.clone()).or_insert(next);
                    if id == next {
                        set_words.push(set.clone());
                    }
                    need.push(id);
                }
                rule_chains.push(chain.map(|c| {
                    Chain {
                        sets: c
                            .sets
                            .into_iter()
                            .map(|s| match s {
                                ChainSet::Indexed(j) => ChainSet::Indexed(need[j as usize]),
                                words => words,
                            })
                            .collect(),
                        gaps: c.gaps,
                    }
                }));
                rule_needs.push(need);
            }
            needs.push(rule_needs);
            chains.push(rule_chains);
        }
        let mut index = AnchorIndex {
            words: vec![],
            automaton: std::sync::OnceLock::new(),
            word_sets: vec![],
            needs,
            set_words,
            chains,
        };
        index.derive_words();
        index
    }

    /// Words of which every match of each pattern of `rule` contains one: per pattern, its
    /// smallest anchor set of words of two characters or more (a pattern with none gives
    /// nothing). As keywords they let every pattern fire where it matches, not only where
    /// a keyword of its rule happens to fall inside the match.
    /// Patterns already anchored by a set whose every word contains a word `listed` accepts
    /// (a listed keyword) give nothing: each extra keyword costs candidate checks.
    pub fn implied_keywords(&self, rule: usize, listed: impl Fn(&str) -> bool) -> Vec<&str> {
        let mut out = vec![];
        for need in self.needs.get(rule).into_iter().flatten() {
            let covered = need
                .iter()
                .any(|&s| self.set_words[s as usize].iter().all(|w| listed(w)));
            if covered {
                continue;
            }
            let best = need
                .iter()
                .map(|&s| &self.set_words[s as usize])
                .filter(|ws| ws.iter().all(|w| w.chars().count() >= 2))
                .min_by_key(|ws| ws.len());
            if let Some(ws) = best {
                out.extend(ws.iter().map(String::as_str));
            }
        }
        out
    }

    /// The anchor words, by id.
    pub fn words(&self) -> &[String] {
        &self.words
    }

    /// The anchor words in a block.
    pub fn block(&self, text: &str) -> BlockAnchors {
        let ac = self.automaton.get_or_init(|| {
            AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .build(&self.words)
                // The same words build the rule set's keyword automaton, which reports a
                // failure as a load error before any index is used.
                .expect("anchor words build an automaton")
        });
        BlockAnchors::from_hits(
            ac.find_overlapping_iter(text)
                .map(|m| (m.start(), m.end(), m.pattern().as_u32()))
                .collect(),
        )
    }

    /// The anchor sets with a word inside `start..end` of the block.
    pub fn present(&self, block: &BlockAnchors, start: usize, end: usize) -> Present {
        let mut bits = vec![0u64; self.set_words.len().div_ceil(64)];
        let from = block.0.partition_point(|h| h.0 < start);
        for &(_, e, w) in block.0[from..].iter().take_while(|h| h.0 < end) {
            if e <= end {
                for &s in &self.word_sets[w as usize] {
                    bits[s as usize / 64] |= 1 << (s % 64);
                }
            }
        }
        Present(bits)
    }

    /// Whether pattern `pattern` of rule `rule` can match in `range` of the block (`text`,
    /// its anchor words `block`, the sets `present` in the range): a word of each of its
    /// anchor sets is there ([`Self::can_match`]), in the order and within the distances its
    /// matches need ([`Self::in_order`]). A necessary condition only: the regex decides.
    ///
    /// Inlined, with the order check kept out of line: nearly every pattern asked about fails
    /// on its first missing set, where a call costs more than the test.
    #[inline]
    pub fn may_match(
        &self,
        rule: usize,
        pattern: usize,
        present: &Present,
        text: &str,
        block: &BlockAnchors,
        range: std::ops::Range<usize>,
    ) -> bool {
        self.can_match(rule, pattern, present)
            && self.in_order(rule, pattern, text, block, range.start, range.end)
    }

    /// The patterns among the first `patterns` of `rule` that [`Self::may_match`], in order:
    /// the rule's anchor sets are looked up once, not once per pattern (the engine's loop
    /// over a rule's patterns, mostly failing on their first set, was bound by that).
    pub fn matching<'a>(
        &'a self,
        rule: usize,
        patterns: usize,
        present: &'a Present,
        text: &'a str,
        block: &'a BlockAnchors,
        range: std::ops::Range<usize>,
    ) -> impl Iterator<Item = usize> + 'a {
        let needs = self.needs.get(rule).map_or(&[][..], Vec::as_slice);
        (0..patterns).filter(move |&i| {
            needs.get(i).is_none_or(|need| present.has_all(need))
                && self.in_order(rule, i, text, block, range.start, range.end)
        })
    }

    /// Whether the anchor words of pattern `pattern` of rule `rule` inside `start..end` of
    /// the block stand in the order and within the distances its matches need. Called after
    /// [`Self::can_match`]: a pattern with fewer than two ordered parts passes.
    #[inline(never)]
    fn in_order(
        &self,
        rule: usize,
        pattern: usize,
        text: &str,
        block: &BlockAnchors,
        start: usize,
        end: usize,
    ) -> bool {
        let Some(Some(chain)) = self.chains.get(rule).and_then(|r| r.get(pattern)) else {
            return true;
        };
        let from = block.0.partition_point(|h| h.0 < start);
        let hits = &block.0[from..];
        // Occurrences of a set's words lying inside `lo..hi`.
        let of_set = |set: &ChainSet, lo: usize, hi: usize| -> Vec<(usize, usize)> {
            match set {
                ChainSet::Indexed(set) => hits
                    .iter()
                    .skip_while(|h| h.0 < lo)
                    .take_while(|h| h.0 < hi)
                    .filter(|h| {
                        h.1 <= hi && self.word_sets[h.2 as usize].binary_search(set).is_ok()
                    })
                    .map(|h| (h.0, h.1))
                    .collect(),
                ChainSet::Words(words) => {
                    // Reach is counted in bytes: widen it to whole characters.
                    let (mut lo, mut hi) = (lo.min(text.len()), hi.min(text.len()));
                    while !text.is_char_boundary(lo) {
                        lo -= 1;
                    }
                    while !text.is_char_boundary(hi) {
                        hi += 1;
                    }
                    let stretch = text.get(lo..hi).unwrap_or("");
                    // Overlapping occurrences (某某 twice in 某某某): the match may use either.
                    let mut at: Vec<(usize, usize)> = vec![];
                    for w in words {
                        let mut from = 0;
                        // memmem: std's substring search sets up a two-way searcher per call,
                        // which cost more than the search over these short stretches.
                        while let Some(i) = w.finder.find(&stretch.as_bytes()[from..]) {
                            let s = from + i;
                            at.push((lo + s, lo + s + w.text.len()));
                            from = s + stretch[s..].chars().next().map_or(1, char::len_utf8);
                        }
                    }
                    at
                }
            }
        };
        // The chain is walked from its first automaton set (the rarest words, already found)
        // outwards: forward to its end, then backward to its start. Each walk is a condition
        // every match meets; a set of common words is looked up only within reach of the
        // occurrences the walk has kept.
        let first = chain
            .sets
            .iter()
            .position(|s| matches!(s, ChainSet::Indexed(_)))
            .unwrap_or(0);
        // Both walks start from the first set's occurrences: found once, not searched again
        // for the backward walk (copied only when there is one).
        let firsts = of_set(&chain.sets[first], start, end);
        let (mut reached, firsts) = if first > 0 {
            (firsts.clone(), firsts)
        } else {
            (firsts, vec![])
        };
        for k in first + 1..chain.sets.len() {
            if reached.is_empty() {
                return false;
            }
            let gap = chain.gaps[k - 1];
            let (lo, hi) = reach(&reached, gap, Walk::Forward, start, end);
            reached = following(&reached, of_set(&chain.sets[k], lo, hi), gap);
        }
        if reached.is_empty() {
            return false;
        }
        if first == 0 {
            return true;
        }
        let mut reached = firsts;
        for k in (0..first).rev() {
            let gap = chain.gaps[k];
            // Occurrences of set k that end before, and within reach of, a kept one of k + 1.
            let (lo, hi) = reach(&reached, gap, Walk::Backward, start, end);
            reached = preceding(&reached, of_set(&chain.sets[k], lo, hi), gap);
            if reached.is_empty() {
                return false;
            }
        }
        true
    }

    /// Whether pattern `pattern` of rule `rule` has ordered anchor sets (see [`Self::in_order`]).
    pub fn has_chain(&self, rule: usize, pattern: usize) -> bool {
        matches!(
            self.chains.get(rule).and_then(|r| r.get(pattern)),
            Some(Some(_))
        )
    }

    /// Whether pattern `pattern` of rule `rule` can match where `present` was taken.
    #[inline]
    pub fn can_match(&self, rule: usize, pattern: usize, present: &Present) -> bool {
        self.needs
            .get(rule)
            .and_then(|r| r.get(pattern))
            .is_none_or(|need| present.has_all(need))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_index_read_back_equals_the_one_computed_and_a_foreign_one_is_refused() {
        let rules = vec![
            vec![
                "由[^。]{0,8}(?:某|该)公司[^。]{0,16}(?:承办|负责)",
                "(?:指定|确定)[^。]{0,6}(?:供应商|服务商)",
            ],
            vec!["(?:本地|本市)[^。]{0,8}(?:企业|供应商)"],
        ];
        let ix = AnchorIndex::new(&rules);
        let json = serde_json::to_string(&ix).unwrap();
        let back: AnchorIndex = serde_json::from_str(&json).unwrap();
        let back = back.restored(&rules).expect("fits its own packs");
        assert_eq!(back.words, ix.words);
        assert_eq!(back.word_sets, ix.word_sets);
        assert_eq!(back.needs, ix.needs);
        assert_eq!(back.chains, ix.chains);
        // Another pack's index, an empty word, an impossible gap: refused.
        let other: AnchorIndex = serde_json::from_str(&json).unwrap();
        assert!(other.restored(&rules[..1]).is_none());
        let empty = json.replacen("\"公司\"", "\"\"", 1);
        let empty: AnchorIndex = serde_json::from_str(&empty).unwrap();
        assert!(empty.restored(&rules).is_none());
        let mut far: AnchorIndex = serde_json::from_str(&json).unwrap();
        let c = far
            .chains
            .iter_mut()
            .flatten()
            .flatten()
            .next()
            .expect("a chain");
        c.gaps[0] = Some(usize::MAX);
        assert!(far.restored(&rules).is_none());
    }

    #[test]
    fn the_rarest_required_part_of_a_concatenation_anchors_it() {
        assert_eq!(
            anchors("(?:指定|确定)[^。]{0,4}为(?:定点机构|供应商)"),
            Some(vec!["供应商".into(), "定点机构".into()])
        );
        // 为|是 parses as a class; it is still a set of words.
        assert_eq!(
            anchors("[^。]{0,4}(?:为|是)[^。]{0,4}"),
            Some(vec!["为".into(), "是".into()])
        );
    }

    #[test]
    fn a_pattern_needs_a_word_of_each_required_part() {
        let ix = AnchorIndex::new(&[vec!["由[^。]{0,8}(?:某|该)公司[^。]{0,16}(?:承办|负责)"]]);
        let can = |t: &str| ix.can_match(0, 0, &ix.present(&ix.block(t), 0, t.len()));
        assert!(!can("由县政府负责。"));
        assert!(can("该公司由县政府负责。"));
        // 由 and 某/该 are single characters: 公司 and 承办/负责 carry the filter.
        assert!(can("公司由县政府负责。"));
        // Only the words inside the stretch asked about count.
        let t = "由县政府负责。该公司承办。";
        let cut = t.find('。').unwrap();
        assert!(!ix.can_match(0, 0, &ix.present(&ix.block(t), 0, cut)));
        let words = |ws: &[&str]| ws.iter().map(|w| w.to_string()).collect::<Vec<_>>();
        // Single characters are dropped when a longer word is required.
        assert_eq!(all_anchors("由(?:某|该)公司"), vec![words(&["公司"])]);
    }

    #[test]
    fn matching_lists_the_patterns_may_match_passes() {
        let ix = AnchorIndex::new(&[vec![
            "(?:指定|确定)[^。]{0,6}(?:供应商|服务商)",
            "(?:指定|确定)[^。]*(?:供应商|服务商)",
            "本地[^。]{0,4}企业",
        ]]);
        for t in [
            "由县政府指定三家供应商。",
            "指定的时间内，未报名参加的供应商。",
            "供应商由采购人依法确定。",
            "本地企业",
            "",
        ] {
            let b = ix.block(t);
            let present = ix.present(&b, 0, t.len());
            let one_by_one: Vec<usize> = (0..3)
                .filter(|&i| ix.may_match(0, i, &present, t, &b, 0..t.len()))
                .collect();
            let all: Vec<usize> = ix.matching(0, 3, &present, t, &b, 0..t.len()).collect();
            assert_eq!(all, one_by_one, "{t:?}");
            // A rule the index does not know: every pattern runs.
            let unknown: Vec<usize> = ix.matching(7, 2, &present, t, &b, 0..t.len()).collect();
            assert_eq!(unknown, [0, 1]);
        }
    }

    #[test]
    fn anchor_words_must_stand_in_order_and_within_reach() {
        let ix = AnchorIndex::new(&[vec![
            "(?:指定|确定)[^。]{0,6}(?:供应商|服务商)",
            "(?:指定|确定)[^。]*(?:供应商|服务商)",
        ]]);
        let ok = |i: usize, t: &str| {
            let b = ix.block(t);
            ix.may_match(0, i, &ix.present(&b, 0, t.len()), t, &b, 0..t.len())
        };
        assert!(ok(0, "由县政府指定三家供应商。"));
        // Every word is there, but in the other order or too far apart to be one match.
        assert!(!ok(0, "供应商由采购人依法确定。"));
        assert!(!ok(0, "指定的时间内，未报名参加的供应商。"));
        // An unbounded gap keeps only the order.
        assert!(ok(1, "指定的时间内，未报名参加的供应商。"));
        assert!(!ok(1, "供应商由采购人依法确定。"));
        // Common single characters join the order when a rarer word anchors the pattern.
        let ix = AnchorIndex::new(&[vec!["由[^。]{0,2}某某[^。]{0,2}公司"]]);
        let ok = |t: &str| {
            let b = ix.block(t);
            ix.may_match(0, 0, &ix.present(&b, 0, t.len()), t, &b, 0..t.len())
        };
        assert!(ok("由某某某公司承办。"));
        assert!(!ok("某某公司由县里管理。"));
        // A pattern with one anchored part has no order to check.
        let ix = AnchorIndex::new(&[vec!["[^。]{0,4}供应商"]]);
        assert!(!ix.has_chain(0, 0));
    }

    #[test]
    fn a_concept_among_one_character_branches_keeps_its_length() {
        // The parser folds an alternation of single characters into one class, placeholders
        // included, and a class of nested alternations into a wider class: such a class must
        // still stand for its concepts' whole matches, not for one character.
        let long = concept_anchors("很长的一个词语");
        let (c0, c1) = (concept_char(0), concept_char(1));
        let skeletons = [
            format!("甲乙(?:{c0}|a|b|c|d|e|f|g|h|i|j|k|l|m|n|o|p|q)丙丁"),
            format!("甲乙(?:(?:{c0}|{c1})|[^。])丙丁"),
        ];
        let ix = AnchorIndex::with_concepts(
            &[skeletons.iter().map(String::as_str).collect()],
            &[long.clone(), long],
        );
        let t = "甲乙很长的一个词语丙丁";
        let b = ix.block(t);
        for (i, s) in skeletons.iter().enumerate() {
            assert!(ix.has_chain(0, i));
            assert!(ix.can_match(0, i, &ix.present(&b, 0, t.len())));
            assert!(ix.in_order(0, i, t, &b, 0, t.len()), "{s}");
        }
    }

    #[test]
    fn the_order_sweeps_keep_what_a_scan_of_every_pair_keeps() {
        // A small deterministic generator: occurrences of two sets, gaps bounded or not.
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = |n: u64| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((seed >> 33) % n) as usize
        };
        for _ in 0..2000 {
            let mut occ = || -> Vec<(usize, usize)> {
                (0..next(6))
                    .map(|_| {
                        let s = next(60);
                        (s, s + 1 + next(6))
                    })
                    .collect()
            };
            let (a, b) = (occ(), occ());
            let gap = match next(3) {
                0 => None,
                _ => Some(next(30)),
            };
            let fits = |(ps, pe): (usize, usize), (os, oe): (usize, usize)| {
                pe <= os && gap.is_none_or(|g| oe - ps <= g)
            };
            let same = |walk: &str, mut want: Vec<(usize, usize)>, mut got: Vec<(usize, usize)>| {
                want.sort_unstable();
                got.sort_unstable();
                assert_eq!(got, want, "{walk} {a:?} {b:?} {gap:?}");
            };
            let after = |o: &(usize, usize)| a.iter().any(|&p| fits(p, *o));
            let before = |p: &(usize, usize)| b.iter().any(|&o| fits(*p, o));
            same(
                "following",
                b.iter().copied().filter(after).collect(),
                following(&a, b.clone(), gap),
            );
            same(
                "preceding",
                a.iter().copied().filter(before).collect(),
                preceding(&b, a.clone(), gap),
            );
        }
    }

    #[test]
    fn implied_keywords_are_the_smallest_set_of_real_words() {
        let ix = AnchorIndex::new(&[vec![
            "由[^。]{0,8}(?:某|该)公司[^。]{0,16}(?:承办|负责)",
            "(?:提供|出具)[^。]{0,6}(?:担保|保证责任)",
            "[^。]{0,4}",
        ]]);
        let mut words = ix.implied_keywords(0, |_| false);
        words.sort_unstable();
        // 由 is one character and never a keyword; of the required parts left, 公司 (one
        // word) is smaller than 承办/负责 (two).
        assert_eq!(words, ["保证责任", "公司", "担保"]);
        assert!(ix.implied_keywords(1, |_| false).is_empty());
        // 担保 listed: the second pattern still needs 保证责任 as a keyword.
        let mut words = ix.implied_keywords(0, |w| w.contains("担保") || w.contains("公司"));
        words.sort_unstable();
        assert_eq!(words, ["保证责任", "担保"]);
    }

    #[test]
    fn optional_and_open_parts_anchor_nothing() {
        assert_eq!(anchors("(?:本地)?企业"), Some(vec!["企业".into()]));
        assert_eq!(anchors("[^。]{0,8}"), None);
        assert_eq!(anchors(r"\d+家"), Some(vec!["家".into()]));
        assert_eq!(
            anchors("(?:本地|[一-龥]{2})企业"),
            Some(vec!["企业".into()])
        );
        assert_eq!(anchors("本地|[一-龥]{2}"), None);
        assert_eq!(anchors("(unclosed"), None);
    }

    #[test]
    fn every_match_contains_an_anchor() {
        let patterns = [
            "由[^。]{0,8}(?:某|该)(?:公司|企业)[^。]{0,16}(?:承办|负责)",
            "(?:到|在|从|向)(?:指定|定点)的?[^。]{0,8}(?:机构|医院)",
            "不(?:得|再)?与[^。]{0,4}(?:其他|第三方)",
        ];
        let texts = [
            "项目由某公司统一负责建设。",
            "须到指定的检测机构办理。",
            "甲方不得与其他企业签订同类协议。",
            "本办法自印发之日起施行。",
        ];
        // Two rules sharing anchor sets.
        let ix = AnchorIndex::new(&[patterns.to_vec(), patterns[1..].to_vec()]);
        for t in texts {
            let present = ix.present(&ix.block(t), 0, t.len());
            for (i, p) in patterns.iter().enumerate() {
                let matches = regex::Regex::new(p).unwrap().is_match(t);
                assert!(
                    !matches || ix.can_match(0, i, &present),
                    "{p} matches {t} but was filtered out"
                );
                if i > 0 {
                    assert_eq!(
                        ix.can_match(0, i, &present),
                        ix.can_match(1, i - 1, &present)
                    );
                }
            }
        }
        let t = "本办法自印发之日起施行。";
        let present = ix.present(&ix.block(t), 0, t.len());
        assert!((0..3).all(|i| !ix.can_match(0, i, &present)));
    }
}
