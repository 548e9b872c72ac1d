//! Batch review of a document catalogue: documents in parallel, each result appended to
//! `results.jsonl` the moment it is done (an interrupted run loses nothing finished), one
//! HTML memo per document, a content-hash cache, resume, shards, and the summary files.
//! The report folder is locked for the run; every write that fails is reported as a
//! failure of the document it belongs to.

pub mod catalogue;
pub mod output;
pub mod record;
pub mod walk;

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::config::Config;
use crate::document::model::{DocType, Part};
use crate::extract::Limits;
use crate::report::{failure_zh, memo, one_line};
use crate::review::DocumentResult;
use crate::rules::compile::RuleSet;
use crate::rules::engine::{Selection, review};
use record::{Meta, Record};

pub struct Options {
    pub roots: Vec<PathBuf>,
    pub out: PathBuf,
    pub resume: bool,
    /// Shard k of n (1-based).
    pub shard: Option<(usize, usize)>,
    pub as_of: NaiveDate,
    pub review_date: NaiveDate,
    /// Cache folder (content hash → result); None disables it.
    pub cache: Option<PathBuf>,
    pub memos: bool,
    /// The memos' letter apparatus, as `fashen memo` writes it; `n` is ignored: each
    /// document's `{n}` is `first_n` plus its place in the catalogue.
    pub letter: memo::Letter,
    pub first_n: u64,
    /// Follow symbolic links out of the catalogue folders.
    pub follow_links: bool,
}

pub struct Context<'a> {
    pub set: &'a RuleSet,
    pub selection: &'a Selection,
    pub config: &'a Config,
    pub limits: &'a Limits,
    pub doc_type: Option<DocType>,
}

#[derive(Debug, Default)]
pub struct Summary {
    pub found: usize,
    pub reviewed: usize,
    pub failed: usize,
    pub resumed: usize,
    pub cached: usize,
    pub not_documents: usize,
    pub links: usize,
    pub seconds: f64,
    pub walk_problems: Vec<(String, String)>,
}

/// Why a batch (or merge) could not run at all.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    #[error("找不到 {0}：请检查路径是否正确")]
    NoSuchInput(String),
    #[error("报告文件夹 {out} 在要审查的文件夹 {input} 里面（或就是它）：请把 --out 指到目录以外")]
    OutInsideInput { out: String, input: String },
    #[error("报告文件夹 {0} 正被另一个 fashen batch 或 merge 使用：请等它结束，或换一个 --out")]
    Locked(String),
    #[error("没有可审查的文件：{0}")]
    NothingToReview(String),
    #[error("无法写入 {path}：{}", crate::report::io_zh(source))]
    Write {
        path: String,
        source: std::io::Error,
    },
}

fn write_error(path: &Path) -> impl FnOnce(std::io::Error) -> BatchError + '_ {
    move |source| BatchError::Write {
        path: path.display().to_string(),
        source,
    }
}

/// `p` made absolute with symbolic links resolved, also when it does not exist yet (its
/// nearest existing ancestor is resolved and the rest appended).
pub fn resolved(p: &Path) -> PathBuf {
    let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let mut rest = vec![];
    let mut at = abs.as_path();
    loop {
        if let Ok(c) = at.canonicalize() {
            return rest.iter().rev().fold(c, |acc, part| acc.join(part));
        }
        match (at.parent(), at.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                at = parent;
            }
            _ => return abs,
        }
    }
}

/// The report folder, created and locked for this process (released when dropped). A
/// second batch or merge into the same folder is refused instead of interleaving lines.
pub struct OutLock {
    _file: std::fs::File,
}

pub fn lock(out: &Path) -> Result<OutLock, BatchError> {
    std::fs::create_dir_all(out.join(output::MEMOS)).map_err(write_error(out))?;
    let path = out.join(".fashen.lock");
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(write_error(&path))?;
    match file.try_lock() {
        Ok(()) => Ok(OutLock { _file: file }),
        Err(std::fs::TryLockError::WouldBlock) => {
            Err(BatchError::Locked(out.display().to_string()))
        }
        Err(std::fs::TryLockError::Error(e)) => Err(write_error(&path)(e)),
    }
}

