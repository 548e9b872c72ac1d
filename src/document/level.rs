//! The issuer level of a document, read from the text itself: the title form
//! (某县人民政府关于…的通知, ……条例, ……办法 by 令), the issuer line, the signature and the
//! 文号 when there is one. A draft sent for review has no 文号 yet, so the 文号 is extra
//! evidence, never a precondition. Every decision keeps its evidence.

use regex::Regex;
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

use super::model::{DocType, Document};
use crate::chinese::places::PROVINCES;

/// Who made the document, at the granularity that decides what it may lawfully set.
/// Serialised in Chinese, as shown to reviewers and in `documents[].level`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum IssuerLevel {
    #[serde(rename = "法律")]
    Law,
    #[serde(rename = "行政法规")]
    AdminRegulation,
    #[serde(rename = "地方性法规")]
    LocalRegulation,
    #[serde(rename = "经济特区法规")]
    SpecialZoneRegulation,
    #[serde(rename = "规章")]
    Rules,
    #[serde(rename = "国务院")]
    StateCouncil,
    #[serde(rename = "国务院部门")]
    Ministry,
    #[serde(rename = "省级政府")]
    ProvincialGov,
    #[serde(rename = "设区的市政府")]
    CityGov,
    #[serde(rename = "县级政府")]
    CountyGov,
    #[serde(rename = "乡镇政府")]
    TownshipGov,
    #[serde(rename = "省级政府部门")]
    ProvincialDept,
    #[serde(rename = "市级政府部门")]
    CityDept,
    #[serde(rename = "县级政府部门")]
    CountyDept,
    #[serde(rename = "派出机构")]
    DispatchedAgency,
    #[serde(rename = "内设机构")]
    InternalUnit,
    #[serde(rename = "议事协调机构")]
    CoordinationBody,
    #[serde(rename = "人大及其常委会（非立法文件）")]
    CongressNonLegislative,
    #[serde(rename = "不适用")]
    NotApplicable,
    #[serde(rename = "不明")]
    Unknown,
}

impl IssuerLevel {
    pub fn chinese(self) -> &'static str {
        match self {
            IssuerLevel::Law => "法律",
            IssuerLevel::AdminRegulation => "行政法规",
            IssuerLevel::LocalRegulation => "地方性法规",
            IssuerLevel::SpecialZoneRegulation => "经济特区法规",
            IssuerLevel::Rules => "规章",
            IssuerLevel::StateCouncil => "国务院",
            IssuerLevel::Ministry => "国务院部门",
            IssuerLevel::ProvincialGov => "省级政府",
            IssuerLevel::CityGov => "设区的市政府",
            IssuerLevel::CountyGov => "县级政府",
            IssuerLevel::TownshipGov => "乡镇政府",
            IssuerLevel::ProvincialDept => "省级政府部门",
            IssuerLevel::CityDept => "市级政府部门",
            IssuerLevel::CountyDept => "县级政府部门",
            IssuerLevel::DispatchedAgency => "派出机构",
            IssuerLevel::InternalUnit => "内设机构",
            IssuerLevel::CoordinationBody => "议事协调机构",
            IssuerLevel::CongressNonLegislative => "人大及其常委会（非立法文件）",
            IssuerLevel::NotApplicable => "不适用",
            IssuerLevel::Unknown => "不明",
        }
    }
}

const MINISTRIES: [&str; 40] = [
    "财政部",
    "教育部",
    "科学技术部",
    "工业和信息化部",
    "公安部",
    "民政部",
    "司法部",
    "人力资源和社会保障部",
    "自然资源部",
    "生态环境部",
    "住房和城乡建设部",
    "交通运输部",
    "水利部",
    "农业农村部",
    "商务部",
    "文化和旅游部",
    "国家卫生健康委",
    "应急管理部",
    "中国人民银行",
    "审计署",
    "国家发展改革委",
    "国家发展和改革委员会",
    "市场监管总局",
    "国家市场监督管理总局",
    "国家税务总局",
    "海关总署",
    "国家林业和草原局",
    "国家能源局",
    "国家医保局",
    "国家医疗保障局",
    "退役军人事务部",
    "国家体育总局",
    "国家知识产权局",
    "国家铁路局",
    "中国民用航空局",
    "国家邮政局",
    "国家药品监督管理局",
    "国务院国资委",
    "国家版权局",
    "国家广播电视总局",
];

