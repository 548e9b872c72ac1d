//! ## What it does
//! Finds tables (Word tables; tab-separated lines in plain text) and numbered lists (1. （一） （1） ①) whose rows name market operators — companies (…有限公司, …分行, …厂, …店, …体检中心 …) or, in a 品牌/型号 column, brands and models — and reads the sentence that introduces them (the paragraph before, and a caption line such as “附表：承保机构名单”). It reports the listing when that sentence makes the listed operators the addressee's only choice: 须/应当/统一/一律/只能 … 到/在/从/向/由 下列(以下、下表、附表所列、上述) … 办理/检测/投保/采购/选用/安装 …, 由下列…负责, or 确定下列…为…定点(承保、承接、服务)机构. A caption naming an appendix list (附件、附表…名单) counts when a sentence elsewhere in the document requires using the appendix's operators. The finding sits on the first listed operator and names every listed one.
//!
//! It stays silent when the rows name government units (contact lists, 项目/责任单位 tables), when the introduction recognises or inspects rather than designates (示范、认定、表彰、奖励、补助 …; 检查对象、抽查、整改、隐患 …), when it leaves the choice free (自愿、自主选择、也可、供参考), when the operators were selected by a competitive procedure stated as such (公开招标、政府采购、中标、竞争性磋商 … — a lawful look-alike: a service the government buys for the public; a pool chosen by tender but imposed on people who pay for the service themselves may still restrict competition and is left to the reviewer), for 医保/社保卡/救治 lists that the law itself provides for (定点 by agreement under 医疗保障基金使用监督管理条例, cooperating card banks, designated treatment hospitals), and when the introduction is a quotation or report of another text. PDF tables are not read as tables (their rows are lines of text).
//!
//! ## Why is this bad?
//! Telling addressees to buy a service or product only from named operators limits them to specific operators — 公平竞争审查条例 第八条第三项 (限定经营、购买或者使用特定经营者提供的商品或者服务), 反垄断法 第三十九条. A list does it as surely as the verb 指定: the other operators on the market are shut out. Review cases (insurers for 安全生产责任保险, 定点 health-check bodies, guarantee issuers) were found unlawful for exactly such lists.
//!
//! ## Example
//! ```text
//! 二、相关企业须在下列承保机构中选择投保：
//! 序号  承保机构名称                      地址             联系电话
//! 1     某财产保险股份有限公司某县支公司  某县人民路18号   0000-6612345
//! 2     某安保险代理有限公司              某县新华路102号  0000-6634567
//! ```
//! The rule's examples in rules/normative.toml write tables as tab-separated lines (the
//! plain-text form); Word tables are covered by the labelled drafts in corpus/drafts.

use std::sync::LazyLock;

use regex::Regex;

use super::finding_for;
use crate::chinese::label::{LabelKind, leading_label};
use crate::document::prepared::Prepared;
use crate::document::voice::Voice;
use crate::rules::compile::CompiledRule;
use crate::rules::finding::Finding;

/// A market operator's name at the start of a cell or list item (normalised text: full-width
/// brackets and punctuation are ASCII here). Greedy, so the whole name up to its last
/// business suffix is taken (某财产保险股份有限公司某县支公司).
static OPERATOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[\p{Han}A-Za-z0-9()·\-]{1,40}(?:公司|集团|分行|支行|营业部|营销服务部|厂|商行|商店|门店|超市|药店|药房|酒店|宾馆|事务所|工作室|门诊部|诊所|医院|体检中心|健康管理中心|检测站|检测中心|检验中心|检测所|检测院|鉴定中心|鉴定所|培训中心|维修中心|服务站)",
    )
    .expect("operator regex")
});

/// Names of public bodies, which a contact list or a duty table names: never operators.
const PUBLIC_BODY: [&str; 24] = [
    "人民政府",
    "政府",
    "委员会",
    "管委会",
    "办公室",
    "局",
    "街道",
    "派出所",
    "法院",
    "检察院",
    "公安",
    "政务",
    "便民",
    "党群",
    "行政",
    "事务中心",
    "社会保险",
    "医疗保障",
    "就业",
    "不动产",
    "退役军人",
    "残疾人",
    "卫生院",
    "疾病预防控制",
];