/// Refuses a report folder that is an input folder or inside one (its documents would be
/// skipped and its outputs mixed with the catalogue), or an input inside the report folder.
pub fn check_out(roots: &[PathBuf], out: &Path) -> Result<(), BatchError> {
    let o = resolved(out);
    for r in roots {
        if !r.exists() {
            return Err(BatchError::NoSuchInput(r.display().to_string()));
        }
        let r_abs = resolved(r);
        let inside = if r.is_dir() {
            o.starts_with(&r_abs) || r_abs.starts_with(&o)
        } else {
            r_abs.starts_with(&o)
        };
        if inside {
            return Err(BatchError::OutInsideInput {
                out: out.display().to_string(),
                input: r.display().to_string(),
            });
        }
    }
    Ok(())
}

/// Progress callback: (done, total, failed).
pub type Progress<'a> = dyn Fn(usize, usize, usize) + Sync + 'a;

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// What an earlier run recorded for a document.
struct Prior {
    sha256: String,
    size: Option<u64>,
}

impl Prior {
    /// The same document as before: same content, or, for one that could not even be
    /// read (no hash), the same size.
    fn unchanged(&self, sha: Option<&str>, size: u64) -> bool {
        match sha {
            Some(s) if !self.sha256.is_empty() => self.sha256 == s,
            _ => self.sha256.is_empty() && self.size == Some(size),
        }
    }
}

/// The documents already in results.jsonl, rewriting it with one complete record per
/// document (a torn or damaged line dropped) so appending continues cleanly.
fn completed(results: &Path) -> Result<HashMap<String, Prior>, BatchError> {
    let mut done = HashMap::new();
    let mut keep = vec![];
    let scanned = record::scan(results, |r, body| {
        done.insert(
            r.batch.rel.clone(),
            Prior {
                sha256: r.batch.sha256,
                size: r.batch.size,
            },
        );
        keep.extend_from_slice(body);
        keep.push(b'\n');
    });
    match scanned {
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(HashMap::new()),
        Err(e) => return Err(write_error(results)(e)),
    }
    // Later lines of a document win in `done`; `compact` drops the earlier ones at the end.
    crate::report::write_atomically(results, &keep).map_err(write_error(results))?;
    Ok(done)
}

/// Keeps the last line of each document found in this run (a document reviewed again
/// after a change, or gone from the catalogue, leaves no stale line behind).
fn compact(results: &Path, found: &HashSet<&str>) -> Result<(), BatchError> {
    let kept = record::latest_lines(results).map_err(write_error(results))?;
    let keep: Vec<u8> = kept
        .into_iter()
        .filter(|k| found.contains(k.rel.as_str()))
        .flat_map(|k| k.line)
        .collect();
    crate::report::write_atomically(results, &keep).map_err(write_error(results))
}

/// A reviewed (or failed) document on its way to results.jsonl.
struct Done {
    record: Record,
    memo: Option<String>,
}

impl Done {
    fn failed(rel: &str, path: &Path, size: Option<u64>, sha: &str, reason: String) -> Done {
        Done {
            record: Record {
                result: DocumentResult::failed(&path.display().to_string(), one_line(&reason)),
                batch: Meta {
                    rel: rel.into(),
                    sha256: sha.into(),
                    size,
                    ..Meta::default()
                },
            },
            memo: None,
        }
    }
}

fn meta(rel: &str, sha: &str, size: u64, ctx: &Context) -> Meta {
    Meta {
        rel: rel.into(),
        sha256: sha.into(),
        size: Some(size),
        tool: Some(env!("CARGO_PKG_VERSION").into()),
        rules_digest: Some(ctx.set.digest.clone()),
        ..Meta::default()
    }
}

/// The letter of one document's memo: the batch's letter with the document's own `{n}`.
fn letter_for(opts: &Options, n: u64) -> memo::Letter {
    memo::Letter {
        n: Some(n),
        ..opts.letter.clone()
    }
}

