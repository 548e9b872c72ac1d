//! Quality of the whole pipeline against a labelled corpus: every `X.expected.toml` names
//! the doc_type, triggers and findings (category + article) a careful reviewer expects of
//! the documents `X.txt`, `X.docx`, `X.pdf` … beside it. Per-category precision and recall
//! show what a rule change moved.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::document::model::DocType;
use crate::extract::Limits;
use crate::rules::compile::RuleSet;
use crate::rules::engine::{Selection, review};
use crate::rules::finding::Finding;
use crate::rules::schema::{Category, TriggerKind};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expected {
    pub doc_type: DocType,
    #[serde(default)]
    pub triggers: Vec<TriggerKind>,
    #[serde(default)]
    pub findings: Vec<ExpectedFinding>,
    /// The text is a continuous excerpt of a longer document (a stored web page's run of
    /// articles): it has no head or tail, so the whole-document checks (制定依据, 施行日期和
    /// 有效期, the contract's essential clauses, the issuer, citations judged against a date
    /// the excerpt may lack — `rules::builtin::ARTEFACT_BUILTINS`) are judged neither way, as for the
    /// published case excerpts.
    #[serde(default)]
    pub excerpt: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectedFinding {
    pub category: Category,
    /// Article (第五条) or top-level item (三、); empty for the whole document.
    #[serde(default)]
    pub at: String,
    /// Informative: the rule a reviewer would expect to fire.
    #[serde(default)]
    pub rule: Option<String>,
}

/// Counts for one category (or for triggers / doc types).
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct Score {
    pub expected: usize,
    pub found: usize,
    pub correct: usize,
}

impl Score {
    pub fn precision(&self) -> f64 {
        if self.found == 0 {
            1.0
        } else {
            self.correct as f64 / self.found as f64
        }
    }
    pub fn recall(&self) -> f64 {
        if self.expected == 0 {
            1.0
        } else {
            self.correct as f64 / self.expected as f64
        }
    }
    fn add(&mut self, expected: &BTreeSet<(String, String)>, found: &BTreeSet<(String, String)>) {
        self.expected += expected.len();
        self.found += found.len();
        self.correct += expected.intersection(found).count();
    }
}

/// A difference between what was expected and what the tool reported, for the table's notes.
#[derive(Debug)]
pub struct Miss {
    pub file: String,
    pub kind: &'static str,
    pub what: String,
}

#[derive(Debug, Default)]
pub struct Quality {
    pub documents: usize,
    pub categories: BTreeMap<String, Score>,
    pub triggers: Score,
    pub doc_types: Score,
    pub misses: Vec<Miss>,
    pub errors: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum QualityError {
    #[error("{0}: {1}")]
    Read(String, std::io::Error),
    #[error("{0}: {1}")]
    Parse(String, String),
}

/// Where a finding sits for the comparison: its article, else its top-level item.
pub fn anchor(f: &Finding) -> String {
    f.location
        .article
        .clone()
        .or_else(|| f.location.path.first().cloned())
        .unwrap_or_default()
}

/// Label files under `roots` with the documents each describes.
pub fn labelled(roots: &[PathBuf]) -> Result<Vec<(PathBuf, Expected, Vec<PathBuf>)>, QualityError> {
    let mut labels = vec![];
    for root in roots {
        for e in walkdir::WalkDir::new(root) {
            let e = e.map_err(|e| {
                let at = e.path().unwrap_or(root).display().to_string();
                QualityError::Read(at, e.into())
            })?;
            if let Some(stem) = e
                .file_name()
                .to_str()
                .and_then(|n| n.strip_suffix(".expected.toml"))
                .filter(|_| e.file_type().is_file())
            {
                labels.push((e.path().to_path_buf(), stem.to_string()));
            }
        }
    }
    labels.sort();
    labels
        .into_iter()
        .map(|(label, stem)| {
            let text = std::fs::read_to_string(&label)
                .map_err(|e| QualityError::Read(label.display().to_string(), e))?;
            let expected: Expected = toml::from_str(&text)
                .map_err(|e| QualityError::Parse(label.display().to_string(), e.to_string()))?;
            let dir = label.parent().unwrap_or(Path::new("."));
            let mut docs: Vec<PathBuf> = ["txt", "docx", "pdf", "ofd"]
                .iter()
                .map(|x| dir.join(format!("{stem}.{x}")))
                .filter(|p| p.is_file())
                .collect();
            docs.sort();
            Ok((label, expected, docs))
        })
        .collect()
}

/// Reviews every labelled document and scores it against its label.
pub fn evaluate(roots: &[PathBuf], set: &RuleSet) -> Result<Quality, QualityError> {
    use rayon::prelude::*;
    let labels = labelled(roots)?;
    let limits = Limits::default();
    let jobs: Vec<(&Expected, &PathBuf)> = labels
        .iter()
        .flat_map(|(_, e, docs)| docs.iter().map(move |d| (e, d)))
        .collect();
    let runs: Vec<_> = jobs
        .par_iter()
        .map(|(e, path)| {
            let doc = crate::load_document(path, &limits, None);
            (
                *e,
                *path,
                doc.map(|d| (review(&d, set, &Selection::default()), d.doc_type)),
            )
        })
        .collect();
    let artefacts = crate::rules::builtin::artefact_rules(set);
    // What those checks report on a whole document: an excerpt's label for one of them (at "")
    // is set aside with the finding it would meet.
    let artefact_categories: BTreeSet<&str> = set
        .rules
        .iter()
        .filter(|r| artefacts.contains(&r.spec.id))
        .map(|r| r.spec.category.as_str())
        .collect();
    let mut q = Quality::default();
    for (expected, path, run) in runs {
        let file = path.display().to_string();
        let (r, doc_type) = match run {
            Ok(x) => x,
            Err(err) => {
                q.errors.push(format!("{file}: {err}"));
                continue;
            }
        };
        q.documents += 1;
        q.doc_types.expected += 1;
        q.doc_types.found += 1;
        if doc_type == expected.doc_type {
            q.doc_types.correct += 1;
        } else {
            q.misses.push(Miss {
                file: file.clone(),
                kind: "doc_type",
                what: format!(
                    "expected {}, got {}",
                    expected.doc_type.as_str(),
                    doc_type.as_str()
                ),
            });
        }
        let want: BTreeSet<_> = expected
            .triggers
            .iter()
            .map(|t| (t.as_str().to_string(), String::new()))
            .collect();
        let got: BTreeSet<_> = r
            .triggers
            .iter()
            .map(|t| (t.kind.as_str().to_string(), String::new()))
            .collect();
        q.triggers.add(&want, &got);
        note_misses(&mut q.misses, &file, "trigger", &want, &got);

        let want: BTreeSet<_> = expected
            .findings
            .iter()
            .filter(|f| {
                !(expected.excerpt
                    && f.at.is_empty()
                    && artefact_categories.contains(f.category.as_str()))
            })
            .map(|f| (f.category.as_str().to_string(), f.at.clone()))
            .collect();
        let got: BTreeSet<_> = r
            .findings
            .iter()
            .map(|f| (f, (f.category.as_str().to_string(), anchor(f))))
            // An excerpt's whole-document findings are set aside, but a finding the labeller
            // asked for at an article (repealed_law @ 第一条) still counts: set aside, the
            // label could never be met.
            .filter(|(f, key)| {
                !(expected.excerpt && artefacts.contains(&f.rule) && !want.contains(key))
            })
            .map(|(_, key)| key)
            .collect();
        let cats: BTreeSet<&String> = want.iter().chain(&got).map(|(c, _)| c).collect();
        for c in cats {
            let w: BTreeSet<_> = want.iter().filter(|(x, _)| x == c).cloned().collect();
            let g: BTreeSet<_> = got.iter().filter(|(x, _)| x == c).cloned().collect();
            q.categories.entry(c.clone()).or_default().add(&w, &g);
        }
        note_misses(&mut q.misses, &file, "finding", &want, &got);
    }
    Ok(q)
}

fn note_misses(
    misses: &mut Vec<Miss>,
    file: &str,
    kind: &'static str,
    want: &BTreeSet<(String, String)>,
    got: &BTreeSet<(String, String)>,
) {
    let show = |(c, at): &(String, String)| {
        if at.is_empty() {
            c.clone()
        } else {
            format!("{c} @ {at}")
        }
    };
    for m in want.difference(got) {
        misses.push(Miss {
            file: file.into(),
            kind,
            what: format!("missed {}", show(m)),
        });
    }
    for m in got.difference(want) {
        misses.push(Miss {
            file: file.into(),
            kind,
            what: format!("unexpected {}", show(m)),
        });
    }
}

impl Quality {
    /// Categories (and triggers, doc types) whose precision or recall is below `min`.
    pub fn below(&self, min: f64) -> Vec<String> {
        let mut out: Vec<String> = self
            .categories
            .iter()
            .filter(|(_, s)| s.precision() < min || s.recall() < min)
            .map(|(c, _)| c.clone())
            .collect();
        if self.triggers.precision() < min || self.triggers.recall() < min {
            out.push("triggers".into());
        }
        if self.doc_types.recall() < min {
            out.push("doc_type".into());
        }
        out
    }

    /// Every category's findings summed: one precision and recall for all labelled findings.
    pub fn total(&self) -> Score {
        let mut total = Score::default();
        for sc in self.categories.values() {
            total.expected += sc.expected;
            total.found += sc.found;
            total.correct += sc.correct;
        }
        total
    }

    pub fn table(&self) -> String {
        let mut s = format!(
            "{} 份已标注文档（同一文本的 txt/docx/pdf 各计一份）\n\n{:<32} {:>6} {:>6} {:>6} {:>9} {:>7}\n",
            self.documents, "category", "expect", "found", "right", "precision", "recall"
        );
        let row = |name: &str, sc: &Score| {
            format!(
                "{:<32} {:>6} {:>6} {:>6} {:>9.3} {:>7.3}\n",
                name,
                sc.expected,
                sc.found,
                sc.correct,
                sc.precision(),
                sc.recall()
            )
        };
        for (c, sc) in &self.categories {
            s.push_str(&row(c, sc));
        }
        s.push_str(&row("(all findings)", &self.total()));
        s.push_str(&row("(triggers)", &self.triggers));
        s.push_str(&row("(doc_type)", &self.doc_types));
        if !self.misses.is_empty() {
            s.push_str("\n差异：\n");
            for m in &self.misses {
                s.push_str(&format!("  {} [{}] {}\n", m.file, m.kind, m.what));
            }
        }
        for e in &self.errors {
            s.push_str(&format!("  无法读取：{e}\n"));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_scores_are_perfect_and_misses_lower_them() {
        let mut sc = Score::default();
        assert_eq!((sc.precision(), sc.recall()), (1.0, 1.0));
        let want: BTreeSet<_> = [("a".to_string(), "第一条".to_string())].into();
        let got: BTreeSet<_> = [("a".to_string(), "第二条".to_string())].into();
        sc.add(&want, &got);
        assert_eq!((sc.precision(), sc.recall()), (0.0, 0.0));
    }

    /// The finding misses of one labelled text `text` with its label `label`.
    fn finding_misses(set: &RuleSet, text: &str, label: &str) -> Vec<String> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), text).unwrap();
        std::fs::write(dir.path().join("a.expected.toml"), label).unwrap();
        let q = evaluate(&[dir.path().to_path_buf()], set).unwrap();
        q.misses
            .iter()
            .filter(|m| m.kind == "finding")
            .map(|m| m.what.clone())
            .collect()
    }

    /// An excerpt's missing head and tail (制定依据, 施行日期) are judged neither way; the same
    /// text labelled a whole document gets them as unexpected findings.
    #[test]
    fn an_excerpt_is_not_judged_on_its_missing_head_and_tail() {
        let set = RuleSet::load(&[]).unwrap();
        let text = "某市殡葬管理办法\n\n第三条　乡镇人民政府负责本辖区内殡葬管理工作。\n\n第四条　殡仪馆应当公示服务项目和收费标准。\n";
        let label = |excerpt: bool| {
            let toml = format!("doc_type = \"normative\"\nexcerpt = {excerpt}\nfindings = []\n");
            finding_misses(&set, text, &toml)
        };
        let whole = label(false);
        assert!(
            whole.iter().any(|w| w.contains("missing_legal_basis")),
            "{whole:?}"
        );
        assert_eq!(label(true), Vec::<String>::new());
    }

    /// An excerpt's label at an article for a citation check (repealed_law @ 第一条) is met by
    /// the finding there; only the whole-document checks are set aside.
    #[test]
    fn an_excerpt_keeps_a_labelled_citation_finding() {
        let set = RuleSet::load(&[]).unwrap();
        let misses = finding_misses(
            &set,
            "某县政府采购合同管理办法\n\n第一条　根据《中华人民共和国合同法》，制定本办法。\n\n第二条　采购人应当按合同约定及时支付款项。\n",
            "doc_type = \"normative\"\nexcerpt = true\ntriggers = [\"fiscal_funds\"]\nfindings = [\n  { category = \"repealed_law\", at = \"第一条\" },\n]\n",
        );
        assert_eq!(misses, Vec::<String>::new());
    }

    #[test]
    fn label_files_reject_unknown_keys() {
        let bad = "doc_type = \"contract\"\ncategory = \"x\"\n";
        assert!(toml::from_str::<Expected>(bad).is_err());
    }
}
