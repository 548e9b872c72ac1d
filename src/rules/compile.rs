//! Loading and compiling rule packs: every keyword of every rule in one Aho-Corasick
//! automaton, regexes compiled once, errors reported with file, line and reason.

use std::path::Path;

use aho_corasick::{AhoCorasick, MatchKind};

use regex::Regex;
use thiserror::Error;

use super::anchors::{AnchorIndex, BlockAnchors};
use super::concepts::Vocabulary;
use super::schema::{Condition, RuleFile, RuleSpec, TriggerSpec};
use crate::document::model::DocType;
use crate::document::segment::normalize;

#[derive(Debug, Error)]
pub enum RuleError {
    #[error("{file}: {detail}")]
    Parse { file: String, detail: String },
    #[error("{file}: rule {id}: {detail}")]
    Invalid {
        file: String,
        id: String,
        detail: String,
    },
    #[error("{0}: cannot read: {1}")]
    Io(String, std::io::Error),
}

/// A rule regex. A pattern that does not compile (bad syntax, or over the compiled-size
/// limit) is a load error naming the file and rule, never a rule that silently matches
/// nothing. The regexes of extra packs are compiled when they load (in parallel); those of
/// the packs built into fashen are compiled on first use, since compiling all of them
/// would cost a gate run on one small file several times its review, and the unit test
/// `every_builtin_regex_compiles` compiles each of them whenever the binary is tested.
pub struct RuleRegex {
    pub source: String,
    regex: std::sync::OnceLock<Regex>,
}

impl RuleRegex {
    pub fn get(&self) -> &Regex {
        self.regex.get_or_init(|| {
            // Only builtin patterns arrive here uncompiled; `every_builtin_regex_compiles`
            // compiles each of them, so this cannot fail in a tested build.
            Regex::new(&self.source).expect("builtin rule regexes compile (unit-tested)")
        })
    }
}

/// A condition with its regex compiled.
pub struct CompiledCondition {
    pub any_of: Vec<String>,
    pub all_of: Vec<String>,
    pub regex: Option<RuleRegex>,
    pub all: Vec<CompiledCondition>,
    pub any: Vec<CompiledCondition>,
    pub not: Option<Box<CompiledCondition>>,
    pub within: Option<usize>,
}

pub struct CompiledRule {
    pub spec: RuleSpec,
    pub file: String,
    pub doc_types: Vec<DocType>,
    pub patterns: Vec<RuleRegex>,
    pub require: Option<CompiledCondition>,
    pub forbid: Option<CompiledCondition>,
    pub sections: Vec<String>,
}

pub struct CompiledTrigger {
    pub spec: TriggerSpec,
    pub forbid: Vec<String>,
}

pub struct RuleSet {
    pub rules: Vec<CompiledRule>,
    /// The concept vocabulary the rules were written over (for `rules test` and docs).
    pub vocabulary: Vocabulary,
    pub triggers: Vec<CompiledTrigger>,
    /// Keyword automaton over distinct words; `keyword_owner[i]` says whose keyword pattern i
    /// is, in the order the rules and triggers list it (a word many rules share is one
    /// pattern: the automaton reports each occurrence once, not once per rule).
    pub automaton: AhoCorasick,
    pub keyword_owner: Vec<Vec<KeywordOwner>>,
    /// Per automaton pattern: its id among the anchor words, or [`NO_ANCHOR`].
    anchor_word: Vec<u32>,
    /// Literal anchors of the rule patterns, built with the packs (they also give the
    /// implied keywords).
    anchor_index: AnchorIndex,
    /// Set by the first caller of [`Self::warm`] or [`Self::warm_all`]. Not a OnceLock: the
    /// warming runs rayon work, and a rayon worker waiting inside a OnceLock initialiser can
    /// be handed another document's review, which would then wait on that same lock forever
    /// (seen with `fashen check -j 32`).
    warmed: std::sync::atomic::AtomicBool,
    /// sha256 of the rule sources, for reports and caches.
    pub digest: String,
}

