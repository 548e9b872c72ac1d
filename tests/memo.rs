//! The review memo in Word, HTML and Markdown, and the text report: what a lawyer reads.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use common::*;

const DATE: &str = "2026-11-28";

fn memo(input: &str, out: &Path) -> std::process::Output {
    memo_with(input, out, &[])
}

/// `fashen memo INPUT -o OUT --review-date DATE EXTRA…`
fn memo_with(input: &str, out: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "memo",
        input,
        "-o",
        out.to_str().unwrap(),
        "--review-date",
        DATE,
    ];
    args.extend_from_slice(extra);
    fashen_with_limit(&args, None, Duration::from_secs(60))
}

/// The rule-pack digest changes with every rule edit; snapshots should not.
fn redact(s: &str) -> String {
    regex::Regex::new(r"规则包\s*[0-9a-f]{12}")
        .unwrap()
        .replace_all(s, "规则包 [digest]")
        .into_owned()
}

#[test]
fn the_word_memo_is_a_valid_docx_with_every_finding() {
    let dir = scratch("memo-docx");
    let out = dir.join("意见书.docx");
    let o = memo("corpus/drafts/ppp_parking_concession_variant.docx", &out);
    assert!(o.status.success(), "{}", stderr(&o));
    let parts = unzip(&out);
    for name in [
        "[Content_Types].xml",
        "word/document.xml",
        "word/styles.xml",
        "_rels/.rels",
    ] {
        assert!(
            parts.contains_key(name),
            "{name} missing: {:?}",
            parts.keys()
        );
    }
    for (name, xml) in parts
        .iter()
        .filter(|(n, _)| n.ends_with(".xml") || n.ends_with(".rels"))
    {
        assert_well_formed(name, xml);
    }
    let doc = &parts["word/document.xml"];
    for want in [
        "合法性审查意见书",
        "审查结论：不同意签订",
        // The rule id with no-break hyphens: it never splits across lines.
        "CON\u{2011}RET\u{2011}002",
        "差额补足",
        "审查人",
        "某县住房和城乡建设局：",
        "2026年11月28日",
        // East-Asian fonts declared as such, headings kept with what follows, justified.
        "w:eastAsia=\"仿宋_GB2312\"",
        "w:eastAsia=\"方正小标宋简体\"",
        "w:eastAsia=\"黑体\"",
        "w:eastAsia=\"楷体_GB2312\"",
        "<w:keepNext",
        "<w:widowControl",
        "w:val=\"both\"",
    ] {
        assert!(doc.contains(want), "{want} not in the memo");
    }
    assert!(!doc.contains("government_guarantee") && !doc.contains("2026-11-28"));
    // Fallback chains in the font table, the text language in the styles.
    let fonts = &parts["word/fontTable.xml"];
    for want in [
        "w:name=\"仿宋_GB2312\"><w:altName w:val=\"仿宋,FangSong",
        "w:name=\"方正小标宋简体\"><w:altName w:val=\"方正小标宋_GBK,华文中宋",
        "w:name=\"黑体\"><w:altName w:val=\"SimHei",
        "w:name=\"楷体_GB2312\"><w:altName w:val=\"楷体,KaiTi",
        "<w:charset w:val=\"86\"/>",
    ] {
        assert!(
            fonts.contains(want),
            "{want} not in the font table: {fonts}"
        );
    }
    assert!(parts["word/styles.xml"].contains("w:eastAsia=\"zh-CN\""));
    // A4 page with the official-document margins (twips).
    assert!(doc.contains("w:w=\"11906\"") && doc.contains("w:h=\"16838\""));
    assert!(doc.contains("w:top=\"2098\"") && doc.contains("w:left=\"1587\""));
    // Read back through our own extractor: the memo is a docx like any other.
    let x = extract_json(&out);
    assert!(body_text(&x).contains("不同意签订"));
}

#[test]
fn the_html_memo_is_self_contained() {
    let dir = scratch("memo-html");
    let out = dir.join("memo.html");
    let o = memo("corpus/drafts/county_short_rental_notice_variant.txt", &out);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<style>") && !html.contains("<script"));
    for external in ["http://", "https://", "src=", "<link"] {
        assert!(
            !html.contains(external),
            "{external} in a self-contained memo"
        );
    }
    assert!(html.contains("<mark>须经县文化旅游局批准</mark>"));
}

