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
            .contains("没有文字层")
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

const DRAFT_TXT: &str = "corpus/drafts/county_short_rental_notice_variant.txt";

fn one_chinese_line(err: &str) {
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    assert!(!err.is_ascii(), "in Chinese: {err}");
    assert!(!err.chars().any(|c| c.is_control() && c != '\n'), "{err:?}");
}

#[test]
fn unknown_rule_names_are_errors_naming_the_closest_and_ids_ignore_case() {
    for (args, closest) in [
        (vec!["--select", "NORM-PEN001"], "NORM-PEN-001"),
        (vec!["--ignore", "sets_penalti"], "sets_penalty"),
        (vec!["--select", "no_such_category_at_all"], ""),
    ] {
        let mut a = vec!["check", DRAFT_TXT];
        a.extend(args.iter().copied());
        let o = fashen(&a);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        one_chinese_line(&stderr(&o));
        assert!(stderr(&o).contains(closest), "{}", stderr(&o));
        assert!(stdout(&o).is_empty());
    }
    let upper = fashen(&[
        "check",
        "--select",
        "NORM-PEN-001",
        "--format",
        "json",
        DRAFT_TXT,
    ]);
    let lower = fashen(&[
        "check",
        "--select",
        "norm-pen-001",
        "--format",
        "json",
        DRAFT_TXT,
    ]);
    assert_eq!(lower.status.code(), Some(1));
    assert_eq!(upper.stdout, lower.stdout);
    // The same names in fashen.toml, and in a waiver.
    let dir = scratch("check-names");
    std::fs::copy(root().join(DRAFT_TXT), dir.join("d.txt")).unwrap();
    for toml in [
        "[check]\nselect = [\"NORM-PEN001\"]\n",
        "[[waiver]]\npath = \"*.txt\"\nrule = \"NORM-PENN\"\nreason = \"已另行审查\"\n",
    ] {
        std::fs::write(dir.join("fashen.toml"), toml).unwrap();
        let o = fashen_in(
            &dir,
            &["check", "d.txt"],
            None,
            std::time::Duration::from_secs(30),
        );
        assert_eq!(o.status.code(), Some(2), "{toml}: {}", stderr(&o));
        assert!(stderr(&o).contains("fashen.toml"), "{}", stderr(&o));
    }
}

#[test]
fn rules_quality_without_labelled_documents_is_an_error() {
    let dir = scratch("quality-empty");
    std::fs::write(dir.join("a.txt"), "某县通知\n").unwrap();
    let o = fashen(&["rules", "quality", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stdout(&o).is_empty(), "no table of 1.000s: {}", stdout(&o));
    one_chinese_line(&stderr(&o));
}

#[test]
fn a_wrong_path_is_one_chinese_line_on_stderr_only() {
    for cmd in [
        vec!["check", "no/such/file.docx"],
        vec!["memo", "no/such/file.docx", "-o", "x.html"],
        vec!["extract", "no/such/file.docx"],
    ] {
        let o = fashen(&cmd);
        assert_eq!(o.status.code(), Some(2), "{cmd:?}");
        assert!(stdout(&o).is_empty(), "{cmd:?}: {}", stdout(&o));
        one_chinese_line(&stderr(&o));
    }
}

#[test]
fn numeric_options_are_range_checked() {
    for args in [
        vec!["--time-budget", "18446744073709551615"],
        vec!["--time-budget", "0"],
        vec!["--max-file-size", "0"],
        vec!["-j", "0"],
        vec!["--as-of", "2025-13-45"],
    ] {
        let mut a = vec!["check", DRAFT_TXT];
        a.extend(args.iter().copied());
        let o = fashen(&a);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        one_chinese_line(&stderr(&o));
    }
}

#[test]
fn an_output_is_never_one_of_the_inputs() {
    let dir = scratch("check-overwrite");
    let draft = dir.join("a.txt");
    std::fs::copy(root().join(DRAFT_TXT), &draft).unwrap();
    let docx = dir.join("x.docx");
    std::fs::copy(
        root().join("corpus/drafts/county_short_rental_notice_variant.docx"),
        &docx,
    )
    .unwrap();
    let before = (
        std::fs::read(&draft).unwrap(),
        std::fs::read(&docx).unwrap(),
    );
    let d = draft.to_str().unwrap();
    let x = docx.to_str().unwrap();
    let mut cases = vec![
        vec!["check", d, "-o", d],
        vec!["memo", x, "-o", x],
        vec!["check", dir.to_str().unwrap(), "-o", d],
    ];
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&draft, dir.join("link.txt")).unwrap();
        std::os::unix::fs::symlink(&docx, dir.join("link.docx")).unwrap();
    }
    let (lt, ld) = (dir.join("link.txt"), dir.join("link.docx"));
    #[cfg(unix)]
    {
        cases.push(vec!["check", d, "-o", lt.to_str().unwrap()]);
        cases.push(vec!["memo", x, "-o", ld.to_str().unwrap()]);
    }
    for c in &cases {
        let o = fashen(c);
        assert_eq!(o.status.code(), Some(2), "{c:?}: {}", stderr(&o));
        one_chinese_line(&stderr(&o));
    }
    assert_eq!(
        (
            std::fs::read(&draft).unwrap(),
            std::fs::read(&docx).unwrap()
        ),
        before
    );
}

