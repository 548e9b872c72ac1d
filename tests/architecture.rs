//! The pipeline runs one way: a module may use only modules of earlier stages. This test
//! reads the library's sources and fails on any `crate::` path that points to a later
//! stage (or to a module missing from the table below, so a new module must be placed).

use std::path::{Path, PathBuf};

/// Stages in pipeline order. A module may use modules of strictly lower rank only.
const STAGES: [(&str, u32); 14] = [
    // Chinese numerals and numbering labels: used by every stage, uses none.
    ("chinese", 0),
    ("extract", 1),
    ("document", 2),
    // `load_document` / `load_bytes` at the crate root: extract + document.
    ("load_document", 2),
    // .doc/.wps through LibreOffice, for `load_document` / `load_bytes`.
    ("legacy", 2),
    ("citations", 3),
    ("rules", 4),
    ("review", 5),
    // fashen.toml: selections and waivers over reviewed findings.
    ("config", 6),
    ("report", 7),
    ("quality", 8),
    ("cases", 8),
    ("batch", 9),
    // The web service: the review, memo and comments over HTTP.
    ("serve", 10),
];

fn rank(module: &str) -> Option<u32> {
    match module {
        "load_bytes" => rank("load_document"),
        m => STAGES.iter().find(|(n, _)| *n == m).map(|(_, r)| *r),
    }
}

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every `crate::name` in `text` with its line number, ignoring comments.
fn crate_paths(text: &str) -> Vec<(usize, String)> {
    let mut out = vec![];
    for (n, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            let after = &rest[i + "crate::".len()..];
            let name: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '{')
                .collect();
            out.push((n + 1, name));
            rest = after;
        }
    }
    out
}

#[test]
fn no_module_uses_a_later_stage() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = vec![];
    sources(&src, &mut files);
    let mut violations = vec![];
    let mut checked = 0;
    for file in &files {
        let rel = file.strip_prefix(&src).expect("under src");
        let first = rel.components().next().expect("component");
        let module = first
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_string();
        // The binary's command-line layer and the crate root are the last stage.
        if matches!(module.as_str(), "cli" | "main" | "lib") {
            continue;
        }
        let Some(own) = rank(&module) else {
            violations.push(format!(
                "{}: module `{module}` has no stage in tests/architecture.rs",
                rel.display()
            ));
            continue;
        };
        let text = std::fs::read_to_string(file).expect("read source");
        for (line, used) in crate_paths(&text) {
            checked += 1;
            if used.starts_with('{') {
                violations.push(format!(
                    "{}:{line}: grouped `crate::{{…}}` import; name each module",
                    rel.display()
                ));
                continue;
            }
            match rank(&used) {
                Some(r) if used == module || r < own => {}
                Some(_) => violations.push(format!(
                    "{}:{line}: `{module}` uses `crate::{used}`, a later stage",
                    rel.display()
                )),
                None => violations.push(format!(
                    "{}:{line}: `crate::{used}` is not a known stage",
                    rel.display()
                )),
            }
        }
    }
    assert!(
        checked > 100,
        "only {checked} crate paths found: is the scan broken?"
    );
    assert!(violations.is_empty(), "{}", violations.join("\n"));
}

#[test]
fn the_scan_sees_a_backward_import() {
    let found = crate_paths("use crate::report::memo; // crate::batch in a comment\n");
    assert_eq!(found, vec![(1, "report".to_string())]);
    assert!(rank("report") > rank("rules"));
}
