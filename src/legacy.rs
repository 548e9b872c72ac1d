//! Legacy Word/WPS binaries (.doc/.wps) are reviewed through LibreOffice when `soffice` is
//! on PATH: the file is converted to .docx in a private temporary folder (its own user
//! profile, so a running LibreOffice is not disturbed), within the time budget, and the
//! converted text is read like any .docx. Without `soffice` they are refused.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::extract::ExtractError;

/// The warning a converted document carries into its report.
pub const CONVERTED: &str = "本文件为旧版 .doc/.wps 格式，已由 LibreOffice 转换为 .docx 后审查：版式、批注和修订可能与原文不同，请以原文核对";

/// `soffice` on PATH, if any.
pub fn soffice() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join("soffice"))
        .find(|p| is_executable(p))
}

#[cfg(unix)]
fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(p: &Path) -> bool {
    p.is_file()
}

fn failed(detail: impl std::fmt::Display) -> ExtractError {
    ExtractError::Unsupported(format!(
        "旧版 .doc/.wps 格式，用 LibreOffice 转换为 .docx 失败（{detail}）：请用 Word 或 WPS 另存为 .docx 后再审查"
    ))
}

/// Converts a .doc/.wps file's bytes to .docx bytes with `soffice`, giving up (and
/// stopping LibreOffice) after `budget`.
pub fn convert(soffice: &Path, bytes: &[u8], budget: Duration) -> Result<Vec<u8>, ExtractError> {
    // tempfile's folder is private to this user (0700) and removed when dropped.
    let dir = tempfile::Builder::new()
        .prefix("fashen-convert-")
        .tempdir()?;
    let input = dir.path().join("document.doc");
    std::fs::write(&input, bytes)?;
    let out = dir.path().join("out");
    let profile = dir.path().join("profile");
    let profile_url = format!(
        "file://{}",
        percent_encoding::utf8_percent_encode(
            &profile.to_string_lossy(),
            percent_encoding::NON_ALPHANUMERIC
        )
        .to_string()
        .replace("%2F", "/")
    );
    let log = std::fs::File::create(dir.path().join("soffice.log"))?;
    let mut child = Command::new(soffice)
        .arg(format!("-env:UserInstallation={profile_url}"))
        .args([
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "docx",
            "--outdir",
        ])
        .arg(&out)
        .arg(&input)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .map_err(|e| failed(format!("无法启动 soffice：{e}")))?;
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait()? {
            break s;
        }
        if start.elapsed() > budget {
            // Stopping the converter we started; it may already have exited on its own.
            let _ = child.kill();
            child.wait()?;
            return Err(ExtractError::Timeout(budget.as_secs()));
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let converted = out.join("document.docx");
    if !status.success() || !converted.is_file() {
        // LibreOffice's own last words, when it left any: only a detail for the message.
        let why = std::fs::read_to_string(dir.path().join("soffice.log")).unwrap_or_default();
        let why = why
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("");
        return Err(failed(format!("soffice 退出码 {:?} {why}", status.code())));
    }
    Ok(std::fs::read(converted)?)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_missing_converter_is_a_conversion_failure() {
        let e = super::convert(
            std::path::Path::new("/nonexistent/soffice"),
            b"x",
            std::time::Duration::from_secs(1),
        )
        .unwrap_err();
        assert!(e.to_string().contains("LibreOffice"), "{e}");
    }
}
