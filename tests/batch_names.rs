//! Property: whatever the folder and file names (Chinese, spaces, long, colliding after
//! sanitising, differing only in case), a batch writes one memo per document and every
//! link in index.html opens that document's own memo.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use proptest::prelude::*;

use fashen::batch::{self, Context, Options, output};
use fashen::config::Config;
use fashen::extract::Limits;
use fashen::rules::compile::RuleSet;
use fashen::rules::engine::Selection;

/// One path component: Chinese, spaces, characters a file system or a link trips on, and
/// sometimes very long.
fn component() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-c_]{1,3}",
        "[A-Ca-c]{1,2}",
        "[甲乙丙 _-]{1,4}",
        "[关于印发管理办法的通知]{30,70}",
        "[a-b#%~ ]{1,3}",
    ]
    .prop_filter("no hidden or blank names", |s| {
        !s.starts_with('.') && !s.trim().is_empty() && s.trim() == s
    })
}

fn rel_path() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(component(), 1..4)
}

fn index_rows(out: &Path) -> Vec<serde_json::Value> {
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    let tag = "<script type=\"application/json\" id=\"data\">";
    let start = html.find(tag).unwrap() + tag.len();
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str::<serde_json::Value>(&html[start..end])
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn rules() -> &'static RuleSet {
    static SET: std::sync::OnceLock<RuleSet> = std::sync::OnceLock::new();
    SET.get_or_init(|| RuleSet::load(&[]).expect("rules"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn one_memo_per_document_and_every_link_opens_its_own(
        paths in prop::collection::vec(rel_path(), 1..6)
    ) {
        let base = tempfile::tempdir().unwrap();
        let root = base.path().join("目录");
        let mut docs: Vec<(String, String)> = vec![];
        let mut seen = BTreeSet::new();
        for (i, parts) in paths.iter().enumerate() {
            let mut rel: PathBuf = parts.iter().collect();
            rel.set_extension("txt");
            let rel_s = rel.to_string_lossy().replace('\\', "/");
            // A name that is a prefix folder of another, or repeated, is skipped.
            if !seen.insert(rel_s.to_lowercase())
                || seen.iter().any(|o: &String| {
                    o.starts_with(&format!("{}/", rel_s.trim_end_matches(".txt").to_lowercase()))
                })
            {
                continue;
            }
            let path = root.join(&rel);
            if std::fs::create_dir_all(path.parent().unwrap()).is_err() {
                continue;
            }
            let marker = format!("第{i}号标记事项");
            let text = format!("关于{marker}的通知\n各单位：\n一、做好{marker}工作。\n某县人民政府\n2024年5月1日\n");
            if std::fs::write(&path, text).is_err() {
                continue;
            }
            docs.push((rel_s, marker));
        }
        prop_assume!(!docs.is_empty());
        let out = base.path().join("报告");
        let _lock = batch::lock(&out).unwrap();
        let opts = Options {
            roots: vec![root.clone()],
            out: out.clone(),
            resume: false,
            shard: None,
            as_of: chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
            review_date: chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
            cache: None,
            memos: true,
            letter: Default::default(),
            first_n: 1,
            follow_links: false,
        };
        let (config, selection, limits) = (Config::default(), Selection::default(), Limits::default());
        let ctx = Context {
            set: rules(),
            selection: &selection,
            config: &config,
            limits: &limits,
            doc_type: None,
        };
        let summary = batch::run(&opts, &ctx, &|_, _, _| {}).unwrap();
        prop_assert_eq!(summary.failed, 0);
        output::finalize(&out, opts.as_of, "2025-01-01").unwrap();
        let memos = std::fs::read_dir(out.join("memos")).unwrap().count();
        prop_assert_eq!(memos, docs.len(), "one memo per document");
        let rows = index_rows(&out);
        prop_assert_eq!(rows.len(), docs.len());
        let mut targets = BTreeSet::new();
        for row in &rows {
            let rel = row["rel"].as_str().unwrap();
            let href = row["memo"].as_str().unwrap();
            prop_assert!(!href.is_empty(), "{} has no memo link", rel);
            let file = percent_encoding::percent_decode_str(href).decode_utf8().unwrap().into_owned();
            let memo = std::fs::read_to_string(out.join(&file));
            prop_assert!(memo.is_ok(), "{} links to missing {}", rel, file);
            let (_, marker) = docs.iter().find(|(r, _)| r == rel).expect("a known document");
            prop_assert!(memo.unwrap().contains(marker.as_str()), "{} links to another memo", rel);
            prop_assert!(targets.insert(file), "two rows link one memo");
        }
    }
}
