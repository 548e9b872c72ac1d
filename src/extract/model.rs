//! What readers produce: located blocks of text and container metadata.

use serde::Serialize;

/// Which part of the source a block came from. Rules run on `Body` (and tables in it);
/// notes, comments and page furniture are kept so a reviewer can see them, not mixed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    Body,
    Header,
    Footer,
    Footnote,
    Endnote,
    Comment,
    Metadata,
}

impl Part {
    pub fn as_str(self) -> &'static str {
        match self {
            Part::Body => "body",
            Part::Header => "header",
            Part::Footer => "footer",
            Part::Footnote => "footnote",
            Part::Endnote => "endnote",
            Part::Comment => "comment",
            Part::Metadata => "metadata",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TableCell {
    pub table: usize,
    pub row: usize,
    pub col: usize,
}

/// A paragraph-like unit of text with the place it came from.
#[derive(Debug, Clone, Serialize)]
pub struct Block {
    /// Text as a reader sees it, including a generated numbering label.
    pub text: String,
    /// Numbering label at the start of `text` (第十二条, 一、, （一）, 1.), generated or typed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Structural path, e.g. ["第三章", "第十二条", "第二款"].
    pub path: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// 0-based index among the paragraphs of its docx part (for the body: the body paragraph index).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<usize>,
    pub part: Part,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table: Option<TableCell>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub style: Option<String>,
    /// Heading level from the docx style outline level (0 = top).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub heading: Option<u8>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub in_textbox: bool,
    /// Text removed by tracked deletions in this paragraph (not part of `text`).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub deleted: String,
    /// The text as written when `text` is a conversion of it (Traditional → Simplified
    /// Chinese, character by character: every byte offset of `text` is the same in it).
    /// Excerpts and matched words are cut from this, so a reviewer sees the original.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub original: Option<String>,
}

impl Block {
    pub fn new(text: impl Into<String>, part: Part) -> Self {
        Block {
            text: text.into(),
            label: None,
            path: Vec::new(),
            page: None,
            line: None,
            paragraph: None,
            part,
            table: None,
            style: None,
            heading: None,
            in_textbox: false,
            deleted: String::new(),
            original: None,
        }
    }

    /// The text as written: `original` when `text` was converted, else `text`. Byte
    /// offsets of `text` (and of its `Normalized` form mapped back) are valid in it.
    pub fn source(&self) -> &str {
        self.original.as_deref().unwrap_or(&self.text)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Docx,
    Pdf,
    Ofd,
    Text,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Docx => "docx",
            Format::Pdf => "pdf",
            Format::Ofd => "ofd",
            Format::Text => "text",
        }
    }
}

/// The script the body text was written in. Traditional Chinese text is read converted to
/// Simplified (rules, law names and numbering labels are Simplified); see
/// `extract::language`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Script {
    #[default]
    Simplified,
    Traditional,
}

/// What an extractor hands to the structure stage.
#[derive(Debug, Clone, Default)]
pub struct Extracted {
    pub blocks: Vec<Block>,
    pub warnings: Vec<String>,
    /// Metadata found in the container itself (docx core properties, PDF info, text front matter).
    pub meta_title: Option<String>,
    pub meta_doc_number: Option<String>,
    pub meta_issuer: Option<String>,
    pub pages: Option<u32>,
    /// Set by `extract::read_bytes` from the language check.
    pub script: Script,
}
