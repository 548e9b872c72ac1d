//! Recall on real published review findings (corpus/cases/*.jsonl) that the rules were not
//! written from. Each line — one provision an authority or a court found unlawful, or a lawful
//! look-alike — is wrapped into a small plain-text document (a title, for contracts a party
//! block, the context, the quote) and reviewed exactly as `fashen check -` would review it:
//! the same reader, structure stage, classifier (no forced document type) and rule engine.
//!
//! A defective line is FOUND when the review has a finding of the line's category. A lawful
//! line is a FALSE ALARM when the review has an error or warning. Findings that only the
//! wrapping can cause are ignored both ways: a quoted sentence has no 施行日期, no 制定依据, no
//! complete set of contract clauses, no 发文机关 and no date (see [`ARTEFACT_BUILTINS`]).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::document::model::DocType;
use crate::extract::Limits;
use crate::rules::compile::RuleSet;
use crate::rules::engine::{Selection, review};

/// The two files of the case corpus, with the kind of document each line comes from.
pub const FILES: [(&str, Source); 2] = [
    ("normative.jsonl", Source::Normative),
    ("contracts.jsonl", Source::Contracts),
];

pub use crate::rules::builtin::{ARTEFACT_BUILTINS, artefact_rules};

/// Why [`ARTEFACT_BUILTINS`] are not counted, for the printed table.
pub const ARTEFACT_NOTE: &str = "摘录包装成的文档本来就没有施行日期、制定依据、完整的合同主要条款、发文机关和成文日期；\
以下整篇级检查的结果只来自包装，既不算“发现”，也不算“误报”：";

/// Title of a normative document whose real title was not published: it names no subject,
/// so it cannot decide the category (a 通知 like thousands of others).
pub const NEUTRAL_NORMATIVE_TITLE: &str = "关于进一步加强有关工作的通知";
/// Title of a contract whose kind is unknown.
pub const NEUTRAL_CONTRACT_TITLE: &str = "合作协议";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Normative,
    Contracts,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Normative => "normative",
            Source::Contracts => "contracts",
        }
    }
    pub fn chinese(self) -> &'static str {
        match self {
            Source::Normative => "规范性文件案例",
            Source::Contracts => "合同案例",
        }
    }
}

/// One line of normative.jsonl or contracts.jsonl (fields not used here are ignored).
#[derive(Debug, Clone, Deserialize)]
pub struct Line {
    pub id: String,
    pub category: String,
    pub quote: String,
    #[serde(default)]
    pub context: String,
    #[serde(default)]
    pub doc_title: String,
    #[serde(default)]
    pub contract_kind: String,
    #[serde(default)]
    pub source_doc: String,
    #[serde(default)]
    pub parties: String,
    pub split: String,
    /// What the quote is: the provision itself (`verbatim`) or an authority's or a third
    /// party's account of it (`authority_description`, `secondary_description`).
    #[serde(default)]
    pub quote_kind: String,
    /// The reviewed document (lines of one document share it); empty when not given.
    #[serde(default)]
    pub doc_key: String,
    /// The case is also in typical-problems.md, which rule writers have seen.
    #[serde(default)]
    pub already_in_typical_problems: bool,
}

impl Line {
    pub fn lawful(&self) -> bool {
        self.category == "lawful"
    }
}

/// A line with the document text made from it.
#[derive(Debug, Clone)]
pub struct Case {
    pub source: Source,
    pub line: Line,
    pub text: String,
}

#[derive(Debug, thiserror::Error)]
pub enum CasesError {
    #[error("{0}: {1}")]
    Read(String, std::io::Error),
    #[error("{0}:{1}: {2}")]
    Parse(String, usize, String),
    #[error("{0}: 没有 normative.jsonl 或 contracts.jsonl")]
    Empty(String),
}

/// Removes one trailing （…） or (…) and returns (rest, inside).
fn split_trailing_paren(s: &str) -> Option<(&str, &str)> {
    let inner = s.strip_suffix('）').or_else(|| s.strip_suffix(')'))?;
    // The matching opening bracket (brackets may nest: 共享（电）单车…（试行）).
    let mut depth = 0;
    for (i, c) in inner.char_indices().rev() {
        match c {
            '）' | ')' => depth += 1,
            '（' | '(' if depth > 0 => depth -= 1,
            '（' | '(' => {
                return Some((&inner[..i], &inner[i + c.len_utf8()..]));
            }
            _ => {}
        }
    }
    None
}

