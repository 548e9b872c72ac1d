//! The law-status database shipped in `rules/laws/` (built by `scripts/build_laws.py` from
//! the team's legal material): titles, short names, status, repeal, versions with article
//! counts, and article texts of the laws whose full text we hold.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

const LAWS_JSON: &str = include_str!("../../rules/laws/laws.json");
const ARTICLES_JSON: &str = include_str!("../../rules/laws/articles.json");

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Meta {
    pub as_of: String,
    pub built_from: String,
    pub laws: usize,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Superseded {
    pub date: String,
    pub replaced_by: String,
    pub basis: String,
    pub verified: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Version {
    pub date: String,
    #[serde(default)]
    pub effective: Option<String>,
    #[serde(default)]
    pub articles: Option<u32>,
    #[serde(default)]
    pub status: Option<String>,
    /// The full text is in `articles.json`.
    #[serde(default)]
    pub text: bool,
    #[serde(default)]
    pub superseded: Option<Superseded>,
    /// The next version takes effect on this date.
    #[serde(default)]
    pub until: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
}

impl Version {
    /// The date from which this version applies.
    pub fn from(&self) -> &str {
        self.effective.as_deref().unwrap_or(&self.date)
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Law {
    pub title: String,
    #[serde(default)]
    pub short: Vec<String>,
    #[serde(default)]
    pub level: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub repealed: Option<String>,
    #[serde(default)]
    pub replaced_by: Option<String>,
    #[serde(default)]
    pub repeal_basis: Option<String>,
    /// 文号 of a normative document or order number of a rule (财综〔2014〕96号).
    #[serde(default)]
    pub doc_number: Option<String>,
    #[serde(default)]
    pub verified: Option<String>,
    #[serde(default)]
    pub versions: Vec<Version>,
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default)]
    pub notes: Vec<String>,
}

impl Law {
    pub fn is_repealed(&self) -> bool {
        self.status.as_deref() == Some("已废止")
    }

    pub fn verified(&self) -> bool {
        self.verified.as_deref() == Some("yes")
    }

    /// The version in force on `date` (YYYY-MM-DD): the newest one applying by then.
    pub fn version_at(&self, date: &str) -> Option<&Version> {
        self.versions.iter().rev().find(|v| v.from() <= date)
    }

    /// The version adopted or amended in `year` (立法法（2015修正）).
    pub fn version_of_year(&self, year: &str) -> Option<&Version> {
        self.versions.iter().find(|v| v.date.starts_with(year))
    }
}

#[derive(Deserialize)]
struct File {
    meta: Meta,
    laws: Vec<Law>,
}

pub struct LawDb {
    pub meta: Meta,
    pub laws: Vec<Law>,
    by_key: HashMap<String, usize>,
    /// `key(title)` of every law, for the closest-title search.
    keys: Vec<String>,
}

/// Matching key of a title: NFKC, no 中华人民共和国, no brackets or spaces, so that
/// 《中华人民共和国合同法》, 合同法 and 《合同法》 meet.
pub fn key(title: &str) -> String {
    // Most titles are already NFKC (ideographs and full-width brackets the table keeps):
    // the quick check spares composing them again, twice per law at every start.
    let nfkc = match unicode_normalization::is_nfkc_quick(title.chars()) {
        unicode_normalization::IsNormalized::Yes => std::borrow::Cow::Borrowed(title),
        _ => std::borrow::Cow::Owned(title.nfkc().collect::<String>()),
    };
    nfkc.replace("中华人民共和国", "")
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '《' | '》' | '〈' | '〉' | '<' | '>'))
        .collect()
}

impl LawDb {
    fn parse(json: &str) -> Result<LawDb, serde_json::Error> {
        let file: File = serde_json::from_str(json)?;
        let mut by_key = HashMap::new();
        let keys: Vec<String> = file.laws.iter().map(|l| key(&l.title)).collect();
        // Full titles first, then short names, so a short name never hides a title.
        for (i, k) in keys.iter().enumerate() {
            by_key.insert(k.clone(), i);
        }
        for (i, law) in file.laws.iter().enumerate() {
            for s in &law.short {
                by_key.entry(key(s)).or_insert(i);
            }
        }
        Ok(LawDb {
            meta: file.meta,
            laws: file.laws,
            by_key,
            keys,
        })
    }

