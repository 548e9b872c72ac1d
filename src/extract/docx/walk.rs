//! The one walker over the paragraphs of a WordprocessingML part (issue 10).
//!
//! The docx reader builds blocks from it and `report::annotate` places Word comments with
//! it: both must number paragraphs identically, or a comment lands on the wrong paragraph
//! silently. So the rules of what is a paragraph, what is visible text and what is hidden
//! (field instructions, revision records, fallbacks, run properties) live here only, and
//! each event carries the byte offsets an editor needs.
//!
//! The walker keeps to the budgets: XML depth, paragraphs per part and the deadline.

use std::borrow::Cow;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::extract::error::ExtractError;
use crate::extract::limits::{Deadline, Limit, Limits};
use crate::extract::model::TableCell;
use crate::extract::xml::{Depth, attr, entity_text, local, xml_error};

/// Elements whose content is never visible text.
pub fn is_hidden_subtree(name: &str) -> bool {
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

/// Complex fields: `fields` holds, per open field, whether we are in its visible result
/// (after `separate`) rather than its instruction.
pub fn on_field_char(fields: &mut Vec<bool>, e: &BytesStart) {
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

/// A paragraph property the reader uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParaProp {
    Style,
    NumId,
    Ilvl,
    Outline,
}

/// What the walker reports, in document order. Byte offsets are into the part's XML.
#[derive(Debug)]
pub enum Ev<'x> {
    /// A paragraph (`w:p`) starts; `empty` for `<w:p/>`, which also ends it. `index` counts
    /// the paragraphs of the part from 0; `after` is the byte after the start tag.
    ParaStart {
        index: usize,
        empty: bool,
        after: usize,
        table: Option<TableCell>,
        in_textbox: bool,
    },
    /// A property of the innermost open paragraph.
    ParaProp(ParaProp, Option<String>),
    /// The paragraph properties (`w:pPr`) end; `after` is the byte after them.
    ParaPropsEnd { after: usize },
    /// The innermost open paragraph ends; `before` is the byte of its end tag.
    ParaEnd { before: usize },
    /// A run (`w:r`) starts at byte `before`.
    RunStart { before: usize },
    /// The run's own properties (`w:rPr`) span `before..after`.
    RunProps { before: usize, after: usize },
    /// The innermost open run ends; `after` is the byte after its end tag.
    RunEnd { after: usize },
    /// Text of the innermost open paragraph: visible, or removed by a tracked deletion.
    /// `raw` is its byte range when the XML bytes are exactly the text (so it can be split).
    /// Tabs are "\t", breaks "\n", a non-breaking hyphen "-", a symbol its character.
    Text {
        text: Cow<'x, str>,
        deleted: bool,
        raw: Option<(usize, usize)>,
    },
}

pub struct Walker<'x> {
    xml: &'x str,
    reader: Reader<&'x [u8]>,
    part: String,
    depth: Depth,
    deadline: Deadline,
    ticks: u32,
    paragraphs: usize,
    max_paragraphs: usize,
    open_paragraphs: usize,
    open_runs: usize,
    skip: usize,
    in_text: bool,
    del: usize,
    in_ppr: usize,
    textbox: usize,
    fields: Vec<bool>,
    /// (table id, row, grid col, span of current cell)
    tables: Vec<(usize, isize, usize, usize)>,
    next_table: usize,
    rpr_start: Option<usize>,
}

impl<'x> Walker<'x> {
    /// A walker over `xml` (part `part`); tables are numbered from `first_table`.
    pub fn new(
        xml: &'x str,
        part: &str,
        limits: &Limits,
        deadline: Deadline,
        first_table: usize,
    ) -> Self {
        Walker {
            xml,
            reader: Reader::from_str(xml),
            part: part.to_string(),
            depth: Depth::new(limits.max_xml_depth, part),
            deadline,
            ticks: 0,
            paragraphs: 0,
            max_paragraphs: limits.max_blocks,
            open_paragraphs: 0,
            open_runs: 0,
            skip: 0,
            in_text: false,
            del: 0,
            in_ppr: 0,
            textbox: 0,
            fields: vec![],
            tables: vec![],
            next_table: first_table,
            rpr_start: None,
        }
    }

    /// The number the next table would get (tables are numbered across parts).
    pub fn next_table(&self) -> usize {
        self.next_table
    }

    /// Paragraphs started but not ended (non-zero at the end: a truncated part).
    pub fn open_paragraphs(&self) -> usize {
        self.open_paragraphs
    }

    fn text_visible(&self) -> bool {
        self.fields.iter().all(|visible| *visible)
    }

    fn text(&self, text: Cow<'x, str>, raw: Option<(usize, usize)>) -> Option<Ev<'x>> {
        (self.open_paragraphs > 0 && self.text_visible()).then_some(Ev::Text {
            text,
            deleted: self.del > 0,
            raw,
        })
    }

    /// The next event, or None at the end of the part.
    pub fn next_event(&mut self) -> Result<Option<Ev<'x>>, ExtractError> {
        loop {
            self.deadline.tick(&mut self.ticks, 4096)?;
            let before = self.reader.buffer_position() as usize;
            let ev = self
                .reader
                .read_event()
                .map_err(|e| xml_error(&self.part, e, before as u64))?;
            let after = self.reader.buffer_position() as usize;
            let out = match ev {
                Event::Start(ref e) | Event::Empty(ref e) => {
                    let is_start = matches!(ev, Event::Start(_));
                    self.start(e, is_start, before, after)?
                }
                Event::End(ref e) => self.end(local(e.name().as_ref()), before, after),
                Event::Text(ref t) if self.skip == 0 && self.in_text => {
                    let text = t.xml10_content();
                    // Line-ending normalisation would break the byte mapping: such text
                    // cannot be split.
                    let raw =
                        (self.xml.get(before..after) == Some(&*text)).then_some((before, after));
                    self.text(Cow::Owned(text.into_owned()), raw)
                }
                Event::GeneralRef(ref g) if self.skip == 0 && self.in_text => {
                    self.text(Cow::Owned(entity_text(g)), None)
                }
                Event::Eof => return Ok(None),
                _ => None,
            };
            if out.is_some() {
                return Ok(out);
            }
        }
    }

