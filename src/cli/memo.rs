//! `fashen memo FILE -o OUT`: the review memo, as .docx, .html or .md by OUT's extension.

use std::path::PathBuf;

use fashen::report::memo::{self, Letter, MemoContext};

use super::check::ReviewArgs;
use super::io::{print_out, write_atomically};
use super::{EXIT_OK, EXIT_UNREADABLE, EXIT_USAGE};

#[derive(clap::Args)]
pub struct MemoArgs {
    /// The document to review (docx, pdf, ofd, txt), or - for standard input.
    pub file: PathBuf,
    /// Where to write the memo: .docx, .html or .md (- writes Markdown to standard output).
    #[arg(long, short)]
    pub output: PathBuf,
    /// Review date printed in the memo (default today).
    #[arg(long)]
    pub review_date: Option<String>,
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

pub fn run(args: MemoArgs) -> i32 {
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
        eprintln!(
            "fashen: {}: the memo's file name must end in .docx, .html or .md",
            args.output.display()
        );
        return EXIT_USAGE;
    }
    let Some(st) = args.review.settings_or_report() else {
        return EXIT_USAGE;
    };
    let (doc, result) = args.review.review_one(&args.file, &st);
    if let Some(e) = &result.error {
        eprintln!("fashen: {}: {e}", result.path);
        return EXIT_UNREADABLE;
    }
    let today = fashen::citations::today();
    let ctx = MemoContext {
        review_date: args.review_date.as_deref().unwrap_or(&today),
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
        "docx" => match memo::docx::render(&m) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("fashen: {e}");
                return EXIT_USAGE;
            }
        },
        "html" | "htm" => memo::html::render(&m).into_bytes(),
        _ => memo::markdown::render(&m).into_bytes(),
    };
    if args.output.as_os_str() == "-" {
        print_out(String::from_utf8_lossy(&bytes).trim_end());
        return EXIT_OK;
    }
    if let Err(e) = write_atomically(&args.output, &bytes) {
        eprintln!(
            "fashen: {}: cannot write the memo: {e}",
            args.output.display()
        );
        return EXIT_USAGE;
    }
    EXIT_OK
}
