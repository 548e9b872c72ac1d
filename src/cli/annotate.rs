//! `fashen annotate FILE.docx -o OUT.docx`: the draft with a Word comment on each finding.

use std::path::PathBuf;

use fashen::document::model::Format;
use fashen::report::annotate::annotate;
use fashen::rules::engine::review;

use super::check::ReviewArgs;
use super::io::write_atomically;
use super::{EXIT_OK, EXIT_UNREADABLE, EXIT_USAGE};

#[derive(clap::Args)]
pub struct AnnotateArgs {
    /// The draft (.docx). It is never modified.
    pub file: PathBuf,
    /// Where to write the annotated copy (.docx).
    #[arg(long, short)]
    pub output: PathBuf,
    /// Author shown on the comments.
    #[arg(long, default_value = "法审")]
    pub author: String,
    #[command(flatten)]
    pub review: ReviewArgs,
}

pub fn run(args: AnnotateArgs) -> i32 {
    let same = match (args.file.canonicalize(), args.output.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if same {
        eprintln!("fashen: the annotated copy must not overwrite the draft; choose another -o");
        return EXIT_USAGE;
    }
    let Some(st) = args.review.settings_or_report() else {
        return EXIT_USAGE;
    };
    let limits = &st.limits;
    // Only a regular file, read no further than the size limit (a FIFO would hang).
    let bytes = match fashen::extract::read_file_bytes(&args.file, limits) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("fashen: {}: {e}", args.file.display());
            return EXIT_UNREADABLE;
        }
    };
    let name = args.file.display().to_string();
    let doc = match fashen::load_bytes(&name, bytes.clone(), limits, args.review.doc_type.forced())
    {
        Ok(d) => d,
        Err(e) => {
            eprintln!("fashen: {name}: {e}");
            return EXIT_UNREADABLE;
        }
    };
    if doc.format != Format::Docx {
        eprintln!(
            "fashen: {name}: only .docx drafts can be annotated (this is {})",
            doc.format.as_str()
        );
        return EXIT_USAGE;
    }
    let mut r = review(&doc, &st.set, &st.selection);
    st.config.apply_waivers(&args.file, &mut r.findings);
    let date = format!("{}T00:00:00Z", fashen::citations::today());
    // A waived finding needs no comment in the draft.
    let findings: Vec<_> = r
        .findings
        .into_iter()
        .filter(|f| f.waived.is_none())
        .collect();
    match annotate(&bytes, &doc, &findings, &args.author, &date, limits) {
        Ok(a) => {
            if let Err(e) = write_atomically(&args.output, &a.bytes) {
                eprintln!("fashen: {}: cannot write: {e}", args.output.display());
                return EXIT_USAGE;
            }
            eprintln!(
                "fashen: {} 条批注写入 {}（{} 条标在原文词句上，{} 条标在所在段落{}）",
                a.placement.exact + a.placement.paragraph,
                args.output.display(),
                a.placement.exact,
                a.placement.paragraph,
                if a.placement.skipped > 0 {
                    format!("，{} 条无法定位", a.placement.skipped)
                } else {
                    String::new()
                }
            );
            EXIT_OK
        }
        Err(e) => {
            eprintln!("fashen: {name}: {e}");
            EXIT_UNREADABLE
        }
    }
}
