//! The parties of a contract and who acts in a clause. A party block line
//! (甲方（受让方）：某县人民政府（以下简称县政府）) gives the label, the name and a declared
//! short name; the name gives the kind of party (a government organ, a platform company, a
//! bank …), which tells whether public money or a public promise is at stake. In a clause,
//! the acting party is the subject that promises, guarantees, bears, pays, buys back, tops up
//! or issues, resolved through labels, short names and full names.

use serde::{Deserialize, Serialize};

/// What kind of party a name is, as a reviewer classifies it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartyKind {
    /// 人民政府, 政府部门, 管委会, 街道办事处, 征收办, 指挥部, other state organs.
    Government,
    /// 事业单位: 中心, 学校, 医院, 研究院 …
    PublicInstitution,
    /// 城投, 投资集团, 建设投资/开发建设公司, 国资/国投/交投 platforms.
    PlatformCompany,
    /// Other state-owned enterprises.
    Soe,
    /// Private enterprises, and companies whose ownership the text does not show.
    Private,
    /// Banks, trusts, leasing and commercial guarantee companies.
    Financial,
    /// 政府性融资担保机构.
    GuaranteeInstitution,
    /// Natural persons and households.
    Individual,
}

impl PartyKind {
    pub fn chinese(self) -> &'static str {
        match self {
            PartyKind::Government => "政府机关",
            PartyKind::PublicInstitution => "事业单位",
            PartyKind::PlatformCompany => "融资平台公司",
            PartyKind::Soe => "国有企业",
            PartyKind::Private => "民营企业",
            PartyKind::Financial => "金融机构",
            PartyKind::GuaranteeInstitution => "政府性融资担保机构",
            PartyKind::Individual => "自然人",
        }
    }

    /// A 机关 or 事业单位: the bodies 政府采购法 第二条 and the SME payment rules bind.
    pub fn is_organ(self) -> bool {
        matches!(self, PartyKind::Government | PartyKind::PublicInstitution)
    }

    /// A government organ, public institution or state-owned party: public money or a public
    /// promise may be at stake (a review trigger source).
    pub fn is_public(self) -> bool {
        matches!(
            self,
            PartyKind::Government
                | PartyKind::PublicInstitution
                | PartyKind::PlatformCompany
                | PartyKind::Soe
                | PartyKind::GuaranteeInstitution
        )
    }
}

/// The kind of party a name denotes, with the words that decided it.
pub fn kind_of(name: &str) -> (PartyKind, &'static str) {
    let n = name.trim();
    let has = |ws: &[&str]| ws.iter().any(|w| n.contains(w));
    if has(&["融资担保", "担保集团", "担保有限", "担保公司", "再担保"]) {
        return if has(&[
            "政府性",
            "农业信贷",
            "国家融资担保",
            "省融资",
            "市融资",
            "县融资",
        ]) {
            (PartyKind::GuaranteeInstitution, "政府性融资担保机构")
        } else {
            (PartyKind::Financial, "担保公司")
        };
    }
    if has(&[
        "银行",
        "信托",
        "金融租赁",
        "融资租赁",
        "信用社",
        "农商行",
        "证券",
        "保险",
        "资产管理公司",
        "分行",
        "支行",
    ]) {
        return (PartyKind::Financial, "金融机构");
    }
    if has(&[
        "人民政府",
        "管理委员会",
        "管委会",
        "街道办事处",
        "征收办",
        "指挥部",
        "人民代表大会",
        "人民法院",
        "人民检察院",
        "派出所",
        "警察大队",
        "警察支队",
    ]) || (n.ends_with('局')
        || n.ends_with('委')
        || n.ends_with('厅')
        || n.ends_with("委员会")
        || n.ends_with("办公室")
        || n.ends_with('部'))
        && !n.contains("公司")
    {
        return (PartyKind::Government, "政府机关或其部门");
    }
    if has(&[
        "城投",
        "城建投",
        "城市建设投资",
        "建设投资",
        "投资集团",
        "开发建设",
        "城市发展",
        "交投",
        "国投",
        "国资",
        "资产经营",
        "国有资产",
        "产业投资",
        "发展集团",
        "控股集团",
        "城发",
    ]) {
        return (PartyKind::PlatformCompany, "城投、投资集团等平台公司");
    }
    if has(&[
        "中心",
        "学校",
        "学院",
        "大学",
        "医院",
        "研究院",
        "研究所",
        "事务所（事业",
        "站",
        "馆",
        "管理处",
        "管理所",
        "卫生院",
        "保健院",
        "幼儿园",
        "小学",
        "中学",
        "敬老院",
        "福利院",
        // A county's 医疗健康集团 / 医共体 joins its public hospitals (紧密型县域医共体), and a
        // 教育集团 with no company form its public schools: 事业单位, not firms.
        "医疗健康集团",
        "医疗集团",
        "医共体",
        "教育集团",
    ]) && !n.contains("公司")
    {
        return (PartyKind::PublicInstitution, "事业单位");
    }
    if has(&["中国", "国家电网", "中铁", "中建", "中交", "中石", "国有"]) && n.contains("公司")
    {
        return (PartyKind::Soe, "国有企业");
    }
    if has(&[
        "公司",
        "厂",
        "合作社",
        "企业",
        "集团",
        "商行",
        "中心（有限合伙）",
        "合伙",
    ]) {
        return (PartyKind::Private, "企业（未显示国有）");
    }
    let chars = n.chars().count();
    if (2..=4).contains(&chars) || n.ends_with('户') || n.contains("身份证") {
        return (PartyKind::Individual, "自然人");
    }
    (PartyKind::Private, "企业（未显示国有）")
}

