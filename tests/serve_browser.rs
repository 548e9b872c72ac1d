//! The review page in a real browser: headless Chromium driven over the Chrome DevTools
//! protocol (a websocket, spoken with `tungstenite`). Upload a draft, see the findings,
//! open one and find it in the text, work it by keyboard, waive one with a reason,
//! download the memo, and check that document text cannot inject markup. A screenshot at
//! 1366×768 is left in target/serve_browser.png. Skipped, with a note, without Chromium.

mod serve_support;

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{Value, json};
use serve_support::*;
use tungstenite::{Message, WebSocket};

fn find_chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("FASHEN_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let names = [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
        "chrome-headless-shell",
    ];
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|d| names.iter().map(move |n| d.join(n)))
        .find(|p| p.is_file())
}

struct Browser {
    child: Child,
    ws: WebSocket<TcpStream>,
    next: u64,
    session: Option<String>,
    _profile: TempDir,
}

impl Browser {
    fn launch(exe: &Path) -> Browser {
        let profile = TempDir::new("chromium-profile");
        let child = Command::new(exe)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                "--window-size=1366,768",
                "--lang=zh-CN",
            ])
            .arg(format!("--user-data-dir={}", profile.0.display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromium");
        // Chromium writes its port and browser target to DevToolsActivePort.
        let port_file = profile.0.join("DevToolsActivePort");
        let start = Instant::now();
        let (port, target) = loop {
            if let Ok(t) = std::fs::read_to_string(&port_file) {
                let mut lines = t.lines();
                if let (Some(p), Some(path)) = (lines.next(), lines.next()) {
                    break (p.trim().to_string(), path.trim().to_string());
                }
            }
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "chromium did not open its debugging port"
            );
            std::thread::sleep(Duration::from_millis(50));
        };
        let stream = TcpStream::connect(format!("127.0.0.1:{port}")).expect("connect CDP");
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        let (ws, _) = tungstenite::client::client(format!("ws://127.0.0.1:{port}{target}"), stream)
            .expect("CDP websocket");
        Browser {
            child,
            ws,
            next: 0,
            session: None,
            _profile: profile,
        }
    }

    /// One CDP command; events arriving meanwhile are dropped.
    fn call(&mut self, method: &str, params: Value) -> Value {
        self.next += 1;
        let id = self.next;
        let mut msg = json!({"id": id, "method": method, "params": params});
        if let Some(s) = &self.session
            && !method.starts_with("Target.")
            && !method.starts_with("Browser.")
        {
            msg["sessionId"] = json!(s);
        }
        self.ws
            .send(Message::Text(msg.to_string().into()))
            .expect("CDP send");
        loop {
            let m = self.ws.read().expect("CDP read");
            let Message::Text(t) = m else { continue };
            let v: Value = serde_json::from_str(t.as_str()).unwrap();
            if v["id"].as_u64() == Some(id) {
                if let Some(e) = v.get("error") {
                    panic!("{method}: {e}");
                }
                return v["result"].clone();
            }
        }
    }

    fn eval(&mut self, expr: &str) -> Value {
        let r = self.call(
            "Runtime.evaluate",
            json!({"expression": expr, "returnByValue": true, "awaitPromise": true}),
        );
        if let Some(e) = r.get("exceptionDetails") {
            panic!("{expr}: {e}");
        }
        r["result"]["value"].clone()
    }

    fn wait_for(&mut self, expr: &str, what: &str) {
        let start = Instant::now();
        while self.eval(expr) != json!(true) {
            let status = self.eval("document.getElementById('status').textContent");
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "timed out waiting for {what}; status: {status}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn key(&mut self, key: &str, code: &str, vk: u32, text: Option<&str>) {
        let mut down =
            json!({"type": "keyDown", "key": key, "code": code, "windowsVirtualKeyCode": vk});
        if let Some(t) = text {
            down["text"] = json!(t);
        }
        self.call("Input.dispatchKeyEvent", down);
        self.call(
            "Input.dispatchKeyEvent",
            json!({"type": "keyUp", "key": key, "code": code, "windowsVirtualKeyCode": vk}),
        );
    }

    fn upload(&mut self, file: &Path) {
        let root = self.call("DOM.getDocument", json!({"depth": 0}));
        let node = self.call(
            "DOM.querySelector",
            json!({"nodeId": root["root"]["nodeId"], "selector": "#file"}),
        );
        self.call(
            "DOM.setFileInputFiles",
            json!({"nodeId": node["nodeId"], "files": [file.display().to_string()]}),
        );
    }

    fn screenshot(&mut self, out: &Path) {
        let shot = self.call("Page.captureScreenshot", json!({"format": "png"}));
        let png = base64::engine::general_purpose::STANDARD
            .decode(shot["data"].as_str().unwrap())
            .unwrap();
        std::fs::write(out, png).unwrap();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.ws.send(Message::Text(
            json!({"id": 0, "method": "Browser.close"})
                .to_string()
                .into(),
        ));
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(10) {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn review_page_in_a_real_browser() {
    let Some(exe) = find_chromium() else {
        println!(
            "serve_browser: no chromium found (apt-get install -y chromium, or set FASHEN_CHROMIUM): browser test skipped"
        );
        return;
    };
    let server = Server::start(&[]);
    let mut b = Browser::launch(&exe);
    let target = b.call("Target.createTarget", json!({"url": "about:blank"}));
    let attached = b.call(
        "Target.attachToTarget",
        json!({"targetId": target["targetId"], "flatten": true}),
    );
    b.session = Some(attached["sessionId"].as_str().unwrap().to_string());
    b.call("Page.enable", json!({}));
    b.call("Runtime.enable", json!({}));
    b.call(
        "Emulation.setDeviceMetricsOverride",
        json!({"width": 1366, "height": 768, "deviceScaleFactor": 1, "mobile": false}),
    );
    let downloads = TempDir::new("downloads");
    b.call(
        "Browser.setDownloadBehavior",
        json!({"behavior": "allow", "downloadPath": downloads.0.display().to_string(), "eventsEnabled": true}),
    );
    b.call("Page.navigate", json!({"url": server.url("/")}));
    b.wait_for(
        "document.readyState === 'complete' && document.getElementById('version').textContent.includes('规则包')",
        "the page",
    );

    // Keyboard: the file chooser, then the options, in order, with a visible focus.
    b.eval("document.getElementById('file').focus()");
    b.key("Tab", "Tab", 9, None);
    assert_eq!(b.eval("document.activeElement.id"), json!("doc-type"));
    assert_ne!(
        b.eval("getComputedStyle(document.activeElement).outlineStyle"),
        json!("none"),
        "focus is not visible"
    );

    let draft = draft("county_short_rental_notice_variant.docx");
    b.upload(&draft);
    b.wait_for("!document.getElementById('run').disabled", "the run button");
    b.eval("document.getElementById('run').click()");
    b.wait_for(
        "document.querySelectorAll('.finding').length > 0 && !document.getElementById('doc').hidden",
        "the findings",
    );
    let page = b.eval(
        "({groups: [...document.querySelectorAll('.group h3')].map(h => h.textContent),
          meta: document.getElementById('meta').textContent,
          blocks: document.querySelectorAll('#doc-body .block').length,
          status: document.getElementById('status').textContent})",
    );
    let groups = page["groups"].as_array().unwrap();
    assert!(
        groups[0].as_str().unwrap().starts_with("必须修改"),
        "{page}"
    );
    assert!(
        page["meta"].as_str().unwrap().contains("行政规范性文件"),
        "{page}"
    );
    assert!(page["blocks"].as_u64().unwrap() > 5);
    assert!(page["status"].as_str().unwrap().starts_with("审查完成"));

    // Open the first finding: its parts are shown and its paragraph is marked in the text.
    b.eval("document.querySelector('.finding-head').focus()");
    b.key("Enter", "Enter", 13, Some("\r"));
    let open = b.eval(
        "(() => { const li = document.querySelector('.finding');
            const cur = document.querySelector('#doc-body .block.current');
            return {expanded: li.querySelector('.finding-head').getAttribute('aria-expanded'),
                    body: li.querySelector('.finding-body').textContent,
                    mark: li.querySelector('.excerpt mark') && li.querySelector('.excerpt mark').textContent,
                    current: cur && cur.textContent,
                    currentMarks: cur ? [...cur.querySelectorAll('mark')].map(m => m.textContent) : []}; })()",
    );
    assert_eq!(open["expanded"], "true", "{open}");
    let body = open["body"].as_str().unwrap();
    for part in ["原文", "问题", "依据", "建议", "《"] {
        assert!(body.contains(part), "{part} missing: {body}");
    }
    let mark = open["mark"].as_str().expect("matched words marked");
    assert!(open["current"].as_str().unwrap().contains(mark), "{open}");
    assert!(
        open["currentMarks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m.as_str().unwrap().contains(mark) || mark.contains(m.as_str().unwrap())),
        "{open}"
    );
    b.eval("document.querySelector('.finding .show').click()");
    assert_eq!(
        b.eval("document.activeElement.classList.contains('current') && document.activeElement.id.startsWith('b-')"),
        json!(true)
    );
    // Readable at 1366×768: no sideways scrolling, findings and text side by side.
    let layout = b.eval(
        "({width: document.documentElement.scrollWidth,
          docLeft: document.getElementById('doc').getBoundingClientRect().left})",
    );
    assert!(layout["width"].as_f64().unwrap() <= 1366.0, "{layout}");
    assert!(layout["docLeft"].as_f64().unwrap() > 500.0, "{layout}");
    assert_eq!(
        b.eval("getComputedStyle(document.querySelector('.waive-form')).display"),
        json!("none"),
        "the waiver form shows before it is asked for"
    );
    b.eval("window.scrollTo(0, 0)");
    let shot = root().join("target/serve_browser.png");
    b.screenshot(&shot);

    // Waive the first finding with a reason: the review is asked again with the waiver.
    let waived_before = b.eval("document.querySelectorAll('.finding.waived').length");
    assert_eq!(waived_before, json!(0));
    b.eval(
        "(() => { const li = document.querySelector('.finding');
            [...li.querySelectorAll('.actions button')].find(x => x.textContent.startsWith('豁免')).click();
            const f = li.querySelector('.waive-form');
            f.querySelector('input').value = '经核实，已取得上级机关书面授权';
            f.requestSubmit(); })()",
    );
    b.wait_for(
        "document.querySelectorAll('.finding.waived').length > 0 && document.getElementById('status').textContent.includes('已豁免')",
        "the waiver",
    );

    // Download the memo (with the waiver in it).
    b.eval("document.getElementById('dl-memo').click()");
    let start = Instant::now();
    let memo = loop {
        let done: Vec<PathBuf> = std::fs::read_dir(&downloads.0)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "docx"))
            .collect();
        if let Some(p) = done.first()
            && std::fs::metadata(p).map(|m| m.len()).unwrap_or(0) > 0
        {
            break p.clone();
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "no memo downloaded"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(
        memo.file_name().unwrap().to_string_lossy(),
        "county_short_rental_notice_variant-审查意见书.docx"
    );
    let bytes = std::fs::read(&memo).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a .docx");
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    assert!(xml.contains("经核实，已取得上级机关书面授权"));

    // Text in a document is text: markup in it is shown, never run.
    let hostile = TempDir::new("hostile");
    let file = hostile.0.join("注入测试.txt");
    std::fs::write(
        &file,
        "某县人民政府关于<img src=x onerror=\"window.__pwned=1\">的通知\n<script>window.__pwned=2</script>\n第一条 本办法自发布之日起施行。违反本办法的，处<b>五千元</b>罚款。\n",
    )
    .unwrap();
    b.upload(&file);
    b.wait_for(
        "document.getElementById('chosen').textContent.includes('注入测试')",
        "the second file",
    );
    b.eval("document.getElementById('run').click()");
    b.wait_for(
        "!document.getElementById('doc').hidden && document.getElementById('doc-body').textContent.includes('<script>')",
        "the hostile text",
    );
    let safe = b.eval(
        "({pwned: window.__pwned === undefined,
          injected: document.querySelectorAll('main img, main script, #doc-body b, #groups b').length})",
    );
    assert_eq!(safe, json!({"pwned": true, "injected": 0}));

    // A document that cannot be reviewed says why, in the page's words and the reader's.
    b.upload(&sample("contract_scanned.pdf"));
    b.wait_for(
        "document.getElementById('chosen').textContent.includes('contract_scanned')",
        "the scanned file",
    );
    b.eval("document.getElementById('run').click()");
    b.wait_for(
        "document.getElementById('status').classList.contains('error')",
        "the refusal",
    );
    let status = b.eval("document.getElementById('status').textContent");
    assert!(
        status.as_str().unwrap().contains("无法审查") && status.as_str().unwrap().contains("OCR"),
        "{status}"
    );
    drop(b);
    assert!(server.stop().success());
    println!("serve_browser: screenshot in {}", shot.display());
}
