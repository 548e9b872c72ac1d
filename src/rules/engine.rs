//! Runs a compiled rule set over a document: one Aho-Corasick pass over each block's
//! normalised text finds candidates; regexes and conditions run only on those windows.

use std::collections::BTreeMap;

// Keyed by small tuples of indices, probed thousands of times per document: Fx, not SipHash.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::anchors::{BlockAnchors, Present};
use super::builtin;
use super::compile::{CompiledCondition, CompiledRule, KeywordOwner, RuleSet};
use super::finding::{BasisRef, Finding, Trigger};
use super::level::issuer_level;
use super::schema::{Category, Exception, Level, Scope};
use crate::document::location::location_of;
use crate::document::model::{DocType, Document, Party};
use crate::document::prepared::{Prepared, prepare};
use crate::document::voice::Voice;

/// Which rules to run: ids, id prefixes or categories to keep / drop.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    /// Reference date for undated documents; today when unset.
    pub as_of: Option<chrono::NaiveDate>,
    /// Jurisdiction profile (山东省, shandong …); the national default when unset.
    pub jurisdiction: Option<String>,
    /// Published cases not to name as precedents: the case under review itself, when
    /// `fashen rules cases` reviews the case corpus.
    pub not_precedents: super::precedent::Exclude,
    /// Read every sentence as the document's own provision, whatever its voice (the cases
    /// harness: a published quote such as 经查，当事人印发… is the provision found unlawful).
    pub assume_own_voice: bool,
}

impl Selection {
    pub fn allows(&self, rule: &CompiledRule) -> bool {
        let hit = |list: &[String]| {
            list.iter()
                .any(|s| selector_matches(s, &rule.spec.id, rule.spec.category.as_str()))
        };
        (self.select.is_empty() || hit(&self.select)) && !hit(&self.ignore)
    }

    /// Every name in `select` and `ignore` exists in `set`.
    pub fn check(&self, set: &RuleSet) -> Result<(), UnknownName> {
        check_names(set, &self.select)?;
        check_names(set, &self.ignore)
    }
}

/// Whether one selector (`--select`, `--ignore`, a waiver's `rule`) names a rule: its id,
/// an id prefix ending at a dash (NORM, CON-PAY) or its category. Ids and prefixes match
/// case-insensitively (norm-pen-001 is NORM-PEN-001).
pub fn selector_matches(selector: &str, id: &str, category: &str) -> bool {
    let s = selector.trim();
    if s.is_empty() {
        return false;
    }
    id.eq_ignore_ascii_case(s)
        || category.eq_ignore_ascii_case(s)
        || (id.len() > s.len()
            && id.as_bytes()[s.len()] == b'-'
            && id.get(..s.len()).is_some_and(|p| p.eq_ignore_ascii_case(s)))
}

/// A selector that names no rule, id prefix or category, with the closest valid name.
#[derive(Debug, Clone, PartialEq)]
pub struct UnknownName {
    pub name: String,
    pub closest: Option<String>,
}

impl std::fmt::Display for UnknownName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.name.trim().is_empty() {
            return write!(f, "规则名为空：请删去空项");
        }
        write!(f, "没有名为“{}”的规则、规则前缀或类别", self.name)?;
        match &self.closest {
            Some(c) => write!(f, "：是不是 {c}？（fashen rules list 列出全部规则）"),
            None => write!(f, "：用 fashen rules list 查看全部规则"),
        }
    }
}

impl std::error::Error for UnknownName {}

/// Checks that each selector in `names` names something in `set`.
pub fn check_names(set: &RuleSet, names: &[String]) -> Result<(), UnknownName> {
    for n in names {
        let known = !n.trim().is_empty()
            && (set
                .rules
                .iter()
                .any(|r| selector_matches(n, &r.spec.id, r.spec.category.as_str()))
                || Category::ALL
                    .iter()
                    .any(|c| c.as_str().eq_ignore_ascii_case(n.trim())));
        if !known {
            return Err(UnknownName {
                name: n.clone(),
                closest: closest_name(set, n),
            });
        }
    }
    Ok(())
}

/// The valid name (rule id, id prefix or category) nearest to `name`.
fn closest_name(set: &RuleSet, name: &str) -> Option<String> {
    let mut names: Vec<String> = Category::ALL
        .iter()
        .map(|c| c.as_str().to_string())
        .collect();
    for r in &set.rules {
        let id = &r.spec.id;
        for (i, _) in id.match_indices('-') {
            names.push(id[..i].to_string());
        }
        names.push(id.clone());
    }
    let wanted = name.trim().to_ascii_uppercase();
    names
        .into_iter()
        .map(|n| {
            (
                strsim::normalized_levenshtein(&wanted, &n.to_ascii_uppercase()),
                n,
            )
        })
        .filter(|(score, _)| *score >= 0.5)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, n)| n)
}

pub struct Review {
    pub findings: Vec<Finding>,
    pub triggers: Vec<Trigger>,
    pub level: Level,
    pub citations: Vec<crate::citations::Citation>,
}

const PROHIBITION: [&str; 17] = [
    "不得",
    "严禁",
    "禁止",
    "不准",
    "不应",
    "不能",
    "防止",
    "杜绝",
    "避免",
    "严防",
    "不允许",
    "制止",
    "纠正",
    "清理",
    "查处",
    "整治",
    "违法违规",
];

