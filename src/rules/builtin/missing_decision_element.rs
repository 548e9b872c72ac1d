//! ## What it does
//! Flags each element 行政处罚法 §59 requires that a 行政处罚决定书 does not state: the party's name and address, the facts and the evidence, the kind and the legal basis of the penalty, how and by when to pay, the 复议 and 诉讼 routes with their time limits, the deciding authority and the date. One finding per missing element, saying which.
//!
//! ## Why is this bad?
//! §59 lists what a decision 应当载明; a decision missing one cannot be enforced as written (no address: no service; no basis: no review of legality; no remedy notice: the 复议 period runs up to a year, 行政复议法 §20). Reviewers send such drafts back before anything else.
//!
//! ## Example
//! ```text
//! 行政处罚决定书
//! 当事人：某县某某食品有限公司（未写住所）
//! ……本局决定罚款人民币50,000元。（未写复议、诉讼途径和期限，未写日期）
//! ```

use super::on_head;
use crate::document::decision::{Decision, PenaltyKind};
use crate::document::prepared::Prepared;
use crate::rules::compile::CompiledRule;
use crate::rules::finding::Finding;

pub fn check(rule: &CompiledRule, blocks: &[Prepared], d: &Decision) -> Vec<Finding> {
    let mut missing: Vec<String> = vec![];
    let mut lacks = |cond: bool, what: &str| {
        if cond {
            missing.push(what.to_string());
        }
    };
    lacks(d.parties.is_empty(), "当事人的姓名或者名称");
    lacks(
        d.parties.iter().all(|p| p.address.is_none()),
        "当事人的地址（住所、住址或经营场所）",
    );
    lacks(d.facts.is_empty(), "违反法律、法规、规章的事实");
    lacks(d.evidence.is_none(), "认定违法事实的证据");
    if !d.no_penalty {
        lacks(d.penalties.is_empty(), "行政处罚的种类");
        lacks(d.basis.is_empty(), "行政处罚的依据（所依据的法律条文）");
        let to_pay = d
            .penalties
            .iter()
            .any(|p| matches!(p.kind, PenaltyKind::Fine | PenaltyKind::ConfiscateIncome));
        lacks(to_pay && d.payment.is_none(), "行政处罚的履行方式和期限");
    }
    match &d.remedy.review {
        None => lacks(true, "申请行政复议的途径和期限"),
        Some(r) => {
            lacks(r.body.is_none(), "申请行政复议的途径（复议机关）");
            lacks(r.period.is_none(), "申请行政复议的期限");
        }
    }
    match &d.remedy.litigation {
        None => lacks(true, "提起行政诉讼的途径和期限"),
        Some(r) => lacks(r.period.is_none(), "提起行政诉讼的期限"),
    }
    lacks(d.issuer.is_none(), "作出行政处罚决定的行政机关名称");
    lacks(d.date.is_none(), "作出决定的日期");
    on_head(rule, blocks, d, &missing)
}