/// The short name declared in a party line: …（以下简称“县政府”） / （以下简称县政府）.
pub fn declared_short(text: &str) -> Option<String> {
    let i = text.find("以下简称")?;
    let rest = &text[i + "以下简称".len()..];
    let rest = rest.trim_start_matches(['：', ':', '为', ' ']);
    let short: String = rest
        .trim_start_matches(['“', '"', '「'])
        .chars()
        .take_while(|c| !matches!(c, '”' | '"' | '」' | '）' | ')' | '，' | '。' | '；'))
        .collect();
    let short = short.trim().to_string();
    (!short.is_empty() && short.chars().count() <= 12).then_some(short)
}

/// A party as the clause reader sees it.
pub struct Named<'a> {
    pub label: &'a str,
    pub name: &'a str,
    pub short: Option<&'a str>,
}

/// Verbs a clause's act can take after a passive 由 (由县财政补足).
const ACTS: [&str; 16] = [
    "承诺", "保证", "担保", "承担", "负责", "支付", "回购", "补足", "补齐", "出具", "提供", "偿还",
    "兜底", "返还", "拨补", "安排",
];

/// Words right after a party that make it the actor: 将, 应当, 承诺, 不再, 有权 …
const MODALS: [&str; 30] = [
    "将", "应", "须", "必须", "承诺", "保证", "同意", "负责", "有权", "不再", "不在", "不得", "不",
    "按", "可", "愿", "确保", "承担", "支付", "提供", "出具", "给予", "为", "向", "对", "在", "于",
    "自", "以", "收取",
];

/// Characters after which a party is the object, not the subject: 向甲方支付, 退还甲方.
const OBJECT_MARKS: [char; 13] = [
    '向', '对', '为', '给', '与', '和', '及', '还', '付', '交', '知', '请', '、',
];

