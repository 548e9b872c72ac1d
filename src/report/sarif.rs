//! SARIF 2.1.0 for code-scanning tools and editors: rule descriptors with full help text,
//! results with artifact, region (page for pdf, paragraph for docx, line for text as the
//! line number) and stable fingerprints; waived findings carry a suppression.

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::location::path_text;
use crate::review::Report;
use crate::rules::compile::RuleSet;
use crate::rules::finding::Finding;
use crate::rules::schema::Severity;

/// Characters a URI reference may not carry as they are (non-ASCII is encoded too).
const URI: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

pub fn uri(path: &str) -> String {
    utf8_percent_encode(&path.replace('\\', "/"), URI).to_string()
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn help_text(r: &crate::rules::compile::CompiledRule) -> (String, String) {
    let sp = &r.spec;
    let mut text = format!(
        "{}\n\n问题：{}\n建议：{}\n",
        sp.name, sp.message, sp.suggestion
    );
    let mut md = format!(
        "**{}**（{}，{}）\n\n问题：{}\n\n建议：{}\n\n",
        sp.name,
        sp.category,
        sp.severity.chinese(),
        sp.message,
        sp.suggestion
    );
    for b in &sp.basis {
        let law = b.law.trim_start_matches('《').trim_end_matches('》');
        text.push_str(&format!("依据：《{law}》{}：{}\n", b.article, b.text));
        md.push_str(&format!("- 依据：《{law}》{}：{}\n", b.article, b.text));
    }
    (text, md)
}

/// Stable across runs and edits elsewhere in the file: the rule, where in the structure, and
/// the words; not the line number.
fn fingerprint(f: &Finding, occurrence: usize) -> String {
    let mut h = Sha256::new();
    h.update(f.rule.as_bytes());
    h.update([0]);
    h.update(f.location.path.join("/").as_bytes());
    h.update([0]);
    h.update(f.matched.as_bytes());
    h.update([0]);
    h.update(f.excerpt.as_bytes());
    h.update(occurrence.to_le_bytes());
    h.finalize()
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub fn render(report: &Report, rules: &RuleSet) -> Value {
    let descriptors: Vec<Value> = rules
        .rules
        .iter()
        .map(|r| {
            let (text, md) = help_text(r);
            json!({
                "id": r.spec.id,
                "name": r.spec.category,
                "shortDescription": {"text": r.spec.name},
                "fullDescription": {"text": text.lines().next().unwrap_or_default()},
                "help": {"text": text, "markdown": md},
                "defaultConfiguration": {"level": level(r.spec.severity)},
                "properties": {"category": r.spec.category, "tags": [r.spec.category], "doc_types": r.spec.doc_types},
            })
        })
        .collect();
    let index_of = |id: &str| rules.rules.iter().position(|r| r.spec.id == id);
    let mut artifacts = vec![];
    let mut results = vec![];
    let mut notifications = vec![];
    for (ai, d) in report.documents.iter().enumerate() {
        artifacts.push(json!({"location": {"uri": uri(&d.path)}}));
        if let Some(e) = &d.error {
            notifications.push(json!({
                "level": "error",
                "message": {"text": format!("{}: {e}", d.path)},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri(&d.path), "index": ai}}}],
            }));
            continue;
        }
        let mut seen: std::collections::HashMap<String, usize> = Default::default();
        for f in &d.findings {
            let base = fingerprint(f, 0);
            let n = seen.entry(base).or_default();
            let fp = fingerprint(f, *n);
            *n += 1;
            let line = f
                .location
                .page
                .map(|p| p as usize)
                .or(f.location.paragraph.map(|p| p + 1))
                .or(f.location.line.map(|l| l as usize))
                .unwrap_or(1)
                .max(1);
            let mut region = json!({"startLine": line, "snippet": {"text": f.excerpt}});
            if f.location.page.is_none() && f.span[1] > f.span[0] {
                region["startColumn"] = json!(f.span[0] + 1);
                region["endColumn"] = json!(f.span[1] + 1);
            }
            let mut location = json!({
                "physicalLocation": {
                    "artifactLocation": {"uri": uri(&d.path), "index": ai},
                    "region": region,
                }
            });
            let logical = path_text(&f.location.path);
            if !logical.is_empty() {
                location["logicalLocations"] =
                    json!([{"fullyQualifiedName": logical, "kind": "member"}]);
            }
            let mut result = json!({
                "ruleId": f.rule,
                "level": level(f.severity),
                "message": {"text": format!("{}\n建议：{}", f.message, f.suggestion)},
                "locations": [location],
                "partialFingerprints": {"fashen/v1": fp},
                "properties": {"category": f.category, "match": f.matched},
            });
            if let Some(i) = index_of(&f.rule) {
                result["ruleIndex"] = json!(i);
            }
            if let Some(w) = &f.waived {
                result["suppressions"] = json!([{"kind": "external", "justification": w}]);
            }
            results.push(result);
        }
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "fashen",
                "fullName": "法审 fashen：规范性文件与合同合法性审查",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": descriptors,
                "properties": {"rules_digest": rules.digest, "laws_as_of": crate::citations::lawdb::as_of()},
            }},
            "invocations": [{
                "executionSuccessful": report.summary.failed == 0,
                "toolExecutionNotifications": notifications,
            }],
            "artifacts": artifacts,
            "results": results,
            "columnKind": "unicodeCodePoints",
        }],
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn paths_become_uri_references() {
        assert_eq!(super::uri("corpus/a b.docx"), "corpus/a%20b.docx");
        assert_eq!(super::uri("草案.docx"), "%E8%8D%89%E6%A1%88.docx");
    }
}
