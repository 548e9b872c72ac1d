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
                "an old Office binary file (Excel/PowerPoint .xls/.ppt?), not a document".into(),
            ))
        };
    }
    if let Some(kind) = known_binary(bytes) {
        return Err(ExtractError::Unsupported(kind.into()));
    }
    if bytes.starts_with(b"{\\rtf") {
        return Err(ExtractError::Unsupported(
            "an RTF file: save it as .docx".into(),
        ));
    }
    if looks_like_text(bytes) {
        return Ok(Format::Text);
    }
    Err(ExtractError::Unsupported(
        "binary data that is neither docx, pdf, ofd nor text".into(),
    ))
}

fn known_binary(bytes: &[u8]) -> Option<&'static str> {
    let table: [(&[u8], &str); 6] = [
        (b"\x89PNG", "a PNG image (scanned documents need OCR first)"),
        (
            b"\xFF\xD8\xFF",
            "a JPEG image (scanned documents need OCR first)",
        ),
        (b"II*\0", "a TIFF image (scanned documents need OCR first)"),
        (b"MM\0*", "a TIFF image (scanned documents need OCR first)"),
        (b"Rar!", "a RAR archive"),
        (b"7z\xBC\xAF", "a 7-Zip archive"),
    ];
    table
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|(_, kind)| *kind)
}

fn sniff_zip(bytes: &[u8]) -> Result<Format, ExtractError> {
    let zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| ExtractError::Zip(format!("not a complete zip archive ({e})")))?;
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
        "an Excel workbook (.xlsx)"
    } else if has("ppt/presentation.xml") {
        "a PowerPoint presentation (.pptx)"
    } else if has("mimetype") && has("content.xml") {
        "an OpenDocument file (.odt/.ods): save it as .docx"
    } else if has("[Content_Types].xml") {
        "an Office package without a Word document (word/document.xml missing)"
    } else {
        "a zip archive that is not a Word (.docx) or OFD document"
    };
    Err(ExtractError::Unsupported(what.into()))
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}
