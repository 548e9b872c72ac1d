//! The HTTP API handlers: review, extract, memo, annotate, rules, laws, health, version.

use std::collections::HashMap;
use std::path::Path;

use axum::Json;
use axum::extract::{Path as UrlPath, Query, Request, State};
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::Shared;
use super::error::ApiError;
use super::upload::{self, Upload};
use crate::document::model::{DocType, Document, Format};
use crate::report::annotate::{AnnotateError, annotate as annotate_docx};
use crate::report::memo::{self as memo_report, Letter, MemoContext};
use crate::review::{DocumentResult, Report};
use crate::rules::engine::{Selection, check_names, review as run_rules};
use crate::rules::jurisdiction;
use chrono::NaiveDate;

const DOCX_TYPE: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// Query parameters of the document endpoints, checked against what each accepts.
#[derive(Debug, Default)]
pub struct DocParams {
    name: Option<String>,
    doc_type: Option<DocType>,
    select: Option<Vec<String>>,
    ignore: Option<Vec<String>>,
    as_of: Option<NaiveDate>,
    jurisdiction: Option<String>,
    format: Option<String>,
    review_date: Option<NaiveDate>,
    author: Option<String>,
    letter: Letter,
}

const REVIEW_PARAMS: &[&str] = &[
    "name",
    "doc_type",
    "as_of",
    "select",
    "ignore",
    "jurisdiction",
];
const EXTRACT_PARAMS: &[&str] = &["name", "doc_type"];
const MEMO_PARAMS: &[&str] = &[
    "name",
    "doc_type",
    "as_of",
    "select",
    "ignore",
    "jurisdiction",
    "format",
    "review_date",
    "number",
    "to",
    "unit",
    "cc",
];
const ANNOTATE_PARAMS: &[&str] = &[
    "name",
    "doc_type",
    "as_of",
    "select",
    "ignore",
    "jurisdiction",
    "author",
];

fn valid_date(key: &str, v: &str) -> Result<NaiveDate, ApiError> {
    NaiveDate::parse_from_str(v, "%Y-%m-%d")
        .map_err(|_| ApiError::bad_parameter(format!("{key}={v:?} 不是 2025-01-31 这样的日期")))
}

