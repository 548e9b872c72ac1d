//! The rule reference (docs/rules.md), generated from the rule packs and the builtin
//! checks' own documentation, so that it cannot drift from what runs.

use std::fmt::Write;

use crate::rules::builtin::Builtin;
use crate::rules::compile::RuleSet;
use crate::rules::schema::Category;

/// Markdown for every rule of `set`, grouped by category in taxonomy order, then every
/// builtin check with its what / why / example.
pub fn markdown(set: &RuleSet) -> String {
    let mut s = String::new();
    s.push_str("# 审查规则一览（fashen rules doc 生成，请勿手工编辑）\n\n");
    writeln!(
        s,
        "共 {} 条规则、{} 类审查触发事项。规则以 TOML 数据形式保存在 `rules/*.toml`，\
         每条规则的命中与不命中示例由测试套件运行。\n",
        set.rules.len(),
        set.triggers.len()
    )
    .expect("writing to a String cannot fail");
    for category in Category::ALL {
        let rules: Vec<_> = set
            .rules
            .iter()
            .filter(|r| r.spec.category == category)
            .collect();
        if rules.is_empty() {
            continue;
        }
        writeln!(s, "## {}（`{}`）\n", category.chinese(), category)
            .expect("writing to a String cannot fail");
        for r in rules {
            let sp = &r.spec;
            writeln!(s, "### {} {}\n", sp.id, sp.name).expect("writing to a String cannot fail");
            let types: Vec<&str> = sp.doc_types.iter().map(|t| t.chinese()).collect();
            writeln!(
                s,
                "- 严重程度：{}（`{}`）\n- 适用文件：{}\n- 规则文件：`{}`",
                sp.severity.chinese(),
                sp.severity.as_str(),
                types.join("、"),
                r.file
            )
            .expect("writing to a String cannot fail");
            if let Some(b) = sp.builtin {
                writeln!(s, "- 内置检查：[`{0}`](#builtin-{0})", b.name())
                    .expect("writing to a String cannot fail");
            }
            for line in sp.reach() {
                writeln!(s, "- {line}").expect("writing to a String cannot fail");
            }
            for b in &sp.basis {
                writeln!(s, "- 依据：《{}》{}", b.law, b.article)
                    .expect("writing to a String cannot fail");
            }
            writeln!(s, "- 问题：{}\n- 建议：{}", sp.message, sp.suggestion)
                .expect("writing to a String cannot fail");
            for h in &sp.examples.hit {
                writeln!(s, "- 命中示例：{h}").expect("writing to a String cannot fail");
            }
            for c in &sp.examples.clean {
                writeln!(s, "- 不命中示例：{c}").expect("writing to a String cannot fail");
            }
            s.push('\n');
        }
    }
    s.push_str("## 内置检查\n\n");
    for b in Builtin::ALL {
        writeln!(s, "### <a id=\"builtin-{0}\"></a>`{0}`\n", b.name())
            .expect("writing to a String cannot fail");
        let doc = b.doc().replace("\n## ", "\n#### ");
        let doc = doc
            .strip_prefix("## ")
            .map_or(doc.clone(), |d| format!("#### {d}"));
        s.push_str(doc.trim_end());
        s.push_str("\n\n");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_documents_what_why_and_an_example() {
        for b in Builtin::ALL {
            let d = b.doc();
            for part in ["## What it does", "## Why is this bad?", "## Example"] {
                assert!(d.contains(part), "{} lacks {part}", b.name());
            }
        }
    }
}
