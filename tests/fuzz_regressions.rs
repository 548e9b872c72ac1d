//! Inputs found by fuzzing (and the damaged samples) must give a value, never a panic.

mod common;

use std::time::Duration;

use fashen::extract::{Deadline, Limits, docx, ofd, pdf, read_bytes, text};

fn all_readers(data: &[u8]) {
    let limits = Limits::default();
    let d = Deadline::new(Duration::from_secs(5));
    let _ = docx::extract(data, &limits, d);
    let _ = pdf::extract(data, &limits, d);
    let _ = ofd::extract(data, &limits, d);
    let _ = text::extract(data);
    let _ = read_bytes(data, &limits);
}

#[test]
fn regressions_and_damaged_samples_never_panic() {
    let mut n = 0;
    for dir in ["tests/fixtures/fuzz-regressions", "tests/fixtures/samples"] {
        for entry in std::fs::read_dir(common::root().join(dir)).unwrap() {
            let p = entry.unwrap().path();
            if p.is_file() {
                all_readers(&std::fs::read(&p).unwrap());
                n += 1;
            }
        }
    }
    assert!(n > 40);
}

/// Deterministic byte-flip mutations of real samples: a cheap stand-in for the fuzzer in CI.
#[test]
fn mutated_samples_never_panic() {
    let mut seed: u64 = 0x5eed;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for name in [
        "contract.docx",
        "contract_clean.pdf",
        "contract_std.ofd",
        "contract_gbk_euc.pdf",
    ] {
        let original = std::fs::read(common::sample(name)).unwrap();
        for _ in 0..40 {
            let mut data = original.clone();
            for _ in 0..(1 + next() % 8) {
                let i = (next() as usize) % data.len();
                data[i] = next() as u8;
            }
            all_readers(&data);
        }
    }
}
