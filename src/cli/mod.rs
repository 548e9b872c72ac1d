//! Subcommands and exit codes (0 clean, 1 findings at/above --fail-on, 2 usage or
//! configuration error, 3 input that could not be reviewed).

use std::io::Read;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use fashen::document::model::{DocType, Document};
use fashen::extract::Limits;
use fashen::report::extract_view;
use fashen::report::review::{DocumentResult, Report};
use fashen::rules::compile::RuleSet;
use fashen::rules::engine::{Selection, review};
use fashen::rules::schema::Severity;
use rayon::prelude::*;

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

#[derive(Clone, Copy, ValueEnum)]
enum CheckFormat {
    Text,
    Json,
    Jsonl,
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

#[derive(Subcommand)]
enum RulesCommand {
    /// List every rule: id, severity, category, name.
    List {
        #[arg(long)]
        rules: Vec<PathBuf>,
    },
    /// Show a rule in full: basis, message, suggestion, examples.
    Explain {
        id: String,
        #[arg(long)]
        rules: Vec<PathBuf>,
    },
    /// Run every rule's examples.
    Test {
        #[arg(long)]
        rules: Vec<PathBuf>,
    },
    /// Per-category precision and recall over a labelled corpus (X.expected.toml beside X.*).
    Quality {
        /// Folders holding labelled documents.
        #[arg(default_value = "corpus")]
        dirs: Vec<PathBuf>,
        /// Exit 1 when a category's precision or recall is below this.
        #[arg(long, default_value_t = 0.9)]
        min: f64,
        #[arg(long)]
        rules: Vec<PathBuf>,
    },
}

#[derive(Subcommand)]
enum Command {
    /// Review files or folders for legality problems.
    Check {
        /// Files or folders (docx, pdf, ofd, txt), or - for standard input.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "text")]
        format: CheckFormat,
        /// Exit 1 when a finding at or above this severity exists.
        #[arg(long, value_enum, default_value = "error")]
        fail_on: FailOn,
        #[arg(long, value_enum, default_value = "auto")]
        doc_type: DocTypeArg,
        /// Only these rule ids, id prefixes (NORM, CON-PAY) or categories.
        #[arg(long, value_delimiter = ',')]
        select: Vec<String>,
        /// Skip these rule ids, id prefixes or categories.
        #[arg(long, value_delimiter = ',')]
        ignore: Vec<String>,
        /// Extra folders of rule packs (*.toml).
        #[arg(long)]
        rules: Vec<PathBuf>,
        /// Write the report here (atomically) instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// File name to report when reading standard input.
        #[arg(long)]
        name: Option<String>,
        /// Parallel jobs (default: all cores).
        #[arg(short = 'j', long)]
        jobs: Option<usize>,
        #[command(flatten)]
        limits: LimitArgs,
    },
    /// Rule packs: list, explain, test.
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
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

const DOC_EXTENSIONS: [&str; 7] = ["docx", "pdf", "ofd", "txt", "doc", "wps", "text"];

/// Files named on the command line, and documents inside named folders (sorted).
fn expand(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = vec![];
    for p in paths {
        if p.is_dir() {
            let mut stack = vec![p.clone()];
            let mut found = vec![];
            while let Some(dir) = stack.pop() {
                let Ok(entries) = std::fs::read_dir(&dir) else {
                    continue;
                };
                for e in entries.flatten() {
                    let path = e.path();
                    let hidden = e.file_name().to_string_lossy().starts_with('.');
                    let Ok(ft) = e.file_type() else { continue };
                    if hidden || ft.is_symlink() {
                        continue;
                    }
                    if ft.is_dir() {
                        stack.push(path);
                    } else if path
                        .extension()
                        .and_then(|x| x.to_str())
                        .is_some_and(|x| DOC_EXTENSIONS.contains(&x.to_lowercase().as_str()))
                    {
                        found.push(path);
                    }
                }
            }
            found.sort();
            out.extend(found);
        } else {
            out.push(p.clone());
        }
    }
    out
}

fn load_rules(extra: &[PathBuf]) -> Result<RuleSet, String> {
    let dirs: Vec<&std::path::Path> = extra.iter().map(|p| p.as_path()).collect();
    RuleSet::load(&dirs).map_err(|e| e.to_string())
}

/// Writes `content` to `path` through a temporary file and a rename, so a reader never
/// sees a half-written report.
fn write_atomically(path: &std::path::Path, content: &str) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let tmp = dir.join(format!(
        ".{}.tmp-{}",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("out"),
        std::process::id()
    ));
    std::fs::write(&tmp, content)?;
    std::fs::rename(&tmp, path)
}

#[allow(clippy::too_many_arguments)]
fn check(
    paths: Vec<PathBuf>,
    format: CheckFormat,
    fail_on: FailOn,
    doc_type: DocTypeArg,
    selection: Selection,
    rules: Vec<PathBuf>,
    output: Option<PathBuf>,
    name: Option<String>,
    jobs: Option<usize>,
    limits: Limits,
) -> i32 {
    let set = match load_rules(&rules) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("fashen: {e}");
            return EXIT_USAGE;
        }
    };
    if let Some(j) = jobs {
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(j.max(1))
            .build_global();
    }
    let files = expand(&paths);
    let results: Vec<DocumentResult> = files
        .par_iter()
        .map(
            |f| match load(f, name.as_deref(), &limits, doc_type.forced()) {
                Ok(doc) => {
                    let r = review(&doc, &set, &selection);
                    DocumentResult::checked(&doc, r.findings, r.triggers)
                }
                Err(e) => {
                    let path = if f.as_os_str() == "-" {
                        name.clone().unwrap_or("<stdin>".into())
                    } else {
                        f.display().to_string()
                    };
                    let reason = e.split_once(": ").map_or(e.clone(), |(_, r)| r.to_string());
                    DocumentResult::failed(&path, reason)
                }
            },
        )
        .collect();
    for r in results.iter().filter(|r| r.status == "failed") {
        eprintln!("fashen: {}: {}", r.path, r.error.as_deref().unwrap_or(""));
    }
    let report = Report::new(set.digest.clone(), results);
    let out = match format {
        CheckFormat::Text => fashen::report::review::text(&report),
        CheckFormat::Json => serde_json::to_string_pretty(&report).unwrap_or_default(),
        CheckFormat::Jsonl => report
            .documents
            .iter()
            .map(|d| serde_json::to_string(d).unwrap_or_default())
            .collect::<Vec<_>>()
            .join("\n"),
    };
    match &output {
        Some(p) => {
            if let Err(e) = write_atomically(p, &out) {
                eprintln!("fashen: {}: cannot write the report: {e}", p.display());
                return EXIT_USAGE;
            }
        }
        None => print_out(&out),
    }
    if report.summary.failed > 0 {
        return EXIT_UNREADABLE;
    }
    let threshold = match fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    };
    let failing = threshold.is_some_and(|t| {
        report
            .documents
            .iter()
            .flat_map(|d| &d.findings)
            .any(|f| f.severity >= t)
    });
    if failing { EXIT_FINDINGS } else { EXIT_OK }
}

