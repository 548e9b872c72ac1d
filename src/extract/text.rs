//! Plain text: UTF-8, UTF-16 with BOM, GB18030/GBK; one block per non-empty line (LF,
//! CRLF and CR all end a line). A leading front matter of `标题：…`/`文号：…` lines
//! (catalogue exports) becomes metadata. An encoding that could be wrong is said in a
//! warning, never guessed silently.

use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE};

use super::error::ExtractError;
use super::limits::{Deadline, Limit, Limits, Meter};
use crate::extract::model::{Block, Extracted, Part};

/// Decoded text, the encoding used, and what the reader should be told about it.
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
    pub warnings: Vec<String>,
}

fn utf16(bytes: &[u8], enc: &'static Encoding, name: &'static str) -> Decoded {
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    let mut warnings = vec![];
    if had_errors {
        let n = text.chars().filter(|&c| c == '\u{FFFD}').count();
        warnings.push(format!(
            "文本按 {name} 解码时有 {n} 处无效编码（如落单的代理项），已替换为 U+FFFD，请核对原文"
        ));
    }
    Decoded {
        text: text.into_owned(),
        encoding: name,
        warnings,
    }
}

/// A character text is made of (ASCII, Chinese, their punctuation, line ends).
fn text_like(c: char) -> bool {
    matches!(c,
        '\n' | '\r' | '\t' | ' '..='~'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{3000}'..='\u{303F}'
        | '\u{FF00}'..='\u{FFEF}'
        | '\u{2000}'..='\u{206F}'
    )
}

/// UTF-16 without a byte-order mark at the start (none, or something before it such as a
/// lone surrogate): the byte order whose decoding reads as text (little-endian first, as
/// Windows writes it).
fn utf16_without_bom(bytes: &[u8]) -> Option<(&'static Encoding, &'static str)> {
    let sample = &bytes[..bytes.len().min(64 * 1024) & !1];
    [(UTF_16LE, "UTF-16LE"), (UTF_16BE, "UTF-16BE")]
        .into_iter()
        .find(|(enc, _)| {
            let (s, _) = enc.decode_without_bom_handling(sample);
            let (mut total, mut good) = (0usize, 0usize);
            for c in s.chars() {
                total += 1;
                good += usize::from(text_like(c));
            }
            total >= 8 && good * 10 >= total * 9
        })
}

/// Share (0–1) of the non-ASCII characters of `s` that Chinese text is made of: punctuation
/// and the 3,755 common characters (GB2312 level 1). Mojibake from the wrong decoder is
/// mostly Latin, Greek, Cyrillic or rare characters.
fn plausibility(s: &str) -> f64 {
    let (mut total, mut good) = (0usize, 0usize);
    let mut buf = [0u8; 4];
    // A sample is enough to tell Chinese from mojibake.
    for c in s.chars().filter(|c| !c.is_ascii()).take(20_000) {
        total += 1;
        let common = match c {
            '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}' | '\u{2000}'..='\u{206F}' => true,
            '\u{4E00}'..='\u{9FFF}' => {
                let (bytes, _, _) = GB18030.encode(c.encode_utf8(&mut buf));
                bytes.len() == 2 && (0xB0..=0xD7).contains(&bytes[0]) && bytes[1] >= 0xA1
            }
            _ => false,
        };
        good += usize::from(common);
    }
    if total == 0 {
        1.0
    } else {
        good as f64 / total as f64
    }
}

/// Decodes text bytes, naming the encoding that was used.
pub fn decode(bytes: &[u8]) -> Result<(String, &'static str), ExtractError> {
    decode_checked(bytes).map(|d| (d.text, d.encoding))
}

