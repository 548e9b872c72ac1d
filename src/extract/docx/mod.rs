//! DOCX reader on zip + quick-xml (streaming). The docx-rs reader is not used for input:
//! it hangs on some corrupted files (see shared/research/extraction.md); docx-rs writes.

mod numbering;
pub mod numfmt;
pub mod walk;

use quick_xml::Reader;
use quick_xml::events::Event;

use super::error::ExtractError;
use super::limits::{Deadline, Limits};
use super::package::Package;
use super::xml::{attr, local};
use crate::extract::model::{Block, Extracted, Part, TableCell};
use numbering::{Counters, DirectNum};
use walk::{Ev, ParaProp, Walker};
pub use walk::{is_hidden_subtree, on_field_char};

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

fn parse_part(
    xml: &str,
    part: &str,
    next_table: &mut usize,
    limits: &Limits,
    deadline: Deadline,
) -> Result<Vec<Para>, ExtractError> {
    let mut w = Walker::new(xml, part, limits, deadline, *next_table);
    let mut out: Vec<Para> = vec![];
    let mut stack: Vec<Para> = vec![];
    while let Some(ev) = w.next_event()? {
        match ev {
            Ev::ParaStart {
                index,
                empty,
                table,
                in_textbox,
                ..
            } => {
                let p = Para {
                    index,
                    in_textbox,
                    table,
                    ..Default::default()
                };
                if empty {
                    out.push(p);
                } else {
                    stack.push(p);
                }
            }
            Ev::ParaProp(prop, val) => {
                if let Some(p) = stack.last_mut() {
                    match prop {
                        ParaProp::Style => p.style = val,
                        ParaProp::NumId => p.num.num_id = val,
                        ParaProp::Ilvl => p.num.ilvl = val.and_then(|v| v.parse().ok()),
                        ParaProp::Outline => p.outline = val.and_then(|v| v.parse().ok()),
                    }
                }
            }
            Ev::ParaEnd { .. } => {
                if let Some(p) = stack.pop() {
                    out.push(p);
                }
            }
            Ev::Text { text, deleted, .. } => {
                if let Some(p) = stack.last_mut() {
                    if deleted {
                        p.deleted.push_str(&text);
                    } else {
                        p.text.push_str(&text);
                    }
                }
            }
            Ev::ParaPropsEnd { .. }
            | Ev::RunStart { .. }
            | Ev::RunProps { .. }
            | Ev::RunEnd { .. } => {}
        }
    }
    *next_table = w.next_table();
    if w.open_paragraphs() > 0 {
        return Err(ExtractError::Xml {
            part: part.to_string(),
            detail: "XML 在段落中间结束（文件被截断？）".into(),
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
                warnings.push(format!("{path}：{e}；自动编号可能缺失"));
                None
            }
        }
    };
    let styles = match optional("/styles", &mut warnings) {
        Some(x) => numbering::parse_styles(&x, deadline)?,
        None => Default::default(),
    };
    let numbering = match optional("/numbering", &mut warnings) {
        Some(x) => numbering::parse_numbering(&x, deadline)?,
        None => Default::default(),
    };

    let doc_xml = pkg
        .read_text(&main)?
        .ok_or_else(|| ExtractError::MissingPart { part: main.clone() })?;
    let mut next_table = 0usize;
    let paras = parse_part(&doc_xml, &main, &mut next_table, limits, deadline)?;

    let mut blocks = Vec::with_capacity(paras.len());
    let mut counters = Counters::new(&numbering, &styles, limits.max_label_chars);
    let mut ticks = 0u32;
    for p in paras {
        deadline.tick(&mut ticks, 1024)?;
        let style = p.style.clone().or_else(|| styles.default_para.clone());
        let label = counters.label_for(&p.num, style.as_deref())?;
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
                Err(e @ (ExtractError::Timeout(_) | ExtractError::OverLimit { .. })) => {
                    return Err(e);
                }
                Err(e) => warnings.push(format!("{path}：{e}")),
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
