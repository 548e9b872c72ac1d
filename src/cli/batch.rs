//! `fashen batch DIR... --out REPORT_DIR` and `fashen merge REPORT_DIR... --out MERGED`.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Instant;

use anyhow::bail;
use chrono::NaiveDate;

use fashen::batch::{self, BatchError, Context as BatchContext, Options, output};
use fashen::config::FailOn;

use super::check::{ReviewArgs, parse_date, pool};
use super::{EXIT_UNREADABLE, Unreviewable, review_exit, say};

#[derive(clap::Args)]
pub struct BatchArgs {
    /// 文件目录所在的文件夹（也可以是单个文件）
    #[arg(required = true)]
    pub dirs: Vec<PathBuf>,
    /// 报告文件夹：写入 results.jsonl、summary.csv、failed.csv、catalogue.csv、index.html 和 `memos/`
    #[arg(long)]
    pub out: PathBuf,
    /// 同时审查的文件数，1 至 1024（默认为处理器核数）
    #[arg(short = 'j', long, value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub jobs: Option<u16>,
    /// 接着上次审查：跳过 results.jsonl 中已有且内容未变的文件
    #[arg(long)]
    pub resume: bool,
    /// 只审查 N 个分片中的第 K 个（按相对路径稳定划分），如 3/16
    #[arg(long, value_parser = parse_shard)]
    pub shard: Option<(usize, usize)>,
    /// 缓存文件夹，按文件内容、工具和规则版本保存结果（默认为报告文件夹下的 `cache`）
    #[arg(long)]
    pub cache: Option<PathBuf>,
    /// 不使用缓存
    #[arg(long)]
    pub no_cache: bool,
    /// 不为每份文件生成审查意见书
    #[arg(long)]
    pub no_memos: bool,
    /// 跟随符号链接，包括指向目录以外的链接（默认不跟随）
    #[arg(long)]
    pub follow_links: bool,
    /// 有此严重程度及以上的问题时以退出码 1 结束：`error`、`warning`、`info`、`never`（默认 `error` 或 fashen.toml 的设置）
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// 第一份文件意见书的流水号 {序号}（默认 1，或 fashen.toml 中 `[memo]` 的 first_n）；其余文件按目录顺序依次加一
    #[arg(long)]
    pub first_n: Option<u64>,
    #[command(flatten)]
    pub letter: super::memo::LetterArgs,
    #[command(flatten)]
    pub review: ReviewArgs,
}

fn parse_shard(s: &str) -> Result<(usize, usize), String> {
    let bad = || format!("“{s}”不是分片：请写成 K/N，例如 3/16（1 ≤ K ≤ N ≤ 100000）");
    let (k, n) = s.split_once('/').ok_or_else(bad)?;
    let (k, n): (usize, usize) = (
        k.trim().parse().map_err(|_| bad())?,
        n.trim().parse().map_err(|_| bad())?,
    );
    if n == 0 || k == 0 || k > n || n > 100_000 {
        return Err(bad());
    }
    Ok((k, n))
}

#[derive(clap::Args)]
pub struct MergeArgs {
    /// 各分片的报告文件夹
    #[arg(required = true)]
    pub reports: Vec<PathBuf>,
    /// 合并后的报告文件夹
    #[arg(long)]
    pub out: PathBuf,
    /// 目录检查（有效期等）的基准日，格式 YYYY-MM-DD（默认今天）
    #[arg(long, value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,
}

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// A batch error as the CLI reports it: a write failure during the run means documents
/// were not recorded (exit 3); the rest are usage errors (exit 2).
/// Writes the summaries of an output folder (after a batch run or a merge).
fn finalize(out: &std::path::Path, as_of: NaiveDate) -> Result<output::Totals, Unreviewable> {
    output::finalize(out, as_of, fashen::citations::lawdb::as_of()).map_err(|e| {
        Unreviewable(format!(
            "无法写入汇总文件（{}）：{}",
            out.display(),
            super::io_zh(&e)
        ))
    })
}

fn batch_error(e: BatchError) -> anyhow::Error {
    match e {
        BatchError::Write { .. } => Unreviewable(e.to_string()).into(),
        other => other.into(),
    }
}

