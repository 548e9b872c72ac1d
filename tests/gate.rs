//! The filing-system gate: SARIF, standard input, exit codes, fashen.toml and the git hook.

mod common;

use std::process::Command;
use std::time::Duration;

use common::*;

const DRAFT: &str = "corpus/drafts/county_short_rental_notice_variant.docx";
const LAWFUL: &str = "corpus/real/gov_2018_38_ftz_measures_notice.docx";

#[test]
fn sarif_output_validates_against_the_sarif_2_1_0_schema() {
    let o = fashen(&[
        "check",
        DRAFT,
        "corpus/drafts/school_construction_contract_variant.txt",
        "tests/fixtures/samples/malformed_truncated.docx",
        "--format",
        "sarif",
    ]);
    assert_eq!(
        o.status.code(),
        Some(3),
        "a broken input still gives exit 3"
    );
    let sarif: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/fixtures/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules.len() >= 50);
    assert!(rules.iter().all(|r| {
        r["help"]["text"]
            .as_str()
            .is_some_and(|t| t.contains("依据"))
    }));
    let results = run["results"].as_array().unwrap();
    assert!(results.len() >= 10);
    for r in results {
        let region = &r["locations"][0]["physicalLocation"]["region"];
        assert!(region["startLine"].as_u64().unwrap() >= 1);
        assert_eq!(
            r["partialFingerprints"]["fashen/v1"]
                .as_str()
                .unwrap()
                .len(),
            32
        );
    }
    // Fingerprints do not change between runs.
    let again = fashen(&["check", DRAFT, "--format", "sarif"]);
    let a: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    let fp = |v: &serde_json::Value| -> Vec<String> {
        v["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                r["partialFingerprints"]["fashen/v1"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    let first: Vec<String> = fp(&sarif).into_iter().take(fp(&a).len()).collect();
    assert_eq!(first, fp(&a));
}

#[test]
fn standard_input_is_one_document_named_by_name() {
    let o = fashen_with_limit(
        &["check", "-", "--name", "草案.docx", "--format", "json"],
        Some(&root().join(DRAFT)),
        Duration::from_secs(30),
    );
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["documents"][0]["path"], "草案.docx");
    assert_eq!(v["documents"][0]["format"], "docx");
    let lawful = fashen_with_limit(
        &["check", "-"],
        Some(&root().join(LAWFUL)),
        Duration::from_secs(30),
    );
    assert_eq!(lawful.status.code(), Some(0), "{}", stdout(&lawful));
    let broken = fashen_with_limit(
        &["check", "-", "--name", "x.docx"],
        Some(&sample("malformed_truncated.docx")),
        Duration::from_secs(30),
    );
    assert_eq!(broken.status.code(), Some(3));
    assert!(stderr(&broken).contains("x.docx"));
}

#[test]
fn fail_on_decides_the_exit_code() {
    let code = |args: &[&str]| fashen(args).status.code();
    assert_eq!(code(&["check", LAWFUL]), Some(0));
    assert_eq!(code(&["check", LAWFUL, "--fail-on", "warning"]), Some(1));
    assert_eq!(code(&["check", DRAFT, "--fail-on", "never"]), Some(0));
    assert_eq!(code(&["check", DRAFT, "--fail-on", "bogus"]), Some(2));
}

