//! The memo as Markdown: reads well as plain text and renders on any Markdown viewer.

use super::{Item, Memo, Piece};

/// Markdown would read `*`, `|`, `[` … in quoted text as markup. Underscores stay (inside
/// words and in ____ blanks they are not emphasis), so the file reads well as plain text.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '*' | '`' | '|' | '[' | ']' | '<') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn item(s: &mut String, it: &Item) {
    s.push_str(&format!("**{}. {}**\n\n", it.number, esc(&it.title)));
    if !it.location.is_empty() {
        s.push_str(&format!("- 位置：{}\n", esc(&it.location)));
    }
    s.push_str(&format!(
        "- 类别：{}（规则编号 `{}`）\n",
        esc(&it.category),
        it.rule
    ));
    let quoted = if it.matched.is_empty() {
        esc(&it.original)
    } else {
        esc(&it.original).replacen(&esc(&it.matched), &format!("**{}**", esc(&it.matched)), 1)
    };
    s.push_str(&format!("\n> 原文：{quoted}\n\n"));
    s.push_str(&format!("- 问题：{}\n", esc(&it.problem)));
    for b in &it.basis {
        s.push_str(&format!("- 依据：{}\n", esc(b)));
    }
    s.push_str(&format!("- 修改建议：{}\n", esc(&it.suggestion)));
    if let Some(p) = &it.precedent {
        s.push_str(&format!("- 类似案例：{}\n", esc(p)));
    }
    if let Some(w) = &it.waived {
        s.push_str(&format!("- 已豁免：{}\n", esc(w)));
    }
    s.push('\n');
}

fn pieces(s: &mut String, list: &[Piece]) {
    let mut in_fields = false;
    for p in list {
        if in_fields && !matches!(p, Piece::Field(..)) {
            s.push('\n');
            in_fields = false;
        }
        match p {
            Piece::Field(k, v) => {
                in_fields = true;
                s.push_str(&format!("- **{k}**：{}\n", esc(v)));
            }
            Piece::Heading(t) => s.push_str(&format!("## {t}\n\n")),
            Piece::Subheading(t) => s.push_str(&format!("### {t}\n\n")),
            Piece::Para(t) | Piece::AttachmentNote(t) => s.push_str(&format!("{}\n\n", esc(t))),
            Piece::Item(it) => item(s, it),
            Piece::Table { header, rows } => {
                s.push_str(&format!("| {} |\n", header.join(" | ")));
                s.push_str(&format!("|{}\n", "---|".repeat(header.len())));
                for r in rows {
                    let cells: Vec<String> = r.iter().map(|c| esc(c)).collect();
                    s.push_str(&format!("| {} |\n", cells.join(" | ")));
                }
                s.push('\n');
            }
        }
    }
}

pub fn render(m: &Memo) -> String {
    let mut s = format!(
        "# {}\n\n{}\n\n{}\n\n{}\n\n",
        m.title,
        esc(&m.number),
        m.subtitle,
        esc(&m.to)
    );
    pieces(&mut s, &m.pieces);
    s.push_str(&format!("{}\n\n", esc(&m.signoff.reviewers)));
    s.push_str(&format!("{}\n\n", esc(&m.signoff.unit)));
    s.push_str(&format!("{}\n\n", esc(&m.signoff.date)));
    s.push_str(&format!("{}\n\n", esc(&m.note)));
    for a in &m.attachments {
        s.push_str(&format!("---\n\n附件\n\n## {}\n\n", a.title));
        pieces(&mut s, &a.pieces);
    }
    if let Some(cc) = &m.cc {
        s.push_str(&format!(
            "---\n\n抄送：{}。\n",
            esc(cc.trim_end_matches('。'))
        ));
    }
    s.trim_end().to_string() + "\n"
}
