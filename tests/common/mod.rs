//! Helpers shared by the integration tests: run the real binary with a hang guard.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn sample(name: &str) -> PathBuf {
    root().join("tests/fixtures/samples").join(name)
}

/// Runs fashen with `args`; fails the test if it runs longer than `limit` (a hang).
pub fn fashen_with_limit(args: &[&str], stdin: Option<&Path>, limit: Duration) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_fashen"));
    cmd.args(args)
        .current_dir(root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    match stdin {
        Some(p) => cmd.stdin(std::fs::File::open(p).expect("stdin file")),
        None => cmd.stdin(Stdio::null()),
    };
    let child = cmd.spawn().expect("spawn fashen");
    let pid = child.id();
    // Output is collected on a thread so a full pipe cannot stall the child.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    let start = Instant::now();
    match rx.recv_timeout(limit) {
        Ok(out) => out.expect("output"),
        Err(_) => {
            let _ = Command::new("kill").arg("-9").arg(pid.to_string()).status();
            panic!(
                "fashen {args:?} did not finish within {limit:?} ({:?})",
                start.elapsed()
            );
        }
    }
}

pub fn fashen(args: &[&str]) -> Output {
    fashen_with_limit(args, None, Duration::from_secs(60))
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn extract_json(path: &Path) -> serde_json::Value {
    let o = fashen(&["extract", "--format", "json", path.to_str().unwrap()]);
    assert!(
        o.status.success(),
        "extract {} failed: {}",
        path.display(),
        stderr(&o)
    );
    serde_json::from_slice(&o.stdout).expect("extract json")
}

/// Body text of an extracted document, blocks joined by newlines.
pub fn body_text(doc: &serde_json::Value) -> String {
    doc["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["part"] == "body")
        .map(|b| b["text"].as_str().unwrap().to_string())
        .collect::<Vec<_>>()
        .join("\n")
}
