//! Reading an upload: multipart (field `file`, optional field `waivers`) or the raw body
//! with `?name=`; in memory, under the size limit (413 as soon as it is passed) and a time
//! limit for slow senders; the document's sha256 goes to the access log.

use std::time::Duration;

use axum::body::Body;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::{StatusCode, header};
use http_body_util::BodyExt;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::error::ApiError;
use super::log::DocSlot;
use crate::config::WaiverSpec;

/// A sender gets this long to deliver the whole upload.
const UPLOAD_TIMEOUT: Duration = Duration::from_secs(120);
/// Room for multipart boundaries and the small fields besides the file.
const MULTIPART_SLACK: u64 = 256 * 1024;
/// Past the limit, this much more is read and dropped so that the client, still sending,
/// gets the 413 instead of a broken connection; a larger body is cut off.
const DRAIN: u64 = 16 * 1024 * 1024;
/// Longest file name kept.
const MAX_NAME: usize = 200;

pub struct Upload {
    /// File name only (no folders), as the report and memo show it.
    pub name: String,
    pub bytes: Vec<u8>,
    pub sha256: String,
    /// Waivers the reviewer set for this review (multipart field `waivers`).
    pub waivers: Vec<WaiverSpec>,
}

/// One waiver as the page (or a client) sends it: `[{"rule": "…", "match": "…",
/// "reason": "…"}]`; the same fields and matching as a `[[waiver]]` in fashen.toml.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RequestWaiver {
    rule: String,
    #[serde(rename = "match", default)]
    matched: Option<String>,
    reason: String,
}

/// The file name without any folder, trimmed; `fallback` when nothing is left.
pub fn clean_name(name: &str, fallback: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("").trim();
    let base: String = base
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_NAME)
        .collect();
    if base.is_empty() || base == "." || base == ".." {
        fallback.to_string()
    } else {
        base
    }
}

pub fn parse_waivers(text: &str) -> Result<Vec<WaiverSpec>, ApiError> {
    let bad = |m: String| ApiError::new(StatusCode::BAD_REQUEST, "bad_waivers", m);
    let list: Vec<RequestWaiver> = serde_json::from_str(text).map_err(|e| {
        bad(format!(
            "waivers 应为 JSON 数组 [{{\"rule\": \"…\", \"match\": \"…\", \"reason\": \"…\"}}]：{e}"
        ))
    })?;
    list.into_iter()
        .enumerate()
        .map(|(i, w)| {
            if w.rule.trim().is_empty() {
                return Err(bad(format!("第 {} 条豁免没有写规则编号（rule）", i + 1)));
            }
            if w.reason.trim().is_empty() {
                return Err(bad(format!(
                    "第 {} 条豁免（{}）没有写理由（reason）：豁免必须说明理由",
                    i + 1,
                    w.rule
                )));
            }
            Ok(WaiverSpec {
                path: String::new(),
                rule: w.rule.trim().to_string(),
                matched: w.matched.filter(|m| !m.is_empty()),
                reason: w.reason.trim().to_string(),
            })
        })
        .collect()
}

/// Reads the upload of `req`; `name` is `?name=` (used for a raw body).
pub async fn read(req: Request, name: Option<String>, limit: u64) -> Result<Upload, ApiError> {
    let slot = req.extensions().get::<DocSlot>().cloned();
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("multipart/form-data"));
    let slack = if multipart { MULTIPART_SLACK } else { 0 };
    // Far over the limit: refused before reading. Somewhat over: read and dropped below,
    // so that a client that sends its whole body before reading gets the 413 too.
    if declared.is_some_and(|n| n > limit + slack + DRAIN) {
        return Err(ApiError::too_large(limit));
    }
    let reading = async {
        if multipart {
            read_multipart(req, name, limit).await
        } else {
            let bytes = read_body(req.into_body(), limit).await?;
            Ok((
                clean_name(name.as_deref().unwrap_or(""), "未命名文件"),
                bytes,
                vec![],
            ))
        }
    };
    let (name, bytes, waivers) = tokio::time::timeout(UPLOAD_TIMEOUT, reading)
        .await
        .map_err(|_| {
            ApiError::new(
                StatusCode::REQUEST_TIMEOUT,
                "upload_timeout",
                format!("上传超过 {} 秒未完成", UPLOAD_TIMEOUT.as_secs()),
            )
        })??;
    let sha256 = format!("{:x}", Sha256::digest(&bytes));
    if let Some(s) = slot {
        s.set(sha256.clone(), bytes.len() as u64);
    }
    Ok(Upload {
        name,
        bytes,
        sha256,
        waivers,
    })
}

