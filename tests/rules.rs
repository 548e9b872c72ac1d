//! Rule packs: every example of every rule, run through the real segmenter and engine.

mod common;

use fashen::rules::compile::RuleSet;
use fashen::rules::examples::check_all;

#[test]
fn every_rule_example_passes() {
    let set = RuleSet::load(&[]).expect("shipped rule packs compile");
    let (n, failures) = check_all(&set);
    assert!(n >= 25, "{n} rules");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn a_rule_file_with_an_unknown_key_or_bad_regex_is_rejected_with_file_and_line() {
    let bad_key = r#"
[[rule]]
id = "X-1"
name = "x"
category = "sets_fee"
severity = "error"
doc_types = ["normative"]
keywords = ["x"]
colour = "red"
basis = [{ law = "l", article = "a" }]
message = "m"
suggestion = "s"
examples = { hit = ["a", "b"], clean = ["c", "d"] }
"#;
    let err = RuleSet::compile(&[("rules/bad.toml".into(), bad_key.into())])
        .err()
        .unwrap()
        .to_string();
    assert!(
        err.contains("rules/bad.toml") && err.contains("colour") && err.contains("line 9"),
        "{err}"
    );
    // `cues` and `classes` are the learned scorer's: on a keyword rule they are an error,
    // not silently ignored.
    let stray_cues = bad_key.replace("colour = \"red\"", "cues = [\"独家\"]");
    let err = RuleSet::compile(&[("rules/bad.toml".into(), stray_cues)])
        .err()
        .unwrap()
        .to_string();
    assert!(
        err.contains("X-1") && err.contains("learned_scorer"),
        "{err}"
    );
    let bad_regex = bad_key.replace("colour = \"red\"", "patterns = ['(unclosed']");
    let err = RuleSet::compile(&[("rules/bad.toml".into(), bad_regex)])
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("X-1") && err.contains("bad regex"), "{err}");
}

/// Every legal basis quoted by a rule, where the database holds the law's full text, is the
/// article's real wording (fragments between …… must appear in the article).
#[test]
fn quoted_legal_bases_match_the_law_texts() {
    use fashen::chinese::numerals::parse_chinese;
    use fashen::citations::lawdb::{article_text, db};
    use unicode_normalization::UnicodeNormalization;
    let norm = |s: &str| -> String {
        s.nfkc()
            .filter(|c| !c.is_whitespace() && !"，。；：、,.;:“”\"()（）".contains(*c))
            .collect()
    };
    let set = RuleSet::load(&[]).expect("rules");
    let (mut checked, mut failures) = (0, vec![]);
    for rule in &set.rules {
        for b in &rule.spec.basis {
            let Some((law, _)) = db().resolve(&b.law) else {
                continue;
            };
            let Some(v) = law.versions.iter().rev().find(|v| v.text) else {
                continue;
            };
            let Some(num) = b
                .article
                .strip_prefix('第')
                .and_then(|a| a.split('条').next())
                .and_then(parse_chinese)
            else {
                continue;
            };
            let Some(text) = article_text(&law.title, &v.date, num as u32) else {
                failures.push(format!(
                    "{}: {} {} not in the text",
                    rule.spec.id, b.law, b.article
                ));
                continue;
            };
            let article = norm(text);
            for frag in b
                .text
                .split('…')
                .map(norm)
                .filter(|f| f.chars().count() >= 6)
            {
                checked += 1;
                if !article.contains(&frag) {
                    failures.push(format!(
                        "{}: {} {}: “{frag}”",
                        rule.spec.id, b.law, b.article
                    ));
                }
            }
        }
    }
    assert!(checked >= 40, "{checked} fragments checked");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// docs/rules.md is generated; a rule or builtin changed without regenerating it fails here.
#[test]
fn the_rule_reference_is_current() {
    let out = common::fashen(&["rules", "doc"]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let generated = common::stdout(&out);
    let committed =
        std::fs::read_to_string(common::root().join("docs/rules.md")).unwrap_or_default();
    assert!(
        generated.trim_end() == committed.trim_end(),
        "docs/rules.md is out of date: run `cargo run --release -- rules doc -o docs/rules.md`"
    );
    for b in fashen::rules::builtin::Builtin::ALL {
        assert!(
            generated.contains(&format!("`{}`", b.name())),
            "{}",
            b.name()
        );
    }
}

/// A misspelt builtin or category in a pack is a load error naming the file, the line and
/// the valid names (it used to be possible to compile a rule that silently found nothing).
#[test]
fn a_misspelt_builtin_or_category_is_a_load_error_with_file_and_line() {
    let dir = common::scratch("typo_pack");
    let good = r#"[[rule]]
id = "LOCAL-001"
name = "测试"
category = "sets_fee"
severity = "warning"
doc_types = ["normative"]
keywords = ["收取"]
basis = [{ law = "中华人民共和国价格法", article = "第四十七条" }]
message = "m"
suggestion = "s"
[rule.examples]
hit = ["[[收取]]费用。", "一律[[收取]]费用。"]
clean = ["不收费。", "免费。"]
"#;
    for (bad, expect) in [
        (good.replace("\"sets_fee\"", "\"sets_fees\""), "sets_fees"),
        (
            good.replace(
                "keywords = [\"收取\"]",
                "builtin = \"missing_legal_basiss\"",
            ),
            "missing_legal_basiss",
        ),
        (
            good.replace("[\"normative\"]", "[\"normativ\"]"),
            "normativ",
        ),
    ] {
        let pack = dir.join("pack.toml");
        std::fs::write(&pack, bad).unwrap();
        let out = common::fashen(&["rules", "list", "--rules", dir.to_str().unwrap()]);
        let err = common::stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains("pack.toml") && err.contains(expect), "{err}");
        assert!(err.contains("line"), "no line number: {err}");
        assert!(err.contains("expected one of"), "no valid names: {err}");
    }
}

/// `yields_to` must name a rule that exists: a typo would leave the rule speaking twice.
#[test]
fn yields_to_an_unknown_rule_is_a_load_error() {
    let dir = common::scratch("yields_pack");
    std::fs::write(
        dir.join("pack.toml"),
        r#"[[rule]]
id = "LOCAL-002"
name = "测试"
category = "sets_fee"
severity = "warning"
doc_types = ["normative"]
keywords = ["收取"]
yields_to = ["NORM-FEE-999"]
basis = [{ law = "中华人民共和国价格法", article = "第四十七条" }]
message = "m"
suggestion = "s"
[rule.examples]
hit = ["[[收取]]费用。", "一律[[收取]]费用。"]
clean = ["不收费。", "免费。"]
"#,
    )
    .unwrap();
    let out = common::fashen(&["rules", "list", "--rules", dir.to_str().unwrap()]);
    let err = common::stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("pack.toml") && err.contains("LOCAL-002") && err.contains("NORM-FEE-999"),
        "{err}"
    );
}

