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
    /// 输入文件大小上限，单位字节（最大 64 GiB）
    #[arg(long, default_value_t = 200 * 1024 * 1024,
          value_parser = clap::value_parser!(u64).range(1..=64 * 1024 * 1024 * 1024))]
    pub max_file_size: u64,
    /// 读取一份文件的时间上限，单位秒（1 至 86400）
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
    /// 审查文件或文件夹中的文件，列出合法性问题
    Check(check::CheckArgs),
    /// 生成 .docx 送审稿的批注稿：每个问题在原文相应文字上加一条 Word 批注
    Annotate(annotate::AnnotateArgs),
    /// 生成合法性审查意见书（.docx、.html 或 .md）
    Memo(memo::MemoArgs),
    /// 与 git 配合：提交前审查暂存文件的 `pre-commit` 钩子
    Hook {
        #[command(subcommand)]
        command: hook::HookCommand,
    },
    /// 批量审查整个文件目录：生成汇总表、目录检查、索引页和每份文件的审查意见书
    Batch(batch::BatchArgs),
    /// 把多个分片的报告文件夹合并为一份报告
    Merge(batch::MergeArgs),
    /// 规则包：列出、说明、测试、质量测量
    Rules {
        #[command(subcommand)]
        command: rules::RulesCommand,
    },
    /// 引用核查所用的法律效力状态数据库
    Laws {
        #[command(subcommand)]
        command: laws::LawsCommand,
    },
    /// 以网页和 HTTP API 提供审查服务（如 `fashen serve --addr 127.0.0.1:8080`）
    Serve(serve::ServeArgs),
    /// 显示读取后的文件结构（标题、文号、各段落及其位置）
    Extract {
        /// 要读取的文件（docx、pdf、ofd、txt），- 表示从标准输入读取
        file: PathBuf,
        /// 输出格式：`text` 文字，`json` 供程序读取
        #[arg(long, value_enum, default_value = "text")]
        format: ExtractFormat,
        /// 文件类型：`auto` 自动识别，`contract` 合同，`normative` 规范性文件，`decision` 行政处罚决定书，`other` 其他
        #[arg(long, value_enum, default_value = "auto")]
        doc_type: DocTypeArg,
        /// 从标准输入读取时显示的文件名
        #[arg(long)]
        name: Option<String>,
        #[command(flatten)]
        limits: LimitArgs,
    },
}

pub fn run() -> i32 {
    let parsed = localized(<Cli as clap::CommandFactory>::command())
        .try_get_matches()
        .and_then(|m| <Cli as clap::FromArgMatches>::from_arg_matches(&m));
    let cli = match parsed {
        Ok(c) => c,
        Err(e) if e.use_stderr() => {
            say(&format!(
                "命令行参数有误：{}。用 fashen --help 或 fashen 子命令 --help 查看用法",
                usage_error_zh(&e)
            ));
            return EXIT_USAGE;
        }
        Err(e) => {
            // --help and --version: a closed terminal leaves no one to tell.
            let _ = std::io::Write::write_all(
                &mut std::io::stdout(),
                help_zh(&e.render().to_string()).as_bytes(),
            );
            return EXIT_OK;
        }
    };
    match dispatch(cli.command) {
        Ok(code) => code,
        Err(e) => fail(&e),
    }
}

/// Every value placeholder in Chinese (`--output <输出文件>`), set before parsing so that
/// clap aligns the help columns by the Chinese names (the `unicode` feature measures their
/// width).
fn localized(cmd: clap::Command) -> clap::Command {
    cmd.mut_args(|a| {
        let zh = match a.get_value_names() {
            Some([name]) => placeholder_zh(name.as_str()),
            _ => None,
        };
        match zh {
            Some(zh) => a.value_name(zh),
            None => a,
        }
    })
    .mut_subcommands(localized)
}

