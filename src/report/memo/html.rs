//! The memo as one self-contained, printable HTML page: inline CSS, no script, no network.

use quick_xml::escape::escape;

use super::{Memo, Piece};

const CSS: &str = r#"
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
body { font-family: "FangSong", "仿宋_GB2312", "仿宋", "STFangsong", serif; font-size: 16pt;
       line-height: 1.75; color: #000; max-width: 156mm; margin: 2em auto; padding: 0 1em; }
h1 { font-family: "方正小标宋简体", "FZXiaoBiaoSong-B05S", "SimSun", "宋体", serif; font-size: 22pt;
     font-weight: normal; text-align: center; margin: 0.5em 0 0; }
.subtitle { text-align: center; font-family: "KaiTi", "楷体_GB2312", "楷体", serif; margin: 0 0 1.5em; }
h2 { font-family: "SimHei", "黑体", sans-serif; font-size: 16pt; font-weight: normal; margin: 1.2em 0 0.4em; }
h3 { font-family: "KaiTi", "楷体_GB2312", "楷体", serif; font-size: 16pt; font-weight: normal; margin: 1em 0 0.3em; }
p { text-indent: 2em; margin: 0.2em 0; }
dl.fields { display: grid; grid-template-columns: max-content 1fr; gap: 0.1em 0.8em; margin: 0 0 1em; }
dl.fields dt { font-family: "SimHei", "黑体", sans-serif; }
dl.fields dd { margin: 0; }
.item { margin: 0.8em 0; page-break-inside: avoid; }
.item .head { font-weight: bold; }
.item .loc { color: #444; font-weight: normal; margin-left: 0.5em; }
blockquote { margin: 0.3em 0 0.3em 2em; padding-left: 0.8em; border-left: 3px solid #999; }
mark { background: #ffe08a; }
.item ul { margin: 0.2em 0 0 2em; padding: 0; list-style: none; }
.item li::before { content: ""; }
.label { font-family: "SimHei", "黑体", sans-serif; }
.waived { color: #666; }
table { border-collapse: collapse; width: 100%; font-size: 12pt; margin: 0.5em 0; }
th, td { border: 1px solid #555; padding: 0.2em 0.4em; text-align: left; vertical-align: top; }
.signature p { text-indent: 0; margin-left: 55%; }
@media print { body { margin: 0; max-width: none; } }
"#;

pub fn render(m: &Memo) -> String {
    let mut s = format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<h1>{}</h1>\n<div class=\"subtitle\">{}</div>\n",
        escape(&m.title),
        escape(&m.title),
        escape(&m.subtitle)
    );
    let mut in_fields = false;
    for p in &m.pieces {
        let is_field = matches!(p, Piece::Field(..));
        if is_field && !in_fields {
            s.push_str("<dl class=\"fields\">\n");
        } else if !is_field && in_fields {
            s.push_str("</dl>\n");
        }
        in_fields = is_field;
        match p {
            Piece::Field(k, v) => {
                s.push_str(&format!("<dt>{}</dt><dd>{}</dd>\n", escape(k), escape(v)))
            }
            Piece::Heading(t) => s.push_str(&format!("<h2>{}</h2>\n", escape(t))),
            Piece::Subheading(t) => s.push_str(&format!("<h3>{}</h3>\n", escape(t))),
            Piece::Para(t) => s.push_str(&format!("<p>{}</p>\n", escape(t))),
            Piece::Item(it) => {
                let number = it.number;
                let class = if it.waived.is_some() {
                    "item it.waived"
                } else {
                    "item"
                };
                s.push_str(&format!(
                    "<div class=\"{class}\">\n<div class=\"head\">{number}. {}<span class=\"loc\">{}</span></div>\n",
                    escape(&it.title),
                    escape(&it.location)
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
                if let Some(w) = &it.waived {
                    s.push_str(&format!(
                        "<li><span class=\"label\">已豁免：</span>{}</li>\n",
                        escape(w)
                    ));
                }
                s.push_str("</ul>\n</div>\n");
            }
            Piece::Table { header, rows } => {
                s.push_str("<table>\n<thead><tr>");
                for h in header {
                    s.push_str(&format!("<th>{}</th>", escape(h)));
                }
                s.push_str("</tr></thead>\n<tbody>\n");
                for r in rows {
                    s.push_str("<tr>");
                    for c in r {
                        s.push_str(&format!("<td>{}</td>", escape(c)));
                    }
                    s.push_str("</tr>\n");
                }
                s.push_str("</tbody>\n</table>\n");
            }
            Piece::Signature(lines) => {
                s.push_str("<div class=\"signature\">\n");
                for l in lines {
                    s.push_str(&format!("<p>{}</p>\n", escape(l)));
                }
                s.push_str("</div>\n");
            }
        }
    }
    if in_fields {
        s.push_str("</dl>\n");
    }
    s.push_str("</body>\n</html>\n");
    s
}
