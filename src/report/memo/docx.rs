//! The memo as a Word document (docx-rs), in the conventions of Chinese official documents
//! (GB/T 9704): A4 with 37/35/28/26 mm margins, 方正小标宋 二号 title, 黑体 and 楷体 headings,
//! 仿宋_GB2312 三号 body on a fixed 28 pt line.

use docx_rs::{
    AlignmentType, Docx, Footer, LineSpacing, LineSpacingType, PageMargin, PageNum, Paragraph, Run,
    RunFonts, SpecialIndentType, Table, TableCell, TableRow, WidthType,
};

use super::{Memo, Piece};

const TITLE_FONT: &str = "方正小标宋简体";
const BODY_FONT: &str = "仿宋_GB2312";
const HEADING_FONT: &str = "黑体";
const SUBHEADING_FONT: &str = "楷体_GB2312";
/// Half-points: 二号 22 pt, 三号 16 pt, 小四 12 pt.
const SIZE_TITLE: usize = 44;
const SIZE_BODY: usize = 32;
const SIZE_TABLE: usize = 24;
/// Twips (1/20 pt, 1 mm ≈ 56.7).
const A4: (u32, u32) = (11906, 16838);
const MARGIN: (i32, i32, i32, i32) = (2098, 1984, 1587, 1474);
const TEXT_WIDTH: usize = 11906 - 1587 - 1474;
const LINE: i32 = 560;

fn run(text: &str, font: &str, size: usize) -> Run {
    Run::new().add_text(text).size(size).fonts(
        RunFonts::new()
            .east_asia(font)
            .ascii("Times New Roman")
            .hi_ansi("Times New Roman"),
    )
}

fn body(text: &str) -> Run {
    run(text, BODY_FONT, SIZE_BODY)
}

fn line() -> LineSpacing {
    LineSpacing::new()
        .line_rule(LineSpacingType::Exact)
        .line(LINE)
}

fn para() -> Paragraph {
    Paragraph::new().line_spacing(line())
}

/// Body paragraph with a two-character first-line indent.
fn indented() -> Paragraph {
    para().indent(None, Some(SpecialIndentType::FirstLine(640)), None, None)
}

fn labelled(label: &str, text: &str) -> Paragraph {
    indented()
        .add_run(run(label, HEADING_FONT, SIZE_BODY))
        .add_run(body(text))
}

fn cell(text: &str, bold: bool) -> TableCell {
    let mut r = run(text, BODY_FONT, SIZE_TABLE);
    if bold {
        r = r.bold();
    }
    TableCell::new().add_paragraph(Paragraph::new().add_run(r))
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
        .default_fonts(
            RunFonts::new()
                .east_asia(BODY_FONT)
                .ascii("Times New Roman"),
        )
        .default_size(SIZE_BODY)
        // Page numbers as official documents print them: — 1 —, 四号 宋体, centred.
        .footer(
            Footer::new().add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Center)
                    .add_run(run("— ", "宋体", 28))
                    .add_page_num(PageNum::new())
                    .add_run(run(" —", "宋体", 28)),
            ),
        );
    doc = doc
        .add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Center)
                .add_run(run(&m.title, TITLE_FONT, SIZE_TITLE)),
        )
        .add_paragraph(para().align(AlignmentType::Center).add_run(run(
            &m.subtitle,
            SUBHEADING_FONT,
            SIZE_BODY,
        )));
    for p in &m.pieces {
        doc = match p {
            Piece::Field(k, v) => doc.add_paragraph(
                para()
                    .add_run(run(&format!("{k}："), HEADING_FONT, SIZE_BODY))
                    .add_run(body(v)),
            ),
            Piece::Heading(t) => {
                doc.add_paragraph(indented().add_run(run(t, HEADING_FONT, SIZE_BODY)))
            }
            Piece::Subheading(t) => {
                doc.add_paragraph(indented().add_run(run(t, SUBHEADING_FONT, SIZE_BODY)))
            }
            Piece::Para(t) => doc.add_paragraph(indented().add_run(body(t))),
            Piece::Item(it) => {
                let (number, title, location, original) =
                    (it.number, &it.title, &it.location, &it.original);
                let mut head = indented().add_run(body(&format!("{number}. {title}")).bold());
                if !it.location.is_empty() {
                    head = head.add_run(body(&format!("　{location}")));
                }
                doc = doc.add_paragraph(head);
                let mut quote = indented().add_run(run("原文：", HEADING_FONT, SIZE_BODY));
                match it.original.split_once(it.matched.as_str()) {
                    Some((before, after)) if !it.matched.is_empty() => {
                        quote = quote
                            .add_run(body(&format!("“{before}")))
                            .add_run(body(&it.matched).highlight("yellow"))
                            .add_run(body(&format!("{after}”")));
                    }
                    _ => quote = quote.add_run(body(&format!("“{original}”"))),
                }
                doc = doc
                    .add_paragraph(quote)
                    .add_paragraph(labelled("问题：", &it.problem));
                for b in &it.basis {
                    doc = doc.add_paragraph(labelled("依据：", b));
                }
                doc = doc.add_paragraph(labelled("修改建议：", &it.suggestion));
                if let Some(w) = &it.waived {
                    doc = doc.add_paragraph(labelled("已豁免：", w));
                }
                doc
            }
            Piece::Table { header, rows } => {
                let widths = [3000, 1800, 2400, TEXT_WIDTH - 7200];
                let mut t_rows = vec![TableRow::new(
                    header.iter().map(|h| cell(h, true)).collect(),
                )];
                for r in rows {
                    t_rows.push(TableRow::new(r.iter().map(|c| cell(c, false)).collect()));
                }
                doc.add_table(
                    Table::new(t_rows)
                        .set_grid(widths.to_vec())
                        .width(TEXT_WIDTH, WidthType::Dxa),
                )
            }
            Piece::Signature(lines) => {
                for l in lines {
                    doc = doc.add_paragraph(
                        para().indent(Some(4200), None, None, None).add_run(body(l)),
                    );
                }
                doc
            }
        };
    }
    let mut out = std::io::Cursor::new(Vec::new());
    doc.build()
        .pack(&mut out)
        .map_err(|e| format!("cannot build the Word memo: {e}"))?;
    Ok(out.into_inner())
}
