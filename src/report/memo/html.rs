//! The memo as one self-contained, printable HTML page: inline CSS, no script, no network.

use quick_xml::escape::escape;

use super::{Item, Memo, Piece};

const CSS: &str = r#"
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
body { font-family: "仿宋_GB2312", "仿宋", "FangSong", "STFangsong", serif; font-size: 16pt;
       line-height: 1.75; color: #000; max-width: 156mm; margin: 2em auto; padding: 0 1em; }
h1 { font-family: "方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "华文中宋", "STZhongsong", "宋体", "SimSun", serif; font-size: 22pt;
     font-weight: normal; text-align: center; margin: 0.5em 0 0; }
.subtitle { font-family: "楷体_GB2312", "楷体", "KaiTi", "STKaiti", serif; }
h2 { font-family: "黑体", "SimHei", "STHeiti", sans-serif; font-size: 16pt; font-weight: normal; margin: 1.2em 0 0.4em; }
h3 { font-family: "楷体_GB2312", "楷体", "KaiTi", "STKaiti", serif; font-size: 16pt; font-weight: normal; margin: 1em 0 0.3em; }
p { text-indent: 2em; margin: 0.2em 0; }
dl.fields { display: grid; grid-template-columns: max-content 1fr; gap: 0.1em 0.8em; margin: 0 0 1em; }
dl.fields dt { font-family: "黑体", "SimHei", "STHeiti", sans-serif; }
dl.fields dd { margin: 0; }
.item { margin: 0.8em 0; page-break-inside: avoid; }
.item .head { font-weight: bold; }
blockquote { margin: 0.3em 0 0.3em 2em; padding-left: 0.8em; border-left: 3px solid #999; }
mark { background: #ffe08a; }
.item ul { margin: 0.2em 0 0 2em; padding: 0; list-style: none; }
.item li::before { content: ""; }
.label { font-family: "黑体", "SimHei", "STHeiti", sans-serif; }
.waived { color: #666; }
table { border-collapse: collapse; width: 100%; font-size: 12pt; margin: 0.5em 0; }
th, td { border: 1px solid #555; padding: 0.2em 0.4em; text-align: left; vertical-align: top; }
@media print { body { margin: 0; max-width: none; } }
.number, .subtitle { text-align: center; text-indent: 0; margin: 0; }
.number { margin-top: 0.6em; }
.subtitle { margin-bottom: 1.2em; }
.to { text-indent: 0; margin-top: 1em; }
p, .item li { text-align: justify; }
h2, h3, .item .head { page-break-after: avoid; break-after: avoid; }
p { orphans: 2; widows: 2; }
code.rule { font-family: "Times New Roman", serif; white-space: nowrap; }
.conclusion { page-break-after: avoid; break-after: avoid; }
.signoff { page-break-inside: avoid; break-inside: avoid; margin-top: 2em; }
.signoff .unit, .signoff .date { text-align: right; text-indent: 0; margin-right: 4em; }
.note { margin-top: 1em; }
.attachment { page-break-before: always; break-before: page; }
.attachment .label { font-family: "黑体", "SimHei", "STHeiti", sans-serif; text-indent: 0; }
.attachment h2 { text-align: center; font-family: "方正小标宋简体", "方正小标宋_GBK", "华文中宋", "STZhongsong", "宋体", "SimSun", serif; font-size: 18pt; }
td.nowrap { white-space: nowrap; }
.cc { border-top: 1px solid #000; border-bottom: 1px solid #000; margin-top: 2em; padding: 0.2em 0; text-indent: 0; font-size: 14pt; }
"#;

fn item(s: &mut String, it: &Item) {
    let class = if it.waived.is_some() {
        "item waived"
    } else {
        "item"
    };
    s.push_str(&format!(
        "<div class=\"{class}\">\n<div class=\"head\">{}. {}</div>\n<ul>\n",
        it.number,
        escape(&it.title)
    ));
    if !it.location.is_empty() {
        s.push_str(&format!(
            "<li><span class=\"label\">位置：</span>{}</li>\n",
            escape(&it.location)
        ));
    }
    s.push_str(&format!(
        "<li><span class=\"label\">类别：</span>{}（规则编号 <code class=\"rule\">{}</code>）</li>\n</ul>\n",
        escape(&it.category),
        escape(&it.rule)
    ));
    let quoted = if it.matched.is_empty() {
        escape(&it.original).to_string()
    } else {
        escape(&it.original).replacen(
            &*escape(&it.matched),
            &format!("<mark>{}</mark>", escape(&it.matched)),
            1,
        )
    };
    s.push_str(&format!("<blockquote>原文：{quoted}</blockquote>\n<ul>\n"));
    s.push_str(&format!(
        "<li><span class=\"label\">问题：</span>{}</li>\n",
        escape(&it.problem)
    ));
    for b in &it.basis {
        s.push_str(&format!(
            "<li><span class=\"label\">依据：</span>{}</li>\n",
            escape(b)
        ));
    }
    s.push_str(&format!(
        "<li><span class=\"label\">修改建议：</span>{}</li>\n",
        escape(&it.suggestion)
    ));
    if let Some(p) = &it.precedent {
        s.push_str(&format!(
            "<li><span class=\"label\">类似案例：</span>{}</li>\n",
            escape(p)
        ));
    }
    if let Some(w) = &it.waived {
        s.push_str(&format!(
            "<li><span class=\"label\">已豁免：</span>{}</li>\n",
            escape(w)
        ));
    }
    s.push_str("</ul>\n</div>\n");
}

fn pieces(s: &mut String, list: &[Piece]) {
    // The 审查结论 stays with the sign-off: no page with only the 落款.
    let has_headings = list.iter().any(|p| matches!(p, Piece::Heading(_)));
    let last_para = list.iter().rposition(|p| matches!(p, Piece::Para(_)));
    let mut in_fields = false;
    for (i, p) in list.iter().enumerate() {
        let is_field = matches!(p, Piece::Field(..));
        if is_field && !in_fields {
            s.push_str("<dl class=\"fields\">\n");
        } else if !is_field && in_fields {
            s.push_str("</dl>\n");
        }
        in_fields = is_field;
        match p {
            Piece::Field(k, v) => {
                s.push_str(&format!("<dt>{}：</dt><dd>{}</dd>\n", escape(k), escape(v)))
            }
            Piece::Heading(t) => s.push_str(&format!("<h2>{}</h2>\n", escape(t))),
            Piece::Subheading(t) => s.push_str(&format!("<h3>{}</h3>\n", escape(t))),
            Piece::Para(t) if has_headings && last_para == Some(i) => {
                s.push_str(&format!("<p class=\"conclusion\">{}</p>\n", escape(t)))
            }
            Piece::Para(t) => s.push_str(&format!("<p>{}</p>\n", escape(t))),
            Piece::AttachmentNote(t) => {
                s.push_str(&format!("<p class=\"conclusion\">{}</p>\n", escape(t)))
            }
            Piece::Item(it) => item(s, it),
            Piece::Table { header, rows } => {
                s.push_str("<table>\n<thead><tr>");
                for h in header {
                    s.push_str(&format!("<th>{}</th>", escape(h)));
                }
                s.push_str("</tr></thead>\n<tbody>\n");
                for r in rows {
                    s.push_str("<tr>");
                    for (j, c) in r.iter().enumerate() {
                        // Numbers and places stay on one line.
                        let class = if j == 0 || j == 2 {
                            " class=\"nowrap\""
                        } else {
                            ""
                        };
                        s.push_str(&format!("<td{class}>{}</td>", escape(c)));
                    }
                    s.push_str("</tr>\n");
                }
                s.push_str("</tbody>\n</table>\n");
            }
        }
    }
    if in_fields {
        s.push_str("</dl>\n");
    }
}

pub fn render(m: &Memo) -> String {
    let mut s = format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<h1>{}</h1>\n<p class=\"number\">{}</p>\n<p class=\"subtitle\">{}</p>\n<p class=\"to\">{}</p>\n",
        escape(&m.title),
        escape(&m.title),
        escape(&m.number),
        escape(&m.subtitle),
        escape(&m.to)
    );
    pieces(&mut s, &m.pieces);
    s.push_str(&format!(
        "<div class=\"signoff\">\n<p>{}</p>\n<p class=\"unit\">{}</p>\n<p class=\"date\">{}</p>\n</div>\n<p class=\"note\">{}</p>\n",
        escape(&m.signoff.reviewers),
        escape(&m.signoff.unit),
        escape(&m.signoff.date),
        escape(&m.note)
    ));
    for a in &m.attachments {
        s.push_str(&format!(
            "<div class=\"attachment\">\n<p class=\"label\">附件</p>\n<h2>{}</h2>\n",
            escape(&a.title)
        ));
        pieces(&mut s, &a.pieces);
        s.push_str("</div>\n");
    }
    if let Some(cc) = &m.cc {
        s.push_str(&format!(
            "<p class=\"cc\">抄送：{}。</p>\n",
            escape(cc.trim_end_matches('。'))
        ));
    }
    s.push_str("</body>\n</html>\n");
    s
}
