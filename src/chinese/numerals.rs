//! Chinese numerals both ways: 一百二十三 ↔ 123, including 〇/零, 两, 壹贰叁 and mixed digits.

const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const LEGAL: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];

/// Formats `n` the way Chinese legal texts number articles: 1 一, 10 十, 11 十一,
/// 101 一百零一, 110 一百一十, 10001 一万零一. `legal` uses 壹贰叁…拾佰仟.
pub fn to_chinese(n: u32, legal: bool) -> String {
    let d = if legal { &LEGAL } else { &DIGITS };
    if n == 0 {
        return d[0].to_string();
    }
    if n >= 10_000 {
        let (hi, lo) = (n / 10_000, n % 10_000);
        let mut s = to_chinese(hi, legal);
        s.push('万');
        if lo > 0 {
            if lo < 1000 {
                s.push(d[0]);
            }
            s.push_str(&below_10000(lo, d, legal, true));
        }
        return s;
    }
    below_10000(n, d, legal, false)
}

fn below_10000(n: u32, d: &[char; 10], legal: bool, inner: bool) -> String {
    let units: [&str; 4] = if legal {
        ["仟", "佰", "拾", ""]
    } else {
        ["千", "百", "十", ""]
    };
    let digits = [n / 1000, (n / 100) % 10, (n / 10) % 10, n % 10];
    let mut s = String::new();
    let (mut zero_pending, mut started) = (false, false);
    for (i, &dg) in digits.iter().enumerate() {
        if dg == 0 {
            zero_pending |= started;
            continue;
        }
        if zero_pending {
            s.push(d[0]);
            zero_pending = false;
        }
        // 十一 rather than 一十一 at the start of a number, but 一百一十.
        if !(i == 2 && dg == 1 && !started && !inner && !legal) {
            s.push(d[dg as usize]);
        }
        s.push_str(units[i]);
        started = true;
    }
    s
}

fn digit_value(c: char) -> Option<u64> {
    Some(match c {
        '零' | '〇' | '○' | 'Ｏ' | '0' | '０' => 0,
        '一' | '壹' | '1' | '１' => 1,
        '二' | '两' | '贰' | '貳' | '2' | '２' => 2,
        '三' | '叁' | '參' | '3' | '３' => 3,
        '四' | '肆' | '4' | '４' => 4,
        '五' | '伍' | '5' | '５' => 5,
        '六' | '陆' | '陸' | '6' | '６' => 6,
        '七' | '柒' | '7' | '７' => 7,
        '八' | '捌' | '8' | '８' => 8,
        '九' | '玖' | '9' | '９' => 9,
        _ => return None,
    })
}

fn unit_value(c: char) -> Option<u64> {
    Some(match c {
        '十' | '拾' => 10,
        '百' | '佰' => 100,
        '千' | '仟' => 1000,
        '万' | '萬' => 10_000,
        '亿' | '億' => 100_000_000,
        _ => return None,
    })
}

/// True for characters that can appear inside a Chinese or Arabic number.
pub fn is_numeral_char(c: char) -> bool {
    digit_value(c).is_some() || unit_value(c).is_some()
}

/// Parses 一百二十三, 第一百零一 (without 第), 二〇一八 (digit by digit), 123, １２３.
/// Returns None for empty input or characters that are not numerals.
pub fn parse_chinese(s: &str) -> Option<u64> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    let has_unit = s.chars().any(|c| unit_value(c).is_some());
    if !has_unit {
        // Positional digits: 2018, 二〇一八, １２.
        let mut v: u64 = 0;
        for c in s.chars() {
            v = v.checked_mul(10)?.checked_add(digit_value(c)?)?;
        }
        return Some(v);
    }
    let (mut total, mut section, mut digit): (u64, u64, Option<u64>) = (0, 0, None);
    for c in s.chars() {
        if let Some(d) = digit_value(c) {
            // Arabic digits may be mixed in (3万): accumulate positionally.
            digit = Some(match digit {
                Some(prev) if c.is_ascii_digit() || ('０'..='９').contains(&c) => {
                    prev.checked_mul(10)?.checked_add(d)?
                }
                _ => d,
            });
        } else if let Some(u) = unit_value(c) {
            if u >= 10_000 {
                section = section.checked_add(digit.unwrap_or(0))?;
                total = total.checked_add(section.max(1).checked_mul(u)?)?;
                section = 0;
            } else {
                section = section.checked_add(digit.unwrap_or(1).checked_mul(u)?)?;
            }
            digit = None;
        } else {
            return None;
        }
    }
    total.checked_add(section)?.checked_add(digit.unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_article_numbers() {
        let cases = [
            (1, "一"),
            (10, "十"),
            (11, "十一"),
            (20, "二十"),
            (99, "九十九"),
            (100, "一百"),
            (101, "一百零一"),
            (110, "一百一十"),
            (123, "一百二十三"),
            (360, "三百六十"),
            (1001, "一千零一"),
            (1010, "一千零一十"),
            (1260, "一千二百六十"),
            (10000, "一万"),
            (10001, "一万零一"),
        ];
        for (n, s) in cases {
            assert_eq!(to_chinese(n, false), s, "{n}");
            assert_eq!(parse_chinese(s), Some(n as u64), "{s}");
        }
        assert_eq!(to_chinese(12, true), "壹拾贰");
    }

    #[test]
    fn parses_variants() {
        assert_eq!(parse_chinese("二〇一八"), Some(2018));
        assert_eq!(parse_chinese("两千"), Some(2000));
        assert_eq!(parse_chinese("123"), Some(123));
        assert_eq!(parse_chinese("１２"), Some(12));
        assert_eq!(parse_chinese("3万"), Some(30000));
        assert_eq!(parse_chinese("伍仟"), Some(5000));
        assert_eq!(parse_chinese("三十一"), Some(31));
        assert_eq!(parse_chinese("条"), None);
        assert_eq!(parse_chinese(""), None);
    }
}
