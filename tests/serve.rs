//! `fashen serve` end to end: the real binary on a loopback port, every endpoint, every
//! error code, the concurrency cap, the token, graceful shutdown, and what is logged.

mod serve_support;

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use serve_support::*;

const NOTICE: &str = "county_short_rental_notice_variant";

fn notice_docx() -> Vec<u8> {
    std::fs::read(draft(&format!("{NOTICE}.docx"))).unwrap()
}

fn notice_txt() -> Vec<u8> {
    std::fs::read(draft(&format!("{NOTICE}.txt"))).unwrap()
}

/// `fashen check --format json` of a file, run like the tests of the CLI.
fn check_json(path: &std::path::Path) -> serde_json::Value {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_fashen"))
        .args([
            "check",
            "--no-config",
            "--format",
            "json",
            "--fail-on",
            "never",
        ])
        .arg(path)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

/// A request whose body is sent in two steps, to hold a place in the pool.
struct SlowUpload {
    stream: TcpStream,
    rest: Vec<u8>,
}

impl SlowUpload {
    fn open(server: &Server, path: &str, body: &[u8]) -> SlowUpload {
        let mut stream = TcpStream::connect(&server.addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(120)))
            .unwrap();
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/octet-stream\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            server.addr,
            body.len()
        );
        stream.write_all(head.as_bytes()).unwrap();
        let half = body.len() / 2;
        stream.write_all(&body[..half]).unwrap();
        stream.flush().unwrap();
        SlowUpload {
            stream,
            rest: body[half..].to_vec(),
        }
    }

    /// Sends the rest and returns (status, body).
    fn finish(mut self) -> (u16, String) {
        self.stream.write_all(&self.rest).unwrap();
        let mut buf = Vec::new();
        self.stream.read_to_end(&mut buf).unwrap();
        let text = String::from_utf8_lossy(&buf).into_owned();
        let status = text
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let body = text
            .split_once("\r\n\r\n")
            .map_or(String::new(), |(_, b)| b.to_string());
        (status, body)
    }
}