/// Title lines of a normative document: the title and, when `doc_title` names one, its 文号.
pub fn normative_title(doc_title: &str) -> Vec<String> {
    let mut t = doc_title.trim().to_string();
    if t.is_empty() || t.ends_with("（标题未公布）") || t.ends_with("（文件未公布）")
    {
        return vec![NEUTRAL_NORMATIVE_TITLE.to_string()];
    }
    // 中华人民共和国行政处罚法（第十三条）: the article is where the quote sits, not the title.
    if let Some((rest, inside)) = split_trailing_paren(&t)
        && inside.starts_with('第')
        && inside.ends_with('条')
    {
        t = rest.trim().to_string();
    }
    // 《关于…的通知》（贺建发〔2017〕127 号）: the 文号 is a line of its own.
    let mut number = None;
    if let Some((rest, inside)) = split_trailing_paren(&t)
        && crate::document::structure::find_doc_number(inside).is_some()
    {
        number = Some(inside.trim().to_string());
        t = rest.trim().to_string();
    }
    // 《…》 around the whole title (or its first part: 《…项目》招标公告) is the notice's quoting.
    if let Some(inner) = t.strip_prefix('《') {
        let mut depth = 0;
        let mut close = None;
        for (i, c) in inner.char_indices() {
            match c {
                '《' => depth += 1,
                '》' if depth > 0 => depth -= 1,
                '》' => {
                    close = Some(i);
                    break;
                }
                _ => {}
            }
        }
        if let Some(i) = close {
            t = format!("{}{}", &inner[..i], &inner[i + '》'.len_utf8()..]);
        }
    }
    let mut out = vec![t.trim().to_string()];
    out.extend(number);
    out
}

const CONTRACT_TITLE_ENDINGS: [&str; 13] = [
    "合同书",
    "合同",
    "协议书",
    "协议",
    "契约",
    "承诺函",
    "承诺书",
    "担保函",
    "确认函",
    "确认书",
    "函",
    "会议纪要",
    "决议",
];

fn ends_like_contract(s: &str) -> bool {
    CONTRACT_TITLE_ENDINGS.iter().any(|e| s.ends_with(e))
}

/// Title of a contract: the contract named by `source_doc` when it names one (a notice or a
/// judgment does not), else the kind in `contract_kind`, else [`NEUTRAL_CONTRACT_TITLE`].
pub fn contract_title(contract_kind: &str, source_doc: &str) -> String {
    let s = source_doc.trim();
    if let Some(start) = s.find('《') {
        let inner = &s[start + '《'.len_utf8()..];
        if let Some(end) = inner.find('》')
            && ends_like_contract(&inner[..end])
        {
            return inner[..end].to_string();
        }
    }
    let not_a_contract = ["通报", "案例", "判决", "裁定", "督查", "评估", "纠正"];
    if !s.starts_with(['(', '（']) {
        // 定西…补偿安置协议(宁某某), …分包合同第12.3条(海勤律所案例): notes are not the title.
        let mut t = s;
        while let Some((rest, _)) = split_trailing_paren(t) {
            t = rest.trim_end();
        }
        if let Some(i) = t.rfind('第')
            && t.ends_with('条')
        {
            t = &t[..i];
        }
        if ends_like_contract(t) && !not_a_contract.iter().any(|w| t.contains(w)) {
            return t.to_string();
        }
    }
    let k = contract_kind.trim();
    let (base, inside) = split_trailing_paren(k).unwrap_or((k, ""));
    let base = base.split('/').next().unwrap_or("").trim();
    if ends_like_contract(base) {
        return base.to_string();
    }
    // 政策文件中的直接发包安排（施工合同）; not 法律法规条文（非合同）.
    if ends_like_contract(inside) && !inside.starts_with(['非', '不']) {
        return inside.to_string();
    }
    NEUTRAL_CONTRACT_TITLE.to_string()
}

/// The party block: one line a party. Parties written without a role get 甲方, 乙方 … in order.
pub fn party_lines(parties: &str) -> Vec<String> {
    let p = parties.trim();
    if p.is_empty() || p.starts_with("（不适用") || p.starts_with("(不适用") {
        return vec![];
    }
    const ROLES: [&str; 6] = ["甲方", "乙方", "丙方", "丁方", "戊方", "己方"];
    p.split(['；', ';'])
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .enumerate()
        .map(|(i, x)| {
            let has_role = x
                .split_once(['：', ':'])
                .is_some_and(|(role, _)| role.chars().count() <= 12);
            if has_role {
                x.to_string()
            } else {
                format!("{}：{x}", ROLES.get(i).copied().unwrap_or("其他方"))
            }
        })
        .collect()
}

