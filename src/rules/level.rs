//! The issuer level of a document: what it may lawfully set depends on it.

use super::schema::Level;
use crate::document::model::{DocType, Document};

/// Best estimate from title, 文号 and issuer; drafts default to `Normative`.
pub fn issuer_level(doc: &Document) -> Level {
    if doc.doc_type == DocType::Contract {
        return Level::Normative;
    }
    let title = doc.title.as_deref().unwrap_or("");
    let number = doc.doc_number.as_deref().unwrap_or("");
    let issuer = doc.issuer.as_deref().unwrap_or("");
    let head: String = doc
        .body()
        .take(12)
        .map(|(_, b)| b.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    if title.starts_with("中华人民共和国") && title.ends_with('法') {
        return Level::Law;
    }
    if number.starts_with("国令") || (issuer == "国务院" && title.ends_with("条例")) {
        return Level::AdminRegulation;
    }
    // Below the State Council only people's congresses may name an instrument 条例.
    if title.ends_with("条例") {
        return Level::LocalRegulation;
    }
    if number.contains("令第")
        || (head.contains("人民代表大会常务委员会") && title.contains("规定"))
    {
        return if head.contains("人民代表大会") {
            Level::LocalRegulation
        } else {
            Level::Rules
        };
    }
    if issuer.starts_with("国务院") || number.starts_with("国发") || number.starts_with("国办发")
    {
        return Level::StateCouncil;
    }
    Level::Normative
}
