//! When a normative document takes effect and until when it is valid: 自2024年7月1日起施行,
//! 自印发之日起施行, 有效期五年, 有效期至2028年12月31日.

use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use super::model::{Document, Part};
use super::segment::{Normalized, sentences};
use super::structure::find_date;
use super::voice::{Carry, of_block};
use crate::chinese::numerals::parse_chinese;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Validity {
    /// Effective date (YYYY-MM-DD), when it can be told.
    pub start: Option<String>,
    /// Last day of validity, when the document sets a period.
    pub until: Option<String>,
    /// The words that say so.
    pub text: String,
}

const DATE: &str = r"[\d〇○零一二三四五六七八九十]{4}\s*年\s*[\d一二三四五六七八九十]{1,2}\s*月\s*[\d一二三四五六七八九十]{1,3}\s*日";

static START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"自\s*(?:(?P<date>{DATE})|(?P<issue>印发|发布|公布|下发)之日)\s*起(?:施行|执行|实施|生效)"
    ))
    .expect("start regex")
});

static YEARS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"有效期(?:为|限)?\s*(?P<n>\d{1,2}|[一二两三四五六七八九十]{1,3})\s*年")
        .expect("years regex")
});

static UNTIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:有效期|有效|执行期限?)(?:至|截至|到)\s*(?P<date>{DATE})"
    ))
    .expect("until regex")
});

/// `date` plus `years` years, minus one day (有效期五年 from 2024-07-01 ends 2029-06-30).
fn add_years(date: &str, years: u32) -> Option<String> {
    let start = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    use chrono::Datelike;
    let anniversary = start.checked_add_months(chrono::Months::new(years.checked_mul(12)?))?;
    // From 29 February the anniversary does not exist and is clamped to the 28th, which is
    // then already the last day of the period.
    let end = if anniversary.day() == start.day() {
        anniversary.pred_opt()?
    } else {
        anniversary
    };
    Some(end.format("%Y-%m-%d").to_string())
}

/// The sentences of a block in the document's own voice (original wording, joined), or
/// `None` when there is none.
fn own_text(text: &str, title: Option<&str>) -> Option<String> {
    let norm = Normalized::new(text);
    let sentences = sentences(&norm.text);
    let voices = of_block(&norm.text, &sentences, &mut Carry::for_title(title));
    if voices.iter().all(|m| m.is_own()) {
        return Some(text.to_string());
    }
    let own: String = sentences
        .iter()
        .zip(&voices)
        .filter(|(_, m)| m.is_own())
        .map(|(&(a, b), _)| {
            let (s, e) = norm.range(text, a, b);
            &text[s..e]
        })
        .collect();
    (!own.is_empty()).then_some(own)
}

pub fn validity(doc: &Document) -> Option<Validity> {
    let mut start: Option<String> = None;
    let mut until: Option<String> = None;
    let mut years: Option<u32> = None;
    let mut text = vec![];
    // Only sentences about taking effect or validity can match; skip the rest cheaply.
    let relevant = |t: &str| t.contains("起") || t.contains("有效") || t.contains("期限");
    for b in doc
        .blocks
        .iter()
        .filter(|b| b.part == Part::Body && relevant(&b.text))
    {
        // Only what the document says in its own voice: a 施行日期 quoted from another law
        // (《民法典》第一千二百六十条规定：“本法自2021年1月1日起施行。”) or reported is not its own.
        let Some(t) = own_text(&b.text, doc.title.as_deref()) else {
            continue;
        };
        let t = t.as_str();
        if let Some(c) = START.captures(t) {
            start = match c.name("date") {
                Some(d) => find_date(d.as_str()),
                None => doc.date.clone(),
            };
            text.push(c[0].to_string());
        }
        if let Some(c) = UNTIL.captures(t) {
            until = find_date(&c["date"]);
            text.push(c[0].to_string());
        } else if let Some(c) = YEARS.captures(t) {
            years = c["n"]
                .parse()
                .ok()
                .or_else(|| parse_chinese(&c["n"]).and_then(|v| u32::try_from(v).ok()));
            text.push(c[0].to_string());
        }
    }
    if until.is_none()
        && let (Some(n), Some(s)) = (years, start.as_deref().or(doc.date.as_deref()))
    {
        until = add_years(s, n);
    }
    if text.is_empty() {
        return None;
    }
    Some(Validity {
        start,
        until,
        text: text.join("，"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(lines: &[&str]) -> Document {
        crate::document::from_lines(lines)
    }

    #[test]
    fn periods_from_dates_and_years() {
        let v = validity(&doc(&[
            "某办法",
            "第九条 本办法自2024年7月1日起施行，有效期五年。",
        ]))
        .unwrap();
        assert_eq!(v.start.as_deref(), Some("2024-07-01"));
        assert_eq!(v.until.as_deref(), Some("2029-06-30"));
        let v = validity(&doc(&["某通知", "本通知有效期至2020年12月31日。"])).unwrap();
        assert_eq!(v.until.as_deref(), Some("2020-12-31"));
        let v = validity(&doc(&[
            "某通知",
            "本通知自印发之日起施行，有效期3年。",
            "某县人民政府",
            "2021年3月1日",
        ]))
        .unwrap();
        assert_eq!(v.start.as_deref(), Some("2021-03-01"));
        assert_eq!(v.until.as_deref(), Some("2024-02-29"));
        assert!(validity(&doc(&["某意见", "各地区要抓好落实。"])).is_none());
        // Another law's commencement, quoted or reported, is not the document's.
        assert!(
            validity(&doc(&[
                "某通知",
                "《中华人民共和国民法典》第一千二百六十条规定：“本法自2021年1月1日起施行。”",
                "《中华人民共和国行政复议法》自2024年1月1日起施行。",
            ]))
            .is_none()
        );
        let v = validity(&doc(&[
            "某办法",
            "《中华人民共和国民法典》第一千二百六十条规定：“本法自2021年1月1日起施行。”",
            "第九条 本办法自2024年7月1日起施行，《某县管理办法》同时废止。",
        ]))
        .unwrap();
        assert_eq!(v.start.as_deref(), Some("2024-07-01"));
        assert_eq!(add_years("2024-02-29", 5).as_deref(), Some("2029-02-28"));
    }
}