fn paragraphs(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split('\n')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(String::from)
}

/// The document text made from one line.
pub fn wrap(source: Source, line: &Line) -> String {
    let mut lines = match source {
        Source::Normative => normative_title(&line.doc_title),
        Source::Contracts => {
            let mut v = vec![contract_title(&line.contract_kind, &line.source_doc)];
            v.extend(party_lines(&line.parties));
            v
        }
    };
    lines.extend(paragraphs(&line.context));
    lines.extend(paragraphs(&line.quote));
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

/// Reads the case files under `dir`.
pub fn load(dir: &Path) -> Result<Vec<Case>, CasesError> {
    let mut out = vec![];
    let mut any = false;
    for (name, source) in FILES {
        let path = dir.join(name);
        if !path.is_file() {
            continue;
        }
        any = true;
        let text = std::fs::read_to_string(&path)
            .map_err(|e| CasesError::Read(path.display().to_string(), e))?;
        out.extend(parse(source, &path.display().to_string(), &text)?);
    }
    if !any {
        return Err(CasesError::Empty(dir.display().to_string()));
    }
    Ok(out)
}

/// The cases of one JSONL text (`name` for messages).
pub fn parse(source: Source, name: &str, text: &str) -> Result<Vec<Case>, CasesError> {
    let mut out = vec![];
    for (i, l) in text.lines().enumerate() {
        if l.trim().is_empty() {
            continue;
        }
        let line: Line = serde_json::from_str(l)
            .map_err(|e| CasesError::Parse(name.to_string(), i + 1, e.to_string()))?;
        let text = wrap(source, &line);
        out.push(Case { source, line, text });
    }
    Ok(out)
}

/// The defective dev lines of the case corpus built into the binary (the test split and
/// the lawful look-alikes are left out).
pub fn embedded_dev() -> Vec<Case> {
    let [(normative, n), (contracts, c)] = crate::rules::precedent::EMBEDDED;
    [
        (Source::Normative, normative, n),
        (Source::Contracts, contracts, c),
    ]
    .into_iter()
    .flat_map(|(source, name, text)| parse(source, name, text).unwrap_or_default())
    .filter(|c| c.line.split == "dev" && !c.line.lawful())
    .collect()
}

/// The dev cases rule `id` finds (reviewed with that rule alone): the cases it stands on.
pub fn found_by(id: &str, set: &RuleSet) -> Vec<Case> {
    let mut out: Vec<Case> = run_selected(embedded_dev(), set, &[id.to_string()])
        .into_iter()
        .filter(|o| o.finders.contains(id))
        .map(|o| o.case)
        .collect();
    out.sort_by(|a, b| a.line.id.cmp(&b.line.id));
    out
}

/// What the review of one case yielded.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub case: Case,
    pub doc_type: Option<DocType>,
    /// The issuer level the rules judged by (a 规章 or law is not held to a notice's limits).
    pub level: Option<crate::rules::schema::Level>,
    /// Categories of the counted (non-artefact) findings, any severity.
    pub categories: BTreeSet<String>,
    /// Rules of counted findings at warning or error (for look-alikes: the false alarms).
    pub alarms: BTreeSet<String>,
    /// Rules that raised `info` notes (PRECEDENT-001 and other hints): not findings, but a
    /// look-alike should draw none either.
    pub notes: BTreeSet<String>,
    /// Rules of counted findings of the line's own category (the rules that found it).
    pub finders: BTreeSet<String>,
    /// Whether a rule other than the learned scorer (PRECEDENT-002/003) found it: the scorer
    /// was trained on the dev split, so on dev only this figure is out of sample.
    pub found_without_model: bool,
    pub error: Option<String>,
}

impl Outcome {
    pub fn found(&self) -> bool {
        self.categories
            .iter()
            .any(|c| answers(c, &self.case.line.category))
    }
    pub fn false_alarm(&self) -> bool {
        self.case.line.lawful() && !self.alarms.is_empty()
    }
}

