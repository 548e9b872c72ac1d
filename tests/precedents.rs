//! Published cases as precedents, through the real binary: a finding on a corpus draft names
//! the closest published case of its category (`precedents` in JSON, one 类似案例 line in the
//! text report and the memo), `rules explain` lists the dev cases a rule finds, and no line of
//! the test split (kept for measuring) or lawful look-alike ever appears in any output.

mod common;

use std::collections::BTreeSet;

use common::*;

/// Ids of the case corpus by kind: (defective dev lines, every other line).
fn ids() -> (BTreeSet<String>, BTreeSet<String>) {
    let (mut dev, mut other) = (BTreeSet::new(), BTreeSet::new());
    for f in ["normative.jsonl", "contracts.jsonl"] {
        let text = std::fs::read_to_string(root().join("corpus/cases").join(f)).unwrap();
        for l in text.lines().filter(|l| !l.trim().is_empty()) {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let id = v["id"].as_str().unwrap().to_string();
            if v["split"] == "dev" && v["category"] != "lawful" {
                dev.insert(id);
            } else {
                other.insert(id);
            }
        }
    }
    (dev, other)
}

/// Words shaped like a case id (N123, C045) in `text`.
fn id_like(text: &str) -> BTreeSet<String> {
    let re = regex::Regex::new(r"\b[NC][0-9]{3}\b").unwrap();
    re.find_iter(text).map(|m| m.as_str().to_string()).collect()
}

fn drafts() -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(root().join("corpus/drafts"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| format!("corpus/drafts/{}", p.file_name().unwrap().to_string_lossy()))
        .collect();
    out.sort();
    out
}

#[test]
fn findings_on_the_drafts_carry_dev_precedents_only() {
    let (dev, other) = ids();
    let files = drafts();
    let mut args = vec!["check", "--format", "json"];
    args.extend(files.iter().map(String::as_str));
    let o = fashen(&args);
    assert!(o.status.code().is_some_and(|c| c <= 1), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let mut with = 0;
    for d in v["documents"].as_array().unwrap() {
        for f in d["findings"].as_array().unwrap() {
            let Some(ps) = f.get("precedents") else {
                continue;
            };
            let ps = ps.as_array().unwrap();
            assert!(!ps.is_empty() && ps.len() <= 2, "{f}");
            with += 1;
            let mut last = 1.0;
            for p in ps {
                let id = p["id"].as_str().unwrap();
                assert!(dev.contains(id), "{id} is not a defective dev case: {f}");
                let sim = p["similarity"].as_f64().unwrap();
                assert!(sim > 0.0 && sim <= 1.0 && sim <= last, "{p}");
                last = sim;
                assert!(!p["published_by"].as_str().unwrap().is_empty());
                assert!(!p["source_title"].as_str().unwrap().is_empty());
                assert!(!p["finding"].as_str().unwrap().is_empty());
            }
        }
    }
    assert!(with > 0, "no finding on the drafts names a precedent");
    let leaked: Vec<String> = id_like(&stdout(&o))
        .into_iter()
        .filter(|i| other.contains(i))
        .collect();
    assert!(
        leaked.is_empty(),
        "test or lawful ids in the report: {leaked:?}"
    );

    // The text report shows the first precedent as one line.
    let mut args = vec!["check"];
    args.extend(files.iter().map(String::as_str));
    let t = stdout(&fashen(&args));
    assert!(t.contains("类似案例："), "{t}");
    let leaked: Vec<String> = id_like(&t)
        .into_iter()
        .filter(|i| other.contains(i))
        .collect();
    assert!(leaked.is_empty(), "{leaked:?}");
}

#[test]
fn the_memo_names_the_precedent() {
    let (_, other) = ids();
    let dir = scratch("precedent-memo");
    let out = dir.join("memo.md");
    let file = drafts()
        .into_iter()
        .find(|f| {
            let o = fashen(&["check", "--format", "json", f]);
            String::from_utf8_lossy(&o.stdout).contains("\"precedents\"")
        })
        .expect("a draft with a precedent");
    let o = fashen(&[
        "memo",
        &file,
        "-o",
        out.to_str().unwrap(),
        "--review-date",
        "2025-06-01",
    ]);
    assert!(o.status.code().is_some_and(|c| c <= 1), "{}", stderr(&o));
    let md = std::fs::read_to_string(&out).unwrap();
    assert!(md.contains("- 类似案例："), "{md}");
    assert!(id_like(&md).is_disjoint(&other));
}

#[test]
fn rules_explain_lists_the_dev_cases_a_rule_finds() {
    let (dev, other) = ids();
    let o = fashen(&["rules", "explain", "NORM-COMP-001"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let t = stdout(&o);
    assert!(t.contains("已公布案例：本规则在案例库开发集中发现"), "{t}");
    let shown = id_like(&t);
    assert!(!shown.is_empty() && shown.len() <= 5, "{t}");
    assert!(shown.is_subset(&dev), "{t}");
    assert!(shown.is_disjoint(&other));
}

#[test]
fn rules_cases_never_lists_test_ids() {
    let text = ["normative.jsonl", "contracts.jsonl"]
        .iter()
        .map(|f| std::fs::read_to_string(root().join("corpus/cases").join(f)).unwrap())
        .collect::<String>();
    let test_ids: BTreeSet<String> = text
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["split"] == "test")
        .map(|v| v["id"].as_str().unwrap().to_string())
        .collect();
    assert!(!test_ids.is_empty());
    let o = fashen(&["rules", "cases", "corpus/cases", "--list-missed", "dev"]);
    assert!(o.status.code().is_some_and(|c| c <= 1), "{}", stderr(&o));
    assert!(id_like(&stdout(&o)).is_disjoint(&test_ids));
}
