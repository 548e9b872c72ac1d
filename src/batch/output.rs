//! The report folder's summary files, all derived from `results.jsonl`: `summary.csv`,
//! `failed.csv`, `catalogue.csv`, `index.html`. `fashen merge` calls the same code on
//! the concatenated results of several shards.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;

use quick_xml::escape::escape;
use serde_json::Value;

use super::catalogue::{CatalogueFinding, Row, check};

pub const RESULTS: &str = "results.jsonl";

/// Every complete line of a results file (a line cut by a kill is ignored).
pub fn read_rows(path: &Path) -> std::io::Result<Vec<Row>> {
    let f = std::fs::File::open(path)?;
    let mut rows = vec![];
    for line in BufReader::new(f).lines() {
        let line = line?;
        if let Ok(v) = serde_json::from_str::<Value>(&line) {
            rows.push(Row::from_line(&v));
        }
    }
    rows.sort_by(|a, b| a.rel.cmp(&b.rel));
    Ok(rows)
}

/// File name of a document's memo inside memos/.
pub fn memo_name(rel: &str) -> String {
    let safe: String = rel
        .chars()
        .map(|c| {
            if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '_'
            } else {
                c
            }
        })
        .collect();
    format!("{safe}.html")
}

fn csv_bytes<F: FnOnce(&mut csv::Writer<Vec<u8>>) -> csv::Result<()>>(
    f: F,
) -> std::io::Result<Vec<u8>> {
    // A UTF-8 BOM so that Excel opens the Chinese text correctly.
    let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    f(&mut w).map_err(std::io::Error::other)?;
    w.into_inner()
        .map_err(|e| std::io::Error::other(e.to_string()))
}

pub struct Totals {
    pub documents: usize,
    pub checked: usize,
    pub failed: usize,
    pub findings: [usize; 4],
    pub catalogue: usize,
}

/// Writes summary.csv, failed.csv, catalogue.csv and index.html from results.jsonl.
pub fn finalize(out: &Path, as_of: &str, laws_as_of: &str) -> std::io::Result<Totals> {
    let rows = read_rows(&out.join(RESULTS))?;
    let cat = check(&rows, as_of);
    let summary = csv_bytes(|w| {
        w.write_record([
            "path",
            "format",
            "type",
            "title",
            "文号",
            "date",
            "triggers",
            "error",
            "warning",
            "info",
            "waived",
            "categories",
            "conclusion",
            "status",
            "reason",
            "valid_until",
        ])?;
        for r in &rows {
            w.write_record([
                r.rel.as_str(),
                &r.format,
                &r.doc_type,
                &r.title,
                &r.doc_number,
                &r.date,
                &r.triggers.join(";"),
                &r.counts[0].to_string(),
                &r.counts[1].to_string(),
                &r.counts[2].to_string(),
                &r.counts[3].to_string(),
                &r.categories.join(";"),
                &r.conclusion,
                &r.status,
                r.error.as_deref().unwrap_or(""),
                r.validity
                    .as_ref()
                    .and_then(|v| v.until.as_deref())
                    .unwrap_or(""),
            ])?;
        }
        Ok(())
    })?;
    crate::report::write_atomically(&out.join("summary.csv"), &summary)?;
    let failed = csv_bytes(|w| {
        w.write_record(["path", "reason"])?;
        for r in rows.iter().filter(|r| r.status == "failed") {
            w.write_record([r.rel.as_str(), r.error.as_deref().unwrap_or("")])?;
        }
        Ok(())
    })?;
    crate::report::write_atomically(&out.join("failed.csv"), &failed)?;
    let catalogue = csv_bytes(|w| {
        w.write_record(["kind", "path", "detail", "related"])?;
        for c in &cat {
            w.write_record([c.kind, &c.path, &c.detail, &c.related.join(";")])?;
        }
        Ok(())
    })?;
    crate::report::write_atomically(&out.join("catalogue.csv"), &catalogue)?;
    let mut totals = Totals {
        documents: rows.len(),
        checked: rows.iter().filter(|r| r.status == "checked").count(),
        failed: rows.iter().filter(|r| r.status == "failed").count(),
        findings: [0; 4],
        catalogue: cat.len(),
    };
    for r in &rows {
        for i in 0..4 {
            totals.findings[i] += r.counts[i];
        }
    }
    let html = index_html(&rows, &cat, &totals, as_of, laws_as_of, out);
    crate::report::write_atomically(&out.join("index.html"), html.as_bytes())?;
    Ok(totals)
}

const KIND_ZH: [(&str, &str); 6] = [
    ("expired", "已过有效期"),
    ("no_validity_period", "未规定有效期"),
    ("duplicate_doc_number", "文号重复"),
    ("cites_expired", "引用已到期文件"),
    ("cites_repealed", "引用已废止文件"),
    ("near_duplicate", "内容近似重复"),
];

