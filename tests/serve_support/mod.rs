//! Shared by tests/serve.rs and tests/serve_browser.rs: run the real `fashen serve` on a
//! free loopback port, talk to it over HTTP, and stop it at the end of the test.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn draft(name: &str) -> PathBuf {
    root().join("corpus/drafts").join(name)
}

pub fn sample(name: &str) -> PathBuf {
    root().join("tests/fixtures/samples").join(name)
}

/// A fresh empty folder under target/ (removed when dropped).
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        use std::sync::atomic::{AtomicU32, Ordering};
        static N: AtomicU32 = AtomicU32::new(0);
        let dir = root().join("target/serve-tests").join(format!(
            "{tag}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub struct Server {
    child: Child,
    /// http://127.0.0.1:PORT
    pub base: String,
    pub addr: String,
    stderr: Arc<Mutex<String>>,
    stderr_reader: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    /// `fashen serve --addr 127.0.0.1:0 --no-config ARGS`, run in `dir` (or the repository).
    pub fn start_in(dir: Option<&Path>, args: &[&str]) -> Server {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_fashen"));
        cmd.args(["serve", "--addr", "127.0.0.1:0", "--no-config"])
            .args(args)
            .current_dir(dir.map_or_else(root, Path::to_path_buf))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("start fashen serve");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(stdout).lines();
            if let Some(Ok(first)) = lines.next() {
                let _ = tx.send(first);
            }
            for _ in lines {}
        });
        let stderr = Arc::new(Mutex::new(String::new()));
        let sink = stderr.clone();
        let mut err = child.stderr.take().expect("stderr");
        let stderr_reader = std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = err.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        let first = match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(l) => l,
            Err(_) => {
                let _ = child.kill();
                panic!(
                    "fashen serve printed no address; stderr: {}",
                    stderr.lock().unwrap()
                );
            }
        };
        let base = first
            .strip_prefix("fashen serve: ")
            .unwrap_or_else(|| panic!("first line {first:?}"))
            .to_string();
        assert!(base.starts_with("http://127.0.0.1:"), "{base}");
        let addr = base.trim_start_matches("http://").to_string();
        Server {
            child,
            base,
            addr,
            stderr,
            stderr_reader: Some(stderr_reader),
        }
    }

    pub fn start(args: &[&str]) -> Server {
        Server::start_in(None, args)
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// What the server wrote to standard error so far (all of it once it has stopped).
    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// SIGTERM and wait (bounded) for the exit.
    pub fn stop(mut self) -> ExitStatus {
        terminate(self.child.id());
        self.wait(Duration::from_secs(60))
    }

    /// Stops the server and returns its exit status and everything it wrote to stderr.
    pub fn stop_with_log(mut self) -> (ExitStatus, String) {
        terminate(self.child.id());
        let status = self.wait(Duration::from_secs(60));
        (status, self.stderr())
    }

    /// Waits for the process to end; kills it after `limit`.
    pub fn wait(&mut self, limit: Duration) -> ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(s) = self.child.try_wait().expect("wait") {
                // The pipe is closed: read to its end.
                if let Some(r) = self.stderr_reader.take() {
                    let _ = r.join();
                }
                return s;
            }
            if start.elapsed() > limit {
                let _ = self.child.kill();
                panic!("fashen serve did not stop within {limit:?}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

pub fn terminate(pid: u32) {
    // SAFETY: kill(2) with our own child's pid.
    unsafe {
        libc::kill(pid as libc::pid_t, libc::SIGTERM);
    }
}

/// An HTTP client that reports 4xx/5xx as responses, not errors.
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(120)))
        .build()
        .into()
}

pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
    /// The stable error code of an error reply.
    pub fn code(&self) -> String {
        self.json()["error"]["code"]
            .as_str()
            .unwrap_or_else(|| panic!("no error code: {}", self.text()))
            .to_string()
    }
}

fn reply(mut r: ureq::http::Response<ureq::Body>) -> Reply {
    let headers = r
        .headers()
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_string()))
        .collect();
    let body = r
        .body_mut()
        .with_config()
        .limit(200 * 1024 * 1024)
        .read_to_vec()
        .expect("read body");
    Reply {
        status: r.status().as_u16(),
        headers,
        body,
    }
}

pub fn get(url: &str, token: Option<&str>) -> Reply {
    let mut req = agent().get(url);
    if let Some(t) = token {
        req = req.header("Authorization", &format!("Bearer {t}"));
    }
    reply(req.call().expect("GET"))
}

/// POST a raw body (`Content-Type: application/octet-stream`).
pub fn post_raw(url: &str, body: &[u8]) -> Reply {
    reply(
        agent()
            .post(url)
            .header("Content-Type", "application/octet-stream")
            .send(body)
            .expect("POST"),
    )
}

/// POST multipart/form-data with a `file` field (and optional `waivers`).
pub fn post_file(url: &str, name: &str, bytes: &[u8], waivers: Option<&str>) -> Reply {
    post_file_auth(url, name, bytes, waivers, None)
}

pub fn multipart(name: &str, bytes: &[u8], waivers: Option<&str>) -> (String, Vec<u8>) {
    let boundary = "----fashen-test-boundary-7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    if let Some(w) = waivers {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"waivers\"\r\n\r\n{w}\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

pub fn post_file_auth(
    url: &str,
    name: &str,
    bytes: &[u8],
    waivers: Option<&str>,
    token: Option<&str>,
) -> Reply {
    let (ct, body) = multipart(name, bytes, waivers);
    let mut req = agent().post(url).header("Content-Type", &ct);
    if let Some(t) = token {
        req = req.header("Authorization", &format!("Bearer {t}"));
    }
    reply(req.send(&body[..]).expect("POST"))
}

/// Polls `/healthz` until `admitted` requests are in the pool (bounded).
pub fn wait_admitted(server: &Server, admitted: u64) {
    let start = Instant::now();
    loop {
        let h = get(&server.url("/healthz"), None).json();
        if h["admitted"].as_u64() == Some(admitted) {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "pool never reached {admitted} admitted: {h}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}
