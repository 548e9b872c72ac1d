//! Hostile input: no file can take the process down, nothing is silently wrong, nothing is
//! lost. Each hostile file must fail alone with exit 3 and a one-line Chinese reason,
//! within its time budget and under 1 GB of memory (peak RSS measured with wait4).

mod common;
#[path = "common/hostile.rs"]
mod hostile;

use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{root, scratch};
use fashen::document::model::{Block, DocType, Extracted, Format, Part};

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    elapsed: Duration,
    /// Peak resident set size of the child, in MB.
    peak_mb: u64,
}

/// Runs fashen with an address-space cap (a regression aborts instead of eating the machine),
/// kills it after `limit`, and measures its peak RSS.
// The child is reaped with wait4 (which gives its own rusage), not Child::wait.
#[allow(clippy::zombie_processes)]
fn run(args: &[&str], limit: Duration) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_fashen"));
    cmd.args(args)
        .current_dir(root())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    unsafe {
        cmd.pre_exec(|| {
            let cap = 6u64 << 30;
            let lim = libc::rlimit {
                rlim_cur: cap,
                rlim_max: cap,
            };
            libc::setrlimit(libc::RLIMIT_AS, &lim);
            Ok(())
        });
    }
    let start = Instant::now();
    let mut child = cmd.spawn().expect("spawn fashen");
    let pid = child.id() as libc::pid_t;
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let t_out = std::thread::spawn(move || {
        let mut s = vec![];
        let _ = out.read_to_end(&mut s);
        s
    });
    let t_err = std::thread::spawn(move || {
        let mut s = vec![];
        let _ = err.read_to_end(&mut s);
        s
    });
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        let r = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if r == pid {
            break;
        }
        if start.elapsed() > limit {
            unsafe { libc::kill(pid, libc::SIGKILL) };
            unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
            panic!("fashen {args:?} did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let elapsed = start.elapsed();
    let code = if libc::WIFEXITED(status) {
        Some(libc::WEXITSTATUS(status))
    } else {
        None
    };
    Run {
        code,
        stdout: String::from_utf8_lossy(&t_out.join().unwrap()).into_owned(),
        stderr: String::from_utf8_lossy(&t_err.join().unwrap()).into_owned(),
        elapsed,
        peak_mb: usage.ru_maxrss as u64 / 1024,
    }
}

fn has_chinese(s: &str) -> bool {
    s.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
}

/// The hostile files of the issue, by name.
fn hostile_files() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("numbering_roman.docx", hostile::numbering_docx()),
        ("content_50mb.pdf", hostile::big_content_pdf(50)),
        ("content_5x15mb.pdf", hostile::many_pages_pdf(5, 15)),
        ("self_form.pdf", hostile::self_drawing_form_pdf()),
        ("cid_widths.pdf", hostile::cid_widths_pdf()),
        ("docroots.ofd", hostile::ofd_many_docroots()),
        ("english.txt", hostile::mostly_english()),
    ]
}

fn write_hostile(dir: &Path) -> Vec<PathBuf> {
    hostile_files()
        .into_iter()
        .map(|(name, bytes)| {
            let p = dir.join(name);
            std::fs::write(&p, bytes).unwrap();
            p
        })
        .collect()
}

#[test]
#[ignore = "writes the hostile files to target/tmp/hostile-files for manual runs"]
fn write_hostile_files() {
    let dir = scratch("hostile-files");
    for p in write_hostile(&dir) {
        println!("{}", p.display());
    }
}

/// The hostile files written to a fresh folder.
fn hostile_dir(name: &str) -> (PathBuf, Vec<PathBuf>) {
    let dir = scratch(name);
    let files = write_hostile(&dir);
    (dir, files)
}