#[test]
fn every_route_in_the_openapi_document_exists_and_answers() {
    let s = Server::start(&[]);
    let spec = get(&s.url("/api/v1/openapi.json"), None).json();
    assert_eq!(spec["openapi"].as_str().unwrap().chars().next(), Some('3'));
    let mut documented = BTreeSet::new();
    for (path, ops) in spec["paths"].as_object().unwrap() {
        for method in ops.as_object().unwrap().keys() {
            documented.insert((method.to_uppercase(), path.clone()));
        }
    }
    let served: BTreeSet<(String, String)> = fashen::serve::ROUTES
        .iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    assert_eq!(
        documented, served,
        "the OpenAPI document and the routes differ"
    );
    let docx = notice_docx();
    for (method, path) in &documented {
        let concrete = path.replace("{id}", "NORM-PEN-001");
        let r = if method == "GET" {
            let q = if path == "/api/v1/laws" {
                "?q=合同法"
            } else {
                ""
            };
            get(&s.url(&format!("{concrete}{q}")), None)
        } else {
            post_file(&s.url(&concrete), &format!("{NOTICE}.docx"), &docx, None)
        };
        assert_eq!(r.status, 200, "{method} {path}: {}", r.text());
        // Each documented 200 content type is what the route sends.
        let types = spec["paths"][path][method.to_lowercase()]["responses"]["200"]["content"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect::<Vec<_>>();
        let ct = r.header("content-type").unwrap_or("");
        assert!(
            types.iter().any(|t| ct.starts_with(t.as_str())),
            "{method} {path}: {ct} not in {types:?}"
        );
    }
    // Every documented query parameter is one the route accepts (400 unknown_parameter
    // would mean the document and the service disagree).
    for (method, path) in &documented {
        let params = spec["paths"][path][method.to_lowercase()]["parameters"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        for p in params.iter().filter(|p| p["in"] == "query") {
            let name = p["name"].as_str().unwrap();
            let url = s.url(&format!(
                "{}?{name}=x",
                path.replace("{id}", "NORM-PEN-001")
            ));
            let r = if method == "GET" {
                get(&url, None)
            } else {
                post_file(&url, "a.docx", &docx, None)
            };
            if r.status == 400 {
                assert_ne!(r.code(), "unknown_parameter", "{method} {path} ?{name}");
            }
        }
    }
    // Every stable error code the handlers use is listed in the document.
    let codes: Vec<&str> =
        spec["components"]["schemas"]["Error"]["properties"]["error"]["properties"]["code"]["enum"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
    let sources = ["api.rs", "error.rs", "pool.rs", "upload.rs"]
        .map(|f| std::fs::read_to_string(root().join("src/serve").join(f)).unwrap())
        .join("\n");
    for code in [
        "bad_parameter",
        "unknown_parameter",
        "missing_file",
        "bad_multipart",
        "bad_waivers",
        "bad_body",
        "unauthorized",
        "not_found",
        "unknown_rule",
        "method_not_allowed",
        "upload_timeout",
        "too_large",
        "unsupported_type",
        "unreadable",
        "busy",
        "timeout",
        "internal",
    ] {
        assert!(
            codes.contains(&code),
            "{code} missing from the OpenAPI enum"
        );
        assert!(
            sources.contains(&format!("\"{code}\"")),
            "{code} is not used by the service"
        );
    }
    assert!(s.stop().success());
}

#[test]
fn health_version_and_the_page() {
    let s = Server::start(&[]);
    let h = get(&s.url("/healthz"), None).json();
    assert_eq!(h["status"], "ok");
    assert_eq!(h["auth_required"], false);
    let v = get(&s.url("/version"), None).json();
    assert_eq!(v["name"], "fashen");
    assert_eq!(v["schema_version"], 1);
    assert!(v["rules_digest"].as_str().unwrap().len() >= 8);
    let page = get(&s.url("/"), None);
    assert!(
        page.header("content-type")
            .unwrap()
            .starts_with("text/html")
    );
    let csp = page.header("content-security-policy").unwrap();
    assert!(csp.contains("default-src 'none'") && csp.contains("script-src 'self'"));
    let html = page.text();
    assert!(html.contains("lang=\"zh-CN\"") && html.contains("开始审查"));
    // Nothing from elsewhere: no absolute URL in the page, its script or its style.
    for asset in ["/", "/assets/app.js", "/assets/app.css"] {
        let t = get(&s.url(asset), None).text();
        assert!(
            !t.contains("http://") && !t.contains("https://") && !t.contains("//cdn"),
            "{asset} refers to another site"
        );
    }
    // Document text is never put into the DOM as HTML.
    let js = get(&s.url("/assets/app.js"), None).text();
    assert!(
        !js.contains("innerHTML")
            && !js.contains("outerHTML")
            && !js.contains("insertAdjacentHTML")
    );
    assert!(s.stop().success());
}

#[test]
fn review_is_the_check_report() {
    let s = Server::start(&[]);
    for ext in ["docx", "txt"] {
        let path = draft(&format!("{NOTICE}.{ext}"));
        let bytes = std::fs::read(&path).unwrap();
        let cli = check_json(&path);
        let multipart = post_file(
            &s.url("/api/v1/review"),
            &format!("{NOTICE}.{ext}"),
            &bytes,
            None,
        );
        assert_eq!(multipart.status, 200, "{}", multipart.text());
        assert!(
            multipart
                .header("content-type")
                .unwrap()
                .starts_with("application/json")
        );
        let raw = post_raw(
            &s.url(&format!("/api/v1/review?name=草案/{NOTICE}.{ext}")),
            &bytes,
        );
        assert_eq!(raw.status, 200);
        for api in [multipart.json(), raw.json()] {
            assert_eq!(api["schema_version"], 1);
            assert_eq!(api["tool"], cli["tool"]);
            assert_eq!(api["summary"], cli["summary"]);
            let (mut a, mut c) = (api["documents"][0].clone(), cli["documents"][0].clone());
            // The file name without folders, as uploaded.
            assert_eq!(a["path"], format!("{NOTICE}.{ext}"));
            a["path"] = serde_json::Value::Null;
            c["path"] = serde_json::Value::Null;
            assert_eq!(a, c, "{ext}: the API and the CLI disagree");
        }
    }
    assert!(s.stop().success());
}

#[test]
fn parameters_select_and_reject() {
    let s = Server::start(&[]);
    let txt = notice_txt();
    let review = |q: &str| post_raw(&s.url(&format!("/api/v1/review?name=a.txt&{q}")), &txt);
    let all = review("").json();
    let rules: BTreeSet<String> = all["documents"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect();
    assert!(rules.len() >= 2, "{rules:?}");
    let first = rules.iter().next().unwrap().clone();
    let only = review(&format!("select={first}")).json();
    for f in only["documents"][0]["findings"].as_array().unwrap() {
        assert_eq!(f["rule"], first.as_str());
    }
    let without = review(&format!("ignore={first}")).json();
    assert!(
        without["documents"][0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["rule"] != first.as_str())
    );
    // Jurisdiction profiles as the CLI's --jurisdiction.
    assert_eq!(review("jurisdiction=浙江省").status, 200, "a known profile");
    let forced = review("doc_type=contract").json();
    assert_eq!(forced["documents"][0]["doc_type"], "contract");
    assert_eq!(review("as_of=2020-01-01").status, 200);

    for (q, code) in [
        ("as_of=2020-13-45", "bad_parameter"),
        ("doc_type=poem", "bad_parameter"),
        ("jurisdiction=火星", "bad_parameter"),
        ("select=NOPE-999", "bad_parameter"),
        ("format=docx", "unknown_parameter"),
        ("colour=red", "unknown_parameter"),
    ] {
        let r = review(q);
        assert_eq!(r.status, 400, "{q}: {}", r.text());
        assert_eq!(r.code(), code, "{q}");
        let msg = r.json()["error"]["message"].as_str().unwrap().to_string();
        assert!(
            msg.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{msg}"
        );
    }
    let memo = post_raw(&s.url("/api/v1/memo?name=a.txt&format=pdf"), &txt);
    assert_eq!((memo.status, memo.code().as_str()), (400, "bad_parameter"));
    let laws = get(&s.url("/api/v1/laws"), None);
    assert_eq!((laws.status, laws.code().as_str()), (400, "bad_parameter"));
    let rules = get(&s.url("/api/v1/rules?x=1"), None);
    assert_eq!(
        (rules.status, rules.code().as_str()),
        (400, "unknown_parameter")
    );
    assert!(s.stop().success());
}

fn filename_star(disposition: &str) -> String {
    let enc = disposition
        .split("filename*=UTF-8''")
        .nth(1)
        .unwrap()
        .split(';')
        .next()
        .unwrap();
    percent_encoding::percent_decode_str(enc)
        .decode_utf8()
        .unwrap()
        .into_owned()
}

#[test]
fn memo_annotate_extract_with_chinese_file_names_and_waivers() {
    let s = Server::start(&[]);
    let docx = notice_docx();
    let name = "某县短租房管理通知（送审稿）.docx";
    for (format, ct, ext) in [
        (
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
        ),
        ("html", "text/html", "html"),
        ("md", "text/markdown", "md"),
    ] {
        let r = post_file(
            &s.url(&format!(
                "/api/v1/memo?format={format}&review_date=2026-01-02"
            )),
            name,
            &docx,
            None,
        );
        assert_eq!(r.status, 200, "{}", r.text());
        assert!(r.header("content-type").unwrap().starts_with(ct));
        let cd = r.header("content-disposition").unwrap();
        assert!(cd.starts_with("attachment; filename=\""), "{cd}");
        assert!(cd.is_ascii(), "{cd}");
        assert_eq!(
            filename_star(cd),
            format!("某县短租房管理通知（送审稿）-审查意见书.{ext}")
        );
        if format == "docx" {
            assert_eq!(&r.body[..2], b"PK");
        } else {
            assert!(r.text().contains("2026年1月2日"), "the review date");
        }
    }

    // A waiver set for this review is applied like a fashen.toml waiver and shown in the memo.
    let report = post_file(&s.url("/api/v1/review"), name, &docx, None).json();
    let f = &report["documents"][0]["findings"][1];
    let rule = f["rule"].as_str().unwrap();
    let waivers = serde_json::json!([{"rule": rule, "match": f["match"], "reason": "经核实，县政府常务会议已另行授权"}])
        .to_string();
    let waived = post_file(&s.url("/api/v1/review"), name, &docx, Some(&waivers)).json();
    assert!(waived["summary"]["findings"]["waived"].as_u64().unwrap() >= 1);
    let wf = waived["documents"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["rule"] == rule && x["match"] == f["match"])
        .unwrap();
    assert_eq!(wf["waived"], "经核实，县政府常务会议已另行授权");
    let md = post_file(
        &s.url("/api/v1/memo?format=md"),
        name,
        &docx,
        Some(&waivers),
    );
    assert!(md.text().contains("经核实，县政府常务会议已另行授权"));
    for (bad, why) in [
        ("{\"rule\": 1}", "not a list"),
        ("[{\"rule\": \"NORM\", \"reason\": \" \"}]", "no reason"),
        (
            "[{\"rule\": \"NORM\", \"reason\": \"x\", \"path\": \"*\"}]",
            "unknown key",
        ),
        (
            "[{\"rule\": \"NOPE-999\", \"reason\": \"x\"}]",
            "unknown rule",
        ),
    ] {
        let r = post_file(&s.url("/api/v1/review"), name, &docx, Some(bad));
        assert_eq!((r.status, r.code().as_str()), (400, "bad_waivers"), "{why}");
    }

    let a = post_file(
        &s.url("/api/v1/annotate?author=法律顾问"),
        name,
        &docx,
        None,
    );
    assert_eq!(a.status, 200, "{}", a.text());
    assert_eq!(&a.body[..2], b"PK");
    assert_eq!(
        filename_star(a.header("content-disposition").unwrap()),
        "某县短租房管理通知（送审稿）-批注.docx"
    );
    assert!(a.header("x-fashen-comments").unwrap().starts_with("exact="));
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(a.body.clone())).unwrap();
    let mut comments = String::new();
    zip.by_name("word/comments.xml")
        .unwrap()
        .read_to_string(&mut comments)
        .unwrap();
    assert!(comments.contains("法律顾问"));
    // Only .docx drafts take comments.
    let t = post_raw(&s.url("/api/v1/annotate?name=a.txt"), &notice_txt());
    assert_eq!((t.status, t.code().as_str()), (415, "unsupported_type"));

    let x = post_file(&s.url("/api/v1/extract"), name, &docx, None).json();
    assert_eq!(x["format"], "docx");
    assert!(x["blocks"].as_array().unwrap().len() > 5);
    // Findings point into the extracted blocks.
    let block = f["location"]["block"].as_u64().unwrap() as usize;
    let text = x["blocks"][block]["text"].as_str().unwrap();
    let m = f["match"].as_str().unwrap();
    assert!(text.contains(m), "{m} not in block {block}: {text}");
    assert!(s.stop().success());
}

#[test]
fn rules_and_laws() {
    let s = Server::start(&[]);
    let list = get(&s.url("/api/v1/rules"), None).json();
    let rules = list["rules"].as_array().unwrap();
    assert!(rules.len() >= 50);
    assert!(rules.iter().any(|r| r["id"] == "NORM-PEN-001"));
    assert_eq!(list["triggers"].as_array().unwrap().len(), 4);
    let r = get(&s.url("/api/v1/rules/NORM-PEN-001"), None).json();
    assert_eq!(r["severity_zh"], "必须修改");
    assert!(
        r["basis"][0]["law"]
            .as_str()
            .unwrap()
            .contains("行政处罚法")
    );
    assert!(!r["examples"]["hit"].as_array().unwrap().is_empty());
    let missing = get(&s.url("/api/v1/rules/NORM-NOPE-999"), None);
    assert_eq!(
        (missing.status, missing.code().as_str()),
        (404, "unknown_rule")
    );

    let one = get(&s.url("/api/v1/laws?q=行政处罚法"), None).json();
    assert_eq!(one["laws"].as_array().unwrap().len(), 1);
    assert_eq!(one["laws"][0]["title"], "中华人民共和国行政处罚法");
    let many = get(&s.url("/api/v1/laws?q=条例"), None).json();
    assert!(many["laws"].as_array().unwrap().len() > 1);
    let none = get(&s.url("/api/v1/laws?q=不存在的法律名称"), None).json();
    assert!(none["laws"].as_array().unwrap().is_empty());
    assert!(s.stop().success());
}

#[test]
fn unreadable_oversize_unsupported_and_unknown() {
    let s = Server::start(&[]);
    // 422 with the reason `fashen check` gives for exit code 3.
    for f in [
        "contract_enc_aes256_userpw.pdf",
        "contract_scanned.pdf",
        "malformed_truncated.docx",
    ] {
        let path = sample(f);
        let cli = check_json(&path);
        assert_eq!(cli["documents"][0]["status"], "failed");
        let r = post_file(
            &s.url("/api/v1/review"),
            f,
            &std::fs::read(&path).unwrap(),
            None,
        );
        assert_eq!((r.status, r.code().as_str()), (422, "unreadable"), "{f}");
        assert_eq!(
            r.json()["error"]["reason"],
            cli["documents"][0]["error"],
            "{f}"
        );
    }
    let empty = post_raw(&s.url("/api/v1/review?name=a.txt"), b"");
    assert_eq!((empty.status, empty.code().as_str()), (422, "unreadable"));
    // (A legacy .doc is 415 too, unless LibreOffice is installed to convert it.)
    for f in ["contract.odt", "garbage_random.pdf"] {
        let r = post_file(
            &s.url("/api/v1/memo"),
            f,
            &std::fs::read(sample(f)).unwrap(),
            None,
        );
        assert_eq!(
            (r.status, r.code().as_str()),
            (415, "unsupported_type"),
            "{f}"
        );
    }
    assert!(s.stop().success());
    let s = Server::start(&["--max-upload", "100KB"]);
    // Over --max-upload: refused while streaming (multipart, or chunked without a length)
    // and by the declared length alone, before any of the body is read.
    let big = vec![b'a'; 150 * 1024];
    let r = post_raw(&s.url("/api/v1/review?name=big.txt"), &big);
    assert_eq!((r.status, r.code().as_str()), (413, "too_large"));
    let r = post_file(&s.url("/api/v1/review"), "big.txt", &big, None);
    assert_eq!((r.status, r.code().as_str()), (413, "too_large"));
    let r = serve_support::agent()
        .post(&s.url("/api/v1/review?name=big.txt"))
        .send(ureq::SendBody::from_reader(&mut &big[..]))
        .unwrap();
    assert_eq!(r.status().as_u16(), 413);
    let mut conn = TcpStream::connect(&s.addr).unwrap();
    conn.set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(
        conn,
        "POST /api/v1/review?name=a.pdf HTTP/1.1\r\nHost: x\r\nContent-Length: 5000000000\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    let _ = conn.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("\"too_large\""), "{answer}");
    let form = |body: &str| {
        let mut r = serve_support::agent()
            .post(&s.url("/api/v1/review"))
            .header("Content-Type", "multipart/form-data; boundary=B")
            .send(body.as_bytes())
            .unwrap();
        let v: serde_json::Value =
            serde_json::from_str(&r.body_mut().read_to_string().unwrap()).unwrap();
        (
            r.status().as_u16(),
            v["error"]["code"].as_str().unwrap().to_string(),
        )
    };
    let other = "--B\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nx\r\n--B--\r\n";
    assert_eq!(form(other), (400, "bad_multipart".into()));
    let cut = "--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nabc";
    assert_eq!(form(cut), (400, "bad_multipart".into()));
    assert_eq!(form("--B--\r\n"), (400, "missing_file".into()));

    let nf = get(&s.url("/no/such/page"), None);
    assert_eq!((nf.status, nf.code().as_str()), (404, "not_found"));
    let r = serve_support::agent()
        .delete(&s.url("/api/v1/review"))
        .call()
        .unwrap();
    assert_eq!(r.status().as_u16(), 405);
    let r = get(&s.url("/api/v1/review"), None);
    assert_eq!((r.status, r.code().as_str()), (405, "method_not_allowed"));
    assert!(s.stop().success());
}

#[test]
fn token_guards_the_api() {
    let dir = TempDir::new("token");
    let token_file = dir.0.join("token");
    std::fs::write(&token_file, "口令\n").unwrap();
    let refused = std::process::Command::new(env!("CARGO_BIN_EXE_fashen"))
        .args([
            "serve",
            "--no-config",
            "--addr",
            "127.0.0.1:0",
            "--token-file",
        ])
        .arg(&token_file)
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    std::fs::write(&token_file, "s3cret-token-0123\n").unwrap();
    let s = Server::start(&["--token-file", token_file.to_str().unwrap()]);
    let token = "s3cret-token-0123";
    assert_eq!(get(&s.url("/healthz"), None).json()["auth_required"], true);
    assert_eq!(get(&s.url("/"), None).status, 200);
    assert_eq!(get(&s.url("/api/v1/openapi.json"), None).status, 200);
    let no = get(&s.url("/api/v1/rules"), None);
    assert_eq!((no.status, no.code().as_str()), (401, "unauthorized"));
    assert_eq!(no.header("www-authenticate"), Some("Bearer"));
    assert_eq!(get(&s.url("/api/v1/rules"), Some("wrong")).status, 401);
    assert_eq!(get(&s.url("/api/v1/rules"), Some(token)).status, 200);
    let docx = notice_docx();
    let r = post_file_auth(&s.url("/api/v1/review"), "a.docx", &docx, None, None);
    assert_eq!(r.status, 401);
    let r = post_file_auth(&s.url("/api/v1/review"), "a.docx", &docx, None, Some(token));
    assert_eq!(r.status, 200);
    assert!(s.stop().success());
}

#[test]
fn no_public_address_without_a_token() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_fashen"))
        .args(["serve", "--no-config", "--addr", "0.0.0.0:0"])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--token-file") && err.contains("--insecure-public"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn requests_beyond_the_workers_and_queue_get_503() {
    let s = Server::start(&["--workers", "1", "--queue", "1"]);
    let txt = notice_txt();
    let path = "/api/v1/review?name=a.txt";
    // Two requests hold the worker's place and the queue's place while uploading.
    let a = SlowUpload::open(&s, path, &txt);
    wait_admitted(&s, 1);
    let b = SlowUpload::open(&s, path, &txt);
    wait_admitted(&s, 2);
    for _ in 0..3 {
        let r = post_raw(&s.url(path), &txt);
        assert_eq!((r.status, r.code().as_str()), (503, "busy"));
        assert_eq!(r.header("retry-after"), Some("5"));
    }
    // Light requests do not take a place.
    assert_eq!(get(&s.url("/api/v1/rules/NORM-PEN-001"), None).status, 200);
    let (sa, ba) = a.finish();
    let (sb, _) = b.finish();
    assert_eq!((sa, sb), (200, 200), "{ba}");
    wait_admitted(&s, 0);
    // Bounded burst: 8 clients at once on 1 worker + 1 queued: every answer is 200 or 503.
    let url = s.url(path);
    let handles: Vec<_> = (0..8)
        .map(|_| {
            let (url, txt) = (url.clone(), txt.clone());
            std::thread::spawn(move || post_raw(&url, &txt).status)
        })
        .collect();
    let statuses: Vec<u16> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    assert!(
        statuses.iter().all(|s| *s == 200 || *s == 503),
        "{statuses:?}"
    );
    assert!(statuses.contains(&200));
    wait_admitted(&s, 0);
    assert_eq!(post_raw(&s.url(path), &txt).status, 200);
    assert!(s.stop().success());
}

#[test]
fn sigterm_finishes_the_running_review_then_exits() {
    let mut s = Server::start(&[]);
    let txt = notice_txt();
    let slow = SlowUpload::open(&s, "/api/v1/review?name=a.txt", &txt);
    wait_admitted(&s, 1);
    terminate(s.pid());
    // Wait for the signal to be taken (the server says so on stderr).
    let start = std::time::Instant::now();
    while !s.stderr().contains("收到停止信号") {
        assert!(start.elapsed() < Duration::from_secs(30), "{}", s.stderr());
        std::thread::sleep(Duration::from_millis(20));
    }
    let (status, body) = slow.finish();
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("\"schema_version\":1"));
    let exit = s.wait(Duration::from_secs(60));
    assert!(exit.success(), "{exit:?}");
    assert!(s.stderr().contains("已停止"));
}

