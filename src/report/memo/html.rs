//! The memo as one self-contained, printable HTML page: inline CSS, no script, no network.
//! The page is the template `memo.html`, rendered by minijinja with HTML auto-escaping: a
//! document's own text (a title with `<script>`, a party named `A&B`) can never become
//! markup, whatever a later edit to the template adds.

use serde::Serialize;

use super::{Item, Memo, Piece};

const TEMPLATE: &str = include_str!("memo.html");

/// A piece as the template reads it: consecutive fields grouped into one list, the
/// conclusion paragraph marked, the quoted original split around the matched words.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
enum Block<'a> {
    Fields {
        fields: Vec<(&'a str, &'a str)>,
    },
    Heading {
        text: &'a str,
    },
    Subheading {
        text: &'a str,
    },
    Para {
        text: &'a str,
        conclusion: bool,
    },
    Item {
        number: usize,
        title: &'a str,
        category: &'a str,
        rule: &'a str,
        location: &'a str,
        before: &'a str,
        matched: &'a str,
        after: &'a str,
        problem: &'a str,
        basis: &'a [String],
        suggestion: &'a str,
        precedent: Option<&'a str>,
        waived: Option<&'a str>,
    },
    Table {
        header: &'a [String],
        rows: &'a [Vec<String>],
    },
}

fn item(it: &Item) -> Block<'_> {
    // The first occurrence of the matched words is highlighted; none when they are not in
    // the excerpt (a finding on the document as a whole).
    let (before, matched, after) = match it.original.find(&it.matched) {
        Some(at) if !it.matched.is_empty() => (
            &it.original[..at],
            it.matched.as_str(),
            &it.original[at + it.matched.len()..],
        ),
        _ => (it.original.as_str(), "", ""),
    };
    Block::Item {
        number: it.number,
        title: &it.title,
        category: &it.category,
        rule: &it.rule,
        location: &it.location,
        before,
        matched,
        after,
        problem: &it.problem,
        basis: &it.basis,
        suggestion: &it.suggestion,
        precedent: it.precedent.as_deref(),
        waived: it.waived.as_deref(),
    }
}

fn blocks(list: &[Piece]) -> Vec<Block<'_>> {
    // The 审查结论 (the last paragraph of a 正文 with headings) stays with the sign-off.
    let has_headings = list.iter().any(|p| matches!(p, Piece::Heading(_)));
    let last_para = list.iter().rposition(|p| matches!(p, Piece::Para(_)));
    let mut out: Vec<Block> = vec![];
    for (i, p) in list.iter().enumerate() {
        let block = match p {
            Piece::Field(k, v) => {
                if let Some(Block::Fields { fields }) = out.last_mut() {
                    fields.push((k, v));
                    continue;
                }
                Block::Fields {
                    fields: vec![(k, v)],
                }
            }
            Piece::Heading(t) => Block::Heading { text: t },
            Piece::Subheading(t) => Block::Subheading { text: t },
            Piece::Para(t) => Block::Para {
                text: t,
                conclusion: has_headings && last_para == Some(i),
            },
            Piece::AttachmentNote(t) => Block::Para {
                text: t,
                conclusion: true,
            },
            Piece::Item(it) => item(it),
            Piece::Table { header, rows } => Block::Table { header, rows },
        };
        out.push(block);
    }
    out
}

#[derive(Serialize)]
struct Attachment<'a> {
    title: &'a str,
    blocks: Vec<Block<'a>>,
}

#[derive(Serialize)]
struct Page<'a> {
    title: &'a str,
    number: &'a str,
    subtitle: &'a str,
    to: &'a str,
    signoff: SignOff<'a>,
    note: &'a str,
}

#[derive(Serialize)]
struct SignOff<'a> {
    reviewers: &'a str,
    unit: &'a str,
    date: &'a str,
}

fn serde<T: Serialize>(v: &T) -> minijinja::Value {
    minijinja::Value::from(minijinja::value::Serde(v))
}

pub fn render(m: &Memo) -> String {
    let attachments: Vec<Attachment> = m
        .attachments
        .iter()
        .map(|a| Attachment {
            title: &a.title,
            blocks: blocks(&a.pieces),
        })
        .collect();
    let page = Page {
        title: &m.title,
        number: &m.number,
        subtitle: &m.subtitle,
        to: &m.to,
        signoff: SignOff {
            reviewers: &m.signoff.reviewers,
            unit: &m.signoff.unit,
            date: &m.signoff.date,
        },
        note: &m.note,
    };
    let mut env = minijinja::Environment::new();
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
    // Block tags on lines of their own, as the template is written, leave no blank lines.
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .keep_trailing_newline(true)
            .build()
            .expect("the default delimiters are valid"),
    );
    let ctx = minijinja::context! {
        m => serde(&page),
        body => serde(&blocks(&m.pieces)),
        attachments => serde(&attachments),
        cc => m.cc.as_deref().map(|c| c.trim_end_matches('。')),
    };
    // The template is part of the program and the values are plain data: a failure here
    // is a bug in memo.html, caught by the tests, not something a document can cause.
    env.render_str(TEMPLATE, ctx)
        .unwrap_or_else(|e| panic!("memo.html: {e:#}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::memo::SignOff as MemoSignOff;

    fn memo_with(text: &str) -> Memo {
        Memo {
            title: "合法性审查意见书".into(),
            number: "〔　　〕　号".into(),
            subtitle: "（机器辅助初审稿）".into(),
            to: format!("{text}："),
            pieces: vec![
                Piece::Heading("一、基本情况".into()),
                Piece::Field("审查对象".into(), format!("《{text}》")),
                Piece::Item(Box::new(Item {
                    number: 1,
                    title: "名称".into(),
                    category: "类别".into(),
                    rule: "NORM-X-001".into(),
                    location: String::new(),
                    original: format!("前{text}后"),
                    matched: text.into(),
                    problem: text.into(),
                    basis: vec![text.into()],
                    suggestion: text.into(),
                    precedent: Some(text.into()),
                    waived: Some(text.into()),
                })),
                Piece::Para(text.into()),
            ],
            signoff: MemoSignOff {
                reviewers: String::new(),
                unit: text.into(),
                date: String::new(),
            },
            note: text.into(),
            attachments: vec![],
            cc: Some(text.into()),
        }
    }

    #[test]
    fn document_text_is_escaped_everywhere() {
        let evil = r#"<script>alert("x")</script>&'"#;
        let html = render(&memo_with(evil));
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("alert(\"x\")"));
        assert!(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;&#x2f;script&gt;&amp;&#x27;"));
        // The highlight is the template's markup around the escaped words.
        assert!(html.contains("<mark>&lt;script&gt;"), "{html}");
        assert!(html.contains("<div class=\"item waived\">"));
    }
}