/// The acting party of a clause, resolved through labels, names and declared short names:
/// the party after a passive 由 (由县财政补足差额 → the party whose name holds 县财政); else
/// the subject of the main clause (after a condition …的，); else the first party named
/// in subject position.
pub fn actor<'a>(clause: &str, parties: &[Named<'a>]) -> Option<&'a str> {
    let text = crate::chinese::label::leading_label(clause)
        .map_or(clause, |l| clause.trim_start()[l.text.len()..].trim_start());
    let mentions = |text: &str| -> Vec<(usize, &'a str)> {
        let mut found = vec![];
        for p in parties {
            for alias in [Some(p.label), Some(p.name), p.short].into_iter().flatten() {
                if alias.is_empty() {
                    continue;
                }
                let mut from = 0;
                while let Some(i) = text[from..].find(alias) {
                    found.push((from + i, p.label));
                    from += i + alias.len();
                }
            }
        }
        found.sort();
        found
    };
    // Passive: 由 X 补足 / 由 X 承担.
    for (by, _) in text.match_indices('由') {
        let after = &text[by + '由'.len_utf8()..];
        if !ACTS.iter().any(|v| after.contains(v)) {
            continue;
        }
        if let Some((i, label)) = mentions(after).first()
            && *i <= 6
        {
            return Some(label);
        }
        // 由县财政补足: public finance acts for the government party.
        if after.contains("财政")
            && after.find("财政").is_some_and(|i| i <= 9)
            && let Some(p) = parties
                .iter()
                .find(|p| kind_of(p.name).0 == PartyKind::Government)
        {
            return Some(p.label);
        }
        // 由县财政补足 where the party is 某县财政局: the words after 由 inside a party's name.
        let head: String = after
            .chars()
            .take_while(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
            .take(6)
            .collect();
        for len in (2..=head.chars().count()).rev() {
            let w: String = head.chars().take(len).collect();
            if let Some(p) = parties.iter().find(|p| p.name.contains(&w)) {
                return Some(p.label);
            }
        }
    }
    let subject_in = |part: &str| -> Option<&'a str> {
        let found = mentions(part);
        let candidates: Vec<(usize, &'a str)> = found
            .iter()
            .copied()
            .filter(|(i, _)| {
                part[..*i]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !OBJECT_MARKS.contains(&c))
            })
            .collect();
        // The party a modal or act verb follows is the one acting (金汇公司…的资金，我局将纳入预算).
        let acting = candidates.iter().find(|(i, label)| {
            let alias_len = parties
                .iter()
                .filter(|p| p.label == *label)
                .flat_map(|p| [Some(p.label), Some(p.name), p.short])
                .flatten()
                .filter(|a| part[*i..].starts_with(*a))
                .map(str::len)
                .max()
                .unwrap_or(0);
            let next: String = part[i + alias_len..].chars().take(3).collect();
            MODALS.iter().any(|m| next.starts_with(m))
        });
        acting.or(candidates.first()).map(|(_, l)| *l)
    };
    // A condition first (乙方违反…的，甲方有权…): the main clause's subject acts.
    if let Some(i) = text.rfind("的，").or_else(|| text.rfind("的,"))
        && let Some(l) = subject_in(&text[i..])
    {
        return Some(l);
    }
    subject_in(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_from_names() {
        assert_eq!(kind_of("某县人民政府").0, PartyKind::Government);
        assert_eq!(kind_of("县教育局").0, PartyKind::Government);
        assert_eq!(kind_of("某区人民法院").0, PartyKind::Government);
        assert_eq!(kind_of("某县人民检察院").0, PartyKind::Government);
        assert_eq!(
            kind_of("某县城市建设投资有限公司").0,
            PartyKind::PlatformCompany
        );
        assert_eq!(kind_of("中国农业发展银行凉山分行").0, PartyKind::Financial);
        assert_eq!(
            kind_of("某县机关事务服务中心").0,
            PartyKind::PublicInstitution
        );
        assert_eq!(kind_of("大英县永佳纸业有限公司").0, PartyKind::Private);
        assert_eq!(kind_of("某县医疗健康集团").0, PartyKind::PublicInstitution);
        assert_eq!(kind_of("某区第一教育集团").0, PartyKind::PublicInstitution);
        assert_eq!(kind_of("某某医疗集团有限公司").0, PartyKind::Private);
        assert_eq!(kind_of("张三").0, PartyKind::Individual);
    }

    #[test]
    fn short_names_and_actors() {
        assert_eq!(
            declared_short("甲方：某县人民政府（以下简称“县政府”）").as_deref(),
            Some("县政府")
        );
        let parties = [
            Named {
                label: "甲方",
                name: "某银行",
                short: None,
            },
            Named {
                label: "丁方",
                name: "某县人民政府",
                short: Some("县政府"),
            },
        ];
        assert_eq!(
            actor("丁方对甲方承担连带保证责任。", &parties),
            Some("丁方")
        );
        assert_eq!(actor("差额部分由县政府补足。", &parties), Some("丁方"));
        assert_eq!(actor("县政府向甲方出具承诺函。", &parties), Some("丁方"));
    }
}