fn window(text: &str, start: usize, end: usize, within: Option<usize>) -> &str {
    let Some(n) = within else { return text };
    let s = text[..start]
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    let e = text[end..]
        .char_indices()
        .nth(n)
        .map_or(text.len(), |(i, _)| end + i);
    &text[s..e]
}

pub fn holds(c: &CompiledCondition, text: &str, start: usize, end: usize) -> bool {
    let w = window(text, start, end, c.within);
    (c.any_of.is_empty() || c.any_of.iter().any(|k| w.contains(k.as_str())))
        && c.all_of.iter().all(|k| w.contains(k.as_str()))
        && c.regex.as_ref().is_none_or(|r| r.get().is_match(w))
        && c.all.iter().all(|s| holds(s, text, start, end))
        && (c.any.is_empty() || c.any.iter().any(|s| holds(s, text, start, end)))
        && c.not.as_ref().is_none_or(|n| !holds(n, text, start, end))
}

/// Renders {match} and named captures into a message template.
fn render(template: &str, matched: &str, caps: &BTreeMap<String, String>) -> String {
    let mut s = template.replace("{match}", matched);
    for (k, v) in caps {
        s = s.replace(&format!("{{{k}}}"), v);
    }
    s
}

pub fn basis_of(rule: &CompiledRule) -> Vec<BasisRef> {
    rule.spec
        .basis
        .iter()
        .map(|b| BasisRef {
            law: b.law.clone(),
            article: b.article.clone(),
            text: b.text.clone(),
        })
        .collect()
}

pub fn rule_applies(rule: &CompiledRule, doc_type: DocType, level: Level, sel: &Selection) -> bool {
    rule.doc_types.contains(&doc_type)
        && if rule.spec.levels.is_empty() {
            rule.spec.applies_below.is_none_or(|limit| level < limit)
        } else {
            rule.spec.levels.contains(&level)
        }
        && sel.allows(rule)
}

/// Whether a rule applies to `doc`: [`rule_applies`], and a rule with `policy_measures`
/// (the fair-competition rules of normative documents) also on an administrative letter
/// (批复, 复函, 答复, 请示 …) or a decision that rewards operators (关于表彰纳税百强企业的决定). Such a text is no
/// 规范性文件, but it is a 具体政策措施 that 公平竞争审查条例 第二条 puts under the same
/// review: a 批复 that lets one company run the district's gas supply restricts competition
/// as a notice would.
fn applies_to(rule: &CompiledRule, doc: &Document, level: Level, sel: &Selection) -> bool {
    rule_applies(rule, doc.doc_type, level, sel)
        || (rule.spec.policy_measures
            && is_policy_measure(doc)
            && rule_applies(rule, DocType::Normative, level, sel))
}

/// A letter or reward decision under fair-competition review (see [`applies_to`]).
fn is_policy_measure(doc: &Document) -> bool {
    matches!(doc.doc_type, DocType::Other | DocType::Decision)
        && doc
            .title
            .as_deref()
            .is_some_and(crate::document::classify::is_policy_letter)
}

/// A finding for a match in a prepared block (byte offsets in the normalised text).
pub fn finding_at(
    rule: &CompiledRule,
    p: &Prepared,
    sentence: (usize, usize),
    m: (usize, usize),
    caps: &BTreeMap<String, String>,
) -> Finding {
    let original = p.block.source();
    let (ms, me) = p.norm.range(original, m.0, m.1);
    let (ss, se) = p.norm.range(original, sentence.0, sentence.1);
    let matched = original[ms..me].to_string();
    let char_start = p.norm.char_offset(original, ms);
    Finding {
        rule: rule.spec.id.clone(),
        category: rule.spec.category,
        severity: rule.spec.severity,
        message: render(&rule.spec.message, &matched, caps),
        suggestion: render(&rule.spec.suggestion, &matched, caps),
        basis: basis_of(rule),
        location: location_of(p.block, p.index),
        excerpt: original[ss..se].trim().to_string(),
        span: [char_start, char_start + matched.chars().count()],
        matched,
        waived: None,
        precedents: vec![],
    }
}

fn scope_range(rule: &CompiledRule, p: &Prepared, sentence: (usize, usize)) -> (usize, usize) {
    match rule.spec.scope {
        Scope::Sentence => sentence,
        _ => (0, p.norm.text.len()),
    }
}

/// The text a rule's `require`/`forbid` conditions look at when its scope is wider than
/// one block: the whole article (all its 款/项), the chapter or outline part, or the
/// document; with each prepared block's offset inside it.
#[derive(Default)]
pub struct ScopeTexts {
    texts: Vec<String>,
    /// Per prepared block: (article group, offset), (section group, offset), document offset.
    at: Vec<[(usize, usize); 3]>,
}

