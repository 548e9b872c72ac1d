//! ## What it does
//! Flags a document that says nowhere when it takes effect or how long it is valid (施行, 有效期, 自…之日起). Only sentences in the document's own voice count: 《民法典》自2021年1月1日起施行 quoted or reported is another law's date.
//!
//! ## Why is this bad?
//! A normative document must state its 施行日期 and, in most provinces, its 有效期; without them nobody can tell whether it applies, and the catalogue cannot expire it.
//!
//! ## Example
//! ```text
//! 一、……
//! 二、……
//! （全文没有“自印发之日起施行”或“有效期”）
//! ```

use std::sync::LazyLock;

use regex::Regex;

use super::{on_document, own_sentences_contain, own_sentences_match};
use crate::document::classify::{is_minutes_or_one_off, is_procurement};
use crate::document::model::Document;
use crate::document::prepared::Prepared;
use crate::rules::compile::CompiledRule;
use crate::rules::finding::Finding;

/// The document's own period with both ends, as a 通告 states it (禁燃禁放时间：2023年2月6日起至
/// 2023年4月30日止; 本通告自…起至…止): a period named as the document's time or term, not any
/// dated window it speaks of (对2024年1月1日起至12月31日新注册的企业给予奖励).
static OWN_PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:时间|期限|期间|有效期|本(?:通告|公告|通知|办法|规定|决定|措施|意见|方案))[:：为自从]?[^。；;]{0,12}\d+年\d+月\d+日起至",
    )
    .expect("own period regex")
});

pub fn check(rule: &CompiledRule, doc: &Document, blocks: &[Prepared]) -> Vec<Finding> {
    // A 招标文件 or 采购公告 has no 施行日期 by nature: it is used for one procurement.
    // Nor has a 会议纪要 or a 政府工作规则 (see is_minutes_or_one_off).
    if doc
        .title
        .as_deref()
        .is_some_and(|t| is_procurement(t) || is_minutes_or_one_off(t))
    {
        return vec![];
    }
    if own_sentences_contain(
        blocks,
        &[
            "施行",
            "有效期",
            "起执行",
            "起实施",
            "之日起",
            "起生效",
            "有效至",
        ],
    ) || own_sentences_match(blocks, &OWN_PERIOD)
    {
        return vec![];
    }
    on_document(rule, blocks, None)
}
