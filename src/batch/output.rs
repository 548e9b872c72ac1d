//! The report folder's summary files, all derived from `results.jsonl`: `summary.csv`,
//! `failed.csv`, `catalogue.csv`, `index.html`. `fashen merge` calls the same code on
//! the combined results of several shards.

use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::catalogue::{CatalogueFinding, Row, check};
use super::record;
use crate::document::model::DocType;
use crate::report::vocab::doc_type_name;
use crate::review::conclusion_words;
use crate::rules::schema::Category;

/// How a person reads a row's codes (results.jsonl keeps the codes themselves).
fn doc_type_zh(r: &Row) -> &'static str {
    if r.failed {
        return "";
    }
    doc_type_name(DocType::parse(&r.doc_type).unwrap_or(DocType::Other))
}

/// The conclusion worded for the document's type, as its memo words it.
fn conclusion_zh(r: &Row) -> &'static str {
    if r.failed || r.conclusion.is_empty() {
        return "";
    }
    conclusion_words(
        &r.conclusion,
        DocType::parse(&r.doc_type).unwrap_or(DocType::Other),
    )
}

fn status_zh(r: &Row) -> &'static str {
    if r.failed {
        "无法审查"
    } else {
        "已审查"
    }
}

fn categories_zh(r: &Row) -> Vec<String> {
    r.categories
        .iter()
        .map(|c| Category::parse(c).map_or_else(|| c.clone(), |k| k.chinese().to_string()))
        .collect()
}

pub const RESULTS: &str = "results.jsonl";
pub const MEMOS: &str = "memos";

/// Every document's last complete record in a results file, sorted by relative path;
/// streamed, so only the small rows are kept.
pub fn read_rows(path: &Path) -> std::io::Result<Vec<Row>> {
    let mut at = std::collections::HashMap::new();
    let mut rows: Vec<Row> = vec![];
    record::scan(path, |r, _| {
        let row = Row::from_record(&r);
        match at.get(&row.rel) {
            Some(&i) => rows[i] = row,
            None => {
                at.insert(row.rel.clone(), rows.len());
                rows.push(row);
            }
        }
    })?;
    rows.sort_by(|a, b| a.rel.cmp(&b.rel));
    Ok(rows)
}

/// Longest memo file name kept before the hash, in bytes (file systems allow 255).
const NAME_BYTES: usize = 120;

/// File name of a document's memo inside memos/: a pure function of the relative path, so
/// shards, resumed runs and merges agree. A path that is already a plain safe file name is
/// kept (`通知.docx.html`); any other (folders, characters a file system or a link would
/// trip on, upper case that a case-insensitive disk would fold, or too long) is made safe,
/// shortened and followed by `~` and a hash of the whole path. `~` is itself replaced in
/// the safe part, so a kept name never equals a hashed one, and two paths never share a
/// memo (`a/b_c.txt` and `a_b/c.txt`).
pub fn memo_name(rel: &str) -> String {
    let unsafe_char = |c: char| {
        c.is_control()
            || c.is_ascii_uppercase()
            || matches!(
                c,
                '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' | '~' | '#' | '%'
            )
    };
    let plain = !rel.is_empty()
        && rel.len() <= NAME_BYTES
        && !rel.starts_with('.')
        && !rel.ends_with(['.', ' '])
        && !rel.chars().any(unsafe_char);
    if plain {
        return format!("{rel}.html");
    }
    let mut safe = String::new();
    for c in rel.chars() {
        let c = if c.is_ascii_uppercase() {
            c.to_ascii_lowercase()
        } else if unsafe_char(c) {
            '_'
        } else {
            c
        };
        if safe.len() + c.len_utf8() > NAME_BYTES {
            break;
        }
        safe.push(c);
    }
    let safe = safe.trim_start_matches('.');
    let hash: String = Sha256::digest(rel.as_bytes())[..5]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("{safe}~{hash}.html")
}

/// A CSV cell a spreadsheet will not run as a formula: cells beginning with = + - @, a tab
/// or a carriage return get a leading single quote (OWASP's advice for CSV injection).
pub fn csv_cell(s: &str) -> std::borrow::Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}").into()
    } else {
        s.into()
    }
}