fn body_error(e: impl std::fmt::Display) -> ApiError {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        "bad_body",
        format!("读取上传内容失败：{e}"),
    )
}

async fn read_body(mut body: Body, limit: u64) -> Result<Vec<u8>, ApiError> {
    let mut out = Vec::new();
    let mut seen = 0u64;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(body_error)?;
        if let Ok(data) = frame.into_data() {
            seen += data.len() as u64;
            if seen > limit + DRAIN {
                break;
            }
            if seen <= limit {
                out.extend_from_slice(&data);
            }
        }
    }
    if seen > limit {
        return Err(ApiError::too_large(limit));
    }
    Ok(out)
}

async fn read_multipart(
    req: Request,
    name: Option<String>,
    limit: u64,
) -> Result<(String, Vec<u8>, Vec<WaiverSpec>), ApiError> {
    let bad = |m: String| ApiError::new(StatusCode::BAD_REQUEST, "bad_multipart", m);
    let mut form = Multipart::from_request(req, &())
        .await
        .map_err(|e| bad(format!("multipart 格式有误：{}", e.body_text())))?;
    let mut file: Option<(String, Vec<u8>)> = None;
    let mut waivers = vec![];
    let mut small_fields = 0u64;
    let mut seen = 0u64;
    while let Some(mut field) = form
        .next_field()
        .await
        .map_err(|e| bad(format!("multipart 格式有误：{}", e.body_text())))?
    {
        match field.name().unwrap_or("") {
            "file" => {
                if file.is_some() {
                    return Err(bad("一次只能上传一个文件（字段 file 出现了两次）".into()));
                }
                let fname = clean_name(
                    field.file_name().or(name.as_deref()).unwrap_or(""),
                    "未命名文件",
                );
                let mut bytes = Vec::new();
                while let Some(chunk) = field
                    .chunk()
                    .await
                    .map_err(|e| bad(format!("读取文件失败：{}", e.body_text())))?
                {
                    seen += chunk.len() as u64;
                    if seen > limit + DRAIN {
                        return Err(ApiError::too_large(limit));
                    }
                    if seen <= limit {
                        bytes.extend_from_slice(&chunk);
                    }
                }
                if seen > limit {
                    // Read the rest of the form (dropped), then refuse.
                    while let Ok(Some(mut rest)) = form.next_field().await {
                        while let Ok(Some(c)) = rest.chunk().await {
                            seen += c.len() as u64;
                            if seen > limit + DRAIN {
                                break;
                            }
                        }
                    }
                    return Err(ApiError::too_large(limit));
                }
                file = Some((fname, bytes));
            }
            "waivers" => {
                let text = field
                    .text()
                    .await
                    .map_err(|e| bad(format!("读取 waivers 失败：{}", e.body_text())))?;
                small_fields += text.len() as u64;
                if small_fields > MULTIPART_SLACK {
                    return Err(ApiError::too_large(limit));
                }
                waivers = parse_waivers(&text)?;
            }
            other => {
                return Err(bad(format!(
                    "未知字段 {other:?}：只接受 file（文件）和 waivers（豁免，JSON）"
                )));
            }
        }
    }
    let (fname, bytes) = file.ok_or_else(|| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "missing_file",
            "没有收到文件：请在 multipart 字段 file 中上传文档",
        )
    })?;
    Ok((fname, bytes, waivers))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_their_folders() {
        assert_eq!(clean_name("C:\\草案\\通知.docx", "x"), "通知.docx");
        assert_eq!(clean_name("../../etc/passwd", "x"), "passwd");
        assert_eq!(clean_name("a/..", "x"), "x");
        assert_eq!(clean_name("  ", "x"), "x");
    }

    #[test]
    fn request_waivers_need_a_rule_and_a_reason() {
        let w =
            parse_waivers(r#"[{"rule": "NORM-COMP", "match": "", "reason": " 已授权 "}]"#).unwrap();
        assert_eq!(w[0].reason, "已授权");
        assert_eq!(w[0].matched, None);
        assert!(parse_waivers(r#"[{"rule": "NORM", "reason": ""}]"#).is_err());
        assert!(parse_waivers(r#"[{"rule": " ", "reason": "x"}]"#).is_err());
        assert!(parse_waivers(r#"{"rule": "NORM"}"#).is_err());
    }
}
