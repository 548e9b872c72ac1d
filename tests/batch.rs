//! `fashen batch` and `fashen merge` on a small catalogue built from the corpus.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// A catalogue folder: real documents, drafts, and broken files (truncated docx, scanned
/// and password-protected PDF), plus a file that is not a document.
fn catalogue(name: &str) -> PathBuf {
    let dir = scratch(name);
    let docs = dir.join("目录");
    std::fs::create_dir_all(docs.join("合同")).unwrap();
    for e in std::fs::read_dir(root().join("corpus/real"))
        .unwrap()
        .flatten()
    {
        let p = e.path();
        if p.extension().is_some_and(|x| x == "docx" || x == "pdf") {
            std::fs::copy(&p, docs.join(p.file_name().unwrap())).unwrap();
        }
    }
    for e in std::fs::read_dir(root().join("corpus/drafts"))
        .unwrap()
        .flatten()
    {
        let p = e.path();
        if p.extension().is_some_and(|x| x == "docx") {
            std::fs::copy(&p, docs.join("合同").join(p.file_name().unwrap())).unwrap();
        }
    }
    for bad in [
        "malformed_truncated.docx",
        "contract_scanned.pdf",
        "contract_enc_aes256_userpw.pdf",
    ] {
        std::fs::copy(sample(bad), docs.join(bad)).unwrap();
    }
    std::fs::write(docs.join("说明.png"), b"\x89PNG\r\n\x1a\nnot really").unwrap();
    std::fs::write(docs.join(".hidden.docx"), b"ignored").unwrap();
    dir
}

fn batch(dir: &Path, args: &[&str]) -> std::process::Output {
    let mut a = vec!["batch", "目录"];
    a.extend_from_slice(args);
    fashen_in(dir, &a, None, Duration::from_secs(120))
}

fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    let mut r = csv::Reader::from_path(path).expect("csv");
    r.records()
        .map(|x| x.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn lines(path: &Path) -> usize {
    std::fs::read_to_string(path).unwrap().lines().count()
}

#[test]
fn a_catalogue_with_broken_files_is_reviewed_and_they_are_reported() {
    let dir = catalogue("batch-broken");
    let o = batch(&dir, &["--out", "报告"]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    let out = dir.join("报告");
    let failed = csv_rows(&out.join("failed.csv"));
    let reasons: Vec<String> = failed
        .iter()
        .map(|r| format!("{}: {}", r[0], r[1]))
        .collect();
    assert_eq!(failed.len(), 3, "{reasons:?}");
    for (file, why) in [
        ("malformed_truncated.docx", "压缩包"),
        ("contract_scanned.pdf", "没有文字层"),
        ("contract_enc_aes256_userpw.pdf", "密码"),
    ] {
        assert!(
            reasons.iter().any(|r| r.contains(file) && r.contains(why)),
            "{file}: {reasons:?}"
        );
    }
    let summary = csv_rows(&out.join("summary.csv"));
    let docs = std::fs::read_dir(root().join("corpus/real"))
        .unwrap()
        .flatten()
        .filter(|e| {
            e.path()
                .extension()
                .is_some_and(|x| x == "docx" || x == "pdf")
        })
        .count()
        + std::fs::read_dir(root().join("corpus/drafts"))
            .unwrap()
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "docx"))
            .count();
    assert_eq!(
        summary.len(),
        docs + 3,
        "the png and the hidden file are not documents"
    );
    assert_eq!(summary.iter().filter(|r| r[13] == "已审查").count(), docs);
    assert_eq!(lines(&out.join("results.jsonl")), docs + 3);
    // A memo per reviewed document; index.html and the catalogue checks.
    let memos = std::fs::read_dir(out.join("memos")).unwrap().count();
    assert_eq!(memos, docs);
    let cat = csv_rows(&out.join("catalogue.csv"));
    for kind in [
        "duplicate_doc_number",
        "near_duplicate",
        "no_validity_period",
    ] {
        assert!(
            cat.iter().any(|r| r[0] == kind),
            "no {kind} in the catalogue checks"
        );
    }
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(!html.contains("http://") && !html.contains("https://") && !html.contains("src="));
}

