//! `fashen hook install`: a git pre-commit hook that reviews the staged documents (their
//! staged content, not the working copy) and refuses the commit on findings or on a
//! document that could not be reviewed. `fashen hook run` is what the hook calls: one line
//! when the commit may go ahead, the findings when it may not.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};
use clap::Subcommand;

use fashen::batch::walk::{DOCUMENT_EXTENSIONS, has_document_extension};
use fashen::config::FailOn;
use fashen::review::{DocumentResult, Report};
use fashen::rules::engine::review;

use super::check::ReviewArgs;
use super::{EXIT_FINDINGS, EXIT_OK, io_zh, say};

#[derive(Subcommand)]
pub enum HookCommand {
    /// 写入 .git/hooks/pre-commit（已有的钩子保留不动，加 --force 才替换并备份）
    Install {
        /// 替换已有的 `pre-commit` 钩子（原钩子另存为 pre-commit.fashen-backup）
        #[arg(long)]
        force: bool,
        /// 钩子中 `fashen hook run` 的附加参数（如 `--fail-on warning`）
        #[arg(long, default_value = "")]
        args: String,
    },
    /// 审查暂存区中的文件（`pre-commit` 钩子运行的就是它）
    Run {
        /// 有此严重程度及以上的问题时拒绝提交：`error`、`warning`、`info`、`never`（默认 `error` 或 fashen.toml 的设置）
        #[arg(long, value_enum)]
        fail_on: Option<FailOn>,
        #[command(flatten)]
        review: ReviewArgs,
    },
}

fn git(args: &[&str]) -> anyhow::Result<Vec<u8>> {
    let out = Command::new("git")
        .args(args)
        .output()
        .map_err(|e| anyhow::anyhow!("无法运行 git：{}", io_zh(&e)))?;
    if !out.status.success() {
        bail!(
            "git {} 失败：{}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(out.stdout)
}

fn hooks_dir() -> anyhow::Result<PathBuf> {
    let out = git(&["rev-parse", "--git-path", "hooks"]).context("这里不是 git 仓库")?;
    Ok(PathBuf::from(String::from_utf8_lossy(&out).trim()))
}

/// Single-quoted for sh.
fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

pub fn script(fashen: &Path, extra: &str) -> String {
    format!(
        r#"#!/bin/sh
# Installed by `fashen hook install`: review the staged drafts before each commit.
# `fashen hook run` reads each staged document ({exts}, any letter case) from the
# index (what will be committed), prints one line when the commit may go ahead, and the
# findings when it refuses it (findings at --fail-on, or a document it cannot review).
FASHEN={bin}
command -v "$FASHEN" >/dev/null 2>&1 || FASHEN=fashen
exec "$FASHEN" hook run {extra}
"#,
        exts = DOCUMENT_EXTENSIONS
            .iter()
            .map(|e| format!(".{e}"))
            .collect::<Vec<_>>()
            .join(" "),
        bin = sh_quote(&fashen.display().to_string()),
        extra = extra
    )
}

pub fn run(cmd: HookCommand) -> anyhow::Result<i32> {
    match cmd {
        HookCommand::Install { force, args } => install(force, &args),
        HookCommand::Run { fail_on, review } => run_hook(fail_on, &review),
    }
}

fn install(force: bool, args: &str) -> anyhow::Result<i32> {
    let dir = hooks_dir()?;
    let hook = dir.join("pre-commit");
    if hook.exists() {
        let ours = std::fs::read_to_string(&hook).is_ok_and(|s| s.contains("fashen hook install"));
        if !ours && !force {
            bail!(
                "{} 已存在：要替换请加 --force（原钩子会保存为 pre-commit.fashen-backup）",
                hook.display()
            );
        }
        if !ours {
            std::fs::copy(&hook, dir.join("pre-commit.fashen-backup"))
                .with_context(|| format!("无法备份 {}", hook.display()))?;
        }
    }
    let exe = std::env::current_exe().unwrap_or_else(|_| PathBuf::from("fashen"));
    let text = script(&exe, args);
    std::fs::create_dir_all(&dir)
        .and_then(|_| std::fs::write(&hook, text))
        .with_context(|| format!("无法写入 {}", hook.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755))
            .with_context(|| format!("无法把 {} 设为可执行", hook.display()))?;
    }
    say(&format!("已安装 {}", hook.display()));
    Ok(EXIT_OK)
}

/// Reviews the staged documents; exit 0 lets the commit through, 1 refuses it.
fn run_hook(fail_on: Option<FailOn>, args: &ReviewArgs) -> anyhow::Result<i32> {
    let st = args.settings()?;
    let fail_on = st.fail_on(fail_on);
    let names = git(&[
        "diff",
        "--cached",
        "--name-only",
        "--diff-filter=ACMR",
        "-z",
    ])?;
    let staged: Vec<String> = names
        .split(|&b| b == 0)
        .filter(|n| !n.is_empty())
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .filter(|n| has_document_extension(Path::new(n)))
        .collect();
    if staged.is_empty() {
        return Ok(EXIT_OK);
    }
    let mut results = vec![];
    for name in &staged {
        let result = match git(&["cat-file", "blob", &format!(":{name}")]) {
            Ok(bytes) => {
                match fashen::load_bytes(name, bytes, &st.limits, args.doc_type.forced()) {
                    Ok(doc) => {
                        let mut r = review(&doc, st.set, &st.selection);
                        st.config.apply_waivers(Path::new(name), &mut r.findings);
                        DocumentResult::checked(&doc, r)
                    }
                    Err(e) => DocumentResult::failed(name, fashen::report::failure_zh(&e)),
                }
            }
            Err(e) => DocumentResult::failed(name, format!("无法读取暂存的内容：{e}")),
        };
        results.push(result);
    }
    // The documents that block the commit: unreadable, or with findings at fail_on.
    let blocking: Vec<DocumentResult> = results
        .iter()
        .filter(|d| {
            d.error.is_some()
                || fail_on.threshold().is_some_and(|t| {
                    d.findings
                        .iter()
                        .any(|f| f.waived.is_none() && f.severity >= t)
                })
        })
        .cloned()
        .collect();
    if blocking.is_empty() {
        say(&format!(
            "已审查 {} 份暂存文件，未发现须拦截的问题，允许提交",
            results.len()
        ));
        return Ok(EXIT_OK);
    }
    let report = Report::new(st.set.digest.clone(), blocking);
    eprintln!("{}", fashen::report::review::text(&report).trim_end());
    say(&format!(
        "提交已拒绝：{} 份暂存文件有须修改的问题或无法审查，请按上面的意见修改后重新 git add（确需跳过可用 git commit --no-verify）",
        report.documents.len()
    ));
    Ok(EXIT_FINDINGS)
}
