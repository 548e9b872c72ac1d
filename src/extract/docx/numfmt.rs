//! Word list counter formats (w:numFmt) rendered as the label a reader sees.

use crate::chinese::numerals::to_chinese;

const IDEOGRAPH_DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// `format`, or None when the label would be longer than `max_chars` (roman numerals grow
/// with the number: 4294967295 is four million M's).
pub fn format_capped(n: u32, fmt: &str, max_chars: usize) -> Option<String> {
    if matches!(fmt, "upperRoman" | "lowerRoman") && (n / 1000) as usize > max_chars {
        return None;
    }
    let s = format(n, fmt);
    (s.chars().count() <= max_chars).then_some(s)
}

pub fn format(n: u32, fmt: &str) -> String {
    match fmt {
        "decimal" | "" => n.to_string(),
        "decimalZero" => format!("{n:02}"),
        "upperRoman" => roman(n).to_uppercase(),
        "lowerRoman" => roman(n),
        "upperLetter" => letter(n, true),
        "lowerLetter" => letter(n, false),
        "chineseCounting"
        | "chineseCountingThousand"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand"
        | "japaneseCounting" => to_chinese(n, false),
        "ideographDigital" | "taiwaneseDigital" => n
            .to_string()
            .chars()
            .map(|c| IDEOGRAPH_DIGITS[c.to_digit(10).unwrap_or(0) as usize])
            .collect(),
        "chineseLegalSimplified" | "ideographLegalTraditional" => to_chinese(n, true),
        "ideographTraditional" => cycle(
            &["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"],
            n,
        ),
        "ideographZodiac" => cycle(
            &[
                "子", "丑", "寅", "卯", "辰", "巳", "午", "未", "申", "酉", "戌", "亥",
            ],
            n,
        ),
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .filter_map(|c| char::from_u32(c as u32 - '0' as u32 + 0xFF10))
            .collect(),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            enclosed(0x2460, n)
        }
        "decimalEnclosedParen" if (1..=20).contains(&n) => enclosed(0x2474, n),
        "decimalEnclosedFullstop" if (1..=20).contains(&n) => enclosed(0x2488, n),
        // The bullet glyph is in lvlText itself.
        "none" | "bullet" => String::new(),
        _ => n.to_string(),
    }
}

fn enclosed(base: u32, n: u32) -> String {
    char::from_u32(base + n - 1)
        .map(String::from)
        .unwrap_or_default()
}

fn cycle(items: &[&str], n: u32) -> String {
    if n == 0 {
        return String::new();
    }
    items[(n as usize - 1) % items.len()].to_string()
}

fn roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut s = String::new();
    for (v, r) in TABLE {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

fn letter(n: u32, upper: bool) -> String {
    if n == 0 {
        return String::new();
    }
    let idx = ((n - 1) % 26) as u8;
    let rep = ((n - 1) / 26 + 1).min(50) as usize;
    let c = (if upper { b'A' } else { b'a' } + idx) as char;
    std::iter::repeat_n(c, rep).collect()
}

#[cfg(test)]
mod tests {
    use super::format;

    #[test]
    fn word_formats() {
        assert_eq!(format(12, "chineseCounting"), "十二");
        assert_eq!(format(101, "chineseCountingThousand"), "一百零一");
        assert_eq!(format(3, "ideographTraditional"), "丙");
        assert_eq!(format(12, "decimalFullWidth"), "１２");
        assert_eq!(format(3, "decimalEnclosedCircle"), "③");
        assert_eq!(format(2018, "ideographDigital"), "二〇一八");
        assert_eq!(format(4, "upperRoman"), "IV");
        assert_eq!(format(28, "lowerLetter"), "bb");
    }
}