#[test]
fn expired_documents_and_citations_of_them_are_found() {
    let dir = scratch("batch-expiry");
    let docs = dir.join("目录");
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::write(
        docs.join("a.txt"),
        "某县人民政府关于印发某县集贸市场管理办法的通知\n某政发〔2015〕3号\n第一条 为了规范集贸市场管理，根据《中华人民共和国食品安全法》，制定本办法。\n第二条 本办法自2015年3月1日起施行，有效期五年。\n某县人民政府\n2015年2月1日\n",
    )
    .unwrap();
    std::fs::write(
        docs.join("b.txt"),
        "某县市场监督管理局关于开展集贸市场检查的通知\n某市监发〔2023〕9号\n一、根据某政发〔2015〕3号文件的规定，开展检查。\n二、本通知自印发之日起施行，有效期三年。\n某县市场监督管理局\n2023年5月1日\n",
    )
    .unwrap();
    std::fs::write(
        docs.join("c.txt"),
        "某县人民政府关于印发某县集贸市场监督管理规定的通知\n某政发〔2019〕7号\n第一条 为了加强集贸市场监督管理，根据《中华人民共和国食品安全法》，制定本规定。\n第二条 本规定自2019年6月1日起施行，有效期五年。某政发〔2015〕3号同时废止。\n某县人民政府\n2019年5月1日\n",
    )
    .unwrap();
    let o = fashen_in(
        &dir,
        &["batch", "目录", "--out", "r", "--as-of", "2024-01-01"],
        None,
        Duration::from_secs(60),
    );
    assert!(o.status.code().is_some_and(|c| c <= 1), "{}", stderr(&o));
    let cat = csv_rows(&dir.join("r/catalogue.csv"));
    assert!(
        cat.iter()
            .any(|r| r[0] == "expired" && r[1] == "a.txt" && r[2].contains("2020-02-29")),
        "{cat:?}"
    );
    assert!(
        cat.iter()
            .any(|r| r[0] == "cites_expired" && r[1] == "b.txt" && r[3] == "a.txt"),
        "{cat:?}"
    );
    assert!(!cat.iter().any(|r| r[0] == "expired" && r[1] == "b.txt"));
    // c.txt repeals a.txt (…同时废止), so b.txt cites a repealed catalogue document.
    assert!(
        cat.iter()
            .any(|r| r[0] == "cites_repealed" && r[1] == "b.txt" && r[3] == "c.txt"),
        "{cat:?}"
    );
}

