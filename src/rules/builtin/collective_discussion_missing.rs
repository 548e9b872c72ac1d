//! ## What it does
//! Warns when a decision that looks like one for 情节复杂或者重大违法行为 does not say the authority's heads decided it collectively (集体讨论, 局务会, 案审会 …): the text states 情节严重 / 情节复杂 / 重大违法, a hearing was held, or the penalty is 吊销许可证件, 责令停产停业, 责令关闭, 限制从业 or 降低资质等级.
//!
//! ## Why is this bad?
//! 行政处罚法 §57 (2): 对情节复杂或者重大违法行为给予行政处罚，行政机关负责人应当集体讨论决定. The text alone cannot show complexity, so this is a warning.
//!
//! ## Example
//! ```text
//! ……决定：责令停产停业整顿，并处罚款人民币30,000元。（未见负责人集体讨论）
//! ```

use super::on_head;
use crate::document::decision::Decision;
use crate::document::prepared::Prepared;
use crate::rules::compile::CompiledRule;
use crate::rules::finding::Finding;

pub fn check(rule: &CompiledRule, blocks: &[Prepared], d: &Decision) -> Vec<Finding> {
    if d.procedure.collective {
        return vec![];
    }
    let heavy = d.penalties.iter().find(|p| p.kind.needs_hearing());
    let why = if let Some(p) = heavy {
        format!("拟作出{}", p.kind.chinese())
    } else if d.procedure.hearing_held {
        "本案经过听证程序".to_string()
    } else if d.procedure.serious {
        "决定书认定情节严重或案情复杂".to_string()
    } else {
        return vec![];
    };
    on_head(rule, blocks, d, &[why])
}
