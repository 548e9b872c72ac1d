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
    fashen_in(&root(), args, stdin, limit)
}

/// Runs fashen in folder `dir` (where it looks for fashen.toml).
pub fn fashen_in(dir: &Path, args: &[&str], stdin: Option<&Path>, limit: Duration) -> Output {
    fashen_in_env(dir, args, stdin, limit, &[])
}

/// `fashen_in` with extra environment variables (e.g. a PATH without LibreOffice).
pub fn fashen_in_env(
    dir: &Path,
    args: &[&str],
    stdin: Option<&Path>,
    limit: Duration,
    env: &[(&str, &str)],
) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_fashen"));
    // The start-up cache goes under target/, not into the user's ~/.cache.
    cmd.env(
        "FASHEN_CACHE_DIR",
        Path::new(env!("CARGO_TARGET_TMPDIR")).join("fashen-cache"),
    );
    cmd.envs(env.iter().copied());
    cmd.args(args)
        .current_dir(dir)
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

/// A fresh empty folder under the target directory (tests must not write into the repository).
pub fn scratch(name: &str) -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("scratch dir");
    d
}

/// Entry names and the text of XML entries of a zip (docx).
pub fn unzip(path: &Path) -> std::collections::BTreeMap<String, String> {
    use std::io::Read;
    let bytes = std::fs::read(path).expect("zip file");
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("valid zip");
    let mut out = std::collections::BTreeMap::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).expect("entry");
        let name = f.name().expect("entry name").to_string();
        let mut s = String::new();
        if name.ends_with(".xml") || name.ends_with(".rels") {
            f.read_to_string(&mut s).expect("utf-8 xml");
        }
        out.insert(name, s);
    }
    out
}

/// Fails the test when `xml` is not well-formed.
pub fn assert_well_formed(name: &str, xml: &str) {
    let mut r = quick_xml::Reader::from_str(xml);
    r.config_mut().check_end_names = true;
    loop {
        match r.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("{name} is not well-formed XML: {e}"),
        }
    }
}

/// Converts `file` to PDF with LibreOffice when it is installed; None when it is not.
pub fn libreoffice_to_pdf(file: &Path, out_dir: &Path) -> Option<PathBuf> {
    let soffice = ["soffice", "libreoffice"].into_iter().find(|b| {
        Command::new(b)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })?;
    let profile = out_dir.join("lo-profile");
    let o = Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(out_dir)
        .arg(file)
        .output()
        .expect("run soffice");
    assert!(
        o.status.success(),
        "soffice failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let pdf = out_dir.join(file.with_extension("pdf").file_name().unwrap());
    assert!(pdf.is_file(), "soffice wrote no PDF for {}", file.display());
    Some(pdf)
}