#[test]
fn a_killed_batch_resumes_with_only_what_was_left() {
    let dir = catalogue("batch-resume");
    // More documents, so the kill lands halfway: ten copies of the catalogue.
    let docs = dir.join("目录");
    let originals: Vec<PathBuf> = std::fs::read_dir(&docs)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    for i in 0..10 {
        let copy = docs.join(format!("副本{i}"));
        std::fs::create_dir_all(&copy).unwrap();
        for p in &originals {
            std::fs::copy(p, copy.join(p.file_name().unwrap())).unwrap();
        }
    }
    let out = dir.join("报告");
    let mut child = Command::new(env!("CARGO_BIN_EXE_fashen"))
        .args(["batch", "目录", "--out", "报告", "-j", "1", "--no-cache"])
        .current_dir(&dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let results = out.join("results.jsonl");
    while start.elapsed() < Duration::from_secs(60) {
        if std::fs::read_to_string(&results).is_ok_and(|s| s.lines().count() >= 20) {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let text = std::fs::read_to_string(&results).unwrap();
    let complete = text
        .lines()
        .filter(|l| serde_json::from_str::<serde_json::Value>(l).is_ok())
        .count();
    let o = batch(&dir, &["--out", "报告", "--resume", "--no-cache"]);
    let err = stderr(&o);
    assert!(
        err.contains(&format!("与上次相同未重审 {complete}，")),
        "{complete}: {err}"
    );
    // Every document exactly once.
    let rels: Vec<String> = std::fs::read_to_string(&results)
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["batch"]["rel"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let mut unique = rels.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), rels.len(), "a document was reviewed twice");
    let found: usize = regex::Regex::new(r"共 (\d+) 份文件")
        .unwrap()
        .captures(&err)
        .and_then(|c| c[1].parse().ok())
        .unwrap_or_else(|| panic!("no summary line: {err}"));
    assert_eq!(rels.len(), found);
    assert!(complete < found, "the kill came too late to test anything");
}

#[test]
fn two_shards_merged_give_the_same_summary_as_one_run() {
    let dir = catalogue("batch-shards");
    let one = batch(&dir, &["--out", "全部", "--as-of", "2026-01-01"]);
    assert_eq!(one.status.code(), Some(3));
    for k in ["1/2", "2/2"] {
        let o = batch(
            &dir,
            &[
                "--out",
                &format!("分片{}", &k[..1]),
                "--shard",
                k,
                "--as-of",
                "2026-01-01",
            ],
        );
        assert!(o.status.code().is_some(), "{}", stderr(&o));
    }
    let a = lines(&dir.join("分片1/results.jsonl"));
    let b = lines(&dir.join("分片2/results.jsonl"));
    assert!(a > 0 && b > 0, "both shards got work: {a} {b}");
    let m = fashen_in(
        &dir,
        &[
            "merge",
            "分片1",
            "分片2",
            "--out",
            "合并",
            "--as-of",
            "2026-01-01",
        ],
        None,
        Duration::from_secs(60),
    );
    assert!(m.status.code().is_some(), "{}", stderr(&m));
    for f in ["summary.csv", "catalogue.csv", "failed.csv"] {
        assert_eq!(
            std::fs::read(dir.join("全部").join(f)).unwrap(),
            std::fs::read(dir.join("合并").join(f)).unwrap(),
            "{f} differs"
        );
    }
    assert_eq!(
        std::fs::read_dir(dir.join("全部/memos")).unwrap().count(),
        std::fs::read_dir(dir.join("合并/memos")).unwrap().count()
    );
}

#[test]
fn a_rerun_takes_unchanged_documents_from_the_cache() {
    let dir = catalogue("batch-cache");
    batch(&dir, &["--out", "r"]);
    let again = batch(&dir, &["--out", "r"]);
    let err = stderr(&again);
    let reviewed: usize = regex::Regex::new(r"共 (\d+) 份文件")
        .unwrap()
        .captures(&err)
        .and_then(|c| c[1].parse().ok())
        .unwrap_or_else(|| panic!("no summary line: {err}"));
    assert!(
        err.contains(&format!("取自缓存 {}，", reviewed - 3)),
        "{err}"
    );
}

#[test]
fn index_html_works_in_headless_chromium() {
    let Some(browser) = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| {
            Command::new(b)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
    else {
        return;
    };
    let dir = catalogue("batch-browser");
    batch(&dir, &["--out", "r"]);
    let index = dir.join("r/index.html");
    let o = Command::new(browser)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--dump-dom"])
        .arg(format!("file://{}", index.display()))
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&o.stdout);
    // The script ran: the table body is filled from the embedded data, with memo links.
    assert!(
        dom.contains("<td><a href=\"memos/"),
        "table not rendered:\n{}",
        &dom[..dom.len().min(2000)]
    );
    assert!(dom.contains("无法审查"));
}

/// Batch memos are the letters `fashen memo` writes: fashen.toml's number pattern with each
/// document's running number (its place in the sorted catalogue, from `first_n`), 主送 from
/// each document, the reviewing unit, 抄送 and the review date; the command line wins, and
/// a memo of another date or number is not taken from the cache.
#[test]
fn batch_memos_carry_the_letter_of_fashen_memo() {
    let dir = scratch("batch-letter");
    let docs = dir.join("目录");
    std::fs::create_dir_all(&docs).unwrap();
    // Sorted: a_…, b_…, c_…
    let files = [
        (
            "a_rental.txt",
            "county_short_rental_notice_variant.txt",
            "某县人民政府办公室",
        ),
        (
            "b_parking.txt",
            "ppp_parking_concession_variant.txt",
            "某县住房和城乡建设局",
        ),
        ("c_policy.txt", "county_investment_policy_variant.txt", ""),
    ];
    for (name, from, _) in files {
        std::fs::copy(root().join("corpus/drafts").join(from), docs.join(name)).unwrap();
    }
    std::fs::write(
        dir.join("fashen.toml"),
        "[memo]\nnumber = \"长司法审〔{year}〕{n}号\"\nfirst_n = 7\nunit = \"某县司法局\"\ncc = \"某市司法局\"\nreview_date = \"2026-11-28\"\n",
    )
    .unwrap();
    let memo_of = |name: &str| {
        std::fs::read_to_string(dir.join("r/memos").join(format!("{name}.html")))
            .unwrap_or_else(|e| panic!("{name}: {e}"))
    };
    let o = batch(&dir, &["--out", "r"]);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
    for (i, (name, _, to)) in files.iter().enumerate() {
        let html = memo_of(name);
        for want in [
            format!("<p class=\"number\">长司法审〔2026〕{}号</p>", 7 + i),
            "<p class=\"unit\">某县司法局</p>".to_string(),
            "<p class=\"date\">2026年11月28日</p>".to_string(),
            "<p class=\"cc\">抄送：某市司法局。</p>".to_string(),
        ] {
            assert!(html.contains(&want), "{name}: {want} not in the memo");
        }
        if !to.is_empty() {
            assert!(
                html.contains(&format!("<p class=\"to\">{to}：</p>")),
                "{name}: 主送"
            );
        }
    }
    // The same letter as `fashen memo` with the same fashen.toml (no running number there:
    // {n} is left to fill in).
    let single = dir.join("single.html");
    let o = fashen_in(
        &dir,
        &["memo", "目录/a_rental.txt", "-o", single.to_str().unwrap()],
        None,
        Duration::from_secs(60),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let single = std::fs::read_to_string(single).unwrap();
    assert!(single.contains("<p class=\"number\">长司法审〔2026〕　　号</p>"));
    let without_number = |s: &str| {
        regex::Regex::new(r#"<p class="number">[^<]*</p>|送审文件[^。]*。"#)
            .unwrap()
            .replace_all(s, "")
            .into_owned()
    };
    assert_eq!(
        without_number(&single),
        without_number(&memo_of("a_rental.txt"))
    );
    // The command line wins; the cache does not serve the memo of the first run.
    let o = batch(
        &dir,
        &[
            "--out",
            "r",
            "--review-date",
            "2026-12-01",
            "--first-n",
            "1",
            "--to",
            "某县人民政府",
        ],
    );
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
    let html = memo_of("b_parking.txt");
    assert!(
        html.contains("长司法审〔2026〕2号"),
        "running number from --first-n"
    );
    assert!(html.contains("2026年12月1日") && html.contains("<p class=\"to\">某县人民政府：</p>"));
}
