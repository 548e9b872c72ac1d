//! Normalised text with offsets back to the original, and sentence boundaries.

use unicode_normalization::UnicodeNormalization;

/// Characters that are invisible in a document but split a word for matching: zero-width
/// space, non-joiner and joiner, word joiner, the BOM as zero-width no-break space, and the
/// soft hyphen. 罚\u{200B}款 must still be 罚款.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
    )
}

/// NFKC-normalised text (full-width → half-width: （）→(), ０→0, ：→:) without invisible
/// characters (`is_invisible`), with, for each byte of the normalised text, the byte offset
/// in the original it came from; a range maps back over the invisible characters inside it.
pub struct Normalized {
    pub text: String,
    map: Vec<usize>,
    original_len: usize,
    /// (byte, chars before it) in the original every `CHECKPOINT` bytes, so a character
    /// offset costs a short count instead of one from the start of a long block.
    checkpoints: Vec<(usize, usize)>,
}

const CHECKPOINT: usize = 256;

impl Normalized {
    pub fn new(original: &str) -> Self {
        let mut text = String::with_capacity(original.len());
        let mut map = Vec::with_capacity(original.len());
        let mut buf = [0u8; 4];
        let mut checkpoints = vec![(0, 0)];
        for (k, (i, c)) in original.char_indices().enumerate() {
            if i >= checkpoints.last().map_or(0, |c| c.0) + CHECKPOINT {
                checkpoints.push((i, k));
            }
            // ASCII and CJK unified ideographs are NFKC-stable; skipping the normaliser
            // for them halves the cost of preparing a long document.
            if c.is_ascii() {
                map.push(i);
                text.push(c);
                continue;
            }
            if ('\u{4E00}'..='\u{9FFF}').contains(&c) || is_stable_punctuation(c) {
                map.extend([i; 3]);
                text.push(c);
                continue;
            }
            // Full-width forms (，；：（）０-９Ａ-Ｚ) are NFKC's <wide> ASCII: one character
            // each, so the normaliser's iterator per punctuation mark is not needed.
            if ('\u{FF01}'..='\u{FF5E}').contains(&c) {
                map.push(i);
                text.push(char::from((c as u32 - 0xFEE0) as u8));
                continue;
            }
            if is_invisible(c) {
                continue;
            }
            for n in std::iter::once(c).nfkc() {
                for _ in 0..n.encode_utf8(&mut buf).len() {
                    map.push(i);
                }
                text.push(n);
            }
        }
        Normalized {
            text,
            map,
            original_len: original.len(),
            checkpoints,
        }
    }

    /// Characters of `original` (the text this was made from) before byte `byte`.
    pub fn char_offset(&self, original: &str, byte: usize) -> usize {
        let byte = byte.min(original.len());
        let i = self.checkpoints.partition_point(|c| c.0 <= byte) - 1;
        let (b, chars) = self.checkpoints[i];
        chars + original[b..byte].chars().count()
    }

    /// Original byte offset of a normalised byte offset (end offsets map past the char).
    pub fn to_original(&self, pos: usize) -> usize {
        self.map.get(pos).copied().unwrap_or(self.original_len)
    }

    /// Original byte range of a normalised range.
    pub fn range(&self, original: &str, start: usize, end: usize) -> (usize, usize) {
        let s = self.to_original(start);
        let e = if end == 0 {
            0
        } else {
            let last = self.to_original(end - 1);
            last + original[last..].chars().next().map_or(0, char::len_utf8)
        };
        (s, e.max(s))
    }
}

/// Chinese punctuation NFKC maps to itself (no decomposition), all three bytes long in UTF-8:
/// 、。〈〉《》「」『』【】〔〕〖〗 and the curly quotes. (… and ‥ are left out: NFKC spells
/// them as full stops.)
fn is_stable_punctuation(c: char) -> bool {
    matches!(c, '\u{3001}'..='\u{3002}' | '\u{3008}'..='\u{3011}' | '\u{3014}'..='\u{3017}' | '\u{2018}' | '\u{2019}' | '\u{201C}' | '\u{201D}')
}