    fn start(
        &mut self,
        e: &BytesStart,
        is_start: bool,
        before: usize,
        after: usize,
    ) -> Result<Option<Ev<'x>>, ExtractError> {
        if is_start {
            self.depth.enter()?;
        }
        if self.skip > 0 {
            self.skip += usize::from(is_start);
            return Ok(None);
        }
        let name = e.name();
        let n = local(name.as_ref());
        if is_hidden_subtree(n) {
            self.skip = usize::from(is_start);
            // A run's own properties: an editor copies them into the runs it splits.
            if n == "rPr" && self.open_runs > 0 && self.in_ppr == 0 {
                if is_start {
                    self.rpr_start = Some(before);
                } else {
                    return Ok(Some(Ev::RunProps { before, after }));
                }
            }
            return Ok(None);
        }
        let prop = |p: ParaProp| Ok(Some(Ev::ParaProp(p, attr(e, "val"))));
        Ok(match n {
            "p" => {
                if self.paragraphs >= self.max_paragraphs {
                    let max = self.max_paragraphs as u64;
                    return Err(Limit::Blocks.error(max + 1, max));
                }
                let index = self.paragraphs;
                self.paragraphs += 1;
                self.open_paragraphs += usize::from(is_start);
                let table = self.tables.last().map(|&(t, row, col, _)| TableCell {
                    table: t,
                    row: row.max(0) as usize,
                    col,
                });
                Some(Ev::ParaStart {
                    index,
                    empty: !is_start,
                    after,
                    table,
                    in_textbox: self.textbox > 0,
                })
            }
            "pPr" if is_start => {
                self.in_ppr += 1;
                None
            }
            "pStyle" if self.in_ppr > 0 => return prop(ParaProp::Style),
            "numId" if self.in_ppr > 0 => return prop(ParaProp::NumId),
            "ilvl" if self.in_ppr > 0 => return prop(ParaProp::Ilvl),
            "outlineLvl" if self.in_ppr > 0 => return prop(ParaProp::Outline),
            "r" if is_start => {
                self.open_runs += 1;
                Some(Ev::RunStart { before })
            }
            "t" | "delText" if is_start => {
                self.in_text = true;
                None
            }
            "del" | "moveFrom" if is_start && self.in_ppr == 0 => {
                self.del += 1;
                None
            }
            "tab" | "ptab" if self.in_ppr == 0 => self.text(Cow::Borrowed("\t"), None),
            "br" | "cr" if self.in_ppr == 0 => self.text(Cow::Borrowed("\n"), None),
            "noBreakHyphen" if self.in_ppr == 0 => self.text(Cow::Borrowed("-"), None),
            "sym" if self.in_ppr == 0 => attr(e, "char")
                .and_then(|h| u32::from_str_radix(&h, 16).ok())
                .and_then(char::from_u32)
                .and_then(|c| self.text(Cow::Owned(c.to_string()), None)),
            "fldChar" => {
                on_field_char(&mut self.fields, e);
                None
            }
            "txbxContent" if is_start => {
                self.textbox += 1;
                None
            }
            "tbl" if is_start => {
                self.tables.push((self.next_table, -1, 0, 1));
                self.next_table += 1;
                None
            }
            "tr" if is_start => {
                if let Some(t) = self.tables.last_mut() {
                    t.1 += 1;
                    t.2 = 0;
                }
                None
            }
            "tc" if is_start => {
                if let Some(t) = self.tables.last_mut() {
                    t.3 = 1;
                }
                None
            }
            "gridSpan" => {
                if let Some(t) = self.tables.last_mut() {
                    t.3 = attr(e, "val").and_then(|v| v.parse().ok()).unwrap_or(1);
                }
                None
            }
            _ => None,
        })
    }

    fn end(&mut self, n: &str, before: usize, after: usize) -> Option<Ev<'x>> {
        self.depth.leave();
        if self.skip > 0 {
            self.skip -= 1;
            if self.skip == 0
                && n == "rPr"
                && let Some(start) = self.rpr_start.take()
            {
                return Some(Ev::RunProps {
                    before: start,
                    after,
                });
            }
            return None;
        }
        match n {
            "p" if self.open_paragraphs > 0 => {
                self.open_paragraphs -= 1;
                Some(Ev::ParaEnd { before })
            }
            "pPr" => {
                self.in_ppr = self.in_ppr.saturating_sub(1);
                Some(Ev::ParaPropsEnd { after })
            }
            "r" if self.open_runs > 0 => {
                self.open_runs -= 1;
                Some(Ev::RunEnd { after })
            }
            "t" | "delText" => {
                self.in_text = false;
                None
            }
            "del" | "moveFrom" if self.in_ppr == 0 => {
                self.del = self.del.saturating_sub(1);
                None
            }
            "txbxContent" => {
                self.textbox = self.textbox.saturating_sub(1);
                None
            }
            "tbl" => {
                self.tables.pop();
                None
            }
            "tc" => {
                if let Some(t) = self.tables.last_mut() {
                    t.2 += t.3;
                }
                None
            }
            _ => None,
        }
    }
}
