//! `fashen hook install`: a git pre-commit hook that reviews the staged documents (their
//! staged content, not the working copy) and refuses the commit on findings.

use std::path::{Path, PathBuf};
use std::process::Command;

use clap::Subcommand;

use super::{EXIT_OK, EXIT_USAGE};

#[derive(Subcommand)]
pub enum HookCommand {
    /// Write .git/hooks/pre-commit (an existing hook is kept unless --force, then backed up).
    Install {
        /// Replace an existing pre-commit hook (it is saved as pre-commit.fashen-backup).
        #[arg(long)]
        force: bool,
        /// Extra arguments for `fashen check` in the hook (e.g. "--fail-on warning").
        #[arg(long, default_value = "")]
        args: String,
    },
}

fn hooks_dir() -> Result<PathBuf, String> {
    let out = Command::new("git")
        .args(["rev-parse", "--git-path", "hooks"])
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        return Err("not inside a git repository".into());
    }
    Ok(PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()))
}

/// Single-quoted for sh.
fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

pub fn script(fashen: &Path, extra: &str) -> String {
    format!(
        r#"#!/bin/sh
# Installed by `fashen hook install`: review the staged drafts before each commit.
# Each staged .docx/.pdf/.ofd/.txt is read from the index (what will be committed) and
# checked; the commit is refused on findings at --fail-on (fashen.toml) or unreadable files.
FASHEN={bin}
command -v "$FASHEN" >/dev/null 2>&1 || FASHEN=fashen
git diff --cached --name-only --diff-filter=ACMR -z -- '*.docx' '*.pdf' '*.ofd' '*.txt' \
  '*.DOCX' '*.PDF' '*.OFD' '*.TXT' |
  xargs -0 -r -n 1 sh -c 'git show ":$1" | "$0" check - --name "$1" {extra}' "$FASHEN"
status=$?
if [ $status -ne 0 ]; then
  echo "fashen: 提交已拒绝：暂存的文件有须修改的问题或无法读取（git commit --no-verify 可跳过）" >&2
  exit 1
fi
"#,
        bin = sh_quote(&fashen.display().to_string()),
        extra = extra
    )
}

pub fn run(cmd: HookCommand) -> i32 {
    let HookCommand::Install { force, args } = cmd;
    let dir = match hooks_dir() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("fashen: {e}");
            return EXIT_USAGE;
        }
    };
    let hook = dir.join("pre-commit");
    if hook.exists() {
        let ours = std::fs::read_to_string(&hook).is_ok_and(|s| s.contains("fashen hook install"));
        if !ours && !force {
            eprintln!(
                "fashen: {} already exists; use --force to replace it (it will be kept as pre-commit.fashen-backup)",
                hook.display()
            );
            return EXIT_USAGE;
        }
        if !ours && let Err(e) = std::fs::copy(&hook, dir.join("pre-commit.fashen-backup")) {
            eprintln!("fashen: cannot back up {}: {e}", hook.display());
            return EXIT_USAGE;
        }
    }
    let exe = std::env::current_exe().unwrap_or_else(|_| PathBuf::from("fashen"));
    let text = script(&exe, &args);
    if let Err(e) = std::fs::create_dir_all(&dir).and_then(|_| std::fs::write(&hook, text)) {
        eprintln!("fashen: cannot write {}: {e}", hook.display());
        return EXIT_USAGE;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755));
    }
    eprintln!("fashen: installed {}", hook.display());
    EXIT_OK
}
