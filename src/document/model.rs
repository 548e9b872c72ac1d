//! The format-independent document every later stage reads.

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
        }
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum DocType {
    Contract,
    Normative,
    Decision,
    Other,
}

impl DocType {
    pub fn as_str(self) -> &'static str {
        match self {
            DocType::Contract => "contract",
            DocType::Normative => "normative",
            DocType::Decision => "decision",
            DocType::Other => "other",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "contract" => DocType::Contract,
            "normative" => DocType::Normative,
            "decision" => DocType::Decision,
            "other" => DocType::Other,
            _ => return None,
        })
    }
    pub fn chinese(self) -> &'static str {
        match self {
            DocType::Contract => "合同",
            DocType::Normative => "行政规范性文件",
            DocType::Decision => "行政执法决定",
            DocType::Other => "其他文件",
        }
    }
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
}

/// A contract party as written (甲方：某某市自然资源局).
#[derive(Debug, Clone, Serialize)]
pub struct Party {
    pub role: String,
    pub name: String,
}

/// The structured document: metadata plus located blocks.
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    pub path: String,
    pub format: Format,
    pub doc_type: DocType,
    /// Why the classifier chose `doc_type` (or "--doc-type" when overridden).
    pub doc_type_evidence: Vec<String>,
    pub title: Option<String>,
    pub doc_number: Option<String>,
    pub issuer: Option<String>,
    /// ISO date YYYY-MM-DD.
    pub date: Option<String>,
    /// "extracted" when text was read; per-page problems are in `warnings`.
    pub status: String,
    pub warnings: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parties: Vec<Party>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pages: Option<u32>,
    pub blocks: Vec<Block>,
}

impl Document {
    /// Blocks that rules read: the body, tables included, text boxes included.
    pub fn body(&self) -> impl Iterator<Item = (usize, &Block)> {
        self.blocks
            .iter()
            .enumerate()
            .filter(|(_, b)| b.part == Part::Body)
    }
}