/// Whether a finding of category `found` answers a published finding of category `case`.
/// fashen files 保本保收益、承诺回购、差额补足 under `guaranteed_return`; the published cases
/// have no such class and file them, as 财预〔2017〕50号 does, under 变相举债
/// (`disguised_financing`) or 政府担保 (`government_guarantee`).
pub fn answers(found: &str, case: &str) -> bool {
    found == case
        || (found == "guaranteed_return"
            && matches!(case, "disguised_financing" | "government_guarantee"))
}

/// Categories that have at least one counted rule.
pub fn countable_categories(set: &RuleSet) -> BTreeSet<String> {
    let skip = artefact_rules(set);
    set.rules
        .iter()
        .filter(|r| !skip.contains(&r.spec.id))
        .map(|r| r.spec.category.as_str().to_string())
        .collect()
}

/// Reviews every case (in parallel) as a plain-text document.
pub fn run(cases: Vec<Case>, set: &RuleSet) -> Vec<Outcome> {
    run_selected(cases, set, &[])
}

/// [`run`] with only the rules `select` names (all when empty).
pub fn run_selected(cases: Vec<Case>, set: &RuleSet, select: &[String]) -> Vec<Outcome> {
    use rayon::prelude::*;
    let skip = artefact_rules(set);
    let learned: BTreeSet<String> = set
        .rules
        .iter()
        .filter(|r| r.spec.builtin == Some(crate::rules::builtin::Builtin::LearnedScorer))
        .map(|r| r.spec.id.clone())
        .collect();
    let limits = Limits::default();
    cases
        .into_par_iter()
        .map(|case| {
            // A case must not find itself (or another line of its document) as precedent.
            let sel = Selection {
                not_precedents: crate::rules::precedent::Exclude {
                    id: Some(case.line.id.clone()),
                    doc_key: Some(case.line.doc_key.clone()).filter(|k| !k.is_empty()),
                    duplicates: crate::rules::precedent::duplicates(&case.line.quote),
                },
                select: select.to_vec(),
                // A published quote is the provision found unlawful even when it is worded
                // as a report (经查，当事人印发…) or a quotation (该文件规定，“…”): read it
                // in its own voice.
                assume_own_voice: true,
                ..Selection::default()
            };
            let name = format!("{}.txt", case.line.id);
            match crate::load_bytes(&name, case.text.clone().into_bytes(), &limits, None) {
                Ok(doc) => {
                    let r = review(&doc, set, &sel);
                    let counted: Vec<_> = r
                        .findings
                        .iter()
                        .filter(|f| !skip.contains(&f.rule))
                        .collect();
                    let categories = counted
                        .iter()
                        .map(|f| f.category.as_str().to_string())
                        .collect();
                    let alarms = counted
                        .iter()
                        .filter(|f| matches!(f.severity.as_str(), "error" | "warning"))
                        .map(|f| f.rule.clone())
                        .collect();
                    let notes = counted
                        .iter()
                        .filter(|f| f.severity.as_str() == "info")
                        .map(|f| f.rule.clone())
                        .collect();
                    let finders: BTreeSet<String> = counted
                        .iter()
                        .filter(|f| answers(f.category.as_str(), &case.line.category))
                        .map(|f| f.rule.clone())
                        .collect();
                    let found_without_model = finders.iter().any(|r| !learned.contains(r));
                    Outcome {
                        case,
                        doc_type: Some(doc.doc_type),
                        level: Some(r.level),
                        categories,
                        alarms,
                        notes,
                        finders,
                        found_without_model,
                        error: None,
                    }
                }
                Err(e) => Outcome {
                    case,
                    doc_type: None,
                    level: None,
                    categories: BTreeSet::new(),
                    alarms: BTreeSet::new(),
                    notes: BTreeSet::new(),
                    finders: BTreeSet::new(),
                    found_without_model: false,
                    error: Some(e.to_string()),
                },
            }
        })
        .collect()
}

#[derive(Debug, Default, Clone, Copy, Serialize, PartialEq)]
pub struct Recall {
    pub expected: usize,
    pub found: usize,
    pub recall: f64,
}

impl Recall {
    fn add(&mut self, found: bool) {
        self.expected += 1;
        self.found += usize::from(found);
        self.recall = self.found as f64 / self.expected as f64;
    }
}

