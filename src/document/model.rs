//! The format-independent document every later stage reads.

use serde::{Deserialize, Serialize};

pub use crate::extract::model::{Block, Extracted, Format, Part, Script, TableCell};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash, PartialOrd, Ord)]
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

/// A contract party as written (甲方：某某市自然资源局).
#[derive(Debug, Clone, Serialize)]
pub struct Party {
    /// The label as written: 甲方, 出让人, 采购人 …
    pub role: String,
    pub name: String,
    /// The short name declared with 以下简称, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub short: Option<String>,
    /// What kind of party the name denotes, and why.
    pub kind: super::parties::PartyKind,
    pub kind_evidence: String,
}

/// The structured document: metadata plus located blocks.
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    pub path: String,
    pub format: Format,
    pub doc_type: DocType,
    /// Why the classifier chose `doc_type` (or "--doc-type" when overridden).
    pub doc_type_evidence: Vec<String>,
    /// Who made it (国务院, 县级政府, 内设机构, 地方性法规 …), read from the text.
    pub level: super::level::IssuerLevel,
    pub level_evidence: Vec<String>,
    pub title: Option<String>,
    pub doc_number: Option<String>,
    pub issuer: Option<String>,
    /// ISO date YYYY-MM-DD.
    pub date: Option<String>,
    /// "extracted" when text was read; per-page problems are in `warnings`.
    pub status: String,
    /// The script the text was written in: `traditional` when it was read converted to
    /// Simplified (block `text`, title, paths); `Block::original` keeps what was written.
    pub script: Script,
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