fn list(v: &str) -> Vec<String> {
    v.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

fn query_map(uri: &Uri) -> Result<HashMap<String, String>, ApiError> {
    Query::<HashMap<String, String>>::try_from_uri(uri)
        .map(|q| q.0)
        .map_err(|e| ApiError::bad_parameter(format!("查询参数有误：{}", e.body_text())))
}

fn unknown_parameter(key: &str, allowed: &[&str]) -> ApiError {
    let message = if allowed.is_empty() {
        format!("未知参数 {key:?}：此接口不接受参数")
    } else {
        format!("未知参数 {key:?}；此接口可用的参数：{}", allowed.join("、"))
    };
    ApiError::new(StatusCode::BAD_REQUEST, "unknown_parameter", message)
}

/// One line of a memo's letter fields, at most 100 characters.
fn letter_field(key: &str, v: &str) -> Result<String, ApiError> {
    let t: String = v.chars().filter(|c| !c.is_control()).collect();
    if t.trim().is_empty() || t.chars().count() > 100 {
        return Err(ApiError::bad_parameter(format!("{key} 应为 1 到 100 字")));
    }
    Ok(t.trim().to_string())
}

pub fn doc_params(uri: &Uri, allowed: &[&str]) -> Result<DocParams, ApiError> {
    let mut p = DocParams::default();
    for (k, v) in query_map(uri)? {
        if !allowed.contains(&k.as_str()) {
            return Err(unknown_parameter(&k, allowed));
        }
        match k.as_str() {
            "name" => p.name = Some(v),
            "doc_type" => {
                p.doc_type = match v.as_str() {
                    "auto" | "" => None,
                    t => Some(DocType::parse(t).ok_or_else(|| {
                        ApiError::bad_parameter(format!(
                            "doc_type={t:?} 无效：可用 auto、contract、normative、decision、other"
                        ))
                    })?),
                }
            }
            "select" => p.select = Some(list(&v)),
            "ignore" => p.ignore = Some(list(&v)),
            "as_of" => p.as_of = Some(valid_date("as_of", &v)?),
            "jurisdiction" => {
                if jurisdiction::find(&v).is_none() {
                    let known: Vec<&str> = jurisdiction::all()
                        .iter()
                        .map(|p| p.name.as_str())
                        .collect();
                    return Err(ApiError::bad_parameter(format!(
                        "jurisdiction={v:?} 无效：未知的地区配置，可用：{}",
                        known.join("、")
                    )));
                }
                p.jurisdiction = Some(v)
            }
            "number" => p.letter.number = Some(letter_field("number", &v)?),
            "to" => p.letter.to = Some(letter_field("to", &v)?),
            "unit" => p.letter.unit = Some(letter_field("unit", &v)?),
            "cc" => p.letter.cc = Some(letter_field("cc", &v)?),
            "review_date" => p.review_date = Some(valid_date("review_date", &v)?),
            "format" => {
                if !["docx", "html", "md"].contains(&v.as_str()) {
                    return Err(ApiError::bad_parameter(format!(
                        "format={v:?} 无效：可用 docx、html、md"
                    )));
                }
                p.format = Some(v)
            }
            "author" => {
                let a: String = v.chars().filter(|c| !c.is_control()).take(50).collect();
                if a.trim().is_empty() {
                    return Err(ApiError::bad_parameter("author 不能为空"));
                }
                p.author = Some(a)
            }
            _ => {}
        }
    }
    Ok(p)
}

/// The request's selection over fashen.toml's: a parameter given wins, like the command line.
fn selection(st: &super::State, p: &DocParams) -> Selection {
    let c = &st.config.check;
    Selection {
        select: p.select.clone().unwrap_or_else(|| c.select.clone()),
        ignore: p.ignore.clone().unwrap_or_else(|| c.ignore.clone()),
        as_of: p.as_of.or(c.as_of),
        jurisdiction: p.jurisdiction.clone().or_else(|| c.jurisdiction.clone()),
        ..Selection::default()
    }
}

/// Keeps a copy of the upload when `--keep` names a folder.
fn keep(st: &super::State, up: &Upload) {
    if let Some(dir) = &st.keep {
        let path = dir.join(format!("{}-{}", &up.sha256[..16], up.name));
        if let Err(e) = crate::report::write_atomically(&path, &up.bytes) {
            eprintln!(
                "fashen serve: 无法保存上传文件副本到 {}：{e}",
                dir.display()
            );
        }
    }
}

fn load(
    st: &super::State,
    up: &Upload,
    bytes: Vec<u8>,
    p: &DocParams,
) -> Result<Document, ApiError> {
    keep(st, up);
    crate::load_bytes(&up.name, bytes, &st.limits, p.doc_type)
        .map_err(|e| ApiError::from_extract(&e, st.max_upload))
}

/// The review of a loaded document with fashen.toml's waivers (matched by the file name
/// beside the configuration file) and the request's own waivers.
fn reviewed(st: &super::State, up: &Upload, doc: &Document, p: &DocParams) -> DocumentResult {
    let mut r = run_rules(doc, &st.rules, &selection(st, p));
    if let Some(file) = &st.config.file {
        let base = file.parent().unwrap_or(Path::new("."));
        st.config
            .apply_waivers(&base.join(&up.name), &mut r.findings);
    }
    for w in &up.waivers {
        w.waive(&mut r.findings);
    }
    DocumentResult::checked(doc, r)
}

/// Admits the request, reads the upload, and runs `job` on a worker.
async fn with_upload<T, F>(st: Shared, req: Request, p: DocParams, job: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&super::State, Upload, DocParams) -> Result<T, ApiError> + Send + 'static,
{
    // Rule names are checked against the loaded rules, like the command line does.
    for (key, names) in [("select", &p.select), ("ignore", &p.ignore)] {
        if let Some(n) = names {
            check_names(&st.rules, n)
                .map_err(|e| ApiError::bad_parameter(format!("{key}：{e}")))?;
        }
    }
    let ticket = st.pool.admit()?;
    let up = upload::read(req, p.name.clone(), st.max_upload).await?;
    for w in &up.waivers {
        check_names(&st.rules, std::slice::from_ref(&w.rule)).map_err(|e| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "bad_waivers",
                format!("豁免的 rule：{e}"),
            )
        })?;
    }
    let shared = st.clone();
    st.pool.run(ticket, move || job(&shared, up, p)).await?
}