impl ScopeTexts {
    pub fn build(prepared: &[Prepared]) -> Self {
        let mut st = ScopeTexts {
            texts: vec![String::new()],
            at: vec![],
        };
        let (mut art_key, mut art) = (None::<String>, usize::MAX);
        let (mut sec_key, mut sec) = (None::<String>, usize::MAX);
        for p in prepared {
            let key = p
                .block
                .path
                .iter()
                .find(|s| s.ends_with('条'))
                .or(p.block.path.first())
                .cloned();
            if key.is_none() || key != art_key {
                art_key = key;
                art = st.texts.len();
                st.texts.push(String::new());
            }
            if sec_key.as_deref() != Some(p.section.as_str()) {
                sec_key = Some(p.section.clone());
                sec = st.texts.len();
                st.texts.push(String::new());
            }
            let mut slot = [(art, 0), (sec, 0), (0, 0)];
            for (g, off) in slot.iter_mut() {
                *off = st.texts[*g].len();
                st.texts[*g].push_str(&p.norm.text);
                st.texts[*g].push('\n');
            }
            st.at.push(slot);
        }
        st
    }

    /// The condition text for `scope` around prepared block `i`, and the block's offset in it.
    fn get(&self, scope: Scope, i: usize) -> Option<(&str, usize)> {
        let slot = self.at.get(i)?;
        let (g, off) = match scope {
            Scope::Article => slot[0],
            Scope::Section => slot[1],
            Scope::Document => slot[2],
            Scope::Sentence | Scope::Clause => return None,
        };
        Some((&self.texts[g], off))
    }
}

/// What a sentence says about every match in it, computed once per sentence: where its
/// quotation marks are (a match is quoted when more open before it than close) and
/// whether it cites a law.
struct SentenceFacts {
    marks: [Vec<usize>; 4],
    citation: bool,
}

const QUOTES: [char; 4] = ['《', '》', '“', '”'];

const CITATION: [&str; 8] = [
    "依照《",
    "根据《",
    "依据《",
    "按照《",
    "依法",
    "法律、法规规定",
    "法律法规规定",
    "有关规定",
];

impl SentenceFacts {
    fn of(sentence: &str) -> Self {
        let mut marks: [Vec<usize>; 4] = Default::default();
        for (i, c) in sentence.char_indices() {
            if let Some(k) = QUOTES.iter().position(|q| *q == c) {
                marks[k].push(i);
            }
        }
        SentenceFacts {
            marks,
            citation: CITATION.iter().any(|w| sentence.contains(w)),
        }
    }

    /// Quotation marks of kind `k` that end before byte `at`.
    fn before(&self, k: usize, at: usize) -> usize {
        self.marks[k].partition_point(|&x| x < at)
    }
}

/// Words that make the trigger a quotation of a prohibition or a question, not a
/// prescription; what depends on the whole sentence comes from `facts`. The quotation
/// exception holds for every match in a sentence that is not in the document's own voice
/// (a quotation of another text, a report of what others did or said: document::voice),
/// and for a match inside 《》 or “” of an own sentence.
fn excepted_in(
    rule: &CompiledRule,
    sentence: &str,
    facts: &SentenceFacts,
    voice: Voice,
    match_start: usize,
) -> bool {
    let at = match_start.min(sentence.len());
    let before = &sentence[..at];
    let tail = |n: usize| -> &str {
        let start = before
            .char_indices()
            .rev()
            .nth(n.saturating_sub(1))
            .map_or(0, |(i, _)| i);
        &before[start..]
    };
    rule.spec.exceptions.iter().any(|e| match e {
        Exception::Prohibition => PROHIBITION.iter().any(|w| tail(30).contains(w)),
        Exception::Question => tail(40).contains("是否"),
        Exception::Quotation => {
            voice != Voice::Own
                || facts.before(0, at) > facts.before(1, at)
                || facts.before(2, at) > facts.before(3, at)
        }
        Exception::Citation => facts.citation,
    })
}

/// Drops the findings of a rule whose `yields_to` rule has a finding on the same sentence.
fn yield_to_earlier(findings: &mut Vec<Finding>, set: &RuleSet) {
    let yields: HashMap<&str, &[String]> = set
        .rules
        .iter()
        .filter(|r| !r.spec.yields_to.is_empty())
        .map(|r| (r.spec.id.as_str(), r.spec.yields_to.as_slice()))
        .collect();
    if yields.is_empty() {
        return;
    }
    let spoken: HashSet<(&str, Option<usize>, &str)> = findings
        .iter()
        .map(|f| (f.rule.as_str(), f.location.block, f.excerpt.as_str()))
        .collect();
    let keep: Vec<bool> = findings
        .iter()
        .map(|f| {
            yields.get(f.rule.as_str()).is_none_or(|first| {
                !first
                    .iter()
                    .any(|o| spoken.contains(&(o.as_str(), f.location.block, f.excerpt.as_str())))
            })
        })
        .collect();
    let mut i = 0;
    findings.retain(|_| {
        i += 1;
        keep[i - 1]
    });
}