/// The anchor index of `patterns` (per rule, its pattern skeletons), read from the start-up
/// cache when an earlier run computed it from the same inputs (see [`super::start_cache`]).
fn anchor_index(patterns: &[Vec<&str>], vocabulary: &Vocabulary) -> AnchorIndex {
    let alternations = vocabulary.normalized_alternations();
    let counts: Vec<String> = patterns.iter().map(|r| r.len().to_string()).collect();
    let sizes = format!("{} {}", alternations.len(), patterns.len());
    let key = super::start_cache::key(
        [
            // The code that computes the index: a changed anchors.rs never reads an index an
            // older one wrote.
            include_str!("anchors.rs"),
            // regex-syntax, whose parse trees and class tables the index is read from.
            include_str!("../../Cargo.lock"),
            sizes.as_str(),
        ]
        .into_iter()
        .chain(alternations.iter().map(String::as_str))
        .chain(counts.iter().map(String::as_str))
        .chain(patterns.iter().flatten().copied()),
    );
    if let Some(index) =
        super::start_cache::load::<AnchorIndex>("anchors", &key).and_then(|i| i.restored(patterns))
    {
        return index;
    }
    // The alternations the key was made of: normalised once, not again for the shapes.
    let concepts: Vec<_> = alternations
        .iter()
        .map(|alt| super::anchors::concept_anchors(alt))
        .collect();
    let index = AnchorIndex::with_concepts(patterns, &concepts);
    super::start_cache::store("anchors", &key, &index);
    index
}

/// An automaton pattern that is no anchor word (a keyword only).
const NO_ANCHOR: u32 = u32::MAX;

/// The keyword automaton's patterns: one per distinct word, with the rules and triggers whose
/// keyword it is (in the order they list it) and its id among the anchor words.
#[derive(Default)]
struct WordTable {
    words: Vec<String>,
    keyword_owner: Vec<Vec<KeywordOwner>>,
    anchor_word: Vec<u32>,
    index: rustc_hash::FxHashMap<String, usize>,
}

impl WordTable {
    fn pattern(&mut self, w: &str) -> usize {
        if let Some(&i) = self.index.get(w) {
            return i;
        }
        self.words.push(w.to_string());
        self.keyword_owner.push(vec![]);
        self.anchor_word.push(NO_ANCHOR);
        self.index.insert(w.to_string(), self.words.len() - 1);
        self.words.len() - 1
    }

    fn keyword(&mut self, w: String, owner: KeywordOwner) {
        let i = self.pattern(&w);
        // A word a rule lists twice (or implies through two patterns) would only repeat the
        // same candidate check.
        if self.keyword_owner[i].last() != Some(&owner) {
            self.keyword_owner[i].push(owner);
        }
    }

    fn anchor(&mut self, w: &str, id: u32) {
        let i = self.pattern(w);
        self.anchor_word[i] = id;
    }
}

