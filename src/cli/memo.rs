//! `fashen memo FILE -o OUT`: the review memo, as .docx, .html or .md by OUT's extension.

use std::path::PathBuf;

use anyhow::{Context, bail};

use fashen::report::memo::{self, Letter, MemoContext};

use super::check::{ReviewArgs, parse_date};
use super::io::{ensure_not_input, print_out, require_inputs, write_atomically};
use super::{EXIT_OK, Unreviewable};

#[derive(clap::Args)]
pub struct MemoArgs {
    /// The document to review (docx, pdf, ofd, txt), or - for standard input.
    pub file: PathBuf,
    /// Where to write the memo: .docx, .html or .md (- writes Markdown to standard output).
    #[arg(long, short)]
    pub output: PathBuf,
    /// Review date printed in the memo, YYYY-MM-DD (default today).
    #[arg(long, value_parser = parse_date)]
    pub review_date: Option<chrono::NaiveDate>,
    /// The memo's own number (发文字号), e.g. 长司法审〔{year}〕12号; {year} is the review
    /// year. Without it the memo leaves 〔　　〕　号 to fill in.
    #[arg(long)]
    pub number: Option<String>,
    /// 主送: the unit the memo is addressed to (default the document's issuer or, for a
    /// contract, the submitting party).
    #[arg(long)]
    pub to: Option<String>,
    /// The reviewing unit in the sign-off (落款); default a blank line to fill in.
    #[arg(long)]
    pub unit: Option<String>,
    /// 抄送: units that receive a copy.
    #[arg(long)]
    pub cc: Option<String>,
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
        .review_date
        .unwrap_or_else(|| chrono::Local::now().date_naive())
        .format("%Y-%m-%d")
        .to_string();
    let ctx = MemoContext {
        review_date: &date,
        rules: &st.set,
    };
    let letter = Letter {
        number: args.number.clone(),
        to: args.to.clone(),
        unit: args.unit.clone(),
        cc: args.cc.clone(),
    };
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