/// `holds`, with the checks on a whole text (conditions without `within`) remembered per
/// (condition, text): they do not depend on where the match is.
fn holds_memo(
    c: &CompiledCondition,
    text: &str,
    start: usize,
    end: usize,
    memo: &mut HashMap<(usize, usize, usize), bool>,
) -> bool {
    let local = |w: &str| {
        (c.any_of.is_empty() || c.any_of.iter().any(|k| w.contains(k.as_str())))
            && c.all_of.iter().all(|k| w.contains(k.as_str()))
            && c.regex.as_ref().is_none_or(|r| r.get().is_match(w))
    };
    let own = match c.within {
        None => *memo
            .entry((c as *const _ as usize, text.as_ptr() as usize, text.len()))
            .or_insert_with(|| local(text)),
        Some(_) => local(window(text, start, end, c.within)),
    };
    own && c.all.iter().all(|s| holds_memo(s, text, start, end, memo))
        && (c.any.is_empty() || c.any.iter().any(|s| holds_memo(s, text, start, end, memo)))
        && c.not
            .as_ref()
            .is_none_or(|n| !holds_memo(n, text, start, end, memo))
}

/// Match spans of one pattern in a scope, in order (they do not overlap).
type Spans = Vec<(usize, usize)>;

/// The rule checks of one prepared block, each (rule, sentence) evaluated once: a rule's
/// patterns run once over a scope, each keyword finds its match among them by binary
/// search, and a match whose conditions failed is not checked again for the next keyword.
/// Same findings as checking each keyword on its own (the first keyword, in match order,
/// whose match passes gives the finding), in time linear in the block.
struct BlockCheck<'p> {
    /// (rule, sentence) pairs that have their finding.
    done: HashSet<(usize, usize)>,
    /// Match spans (block offsets) of the patterns that match, with their index, in pattern
    /// order, per (rule, scope start, scope end).
    spans: HashMap<(usize, usize, usize), Vec<(usize, Spans)>>,
    /// (rule, sentence, pattern, match start, match end) whose conditions failed.
    failed: HashSet<(usize, usize, usize, usize, usize)>,
    facts: HashMap<usize, SentenceFacts>,
    /// Anchor words of the rule patterns in this block (from the block's keyword scan).
    anchors: BlockAnchors,
    /// Anchor sets present per scope (start, end).
    present: HashMap<(usize, usize), Present>,
    p: &'p Prepared<'p>,
    /// The document's party table, for the `public`/`organ` pattern groups.
    parties: &'p [Party],
}