/// One scan of a block: the keyword occurrences as (start, end, automaton pattern), in the
/// automaton's order, and the anchor words.
pub struct Scan {
    pub keywords: Vec<(usize, usize, usize)>,
    pub anchors: BlockAnchors,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeywordOwner {
    Rule(usize),
    Trigger(usize),
}

/// The packs shipped with fashen, compiled into the binary so it runs from anywhere.
pub const BUILTIN_PACKS: [(&str, &str); 6] = [
    (
        "rules/concepts.toml",
        include_str!("../../rules/concepts.toml"),
    ),
    ("rules/common.toml", include_str!("../../rules/common.toml")),
    (
        "rules/normative.toml",
        include_str!("../../rules/normative.toml"),
    ),
    (
        "rules/contract.toml",
        include_str!("../../rules/contract.toml"),
    ),
    (
        "rules/citations.toml",
        include_str!("../../rules/citations.toml"),
    ),
    (
        "rules/decision.toml",
        include_str!("../../rules/decision.toml"),
    ),
];

fn compile_condition(
    c: &Condition,
    file: &str,
    id: &str,
    rx: &Regexes,
) -> Result<CompiledCondition, RuleError> {
    let sub = |v: &[Condition]| {
        v.iter()
            .map(|c| compile_condition(c, file, id, rx))
            .collect::<Result<Vec<_>, _>>()
    };
    no_empty(&c.any_of, "any_of word", file, id)?;
    no_empty(&c.all_of, "all_of word", file, id)?;
    Ok(CompiledCondition {
        any_of: c.any_of.iter().map(|s| normalize(s)).collect(),
        all_of: c.all_of.iter().map(|s| normalize(s)).collect(),
        regex: c
            .regex
            .as_deref()
            .map(|r| compile_regex(r, file, id, rx))
            .transpose()?,
        all: sub(&c.all)?,
        any: sub(&c.any)?,
        not: c
            .not
            .as_deref()
            .map(|n| compile_condition(n, file, id, rx).map(Box::new))
            .transpose()?,
        within: c.within,
    })
}

/// Every regex of the packs, compiled once and in parallel (compiling them one after the
/// other costs a gate run on one small file several times its review).
type Regexes = std::collections::HashMap<String, Result<Regex, String>>;

fn condition_regexes<'a>(c: &'a Condition, out: &mut Vec<&'a str>) {
    out.extend(c.regex.as_deref());
    for sub in c.all.iter().chain(&c.any).chain(c.not.as_deref()) {
        condition_regexes(sub, out);
    }
}

fn compile_all(files: &[(String, RuleFile)]) -> Regexes {
    use rayon::prelude::*;
    let mut sources: Vec<&str> = vec![];
    for (_, f) in files.iter().filter(|(name, _)| !is_builtin(name)) {
        for spec in &f.rules {
            sources.extend(spec.patterns.iter().map(String::as_str));
            for c in spec.require.iter().chain(&spec.forbid) {
                condition_regexes(c, &mut sources);
            }
        }
    }
    let mut sources: Vec<String> = sources.into_iter().map(normalize).collect();
    sources.sort();
    sources.dedup();
    sources
        .into_par_iter()
        .map(|s| {
            let r = Regex::new(&s).map_err(|e| e.to_string().replace('\n', " "));
            (s, r)
        })
        .collect()
}

fn is_builtin(file: &str) -> bool {
    BUILTIN_PACKS.iter().any(|(name, _)| *name == file)
}

/// A builtin pattern is syntax-checked here and compiled on first use; any other was
/// compiled by `compile_all` and its error, if any, is reported now.
fn compile_regex(r: &str, file: &str, id: &str, rx: &Regexes) -> Result<RuleRegex, RuleError> {
    let source = normalize(r);
    let invalid = |e: String| RuleError::Invalid {
        file: file.into(),
        id: id.into(),
        detail: format!("bad regex {r:?}: {e}"),
    };
    let regex = match rx.get(&source) {
        Some(Ok(c)) => std::sync::OnceLock::from(c.clone()),
        Some(Err(e)) => return Err(invalid(e.clone())),
        // Shipped packs are checked by the test suite (`every_builtin_regex_compiles`):
        // parsing their hundreds of concept-expanded patterns at every start would cost a
        // gate call more than its review.
        None if is_builtin(file) => std::sync::OnceLock::new(),
        None => std::sync::OnceLock::from(
            Regex::new(&source).map_err(|e| invalid(e.to_string().replace('\n', " ")))?,
        ),
    };
    Ok(RuleRegex { source, regex })
}

/// Empty words match everywhere (an empty keyword puts the rule on every sentence).
fn no_empty(words: &[String], what: &str, file: &str, id: &str) -> Result<(), RuleError> {
    if words.iter().any(|k| k.trim().is_empty()) {
        return Err(RuleError::Invalid {
            file: file.into(),
            id: id.into(),
            detail: format!("empty {what}"),
        });
    }
    Ok(())
}

