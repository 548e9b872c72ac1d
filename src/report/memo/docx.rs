//! The memo as a Word document (docx-rs), in the conventions of Chinese official documents
//! (GB/T 9704): A4 with 37/35/28/26 mm margins, 方正小标宋 二号 title, 黑体 and 楷体 headings,
//! 仿宋_GB2312 三号 body on a fixed 28 pt line, justified, headings kept with what follows,
//! the 审查结论 kept with the 落款.
//!
//! Fonts: every run names its East-Asian font in `w:eastAsia` (Latin text in Times New
//! Roman), the document language is zh-CN, and word/fontTable.xml (written here, after
//! docx-rs) gives each 公文 font its fallbacks in `w:altName` (a comma-separated list, as
//! ECMA-376 defines it) with the GB2312 charset, family, pitch and PANOSE that Word and WPS
//! use to pick a substitute on a machine without 方正小标宋/仿宋_GB2312/楷体_GB2312.
//! LibreOffice ignores `w:altName` and asks the system: on Linux, `FONTCONFIG_CONF` below
//! is the fontconfig snippet that gives the same chains there.

use std::collections::HashMap;
use std::io::{Cursor, Read, Write};

use docx_rs::{
    AlignmentType, BreakType, Docx, Footer, LineSpacing, LineSpacingType, PageMargin, PageNum,
    Paragraph, Run, RunFonts, SpecialIndentType, Table, TableCell, TableLayoutType, TableRow,
    WidthType,
};

use super::{Item, Memo, Piece};

const TITLE_FONT: &str = "方正小标宋简体";
const BODY_FONT: &str = "仿宋_GB2312";
const HEADING_FONT: &str = "黑体";
const SUBHEADING_FONT: &str = "楷体_GB2312";
const FOOTER_FONT: &str = "宋体";
const LATIN_FONT: &str = "Times New Roman";

/// The fonts the memo names, each with its fallback chain (first found wins) and the
/// classification Word uses when none is installed: (name, altName list, PANOSE, family,
/// pitch).
pub const FONTS: [(&str, &str, &str, &str, &str); 5] = [
    (
        BODY_FONT,
        "仿宋,FangSong,华文仿宋,STFangsong",
        "02010609060101010101",
        "modern",
        "fixed",
    ),
    (
        TITLE_FONT,
        "方正小标宋_GBK,华文中宋,STZhongsong,宋体,SimSun",
        "02000000000000000000",
        "script",
        "variable",
    ),
    (
        HEADING_FONT,
        "SimHei,华文黑体,STHeiti",
        "02010609060101010101",
        "modern",
        "fixed",
    ),
    (
        SUBHEADING_FONT,
        "楷体,KaiTi,华文楷体,STKaiti",
        "02010609060101010101",
        "modern",
        "fixed",
    ),
    (
        FOOTER_FONT,
        "SimSun,新宋体,NSimSun",
        "02010600030101010101",
        "auto",
        "variable",
    ),
];

/// fontconfig aliases giving LibreOffice on Linux the same fallback chains, ending in free
/// fonts Debian ships (fonts-noto-cjk, fonts-arphic-ukai): 仿宋 → a Song face, 楷体 → AR PL
/// UKai, 黑体 → Noto Sans CJK, 小标宋 → Noto Serif CJK Bold. Install as
/// ~/.config/fontconfig/conf.d/65-fashen-gongwen.conf.
pub const FONTCONFIG_CONF: &str = include_str!("fonts.conf");

/// Half-points: 二号 22 pt, 三号 16 pt, 四号 14 pt, 五号 10.5 pt.
const SIZE_TITLE: usize = 44;
const SIZE_BODY: usize = 32;
const SIZE_SMALL: usize = 28;
const SIZE_TABLE: usize = 21;
/// Twips (1/20 pt, 1 mm ≈ 56.7).
const A4: (u32, u32) = (11906, 16838);
const MARGIN: (i32, i32, i32, i32) = (2098, 1984, 1587, 1474);
const TEXT_WIDTH: usize = 11906 - 1587 - 1474;
const LINE: i32 = 560;
/// One character of 三号 body text.
const CHAR: i32 = 320;

