//! `fashen laws lookup NAME`: what the law-status database knows about a law.

use anyhow::Context;
use clap::Subcommand;

use fashen::citations::lawdb::{Law, db};

use super::io::print_out;
use super::{EXIT_FINDINGS, EXIT_OK};

#[derive(Subcommand)]
pub enum LawsCommand {
    /// 查询一部法律的效力状态、各版本和条文数（全称、简称或其中一部分）
    Lookup {
        /// 法律名称：全称、简称或其中一部分
        name: String,
        /// 以 JSON 输出
        #[arg(long)]
        json: bool,
    },
}

pub fn run(cmd: LawsCommand) -> anyhow::Result<i32> {
    let LawsCommand::Lookup { name, json } = cmd;
    let db = db();
    let found: Vec<&Law> = db.lookup(&name, 20);
    if json {
        print_out(&serde_json::to_string_pretty(&found).context("无法生成 JSON")?);
    } else if found.is_empty() {
        let near = db
            .closest(&name, 0.5)
            .map_or(String::new(), |l| format!("；最接近的是《{}》", l.title));
        print_out(&format!(
            "数据库（截至 {}）中没有“{name}”{near}",
            db.meta.as_of
        ));
    } else {
        let mut s = format!("法律数据库截至 {}，共 {} 部\n", db.meta.as_of, db.meta.laws);
        for law in &found {
            s.push_str(&describe(law));
        }
        print_out(s.trim_end());
    }
    Ok(if found.is_empty() {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

fn describe(law: &Law) -> String {
    let mut s = format!("\n《{}》", law.title);
    if !law.short.is_empty() {
        s.push_str(&format!("（简称：{}）", law.short.join("、")));
    }
    s.push('\n');
    let or = |o: &Option<String>| o.clone().unwrap_or_else(|| "—".into());
    s.push_str(&format!(
        "  层级：{}　状态：{}　核实：{}\n",
        or(&law.level),
        or(&law.status),
        match law.verified.as_deref() {
            Some("yes") => "官方来源或有废止条文",
            Some("partial") => "仅社区数据",
            _ => "未核实",
        }
    ));
    if let Some(d) = &law.repealed {
        s.push_str(&format!(
            "  废止日期：{d}　取代：{}\n",
            or(&law.replaced_by)
        ));
        if let Some(b) = &law.repeal_basis {
            s.push_str(&format!("  废止依据：{b}\n"));
        }
    }
    for v in &law.versions {
        s.push_str(&format!(
            "  版本 {}：施行 {}，{}{}{}\n",
            v.date,
            v.effective.as_deref().unwrap_or("—"),
            v.articles
                .map_or("条数不明".to_string(), |n| format!("{n} 条")),
            v.until
                .as_deref()
                .map_or(String::new(), |u| format!("，至 {u} 被新版本取代")),
            if v.text { "（有全文）" } else { "" }
        ));
    }
    for n in &law.notes {
        s.push_str(&format!("  说明：{n}\n"));
    }
    s.push_str(&format!("  来源：{}\n", law.sources.join("；")));
    s
}
