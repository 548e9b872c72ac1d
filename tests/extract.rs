//! `fashen extract` on real and generated files: what a user sees.

mod common;

use std::collections::HashMap;
use std::time::Duration;

use common::*;
use unicode_normalization::UnicodeNormalization;

fn article_labels(doc: &serde_json::Value) -> Vec<String> {
    doc["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|b| b["label"].as_str())
        .filter(|l| l.starts_with('第') && (l.ends_with('条') || l.ends_with('章')))
        .map(str::to_string)
        .collect()
}

#[test]
fn word_numbering_labels_match_the_rendered_pdf() {
    let doc = extract_json(&sample("contract_long.docx"));
    let ours = article_labels(&doc);
    // LibreOffice's rendering of the same file, as pdftotext reads it.
    let reference = std::fs::read_to_string(sample("pdftotext/contract_long.txt")).unwrap();
    let re = regex::Regex::new(r"第[一二三四五六七八九十百零千]+[条章]").unwrap();
    let theirs: Vec<String> = reference
        .lines()
        .filter_map(|l| re.find(l.trim_start()).filter(|m| m.start() == 0))
        .map(|m| m.as_str().to_string())
        .collect();
    assert_eq!(ours.len(), 541);
    assert_eq!(ours, theirs);
    assert!(ours.contains(&"第三百六十条".to_string()));
    assert!(ours.contains(&"第一百零一条".to_string()));
}

#[test]
fn strict_ooxml_reads_like_transitional() {
    let a = extract_json(&sample("contract.docx"));
    let b = extract_json(&sample("contract_strict.docx"));
    assert_eq!(article_labels(&a), article_labels(&b));
    assert_eq!(body_text(&a), body_text(&b));
}

#[test]
fn docx_revisions_notes_and_parts_are_kept_apart() {
    let doc = extract_json(&sample("contract.docx"));
    let body = body_text(&doc);
    assert!(
        body.contains("插入修订"),
        "accepted insertion is in the body"
    );
    assert!(
        !body.contains("删除修订"),
        "deleted text is not in the body"
    );
    assert!(!body.contains("DATE"), "field codes are not text");
    assert!(body.contains("2024年1月3日"), "field result is text");
    assert_eq!(
        body.matches("附件一：房屋平面图").count(),
        1,
        "text box once"
    );
    let parts: HashMap<String, String> = doc["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["part"].as_str().unwrap().to_string(),
                b["text"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(parts["comment"].contains("批注内容"));
    assert!(parts["footnote"].contains("脚注内容"));
    assert!(parts["header"].contains("页眉"));
    assert!(parts["footer"].contains("页脚"));
    assert!(!body.contains("批注内容") && !body.contains("脚注内容"));
    // Every body block knows its paragraph and its structural path.
    let art4 = doc["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["text"].as_str().unwrap().starts_with("第四条"))
        .unwrap();
    assert_eq!(
        art4["path"],
        serde_json::json!(["第二章", "第四条", "第一款"])
    );
    assert!(art4["paragraph"].is_u64());
    let cell = doc["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["text"] == "10,000.00")
        .unwrap();
    assert_eq!(
        cell["table"]["col"], 3,
        "grid column after a gridSpan=2 cell"
    );
}

#[test]
fn two_sections_keep_both_headers() {
    let doc = extract_json(&sample("contract_two_sections.docx"));
    let headers: Vec<&str> = doc["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["part"] == "header")
        .map(|b| b["text"].as_str().unwrap())
        .collect();
    assert!(
        headers.iter().any(|h| h.contains("第一节页眉")),
        "{headers:?}"
    );
    assert!(
        headers.iter().any(|h| h.contains("第二节页眉")),
        "{headers:?}"
    );
}

fn normalized_chars(s: &str) -> HashMap<char, usize> {
    let mut m = HashMap::new();
    for c in s.nfkc().filter(|c| !c.is_whitespace()) {
        *m.entry(c).or_insert(0) += 1;
    }
    m
}

/// Shared characters (as multisets, NFKC, whitespace ignored) over the larger text.
fn similarity(a: &str, b: &str) -> f64 {
    let (ma, mb) = (normalized_chars(a), normalized_chars(b));
    let common: usize = ma
        .iter()
        .map(|(c, n)| (*n).min(*mb.get(c).unwrap_or(&0)))
        .sum();
    let total = ma.values().sum::<usize>().max(mb.values().sum::<usize>());
    common as f64 / total.max(1) as f64
}

#[test]
fn pdf_text_matches_pdftotext() {
    let dir = sample("pdftotext");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let reference_path = entry.unwrap().path();
        let stem = reference_path
            .file_stem()
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        let reference = std::fs::read_to_string(&reference_path).unwrap();
        let doc = extract_json(&sample(&format!("{stem}.pdf")));
        let ours: String = doc["blocks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["text"].as_str().unwrap())
            .collect::<Vec<_>>()
            .join("\n");
        let sim = similarity(&ours, &reference);
        assert!(
            sim >= 0.98,
            "{stem}: {sim:.4} of characters match pdftotext"
        );
        checked += 1;
    }
    assert!(checked >= 18, "only {checked} PDFs compared");
}

#[test]
fn pdf_label_and_sentence_share_a_line() {
    let doc = extract_json(&sample("contract_clean.pdf"));
    let art1 = doc["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["text"].as_str().unwrap().starts_with("第一条"))
        .expect("a block starting with 第一条");
    assert!(
        art1["text"]
            .as_str()
            .unwrap()
            .contains("为明确甲乙双方的权利义务")
    );
    assert_eq!(art1["page"], 1);
    assert_eq!(art1["path"][1], "第一条");
}

#[test]
fn gbk_euc_and_form_xobject_pdfs_are_read() {
    let gbk = body_text(&extract_json(&sample("contract_gbk_euc.pdf")));
    assert!(gbk.contains("第四条 乙方逾期支付租金的"), "{gbk}");
    let xobj = body_text(&extract_json(&sample("contract_xobject.pdf")));
    assert!(!xobj.trim().is_empty());
}

#[test]
fn ofd_reading_order_template_and_stamp() {
    let doc = extract_json(&sample("contract_std.ofd"));
    let body = body_text(&doc);
    let first = body.find("第一条").unwrap();
    let fourth = body.find("第四条").unwrap();
    assert!(
        first < fourth,
        "objects written in reverse order are read in page order"
    );
    let parts: Vec<&str> = doc["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["part"].as_str().unwrap())
        .collect();
    assert!(
        parts.contains(&"header"),
        "template page text kept as its own part"
    );
}

#[test]
fn every_bad_input_is_refused_with_one_line_and_exit_3() {
    let bad = [
        "malformed_badutf8.docx",
        "malformed_badxml.docx",
        "malformed_empty.docx",
        "malformed_nodocxml.docx",
        "malformed_random.docx",
        "malformed_truncated.docx",
        "misnamed_odt.docx",
        "misnamed_xlsx.docx",
        "garbage_empty.pdf",
        "garbage_random.pdf",
        "broken_truncated.pdf",
        "contract_enc_aes256_userpw.pdf",
        "contract_scanned.pdf",
        "contract_notounicode_lo.pdf",
        "contract_notounicode_cairo.pdf",
        "contract.doc",
        "contract_as_wps.wps",
        "contract.odt",
    ];
    // .doc/.wps are converted when LibreOffice is installed: here it is kept out of PATH.
    let no_soffice = [("PATH", "/nonexistent")];
    for name in bad {
        let path = sample(name);
        let o = fashen_in_env(
            &root(),
            &["extract", path.to_str().unwrap()],
            None,
            Duration::from_secs(10),
            &no_soffice,
        );
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(3), "{name}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{name}: one line: {err}");
        assert!(err.contains(name), "{name}: names the file: {err}");
        assert!(!err.contains("panicked"), "{name}: {err}");
        assert!(stdout(&o).is_empty(), "{name}: nothing on stdout");
    }
    let reason = |name: &str| {
        stderr(&fashen_in_env(
            &root(),
            &["extract", sample(name).to_str().unwrap()],
            None,
            Duration::from_secs(10),
            &no_soffice,
        ))
    };
    assert!(reason("misnamed_xlsx.docx").contains("Excel"));
    assert!(reason("contract_enc_aes256_userpw.pdf").contains("密码"));
    assert!(reason("contract_scanned.pdf").contains("没有文字层"));
    assert!(reason("contract.doc").contains(".docx"));
}

#[test]
fn encrypted_pdfs_with_empty_user_password_open() {
    for name in [
        "contract_enc_rc4_nouserpw.pdf",
        "contract_enc_aes128_nouserpw.pdf",
        "contract_enc_aes256_nouserpw.pdf",
    ] {
        let body = body_text(&extract_json(&sample(name)));
        assert!(body.contains("第一条"), "{name}");
    }
}

#[test]
fn size_limit_and_stdin() {
    let path = sample("contract.docx");
    let o = fashen(&["extract", "--max-file-size", "1000", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(3));
    assert!(stderr(&o).contains("超过上限"));

    let o = fashen_with_limit(
        &["extract", "--format", "json", "--name", "draft.docx", "-"],
        Some(&path),
        Duration::from_secs(20),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["path"], "draft.docx");
    assert_eq!(doc["format"], "docx");
}

#[test]
fn json_has_the_documented_fields() {
    let doc = extract_json(&root().join("corpus/real/gov_2018_115_legality_review_opinion.docx"));
    for key in [
        "path",
        "format",
        "doc_type",
        "title",
        "doc_number",
        "issuer",
        "date",
        "status",
        "warnings",
        "blocks",
    ] {
        assert!(doc.get(key).is_some(), "missing {key}");
    }
    assert_eq!(doc["doc_type"], "normative");
    assert_eq!(doc["doc_number"], "国办发〔2018〕115号");
    assert_eq!(doc["issuer"], "国务院办公厅");
    assert_eq!(doc["date"], "2018-12-04");
    let b = &doc["blocks"][0];
    for key in ["text", "path", "part"] {
        assert!(b.get(key).is_some(), "block missing {key}");
    }
}

#[test]
fn corpus_documents_all_extract_in_every_format() {
    let dir = root().join("corpus/real");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        // The documents, not their .expected.toml review (mostly not Chinese: refused).
        if p.extension().is_some_and(|x| x == "toml") {
            continue;
        }
        let doc = extract_json(&p);
        assert!(doc["title"].is_string(), "{}: no title", p.display());
        assert!(body_text(&doc).chars().count() > 100, "{}", p.display());
        n += 1;
    }
    assert!(n >= 50, "{n}");
}

#[test]
fn corpus_word_numbered_regulation_keeps_article_numbers() {
    // The .docx has no typed 第X条: Word numbering generates them; the .txt has them typed.
    let docx = extract_json(&root().join("corpus/real/gov_order_707_iit_regulation.docx"));
    let txt = extract_json(&root().join("corpus/real/gov_order_707_iit_regulation.txt"));
    let a: Vec<String> = article_labels(&docx)
        .into_iter()
        .filter(|l| l.ends_with('条'))
        .collect();
    let b: Vec<String> = article_labels(&txt)
        .into_iter()
        .filter(|l| l.ends_with('条'))
        .collect();
    assert_eq!(a, b);
    assert!(a.len() > 30);
}

/// The findings of `fashen check --format json` on one file: (rule, path) pairs and the
/// excerpts, plus the document's `script`.
/// A finding's rule id and 条/款 path.
type RuleAt = (String, Vec<String>);

fn check_findings(path: &std::path::Path) -> (Vec<RuleAt>, Vec<String>, String) {
    let o = fashen(&["check", "--format", "json", path.to_str().unwrap()]);
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "{}: {}",
        path.display(),
        stderr(&o)
    );
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let doc = &report["documents"][0];
    let findings = doc["findings"].as_array().unwrap();
    let ids = findings
        .iter()
        .map(|f| {
            let path = f["location"]["path"]
                .as_array()
                .map(|p| p.iter().map(|s| s.as_str().unwrap().to_string()).collect())
                .unwrap_or_default();
            (f["rule"].as_str().unwrap().to_string(), path)
        })
        .collect();
    let excerpts = findings
        .iter()
        .map(|f| f["excerpt"].as_str().unwrap().to_string())
        .collect();
    (
        ids,
        excerpts,
        doc["script"].as_str().unwrap_or("").to_string(),
    )
}

/// tests/fixtures/traditional holds drafts of corpus/drafts written in Traditional Chinese by
/// scripts/make_traditional.py (generated variants; see the README there). Each is read,
/// not refused: the same findings at the same 条/款 paths as its Simplified original, with
/// excerpts in the characters as written, and the document marked `traditional`.
#[test]
fn traditional_chinese_drafts_give_the_findings_of_their_simplified_originals() {
    let dir = root().join("tests/fixtures/traditional");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let trad = entry.unwrap().path();
        if trad.extension().is_none_or(|x| x != "txt") {
            continue;
        }
        let simp = root().join("corpus/drafts").join(trad.file_name().unwrap());
        let (ids_t, excerpts_t, script_t) = check_findings(&trad);
        let (ids_s, excerpts_s, script_s) = check_findings(&simp);
        assert_eq!(script_t, "traditional", "{}", trad.display());
        assert_eq!(script_s, "simplified", "{}", simp.display());
        assert!(ids_s.len() >= 5, "{}: {ids_s:?}", simp.display());
        assert_eq!(ids_t, ids_s, "{}", trad.display());
        // Excerpts are the original characters: converted, they are the Simplified ones.
        let source = std::fs::read_to_string(&trad).unwrap();
        for (t, s) in excerpts_t.iter().zip(&excerpts_s) {
            assert!(source.contains(t.as_str()), "{t} is not in the original");
            let back = fashen::extract::language::simplified(t).unwrap_or_else(|| t.clone());
            assert_eq!(&back, s);
        }
        assert!(
            excerpts_t
                .iter()
                .any(|e| e.contains('條') || e.contains('縣')),
            "{excerpts_t:?}"
        );
        n += 1;
    }
    assert_eq!(n, 2);
    // Structure and citations read through the conversion: 第十二條 is an article, and
    // 《中華人民共和國行政處罰法》 is 行政处罚法.
    let doc = extract_json(&dir.join("city_market_order_measures_variant.txt"));
    assert_eq!(doc["script"], "traditional");
    let b = doc["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["label"] == "第七条")
        .expect("第七條 is an article");
    assert_eq!(b["path"][1], "第七条");
    assert!(b["original"].as_str().unwrap().starts_with("第七條"));
    let dir = scratch("traditional-citation");
    let f = dir.join("notice.txt");
    std::fs::write(
        &f,
        "某縣人民政府關於規範行政執法的通知\n各鄉鎮人民政府：\n第一條 為規範行政執法行為，根據《中華人民共和國行政處罰法》第十六條、《中華人民共和國合同法》第五十二條的規定，制定本通知。\n第二條 各部門應當依法履行職責，對違法行為依法處理，不得擅自設定罰款。\n第三條 本通知自發佈之日起施行。\n",
    )
    .unwrap();
    let o = fashen(&["check", "--format", "json", f.to_str().unwrap()]);
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let cites = report["documents"][0]["citations"].as_array().unwrap();
    let laws: Vec<&str> = cites.iter().filter_map(|c| c["law"].as_str()).collect();
    assert!(laws.contains(&"中华人民共和国行政处罚法"), "{cites:?}");
    assert!(
        cites[0]["text"].as_str().unwrap().contains("處罰法"),
        "{cites:?}"
    );
    let rules: Vec<&str> = report["documents"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["rule"].as_str())
        .collect();
    assert!(rules.contains(&"CITE-REPEALED-001"), "{rules:?}");
}

/// `extract --format json` lists the clause values — amounts, rates, periods, dates — with
/// the words they were read from, where they are and what they measure.
#[test]
fn json_lists_clause_values_with_their_evidence() {
    for ext in ["txt", "docx"] {
        let path = root().join(format!(
            "corpus/drafts/school_construction_contract_variant.{ext}"
        ));
        let doc = extract_json(&path);
        let values = doc["values"].as_array().expect("values");
        let find = |text: &str| {
            values
                .iter()
                .find(|v| v["text"].as_str().is_some_and(|t| t.contains(text)))
                .unwrap_or_else(|| panic!("{ext}: no value {text} in {values:#?}"))
        };
        let price = find("叁仟陆佰万元");
        assert_eq!(price["kind"], "money");
        assert_eq!(price["value"], 36_000_000);
        assert_eq!(price["unit"], "yuan");
        assert_eq!(price["measures"], "contract_price");
        assert_eq!(price["article"], "第三条");
        assert!(price["excerpt"].as_str().unwrap().contains("暂定总价"));
        // The span points into the block's text as the reader produced it.
        let block = &doc["blocks"][price["block"].as_u64().unwrap() as usize]["text"];
        let [s, e] = [0, 1].map(|i| price["byte_span"][i].as_u64().unwrap() as usize);
        assert_eq!(
            &block.as_str().unwrap()[s..e],
            price["text"].as_str().unwrap()
        );

        let term = find("一百二十日");
        assert_eq!(term["kind"], "period");
        assert_eq!(
            (term["value"].as_i64(), &term["unit"]),
            (Some(120), &serde_json::json!("days"))
        );
        assert_eq!(term["measures"], "payment_term");
        assert_eq!(term["start"], "工程竣工验收合格后");
        assert_eq!(term["article"], "第七条");

        let rate = find("千分之五");
        assert_eq!(rate["kind"], "rate");
        assert_eq!(rate["value"], 50);
        assert_eq!(rate["unit"], "basis_points");
        assert_eq!(rate["per"], "day");
        assert_eq!(rate["of"], "合同价款");
        assert_eq!(rate["measures"], "penalty");

        let start = find("2024年4月1日");
        assert_eq!(start["kind"], "date");
        assert_eq!(start["date"], "2024-04-01");
        assert_eq!(start["measures"], "start_date");
    }
    // A document without figures has an empty list, not a missing field.
    let doc = extract_json(&root().join("corpus/real/gov_2018_115_legality_review_opinion.docx"));
    assert!(doc["values"].is_array());
}

#[test]
fn text_view_shows_clause_values_and_voices_under_their_block() {
    let path = root().join("tests/fixtures/reading/extract_view_notice.txt");
    let o = fashen(&["extract", path.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    // The lines under a block, up to the next block line.
    let under = |start: &str| -> Vec<String> {
        let lines: Vec<&str> = out.lines().collect();
        let i = lines
            .iter()
            .position(|l| l.starts_with('[') && l.contains(start))
            .unwrap_or_else(|| panic!("no block {start}:\n{out}"));
        lines[i + 1..]
            .iter()
            .take_while(|l| l.starts_with("    "))
            .map(|l| l.trim().to_string())
            .collect()
    };
    assert_eq!(
        under("一、《中华人民共和国预算法》"),
        [
            "〔非本文件口吻〕引用他文原文（引述他文并加引号：“第三十五条规定”）：一、《中华人民共和国预算法》第三十五条规定，“除法律另有规定外，地方政府及其所属…"
        ]
    );
    assert_eq!(
        under("二、近日"),
        [
            "〔数值〕比率 8%，每年；所指：收益率（据“收益率”）；原文：8%；见于：转述他人行为或言论",
            "〔非本文件口吻〕转述他人行为或言论（新闻或转述他人话语：“近日”）：二、近日，有的乡镇以政府购买服务名义变相融资，年化收益率达8%。",
        ]
    );
    assert_eq!(
        under("三、合同价款"),
        [
            "〔数值〕金额 3.5万元，不低于；所指：合同价款（据“合同价款”）；原文：三点五万元",
            "〔数值〕期限 24小时，不超过，起算：合同签订后；所指：未说明；原文：24小时",
        ]
    );
    assert_eq!(
        under("四、逾期付款"),
        [
            "〔数值〕百分点 2个百分点；所指：利率（据“利率”）；原文：2个百分点",
            "〔数值〕期限 2周，不超过；所指：付款期限（据“付清”）；原文：两周",
        ]
    );
    assert_eq!(
        under("五、本通知"),
        ["〔数值〕日期 2025-01-01；所指：生效日期（据“施行”）；原文：2025年1月1日"]
    );
    // The heading lines and the addressees have nothing under them.
    assert!(under("各乡镇人民政府").is_empty());

    // The JSON of the same file: the new kinds and units, additive to schema 1.
    let doc = extract_json(&path);
    let values = doc["values"].as_array().unwrap();
    let find = |text: &str| {
        values
            .iter()
            .find(|v| v["text"] == text)
            .unwrap_or_else(|| panic!("no value {text}: {values:?}"))
    };
    assert_eq!(find("2个百分点")["kind"], "percentage_points");
    assert_eq!(find("2个百分点")["value"], 200);
    assert_eq!(find("2个百分点")["unit"], "basis_points");
    assert_eq!(find("两周")["unit"], "weeks");
    assert_eq!(find("24小时")["unit"], "hours");
    assert_eq!(find("三点五万元")["value"], 35000);
    assert!(
        values
            .iter()
            .all(|v| v["kind"] != "rate" || v["text"] == "8%")
    );
}