#[derive(Debug, Default, Clone, Serialize)]
pub struct Lookalikes {
    pub count: usize,
    pub false_alarms: usize,
    /// Share of look-alikes without a false alarm (precision on the look-alikes).
    pub precision: f64,
    /// Rules that raised the false alarms, with how many each.
    pub rules: BTreeMap<String, usize>,
    /// Look-alikes with an `info` note (no false alarm, but a hint a reviewer reads).
    pub noted: usize,
}

/// The numbers of one split.
#[derive(Debug, Default, Clone, Serialize)]
pub struct SplitSummary {
    pub lines: usize,
    pub categories: BTreeMap<String, Recall>,
    /// Per source file: all its defective lines.
    pub sources: BTreeMap<String, Recall>,
    /// All defective lines of the split.
    pub overall: Recall,
    /// Defective lines not also in typical-problems.md (which rule writers have seen).
    pub overall_unseen: Recall,
    /// All defective lines, counting only what rules other than the learned scorer found.
    pub overall_without_model: Recall,
    /// Defective lines by quote kind: a rule written for provisions meets an authority's
    /// account of one (指定…作为…, 违规设置…) in other words.
    pub quote_kinds: BTreeMap<String, Recall>,
    pub lookalikes: Lookalikes,
    /// source → defective|lawful → detected document type → lines.
    pub doc_types: BTreeMap<String, BTreeMap<String, BTreeMap<String, usize>>>,
    /// Defective normative lines typed normative: the issuer level the rules judged by →
    /// lines (rules below a level, such as the licence rules, do not run above it).
    pub normative_levels: BTreeMap<String, usize>,
    /// Defective lines by source and detected document type (`normative/other`): a line typed
    /// otherwise than its source meets fewer rules, so its recall shows what typing costs.
    pub type_recall: BTreeMap<String, Recall>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub corpus: String,
    pub lines: usize,
    pub reviewed: usize,
    pub errors: Vec<String>,
    /// Rules whose findings are ignored, and why.
    pub ignored_rules: Vec<String>,
    pub ignored_builtins: Vec<String>,
    /// Categories with cases but no counted rule: they cannot be found.
    pub categories_without_rules: Vec<String>,
    pub splits: BTreeMap<String, SplitSummary>,
}

pub const SPLITS: [&str; 2] = ["dev", "test"];

pub fn summarize(corpus: &str, outcomes: &[Outcome], set: &RuleSet) -> Summary {
    let countable = countable_categories(set);
    let mut splits: BTreeMap<String, SplitSummary> = SPLITS
        .iter()
        .map(|s| (s.to_string(), SplitSummary::default()))
        .collect();
    let mut errors = vec![];
    let mut without: BTreeSet<String> = BTreeSet::new();
    for o in outcomes {
        let l = &o.case.line;
        if let Some(e) = &o.error {
            errors.push(format!("{}: {e}", l.id));
        }
        let s = splits.entry(l.split.clone()).or_default();
        s.lines += 1;
        let kind = if l.lawful() { "lawful" } else { "defective" };
        *s.doc_types
            .entry(o.case.source.as_str().into())
            .or_default()
            .entry(kind.into())
            .or_default()
            .entry(o.doc_type.map_or("unreadable", |t| t.as_str()).into())
            .or_default() += 1;
        if !l.lawful()
            && o.case.source == Source::Normative
            && o.doc_type == Some(DocType::Normative)
            && let Some(level) = o.level
        {
            *s.normative_levels
                .entry(level.chinese().to_string())
                .or_default() += 1;
        }
        if l.lawful() {
            s.lookalikes.count += 1;
            if !o.notes.is_empty() {
                s.lookalikes.noted += 1;
            }
            if o.false_alarm() {
                s.lookalikes.false_alarms += 1;
                for r in &o.alarms {
                    *s.lookalikes.rules.entry(r.clone()).or_default() += 1;
                }
            }
            continue;
        }
        if !countable.contains(&l.category) {
            without.insert(l.category.clone());
        }
        let found = o.found();
        s.categories
            .entry(l.category.clone())
            .or_default()
            .add(found);
        s.sources
            .entry(o.case.source.as_str().into())
            .or_default()
            .add(found);
        s.overall.add(found);
        s.type_recall
            .entry(format!(
                "{}/{}",
                o.case.source.as_str(),
                o.doc_type.map_or("unreadable", |t| t.as_str())
            ))
            .or_default()
            .add(found);
        s.overall_without_model.add(o.found_without_model);
        if !l.already_in_typical_problems {
            s.overall_unseen.add(found);
        }
        if !l.quote_kind.is_empty() {
            s.quote_kinds
                .entry(l.quote_kind.clone())
                .or_default()
                .add(found);
        }
    }
    for s in splits.values_mut() {
        let la = &mut s.lookalikes;
        la.precision = if la.count == 0 {
            1.0
        } else {
            (la.count - la.false_alarms) as f64 / la.count as f64
        };
    }
    Summary {
        corpus: corpus.to_string(),
        lines: outcomes.len(),
        reviewed: outcomes.iter().filter(|o| o.error.is_none()).count(),
        errors,
        ignored_rules: artefact_rules(set).into_iter().collect(),
        ignored_builtins: ARTEFACT_BUILTINS.iter().map(|s| s.to_string()).collect(),
        categories_without_rules: without.into_iter().collect(),
        splits,
    }
}