/// A refused file: exit 3, one printable line of Chinese, under 1 GB, and done within the
/// budget (a reader over its time budget stops at its next deadline check: a second of
/// grace covers that and reporting).
fn assert_refused(what: &str, r: &Run, budget: Duration) {
    let budget = budget + Duration::from_secs(1);
    assert_eq!(r.code, Some(3), "{what}: exit 3: {}", r.stderr);
    let err = r.stderr.trim_end();
    assert_eq!(err.lines().count(), 1, "{what}: one line: {err}");
    assert!(has_chinese(err), "{what}: a Chinese reason: {err}");
    assert!(!err.contains("panicked"), "{what}: {err}");
    assert!(
        err.chars().all(|c| !c.is_control()),
        "{what}: printable: {err:?}"
    );
    assert!(r.peak_mb < 1024, "{what}: peak RSS {} MB", r.peak_mb);
    assert!(
        r.elapsed < budget,
        "{what}: took {:?}, over the budget {budget:?}",
        r.elapsed
    );
}

#[test]
fn each_hostile_file_fails_alone_with_exit_3_within_budget_and_memory() {
    let (_dir, files) = hostile_dir("hostile-alone");
    let budget = Duration::from_secs(20);
    for f in &files {
        let r = run(
            &["check", f.to_str().unwrap(), "--time-budget", "20"],
            budget + Duration::from_secs(30),
        );
        eprintln!(
            "{}: exit {:?}, {:.2} s, peak {} MB: {}",
            f.file_name().unwrap().to_string_lossy(),
            r.code,
            r.elapsed.as_secs_f64(),
            r.peak_mb,
            r.stderr.trim_end()
        );
        assert_refused(&f.display().to_string(), &r, budget);
        assert!(r.stdout.is_empty() || !r.stdout.contains("建议通过"));
    }
}

#[test]
fn a_batch_over_hostile_and_normal_documents_finishes_with_its_summary() {
    let (dir, files) = hostile_dir("hostile-batch");
    for name in [
        "county_short_rental_notice_variant.docx",
        "county_short_rental_notice_variant.txt",
    ] {
        std::fs::copy(root().join("corpus/drafts").join(name), dir.join(name)).unwrap();
    }
    let out = dir.with_file_name("hostile-batch-report");
    let _ = std::fs::remove_dir_all(&out);
    let r = run(
        &[
            "batch",
            dir.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--time-budget",
            "20",
        ],
        Duration::from_secs(300),
    );
    eprintln!(
        "batch: exit {:?}, {:.2} s, peak {} MB",
        r.code,
        r.elapsed.as_secs_f64(),
        r.peak_mb
    );
    assert_eq!(r.code, Some(3), "{}", r.stderr);
    assert!(r.peak_mb < 1024, "peak RSS {} MB", r.peak_mb);
    let summary = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    assert_eq!(summary.lines().count(), files.len() + 2 + 1, "{summary}");
    let failed = std::fs::read_to_string(out.join("failed.csv")).unwrap();
    for f in &files {
        let name = f.file_name().unwrap().to_str().unwrap();
        assert!(failed.contains(name), "{name} is reported failed: {failed}");
    }
    assert!(!failed.contains("county_short_rental"), "{failed}");
}

/// Traditional Chinese is read converted to Simplified, not refused: the notice's 處以罰款
/// is the 处以罚款 a normative document may not set, shown as written.
#[test]
fn a_traditional_chinese_notice_is_reviewed_not_refused() {
    let dir = scratch("hostile-traditional");
    let f = dir.join("traditional.txt");
    std::fs::write(&f, hostile::traditional_notice()).unwrap();
    let r = run(
        &["check", f.to_str().unwrap(), "--format", "json"],
        Duration::from_secs(30),
    );
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    let report: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let doc = &report["documents"][0];
    assert_eq!(doc["script"], "traditional");
    let pen = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["category"] == "sets_penalty")
        .expect("a penalty finding");
    assert!(pen["excerpt"].as_str().unwrap().contains("罰款"), "{pen}");
}

