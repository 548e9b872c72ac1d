//! `fashen memo FILE -o OUT`: the review memo, as .docx, .html or .md by OUT's extension.

use std::path::PathBuf;

use anyhow::{Context, bail};

use fashen::config::MemoSection;
use fashen::report::memo::{self, Letter, MemoContext};

use super::check::{ReviewArgs, parse_date};
use super::io::{ensure_not_input, print_out, require_inputs, write_atomically};
use super::{EXIT_OK, Unreviewable};

/// The memo's letter apparatus on the command line; each option wins over fashen.toml's
/// `[memo]`. Shared by `fashen memo` and `fashen batch`, so both write the same letter.
#[derive(clap::Args)]
pub struct LetterArgs {
    /// 意见书落款日期，格式 YYYY-MM-DD（默认今天，或 fashen.toml 中 `[memo]` 的 review_date）
    #[arg(long, value_parser = parse_date)]
    pub review_date: Option<chrono::NaiveDate>,
    /// 意见书自身的发文字号，如 长司法审〔{年份}〕{序号}号：{年份} 换成审查年份，{序号} 换成流水号（批量审查时按目录顺序编号；单份审查时留空待填）。不写则留 〔　　〕　号 待填
    #[arg(long)]
    pub number: Option<String>,
    /// 主送单位（默认为文件的制定机关；合同为报送审查的一方）
    #[arg(long)]
    pub to: Option<String>,
    /// 落款的审查单位（默认留空待填）
    #[arg(long)]
    pub unit: Option<String>,
    /// 抄送单位
    #[arg(long)]
    pub cc: Option<String>,
}

impl LetterArgs {
    /// The letter with fashen.toml's `[memo]` filling what the command line leaves out.
    pub fn letter(&self, file: &MemoSection) -> Letter {
        Letter::merged(
            &Letter {
                number: self.number.clone(),
                n: None,
                to: self.to.clone(),
                unit: self.unit.clone(),
                cc: self.cc.clone(),
            },
            file,
        )
    }

    /// The review date: command line, else fashen.toml, else today.
    pub fn review_date(&self, file: &MemoSection) -> chrono::NaiveDate {
        self.review_date
            .or(file.review_date)
            .unwrap_or_else(|| chrono::Local::now().date_naive())
    }
}

#[derive(clap::Args)]
pub struct MemoArgs {
    /// 要审查的文件（docx、pdf、ofd、txt），- 表示从标准输入读取
    pub file: PathBuf,
    /// 审查意见书的输出文件：扩展名 .docx、.html 或 .md 决定格式（- 表示把 Markdown 写到标准输出）
    #[arg(long, short)]
    pub output: PathBuf,
    #[command(flatten)]
    pub letter: LetterArgs,
    #[command(flatten)]
    pub review: ReviewArgs,
}

pub fn run(args: MemoArgs) -> anyhow::Result<i32> {
    let ext = if args.output.as_os_str() == "-" {
        "md".to_string()
    } else {
        args.output
            .extension()
            .and_then(|x| x.to_str())
            .map(str::to_lowercase)
            .unwrap_or_default()
    };
    if !["docx", "html", "htm", "md", "markdown"].contains(&ext.as_str()) {
        bail!(
            "{}：审查意见书的文件名须以 .docx、.html 或 .md 结尾",
            args.output.display()
        );
    }
    require_inputs(std::slice::from_ref(&args.file))?;
    ensure_not_input(&args.output, std::slice::from_ref(&args.file))?;
    let st = args.review.settings()?;
    let (doc, result) = args.review.review_one(&args.file, &st);
    if let Some(e) = &result.error {
        return Err(Unreviewable(format!("{}：{e}", result.path)).into());
    }
    let date = args
        .letter
        .review_date(&st.config.memo)
        .format("%Y-%m-%d")
        .to_string();
    let ctx = MemoContext {
        review_date: &date,
        rules: st.set,
    };
    let letter = args.letter.letter(&st.config.memo);
    let m = memo::build_letter(doc.as_ref(), &result, &ctx, &letter);
    let bytes = match ext.as_str() {
        "docx" => memo::docx::render(&m)
            .map_err(anyhow::Error::msg)
            .context("无法生成 Word 审查意见书")?,
        "html" | "htm" => memo::html::render(&m).into_bytes(),
        _ => memo::markdown::render(&m).into_bytes(),
    };
    if args.output.as_os_str() == "-" {
        print_out(String::from_utf8_lossy(&bytes).trim_end());
        return Ok(EXIT_OK);
    }
    write_atomically(&args.output, &bytes)
        .with_context(|| format!("无法写入审查意见书 {}", args.output.display()))?;
    Ok(EXIT_OK)
}
