//! Everything that turns results into output for people and tools.

pub mod annotate;
pub mod extract_view;
pub mod location;
pub mod memo;
pub mod review;
pub mod rule_doc;
pub mod sarif;
pub mod vocab;

/// Writes `content` to `path` through a temporary file in the same folder, persisted by a
/// rename, so a reader never sees a half-written output and a crash leaves the old one.
pub fn write_atomically(path: &std::path::Path, content: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let mut b = tempfile::Builder::new();
    b.prefix(".fashen-").suffix(".tmp");
    // Like a file written in place: readable as the umask allows (tempfile's default is 0600).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        b.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = b.tempfile_in(dir)?;
    tmp.write_all(content)?;
    tmp.as_file().sync_data()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// An input/output error in Chinese, with the system's own words in brackets.
pub fn io_zh(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let zh = match e.kind() {
        K::NotFound => "不存在",
        K::PermissionDenied => "没有权限",
        K::AlreadyExists => "已经存在",
        K::StorageFull => "磁盘已满",
        K::InvalidFilename => "文件名过长或含有不允许的字符",
        K::ReadOnlyFilesystem => "所在磁盘只读",
        K::IsADirectory => "是文件夹，不是文件",
        K::NotADirectory => "不是文件夹",
        K::DirectoryNotEmpty => "是一个非空的文件夹",
        _ => "",
    };
    // The system's own message is English; a known kind is said in Chinese with the error
    // number (a code, for whoever must look it up), only an unknown one keeps the message.
    match (zh, e.raw_os_error()) {
        ("", _) => format!("读写出错（{e}）"),
        (zh, Some(code)) => format!("{zh}（系统错误码 {code}）"),
        (zh, None) => zh.to_string(),
    }
}

/// Longest error line printed for a person, in characters.
const LINE_CAP: usize = 300;

/// `s` as one line of printable text: control characters (line breaks, terminal escape
/// codes) and bidirectional overrides become spaces, runs of spaces one, and the line is
/// capped, so text quoted from a crafted file can neither forge lines nor move the cursor.
pub fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len().min(LINE_CAP * 3));
    let mut n = 0;
    let mut space = false;
    for c in s.chars() {
        let hidden = c.is_control()
            || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}');
        let c = if hidden || c.is_whitespace() { ' ' } else { c };
        if c == ' ' {
            if space || n == 0 {
                continue;
            }
            space = true;
        } else {
            space = false;
        }
        if n == LINE_CAP {
            out.push('…');
            return out;
        }
        out.push(c);
        n += 1;
    }
    out.trim_end().to_string()
}

/// Why a document could not be read, in Chinese with what to do next; the reader's own
/// detail follows in brackets. One line of printable text.
pub fn failure_zh(e: &crate::extract::ExtractError) -> String {
    use crate::extract::ExtractError as E;
    // What went wrong and what to do, in Chinese only: the readers' own details (zip, lopdf
    // and XML parser messages) are English and mean nothing to the person who must act.
    let zh = match e {
        E::Io(io) => format!(
            "无法读取文件（{}）：请检查文件是否存在、是否有读取权限",
            io_zh(io)
        ),
        E::Empty => "文件是空的：请确认是否选错了文件".to_string(),
        E::TooLarge { size, limit } => format!(
            "文件大小 {size} 字节，超过上限 {limit} 字节：确认无误后可用 --max-file-size 调高上限"
        ),
        // Messages written in Chinese by fashen itself (LibreOffice conversion) stand alone.
        E::Unsupported(d) if !d.is_ascii() => d.clone(),
        E::Unsupported(_) => {
            "不是可审查的文件格式：请另存为 .docx、.pdf、.ofd 或 .txt 后再审查".to_string()
        }
        E::LegacyDoc => "旧版 Word/WPS 格式（.doc/.wps），本机没有 LibreOffice（soffice）可以转换：请另存为 .docx 后再审查，或安装 LibreOffice".to_string(),
        E::Zip(_) => "文件已损坏（压缩包结构不完整，可能传输中断或被截断）：请用 Word 或 WPS 打开后另存一份再审查".to_string(),
        E::MissingPart { part } => format!(
            "文件已损坏（缺少部件 {part}）：请用 Word 或 WPS 打开后另存一份再审查"
        ),
        E::Xml { part, .. } => format!(
            "文件已损坏（部件 {part} 的内容结构有误）：请用 Word 或 WPS 打开后另存一份再审查"
        ),
        E::Pdf(_) => {
            "PDF 已损坏（无法解析文件结构）：请用 PDF 阅读器打开后重新导出一份再审查".to_string()
        }
        E::ZipBomb { .. } => "文件解压后异常庞大（疑似压缩炸弹），未读取：请核实文件来源".to_string(),
        E::PasswordRequired => "PDF 已加密，需要密码才能打开：请提供未加密的版本".to_string(),
        E::NoText(d) => format!("没有文字层（{d}，是扫描件）：请先做文字识别（OCR）再审查"),
        E::Garbled(d) => format!(
            "文字无法解码（{d}）：请从原文件重新导出带文字的 PDF，或另存为 .docx 后再审查"
        ),
        E::Timeout(s) => format!(
            "读取超过时间上限 {s} 秒，已停止：文件可能异常，确认无误后可用 --time-budget 调高"
        ),
        E::Panic(_) => "读取时发生内部错误：请把这个文件报告给 fashen 的开发者".to_string(),
        // The readers say these in Chinese, with the limit and what to do.
        E::NotRegularFile(_) | E::OverLimit { .. } | E::Language(_) => e.to_string(),
    };
    one_line(&zh)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_strips_forged_lines_and_escape_codes() {
        let s = one_line("bad </w:t>\nfashen: 审查通过\r\x1b[2J\x1b]0;title\x07 \u{202E}end");
        assert!(!s.chars().any(|c| c.is_control()), "{s:?}");
        assert!(!s.contains('\u{202E}'));
        assert_eq!(one_line(&"长".repeat(1000)).chars().count(), LINE_CAP + 1);
    }

    #[test]
    fn atomic_write_replaces_the_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.txt");
        write_atomically(&p, b"one").unwrap();
        write_atomically(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        assert!(write_atomically(&dir.path().join("no/such/dir/x"), b"x").is_err());
    }
}