impl<'p> BlockCheck<'p> {
    fn new(p: &'p Prepared<'p>, parties: &'p [Party], anchors: BlockAnchors) -> Self {
        BlockCheck {
            parties,
            done: HashSet::default(),
            spans: HashMap::default(),
            failed: HashSet::default(),
            facts: HashMap::default(),
            anchors,
            present: HashMap::default(),
            p,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn candidate(
        &mut self,
        set: &RuleSet,
        r: usize,
        pos: usize,
        wide: &ScopeTexts,
        si: usize,
        kw: (usize, usize),
        memo: &mut HashMap<(usize, usize, usize), bool>,
    ) -> Option<Finding> {
        let p = self.p;
        let rule = &set.rules[r];
        if self.done.contains(&(r, si)) {
            return None;
        }
        if !rule.sections.is_empty()
            && !rule.sections.iter().any(|s| p.section.contains(s.as_str()))
        {
            return None;
        }
        let sentence = p.sentences[si];
        let (s0, s1) = scope_range(rule, p, sentence);
        let scope = &p.norm.text[s0..s1];
        // Per pattern, in order, its first match overlapping the keyword. The first of them
        // that survives the exceptions and conditions is the finding: a pattern whose match
        // starts after 不得 must not hide a later pattern's match of the same clause.
        let matches: Vec<(usize, usize, usize)> = if rule.patterns.is_empty() {
            vec![(usize::MAX, kw.0, kw.1)]
        } else {
            let spans = self.spans.entry((r, s0, s1)).or_insert_with(|| {
                // Only the patterns whose anchor words are all in the scope can match.
                let anchors = set.anchors();
                let block = &self.anchors;
                let present = self
                    .present
                    .entry((s0, s1))
                    .or_insert_with(|| anchors.present(block, s0, s1));
                // Only the patterns with a match are kept: nearly all fail the anchor filter,
                // and an empty list for each of them was built, stored, walked and dropped.
                anchors
                    .matching(r, rule.patterns.len(), present, &p.norm.text, block, s0..s1)
                    .filter_map(|i| {
                        let list: Spans = rule.patterns[i]
                            .get()
                            .find_iter(scope)
                            .map(|m| (m.start() + s0, m.end() + s0))
                            .collect();
                        (!list.is_empty()).then_some((i, list))
                    })
                    .collect()
            });
            spans
                .iter()
                .filter_map(|&(i, ref list)| {
                    // Matches do not overlap: their ends grow with their starts.
                    let j = list.partition_point(|&(_, e)| e < kw.0);
                    list.get(j)
                        .filter(|&&(s, _)| s <= kw.1)
                        .map(|&(s, e)| (i, s, e))
                })
                .collect()
        };
        matches.into_iter().find_map(|(pattern, ms, me)| {
            self.check_match(set, r, pos, wide, (si, s0, s1), (pattern, ms, me), memo)
        })
    }

    /// Exceptions, conditions and party groups for one match of rule `r`'s `pattern` in
    /// sentence `si`, whose rule scope [`scope_range`] gave as `s0..s1`.
    #[allow(clippy::too_many_arguments)]
    fn check_match(
        &mut self,
        set: &RuleSet,
        r: usize,
        pos: usize,
        wide: &ScopeTexts,
        (si, s0, s1): (usize, usize, usize),
        (pattern, ms, me): (usize, usize, usize),
        memo: &mut HashMap<(usize, usize, usize), bool>,
    ) -> Option<Finding> {
        let p = self.p;
        let rule = &set.rules[r];
        let sentence = p.sentences[si];
        let scope = &p.norm.text[s0..s1];
        let key = (r, si, pattern, ms, me);
        if self.failed.contains(&key) {
            return None;
        }
        let sentence_text = &p.norm.text[sentence.0..sentence.1];
        let facts = self
            .facts
            .entry(si)
            .or_insert_with(|| SentenceFacts::of(sentence_text));
        let voice = p.voices.get(si).map_or(Voice::Own, |m| m.voice);
        let passes = !excepted_in(
            rule,
            sentence_text,
            facts,
            voice,
            ms.saturating_sub(sentence.0),
        ) && {
            let (cond_text, ms_c, me_c) = match wide.get(rule.spec.scope, pos) {
                Some((text, off)) => (text, ms + off, me + off),
                None => (scope, ms - s0, me - s0),
            };
            rule.require
                .as_ref()
                .is_none_or(|req| holds_memo(req, cond_text, ms_c, me_c, memo))
                && rule
                    .forbid
                    .as_ref()
                    .is_none_or(|f| !holds_memo(f, cond_text, ms_c, me_c, memo))
        };
        if !passes {
            self.failed.insert(key);
            return None;
        }
        let mut caps = BTreeMap::new();
        if let Some(re) = rule.patterns.get(pattern).map(|re| re.get())
            && let Some(c) = re.captures_at(scope, ms - s0)
        {
            for name in re.capture_names().flatten() {
                if let Some(v) = c.name(name) {
                    caps.insert(name.to_string(), v.as_str().to_string());
                }
            }
        }
        if !super::party_groups::hold(&caps, self.parties) {
            self.failed.insert(key);
            return None;
        }
        self.done.insert((r, si));
        Some(finding_at(rule, p, sentence, (ms, me), &caps))
    }
}

/// Findings of the keyword rules and the first evidence of each trigger.
fn keyword_findings(
    prepared: &[Prepared],
    parties: &[Party],
    set: &RuleSet,
    applies: &[bool],
    wide: &ScopeTexts,
) -> (Vec<Finding>, BTreeMap<usize, Trigger>) {
    let mut findings = vec![];
    let mut trigger_evidence: BTreeMap<usize, Trigger> = BTreeMap::new();
    let mut memo: HashMap<(usize, usize, usize), bool> = HashMap::default();
    for (pos, p) in prepared.iter().enumerate() {
        let scan = set.scan(&p.norm.text);
        let mut block = BlockCheck::new(p, parties, scan.anchors);
        // (trigger, sentence) pairs ruled out: a forbidden word is in the sentence, or it is not
        // in the document's own voice.
        let mut trigger_ruled_out: HashSet<(usize, usize)> = HashSet::default();
        for &(m_start, m_end, pattern) in &scan.keywords {
            let si = p.sentences.partition_point(|&(_, b)| b <= m_start);
            if p.sentences.get(si).is_none_or(|&(a, _)| a > m_start) {
                continue;
            }
            let sentence = p.sentences[si];
            for &owner in &set.keyword_owner[pattern] {
                match owner {
                    KeywordOwner::Rule(r) => {
                        if !applies[r] {
                            continue;
                        }
                        if let Some(f) =
                            block.candidate(set, r, pos, wide, si, (m_start, m_end), &mut memo)
                        {
                            findings.push(f);
                        }
                    }
                    KeywordOwner::Trigger(t) => {
                        let trig = &set.triggers[t];
                        if trigger_evidence.contains_key(&t) || trigger_ruled_out.contains(&(t, si))
                        {
                            continue;
                        }
                        let text = &p.norm.text[sentence.0..sentence.1];
                        // A quoted or reported sentence is no evidence of what this document
                        // does (a contract quoting the 预算法 on 财政资金 does not spend any).
                        let own = p.voices.get(si).is_none_or(|m| m.is_own());
                        if !own || trig.forbid.iter().any(|f| text.contains(f.as_str())) {
                            trigger_ruled_out.insert((t, si));
                            continue;
                        }
                        let (ss, se) = p.norm.range(p.block.source(), sentence.0, sentence.1);
                        trigger_evidence.insert(
                            t,
                            Trigger {
                                kind: trig.spec.kind,
                                name: trig.spec.name.clone(),
                                evidence: p.block.source()[ss..se].trim().to_string(),
                                location: location_of(p.block, p.index),
                            },
                        );
                    }
                }
            }
        }
    }
    (findings, trigger_evidence)
}

/// The patterns a document is about to need, as (rule, pattern): of the rules whose keywords
/// occur, those whose anchor words are all in the same block (a superset of what the
/// keyword loop will search, found in one pass).
fn first_patterns(prepared: &[Prepared], set: &RuleSet, applies: &[bool]) -> Vec<(usize, usize)> {
    let anchors = set.anchors();
    let mut hit: Vec<(usize, usize)> = vec![];
    for p in prepared {
        let scan = set.scan(&p.norm.text);
        let mut rules: Vec<usize> = scan
            .keywords
            .iter()
            .flat_map(|&(_, _, i)| &set.keyword_owner[i])
            .filter_map(|o| match *o {
                KeywordOwner::Rule(r) if applies[r] => Some(r),
                _ => None,
            })
            .collect();
        if rules.is_empty() {
            continue;
        }
        rules.sort_unstable();
        rules.dedup();
        let block = scan.anchors;
        let present = anchors.present(&block, 0, p.norm.text.len());
        for r in rules {
            for i in 0..set.rules[r].patterns.len() {
                if anchors.may_match(r, i, &present, &p.norm.text, &block, 0..p.norm.text.len()) {
                    hit.push((r, i));
                }
            }
        }
    }
    hit.sort_unstable();
    hit.dedup();
    hit
}

pub fn review(doc: &Document, set: &RuleSet, sel: &Selection) -> Review {
    let level = issuer_level(doc);
    let mut prepared = prepare(doc);
    if sel.assume_own_voice {
        prepared.iter_mut().for_each(Prepared::assume_own_voice);
    }
    let applies: Vec<bool> = set
        .rules
        .iter()
        .map(|r| applies_to(r, doc, level, sel))
        .collect();
    let wide = if set.rules.iter().zip(&applies).any(|(r, a)| {
        *a && matches!(
            r.spec.scope,
            Scope::Article | Scope::Section | Scope::Document
        )
    }) {
        ScopeTexts::build(&prepared)
    } else {
        ScopeTexts::default()
    };
    if !set.is_warm() {
        set.warm(&first_patterns(&prepared, set, &applies));
    }
    let (mut findings, trigger_evidence) =
        keyword_findings(&prepared, &doc.parties, set, &applies, &wide);
    let as_of = sel.as_of.map_or_else(crate::citations::today, |d| {
        d.format("%Y-%m-%d").to_string()
    });
    let checked = crate::citations::check::check(doc, &prepared, &as_of);
    let ctx = builtin::Context {
        citations: &checked,
        date: &crate::citations::check::reference_date(doc, &as_of),
        level,
        jurisdiction: sel
            .jurisdiction
            .as_deref()
            .and_then(super::jurisdiction::find),
        decision: std::cell::OnceCell::new(),
        values: std::cell::OnceCell::new(),
    };
    for (r, rule) in set.rules.iter().enumerate() {
        if applies[r]
            && let Some(name) = &rule.spec.builtin
        {
            findings.extend(builtin::run(*name, rule, doc, &prepared, &ctx));
        }
    }
    // Sentences close to a published case that no other check flagged (last: it needs the
    // other findings).
    for (r, rule) in set.rules.iter().enumerate() {
        if applies[r] && rule.spec.builtin == Some(builtin::Builtin::NearPrecedent) {
            let near =
                builtin::near_precedent::check(rule, &prepared, &findings, &sel.not_precedents);
            findings.extend(near);
        }
    }
    for (r, rule) in set.rules.iter().enumerate() {
        if applies[r] && rule.spec.builtin == Some(builtin::Builtin::LearnedScorer) {
            let noted = builtin::learned_scorer::check(
                rule,
                &prepared,
                level,
                &findings,
                &sel.not_precedents,
            );
            findings.extend(noted);
        }
    }
    findings.sort_by(|a, b| {
        (a.location.block, a.span[0], &a.rule).cmp(&(b.location.block, b.span[0], &b.rule))
    });
    findings.dedup_by(|a, b| {
        a.rule == b.rule && a.location.block == b.location.block && a.span == b.span
    });
    yield_to_earlier(&mut findings, set);
    let cases = super::precedent::index();
    for f in &mut findings {
        if f.precedents.is_empty() && !f.excerpt.is_empty() {
            f.precedents = cases.precedents(&f.excerpt, f.category, &sel.not_precedents);
        }
    }
    // One trigger entry per kind, in the taxonomy's order.
    let mut triggers: Vec<Trigger> = trigger_evidence.into_values().collect();
    triggers.sort_by_key(|t| t.kind);
    triggers.dedup_by(|a, b| a.kind == b.kind);
    Review {
        findings,
        triggers,
        level,
        citations: checked.into_iter().map(|c| c.citation).collect(),
    }
}

/// The keyword loop as it was before it was made linear (each keyword checked on its own,
/// its rule's patterns run over the whole scope every time): the reference the linear loop
/// must agree with.
#[cfg(test)]
mod reference {
    use super::*;

    fn excepted(rule: &CompiledRule, sentence: &str, voice: Voice, match_start: usize) -> bool {
        let before = &sentence[..match_start.min(sentence.len())];
        let tail = |n: usize| -> &str {
            let start = before
                .char_indices()
                .rev()
                .nth(n.saturating_sub(1))
                .map_or(0, |(i, _)| i);
            &before[start..]
        };
        rule.spec.exceptions.iter().any(|e| match e {
            Exception::Prohibition => PROHIBITION.iter().any(|w| tail(30).contains(w)),
            Exception::Question => tail(40).contains("是否"),
            Exception::Quotation => {
                voice != Voice::Own
                    || before.matches('《').count() > before.matches('》').count()
                    || before.matches('“').count() > before.matches('”').count()
            }
            Exception::Citation => CITATION.iter().any(|w| sentence.contains(w)),
        })
    }

    fn check_candidate(
        rule: &CompiledRule,
        parties: &[Party],
        p: &Prepared,
        pos: usize,
        wide: &ScopeTexts,
        sentence: (usize, usize),
        kw: (usize, usize),
    ) -> Option<Finding> {
        if !rule.sections.is_empty()
            && !rule.sections.iter().any(|s| p.section.contains(s.as_str()))
        {
            return None;
        }
        let (s0, s1) = scope_range(rule, p, sentence);
        let scope = &p.norm.text[s0..s1];
        let (kw_s, kw_e) = (kw.0 - s0, kw.1 - s0);
        // Each pattern's first match overlapping the keyword, in pattern order.
        let mut matches: Vec<((usize, usize), BTreeMap<String, String>)> = vec![];
        if rule.patterns.is_empty() {
            matches.push(((kw_s, kw_e), BTreeMap::new()));
        }
        for re in rule.patterns.iter().map(|re| re.get()) {
            if let Some(c) = re.captures_iter(scope).find(|c| {
                let m = c.get(0).expect("group 0");
                m.start() <= kw_e && m.end() >= kw_s
            }) {
                let mut caps = BTreeMap::new();
                for name in re.capture_names().flatten() {
                    if let Some(v) = c.name(name) {
                        caps.insert(name.to_string(), v.as_str().to_string());
                    }
                }
                let m = c.get(0).expect("group 0");
                matches.push(((m.start(), m.end()), caps));
            }
        }
        let sentence_text = &p.norm.text[sentence.0..sentence.1];
        matches.into_iter().find_map(|((ms, me), caps)| {
            if excepted(
                rule,
                sentence_text,
                p.voice_at(sentence.0),
                (ms + s0).saturating_sub(sentence.0),
            ) {
                return None;
            }
            let (cond_text, ms_c, me_c) = match wide.get(rule.spec.scope, pos) {
                Some((text, off)) => (text, ms + s0 + off, me + s0 + off),
                None => (scope, ms, me),
            };
            if let Some(req) = &rule.require
                && !holds(req, cond_text, ms_c, me_c)
            {
                return None;
            }
            if let Some(forbid) = &rule.forbid
                && holds(forbid, cond_text, ms_c, me_c)
            {
                return None;
            }
            if !crate::rules::party_groups::hold(&caps, parties) {
                return None;
            }
            Some(finding_at(rule, p, sentence, (ms + s0, me + s0), &caps))
        })
    }

    pub fn keyword_findings(
        prepared: &[Prepared],
        parties: &[Party],
        set: &RuleSet,
        applies: &[bool],
        wide: &ScopeTexts,
    ) -> Vec<Finding> {
        let mut findings = vec![];
        let mut seen: HashSet<(usize, usize, usize)> = HashSet::default();
        for (pos, p) in prepared.iter().enumerate() {
            for m in set.automaton.find_overlapping_iter(&p.norm.text) {
                let Some(si) = p
                    .sentences
                    .iter()
                    .position(|&(a, b)| a <= m.start() && m.start() < b)
                else {
                    continue;
                };
                let sentence = p.sentences[si];
                for &owner in &set.keyword_owner[m.pattern().as_usize()] {
                    let KeywordOwner::Rule(r) = owner else {
                        continue;
                    };
                    if !applies[r] || !seen.insert((r, p.index, si)) {
                        continue;
                    }
                    match check_candidate(
                        &set.rules[r],
                        parties,
                        p,
                        pos,
                        wide,
                        sentence,
                        (m.start(), m.end()),
                    ) {
                        Some(f) => findings.push(f),
                        None => {
                            seen.remove(&(r, p.index, si));
                        }
                    }
                }
            }
        }
        findings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(lines: &[&str]) -> Document {
        crate::document::from_lines(lines)
    }

    fn key(f: &Finding) -> String {
        format!(
            "{} {:?} {:?} {} | {} | {} | {:?}",
            f.rule,
            f.location.block,
            f.span,
            f.matched,
            f.message,
            f.excerpt,
            f.basis.len()
        )
    }

    /// The linear keyword loop gives exactly the findings of the old per-keyword loop, on
    /// every text document of the corpus under every document type, and on hostile lines.
    #[test]
    fn linear_keyword_loop_matches_the_reference_on_the_corpus() {
        let set = RuleSet::load(&[]).unwrap();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut texts: Vec<String> = vec![];
        for dir in ["corpus/real", "corpus/drafts"] {
            for e in std::fs::read_dir(root.join(dir)).unwrap().flatten() {
                if e.path().extension().is_some_and(|x| x == "txt") {
                    texts.push(std::fs::read_to_string(e.path()).unwrap());
                }
            }
        }
        texts.push(format!(
            "某市关于加强财政资金管理的通知\n{}",
            "财政资金担保兜底罚款，".repeat(300)
        ));
        texts.push(format!(
            "某市关于加强管理的通知\n{}",
            "“罚款”《担保》依法处罚款。是否收取保证金；".repeat(100)
        ));
        assert!(texts.len() > 30, "{}", texts.len());
        let mut compared = 0;
        for text in &texts {
            for t in [
                DocType::Normative,
                DocType::Contract,
                DocType::Decision,
                DocType::Other,
            ] {
                let mut x = crate::document::model::Extracted::default();
                for l in text.lines().filter(|l| !l.trim().is_empty()) {
                    x.blocks.push(crate::document::model::Block::new(
                        l,
                        crate::document::model::Part::Body,
                    ));
                }
                let d = crate::document::assemble(
                    "t.txt",
                    crate::document::model::Format::Text,
                    x,
                    Some(t),
                );
                let prepared = prepare(&d);
                let level = issuer_level(&d);
                let sel = Selection::default();
                let applies: Vec<bool> = set
                    .rules
                    .iter()
                    .map(|r| applies_to(r, &d, level, &sel))
                    .collect();
                let wide = ScopeTexts::build(&prepared);
                let (mut new, _) = keyword_findings(&prepared, &d.parties, &set, &applies, &wide);
                let mut old =
                    reference::keyword_findings(&prepared, &d.parties, &set, &applies, &wide);
                let mut a: Vec<String> = new.drain(..).map(|f| key(&f)).collect();
                let mut b: Vec<String> = old.drain(..).map(|f| key(&f)).collect();
                a.sort();
                b.sort();
                assert_eq!(a, b, "{t:?}: {}", text.lines().next().unwrap_or(""));
                compared += a.len();
            }
        }
        assert!(compared > 50, "{compared}");
    }

    #[test]
    fn wide_scopes_join_the_clauses_of_an_article_and_of_the_document() {
        let d = doc(&[
            "某市管理办法",
            "第一章 总则",
            "第一条 甲。",
            "乙。",
            "第二条 丙。",
        ]);
        let prepared = prepare(&d);
        let st = ScopeTexts::build(&prepared);
        let idx = |t: &str| prepared.iter().position(|p| p.norm.text == t).unwrap();
        let (art, off) = st.get(Scope::Article, idx("乙。")).unwrap();
        assert_eq!(art, "第一条 甲。\n乙。\n");
        assert_eq!(&art[off..off + "乙".len()], "乙");
        let (art2, _) = st.get(Scope::Article, idx("第二条 丙。")).unwrap();
        assert_eq!(art2, "第二条 丙。\n");
        let (whole, _) = st.get(Scope::Document, idx("乙。")).unwrap();
        assert!(whole.starts_with("某市管理办法\n") && whole.ends_with("第二条 丙。\n"));
        assert!(st.get(Scope::Sentence, 0).is_none());
    }

    #[test]
    fn a_quoted_sentence_is_no_trigger_evidence() {
        let set = RuleSet::load(&[]).unwrap();
        let kinds = |lines: &[&str]| -> Vec<String> {
            review(&doc(lines), &set, &Selection::default())
                .triggers
                .iter()
                .map(|t| t.name.clone())
                .collect()
        };
        let quoted = [
            "某县物业服务合同",
            "《中华人民共和国预算法》第二十七条规定：“一般公共预算支出按照其功能分类，包括一般公共服务支出。”",
            "甲方委托乙方提供物业服务。",
        ];
        assert!(kinds(&quoted).is_empty(), "{:?}", kinds(&quoted));
        let own = ["某县物业服务合同", "甲方以本级财政资金支付物业服务费。"];
        assert_eq!(kinds(&own), vec!["财政资金".to_string()]);
        // A procurement catalogue name (政府采购品目) names the service bought, not a public
        // resource handed out; the grant of one still is.
        // (政府采购 itself is fiscal_funds evidence; only the public_resources reading goes.)
        let catalogue = [
            "某区道路维护服务合同",
            "政府采购品目：其他公共设施管理服务；数量：1项。",
        ];
        assert_eq!(kinds(&catalogue), vec!["财政资金".to_string()]);
        let grant = [
            "某区停车场经营合同",
            "甲方将广场地下公共停车场的经营权交由乙方行使。",
        ];
        assert_eq!(kinds(&grant), vec!["公共资源".to_string()]);
    }

    #[test]
    fn selectors_match_ids_prefixes_and_categories_case_insensitively() {
        assert!(selector_matches(
            "norm-pen-001",
            "NORM-PEN-001",
            "sets_penalty"
        ));
        assert!(selector_matches("NORM", "NORM-PEN-001", "sets_penalty"));
        assert!(selector_matches(
            "Sets_Penalty",
            "NORM-PEN-001",
            "sets_penalty"
        ));
        assert!(!selector_matches(
            "NORM-PEN001",
            "NORM-PEN-001",
            "sets_penalty"
        ));
        assert!(!selector_matches("NOR", "NORM-PEN-001", "sets_penalty"));
        assert!(!selector_matches("", "NORM-PEN-001", "sets_penalty"));
        let set = RuleSet::load(&[]).unwrap();
        let e = check_names(&set, &["NORM-PEN001".into()]).unwrap_err();
        assert_eq!(e.closest.as_deref(), Some("NORM-PEN-001"));
        let e = check_names(&set, &["sets_penalti".into()]).unwrap_err();
        assert_eq!(e.closest.as_deref(), Some("sets_penalty"));
        assert!(check_names(&set, &["norm".into(), "CON-PAY".into(), "sets_fee".into()]).is_ok());
    }
}
