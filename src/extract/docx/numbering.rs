//! Word automatic numbering: styles.xml + numbering.xml → the labels Word shows (第一条, （一）).
//!
//! Resolution order per paragraph follows Word: direct numPr, else the style chain's numPr
//! (basedOn), numStyleLink indirection, counters per abstractNum, startOverride on first use
//! of a num, deeper levels restarting after a higher level unless lvlRestart says otherwise.

use std::collections::{HashMap, HashSet};

use quick_xml::Reader;
use quick_xml::events::Event;

use super::numfmt;
use crate::extract::error::ExtractError;
use crate::extract::limits::{Deadline, Limit};
use crate::extract::xml::{attr, local};

#[derive(Default, Clone)]
pub struct StyleDef {
    pub name: Option<String>,
    based_on: Option<String>,
    num_id: Option<String>,
    ilvl: Option<u8>,
    outline: Option<u8>,
}

#[derive(Default)]
pub struct Styles {
    map: HashMap<String, StyleDef>,
    pub default_para: Option<String>,
}

impl Styles {
    /// First value found walking the basedOn chain (bounded against cycles).
    fn chain<T>(&self, id: &str, f: impl Fn(&StyleDef) -> Option<T>) -> Option<T> {
        let mut cur = Some(id.to_string());
        for _ in 0..20 {
            let s = self.map.get(cur.as_deref()?)?;
            if let Some(v) = f(s) {
                return Some(v);
            }
            cur = s.based_on.clone();
        }
        None
    }

    pub fn outline_level(&self, style: &str) -> Option<u8> {
        self.chain(style, |d| d.outline)
    }

    /// Heading level implied by a style name (heading 1, 标题 1, Title).
    pub fn heading_from_name(&self, style: &str) -> Option<u8> {
        let name = self
            .map
            .get(style)
            .and_then(|s| s.name.clone())
            .unwrap_or_else(|| style.to_string())
            .to_lowercase();
        let rest = name
            .strip_prefix("heading")
            .or_else(|| name.strip_prefix("标题"))?;
        rest.trim().parse::<u8>().ok().map(|n| n.saturating_sub(1))
    }
}

