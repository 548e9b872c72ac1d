//! Is the body text something fashen can review? Its rules and law names are in Simplified
//! Chinese: a document mostly not in Chinese would pass with no findings though nothing in
//! it was understood, so a small character statistic on the body text refuses it. The same
//! statistic finds Traditional Chinese, which is read, not refused: `to_simplified` converts
//! every block character by character (the table of the `fast2s` crate: 2,700 characters
//! plus a few context rules such as 乾隆/乾淨), keeping the text as written in
//! `Block::original` for excerpts. The conversion keeps every byte offset (each character
//! maps to one of the same UTF-8 length), so a match in the converted text points at the
//! same bytes of the original. A one-to-many character (乾 → 干/乾, 著 → 着/著) is
//! converted by that table's choice; legal wording rarely depends on it.
//!
//! Thresholds: every document in corpus/ has no traditional-only character at all among the
//! ones below and at least 74% Chinese among its letters; a Traditional Chinese notice has
//! about 20% of its Chinese characters in the list, and a bilingual contract about 25–50%
//! Chinese letters (an English word is five letters, a Chinese word two characters).

use super::error::{ExtractError, Language};
use super::model::{Extracted, Part, Script};

/// Common characters that exist only in Traditional Chinese (the simplified forms differ),
/// sorted: [`stats`] looks each Chinese character of a document up here, and a string search
/// per character was a seventh of a docx's extraction.
const TRADITIONAL_ONLY: [char; 40] = [
    '來', '個', '們', '務', '區', '國', '實', '將', '對', '應', '據', '於', '時', '會', '條', '業',
    '構', '機', '權', '為', '營', '現', '環', '產', '當', '發', '稅', '經', '縣', '罰', '與', '處',
    '規', '許', '證', '辦', '這', '進', '過', '關',
];

fn traditional_only(c: char) -> bool {
    TRADITIONAL_ONLY.binary_search(&c).is_ok()
}

/// Below this many Chinese characters there is too little text to judge its script.
const MIN_HAN: usize = 20;
/// Traditional when at least this many traditional-only characters…
const MIN_TRADITIONAL: usize = 5;
/// …make up at least 1/20 (5%) of the Chinese characters.
const TRADITIONAL_SHARE: usize = 20;
/// Not Chinese when at least this many letters…
const MIN_LETTERS: usize = 100;
/// …are less than 1/10 Chinese.
const CHINESE_SHARE: usize = 10;

fn is_han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{3400}'..='\u{4DBF}').contains(&c)
}

#[derive(Debug, Default, PartialEq)]
pub struct Stats {
    pub han: usize,
    pub traditional: usize,
    pub letters: usize,
}

pub fn stats(x: &Extracted) -> Stats {
    let mut s = Stats::default();
    for b in x.blocks.iter().filter(|b| b.part == Part::Body) {
        for c in b.text.chars() {
            // A Chinese character is a letter: no Unicode table lookup for most characters.
            if is_han(c) {
                s.letters += 1;
                s.han += 1;
                if traditional_only(c) {
                    s.traditional += 1;
                }
            } else if c.is_alphabetic() {
                s.letters += 1;
            }
        }
    }
    s
}

/// The language verdict on extracted text: `Err` when it cannot be reviewed reliably, else
/// the script of its body text.
pub fn check(x: &Extracted) -> Result<Script, ExtractError> {
    let s = stats(x);
    if s.letters >= MIN_LETTERS && s.han * CHINESE_SHARE < s.letters {
        return Err(ExtractError::Language(Language::NotChinese));
    }
    if s.han >= MIN_HAN
        && s.traditional >= MIN_TRADITIONAL
        && s.traditional * TRADITIONAL_SHARE >= s.han
    {
        return Ok(Script::Traditional);
    }
    Ok(Script::Simplified)
}

