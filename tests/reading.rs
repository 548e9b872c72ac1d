//! The reading layer measured on labelled sets written before the code
//! (tests/fixtures/reading: heads of real documents without 文号, see its README).

use fashen::document::from_lines;
use serde::Deserialize;

#[derive(Deserialize)]
struct Kinds {
    doc: Vec<Kind>,
}

#[derive(Deserialize)]
struct Kind {
    id: String,
    text: String,
    doc_type: String,
    level: String,
}

fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/reading")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Type ≥ 95% and level ≥ 90% right on the heads of drafts with no 文号 and no date.
#[test]
fn type_and_level_come_from_the_text_without_a_doc_number() {
    let kinds: Kinds = toml::from_str(&fixture("doc_kinds.toml")).expect("doc_kinds.toml");
    let (mut type_ok, mut level_ok) = (0, 0);
    let mut table = String::new();
    for k in &kinds.doc {
        let lines: Vec<&str> = k.text.lines().filter(|l| !l.trim().is_empty()).collect();
        let doc = from_lines(&lines);
        let t = doc.doc_type.as_str();
        let l = doc.level.chinese();
        let (tk, lk) = (t == k.doc_type, l == k.level);
        type_ok += tk as usize;
        level_ok += lk as usize;
        if !tk || !lk {
            table.push_str(&format!(
                "{} {:<28} type {}{} level {}{}  [{}]\n",
                k.id,
                doc.title
                    .as_deref()
                    .unwrap_or("—")
                    .chars()
                    .take(28)
                    .collect::<String>(),
                t,
                if tk {
                    String::new()
                } else {
                    format!("≠{}", k.doc_type)
                },
                l,
                if lk {
                    String::new()
                } else {
                    format!("≠{}", k.level)
                },
                doc.level_evidence.join("；")
            ));
        }
    }
    let n = kinds.doc.len();
    let (tr, lr) = (type_ok as f64 / n as f64, level_ok as f64 / n as f64);
    println!("{n} heads: type {type_ok}/{n} = {tr:.3}, level {level_ok}/{n} = {lr:.3}\n{table}");
    assert!(n >= 40);
    assert!(tr >= 0.95, "type {tr:.3}\n{table}");
    assert!(lr >= 0.90, "level {lr:.3}\n{table}");
}