fn review_bytes(
    c: &walk::Candidate,
    n: u64,
    bytes: Vec<u8>,
    sha: &str,
    ctx: &Context,
    opts: &Options,
) -> Done {
    let shown = c.path.display().to_string();
    let size = bytes.len() as u64;
    let doc = match crate::load_bytes(&shown, bytes, ctx.limits, ctx.doc_type) {
        Ok(d) => d,
        Err(e) => return Done::failed(&c.rel, &c.path, Some(size), sha, failure_zh(&e)),
    };
    let mut r = review(&doc, ctx.set, ctx.selection);
    ctx.config.apply_waivers(&c.path, &mut r.findings);
    let result = DocumentResult::checked(&doc, r);
    let review_date = opts.review_date.format("%Y-%m-%d").to_string();
    let memo_html = opts.memos.then(|| {
        let mctx = memo::MemoContext {
            review_date: &review_date,
            rules: ctx.set,
        };
        memo::html::render(&memo::build_letter(
            Some(&doc),
            &result,
            &mctx,
            &letter_for(opts, n),
        ))
    });
    let body: String = doc
        .blocks
        .iter()
        .filter(|b| b.part == Part::Body)
        .map(|b| b.text.as_str())
        .collect();
    let mut batch = meta(&c.rel, sha, size, ctx);
    batch.validity = crate::document::validity::validity(&doc);
    batch.minhash = catalogue::minhash(&body).map(|s| catalogue::encode_minhash(&s));
    Done {
        record: Record { result, batch },
        memo: memo_html,
    }
}