/// The body that issues, as written at the head of the title (某县人民政府关于…) or in the
/// issuer line; `None` when neither names one.
fn issuer_text(doc: &Document) -> Option<String> {
    let clean = |p: &str| {
        p.trim()
            .trim_end_matches("印发")
            .trim_end_matches("转发")
            .trim()
            .to_string()
    };
    if let Some(i) = doc.issuer.as_deref().filter(|i| !i.is_empty()) {
        return Some(clean(i));
    }
    let title = doc.title.as_deref()?;
    // 某县人民政府关于…; 某局行政处罚决定书; 国务院办公厅对…的答复.
    let prefix = title.split_once("关于").map(|(p, _)| p).or_else(|| {
        ["行政处罚决定书", "决定书", "对"]
            .iter()
            .find_map(|k| title.split_once(k).map(|(p, _)| p))
            .filter(|p| ORG_END.iter().any(|e| p.ends_with(e)))
    });
    let Some(prefix) = prefix else {
        // 南平市水利局招投标代理机构库管理制度: a local bureau's name heads the title.
        return TITLE_BUREAU
            .captures(title)
            .map(|c| c[1].to_string())
            .filter(|o| tier_of(o).is_some());
    };
    let p = clean(prefix);
    (!p.is_empty()).then_some(p)
}

/// A place and a bureau at the head of a title without 关于 (布局, 格局 are not bureaus).
static TITLE_BUREAU: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\p{Han}{1,8}?[省市县区州旗]\p{Han}{1,8}?[^布格结大当开全时]局)\p{Han}{2,}")
        .unwrap()
});

/// A body naming itself at the start of a clause of the first lines: 长汀县城市管理局就……进行
/// 公开招标, 为……，县人民政府办公室制定本规划. Only a name with a place tier counts.
static CLAUSE_ORGAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:请|由|经|现由)?(\p{Han}{0,12}?[省市县区州旗]\p{Han}{0,12}?(?:人民政府办公室|人民政府办公厅|人民政府|政府办公室|[^布格结大当开全时]局|厅))",
    )
    .unwrap()
});

fn organ_in_first_lines(head: &str) -> Option<String> {
    head.lines()
        .skip(1)
        .map(str::trim)
        .filter(|l| !(l.starts_with('各') && l.ends_with(['：', ':'])))
        .take(2)
        .flat_map(|l| l.split(['，', '。', '；', '：', ',', ';']))
        .find_map(|clause| {
            let c = CLAUSE_ORGAN.captures(clause.trim())?;
            let org = c[1].to_string();
            (org.chars().count() <= 20 && tier_of(&org).is_some()).then_some(org)
        })
}

const ORG_END: [&str; 8] = [
    "人民政府",
    "办公厅",
    "办公室",
    "局",
    "委员会",
    "厅",
    "部",
    "国务院",
];

/// The issuer's tier from the addressee line, one tier above those addressed: 各市州应急管理局
/// → a provincial department; 各县（市、区）人民政府 → a city government; 各乡镇人民政府 → a
/// county government.
fn from_addressees(head: &str) -> Option<(IssuerLevel, String)> {
    let line = head
        .lines()
        .map(str::trim)
        .find(|l| super::structure::is_addressee_line(l))?;
    let first = line.split(['，', ',', '；']).next().unwrap_or(line);
    let government = first.contains("人民政府") || first.contains("政府");
    let department = !government
        && ["局", "厅", "委", "部门", "办"]
            .iter()
            .any(|w| first.contains(w));
    let tier = if ["各乡", "各镇", "各街道", "各乡（镇）", "各镇（街道）"]
        .iter()
        .any(|w| first.starts_with(w))
    {
        Tier::County
    } else if [
        "各县",
        "各区",
        "各区（县）",
        "各区县",
        "各县（市、区）",
        "各县市区",
    ]
    .iter()
    .any(|w| first.starts_with(w))
    {
        Tier::City
    } else if ["各市", "各地级", "各设区", "各州", "各地、", "各地市"]
        .iter()
        .any(|w| first.starts_with(w))
    {
        Tier::Province
    } else if first.starts_with("各省") {
        return Some((IssuerLevel::StateCouncil, first.to_string()))
            .filter(|_| government)
            .or(Some((IssuerLevel::Ministry, first.to_string())));
    } else {
        return None;
    };
    let level = match (tier, government || !department) {
        (Tier::Province, true) => IssuerLevel::ProvincialGov,
        (Tier::City, true) => IssuerLevel::CityGov,
        (Tier::County, true) | (Tier::Township, true) => IssuerLevel::CountyGov,
        (Tier::Province, false) => IssuerLevel::ProvincialDept,
        (Tier::City, false) => IssuerLevel::CityDept,
        (Tier::County, false) | (Tier::Township, false) => IssuerLevel::CountyDept,
    };
    Some((level, first.to_string()))
}