fn fonts(east_asia: &str) -> RunFonts {
    RunFonts::new()
        .east_asia(east_asia)
        .ascii(LATIN_FONT)
        .hi_ansi(LATIN_FONT)
        .cs(LATIN_FONT)
        .hint("eastAsia")
}

fn run(text: &str, font: &str, size: usize) -> Run {
    Run::new().add_text(text).size(size).fonts(fonts(font))
}

fn body(text: &str) -> Run {
    run(text, BODY_FONT, SIZE_BODY)
}

/// A code shown as a code: hyphens that do not break (NORM‑COMP‑001 stays on one line).
fn code(text: &str) -> Run {
    body(&text.replace('-', "\u{2011}"))
}

fn line() -> LineSpacing {
    LineSpacing::new()
        .line_rule(LineSpacingType::Exact)
        .line(LINE)
}

/// Justified, on the fixed line, with widow/orphan control.
fn para() -> Paragraph {
    Paragraph::new()
        .line_spacing(line())
        .align(AlignmentType::Both)
        .widow_control(true)
}

/// Body paragraph with a two-character first-line indent.
fn indented() -> Paragraph {
    para().indent(
        None,
        Some(SpecialIndentType::FirstLine(2 * CHAR)),
        None,
        None,
    )
}

fn labelled(label: &str, text: &str) -> Paragraph {
    indented()
        .add_run(run(label, HEADING_FONT, SIZE_BODY))
        .add_run(body(text))
}

fn cell(text: &str, bold: bool, width: usize) -> TableCell {
    let mut r = run(text, BODY_FONT, SIZE_TABLE);
    if bold {
        r = r.bold();
    }
    TableCell::new()
        .width(width, WidthType::Dxa)
        .add_paragraph(Paragraph::new().widow_control(true).add_run(r))
}

fn item(doc: Docx, it: &Item) -> Docx {
    let head = indented()
        .keep_next(true)
        .keep_lines(true)
        .add_run(body(&format!("{}. {}", it.number, it.title)).bold());
    let mut meta = indented();
    if !it.location.is_empty() {
        meta = meta
            .add_run(run("位置：", HEADING_FONT, SIZE_BODY))
            .add_run(body(&format!("{}；", it.location)));
    }
    meta = meta
        .add_run(run("类别：", HEADING_FONT, SIZE_BODY))
        .add_run(body(&format!("{}（规则编号 ", it.category)))
        .add_run(code(&it.rule))
        .add_run(body("）"));
    let mut quote = indented().add_run(run("原文：", HEADING_FONT, SIZE_BODY));
    match it.original.split_once(it.matched.as_str()) {
        Some((before, after)) if !it.matched.is_empty() => {
            quote = quote
                .add_run(body(&format!("“{before}")))
                .add_run(body(&it.matched).highlight("yellow"))
                .add_run(body(&format!("{after}”")));
        }
        _ => quote = quote.add_run(body(&format!("“{}”", it.original))),
    }
    let mut doc = doc
        .add_paragraph(head)
        .add_paragraph(meta)
        .add_paragraph(quote)
        .add_paragraph(labelled("问题：", &it.problem));
    for b in &it.basis {
        doc = doc.add_paragraph(labelled("依据：", b));
    }
    doc = doc.add_paragraph(labelled("修改建议：", &it.suggestion));
    if let Some(p) = &it.precedent {
        doc = doc.add_paragraph(labelled("类似案例：", p));
    }
    if let Some(w) = &it.waived {
        doc = doc.add_paragraph(labelled("已豁免：", w));
    }
    doc
}

/// Columns of the citation table (twips, 五号 text): number, citation, place, result, date;
/// the place and date columns hold 第一部分（第12行） and 2021年12月31日 on one line.
const TABLE_WIDTHS: [usize; 5] = [760, TEXT_WIDTH - 5200, 1900, 1600, 1700];

