//! Batch review of a document catalogue: documents in parallel, each result appended to
//! `results.jsonl` the moment it is done (an interrupted run loses nothing finished), one
//! HTML memo per document, a content-hash cache, resume, shards, and the summary files.

pub mod catalogue;
pub mod output;
pub mod walk;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use rayon::prelude::*;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::config::Config;
use crate::document::model::{DocType, Part};
use crate::extract::Limits;
use crate::report::memo;
use crate::review::DocumentResult;
use crate::rules::compile::RuleSet;
use crate::rules::engine::{Selection, review};

pub struct Options {
    pub roots: Vec<PathBuf>,
    pub out: PathBuf,
    pub resume: bool,
    /// Shard k of n (1-based).
    pub shard: Option<(usize, usize)>,
    pub as_of: String,
    pub review_date: String,
    /// Cache folder (content hash → result); None disables it.
    pub cache: Option<PathBuf>,
    pub memos: bool,
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
    pub outside_shard: usize,
    pub seconds: f64,
    pub walk_problems: Vec<(String, String)>,
}

/// Progress callback: (done, total, failed).
pub type Progress<'a> = dyn Fn(usize, usize, usize) + Sync + 'a;

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Relative paths and content hashes already in results.jsonl; rewrites the file without a
/// line cut short by a kill, so appending continues cleanly.
fn completed(results: &Path) -> std::io::Result<HashMap<String, String>> {
    let mut done = HashMap::new();
    let Ok(f) = std::fs::File::open(results) else {
        return Ok(done);
    };
    let mut keep = String::new();
    for line in BufReader::new(f).lines() {
        let line = line?;
        if let Ok(v) = serde_json::from_str::<Value>(&line) {
            let b = &v["batch"];
            if let (Some(rel), Some(h)) = (b["rel"].as_str(), b["sha256"].as_str()) {
                done.insert(rel.to_string(), h.to_string());
                keep.push_str(&line);
                keep.push('\n');
            }
        }
    }
    crate::report::write_atomically(results, keep.as_bytes())?;
    Ok(done)
}

struct Done {
    line: String,
    memo: Option<String>,
    failed: bool,
}

fn review_bytes(
    rel: &str,
    path: &Path,
    bytes: Vec<u8>,
    sha: &str,
    ctx: &Context,
    opts: &Options,
) -> Done {
    let shown = path.display().to_string();
    let meta = |extra: Value| {
        let mut m = json!({
            "rel": rel,
            "sha256": sha,
            "tool": env!("CARGO_PKG_VERSION"),
            "rules_digest": ctx.set.digest,
        });
        if let (Some(m), Some(e)) = (m.as_object_mut(), extra.as_object()) {
            for (k, v) in e {
                m.insert(k.clone(), v.clone());
            }
        }
        m
    };
    let doc = match crate::load_bytes(&shown, bytes, ctx.limits, ctx.doc_type) {
        Ok(d) => d,
        Err(e) => {
            let r = DocumentResult::failed(&shown, e.to_string());
            let mut v = serde_json::to_value(&r).unwrap_or_default();
            v["batch"] = meta(json!({}));
            return Done {
                line: v.to_string(),
                memo: None,
                failed: true,
            };
        }
    };
    let mut r = review(&doc, ctx.set, ctx.selection);
    ctx.config.apply_waivers(path, &mut r.findings);
    let result = DocumentResult::checked(&doc, r);
    let memo_html = opts.memos.then(|| {
        let mctx = memo::MemoContext {
            review_date: &opts.review_date,
            rules: ctx.set,
        };
        memo::html::render(&memo::build(Some(&doc), &result, &mctx))
    });
    let body: String = doc
        .blocks
        .iter()
        .filter(|b| b.part == Part::Body)
        .map(|b| b.text.as_str())
        .collect();
    /// The document's result with the batch fields, serialised in one pass.
    #[derive(serde::Serialize)]
    struct Line<'a> {
        #[serde(flatten)]
        result: &'a DocumentResult,
        batch: Value,
    }
    let line = Line {
        result: &result,
        batch: meta(json!({
            "validity": crate::document::validity::validity(&doc),
            "minhash": catalogue::minhash(&body).map(|s| catalogue::encode_minhash(&s)),
        })),
    };
    Done {
        line: serde_json::to_string(&line).unwrap_or_default(),
        memo: memo_html,
        failed: false,
    }
}