/// The tier of a place name: 省 / 自治区 / 直辖市 → province; 市 / 州 / 盟 → city;
/// 县 / 区 / 旗 / 县级市 → county; 乡 / 镇 / 街道 → township.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tier {
    Province,
    City,
    County,
    Township,
}

fn tier_of(org: &str) -> Option<Tier> {
    // 城市管理局, 城市建设: 城市 is a field of work, not a city.
    let mut owned = org.to_string();
    for w in ["管理", "建设", "规划", "更新", "综合", "执法", "运行"] {
        owned = owned.replace(&format!("城市{w}"), &format!("城{w}"));
    }
    let org = owned.as_str();
    // The most local place name decides: 某省某市某县 is a county.
    let mut tier = None;
    if PROVINCES.iter().any(|p| org.starts_with(p)) || org.contains('省') || org.contains("自治区")
    {
        tier = Some(Tier::Province);
    }
    let municipality = ["北京", "天津", "上海", "重庆"]
        .iter()
        .any(|p| org.starts_with(p));
    let rest = org
        .split_once('省')
        .map_or(org, |(_, r)| r)
        .split_once("自治区")
        .map_or_else(|| org.split_once('省').map_or(org, |(_, r)| r), |(_, r)| r);
    if (rest.contains('市') || rest.contains('州') || rest.contains('盟'))
        && !(municipality && !rest.contains("区") && !rest.contains('县'))
    {
        tier = Some(Tier::City);
    }
    if municipality && !rest.contains('区') && !rest.contains('县') {
        tier = Some(Tier::Province);
    }
    let after_city = rest.rsplit_once('市').map_or(rest, |(_, r)| r);
    if after_city.contains('县')
        || after_city.contains('旗')
        || (after_city.contains('区')
            && !after_city.contains("自治区")
            && !after_city.contains("开发区")
            && !after_city.contains("新区")
            && !after_city.contains("园区")
            && !after_city.contains("实验区"))
    {
        tier = Some(Tier::County);
    }
    if org.contains('乡') && org.contains("人民政府") || org.contains('镇') || org.contains("街道")
    {
        tier = Some(Tier::Township);
    }
    tier
}

