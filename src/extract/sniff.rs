//! Format detection from content, never from the file name.

use std::io::Cursor;

use super::error::ExtractError;
use super::text::looks_like_text;
use crate::extract::model::Format;

const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

pub fn sniff(bytes: &[u8]) -> Result<Format, ExtractError> {
    if bytes.is_empty() {
        return Err(ExtractError::Empty);
    }
    let head = &bytes[..bytes.len().min(1024)];
    if find(head, b"%PDF-").is_some() {
        return Ok(Format::Pdf);
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return sniff_zip(bytes);
    }
    if bytes.starts_with(&OLE_MAGIC) {
        // Directory entry names are UTF-16LE; Word and WPS documents carry "WordDocument".
        let word: Vec<u8> = "WordDocument"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        return if find(bytes, &word).is_some() {
            Err(ExtractError::LegacyDoc)
        } else {
            Err(ExtractError::Unsupported(
                "旧版 Office 二进制文件（Excel/PowerPoint 的 .xls/.ppt？），不是文档，请提供 .docx、PDF、OFD 或文本".into(),
            ))
        };
    }
    if let Some(kind) = known_binary(bytes) {
        return Err(ExtractError::Unsupported(kind.into()));
    }
    if bytes.starts_with(b"{\\rtf") {
        return Err(ExtractError::Unsupported(
            "RTF 文件，请另存为 .docx 后再审查".into(),
        ));
    }
    if looks_like_text(bytes) {
        return Ok(Format::Text);
    }
    Err(ExtractError::Unsupported(
        "二进制数据，既不是 docx、PDF、OFD 也不是文本，请提供这几种格式之一".into(),
    ))
}

fn known_binary(bytes: &[u8]) -> Option<&'static str> {
    let table: [(&[u8], &str); 6] = [
        (b"\x89PNG", "PNG 图片（扫描件需先做 OCR）"),
        (b"\xFF\xD8\xFF", "JPEG 图片（扫描件需先做 OCR）"),
        (b"II*\0", "TIFF 图片（扫描件需先做 OCR）"),
        (b"MM\0*", "TIFF 图片（扫描件需先做 OCR）"),
        (b"Rar!", "RAR 压缩包，请解压后审查其中的文档"),
        (b"7z\xBC\xAF", "7-Zip 压缩包，请解压后审查其中的文档"),
    ];
    table
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|(_, kind)| *kind)
}

fn sniff_zip(bytes: &[u8]) -> Result<Format, ExtractError> {
    let zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| ExtractError::Zip(format!("不是完整的 zip 压缩包：{e}")))?;
    let names: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .collect();
    let has = |n: &str| names.iter().any(|x| x.eq_ignore_ascii_case(n));
    if has("[Content_Types].xml")
        && (has("word/document.xml") || names.iter().any(|n| n.starts_with("word/")))
    {
        return Ok(Format::Docx);
    }
    if has("OFD.xml") {
        return Ok(Format::Ofd);
    }
    let what = if has("xl/workbook.xml") {
        "Excel 工作簿（.xlsx），不是文档"
    } else if has("ppt/presentation.xml") {
        "PowerPoint 演示文稿（.pptx），不是文档"
    } else if has("mimetype") && has("content.xml") {
        "OpenDocument 文件（.odt/.ods），请另存为 .docx 后再审查"
    } else if has("[Content_Types].xml") {
        "Office 包中没有 Word 文档（缺少 word/document.xml），请用 Word 重新保存"
    } else {
        "zip 压缩包，既不是 Word（.docx）也不是 OFD 文档，请解压后审查其中的文档"
    };
    Err(ExtractError::Unsupported(what.into()))
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}