/// Decodes text bytes with warnings about doubtful input.
pub fn decode_checked(bytes: &[u8]) -> Result<Decoded, ExtractError> {
    let plain = |text: String, encoding| Decoded {
        text,
        encoding,
        warnings: vec![],
    };
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        let mut d = plain(String::from_utf8_lossy(rest).into_owned(), "UTF-8");
        if std::str::from_utf8(rest).is_err() {
            d.warnings
                .push("文本有无效的 UTF-8 字节，已替换为 U+FFFD，请核对原文".into());
        }
        return Ok(d);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return Ok(utf16(rest, UTF_16LE, "UTF-16LE"));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return Ok(utf16(rest, UTF_16BE, "UTF-16BE"));
    }
    if bytes.contains(&0)
        && let Some((enc, name)) = utf16_without_bom(bytes)
    {
        let mut d = utf16(bytes, enc, name);
        d.warnings.insert(
            0,
            format!("文本开头没有字节顺序标记（BOM），按 {name} 解码，请核对原文"),
        );
        return Ok(d);
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        // Short GB18030 text can also be valid UTF-8: compare how Chinese each reading is.
        if !s.is_ascii()
            && let (gb, false) = GB18030.decode_without_bom_handling(bytes)
        {
            let (u, g) = (plausibility(s), plausibility(&gb));
            if g > u + 0.3 {
                let mut d = plain(gb.into_owned(), "GB18030");
                d.warnings.push(
                    "文本编码存疑：既是有效的 UTF-8 也是有效的 GB18030，已按更像中文的 GB18030 解码，请核对原文或另存为 UTF-8".into(),
                );
                return Ok(d);
            }
            if g >= 0.5 && u < 0.9 {
                let mut d = plain(s.to_string(), "UTF-8");
                d.warnings.push(
                    "文本编码存疑：既是有效的 UTF-8 也是有效的 GB18030，已按 UTF-8 解码，请核对原文或另存为 UTF-8".into(),
                );
                return Ok(d);
            }
        }
        return Ok(plain(s.to_string(), "UTF-8"));
    }
    let (s, had_errors) = GB18030.decode_without_bom_handling(bytes);
    if !had_errors {
        return Ok(plain(s.into_owned(), "GB18030"));
    }
    Err(ExtractError::Unsupported(
        "二进制数据或未知的文本编码（应为 UTF-8、UTF-16 或 GB18030），请另存为 UTF-8 文本".into(),
    ))
}

/// Lines of `text` with their 1-based numbers: LF, CRLF and a lone CR each end a line.
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut rest = text;
    let mut n = 0;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        n += 1;
        let (line, next) = match rest.find(['\n', '\r']) {
            Some(i) => {
                let skip = if rest[i..].starts_with("\r\n") { 2 } else { 1 };
                (&rest[..i], &rest[i + skip..])
            }
            None => (rest, ""),
        };
        rest = next;
        Some((n, line))
    })
}

/// True when the bytes look like text in a supported encoding.
pub fn looks_like_text(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    if sample.starts_with(&[0xFF, 0xFE]) || sample.starts_with(&[0xFE, 0xFF]) {
        return true;
    }
    if sample.contains(&0) {
        return utf16_without_bom(bytes).is_some();
    }
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    if controls * 100 > sample.len() {
        return false;
    }
    // A cut multi-byte sequence at the sample's end is not an error.
    match std::str::from_utf8(sample) {
        Ok(_) => true,
        Err(e) if e.error_len().is_none() => true,
        Err(_) => !GB18030.decode_without_bom_handling(sample).1,
    }
}

// 来源/性质 carry the provenance of corpus variants; they are not document text.
const FRONT_MATTER: [&str; 10] = [
    "标题",
    "来源",
    "性质",
    "文号",
    "发文机关",
    "来源URL",
    "索引号",
    "发布日期",
    "成文日期",
    "发文字号",
];

/// Reads text with the default limits.
pub fn extract(bytes: &[u8]) -> Result<Extracted, ExtractError> {
    let limits = Limits::default();
    extract_with(bytes, &limits, Deadline::new(limits.time_budget))
}

