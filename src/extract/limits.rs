//! Resource limits that keep hostile or broken input from exhausting the machine.
//!
//! Two budgets bound the reading of one document:
//! - **time**: a [`Deadline`], checked inside every reader loop that can grow with the
//!   input (XML events, content operators, pages, widths, numbering labels, lines). This is
//!   cooperative cancellation: a reader that runs over its budget returns
//!   `ExtractError::Timeout` from the next check, so its thread ends (and stops allocating)
//!   soon after the deadline; nothing keeps working for a document that was already reported.
//! - **memory**: caps on what a reader may build from the bytes (the `max_*` fields below
//!   after `time_budget`). Each is checked before the work it bounds is done, and going over
//!   one is `ExtractError::OverLimit` naming the [`Limit`].

use std::time::{Duration, Instant};

use super::error::ExtractError;

#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest input file accepted.
    pub max_file_size: u64,
    /// Largest decompressed zip entry (docx/ofd part) or PDF stream.
    pub max_part_size: u64,
    /// Largest ratio of decompressed to compressed size of one zip entry.
    pub max_compression_ratio: u64,
    /// Deepest XML element nesting accepted.
    pub max_xml_depth: usize,
    /// Wall-clock budget for reading one document.
    pub time_budget: Duration,

    // The memory budget of one document.
    /// Longest label Word automatic numbering may generate, in characters.
    pub max_label_chars: usize,
    /// Decompressed content one page may run (PDF content streams with the Form XObjects
    /// they draw, counted each time they are drawn; OFD page parts), in bytes.
    pub max_page_content: u64,
    /// Decompressed content the whole document may run, in bytes.
    pub max_document_content: u64,
    /// Character codes one PDF font's width table (/W, /Widths) may cover.
    pub max_font_widths: u64,
    /// Deepest nesting of PDF Form XObjects (a form that draws itself reaches it at once).
    pub max_form_depth: usize,
    /// Documents (DocBody entries) in one OFD package.
    pub max_ofd_documents: usize,
    /// Paragraphs (docx), lines (PDF, OFD) or lines of text one document may yield.
    pub max_blocks: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_size: 200 * 1024 * 1024,
            max_part_size: 256 * 1024 * 1024,
            // Word XML compresses well (often 10–30:1); a bomb reaches thousands.
            max_compression_ratio: 200,
            max_xml_depth: 256,
            time_budget: Duration::from_secs(30),
            // A real label is a few characters (第十二条, 1.2.3., （一）).
            max_label_chars: 256,
            // A text page of a real PDF runs 10–200 KB of content; a dense map a few MB.
            max_page_content: 16 * 1024 * 1024,
            max_document_content: 64 * 1024 * 1024,
            // CIDs are two bytes: four full tables is already far more than any font.
            max_font_widths: 4 * 65536,
            max_form_depth: 16,
            // An OFD package holds one document, rarely a few.
            max_ofd_documents: 16,
            // A 2,000-page document has about 100,000 paragraphs.
            max_blocks: 500_000,
        }
    }
}

/// Which cap of the memory budget a document went over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    LabelLength,
    PageContent,
    DocumentContent,
    FontWidths,
    FormDepth,
    OfdDocuments,
    Blocks,
}

impl Limit {
    /// The limit's name in a user's words, with its unit.
    pub fn chinese(self) -> (&'static str, &'static str) {
        match self {
            Limit::LabelLength => ("自动编号标签长度", "字"),
            Limit::PageContent => ("单页解压后的页面内容", "字节"),
            Limit::DocumentContent => ("全文解压后的页面内容", "字节"),
            Limit::FontWidths => ("字体宽度表覆盖的字符编码", "个"),
            Limit::FormDepth => ("PDF 表单对象嵌套层数", "层"),
            Limit::OfdDocuments => ("OFD 包内文档数", "个"),
            Limit::Blocks => ("段落或文本行数", "个"),
        }
    }

    /// The `Limits` field that sets it.
    pub fn field(self) -> &'static str {
        match self {
            Limit::LabelLength => "max_label_chars",
            Limit::PageContent => "max_page_content",
            Limit::DocumentContent => "max_document_content",
            Limit::FontWidths => "max_font_widths",
            Limit::FormDepth => "max_form_depth",
            Limit::OfdDocuments => "max_ofd_documents",
            Limit::Blocks => "max_blocks",
        }
    }

    pub fn error(self, value: u64, max: u64) -> ExtractError {
        ExtractError::OverLimit {
            limit: self,
            value,
            max,
        }
    }
}

/// A running total charged against one cap.
#[derive(Debug, Clone, Copy)]
pub struct Meter {
    limit: Limit,
    used: u64,
    max: u64,
}

impl Meter {
    pub fn new(limit: Limit, max: u64) -> Self {
        Meter {
            limit,
            used: 0,
            max,
        }
    }

    /// Adds `n`; an error when the total would go over the cap.
    pub fn charge(&mut self, n: u64) -> Result<(), ExtractError> {
        let total = self.used.saturating_add(n);
        if total > self.max {
            return Err(self.limit.error(total, self.max));
        }
        self.used = total;
        Ok(())
    }

    pub fn remaining(&self) -> u64 {
        self.max.saturating_sub(self.used)
    }

    pub fn limit(&self) -> Limit {
        self.limit
    }

    pub fn max(&self) -> u64 {
        self.max
    }
}

/// A point in time after which extraction gives up; checked in every loop that can grow.
#[derive(Debug, Clone, Copy)]
pub struct Deadline {
    end: Instant,
    budget: Duration,
}

impl Deadline {
    pub fn new(budget: Duration) -> Self {
        Deadline {
            end: Instant::now() + budget,
            budget,
        }
    }
    pub fn check(&self) -> Result<(), ExtractError> {
        if Instant::now() > self.end {
            Err(ExtractError::Timeout(self.budget.as_secs()))
        } else {
            Ok(())
        }
    }
    /// Checks only every `every`-th call of a hot loop (`*n` counts the calls).
    pub fn tick(&self, n: &mut u32, every: u32) -> Result<(), ExtractError> {
        *n = n.wrapping_add(1);
        if n.is_multiple_of(every) {
            self.check()
        } else {
            Ok(())
        }
    }
}