#[test]
fn logs_name_documents_by_hash_and_nothing_is_kept() {
    let work = TempDir::new("nothing-kept");
    let s = Server::start_in(Some(&work.0), &[]);
    let docx = notice_docx();
    let r = post_file(&s.url("/api/v1/memo"), "通知.docx", &docx, None);
    assert_eq!(r.status, 200);
    let r = post_file(&s.url("/api/v1/review"), "通知.docx", b"", None);
    assert_eq!(r.status, 422);
    let (status, log) = s.stop_with_log();
    assert!(status.success());
    use sha2::Digest;
    let sha = format!("{:x}", sha2::Sha256::digest(&docx));
    let lines: Vec<serde_json::Value> = log
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let memo = lines
        .iter()
        .find(|l| l["path"] == "/api/v1/memo")
        .expect("memo logged");
    assert_eq!(memo["method"], "POST");
    assert_eq!(memo["status"], 200);
    assert_eq!(memo["sha256"], sha.as_str());
    assert_eq!(memo["doc_bytes"], docx.len());
    assert!(memo["ms"].as_f64().unwrap() >= 0.0);
    assert!(memo["resp_bytes"].as_u64().unwrap() > 1000);
    let failed = lines
        .iter()
        .find(|l| l["path"] == "/api/v1/review")
        .unwrap();
    assert_eq!(failed["error"], "unreadable");
    // No document text, no file name in the log.
    for words in ["短租房", "通知.docx", "某县人民政府"] {
        assert!(!log.contains(words), "the log holds {words:?}");
    }
    assert_eq!(std::fs::read_dir(&work.0).unwrap().count(), 0);

    // --keep DIR keeps a copy named by its hash.
    let keep = TempDir::new("keep");
    let s = Server::start(&["--keep", keep.0.to_str().unwrap()]);
    assert_eq!(
        post_file(&s.url("/api/v1/review"), "通知.docx", &docx, None).status,
        200
    );
    assert!(s.stop().success());
    let kept: Vec<_> = std::fs::read_dir(&keep.0)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(kept, vec![format!("{}-通知.docx", &sha[..16])]);
}
