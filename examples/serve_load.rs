//! Bounded load test of `fashen serve` on loopback:
//!
//!     cargo run --release --example serve_load [-- REQUESTS_FOR_MEMORY]
//!
//! Starts the service in this process on 127.0.0.1 (a free port; workers = cores, a queue
//! of 32 so no client is refused), then POSTs a ~40 KB corpus .docx to /api/v1/review from
//! 1, 4 and 16 concurrent clients (keep-alive connections) and reports requests/s and
//! p50/p99 latency; then sends 10,000 more requests (4 clients) and reports the resident
//! memory before and after, which stays flat. Every loop is bounded in count; the process
//! exits at the end. Memory is the process's (server and clients: the clients hold one
//! request and one reply each).

use std::net::SocketAddr;
use std::path::Path;
use std::time::{Duration, Instant};

use fashen::config::Config;
use fashen::rules::compile::RuleSet;
use fashen::serve::{Options, run};

const DOCX: &str = "corpus/real/gov_2018_115_legality_review_opinion.docx";
const BOUNDARY: &str = "----fashen-load-7MA4YWxkTrZu0gW";

fn rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}

fn body(doc: &[u8]) -> Vec<u8> {
    let mut b = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"opinion.docx\"\r\nContent-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    b.extend_from_slice(doc);
    b.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    b
}

/// `clients` threads send `total` requests between them; latencies in ms, and the wall time.
fn round(url: &str, body: &[u8], clients: usize, total: usize) -> (Vec<f64>, Duration) {
    let per = total / clients;
    let start = Instant::now();
    let handles: Vec<_> = (0..clients)
        .map(|_| {
            let (url, body) = (url.to_string(), body.to_vec());
            std::thread::spawn(move || {
                let agent: ureq::Agent = ureq::Agent::config_builder()
                    .http_status_as_error(false)
                    .timeout_global(Some(Duration::from_secs(120)))
                    .build()
                    .into();
                let ct = format!("multipart/form-data; boundary={BOUNDARY}");
                let mut lat = Vec::with_capacity(per);
                for _ in 0..per {
                    let t = Instant::now();
                    let mut r = agent
                        .post(&url)
                        .header("Content-Type", &ct)
                        .send(&body[..])
                        .expect("request");
                    let status = r.status().as_u16();
                    let reply = r.body_mut().read_to_vec().expect("reply");
                    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&reply));
                    lat.push(t.elapsed().as_secs_f64() * 1000.0);
                }
                lat
            })
        })
        .collect();
    let mut all: Vec<f64> = handles
        .into_iter()
        .flat_map(|h| h.join().expect("client"))
        .collect();
    let wall = start.elapsed();
    all.sort_by(|a, b| a.total_cmp(b));
    (all, wall)
}

fn pct(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn main() {
    let memory_requests: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10_000);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read(root.join(DOCX)).expect("corpus docx");
    let rules = RuleSet::load(&[]).expect("rules");
    let mut opts = Options::new("127.0.0.1:0".parse().unwrap(), Config::default(), rules);
    opts.queue = 32;
    let workers = opts.workers;
    let (tx, rx) = std::sync::mpsc::channel::<SocketAddr>();
    std::thread::spawn(move || {
        run(opts, move |a| {
            let _ = tx.send(a);
        })
        .expect("serve")
    });
    let addr = rx.recv_timeout(Duration::from_secs(30)).expect("bound");
    let url = format!("http://{addr}/api/v1/review");
    let body = body(&doc);
    println!(
        "fashen serve on {addr}: {workers} workers; document {DOCX} ({} bytes)",
        doc.len()
    );
    // Warm up: rules' lazy regexes, the law database, allocator arenas.
    round(&url, &body, 4, 40);
    println!("\n| clients | requests | requests/s | p50 ms | p99 ms |");
    println!("|---:|---:|---:|---:|---:|");
    for clients in [1, 4, 16] {
        let total = 400.max(clients * 50);
        let (lat, wall) = round(&url, &body, clients, total);
        println!(
            "| {clients} | {} | {:.1} | {:.1} | {:.1} |",
            lat.len(),
            lat.len() as f64 / wall.as_secs_f64(),
            pct(&lat, 0.5),
            pct(&lat, 0.99)
        );
    }
    let before = rss_kb();
    let mut samples = vec![];
    let step = memory_requests / 4;
    let start = Instant::now();
    for _ in 0..4 {
        round(&url, &body, 4, step);
        samples.push(rss_kb());
    }
    let after = rss_kb();
    println!(
        "\nRSS before {} requests: {:.1} MB; after: {:.1} MB (every {}: {}); {:.0} s",
        step * 4,
        before as f64 / 1024.0,
        after as f64 / 1024.0,
        step,
        samples
            .iter()
            .map(|s| format!("{:.1} MB", *s as f64 / 1024.0))
            .collect::<Vec<_>>()
            .join(", "),
        start.elapsed().as_secs_f64()
    );
    std::process::exit(0);
}
