//! Legal amounts, periods and rates from rules/data/thresholds.toml (必须招标 thresholds,
//! 保障中小企业款项支付条例 payment terms …), each with its source article and whether it
//! was verified in the text. Typed here; a malformed file is an error when the rule packs
//! load, naming the file and the threshold. Units and conventions: rules/data/README.md.

use std::collections::{BTreeMap, HashSet};
use std::sync::LazyLock;

use serde::Deserialize;

/// Where the shipped data comes from (for error messages).
pub const FILE: &str = "rules/data/thresholds.toml";
const SHIPPED: &str = include_str!("../../rules/data/thresholds.toml");

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: {detail}")]
pub struct DataError {
    pub file: String,
    pub detail: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Yuan,
    Days,
    Months,
    Years,
    BasisPoints,
    Multiple,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparison {
    AtOrAbove,
    Above,
    Max,
    Min,
    Within,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum ReadAt {
    One(String),
    Many(Vec<String>),
}

#[derive(Debug, Clone, Deserialize)]
pub struct Source {
    pub title: String,
    #[serde(default)]
    pub number: Option<String>,
    #[serde(default)]
    pub article: Option<String>,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub effective: Option<String>,
    #[serde(default)]
    pub read_at: Option<ReadAt>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Threshold {
    pub id: String,
    pub name: String,
    pub value: f64,
    pub unit: Unit,
    pub rule: Comparison,
    #[serde(default)]
    pub working_days: bool,
    #[serde(default)]
    pub per: Option<String>,
    #[serde(default)]
    pub of: Option<String>,
    #[serde(default)]
    pub from: Option<String>,
    pub text: String,
    #[serde(default)]
    pub article: Option<String>,
    #[serde(default)]
    pub source: Option<Source>,
    #[serde(default)]
    pub source_ref: Option<String>,
    pub verified: bool,
    #[serde(default)]
    pub applies_to: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
struct File {
    schema_version: u32,
    #[serde(default)]
    sources: BTreeMap<String, Source>,
    #[serde(default)]
    threshold: Vec<Threshold>,
}

/// The loaded thresholds, by id.
#[derive(Debug, Clone)]
pub struct Thresholds {
    sources: BTreeMap<String, Source>,
    list: Vec<Threshold>,
}

impl Thresholds {
    /// Parses and checks a thresholds file: known units and comparisons, unique ids, every
    /// `source_ref` resolved, a source for every value.
    pub fn parse(file: &str, src: &str) -> Result<Thresholds, DataError> {
        let err = |detail: String| DataError {
            file: file.to_string(),
            detail,
        };
        let f: File = toml::from_str(src).map_err(|e| err(e.to_string()))?;
        if f.schema_version != 1 {
            return Err(err(format!(
                "schema_version {} is not supported (1 expected)",
                f.schema_version
            )));
        }
        let mut ids = HashSet::new();
        for t in &f.threshold {
            if !ids.insert(t.id.as_str()) {
                return Err(err(format!("threshold {}: id used twice", t.id)));
            }
            match (&t.source, &t.source_ref) {
                (Some(_), None) => {}
                (None, Some(r)) if f.sources.contains_key(r) => {}
                (None, Some(r)) => {
                    return Err(err(format!(
                        "threshold {}: source_ref \"{r}\" names no [sources.{r}]",
                        t.id
                    )));
                }
                _ => {
                    return Err(err(format!(
                        "threshold {}: needs exactly one of source or source_ref",
                        t.id
                    )));
                }
            }
            if t.source.is_none() && t.article.is_none() {
                return Err(err(format!(
                    "threshold {}: a source_ref needs an article",
                    t.id
                )));
            }
            if !(t.value.is_finite() && t.value >= 0.0) {
                return Err(err(format!("threshold {}: value must be ≥ 0", t.id)));
            }
        }
        Ok(Thresholds {
            sources: f.sources,
            list: f.threshold,
        })
    }

    pub fn get(&self, id: &str) -> Option<&Threshold> {
        self.list.iter().find(|t| t.id == id)
    }

    pub fn all(&self) -> &[Threshold] {
        &self.list
    }

    /// The source of a threshold (its own, or the shared one it refers to).
    pub fn source<'a>(&'a self, t: &'a Threshold) -> Option<&'a Source> {
        t.source
            .as_ref()
            .or_else(|| self.sources.get(t.source_ref.as_deref()?))
    }

    /// 《必须招标的工程项目规定》（国家发展和改革委员会令第16号）第五条第（一）项
    pub fn cite(&self, t: &Threshold) -> String {
        let Some(s) = self.source(t) else {
            return t.name.clone();
        };
        let mut out = format!("《{}》", s.title.trim_matches(['《', '》']));
        // A document number (…令第16号, 国办发〔2019〕55号), not a version (2017年修正).
        if let Some(n) = s
            .number
            .as_deref()
            .filter(|n| n.contains('令') || n.contains('〔'))
        {
            out.push_str(&format!("（{n}）"));
        }
        if let Some(a) = t.article.as_deref().or(s.article.as_deref()) {
            out.push_str(a);
        }
        out
    }
}

static LOADED: LazyLock<Result<Thresholds, DataError>> =
    LazyLock::new(|| Thresholds::parse(FILE, SHIPPED));

/// The thresholds shipped with fashen (parsed once).
pub fn shipped() -> Result<&'static Thresholds, &'static DataError> {
    LOADED.as_ref()
}

/// Formats an amount in 元 the way a reviewer writes it: 400万元, 2860.5万元, 3000元.
pub fn yuan_text(v: f64) -> String {
    if v >= 1e8 && (v / 1e8 * 100.0).fract() == 0.0 {
        format!("{}亿元", trim(v / 1e8))
    } else if v >= 1e4 {
        format!("{}万元", trim(v / 1e4))
    } else {
        format!("{}元", trim(v))
    }
}

fn trim(v: f64) -> String {
    let s = format!("{v:.4}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_thresholds_load_with_sources() {
        let t = shipped().expect("thresholds.toml loads");
        let c = t
            .get("tender.construction")
            .expect("construction threshold");
        assert_eq!(
            (c.value, c.unit, c.rule),
            (4_000_000.0, Unit::Yuan, Comparison::AtOrAbove)
        );
        assert!(c.verified);
        assert_eq!(
            t.cite(c),
            "《必须招标的工程项目规定》（国家发展和改革委员会令第16号）第五条第（一）项"
        );
        assert_eq!(t.get("tender.goods").unwrap().value, 2_000_000.0);
        assert_eq!(t.get("tender.services").unwrap().value, 1_000_000.0);
        let sme = t.get("sme.payment.public_body.max_agreed_days").unwrap();
        assert_eq!((sme.value, sme.unit), (60.0, Unit::Days));
        assert!(t.cite(sme).starts_with("《保障中小企业款项支付条例》"));
        assert!(t.all().len() > 30);
    }

    #[test]
    fn errors_name_the_file_and_the_threshold() {
        let bad_unit = "schema_version = 1\n[[threshold]]\nid = \"a\"\nname = \"n\"\nvalue = 1\nunit = \"furlongs\"\nrule = \"max\"\ntext = \"t\"\nsource = { title = \"x\" }\nverified = true\n";
        let e = Thresholds::parse("x.toml", bad_unit).unwrap_err();
        assert!(e.to_string().starts_with("x.toml: "), "{e}");
        assert!(e.to_string().contains("furlongs"), "{e}");
        let bad_ref = bad_unit.replace("furlongs", "yuan").replace(
            "source = { title = \"x\" }",
            "source_ref = \"nope\"\narticle = \"第一条\"",
        );
        let e = Thresholds::parse("x.toml", &bad_ref).unwrap_err();
        assert_eq!(
            e.to_string(),
            "x.toml: threshold a: source_ref \"nope\" names no [sources.nope]"
        );
    }

    #[test]
    fn amounts_read_like_a_reviewer_writes_them() {
        assert_eq!(yuan_text(4_000_000.0), "400万元");
        assert_eq!(yuan_text(28_605_000.0), "2860.5万元");
        assert_eq!(yuan_text(120_000_000.0), "1.2亿元");
        assert_eq!(yuan_text(3_000.0), "3000元");
    }
}