pub async fn review(State(st): State<Shared>, req: Request) -> Result<Response, ApiError> {
    let p = doc_params(req.uri(), REVIEW_PARAMS)?;
    let report = with_upload(st, req, p, |st, mut up, p| {
        let bytes = std::mem::take(&mut up.bytes);
        let doc = load(st, &up, bytes, &p)?;
        let result = reviewed(st, &up, &doc, &p);
        Ok(Report::new(st.rules.digest.clone(), vec![result]))
    })
    .await?;
    Ok(Json(report).into_response())
}

pub async fn extract(State(st): State<Shared>, req: Request) -> Result<Response, ApiError> {
    let p = doc_params(req.uri(), EXTRACT_PARAMS)?;
    let json = with_upload(st, req, p, |st, mut up, p| {
        let bytes = std::mem::take(&mut up.bytes);
        let doc = load(st, &up, bytes, &p)?;
        crate::report::extract_view::json(&doc).map_err(ApiError::internal)
    })
    .await?;
    Ok(([(header::CONTENT_TYPE, "application/json")], json).into_response())
}

fn stem(name: &str) -> &str {
    match name.rsplit_once('.') {
        Some((s, ext)) if !s.is_empty() && ext.len() <= 5 => s,
        _ => name,
    }
}

/// `attachment` with an ASCII fallback name and the real (Chinese) name per RFC 5987.
pub fn disposition(name: &str, fallback: &str) -> HeaderValue {
    use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
    // RFC 5987 attr-char: ALPHA / DIGIT / "!#$&+-.^_`|~" go unencoded.
    const ATTR: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'!')
        .remove(b'#')
        .remove(b'$')
        .remove(b'&')
        .remove(b'+')
        .remove(b'-')
        .remove(b'.')
        .remove(b'^')
        .remove(b'_')
        .remove(b'`')
        .remove(b'|')
        .remove(b'~');
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._-".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let plain = if ascii.chars().any(|c| c.is_ascii_alphanumeric()) && ascii == name {
        ascii
    } else {
        fallback.to_string()
    };
    let v = format!(
        "attachment; filename=\"{plain}\"; filename*=UTF-8''{}",
        utf8_percent_encode(name, ATTR)
    );
    HeaderValue::from_str(&v).unwrap_or(HeaderValue::from_static("attachment"))
}

fn file_response(
    bytes: Vec<u8>,
    content_type: &'static str,
    name: &str,
    fallback: &str,
) -> Response {
    let mut r = ([(header::CONTENT_TYPE, content_type)], bytes).into_response();
    r.headers_mut()
        .insert(header::CONTENT_DISPOSITION, disposition(name, fallback));
    r
}

pub async fn memo(State(st): State<Shared>, req: Request) -> Result<Response, ApiError> {
    let p = doc_params(req.uri(), MEMO_PARAMS)?;
    let format = p.format.clone().unwrap_or_else(|| "docx".into());
    let fmt = format.clone();
    let (bytes, name) = with_upload(st, req, p, move |st, mut up, p| {
        let bytes = std::mem::take(&mut up.bytes);
        let doc = load(st, &up, bytes, &p)?;
        let result = reviewed(st, &up, &doc, &p);
        let date = p
            .review_date
            .unwrap_or_else(|| chrono::Local::now().date_naive())
            .format("%Y-%m-%d")
            .to_string();
        let ctx = MemoContext {
            review_date: &date,
            rules: &st.rules,
        };
        let m = memo_report::build_letter(Some(&doc), &result, &ctx, &p.letter);
        let bytes = match fmt.as_str() {
            "docx" => memo_report::docx::render(&m).map_err(ApiError::internal)?,
            "html" => memo_report::html::render(&m).into_bytes(),
            _ => memo_report::markdown::render(&m).into_bytes(),
        };
        Ok((bytes, up.name))
    })
    .await?;
    let (content_type, ext) = match format.as_str() {
        "docx" => (DOCX_TYPE, "docx"),
        "html" => ("text/html; charset=utf-8", "html"),
        _ => ("text/markdown; charset=utf-8", "md"),
    };
    Ok(file_response(
        bytes,
        content_type,
        &format!("{}-审查意见书.{ext}", stem(&name)),
        &format!("review-memo.{ext}"),
    ))
}

