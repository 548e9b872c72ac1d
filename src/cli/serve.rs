//! `fashen serve`: the review as a web page and an HTTP API (see `fashen::serve`).

use std::net::SocketAddr;
use std::path::PathBuf;

use fashen::config::Config;
use fashen::serve::{Options, run};

use anyhow::{Context, bail};

use super::EXIT_OK;
use super::io::load_rules;

#[derive(clap::Args)]
pub struct ServeArgs {
    /// 监听地址（端口写 0 则任选空闲端口，实际地址最先打印）
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// 配置文件（默认为当前文件夹或上级文件夹中的 fashen.toml）
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// 不读取任何 fashen.toml
    #[arg(long)]
    pub no_config: bool,
    /// 另加载的规则包文件夹（其中的 *.toml）
    #[arg(long)]
    pub rules: Vec<PathBuf>,
    /// 上传文件大小上限：字节数，或带 KB/MB/GB（1 MB = 1024 × 1024 字节）
    #[arg(long, default_value = "50MB", value_parser = parse_size)]
    pub max_upload: u64,
    /// 存放访问令牌的文件：每个 API 请求都须携带此令牌
    #[arg(long)]
    pub token_file: Option<PathBuf>,
    /// 同时进行的审查数（默认为处理器核数）
    #[arg(long)]
    pub workers: Option<usize>,
    /// 可排队等待的请求数，超出的返回 503（默认为同时审查数的两倍）
    #[arg(long)]
    pub queue: Option<usize>,
    /// 读取一份文件的时间上限，单位秒
    #[arg(long, default_value_t = 30)]
    pub time_budget: u64,
    /// 在此文件夹保留每份上传文件的副本（默认不保留）
    #[arg(long)]
    pub keep: Option<PathBuf>,
    /// 允许在非本机地址上不设令牌提供服务（有安全风险）
    #[arg(long)]
    pub insecure_public: bool,
}

/// 50MB, 512KB, 1GB, 1048576 (KB/MB/GB are binary: 1 MB = 1024 × 1024 bytes).
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim().to_ascii_uppercase();
    let t = t.strip_suffix("IB").map(|x| format!("{x}B")).unwrap_or(t);
    let (num, mult) = if let Some(n) = t.strip_suffix("GB").or(t.strip_suffix('G')) {
        (n, 1u64 << 30)
    } else if let Some(n) = t.strip_suffix("MB").or(t.strip_suffix('M')) {
        (n, 1 << 20)
    } else if let Some(n) = t.strip_suffix("KB").or(t.strip_suffix('K')) {
        (n, 1 << 10)
    } else {
        (t.strip_suffix('B').unwrap_or(&t), 1)
    };
    num.trim()
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(mult))
        .filter(|n| *n > 0)
        .ok_or_else(|| format!("{s:?} is not a size like 50MB, 512KB or 1048576"))
}

pub fn run_serve(args: ServeArgs) -> anyhow::Result<i32> {
    let config = Config::discover(args.config.as_deref(), args.no_config)
        .context("配置文件有误，请按提示修改")?;
    let mut dirs = config.check.rules.clone();
    dirs.extend(args.rules.iter().cloned());
    let rules = load_rules(&dirs)?;
    config
        .check_names(&rules)
        .context("配置文件有误，请按提示修改")?;
    if let Some(j) = &config.check.jurisdiction
        && fashen::rules::jurisdiction::find(j).is_none()
    {
        bail!("配置文件有误：未知的地区配置“{j}”");
    }
    let token = match &args.token_file {
        None => None,
        Some(f) => {
            let t = std::fs::read_to_string(f)
                .with_context(|| format!("无法读取口令文件 {}", f.display()))?;
            let t = t.trim();
            if t.is_empty() {
                bail!("{}：口令文件是空的", f.display());
            }
            if !t.chars().all(|c| c.is_ascii_graphic()) {
                bail!(
                    "{}：口令只能由可见的 ASCII 字符组成（不含空格和汉字），因为它要放在 HTTP 头里",
                    f.display()
                );
            }
            Some(t.to_string())
        }
    };
    let mut opts = Options::new(args.addr, config, rules);
    opts.max_upload = args.max_upload;
    opts.token = token;
    if let Some(w) = args.workers {
        opts.workers = w.max(1);
        opts.queue = 2 * opts.workers;
    }
    if let Some(q) = args.queue {
        opts.queue = q;
    }
    opts.time_budget = std::time::Duration::from_secs(args.time_budget.max(1));
    opts.keep = args.keep;
    opts.insecure_public = args.insecure_public;
    let (workers, queue) = (opts.workers, opts.queue);
    let ready = |addr: SocketAddr| {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "fashen serve: http://{addr}");
        let _ = out.flush();
        eprintln!(
            "fashen serve: 在浏览器中打开 http://{addr}/ 即可上传文件审查；接口说明见 http://{addr}/api/v1/openapi.json（同时审查 {workers} 份，排队 {queue} 份；Ctrl-C 停止）"
        );
    };
    run(opts, ready)?;
    eprintln!("fashen serve: 已停止");
    Ok(EXIT_OK)
}

#[cfg(test)]
mod tests {
    use super::parse_size;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("50MB"), Ok(50 << 20));
        assert_eq!(parse_size("50mib"), Ok(50 << 20));
        assert_eq!(parse_size("512K"), Ok(512 << 10));
        assert_eq!(parse_size("1GB"), Ok(1 << 30));
        assert_eq!(parse_size("1000"), Ok(1000));
        assert!(parse_size("fifty").is_err());
        assert!(parse_size("0").is_err());
    }
}
