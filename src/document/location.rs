//! Where something is in a document: structural path, page, paragraph, part.

use serde::{Deserialize, Serialize};

use super::model::Block;

#[derive(Debug, Clone, Serialize, Deserialize, Default, PartialEq)]
pub struct Location {
    pub path: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub article: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<usize>,
    pub part: String,
    /// Index of the block in the extracted document (for annotating and tools).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub block: Option<usize>,
}

/// The location of body block `index`.
pub fn location_of(block: &Block, index: usize) -> Location {
    Location {
        path: block.path.clone(),
        article: block.path.iter().find(|p| p.ends_with('条')).cloned(),
        page: block.page,
        line: block.line,
        paragraph: block.paragraph,
        part: block.part.as_str().to_string(),
        block: Some(index),
    }
}