fn cache_key(sha: &str, n: u64, ctx: &Context, opts: &Options) -> String {
    let mut h = Sha256::new();
    let as_of = ctx
        .selection
        .as_of
        .map(|d| d.to_string())
        .unwrap_or_default();
    for part in [
        sha,
        env!("CARGO_PKG_VERSION"),
        &ctx.set.digest,
        &opts.as_of.to_string(),
        &format!("{:?}", ctx.doc_type),
        &ctx.selection.select.join(","),
        &ctx.selection.ignore.join(","),
        &as_of,
        &opts.memos.to_string(),
    ] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    // The memo prints the review date and the letter: a cached memo of another day or with
    // another number would be wrong.
    if opts.memos {
        let l = letter_for(opts, n);
        let letter = format!(
            "{}\0{:?}\0{:?}\0{:?}\0{:?}\0{:?}",
            opts.review_date, l.number, l.n, l.to, l.unit, l.cc
        );
        h.update(letter.as_bytes());
        h.update([0]);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// A cache entry: the record (without this run's place) and the memo.
#[derive(Serialize, Deserialize)]
struct Cached {
    record: Record,
    memo: Option<String>,
}

fn cache_path(dir: &Path, key: &str) -> PathBuf {
    dir.join(&key[..2]).join(format!("{key}.json"))
}

/// A cached result with this run's path and relative path; None when there is none (or it
/// is unreadable: then the document is simply reviewed again).
fn from_cache(dir: &Path, key: &str, c: &walk::Candidate) -> Option<Done> {
    let text = std::fs::read(cache_path(dir, key)).ok()?;
    let mut cached: Cached = serde_json::from_slice(&text).ok()?;
    cached.record.result.path = c.path.display().to_string();
    cached.record.batch.rel = c.rel.clone();
    Some(Done {
        record: cached.record,
        memo: cached.memo,
    })
}

fn to_cache(dir: &Path, key: &str, done: &Done) -> std::io::Result<()> {
    let path = cache_path(dir, key);
    if let Some(sub) = path.parent() {
        std::fs::create_dir_all(sub)?;
    }
    let entry = serde_json::to_vec(&Cached {
        record: done.record.clone(),
        memo: done.memo.clone(),
    })?;
    crate::report::write_atomically(&path, &entry)
}

/// Reviews one candidate (or takes it from the resume list or the cache) and writes its
/// memo and cache entry; any write that fails turns it into a failed document.
fn process(
    c: &walk::Candidate,
    n: u64,
    done_before: &HashMap<String, Prior>,
    ctx: &Context,
    opts: &Options,
) -> Option<(Done, bool)> {
    let size = match crate::extract::check_size(&c.path, ctx.limits) {
        Ok(s) => s,
        Err(e) => {
            let size = std::fs::metadata(&c.path).ok().map(|m| m.len());
            if size.is_some_and(|s| {
                done_before
                    .get(&c.rel)
                    .is_some_and(|p| p.unchanged(None, s))
            }) {
                return None;
            }
            return Some((
                Done::failed(&c.rel, &c.path, size, "", failure_zh(&e)),
                false,
            ));
        }
    };
    let bytes = match std::fs::read(&c.path) {
        Ok(b) => b,
        Err(e) => {
            let why = failure_zh(&crate::extract::ExtractError::Io(e));
            if done_before
                .get(&c.rel)
                .is_some_and(|p| p.unchanged(None, size))
            {
                return None;
            }
            return Some((Done::failed(&c.rel, &c.path, Some(size), "", why), false));
        }
    };
    let sha = sha256_hex(&bytes);
    if done_before
        .get(&c.rel)
        .is_some_and(|p| p.unchanged(Some(&sha), size))
    {
        return None;
    }
    let key = cache_key(&sha, n, ctx, opts);
    let (mut d, from_cache) = match opts
        .cache
        .as_deref()
        .and_then(|dir| from_cache(dir, &key, c))
    {
        Some(d) => (d, true),
        None => (review_bytes(c, n, bytes, &sha, ctx, opts), false),
    };
    if let Some(html) = &d.memo {
        let name = output::memo_name(&c.rel);
        let path = opts.out.join(output::MEMOS).join(&name);
        match crate::report::write_atomically(&path, html.as_bytes()) {
            Ok(()) => d.record.batch.memo = Some(name),
            Err(e) => {
                let why = format!(
                    "无法写入审查意见书 {}：{}",
                    path.display(),
                    crate::report::io_zh(&e)
                );
                return Some((Done::failed(&c.rel, &c.path, Some(size), &sha, why), false));
            }
        }
    }
    // Failed documents are not cached: the cause may be outside the file (time budget).
    if let Some(dir) = &opts.cache
        && !from_cache
        && !d.record.failed()
    {
        let mut stored = Done {
            record: d.record.clone(),
            memo: d.memo.clone(),
        };
        stored.record.batch.memo = None;
        if let Err(e) = to_cache(dir, &key, &stored) {
            let why = format!(
                "无法写入缓存 {}：{}（可用 --no-cache 不用缓存）",
                dir.display(),
                crate::report::io_zh(&e)
            );
            return Some((Done::failed(&c.rel, &c.path, Some(size), &sha, why), false));
        }
    }
    Some((d, from_cache))
}

/// Reviews the catalogue into `opts.out` (which the caller has locked with `lock`).
pub fn run(opts: &Options, ctx: &Context, progress: &Progress) -> Result<Summary, BatchError> {
    let start = Instant::now();
    check_out(&opts.roots, &opts.out)?;
    let walked = walk::walk(&opts.roots, &opts.out, opts.follow_links);
    if walked.files.is_empty() {
        return Err(BatchError::NothingToReview(nothing_found(
            &opts.roots,
            &walked,
        )));
    }
    let results_path = opts.out.join(output::RESULTS);
    let done_before = if opts.resume {
        completed(&results_path)?
    } else {
        crate::report::write_atomically(&results_path, b"").map_err(write_error(&results_path))?;
        HashMap::new()
    };
    let mut summary = Summary {
        not_documents: walked.skipped_total(),
        links: walked.links,
        walk_problems: walked.problems,
        ..Default::default()
    };
    // A memo's running number is the document's place in the whole sorted catalogue,
    // counted before sharding, so shards and resumed runs number alike.
    let files: Vec<(u64, walk::Candidate)> = walked
        .files
        .into_iter()
        .enumerate()
        .map(|(i, c)| (opts.first_n + i as u64, c))
        .filter(|(_, c)| opts.shard.is_none_or(|(k, n)| walk::in_shard(&c.rel, k, n)))
        .collect();
    summary.found = files.len();
    let writer = Mutex::new(
        std::fs::OpenOptions::new()
            .append(true)
            .create(true)
            .open(&results_path)
            .map_err(write_error(&results_path))?,
    );
    let (reviewed, failed, resumed, cached, finished) = (
        AtomicUsize::new(0),
        AtomicUsize::new(0),
        AtomicUsize::new(0),
        AtomicUsize::new(0),
        AtomicUsize::new(0),
    );
    let total = files.len();
    let first_error: Mutex<Option<std::io::Error>> = Mutex::new(None);
    files.par_iter().for_each(|(n, c)| {
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            process(c, *n, &done_before, ctx, opts)
        }));
        let done = match outcome {
            Ok(Some((d, hit))) => {
                if hit {
                    cached.fetch_add(1, Ordering::Relaxed);
                }
                Some(d)
            }
            Ok(None) => {
                resumed.fetch_add(1, Ordering::Relaxed);
                None
            }
            Err(panic) => Some(Done::failed(
                &c.rel,
                &c.path,
                None,
                "",
                format!(
                    "审查时发生内部错误：请把这个文件报告给 fashen 的开发者（{}）",
                    crate::extract::panic_message(&*panic)
                ),
            )),
        };
        if let Some(d) = done {
            let (line, failed_now) = match d.record.to_line() {
                Ok(l) => (Ok(l), d.record.failed()),
                Err(e) => {
                    let why = format!("无法记录审查结果：{e}");
                    let f = Done::failed(&c.rel, &c.path, None, "", why);
                    (f.record.to_line(), true)
                }
            };
            // One write of the whole line with its newline: lines never interleave.
            let written = line.map_err(std::io::Error::from).and_then(|l| {
                let mut w = writer.lock().unwrap_or_else(|e| e.into_inner());
                w.write_all(&l)
            });
            match written {
                Ok(()) if failed_now => {
                    failed.fetch_add(1, Ordering::Relaxed);
                }
                Ok(()) => {
                    reviewed.fetch_add(1, Ordering::Relaxed);
                }
                Err(e) => {
                    failed.fetch_add(1, Ordering::Relaxed);
                    first_error
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .get_or_insert(e);
                }
            }
        }
        let n = finished.fetch_add(1, Ordering::Relaxed) + 1;
        progress(n, total, failed.load(Ordering::Relaxed));
    });
    if let Some(e) = first_error.into_inner().unwrap_or_else(|e| e.into_inner()) {
        return Err(write_error(&results_path)(e));
    }
    if opts.resume {
        let found: HashSet<&str> = files.iter().map(|(_, c)| c.rel.as_str()).collect();
        compact(&results_path, &found)?;
    }
    summary.reviewed = reviewed.into_inner();
    summary.failed = failed.into_inner();
    summary.resumed = resumed.into_inner();
    summary.cached = cached.into_inner();
    summary.seconds = start.elapsed().as_secs_f64();
    Ok(summary)
}