/// NORM-COMP-023 (designation by listing) through the real binary on the labelled drafts:
/// it fires on each positive, in the .txt (tab-separated table, numbered list) and in the
/// .docx (real Word table), on the first listed operator and naming every one; it stays
/// silent on the look-alikes (inspected enterprises, 责任单位 and contact tables, recognised
/// enterprises, bodies chosen by public tender).
#[test]
fn designation_by_listing_fires_on_listed_operators_and_not_on_look_alikes() {
    let positives: [(&str, &str, &[&str]); 4] = [
        (
            "county_safety_liability_insurance_notice_variant",
            "某财产保险股份有限公司某县支公司",
            &["某安保险代理有限公司"],
        ),
        (
            "city_staff_health_exam_notice_variant",
            "某市康宁健康体检中心有限公司",
            &["某市仁和门诊部有限公司"],
        ),
        (
            "city_bid_guarantee_issuer_notice_variant",
            "某商业银行股份有限公司某市分行",
            &["某融资担保有限公司"],
        ),
        (
            "county_gas_alarm_brand_notice_variant",
            "安泰",
            &["宁盾", "某宁盾智能设备有限公司"],
        ),
    ];
    let findings = |path: &str| -> Vec<serde_json::Value> {
        let out = common::fashen(&[
            "check",
            path,
            "--format",
            "json",
            "--select",
            "NORM-COMP-023",
            "--fail-on",
            "never",
        ]);
        assert!(out.status.success(), "{path}: {out:?}");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json report");
        v["documents"][0]["findings"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    };
    for (stem, first, others) in positives {
        for ext in ["txt", "docx"] {
            let path = format!("corpus/drafts/{stem}.{ext}");
            let f = findings(&path);
            assert_eq!(f.len(), 1, "{path}: {f:?}");
            let f = &f[0];
            assert_eq!(f["category"], "restricts_competition", "{path}");
            assert_eq!(f["location"]["path"][0], "二、", "{path}: {f}");
            assert_eq!(f["match"].as_str(), Some(first), "{path}: {f}");
            assert!(
                f["excerpt"].as_str().unwrap().contains(first),
                "{path}: {f}"
            );
            let message = f["message"].as_str().unwrap();
            for name in std::iter::once(&first).chain(others) {
                assert!(message.contains(name), "{path}: {message}");
            }
        }
    }
    for stem in [
        "county_work_safety_inspection_plan_variant",
        "city_specialized_sme_list_notice_variant",
        "county_elderly_health_exam_service_notice_variant",
    ] {
        for ext in ["txt", "docx"] {
            let path = format!("corpus/drafts/{stem}.{ext}");
            assert!(findings(&path).is_empty(), "{path}");
        }
    }
    // The .docx positives and the inspection look-alike carry real Word tables.
    for stem in [
        "county_safety_liability_insurance_notice_variant",
        "county_gas_alarm_brand_notice_variant",
        "county_work_safety_inspection_plan_variant",
    ] {
        let out = common::fashen(&[
            "extract",
            &format!("corpus/drafts/{stem}.docx"),
            "--format",
            "json",
        ]);
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("extract json");
        let cells = v["blocks"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|b| b.get("table").is_some())
            .count();
        assert!(cells >= 6, "{stem}: {cells} table cells");
    }
}

#[test]
fn no_concept_lists_a_variant_twice_and_no_rule_a_keyword_twice() {
    // Merging two writers' work on one concept is where a list gets a word twice: harmless
    // to the regex, but it hides which writer's list is the real one.
    fn twice(list: Option<&toml::Value>) -> Vec<String> {
        let mut seen = std::collections::HashSet::new();
        list.and_then(|v| v.as_array())
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str())
            .filter(|w| !seen.insert(*w))
            .map(str::to_string)
            .collect()
    }
    for (file, table, list) in [
        ("rules/concepts.toml", "concept", "variants"),
        ("rules/normative.toml", "rule", "keywords"),
        ("rules/contract.toml", "rule", "keywords"),
    ] {
        let text = std::fs::read_to_string(file).expect(file);
        let doc: toml::Value = toml::from_str(&text).expect(file);
        for entry in doc[table].as_array().expect(table) {
            let name = entry
                .get("name")
                .or(entry.get("id"))
                .and_then(|v| v.as_str());
            let dup = twice(entry.get(list));
            assert!(dup.is_empty(), "{file}: {name:?} lists twice: {dup:?}");
        }
    }
}