/// clap's own words in a help text (headings, the help and version flags, defaults, value
/// placeholders), in Chinese; the flag names stay as they are typed.
fn help_zh(text: &str) -> String {
    const PHRASES: [(&str, &str); 15] = [
        ("Usage: ", "用法："),
        ("Usage:", "用法："),
        ("Options:", "选项："),
        ("Arguments:", "参数："),
        ("Commands:", "子命令："),
        (
            "Print help (see more with '--help')",
            "显示帮助（--help 显示详细说明）",
        ),
        (
            "Print help (see a summary with '-h')",
            "显示帮助（-h 只显示摘要）",
        ),
        (
            "Print this message or the help of the given subcommand(s)",
            "显示本帮助或指定子命令的帮助",
        ),
        ("Print help", "显示帮助"),
        ("Print version", "显示版本"),
        ("[default: ", "[默认："),
        ("[possible values: ", "[可选值："),
        ("[COMMAND]", "[子命令]"),
        ("[OPTIONS]", "[选项]"),
        ("Possible values:", "可选值："),
    ];
    let mut out = text.to_string();
    for (en, zh) in PHRASES {
        out = out.replace(en, zh);
    }
    let placeholder = regex::Regex::new(r"([<\[])([A-Z][A-Z_]*)([>\]])").expect("valid regex");
    placeholder
        .replace_all(&out, |c: &regex::Captures| {
            format!(
                "{}{}{}",
                &c[1],
                placeholder_zh(&c[2]).unwrap_or(&c[2]),
                &c[3]
            )
        })
        .into_owned()
}

/// The value a placeholder stands for (`--output <OUTPUT>` → `--output <输出文件>`).
fn placeholder_zh(name: &str) -> Option<&'static str> {
    Some(match name {
        "COMMAND" => "子命令",
        "FILE" | "TOKEN_FILE" => "文件",
        "PATHS" => "路径",
        "DIRS" | "DIR" | "RULES" | "CACHE" | "KEEP" => "文件夹",
        "OUTPUT" => "输出文件",
        "OUT" | "REPORTS" => "报告文件夹",
        "FORMAT" => "格式",
        "FAIL_ON" => "严重程度",
        "SELECT" | "IGNORE" => "规则",
        "AS_OF" | "REVIEW_DATE" => "日期",
        "JURISDICTION" => "地区",
        "NAME" => "名称",
        "CONFIG" => "配置文件",
        "MAX_FILE_SIZE" | "MAX_UPLOAD" => "大小",
        "TIME_BUDGET" => "秒数",
        "JOBS" | "WORKERS" | "QUEUE" => "数量",
        "SHARD" => "分片",
        "NUMBER" => "发文字号",
        "TO" => "主送单位",
        "UNIT" => "审查单位",
        "CC" => "抄送单位",
        "FIRST_N" => "流水号",
        "DOC_TYPE" => "类型",
        "ID" => "规则编号",
        "MIN" => "下限",
        "LIST_MISSED" => "数据集",
        "ADDR" => "地址",
        "AUTHOR" => "作者",
        "ARGS" => "参数",
        _ => return None,
    })
}

/// A command-line error in Chinese: what is wrong and with which argument; a reason our
/// own value parsers gave (already Chinese) is kept, clap's English sentence is not.
fn usage_error_zh(e: &clap::Error) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind as K};
    let what = match e.kind() {
        K::UnknownArgument => "无法识别的参数",
        K::InvalidSubcommand => "没有这个子命令",
        K::InvalidValue | K::ValueValidation => "参数值无效",
        K::MissingRequiredArgument => "缺少必需的参数",
        K::MissingSubcommand | K::DisplayHelpOnMissingArgumentOrSubcommand => "缺少子命令",
        K::ArgumentConflict => "参数不能同时使用",
        K::TooManyValues | K::TooFewValues | K::WrongNumberOfValues => "参数值的个数不对",
        K::NoEquals => "参数须用 = 连接取值",
        K::InvalidUtf8 => "参数不是有效的 UTF-8 文字",
        _ => "参数有误",
    };
    let text = |k: ContextKind| match e.get(k) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => Some(v.join("、")),
        _ => None,
    };
    let mut parts = vec![what.to_string()];
    if let Some(arg) = text(ContextKind::InvalidArg).or(text(ContextKind::InvalidSubcommand)) {
        parts.push(help_zh(&arg));
    }
    // Values are codes, shown as such: what was typed and what may be typed.
    if let Some(v) = text(ContextKind::InvalidValue).filter(|v| !v.is_empty()) {
        parts.push(format!("`{v}`"));
    }
    if let Some(ContextValue::Strings(valid)) = e.get(ContextKind::ValidValue) {
        let valid: Vec<String> = valid.iter().map(|v| format!("`{v}`")).collect();
        parts.push(format!("可选值：{}", valid.join("、")));
    }
    let mut out = parts.join(" ");
    // Our value parsers explain in Chinese; clap's own sources are English and left out.
    if let Some(why) = std::error::Error::source(e)
        .map(|s| s.to_string())
        .filter(|s| !s.is_ascii())
    {
        out.push_str(&format!("：{why}"));
    }
    out
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
