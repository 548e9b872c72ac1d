//! Jurisdiction profiles (rules/data/jurisdictions/*.toml): what a province requires of a
//! normative document beyond national law — a stated 有效期 and its maximum, the maximum
//! for 试行/暂行 documents — each value with its source and whether it was verified.
//! Chosen with `--jurisdiction NAME` or `jurisdiction = "…"` in fashen.toml.

use std::sync::LazyLock;

use serde::Deserialize;

/// The profiles shipped with fashen: (file id, TOML).
const PROFILES: [(&str, &str); 5] = [
    (
        "national",
        include_str!("../../rules/data/jurisdictions/national.toml"),
    ),
    (
        "shandong",
        include_str!("../../rules/data/jurisdictions/shandong.toml"),
    ),
    (
        "zhejiang",
        include_str!("../../rules/data/jurisdictions/zhejiang.toml"),
    ),
    (
        "beijing",
        include_str!("../../rules/data/jurisdictions/beijing.toml"),
    ),
    (
        "henan",
        include_str!("../../rules/data/jurisdictions/henan.toml"),
    ),
];

/// One value of a profile with its provenance.
#[derive(Debug, Clone, Deserialize)]
pub struct Value<T> {
    pub value: Option<T>,
    #[serde(default)]
    pub verified: bool,
    #[serde(default)]
    pub why_unverified: Option<String>,
    #[serde(default)]
    pub source_ref: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Source {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub number: String,
    #[serde(default)]
    pub article: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Profile {
    pub name: String,
    #[serde(skip)]
    pub id: String,
    #[serde(default)]
    pub sources: std::collections::BTreeMap<String, Source>,
    pub validity_required: Option<Value<bool>>,
    pub validity_max_years: Option<Value<u32>>,
    pub trial_validity_max_years: Option<Value<u32>>,
}

impl Profile {
    /// "《山东省…办法》（山东省人民政府令第353号）第X条" for a value's source.
    pub fn cite<T>(&self, v: &Value<T>) -> String {
        v.source_ref
            .as_deref()
            .and_then(|r| self.sources.get(r))
            .map(|s| {
                let mut t = format!("《{}》", s.title.trim_matches(['《', '》']));
                if !s.number.is_empty() && s.number.chars().count() < 20 {
                    t.push_str(&format!("（{}）", s.number));
                }
                t.push_str(&s.article);
                t
            })
            .unwrap_or_else(|| format!("{}的规定", self.name))
    }
}

static LOADED: LazyLock<Vec<Profile>> = LazyLock::new(|| {
    PROFILES
        .iter()
        .filter_map(|(id, src)| {
            let mut p: Profile = toml::from_str(src).ok()?;
            p.id = id.to_string();
            Some(p)
        })
        .collect()
});

/// Every shipped profile.
pub fn all() -> &'static [Profile] {
    &LOADED
}

/// A profile by Chinese name (山东省, 山东) or file id (shandong).
pub fn find(name: &str) -> Option<&'static Profile> {
    let n = name.trim();
    all().iter().find(|p| {
        p.id.eq_ignore_ascii_case(n)
            || p.name == n
            || p.name.trim_end_matches(['省', '市']) == n.trim_end_matches(['省', '市'])
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_shipped_profile_loads_and_is_found_by_name() {
        assert_eq!(super::all().len(), super::PROFILES.len());
        for n in ["山东省", "山东", "shandong", "national"] {
            assert!(super::find(n).is_some(), "{n}");
        }
        assert!(super::find("火星").is_none());
    }
}