fn validate(spec: &RuleSpec, file: &str) -> Result<Vec<DocType>, RuleError> {
    let invalid = |detail: String| RuleError::Invalid {
        file: file.into(),
        id: spec.id.clone(),
        detail,
    };
    if spec.builtin.is_none() && spec.keywords.is_empty() {
        return Err(invalid("needs keywords (or a builtin check)".into()));
    }
    no_empty(&spec.keywords, "keyword", file, &spec.id)?;
    no_empty(&spec.sections, "section name", file, &spec.id)?;
    no_empty(&spec.cues, "cue", file, &spec.id)?;
    // Only the learned scorer reads them: elsewhere they would be silently ignored.
    if (!spec.classes.is_empty() || !spec.cues.is_empty() || spec.skip_classes.is_some())
        && spec.builtin != Some(crate::rules::builtin::Builtin::LearnedScorer)
    {
        return Err(invalid(
            "`classes`, `cues` and `skip_classes` belong to a rule with builtin = \"learned_scorer\""
                .into(),
        ));
    }
    if spec.basis.is_empty() {
        return Err(invalid("needs a legal basis".into()));
    }
    if spec.examples.hit.len() < 2 || spec.examples.clean.len() < 2 {
        return Err(invalid(
            "needs at least two hit and two clean examples".into(),
        ));
    }
    if spec.doc_types.is_empty() {
        return Err(invalid("needs at least one doc type".into()));
    }
    Ok(spec.doc_types.clone())
}

