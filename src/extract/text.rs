//! Plain text: UTF-8, UTF-16 with BOM, GB18030/GBK; one block per non-empty line.
//! A leading front matter of `标题：…`/`文号：…` lines (catalogue exports) becomes metadata.

use encoding_rs::{GB18030, UTF_16BE, UTF_16LE};

use super::error::ExtractError;
use crate::extract::model::{Block, Extracted, Part};

/// Decodes text bytes, naming the encoding that was used.
pub fn decode(bytes: &[u8]) -> Result<(String, &'static str), ExtractError> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return Ok((String::from_utf8_lossy(rest).into_owned(), "UTF-8"));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return Ok((
            UTF_16LE.decode_without_bom_handling(rest).0.into_owned(),
            "UTF-16LE",
        ));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return Ok((
            UTF_16BE.decode_without_bom_handling(rest).0.into_owned(),
            "UTF-16BE",
        ));
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok((s.to_string(), "UTF-8"));
    }
    let (s, had_errors) = GB18030.decode_without_bom_handling(bytes);
    if !had_errors {
        return Ok((s.into_owned(), "GB18030"));
    }
    Err(ExtractError::Unsupported(
        "binary data or an unknown text encoding (expected UTF-8, UTF-16 or GB18030)".into(),
    ))
}

/// True when the bytes look like text in a supported encoding.
pub fn looks_like_text(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    if sample.starts_with(&[0xFF, 0xFE]) || sample.starts_with(&[0xFE, 0xFF]) {
        return true;
    }
    if sample.contains(&0) {
        return false;
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

pub fn extract(bytes: &[u8]) -> Result<Extracted, ExtractError> {
    let (text, encoding) = decode(bytes)?;
    let mut out = Extracted::default();
    if encoding != "UTF-8" {
        out.warnings.push(format!("text decoded as {encoding}"));
    }
    let mut in_front = true;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
        if line.is_empty() {
            in_front = false;
            continue;
        }
        let part = if in_front {
            match line.split_once('：') {
                Some((k, v)) if FRONT_MATTER.contains(&k) => {
                    let v = v.trim().to_string();
                    match k {
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
        let mut b = Block::new(text, part);
        b.line = Some(i as u32 + 1);
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