fn cache_key(sha: &str, ctx: &Context, opts: &Options) -> String {
    let mut h = Sha256::new();
    for part in [
        sha,
        env!("CARGO_PKG_VERSION"),
        &ctx.set.digest,
        &opts.as_of,
        &format!("{:?}", ctx.doc_type),
        &ctx.selection.select.join(","),
        &ctx.selection.ignore.join(","),
        &ctx.selection.as_of.clone().unwrap_or_default(),
        &opts.memos.to_string(),
    ] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// A cached result is stored without its place; the line gets this run's path and rel.
fn from_cache(dir: &Path, key: &str, rel: &str, path: &Path) -> Option<Done> {
    let text = std::fs::read_to_string(dir.join(&key[..2]).join(format!("{key}.json"))).ok()?;
    let v: Value = serde_json::from_str(&text).ok()?;
    let mut line = v["line"].clone();
    line["path"] = json!(path.display().to_string());
    line["batch"]["rel"] = json!(rel);
    Some(Done {
        line: line.to_string(),
        memo: v["memo"].as_str().map(str::to_string),
        failed: false,
    })
}

fn to_cache(dir: &Path, key: &str, done: &Done) {
    let sub = dir.join(&key[..2]);
    let Ok(line) = serde_json::from_str::<Value>(&done.line) else {
        return;
    };
    // Failed documents are not cached: the cause may be outside the file (time budget).
    if line["status"] != "checked" || std::fs::create_dir_all(&sub).is_err() {
        return;
    }
    let entry = json!({"line": line, "memo": done.memo});
    let _ = crate::report::write_atomically(
        &sub.join(format!("{key}.json")),
        entry.to_string().as_bytes(),
    );
}

/// The results line of a document that could not be read.
fn failed_line(c: &walk::Candidate, reason: String) -> Done {
    let r = DocumentResult::failed(&c.path.display().to_string(), reason);
    let mut v = serde_json::to_value(&r).unwrap_or_default();
    v["batch"] = json!({"rel": c.rel, "sha256": ""});
    Done {
        line: v.to_string(),
        memo: None,
        failed: true,
    }
}

fn write_memo(out: &Path, rel: &str, html: &str) {
    let path = out.join("memos").join(output::memo_name(rel));
    let _ = crate::report::write_atomically(&path, html.as_bytes());
}

pub fn run(opts: &Options, ctx: &Context, progress: &Progress) -> std::io::Result<Summary> {
    let start = Instant::now();
    std::fs::create_dir_all(opts.out.join("memos"))?;
    let results_path = opts.out.join(output::RESULTS);
    let done_before = if opts.resume {
        completed(&results_path)?
    } else {
        std::fs::write(&results_path, "")?;
        HashMap::new()
    };
    let walked = walk::walk(&opts.roots, &opts.out);
    let mut summary = Summary {
        not_documents: walked.skipped,
        walk_problems: walked.problems,
        ..Default::default()
    };
    let files: Vec<walk::Candidate> = walked
        .files
        .into_iter()
        .filter(|c| opts.shard.is_none_or(|(k, n)| walk::in_shard(&c.rel, k, n)))
        .collect();
    summary.found = files.len();
    let writer = Mutex::new(
        std::fs::OpenOptions::new()
            .append(true)
            .create(true)
            .open(&results_path)?,
    );
    let (reviewed, failed, resumed, cached, finished) = (
        AtomicUsize::new(0),
        AtomicUsize::new(0),
        AtomicUsize::new(0),
        AtomicUsize::new(0),
        AtomicUsize::new(0),
    );
    let total = files.len();
    let write_error: Mutex<Option<std::io::Error>> = Mutex::new(None);
    files.par_iter().for_each(|c| {
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let size = std::fs::metadata(&c.path).map(|m| m.len()).unwrap_or(0);
            if size > ctx.limits.max_file_size {
                let why = crate::extract::ExtractError::TooLarge {
                    size,
                    limit: ctx.limits.max_file_size,
                };
                return Some(failed_line(c, why.to_string()));
            }
            let bytes = match std::fs::read(&c.path) {
                Ok(b) => b,
                Err(e) => return Some(failed_line(c, format!("cannot read: {e}"))),
            };
            let sha = sha256_hex(&bytes);
            if done_before.get(&c.rel) == Some(&sha) {
                resumed.fetch_add(1, Ordering::Relaxed);
                return None;
            }
            let key = cache_key(&sha, ctx, opts);
            if let Some(dir) = &opts.cache
                && let Some(d) = from_cache(dir, &key, &c.rel, &c.path)
            {
                cached.fetch_add(1, Ordering::Relaxed);
                return Some(d);
            }
            let d = review_bytes(&c.rel, &c.path, bytes, &sha, ctx, opts);
            if let Some(dir) = &opts.cache {
                to_cache(dir, &key, &d);
            }
            Some(d)
        }));
        let done = match outcome {
            Ok(Some(d)) => Some(d),
            Ok(None) => None,
            Err(panic) => {
                let why = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                Some(failed_line(
                    c,
                    format!("internal error while reviewing (please report): {why}"),
                ))
            }
        };
        if let Some(d) = done {
            if d.failed {
                failed.fetch_add(1, Ordering::Relaxed);
            } else {
                reviewed.fetch_add(1, Ordering::Relaxed);
            }
            if let Some(html) = &d.memo {
                write_memo(&opts.out, &c.rel, html);
            }
            let mut w = writer.lock().unwrap_or_else(|e| e.into_inner());
            if let Err(e) = writeln!(w, "{}", d.line).and_then(|_| w.flush()) {
                *write_error.lock().unwrap_or_else(|e| e.into_inner()) = Some(e);
            }
        }
        let n = finished.fetch_add(1, Ordering::Relaxed) + 1;
        progress(n, total, failed.load(Ordering::Relaxed));
    });
    if let Some(e) = write_error.into_inner().unwrap_or(None) {
        return Err(e);
    }
    summary.reviewed = reviewed.into_inner();
    summary.failed = failed.into_inner();
    summary.resumed = resumed.into_inner();
    summary.cached = cached.into_inner();
    summary.outside_shard = 0;
    summary.seconds = start.elapsed().as_secs_f64();
    Ok(summary)
}
