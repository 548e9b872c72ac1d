//! Chinese-language basics every stage shares: numerals (第十二条, 二十三, 〇), the
//! numbering labels that open a paragraph, and which characters are letters or digits.
//! Depends on nothing else in the crate.

pub mod label;
pub mod numerals;
pub mod places;

/// `char::is_alphanumeric`, answered from a table for the General Punctuation block (“”‘’…—)
/// and the CJK Symbols and Punctuation block (、。《》「」): std looks those up in its Unicode
/// tables by a binary search (≈ 220 instructions a character), and the learned scorer and
/// the case index ask about every punctuation mark of every sentence. The table is made by
/// asking std, once.
pub fn is_alphanumeric(c: char) -> bool {
    use std::sync::LazyLock;
    const GENERAL: u32 = 0x2000;
    const GENERAL_LEN: usize = 0x70;
    const CJK: u32 = 0x3000;
    const CJK_LEN: usize = 0x40;
    static TABLE: LazyLock<[bool; GENERAL_LEN + CJK_LEN]> = LazyLock::new(|| {
        std::array::from_fn(|i| {
            let code = if i < GENERAL_LEN {
                GENERAL + i as u32
            } else {
                CJK + (i - GENERAL_LEN) as u32
            };
            char::from_u32(code).is_some_and(char::is_alphanumeric)
        })
    });
    let code = c as u32;
    if code.wrapping_sub(GENERAL) < GENERAL_LEN as u32 {
        TABLE[(code - GENERAL) as usize]
    } else if code.wrapping_sub(CJK) < CJK_LEN as u32 {
        TABLE[GENERAL_LEN + (code - CJK) as usize]
    } else {
        c.is_alphanumeric()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn is_alphanumeric_is_std_s() {
        // The two tabled blocks, their neighbours and a spread of everything else.
        let tabled = ('\u{1FF0}'..='\u{2080}').chain('\u{2FF0}'..='\u{3050}');
        for c in tabled.chain((0..0x11_0000).step_by(97).filter_map(char::from_u32)) {
            assert_eq!(super::is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
        assert!(super::is_alphanumeric('〇') && super::is_alphanumeric('々'));
        assert!(!super::is_alphanumeric('、') && !super::is_alphanumeric('“'));
    }
}
