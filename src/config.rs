//! Project or catalogue configuration, `fashen.toml`, found in the current folder or its
//! parents: default `--fail-on`, rule selection, extra rule folders, reference date, and
//! per-file waivers that must carry a reason. A waived finding is still reported, marked.

use std::path::{Path, PathBuf};

use globset::{Glob, GlobMatcher};
use serde::Deserialize;

use crate::rules::compile::RuleSet;
use crate::rules::engine::{UnknownName, check_names, selector_matches};
use crate::rules::finding::Finding;
use crate::rules::schema::Severity;

pub const FILE_NAME: &str = "fashen.toml";

/// The lowest severity that makes a run fail (`--fail-on`, `fail_on` in fashen.toml).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

impl FailOn {
    pub fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }

    /// Whether unwaived findings counted by severity reach the threshold.
    pub fn reached(self, error: usize, warning: usize, info: usize) -> bool {
        match self.threshold() {
            None => false,
            Some(Severity::Error) => error > 0,
            Some(Severity::Warning) => error + warning > 0,
            Some(Severity::Info) => error + warning + info > 0,
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckSection {
    pub fail_on: Option<FailOn>,
    #[serde(default)]
    pub select: Vec<String>,
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Extra rule folders, relative to the configuration file.
    #[serde(default)]
    pub rules: Vec<PathBuf>,
    /// Reference date, "YYYY-MM-DD".
    pub as_of: Option<chrono::NaiveDate>,
    /// Jurisdiction profile: 山东省, shandong …
    pub jurisdiction: Option<String>,
}

/// The memo's letter apparatus (`[memo]`), for `fashen memo` and the memos of `fashen batch`;
/// the command line wins. A legal office sets it once instead of on every run.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemoSection {
    /// The memo's own number: 长司法审〔{year}〕{n}号 — {year} the review year, {n} the
    /// running number (in a batch the document's place in the catalogue, from `first_n`).
    pub number: Option<String>,
    /// {n} of the first document of a batch (default 1): a batch continues the office's
    /// register where the last one ended.
    pub first_n: Option<u64>,
    /// 主送; default the document's issuer or, for a contract, the submitting party.
    pub to: Option<String>,
    /// The reviewing unit in the 落款.
    pub unit: Option<String>,
    /// 抄送.
    pub cc: Option<String>,
    /// Review date printed in the memo, "YYYY-MM-DD"; default today.
    pub review_date: Option<chrono::NaiveDate>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WaiverSpec {
    /// Files it covers: a glob relative to the configuration file (docs/2023/*.docx).
    pub path: String,
    /// Rule id, id prefix (NORM-COMP) or category.
    pub rule: String,
    /// Only findings on these words (optional).
    #[serde(rename = "match")]
    pub matched: Option<String>,
    /// Why the finding does not apply; required.
    pub reason: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    check: CheckSection,
    #[serde(default)]
    memo: MemoSection,
    #[serde(default)]
    waiver: Vec<WaiverSpec>,
}

#[derive(Debug)]
pub struct Waiver {
    pub spec: WaiverSpec,
    matcher: GlobMatcher,
}

#[derive(Debug, Default)]
pub struct Config {
    /// The file it was read from; None when there is none.
    pub file: Option<PathBuf>,
    pub check: CheckSection,
    pub memo: MemoSection,
    pub waivers: Vec<Waiver>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{file}：{reason}")]
    Invalid { file: String, reason: String },
    #[error(
        "{file}：无法读取配置文件（{}），请检查文件是否存在、是否有读取权限",
        read_zh(source)
    )]
    Read {
        file: String,
        source: std::io::Error,
    },
}

/// The nearest fashen.toml from `start` upwards.
pub fn find(start: &Path) -> Option<PathBuf> {
    let start = start.canonicalize().ok()?;
    start
        .ancestors()
        .map(|d| d.join(FILE_NAME))
        .find(|p| p.is_file())
}

/// Why a configuration file could not be read, in Chinese (this stage comes before
/// `report`, whose io_zh says the same for every other file).
fn read_zh(e: &std::io::Error) -> &'static str {
    match e.kind() {
        std::io::ErrorKind::NotFound => "不存在",
        std::io::ErrorKind::PermissionDenied => "没有权限",
        std::io::ErrorKind::IsADirectory => "是文件夹，不是文件",
        std::io::ErrorKind::InvalidData => "不是 UTF-8 编码的文字",
        _ => "读取出错",
    }
}

/// A TOML error for a person: the line in Chinese, the parser's own words (English) in
/// brackets, and what to do.
pub fn toml_zh(text: &str, e: &toml::de::Error) -> String {
    let line = e
        .span()
        .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
    let at = line.map_or(String::new(), |l| format!("第 {l} 行"));
    format!(
        "{at}写法有误（{}）：请对照 README 中 fashen.toml 的示例修改",
        e.message().trim().replace('\n', " ")
    )
}