fn rules_command(cmd: RulesCommand) -> i32 {
    let extra = match &cmd {
        RulesCommand::List { rules }
        | RulesCommand::Explain { rules, .. }
        | RulesCommand::Test { rules }
        | RulesCommand::Quality { rules, .. } => rules.clone(),
    };
    let set = match load_rules(&extra) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("fashen: {e}");
            return EXIT_USAGE;
        }
    };
    match cmd {
        RulesCommand::Quality { dirs, min, .. } => {
            let q = match fashen::quality::evaluate(&dirs, &set) {
                Ok(q) => q,
                Err(e) => {
                    eprintln!("fashen: {e}");
                    return EXIT_USAGE;
                }
            };
            print_out(q.table().trim_end());
            let below = q.below(min);
            if q.documents == 0 {
                eprintln!(
                    "fashen: no labelled documents (X.expected.toml) under the given folders"
                );
                EXIT_USAGE
            } else if below.is_empty() && q.errors.is_empty() {
                EXIT_OK
            } else {
                eprintln!("fashen: below {min}: {}", below.join(", "));
                EXIT_FINDINGS
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
            let Some(r) = set.get(&id) else {
                eprintln!("fashen: no rule {id} (see `fashen rules list`)");
                return EXIT_USAGE;
            };
            let sp = &r.spec;
            let mut s = format!(
                "{} {}\n类别：{}　严重程度：{}　适用：{}　来源：{}\n",
                sp.id,
                sp.name,
                sp.category,
                sp.severity.chinese(),
                sp.doc_types.join("、"),
                r.file
            );
            if let Some(l) = sp.applies_below {
                s.push_str(&format!("层级：仅对低于 {l:?} 的文件适用\n"));
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
            print_out(s.trim_end());
            EXIT_OK
        }
        RulesCommand::Test { .. } => {
            let (_, failures) = fashen::rules::examples::check_all(&set);
            for f in &failures {
                eprintln!("{f}");
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
    }
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
        Command::Check {
            paths,
            format,
            fail_on,
            doc_type,
            select,
            ignore,
            rules,
            output,
            name,
            jobs,
            limits,
        } => check(
            paths,
            format,
            fail_on,
            doc_type,
            Selection { select, ignore },
            rules,
            output,
            name,
            jobs,
            limits.limits(),
        ),
        Command::Rules { command } => rules_command(command),
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
