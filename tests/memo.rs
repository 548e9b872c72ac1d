//! The review memo in Word, HTML and Markdown, and the text report: what a lawyer reads.

mod common;

use std::time::Duration;

use common::*;

const DATE: &str = "2026-11-28";

fn memo(input: &str, out: &std::path::Path) -> std::process::Output {
    fashen_with_limit(
        &[
            "memo",
            input,
            "-o",
            out.to_str().unwrap(),
            "--review-date",
            DATE,
        ],
        None,
        Duration::from_secs(60),
    )
}

/// The rule-pack digest changes with every rule edit; snapshots should not.
fn redact(s: &str) -> String {
    regex::Regex::new(r"规则包 [0-9a-f]{12}")
        .unwrap()
        .replace_all(s, "规则包 [digest]")
        .into_owned()
}

#[test]
fn the_word_memo_is_a_valid_docx_with_every_finding() {
    let dir = scratch("memo-docx");
    let out = dir.join("意见书.docx");
    let o = memo("corpus/drafts/ppp_parking_concession_variant.docx", &out);
    assert!(o.status.success(), "{}", stderr(&o));
    let parts = unzip(&out);
    for name in [
        "[Content_Types].xml",
        "word/document.xml",
        "word/styles.xml",
        "_rels/.rels",
    ] {
        assert!(
            parts.contains_key(name),
            "{name} missing: {:?}",
            parts.keys()
        );
    }
    for (name, xml) in parts
        .iter()
        .filter(|(n, _)| n.ends_with(".xml") || n.ends_with(".rels"))
    {
        assert_well_formed(name, xml);
    }
    let doc = &parts["word/document.xml"];
    for want in [
        "合法性审查意见书",
        "审查结论",
        "CON-RET-002",
        "差额补足",
        "审查人",
        "仿宋_GB2312",
        "方正小标宋简体",
    ] {
        assert!(doc.contains(want), "{want} not in the memo");
    }
    // A4 page with the official-document margins (twips).
    assert!(doc.contains("w:w=\"11906\"") && doc.contains("w:h=\"16838\""));
    assert!(doc.contains("w:top=\"2098\"") && doc.contains("w:left=\"1587\""));
    // Read back through our own extractor: the memo is a docx like any other.
    let x = extract_json(&out);
    assert!(body_text(&x).contains("不予通过"));
    if let Some(pdf) = libreoffice_to_pdf(&out, &dir) {
        assert!(std::fs::metadata(pdf).unwrap().len() > 1000);
    }
}

#[test]
fn the_html_memo_is_self_contained() {
    let dir = scratch("memo-html");
    let out = dir.join("memo.html");
    let o = memo("corpus/drafts/county_short_rental_notice_variant.txt", &out);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<style>") && !html.contains("<script"));
    for external in ["http://", "https://", "src=", "<link"] {
        assert!(
            !html.contains(external),
            "{external} in a self-contained memo"
        );
    }
    assert!(html.contains("<mark>须经县文化旅游局批准</mark>"));
}

#[test]
fn a_bad_memo_extension_is_a_usage_error_and_writes_nothing() {
    let dir = scratch("memo-bad");
    let out = dir.join("memo.pdf");
    let o = memo("corpus/drafts/county_short_rental_notice_variant.txt", &out);
    assert_eq!(o.status.code(), Some(2));
    assert!(!out.exists());
}

#[test]
fn snapshot_markdown_memo_normative_draft() {
    let dir = scratch("memo-md-1");
    let out = dir.join("memo.md");
    memo("corpus/drafts/county_short_rental_notice_variant.txt", &out);
    insta::assert_snapshot!(redact(&std::fs::read_to_string(out).unwrap()));
}

#[test]
fn snapshot_markdown_memo_contract_with_citations() {
    let dir = scratch("memo-md-2");
    let out = dir.join("memo.md");
    memo(
        "corpus/drafts/county_contract_management_notice_variant.txt",
        &out,
    );
    insta::assert_snapshot!(redact(&std::fs::read_to_string(out).unwrap()));
}

#[test]
fn snapshot_markdown_memo_lawful_document() {
    let dir = scratch("memo-md-3");
    let out = dir.join("memo.md");
    memo("corpus/real/gov_2018_115_legality_review_opinion.txt", &out);
    insta::assert_snapshot!(redact(&std::fs::read_to_string(out).unwrap()));
}

#[test]
fn snapshot_html_memo_contract() {
    let dir = scratch("memo-html-2");
    let out = dir.join("memo.html");
    memo(
        "corpus/drafts/school_construction_contract_variant.txt",
        &out,
    );
    insta::assert_snapshot!(redact(&std::fs::read_to_string(out).unwrap()));
}

#[test]
fn snapshot_text_report_contract() {
    let o = fashen(&[
        "check",
        "corpus/drafts/relocation_compensation_agreement_variant.txt",
    ]);
    // Only 建议修改 findings: below the default --fail-on error.
    assert_eq!(o.status.code(), Some(0));
    insta::assert_snapshot!(stdout(&o));
}

#[test]
fn snapshot_text_report_normative_docx() {
    let o = fashen(&[
        "check",
        "corpus/drafts/city_market_order_measures_variant.docx",
    ]);
    insta::assert_snapshot!(stdout(&o));
}