impl RuleSet {
    /// Compiles packs given as (file name, TOML source).
    pub fn compile(sources: &[(String, String)]) -> Result<RuleSet, RuleError> {
        use sha2::Digest;
        let mut hasher = sha2::Sha256::new();
        let mut rules = vec![];
        let mut triggers = vec![];
        // Concepts first: a rule in any file may use a concept defined in any file.
        let mut files = vec![];
        let mut vocabulary = Vocabulary::default();
        for (file, src) in sources {
            hasher.update(file.as_bytes());
            hasher.update(src.as_bytes());
            let mut parsed: RuleFile = toml::from_str(src).map_err(|e| RuleError::Parse {
                file: file.clone(),
                detail: e.to_string().trim().replace('\n', " "),
            })?;
            for c in std::mem::take(&mut parsed.concepts) {
                let name = c.name.clone();
                vocabulary.add(c).map_err(|detail| RuleError::Invalid {
                    file: file.clone(),
                    id: name,
                    detail,
                })?;
            }
            files.push((file.clone(), parsed));
        }
        // Pattern skeletons for the anchor index, in the order the rules are compiled below.
        let mut skeletons: Vec<Vec<String>> = vec![];
        for (file, parsed) in files.iter_mut() {
            for spec in parsed.rules.iter_mut() {
                let invalid = |detail| RuleError::Invalid {
                    file: file.clone(),
                    id: spec.id.clone(),
                    detail,
                };
                skeletons.push(
                    spec.patterns
                        .iter()
                        .map(|p| vocabulary.skeleton(p).map(|s| normalize(&s)))
                        .collect::<Result<_, _>>()
                        .map_err(invalid)?,
                );
                vocabulary
                    .expand_rule(spec)
                    .map_err(|detail| RuleError::Invalid {
                        file: file.clone(),
                        id: spec.id.clone(),
                        detail,
                    })?;
            }
        }
        let rx = compile_all(&files);
        for (file, parsed) in files {
            let file = &file;
            for spec in parsed.rules {
                let doc_types = validate(&spec, file)?;
                if rules.iter().any(|r: &CompiledRule| r.spec.id == spec.id) {
                    return Err(RuleError::Invalid {
                        file: file.clone(),
                        id: spec.id.clone(),
                        detail: "duplicate rule id".into(),
                    });
                }
                let patterns = spec
                    .patterns
                    .iter()
                    .map(|p| compile_regex(p, file, &spec.id, &rx))
                    .collect::<Result<_, _>>()?;
                let require = spec
                    .require
                    .as_ref()
                    .map(|c| compile_condition(c, file, &spec.id, &rx))
                    .transpose()?;
                let forbid = spec
                    .forbid
                    .as_ref()
                    .map(|c| compile_condition(c, file, &spec.id, &rx))
                    .transpose()?;
                rules.push(CompiledRule {
                    sections: spec.sections.iter().map(|s| normalize(s)).collect(),
                    spec,
                    file: file.clone(),
                    doc_types,
                    patterns,
                    require,
                    forbid,
                });
            }
            for t in parsed.triggers {
                no_empty(&t.keywords, "trigger keyword", file, &t.name)?;
                no_empty(&t.forbid, "trigger forbid word", file, &t.name)?;
                triggers.push(CompiledTrigger {
                    forbid: t.forbid.iter().map(|s| normalize(s)).collect(),
                    spec: t,
                });
            }
        }
        for r in &rules {
            if let Some(unknown) = r
                .spec
                .yields_to
                .iter()
                .find(|o| !rules.iter().any(|x| &x.spec.id == *o))
            {
                return Err(RuleError::Invalid {
                    file: r.file.clone(),
                    id: r.spec.id.clone(),
                    detail: format!("yields_to names no rule: {unknown}"),
                });
            }
        }
        let mut table = WordTable::default();
        let patterns: Vec<Vec<&str>> = skeletons
            .iter()
            .map(|r| r.iter().map(String::as_str).collect())
            .collect();
        let anchors = anchor_index(&patterns, &vocabulary);
        for (i, r) in rules.iter().enumerate() {
            let own: Vec<String> = r.spec.keywords.iter().map(|k| normalize(k)).collect();
            // A pattern runs where a keyword of its rule falls inside its match; the words
            // every match of it contains are keywords too, so no pattern is silently dead
            // for want of a listed keyword.
            let implied: Vec<String> = anchors
                .implied_keywords(i, |w| own.iter().any(|k| w.contains(k.as_str())))
                .into_iter()
                .filter(|w| !own.iter().any(|k| k == w))
                .map(str::to_string)
                .collect();
            for w in own.into_iter().chain(implied) {
                table.keyword(w, KeywordOwner::Rule(i));
            }
        }
        for (i, t) in triggers.iter().enumerate() {
            for k in &t.spec.keywords {
                table.keyword(normalize(k), KeywordOwner::Trigger(i));
            }
        }
        // The anchor words join the same automaton: one scan of a block finds the keywords
        // and the anchor words the pattern filters need (two automata scanned it twice).
        for (id, w) in anchors.words().iter().enumerate() {
            table.anchor(w, id as u32);
        }
        let WordTable {
            words,
            keyword_owner,
            anchor_word,
            ..
        } = table;
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&words)
            .map_err(|e| RuleError::Parse {
                file: "keywords".into(),
                detail: e.to_string(),
            })?;
        Ok(RuleSet {
            rules,
            vocabulary,
            triggers,
            automaton,
            keyword_owner,
            anchor_word,
            anchor_index: anchors,
            warmed: Default::default(),
            digest: format!("{:x}", hasher.finalize())[..16].to_string(),
        })
    }

    /// The shipped packs plus every *.toml in `extra` folders (or `extra` pack files).
    pub fn load(extra: &[&Path]) -> Result<RuleSet, RuleError> {
        // The legal figures the builtin checks compare with: a malformed file is a load error.
        super::thresholds::shipped().map_err(|e| RuleError::Parse {
            file: e.file.clone(),
            detail: e.detail.clone(),
        })?;
        let mut sources: Vec<(String, String)> = BUILTIN_PACKS
            .iter()
            .map(|(f, s)| (f.to_string(), s.to_string()))
            .collect();
        for dir in extra {
            // A pack file named directly (`--rules pack.toml`) is read as it is.
            if dir.is_file() {
                let src = std::fs::read_to_string(dir)
                    .map_err(|e| RuleError::Io(dir.display().to_string(), e))?;
                sources.push((dir.display().to_string(), src));
                continue;
            }
            let mut files: Vec<_> = std::fs::read_dir(dir)
                .map_err(|e| RuleError::Io(dir.display().to_string(), e))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .collect();
            files.sort();
            for f in files {
                let src = std::fs::read_to_string(&f)
                    .map_err(|e| RuleError::Io(f.display().to_string(), e))?;
                sources.push((f.display().to_string(), src));
            }
        }
        RuleSet::compile(&sources)
    }

    /// Whether [`Self::warm`] or [`Self::warm_all`] has started.
    pub fn is_warm(&self) -> bool {
        self.warmed.load(std::sync::atomic::Ordering::Acquire)
    }

    /// True for the one caller that gets to warm; the others go straight on (each pattern
    /// still compiles once, on first use, under its own lock, with no rayon inside).
    fn claim_warming(&self) -> bool {
        use std::sync::atomic::Ordering;
        self.warmed
            .compare_exchange(false, true, Ordering::AcqRel, Ordering::Acquire)
            .is_ok()
    }

    /// Compiles `patterns` (rule, pattern) on all cores, once per process. Patterns compile on
    /// first use; for the first document, which meets them all at once, that is most of a
    /// one-file check (≈ 33 ms of 35 for a real docx), and one pattern at a time.
    pub fn warm(&self, patterns: &[(usize, usize)]) {
        if self.claim_warming() {
            let patterns: Vec<&RuleRegex> = patterns
                .iter()
                .map(|&(r, i)| &self.rules[r].patterns[i])
                .collect();
            self.compile_beside_models(&patterns);
        }
    }

    /// Compiles every pattern and condition regex and reads the scorer's model and the case
    /// index, on all cores: a long-running service pays this once at start instead of in
    /// its first requests (≈ 0.3 s of one core for the shipped packs).
    pub fn warm_all(&self) {
        self.warmed
            .store(true, std::sync::atomic::Ordering::Release);
        self.compile_beside_models(&self.regexes());
    }

    /// Every pattern and condition regex of every rule.
    fn regexes(&self) -> Vec<&RuleRegex> {
        let mut all: Vec<&RuleRegex> = vec![];
        for r in &self.rules {
            all.extend(&r.patterns);
            for c in r.require.iter().chain(&r.forbid) {
                compiled_regexes(c, &mut all);
            }
        }
        all
    }

    /// Compiles `regexes` on all cores; the case index and the scorer's model, read on first
    /// use by checks that run last, are read beside them on a spare core. Never called inside
    /// a lock's initialiser (see `warmed`).
    fn compile_beside_models(&self, regexes: &[&RuleRegex]) {
        use rayon::prelude::*;
        let uses =
            |b: super::builtin::Builtin| self.rules.iter().any(|r| r.spec.builtin == Some(b));
        rayon::join(
            || {
                regexes.par_iter().for_each(|re| {
                    re.get();
                })
            },
            || {
                if uses(super::builtin::Builtin::LearnedScorer) {
                    super::scorer::shipped();
                }
                if uses(super::builtin::Builtin::NearPrecedent) {
                    super::precedent::index();
                }
            },
        );
    }

    /// The keywords and anchor words in `text`, in one pass of the automaton.
    pub fn scan(&self, text: &str) -> Scan {
        let mut keywords = vec![];
        let mut anchors = vec![];
        for m in self.automaton.find_overlapping_iter(text) {
            let i = m.pattern().as_usize();
            if self.anchor_word[i] != NO_ANCHOR {
                anchors.push((m.start(), m.end(), self.anchor_word[i]));
            }
            if !self.keyword_owner[i].is_empty() {
                keywords.push((m.start(), m.end(), i));
            }
        }
        Scan {
            keywords,
            anchors: BlockAnchors::from_hits(anchors),
        }
    }

    /// The anchor words of every rule pattern, parsed when the packs load.
    pub fn anchors(&self) -> &AnchorIndex {
        &self.anchor_index
    }

    pub fn get(&self, id: &str) -> Option<&CompiledRule> {
        self.rules.iter().find(|r| r.spec.id == id)
    }
}

