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
        ("self_form.pdf", hostile::self_drawing_form_pdf()),
        ("cid_widths.pdf", hostile::cid_widths_pdf()),
        ("docroots.ofd", hostile::ofd_many_docroots()),
        ("traditional.txt", hostile::traditional_notice()),
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
