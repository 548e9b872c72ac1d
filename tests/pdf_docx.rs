//! The same text as .pdf and .docx reads the same: for every document of corpus/real that
//! has both, `fashen extract --format json` gives the same 条/款 paths (in order, one entry
//! per paragraph run of one path) and `fashen check --format json` the same citations. A PDF
//! wraps long paragraphs into lines; the reader must join them back (src/extract/layout.rs),
//! or a wrapped line becomes a new 款 and a 《title》 over two lines is lost.
//!
//! The .txt of the same text is the reference for the paths: a PDF that LibreOffice made
//! from the .docx shows the .docx's automatic numbering, so the two can agree and both be
//! wrong (a source that skips a chapter number once gave 第一章 for 第三章 in both).

mod common;

use common::*;

/// Body paths in reading order, consecutive repeats collapsed.
fn paths(doc: &serde_json::Value) -> Vec<String> {
    let mut out: Vec<String> = vec![];
    for b in doc["blocks"].as_array().unwrap() {
        if b["part"] != "body" {
            continue;
        }
        let p: Vec<&str> = b["path"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect();
        let p = p.join(" > ");
        if out.last() != Some(&p) {
            out.push(p);
        }
    }
    out
}

/// Citations as (text without spaces, resolved law, articles).
fn citations(path: &std::path::Path) -> Vec<String> {
    let o = fashen(&[
        "check",
        "--format",
        "json",
        "--fail-on",
        "never",
        path.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}: {}", path.display(), stderr(&o));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    report["documents"][0]["citations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            format!(
                "{} → {} {}",
                c["text"].as_str().unwrap().replace(' ', ""),
                c["law"].as_str().unwrap_or("—"),
                c["articles"]
            )
        })
        .collect()
}

#[test]
fn pdf_and_docx_of_one_text_give_the_same_paths_and_citations() {
    let dir = root().join("corpus/real");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| {
            let p = e.unwrap().path();
            (p.extension()? == "pdf" && p.with_extension("docx").exists())
                .then(|| p.file_stem().unwrap().to_string_lossy().into_owned())
        })
        .collect();
    names.sort();
    let mut table = String::from("document | paths pdf/docx | citations pdf/docx\n");
    let mut differ = vec![];
    for name in &names {
        let pdf = dir.join(format!("{name}.pdf"));
        let docx = dir.join(format!("{name}.docx"));
        let (pp, dp) = (paths(&extract_json(&pdf)), paths(&extract_json(&docx)));
        let tp = paths(&extract_json(&dir.join(format!("{name}.txt"))));
        assert_eq!(dp, tp, "{name}: the .docx paths are not those of the .txt");
        let (pc, dc) = (citations(&pdf), citations(&docx));
        let mark = |same: bool| if same { "same" } else { "DIFFERENT" };
        table.push_str(&format!(
            "{name} | {} {}/{} | {} {}/{}\n",
            mark(pp == dp),
            pp.len(),
            dp.len(),
            mark(pc == dc),
            pc.len(),
            dc.len()
        ));
        if pp != dp || pc != dc {
            let first = pp
                .iter()
                .zip(&dp)
                .position(|(a, b)| a != b)
                .unwrap_or(pp.len().min(dp.len()));
            let cite = pc
                .iter()
                .find(|c| !dc.contains(c))
                .or(dc.iter().find(|c| !pc.contains(c)));
            differ.push((
                name.clone(),
                format!(
                    "first path difference at {first}: pdf {:?} docx {:?}; citation {cite:?}",
                    pp.get(first),
                    dp.get(first)
                ),
            ));
        }
    }
    let same = names.len() - differ.len();
    println!("{table}identical: {same}/{}", names.len());
    assert!(names.len() >= 14, "{names:?}");
    assert!(differ.is_empty(), "{table}{differ:#?}");
}
