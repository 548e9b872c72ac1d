//! Catalogue throughput: `cargo bench --bench batch` (FASHEN_BENCH_DOCS=10000 by default).
//!
//! Generates the catalogue with examples/make_catalogue.rs into target/ (once), then
//! measures, on all cores: pure extraction (the same files through the extractors alone,
//! in process), the full `fashen batch` (review, memos, results, summaries; cache off),
//! `fashen batch --no-memos`, and poppler's `pdftotext` over the PDFs (two at a time).
//! Peak memory is the child's maximum resident set; it is measured on a tenth of the
//! catalogue and on all of it, to show it does not grow with the number of documents.

/// The `fashen` binary's allocator (src/main.rs), so the bench measures what it runs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "../examples/make_catalogue.rs"]
mod make_catalogue;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use rayon::prelude::*;

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walk(dir);
    out.sort();
    out
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![];
    for e in std::fs::read_dir(dir).expect("catalogue").flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// Peak resident set (MiB) of the children waited for so far.
fn children_peak_mib() -> f64 {
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: getrusage writes into the struct we pass.
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut ru) };
    ru.ru_maxrss as f64 / 1024.0
}

/// (seconds, peak MiB) of `fashen batch`.
fn batch(dir: &Path, out: &Path, extra: &[&str]) -> (f64, f64) {
    let _ = std::fs::remove_dir_all(out);
    let t = Instant::now();
    let status = Command::new(env!("CARGO_BIN_EXE_fashen"))
        .arg("batch")
        .arg(dir)
        .arg("--out")
        .arg(out)
        .arg("--no-cache")
        .args(extra)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("fashen batch");
    assert!(status.code().is_some_and(|c| c <= 3));
    (t.elapsed().as_secs_f64(), children_peak_mib())
}

fn main() {
    let n: usize = std::env::var("FASHEN_BENCH_DOCS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let cat = root.join(format!("target/bench-catalogue-{n}"));
    if !cat.join(".complete").exists() {
        let _ = std::fs::remove_dir_all(&cat);
        let t = Instant::now();
        let (d, p) = make_catalogue::make(root, n, &cat);
        std::fs::write(cat.join(".complete"), "").unwrap();
        eprintln!(
            "generated {d} docx + {p} pdf in {:.0} s",
            t.elapsed().as_secs_f64()
        );
    }
    let all = files(&cat);
    let all: Vec<PathBuf> = all
        .into_iter()
        .filter(|p| !p.ends_with(".complete"))
        .collect();
    let pdfs: Vec<&PathBuf> = all
        .iter()
        .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
        .collect();
    let bytes: u64 = all
        .iter()
        .map(|p| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0))
        .sum();
    let cores = rayon::current_num_threads();
    println!(
        "{} documents ({} pdf), {:.0} MB, {cores} cores\n",
        all.len(),
        pdfs.len(),
        bytes as f64 / 1e6
    );

    // Warm the page cache, so that no run pays for the first read from disk.
    all.par_iter().for_each(|p| {
        let _ = std::hint::black_box(std::fs::read(p));
    });
    let limits = fashen::extract::Limits::default();
    let t = Instant::now();
    all.par_iter().for_each(|p| {
        let _ = std::hint::black_box(fashen::extract::read_file(p, &limits));
    });
    let extract_bare = t.elapsed().as_secs_f64();
    // As batch reads: each file under its time budget (a watchdog thread per document).
    let t = Instant::now();
    all.par_iter().for_each(|p| {
        let _ = std::hint::black_box(fashen::extract::read_file_guarded(p, &limits));
    });
    let extract = t.elapsed().as_secs_f64();

    let tmp = root.join("target/bench-batch-out");
    let tenth_dir = cat.join("000");
    let tenth_n = files(&tenth_dir).len();
    let (_, peak_small) = batch(&tenth_dir, &tmp, &[]);
    let (full, peak_full) = batch(&cat, &tmp, &[]);
    let (no_memos, _) = batch(&cat, &tmp, &["--no-memos"]);

    let t = Instant::now();
    let mut child = Command::new("xargs")
        .args([
            "-0",
            "-P",
            &cores.to_string(),
            "-n",
            "1",
            "sh",
            "-c",
            "pdftotext -enc UTF-8 \"$0\" - >/dev/null",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .ok();
    let pdftotext = child.as_mut().and_then(|c| {
        use std::io::Write;
        let mut input = c.stdin.take()?;
        for p in &pdfs {
            input.write_all(p.as_os_str().as_encoded_bytes()).ok()?;
            input.write_all(&[0]).ok()?;
        }
        drop(input);
        c.wait().ok().filter(|s| s.success())?;
        Some(t.elapsed().as_secs_f64())
    });

    let rate = |secs: f64, docs: usize| docs as f64 / secs;
    println!("| run | documents | seconds | docs/s | vs extraction |");
    println!("|---|---|---|---|---|");
    println!(
        "| extraction only, guarded as in batch (in process, {cores} threads) | {} | {extract:.1} | {:.0} | 100% |",
        all.len(),
        rate(extract, all.len())
    );
    println!(
        "| extraction only, no time-budget guard | {} | {extract_bare:.1} | {:.0} | {:.0}% |",
        all.len(),
        rate(extract_bare, all.len()),
        extract / extract_bare * 100.0
    );
    println!(
        "| fashen batch (review, memos, reports) | {} | {full:.1} | {:.0} | {:.0}% |",
        all.len(),
        rate(full, all.len()),
        extract / full * 100.0
    );
    println!(
        "| fashen batch --no-memos | {} | {no_memos:.1} | {:.0} | {:.0}% |",
        all.len(),
        rate(no_memos, all.len()),
        extract / no_memos * 100.0
    );
    match pdftotext {
        Some(s) => println!(
            "| pdftotext, PDFs only ({cores} at a time) | {} | {s:.1} | {:.0} | — |",
            pdfs.len(),
            rate(s, pdfs.len())
        ),
        None => println!("| pdftotext | not installed | | | |"),
    }
    println!(
        "\npeak memory of fashen batch: {peak_small:.0} MiB for {tenth_n} documents, {peak_full:.0} MiB for {}",
        all.len()
    );
}
