//! `fashen check`: findings, JSON report, exit codes.

mod common;

use common::*;

fn check_json(path: &str) -> (Option<i32>, serde_json::Value) {
    let o = fashen(&["check", "--format", "json", path]);
    (
        o.status.code(),
        serde_json::from_slice(&o.stdout).expect("json report"),
    )
}

fn rules_found(doc: &serde_json::Value) -> Vec<String> {
    let mut v: Vec<String> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect();
    v.sort();
    v.dedup();
    v
}

#[test]
fn normative_draft_findings_match_expectations() {
    let (code, r) = check_json("corpus/drafts/county_short_rental_notice_variant.txt");
    assert_eq!(code, Some(1));
    let d = &r["documents"][0];
    assert_eq!(d["doc_type"], "normative");
    assert_eq!(
        rules_found(d),
        [
            "NORM-BASIS-001",
            "NORM-COMP-001",
            "NORM-COMP-002",
            "NORM-LIC-001",
            "NORM-PEN-001",
            "NORM-RETRO-001"
        ]
    );
    let pen = d["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "NORM-PEN-001")
        .unwrap();
    assert_eq!(pen["category"], "sets_penalty");
    assert_eq!(pen["severity"], "error");
    assert_eq!(pen["location"]["path"], serde_json::json!(["三、"]));
    assert!(pen["excerpt"].as_str().unwrap().contains("处五千元罚款"));
    assert_eq!(pen["basis"][0]["law"], "中华人民共和国行政处罚法");
    for key in ["schema_version", "tool", "documents", "summary"] {
        assert!(r.get(key).is_some(), "{key}");
    }
}

#[test]
fn contract_draft_findings_and_triggers() {
    let (code, r) = check_json("corpus/drafts/county_financing_agreement_variant.txt");
    assert_eq!(code, Some(1));
    let d = &r["documents"][0];
    assert_eq!(d["doc_type"], "contract");
    assert_eq!(d["review_mandatory"], true);
    assert_eq!(d["triggers"][0]["kind"], "fiscal_funds");
    assert_eq!(
        rules_found(d),
        [
            "CON-BID-001",
            "CON-CLAUSE-001",
            "CON-FIN-001",
            "CON-GUA-001",
            "CON-PAY-001",
            "CON-RET-001",
            "CON-UNF-001"
        ]
    );
    assert_eq!(d["conclusion"], "reject");
}

#[test]
fn lawful_real_documents_have_no_error_findings() {
    let o = fashen(&[
        "check",
        "--format",
        "json",
        "--fail-on",
        "error",
        "corpus/real",
    ]);
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let errors: Vec<String> = r["documents"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| {
            d["findings"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| f["severity"] == "error")
                .map(move |f| format!("{} {} {}", d["path"], f["rule"], f["excerpt"]))
        })
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn unreadable_input_in_a_batch_exits_3_and_the_rest_is_reviewed() {
    let o = fashen(&[
        "check",
        "--format",
        "json",
        "tests/fixtures/samples/contract_scanned.pdf",
        "corpus/drafts/county_short_rental_notice_variant.txt",
    ]);
    assert_eq!(o.status.code(), Some(3));
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(r["summary"]["failed"], 1);
    assert_eq!(r["summary"]["checked"], 1);
    assert_eq!(r["documents"][0]["status"], "failed");
    assert!(
        r["documents"][0]["error"]
            .as_str()
            .unwrap()
            .contains("no text layer")
    );
}

#[test]
fn fail_on_and_rule_selection() {
    let path = "corpus/drafts/county_short_rental_notice_variant.txt";
    assert_eq!(
        fashen(&["check", "--fail-on", "never", path]).status.code(),
        Some(0)
    );
    assert_eq!(
        fashen(&["check", "--select", "missing_legal_basis", path])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        fashen(&["check", "--select", "NORM-PEN-001", path])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        fashen(&["check", "--ignore", "NORM", path]).status.code(),
        Some(0)
    );
}

#[test]
fn rules_test_and_explain() {
    let o = fashen(&["rules", "test"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains(" passed, 0 failed"));
    let o = fashen(&["rules", "explain", "NORM-PEN-001"]);
    assert!(stdout(&o).contains("第十六条"));
}
