//! `fashen rules list | explain | doc | test | quality | cases`.

use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};

use anyhow::{Context, bail};

use super::io::{load_rules, print_out};
use super::{EXIT_FINDINGS, EXIT_OK, say};

#[derive(Subcommand)]
pub enum RulesCommand {
    /// 列出全部规则：编号、严重程度、问题类别、名称
    List {
        /// 另加载的规则包文件夹（其中的 *.toml）
        #[arg(long)]
        rules: Vec<PathBuf>,
    },
    /// 显示一条规则的全部内容：依据、问题说明、修改建议、示例
    Explain {
        /// 规则编号，如 NORM-PEN-001
        id: String,
        /// 另加载的规则包文件夹（其中的 *.toml）
        #[arg(long)]
        rules: Vec<PathBuf>,
    },
    /// 由规则包和内置检查生成规则说明文档（Markdown）
    Doc {
        /// 输出文件（默认为标准输出）
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// 另加载的规则包文件夹（其中的 *.toml）
        #[arg(long)]
        rules: Vec<PathBuf>,
    },
    /// 运行每条规则的正例和反例
    Test {
        /// 另加载的规则包文件夹（其中的 *.toml）
        #[arg(long)]
        rules: Vec<PathBuf>,
    },
    /// 在已标注语料上按问题类别计算准确率和召回率（X.* 旁边的 X.expected.toml 为标注）
    Quality {
        /// 存放已标注文件的文件夹
        #[arg(default_value = "corpus")]
        dirs: Vec<PathBuf>,
        /// 任一类别的准确率或召回率低于此值（0 至 1）时以退出码 1 结束
        #[arg(long, default_value_t = 0.9, value_parser = parse_fraction)]
        min: f64,
        /// 另加载的规则包文件夹（其中的 *.toml）
        #[arg(long)]
        rules: Vec<PathBuf>,
    },
    /// 在公开的真实审查意见（corpus/cases/*.jsonl）上计算召回率，开发集与测试集分开
    Cases {
        /// 存放 normative.jsonl 和 contracts.jsonl 的文件夹
        #[arg(default_value = "corpus/cases")]
        dir: PathBuf,
        /// 输出格式：`text` 表格，`json` 供程序读取
        #[arg(long, value_enum, default_value = "text")]
        format: CasesFormat,
        /// 列出某一数据集中漏报的案例和误报（只限 `dev`：测试集 `test` 只用于测量）
        #[arg(long, value_enum)]
        list_missed: Option<CaseSplit>,
        /// 另加载的规则包文件夹（其中的 *.toml）
        #[arg(long)]
        rules: Vec<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum CasesFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
pub enum CaseSplit {
    Dev,
    Test,
}

fn parse_fraction(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if (0.0..=1.0).contains(&v) => Ok(v),
        _ => Err(format!("“{s}”不是 0 到 1 之间的数")),
    }
}

pub fn run(cmd: RulesCommand) -> anyhow::Result<i32> {
    let extra = match &cmd {
        RulesCommand::List { rules }
        | RulesCommand::Explain { rules, .. }
        | RulesCommand::Test { rules }
        | RulesCommand::Doc { rules, .. }
        | RulesCommand::Quality { rules, .. }
        | RulesCommand::Cases { rules, .. } => rules.clone(),
    };
    if let RulesCommand::Cases {
        list_missed: Some(CaseSplit::Test),
        ..
    } = cmd
    {
        bail!(
            "不列出测试集（test）的案例：测试集只用于度量，规则若照着它的案例来写，它的召回率就不再说明任何问题。请用 --list-missed dev。"
        );
    }
    let set = load_rules(&extra)?;
    Ok(match cmd {
        RulesCommand::Cases {
            dir,
            format,
            list_missed,
            ..
        } => cases(&dir, format, list_missed.is_some(), &set)?,
        RulesCommand::Quality { dirs, min, .. } => {
            let q = fashen::quality::evaluate(&dirs, &set).context("无法读取标注语料")?;
            if q.documents == 0 {
                bail!(
                    "{} 下没有已标注的文档（X.expected.toml 及同名的 X.txt/X.docx/X.pdf）：请指定标注语料所在的文件夹",
                    dirs.iter()
                        .map(|d| d.display().to_string())
                        .collect::<Vec<_>>()
                        .join("、")
                );
            }
            print_out(q.table().trim_end());
            let below = q.below(min);
            if below.is_empty() && q.errors.is_empty() {
                EXIT_OK
            } else {
                if !below.is_empty() {
                    say(&format!("低于 {min} 的类别：{}", below.join(", ")));
                }
                EXIT_FINDINGS
            }
        }
        RulesCommand::Doc { output, .. } => {
            let md = fashen::report::rule_doc::markdown(&set);
            match output {
                None => {
                    print_out(md.trim_end());
                    EXIT_OK
                }
                Some(path) => {
                    fashen::report::write_atomically(&path, md.as_bytes())
                        .with_context(|| format!("无法写入 {}", path.display()))?;
                    EXIT_OK
                }
            }
        }
        RulesCommand::List { .. } => {
            let mut s = String::new();
            for r in &set.rules {
                s.push_str(&format!(
                    "{:<16} {:<8} {:<32} {}\n",
                    r.spec.id,
                    r.spec.severity.as_str(),
                    r.spec.category,
                    r.spec.name
                ));
            }
            s.push_str(&format!(
                "{} rules, {} triggers, digest {}",
                set.rules.len(),
                set.triggers.len(),
                set.digest
            ));
            print_out(&s);
            EXIT_OK
        }
        RulesCommand::Explain { id, .. } => {
            let Some(r) = set
                .rules
                .iter()
                .find(|r| r.spec.id.eq_ignore_ascii_case(id.trim()))
            else {
                let e = fashen::rules::engine::check_names(&set, std::slice::from_ref(&id))
                    .err()
                    .map_or_else(
                        || format!("{id} 是规则前缀或类别，不是一条规则"),
                        |e| e.to_string(),
                    );
                bail!("{e}");
            };
            let sp = &r.spec;
            let mut s = format!(
                "{} {}\n类别：{}（{}）　严重程度：{}　适用：{}　来源：{}\n",
                sp.id,
                sp.name,
                sp.category.chinese(),
                sp.category,
                sp.severity.chinese(),
                sp.doc_types
                    .iter()
                    .map(|t| t.chinese())
                    .collect::<Vec<_>>()
                    .join("、"),
                r.file
            );
            for line in sp.reach() {
                s.push_str(&line);
                s.push('\n');
            }
            for b in &sp.basis {
                s.push_str(&format!("依据：{} {}\n  {}\n", b.law, b.article, b.text));
            }
            s.push_str(&format!("问题：{}\n建议：{}\n", sp.message, sp.suggestion));
            for h in &sp.examples.hit {
                s.push_str(&format!("命中示例：{h}\n"));
            }
            for c in &sp.examples.clean {
                s.push_str(&format!("不命中示例：{c}\n"));
            }
            s.push_str(&stands_on(&sp.id, &set));
            print_out(s.trim_end());
            EXIT_OK
        }
        RulesCommand::Test { .. } => {
            let (_, failures) = fashen::rules::examples::check_all(&set);
            for f in &failures {
                say(f);
            }
            let examples: usize = set
                .rules
                .iter()
                .map(|r| r.spec.examples.hit.len() + r.spec.examples.clean.len())
                .sum();
            print_out(&format!(
                "{} passed, {} failed",
                examples - failures.len(),
                failures.len()
            ));
            if failures.is_empty() {
                EXIT_OK
            } else {
                EXIT_FINDINGS
            }
        }
    })
}

/// The published dev cases the rule finds (computed, so the list never goes stale), at
/// most five with authority and title.
fn stands_on(id: &str, set: &fashen::rules::compile::RuleSet) -> String {
    const SHOWN: usize = 5;
    let found = fashen::cases::found_by(id, set);
    if found.is_empty() {
        return "已公布案例：本规则在案例库开发集中没有发现的案例\n".into();
    }
    let precedents = fashen::rules::precedent::index();
    let mut s = format!(
        "已公布案例：本规则在案例库开发集中发现 {} 件{}\n",
        found.len(),
        if found.len() > SHOWN {
            format!("，列出前 {SHOWN} 件")
        } else {
            String::new()
        }
    );
    for c in found.iter().take(SHOWN) {
        let line = precedents
            .entries
            .iter()
            .position(|e| e.id == c.line.id)
            .map(|i| precedents.precedent(i, 1.0).summary())
            .unwrap_or_default();
        s.push_str(&format!("  {} {line}\n", c.line.id));
    }
    s
}

/// `fashen rules cases`: the table (or JSON) of the case corpus, or the dev cases to work on.
fn cases(
    dir: &std::path::Path,
    format: CasesFormat,
    list_dev: bool,
    set: &fashen::rules::compile::RuleSet,
) -> anyhow::Result<i32> {
    let (summary, outcomes) = fashen::cases::evaluate(dir, set).context("无法读取案例文件")?;
    let out = match (format, list_dev) {
        (CasesFormat::Text, false) => summary.table().trim_end().to_string(),
        (CasesFormat::Json, false) => {
            serde_json::to_string_pretty(&summary).context("无法输出 JSON")?
        }
        (CasesFormat::Text, true) => {
            fashen::cases::listed_text(&fashen::cases::listed_dev(&outcomes))
                .trim_end()
                .to_string()
        }
        (CasesFormat::Json, true) => {
            serde_json::to_string_pretty(&fashen::cases::listed_dev(&outcomes)).unwrap_or_default()
        }
    };
    print_out(&out);
    for e in &summary.errors {
        eprintln!("fashen: {e}");
    }
    Ok(if summary.errors.is_empty() {
        EXIT_OK
    } else {
        EXIT_FINDINGS
    })
}
