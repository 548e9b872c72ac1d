//! ## What it does
//! Flags a contract that lacks one of the clauses 民法典 §470 lists: parties, subject, price, term, liability for breach, dispute resolution (commitment letters are exempt).
//!
//! ## Why is this bad?
//! A contract without, say, a dispute-resolution or liability clause leaves the public party without a remedy and is the commonest drafting defect reviewers send back.
//!
//! ## Example
//! ```text
//! 第一条 乙方为甲方提供物业服务。第二条 服务费每年十万元。（无违约责任、争议解决条款）
//! ```

use super::{body_contains, on_document};
use crate::document::model::{DocType, Document};
use crate::document::prepared::Prepared;
use crate::rules::compile::CompiledRule;
use crate::rules::finding::Finding;

const ESSENTIALS: [(&str, &[&str]); 6] = [
    (
        "当事人",
        &[
            "甲方",
            "乙方",
            "出让人",
            "受让人",
            "发包人",
            "承包人",
            "采购人",
            "供应商",
            "出租人",
            "承租人",
            "委托人",
            "受托人",
        ],
    ),
    (
        "标的",
        &[
            "标的",
            "项目",
            "服务",
            "租赁物",
            "房屋",
            "工程",
            "货物",
            "土地",
            "宗地",
            "产品",
            "内容",
            "提供",
            "交付",
            "采购",
        ],
    ),
    (
        "价款或者报酬",
        &[
            "价款",
            "金额",
            "租金",
            "报酬",
            "费用",
            "价格",
            "合同价",
            "出让金",
            "总价",
            "元",
        ],
    ),
    (
        "履行期限",
        &["期限", "工期", "有效期", "起至", "年", "日前", "之日起"],
    ),
    ("违约责任", &["违约", "赔偿", "损失"]),
    ("解决争议的方法", &["争议", "纠纷", "诉讼", "仲裁"]),
];

pub fn check(rule: &CompiledRule, doc: &Document, blocks: &[Prepared]) -> Vec<Finding> {
    // A commitment letter (承诺函) is reviewed like a contract but has no contract clauses.
    let letter = doc
        .title
        .as_deref()
        .is_some_and(crate::document::classify::is_letter);
    if doc.doc_type != DocType::Contract || letter {
        return vec![];
    }
    let missing: Vec<&str> = ESSENTIALS
        .iter()
        .filter(|(_, words)| !body_contains(blocks, words))
        .map(|(name, _)| *name)
        .collect();
    if missing.is_empty() {
        return vec![];
    }
    on_document(rule, blocks, Some(missing.join("、")))
}
