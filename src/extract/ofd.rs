//! OFD reader (GB/T 33190, a zip of XML): TextCode elements placed by position into
//! lines through the same layout as PDF; template pages (headers/footers) and
//! annotations (stamps) become their own parts.

use std::collections::HashMap;

use quick_xml::Reader;
use quick_xml::events::Event;

use super::error::ExtractError;
use super::layout::{self, PageScan, Run};
use super::limits::{Deadline, Limit, Limits, Meter};
use super::package::Package;
use super::xml::{Depth, attr, entity_text, local, xml_error};
use crate::extract::model::{Block, Extracted, Part};

fn join(base_dir: &str, rel: &str) -> String {
    if let Some(abs) = rel.strip_prefix('/') {
        return abs.to_string();
    }
    let mut parts: Vec<&str> = base_dir.split('/').filter(|s| !s.is_empty()).collect();
    for seg in rel.split('/') {
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

fn dir_of(p: &str) -> &str {
    p.rsplit_once('/').map(|x| x.0).unwrap_or("")
}

/// Trimmed text content of every element with the given local name.
fn texts_of(xml: &str, name: &str, deadline: Deadline) -> Result<Vec<String>, ExtractError> {
    let mut r = Reader::from_str(xml);
    let (mut out, mut inside, mut cur) = (vec![], false, String::new());
    let mut ticks = 0u32;
    loop {
        deadline.tick(&mut ticks, 4096)?;
        match r.read_event() {
            Ok(Event::Start(e)) if local(e.name().as_ref()) == name => {
                inside = true;
                cur.clear();
            }
            Ok(Event::Text(t)) if inside => cur.push_str(&t.xml10_content()),
            Ok(Event::End(e)) if local(e.name().as_ref()) == name => {
                inside = false;
                out.push(cur.trim().to_string());
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    Ok(out)
}

fn floats(s: &str) -> Vec<f64> {
    s.split_whitespace()
        .filter_map(|v| v.parse().ok())
        .collect()
}

/// TextCode items of one content part as runs (y negated: OFD's y grows downwards).
fn text_runs(
    xml: &str,
    part: &str,
    budget: &mut Budget,
    runs: &mut Vec<Run>,
) -> Result<(), ExtractError> {
    budget.charge(xml.len())?;
    let mut r = Reader::from_str(xml);
    let mut depth = Depth::new(budget.limits.max_xml_depth, part);
    let (mut origin, mut size) = ((0.0, 0.0), 3.5);
    let mut code: Option<Run> = None;
    loop {
        budget.deadline.tick(&mut budget.ticks, 4096)?;
        let pos = r.buffer_position();
        match r.read_event().map_err(|e| xml_error(part, e, pos))? {
            Event::Start(e) => {
                depth.enter()?;
                match local(e.name().as_ref()) {
                    "TextObject" => {
                        let b = floats(&attr(&e, "Boundary").unwrap_or_default());
                        origin = (
                            b.first().copied().unwrap_or(0.0),
                            b.get(1).copied().unwrap_or(0.0),
                        );
                        size = attr(&e, "Size").and_then(|v| v.parse().ok()).unwrap_or(3.5);
                    }
                    "TextCode" => {
                        let x =
                            attr(&e, "X").and_then(|v| v.parse().ok()).unwrap_or(0.0) + origin.0;
                        let y =
                            attr(&e, "Y").and_then(|v| v.parse().ok()).unwrap_or(0.0) + origin.1;
                        code = Some(Run {
                            x,
                            y: -y,
                            end_x: x,
                            size,
                            text: String::new(),
                            unmapped: 0,
                            glyphs: 0,
                        });
                    }
                    _ => {}
                }
            }
            Event::Text(t) => {
                if let Some(c) = code.as_mut() {
                    c.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(g) => {
                if let Some(c) = code.as_mut() {
                    c.text.push_str(&entity_text(&g));
                }
            }
            Event::End(e) => {
                depth.leave();
                if local(e.name().as_ref()) == "TextCode"
                    && let Some(mut c) = code.take()
                {
                    let n = c.text.chars().count();
                    c.glyphs = n;
                    c.end_x = c.x + n as f64 * c.size;
                    if runs.len() >= budget.limits.max_blocks {
                        let max = budget.limits.max_blocks as u64;
                        return Err(Limit::Blocks.error(max + 1, max));
                    }
                    runs.push(c);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(())
}

/// What reading one OFD may still spend: time, page content (page, template and
/// annotation parts, each time a page uses them) and lines.
struct Budget<'l> {
    limits: &'l Limits,
    deadline: Deadline,
    ticks: u32,
    page: Meter,
    document: Meter,
    lines: Meter,
}

impl Budget<'_> {
    fn charge(&mut self, n: usize) -> Result<(), ExtractError> {
        self.page.charge(n as u64)?;
        self.document.charge(n as u64)
    }
}

fn side_blocks(runs: Vec<Run>, page: u32, part: Part, out: &mut Vec<Block>) {
    let lines = layout::lines(page, PageScan { runs, images: 0 });
    for (i, l) in lines.lines.into_iter().enumerate() {
        let mut b = Block::new(l.text, part);
        b.page = Some(page);
        b.line = Some(i as u32 + 1);
        out.push(b);
    }
}

pub fn extract(
    bytes: &[u8],
    limits: &Limits,
    deadline: Deadline,
) -> Result<Extracted, ExtractError> {
    let mut pkg = Package::open(bytes, limits)?;
    let ofd = pkg
        .read_text("OFD.xml")?
        .ok_or_else(|| ExtractError::MissingPart {
            part: "OFD.xml".into(),
        })?;
    let mut out = Extracted {
        meta_title: texts_of(&ofd, "Title", deadline)?
            .into_iter()
            .find(|t| !t.is_empty()),
        ..Default::default()
    };
    let mut budget = Budget {
        limits,
        deadline,
        ticks: 0,
        page: Meter::new(Limit::PageContent, limits.max_page_content),
        document: Meter::new(Limit::DocumentContent, limits.max_document_content),
        lines: Meter::new(Limit::Blocks, limits.max_blocks as u64),
    };
    let mut pages_lines = vec![];
    let mut side = vec![];
    let mut page_no = 0u32;
    let roots = texts_of(&ofd, "DocRoot", deadline)?;
    if roots.len() > limits.max_ofd_documents {
        return Err(Limit::OfdDocuments.error(roots.len() as u64, limits.max_ofd_documents as u64));
    }
    for root in roots {
        deadline.check()?;
        let root = root.trim_start_matches('/').to_string();
        let ddir = dir_of(&root).to_string();
        let doc = pkg
            .read_text(&root)?
            .ok_or_else(|| ExtractError::MissingPart { part: root.clone() })?;
        let mut pages: Vec<(String, String)> = vec![];
        let mut templates: HashMap<String, String> = HashMap::new();
        let mut annots_loc: Option<String> = None;
        let mut r = Reader::from_str(&doc);
        let mut in_annots = false;
        let mut ticks = 0u32;
        loop {
            deadline.tick(&mut ticks, 4096)?;
            let pos = r.buffer_position();
            match r.read_event().map_err(|e| xml_error(&root, e, pos))? {
                Event::Start(e) | Event::Empty(e) => match local(e.name().as_ref()) {
                    "Page" => pages.push((
                        attr(&e, "ID").unwrap_or_default(),
                        join(&ddir, &attr(&e, "BaseLoc").unwrap_or_default()),
                    )),
                    "TemplatePage" => {
                        templates.insert(
                            attr(&e, "ID").unwrap_or_default(),
                            join(&ddir, &attr(&e, "BaseLoc").unwrap_or_default()),
                        );
                    }
                    "Annotations" => in_annots = true,
                    _ => {}
                },
                Event::Text(t) if in_annots => {
                    annots_loc = Some(join(&ddir, t.xml10_content().trim()))
                }
                Event::End(e) if local(e.name().as_ref()) == "Annotations" => in_annots = false,
                Event::Eof => break,
                _ => {}
            }
        }
        let mut annot_files: HashMap<String, Vec<String>> = HashMap::new();
        if let Some(al) = &annots_loc
            && let Ok(Some(ax)) = pkg.read_text(al)
        {
            let adir = dir_of(al).to_string();
            let mut r = Reader::from_str(&ax);
            let (mut cur_page, mut in_loc) = (String::new(), false);
            loop {
                deadline.tick(&mut ticks, 4096)?;
                match r.read_event() {
                    Ok(Event::Start(e)) if local(e.name().as_ref()) == "Page" => {
                        cur_page = attr(&e, "PageID").unwrap_or_default()
                    }
                    Ok(Event::Start(e)) if local(e.name().as_ref()) == "FileLoc" => in_loc = true,
                    Ok(Event::Text(t)) if in_loc => annot_files
                        .entry(cur_page.clone())
                        .or_default()
                        .push(join(&adir, t.xml10_content().trim())),
                    Ok(Event::End(e)) if local(e.name().as_ref()) == "FileLoc" => in_loc = false,
                    Ok(Event::Eof) | Err(_) => break,
                    _ => {}
                }
            }
        }
        for (pid, path) in pages {
            deadline.check()?;
            budget.page = Meter::new(Limit::PageContent, limits.max_page_content);
            page_no += 1;
            let Some(px) = pkg.read_text(&path)? else {
                out.warnings
                    .push(format!("第 {page_no} 页：缺少部件 {path}"));
                continue;
            };
            let template_ids: Vec<String> = {
                let mut r = Reader::from_str(&px);
                let mut ids = vec![];
                loop {
                    deadline.tick(&mut ticks, 4096)?;
                    match r.read_event() {
                        Ok(Event::Start(e)) | Ok(Event::Empty(e))
                            if local(e.name().as_ref()) == "Template" =>
                        {
                            ids.push(attr(&e, "TemplateID").unwrap_or_default())
                        }
                        Ok(Event::Eof) | Err(_) => break,
                        _ => {}
                    }
                }
                ids
            };
            let mut template_runs = vec![];
            for t in template_ids {
                if let Some(tp) = templates.get(&t)
                    && let Some(tx) = pkg.read_text(tp)?
                {
                    text_runs(&tx, tp, &mut budget, &mut template_runs)?;
                }
            }
            side_blocks(template_runs, page_no, Part::Header, &mut side);
            let mut runs = vec![];
            text_runs(&px, &path, &mut budget, &mut runs)?;
            let lines = layout::lines(page_no, PageScan { runs, images: 0 });
            budget.lines.charge(lines.lines.len() as u64)?;
            pages_lines.push(lines);
            let mut annot_runs = vec![];
            for af in annot_files.get(&pid).cloned().unwrap_or_default() {
                if let Some(ax) = pkg.read_text(&af)? {
                    text_runs(&ax, &af, &mut budget, &mut annot_runs)?;
                }
            }
            side_blocks(annot_runs, page_no, Part::Comment, &mut side);
        }
    }
    out.pages = Some(page_no);
    out.blocks = layout::blocks(&pages_lines);
    if out.blocks.iter().all(|b| b.part != Part::Body) {
        return Err(ExtractError::NoText("OFD 中没有文字对象".into()));
    }
    out.blocks.extend(side);
    Ok(out)
}
