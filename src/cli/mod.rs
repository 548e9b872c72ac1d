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

use fashen::config::FailOn;
use fashen::document::model::DocType;
use fashen::extract::Limits;
use fashen::report::{extract_view, failure_zh, one_line};

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

/// An error that ends the command with exit 3 (input that could not be reviewed) rather
/// than 2 (usage or configuration).
#[derive(Debug)]
pub struct Unreviewable(pub String);

impl std::fmt::Display for Unreviewable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Unreviewable {}

/// Prints one message for a person on standard error: `fashen: ` and one line of printable
/// text (control characters and escape codes from quoted file content removed).
pub fn say(msg: &str) {
    eprintln!("fashen: {}", one_line(msg));
}

pub use fashen::report::io_zh;

/// Prints an error that ended a command and gives its exit code.
fn fail(e: &anyhow::Error) -> i32 {
    let text: Vec<String> = e
        .chain()
        .map(|c| match c.downcast_ref::<std::io::Error>() {
            Some(io) => io_zh(io),
            None => c.to_string(),
        })
        .collect();
    say(&text.join("："));
    if e.downcast_ref::<Unreviewable>().is_some() {
        EXIT_UNREADABLE
    } else {
        EXIT_USAGE
    }
}

/// The exit code of a review: 3 when a document could not be reviewed, else 1 when
/// unwaived findings (error, warning, info) reach `fail_on`, else 0.
pub fn review_exit(failed: usize, counts: [usize; 3], fail_on: FailOn) -> i32 {
    if failed > 0 {
        EXIT_UNREADABLE
    } else if fail_on.reached(counts[0], counts[1], counts[2]) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

#[derive(clap::Args, Clone)]
pub struct LimitArgs {
    /// Largest input file in bytes (at most 64 GiB).
    #[arg(long, default_value_t = 200 * 1024 * 1024,
          value_parser = clap::value_parser!(u64).range(1..=64 * 1024 * 1024 * 1024))]
    pub max_file_size: u64,
    /// Time budget for reading one document, in seconds (1 to 86400).
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=86_400))]
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
        Err(e) if e.use_stderr() => {
            // clap's own words (English) in brackets, on one Chinese line.
            let text = e.to_string();
            let first = text
                .lines()
                .next()
                .unwrap_or("")
                .trim_start_matches("error: ");
            say(&format!(
                "命令行参数有误（{first}）：用 fashen --help 或 fashen 子命令 --help 查看用法"
            ));
            return EXIT_USAGE;
        }
        Err(e) => {
            // --help and --version: a closed terminal leaves no one to tell.
            let _ = e.print();
            return EXIT_OK;
        }
    };
    match dispatch(cli.command) {
        Ok(code) => code,
        Err(e) => fail(&e),
    }
}

fn dispatch(command: Command) -> anyhow::Result<i32> {
    Ok(match command {
        Command::Check(args) => check::run(args)?,
        Command::Memo(args) => memo::run(args)?,
        Command::Annotate(args) => annotate::run(args)?,
        Command::Rules { command } => rules::run(command)?,
        Command::Hook { command } => hook::run(command)?,
        Command::Batch(args) => batch::run(args)?,
        Command::Merge(args) => batch::merge(args)?,
        Command::Laws { command } => laws::run(command)?,
        Command::Serve(args) => serve::run_serve(args)?,
        Command::Extract {
            file,
            format,
            doc_type,
            name,
            limits,
        } => {
            io::require_inputs(std::slice::from_ref(&file))?;
            let shown = io::shown_name(&file, name.as_deref());
            let doc = load(&file, name.as_deref(), &limits.limits(), doc_type.forced())
                .map_err(|e| Unreviewable(format!("{shown}：{}", failure_zh(&e))))?;
            let out = match format {
                ExtractFormat::Text => extract_view::text(&doc),
                ExtractFormat::Json => {
                    extract_view::json(&doc).map_err(|e| anyhow::anyhow!("无法生成 JSON：{e}"))?
                }
            };
            print_out(&out);
            EXIT_OK
        }
    })
}
