//! The concept vocabulary: named concepts (本地, 指定经营者, 奖励, 迁出 …) with their
//! variants, defined as data in rule packs (`[[concept]]`, shipped in rules/concepts.toml).
//! Rule patterns, conditions and keywords are written over concepts so that one rule
//! covers the ways drafters say the same thing:
//!
//! - `{本地}` in a pattern or condition regex stands for any variant of the concept;
//! - `{…}` is a gap of up to 20 characters inside the sentence, `{…8}` of up to 8;
//! - a keyword `{本地}` stands for every variant as a keyword.
//!
//! A concept's examples run with the rule examples (`fashen rules test`).

use std::collections::BTreeMap;

use serde::Deserialize;

use super::schema::{Condition, RuleSpec};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConceptSpec {
    pub name: String,
    /// What the concept means, for rule authors.
    pub meaning: String,
    /// The words and phrases that express it (literal text, not regexes).
    pub variants: Vec<String>,
    /// Regex fragments for variants that are patterns (某某公司, 在X县注册).
    #[serde(default)]
    pub patterns: Vec<String>,
    #[serde(default)]
    pub examples: ConceptExamples,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConceptExamples {
    /// Sentences in which the concept must be found.
    #[serde(default)]
    pub hit: Vec<String>,
    /// Sentences in which it must not.
    #[serde(default)]
    pub clean: Vec<String>,
}

/// Concepts by name, each with its alternation ready to splice into a regex.
#[derive(Debug, Default, Clone)]
pub struct Vocabulary {
    pub concepts: BTreeMap<String, ConceptSpec>,
    /// Per concept, its alternation: built once, spliced into every pattern that names it
    /// (thousands of times for the shipped packs).
    alternations: BTreeMap<String, String>,
}

impl Vocabulary {
    pub fn add(&mut self, c: ConceptSpec) -> Result<(), String> {
        if c.variants.is_empty() && c.patterns.is_empty() {
            return Err(format!("concept {} has no variants", c.name));
        }
        if c.variants.iter().any(|v| v.trim().is_empty()) {
            return Err(format!("concept {} has an empty variant", c.name));
        }
        if self.concepts.contains_key(&c.name) {
            return Err(format!("concept {} is defined twice", c.name));
        }
        // A pattern is spliced into rules as `(?:…)`: one that does not parse on its own
        // could close that group and change the rule around it (and its anchors).
        for p in &c.patterns {
            if let Err(e) = regex_syntax::Parser::new().parse(p) {
                let e = e.to_string().replace('\n', " ");
                return Err(format!(
                    "concept {}: pattern {p:?} does not parse: {e}",
                    c.name
                ));
            }
        }
        if self.concepts.len() >= super::anchors::MAX_CONCEPTS {
            return Err(format!(
                "concept {}: more than {} concepts",
                c.name,
                super::anchors::MAX_CONCEPTS
            ));
        }
        self.alternations
            .insert(c.name.clone(), Self::alternation_of(&c));
        self.concepts.insert(c.name.clone(), c);
        Ok(())
    }

    /// The regex alternation for a concept: longest variants first, so that 本市行政区域
    /// wins over 本市.
    pub fn alternation(&self, name: &str) -> Option<String> {
        self.alternations.get(name).cloned()
    }

    fn alternation_of(c: &ConceptSpec) -> String {
        let mut parts: Vec<String> = c
            .variants
            .iter()
            .map(|v| regex::escape(&super::super::document::segment::normalize(v)))
            .collect();
        parts.sort_by_key(|p| std::cmp::Reverse(p.chars().count()));
        parts.extend(c.patterns.iter().map(|p| format!("(?:{p})")));
        format!("(?:{})", parts.join("|"))
    }

    /// Replaces `{name}` and `{…N}` in a regex source. Numeric repetitions such as `{0,20}`
    /// are left alone; an unknown name is an error naming the known ones.
    pub fn expand(&self, source: &str) -> Result<String, String> {
        self.substitute(source, |name| self.alternation(name))
    }

    /// The source with each concept written as its placeholder (see
    /// [`super::anchors::CONCEPT_BASE`], numbered in name order as in
    /// [`Self::concept_anchors`]) and gaps expanded: what the anchor index parses. Under a
    /// case-insensitive or verbose flag a placeholder would not stand for its variants as
    /// the pattern reads them: such a pattern is expanded in full instead.
    pub fn skeleton(&self, source: &str) -> Result<String, String> {
        static FLAGS: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
            regex::Regex::new(r"\(\?[a-zA-Z-]*[ix][a-zA-Z-]*[:)]").expect("flag regex")
        });
        if FLAGS.is_match(source) {
            return self.expand(source);
        }
        self.substitute(source, |name| {
            let i = self.concepts.keys().position(|k| k == name)?;
            Some(super::anchors::concept_char(i).to_string())
        })
    }

    /// Per concept, in name order: the word sets every match of it meets.
    pub fn concept_anchors(&self) -> Vec<super::anchors::ConceptShape> {
        self.normalized_alternations()
            .iter()
            .map(|alt| super::anchors::concept_anchors(alt))
            .collect()
    }

    /// Per concept, in name order: its alternation as the anchor index reads it.
    pub fn normalized_alternations(&self) -> Vec<String> {
        self.concepts
            .keys()
            .map(|name| {
                let alt = self.alternation(name).unwrap_or_default();
                super::super::document::segment::normalize(&alt)
            })
            .collect()
    }

    fn substitute(
        &self,
        source: &str,
        concept: impl Fn(&str) -> Option<String>,
    ) -> Result<String, String> {
        let mut out = String::with_capacity(source.len());
        let mut rest = source;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                out.push_str(&rest[open..]);
                rest = "";
                break;
            };
            let inner = &after[..close];
            let numeric =
                !inner.is_empty() && inner.chars().all(|c| c.is_ascii_digit() || c == ',');
            if numeric || inner.is_empty() {
                out.push('{');
                out.push_str(inner);
                out.push('}');
            } else if let Some(n) = inner.strip_prefix('…') {
                let n: usize = if n.is_empty() {
                    20
                } else {
                    n.parse().map_err(|_| format!("bad gap {{{inner}}}"))?
                };
                out.push_str(&format!("[^。;!?]{{0,{n}}}"));
            } else {
                if inside_class(&out) {
                    return Err(format!(
                        "concept {{{inner}}} inside a character class [...]: write its words as an alternation"
                    ));
                }
                let alt = concept(inner).ok_or_else(|| {
                    format!(
                        "unknown concept {{{inner}}} (known: {})",
                        self.concepts.keys().cloned().collect::<Vec<_>>().join("、")
                    )
                })?;
                out.push_str(&alt);
            }
            rest = &after[close + 1..];
        }
        out.push_str(rest);
        Ok(out)
    }

    /// A keyword list with `{name}` entries replaced by the concept's literal variants.
    pub fn expand_keywords(&self, keywords: &[String]) -> Result<Vec<String>, String> {
        let mut out = vec![];
        for k in keywords {
            match k.strip_prefix('{').and_then(|k| k.strip_suffix('}')) {
                Some(name) => {
                    let c = self
                        .concepts
                        .get(name)
                        .ok_or_else(|| format!("unknown concept {{{name}}} in keywords"))?;
                    out.extend(c.variants.iter().cloned());
                }
                None => out.push(k.clone()),
            }
        }
        Ok(out)
    }

    fn expand_condition(&self, c: &mut Condition) -> Result<(), String> {
        if let Some(r) = &c.regex {
            c.regex = Some(self.expand(r)?);
        }
        c.any_of = self.expand_keywords(&c.any_of)?;
        for sub in c.all.iter_mut().chain(c.any.iter_mut()) {
            self.expand_condition(sub)?;
        }
        if let Some(n) = c.not.as_deref_mut() {
            self.expand_condition(n)?;
        }
        Ok(())
    }

    /// Expands every concept reference of a rule in place.
    pub fn expand_rule(&self, spec: &mut RuleSpec) -> Result<(), String> {
        spec.keywords = self.expand_keywords(&spec.keywords)?;
        for p in spec.patterns.iter_mut() {
            *p = self.expand(p)?;
        }
        for c in [spec.require.as_mut(), spec.forbid.as_mut()]
            .into_iter()
            .flatten()
        {
            self.expand_condition(c)?;
        }
        Ok(())
    }

    /// Failures of every concept's examples.
    pub fn check_examples(&self) -> Vec<String> {
        let mut failures = vec![];
        for (name, c) in &self.concepts {
            let Some(alt) = self.alternation(name) else {
                continue;
            };
            let re = match regex::Regex::new(&alt) {
                Ok(r) => r,
                Err(e) => {
                    failures.push(format!("concept {name}: {e}"));
                    continue;
                }
            };
            let norm = super::super::document::segment::normalize;
            for h in &c.examples.hit {
                if !re.is_match(&norm(h)) {
                    failures.push(format!("concept {name}: not found in “{h}”"));
                }
            }
            for s in &c.examples.clean {
                if let Some(m) = re.find(&norm(s)) {
                    failures.push(format!("concept {name}: “{}” found in “{s}”", m.as_str()));
                }
            }
        }
        failures
    }
}