/// `s` padded with spaces to `width` columns (a CJK character takes two).
fn pad(s: &str, width: usize) -> String {
    let w: usize = s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

fn split_name(s: &str) -> &'static str {
    match s {
        "dev" => "开发集（dev）",
        "test" => "测试集（test）",
        _ => "其他",
    }
}

impl Summary {
    pub fn table(&self) -> String {
        let mut s = format!(
            "真实审查案例：{}，共 {} 条，已审查 {} 条\n每条包装成一份纯文本小文档，按 `fashen check` 的流程审查，文档类型由 fashen 自行判断（未指定 --doc-type）。\n{}{}\n缺陷案例：审查结果中有该条类别的问题即为“发现”；相似合法条文：出现“必须修改/建议修改”级别的问题即为“误报”。\n",
            self.corpus,
            self.lines,
            self.reviewed,
            ARTEFACT_NOTE,
            self.ignored_rules.join("、"),
        );
        if !self.categories_without_rules.is_empty() {
            s.push_str(&format!(
                "以下类别有案例，但除上述整篇级检查外没有任何规则，不可能被发现：{}\n",
                self.categories_without_rules.join("、")
            ));
        }
        for (name, sp) in &self.splits {
            s.push_str(&format!(
                "\n== {} ==　{} 条\n\n{} 应发现 已发现 召回率\n",
                split_name(name),
                sp.lines,
                pad("类别", 32),
            ));
            let row = |label: &str, r: &Recall| {
                format!(
                    "{} {:>6} {:>6} {:>6.3}\n",
                    pad(label, 32),
                    r.expected,
                    r.found,
                    r.recall
                )
            };
            for (c, r) in &sp.categories {
                s.push_str(&row(c, r));
            }
            s.push_str(&row("（全部缺陷案例）", &sp.overall));
            for (src, r) in &sp.sources {
                let label = match src.as_str() {
                    "normative" => "（其中规范性文件案例）",
                    _ => "（其中合同案例）",
                };
                s.push_str(&row(label, r));
            }
            s.push_str(&row("（不含 typical-problems 已收）", &sp.overall_unseen));
            s.push_str(&row(
                "（不计学习模型提示 PRECEDENT-002/003）",
                &sp.overall_without_model,
            ));
            for (kind, r) in &sp.quote_kinds {
                let label = match kind.as_str() {
                    "verbatim" => "（摘录原文的）".to_string(),
                    "authority_description" => "（审查机关转述的）".to_string(),
                    "secondary_description" => "（第三方转述的）".to_string(),
                    other => format!("（{other}）"),
                };
                s.push_str(&row(&label, r));
            }
            let la = &sp.lookalikes;
            s.push_str(&format!(
                "\n相似合法条文：{} 条，误报 {} 条，未误报比例（相似条文上的精确度）{:.3}\n",
                la.count, la.false_alarms, la.precision
            ));
            if la.noted > 0 {
                s.push_str(&format!(
                    "  带“提示”（info）的相似合法条文：{} 条\n",
                    la.noted
                ));
            }
            if !la.rules.is_empty() {
                let rules: Vec<String> =
                    la.rules.iter().map(|(r, n)| format!("{r} ×{n}")).collect();
                s.push_str(&format!("  误报来自规则：{}\n", rules.join("、")));
            }
            s.push_str("文档类型判定：\n");
            for (src, kinds) in &sp.doc_types {
                for (kind, types) in kinds {
                    let label = match (src.as_str(), kind.as_str()) {
                        ("normative", "defective") => "规范性文件缺陷案例",
                        ("normative", _) => "规范性文件相似合法条文",
                        (_, "defective") => "合同缺陷案例",
                        _ => "合同相似合法条文",
                    };
                    let t: Vec<String> = types.iter().map(|(t, n)| format!("{t} {n}")).collect();
                    s.push_str(&format!("  {label}：{}\n", t.join("，")));
                }
            }
            if !sp.type_recall.is_empty() {
                let t: Vec<String> = sp
                    .type_recall
                    .iter()
                    .map(|(k, r)| format!("{k} {}/{}", r.found, r.expected))
                    .collect();
                s.push_str(&format!(
                    "  缺陷案例按来源/判定类型的发现数：{}\n",
                    t.join("，")
                ));
            }
            if !sp.normative_levels.is_empty() {
                let t: Vec<String> = sp
                    .normative_levels
                    .iter()
                    .map(|(l, n)| format!("{l} {n}"))
                    .collect();
                s.push_str(&format!(
                    "  规范性文件缺陷案例（判为规范性文件的）按层级：{}\n",
                    t.join("，")
                ));
            }
        }
        for e in &self.errors {
            s.push_str(&format!("无法审查：{e}\n"));
        }
        s
    }
}

