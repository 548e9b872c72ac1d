//! Page layout shared by the readers of fixed-layout formats (PDF, OFD): positioned text
//! runs → lines in reading order → paragraphs.

use std::sync::LazyLock;

use regex::Regex;

use crate::chinese::label::leading_label;
use crate::extract::model::{Block, Part};

/// A piece of text drawn at one position, in page space (y grows upwards).
#[derive(Debug, Clone)]
pub struct Run {
    pub x: f64,
    pub y: f64,
    pub end_x: f64,
    pub size: f64,
    pub text: String,
    pub unmapped: usize,
    pub glyphs: usize,
}

/// The runs of one page, and how many images it draws.
#[derive(Default)]
pub struct PageScan {
    pub runs: Vec<Run>,
    pub images: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PageQuality {
    Good,
    Blank,
    Scanned,
    Garbled(String),
    Failed(String),
}

#[derive(Debug, Clone)]
pub struct Line {
    pub text: String,
    pub x: f64,
    pub end_x: f64,
    pub y: f64,
    pub size: f64,
}

#[derive(Debug, Clone)]
pub struct PageLines {
    pub number: u32,
    pub lines: Vec<Line>,
    pub quality: PageQuality,
}

impl PageLines {
    pub fn failed(number: u32, why: String) -> Self {
        PageLines {
            number,
            lines: vec![],
            quality: PageQuality::Failed(why),
        }
    }

    pub fn text(&self) -> String {
        let mut s = String::new();
        for l in &self.lines {
            s.push_str(&l.text);
            s.push('\n');
        }
        s
    }
}

fn is_bad_char(c: char) -> bool {
    c == '\u{FFFD}'
        || (c.is_control() && !c.is_whitespace())
        || ('\u{E000}'..='\u{F8FF}').contains(&c)
}

fn quality(scan: &PageScan) -> PageQuality {
    let glyphs: usize = scan.runs.iter().map(|r| r.glyphs).sum();
    let text: String = scan.runs.iter().map(|r| r.text.as_str()).collect();
    let visible = text.chars().filter(|c| !c.is_whitespace()).count();
    if visible == 0 {
        return if scan.images > 0 {
            PageQuality::Scanned
        } else {
            PageQuality::Blank
        };
    }
    let unmapped: usize = scan.runs.iter().map(|r| r.unmapped).sum();
    if unmapped * 10 > glyphs * 3 {
        return PageQuality::Garbled(format!(
            "{glyphs} 个字形中 {unmapped} 个使用没有 Unicode 映射的字体"
        ));
    }
    let bad = text.chars().filter(|&c| is_bad_char(c)).count();
    if bad * 10 > visible * 3 {
        return PageQuality::Garbled(format!("{visible} 个字符中 {bad} 个是控制符或替换符"));
    }
    PageQuality::Good
}

pub fn lines(number: u32, scan: PageScan) -> PageLines {
    let quality = quality(&scan);
    if quality != PageQuality::Good {
        return PageLines {
            number,
            lines: vec![],
            quality,
        };
    }
    let mut runs: Vec<Run> = scan.runs;
    runs.retain(|r| r.x.is_finite() && r.y.is_finite());
    runs.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x.total_cmp(&b.x)));
    let mut groups: Vec<Vec<Run>> = vec![];
    for r in runs {
        match groups.last_mut() {
            Some(g) if (g[0].y - r.y).abs() <= 0.5 * g[0].size.max(r.size).max(1.0) => g.push(r),
            _ => groups.push(vec![r]),
        }
    }
    let lines = groups
        .into_iter()
        .map(|mut g| {
            g.sort_by(|a, b| a.x.total_cmp(&b.x));
            let mut text = String::new();
            let mut last_end: Option<f64> = None;
            for r in &g {
                if let Some(end) = last_end
                    && r.x - end > r.size * 0.5
                    && !text.ends_with(' ')
                {
                    text.push(' ');
                }
                text.push_str(&r.text);
                last_end = Some(last_end.map_or(r.end_x, |e: f64| e.max(r.end_x)));
            }
            Line {
                text: text.trim().to_string(),
                x: g[0].x,
                end_x: last_end.unwrap_or(g[0].x),
                y: g[0].y,
                size: g.iter().map(|r| r.size).fold(0.0, f64::max),
            }
        })
        .filter(|l| !l.text.is_empty())
        .collect();
    PageLines {
        number,
        lines,
        quality,
    }
}

static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[-—－–]\s*\d+\s*[-—－–]|第\s*\d+\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|\d{1,4})$")
        .expect("page number regex")
});

fn ends_sentence(s: &str) -> bool {
    s.ends_with(['。', '；', '：', '！', '？', ';', ':'])
}

/// The right margin of the text: the rightmost line end shared by at least a tenth of the
/// lines (and three), so a few lines that overflow it (a run of digits, a wide title) do
/// not make every full line look short.
fn right_margin(pages: &[PageLines]) -> Option<f64> {
    let mut ends: Vec<(f64, f64)> = pages
        .iter()
        .flat_map(|p| p.lines.iter().map(|l| (l.end_x, l.size.max(1.0))))
        .collect();
    if ends.is_empty() {
        return None;
    }
    ends.sort_by(|a, b| b.0.total_cmp(&a.0));
    let need = (ends.len() / 10).max(3).min(ends.len());
    ends.iter()
        .find(|(e, size)| {
            ends.iter()
                .filter(|(f, _)| *f <= *e && *e - *f <= size * 0.5)
                .count()
                >= need
        })
        .or(ends.first())
        .map(|(e, _)| *e)
}