/// A sentence that makes the listed operators the only choice.
static DESIGNATE: LazyLock<Regex> = LazyLock::new(|| {
    let refer = r"(?:下列|以下|如下|下表|附表|附件\d*|上述|名单|目录)";
    let oblig = r"(?:必须|须|应当|应该|应(?:到|在|从|向|由|选择|选用|使用|委托|统一)|统一|一律|只能|仅限|均需|均须|均应|需(?:到|在|从|向|选择|使用)|指定|定点)";
    let action = r"(?:办理|检测|检验|体检|采购|购买|购置|投保|承保|选择|选用|使用|安装|承接|承担|负责|实施|提供|委托|接入|维修|保养|培训|鉴定|评估|出具|配送|供应|供货|运营|服务|加装)";
    Regex::new(&format!(
        r"{oblig}[^。]{{0,16}}{refer}[^。]{{0,24}}{action}|由{refer}[^。]{{0,24}}{action}|确定{refer}[^。]{{0,24}}为[^。]{{0,30}}(?:定点|指定|承保|承接|服务|供应|检测|体检|鉴定|评估)[^。]{{0,6}}(?:机构|单位|企业|公司|供应商)"
    ))
    .expect("designation regex")
});

/// The introduction recognises, rewards, inspects or contacts: the rows are not designated.
const NOT_DESIGNATION: &[&str] = &[
    "示范",
    "表彰",
    "先进",
    "优秀",
    "荣誉",
    "获奖",
    "奖励",
    "补助",
    "补贴",
    "资助",
    "扶持",
    "认定",
    "评选",
    "入选",
    "授予",
    "公示",
    "推荐",
    "星级",
    "专精特新",
    "检查对象",
    "被检查",
    "抽查",
    "督查",
    "督导",
    "专项检查",
    "监督检查",
    "执法检查",
    "现场检查",
    "整改",
    "约谈",
    "通报",
    "曝光",
    "挂牌督办",
    "处罚",
    "隐患",
    "排查",
    "不合格",
    "异常",
    "黑名单",
    "联系",
    "医保",
    "医疗保障",
    "参保",
    "报销",
    "社保",
    "社会保障卡",
    "救治",
    "传染病",
];

/// The choice stays free: a list for information.
const FREE_CHOICE: &[&str] = &[
    "自愿",
    "自主选择",
    "也可以",
    "也可",
    "供参考",
    "不限于",
    "不作限定",
    "不限定",
];

/// Selected by a competitive procedure stated as such (a lawful look-alike).
const COMPETITIVE: &[&str] = &[
    "公开招标",
    "招标确定",
    "中标",
    "政府采购",
    "竞争性磋商",
    "竞争性谈判",
    "公开遴选",
    "公开比选",
    "框架协议采购",
    // Results of government procurement by which public bodies buy for themselves.
    "协议供货",
    "定点采购",
    "集中采购",
    "入围",
    "电子卖场",
];

/// Column headings of tables that are not designations (duties, contacts, inspections, awards).
const NOT_DESIGNATION_COLUMNS: [&str; 9] = [
    "责任单位",
    "牵头单位",
    "配合单位",
    "联系人",
    "检查时间",
    "检查内容",
    "奖励",
    "补助",
    "补贴",
];

/// Column headings whose cells are brands or models: every value names a product's maker.
const BRAND_COLUMNS: [&str; 3] = ["品牌", "商标", "型号"];

/// One cell: a prepared block and a byte range of its normalised text.
#[derive(Clone, Copy)]
struct Cell {
    block: usize,
    start: usize,
    end: usize,
}

/// A table or a numbered list: its rows (a list item is a one-cell row), the header of a
/// table, and the prepared block just before it.
struct Listing {
    header: Vec<String>,
    rows: Vec<Vec<Cell>>,
    /// Prepared index of the first block of the listing.
    first: usize,
    /// Prepared index of the first block after the listing.
    after: usize,
}