pub fn parse_styles(xml: &str, deadline: Deadline) -> Result<Styles, ExtractError> {
    let mut st = Styles::default();
    let mut r = Reader::from_str(xml);
    // Where `r` starts in `xml` (it restarts after a skipped table style).
    let mut base = 0usize;
    let mut cur: Option<(String, StyleDef)> = None;
    let mut skip = 0usize;
    let mut ticks = 0u32;
    loop {
        deadline.tick(&mut ticks, 4096)?;
        let ev = r.read_event();
        match ev {
            Ok(Event::Start(ref e)) | Ok(Event::Empty(ref e)) => {
                let is_start = matches!(ev, Ok(Event::Start(_)));
                if skip > 0 {
                    skip += usize::from(is_start);
                    continue;
                }
                // Run, table and latent-style properties are most of a styles part (a Word
                // template's is 350 KB) and say nothing about numbering or outline levels:
                // let the reader skip them without looking at each element.
                if is_start
                    && matches!(
                        local(e.name().as_ref()),
                        "latentStyles"
                            | "docDefaults"
                            | "rPr"
                            | "tblPr"
                            | "trPr"
                            | "tcPr"
                            | "tblStylePr"
                    )
                {
                    let end = e.name().as_ref().to_string();
                    if r.read_to_end(quick_xml::name::QName(&end)).is_err() {
                        break;
                    }
                    continue;
                }
                let Some((_, d)) = cur.as_mut() else {
                    if local(e.name().as_ref()) == "style" {
                        // Table styles are most of a Word template's styles part (200 KB of
                        // borders and shading) and never number a paragraph. A style holds
                        // no other style, so its end tag is the next one of that name: skip
                        // there by a text search instead of reading each element.
                        if is_start && attr(e, "type").as_deref() == Some("table") {
                            let end = format!("</{}>", e.name().into_inner());
                            let at = base + r.buffer_position() as usize;
                            // memmem: the std substring search walked those 200 KB at a
                            // seventh of a docx's extraction.
                            match xml.get(at..).and_then(|rest| {
                                memchr::memmem::find(rest.as_bytes(), end.as_bytes())
                            }) {
                                Some(k) => {
                                    base = at + k + end.len();
                                    r = Reader::from_str(&xml[base..]);
                                    r.config_mut().check_end_names = false;
                                    continue;
                                }
                                None => break,
                            }
                        }
                        let id = attr(e, "styleId").unwrap_or_default();
                        if attr(e, "type").as_deref() == Some("paragraph")
                            && matches!(attr(e, "default").as_deref(), Some("1" | "true" | "on"))
                        {
                            st.default_para = Some(id.clone());
                        }
                        cur = Some((id, StyleDef::default()));
                    }
                    continue;
                };
                match local(e.name().as_ref()) {
                    "pPrChange" | "rPrChange" if is_start => skip = 1,
                    "name" => d.name = attr(e, "val"),
                    "basedOn" => d.based_on = attr(e, "val"),
                    "numId" => d.num_id = attr(e, "val"),
                    "ilvl" => d.ilvl = attr(e, "val").and_then(|v| v.parse().ok()),
                    "outlineLvl" => d.outline = attr(e, "val").and_then(|v| v.parse().ok()),
                    _ => {}
                }
            }
            Ok(Event::End(ref e)) => {
                if skip > 0 {
                    skip -= 1;
                } else if local(e.name().as_ref()) == "style"
                    && let Some((id, d)) = cur.take()
                {
                    st.map.insert(id, d);
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    Ok(st)
}

#[derive(Default, Clone)]
struct Level {
    start: u32,
    fmt: String,
    text: String,
    suff: String,
    pstyle: Option<String>,
    restart: Option<u32>,
    is_lgl: bool,
}

#[derive(Default)]
struct AbstractNum {
    levels: HashMap<u8, Level>,
    num_style_link: Option<String>,
}

#[derive(Default)]
struct NumInst {
    abstract_id: String,
    start_overrides: HashMap<u8, u32>,
    lvl_overrides: HashMap<u8, Level>,
}

#[derive(Default)]
pub struct Numbering {
    abstracts: HashMap<String, AbstractNum>,
    nums: HashMap<String, NumInst>,
}

pub fn parse_numbering(xml: &str, deadline: Deadline) -> Result<Numbering, ExtractError> {
    let mut nb = Numbering::default();
    let mut ticks = 0u32;
    let mut r = Reader::from_str(xml);
    let mut cur_abs: Option<(String, AbstractNum)> = None;
    let mut cur_num: Option<(String, NumInst)> = None;
    let mut cur_lvl: Option<(u8, Level)> = None;
    let mut override_ilvl: Option<u8> = None;
    let num_val = |e: &quick_xml::events::BytesStart| attr(e, "val").and_then(|v| v.parse().ok());
    loop {
        deadline.tick(&mut ticks, 4096)?;
        match r.read_event() {
            Ok(Event::Start(ref e)) | Ok(Event::Empty(ref e)) => match local(e.name().as_ref()) {
                "abstractNum" => {
                    cur_abs = Some((
                        attr(e, "abstractNumId").unwrap_or_default(),
                        AbstractNum::default(),
                    ))
                }
                "num" => cur_num = Some((attr(e, "numId").unwrap_or_default(), NumInst::default())),
                "abstractNumId" => {
                    if let Some((_, n)) = cur_num.as_mut() {
                        n.abstract_id = attr(e, "val").unwrap_or_default();
                    }
                }
                "numStyleLink" => {
                    if let Some((_, a)) = cur_abs.as_mut() {
                        a.num_style_link = attr(e, "val");
                    }
                }
                "lvlOverride" => override_ilvl = attr(e, "ilvl").and_then(|v| v.parse().ok()),
                "startOverride" => {
                    if let (Some((_, n)), Some(i)) = (cur_num.as_mut(), override_ilvl) {
                        n.start_overrides.insert(i, num_val(e).unwrap_or(1));
                    }
                }
                "lvl" => {
                    let level = Level {
                        start: 1,
                        suff: "tab".into(),
                        ..Default::default()
                    };
                    cur_lvl = Some((
                        attr(e, "ilvl").and_then(|v| v.parse().ok()).unwrap_or(0),
                        level,
                    ));
                }
                name => {
                    let Some((_, l)) = cur_lvl.as_mut() else {
                        continue;
                    };
                    match name {
                        "start" => l.start = num_val(e).unwrap_or(1),
                        "numFmt" => l.fmt = attr(e, "val").unwrap_or_default(),
                        "lvlText" => l.text = attr(e, "val").unwrap_or_default(),
                        "suff" => l.suff = attr(e, "val").unwrap_or_default(),
                        "pStyle" => l.pstyle = attr(e, "val"),
                        "lvlRestart" => l.restart = num_val(e),
                        "isLgl" => {
                            l.is_lgl = !matches!(attr(e, "val").as_deref(), Some("0" | "false"))
                        }
                        _ => {}
                    }
                }
            },
            Ok(Event::End(ref e)) => match local(e.name().as_ref()) {
                "lvl" => {
                    if let Some((i, l)) = cur_lvl.take() {
                        if let Some((_, n)) = cur_num.as_mut() {
                            n.lvl_overrides.insert(i, l);
                        } else if let Some((_, a)) = cur_abs.as_mut() {
                            a.levels.insert(i, l);
                        }
                    }
                }
                "abstractNum" => {
                    if let Some((id, a)) = cur_abs.take() {
                        nb.abstracts.insert(id, a);
                    }
                }
                "num" => {
                    if let Some((id, n)) = cur_num.take() {
                        nb.nums.insert(id, n);
                    }
                }
                _ => {}
            },
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    Ok(nb)
}

/// Numbering state while walking the body in document order.
///
/// Counters belong to the abstractNum (after numStyleLink), not to the num: two nums over
/// one abstractNum continue one sequence, which is how Word continues a list across an
/// interruption. A num's `lvlOverride` (startOverride, or a whole replacement `w:lvl`)
/// restarts the shared counter of that level the first time the num is used at that level,
/// and gives the start value whenever that level restarts later (ECMA-376 §17.9.27).
pub struct Counters<'a> {
    nb: &'a Numbering,
    styles: &'a Styles,
    counts: HashMap<String, [Option<u32>; 9]>,
    seen: HashSet<(String, u8)>,
    max_label_chars: usize,
}

/// The paragraph's own numbering properties: (numId, ilvl) when given directly.
#[derive(Default, Clone, Debug)]
pub struct DirectNum {
    pub num_id: Option<String>,
    pub ilvl: Option<u8>,
}

impl<'a> Counters<'a> {
    pub fn new(nb: &'a Numbering, styles: &'a Styles, max_label_chars: usize) -> Self {
        Counters {
            nb,
            styles,
            counts: HashMap::new(),
            seen: HashSet::new(),
            max_label_chars,
        }
    }

    fn abstract_for(&self, num_id: &str) -> Option<(&'a str, &'a AbstractNum)> {
        let inst = self.nb.nums.get(num_id)?;
        let (mut id, mut a) = self.nb.abstracts.get_key_value(&inst.abstract_id)?;
        if let Some(link) = &a.num_style_link
            && let Some(nid) = self.styles.chain(link, |s| s.num_id.clone())
            && let Some(i2) = self.nb.nums.get(&nid)
            && let Some((id2, a2)) = self.nb.abstracts.get_key_value(&i2.abstract_id)
        {
            id = id2;
            a = a2;
        }
        Some((id.as_str(), a))
    }

    /// The level as this num shows it: a replacement `w:lvl` of the num when it defines a
    /// format, else the abstract's, with the start value the num overrides.
    fn level(&self, num_id: &str, a: &'a AbstractNum, ilvl: u8) -> Option<Level> {
        let inst = self.nb.nums.get(num_id);
        let own = inst.and_then(|n| n.lvl_overrides.get(&ilvl));
        let mut l = match own {
            Some(l) if !l.fmt.is_empty() || !l.text.is_empty() => l.clone(),
            _ => a.levels.get(&ilvl).cloned()?,
        };
        // An override w:lvl that only sets w:start still restarts the level there.
        if let Some(o) = own {
            l.start = o.start;
        }
        if let Some(&v) = inst.and_then(|n| n.start_overrides.get(&ilvl)) {
            l.start = v;
        }
        Some(l)
    }

    /// The level's lvlRestart as `level` would resolve it, without building the level.
    fn restart_of(&self, num_id: &str, a: &AbstractNum, ilvl: u8) -> Option<u32> {
        match self
            .nb
            .nums
            .get(num_id)
            .and_then(|n| n.lvl_overrides.get(&ilvl))
        {
            Some(l) if !l.fmt.is_empty() || !l.text.is_empty() => l.restart,
            _ => a.levels.get(&ilvl)?.restart,
        }
    }

    /// Whether the num overrides this level (a restart of the shared counter on first use).
    fn overrides(&self, num_id: &str, ilvl: u8) -> bool {
        self.nb.nums.get(num_id).is_some_and(|n| {
            n.start_overrides.contains_key(&ilvl) || n.lvl_overrides.contains_key(&ilvl)
        })
    }

    /// Label and separator for the next numbered paragraph, or None when not numbered; an
    /// error when the label would be longer than the budget allows.
    pub fn label_for(
        &mut self,
        direct: &DirectNum,
        style: Option<&str>,
    ) -> Result<Option<(String, &'static str)>, ExtractError> {
        let style_num = style.and_then(|s| self.styles.chain(s, |d| d.num_id.clone()));
        let style_ilvl = style.and_then(|s| self.styles.chain(s, |d| d.ilvl));
        let Some(num_id) = direct.num_id.clone().or(style_num) else {
            return Ok(None);
        };
        if num_id == "0" {
            return Ok(None);
        }
        let ilvl = direct.ilvl.or(style_ilvl).unwrap_or_else(|| {
            // No ilvl: the level bound to this paragraph's style, else level 0.
            self.abstract_for(&num_id)
                .and_then(|(_, a)| {
                    a.levels
                        .iter()
                        .find(|(_, l)| l.pstyle.is_some() && l.pstyle.as_deref() == style)
                        .map(|(i, _)| *i)
                })
                .unwrap_or(0)
        });
        self.next_label(&num_id, ilvl.min(8))
    }

    fn next_label(
        &mut self,
        num_id: &str,
        ilvl: u8,
    ) -> Result<Option<(String, &'static str)>, ExtractError> {
        let Some((abs_id, a)) = self.abstract_for(num_id) else {
            return Ok(None);
        };
        let Some(lvl) = self.level(num_id, a, ilvl) else {
            return Ok(None);
        };
        let i = ilvl as usize;
        let restart_here =
            self.overrides(num_id, ilvl) && self.seen.insert((num_id.to_string(), ilvl));
        // Which deeper levels restart after this one: each level's lvlRestart as this num
        // defines it (absent: after any higher level; 0: never).
        let mut restarts = [false; 9];
        for (d, r) in restarts.iter_mut().enumerate().skip(i + 1) {
            *r = self
                .restart_of(num_id, a, d as u8)
                .map(|r| r != 0 && r as usize > i)
                .unwrap_or(true);
        }
        let entry = self.counts.entry(abs_id.to_string()).or_insert([None; 9]);
        entry[i] = Some(match entry[i] {
            Some(v) if !restart_here => v.saturating_add(1),
            _ => lvl.start,
        });
        for (slot, restart) in entry.iter_mut().zip(restarts) {
            if restart {
                *slot = None;
            }
        }
        let snapshot = *entry;
        let max = self.max_label_chars;
        let over = |n: usize| Limit::LabelLength.error(n as u64, max as u64);
        let mut label = String::new();
        let mut len = 0usize;
        let mut chars = lvl.text.chars().peekable();
        while let Some(c) = chars.next() {
            if len > max {
                return Err(over(len));
            }
            if c == '%'
                && let Some(d) = chars.peek().and_then(|d| d.to_digit(10))
            {
                chars.next();
                let li = (d as usize).saturating_sub(1).min(8);
                let l = self.level(num_id, a, li as u8).unwrap_or_default();
                let v = snapshot[li].unwrap_or(l.start.max(1));
                let fmt = if lvl.is_lgl && li != i {
                    "decimal"
                } else {
                    l.fmt.as_str()
                };
                let part = numfmt::format_capped(v, fmt, max - len).ok_or_else(|| over(max + 1))?;
                len += part.chars().count();
                label.push_str(&part);
                continue;
            }
            label.push(c);
            len += 1;
        }
        if len > max {
            return Err(over(len));
        }
        let suffix = match lvl.suff.as_str() {
            "nothing" => "",
            "space" => " ",
            _ => "\t",
        };
        Ok(Some((label, suffix)))
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    fn numbering(body: &str) -> Numbering {
        let xml = format!("<w:numbering {W}>{body}</w:numbering>");
        parse_numbering(&xml, Deadline::new(Duration::from_secs(5))).unwrap()
    }

    #[test]
    fn styles_after_a_skipped_table_style_are_read() {
        let table = r#"<w:style w:type="table" w:styleId="Grid"><w:name w:val="Table Grid"/>
            <w:tblPr><w:tblBorders><w:top w:val="single"/></w:tblBorders></w:tblPr>
            <w:tblStylePr w:type="firstRow"><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:tblStylePr></w:style>"#;
        let para = r#"<w:style w:type="paragraph" w:styleId="H2"><w:name w:val="heading 2"/>
            <w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>"#;
        let xml = format!("<w:styles {W}>{table}{table}{para}</w:styles>");
        let st = parse_styles(&xml, Deadline::new(Duration::from_secs(5))).unwrap();
        assert_eq!(st.outline_level("H2"), Some(1));
        assert_eq!(st.outline_level("Grid"), None);
        // A table style that never ends: the part is cut short, not an error or a hang.
        let cut =
            format!("<w:styles {W}>{para}<w:style w:type=\"table\" w:styleId=\"T\"><w:tblPr>");
        let st = parse_styles(&cut, Deadline::new(Duration::from_secs(5))).unwrap();
        assert_eq!(st.outline_level("H2"), Some(1));
    }

    /// Labels of paragraphs given as (numId, ilvl), in document order.
    fn labels(nb: &Numbering, paras: &[(&str, u8)]) -> Vec<String> {
        let styles = Styles::default();
        let mut c = Counters::new(nb, &styles, 256);
        paras
            .iter()
            .map(|(n, l)| {
                let direct = DirectNum {
                    num_id: Some(n.to_string()),
                    ilvl: Some(*l),
                };
                c.label_for(&direct, None).unwrap().unwrap().0
            })
            .collect()
    }

    /// 章 at level 0, 条 at level 1 continuing across chapters (lvlRestart 0), 款 （一） at
    /// level 2 restarting under each 条.
    const LAW: &str = r#"<w:abstractNum w:abstractNumId="5">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="第%1章"/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlRestart w:val="0"/><w:lvlText w:val="第%2条"/></w:lvl>
        <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%3）"/></w:lvl>
      </w:abstractNum>"#;

    #[test]
    fn levels_count_restart_and_never_restart() {
        let nb = numbering(&format!(
            r#"{LAW}<w:num w:numId="1"><w:abstractNumId w:val="5"/></w:num>"#
        ));
        let got = labels(
            &nb,
            &[
                ("1", 0),
                ("1", 1),
                ("1", 2),
                ("1", 2),
                ("1", 1),
                ("1", 2),
                ("1", 0),
                ("1", 1),
                ("1", 2),
            ],
        );
        assert_eq!(
            got,
            [
                "第一章",
                "第一条",
                "（一）",
                "（二）",
                "第二条",
                "（一）",
                "第二章",
                "第三条",
                "（一）"
            ]
        );
    }

    #[test]
    fn nums_over_one_abstract_share_counters_and_start_overrides_restart_once() {
        // The shape of a regulation whose source lost 第一章: the first chapter heading is
        // numbered by a num that starts at 2 (Word's "Set Numbering Value"), the others by
        // the plain num over the same abstractNum, which continues from there.
        let nb = numbering(&format!(
            r#"{LAW}
            <w:num w:numId="1"><w:abstractNumId w:val="5"/></w:num>
            <w:num w:numId="2"><w:abstractNumId w:val="5"/>
              <w:lvlOverride w:ilvl="0"><w:startOverride w:val="2"/></w:lvlOverride></w:num>
            <w:num w:numId="3"><w:abstractNumId w:val="5"/>
              <w:lvlOverride w:ilvl="0"><w:startOverride w:val="6"/></w:lvlOverride></w:num>"#
        ));
        let got = labels(
            &nb,
            &[
                ("1", 1),
                ("1", 1),
                ("2", 0),
                ("1", 1),
                ("1", 0),
                ("1", 1),
                ("3", 0),
                ("1", 0),
                ("2", 0),
            ],
        );
        assert_eq!(
            got,
            [
                "第一条",
                "第二条",
                "第二章",
                "第三条",
                "第三章",
                "第四条",
                "第六章",
                "第七章",
                // num 2 was used before: its override does not restart the sequence again
                "第八章"
            ]
        );
    }

    #[test]
    fn an_override_of_a_deeper_level_applies_where_that_level_is_first_used() {
        // num 2 restarts the 款 counter at 3 (a list continued by hand after a quotation),
        // although its first paragraph is a 条 heading: the override waits for level 2.
        let nb = numbering(&format!(
            r#"{LAW}
            <w:num w:numId="1"><w:abstractNumId w:val="5"/></w:num>
            <w:num w:numId="2"><w:abstractNumId w:val="5"/>
              <w:lvlOverride w:ilvl="2"><w:startOverride w:val="3"/></w:lvlOverride></w:num>"#
        ));
        let got = labels(
            &nb,
            &[("1", 1), ("1", 2), ("2", 1), ("2", 2), ("2", 2), ("1", 2)],
        );
        assert_eq!(
            got,
            ["第一条", "（一）", "第二条", "（三）", "（四）", "（五）"]
        );
    }

    #[test]
    fn a_replacement_level_sets_format_and_start_and_restarts() {
        // A num whose lvlOverride carries a whole w:lvl (older Word writes restarts this way):
        // its own format and start, and the start again whenever the level restarts.
        let nb = numbering(&format!(
            r#"{LAW}
            <w:num w:numId="1"><w:abstractNumId w:val="5"/></w:num>
            <w:num w:numId="2"><w:abstractNumId w:val="5"/>
              <w:lvlOverride w:ilvl="2"><w:lvl w:ilvl="2"><w:start w:val="1"/>
                <w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl></w:lvlOverride></w:num>"#
        ));
        let got = labels(
            &nb,
            &[("1", 1), ("2", 2), ("2", 2), ("1", 1), ("2", 2), ("1", 2)],
        );
        assert_eq!(got, ["第一条", "1.", "2.", "第二条", "1.", "（二）"]);
    }
}
