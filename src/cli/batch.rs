//! `fashen batch DIR... --out REPORT_DIR` and `fashen merge REPORT_DIR... --out MERGED`.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Instant;

use fashen::batch::{self, Context, Options, output};

use super::check::ReviewArgs;
use super::{EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, EXIT_USAGE};

#[derive(clap::Args)]
pub struct BatchArgs {
    /// Folders (or files) of the catalogue.
    #[arg(required = true)]
    pub dirs: Vec<PathBuf>,
    /// Report folder: results.jsonl, summary.csv, failed.csv, catalogue.csv, index.html, memos/.
    #[arg(long)]
    pub out: PathBuf,
    /// Parallel jobs (default: all cores).
    #[arg(short = 'j', long)]
    pub jobs: Option<usize>,
    /// Skip documents already in results.jsonl with unchanged content.
    #[arg(long)]
    pub resume: bool,
    /// Review only shard K of N (1-based; stable by relative path), e.g. 3/16.
    #[arg(long, value_parser = parse_shard)]
    pub shard: Option<(usize, usize)>,
    /// Cache folder keyed by content hash and tool/rule versions (default OUT/cache).
    #[arg(long)]
    pub cache: Option<PathBuf>,
    /// Do not use or fill the cache.
    #[arg(long)]
    pub no_cache: bool,
    /// Do not write per-document memos.
    #[arg(long)]
    pub no_memos: bool,
    /// Exit 1 when a finding at or above this severity exists (default error).
    #[arg(long, value_enum, default_value = "error")]
    pub fail_on: super::check::FailOn,
    #[command(flatten)]
    pub review: ReviewArgs,
}

fn parse_shard(s: &str) -> Result<(usize, usize), String> {
    let (k, n) = s.split_once('/').ok_or("use K/N, e.g. 3/16")?;
    let (k, n): (usize, usize) = (
        k.trim().parse().map_err(|_| "K is not a number")?,
        n.trim().parse().map_err(|_| "N is not a number")?,
    );
    if n == 0 || k == 0 || k > n {
        return Err(format!("shard {k}/{n}: K must be between 1 and N"));
    }
    Ok((k, n))
}

#[derive(clap::Args)]
pub struct MergeArgs {
    /// Report folders of the shards.
    #[arg(required = true)]
    pub reports: Vec<PathBuf>,
    /// The merged report folder.
    #[arg(long)]
    pub out: PathBuf,
    /// Reference date for the catalogue checks (default today).
    #[arg(long)]
    pub as_of: Option<String>,
}

fn exit(totals: &output::Totals, fail_on: super::check::FailOn) -> i32 {
    use super::check::FailOn;
    if totals.failed > 0 {
        return EXIT_UNREADABLE;
    }
    let n = match fail_on {
        FailOn::Error => totals.findings[0],
        FailOn::Warning => totals.findings[0] + totals.findings[1],
        FailOn::Info => totals.findings[0] + totals.findings[1] + totals.findings[2],
        FailOn::Never => 0,
    };
    if n > 0 { EXIT_FINDINGS } else { EXIT_OK }
}

