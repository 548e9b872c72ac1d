//! Extraction throughput: `cargo bench --bench throughput`.
//!
//! Reads the fixture documents into memory, extracts each of them repeatedly on one core
//! and on all cores (rayon), and — where poppler's `pdftotext` is installed — runs it on
//! the same PDF files (one process per file, as a batch would) for a side-by-side number.

/// The `fashen` binary's allocator (src/main.rs), so the bench measures what it runs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use fashen::extract::{Limits, read_bytes};
use rayon::prelude::*;

fn load(names: &[&str]) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/samples");
    names
        .iter()
        .map(|n| (dir.join(n), std::fs::read(dir.join(n)).expect("fixture")))
        .collect()
}

fn pages_of(data: &[u8], limits: &Limits) -> u64 {
    read_bytes(data, limits)
        .map(|(_, x)| x.pages.unwrap_or(1) as u64)
        .unwrap_or(0)
}

/// (documents per second, pages per second) over `rounds` passes.
fn measure(files: &[(PathBuf, Vec<u8>)], rounds: usize, parallel: bool) -> (f64, f64) {
    let limits = Limits::default();
    let pages: u64 = files.iter().map(|(_, d)| pages_of(d, &limits)).sum();
    let start = Instant::now();
    for _ in 0..rounds {
        if parallel {
            files.par_iter().for_each(|(_, d)| {
                read_bytes(d, &limits).expect("extract");
            });
        } else {
            for (_, d) in files {
                read_bytes(d, &limits).expect("extract");
            }
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let n = (files.len() * rounds) as f64;
    (n / secs, pages as f64 * rounds as f64 / secs)
}

fn pdftotext(files: &[(PathBuf, Vec<u8>)], rounds: usize) -> Option<(f64, f64)> {
    Command::new("pdftotext").arg("-v").output().ok()?;
    let limits = Limits::default();
    let pages: u64 = files.iter().map(|(_, d)| pages_of(d, &limits)).sum();
    let start = Instant::now();
    for _ in 0..rounds {
        for (p, _) in files {
            let ok = Command::new("pdftotext")
                .args(["-enc", "UTF-8"])
                .arg(p)
                .arg("-")
                .output()
                .ok()?
                .status
                .success();
            assert!(ok);
        }
    }
    let secs = start.elapsed().as_secs_f64();
    Some((
        (files.len() * rounds) as f64 / secs,
        pages as f64 * rounds as f64 / secs,
    ))
}

fn main() {
    let docx = load(&[
        "contract_clean.docx",
        "contract_lo_roundtrip.docx",
        "contract_strict.docx",
    ]);
    let docx_long = load(&["contract_long.docx"]);
    let pdf = load(&[
        "contract_clean.pdf",
        "contract_gs.pdf",
        "contract_cairo_ttf.pdf",
        "contract_rl_ttf.pdf",
        "contract_rl_cid.pdf",
        "contract_gbk_euc.pdf",
    ]);
    let pdf_long = load(&[
        "contract_long.pdf",
        "contract_rl_ttf_long.pdf",
        "contract_rl_cid_long.pdf",
    ]);
    println!(
        "| set | files | 1 core docs/s | 1 core pages/s | all cores docs/s | pdftotext docs/s | pdftotext pages/s |"
    );
    println!("|---|---|---|---|---|---|---|");
    for (name, files, rounds) in [
        ("docx ~40 KB contracts", &docx, 300),
        ("docx 1,761 paragraphs", &docx_long, 100),
        ("pdf 1-2 pages", &pdf, 100),
        ("pdf 38-47 pages", &pdf_long, 10),
    ] {
        let (d1, p1) = measure(files, rounds, false);
        let (dn, _) = measure(files, rounds, true);
        let reference = if name.starts_with("pdf") {
            pdftotext(files, (rounds / 10).max(2))
        } else {
            None
        };
        let (rd, rp) = reference
            .map(|(d, p)| (format!("{d:.0}"), format!("{p:.0}")))
            .unwrap_or(("—".into(), "—".into()));
        println!(
            "| {name} | {} | {d1:.0} | {p1:.0} | {dn:.0} | {rd} | {rp} |",
            files.len()
        );
    }
}