/// ASCII or a CJK Unified Ideograph of the basic block: NFKC maps it to itself and it never
/// combines with a neighbour.
fn is_stable_starter(c: char) -> bool {
    c.is_ascii() || ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

pub fn normalize(s: &str) -> String {
    // Most text (the rule packs' 400 KB of expanded patterns, CJK prose) is NFKC already with
    // nothing invisible: the quick check costs a third of normalising it.
    // ASCII and the common CJK ideographs are NFKC-stable starters (combining class 0), so
    // leaving them out of the quick check cannot turn a No into a Yes: it only skips the
    // table lookup for nearly every character of Chinese text.
    let rest = || s.chars().filter(|&c| !is_stable_starter(c));
    if !rest().any(is_invisible)
        && unicode_normalization::is_nfkc_quick(rest()) == unicode_normalization::IsNormalized::Yes
    {
        return s.to_string();
    }
    s.chars().filter(|c| !is_invisible(*c)).nfkc().collect()
}

/// Sentence ranges (byte offsets) of a normalised text: 。！？；! ? ; and line breaks end one;
/// closing quotation marks right after the end belong to it (…施行。” is one sentence).
pub fn sentences(text: &str) -> Vec<(usize, usize)> {
    let mut out = vec![];
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if i < start {
            continue;
        }
        if matches!(c, '。' | '!' | '?' | ';' | '\n' | '！' | '？' | '；') {
            let mut end = i + c.len_utf8();
            if c != '\n' {
                end += text[end..]
                    .chars()
                    .take_while(|q| matches!(q, '”' | '’' | '」' | '』'))
                    .map(char::len_utf8)
                    .sum::<usize>();
            }
            if text[start..end].trim().chars().count() > 1 {
                out.push((start, end));
            }
            start = end;
        }
    }
    if text[start..].trim().chars().count() > 0 {
        out.push((start, text.len()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_paths_of_a_block_map_each_character_as_nfkc_does() {
        let fast: Vec<char> = ('\u{FF01}'..='\u{FF5E}')
            .chain(('\u{3000}'..='\u{301F}').filter(|&c| is_stable_punctuation(c)))
            .chain(['\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}'])
            .collect();
        assert_eq!(fast.len(), 94 + 16 + 4);
        for c in fast {
            let text: String = c.to_string();
            let n = Normalized::new(&text);
            assert_eq!(n.text, std::iter::once(c).nfkc().collect::<String>(), "{c}");
            assert_eq!(n.map, vec![0; n.text.len()], "{c}");
        }
        let n = Normalized::new("第一条，（甲）《办法》“是”");
        assert_eq!(n.text, "第一条,(甲)《办法》“是”");
        assert_eq!(
            n.to_original(n.text.find('甲').unwrap()),
            "第一条，（".len()
        );
    }

    #[test]
    fn normalize_agrees_with_nfkc_on_both_paths() {
        let slow = |s: &str| -> String { s.chars().filter(|c| !is_invisible(*c)).nfkc().collect() };
        for s in [
            "本办法自印发之日起施行。",
            "第五条（罚则）处５０００元罚款。",
            "甲方\u{200B}乙方",
            "(?:本市行政区域|本地)[^。;!?]{0,20}",
            "ｅ\u{301}㎡",
            // A combining mark after an ASCII letter or an ideograph composes or is kept.
            "cafe\u{301}",
            "中\u{301}文\u{2F00}\u{F900}",
            "",
        ] {
            assert_eq!(normalize(s), slow(s), "{s}");
        }
    }

    #[test]
    fn offsets_map_back_through_full_width() {
        let original = "第五条（罚则）处５０００元罚款。";
        let n = Normalized::new(original);
        assert_eq!(n.text, "第五条(罚则)处5000元罚款。");
        let start = n.text.find("5000").unwrap();
        let (s, e) = n.range(original, start, start + 4);
        assert_eq!(&original[s..e], "５０００");
        let long = "甲a".repeat(1000);
        let n = Normalized::new(&long);
        for b in [0, 1, 3, 4, 700, 1500, long.len()] {
            if long.is_char_boundary(b) {
                assert_eq!(n.char_offset(&long, b), long[..b].chars().count());
            }
        }
    }

    #[test]
    fn invisible_characters_do_not_split_words() {
        for inv in [
            '\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}', '\u{00AD}',
        ] {
            let original = format!("处以罚{inv}款，须经批{inv}准。");
            let n = Normalized::new(&original);
            assert_eq!(n.text, "处以罚款,须经批准。");
            let start = n.text.find("罚款").unwrap();
            let (s, e) = n.range(&original, start, start + "罚款".len());
            assert_eq!(&original[s..e], format!("罚{inv}款"));
        }
    }

    #[test]
    fn splits_sentences() {
        let t = "第一条 甲。乙乙；丙丙\n丁丁";
        let s: Vec<&str> = sentences(t).iter().map(|&(a, b)| &t[a..b]).collect();
        assert_eq!(s, ["第一条 甲。", "乙乙；", "丙丙\n", "丁丁"]);
        let t = "规定：“本法自公布之日起施行。”其他。";
        let s: Vec<&str> = sentences(t).iter().map(|&(a, b)| &t[a..b]).collect();
        assert_eq!(s, ["规定：“本法自公布之日起施行。”", "其他。"]);
    }
}