#[test]
fn special_files_are_refused_not_read() {
    let dir = scratch("hostile-special");
    let fifo = dir.join("draft.docx");
    let st = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(st.success());
    let zero = dir.join("zero.txt");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    let out = dir.join("out.docx");
    for path in [&fifo, &zero, &PathBuf::from("/dev/zero")] {
        let p = path.to_str().unwrap();
        for args in [
            vec!["check", p],
            vec!["extract", p],
            vec!["annotate", p, "-o", out.to_str().unwrap()],
        ] {
            let r = run(&args, Duration::from_secs(20));
            assert_refused(&format!("{args:?}"), &r, Duration::from_secs(10));
            assert!(r.stderr.contains("不是普通文件"), "{args:?}: {}", r.stderr);
        }
    }
}

/// In-process reading tests share the process-wide count of busy readers.
static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn serial() -> std::sync::MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

#[test]
fn no_reader_work_outlives_its_budget() {
    let _g = serial();
    let limits = fashen::extract::Limits {
        time_budget: Duration::from_millis(20),
        ..Default::default()
    };
    let bytes = hostile::big_content_pdf(8);
    let start = Instant::now();
    let r = fashen::extract::read_bytes_guarded(bytes, &limits);
    let took = start.elapsed();
    assert!(
        matches!(r, Err(fashen::extract::ExtractError::Timeout(_))),
        "{:?}",
        r.map(|_| ())
    );
    // The reader stopped by itself (cooperative cancellation), not the guard's grace.
    assert!(took < Duration::from_secs(1), "took {took:?}");
    let start = Instant::now();
    while fashen::extract::busy_readers() > 0 {
        assert!(
            start.elapsed() < Duration::from_secs(1),
            "a reader still works after its budget"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn review_text(bytes: &[u8]) -> (fashen::document::model::Document, Vec<String>) {
    let _g = serial();
    let limits = fashen::extract::Limits::default();
    let doc = fashen::load_bytes("t.txt", bytes.to_vec(), &limits, None).expect("readable");
    let set = fashen::rules::compile::RuleSet::load(&[]).expect("rules");
    let r = fashen::rules::engine::review(&doc, &set, &Default::default());
    let rules = r
        .findings
        .iter()
        .map(|f| format!("{} {}", f.rule, f.matched))
        .collect();
    (doc, rules)
}

#[test]
fn invisible_characters_and_line_ends_do_not_hide_findings() {
    let plain = hostile::invisible_chars_notice("");
    let (doc, expected) = review_text(plain.as_bytes());
    assert!(
        expected.iter().any(|f| f.contains("罚款")) && expected.iter().any(|f| f.contains("批准")),
        "{expected:?}"
    );
    for inv in [
        "\u{200B}", "\u{200C}", "\u{200D}", "\u{2060}", "\u{FEFF}", "\u{00AD}",
    ] {
        let text = hostile::invisible_chars_notice(inv);
        let (_, got) = review_text(text.as_bytes());
        let got: Vec<String> = got.iter().map(|f| f.replace(inv, "")).collect();
        assert_eq!(got, expected, "{inv:?}");
    }
    // Matched words keep the invisible character: offsets map to the original.
    let (_, got) = review_text(hostile::invisible_chars_notice("\u{200B}").as_bytes());
    assert!(got.iter().any(|f| f.contains("罚\u{200B}款")), "{got:?}");

    for ending in ["\r", "\r\n"] {
        let text = plain.replace('\n', ending);
        let (d, got) = review_text(text.as_bytes());
        assert_eq!(got, expected, "{ending:?}");
        assert_eq!(d.doc_type, doc.doc_type);
        assert_eq!(d.blocks.len(), doc.blocks.len());
    }
}

#[test]
fn doubtful_encodings_are_decoded_and_warned() {
    // A lone UTF-16 surrogate before the document.
    let plain = hostile::invisible_chars_notice("");
    let (_, expected) = review_text(plain.as_bytes());
    let mut u16 = vec![0xFF, 0xFE, 0x00, 0xD8];
    for u in plain.encode_utf16() {
        u16.extend_from_slice(&u.to_le_bytes());
    }
    let (doc, got) = review_text(&u16);
    assert_eq!(got, expected);
    assert!(
        doc.warnings.iter().any(|w| w.contains("U+FFFD")),
        "{:?}",
        doc.warnings
    );
    // …and before the byte-order mark.
    let mut u16_late = vec![0x00, 0xDC, 0xFF, 0xFE];
    u16_late.extend_from_slice(&u16[4..]);
    let (doc, got) = review_text(&u16_late);
    assert_eq!(got, expected);
    assert!(
        doc.warnings.iter().any(|w| w.contains("BOM")),
        "{:?}",
        doc.warnings
    );
    // GB18030 bytes that are also valid UTF-8.
    let (gb, _, _) = encoding_rs::GB18030.encode("某院为实施");
    let mut bytes = b"Notice 2024\n".to_vec();
    bytes.extend_from_slice(&gb);
    assert!(std::str::from_utf8(&bytes).is_ok());
    let (doc, _) = review_text(&bytes);
    assert!(
        doc.warnings.iter().any(|w| w.contains("编码存疑")),
        "{:?}",
        doc.warnings
    );
    assert!(doc.blocks.iter().any(|b| b.text.contains("某院为实施")));
}

#[test]
fn no_corpus_document_is_refused_for_its_language() {
    let _g = serial();
    let limits = fashen::extract::Limits::default();
    let mut n = 0;
    for dir in ["corpus/real", "corpus/drafts"] {
        for e in std::fs::read_dir(root().join(dir)).unwrap().flatten() {
            let p = e.path();
            if !p
                .extension()
                .is_some_and(|x| ["docx", "pdf", "ofd", "txt"].contains(&x.to_str().unwrap()))
            {
                continue;
            }
            let r = fashen::extract::read_file(&p, &limits);
            assert!(
                !matches!(r, Err(fashen::extract::ExtractError::Language(_))),
                "{}: {:?}",
                p.display(),
                r.err()
            );
            n += 1;
        }
    }
    assert!(n > 50, "{n}");
}

/// A document of one body block per line, of the given type.
fn doc_of(lines: &[&str], t: DocType) -> fashen::document::model::Document {
    let mut x = Extracted::default();
    for l in lines {
        x.blocks.push(Block::new(*l, Part::Body));
    }
    fashen::document::assemble("t.txt", Format::Text, x, Some(t))
}

#[test]
fn review_time_is_linear_in_sentence_length() {
    let set = fashen::rules::compile::RuleSet::load(&[]).expect("rules");
    for t in [DocType::Normative, DocType::Contract] {
        let time = |kb: usize| {
            let line = "财政资金担保兜底罚款".repeat(kb * 1024 / 30);
            let doc = doc_of(&["某市关于加强财政资金管理的通知", &line], t);
            // The best of three: the first run also compiles the rules' regexes.
            let mut best = Duration::MAX;
            let mut n = 0;
            for _ in 0..3 {
                let start = Instant::now();
                let r = fashen::rules::engine::review(&doc, &set, &Default::default());
                best = best.min(start.elapsed());
                n = r.findings.len();
            }
            (best, n)
        };
        let _ = time(4);
        let (small, n_small) = time(16);
        let (large, n_large) = time(64);
        eprintln!(
            "{t:?}: 16 KB line: {small:?} ({n_small} findings); 64 KB: {large:?} ({n_large})"
        );
        assert!(n_small > 0, "rules apply to the line");
        assert_eq!(n_small, n_large, "one finding per rule and sentence");
        // Linear: 4× the text takes about 4× the time; quadratic would be 16×.
        assert!(
            large < small * 9 + Duration::from_millis(200),
            "{t:?}: 16 KB {small:?}, 64 KB {large:?}"
        );
    }
}
