//! ## What it does
//! Flags a normative document whose text states no basis for making it: no 根据/依据/依照《…》, no 根据法律, no 经国务院同意.
//!
//! ## Why is this bad?
//! A normative document may only implement laws, regulations and higher-level documents; one that states no basis cannot show its measures have one (立法法 §91; 国办发〔2018〕37号 asks for the 制定依据). Reviewers ask for the basis first.
//!
//! ## Example
//! ```text
//! 关于加强短租房管理的通知
//! 一、全县短租房一律安装智能门锁。（全文没有“根据《……》”一类的制定依据）
//! ```

use std::sync::LazyLock;

use regex::Regex;

use super::on_document;
use crate::document::classify::{is_minutes_or_one_off, is_procurement};
use crate::document::model::{DocType, Document};
use crate::document::prepared::Prepared;
use crate::rules::compile::CompiledRule;
use crate::rules::finding::Finding;

static BASIS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(根据|依据|依照|按照|为贯彻落实|为贯彻|为落实|贯彻落实)[^。]{0,40}《|(根据|依据|依照)(有关)?法律|经国务院(同意|批准)|党中央、国务院(同意|批准)")
        .expect("basis regex")
});

/// A section number or list label (1.2, （1）, 三、): [`crate::chinese::label::leading_label`]
/// reads no decimal section numbers, which 应急预案 use.
const NUMBER: &str = r"^\s*[\d.．、（）()一二三四五六七八九十]*\s*";

// A heading that names the basis, the laws listed in the blocks after it
// (1.2 编制依据 / 《中华人民共和国突发事件应对法》《……》), as 应急预案 are written.
static BASIS_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!("{NUMBER}(编制|制定|起草|法律|政策)依据[:：]?\\s*$"))
        .expect("basis heading regex")
});

// The first item under that heading: a law's title, numbered or not ((1)《中华人民共和国森林法》).
static LISTED_LAW: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("{NUMBER}《")).expect("listed law regex"));

pub fn check(rule: &CompiledRule, doc: &Document, blocks: &[Prepared]) -> Vec<Finding> {
    // A 招标文件 or 采购公告 is reviewed for competition like a normative text, but it
    // states no 制定依据: it carries out a procurement, it does not make rules.
    if doc.doc_type != DocType::Normative
        || doc
            .title
            .as_deref()
            .is_some_and(|t| is_procurement(t) || is_minutes_or_one_off(t))
        || blocks.iter().any(|p| BASIS.is_match(&p.norm.text))
        || blocks.windows(2).any(|w| {
            BASIS_HEADING.is_match(w[0].norm.text.trim_end()) && LISTED_LAW.is_match(&w[1].norm.text)
        })
    {
        return vec![];
    }
    on_document(rule, blocks, None)
}
