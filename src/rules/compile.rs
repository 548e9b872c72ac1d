//! Loading and compiling rule packs: every keyword of every rule in one Aho-Corasick
//! automaton, regexes compiled once, errors reported with file, line and reason.

use std::path::Path;

use aho_corasick::{AhoCorasick, MatchKind};
use std::sync::OnceLock;

use regex::Regex;
use thiserror::Error;

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

/// A rule regex, checked for syntax when the pack loads and compiled on first use: a gate
/// run on one document compiles only the regexes of rules whose keywords it contains.
pub struct LazyRegex {
    pub source: String,
    compiled: OnceLock<Result<Regex, String>>,
}

impl LazyRegex {
    fn new(source: String) -> Self {
        LazyRegex {
            source,
            compiled: OnceLock::new(),
        }
    }

    pub fn try_get(&self) -> Result<&Regex, &str> {
        self.compiled
            .get_or_init(|| Regex::new(&self.source).map_err(|e| e.to_string()))
            .as_ref()
            .map_err(String::as_str)
    }

    /// The compiled regex; one that failed to compile (beyond syntax, e.g. too large, which
    /// `fashen rules test` reports) matches nothing.
    pub fn get(&self) -> Option<&Regex> {
        self.try_get().ok()
    }
}

/// A condition with its regex compiled.
pub struct CompiledCondition {
    pub any_of: Vec<String>,
    pub all_of: Vec<String>,
    pub regex: Option<LazyRegex>,
    pub all: Vec<CompiledCondition>,
    pub any: Vec<CompiledCondition>,
    pub not: Option<Box<CompiledCondition>>,
    pub within: Option<usize>,
}

pub struct CompiledRule {
    pub spec: RuleSpec,
    pub file: String,
    pub doc_types: Vec<DocType>,
    pub patterns: Vec<LazyRegex>,
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
    pub triggers: Vec<CompiledTrigger>,
    /// Keyword automaton; `keyword_owner[i]` says whose keyword pattern i is.
    pub automaton: AhoCorasick,
    pub keyword_owner: Vec<KeywordOwner>,
    /// sha256 of the rule sources, for reports and caches.
    pub digest: String,
}

#[derive(Debug, Clone, Copy)]
pub enum KeywordOwner {
    Rule(usize),
    Trigger(usize),
}

/// The packs shipped with fashen, compiled into the binary so it runs from anywhere.
pub const BUILTIN_PACKS: [(&str, &str); 5] = [
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

fn compile_condition(c: &Condition, file: &str, id: &str) -> Result<CompiledCondition, RuleError> {
    let sub = |v: &[Condition]| {
        v.iter()
            .map(|c| compile_condition(c, file, id))
            .collect::<Result<Vec<_>, _>>()
    };
    Ok(CompiledCondition {
        any_of: c.any_of.iter().map(|s| normalize(s)).collect(),
        all_of: c.all_of.iter().map(|s| normalize(s)).collect(),
        regex: c
            .regex
            .as_deref()
            .map(|r| compile_regex(r, file, id))
            .transpose()?,
        all: sub(&c.all)?,
        any: sub(&c.any)?,
        not: c
            .not
            .as_deref()
            .map(|n| compile_condition(n, file, id).map(Box::new))
            .transpose()?,
        within: c.within,
    })
}

fn compile_regex(r: &str, file: &str, id: &str) -> Result<LazyRegex, RuleError> {
    let source = normalize(r);
    regex_syntax::Parser::new()
        .parse(&source)
        .map_err(|e| RuleError::Invalid {
            file: file.into(),
            id: id.into(),
            detail: format!("bad regex {r:?}: {}", e.to_string().replace('\n', " ")),
        })?;
    Ok(LazyRegex::new(source))
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
    if spec.keywords.iter().any(|k| k.trim().is_empty()) {
        return Err(invalid("empty keyword".into()));
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
        for (file, src) in sources {
            hasher.update(file.as_bytes());
            hasher.update(src.as_bytes());
            let parsed: RuleFile = toml::from_str(src).map_err(|e| RuleError::Parse {
                file: file.clone(),
                detail: e.to_string().trim().replace('\n', " "),
            })?;
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
                    .map(|p| compile_regex(p, file, &spec.id))
                    .collect::<Result<_, _>>()?;
                let require = spec
                    .require
                    .as_ref()
                    .map(|c| compile_condition(c, file, &spec.id))
                    .transpose()?;
                let forbid = spec
                    .forbid
                    .as_ref()
                    .map(|c| compile_condition(c, file, &spec.id))
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
                triggers.push(CompiledTrigger {
                    forbid: t.forbid.iter().map(|s| normalize(s)).collect(),
                    spec: t,
                });
            }
        }
        let mut words = vec![];
        let mut keyword_owner = vec![];
        for (i, r) in rules.iter().enumerate() {
            for k in &r.spec.keywords {
                words.push(normalize(k));
                keyword_owner.push(KeywordOwner::Rule(i));
            }
        }
        for (i, t) in triggers.iter().enumerate() {
            for k in &t.spec.keywords {
                words.push(normalize(k));
                keyword_owner.push(KeywordOwner::Trigger(i));
            }
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&words)
            .map_err(|e| RuleError::Parse {
                file: "keywords".into(),
                detail: e.to_string(),
            })?;
        Ok(RuleSet {
            rules,
            triggers,
            automaton,
            keyword_owner,
            digest: format!("{:x}", hasher.finalize())[..16].to_string(),
        })
    }

    /// The shipped packs plus every *.toml in `extra` folders.
    pub fn load(extra: &[&Path]) -> Result<RuleSet, RuleError> {
        let mut sources: Vec<(String, String)> = BUILTIN_PACKS
            .iter()
            .map(|(f, s)| (f.to_string(), s.to_string()))
            .collect();
        for dir in extra {
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

    pub fn get(&self, id: &str) -> Option<&CompiledRule> {
        self.rules.iter().find(|r| r.spec.id == id)
    }
}