/// Level and the evidence for it.
pub fn detect(doc: &Document) -> (IssuerLevel, Vec<String>) {
    let mut ev = vec![];
    if doc.doc_type == DocType::Other
        && doc
            .doc_type_evidence
            .iter()
            .any(|e| e.contains("报道或新闻"))
    {
        ev.push("报道或新闻，不适用发文层级".into());
        return (IssuerLevel::NotApplicable, ev);
    }
    if doc.doc_type == DocType::Contract {
        ev.push("合同、协议和承诺类文书不适用发文层级".into());
        return (IssuerLevel::NotApplicable, ev);
    }
    let title = doc.title.as_deref().unwrap_or("");
    let title_core = title
        .trim_end_matches(['）', ')'])
        .split(['（', '('])
        .next()
        .unwrap_or(title);
    let number = doc.doc_number.as_deref().unwrap_or("");
    let head: String = doc
        .body()
        .take(8)
        .map(|(_, b)| b.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let issuer = issuer_text(doc);
    let org = issuer.as_deref().unwrap_or("");

    // Legislation first: its form decides its level, whoever made it.
    if title_core.starts_with("中华人民共和国") && title_core.ends_with('法') {
        ev.push("标题为“中华人民共和国……法”".into());
        return (IssuerLevel::Law, ev);
    }
    if title_core.ends_with("条例") && !title.contains("关于") {
        if title_core.contains("经济特区") {
            ev.push("标题为“……经济特区……条例”".into());
            return (IssuerLevel::SpecialZoneRegulation, ev);
        }
        let local = PROVINCES.iter().any(|p| title_core.starts_with(p))
            || tier_of(title_core).is_some()
            || head.contains("人民代表大会常务委员会");
        if local {
            ev.push("地方名称开头的“……条例”由地方人大及其常委会制定".into());
            return (IssuerLevel::LocalRegulation, ev);
        }
        ev.push("全国性“……条例”为行政法规".into());
        return (IssuerLevel::AdminRegulation, ev);
    }
    if number.starts_with("国令") {
        ev.push(format!("文号 {number}"));
        return (IssuerLevel::AdminRegulation, ev);
    }
    let rules_form = ["办法", "规定", "细则", "规则"]
        .iter()
        .any(|k| title_core.ends_with(k));
    if rules_form && !title.contains("关于") && (number.contains("令第") || head.contains("令第"))
    {
        ev.push("以“令”公布的办法、规定为规章".into());
        return (IssuerLevel::Rules, ev);
    }
    let congress = org.contains("人民代表大会") || org.contains("人大常委会");
    if congress && (rules_form || title_core.ends_with("条例")) {
        ev.push(format!("{org}制定的规定为地方性法规"));
        return (IssuerLevel::LocalRegulation, ev);
    }
    // A bare 某省/某市……办法 or a national-sounding ……办法 (no 关于, no 印发) is the form of a
    // 规章; a county or township has no power to make one, so its 办法 is its government's.
    // A 文号 other than a 令 (某政规〔2024〕3号) marks a normative document, not a 规章.
    let number_not_order = !number.is_empty() && !number.contains('令');
    if rules_form
        && !title.contains("关于")
        && !title.contains("印发")
        && issuer.is_none()
        && !number_not_order
    {
        match tier_of(title_core) {
            None | Some(Tier::Province) | Some(Tier::City) => {
                ev.push("标题为不带“关于”的“……办法/规定/细则”，为规章的名称形式".into());
                return (IssuerLevel::Rules, ev);
            }
            Some(_) => {}
        }
    }
    if rules_form
        && !title.contains("关于")
        && (head.contains("人民代表大会常务委员会") || head.contains("人大常委会"))
    {
        ev.push("人大常委会通过的规定为地方性法规".into());
        return (IssuerLevel::LocalRegulation, ev);
    }
    if congress {
        ev.push(format!("发文机关 {org}"));
        return (IssuerLevel::CongressNonLegislative, ev);
    }

    // Coordination bodies and internal units, wherever they sit.
    let coordination = [
        "领导小组",
        "指挥部",
        "联席会议",
        "工作专班",
        "整治办",
        "委员会办公室",
    ];
    if let Some(k) = coordination.iter().find(|k| org.contains(**k)) {
        ev.push(format!("发文机关“{org}”含“{k}”，为议事协调机构"));
        return (IssuerLevel::CoordinationBody, ev);
    }
    let government_office = org.ends_with("人民政府办公室")
        || org.ends_with("人民政府办公厅")
        || org.ends_with("政府办公室")
        || org.ends_with("政府办公厅")
        || org == "国务院办公厅";
    let internal = org.ends_with(['科', '股'])
        || (org.ends_with('处') && !org.ends_with("办事处"))
        || (!government_office
            && (org.ends_with("办公室") || org.ends_with("办公厅"))
            && !org.ends_with("人民政府办公室")
            && (org.contains('局')
                || org.contains('厅')
                || org.contains('委')
                || org.contains('部')));
    if internal {
        ev.push(format!("发文机关“{org}”为部门的内设机构"));
        return (IssuerLevel::InternalUnit, ev);
    }
    if org.contains("管委会")
        || org.contains("管理委员会")
        || org.contains("派出所")
        || org.contains("街道办事处")
        || org.ends_with("街道")
    {
        ev.push(format!("发文机关“{org}”为派出机构"));
        return (IssuerLevel::DispatchedAgency, ev);
    }

    // The State Council and its ministries.
    if org.starts_with("国务院") && (org == "国务院" || government_office)
        || number.starts_with("国发")
        || number.starts_with("国办发")
        || number.starts_with("国函")
        || number.starts_with("国办函")
    {
        ev.push(if org.is_empty() {
            format!("文号 {number}")
        } else {
            format!("发文机关 {org}")
        });
        return (IssuerLevel::StateCouncil, ev);
    }
    if let Some(m) = MINISTRIES.iter().find(|m| org.starts_with(**m)) {
        ev.push(format!("发文机关为国务院部门（{m}）"));
        return (IssuerLevel::Ministry, ev);
    }
    if org.starts_with("国家") || org.starts_with("国务院") {
        ev.push(format!("发文机关“{org}”为国务院部门或直属机构"));
        return (IssuerLevel::Ministry, ev);
    }

    // Local governments and their departments.
    let government = org.ends_with("人民政府") || org.ends_with("政府") || government_office;
    let township = org.ends_with("乡人民政府") || org.ends_with("镇人民政府");
    if township {
        ev.push(format!("发文机关“{org}”为乡镇人民政府或街道办事处"));
        return (IssuerLevel::TownshipGov, ev);
    }
    if !org.is_empty()
        && let Some(tier) = tier_of(org)
    {
        let level = match (government, tier) {
            (true, Tier::Province) => IssuerLevel::ProvincialGov,
            (true, Tier::City) => IssuerLevel::CityGov,
            (true, Tier::County) => IssuerLevel::CountyGov,
            (true, Tier::Township) => IssuerLevel::TownshipGov,
            (false, Tier::Province) => IssuerLevel::ProvincialDept,
            (false, Tier::City) => IssuerLevel::CityDept,
            (false, Tier::County) => IssuerLevel::CountyDept,
            (false, Tier::Township) => IssuerLevel::TownshipGov,
        };
        ev.push(format!("发文机关“{org}”：{}", level.chinese()));
        return (level, ev);
    }
    // No issuer named: the addressees tell the tier of whoever writes to them.
    if let Some((level, line)) = from_addressees(&head) {
        ev.push(format!("主送“{line}”：{}", level.chinese()));
        return (level, ev);
    }
    // A body that names itself in the first lines of a rule (……局就本项目进行询价采购); in a
    // judgment or a report the bodies named first are parties, not the author.
    if doc.doc_type == DocType::Normative
        && let Some(org) = organ_in_first_lines(&head)
        && let Some(tier) = tier_of(&org)
    {
        let government = org.ends_with("人民政府")
            || org.ends_with("政府办公室")
            || org.ends_with("人民政府办公厅");
        let level = match (government, tier) {
            (true, Tier::Province) => IssuerLevel::ProvincialGov,
            (true, Tier::City) => IssuerLevel::CityGov,
            (true, Tier::County) => IssuerLevel::CountyGov,
            (_, Tier::Township) => IssuerLevel::TownshipGov,
            (false, Tier::Province) => IssuerLevel::ProvincialDept,
            (false, Tier::City) => IssuerLevel::CityDept,
            (false, Tier::County) => IssuerLevel::CountyDept,
        };
        ev.push(format!("首句所称发文机关“{org}”：{}", level.chinese()));
        return (level, ev);
    }
    // Then the place the title or the first sentence names (南靖县民宿管理办法, 关于印发
    // 海口市……的通知, 区人民政府……主持召开): that place's government.
    let place_source = title_core
        .trim_start_matches("关于")
        .trim_start_matches("印发")
        .trim_start_matches("转发");
    let first_sentence = head.lines().nth(1).unwrap_or("");
    let tier = tier_of(
        place_source
            .get(..place_source.len().min(30))
            .unwrap_or(place_source),
    )
    .or_else(|| {
        [
            "县人民政府",
            "区人民政府",
            "市人民政府",
            "镇人民政府",
            "乡人民政府",
        ]
        .iter()
        .find(|w| first_sentence.contains(**w))
        .and_then(|w| tier_of(w))
    });
    if let Some(tier) = tier {
        let level = match tier {
            Tier::Province => IssuerLevel::ProvincialGov,
            Tier::City => IssuerLevel::CityGov,
            Tier::County => IssuerLevel::CountyGov,
            Tier::Township => IssuerLevel::TownshipGov,
        };
        ev.push(format!("标题或首句所称地方：{}", level.chinese()));
        return (level, ev);
    }
    ev.push("标题、发文机关和主送均未显示发文层级".into());
    (IssuerLevel::Unknown, ev)
}