pub async fn annotate(State(st): State<Shared>, req: Request) -> Result<Response, ApiError> {
    let p = doc_params(req.uri(), ANNOTATE_PARAMS)?;
    let (a, name) = with_upload(st, req, p, |st, up, p| {
        let doc = load(st, &up, up.bytes.clone(), &p)?;
        if doc.format != Format::Docx {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_type",
                format!(
                    "只有 .docx 文件可以加批注（这是 {} 文件）",
                    doc.format.as_str()
                ),
            ));
        }
        let result = reviewed(st, &up, &doc, &p);
        // A waived finding needs no comment in the draft.
        let findings: Vec<_> = result
            .findings
            .into_iter()
            .filter(|f| f.waived.is_none())
            .collect();
        let date = format!("{}T00:00:00Z", crate::citations::today());
        let author = p.author.as_deref().unwrap_or("法审");
        let a =
            annotate_docx(&up.bytes, &doc, &findings, author, &date, &st.limits).map_err(|e| {
                match e {
                    AnnotateError::Read(e) => ApiError::from_extract(&e, st.max_upload),
                    other => ApiError {
                        reason: Some(other.to_string()),
                        ..ApiError::new(
                            StatusCode::UNPROCESSABLE_ENTITY,
                            "unreadable",
                            format!("无法在这份文件上加批注（{other}）"),
                        )
                    },
                }
            })?;
        Ok((a, up.name))
    })
    .await?;
    let mut r = file_response(
        a.bytes,
        DOCX_TYPE,
        &format!("{}-批注.docx", stem(&name)),
        "annotated.docx",
    );
    let placed = format!(
        "exact={}; paragraph={}; skipped={}",
        a.placement.exact, a.placement.paragraph, a.placement.skipped
    );
    if let Ok(v) = HeaderValue::from_str(&placed) {
        r.headers_mut().insert("x-fashen-comments", v);
    }
    Ok(r)
}

fn no_params(uri: &Uri) -> Result<(), ApiError> {
    match query_map(uri)?.keys().next() {
        Some(k) => Err(unknown_parameter(k, &[])),
        None => Ok(()),
    }
}

fn rule_summary(r: &crate::rules::compile::CompiledRule) -> Value {
    let s = &r.spec;
    json!({
        "id": s.id,
        "name": s.name,
        "category": s.category,
        "category_zh": s.category.chinese(),
        "severity": s.severity,
        "severity_zh": s.severity.chinese(),
        "doc_types": s.doc_types,
        "file": r.file,
    })
}

pub async fn rules(State(st): State<Shared>, uri: Uri) -> Result<Response, ApiError> {
    no_params(&uri)?;
    let set = &st.rules;
    let triggers: Vec<Value> = set
        .triggers
        .iter()
        .map(
            |t| json!({"kind": t.spec.kind, "kind_zh": t.spec.kind.chinese(), "name": t.spec.name}),
        )
        .collect();
    let jurisdictions: Vec<Value> = jurisdiction::all()
        .iter()
        .map(|p| json!({"id": p.id, "name": p.name}))
        .collect();
    Ok(Json(json!({
        "rules_digest": set.digest,
        "rules": set.rules.iter().map(rule_summary).collect::<Vec<_>>(),
        "triggers": triggers,
        "jurisdictions": jurisdictions,
    }))
    .into_response())
}

pub async fn rule(
    State(st): State<Shared>,
    UrlPath(id): UrlPath<String>,
    uri: Uri,
) -> Result<Response, ApiError> {
    no_params(&uri)?;
    let Some(r) = st.rules.get(&id) else {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "unknown_rule",
            format!("没有编号为 {id:?} 的规则（见 GET /api/v1/rules）"),
        ));
    };
    let s = &r.spec;
    let mut v = rule_summary(r);
    let basis: Vec<Value> = s
        .basis
        .iter()
        .map(|b| json!({"law": b.law, "article": b.article, "text": b.text}))
        .collect();
    let extra = json!({
        "doc_types_zh": s.doc_types.iter().map(|t| t.chinese()).collect::<Vec<_>>(),
        "applies_below": s.applies_below,
        "applies_below_zh": s.applies_below.map(|l| l.chinese()),
        "levels": s.levels,
        "builtin": s.builtin,
        "basis": basis,
        "message": s.message,
        "suggestion": s.suggestion,
        "examples": {"hit": s.examples.hit, "clean": s.examples.clean},
    });
    if let (Some(o), Value::Object(e)) = (v.as_object_mut(), extra) {
        o.extend(e);
    }
    Ok(Json(v).into_response())
}