fn csv_bytes(header: &[&str], rows: &[Vec<&str>]) -> std::io::Result<Vec<u8>> {
    // A UTF-8 BOM so that Excel opens the Chinese text correctly.
    let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    w.write_record(header).map_err(std::io::Error::other)?;
    for r in rows {
        w.write_record(r.iter().map(|c| csv_cell(c).into_owned()))
            .map_err(std::io::Error::other)?;
    }
    w.into_inner()
        .map_err(|e| std::io::Error::other(e.to_string()))
}

pub struct Totals {
    pub documents: usize,
    pub checked: usize,
    pub failed: usize,
    /// error, warning, info, waived
    pub findings: [usize; 4],
    pub catalogue: usize,
}

/// Writes summary.csv, failed.csv, catalogue.csv and index.html from results.jsonl.
pub fn finalize(out: &Path, as_of: NaiveDate, laws_as_of: &str) -> std::io::Result<Totals> {
    let rows = read_rows(&out.join(RESULTS))?;
    let cat = check(&rows, as_of);
    let counts: Vec<[String; 4]> = rows
        .iter()
        .map(|r| r.counts.map(|n| n.to_string()))
        .collect();
    let triggers: Vec<String> = rows.iter().map(|r| r.triggers.join(";")).collect();
    let categories: Vec<String> = rows.iter().map(|r| categories_zh(r).join(";")).collect();
    let summary_rows: Vec<Vec<&str>> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            vec![
                r.rel.as_str(),
                &r.format,
                doc_type_zh(r),
                &r.title,
                &r.doc_number,
                &r.date,
                &triggers[i],
                &counts[i][0],
                &counts[i][1],
                &counts[i][2],
                &counts[i][3],
                &categories[i],
                conclusion_zh(r),
                status_zh(r),
                r.error.as_deref().unwrap_or(""),
                r.validity
                    .as_ref()
                    .and_then(|v| v.until.as_deref())
                    .unwrap_or(""),
            ]
        })
        .collect();
    let summary = csv_bytes(
        // A person opens this in a spreadsheet: Chinese headings and values; programs read
        // the codes in results.jsonl.
        &[
            "文件",
            "格式",
            "类型",
            "标题",
            "文号",
            "日期",
            "审查触发事项",
            "必须修改",
            "建议修改",
            "提示",
            "已豁免",
            "问题类别",
            "审查结论",
            "状态",
            "原因",
            "有效期至",
        ],
        &summary_rows,
    )?;
    crate::report::write_atomically(&out.join("summary.csv"), &summary)?;
    let failed_rows: Vec<Vec<&str>> = rows
        .iter()
        .filter(|r| r.failed)
        .map(|r| vec![r.rel.as_str(), r.error.as_deref().unwrap_or("")])
        .collect();
    let failed = csv_bytes(&["文件", "原因"], &failed_rows)?;
    crate::report::write_atomically(&out.join("failed.csv"), &failed)?;
    let related: Vec<String> = cat.iter().map(|c| c.related.join(";")).collect();
    let cat_rows: Vec<Vec<&str>> = cat
        .iter()
        .zip(&related)
        .map(|(c, rel)| vec![c.kind, c.path.as_str(), &c.detail, rel])
        .collect();
    let catalogue = csv_bytes(&["kind", "path", "detail", "related"], &cat_rows)?;
    crate::report::write_atomically(&out.join("catalogue.csv"), &catalogue)?;
    let mut totals = Totals {
        documents: rows.len(),
        checked: rows.iter().filter(|r| !r.failed).count(),
        failed: rows.iter().filter(|r| r.failed).count(),
        findings: [0; 4],
        catalogue: cat.len(),
    };
    for r in &rows {
        for i in 0..4 {
            totals.findings[i] += r.counts[i];
        }
    }
    let html =
        index_html(&rows, &cat, &totals, as_of, laws_as_of).map_err(std::io::Error::other)?;
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
fill('f-type', rows.map(r => r.doc_type_zh));
fill('f-status', rows.map(r => r.status_zh));
fill('f-cat', rows.flatMap(r => r.categories_zh));
function render() {
  const q = f('f-text').value.trim(), t = f('f-type').value, st = f('f-status').value,
        c = f('f-cat').value, sev = f('f-sev').value;
  const shown = rows.filter(r =>
    (!q || (r.rel + r.title + r.doc_number).includes(q)) && (!t || r.doc_type_zh === t) &&
    (!st || r.status_zh === st) && (!c || r.categories_zh.includes(c)) &&
    (!sev || r[sev] > 0));
  shown.sort((a, b) => (a[sortKey] > b[sortKey] ? 1 : a[sortKey] < b[sortKey] ? -1 : 0) * sortDir);
  tbody.replaceChildren(...shown.map(r => {
    const tr = document.createElement('tr');
    const cells = [r.rel, r.doc_type_zh, r.title, r.doc_number, r.date, r.error, r.warning, r.info,
                   r.conclusion_zh, r.status === 'failed' ? '无法审查：' + r.reason : r.categories_zh.join('、')];
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

/// index.html: rendered by minijinja with HTML auto-escaping; the table's data is embedded
/// with `tojson`, which writes `<`, `>`, `&` and `'` as \u escapes, so no title can end
/// the script element or open a comment (`<!--`) inside it.
const INDEX: &str = r#"<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>规范性文件目录审查报告</title>
<style>{{ css|safe }}</style>
</head>
<body>
<h1>规范性文件目录审查报告</h1>
<p class="note">法审（fashen）{{ version }} 机器初审；目录检查基准日 {{ as_of }}；法律数据库截至 {{ laws_as_of }}。结果须经审查人员确认。</p>
<div class="totals"><div><b>{{ t.documents }}</b>文件</div><div><b>{{ t.checked }}</b>已审查</div><div><b>{{ t.failed }}</b>无法审查</div><div><b>{{ t.error }}</b>必须修改</div><div><b>{{ t.warning }}</b>建议修改</div><div><b>{{ t.info }}</b>提示</div><div><b>{{ t.waived }}</b>已豁免</div><div><b>{{ t.catalogue }}</b>目录问题</div></div>
<h2>文件</h2>
<div class="filters"><input id="f-text" placeholder="搜索路径、标题、文号"><select id="f-type"><option value="">全部类型</option></select><select id="f-status"><option value="">全部状态</option></select><select id="f-cat"><option value="">全部问题类别</option></select><select id="f-sev"><option value="">全部严重程度</option><option value="error">有必须修改</option><option value="warning">有建议修改</option><option value="info">有提示</option></select><span id="count" class="note"></span></div>
<table id="docs"><thead><tr><th data-k="rel">文件</th><th data-k="doc_type_zh">类型</th><th data-k="title">标题</th><th data-k="doc_number">文号</th><th data-k="date">日期</th><th data-k="error">必须修改</th><th data-k="warning">建议修改</th><th data-k="info">提示</th><th data-k="conclusion_zh">结论</th><th>问题类别 / 原因</th></tr></thead><tbody></tbody></table>
<h2>目录检查</h2>
{% if catalogue %}<table><thead><tr><th>问题</th><th>文件</th><th>说明</th><th>相关文件</th></tr></thead><tbody>
{% for c in catalogue %}<tr><td>{{ c.kind }}</td><td>{{ c.path }}</td><td>{{ c.detail }}</td><td>{{ c.related }}</td></tr>
{% endfor %}</tbody></table>
{% else %}<p>未发现目录层面的问题。</p>
{% endif %}{% if failed %}<h2>无法审查的文件</h2>
<table><thead><tr><th>文件</th><th>原因</th></tr></thead><tbody>
{% for f in failed %}<tr class="failed"><td>{{ f.rel }}</td><td>{{ f.reason }}</td></tr>
{% endfor %}</tbody></table>
{% endif %}<script type="application/json" id="data">{{ rows|tojson }}</script>
<script>{{ script|safe }}</script>
</body>
</html>
"#;

fn index_html(
    rows: &[Row],
    cat: &[CatalogueFinding],
    t: &Totals,
    as_of: NaiveDate,
    laws_as_of: &str,
) -> Result<String, minijinja::Error> {
    /// One table row of index.html, borrowed from the summary row.
    #[derive(Serialize)]
    struct IndexRow<'a> {
        rel: &'a str,
        doc_type: &'a str,
        doc_type_zh: &'static str,
        title: &'a str,
        doc_number: &'a str,
        date: &'a str,
        error: usize,
        warning: usize,
        info: usize,
        categories: &'a [String],
        categories_zh: Vec<String>,
        conclusion_zh: &'static str,
        status: &'static str,
        status_zh: &'static str,
        reason: &'a str,
        memo: String,
    }
    #[derive(Serialize)]
    struct CatRow<'a> {
        kind: &'a str,
        path: &'a str,
        detail: &'a str,
        related: String,
    }
    #[derive(Serialize)]
    struct Failed<'a> {
        rel: &'a str,
        reason: &'a str,
    }
    let data: Vec<IndexRow> = rows
        .iter()
        .map(|r| IndexRow {
            rel: &r.rel,
            doc_type: &r.doc_type,
            doc_type_zh: doc_type_zh(r),
            title: &r.title,
            doc_number: &r.doc_number,
            date: &r.date,
            error: r.counts[0],
            warning: r.counts[1],
            info: r.counts[2],
            categories: &r.categories,
            categories_zh: categories_zh(r),
            conclusion_zh: conclusion_zh(r),
            status: r.status(),
            status_zh: status_zh(r),
            reason: r.error.as_deref().unwrap_or(""),
            memo: r
                .memo
                .as_ref()
                .filter(|_| !r.failed)
                .map(|m| crate::report::sarif::uri(&format!("{MEMOS}/{m}")))
                .unwrap_or_default(),
        })
        .collect();
    let catalogue: Vec<CatRow> = cat
        .iter()
        .map(|c| CatRow {
            kind: KIND_ZH
                .iter()
                .find(|(k, _)| *k == c.kind)
                .map_or(c.kind, |(_, v)| v),
            path: &c.path,
            detail: &c.detail,
            related: c.related.join("；"),
        })
        .collect();
    let failed: Vec<Failed> = rows
        .iter()
        .filter(|r| r.failed)
        .map(|r| Failed {
            rel: &r.rel,
            reason: r.error.as_deref().unwrap_or(""),
        })
        .collect();
    let mut env = minijinja::Environment::new();
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
    env.add_template("index.html", INDEX)?;
    env.get_template("index.html")?.render(minijinja::context! {
        css => CSS,
        script => SCRIPT,
        version => env!("CARGO_PKG_VERSION"),
        as_of => as_of.to_string(),
        laws_as_of => laws_as_of,
        t => minijinja::context! {
            documents => t.documents, checked => t.checked, failed => t.failed,
            error => t.findings[0], warning => t.findings[1], info => t.findings[2],
            waived => t.findings[3], catalogue => t.catalogue,
        },
        catalogue => minijinja::Value::from(minijinja::value::Serde(&catalogue)),
        failed => minijinja::Value::from(minijinja::value::Serde(&failed)),
        rows => minijinja::Value::from(minijinja::value::Serde(&data)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memo_names_are_unique_safe_and_stable() {
        let a = memo_name("a/b_c.txt");
        let b = memo_name("a_b/c.txt");
        assert_ne!(a, b);
        assert_eq!(a, memo_name("a/b_c.txt"));
        assert_eq!(memo_name("通知.docx"), "通知.docx.html");
        assert_ne!(memo_name("A.txt"), memo_name("a.txt"));
        let deep = format!(
            "{}/{}/{}/通知.docx",
            "关".repeat(60),
            "于".repeat(60),
            "印".repeat(60)
        );
        let n = memo_name(&deep);
        assert!(n.len() <= 255, "{}", n.len());
        assert!(!n.contains('/'));
    }

    #[test]
    fn csv_cells_that_start_a_formula_are_quoted() {
        for bad in ["=1+1", "+cmd", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert!(csv_cell(bad).starts_with('\''), "{bad}");
        }
        assert_eq!(csv_cell("合同.docx"), "合同.docx");
    }
}