fn text<'a>(blocks: &'a [Prepared], c: Cell) -> &'a str {
    blocks[c.block].norm.text[c.start..c.end].trim_matches([' ', '\u{3000}'])
}

/// Cells of a tab-separated line (a table as plain text exports it), or none.
fn tab_cells(p: &Prepared, index: usize) -> Vec<Cell> {
    let t = &p.norm.text;
    if !t.contains('\t') {
        return vec![];
    }
    let mut out = vec![];
    let mut start = 0;
    for (i, _) in t.match_indices('\t').chain(std::iter::once((t.len(), ""))) {
        if !t[start..i].trim().is_empty() {
            out.push(Cell {
                block: index,
                start,
                end: i,
            });
        }
        start = i + 1;
    }
    if out.len() >= 2 { out } else { vec![] }
}

/// The list kinds a designation list uses (an outline 一、 or an article is a provision).
fn list_kind(p: &Prepared) -> Option<(LabelKind, usize)> {
    if p.block.table.is_some() {
        return None;
    }
    let l = leading_label(&p.norm.text)?;
    let kind = l.kind;
    if !matches!(
        kind,
        LabelKind::Outline2 | LabelKind::Outline3 | LabelKind::Outline4 | LabelKind::Outline5
    ) {
        return None;
    }
    let t = &p.norm.text;
    let lead = t.len() - t.trim_start_matches([' ', '\u{3000}', '\t']).len();
    Some((kind, lead + l.text.len()))
}

/// Every table and numbered list of the body.
fn listings(blocks: &[Prepared]) -> Vec<Listing> {
    let mut out = vec![];
    let mut i = 0;
    while i < blocks.len() {
        let p = &blocks[i];
        if let Some(tc) = p.block.table {
            // A Word table: its cell paragraphs, grouped by row; row 0 is the header.
            let mut rows: Vec<(usize, Vec<Cell>)> = vec![];
            let mut j = i;
            while let Some(c) = blocks.get(j).and_then(|q| q.block.table) {
                if c.table != tc.table {
                    break;
                }
                let cell = Cell {
                    block: j,
                    start: 0,
                    end: blocks[j].norm.text.len(),
                };
                match rows.last_mut() {
                    Some((r, cells)) if *r == c.row => cells.push(cell),
                    _ => rows.push((c.row, vec![cell])),
                }
                j += 1;
            }
            let mut rows: Vec<Vec<Cell>> = rows.into_iter().map(|(_, c)| c).collect();
            let header = if rows.len() > 1 {
                rows.remove(0)
                    .into_iter()
                    .map(|c| text(blocks, c).to_string())
                    .collect()
            } else {
                vec![]
            };
            out.push(Listing {
                header,
                rows,
                first: i,
                after: j,
            });
            i = j;
            continue;
        }
        if !tab_cells(p, i).is_empty() {
            let mut rows = vec![];
            let mut j = i;
            while j < blocks.len() && blocks[j].block.table.is_none() {
                let cells = tab_cells(&blocks[j], j);
                if cells.is_empty() {
                    break;
                }
                rows.push(cells);
                j += 1;
            }
            if rows.len() >= 2 {
                // The first line is a header unless it already names an operator.
                let header = if rows[0].iter().any(|&c| operator(text(blocks, c)).is_some()) {
                    vec![]
                } else {
                    rows.remove(0)
                        .into_iter()
                        .map(|c| text(blocks, c).to_string())
                        .collect()
                };
                out.push(Listing {
                    header,
                    rows,
                    first: i,
                    after: j,
                });
            }
            i = j.max(i + 1);
            continue;
        }
        if let Some((kind, _)) = list_kind(p) {
            let mut rows = vec![];
            let mut j = i;
            while let Some((k, skip)) = blocks.get(j).and_then(list_kind) {
                if k != kind {
                    break;
                }
                rows.push(vec![Cell {
                    block: j,
                    start: skip,
                    end: blocks[j].norm.text.len(),
                }]);
                j += 1;
            }
            out.push(Listing {
                header: vec![],
                rows,
                first: i,
                after: j,
            });
            i = j;
            continue;
        }
        i += 1;
    }
    out
}

