//! The `check` report as text: a lawyer reads this.

use crate::document::model::DocType;
use crate::report::vocab::doc_type_name;
use crate::review::{Report, conclusion_words};
use crate::rules::schema::Severity;

/// Terminal output: a lawyer reads this.
pub fn text(report: &Report) -> String {
    let mut s = String::new();
    for d in &report.documents {
        s.push_str(&format!("══ {}\n", d.path));
        if let Some(e) = &d.error {
            s.push_str(&format!("   无法审查：{e}\n\n"));
            continue;
        }
        let doc_type = d
            .doc_type
            .as_deref()
            .and_then(DocType::parse)
            .unwrap_or(DocType::Other);
        s.push_str(&format!(
            "   {}｜{}｜{}｜{}\n",
            d.title.as_deref().unwrap_or("（无标题）"),
            d.doc_number.as_deref().unwrap_or("无文号"),
            doc_type_name(doc_type),
            d.date
                .as_deref()
                .map_or_else(|| "无日期".to_string(), super::vocab::chinese_date)
        ));
        for w in &d.warnings {
            s.push_str(&format!("   注意：{w}\n"));
        }
        if d.triggers.is_empty() {
            s.push_str("   审查触发事项：未发现\n");
        } else {
            let kinds: Vec<String> = d
                .triggers
                .iter()
                .map(|t| format!("涉及{}", t.name))
                .collect();
            s.push_str(&format!(
                "   审查触发事项：{}（应当进行合法性审查）\n",
                kinds.join("、")
            ));
        }
        s.push('\n');
        for f in &d.findings {
            let loc = super::location::finding_place(&f.location);
            // The category in words, its code in brackets for grep and --ignore.
            s.push_str(&format!(
                "   [{}] {} {}（{}）  {}\n",
                f.severity.chinese(),
                f.rule,
                f.category.chinese(),
                f.category,
                loc
            ));
            let excerpt = if f.matched.is_empty() {
                f.excerpt.clone()
            } else {
                f.excerpt
                    .replacen(&f.matched, &format!("【{}】", f.matched), 1)
            };
            s.push_str(&format!("     原文：{excerpt}\n"));
            // Dates a person reads are written the Chinese way (JSON keeps ISO dates).
            s.push_str(&format!(
                "     问题：{}\n",
                super::vocab::chinese_dates_in(&f.message)
            ));
            for b in &f.basis {
                s.push_str(&format!(
                    "     依据：《{}》{}\n",
                    b.law.trim_start_matches('《').trim_end_matches('》'),
                    b.article
                ));
            }
            s.push_str(&format!(
                "     建议：{}\n",
                super::vocab::chinese_dates_in(&f.suggestion)
            ));
            if let Some(p) = f.precedents.first() {
                s.push_str(&format!("     {}\n", p.line()));
            }
            if let Some(w) = &f.waived {
                s.push_str(&format!("     已豁免：{w}\n"));
            }
            s.push('\n');
        }
        let c = d.conclusion.as_deref().unwrap_or("");
        let n = |sev: Severity| {
            d.findings
                .iter()
                .filter(|f| f.severity == sev && f.waived.is_none())
                .count()
        };
        s.push_str(&format!(
            "   结论：{}（必须修改 {}，建议修改 {}，提示 {}）\n\n",
            // Worded for the document type as the memo words it: 不同意出台, 建议修改后签订.
            conclusion_words(c, doc_type),
            n(Severity::Error),
            n(Severity::Warning),
            n(Severity::Info)
        ));
    }
    let sm = &report.summary;
    let waived = if sm.findings.waived > 0 {
        format!("（另有 {} 项已豁免）", sm.findings.waived)
    } else {
        String::new()
    };
    s.push_str(&format!(
        "共 {} 份文件：审查 {}，无法审查 {}；问题 必须修改 {}、建议修改 {}、提示 {}{waived}。机器初审结果，须经审查人员确认。\n",
        sm.documents, sm.checked, sm.failed, sm.findings.error, sm.findings.warning, sm.findings.info
    ));
    s
}