fn pieces(mut doc: Docx, list: &[Piece]) -> Docx {
    // The last paragraph of the 审查结论 (审查结论：…) stays with what follows down to the
    // 落款: no page carries the sign-off alone. Only in the 正文, which has headings.
    let has_headings = list.iter().any(|p| matches!(p, Piece::Heading(_)));
    let last_para = list.iter().rposition(|p| matches!(p, Piece::Para(_)));
    for (i, p) in list.iter().enumerate() {
        let tail = has_headings && last_para.is_some_and(|l| i >= l);
        doc = match p {
            Piece::Field(k, v) => doc.add_paragraph(
                indented()
                    .keep_next(tail)
                    .add_run(run(&format!("{k}："), HEADING_FONT, SIZE_BODY))
                    .add_run(body(v)),
            ),
            Piece::Heading(t) => doc.add_paragraph(
                indented()
                    .keep_next(true)
                    .keep_lines(true)
                    .outline_lvl(0)
                    .add_run(run(t, HEADING_FONT, SIZE_BODY)),
            ),
            Piece::Subheading(t) => doc.add_paragraph(
                indented()
                    .keep_next(true)
                    .keep_lines(true)
                    .outline_lvl(1)
                    .add_run(run(t, SUBHEADING_FONT, SIZE_BODY)),
            ),
            // A paragraph introducing a list (…如下：) stays with it.
            Piece::Para(t) => doc.add_paragraph(
                indented()
                    .keep_next(tail || t.ends_with('：'))
                    .add_run(body(t)),
            ),
            Piece::AttachmentNote(t) => doc.add_paragraph(
                indented()
                    .keep_next(true)
                    .line_spacing(line().before(LINE as u32))
                    .add_run(body(t)),
            ),
            Piece::Item(it) => item(doc, it),
            Piece::Table { header, rows } => {
                let mut t_rows = vec![
                    TableRow::new(
                        header
                            .iter()
                            .zip(TABLE_WIDTHS)
                            .map(|(h, w)| cell(h, true, w))
                            .collect(),
                    )
                    .cant_split(),
                ];
                for r in rows {
                    t_rows.push(
                        TableRow::new(
                            r.iter()
                                .zip(TABLE_WIDTHS)
                                .map(|(c, w)| cell(c, false, w))
                                .collect(),
                        )
                        .cant_split(),
                    );
                }
                doc.add_table(
                    Table::new(t_rows)
                        .set_grid(TABLE_WIDTHS.to_vec())
                        .layout(TableLayoutType::Fixed)
                        .width(TEXT_WIDTH, WidthType::Dxa),
                )
            }
        };
    }
    doc
}

pub fn render(m: &Memo) -> Result<Vec<u8>, String> {
    let mut doc = Docx::new()
        .page_size(A4.0, A4.1)
        .page_margin(
            PageMargin::new()
                .top(MARGIN.0)
                .bottom(MARGIN.1)
                .left(MARGIN.2)
                .right(MARGIN.3)
                .header(851)
                .footer(992),
        )
        .default_fonts(fonts(BODY_FONT))
        .default_size(SIZE_BODY)
        // Page numbers as official documents print them: — 1 —, 四号 宋体, centred.
        .footer(
            Footer::new().add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Center)
                    .add_run(run("— ", FOOTER_FONT, SIZE_SMALL))
                    .add_page_num(PageNum::new())
                    .add_run(run(" —", FOOTER_FONT, SIZE_SMALL)),
            ),
        );
    // 标题, own number, draft mark, 主送.
    doc = doc
        .add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Center)
                .keep_next(true)
                .line_spacing(LineSpacing::new().before(LINE as u32))
                .add_run(run(&m.title, TITLE_FONT, SIZE_TITLE)),
        )
        .add_paragraph(
            para()
                .align(AlignmentType::Center)
                .keep_next(true)
                .add_run(body(&m.number)),
        )
        .add_paragraph(
            para()
                .align(AlignmentType::Center)
                .keep_next(true)
                .add_run(run(&m.subtitle, SUBHEADING_FONT, SIZE_BODY)),
        )
        .add_paragraph(
            para()
                .keep_next(true)
                .line_spacing(line().before(LINE as u32))
                .add_run(body(&m.to)),
        );
    doc = pieces(doc, &m.pieces);
    // 落款: two blank lines after the 正文; the unit and the date right-aligned, four
    // characters from the margin.
    doc = doc
        .add_paragraph(
            indented()
                .keep_next(true)
                .line_spacing(line().before(LINE as u32))
                .add_run(body(&m.signoff.reviewers)),
        )
        .add_paragraph(
            para()
                .keep_next(true)
                .align(AlignmentType::Right)
                .indent(None, None, Some(2 * CHAR), None)
                .line_spacing(line().before(LINE as u32))
                .add_run(body(&m.signoff.unit)),
        )
        .add_paragraph(
            para()
                .keep_next(true)
                .align(AlignmentType::Right)
                .indent(None, None, Some(4 * CHAR), None)
                .add_run(body(&m.signoff.date)),
        )
        .add_paragraph(indented().add_run(body(&m.note)));
    for a in &m.attachments {
        doc = doc
            .add_paragraph(
                para()
                    .keep_next(true)
                    .add_run(Run::new().add_break(BreakType::Page))
                    .add_run(run("附件", HEADING_FONT, SIZE_BODY)),
            )
            .add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Center)
                    .keep_next(true)
                    .line_spacing(LineSpacing::new().before(LINE as u32).after(LINE as u32))
                    .add_run(run(&a.title, TITLE_FONT, 36)),
            );
        doc = pieces(doc, &a.pieces);
    }
    if let Some(cc) = &m.cc {
        doc = doc.add_paragraph(
            para()
                .line_spacing(line().before(2 * LINE as u32))
                .indent(Some(CHAR), None, None, None)
                .add_run(run(
                    &format!("抄送：{}。", cc.trim_end_matches('。')),
                    BODY_FONT,
                    SIZE_SMALL,
                )),
        );
    }
    let mut out = Cursor::new(Vec::new());
    doc.build()
        .pack(&mut out)
        .map_err(|e| format!("cannot build the Word memo: {e}"))?;
    finish(&out.into_inner())
}

