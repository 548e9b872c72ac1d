//! `fashen annotate`: a copy of the draft with one Word comment per finding, on its words.

mod common;

use std::time::Duration;

use common::*;

/// (comment id, text between its range start and end) for every comment in the body.
fn anchored(document_xml: &str) -> Vec<(String, String)> {
    let re = regex::Regex::new(
        r#"(?s)<w:commentRangeStart w:id="(\d+)"/>(.*?)<w:commentRangeEnd w:id="(\d+)"/>"#,
    )
    .unwrap();
    let t = regex::Regex::new(r"<w:t(?: [^>]*)?>([^<]*)</w:t>").unwrap();
    let mut out = vec![];
    for c in re.captures_iter(document_xml) {
        // Ranges do not nest here: each start is closed by its own end.
        assert_eq!(&c[1], &c[3], "comment ranges interleave");
        let text: String = t.captures_iter(&c[2]).map(|m| m[1].to_string()).collect();
        out.push((c[1].to_string(), text));
    }
    out
}

fn findings(path: &str) -> Vec<serde_json::Value> {
    let o = fashen(&["check", path, "--format", "json", "--doc-type", "normative"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    v["documents"][0]["findings"].as_array().unwrap().clone()
}

#[test]
fn comments_land_on_the_words_across_runs_in_tables_and_after_deletions() {
    let input = "tests/fixtures/annotate/runs_and_table.docx";
    let before = std::fs::read(root().join(input)).unwrap();
    let dir = scratch("annotate-fixture");
    let out = dir.join("批注稿.docx");
    let o = fashen_with_limit(
        &[
            "annotate",
            input,
            "-o",
            out.to_str().unwrap(),
            "--doc-type",
            "normative",
        ],
        None,
        Duration::from_secs(60),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    // The draft is untouched; no temporary file is left beside the output.
    assert_eq!(std::fs::read(root().join(input)).unwrap(), before);
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    let parts = unzip(&out);
    for (name, xml) in parts
        .iter()
        .filter(|(n, _)| n.ends_with(".xml") || n.ends_with(".rels"))
    {
        assert_well_formed(name, xml);
    }
    let comments = &parts["word/comments.xml"];
    assert!(parts["word/_rels/document.xml.rels"].contains("relationships/comments"));
    assert!(parts["[Content_Types].xml"].contains("PartName=\"/word/comments.xml\""));

    let found = findings(input);
    let ranges = anchored(&parts["word/document.xml"]);
    assert_eq!(ranges.len(), found.len(), "one comment per finding");
    assert_eq!(comments.matches("<w:comment ").count(), found.len());
    assert_eq!(comments.matches("w:author=\"法审\"").count(), found.len());
    let texts: Vec<&str> = ranges.iter().map(|(_, t)| t.as_str()).collect();
    // Across two runs (one bold), inside a table cell, after a tracked deletion.
    for words in ["须经县文化旅游局批准", "处五千元罚款", "缴纳经营保证金"] {
        assert!(
            texts.contains(&words),
            "{words} not anchored exactly: {texts:?}"
        );
    }
    for (id, _) in &ranges {
        assert!(
            parts["word/document.xml"].contains(&format!("<w:commentReference w:id=\"{id}\"/>"))
        );
        assert!(comments.contains(&format!("w:id=\"{id}\"")));
    }
    if let Some(pdf) = libreoffice_to_pdf(&out, &dir) {
        assert!(std::fs::metadata(pdf).unwrap().len() > 1000);
    }
}

#[test]
fn every_draft_in_word_gets_every_finding_as_an_exact_comment() {
    for name in [
        "county_short_rental_notice_variant",
        "school_construction_contract_variant",
        "county_contract_management_notice_variant",
    ] {
        let input = format!("corpus/drafts/{name}.docx");
        let dir = scratch(&format!("annotate-{name}"));
        let out = dir.join("out.docx");
        let o = fashen(&["annotate", &input, "-o", out.to_str().unwrap()]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(stderr(&o).contains("0 条标在所在段落"), "{}", stderr(&o));
        let parts = unzip(&out);
        let o = fashen(&["check", &input, "--format", "json"]);
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let found = v["documents"][0]["findings"].as_array().unwrap();
        let ranges = anchored(&parts["word/document.xml"]);
        assert_eq!(ranges.len(), found.len(), "{name}");
        for f in found.iter().filter(|f| f["match"] != "") {
            let m = f["match"].as_str().unwrap();
            assert!(
                ranges.iter().any(|(_, t)| t == m),
                "{name}: {m} not anchored: {ranges:?}"
            );
        }
    }
}

#[test]
fn annotate_refuses_to_overwrite_the_draft_and_non_docx_input() {
    let dir = scratch("annotate-refuse");
    let draft = dir.join("draft.docx");
    std::fs::copy(
        root().join("corpus/drafts/county_short_rental_notice_variant.docx"),
        &draft,
    )
    .unwrap();
    let before = std::fs::read(&draft).unwrap();
    let o = fashen(&[
        "annotate",
        draft.to_str().unwrap(),
        "-o",
        draft.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read(&draft).unwrap(), before);
    let o = fashen(&[
        "annotate",
        "corpus/drafts/county_short_rental_notice_variant.txt",
        "-o",
        dir.join("x.docx").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("only .docx"));
}
