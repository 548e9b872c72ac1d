//! Numbering labels at the start of a paragraph: 第X编/章/节/条, 一、, （一）, 1., （1）, ①.

use std::sync::LazyLock;

use regex::Regex;

use crate::chinese::numerals::parse_chinese;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelKind {
    /// 第X编
    Book,
    /// 第X章
    Chapter,
    /// 第X节
    Section,
    /// 第X条
    Article,
    /// 一、
    Outline1,
    /// （一）
    Outline2,
    /// 1. 1．1、
    Outline3,
    /// （1）
    Outline4,
    /// ①
    Outline5,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub kind: LabelKind,
    /// As written, e.g. "第十二条", "（一）", "1."
    pub text: String,
    pub number: u64,
}

static HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^第\s*([一二三四五六七八九十百千零〇两\d]{1,8})\s*(编|章|节|条)")
        .expect("heading regex")
});
static OUTLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:([一二三四五六七八九十]{1,4})[、．.]|[（(]\s*([一二三四五六七八九十]{1,4})\s*[）)]|(\d{1,3})\s*[.．、](?:[^\d]|$)|[（(]\s*(\d{1,3})\s*[）)]|([①-⑳]))")
        .expect("outline regex")
});

/// The numbering label at the start of a paragraph, typed or generated.
pub fn leading_label(text: &str) -> Option<Label> {
    let t = text.trim_start_matches([' ', '\u{3000}', '\t']);
    // Every label starts with one of these; most sentences do not, and the two regexes cost
    // more than the rest of a sentence's preparation asks of this function.
    let first = t.chars().next()?;
    if !(matches!(
        first,
        '第' | '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' | '（' | '('
    ) || first.is_ascii_digit()
        || ('①'..='⑳').contains(&first))
    {
        return None;
    }
    if let Some(c) = HEADING.captures(t) {
        let kind = match &c[2] {
            "编" => LabelKind::Book,
            "章" => LabelKind::Chapter,
            "节" => LabelKind::Section,
            _ => LabelKind::Article,
        };
        // "第一条规定的" inside running text is not a heading: require a break or a short gap.
        let rest = &t[c.get(0)?.end()..];
        if kind == LabelKind::Article
            && rest.starts_with(['规', '的', '和', '、', '至', '中', '所', '第'])
        {
            return None;
        }
        return Some(Label {
            kind,
            text: c[0].replace(' ', ""),
            number: parse_chinese(&c[1])?,
        });
    }
    let c = OUTLINE.captures(t)?;
    let (kind, num) = if let Some(m) = c.get(1) {
        (LabelKind::Outline1, parse_chinese(m.as_str())?)
    } else if let Some(m) = c.get(2) {
        (LabelKind::Outline2, parse_chinese(m.as_str())?)
    } else if let Some(m) = c.get(3) {
        (LabelKind::Outline3, m.as_str().parse().ok()?)
    } else if let Some(m) = c.get(4) {
        (LabelKind::Outline4, m.as_str().parse().ok()?)
    } else {
        let ch = c.get(5)?.as_str().chars().next()?;
        (LabelKind::Outline5, (ch as u64) - ('①' as u64) + 1)
    };
    let mut text = c[0].to_string();
    if kind == LabelKind::Outline3 {
        // The regex consumed one character after "1." to rule out decimals; give it back.
        let keep = text
            .char_indices()
            .find(|(_, ch)| matches!(ch, '.' | '．' | '、'))
            .map(|(i, ch)| i + ch.len_utf8())
            .unwrap_or(text.len());
        text.truncate(keep);
    }
    Some(Label {
        kind,
        text,
        number: num,
    })
}
