//! PDF reader on lopdf with an own content-stream walker: lines in reading order by
//! position, Chinese encodings, Form XObjects, and a per-page text quality gate.

pub(crate) mod content;
mod font;

use lopdf::Document as PdfDocument;

use super::error::ExtractError;
use super::layout::{self, PageLines, PageQuality};
use super::limits::{Deadline, Limit, Limits, Meter};
use crate::extract::model::Extracted;

/// Text of every page as lines, with the quality verdict per page.
pub fn read_pages(
    bytes: &[u8],
    limits: &Limits,
    deadline: Deadline,
) -> Result<Vec<PageLines>, ExtractError> {
    let options = lopdf::LoadOptions {
        max_decompressed_size: Some(limits.max_part_size as usize),
        ..Default::default()
    };
    let doc = PdfDocument::load_mem_with_options(bytes, options).map_err(|e| match e {
        lopdf::Error::Decryption(_) => ExtractError::PasswordRequired,
        other => ExtractError::Pdf(plain_pdf_error(&other)),
    })?;
    let pages = doc.get_pages();
    if doc.is_encrypted() && pages.is_empty() {
        // lopdf loads user-password files "successfully" with no pages.
        return Err(ExtractError::PasswordRequired);
    }
    if pages.is_empty() {
        return Err(ExtractError::Pdf("文件没有页面".into()));
    }
    let mut walker = content::Walker::new(&doc, limits, deadline);
    let mut lines = Meter::new(Limit::Blocks, limits.max_blocks as u64);
    let mut out = Vec::with_capacity(pages.len());
    for (number, id) in pages {
        deadline.check()?;
        let page = match walker.page(id) {
            Ok(scan) => layout::lines(number, scan),
            // The budgets are the document's: over one, the document is refused.
            Err(e @ (ExtractError::Timeout(_) | ExtractError::OverLimit { .. })) => return Err(e),
            Err(e) => PageLines::failed(number, e.to_string()),
        };
        lines.charge(page.lines.len() as u64)?;
        out.push(page);
    }
    Ok(out)
}

fn plain_pdf_error(e: &lopdf::Error) -> String {
    let s = e.to_string();
    if s.contains("parse") || s.contains("Parse") || s.contains("header") {
        format!("不是可读的 PDF：{s}")
    } else {
        s
    }
}

pub fn extract(
    bytes: &[u8],
    limits: &Limits,
    deadline: Deadline,
) -> Result<Extracted, ExtractError> {
    let pages = read_pages(bytes, limits, deadline)?;
    let mut out = Extracted {
        pages: Some(pages.len() as u32),
        ..Default::default()
    };
    let mut scanned = vec![];
    let mut garbled = vec![];
    for p in &pages {
        match &p.quality {
            PageQuality::Good => {}
            PageQuality::Blank => {}
            PageQuality::Scanned => scanned.push(p.number),
            PageQuality::Garbled(why) => garbled.push((p.number, why.clone())),
            PageQuality::Failed(why) => out
                .warnings
                .push(format!("第 {} 页无法读取：{why}", p.number)),
        }
    }
    let good = pages
        .iter()
        .filter(|p| p.quality == PageQuality::Good)
        .count();
    if good == 0 {
        return Err(if !garbled.is_empty() {
            ExtractError::Garbled(format!(
                "字体缺少字符映射表（ToUnicode），{} 页的文字是乱码",
                garbled.len()
            ))
        } else {
            ExtractError::NoText(format!(
                "共 {} 页，其中 {} 页只有图像",
                pages.len(),
                scanned.len()
            ))
        });
    }
    if !scanned.is_empty() {
        out.warnings.push(format!(
            "第 {} 页没有文字层（扫描件），未审查，需先做 OCR",
            list(&scanned)
        ));
    }
    for (n, why) in &garbled {
        out.warnings
            .push(format!("第 {n} 页文字无法解码（{why}），未审查"));
    }
    out.blocks = layout::blocks(&pages);
    Ok(out)
}

fn list(pages: &[u32]) -> String {
    pages
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}