/// The usual distance between the baselines of two lines of one paragraph on a page: the
/// smallest common one (a quarter of the gaps are at most this).
fn line_pitch(lines: &[&Line]) -> Option<f64> {
    let mut gaps: Vec<f64> = lines
        .windows(2)
        .map(|w| w[0].y - w[1].y)
        .filter(|d| *d > 0.0)
        .collect();
    if gaps.len() < 4 {
        return None;
    }
    gaps.sort_by(f64::total_cmp);
    Some(gaps[gaps.len() / 4])
}

/// Merges lines into paragraphs. A line continues the paragraph above when that one is open
/// (its last line reached the right margin, or it stopped short mid-sentence on a page that
/// marks paragraphs by spacing) and the line is not indented, not after a wider gap than
/// the page's line pitch, and starts no numbering label (第X条, 一、, （一）) — unless the
/// line above ran to the margin mid-sentence: then a 一、 at its start is a wrapped word.
/// So a wrapped line does not become a new 款 and a 《title》 across two lines stays one.
pub fn blocks(pages: &[PageLines]) -> Vec<Block> {
    let mut out: Vec<Block> = vec![];
    let right = right_margin(pages).unwrap_or(0.0);
    // The lowest text line of any page: a page whose text stops well above it ended its
    // last paragraph there (there was room for another line).
    let bottom = pages
        .iter()
        .filter_map(|p| {
            p.lines
                .iter()
                .rev()
                .find(|l| !PAGE_NUMBER.is_match(&l.text))
        })
        .map(|l| l.y)
        .fold(f64::INFINITY, f64::min);
    // The paragraph is open, and its last line ran to the margin without ending a sentence.
    let mut open = false;
    let mut wrapped = false;
    // …or it stopped short mid-sentence on a spaced page: the next line must be tight.
    let mut short_open = false;
    for page in pages {
        let body: Vec<&Line> = page.lines.iter().collect();
        if body.is_empty() {
            open = false;
            continue;
        }
        let left = body.iter().map(|l| l.x).fold(f64::INFINITY, f64::min);
        let pitch = line_pitch(&body);
        let mut sizes: Vec<f64> = body.iter().map(|l| l.size).collect();
        sizes.sort_by(f64::total_cmp);
        let body_size = sizes[sizes.len() / 2].max(1.0);
        // The gap between two lines in line pitches (scaled up for a larger font, such as
        // a title's): more than 1.25 is space between paragraphs.
        let pitches = |a: &Line, b: &Line| {
            pitch.map_or(0.0, |p| {
                (a.y - b.y) / (p * (a.size.max(b.size) / body_size).max(1.0))
            })
        };
        // Paragraphs marked by extra space between them (not by a first-line indent).
        let spaced = body
            .windows(2)
            .any(|w| (1.25..3.0).contains(&pitches(w[0], w[1])));
        let mut prev: Option<&Line> = None;
        for (i, l) in body.iter().enumerate() {
            let is_furniture = PAGE_NUMBER.is_match(&l.text) && (i == 0 || i + 1 == body.len());
            if is_furniture {
                let mut b = Block::new(l.text.clone(), Part::Footer);
                b.page = Some(page.number);
                b.line = Some(i as u32 + 1);
                out.push(b);
                continue;
            }
            let indented = l.x - left > l.size * 1.5;
            let wide_gap = prev.is_some_and(|p| pitches(p, l) > 1.25);
            let label = leading_label(&l.text).is_some();
            // After a line that stopped short mid-sentence, only a line of the same size at
            // the usual pitch goes on with it.
            let tight = prev.is_some_and(|p| pitches(p, l) <= 1.1 && (p.size - l.size).abs() < 0.5);
            let starts_new =
                !open || indented || wide_gap || (label && !wrapped) || (short_open && !tight);
            if starts_new {
                let mut b = Block::new(l.text.clone(), Part::Body);
                b.page = Some(page.number);
                b.line = Some(i as u32 + 1);
                out.push(b);
            } else if let Some(b) = out.iter_mut().rev().find(|b| b.part == Part::Body) {
                b.text.push_str(&l.text);
            }
            // A line that stops well before the right margin ends its paragraph, unless
            // the page marks paragraphs by spacing and the line stops mid-sentence (a long
            // word such as 〔2013〕96号 did not fit): the gap before the next line decides.
            let room = right - l.end_x;
            let short = room > l.size * 2.0;
            let finished = ends_sentence(&l.text);
            short_open = short
                && spaced
                && !finished
                && l.size <= body_size * 1.1
                && !is_heading_like(l, right, left);
            open = if short {
                short_open
            } else {
                !(finished && room > l.size * 0.9)
            };
            wrapped = !short && !finished;
            prev = Some(l);
        }
        // On a page that marks paragraphs by spacing, a sentence ending a page with room
        // left for more lines ended its paragraph: the next page starts a new one.
        if let (Some(l), Some(p)) = (prev, pitch)
            && spaced
            && ends_sentence(&l.text)
            && l.y - bottom > 1.5 * p
        {
            open = false;
        }
    }
    out
}

/// A short line that reads as a heading (under half the text width): it ends its paragraph
/// even without a full stop.
fn is_heading_like(l: &Line, right: f64, left: f64) -> bool {
    l.end_x - l.x < (right - left) * 0.5
}