/// The operator a cell or list item names at its start, as a byte length.
pub(crate) fn operator(cell: &str) -> Option<usize> {
    let m = OPERATOR.find(cell)?;
    let name = m.as_str();
    if PUBLIC_BODY.iter().any(|w| name.contains(w)) {
        return None;
    }
    Some(m.end())
}

/// What a row lists: the operator (or brand) it names, as a cell and a byte range, and the
/// words that name it in the finding.
fn listed(blocks: &[Prepared], header: &[String], row: &[Cell]) -> Option<(Cell, String)> {
    let brand_col = header
        .iter()
        .position(|h| BRAND_COLUMNS.iter().any(|b| h.contains(b)));
    if let Some(c) = brand_col.and_then(|k| row.get(k)).copied() {
        let t = text(blocks, c);
        if !t.is_empty() {
            let offset = blocks[c.block].norm.text[c.start..c.end].find(t).unwrap_or(0);
            let cell = Cell {
                block: c.block,
                start: c.start + offset,
                end: c.start + offset + t.len(),
            };
            let maker = row
                .iter()
                .filter_map(|&o| {
                    let t = text(blocks, o);
                    operator(t).map(|n| t[..n].to_string())
                })
                .next();
            let model = header
                .iter()
                .position(|h| h.contains("型号"))
                .filter(|&k| Some(k) != brand_col)
                .and_then(|k| row.get(k))
                .map(|&o| text(blocks, o).to_string())
                .filter(|m| !m.is_empty());
            let mut name = t.to_string();
            if let Some(m) = model {
                name.push(' ');
                name.push_str(&m);
            }
            if let Some(m) = maker {
                name.push_str(&format!("（{m}）"));
            }
            return Some((cell, name));
        }
    }
    row.iter().find_map(|&c| {
        let full = &blocks[c.block].norm.text[c.start..c.end];
        let t = full.trim_start_matches([' ', '\u{3000}']);
        let offset = full.len() - t.len();
        let n = operator(t)?;
        let cell = Cell {
            block: c.block,
            start: c.start + offset,
            end: c.start + offset + n,
        };
        Some((cell, t[..n].to_string()))
    })
}

/// The blocks that introduce a listing: the paragraph before it, and the one before that
/// when the nearer one is a short caption (“附表：承保机构名单”).
fn introduction(blocks: &[Prepared], first: usize) -> Vec<usize> {
    let mut out = vec![];
    let mut k = first;
    while k > 0 && out.len() < 2 {
        k -= 1;
        let q = &blocks[k];
        if q.block.table.is_some() || !tab_cells(q, k).is_empty() {
            break;
        }
        out.push(k);
        let t = q.norm.text.trim();
        let caption = t.chars().count() <= 40 && !t.ends_with('。') && !t.ends_with(':');
        if !caption {
            break;
        }
    }
    out
}

/// The last sentence of a block: where an introduction says what the list is for.
fn last_sentence<'a>(p: &'a Prepared) -> (&'a str, Voice) {
    let t = &p.norm.text;
    match p.sentences.last() {
        Some(&(a, b)) => (&t[a..b], p.voice_at(a)),
        None => (t.as_str(), Voice::Own),
    }
}

/// Whether some own-voice sentence of the document requires using an appendix list.
fn appendix_required(blocks: &[Prepared]) -> bool {
    blocks.iter().any(|p| {
        // Most blocks name no appendix: ruled out on the whole text before its sentences.
        let t = &p.norm.text;
        (t.contains("附件") || t.contains("附表"))
            && p.sentences.iter().zip(&p.voices).any(|(&(a, b), m)| {
            let s = &p.norm.text[a..b];
            m.is_own()
                && (s.contains("附件") || s.contains("附表"))
                && DESIGNATE.is_match(s)
                && !excluded(s)
        })
    })
}

fn excluded(s: &str) -> bool {
    NOT_DESIGNATION
        .iter()
        .chain(FREE_CHOICE)
        .chain(COMPETITIVE)
        .any(|w| s.contains(w))
}

