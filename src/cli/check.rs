//! `fashen check`: review files, folders or standard input; report; exit by `--fail-on`.

use std::path::PathBuf;

use clap::ValueEnum;
use rayon::prelude::*;

use anyhow::{Context, bail};

use fashen::config::{Config, FailOn};
use fashen::document::model::Document;
use fashen::extract::Limits;
use fashen::report::failure_zh;
use fashen::review::{DocumentResult, Report};
use fashen::rules::compile::RuleSet;
use fashen::rules::engine::{Selection, check_names, review};

use super::io::{
    ensure_not_input, expand, load, load_rules, print_out, require_inputs, shown_name,
    write_atomically,
};
use super::{DocTypeArg, LimitArgs, review_exit, say};

#[derive(Clone, Copy, ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
    Jsonl,
    Sarif,
    Markdown,
    Html,
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
    pub as_of: Option<chrono::NaiveDate>,
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

/// A calendar date YYYY-MM-DD (`--as-of`).
pub fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("“{s}”不是有效日期：请写成 2025-01-31 这样的年-月-日"))
}

impl ReviewArgs {
    pub fn config(&self) -> anyhow::Result<Config> {
        Config::discover(self.config.as_deref(), self.no_config)
            .context("配置文件有误，请按提示修改")
    }

    /// Command line and fashen.toml merged (the command line wins), with every rule name in
    /// either checked against the loaded rules.
    pub fn settings(&self) -> anyhow::Result<Settings> {
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
            as_of: self.as_of.or(config.check.as_of),
            jurisdiction: self
                .jurisdiction
                .clone()
                .or(config.check.jurisdiction.clone()),
            ..Selection::default()
        };
        if let Some(j) = &selection.jurisdiction
            && fashen::rules::jurisdiction::find(j).is_none()
        {
            let known: Vec<&str> = fashen::rules::jurisdiction::all()
                .iter()
                .map(|p| p.name.as_str())
                .collect();
            anyhow::bail!("未知的地区配置“{j}”，可用：{}", known.join("、"));
        }
        let mut dirs = config.check.rules.clone();
        dirs.extend(self.rules.iter().cloned());
        let set = load_rules(&dirs)?;
        check_names(&set, &self.select).context("--select")?;
        check_names(&set, &self.ignore).context("--ignore")?;
        config
            .check_names(&set)
            .context("配置文件有误，请按提示修改")?;
        Ok(Settings {
            config,
            selection,
            set,
            limits: self.limits.limits(),
        })
    }

    /// Loads and reviews one file (or `-`); a failure becomes a failed result.
    pub fn review_one(
        &self,
        path: &std::path::Path,
        st: &Settings,
    ) -> (Option<Document>, DocumentResult) {
        let shown = shown_name(path, self.name.as_deref());
        match load(
            path,
            self.name.as_deref(),
            &st.limits,
            self.doc_type.forced(),
        ) {
            Ok(doc) => {
                let mut r = review(&doc, &st.set, &st.selection);
                st.config
                    .apply_waivers(std::path::Path::new(&shown), &mut r.findings);
                let result = DocumentResult::checked(&doc, r);
                (Some(doc), result)
            }
            Err(e) => (None, DocumentResult::failed(&shown, failure_zh(&e))),
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
    /// Parallel jobs, 1 to 1024 (default: all cores).
    #[arg(short = 'j', long, value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub jobs: Option<u16>,
    #[command(flatten)]
    pub review: ReviewArgs,
}

impl Settings {
    /// `--fail-on`, else fashen.toml's `fail_on`, else error.
    pub fn fail_on(&self, cli: Option<FailOn>) -> FailOn {
        cli.or(self.config.check.fail_on).unwrap_or(FailOn::Error)
    }
}

/// A thread pool of `jobs` threads (default: one per core) for the command's work.
pub fn pool(jobs: Option<u16>) -> anyhow::Result<rayon::ThreadPool> {
    let mut b = rayon::ThreadPoolBuilder::new();
    if let Some(j) = jobs {
        b = b.num_threads(usize::from(j));
    }
    b.build().context("无法启动工作线程")
}

pub fn run(args: CheckArgs) -> anyhow::Result<i32> {
    require_inputs(&args.paths)?;
    if let Some(o) = &args.output {
        ensure_not_input(o, &args.paths)?;
    }
    let st = args.review.settings()?;
    let set = &st.set;
    let fail_on = st.fail_on(args.fail_on);
    let expanded = expand(&args.paths);
    if expanded.files.is_empty() {
        bail!(
            "没有可审查的文件：{} 中{}；可审查的格式为 {}",
            args.paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join("、"),
            if expanded.skipped > 0 {
                format!("只有 {} 个不是文档的文件", expanded.skipped)
            } else {
                "没有文件".to_string()
            },
            fashen::batch::walk::DOCUMENT_EXTENSIONS
                .iter()
                .map(|e| format!(".{e}"))
                .collect::<Vec<_>>()
                .join(" ")
        );
    }
    if let Some(o) = &args.output {
        ensure_not_input(o, &expanded.files)?;
    }
    let keep_docs = matches!(args.format, CheckFormat::Markdown | CheckFormat::Html);
    let (docs, results): (Vec<Option<Document>>, Vec<DocumentResult>) =
        pool(args.jobs)?.install(|| {
            expanded
                .files
                .par_iter()
                .map(|f| {
                    let (d, r) = args.review.review_one(f, &st);
                    (d.filter(|_| keep_docs), r)
                })
                .unzip()
        });
    for r in results.iter().filter(|r| r.error.is_some()) {
        say(&format!("{}：{}", r.path, r.error.as_deref().unwrap_or("")));
    }
    let report = Report::new(set.digest.clone(), results);
    let out = match args.format {
        CheckFormat::Text => fashen::report::review::text(&report),
        CheckFormat::Json => serde_json::to_string_pretty(&report).context("无法生成 JSON 报告")?,
        CheckFormat::Jsonl => report
            .documents
            .iter()
            .map(serde_json::to_string)
            .collect::<Result<Vec<_>, _>>()
            .context("无法生成 JSONL 报告")?
            .join("\n"),
        CheckFormat::Sarif => {
            serde_json::to_string_pretty(&fashen::report::sarif::render(&report, set))
                .context("无法生成 SARIF 报告")?
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
        Some(p) => write_atomically(p, out.as_bytes())
            .with_context(|| format!("无法写入报告 {}", p.display()))?,
        None => print_out(&out),
    }
    let f = &report.summary.findings;
    Ok(review_exit(
        report.summary.failed,
        [f.error, f.warning, f.info],
        fail_on,
    ))
}