    /// A cited title (with or without 中华人民共和国, 《》, a version year suffix).
    pub fn resolve(&self, cited: &str) -> Option<(&Law, Option<String>)> {
        let k = key(cited);
        if let Some(&i) = self.by_key.get(&k) {
            return Some((&self.laws[i], None));
        }
        // 立法法(2015修正), 立法法(2015年修正)
        let (base, year) = split_version(&k)?;
        self.by_key
            .get(base)
            .map(|&i| (&self.laws[i], Some(year.to_string())))
    }

    /// The closest known title, for an unknown one (normalised Levenshtein ≥ `min`).
    pub fn closest(&self, cited: &str, min: f64) -> Option<&Law> {
        let k = key(cited);
        self.keys
            .iter()
            .zip(&self.laws)
            .map(|(lk, l)| (strsim::normalized_levenshtein(&k, lk), l))
            .filter(|(s, _)| *s >= min)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, l)| l)
    }

    /// What `fashen laws lookup` and the web service show for a query: the law it names,
    /// else at most `max` laws whose title or short name contains it.
    pub fn lookup(&self, query: &str, max: usize) -> Vec<&Law> {
        match self.resolve(query) {
            Some((law, _)) => vec![law],
            None => self.search(query).into_iter().take(max).collect(),
        }
    }

    /// Every law whose title or short name contains `needle` (for `laws lookup`).
    pub fn search(&self, needle: &str) -> Vec<&Law> {
        let k = key(needle);
        self.laws
            .iter()
            .filter(|l| key(&l.title).contains(&k) || l.short.iter().any(|s| key(s).contains(&k)))
            .collect()
    }
}

fn split_version(k: &str) -> Option<(&str, &str)> {
    let open = k.rfind('(')?;
    let inner = k[open + 1..].strip_suffix(')')?;
    let year = inner.get(..4)?;
    year.chars()
        .all(|c| c.is_ascii_digit())
        .then_some((&k[..open], year))
}

/// The database's "as of" date, without parsing the whole file (every report shows it).
pub fn as_of() -> &'static str {
    static AS_OF: OnceLock<&'static str> = OnceLock::new();
    AS_OF.get_or_init(|| {
        let tail = LAWS_JSON
            .rfind("\"as_of\": \"")
            .map_or("", |i| &LAWS_JSON[i + "\"as_of\": \"".len()..]);
        tail.split('"').next().unwrap_or("")
    })
}

pub fn db() -> &'static LawDb {
    static DB: OnceLock<LawDb> = OnceLock::new();
    DB.get_or_init(|| LawDb::parse(LAWS_JSON).expect("rules/laws/laws.json is valid"))
}

type Articles = HashMap<String, HashMap<String, String>>;

/// Article `n` of `title` as of version `date`, when we hold the full text.
pub fn article_text(title: &str, date: &str, n: u32) -> Option<&'static str> {
    static ARTICLES: OnceLock<Articles> = OnceLock::new();
    let all = ARTICLES.get_or_init(|| {
        serde_json::from_str(ARTICLES_JSON).expect("rules/laws/articles.json is valid")
    });
    all.get(&format!("{title}@{date}"))?
        .get(&n.to_string())
        .map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn as_of_is_read_without_parsing() {
        assert_eq!(as_of(), db().meta.as_of);
    }

    #[test]
    fn the_contract_law_is_repealed_by_the_civil_code() {
        let (law, _) = db().resolve("《中华人民共和国合同法》").unwrap();
        assert!(law.is_repealed());
        assert_eq!(law.repealed.as_deref(), Some("2021-01-01"));
        assert!(law.replaced_by.as_deref().unwrap().contains("民法典"));
        assert_eq!(db().resolve("合同法").unwrap().0.title, law.title);
    }

    #[test]
    fn versions_are_picked_by_date_and_year_suffix() {
        let (law, year) = db().resolve("立法法（2015修正）").unwrap();
        assert_eq!(year.as_deref(), Some("2015"));
        assert_eq!(law.version_at("2020-01-01").unwrap().articles, Some(105));
        assert_eq!(law.version_at("2024-01-01").unwrap().articles, Some(120));
        assert!(
            article_text(&law.title, "2023-03-13", 93)
                .unwrap()
                .contains("地方政府规章")
        );
    }

    #[test]
    fn an_unknown_title_finds_its_closest_neighbour() {
        assert!(db().resolve("中华人民共和国政府采构法").is_none());
        let near = db().closest("中华人民共和国政府采构法", 0.8).unwrap();
        assert_eq!(near.title, "中华人民共和国政府采购法");
    }
}
