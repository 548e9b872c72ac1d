//! DOCX reader on zip + quick-xml (streaming). The docx-rs reader is not used for input:
//! it hangs on some corrupted files (see shared/research/extraction.md); docx-rs writes.

mod numbering;
pub mod numfmt;

use quick_xml::Reader;
use quick_xml::events::Event;

use super::error::ExtractError;
use super::limits::{Deadline, Limits};
use super::package::Package;
use super::xml::{Depth, attr, entity_text, local, xml_error};
use crate::extract::model::{Block, Extracted, Part, TableCell};
use numbering::{Counters, DirectNum};

pub(crate) struct Rel {
    pub typ: String,
    pub target: String,
    pub external: bool,
}

pub(crate) fn parse_rels(xml: &str) -> Vec<Rel> {
    let mut r = Reader::from_str(xml);
    let mut out = vec![];
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e))
                if local(e.name().as_ref()) == "Relationship" =>
            {
                out.push(Rel {
                    typ: attr(&e, "Type").unwrap_or_default(),
                    target: attr(&e, "Target").unwrap_or_default(),
                    external: attr(&e, "TargetMode").as_deref() == Some("External"),
                })
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

pub(crate) fn resolve_target(base_dir: &str, target: &str) -> String {
    if let Some(t) = target.strip_prefix('/') {
        return t.to_string();
    }
    let mut parts: Vec<&str> = base_dir.split('/').filter(|s| !s.is_empty()).collect();
    for seg in target.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// Complex fields: `fields` holds, per open field, whether we are in its visible result
/// (after `separate`) rather than its instruction.
pub(crate) fn on_field_char(fields: &mut Vec<bool>, e: &quick_xml::events::BytesStart) {
    match attr(e, "fldCharType").as_deref() {
        Some("begin") => fields.push(false),
        Some("separate") => {
            if let Some(f) = fields.last_mut() {
                *f = true;
            }
        }
        Some("end") => {
            fields.pop();
        }
        _ => {}
    }
}

/// The main document part named by the package relationships (word/document.xml).
pub(crate) fn main_part_name(pkg: &mut Package) -> Result<String, ExtractError> {
    Ok(pkg
        .read_text("_rels/.rels")?
        .map(|x| parse_rels(&x))
        .and_then(|rels| {
            rels.into_iter()
                .find(|r| r.typ.ends_with("/officeDocument"))
                .map(|r| resolve_target("", &r.target))
        })
        .unwrap_or_else(|| "word/document.xml".into()))
}

/// The relationships part of a part: word/document.xml → word/_rels/document.xml.rels.
pub(crate) fn rels_name_of(part: &str) -> String {
    let (dir, file) = part.rsplit_once('/').unwrap_or(("", part));
    if dir.is_empty() {
        format!("_rels/{file}.rels")
    } else {
        format!("{dir}/_rels/{file}.rels")
    }
}

/// One w:p as read from a part, before numbering is resolved.
#[derive(Default)]
struct Para {
    index: usize,
    text: String,
    deleted: String,
    style: Option<String>,
    outline: Option<u8>,
    num: DirectNum,
    table: Option<TableCell>,
    in_textbox: bool,
}

/// Elements whose content is never visible text.
pub(crate) fn is_hidden_subtree(name: &str) -> bool {
    matches!(
        name,
        "Fallback"
            | "pPrChange"
            | "rPrChange"
            | "sectPrChange"
            | "tblPrChange"
            | "trPrChange"
            | "tcPrChange"
            | "numberingChange"
            | "sdtPr"
            | "instrText"
            | "delInstrText"
            | "rPr"
    )
}

struct PartReader<'x> {
    reader: Reader<&'x [u8]>,
    part: String,
    depth: Depth,
    deadline: Deadline,
}

fn parse_part(
    xml: &str,
    part: &str,
    next_table: &mut usize,
    limits: &Limits,
    deadline: Deadline,
) -> Result<Vec<Para>, ExtractError> {
    let mut pr = PartReader {
        reader: Reader::from_str(xml),
        part: part.to_string(),
        depth: Depth::new(limits.max_xml_depth, part),
        deadline,
    };
    let mut out: Vec<Para> = vec![];
    let mut stack: Vec<Para> = vec![];
    let mut idx = 0usize;
    let mut skip = 0usize;
    let mut in_text = false;
    let mut del = 0usize;
    let mut in_ppr = 0usize;
    let mut textbox = 0usize;
    // true = inside the field's result (visible), false = inside its instruction
    let mut fields: Vec<bool> = vec![];
    // (table id, row, grid col, span of current cell)
    let mut tables: Vec<(usize, isize, usize, usize)> = vec![];
    let mut events = 0u32;

    let push = |stack: &mut Vec<Para>, s: &str, del: usize, fields: &[bool]| {
        if fields.iter().any(|visible| !*visible) {
            return;
        }
        if let Some(p) = stack.last_mut() {
            if del > 0 {
                p.deleted.push_str(s);
            } else {
                p.text.push_str(s);
            }
        }
    };

    loop {
        events = events.wrapping_add(1);
        if events.is_multiple_of(4096) {
            pr.deadline.check()?;
        }
        let pos = pr.reader.buffer_position();
        let ev = pr
            .reader
            .read_event()
            .map_err(|e| xml_error(&pr.part, e, pos))?;
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let is_start = matches!(ev, Event::Start(_));
                if is_start {
                    pr.depth.enter()?;
                }
                if skip > 0 {
                    skip += usize::from(is_start);
                    continue;
                }
                let name = e.name();
                let n = local(name.as_ref());
                if is_hidden_subtree(n) {
                    skip = usize::from(is_start);
                    continue;
                }
                match n {
                    "p" => {
                        let mut p = Para {
                            index: idx,
                            in_textbox: textbox > 0,
                            ..Default::default()
                        };
                        idx += 1;
                        if let Some(&(t, row, col, _)) = tables.last() {
                            p.table = Some(TableCell {
                                table: t,
                                row: row.max(0) as usize,
                                col,
                            });
                        }
                        if is_start {
                            stack.push(p);
                        } else {
                            out.push(p);
                        }
                    }
                    "pPr" if is_start => in_ppr += 1,
                    "pStyle" if in_ppr > 0 => {
                        if let Some(p) = stack.last_mut() {
                            p.style = attr(e, "val");
                        }
                    }
                    "numId" if in_ppr > 0 => {
                        if let Some(p) = stack.last_mut() {
                            p.num.num_id = attr(e, "val");
                        }
                    }
                    "ilvl" if in_ppr > 0 => {
                        if let Some(p) = stack.last_mut() {
                            p.num.ilvl = attr(e, "val").and_then(|v| v.parse().ok());
                        }
                    }
                    "outlineLvl" if in_ppr > 0 => {
                        if let Some(p) = stack.last_mut() {
                            p.outline = attr(e, "val").and_then(|v| v.parse().ok());
                        }
                    }
                    "t" | "delText" if is_start => in_text = true,
                    "del" | "moveFrom" if is_start && in_ppr == 0 => del += 1,
                    "tab" if in_ppr == 0 => push(&mut stack, "\t", del, &fields),
                    "ptab" => push(&mut stack, "\t", del, &fields),
                    "br" | "cr" => push(&mut stack, "\n", del, &fields),
                    "noBreakHyphen" => push(&mut stack, "-", del, &fields),
                    "sym" => {
                        if let Some(c) = attr(e, "char")
                            .and_then(|h| u32::from_str_radix(&h, 16).ok())
                            .and_then(char::from_u32)
                        {
                            push(&mut stack, &c.to_string(), del, &fields);
                        }
                    }
                    "fldChar" => on_field_char(&mut fields, e),
                    "txbxContent" if is_start => textbox += 1,
                    "tbl" if is_start => {
                        tables.push((*next_table, -1, 0, 1));
                        *next_table += 1;
                    }
                    "tr" if is_start => {
                        if let Some(t) = tables.last_mut() {
                            t.1 += 1;
                            t.2 = 0;
                        }
                    }
                    "tc" if is_start => {
                        if let Some(t) = tables.last_mut() {
                            t.3 = 1;
                        }
                    }
                    "gridSpan" => {
                        if let Some(t) = tables.last_mut() {
                            t.3 = attr(e, "val").and_then(|v| v.parse().ok()).unwrap_or(1);
                        }
                    }
                    _ => {}
                }
            }
            Event::End(ref e) => {
                pr.depth.leave();
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                match local(e.name().as_ref()) {
                    "p" => {
                        if let Some(p) = stack.pop() {
                            out.push(p);
                        }
                    }
                    "pPr" => in_ppr = in_ppr.saturating_sub(1),
                    "t" | "delText" => in_text = false,
                    "del" | "moveFrom" if in_ppr == 0 => del = del.saturating_sub(1),
                    "txbxContent" => textbox = textbox.saturating_sub(1),
                    "tbl" => {
                        tables.pop();
                    }
                    "tc" => {
                        if let Some(t) = tables.last_mut() {
                            t.2 += t.3;
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(ref t) if skip == 0 && in_text => {
                push(&mut stack, &t.xml10_content(), del, &fields);
            }
            Event::GeneralRef(ref g) if skip == 0 && in_text => {
                push(&mut stack, &entity_text(g), del, &fields);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !stack.is_empty() {
        return Err(ExtractError::Xml {
            part: part.to_string(),
            detail: "the XML ends inside a paragraph (file truncated?)".into(),
        });
    }
    out.sort_by_key(|p| p.index);
    Ok(out)
}

fn part_kind(suffix: &str) -> Part {
    match suffix {
        "/header" => Part::Header,
        "/footer" => Part::Footer,
        "/footnotes" => Part::Footnote,
        "/endnotes" => Part::Endnote,
        _ => Part::Comment,
    }
}

fn to_block(p: Para, part: Part, label: Option<(String, &str)>) -> Block {
    let raw = p.text.replace('\t', " ");
    let (text, label) = match label {
        Some((l, suffix)) if !l.is_empty() => {
            let sep = if suffix.is_empty() { "" } else { " " };
            (format!("{l}{sep}{raw}"), Some(l))
        }
        _ => (raw, None),
    };
    let mut b = Block::new(text, part);
    b.label = label;
    b.paragraph = Some(p.index);
    b.table = p.table;
    b.style = p.style;
    b.in_textbox = p.in_textbox;
    b.deleted = p.deleted;
    b
}

/// Title from docProps/core.xml, used only when the body has none.
fn core_title(pkg: &mut Package) -> Option<String> {
    let xml = pkg.read_text("docProps/core.xml").ok()??;
    let mut r = Reader::from_str(&xml);
    let mut in_title = false;
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) => in_title = local(e.name().as_ref()) == "title",
            Ok(Event::Text(t)) if in_title => {
                let s = t.xml10_content().trim().to_string();
                return (!s.is_empty()).then_some(s);
            }
            Ok(Event::End(_)) => in_title = false,
            Ok(Event::Eof) | Err(_) => return None,
            _ => {}
        }
    }
}

pub fn extract(
    bytes: &[u8],
    limits: &Limits,
    deadline: Deadline,
) -> Result<Extracted, ExtractError> {
    let mut pkg = Package::open(bytes, limits)?;
    let mut warnings = vec![];
    let main = main_part_name(&mut pkg)?;
    let rels_name = rels_name_of(&main);
    let (dir, _) = main.rsplit_once('/').unwrap_or(("", main.as_str()));
    let rels = pkg
        .read_text(&rels_name)?
        .map(|x| parse_rels(&x))
        .unwrap_or_default();
    let targets = |suffix: &str| -> Vec<String> {
        rels.iter()
            .filter(|r| !r.external && r.typ.ends_with(suffix))
            .map(|r| resolve_target(dir, &r.target))
            .collect()
    };

    // Styles and numbering only affect labels: a damaged one degrades to a warning.
    let mut optional = |suffix: &str, warnings: &mut Vec<String>| -> Option<String> {
        let path = targets(suffix).into_iter().next()?;
        match pkg.read_text(&path) {
            Ok(x) => x,
            Err(e) => {
                warnings.push(format!("{path}: {e}; numbering labels may be missing"));
                None
            }
        }
    };
    let styles = optional("/styles", &mut warnings)
        .map(|x| numbering::parse_styles(&x))
        .unwrap_or_default();
    let numbering = optional("/numbering", &mut warnings)
        .map(|x| numbering::parse_numbering(&x))
        .unwrap_or_default();

    let doc_xml = pkg
        .read_text(&main)?
        .ok_or_else(|| ExtractError::MissingPart { part: main.clone() })?;
    let mut next_table = 0usize;
    let paras = parse_part(&doc_xml, &main, &mut next_table, limits, deadline)?;

    let mut blocks = Vec::with_capacity(paras.len());
    let mut counters = Counters::new(&numbering, &styles);
    for p in paras {
        let style = p.style.clone().or_else(|| styles.default_para.clone());
        let label = counters.label_for(&p.num, style.as_deref());
        let heading = p
            .outline
            .or_else(|| style.as_deref().and_then(|s| styles.outline_level(s)))
            .or_else(|| style.as_deref().and_then(|s| styles.heading_from_name(s)))
            .filter(|&l| l < 9);
        if p.text.trim().is_empty() && label.is_none() {
            continue;
        }
        let mut b = to_block(p, Part::Body, label);
        b.heading = heading;
        blocks.push(b);
    }

    for suffix in ["/header", "/footer", "/footnotes", "/endnotes", "/comments"] {
        for path in targets(suffix) {
            deadline.check()?;
            let parsed = pkg.read_text(&path).and_then(|x| match x {
                Some(x) => parse_part(&x, &path, &mut next_table, limits, deadline),
                None => Err(ExtractError::MissingPart { part: path.clone() }),
            });
            match parsed {
                Ok(v) => blocks.extend(
                    v.into_iter()
                        .filter(|p| !p.text.trim().is_empty())
                        .map(|p| to_block(p, part_kind(suffix), None)),
                ),
                Err(e @ ExtractError::Timeout(_)) => return Err(e),
                Err(e) => warnings.push(format!("{path}: {e}")),
            }
        }
    }
    Ok(Extracted {
        blocks,
        warnings,
        meta_title: core_title(&mut pkg),
        ..Default::default()
    })
}
