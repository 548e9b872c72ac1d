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
