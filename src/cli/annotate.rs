//! `fashen annotate FILE.docx -o OUT.docx`: the draft with a Word comment on each finding.

use std::path::PathBuf;

use anyhow::{Context, bail};

use fashen::document::model::Format;
use fashen::report::annotate::{AnnotateError, annotate};
use fashen::report::failure_zh;
use fashen::rules::engine::review;

use super::check::ReviewArgs;
use super::io::{ensure_not_input, require_inputs, write_atomically};
use super::{EXIT_OK, Unreviewable, say};

#[derive(clap::Args)]
pub struct AnnotateArgs {
    /// 送审稿（.docx），不会被修改
    pub file: PathBuf,
    /// 批注稿的输出文件（.docx）
    #[arg(long, short)]
    pub output: PathBuf,
    /// 批注显示的作者
    #[arg(long, default_value = "法审")]
    pub author: String,
    #[command(flatten)]
    pub review: ReviewArgs,
}

pub fn run(args: AnnotateArgs) -> anyhow::Result<i32> {
    require_inputs(std::slice::from_ref(&args.file))?;
    ensure_not_input(&args.output, std::slice::from_ref(&args.file))
        .context("批注稿不能覆盖原稿")?;
    let st = args.review.settings()?;
    let limits = &st.limits;
    let name = args.file.display().to_string();
    let unreviewable =
        |e: &fashen::extract::ExtractError| Unreviewable(format!("{name}：{}", failure_zh(e)));
    // Only a regular file, read no further than the size limit (a FIFO would hang).
    let bytes =
        fashen::extract::read_file_bytes(&args.file, limits).map_err(|e| unreviewable(&e))?;
    let doc = fashen::load_bytes(&name, bytes.clone(), limits, args.review.doc_type.forced())
        .map_err(|e| unreviewable(&e))?;
    if doc.format != Format::Docx {
        bail!(
            "{name}：只有 .docx 草稿可以加批注（这份是 {}；only .docx drafts can be annotated）",
            doc.format.as_str()
        );
    }
    let mut r = review(&doc, st.set, &st.selection);
    st.config.apply_waivers(&args.file, &mut r.findings);
    let date = format!("{}T00:00:00Z", fashen::citations::today());
    // A waived finding needs no comment in the draft.
    let findings: Vec<_> = r
        .findings
        .into_iter()
        .filter(|f| f.waived.is_none())
        .collect();
    let a =
        annotate(&bytes, &doc, &findings, &args.author, &date, limits).map_err(|e| match e {
            AnnotateError::Read(e) => unreviewable(&e),
            other => Unreviewable(format!("{name}：无法在这份文件上加批注（{other}）")),
        })?;
    write_atomically(&args.output, &a.bytes)
        .with_context(|| format!("无法写入批注稿 {}", args.output.display()))?;
    say(&format!(
        "{} 条批注写入 {}（{} 条标在原文词句上，{} 条标在所在段落{}）",
        a.placement.exact + a.placement.paragraph,
        args.output.display(),
        a.placement.exact,
        a.placement.paragraph,
        if a.placement.skipped > 0 {
            format!("，{} 条无法定位", a.placement.skipped)
        } else {
            String::new()
        }
    ));
    Ok(EXIT_OK)
}