#[test]
fn a_bad_memo_extension_is_a_usage_error_and_writes_nothing() {
    let dir = scratch("memo-bad");
    let out = dir.join("memo.pdf");
    let o = memo("corpus/drafts/county_short_rental_notice_variant.txt", &out);
    assert_eq!(o.status.code(), Some(2));
    assert!(!out.exists());
}

#[test]
fn snapshot_markdown_memo_normative_draft() {
    let dir = scratch("memo-md-1");
    let out = dir.join("memo.md");
    memo("corpus/drafts/county_short_rental_notice_variant.txt", &out);
    insta::assert_snapshot!(redact(&std::fs::read_to_string(out).unwrap()));
}

#[test]
fn snapshot_markdown_memo_contract_with_citations() {
    let dir = scratch("memo-md-2");
    let out = dir.join("memo.md");
    memo(
        "corpus/drafts/county_contract_management_notice_variant.txt",
        &out,
    );
    insta::assert_snapshot!(redact(&std::fs::read_to_string(out).unwrap()));
}

#[test]
fn snapshot_markdown_memo_lawful_document() {
    let dir = scratch("memo-md-3");
    let out = dir.join("memo.md");
    memo("corpus/real/gov_2018_115_legality_review_opinion.txt", &out);
    insta::assert_snapshot!(redact(&std::fs::read_to_string(out).unwrap()));
}

#[test]
fn snapshot_html_memo_contract() {
    let dir = scratch("memo-html-2");
    let out = dir.join("memo.html");
    memo(
        "corpus/drafts/school_construction_contract_variant.txt",
        &out,
    );
    insta::assert_snapshot!(redact(&std::fs::read_to_string(out).unwrap()));
}

#[test]
fn snapshot_text_report_contract() {
    let o = fashen(&[
        "check",
        "corpus/drafts/relocation_compensation_agreement_variant.txt",
    ]);
    // Only 建议修改 findings: below the default --fail-on error.
    assert_eq!(o.status.code(), Some(0));
    insta::assert_snapshot!(stdout(&o));
}

#[test]
fn snapshot_text_report_normative_docx() {
    let o = fashen(&[
        "check",
        "corpus/drafts/city_market_order_measures_variant.docx",
    ]);
    insta::assert_snapshot!(stdout(&o));
}

/// The JSON codes keep their meaning; the financing, guarantee and guaranteed-return drafts
/// are rejected for the reason the conclusion rule gives, worded for their document type.
#[test]
fn financing_and_guarantee_drafts_are_rejected_with_the_reason() {
    let dir = scratch("memo-conclusions");
    let cases = [
        (
            "county_financing_agreement_variant",
            "reject",
            "不同意签订",
            "提供担保",
        ),
        (
            "ppp_parking_concession_variant",
            "reject",
            "不同意签订",
            "承诺固定回报",
        ),
        (
            "purchase_service_financing_contract_variant",
            "reject",
            "不同意签订",
            "变相融资举债",
        ),
        (
            "county_platform_debt_commitment_variant",
            "reject",
            "不同意签订",
            "提供担保",
        ),
        (
            "school_construction_contract_variant",
            "reject",
            "不同意签订",
            "变相融资举债",
        ),
        (
            "county_short_rental_notice_variant",
            "reject",
            "不同意出台",
            "设定行政许可",
        ),
        (
            "city_market_order_measures_variant",
            "reject",
            "不同意出台",
            "设定行政强制措施",
        ),
        (
            "county_investment_policy_variant",
            "revise",
            "建议修改后出台",
            "修改完善后可以出台",
        ),
        (
            "city_enterprise_support_measures_variant",
            "revise",
            "建议修改后出台",
            "",
        ),
        (
            "county_contract_management_notice_variant",
            "revise",
            "建议修改后出台",
            "",
        ),
        (
            "relocation_compensation_agreement_variant",
            "revise",
            "建议修改后签订",
            "",
        ),
        (
            "state_equity_transfer_agreement_variant",
            "revise",
            "建议修改后签订",
            "",
        ),
    ];
    for (name, code, words, reason) in cases {
        let input = format!("corpus/drafts/{name}.txt");
        let o = fashen(&["check", "--format", "json", "--fail-on", "never", &input]);
        let report: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
        assert_eq!(report["documents"][0]["conclusion"], code, "{name}");
        let out = dir.join(format!("{name}.md"));
        let o = memo(&input, &out);
        assert!(o.status.success(), "{}", stderr(&o));
        let md = std::fs::read_to_string(&out).unwrap();
        assert!(md.contains(&format!("审查结论：{words}。")), "{name}: {md}");
        assert!(md.contains(reason), "{name}: no {reason} in the conclusion");
        if code == "reject" {
            assert!(
                md.contains("存在不得"),
                "{name}: the reject states no reason"
            );
        }
    }
}

