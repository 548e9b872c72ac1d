//! `fashen serve`: the review as a web page for legal advisors and an HTTP API for a
//! filing system. The review runs on the same library functions as the command line, in a
//! bounded pool of blocking workers; uploads stay in memory and nothing is kept (unless
//! `keep` names a folder); access logs name the document only by its sha256.

mod api;
mod assets;
mod error;
mod log;
mod pool;
mod upload;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

use crate::config::Config;
use crate::extract::Limits;
use crate::rules::compile::RuleSet;

pub use error::ApiError;

/// How the service runs; the command line fills it from `fashen serve`'s options.
pub struct Options {
    pub addr: SocketAddr,
    /// fashen.toml: default selection, reference date, extra rules (already in `rules`)
    /// and waivers, applied to an upload by its file name beside the configuration file.
    pub config: Config,
    pub rules: RuleSet,
    /// Largest document accepted (bytes); also the reader's `max_file_size`.
    pub max_upload: u64,
    /// Bearer token every `/api/v1/` request must carry (the OpenAPI document excepted).
    pub token: Option<String>,
    /// Reviews that run at once.
    pub workers: usize,
    /// Requests that may wait for a worker beyond `workers`; more are refused with 503.
    pub queue: usize,
    /// How long a waiting request waits for a worker before 503.
    pub queue_wait: Duration,
    /// Time budget for reading one document (the readers' `Limits::time_budget`).
    pub time_budget: Duration,
    /// Folder to keep a copy of every upload in (named by its sha256); None keeps nothing.
    pub keep: Option<PathBuf>,
    /// Allow binding a non-loopback address without a token.
    pub insecure_public: bool,
}

impl Options {
    pub fn new(addr: SocketAddr, config: Config, rules: RuleSet) -> Self {
        let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
        Options {
            addr,
            config,
            rules,
            max_upload: 50 * 1024 * 1024,
            token: None,
            workers,
            queue: 2 * workers,
            queue_wait: Duration::from_secs(20),
            time_budget: Limits::default().time_budget,
            keep: None,
            insecure_public: false,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(
        "拒绝在非本机地址 {0} 上无口令提供服务：请用 --token-file 设置访问口令，或确认风险后加 --insecure-public"
    )]
    PublicWithoutToken(SocketAddr),
    #[error("无法监听 {addr}：{source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("无法创建保存目录 {path}：{source}")]
    Keep {
        path: String,
        source: std::io::Error,
    },
    #[error("服务运行出错：{0}")]
    Io(#[from] std::io::Error),
}

/// What every handler shares.
pub(crate) struct State {
    pub config: Config,
    pub rules: RuleSet,
    pub limits: Limits,
    pub max_upload: u64,
    pub token: Option<String>,
    pub pool: pool::Pool,
    pub keep: Option<PathBuf>,
}

pub(crate) type Shared = Arc<State>;

/// The routes; also what the OpenAPI document lists (tests/serve.rs checks both ways).
pub const ROUTES: [(&str, &str); 13] = [
    ("GET", "/"),
    ("GET", "/healthz"),
    ("GET", "/version"),
    ("GET", "/api/v1/openapi.json"),
    ("POST", "/api/v1/review"),
    ("POST", "/api/v1/extract"),
    ("POST", "/api/v1/memo"),
    ("POST", "/api/v1/annotate"),
    ("GET", "/api/v1/rules"),
    ("GET", "/api/v1/rules/{id}"),
    ("GET", "/api/v1/laws"),
    ("GET", "/assets/app.js"),
    ("GET", "/assets/app.css"),
];

fn router(state: Shared) -> Router {
    let api = Router::new()
        .route("/review", post(api::review))
        .route("/extract", post(api::extract))
        .route("/memo", post(api::memo))
        .route("/annotate", post(api::annotate))
        .route("/rules", get(api::rules))
        .route("/rules/{id}", get(api::rule))
        .route("/laws", get(api::laws))
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            api::require_token,
        ))
        .route("/openapi.json", get(assets::openapi));
    Router::new()
        .route("/", get(assets::index))
        .route("/assets/app.js", get(assets::script))
        .route("/assets/app.css", get(assets::style))
        .route("/healthz", get(api::healthz))
        .route("/version", get(api::version))
        .nest("/api/v1", api)
        .fallback(api::not_found)
        .method_not_allowed_fallback(api::method_not_allowed)
        // Uploads are read by `upload::read` under our own limit (a JSON 413).
        .layer(DefaultBodyLimit::disable())
        .layer(axum::middleware::from_fn(log::access))
        .with_state(state)
}

fn state(opts: Options) -> Shared {
    let limits = Limits {
        max_file_size: opts.max_upload,
        time_budget: opts.time_budget,
        ..Limits::default()
    };
    // The whole review (reading, rules, memo or comments) may take the reading budget
    // plus this much before the request gives up; the worker stays taken until it ends.
    let job_budget = opts.time_budget + Duration::from_secs(30);
    Arc::new(State {
        pool: pool::Pool::new(opts.workers, opts.queue, opts.queue_wait, job_budget),
        config: opts.config,
        rules: opts.rules,
        limits,
        max_upload: opts.max_upload,
        token: opts.token,
        keep: opts.keep,
    })
}

/// Binds, reports the bound address through `ready`, and serves until SIGTERM or Ctrl-C;
/// then stops accepting, lets running requests finish, and returns.
pub fn run(opts: Options, ready: impl FnOnce(SocketAddr)) -> Result<(), ServeError> {
    if opts.token.is_none() && !opts.addr.ip().is_loopback() && !opts.insecure_public {
        return Err(ServeError::PublicWithoutToken(opts.addr));
    }
    if let Some(k) = &opts.keep {
        std::fs::create_dir_all(k).map_err(|source| ServeError::Keep {
            path: k.display().to_string(),
            source,
        })?;
    }
    let workers = opts.workers.max(1);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        // Reviews run behind the pool's semaphore; a few more for slack.
        .max_blocking_threads(workers + 2)
        .enable_all()
        .thread_name("fashen-serve")
        .build()?;
    // Parsed once here rather than in the first request that cites a law.
    crate::citations::lawdb::db();
    let addr = opts.addr;
    let drain = opts.time_budget + Duration::from_secs(60);
    let state = state(opts);
    // Compile every rule now, beside the listener: the first requests then cost what the
    // later ones do. A request that comes first waits for the compiles it needs, as before.
    let warming = Arc::clone(&state);
    std::thread::spawn(move || warming.rules.warm_all());
    let result = runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| ServeError::Bind { addr, source })?;
        ready(listener.local_addr()?);
        axum::serve(listener, router(state))
            .with_graceful_shutdown(shutdown_signal())
            .await?;
        Ok(())
    });
    runtime.shutdown_timeout(drain);
    result
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    eprintln!("fashen serve: 收到停止信号，不再接受新请求，正在完成进行中的审查");
}