pub fn extract_with(
    bytes: &[u8],
    limits: &Limits,
    deadline: Deadline,
) -> Result<Extracted, ExtractError> {
    let Decoded {
        text,
        encoding,
        warnings,
    } = decode_checked(bytes)?;
    let mut out = Extracted {
        warnings,
        ..Default::default()
    };
    if encoding != "UTF-8" {
        out.warnings.push(format!("文本按 {encoding} 解码"));
    }
    let mut blocks = Meter::new(Limit::Blocks, limits.max_blocks as u64);
    let mut ticks = 0u32;
    let mut in_front = true;
    for (n, raw) in lines(&text) {
        deadline.tick(&mut ticks, 4096)?;
        let line = raw.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
        if line.is_empty() {
            in_front = false;
            continue;
        }
        let part = if in_front {
            // A Traditional Chinese export writes 標題/文號/發文機關.
            let split = line.split_once('：').map(|(k, v)| {
                let k = super::language::simplified(k).unwrap_or_else(|| k.to_string());
                (k, v)
            });
            match split {
                Some((k, v)) if FRONT_MATTER.contains(&k.as_str()) => {
                    let v = v.trim().to_string();
                    match k.as_str() {
                        "标题" => out.meta_title = Some(v),
                        "文号" | "发文字号" => out.meta_doc_number = Some(v),
                        "发文机关" => out.meta_issuer = Some(v),
                        _ => {}
                    }
                    Part::Metadata
                }
                _ => {
                    in_front = false;
                    Part::Body
                }
            }
        } else {
            Part::Body
        };
        // Markdown copies of documents: `# 标题` is a heading, `<!-- … -->` is not text.
        if line.starts_with("<!--") && line.ends_with("-->") {
            continue;
        }
        let hashes = line.chars().take_while(|c| *c == '#').count();
        let heading = (1..=6).contains(&hashes) && line[hashes..].starts_with(' ');
        let text = if heading { line[hashes..].trim() } else { line };
        blocks.charge(1)?;
        let mut b = Block::new(text, part);
        b.line = Some(n as u32);
        if heading {
            b.heading = Some(hashes as u8 - 1);
        }
        out.blocks.push(b);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cr_and_crlf_end_lines() {
        let x =
            extract("第一条 甲。\r第二条 乙。\r\n第三条 丙。\n\r第四条 丁。".as_bytes()).unwrap();
        let lines: Vec<(&str, Option<u32>)> =
            x.blocks.iter().map(|b| (b.text.as_str(), b.line)).collect();
        assert_eq!(
            lines,
            [
                ("第一条 甲。", Some(1)),
                ("第二条 乙。", Some(2)),
                ("第三条 丙。", Some(3)),
                ("第四条 丁。", Some(5))
            ]
        );
    }

    #[test]
    fn doubtful_encodings_are_warned() {
        // GB18030 bytes that are also valid UTF-8 (each pair a two-byte UTF-8 sequence).
        let (gb, _, _) = GB18030.encode("某院为实施");
        assert!(std::str::from_utf8(&gb).is_ok());
        let d = decode_checked(&gb).unwrap();
        assert_eq!(d.text, "某院为实施");
        assert_eq!(d.warnings.len(), 1, "{:?}", d.warnings);
        // A lone surrogate before the byte-order mark: still UTF-16, replaced and said.
        let mut u16 = vec![0x00, 0xD8, 0xFF, 0xFE];
        for u in "第一条 合同双方应当按约定履行义务。\n".encode_utf16() {
            u16.extend_from_slice(&u.to_le_bytes());
        }
        assert!(looks_like_text(&u16));
        let d = decode_checked(&u16).unwrap();
        assert_eq!(
            d.text,
            "\u{FFFD}\u{FEFF}第一条 合同双方应当按约定履行义务。\n"
        );
        assert_eq!(d.warnings.len(), 2, "{:?}", d.warnings);
        // A lone surrogate in UTF-16: replaced and said.
        let mut u16 = vec![0xFF, 0xFE, 0x00, 0xD8];
        for u in "第一条 合同".encode_utf16() {
            u16.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode_checked(&u16).unwrap();
        assert_eq!(d.text, "\u{FFFD}第一条 合同");
        assert_eq!(d.warnings.len(), 1);
        // Plain UTF-8 Chinese is not doubtful.
        assert!(
            decode_checked("第一条 为了规范管理，制定本办法。".as_bytes())
                .unwrap()
                .warnings
                .is_empty()
        );
    }

    #[test]
    fn decodes_gbk_and_utf16() {
        let (gbk, _, _) = GB18030.encode("第一条 为了规范管理");
        assert_eq!(
            decode(&gbk).unwrap(),
            ("第一条 为了规范管理".into(), "GB18030")
        );
        let mut u16 = vec![0xFF, 0xFE];
        for u in "合同".encode_utf16() {
            u16.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&u16).unwrap().0, "合同");
        assert!(looks_like_text("合同".as_bytes()));
        assert!(!looks_like_text(&[0, 1, 2, 3, 0xff]));
    }

    #[test]
    fn markdown_headings_and_comments() {
        let x = extract(
            "# 某某诉某局行政协议案\n\n<!-- INFO END -->\n## 基本案情\n正文。\n".as_bytes(),
        )
        .unwrap();
        let texts: Vec<(&str, Option<u8>)> = x
            .blocks
            .iter()
            .map(|b| (b.text.as_str(), b.heading))
            .collect();
        assert_eq!(
            texts,
            [
                ("某某诉某局行政协议案", Some(0)),
                ("基本案情", Some(1)),
                ("正文。", None)
            ]
        );
    }

    #[test]
    fn front_matter_is_metadata() {
        let x = extract("标题：某办法\n文号：某政发〔2020〕1号\n\n某办法\n第一条 内容".as_bytes())
            .unwrap();
        assert_eq!(x.meta_title.as_deref(), Some("某办法"));
        assert_eq!(x.meta_doc_number.as_deref(), Some("某政发〔2020〕1号"));
        assert_eq!(x.blocks.iter().filter(|b| b.part == Part::Body).count(), 2);
        assert_eq!(x.blocks[3].line, Some(5));
    }
}
