//! Subcommands and exit codes (0 clean, 1 findings at/above --fail-on, 2 usage or
//! configuration error, 3 input that could not be reviewed).

mod annotate;
mod batch;
mod check;
mod hook;
mod io;
mod laws;
mod memo;
mod rules;
mod serve;

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use fashen::document::model::DocType;
use fashen::extract::Limits;
use fashen::report::extract_view;

use io::{load, print_out};

pub const EXIT_OK: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_USAGE: i32 = 2;
pub const EXIT_UNREADABLE: i32 = 3;

#[derive(Parser)]
#[command(
    name = "fashen",
    version,
    about = "法审：规范性文件与合同合法性审查（机器初审）"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum ExtractFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
pub enum DocTypeArg {
    Auto,
    Contract,
    Normative,
    Decision,
    Other,
}

impl DocTypeArg {
    pub fn forced(self) -> Option<DocType> {
        match self {
            DocTypeArg::Auto => None,
            DocTypeArg::Contract => Some(DocType::Contract),
            DocTypeArg::Normative => Some(DocType::Normative),
            DocTypeArg::Decision => Some(DocType::Decision),
            DocTypeArg::Other => Some(DocType::Other),
        }
    }
}

#[derive(clap::Args, Clone)]
pub struct LimitArgs {
    /// Largest input file in bytes.
    #[arg(long, default_value_t = 200 * 1024 * 1024)]
    pub max_file_size: u64,
    /// Time budget for reading one document, in seconds.
    #[arg(long, default_value_t = 30)]
    pub time_budget: u64,
}

impl LimitArgs {
    pub fn limits(&self) -> Limits {
        Limits {
            max_file_size: self.max_file_size,
            time_budget: std::time::Duration::from_secs(self.time_budget),
            ..Limits::default()
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Review files or folders for legality problems.
    Check(check::CheckArgs),
    /// Copy a .docx draft with a Word comment (批注) on the words of each finding.
    Annotate(annotate::AnnotateArgs),
    /// Write the review memo (合法性审查意见书) as .docx, .html or .md.
    Memo(memo::MemoArgs),
    /// Git integration: a pre-commit hook that reviews staged documents.
    Hook {
        #[command(subcommand)]
        command: hook::HookCommand,
    },
    /// Review a whole catalogue: results.jsonl, summary.csv, index.html, memos/.
    Batch(batch::BatchArgs),
    /// Combine the report folders of several shards into one report.
    Merge(batch::MergeArgs),
    /// Rule packs: list, explain, test, quality.
    Rules {
        #[command(subcommand)]
        command: rules::RulesCommand,
    },
    /// The law-status database behind the citation checks.
    Laws {
        #[command(subcommand)]
        command: laws::LawsCommand,
    },
    /// Serve the review as a web page and an HTTP API (fashen serve --addr 127.0.0.1:8080).
    Serve(serve::ServeArgs),
    /// Print the structured document (title, 文号, blocks with locations).
    Extract {
        /// Document to read (docx, pdf, ofd, txt), or - for standard input.
        file: PathBuf,
        #[arg(long, value_enum, default_value = "text")]
        format: ExtractFormat,
        #[arg(long, value_enum, default_value = "auto")]
        doc_type: DocTypeArg,
        /// File name to report when reading standard input.
        #[arg(long)]
        name: Option<String>,
        #[command(flatten)]
        limits: LimitArgs,
    },
}

pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
            let _ = e.print();
            return code;
        }
    };
    match cli.command {
        Command::Check(args) => check::run(args),
        Command::Memo(args) => memo::run(args),
        Command::Annotate(args) => annotate::run(args),
        Command::Rules { command } => rules::run(command),
        Command::Hook { command } => hook::run(command),
        Command::Batch(args) => batch::run(args),
        Command::Merge(args) => batch::merge(args),
        Command::Laws { command } => laws::run(command),
        Command::Serve(args) => serve::run_serve(args),
        Command::Extract {
            file,
            format,
            doc_type,
            name,
            limits,
        } => match load(&file, name.as_deref(), &limits.limits(), doc_type.forced()) {
            Ok(doc) => {
                let out = match format {
                    ExtractFormat::Text => extract_view::text(&doc),
                    ExtractFormat::Json => extract_view::json(&doc),
                };
                print_out(&out);
                EXIT_OK
            }
            Err(e) => {
                eprintln!("fashen: {e}");
                EXIT_UNREADABLE
            }
        },
    }
}