/// A dev case for rule writers: missed defective lines and false alarms on look-alikes.
#[derive(Debug, Clone, Serialize)]
pub struct Listed {
    pub id: String,
    pub kind: &'static str,
    pub category: String,
    pub doc_type: String,
    /// The issuer level the rules judged by.
    pub level: String,
    /// Categories the review did report (counted findings).
    pub reported: Vec<String>,
    /// For false alarms: the rules that fired.
    pub rules: Vec<String>,
    pub quote: String,
    /// The document as reviewed.
    pub document: String,
}

/// Missed cases and false alarms of the dev split. The test split is never listed: it is for
/// measuring only, and rules written from its lines would make its numbers meaningless.
pub fn listed_dev(outcomes: &[Outcome]) -> Vec<Listed> {
    let mut out: Vec<Listed> = outcomes
        .iter()
        .filter(|o| o.case.line.split == "dev")
        .filter(|o| {
            if o.case.line.lawful() {
                o.false_alarm()
            } else {
                !o.found()
            }
        })
        .map(|o| Listed {
            id: o.case.line.id.clone(),
            kind: if o.case.line.lawful() {
                "false_alarm"
            } else {
                "missed"
            },
            category: o.case.line.category.clone(),
            doc_type: o.doc_type.map_or("unreadable", |t| t.as_str()).to_string(),
            level: o.level.map_or("", |l| l.chinese()).to_string(),
            reported: o.categories.iter().cloned().collect(),
            rules: o.alarms.iter().cloned().collect(),
            quote: o.case.line.quote.clone(),
            document: o.case.text.clone(),
        })
        .collect();
    out.sort_by(|a, b| (a.kind, &a.category, &a.id).cmp(&(b.kind, &b.category, &b.id)));
    out
}

pub fn listed_text(list: &[Listed]) -> String {
    let missed = list.iter().filter(|l| l.kind == "missed").count();
    let mut s = format!(
        "开发集未发现的缺陷案例 {missed} 条、误报的相似合法条文 {} 条（测试集不列出：它只用于度量）\n",
        list.len() - missed
    );
    for l in list {
        let what = if l.kind == "missed" {
            "未发现"
        } else {
            "误报"
        };
        s.push_str(&format!(
            "\n{} [{}] {}　文档类型：{}（{}）",
            l.id, what, l.category, l.doc_type, l.level
        ));
        if !l.reported.is_empty() {
            s.push_str(&format!("　报出类别：{}", l.reported.join("、")));
        }
        if !l.rules.is_empty() {
            s.push_str(&format!("　规则：{}", l.rules.join("、")));
        }
        s.push_str(&format!("\n  {}\n", l.quote.replace('\n', "\n  ")));
    }
    s
}