pub fn run(args: BatchArgs) -> anyhow::Result<i32> {
    let st = args.review.settings()?;
    let fail_on = st.fail_on(args.fail_on);
    batch::check_out(&args.dirs, &args.out).map_err(batch_error)?;
    let _lock = batch::lock(&args.out).map_err(batch_error)?;
    let as_of = st.selection.as_of.unwrap_or_else(today);
    let opts = Options {
        roots: args.dirs.clone(),
        out: args.out.clone(),
        resume: args.resume,
        shard: args.shard,
        as_of,
        review_date: args.letter.review_date(&st.config.memo),
        cache: (!args.no_cache)
            .then(|| args.cache.clone().unwrap_or_else(|| args.out.join("cache"))),
        memos: !args.no_memos,
        letter: args.letter.letter(&st.config.memo),
        first_n: args.first_n.or(st.config.memo.first_n).unwrap_or(1),
        follow_links: args.follow_links,
    };
    let ctx = BatchContext {
        set: st.set,
        selection: &st.selection,
        config: &st.config,
        limits: &st.limits,
        doc_type: args.review.doc_type.forced(),
    };
    let terminal = std::io::stderr().is_terminal();
    let bar = terminal.then(|| {
        let b = indicatif::ProgressBar::new(0);
        b.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} 剩余 {eta} {msg}")
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
            say(&format!(
                "已完成 {n}/{total}，无法审查 {failed}，每秒 {rate:.0} 份"
            ));
        }
    };
    let summary = pool(args.jobs)?
        .install(|| batch::run(&opts, &ctx, &progress))
        .map_err(batch_error)?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    for (path, why) in &summary.walk_problems {
        say(&format!("{path}：{why}"));
    }
    let totals = finalize(&args.out, as_of)?;
    say(&format!(
        "共 {} 份文件，用时 {:.1} 秒：新审查 {}，取自缓存 {}，与上次相同未重审 {}，无法审查 {}；跳过非文档文件 {} 个{}。报告：{}",
        summary.found,
        summary.seconds,
        summary.reviewed - summary.cached.min(summary.reviewed),
        summary.cached,
        summary.resumed,
        summary.failed,
        summary.not_documents,
        if summary.links > 0 {
            format!(
                "、符号链接 {} 个（要跟随请加 --follow-links）",
                summary.links
            )
        } else {
            String::new()
        },
        args.out.join("index.html").display()
    ));
    if totals.failed > 0 {
        say(&format!(
            "{} 份文件无法审查：原因见 {}",
            totals.failed,
            args.out.join("failed.csv").display()
        ));
    }
    let code = review_exit(
        totals.failed,
        [totals.findings[0], totals.findings[1], totals.findings[2]],
        fail_on,
    );
    if !summary.walk_problems.is_empty() {
        return Ok(EXIT_UNREADABLE);
    }
    Ok(code)
}

pub fn merge(args: MergeArgs) -> anyhow::Result<i32> {
    for r in &args.reports {
        if !r.join(output::RESULTS).is_file() {
            bail!(
                "{} 不是报告文件夹（没有 {}）：请指定 fashen batch --out 生成的文件夹",
                r.display(),
                output::RESULTS
            );
        }
        let (o, i) = (batch::resolved(&args.out), batch::resolved(r));
        if o == i || o.starts_with(&i) || i.starts_with(&o) {
            bail!(
                "合并结果的文件夹 {} 与分片报告 {} 重叠：请把 --out 指到别处",
                args.out.display(),
                r.display()
            );
        }
    }
    let _lock = batch::lock(&args.out).map_err(batch_error)?;
    let records = batch::merge_records(&args.reports).map_err(anyhow::Error::msg)?;
    let memos = args.out.join(output::MEMOS);
    let mut lines = vec![];
    for (i, rec) in records.iter().enumerate() {
        lines.extend_from_slice(&rec.line);
        if let Some(name) = &rec.memo {
            let from = args
                .reports
                .iter()
                .map(|r| r.join(output::MEMOS).join(name))
                .find(|p| p.is_file());
            let Some(from) = from else {
                bail!(
                    "第 {} 份文件 {} 的审查意见书 {} 在分片报告中找不到：请重新运行该分片",
                    i + 1,
                    rec.rel,
                    name
                );
            };
            std::fs::copy(&from, memos.join(name)).map_err(|e| {
                Unreviewable(format!(
                    "无法复制审查意见书 {}：{}",
                    from.display(),
                    super::io_zh(&e)
                ))
            })?;
        }
    }
    let results = args.out.join(output::RESULTS);
    fashen::report::write_atomically(&results, &lines).map_err(|e| {
        Unreviewable(format!(
            "无法写入 {}：{}",
            results.display(),
            super::io_zh(&e)
        ))
    })?;
    let as_of = args.as_of.unwrap_or_else(today);
    let t = finalize(&args.out, as_of)?;
    say(&format!(
        "已将 {} 份报告中的 {} 份文件合并到 {}",
        args.reports.len(),
        records.len(),
        args.out.display()
    ));
    Ok(review_exit(t.failed, [0, 0, 0], FailOn::Never))
}