/// The font table: every font the memo names, with its fallbacks, GB2312 charset (86) and
/// the code-page signature of a simplified-Chinese font.
pub fn font_table() -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:fonts xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">",
    );
    for (name, alt, panose, family, pitch) in FONTS {
        s.push_str(&format!(
            "<w:font w:name=\"{name}\"><w:altName w:val=\"{alt}\"/><w:panose1 w:val=\"{panose}\"/><w:charset w:val=\"86\"/><w:family w:val=\"{family}\"/><w:pitch w:val=\"{pitch}\"/><w:sig w:usb0=\"00000001\" w:usb1=\"080E0000\" w:usb2=\"00000010\" w:usb3=\"00000000\" w:csb0=\"00040000\" w:csb1=\"00000000\"/></w:font>"
        ));
    }
    s.push_str("<w:font w:name=\"Times New Roman\"><w:panose1 w:val=\"02020603050405020304\"/><w:charset w:val=\"00\"/><w:family w:val=\"roman\"/><w:pitch w:val=\"variable\"/></w:font></w:fonts>");
    s
}

/// The language of the text: zh-CN for East-Asian runs, so that every reader picks the
/// simplified-Chinese forms of a fallback font.
const LANG: &str = "<w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\" w:bidi=\"ar-SA\"/>";

/// Post-processes the package docx-rs wrote: our font table, and the document language in
/// the default run properties.
fn finish(packed: &[u8]) -> Result<Vec<u8>, String> {
    let err = |e: zip::result::ZipError| format!("cannot build the Word memo: {e}");
    let mut zin = zip::ZipArchive::new(Cursor::new(packed)).map_err(err)?;
    let mut replaced: HashMap<&str, Vec<u8>> = HashMap::new();
    replaced.insert("word/fontTable.xml", font_table().into_bytes());
    {
        let mut styles = String::new();
        zin.by_name("word/styles.xml")
            .map_err(err)?
            .read_to_string(&mut styles)
            .map_err(|e| e.to_string())?;
        let styles = match styles.find("<w:rPrDefault><w:rPr>") {
            Some(i) => {
                let at = i + "<w:rPrDefault><w:rPr>".len();
                format!("{}{LANG}{}", &styles[..at], &styles[at..])
            }
            None => styles,
        };
        replaced.insert("word/styles.xml", styles.into_bytes());
    }
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..zin.len() {
        let name = zin
            .by_index_raw(i)
            .map_err(err)?
            .name()
            .map_err(err)?
            .to_string();
        if let Some(data) = replaced.remove(name.as_str()) {
            out.start_file(name, options).map_err(err)?;
            out.write_all(&data).map_err(|e| e.to_string())?;
        } else {
            let f = zin.by_index_raw(i).map_err(err)?;
            out.raw_copy_file(f).map_err(err)?;
        }
    }
    Ok(out.finish().map_err(err)?.into_inner())
}
