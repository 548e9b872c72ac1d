//! The filing-system gate: `fashen check` on one typical docx, process start to exit.
//! `cargo bench --bench gate`. Goal: under 50 ms.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

fn run(args: &[&str], stdin: Option<&Path>) -> f64 {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_fashen"));
    cmd.args(args).stdout(Stdio::null()).stderr(Stdio::null());
    if let Some(p) = stdin {
        cmd.stdin(std::fs::File::open(p).expect("input"));
    }
    let t = Instant::now();
    let status = cmd.status().expect("spawn fashen");
    let ms = t.elapsed().as_secs_f64() * 1e3;
    assert!(status.code().is_some_and(|c| c <= 1), "{args:?}: {status}");
    ms
}

fn stats(mut v: Vec<f64>) -> (f64, f64, f64) {
    v.sort_by(f64::total_cmp);
    let p = |q: f64| v[((v.len() - 1) as f64 * q).round() as usize];
    (v.iter().sum::<f64>() / v.len() as f64, p(0.5), p(0.95))
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let cases: Vec<(&str, Vec<String>, Option<std::path::PathBuf>)> = vec![
        (
            "contract draft docx (text report)",
            vec![
                "check".into(),
                root.join("corpus/drafts/school_construction_contract_variant.docx")
                    .display()
                    .to_string(),
            ],
            None,
        ),
        (
            "State Council notice docx, 46 KB (json)",
            vec![
                "check".into(),
                root.join("corpus/real/gov_2018_39_employment_opinions.docx")
                    .display()
                    .to_string(),
                "--format".into(),
                "json".into(),
            ],
            None,
        ),
        (
            "regulation docx with Word numbering (stdin)",
            vec![
                "check".into(),
                "-".into(),
                "--name".into(),
                "regulation.docx".into(),
            ],
            Some(root.join("corpus/real/beijing_bidding_regulation.docx")),
        ),
    ];
    println!("| case | runs | mean ms | median ms | p95 ms |");
    println!("|---|---|---|---|---|");
    for (name, args, stdin) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        run(&args, stdin.as_deref()); // warm the page cache
        let times: Vec<f64> = (0..40).map(|_| run(&args, stdin.as_deref())).collect();
        let (mean, median, p95) = stats(times);
        println!("| {name} | 40 | {mean:.1} | {median:.1} | {p95:.1} |");
    }
}
