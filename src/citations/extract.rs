//! Citations in a document: 《中华人民共和国合同法》第五十二条, 《合同法》第52条第一款第(二)项,
//! lists (根据《…》《…》和《…》), nested titles (《最高人民法院关于适用〈民法典〉…》 or
//! 《…《…》…》), short forms the text declares (以下简称《…》 / 以下简称“…”), and documents
//! cited by 文号 (国发〔2014〕43号).

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::chinese::numerals::parse_chinese;
use crate::document::prepared::Prepared;

/// One citation, with its place in the prepared (normalised) text.
#[derive(Debug, Clone)]
pub struct Cited {
    /// Index into the prepared blocks.
    pub block: usize,
    /// Byte range in the normalised block text: the title with its brackets and articles.
    pub start: usize,
    pub end: usize,
    /// The title as written, without the outer 《》.
    pub title: String,
    /// The full title when `title` is a short form the document declared.
    pub declared: Option<String>,
    /// 第X条 numbers cited right after the title (第五条、第六条 → [5, 6]).
    pub articles: Vec<u32>,
    /// The citation text: 《…》第X条第X款.
    pub text: String,
    /// The sentence the citation sits in (normalised).
    pub sentence: (usize, usize),
    pub doc_number: Option<String>,
}

static ARTICLE_REF: LazyLock<Regex> = LazyLock::new(|| {
    let n = r"[零〇一二两三四五六七八九十百千\d]+";
    Regex::new(&format!(
        r"^(?:的)?((?:第{n}条(?:之[一二三四五六七八九十]+)?(?:第{n}款)?(?:第[(]?{n}[)]?项)?(?:[、,和及与至]|或者|以及)?)+)"
    ))
    .expect("article regex")
});

static ONE_ARTICLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"第([零〇一二两三四五六七八九十百千\d]+)条").expect("article"));

static DECLARED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^\s*[(]?\s*以下(?:简称|称)\s*[《“"]?([^》”"),。;]{1,20})[》”"]?"#)
        .expect("short form")
});

static DOC_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[\p{Han}]{1,10}[〔\[［﹝(]\d{4}[〕\]］﹞)]\s*\d{1,4}\s*号").expect("doc number")
});

fn number(s: &str) -> Option<u32> {
    s.parse::<u32>()
        .ok()
        .or_else(|| parse_chinese(s).and_then(|v| u32::try_from(v).ok()))
}

/// Outermost 《…》 spans of a text (byte ranges including the brackets); nesting is kept inside.
fn titles(text: &str) -> Vec<(usize, usize)> {
    let mut out = vec![];
    let mut depth = 0usize;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match c {
            '《' => {
                if depth == 0 {
                    start = i;
                }
                depth += 1;
            }
            '》' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    out.push((start, i + c.len_utf8()));
                }
            }
            '。' | '\n' => depth = 0,
            _ => {}
        }
    }
    out
}

pub fn extract(prepared: &[Prepared], own_number: Option<&str>) -> Vec<Cited> {
    let mut out = vec![];
    let mut short_forms: HashMap<String, String> = HashMap::new();
    for (bi, p) in prepared.iter().enumerate() {
        let text = &p.norm.text;
        let sentence_of = |pos: usize| {
            p.sentences
                .iter()
                .copied()
                .find(|&(a, b)| a <= pos && pos < b)
                .unwrap_or((0, text.len()))
        };
        for (s, e) in titles(text) {
            let title = text[s + '《'.len_utf8()..e - '》'.len_utf8()]
                .trim()
                .to_string();
            // The short form inside 以下简称《…》 names the law just cited; not a citation.
            if title.is_empty() || text[..s].trim_end().ends_with("称") {
                continue;
            }
            let rest = &text[e..];
            let mut end = e;
            let mut articles = vec![];
            if let Some(m) = ARTICLE_REF.captures(rest).and_then(|c| c.get(1)) {
                let refs = m
                    .as_str()
                    .trim_end_matches(['、', ',', '和', '及', '与', '至', '或', '者', '以']);
                end = e + refs.len();
                articles = ONE_ARTICLE
                    .captures_iter(m.as_str())
                    .filter_map(|c| number(&c[1]))
                    .collect();
            }
            if let Some(c) = DECLARED.captures(&text[end..]) {
                short_forms.insert(c[1].trim().to_string(), title.clone());
            }
            out.push(Cited {
                block: bi,
                start: s,
                end,
                declared: short_forms.get(&title).cloned(),
                title,
                articles,
                text: text[s..end]
                    .trim_end_matches(['、', ',', '和', '及', '与'])
                    .to_string(),
                sentence: sentence_of(s),
                doc_number: None,
            });
        }
        // Most sentences cite no 文号; the regex starts at every Han character, so skip early.
        if !text.contains('号') {
            continue;
        }
        for m in DOC_NUMBER.find_iter(text) {
            let n = m.as_str();
            if own_number.is_some_and(|o| crate::document::segment::normalize(o) == n) {
                continue;
            }
            // Only the 文号 itself: drop connecting words before the issuer code
            // (根据国发… / 和国发… → 国发…) and keep at most six characters of code.
            let bracket = n.find(['〔', '[', '［', '﹝', '(']).unwrap_or(0);
            let prefix = &n[..bracket];
            let skip: usize = prefix
                .chars()
                .take_while(|c| "和及与或根据照依遵按参见即对在将由的为以于等是印转关".contains(*c))
                .map(char::len_utf8)
                .sum();
            let keep_from = prefix.char_indices().rev().nth(5).map_or(0, |(i, _)| i);
            let code_start = skip.max(keep_from);
            let number = n[code_start..].to_string();
            out.push(Cited {
                block: bi,
                start: m.start() + code_start,
                end: m.end(),
                title: String::new(),
                declared: None,
                articles: vec![],
                text: number.clone(),
                sentence: sentence_of(m.start()),
                doc_number: Some(number),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cites(lines: &[&str]) -> Vec<Cited> {
        let doc = crate::document::from_lines(lines);
        let prepared = crate::document::prepared::prepare(&doc);
        extract(&prepared, None)
    }

    #[test]
    fn titles_articles_and_lists() {
        let c = cites(&[
            "根据《中华人民共和国合同法》第五十二条、第53条和《中华人民共和国担保法》，制定本办法。",
        ]);
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].title, "中华人民共和国合同法");
        assert_eq!(c[0].articles, vec![52, 53]);
        assert_eq!(c[0].text, "《中华人民共和国合同法》第五十二条、第53条");
        assert_eq!(c[1].title, "中华人民共和国担保法");
        assert!(c[1].articles.is_empty());
    }

    #[test]
    fn nested_titles_short_forms_and_doc_numbers() {
        let c = cites(&[
            "《最高人民法院关于适用《中华人民共和国民法典》时间效力的若干规定》第一条。",
            "依照《中华人民共和国政府采购法》（以下简称《采购法》）和国发〔2014〕43号文件。",
            "《采购法》第二十二条第一款第（二）项另有规定。",
        ]);
        assert_eq!(
            c[0].title,
            "最高人民法院关于适用《中华人民共和国民法典》时间效力的若干规定"
        );
        assert_eq!(c[0].articles, vec![1]);
        let short = c
            .iter()
            .find(|x| x.title == "采购法" && !x.articles.is_empty())
            .unwrap();
        assert_eq!(short.declared.as_deref(), Some("中华人民共和国政府采购法"));
        assert_eq!(short.articles, vec![22]);
        assert!(
            c.iter()
                .any(|x| x.doc_number.as_deref() == Some("国发〔2014〕43号"))
        );
    }
}
