//! `fashen check`: review files, folders or standard input; report; exit by `--fail-on`.

use std::path::PathBuf;

use clap::ValueEnum;
use rayon::prelude::*;

use fashen::config::{self, Config};
use fashen::document::model::Document;
use fashen::extract::Limits;
use fashen::review::{DocumentResult, Report};
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
    /// Jurisdiction profile (山东省, 浙江省, 北京市, 河南省 …): provincial requirements such as
    /// a stated 有效期; the national default when unset.
    #[arg(long)]
    pub jurisdiction: Option<String>,
    /// File name to report when reading standard input.
    #[arg(long)]
    pub name: Option<String>,
    /// Configuration file (default: fashen.toml in this folder or a parent).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Ignore any fashen.toml.
    #[arg(long)]
    pub no_config: bool,
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// Command line and fashen.toml merged: the command line wins.
pub struct Settings {
    pub config: Config,
    pub selection: Selection,
    pub set: RuleSet,
    pub limits: Limits,
}

fn parse_date(s: &str) -> Result<String, String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map(|d| d.format("%Y-%m-%d").to_string())
        .map_err(|_| format!("{s:?} is not a date like 2025-01-31"))
}

impl ReviewArgs {
    pub fn config(&self) -> Result<Config, String> {
        if self.no_config {
            return Ok(Config::default());
        }
        let path = match &self.config {
            Some(p) => Some(p.clone()),
            None => std::env::current_dir().ok().and_then(|d| config::find(&d)),
        };
        match path {
            Some(p) => Config::load(&p).map_err(|e| e.to_string()),
            None => Ok(Config::default()),
        }
    }

    pub fn settings(&self) -> Result<Settings, String> {
        let config = self.config()?;
        let pick = |cli: &Vec<String>, file: &Vec<String>| {
            if cli.is_empty() {
                file.clone()
            } else {
                cli.clone()
            }
        };
        let selection = Selection {
            select: pick(&self.select, &config.check.select),
            ignore: pick(&self.ignore, &config.check.ignore),
            as_of: self.as_of.clone().or(config.check.as_of.clone()),
            jurisdiction: self
                .jurisdiction
                .clone()
                .or(config.check.jurisdiction.clone()),
        };
        if let Some(j) = &selection.jurisdiction
            && fashen::rules::jurisdiction::find(j).is_none()
        {
            let known: Vec<&str> = fashen::rules::jurisdiction::all()
                .iter()
                .map(|p| p.name.as_str())
                .collect();
            return Err(format!("未知的地区配置“{j}”，可用：{}", known.join("、")));
        }
        let mut dirs = config.check.rules.clone();
        dirs.extend(self.rules.iter().cloned());
        let set = load_rules(&dirs)?;
        Ok(Settings {
            config,
            selection,
            set,
            limits: self.limits.limits(),
        })
    }

    /// `settings`, with a configuration or rule-pack error printed for the user (the caller
    /// exits 2).
    pub fn settings_or_report(&self) -> Option<Settings> {
        self.settings()
            .inspect_err(|e| eprintln!("fashen: {e}"))
            .ok()
    }

    /// Loads and reviews one file (or `-`); a failure becomes a failed result.
    pub fn review_one(
        &self,
        path: &std::path::Path,
        st: &Settings,
    ) -> (Option<Document>, DocumentResult) {
        match load(
            path,
            self.name.as_deref(),
            &st.limits,
            self.doc_type.forced(),
        ) {
            Ok(doc) => {
                let mut r = review(&doc, &st.set, &st.selection);
                let shown = if path.as_os_str() == "-" {
                    PathBuf::from(self.name.clone().unwrap_or_default())
                } else {
                    path.to_path_buf()
                };
                st.config.apply_waivers(&shown, &mut r.findings);
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
    /// Exit 1 when a finding at or above this severity exists [default: error, or fashen.toml].
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
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
    let Some(st) = args.review.settings_or_report() else {
        return EXIT_USAGE;
    };
    let set = &st.set;
    let fail_on = args
        .fail_on
        .or_else(|| {
            st.config
                .check
                .fail_on
                .as_deref()
                .and_then(|f| FailOn::from_str(f, true).ok())
        })
        .unwrap_or(FailOn::Error);
    if let Some(j) = args.jobs {
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(j.max(1))
            .build_global();
    }
    let files = expand(&args.paths);
    let keep_docs = matches!(args.format, CheckFormat::Markdown | CheckFormat::Html);
    let (docs, results): (Vec<Option<Document>>, Vec<DocumentResult>) = files
        .par_iter()
        .map(|f| {
            let (d, r) = args.review.review_one(f, &st);
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
        CheckFormat::Sarif => {
            serde_json::to_string_pretty(&fashen::report::sarif::render(&report, set))
                .unwrap_or_default()
        }
        CheckFormat::Markdown | CheckFormat::Html => {
            // One memo per document, one after the other.
            let today = fashen::citations::today();
            let ctx = fashen::report::memo::MemoContext {
                review_date: &today,
                rules: set,
            };
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
    exit_code(&report, fail_on)
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
            .any(|f| f.severity >= t && f.waived.is_none())
    });
    if failing { EXIT_FINDINGS } else { EXIT_OK }
}