fn compiled_regexes<'a>(c: &'a CompiledCondition, out: &mut Vec<&'a RuleRegex>) {
    out.extend(&c.regex);
    for sub in c.all.iter().chain(&c.any).chain(c.not.as_deref()) {
        compiled_regexes(sub, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warm_all_compiles_every_pattern_and_condition() {
        let set = RuleSet::load(&[]).unwrap();
        assert!(!set.is_warm());
        set.warm_all();
        assert!(set.is_warm());
        let all = set.regexes();
        assert!(all.len() > 900, "{}", all.len());
        assert!(all.iter().all(|re| re.regex.get().is_some()));
    }

    /// `h` with its look-arounds (^, $, \b) dropped.
    fn without_looks(h: &regex_syntax::hir::Hir) -> regex_syntax::hir::Hir {
        use regex_syntax::hir::{Capture, Hir, HirKind, Repetition};
        match h.kind() {
            HirKind::Look(_) => Hir::empty(),
            HirKind::Repetition(r) => Hir::repetition(Repetition {
                sub: Box::new(without_looks(&r.sub)),
                ..r.clone()
            }),
            HirKind::Capture(c) => Hir::capture(Capture {
                sub: Box::new(without_looks(&c.sub)),
                ..c.clone()
            }),
            HirKind::Concat(ps) => Hir::concat(ps.iter().map(without_looks).collect()),
            HirKind::Alternation(ps) => Hir::alternation(ps.iter().map(without_looks).collect()),
            _ => h.clone(),
        }
    }

    /// The anchor filters are only ever a shortcut: on strings generated to match each
    /// shipped pattern, neither the anchor sets nor their order and distances rule it out.
    #[test]
    fn anchor_filters_never_rule_out_a_generated_match() {
        use proptest::strategy::{Strategy, ValueTree};
        use proptest::test_runner::TestRunner;
        let set = RuleSet::load(&[]).unwrap();
        let anchors = set.anchors();
        let mut runner = TestRunner::deterministic();
        let (mut checked, mut ordered, mut with_looks) = (0, 0, 0);
        for (r, rule) in set.rules.iter().enumerate() {
            for (i, re) in rule.patterns.iter().enumerate() {
                // The generator cannot write look-arounds (^, $, \b): it writes strings for
                // the pattern without them, and those the pattern itself matches are checked.
                let hir = regex_syntax::Parser::new().parse(&re.source).unwrap();
                let looks = !hir.properties().look_set().is_empty();
                let Ok(strategy) = proptest::string::string_regex(&without_looks(&hir).to_string())
                else {
                    continue;
                };
                for _ in 0..24 {
                    let text = strategy.new_tree(&mut runner).unwrap().current();
                    if looks && !re.get().is_match(&text) {
                        continue;
                    }
                    with_looks += usize::from(looks);
                    let block = anchors.block(&text);
                    // The engine takes the anchor words from the keyword scan: the same hits.
                    assert_eq!(
                        set.scan(&text).anchors,
                        block,
                        "{} pattern {i}",
                        rule.spec.id
                    );
                    let present = anchors.present(&block, 0, text.len());
                    assert!(
                        anchors.may_match(r, i, &present, &text, &block, 0..text.len()),
                        "{} pattern {i} matches {text:?} but was filtered out",
                        rule.spec.id
                    );
                    checked += 1;
                }
                ordered += usize::from(anchors.has_chain(r, i));
            }
        }
        assert!(checked > 15_000, "{checked}");
        // Patterns with look-arounds are checked too.
        assert!(with_looks >= 200, "{with_looks}");
        // The order filter is not vacuous: most patterns carry two ordered anchor sets.
        assert!(ordered > 500, "{ordered}");
    }

    #[test]
    fn every_builtin_regex_compiles() {
        let set = RuleSet::load(&[]).unwrap();
        let all = set.regexes();
        for re in &all {
            assert!(Regex::new(&re.source).is_ok(), "{}", re.source);
            re.get();
        }
        let n = all.len();
        assert!(n > 50, "only {n} regexes");
    }
}