/// Codes a memo may show as codes: rule ids, the rule-pack digest, the submitted file's
/// name; and PPP, which the quoted 财预〔2017〕50号 itself uses.
fn without_codes(text: &str) -> String {
    let code = regex::Regex::new(
        r"`[^`]*`|[A-Z]+(?:[-\u{2011}][A-Z0-9]+)+|规则包\s*[0-9a-f]{12}|送审文件\s*\S+?。|PPP",
    )
    .unwrap();
    // The document's own words, quoted, are not the memo's.
    let quote = regex::Regex::new(r"(?m)^> 原文：.*$").unwrap();
    code.replace_all(&quote.replace_all(text, ""), "")
        .into_owned()
}

#[test]
fn no_english_word_outside_codes() {
    let dir = scratch("memo-english");
    let word = regex::Regex::new(r"[A-Za-z]{3,}").unwrap();
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(root().join("corpus/drafts"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    inputs.sort();
    inputs.push(root().join("corpus/real/gov_2018_115_legality_review_opinion.txt"));
    for input in &inputs {
        let out = dir.join("memo.md");
        let o = memo(input.to_str().unwrap(), &out);
        assert!(o.status.success(), "{}", stderr(&o));
        let md = std::fs::read_to_string(&out).unwrap();
        let rest = without_codes(&md);
        let english: Vec<&str> = word.find_iter(&rest).map(|m| m.as_str()).collect();
        assert!(
            english.is_empty(),
            "{}: English in the memo: {english:?}",
            input.display()
        );
    }
    // The Word memo read back through the extractor: same rule.
    let out = dir.join("memo.docx");
    let o = memo(
        "corpus/drafts/county_financing_agreement_variant.docx",
        &out,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let text = body_text(&extract_json(&out));
    let text: String = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("原文："))
        .collect::<Vec<_>>()
        .join("\n");
    let english: Vec<String> = word
        .find_iter(&without_codes(&text))
        .map(|m| m.as_str().to_string())
        .collect();
    assert!(english.is_empty(), "English in the Word memo: {english:?}");
}

#[test]
fn the_letter_apparatus_comes_from_the_options() {
    let dir = scratch("memo-letter");
    let out = dir.join("memo.md");
    let o = memo_with(
        "corpus/drafts/county_short_rental_notice_variant.txt",
        &out,
        &[
            "--number",
            "长司法审〔{year}〕12号",
            "--to",
            "某县人民政府",
            "--unit",
            "某县司法局",
            "--cc",
            "某市司法局",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let md = std::fs::read_to_string(&out).unwrap();
    for want in [
        "长司法审〔2026〕12号",
        "\n某县人民政府：\n",
        "\n某县司法局\n",
        "\n2026年11月28日\n",
        "抄送：某市司法局。",
    ] {
        assert!(md.contains(want), "{want:?} not in {md}");
    }
    // Without options: a blank number, the issuer as 主送, a blank unit, no 抄送.
    let o = memo("corpus/drafts/county_short_rental_notice_variant.txt", &out);
    assert!(o.status.success());
    let md = std::fs::read_to_string(&out).unwrap();
    assert!(md.contains("〔　　〕　号") && md.contains("\n某县人民政府办公室：\n"));
    assert!(md.contains("（盖章）") && !md.contains("抄送"));
}

/// 审查依据: each source once, grouped by legal rank, highest first.
#[test]
fn the_basis_is_listed_once_by_rank() {
    let dir = scratch("memo-basis");
    let out = dir.join("memo.md");
    let o = memo("corpus/drafts/ppp_parking_concession_variant.txt", &out);
    assert!(o.status.success(), "{}", stderr(&o));
    let md = std::fs::read_to_string(&out).unwrap();
    let basis = &md[md.find("## 二、审查依据").unwrap()..md.find("## 三、审查意见").unwrap()];
    let ranks: Vec<usize> = [
        "（一）法律",
        "（二）行政法规",
        "（三）司法解释",
        "（四）规范性文件",
    ]
    .iter()
    .map(|r| {
        basis
            .find(r)
            .unwrap_or_else(|| panic!("{r} missing: {basis}"))
    })
    .collect();
    assert!(ranks.windows(2).all(|w| w[0] < w[1]), "{basis}");
    for law in ["《中华人民共和国预算法》", "《中华人民共和国民法典》"] {
        assert_eq!(basis.matches(law).count(), 1, "{law} twice: {basis}");
    }
    assert!(basis.contains("《中华人民共和国预算法》第三十五条第三款、第四款"));
    // An article's text is printed once; later citations point back to it.
    assert_eq!(
        md.matches("不得为任何单位和个人的债务以任何方式提供担保")
            .count(),
        1
    );
    assert!(md.contains("（条文参见前文第2项）"));
    // Places read as a lawyer cites them.
    assert!(md.contains("- 位置：第三条（第13行）"), "{md}");
    assert!(!md.contains(" · "));
}

// ---------------------------------------------------------------------------------------
// The Word memo as LibreOffice prints it.

/// soffice, pdftotext and pdftoppm when all are installed.
fn render_tools() -> Option<&'static str> {
    let ok = |b: &str, arg: &str| {
        Command::new(b)
            .arg(arg)
            .output()
            .is_ok_and(|o| o.status.success() || !o.stdout.is_empty() || !o.stderr.is_empty())
    };
    let soffice = ["soffice", "libreoffice"]
        .into_iter()
        .find(|b| ok(b, "--version"))?;
    (ok("pdftotext", "-v") && ok("pdftoppm", "-v")).then_some(soffice)
}

/// The free faces fonts.conf falls back to that are not installed: the expected page counts
/// and the distinct faces were measured with them, so without them the check means nothing.
fn missing_fonts() -> Vec<&'static str> {
    let listed = Command::new("fc-list")
        .args([":", "family"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    ["Noto Serif CJK SC", "Noto Sans CJK SC", "AR PL UKai CN"]
        .into_iter()
        .filter(|f| !listed.contains(f))
        .collect()
}

/// A fontconfig file: the system's configuration plus the memo's fallback chains.
fn fontconfig(dir: &Path) -> PathBuf {
    let conf = dir.join("fonts.conf");
    std::fs::write(
        &conf,
        format!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n<fontconfig>\n<include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>\n<include>{}</include>\n</fontconfig>\n",
            root().join("src/report/memo/fonts.conf").display()
        ),
    )
    .unwrap();
    conf
}

fn pdf_pages(pdf: &Path) -> Vec<String> {
    let o = Command::new("pdftotext")
        .args(["-layout"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Headings and item titles of a memo, from its Markdown.
fn headings(md: &str) -> Vec<String> {
    md.lines()
        .filter_map(|l| {
            l.strip_prefix("## ")
                .or_else(|| l.strip_prefix("### "))
                .or_else(|| l.strip_prefix("**").and_then(|l| l.strip_suffix("**")))
        })
        .map(squeeze)
        .collect()
}

/// Each memo kind (规范性文件, 合同, a lawful document, one with the citation table as an
/// attachment, one with the full letter apparatus) in Word, printed by LibreOffice with the
/// memo's font fallbacks: page count as expected, no heading as the last line of a page, the
/// sign-off on a page with the conclusion, headings in other faces than the body, Chinese
/// dates. Page images are left in target/tmp/memo-render/ to look at.
#[test]
fn the_word_memo_prints_as_an_official_letter() {
    let Some(soffice) = render_tools() else {
        eprintln!(
            "note: soffice, pdftotext or pdftoppm not installed; the printed memo is not checked \
             (apt-get install libreoffice-writer-nogui poppler-utils fonts-noto-cjk fonts-arphic-ukai)"
        );
        return;
    };
    let missing = missing_fonts();
    if !missing.is_empty() {
        eprintln!(
            "note: fonts {missing:?} not installed; the printed memo is not checked \
             (apt-get install fonts-noto-cjk fonts-arphic-ukai fonts-arphic-uming)"
        );
        return;
    }
    let dir = scratch("memo-render");
    // (input, name, extra options, expected pages)
    let kinds: [(&str, &str, &[&str], usize); 5] = [
        (
            "corpus/drafts/county_short_rental_notice_variant.docx",
            "normative",
            &[],
            7,
        ),
        (
            "corpus/drafts/ppp_parking_concession_variant.docx",
            "contract",
            &[],
            8,
        ),
        (
            "corpus/real/gov_2018_115_legality_review_opinion.txt",
            "lawful",
            &[],
            4,
        ),
        (
            "corpus/drafts/county_contract_management_notice_variant.docx",
            "citations",
            &[],
            7,
        ),
        (
            "corpus/drafts/county_financing_agreement_variant.docx",
            "letter",
            &[
                "--number",
                "长司法审〔{year}〕3号",
                "--unit",
                "某县司法局",
                "--cc",
                "某市司法局",
            ],
            8,
        ),
    ];
    let mut docx = vec![];
    for (input, name, extra, _) in &kinds {
        for ext in ["docx", "md"] {
            let out = dir.join(format!("{name}.{ext}"));
            let o = memo_with(input, &out, extra);
            assert!(o.status.success(), "{}", stderr(&o));
        }
        docx.push(dir.join(format!("{name}.docx")));
    }
    let profile = dir.join("lo-profile");
    let o = Command::new(soffice)
        .env("FONTCONFIG_FILE", fontconfig(&dir))
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&dir)
        .args(&docx)
        .output()
        .expect("run soffice");
    assert!(o.status.success(), "soffice: {}", stderr(&o));
    let mut report = vec![];
    for (_, name, extra, expected) in &kinds {
        let pdf = dir.join(format!("{name}.pdf"));
        assert!(pdf.is_file(), "no PDF for {name}");
        let md = std::fs::read_to_string(dir.join(format!("{name}.md"))).unwrap();
        let heads = headings(&md);
        let pages = pdf_pages(&pdf);
        report.push(format!("{name}: {} pages", pages.len()));
        for (i, page) in pages.iter().enumerate() {
            let lines: Vec<String> = page
                .lines()
                .map(squeeze)
                // The page number line (— 3 —) is not text.
                .filter(|l| !(l.is_empty() || l.starts_with('—') && l.ends_with('—')))
                .collect();
            let Some(last) = lines.last() else { continue };
            let is_heading = heads
                .iter()
                .any(|h| h == last || (last.chars().count() >= 6 && h.starts_with(last.as_str())));
            assert!(
                !is_heading || i + 1 == pages.len(),
                "{name}: page {} ends with the heading {last:?}",
                i + 1
            );
        }
        let all: String = pages.iter().map(|p| squeeze(p)).collect();
        assert!(all.contains("2026年11月28日"), "{name}: no Chinese date");
        assert!(!all.contains("2026-11-28"), "{name}: an ISO date");
        // The sign-off shares its page with the conclusion.
        let signoff = pages
            .iter()
            .position(|p| squeeze(p).contains("审查人："))
            .unwrap_or_else(|| panic!("{name}: no sign-off"));
        assert!(
            squeeze(&pages[signoff]).contains("审查结论："),
            "{name}: page {} carries the sign-off without the conclusion",
            signoff + 1
        );
        if extra.is_empty() {
            assert!(
                all.contains("〔号") || all.contains("〔〕号"),
                "{name}: no number"
            );
        } else {
            assert!(all.contains("长司法审〔2026〕3号") && all.contains("抄送：某市司法局。"));
        }
        // Measured with LibreOffice 7.4 (Debian 12); another release may break a line
        // differently, so one page either way is tolerated — the heading and sign-off checks
        // are exact.
        assert!(
            pages.len().abs_diff(*expected) <= 1,
            "{name}: {} pages, expected {expected}",
            pages.len()
        );
        // Headings, sub-headings and title in other faces than the body.
        if let Ok(o) = Command::new("pdffonts").arg(&pdf).output() {
            let faces: std::collections::BTreeSet<String> = String::from_utf8_lossy(&o.stdout)
                .lines()
                .skip(2)
                .filter_map(|l| l.split_whitespace().next())
                .map(|f| f.split('+').next_back().unwrap_or(f).to_string())
                .filter(|f| !f.starts_with("Liberation") && !f.starts_with("DejaVu"))
                .collect();
            assert!(
                faces.len() >= 3,
                "{name}: one face for everything: {faces:?}"
            );
        }
        let o = Command::new("pdftoppm")
            .args(["-r", "60", "-png"])
            .arg(&pdf)
            .arg(dir.join(name))
            .output()
            .expect("pdftoppm");
        assert!(o.status.success());
    }
    eprintln!("{}; page images in {}", report.join(", "), dir.display());
}

// ---------------------------------------------------------------------------------------
// Everything a person reads is Chinese.

/// What may stay Latin in text for a person: codes shown as codes — rule ids, category
/// codes in brackets, flags, backticked values, file names and paths, config keys — and
/// the names of products, formats and units.
fn english_words(text: &str) -> Vec<String> {
    const NAMES: [&str; 27] = [
        "fashen",
        "git",
        "Word",
        "WPS",
        "PDF",
        "OFD",
        "OCR",
        "API",
        "HTTP",
        "JSON",
        "Markdown",
        "LibreOffice",
        "soffice",
        "Excel",
        "UTF",
        "GiB",
        "ToUnicode",
        "docx",
        "pdf",
        "ofd",
        "txt",
        "html",
        "htm",
        "csv",
        "jsonl",
        "toml",
        "YYYY",
    ];
    let codes = regex::Regex::new(concat!(
        r"`[^`]*`",                                     // backticked values
        r"|[A-Z]+(?:[-\u{2011}][A-Z0-9]+)+",            // rule ids
        r"|（[a-z]+(?:_[a-z]+)*）",                     // category codes in brackets
        r"|--?[a-z][a-z0-9-]*",                         // flags
        r"|[\w*{}\[\]~-]*[./][\w*./{}~-]+",             // file names and paths
        r"|\{[a-z_]+\}|\[[a-z_]+\]|[a-z]+(?:_[a-z]+)+", // placeholders, config keys
        r"|\[(?:默认|可选值)：[^\]]*\]",                // defaults and value lists
        r"|(?m:^用法：.*$)|(?m:^  [a-z]+ )",            // usage lines, subcommand names
        r"|规则包\s*[0-9a-f]{12}",
        r"|PPP",
    ))
    .unwrap();
    let word = regex::Regex::new(r"[A-Za-z]{3,}").unwrap();
    word.find_iter(&codes.replace_all(text, " "))
        .map(|m| m.as_str().to_string())
        .filter(|w| !NAMES.contains(&w.as_str()))
        .collect()
}

/// The visible text of an HTML page: no script, style or tags.
fn visible_text(html: &str) -> String {
    let hidden = regex::Regex::new(r"(?s)<script.*?</script>|<style.*?</style>|<[^>]*>").unwrap();
    hidden.replace_all(html, " ").into_owned()
}

#[test]
fn no_english_a_person_reads() {
    let mut english: Vec<String> = vec![];
    let mut check = |what: &str, text: &str| {
        let words = english_words(text);
        if !words.is_empty() {
            english.push(format!("{what}: {words:?}"));
        }
    };
    // --help (long and short) of every command and subcommand.
    let commands: [&[&str]; 20] = [
        &[],
        &["check"],
        &["annotate"],
        &["memo"],
        &["hook"],
        &["hook", "install"],
        &["hook", "run"],
        &["batch"],
        &["merge"],
        &["rules"],
        &["rules", "list"],
        &["rules", "explain"],
        &["rules", "doc"],
        &["rules", "test"],
        &["rules", "quality"],
        &["rules", "cases"],
        &["laws"],
        &["laws", "lookup"],
        &["serve"],
        &["extract"],
    ];
    for cmd in commands {
        for flag in ["--help", "-h"] {
            let mut args = cmd.to_vec();
            args.push(flag);
            let o = fashen(&args);
            assert_eq!(o.status.code(), Some(0), "{args:?}");
            assert!(stdout(&o).contains("用法："), "{args:?}: {}", stdout(&o));
            check(&format!("fashen {}", args.join(" ")), &stdout(&o));
        }
    }
    // The text report of check.
    for input in [
        "corpus/drafts/county_short_rental_notice_variant.txt",
        "corpus/drafts/ppp_parking_concession_variant.docx",
    ] {
        let o = fashen(&["check", input]);
        let text: String = stdout(&o)
            .lines()
            .filter(|l| !l.trim_start().starts_with("原文：") && !l.starts_with("══"))
            .collect::<Vec<_>>()
            .join("\n");
        check(&format!("check {input}"), &text);
    }
    // The memo as Markdown and HTML.
    let dir = scratch("memo-english-all");
    // The document's own words, quoted, and its file name are not the memo's.
    let mine = regex::Regex::new(r"(?m)^\s*(> )?原文：.*$|送审文件\s*\S+?。").unwrap();
    for ext in ["md", "html"] {
        let out = dir.join(format!("memo.{ext}"));
        let o = memo("corpus/drafts/county_financing_agreement_variant.txt", &out);
        assert!(o.status.success(), "{}", stderr(&o));
        let text = std::fs::read_to_string(&out).unwrap();
        let text = if ext == "html" {
            visible_text(&text)
        } else {
            text
        };
        check(&format!("memo.{ext}"), &mine.replace_all(&text, ""));
    }
    // A batch: index.html and summary.csv, with a damaged docx and a scanned PDF in it.
    let docs = dir.join("目录");
    std::fs::create_dir_all(&docs).unwrap();
    for (from, to) in [
        (
            root().join("corpus/drafts/county_short_rental_notice_variant.docx"),
            "通知.docx",
        ),
        (
            root().join("corpus/drafts/ppp_parking_concession_variant.docx"),
            "合同.docx",
        ),
        (sample("malformed_truncated.docx"), "损坏.docx"),
        (sample("contract_scanned.pdf"), "扫描件.pdf"),
    ] {
        std::fs::copy(from, docs.join(to)).unwrap();
    }
    let o = fashen_in(
        &dir,
        &["batch", "目录", "--out", "报告", "--no-cache"],
        None,
        Duration::from_secs(120),
    );
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    check("batch progress and summary lines", &stderr(&o));
    let index = std::fs::read_to_string(dir.join("报告/index.html")).unwrap();
    check("index.html", &visible_text(&index));
    let summary = std::fs::read_to_string(dir.join("报告/summary.csv")).unwrap();
    check("summary.csv", &summary);
    // Error lines: a missing file, a damaged docx, a PDF without a text layer.
    for input in [
        "没有这个文件.docx",
        "tests/fixtures/samples/malformed_truncated.docx",
        "tests/fixtures/samples/contract_scanned.pdf",
    ] {
        for cmd in ["check", "extract"] {
            let o = fashen(&[cmd, input]);
            assert!(matches!(o.status.code(), Some(2 | 3)), "{cmd} {input}");
            let said = format!("{}{}", stdout(&o), stderr(&o));
            assert!(said.contains("：请"), "{cmd} {input}: {said}");
            check(&format!("{cmd} {input}"), &said);
        }
    }
    // A usage error.
    let o = fashen(&["check", "--format", "pdf", "x.txt"]);
    assert_eq!(o.status.code(), Some(2));
    check("usage error", &stderr(&o));
    assert!(
        english.is_empty(),
        "English a person reads:\n{}",
        english.join("\n")
    );
}