/// Loads, reviews and summarises the cases under `dir`.
pub fn evaluate(dir: &Path, set: &RuleSet) -> Result<(Summary, Vec<Outcome>), CasesError> {
    let cases = load(dir)?;
    let outcomes = run(cases, set);
    Ok((
        summarize(&dir.display().to_string(), &outcomes, set),
        outcomes,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_guaranteed_return_answers_debt_and_guarantee_findings_only() {
        assert!(answers("guaranteed_return", "disguised_financing"));
        assert!(answers("guaranteed_return", "government_guarantee"));
        assert!(!answers("guaranteed_return", "payment_terms"));
        assert!(!answers("government_guarantee", "guaranteed_return"));
        assert!(answers("sets_fee", "sets_fee"));
    }

    #[test]
    fn unpublished_titles_become_neutral_and_articles_and_numbers_leave_the_title() {
        assert_eq!(
            normative_title("福清市文旅局娱乐经营许可审批要求（文件未公布）"),
            [NEUTRAL_NORMATIVE_TITLE]
        );
        assert_eq!(normative_title(""), [NEUTRAL_NORMATIVE_TITLE]);
        assert_eq!(
            normative_title("中华人民共和国行政处罚法（第十三条）"),
            ["中华人民共和国行政处罚法"]
        );
        assert_eq!(
            normative_title(
                "《关于明确贺兰县有线电视工程建设和验收主体的通知》（贺建发〔2017〕127 号）"
            ),
            [
                "关于明确贺兰县有线电视工程建设和验收主体的通知",
                "贺建发〔2017〕127 号"
            ]
        );
        assert_eq!(
            normative_title("《宣威市城区共享（电）单车经营权进行公开招租采购项目》招标公告"),
            ["宣威市城区共享（电）单车经营权进行公开招租采购项目招标公告"]
        );
        assert_eq!(
            normative_title("关于印发《某某办法》的通知"),
            ["关于印发《某某办法》的通知"]
        );
        assert_eq!(
            normative_title("《洋县移民(脱贫)搬迁产业孵化基地服务管理办法(试行)》"),
            ["洋县移民(脱贫)搬迁产业孵化基地服务管理办法(试行)"]
        );
    }

    #[test]
    fn contract_titles_come_from_the_contract_else_its_kind_else_a_neutral_one() {
        assert_eq!(
            contract_title(
                "特许经营协议（BOT）",
                "荆州洪湖至监利段高速公路《特许权协议》第七十七条"
            ),
            "特许权协议"
        );
        assert_eq!(
            contract_title(
                "建设工程分包合同",
                "某商业综合体防水工程分包合同第12.3条(海勤律所案例)"
            ),
            "某商业综合体防水工程分包合同"
        );
        assert_eq!(
            contract_title("担保函/承诺函", "(2011)民申字第1209号政府机关承诺函"),
            "担保函"
        );
        assert_eq!(
            contract_title(
                "政府采购合同（运营管理服务合同）",
                "NDRC违背市场准入负面清单典型案例通报第四批"
            ),
            "政府采购合同"
        );
        assert_eq!(
            contract_title(
                "政策文件中的直接发包安排（施工合同）",
                "江西省市场监管局公平竞争审查典型案例"
            ),
            "施工合同"
        );
        assert_eq!(
            contract_title("法律法规条文（非合同）", "招标投标法(2017-12-27)"),
            NEUTRAL_CONTRACT_TITLE
        );
    }

    #[test]
    fn parties_without_a_role_get_one_in_order() {
        assert_eq!(
            party_lines("甲方：双峰县卫生健康局；乙方：医药企业（名称未公布）"),
            ["甲方：双峰县卫生健康局", "乙方：医药企业（名称未公布）"]
        );
        assert_eq!(
            party_lines("石城县人民政府；县城投公司"),
            ["甲方：石城县人民政府", "乙方：县城投公司"]
        );
        assert!(party_lines("（不适用：法律、行政法规或司法解释条文）").is_empty());
    }

    #[test]
    fn a_wrapped_line_is_title_parties_context_quote() {
        let line = Line {
            id: "C0".into(),
            category: "restricts_competition".into(),
            quote: "乙方享有独家经营权。\n期限十年。".into(),
            context: "背景。".into(),
            doc_title: String::new(),
            contract_kind: "合作协议".into(),
            source_doc: "某通报".into(),
            parties: "甲方：某局；乙方：某公司".into(),
            split: "dev".into(),
            quote_kind: "verbatim".into(),
            doc_key: String::new(),
            already_in_typical_problems: false,
        };
        assert_eq!(
            wrap(Source::Contracts, &line),
            "合作协议\n甲方：某局\n乙方：某公司\n背景。\n乙方享有独家经营权。\n期限十年。\n"
        );
    }
}
