//! Rule packs: every example of every rule, run through the real segmenter and engine.

use fashen::rules::compile::RuleSet;
use fashen::rules::examples::check_all;

#[test]
fn every_rule_example_passes() {
    let set = RuleSet::load(&[]).expect("shipped rule packs compile");
    let (n, failures) = check_all(&set);
    assert!(n >= 25, "{n} rules");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn a_rule_file_with_an_unknown_key_or_bad_regex_is_rejected_with_file_and_line() {
    let bad_key = r#"
[[rule]]
id = "X-1"
name = "x"
category = "sets_fee"
severity = "error"
doc_types = ["normative"]
keywords = ["x"]
colour = "red"
basis = [{ law = "l", article = "a" }]
message = "m"
suggestion = "s"
examples = { hit = ["a", "b"], clean = ["c", "d"] }
"#;
    let err = RuleSet::compile(&[("rules/bad.toml".into(), bad_key.into())])
        .err()
        .unwrap()
        .to_string();
    assert!(
        err.contains("rules/bad.toml") && err.contains("colour") && err.contains("line 9"),
        "{err}"
    );
    let bad_regex = bad_key.replace("colour = \"red\"", "patterns = ['(unclosed']");
    let err = RuleSet::compile(&[("rules/bad.toml".into(), bad_regex)])
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("X-1") && err.contains("bad regex"), "{err}");
}

/// Every legal basis quoted by a rule, where the database holds the law's full text, is the
/// article's real wording (fragments between …… must appear in the article).
#[test]
fn quoted_legal_bases_match_the_law_texts() {
    use fashen::citations::lawdb::{article_text, db};
    use fashen::document::numerals::parse_chinese;
    use unicode_normalization::UnicodeNormalization;
    let norm = |s: &str| -> String {
        s.nfkc()
            .filter(|c| !c.is_whitespace() && !"，。；：、,.;:“”\"()（）".contains(*c))
            .collect()
    };
    let set = RuleSet::load(&[]).expect("rules");
    let (mut checked, mut failures) = (0, vec![]);
    for rule in &set.rules {
        for b in &rule.spec.basis {
            let Some((law, _)) = db().resolve(&b.law) else {
                continue;
            };
            let Some(v) = law.versions.iter().rev().find(|v| v.text) else {
                continue;
            };
            let Some(num) = b
                .article
                .strip_prefix('第')
                .and_then(|a| a.split('条').next())
                .and_then(parse_chinese)
            else {
                continue;
            };
            let Some(text) = article_text(&law.title, &v.date, num as u32) else {
                failures.push(format!(
                    "{}: {} {} not in the text",
                    rule.spec.id, b.law, b.article
                ));
                continue;
            };
            let article = norm(text);
            for frag in b
                .text
                .split('…')
                .map(norm)
                .filter(|f| f.chars().count() >= 6)
            {
                checked += 1;
                if !article.contains(&frag) {
                    failures.push(format!(
                        "{}: {} {}: “{frag}”",
                        rule.spec.id, b.law, b.article
                    ));
                }
            }
        }
    }
    assert!(checked >= 40, "{checked} fragments checked");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
