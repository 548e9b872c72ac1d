//! ## What it does
//! Flags a normative document issued by an internal unit (科、处、股) or a coordination body (领导小组、指挥部、联席会议、工作专班).
//!
//! ## Why is this bad?
//! Only administrative organs with external powers may issue normative documents; internal units and coordination bodies have no such power (国办发〔2018〕37号).
//!
//! ## Example
//! ```text
//! 县招商引资工作领导小组办公室关于……的通知
//! ```

use super::on_document;
use crate::document::model::Document;
use crate::document::prepared::Prepared;
use crate::rules::compile::CompiledRule;
use crate::rules::finding::Finding;

/// Internal units (科、处、股) and coordination bodies (领导小组、指挥部、联席会议) cannot
/// issue normative documents; 街道办事处 and 人民政府办公室 can.
pub fn check(rule: &CompiledRule, doc: &Document, blocks: &[Prepared]) -> Vec<Finding> {
    let Some(issuer) = doc.issuer.as_deref() else {
        return vec![];
    };
    let coordination = ["领导小组", "指挥部", "联席会议", "工作专班"]
        .iter()
        .any(|w| issuer.contains(w));
    let internal =
        issuer.ends_with(['科', '股']) || (issuer.ends_with('处') && !issuer.ends_with("办事处"));
    if !(coordination || internal) {
        return vec![];
    }
    on_document(rule, blocks, Some(issuer.to_string()))
}