impl Config {
    /// The configuration a command runs with: `explicit` when given, else the nearest
    /// fashen.toml from the current folder up, else none; `ignore` skips every file.
    pub fn discover(explicit: Option<&Path>, ignore: bool) -> Result<Config, ConfigError> {
        if ignore {
            return Ok(Config::default());
        }
        let path = match explicit {
            Some(p) => Some(p.to_path_buf()),
            None => std::env::current_dir().ok().and_then(|d| find(&d)),
        };
        match path {
            Some(p) => Config::load(&p),
            None => Ok(Config::default()),
        }
    }

    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            file: name.clone(),
            source,
        })?;
        Config::parse(&text, path)
    }

    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let name = path.display().to_string();
        let invalid = |reason: String| ConfigError::Invalid {
            file: name.clone(),
            reason,
        };
        let file: File =
            toml::from_str(text).map_err(|e: toml::de::Error| invalid(toml_zh(text, &e)))?;
        let base = path.parent().unwrap_or(Path::new("."));
        let mut check = file.check;
        check.rules = check.rules.iter().map(|r| base.join(r)).collect();
        let mut waivers = vec![];
        for (i, w) in file.waiver.into_iter().enumerate() {
            if w.reason.trim().is_empty() {
                return Err(invalid(format!(
                    "第 {} 条豁免（waiver，规则 {}）没有写明理由（reason）：每条豁免都须写明理由",
                    i + 1,
                    w.rule
                )));
            }
            let glob = base.join(&w.path).to_string_lossy().replace('\\', "/");
            let matcher = Glob::new(&glob)
                .map_err(|e| {
                    invalid(format!(
                        "第 {} 条豁免（waiver）的路径 {:?} 不是有效的通配符（{e}）",
                        i + 1,
                        w.path
                    ))
                })?
                .compile_matcher();
            waivers.push(Waiver { spec: w, matcher });
        }
        Ok(Config {
            file: Some(path.to_path_buf()),
            check,
            memo: file.memo,
            waivers,
        })
    }

    /// Every rule id, prefix and category named in the file exists in `set` (an unknown
    /// name would silently select, ignore or waive nothing).
    pub fn check_names(&self, set: &RuleSet) -> Result<(), ConfigError> {
        let file = self
            .file
            .as_ref()
            .map_or(FILE_NAME.to_string(), |f| f.display().to_string());
        let invalid = |where_: String, e: UnknownName| ConfigError::Invalid {
            file: file.clone(),
            reason: format!("{where_}：{e}"),
        };
        check_names(set, &self.check.select).map_err(|e| invalid("select".into(), e))?;
        check_names(set, &self.check.ignore).map_err(|e| invalid("ignore".into(), e))?;
        for (i, w) in self.waivers.iter().enumerate() {
            check_names(set, std::slice::from_ref(&w.spec.rule))
                .map_err(|e| invalid(format!("第 {} 条豁免（waiver）的 rule", i + 1), e))?;
        }
        Ok(())
    }

    /// Marks the findings of `doc_path` that a waiver covers.
    pub fn apply_waivers(&self, doc_path: &Path, findings: &mut [Finding]) {
        if self.waivers.is_empty() {
            return;
        }
        let abs = doc_path.canonicalize().unwrap_or_else(|_| {
            std::path::absolute(doc_path).unwrap_or_else(|_| doc_path.to_path_buf())
        });
        for w in self.waivers.iter().filter(|w| w.matcher.is_match(&abs)) {
            w.spec.waive(findings);
        }
    }
}

impl WaiverSpec {
    /// Whether the waiver's rule (id, id prefix or category) and words cover `f`; its
    /// `path` is not looked at (the caller chose the document).
    pub fn covers(&self, f: &Finding) -> bool {
        let rule_hit = selector_matches(&self.rule, &f.rule, f.category.as_str());
        let words_hit = self
            .matched
            .as_ref()
            .is_none_or(|m| f.matched.contains(m.as_str()) || f.excerpt.contains(m.as_str()));
        rule_hit && words_hit
    }

    /// Marks the findings it covers that no earlier waiver marked (fashen.toml, or the
    /// waivers a reviewer sets for one review in `fashen serve`).
    pub fn waive(&self, findings: &mut [Finding]) {
        for f in findings.iter_mut() {
            if f.waived.is_none() && self.covers(f) {
                f.waived = Some(self.reason.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waivers_need_a_reason_and_unknown_keys_are_rejected() {
        let p = Path::new("/tmp/fashen.toml");
        let no_reason =
            "[[waiver]]\npath = \"*.docx\"\nrule = \"NORM-BASIS-001\"\nreason = \" \"\n";
        assert!(
            Config::parse(no_reason, p)
                .unwrap_err()
                .to_string()
                .contains("没有写明理由")
        );
        let unknown = "[check]\nfail-on = \"error\"\n";
        let e = Config::parse(unknown, p).unwrap_err().to_string();
        assert!(e.contains("第 2 行") && e.contains("README"), "{e}");
        let memo = "[memo]\nnumber = \"长司法审〔{year}〕{n}号\"\nfirst_n = 7\nreview_date = \"2026-11-28\"\n";
        let c = Config::parse(memo, p).unwrap();
        assert_eq!(c.memo.first_n, Some(7));
        assert_eq!(c.memo.number.as_deref(), Some("长司法审〔{year}〕{n}号"));
        assert!(Config::parse("[memo]\nnumbr = \"x\"\n", p).is_err());
        let ok = "[check]\nfail_on = \"warning\"\nignore = [\"NORM-VALID\"]\n";
        let c = Config::parse(ok, p).unwrap();
        assert_eq!(c.check.fail_on, Some(FailOn::Warning));
        for bad in [
            "[check]\nas_of = \"2025-13-45\"\n",
            "[check]\nfail_on = \"bogus\"\n",
        ] {
            assert!(Config::parse(bad, p).is_err(), "{bad}");
        }
        let dated = Config::parse("[check]\nas_of = \"2024-02-29\"\n", p).unwrap();
        assert_eq!(dated.check.as_of.unwrap().to_string(), "2024-02-29");
    }
}
