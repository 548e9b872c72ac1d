//! Structured access log: one JSON line per request on standard error with method, path
//! (no query: it may carry a file name), status, error code, duration, sizes and the
//! document's sha256. Never any document text.

use std::sync::{Arc, OnceLock};
use std::time::Instant;

use axum::body::HttpBody as _;
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use serde::Serialize;

use super::error::ErrorCode;

/// Filled by the upload reader: what the log says about the document.
#[derive(Clone, Default)]
pub struct DocSlot(Arc<OnceLock<(String, u64)>>);

impl DocSlot {
    pub fn set(&self, sha256: String, size: u64) {
        let _ = self.0.set((sha256, size));
    }
}

#[derive(Serialize)]
struct Line<'a> {
    ts: String,
    method: &'a str,
    path: &'a str,
    status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
    ms: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    resp_bytes: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    doc_bytes: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sha256: Option<&'a str>,
}

pub async fn access(mut req: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = req.method().to_string();
    let path: String = req.uri().path().chars().take(200).collect();
    let slot = DocSlot::default();
    req.extensions_mut().insert(slot.clone());
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    let doc = slot.0.get();
    let line = Line {
        ts: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        method: &method,
        path: &path,
        status: resp.status().as_u16(),
        error: resp.extensions().get::<ErrorCode>().map(|c| c.0),
        ms: (start.elapsed().as_secs_f64() * 10_000.0).round() / 10.0,
        resp_bytes: resp.body().size_hint().exact(),
        doc_bytes: doc.map(|d| d.1),
        sha256: doc.map(|d| d.0.as_str()),
    };
    eprintln!("{}", serde_json::to_string(&line).unwrap_or_default());
    resp
}