#[test]
fn fashen_toml_sets_defaults_and_waivers_with_reasons() {
    let dir = scratch("gate-config");
    let sub = dir.join("文件/2024");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::copy(root().join(DRAFT), sub.join("通知.docx")).unwrap();
    std::fs::copy(root().join(LAWFUL), sub.join("ok.docx")).unwrap();
    std::fs::write(
        dir.join("fashen.toml"),
        r#"
[check]
fail_on = "warning"
ignore = ["NORM-RETRO"]

[[waiver]]
path = "文件/**/通知.docx"
rule = "restricts_competition"
reason = "经县政府常务会议研究，已另行开展公平竞争审查"

[[waiver]]
path = "文件/**/*.docx"
rule = "NORM-BASIS-001"
reason = "依据已在印发通知中写明"
"#,
    )
    .unwrap();
    let run = |args: &[&str]| fashen_in(&sub, args, None, Duration::from_secs(30));
    // fail_on = warning from the file: the lawful notice's only warning is waived → 0.
    let ok = run(&["check", "ok.docx"]);
    assert_eq!(ok.status.code(), Some(0), "{}", stdout(&ok));
    let o = run(&["check", "通知.docx", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let f = v["documents"][0]["findings"].as_array().unwrap();
    assert!(
        !f.iter().any(|x| x["rule"] == "NORM-RETRO-001"),
        "ignored by the file"
    );
    let waived: Vec<_> = f.iter().filter(|x| x["waived"].is_string()).collect();
    assert_eq!(
        waived.len(),
        3,
        "two competition findings and the basis warning"
    );
    assert!(
        f.iter()
            .any(|x| x["rule"] == "NORM-PEN-001" && x["waived"].is_null())
    );
    assert_eq!(v["summary"]["findings"]["waived"], 3);
    assert_eq!(o.status.code(), Some(1));
    // The command line wins over the file.
    assert_eq!(
        run(&["check", "通知.docx", "--fail-on", "never"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        run(&["check", "通知.docx", "--no-config", "--format", "json"])
            .status
            .code(),
        Some(1)
    );
    // A waiver without a reason is a configuration error (exit 2).
    std::fs::write(
        dir.join("fashen.toml"),
        "[[waiver]]\npath = \"*.docx\"\nrule = \"NORM-PEN-001\"\nreason = \"\"\n",
    )
    .unwrap();
    let bad = run(&["check", "ok.docx"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("fashen.toml") && stderr(&bad).contains("没有写明理由"));
}

#[test]
fn the_git_hook_refuses_a_commit_with_findings_and_lets_a_clean_one_through() {
    if Command::new("git").arg("--version").output().is_err() {
        return;
    }
    let dir = scratch("gate-hook");
    let git = |args: &[&str]| {
        Command::new("git")
            .args(args)
            .current_dir(&dir)
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.org")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.org")
            .output()
            .expect("git")
    };
    git(&["init", "-q"]);
    let o = fashen_in(&dir, &["hook", "install"], None, Duration::from_secs(30));
    assert!(o.status.success(), "{}", stderr(&o));
    std::fs::copy(root().join(LAWFUL), dir.join("国发 38号.docx")).unwrap();
    git(&["add", "."]);
    let ok = git(&["commit", "-qm", "lawful"]);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    std::fs::copy(root().join(DRAFT), dir.join("短租房 通知.docx")).unwrap();
    git(&["add", "."]);
    let refused = git(&["commit", "-qm", "draft"]);
    assert!(
        !refused.status.success(),
        "the hook let a draft with errors through"
    );
    let log = git(&["log", "--oneline"]);
    assert_eq!(String::from_utf8_lossy(&log.stdout).lines().count(), 1);
    // A second install does not clobber a foreign hook without --force.
    std::fs::write(dir.join(".git/hooks/pre-commit"), "#!/bin/sh\nexit 0\n").unwrap();
    let again = fashen_in(&dir, &["hook", "install"], None, Duration::from_secs(30));
    assert_eq!(again.status.code(), Some(2));
}

fn git_in(dir: &std::path::Path, args: &[&str], path: Option<&str>) -> std::process::Output {
    let mut c = Command::new("git");
    c.args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.org")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.org");
    if let Some(p) = path {
        c.env("PATH", p);
    }
    c.output().expect("git")
}

#[test]
fn the_hook_is_quiet_on_a_pass_shows_findings_on_a_block_and_blocks_legacy_files() {
    if Command::new("git").arg("--version").output().is_err() {
        return;
    }
    let dir = scratch("gate-hook-output");
    git_in(&dir, &["init", "-q"], None);
    let o = fashen_in(&dir, &["hook", "install"], None, Duration::from_secs(30));
    assert!(o.status.success(), "{}", stderr(&o));
    std::fs::copy(root().join(LAWFUL), dir.join("通知.DOCX")).unwrap();
    git_in(&dir, &["add", "."], None);
    let ok = git_in(&dir, &["commit", "-qm", "lawful"], None);
    let err = String::from_utf8_lossy(&ok.stderr).to_string();
    assert!(ok.status.success(), "{err}");
    assert_eq!(
        err.trim_end().lines().count(),
        1,
        "one line on a pass: {err}"
    );
    assert!(
        err.contains("1 份"),
        "the upper-case .DOCX was reviewed: {err}"
    );
    // Blocked: the findings are shown.
    std::fs::copy(root().join(DRAFT), dir.join("短租房 通知.docx")).unwrap();
    git_in(&dir, &["add", "."], None);
    let refused = git_in(&dir, &["commit", "-qm", "draft"], None);
    let err = String::from_utf8_lossy(&refused.stderr).to_string();
    assert!(!refused.status.success());
    assert!(
        err.contains("短租房 通知.docx") && err.contains("必须修改"),
        "{err}"
    );
    assert!(err.contains("提交已拒绝"), "{err}");
    git_in(&dir, &["reset", "-q"], None);
    std::fs::remove_file(dir.join("短租房 通知.docx")).unwrap();
    // A .doc without LibreOffice on PATH blocks the commit, saying why.
    std::fs::copy(sample("contract.doc"), dir.join("合同.DOC")).unwrap();
    git_in(&dir, &["add", "."], None);
    // A PATH with git and nothing else (no soffice, wherever LibreOffice is installed).
    let bin = scratch("gate-hook-bin");
    let git_exe = std::env::split_paths(&std::env::var_os("PATH").unwrap())
        .map(|d| d.join("git"))
        .find(|p| p.is_file())
        .expect("git on PATH");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&git_exe, bin.join("git")).unwrap();
    let no_soffice = bin.display().to_string();
    let legacy = git_in(&dir, &["commit", "-qm", "doc"], Some(&no_soffice));
    let err = String::from_utf8_lossy(&legacy.stderr).to_string();
    assert!(!legacy.status.success(), "a .doc went through: {err}");
    assert!(
        err.contains("合同.DOC") && err.contains("LibreOffice"),
        "{err}"
    );
}

#[test]
fn the_pre_commit_framework_and_the_hook_agree_on_extensions() {
    let yaml = std::fs::read_to_string(root().join(".pre-commit-hooks.yaml")).unwrap();
    let files = yaml
        .lines()
        .find_map(|l| l.trim().strip_prefix("files: "))
        .expect("files: pattern")
        .trim_matches('\'');
    let re = regex::Regex::new(files).expect("a regex");
    for ext in fashen::batch::walk::DOCUMENT_EXTENSIONS {
        for name in [format!("a.{ext}"), format!("目录/A.{}", ext.to_uppercase())] {
            assert!(re.is_match(&name), "{files} misses {name}");
        }
    }
    for other in ["a.md", "a.png", "a.docx.bak"] {
        assert!(!re.is_match(other), "{files} takes {other}");
    }
}

/// The start-up cache (the anchor index, parsed once per rule-pack version): a second run
/// reads it, a corrupt or foreign file is ignored, an empty FASHEN_CACHE_DIR turns it off,
/// and the findings are the same every way.
#[test]
fn the_start_up_cache_never_changes_findings() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let home = dir.path().join("home");
    let home_str = home.to_str().unwrap().to_string();
    let run = |cache_dir: &str| {
        let o = fashen_in_env(
            &root(),
            &["check", DRAFT, "--format", "json", "--no-config"],
            None,
            Duration::from_secs(60),
            &[
                ("FASHEN_CACHE_DIR", cache_dir),
                ("HOME", &home_str),
                ("XDG_CACHE_HOME", &home_str),
            ],
        );
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        let mut v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
        v["documents"][0]["findings"].take()
    };
    let cache_str = cache.to_str().unwrap();
    let first = run(cache_str);
    assert!(first.as_array().is_some_and(|f| !f.is_empty()));
    let files: Vec<_> = std::fs::read_dir(&cache)
        .expect("the first run writes the cache")
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    assert_eq!(run(cache_str), first, "read from the cache");
    // A truncated file, then one that parses but does not fit the packs.
    let full = std::fs::read(&files[0]).unwrap();
    std::fs::write(&files[0], &full[..full.len() / 2]).unwrap();
    assert_eq!(run(cache_str), first, "a corrupt cache is ignored");
    std::fs::write(&files[0], r#"{"needs":[],"set_words":[],"chains":[]}"#).unwrap();
    assert_eq!(run(cache_str), first, "an index for other packs is ignored");
    assert_eq!(run(""), first, "no cache");
    assert!(
        !home.exists(),
        "an empty FASHEN_CACHE_DIR writes no cache anywhere"
    );
}