pub fn run(args: BatchArgs) -> i32 {
    let Some(st) = args.review.settings_or_report() else {
        return EXIT_USAGE;
    };
    if let Some(j) = args.jobs {
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(j.max(1))
            .build_global();
    }
    let today = fashen::citations::today();
    let as_of = st.selection.as_of.clone().unwrap_or_else(|| today.clone());
    let opts = Options {
        roots: args.dirs.clone(),
        out: args.out.clone(),
        resume: args.resume,
        shard: args.shard,
        as_of: as_of.clone(),
        review_date: today,
        cache: (!args.no_cache)
            .then(|| args.cache.clone().unwrap_or_else(|| args.out.join("cache"))),
        memos: !args.no_memos,
    };
    let ctx = Context {
        set: &st.set,
        selection: &st.selection,
        config: &st.config,
        limits: &st.limits,
        doc_type: args.review.doc_type.forced(),
    };
    let terminal = std::io::stderr().is_terminal();
    let bar = terminal.then(|| {
        let b = indicatif::ProgressBar::new(0);
        b.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:40} {pos}/{len} {per_sec} 剩余 {eta} {msg}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b
    });
    let last = Mutex::new(Instant::now());
    let started = Instant::now();
    let progress = |n: usize, total: usize, failed: usize| {
        if let Some(b) = &bar {
            b.set_length(total as u64);
            b.set_position(n as u64);
            if failed > 0 {
                b.set_message(format!("无法审查 {failed}"));
            }
            return;
        }
        let mut l = last.lock().unwrap_or_else(|e| e.into_inner());
        if l.elapsed().as_secs() >= 5 || n == total {
            *l = Instant::now();
            let rate = n as f64 / started.elapsed().as_secs_f64().max(1e-3);
            eprintln!("fashen batch: {n}/{total} done, {failed} failed, {rate:.0} docs/s");
        }
    };
    let summary = match batch::run(&opts, &ctx, &progress) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("fashen: {}: {e}", args.out.display());
            return EXIT_USAGE;
        }
    };
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    for (path, why) in &summary.walk_problems {
        eprintln!("fashen: {path}: {why}");
    }
    let totals = match output::finalize(&args.out, &as_of, fashen::citations::lawdb::as_of()) {
        Ok(t) => t,
        Err(e) => {
            eprintln!(
                "fashen: {}: cannot write the summary: {e}",
                args.out.display()
            );
            return EXIT_USAGE;
        }
    };
    eprintln!(
        "fashen batch: {} documents in {:.1} s ({} reviewed, {} from cache, {} unchanged since the last run, {} could not be reviewed; {} other files skipped). Report: {}",
        summary.found,
        summary.seconds,
        summary.reviewed,
        summary.cached,
        summary.resumed,
        summary.failed,
        summary.not_documents,
        args.out.join("index.html").display()
    );
    if totals.failed > 0 {
        eprintln!(
            "fashen batch: {} documents could not be reviewed: see {}",
            totals.failed,
            args.out.join("failed.csv").display()
        );
    }
    exit(&totals, args.fail_on)
}

pub fn merge(args: MergeArgs) -> i32 {
    if let Err(e) = std::fs::create_dir_all(args.out.join("memos")) {
        eprintln!("fashen: {}: {e}", args.out.display());
        return EXIT_USAGE;
    }
    let results = args.out.join(output::RESULTS);
    let tmp = results.with_extension("jsonl.tmp");
    let mut merged = 0;
    let mut w = match std::fs::File::create(&tmp) {
        Ok(f) => std::io::BufWriter::new(f),
        Err(e) => {
            eprintln!("fashen: {}: {e}", tmp.display());
            return EXIT_USAGE;
        }
    };
    for r in &args.reports {
        match output::append_results(&r.join(output::RESULTS), &mut w) {
            Ok(n) => merged += n,
            Err(e) => {
                eprintln!("fashen: {}: {e}", r.join(output::RESULTS).display());
                return EXIT_USAGE;
            }
        }
        if let Ok(entries) = std::fs::read_dir(r.join("memos")) {
            for e in entries.flatten() {
                let _ = std::fs::copy(e.path(), args.out.join("memos").join(e.file_name()));
            }
        }
    }
    drop(w);
    if let Err(e) = std::fs::rename(&tmp, &results) {
        eprintln!("fashen: {}: {e}", results.display());
        return EXIT_USAGE;
    }
    let as_of = args.as_of.unwrap_or_else(fashen::citations::today);
    match output::finalize(&args.out, &as_of, fashen::citations::lawdb::as_of()) {
        Ok(t) => {
            eprintln!(
                "fashen merge: {merged} documents from {} reports → {}",
                args.reports.len(),
                args.out.display()
            );
            exit(&t, super::check::FailOn::Never)
        }
        Err(e) => {
            eprintln!("fashen: {}: {e}", args.out.display());
            EXIT_USAGE
        }
    }
}
