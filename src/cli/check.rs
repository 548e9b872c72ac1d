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
    /// 文件类型：`auto` 自动识别，`contract` 合同，`normative` 规范性文件，`decision` 行政处罚决定书，`other` 其他
    #[arg(long, value_enum, default_value = "auto")]
    pub doc_type: DocTypeArg,
    /// 只运行这些规则：规则编号、编号前缀（如 `NORM`、`CON-PAY`）或问题类别代码，逗号分隔
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// 不运行这些规则：规则编号、编号前缀或问题类别代码，逗号分隔
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// 另加载的规则包文件夹（其中的 *.toml）
    #[arg(long)]
    pub rules: Vec<PathBuf>,
    /// 未注明日期的文件核查引用法律时的基准日，格式 YYYY-MM-DD（默认今天）
    #[arg(long, value_parser = parse_date)]
    pub as_of: Option<chrono::NaiveDate>,
    /// 地区（山东省、浙江省、北京市、河南省……）：适用该省的要求，如规范性文件须载明有效期；不写则只按全国性规定审查
    #[arg(long)]
    pub jurisdiction: Option<String>,
    /// 从标准输入读取时，报告中显示的文件名
    #[arg(long)]
    pub name: Option<String>,
    /// 配置文件（默认为当前文件夹或上级文件夹中的 fashen.toml）
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// 不读取任何 fashen.toml
    #[arg(long)]
    pub no_config: bool,
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// Command line and fashen.toml merged: the command line wins.
pub struct Settings {
    pub config: Config,
    pub selection: Selection,
    /// Lives until the process exits: freeing the compiled rules at exit cost 2 ms of a
    /// one-file check and gave nothing back.
    pub set: &'static RuleSet,
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
        let set: &'static RuleSet = Box::leak(Box::new(load_rules(&dirs)?));
        check_names(set, &self.select).context("--select")?;
        check_names(set, &self.ignore).context("--ignore")?;
        config
            .check_names(set)
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
                let mut r = review(&doc, st.set, &st.selection);
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
    /// 要审查的文件或文件夹（docx、pdf、ofd、txt），- 表示从标准输入读取
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// 报告格式：`text` 文字，`json`、`jsonl` 供程序读取，`sarif` 供代码审查平台，`markdown`、`html` 供阅读
    #[arg(long, value_enum, default_value = "text")]
    pub format: CheckFormat,
    /// 有此严重程度及以上的问题时以退出码 1 结束：`error` 必须修改，`warning` 建议修改，`info` 提示，`never` 从不（默认 `error` 或 fashen.toml 的设置）
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// 把报告写入此文件（写完才替换），而不是标准输出
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// 同时审查的文件数，1 至 1024（默认为处理器核数）
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
    let set = st.set;
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