const SCRIPT: &str = r#"
const rows = JSON.parse(document.getElementById('data').textContent);
const tbody = document.querySelector('#docs tbody');
const f = id => document.getElementById(id);
let sortKey = 'rel', sortDir = 1;
function fill(id, values) {
  const sel = f(id);
  [...new Set(values)].filter(v => v).sort().forEach(v => {
    const o = document.createElement('option'); o.value = v; o.textContent = v; sel.appendChild(o);
  });
}
fill('f-type', rows.map(r => r.doc_type));
fill('f-status', rows.map(r => r.status));
fill('f-cat', rows.flatMap(r => r.categories));
function render() {
  const q = f('f-text').value.trim(), t = f('f-type').value, st = f('f-status').value,
        c = f('f-cat').value, sev = f('f-sev').value;
  const shown = rows.filter(r =>
    (!q || (r.rel + r.title + r.doc_number).includes(q)) && (!t || r.doc_type === t) &&
    (!st || r.status === st) && (!c || r.categories.includes(c)) &&
    (!sev || r[sev] > 0));
  shown.sort((a, b) => (a[sortKey] > b[sortKey] ? 1 : a[sortKey] < b[sortKey] ? -1 : 0) * sortDir);
  tbody.replaceChildren(...shown.map(r => {
    const tr = document.createElement('tr');
    const cells = [r.rel, r.doc_type, r.title, r.doc_number, r.date, r.error, r.warning, r.info,
                   r.conclusion_zh, r.status === 'failed' ? '无法审查：' + r.reason : r.categories.join('、')];
    cells.forEach((v, i) => {
      const td = document.createElement('td');
      if (i === 0 && r.memo) { const a = document.createElement('a'); a.href = r.memo; a.textContent = v; td.appendChild(a); }
      else td.textContent = v;
      if (i >= 5 && i <= 7 && v > 0) td.className = ['e', 'w', 'i'][i - 5];
      tr.appendChild(td);
    });
    if (r.status === 'failed') tr.className = 'failed';
    return tr;
  }));
  f('count').textContent = shown.length + ' / ' + rows.length;
}
document.querySelectorAll('#docs th[data-k]').forEach(th => th.addEventListener('click', () => {
  const k = th.dataset.k; sortDir = sortKey === k ? -sortDir : 1; sortKey = k; render();
}));
['f-text', 'f-type', 'f-status', 'f-cat', 'f-sev'].forEach(id => f(id).addEventListener('input', render));
render();
"#;

