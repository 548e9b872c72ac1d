//! `fashen batch` and `merge` under the conditions that used to lose or mix up results:
//! colliding and overlong names, write errors, empty catalogues, concurrent runs, torn
//! resume files, symbolic links, hostile titles and cells.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::*;

const DRAFT: &str = "corpus/drafts/county_short_rental_notice_variant.txt";

fn run(dir: &Path, args: &[&str]) -> std::process::Output {
    fashen_in(dir, args, None, Duration::from_secs(120))
}

fn notice(title: &str) -> String {
    format!(
        "{title}\n各乡镇人民政府：\n一、加强集贸市场管理，维护经营秩序。\n二、本通知自印发之日起施行。\n某县人民政府\n2024年5月1日\n"
    )
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// The rows embedded in index.html.
fn index_rows(out: &Path) -> Vec<serde_json::Value> {
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    let start = html
        .find("<script type=\"application/json\" id=\"data\">")
        .expect("data script")
        + "<script type=\"application/json\" id=\"data\">".len();
    let end = start + html[start..].find("</script>").expect("end of data");
    serde_json::from_str::<serde_json::Value>(&html[start..end])
        .expect("embedded JSON")
        .as_array()
        .unwrap()
        .clone()
}

fn decode(href: &str) -> PathBuf {
    PathBuf::from(
        percent_encoding::percent_decode_str(href)
            .decode_utf8()
            .unwrap()
            .into_owned(),
    )
}

fn one_chinese_line(err: &str) {
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    assert!(!err.is_ascii(), "in Chinese: {err}");
    assert!(!err.chars().any(|c| c.is_control() && c != '\n'), "{err:?}");
}

#[test]
fn documents_whose_names_collide_after_sanitising_get_their_own_memos() {
    let dir = scratch("safe-collide");
    write(&dir.join("c/a/b_c.txt"), &notice("关于甲事项的通知"));
    write(&dir.join("c/a_b/c.txt"), &notice("关于乙事项的通知"));
    let o = run(&dir, &["batch", "c", "--out", "r"]);
    assert!(o.status.code().is_some_and(|c| c <= 1), "{}", stderr(&o));
    let rows = index_rows(&dir.join("r"));
    assert_eq!(rows.len(), 2);
    let links: Vec<String> = rows
        .iter()
        .map(|r| r["memo"].as_str().unwrap().to_string())
        .collect();
    assert_ne!(links[0], links[1], "two documents, one memo: {links:?}");
    for (row, want) in rows.iter().zip(["甲", "乙"]) {
        let memo =
            std::fs::read_to_string(dir.join("r").join(decode(row["memo"].as_str().unwrap())))
                .unwrap();
        assert!(
            memo.contains(want),
            "{} links to the wrong memo",
            row["rel"]
        );
    }
    assert_eq!(std::fs::read_dir(dir.join("r/memos")).unwrap().count(), 2);
}

#[test]
fn a_document_deep_in_chinese_folders_gets_its_memo() {
    let dir = scratch("safe-deep");
    let deep = dir
        .join("c")
        .join(
            "某县人民政府办公室关于进一步加强和规范行政规范性文件制定和监督管理工作的实施意见汇编",
        )
        .join("二〇二四年度县政府及其部门制发的行政规范性文件合法性审查意见及备案审查材料")
        .join("县市场监督管理局关于集贸市场经营秩序专项整治工作方案的征求意见稿及起草说明")
        .join("某县市场监督管理局关于开展集贸市场经营秩序专项整治工作的通知（征求意见稿）.txt");
    write(&deep, &notice("关于开展集贸市场专项整治的通知"));
    let o = run(&dir, &["batch", "c", "--out", "r"]);
    assert!(o.status.code().is_some_and(|c| c <= 1), "{}", stderr(&o));
    let rows = index_rows(&dir.join("r"));
    let href = rows[0]["memo"].as_str().unwrap();
    assert!(!href.is_empty(), "no memo link");
    assert!(dir.join("r").join(decode(href)).is_file());
}

#[test]
fn a_memo_or_cache_that_cannot_be_written_fails_the_document() {
    let dir = scratch("safe-write");
    write(&dir.join("c/x.txt"), &notice("关于丙事项的通知"));
    // A non-empty folder where the memo should go: the rename onto it fails, even as root.
    std::fs::create_dir_all(dir.join("r/memos/x.txt.html/keep")).unwrap();
    let o = run(&dir, &["batch", "c", "--out", "r"]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    let failed = std::fs::read_to_string(dir.join("r/failed.csv")).unwrap();
    assert!(
        failed.contains("x.txt") && failed.contains("审查意见书"),
        "{failed}"
    );
    assert!(index_rows(&dir.join("r"))[0]["memo"] == "");
    // A cache "folder" that is a file.
    std::fs::write(dir.join("cachefile"), "x").unwrap();
    let o = run(&dir, &["batch", "c", "--out", "r2", "--cache", "cachefile"]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    let failed = std::fs::read_to_string(dir.join("r2/failed.csv")).unwrap();
    assert!(failed.contains("缓存"), "{failed}");
}

#[test]
fn nothing_to_review_is_a_usage_error_naming_what_was_skipped() {
    let dir = scratch("safe-nothing");
    std::fs::create_dir_all(dir.join("empty")).unwrap();
    write(&dir.join("pics/a.png"), "not a document");
    write(&dir.join("pics/b.xlsx"), "not a document");
    for (input, says) in [
        ("/no/such/dir", "找不到"),
        ("empty", "没有文件"),
        ("pics", ".png"),
    ] {
        let o = run(&dir, &["batch", input, "--out", "r"]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{input}: {err}");
        one_chinese_line(&err);
        assert!(err.contains(says), "{input}: {err}");
    }
    let o = run(&dir, &["check", "pics"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stdout(&o).is_empty());
}

#[test]
fn the_report_folder_is_locked_and_never_inside_the_catalogue() {
    let dir = scratch("safe-lock");
    write(&dir.join("c/x.txt"), &notice("关于丁事项的通知"));
    std::fs::create_dir_all(dir.join("r")).unwrap();
    let lock = std::fs::File::create(dir.join("r/.fashen.lock")).unwrap();
    lock.try_lock().unwrap();
    let o = run(&dir, &["batch", "c", "--out", "r"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("另一个"), "{}", stderr(&o));
    let o = run(&dir, &["merge", "r", "--out", "r"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    drop(lock);
    for out in ["c", "c/报告"] {
        let o = run(&dir, &["batch", "c", "--out", out]);
        assert_eq!(o.status.code(), Some(2), "--out {out}: {}", stderr(&o));
        one_chinese_line(&stderr(&o));
    }
    assert!(!dir.join("c/报告").exists());
}

#[test]
fn resume_survives_a_line_torn_inside_a_character_and_keeps_failures_once() {
    let dir = scratch("safe-resume");
    write(&dir.join("c/甲.txt"), &notice("关于甲事项的通知"));
    write(&dir.join("c/乙.txt"), &notice("关于乙事项的通知"));
    // Too large for --max-file-size: failed without a content hash.
    write(
        &dir.join("c/大.txt"),
        &notice("关于大文件的通知").repeat(20),
    );
    let args = [
        "batch",
        "c",
        "--out",
        "r",
        "--max-file-size",
        "1000",
        "--no-cache",
    ];
    let o = run(&dir, &args);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    let results = dir.join("r/results.jsonl");
    // Tear the last line inside a UTF-8 character, as a kill mid-write does.
    let text = std::fs::read(&results).unwrap();
    let last_start = text[..text.len() - 1]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let cut = last_start + text[last_start..].iter().position(|&b| b >= 0x80).unwrap() + 1;
    std::fs::write(&results, &text[..cut]).unwrap();
    for round in 0..2 {
        let mut a = args.to_vec();
        a.push("--resume");
        let o = run(&dir, &a);
        assert_eq!(o.status.code(), Some(3), "round {round}: {}", stderr(&o));
        let lines: Vec<serde_json::Value> = std::fs::read_to_string(&results)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let mut rels: Vec<&str> = lines
            .iter()
            .map(|l| l["batch"]["rel"].as_str().unwrap())
            .collect();
        rels.sort();
        assert_eq!(rels, ["乙.txt", "大.txt", "甲.txt"], "round {round}");
    }
}

#[test]
fn merging_the_same_shard_twice_is_refused() {
    let dir = scratch("safe-merge");
    write(&dir.join("c/x.txt"), &notice("关于戊事项的通知"));
    let o = run(&dir, &["batch", "c", "--out", "s1"]);
    assert!(o.status.code().is_some_and(|c| c <= 1), "{}", stderr(&o));
    let copy = run(&dir, &["batch", "c", "--out", "s2"]);
    assert!(copy.status.code().is_some_and(|c| c <= 1));
    for reports in [["s1", "s1"], ["s1", "s2"]] {
        let o = run(&dir, &["merge", reports[0], reports[1], "--out", "m"]);
        assert_eq!(o.status.code(), Some(2), "{reports:?}: {}", stderr(&o));
        one_chinese_line(&stderr(&o));
    }
    let o = run(
        &dir,
        &["merge", "s1", "--out", "m", "--as-of", "2025-13-45"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

#[test]
fn csv_cells_that_would_run_as_formulas_are_neutralised() {
    let dir = scratch("safe-csv");
    for name in ["=1+2.txt", "+a.txt", "-b.txt", "@c.txt"] {
        write(&dir.join("c").join(name), &notice("关于己事项的通知"));
    }
    let o = run(&dir, &["batch", "c", "--out", "r"]);
    assert!(o.status.code().is_some_and(|c| c <= 1), "{}", stderr(&o));
    let mut r = csv::Reader::from_path(dir.join("r/summary.csv")).unwrap();
    let paths: Vec<String> = r.records().map(|x| x.unwrap()[0].to_string()).collect();
    assert_eq!(paths.len(), 4);
    for p in &paths {
        assert!(p.starts_with('\''), "{p}");
    }
}

#[cfg(unix)]
#[test]
fn symbolic_links_out_of_the_catalogue_are_not_followed_unless_asked() {
    let dir = scratch("safe-links");
    write(
        &dir.join("outside/secret.txt"),
        &notice("关于外部文件的通知"),
    );
    write(&dir.join("c/x.txt"), &notice("关于庚事项的通知"));
    std::os::unix::fs::symlink(dir.join("outside/secret.txt"), dir.join("c/link.txt")).unwrap();
    std::os::unix::fs::symlink(dir.join("outside"), dir.join("c/linked-folder")).unwrap();
    let o = run(&dir, &["batch", "c", "--out", "r"]);
    assert!(o.status.code().is_some_and(|c| c <= 1), "{}", stderr(&o));
    let results = std::fs::read_to_string(dir.join("r/results.jsonl")).unwrap();
    assert_eq!(results.lines().count(), 1, "{results}");
    assert!(!results.contains("secret"));
    assert!(stderr(&o).contains("--follow-links"), "{}", stderr(&o));
    let o = run(&dir, &["batch", "c", "--out", "r", "--follow-links"]);
    assert!(o.status.code().is_some_and(|c| c <= 1), "{}", stderr(&o));
    let results = std::fs::read_to_string(dir.join("r/results.jsonl")).unwrap();
    assert_eq!(results.lines().count(), 3, "{results}");
}

#[test]
fn a_hostile_title_cannot_break_the_index_page() {
    let dir = scratch("safe-title");
    write(
        &dir.join("c/x.txt"),
        &notice("关于<!--<script>alert(1)</script>事项的通知"),
    );
    let o = run(&dir, &["batch", "c", "--out", "r"]);
    assert!(o.status.code().is_some_and(|c| c <= 1), "{}", stderr(&o));
    let html = std::fs::read_to_string(dir.join("r/index.html")).unwrap();
    assert!(!html.contains("<!--<script>"), "raw title in the page");
    assert!(!html.contains("alert(1)</script>"));
    let rows = index_rows(&dir.join("r"));
    assert_eq!(rows.len(), 1);
}

#[test]
fn batch_takes_fail_on_from_fashen_toml() {
    let dir = scratch("safe-failon");
    std::fs::create_dir_all(dir.join("c")).unwrap();
    std::fs::copy(root().join(DRAFT), dir.join("c/draft.txt")).unwrap();
    let o = run(&dir, &["batch", "c", "--out", "r"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    std::fs::write(dir.join("fashen.toml"), "[check]\nfail_on = \"never\"\n").unwrap();
    let o = run(&dir, &["batch", "c", "--out", "r"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = run(&dir, &["batch", "c", "--out", "r", "--fail-on", "error"]);
    assert_eq!(o.status.code(), Some(1), "the command line wins");
    std::fs::write(dir.join("fashen.toml"), "[check]\nas_of = \"2025-13-45\"\n").unwrap();
    let o = run(&dir, &["batch", "c", "--out", "r"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}
