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
    // The regexes' captures cost several hundred instructions a call, and every block of a
    // law starts with 第X条 or 一、 and is asked about by several checks (sentence voice,
    // list items, sections): read by hand what they would match, and ask them only where a
    // digit other than 0–9 decides.
    match read(t) {
        Ok(label) => label,
        Err(Unsure) => by_regex(t),
    }
}

/// [`leading_label`] by the two regexes, for a `t` that passed its first-character test.
fn by_regex(t: &str) -> Option<Label> {
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

/// A character [`read`] cannot place without the regexes' Unicode tables: a numeric
/// character other than 0–9, which may be a decimal digit (`\d`: １, ٣) or not (①, Ⅳ).
struct Unsure;

/// Whether `c` is in `\d` (Unicode decimal digits), where that is sure without the table:
/// an ASCII character, or one that is not numeric at all.
fn digit(c: char) -> Result<bool, Unsure> {
    if c.is_ascii() {
        Ok(c.is_ascii_digit())
    } else if c.is_numeric() {
        Err(Unsure)
    } else {
        Ok(false)
    }
}

/// Whether `c` is one of the Chinese numerals of an outline label (一、, （一）).
fn outline_numeral(c: char) -> Result<bool, Unsure> {
    Ok(matches!(
        c,
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
    ))
}

/// The longest run at the start of `s` of characters `member` accepts: its length in bytes
/// and in characters.
fn run(s: &str, member: fn(char) -> Result<bool, Unsure>) -> Result<(usize, usize), Unsure> {
    let (mut bytes, mut count) = (0, 0);
    for c in s.chars() {
        if !member(c)? {
            break;
        }
        bytes += c.len_utf8();
        count += 1;
    }
    Ok((bytes, count))
}

/// `s` without its leading whitespace (`\s*`: both are Unicode White_Space).
fn skip_space(s: &str) -> &str {
    s.trim_start_matches(char::is_whitespace)
}

/// What [`HEADING`] and then [`OUTLINE`] give for `t`, read by hand. In both regexes every
/// repetition is followed by something its class cannot hold, so a match can only take the
/// longest run of the class, and a run longer than its bound matches nothing; and which
/// alternative of OUTLINE can match is decided by `t`'s first character.
fn read(t: &str) -> Result<Option<Label>, Unsure> {
    let Some(first) = t.chars().next() else {
        return Ok(None);
    };
    let label = |kind, end: usize, number: Option<u64>| {
        number.map(|number| Label {
            kind,
            text: t[..end].to_string(),
            number,
        })
    };
    if let Some(rest) = t.strip_prefix('第') {
        // ^第\s*([一二三四五六七八九十百千零〇两\d]{1,8})\s*(编|章|节|条); no alternative of
        // OUTLINE starts with 第.
        let rest = skip_space(rest);
        let (len, n) = run(rest, |c| match c {
            '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' | '百' | '千'
            | '零' | '〇' | '两' => Ok(true),
            _ => digit(c),
        })?;
        if !(1..=8).contains(&n) {
            return Ok(None);
        }
        let after = skip_space(&rest[len..]);
        let kind = match after.chars().next() {
            Some('编') => LabelKind::Book,
            Some('章') => LabelKind::Chapter,
            Some('节') => LabelKind::Section,
            Some('条') => LabelKind::Article,
            _ => return Ok(None),
        };
        // 编, 章, 节 and 条 are three bytes each.
        let end = t.len() - after.len() + '条'.len_utf8();
        // As in `by_regex`: 第一条规定的 inside running text is not a heading.
        if kind == LabelKind::Article
            && t[end..].starts_with(['规', '的', '和', '、', '至', '中', '所', '第'])
        {
            return Ok(None);
        }
        return Ok(parse_chinese(&rest[..len]).map(|number| Label {
            kind,
            text: t[..end].replace(' ', ""),
            number,
        }));
    }
    if outline_numeral(first)? {
        // ([一二三四五六七八九十]{1,4})[、．.]
        let (len, n) = run(t, outline_numeral)?;
        let Some(sep) = t[len..].chars().next() else {
            return Ok(None);
        };
        if n > 4 || !matches!(sep, '、' | '．' | '.') {
            return Ok(None);
        }
        return Ok(label(
            LabelKind::Outline1,
            len + sep.len_utf8(),
            parse_chinese(&t[..len]),
        ));
    }
    if let Some(rest) = t.strip_prefix(['（', '(']) {
        // [（(]\s*([一二三四五六七八九十]{1,4})\s*[）)], else [（(]\s*(\d{1,3})\s*[）)]: which
        // one can match is decided by the character after the space.
        let inner = skip_space(rest);
        let chinese = inner
            .chars()
            .next()
            .is_some_and(|c| outline_numeral(c).is_ok_and(|y| y));
        let (len, n) = run(inner, if chinese { outline_numeral } else { digit })?;
        let bound = if chinese { 4 } else { 3 };
        if !(1..=bound).contains(&n) {
            return Ok(None);
        }
        let after = skip_space(&inner[len..]);
        let Some(close) = after.chars().next().filter(|c| matches!(c, '）' | ')')) else {
            return Ok(None);
        };
        let end = t.len() - after.len() + close.len_utf8();
        let numerals = &inner[..len];
        return Ok(if chinese {
            label(LabelKind::Outline2, end, parse_chinese(numerals))
        } else {
            label(LabelKind::Outline4, end, numerals.parse().ok())
        });
    }
    if first.is_ascii_digit() {
        // (\d{1,3})\s*[.．、](?:[^\d]|$), the label without the character after it.
        let (len, n) = run(t, digit)?;
        let after = skip_space(&t[len..]);
        let Some(sep) = after
            .chars()
            .next()
            .filter(|c| matches!(c, '.' | '．' | '、'))
        else {
            return Ok(None);
        };
        if n > 3 {
            return Ok(None);
        }
        if let Some(next) = after[sep.len_utf8()..].chars().next()
            && digit(next)?
        {
            return Ok(None);
        }
        let end = t.len() - after.len() + sep.len_utf8();
        return Ok(label(LabelKind::Outline3, end, t[..len].parse().ok()));
    }
    if ('①'..='⑳').contains(&first) {
        // ([①-⑳])
        let number = Some((first as u64) - ('①' as u64) + 1);
        return Ok(label(LabelKind::Outline5, first.len_utf8(), number));
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hand reading is only a shortcut: wherever it is sure, it gives what the regexes
    /// give, on generated near-labels and on every line and sentence of the corpus texts.
    #[test]
    fn the_hand_reading_agrees_with_the_regexes() {
        use proptest::strategy::{Strategy, ValueTree};
        use proptest::test_runner::TestRunner;
        let mut texts: Vec<String> = vec![];
        let mut runner = TestRunner::deterministic();
        for shape in [
            "[ 　\t]{0,2}第[ 　\u{a0}\n]{0,2}[一二十百千零〇两0-9１٣Ⅳ]{0,10}[ 　]{0,2}[编章节条规的第a、]{0,2}.{0,2}",
            "[（(][ 　\u{a0}]{0,2}[一二五十0-9１٣①]{0,5}[ 　]{0,2}[）)a]?.{0,2}",
            "[0-9]{1,4}[ 　\n]{0,2}[.．、a]?[0-9١１a①]?.?",
            "[一二三十]{0,6}[ ]?[、．.a]?.?",
            "[①-⑳Ⅳ⑴⒈]x?",
            "[第一二十百〇两0-9１٣①⑳Ⅳ 　\t\n\u{a0}编章节条规的、．.（）()a]{0,10}",
        ] {
            let strategy = proptest::string::string_regex(shape).expect("shape");
            for _ in 0..30_000 {
                texts.push(strategy.new_tree(&mut runner).expect("text").current());
            }
        }
        let generated = texts.len();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        for dir in ["real", "lawful", "drafts", "heldout"] {
            for e in std::fs::read_dir(root.join(dir))
                .expect("corpus folder")
                .flatten()
            {
                if e.path().extension().is_some_and(|x| x == "txt") {
                    let text = std::fs::read_to_string(e.path()).expect("corpus text");
                    for line in text.lines() {
                        texts.push(line.to_string());
                        texts.extend(line.split_inclusive(['。', '；', '：']).map(str::to_string));
                    }
                }
            }
        }
        let (mut sure, mut labels) = ([0, 0], 0);
        for (i, text) in texts.iter().enumerate() {
            let t = text.trim_start_matches([' ', '\u{3000}', '\t']);
            if let Ok(label) = read(t) {
                assert_eq!(label, by_regex(t), "{t:?}");
                sure[usize::from(i >= generated)] += 1;
                labels += usize::from(label.is_some());
            }
        }
        // The generated texts are full of other digits (１, ٣, Ⅳ, ①) on purpose; nearly all
        // corpus texts are read by hand; many texts are labels.
        assert!(sure[0] > generated / 2, "{sure:?} of {generated}");
        let corpus = texts.len() - generated;
        assert!(sure[1] * 1000 > corpus * 995, "{sure:?} of {corpus}");
        assert!(labels > 20_000, "{labels}");
    }
}