const CSS: &str = r#"
body { font-family: "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", sans-serif; margin: 1.5em; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.15em; margin-top: 1.5em; }
.totals { display: flex; gap: 1.5em; flex-wrap: wrap; margin: 1em 0; }
.totals div { background: #f3f3f3; padding: 0.6em 1em; border-radius: 4px; }
.totals b { display: block; font-size: 1.4em; }
table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
th, td { border: 1px solid #ccc; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }
th { white-space: nowrap; }
td:nth-child(n+5):nth-child(-n+9) { white-space: nowrap; }
th[data-k] { cursor: pointer; background: #eee; } th[data-k]:hover { background: #ddd; }
td.e { background: #f8d0d0; } td.w { background: #fbe9c5; } td.i { background: #e2ecf8; }
tr.failed td { color: #a00; }
.filters { margin: 0.8em 0; display: flex; gap: 0.6em; flex-wrap: wrap; align-items: center; }
.note { color: #666; font-size: 0.85em; }
"#;

fn conclusion_zh(c: &str) -> &'static str {
    match c {
        "pass" => "建议通过",
        "revise" => "修改后通过",
        "reject" => "不予通过",
        _ => "—",
    }
}

fn index_html(
    rows: &[Row],
    cat: &[CatalogueFinding],
    t: &Totals,
    as_of: &str,
    laws_as_of: &str,
    out: &Path,
) -> String {
    /// One table row of index.html, borrowed from the summary row.
    #[derive(serde::Serialize)]
    struct IndexRow<'a> {
        rel: &'a str,
        doc_type: &'a str,
        title: &'a str,
        doc_number: &'a str,
        date: &'a str,
        error: usize,
        warning: usize,
        info: usize,
        categories: &'a [String],
        conclusion_zh: &'static str,
        status: &'a str,
        reason: &'a str,
        memo: String,
    }
    let data: Vec<IndexRow> = rows
        .iter()
        .map(|r| {
            let memo = format!("memos/{}", memo_name(&r.rel));
            IndexRow {
                rel: &r.rel,
                doc_type: &r.doc_type,
                title: &r.title,
                doc_number: &r.doc_number,
                date: &r.date,
                error: r.counts[0],
                warning: r.counts[1],
                info: r.counts[2],
                categories: &r.categories,
                conclusion_zh: conclusion_zh(&r.conclusion),
                status: &r.status,
                reason: r.error.as_deref().unwrap_or(""),
                memo: if out.join(&memo).is_file() {
                    crate::report::sarif::uri(&memo)
                } else {
                    String::new()
                },
            }
        })
        .collect();
    // `</` inside the JSON would end the script element.
    let json = serde_json::to_string(&data)
        .unwrap_or_default()
        .replace("</", "<\\/");
    let mut s = format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>规范性文件目录审查报告</title>\n<style>{CSS}</style>\n</head>\n<body>\n<h1>规范性文件目录审查报告</h1>\n<p class=\"note\">法审（fashen）{} 机器初审；目录检查基准日 {as_of}；法律数据库截至 {laws_as_of}。结果须经审查人员确认。</p>\n<div class=\"totals\"><div><b>{}</b>文件</div><div><b>{}</b>已审查</div><div><b>{}</b>无法审查</div><div><b>{}</b>必须修改</div><div><b>{}</b>建议修改</div><div><b>{}</b>提示</div><div><b>{}</b>已豁免</div><div><b>{}</b>目录问题</div></div>\n",
        env!("CARGO_PKG_VERSION"),
        t.documents,
        t.checked,
        t.failed,
        t.findings[0],
        t.findings[1],
        t.findings[2],
        t.findings[3],
        t.catalogue
    );
    s.push_str("<h2>文件</h2>\n<div class=\"filters\"><input id=\"f-text\" placeholder=\"搜索路径、标题、文号\"><select id=\"f-type\"><option value=\"\">全部类型</option></select><select id=\"f-status\"><option value=\"\">全部状态</option></select><select id=\"f-cat\"><option value=\"\">全部问题类别</option></select><select id=\"f-sev\"><option value=\"\">全部严重程度</option><option value=\"error\">有必须修改</option><option value=\"warning\">有建议修改</option><option value=\"info\">有提示</option></select><span id=\"count\" class=\"note\"></span></div>\n");
    s.push_str("<table id=\"docs\"><thead><tr><th data-k=\"rel\">文件</th><th data-k=\"doc_type\">类型</th><th data-k=\"title\">标题</th><th data-k=\"doc_number\">文号</th><th data-k=\"date\">日期</th><th data-k=\"error\">必须修改</th><th data-k=\"warning\">建议修改</th><th data-k=\"info\">提示</th><th data-k=\"conclusion_zh\">结论</th><th>问题类别 / 原因</th></tr></thead><tbody></tbody></table>\n");
    s.push_str("<h2>目录检查</h2>\n");
    if cat.is_empty() {
        s.push_str("<p>未发现目录层面的问题。</p>\n");
    } else {
        s.push_str("<table><thead><tr><th>问题</th><th>文件</th><th>说明</th><th>相关文件</th></tr></thead><tbody>\n");
        for c in cat {
            let kind = KIND_ZH
                .iter()
                .find(|(k, _)| *k == c.kind)
                .map_or(c.kind, |(_, v)| v);
            s.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                kind,
                escape(&c.path),
                escape(&c.detail),
                escape(c.related.join("；"))
            ));
        }
        s.push_str("</tbody></table>\n");
    }
    let failed: Vec<&Row> = rows.iter().filter(|r| r.status == "failed").collect();
    if !failed.is_empty() {
        s.push_str("<h2>无法审查的文件</h2>\n<table><thead><tr><th>文件</th><th>原因</th></tr></thead><tbody>\n");
        for r in failed {
            s.push_str(&format!(
                "<tr class=\"failed\"><td>{}</td><td>{}</td></tr>\n",
                escape(&r.rel),
                escape(r.error.as_deref().unwrap_or(""))
            ));
        }
        s.push_str("</tbody></table>\n");
    }
    s.push_str(&format!(
        "<script type=\"application/json\" id=\"data\">{json}</script>\n<script>{SCRIPT}</script>\n</body>\n</html>\n"
    ));
    s
}

/// Appends the complete lines of `from` (a shard's results) to `to`.
pub fn append_results(from: &Path, to: &mut impl Write) -> std::io::Result<usize> {
    let f = std::fs::File::open(from)?;
    let mut n = 0;
    for line in BufReader::new(f).lines() {
        let line = line?;
        if serde_json::from_str::<Value>(&line).is_ok() {
            writeln!(to, "{line}")?;
            n += 1;
        }
    }
    Ok(n)
}
