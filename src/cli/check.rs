//! `fashen check`: review files, folders or standard input; report; exit by `--fail-on`.

use std::path::PathBuf;

use clap::ValueEnum;
use rayon::prelude::*;

use fashen::document::model::Document;
use fashen::extract::Limits;
use fashen::report::review::{DocumentResult, Report};
use fashen::rules::compile::RuleSet;
use fashen::rules::engine::{Selection, review};
use fashen::rules::schema::Severity;

use super::io::{expand, load, load_rules, print_out, write_atomically};
use super::{DocTypeArg, EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, EXIT_USAGE, LimitArgs};

#[derive(Clone, Copy, ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
    Jsonl,
    Sarif,
    Markdown,
    Html,
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

impl FailOn {
    pub fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }
}

/// Options shared by everything that reviews documents (check, memo, annotate, batch).
#[derive(clap::Args, Clone)]
pub struct ReviewArgs {
    #[arg(long, value_enum, default_value = "auto")]
    pub doc_type: DocTypeArg,
    /// Only these rule ids, id prefixes (NORM, CON-PAY) or categories.
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// Skip these rule ids, id prefixes or categories.
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Extra folders of rule packs (*.toml).
    #[arg(long)]
    pub rules: Vec<PathBuf>,
    /// Reference date (YYYY-MM-DD) for citations in undated documents; default today.
    #[arg(long, value_parser = parse_date)]
    pub as_of: Option<String>,
    /// File name to report when reading standard input.
    #[arg(long)]
    pub name: Option<String>,
    #[command(flatten)]
    pub limits: LimitArgs,
}

fn parse_date(s: &str) -> Result<String, String> {
    let ok = s.len() == 10
        && s.char_indices().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        });
    if ok {
        Ok(s.to_string())
    } else {
        Err(format!("{s:?} is not a date like 2025-01-31"))
    }
}

impl ReviewArgs {
    pub fn selection(&self) -> Selection {
        Selection {
            select: self.select.clone(),
            ignore: self.ignore.clone(),
            as_of: self.as_of.clone(),
        }
    }

    pub fn rule_set(&self) -> Result<RuleSet, String> {
        load_rules(&self.rules)
    }

    /// Loads and reviews one file (or `-`); a failure becomes a failed result.
    pub fn review_one(
        &self,
        path: &std::path::Path,
        set: &RuleSet,
        limits: &Limits,
    ) -> (Option<Document>, DocumentResult) {
        match load(path, self.name.as_deref(), limits, self.doc_type.forced()) {
            Ok(doc) => {
                let r = review(&doc, set, &self.selection());
                let result = DocumentResult::checked(&doc, r);
                (Some(doc), result)
            }
            Err(e) => {
                let shown = if path.as_os_str() == "-" {
                    self.name.clone().unwrap_or("<stdin>".into())
                } else {
                    path.display().to_string()
                };
                let reason = e.split_once(": ").map_or(e.clone(), |(_, r)| r.to_string());
                (None, DocumentResult::failed(&shown, reason))
            }
        }
    }
}

#[derive(clap::Args)]
pub struct CheckArgs {
    /// Files or folders (docx, pdf, ofd, txt), or - for standard input.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: CheckFormat,
    /// Exit 1 when a finding at or above this severity exists.
    #[arg(long, value_enum, default_value = "error")]
    pub fail_on: FailOn,
    /// Write the report here (atomically) instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Parallel jobs (default: all cores).
    #[arg(short = 'j', long)]
    pub jobs: Option<usize>,
    #[command(flatten)]
    pub review: ReviewArgs,
}

pub fn run(args: CheckArgs) -> i32 {
    let set = match args.review.rule_set() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("fashen: {e}");
            return EXIT_USAGE;
        }
    };
    if let Some(j) = args.jobs {
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(j.max(1))
            .build_global();
    }
    let limits = args.review.limits.limits();
    let files = expand(&args.paths);
    let keep_docs = matches!(args.format, CheckFormat::Markdown | CheckFormat::Html);
    let (docs, results): (Vec<Option<Document>>, Vec<DocumentResult>) = files
        .par_iter()
        .map(|f| {
            let (d, r) = args.review.review_one(f, &set, &limits);
            (d.filter(|_| keep_docs), r)
        })
        .unzip();
    for r in results.iter().filter(|r| r.status == "failed") {
        eprintln!("fashen: {}: {}", r.path, r.error.as_deref().unwrap_or(""));
    }
    let report = Report::new(set.digest.clone(), results);
    let out = match args.format {
        CheckFormat::Text => fashen::report::review::text(&report),
        CheckFormat::Json => serde_json::to_string_pretty(&report).unwrap_or_default(),
        CheckFormat::Jsonl => report
            .documents
            .iter()
            .map(|d| serde_json::to_string(d).unwrap_or_default())
            .collect::<Vec<_>>()
            .join("\n"),
        CheckFormat::Sarif => serde_json::to_string_pretty(&fashen::report::sarif::render(&report, &set))
            .unwrap_or_default(),
        CheckFormat::Markdown | CheckFormat::Html => {
            // One memo per document, one after the other.
            let today = fashen::citations::today();
            let ctx = fashen::report::memo::MemoContext { review_date: &today, rules: &set };
            let memos: Vec<String> = report
                .documents
                .iter()
                .zip(&docs)
                .map(|(r, d)| {
                    let m = fashen::report::memo::build(d.as_ref(), r, &ctx);
                    if matches!(args.format, CheckFormat::Html) {
                        fashen::report::memo::html::render(&m)
                    } else {
                        fashen::report::memo::markdown::render(&m)
                    }
                })
                .collect();
            memos.join("\n")
        }
    };
    match &args.output {
        Some(p) => {
            if let Err(e) = write_atomically(p, out.as_bytes()) {
                eprintln!("fashen: {}: cannot write the report: {e}", p.display());
                return EXIT_USAGE;
            }
        }
        None => print_out(&out),
    }
    exit_code(&report, args.fail_on)
}

/// 3 when a document could not be reviewed, else 1 when a finding reaches `fail_on`.
pub fn exit_code(report: &Report, fail_on: FailOn) -> i32 {
    if report.summary.failed > 0 {
        return EXIT_UNREADABLE;
    }
    let failing = fail_on.threshold().is_some_and(|t| {
        report
            .documents
            .iter()
            .flat_map(|d| &d.findings)
            .any(|f| f.severity >= t)
    });
    if failing { EXIT_FINDINGS } else { EXIT_OK }
}