#[test]
fn error_lines_quoting_a_file_are_one_printable_line() {
    let dir = scratch("check-hostile-name");
    let name = "bad\nfashen: 审查通过\x1b[2J\x1b]0;t\x07.pdf";
    std::fs::write(dir.join(name), b"%PDF-1.4 broken").unwrap();
    let o = fashen_in(
        &dir,
        &["check", name],
        None,
        std::time::Duration::from_secs(30),
    );
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    let err = stderr(&o);
    one_chinese_line(&err);
    assert!(!err.contains('\x1b'));
}

#[test]
fn legacy_word_files_are_converted_with_libreoffice_or_refused_saying_so() {
    let doc = "tests/fixtures/samples/contract.doc";
    // Without soffice on PATH: refused, exit 3, the message says why and what to do.
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_fashen"))
        .args(["check", doc])
        .current_dir(root())
        .env("PATH", "/nonexistent")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("LibreOffice") && err.contains("另存为 .docx"),
        "{err}"
    );
    let soffice = std::env::var_os("PATH").and_then(|p| {
        std::env::split_paths(&p)
            .map(|d| d.join("soffice"))
            .find(|p| p.is_file())
    });
    if soffice.is_none() {
        println!("note: soffice is not on PATH; LibreOffice conversion of .doc/.wps not tested");
        return;
    }
    for f in [doc, "tests/fixtures/samples/contract_as_wps.wps"] {
        let o = fashen_with_limit(
            &["check", "--format", "json", "--time-budget", "120", f],
            None,
            std::time::Duration::from_secs(180),
        );
        assert!(
            o.status.code().is_some_and(|c| c <= 1),
            "{f}: {}",
            stderr(&o)
        );
        let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let d = &r["documents"][0];
        assert_eq!(d["status"], "checked");
        assert!(
            d["warnings"]
                .as_array()
                .unwrap()
                .iter()
                .any(|w| w.as_str().unwrap().contains("LibreOffice")),
            "{f}: no conversion warning"
        );
    }
}

#[test]
fn an_oversized_rule_regex_and_empty_words_are_load_errors() {
    let dir = scratch("rules-load-errors");
    let rule = |extra: &str| {
        format!(
            r#"
[[rule]]
id = "X-BIG-001"
name = "n"
category = "sets_fee"
severity = "warning"
doc_types = ["normative"]
keywords = ["收取"]
basis = [{{ law = "中华人民共和国价格法", article = "第四十七条" }}]
message = "m"
suggestion = "s"
{extra}
[rule.examples]
hit = ["[[收取]]费用。", "一律[[收取]]费用。"]
clean = ["不收费。", "免费。"]
"#
        )
    };
    for (extra, says) in [
        (
            r#"patterns = ["\\w{1000}\\w{1000}\\w{1000}"]"#.to_string(),
            "size limit",
        ),
        ("[rule.require]\nany_of = [\"\"]\n".to_string(), "empty"),
    ] {
        let pack = dir.join("pack.toml");
        std::fs::write(&pack, rule(&extra)).unwrap();
        let o = fashen(&["check", "--rules", dir.to_str().unwrap(), DRAFT_TXT]);
        assert_eq!(o.status.code(), Some(2), "{extra}: {}", stderr(&o));
        assert!(stderr(&o).contains(says), "{}", stderr(&o));
    }
}
