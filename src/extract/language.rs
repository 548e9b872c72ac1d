//! Is the body text something fashen can review? Its rules and law names are in Simplified
//! Chinese: a document in Traditional Chinese, or mostly not in Chinese, would pass with no
//! findings though nothing in it was understood. A small character statistic on the body
//! text refuses both (until Traditional Chinese is made readable).
//!
//! Thresholds: every document in corpus/ has no traditional-only character at all among the
//! ones below and at least 74% Chinese among its letters; a Traditional Chinese notice has
//! about 20% of its Chinese characters in the list, and a bilingual contract about 25–50%
//! Chinese letters (an English word is five letters, a Chinese word two characters).

use super::error::{ExtractError, Language};
use super::model::{Extracted, Part};

/// Common characters that exist only in Traditional Chinese (the simplified forms differ).
const TRADITIONAL_ONLY: &str =
    "於與為們這個會來時應據規條關機構辦產經實發證權罰許營務區縣稅國對進當現將過處業環";

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
            if c.is_alphabetic() {
                s.letters += 1;
            }
            if is_han(c) {
                s.han += 1;
                if TRADITIONAL_ONLY.contains(c) {
                    s.traditional += 1;
                }
            }
        }
    }
    s
}

/// The language verdict on extracted text: `Err` when it cannot be reviewed reliably.
pub fn check(x: &Extracted) -> Result<(), ExtractError> {
    let s = stats(x);
    if s.letters >= MIN_LETTERS && s.han * CHINESE_SHARE < s.letters {
        return Err(ExtractError::Language(Language::NotChinese));
    }
    if s.han >= MIN_HAN
        && s.traditional >= MIN_TRADITIONAL
        && s.traditional * TRADITIONAL_SHARE >= s.han
    {
        return Err(ExtractError::Language(Language::Traditional));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::model::Block;

    fn x(text: &str) -> Extracted {
        Extracted {
            blocks: text.lines().map(|l| Block::new(l, Part::Body)).collect(),
            ..Default::default()
        }
    }

    #[test]
    fn traditional_and_foreign_text_are_refused() {
        let trad = "關於進一步規範市場經營秩序的通知\n為規範市場經營行為，經市政府同意，各區縣應當建立健全監督管理機構，對違反規定的經營者依法處以罰款。";
        assert!(matches!(
            check(&x(trad)),
            Err(ExtractError::Language(Language::Traditional))
        ));
        let simplified = "关于进一步规范市场经营秩序的通知\n为规范市场经营行为，经市政府同意，各区县应当建立健全监督管理机构，对违反规定的经营者依法处以罚款。";
        assert!(check(&x(simplified)).is_ok());
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