/// `s` in Simplified characters when any character changes; `None` when none does (or,
/// defensively, when the conversion would move a byte offset).
pub fn simplified(s: &str) -> Option<String> {
    if s.is_ascii() {
        return None;
    }
    let out = fast2s::convert(s);
    let same_offsets = out.len() == s.len()
        && out
            .chars()
            .zip(s.chars())
            .all(|(a, b)| a.len_utf8() == b.len_utf8());
    (same_offsets && out != s).then_some(out)
}

/// Converts Traditional Chinese text to Simplified in place, keeping the text as written in
/// `Block::original`, and records that it did (`Extracted::script`, a warning).
pub fn to_simplified(x: &mut Extracted) {
    for b in &mut x.blocks {
        if let Some(t) = simplified(&b.text) {
            b.original = Some(std::mem::replace(&mut b.text, t));
        }
        if let Some(l) = b.label.as_deref().and_then(simplified) {
            b.label = Some(l);
        }
        if let Some(d) = simplified(&b.deleted) {
            b.deleted = d;
        }
    }
    for m in [
        &mut x.meta_title,
        &mut x.meta_doc_number,
        &mut x.meta_issuer,
    ] {
        if let Some(t) = m.as_deref().and_then(simplified) {
            *m = Some(t);
        }
    }
    x.script = Script::Traditional;
    x.warnings
        .push("正文为繁体中文，已逐字转换为简体后审查；摘录和批注仍显示原文".into());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::model::Block;

    #[test]
    fn traditional_only_characters_are_sorted_and_not_their_simplified_forms() {
        assert!(TRADITIONAL_ONLY.windows(2).all(|w| w[0] < w[1]));
        assert!(traditional_only('國') && traditional_only('於') && traditional_only('環'));
        assert!(!traditional_only('国') && !traditional_only('于') && !traditional_only('环'));
    }

    #[test]
    fn every_han_character_counts_as_a_letter() {
        // `stats` counts a Chinese character as a letter without asking `is_alphabetic`.
        let han = ('\u{3400}'..='\u{4DBF}').chain('\u{4E00}'..='\u{9FFF}');
        assert!(han.clone().all(is_han));
        assert!(han.into_iter().all(char::is_alphabetic));
    }

    fn x(text: &str) -> Extracted {
        Extracted {
            blocks: text.lines().map(|l| Block::new(l, Part::Body)).collect(),
            ..Default::default()
        }
    }

    #[test]
    fn traditional_text_is_converted_and_foreign_text_refused() {
        let trad = "關於進一步規範市場經營秩序的通知\n為規範市場經營行為，經市政府同意，各區縣應當建立健全監督管理機構，對違反規定的經營者依法處以罰款。";
        let simp = "关于进一步规范市场经营秩序的通知\n为规范市场经营行为，经市政府同意，各区县应当建立健全监督管理机构，对违反规定的经营者依法处以罚款。";
        assert_eq!(check(&x(trad)).unwrap(), Script::Traditional);
        let mut t = x(trad);
        to_simplified(&mut t);
        let texts: Vec<&str> = t.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, simp.lines().collect::<Vec<_>>());
        let originals: Vec<&str> = t.blocks.iter().map(|b| b.source()).collect();
        assert_eq!(originals, trad.lines().collect::<Vec<_>>());
        assert_eq!(t.script, Script::Traditional);
        assert_eq!(
            simplified("《中華人民共和國行政處罰法》第十二條第二款").as_deref(),
            Some("《中华人民共和国行政处罚法》第十二条第二款")
        );
        assert_eq!(simplified("第十二条"), None);
        let simplified = simp;
        assert_eq!(check(&x(simplified)).unwrap(), Script::Simplified);
        let english = "Operators shall comply with the rules on market order. ".repeat(5);
        assert!(matches!(
            check(&x(&english)),
            Err(ExtractError::Language(Language::NotChinese))
        ));
        let bilingual =
            "第一条 甲方应当按约定支付价款。Article 1 Party A shall pay the price as agreed.";
        assert!(check(&x(&bilingual.repeat(5))).is_ok());
        assert!(check(&x("Short English note.")).is_ok());
    }
}
