//! Errors as JSON `{"error": {"code": "…", "message": "中文…"}}` with stable codes.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::extract::ExtractError;

#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: StatusCode,
    /// Stable, machine-readable: bad_parameter, unknown_parameter, missing_file,
    /// bad_multipart, bad_waivers, unauthorized, not_found, unknown_rule,
    /// method_not_allowed, too_large, upload_timeout, unsupported_type, unreadable, busy,
    /// timeout, internal.
    pub code: &'static str,
    /// For people, in Chinese.
    pub message: String,
    /// For an unreadable document: the same one-line reason `fashen check` prints
    /// (exit code 3).
    pub reason: Option<String>,
    /// Seconds, for 503.
    pub retry_after: Option<u32>,
}

#[derive(Serialize)]
struct Body<'a> {
    error: Inner<'a>,
}

#[derive(Serialize)]
struct Inner<'a> {
    code: &'a str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            reason: None,
            retry_after: None,
        }
    }

    pub fn bad_parameter(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "bad_parameter", message)
    }

    pub fn too_large(limit: u64) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            format!("文件超过上传上限 {}", human_size(limit)),
        )
    }

    pub fn busy(retry_after: u32) -> Self {
        ApiError {
            retry_after: Some(retry_after),
            ..Self::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "busy",
                "审查服务繁忙，请稍后重试",
            )
        }
    }

    pub fn internal(detail: impl std::fmt::Display) -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            format!("服务内部错误：{detail}"),
        )
    }

    /// A document the readers refused, by the same classes as the command line: too large
    /// (413), not a supported format (415), anything else unreadable (422, exit code 3).
    pub fn from_extract(e: &ExtractError, max_upload: u64) -> Self {
        let reason = crate::report::failure_zh(e);
        let (status, code) = match e {
            ExtractError::TooLarge { .. } => {
                return ApiError {
                    reason: Some(reason),
                    ..Self::too_large(max_upload)
                };
            }
            ExtractError::Unsupported(_) | ExtractError::LegacyDoc => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_type")
            }
            _ => (StatusCode::UNPROCESSABLE_ENTITY, "unreadable"),
        };
        ApiError {
            reason: Some(reason.clone()),
            ..Self::new(status, code, format!("无法审查：{reason}"))
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = Body {
            error: Inner {
                code: self.code,
                message: &self.message,
                reason: self.reason.as_deref(),
            },
        };
        let json = serde_json::to_string(&body).unwrap_or_default();
        let mut r = (
            self.status,
            [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
            json,
        )
            .into_response();
        if let Some(s) = self.retry_after {
            r.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(s));
        }
        if self.status == StatusCode::UNAUTHORIZED {
            r.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        r.extensions_mut().insert(ErrorCode(self.code));
        r
    }
}

/// The error code of a response, for the access log.
#[derive(Clone, Copy)]
pub struct ErrorCode(pub &'static str);

pub fn human_size(n: u64) -> String {
    const MB: u64 = 1024 * 1024;
    if n >= MB && n.is_multiple_of(MB) {
        format!("{} MB", n / MB)
    } else if n >= 1024 && n.is_multiple_of(1024) {
        format!("{} KB", n / 1024)
    } else {
        format!("{n} 字节")
    }
}
