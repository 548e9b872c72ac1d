//! Named pattern groups that must denote a kind of party. A rule pattern may write
//! `(?P<public>…)` or `(?P<organ>…)` around the party it speaks of (甲方, 发包人, 县政府 …):
//! the finding stands only when that party is, by the document's party table or by its own
//! name, a public body (`public`: organs, public institutions, state-owned companies) or a
//! 机关/事业单位 (`organ`). So 甲方延迟支付的，乙方不得主张利息 is a defect where 甲方 is a
//! county bureau and an ordinary term between two companies.

use std::collections::BTreeMap;

use crate::document::model::Party;
use crate::document::parties::{PartyKind, kind_of};

/// Words that make a name a government body although [`kind_of`] needs a full name
/// (县政府, 区财政, 镇里): a pattern capturing them means the state.
const GOVERNMENT_WORDS: [&str; 7] = [
    "政府",
    "财政",
    "管委会",
    "管理委员会",
    "街道",
    "乡镇",
    "国库",
];

/// The kind of the party `who` names: a party of the table by label, short name or name,
/// else the name itself when it is one (a label with no party table is unknown).
fn kind_named(who: &str, parties: &[Party]) -> Option<PartyKind> {
    let who = who.trim();
    if who.is_empty() {
        return None;
    }
    if let Some(p) = parties.iter().find(|p| {
        p.role == who
            || p.short.as_deref() == Some(who)
            || p.name == who
            || (who.chars().count() >= 3 && p.name.contains(who))
    }) {
        return Some(p.kind);
    }
    if GOVERNMENT_WORDS.iter().any(|w| who.contains(w)) {
        return Some(PartyKind::Government);
    }
    match kind_of(who) {
        (PartyKind::Private | PartyKind::Individual, _) => None,
        (kind, _) => Some(kind),
    }
}

/// Whether the captured party groups of a match denote the kinds they ask for.
pub fn hold(caps: &BTreeMap<String, String>, parties: &[Party]) -> bool {
    let check = |group: &str, ok: fn(PartyKind) -> bool| {
        caps.get(group)
            .is_none_or(|who| kind_named(who, parties).is_some_and(ok))
    };
    check("public", PartyKind::is_public) && check("organ", PartyKind::is_organ)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn party(role: &str, name: &str) -> Party {
        let (kind, why) = kind_of(name);
        Party {
            role: role.into(),
            name: name.into(),
            short: None,
            kind,
            kind_evidence: why.into(),
        }
    }

    fn caps(group: &str, who: &str) -> BTreeMap<String, String> {
        BTreeMap::from([(group.to_string(), who.to_string())])
    }

    #[test]
    fn a_label_takes_the_kind_of_its_party() {
        let table = [
            party("甲方", "某县住房和城乡建设局"),
            party("乙方", "某某建筑工程有限公司"),
        ];
        assert!(hold(&caps("organ", "甲方"), &table));
        assert!(!hold(&caps("organ", "乙方"), &table));
        assert!(hold(&caps("public", "甲方"), &table));
    }

    #[test]
    fn a_name_speaks_for_itself_and_a_bare_label_is_unknown() {
        assert!(hold(&caps("public", "县财政"), &[]));
        assert!(hold(&caps("organ", "某市机关事务管理局"), &[]));
        assert!(!hold(&caps("organ", "甲方"), &[]));
        assert!(!hold(&caps("public", "某某科技有限公司"), &[]));
        assert!(hold(&BTreeMap::new(), &[]));
    }

    #[test]
    fn two_companies_are_no_public_party() {
        let table = [
            party("甲方", "某某建设集团有限公司"),
            party("乙方", "某某劳务有限公司"),
        ];
        assert!(!hold(&caps("public", "甲方"), &table));
    }
}