pub fn check(rule: &CompiledRule, blocks: &[Prepared]) -> Vec<Finding> {
    let mut out = vec![];
    for l in listings(blocks) {
        if l.header
            .iter()
            .any(|h| NOT_DESIGNATION_COLUMNS.iter().any(|w| h.contains(w)))
        {
            continue;
        }
        let intro = introduction(blocks, l.first);
        if intro.is_empty() {
            continue;
        }
        // What the introduction says the list is (recognised, inspected, contacts …): the
        // last sentence of the introducing paragraph and of a caption line; a quotation or
        // report of another text designates nothing.
        let said: Vec<(&str, Voice)> = intro.iter().map(|&k| last_sentence(&blocks[k])).collect();
        if said
            .iter()
            .any(|(t, v)| *v != Voice::Own || NOT_DESIGNATION.iter().any(|w| t.contains(w)))
            || blocks[l.first].voice_at(0) != Voice::Own
        {
            continue;
        }
        // How the operators were chosen, and whether the choice stays free, can be said
        // anywhere in the introducing paragraph or in the paragraph right after the list.
        let mut context: Vec<&str> = intro
            .iter()
            .map(|&k| blocks[k].norm.text.as_str())
            .collect();
        if let Some(q) = blocks.get(l.after)
            && q.block.table.is_none()
            && leading_label(&q.norm.text).is_none()
        {
            context.push(q.norm.text.as_str());
        }
        if context
            .iter()
            .any(|t| FREE_CHOICE.iter().chain(COMPETITIVE).any(|w| t.contains(w)))
        {
            continue;
        }
        // An appendix list (“附件1” and “某县定点检测机构名单” may be two lines) is designated
        // by the sentence of the body that sends the addressees to it.
        let has = |words: &[&str]| {
            intro
                .iter()
                .any(|&k| words.iter().any(|w| blocks[k].norm.text.contains(w)))
        };
        let caption_names_appendix =
            has(&["附件", "附表"]) && has(&["名单", "目录", "一览表", "名录"]);
        let designated = said.iter().any(|(t, _)| DESIGNATE.is_match(t))
            || (caption_names_appendix && appendix_required(blocks));
        if !designated {
            continue;
        }
        // Last: reading every row is the dearest step, and most lists introduce nothing.
        let names: Vec<(Cell, String)> = l
            .rows
            .iter()
            .filter_map(|r| listed(blocks, &l.header, r))
            .collect();
        // Nearly every row must name an operator: a list of duties or units that mentions a
        // company among public bodies is not a list of operators.
        if names.is_empty() || names.len() * 3 < l.rows.len() * 2 {
            continue;
        }
        let (first, _) = names[0];
        let shown: Vec<&str> = names.iter().map(|(_, n)| n.as_str()).take(6).collect();
        let detail = if names.len() > shown.len() {
            format!("{}等{}项", shown.join("、"), names.len())
        } else {
            shown.join("、")
        };
        // The excerpt is the whole row or item that names the first operator (a Word table
        // cell is its own block, so there it is the cell).
        let p = &blocks[first.block];
        out.push(finding_for(
            rule,
            p,
            (0, p.norm.text.len()),
            (first.start, first.end),
            &detail,
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::operator;

    #[test]
    fn operators_are_businesses_not_public_bodies() {
        for (cell, name) in [
            (
                "某财产保险股份有限公司某县支公司",
                Some("某财产保险股份有限公司某县支公司"),
            ),
            ("某商业银行股份有限公司某市分行;", Some("某商业银行股份有限公司某市分行")),
            ("某县华兴纺织厂", Some("某县华兴纺织厂")),
            ("某市康宁健康体检中心有限公司", Some("某市康宁健康体检中心有限公司")),
            ("县应急管理局安全生产基础股", None),
            ("某县政务服务中心", None),
            ("某县人民政府", None),
            ("现场检查", None),
        ] {
            assert_eq!(operator(cell).map(|n| &cell[..n]), name, "{cell}");
        }
    }
}