/// What was found instead of documents, for the "nothing to review" message.
fn nothing_found(roots: &[PathBuf], w: &walk::Walk) -> String {
    let names: Vec<String> = roots.iter().map(|r| r.display().to_string()).collect();
    let mut parts = vec![];
    if w.skipped_total() > 0 {
        let kinds: Vec<String> = w
            .skipped
            .iter()
            .map(|(ext, n)| {
                let ext = if ext.is_empty() {
                    "无扩展名"
                } else {
                    ext.as_str()
                };
                format!("{ext} {n} 个")
            })
            .collect();
        parts.push(format!(
            "跳过了 {} 个不是文档的文件（{}）",
            w.skipped_total(),
            kinds.join("、")
        ));
    }
    if w.links > 0 {
        parts.push(format!(
            "{} 个符号链接未跟随（要跟随请加 --follow-links）",
            w.links
        ));
    }
    for (at, why) in &w.problems {
        parts.push(format!("{at} {why}"));
    }
    if parts.is_empty() {
        parts.push("文件夹里没有文件".into());
    }
    one_line(&format!(
        "{} 中{}；可审查的格式为 {}",
        names.join("、"),
        parts.join("，"),
        walk::DOCUMENT_EXTENSIONS
            .iter()
            .map(|e| format!(".{e}"))
            .collect::<Vec<_>>()
            .join(" ")
    ))
}

/// Reads the records of shard reports for `fashen merge`: refuses the same report given
/// twice and a document present in two reports (the same shard merged twice).
pub fn merge_records(reports: &[PathBuf]) -> Result<Vec<record::Kept>, String> {
    let mut seen_dirs: Vec<(PathBuf, &PathBuf)> = vec![];
    let mut owner: HashMap<String, usize> = HashMap::new();
    let mut all = vec![];
    for (i, r) in reports.iter().enumerate() {
        let canon = resolved(r);
        if let Some((_, first)) = seen_dirs.iter().find(|(c, _)| *c == canon) {
            return Err(format!(
                "{} 与 {} 是同一个报告文件夹：同一分片不能合并两次",
                first.display(),
                r.display()
            ));
        }
        seen_dirs.push((canon, r));
        let path = r.join(output::RESULTS);
        let kept =
            record::latest_lines(&path).map_err(|e| format!("无法读取 {}：{e}", path.display()))?;
        for k in kept {
            if let Some(&j) = owner.get(&k.rel) {
                return Err(format!(
                    "{} 与 {} 都含有 {}：同一分片合并了两次，或两个报告审查了同一份文件",
                    reports[j].display(),
                    r.display(),
                    k.rel
                ));
            }
            owner.insert(k.rel.clone(), i);
            all.push(k);
        }
    }
    Ok(all)
}