pub async fn laws(uri: Uri) -> Result<Response, ApiError> {
    let q = query_map(&uri)?;
    if let Some(k) = q.keys().find(|k| *k != "q") {
        return Err(unknown_parameter(k, &["q"]));
    }
    let query = q.get("q").map(|s| s.trim()).unwrap_or("");
    if query.is_empty() {
        return Err(ApiError::bad_parameter(
            "缺少参数 q：请给出法律名称（全称、简称或其中一部分）",
        ));
    }
    if query.chars().count() > 100 {
        return Err(ApiError::bad_parameter("参数 q 过长（最多 100 字）"));
    }
    let db = crate::citations::lawdb::db();
    let found = db.lookup(query, 20);
    let closest = if found.is_empty() {
        db.closest(query, 0.5).map(|l| l.title.clone())
    } else {
        None
    };
    Ok(Json(json!({
        "as_of": db.meta.as_of,
        "laws_in_database": db.meta.laws,
        "query": query,
        "laws": found,
        "closest": closest,
    }))
    .into_response())
}

pub async fn healthz(State(st): State<Shared>) -> Response {
    let (admitted, running) = st.pool.load();
    Json(json!({
        "status": "ok",
        "admitted": admitted,
        "running": running,
        "auth_required": st.token.is_some(),
        "max_upload": st.max_upload,
    }))
    .into_response()
}

pub async fn version(State(st): State<Shared>) -> Response {
    Json(json!({
        "name": "fashen",
        "version": env!("CARGO_PKG_VERSION"),
        "schema_version": 1,
        "rules_digest": st.rules.digest,
        "laws_as_of": crate::citations::lawdb::as_of(),
    }))
    .into_response()
}

pub async fn not_found(uri: Uri) -> ApiError {
    let path: String = uri.path().chars().take(100).collect();
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        format!("没有这个地址：{path}（接口说明见 /api/v1/openapi.json）"),
    )
}

pub async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "此地址不支持该请求方法（见 /api/v1/openapi.json）",
    )
}

/// `Authorization: Bearer TOKEN` when the service has a token; compared in constant time.
pub async fn require_token(State(st): State<Shared>, req: Request, next: Next) -> Response {
    if let Some(token) = &st.token {
        let given = req
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or("");
        if !same(given.trim().as_bytes(), token.as_bytes()) {
            return ApiError::new(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "需要访问口令：请在 Authorization 头中提供 Bearer 口令",
            )
            .into_response();
        }
    }
    next.run(req).await
}

fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_file_names_per_rfc_5987() {
        let v = disposition("草案 1.docx", "memo.docx");
        assert_eq!(
            v.to_str().unwrap(),
            "attachment; filename=\"memo.docx\"; filename*=UTF-8''%E8%8D%89%E6%A1%88%201.docx"
        );
        let v = disposition("draft-1.docx", "memo.docx");
        assert!(
            v.to_str()
                .unwrap()
                .starts_with("attachment; filename=\"draft-1.docx\"")
        );
        assert_eq!(stem("通知.docx"), "通知");
        assert_eq!(stem("通知"), "通知");
    }

    #[test]
    fn parameters_are_checked_per_endpoint() {
        let uri: Uri = "/x?doc_type=contract&select=NORM,%20CON-PAY&as_of=2024-2-3"
            .parse()
            .unwrap();
        let p = doc_params(&uri, REVIEW_PARAMS).unwrap();
        assert_eq!(p.doc_type, Some(DocType::Contract));
        assert_eq!(
            p.select,
            Some(vec!["NORM".to_string(), "CON-PAY".to_string()])
        );
        assert_eq!(p.as_of, NaiveDate::from_ymd_opt(2024, 2, 3));
        let uri: Uri = "/x?format=md".parse().unwrap();
        assert_eq!(
            doc_params(&uri, REVIEW_PARAMS).unwrap_err().code,
            "unknown_parameter"
        );
        assert!(doc_params(&uri, MEMO_PARAMS).is_ok());
    }
}
