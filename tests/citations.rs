//! Citation checks against the shipped law-status database: every verified repealed or
//! superseded instrument is caught when cited after its repeal and left alone before it.

mod common;

use fashen::citations::lawdb::db;
use fashen::document::model::DocType;
use fashen::extract::Limits;
use fashen::rules::compile::RuleSet;
use fashen::rules::engine::{Selection, review};

fn findings_for(text: &str) -> Vec<(String, String)> {
    let set = RuleSet::load(&[]).expect("rules");
    let doc = fashen::load_bytes(
        "t.txt",
        text.as_bytes().to_vec(),
        &Limits::default(),
        Some(DocType::Normative),
    )
    .expect("text");
    let sel = Selection {
        select: vec!["CITE".into()],
        ..Selection::default()
    };
    review(&doc, &set, &sel)
        .findings
        .into_iter()
        .map(|f| (f.rule, f.severity.as_str().to_string()))
        .collect()
}

fn dated(citation: &str, date: &str) -> String {
    let (y, rest) = date.split_at(4);
    let (m, d) = (&rest[1..3], &rest[4..6]);
    format!(
        "某县人民政府关于加强合同管理的通知\n根据{citation}第一条的规定，制定本通知。\n某县人民政府\n{y}年{}月{}日\n",
        m.trim_start_matches('0'),
        d.trim_start_matches('0')
    )
}

fn shift_year(date: &str, by: i32) -> String {
    let y: i32 = date[..4].parse().unwrap();
    format!("{:04}{}", y + by, &date[4..10])
}

#[test]
fn verified_repealed_laws_are_caught_after_repeal_and_not_before() {
    let repealed: Vec<_> = db()
        .laws
        .iter()
        .filter(|l| l.is_repealed() && l.verified() && l.repealed.is_some())
        .collect();
    assert!(
        repealed.len() >= 15,
        "{} verified repealed laws",
        repealed.len()
    );
    let mut failures = vec![];
    for law in repealed {
        let when = law.repealed.as_deref().unwrap();
        let cite = format!("《{}》", law.title);
        let after = findings_for(&dated(&cite, &shift_year(when, 1)));
        if !after.contains(&("CITE-REPEALED-001".into(), "error".into())) {
            failures.push(format!("not caught after repeal: {cite} {after:?}"));
        }
        let before = findings_for(&dated(&cite, &shift_year(when, -1)));
        if before.iter().any(|(r, _)| r == "CITE-REPEALED-001") {
            failures.push(format!("flagged before repeal: {cite}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn verified_superseded_versions_are_caught_when_cited_by_year() {
    let mut n = 0;
    for law in &db().laws {
        for v in &law.versions {
            let Some(s) = &v.superseded else { continue };
            if !s.verified.starts_with("verified") {
                continue;
            }
            n += 1;
            let cite = format!("《{}（{}修正）》", law.title, &v.date[..4]);
            let after = findings_for(&dated(&cite, &shift_year(&s.date, 1)));
            assert!(
                after.contains(&("CITE-REPEALED-001".into(), "warning".into())),
                "{cite} after {}: {after:?}",
                s.date
            );
            let before = findings_for(&dated(&cite, &shift_year(&s.date, -1)));
            assert!(before.is_empty(), "{cite} before {}: {before:?}", s.date);
        }
    }
    assert!(n >= 6, "{n} verified superseded versions");
}

#[test]
fn unverified_repeals_are_warnings_not_errors() {
    let law = db()
        .laws
        .iter()
        .find(|l| l.is_repealed() && !l.verified() && l.repealed.is_some())
        .expect("an unverified repeal");
    let when = law.repealed.as_deref().unwrap();
    let f = findings_for(&dated(&format!("《{}》", law.title), &shift_year(when, 1)));
    assert!(
        f.contains(&("CITE-REPEALED-001".into(), "warning".into())),
        "{f:?}"
    );
}

#[test]
fn the_civil_code_listing_what_it_repeals_is_not_a_use() {
    let text = "某市关于清理地方性法规的通知\n民法典自2021年1月1日起施行。《中华人民共和国婚姻法》《中华人民共和国继承法》《中华人民共和国合同法》同时废止。\n2021年6月1日\n";
    assert!(findings_for(text).is_empty());
}

#[test]
fn old_article_numbers_of_the_legislation_law_are_caught() {
    // 立法法 2015 第八十条 (部门规章) is 第九十一条 since 2023.
    let text = "某市规范性文件管理办法\n根据《中华人民共和国立法法》第八十条，没有法律或者国务院的行政法规、决定、命令的依据，部门规章不得设定减损公民、法人和其他组织权利或者增加其义务的规范，不得增加本部门的权力或者减少本部门的法定职责。\n2024年6月1日\n";
    let f = findings_for(text);
    assert!(
        f.contains(&("CITE-ARTICLE-001".into(), "error".into())),
        "{f:?}"
    );
    let dated_2020 = text.replace("2024年6月1日", "2020年6月1日");
    assert!(findings_for(&dated_2020).is_empty());
}

#[test]
fn laws_lookup_shows_the_contract_law_repealed_and_replaced() {
    let out = common::fashen(&["laws", "lookup", "合同法"]);
    let text = common::stdout(&out);
    assert!(out.status.success(), "{text}");
    for want in ["已废止", "2021-01-01", "民法典", "截至"] {
        assert!(text.contains(want), "{want}: {text}");
    }
}

#[test]
fn the_json_report_lists_citations_with_status() {
    let out = common::fashen(&[
        "check",
        "corpus/real/beijing_bidding_regulation.txt",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["tool"]["laws_as_of"], "2026-06-26");
    let cites = v["documents"][0]["citations"]
        .as_array()
        .expect("citations");
    assert!(
        cites
            .iter()
            .any(|c| c["law"] == "中华人民共和国招标投标法" && c["status"] == "in_force"),
        "{cites:?}"
    );
}
