//! Subcommands and exit codes (0 clean, 1 findings at/above --fail-on, 2 usage or
//! configuration error, 3 input that could not be reviewed).

use std::io::Read;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use fashen::document::model::{DocType, Document};
use fashen::extract::Limits;
use fashen::report::extract_view;

pub const EXIT_OK: i32 = 0;
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
    max_file_size: u64,
    /// Time budget for reading one document, in seconds.
    #[arg(long, default_value_t = 30)]
    time_budget: u64,
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

/// Loads one document from a path or `-` (standard input).
pub fn load(
    file: &std::path::Path,
    name: Option<&str>,
    limits: &Limits,
    doc_type: Option<DocType>,
) -> Result<Document, String> {
    if file.as_os_str() == "-" {
        let mut bytes = vec![];
        std::io::stdin()
            .take(limits.max_file_size + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("<stdin>: cannot read standard input: {e}"))?;
        let name = name.unwrap_or("<stdin>");
        return fashen::load_bytes(name, bytes, limits, doc_type)
            .map_err(|e| format!("{name}: {e}"));
    }
    fashen::load_document(file, limits, doc_type).map_err(|e| format!("{}: {e}", file.display()))
}

/// Writes to standard output; a closed pipe (`| head`) is not an error.
pub fn print_out(s: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out
        .write_all(s.as_bytes())
        .and_then(|_| out.write_all(b"\n"));
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