/// Whether the end of a regex source is inside an unclosed `[...]` class.
fn inside_class(src: &str) -> bool {
    let mut chars = src.chars().peekable();
    let mut depth = 0usize;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '[' => {
                depth += 1;
                // A `]` first in a class (or after `^`) is a literal.
                if chars.peek() == Some(&'^') {
                    chars.next();
                }
                if chars.peek() == Some(&']') {
                    chars.next();
                }
            }
            ']' if depth > 0 => depth -= 1,
            _ => {}
        }
    }
    depth > 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab() -> Vocabulary {
        let mut v = Vocabulary::default();
        v.add(ConceptSpec {
            name: "本地".into(),
            meaning: "m".into(),
            variants: vec!["本地".into(), "本市".into(), "本市行政区域".into()],
            patterns: vec![],
            examples: Default::default(),
        })
        .unwrap();
        v
    }

    #[test]
    fn concepts_and_gaps_expand_and_repetitions_stay() {
        let v = vocab();
        let e = v.expand("优先{…8}{本地}[a-z]{0,3}").unwrap();
        assert_eq!(e, "优先[^。;!?]{0,8}(?:本市行政区域|本地|本市)[a-z]{0,3}");
        let re = regex::Regex::new(&e).unwrap();
        assert!(re.is_match("优先采购使用本市企业"));
        assert!(v.expand("{外地}").unwrap_err().contains("本地"));
    }

    #[test]
    fn skeletons_anchor_what_their_expansions_match() {
        let mut v = vocab();
        v.add(ConceptSpec {
            name: "是".into(),
            meaning: "m".into(),
            variants: vec!["为".into(), "是".into()],
            patterns: vec![],
            examples: Default::default(),
        })
        .unwrap();
        v.add(ConceptSpec {
            name: "企业".into(),
            meaning: "m".into(),
            variants: vec!["企业".into(), "公司".into()],
            patterns: vec!["[一-龥]{2}厂".into()],
            examples: Default::default(),
        })
        .unwrap();
        let patterns = [
            "在{本地}注册{…8}{企业}",
            "(?:{本地}|{是})优先",
            "{是}{…4}承办",
            "{企业}{…4}承办",
        ];
        let concepts = v.concept_anchors();
        let skeletons: Vec<String> = patterns.iter().map(|p| v.skeleton(p).unwrap()).collect();
        // A placeholder is one character: the skeleton stays short.
        assert!(skeletons[0].starts_with('在') && skeletons[0].chars().count() < 30);
        let ix = crate::rules::anchors::AnchorIndex::with_concepts(
            &[skeletons.iter().map(String::as_str).collect()],
            &concepts,
        );
        let texts = [
            "须在本市行政区域注册的企业方可参加。",
            "在本地注册的食品厂。",
            "本市优先。",
            "为优先。",
            "由某公司统一承办。",
            "由某某纸厂承办。",
            "是由谁承办。",
            "本办法自印发之日起施行。",
        ];
        let mut matched = 0;
        for t in texts {
            let present = ix.present(&ix.block(t), 0, t.len());
            for (i, p) in patterns.iter().enumerate() {
                let re = regex::Regex::new(&v.expand(p).unwrap()).unwrap();
                if re.is_match(t) {
                    matched += 1;
                    assert!(
                        ix.can_match(0, i, &present),
                        "{p} matches {t} but was filtered out"
                    );
                }
            }
        }
        assert!(matched >= 6, "{matched}");
        // The skeleton still filters: without 承办 {企业}…承办 does not run.
        let t = "由某公司负责。";
        assert!(!ix.can_match(0, 3, &ix.present(&ix.block(t), 0, t.len())));
    }

    #[test]
    fn concepts_that_would_mislead_the_anchors_are_refused_or_expanded() {
        let mut v = vocab();
        assert!(
            v.expand("[{本地}]企业")
                .unwrap_err()
                .contains("character class")
        );
        assert!(v.expand("[^。]{…4}{本地}").is_ok());
        assert!(v.expand(r"\[{本地}\]").is_ok());
        // Case-insensitive: the skeleton is the full expansion, no placeholder.
        let s = v.skeleton("(?i)使用{本地}app").unwrap();
        assert_eq!(s, v.expand("(?i)使用{本地}app").unwrap());
        let bad = ConceptSpec {
            name: "丙".into(),
            meaning: "m".into(),
            variants: vec![],
            patterns: vec!["x))|((?:y".into()],
            examples: Default::default(),
        };
        assert!(v.add(bad).unwrap_err().contains("does not parse"));
    }

    #[test]
    fn keyword_concepts_expand_to_variants() {
        let v = vocab();
        let k = v
            .expand_keywords(&["{本地}".into(), "优先".into()])
            .unwrap();
        assert_eq!(k, ["本地", "本市", "本市行政区域", "优先"]);
    }
}
