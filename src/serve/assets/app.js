// 法审 review page. Vanilla JS, no external resources. All document text reaches the DOM
// through textContent and text nodes only, never as markup, so nothing in a draft can run.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);

  const SEVERITIES = [
    ["error", "必须修改"],
    ["warning", "建议修改"],
    ["info", "提示"],
  ];
  const DOC_TYPES = {
    contract: "合同（协议）",
    normative: "行政规范性文件",
    decision: "行政执法决定",
    other: "其他文件",
  };
  const CONCLUSIONS = { pass: "建议通过", revise: "修改后通过", reject: "不予通过" };
  const TRIGGERS = {
    state_assets: "国有资产",
    fiscal_funds: "财政资金",
    natural_resources: "自然资源",
    public_resources: "公共资源",
  };
  const PARTS = {
    header: "页眉",
    footer: "页脚",
    footnote: "脚注",
    endnote: "尾注",
    comment: "批注",
    metadata: "元数据",
  };
  const ACCEPT = ["docx", "pdf", "ofd", "txt"];

  const state = {
    file: null,
    report: null,
    doc: null,
    rules: null,
    // Waivers set in this review: {index, rule, match, reason}.
    waivers: [],
    expanded: new Set(),
    current: null,
    authRequired: false,
    maxUpload: 0,
    running: false,
  };

  // Builds an element; string children become text nodes.
  function el(tag, props, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === "class") e.className = v;
      else if (k === "text") e.textContent = v;
      else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? "" : String(v));
    }
    for (const c of children) {
      if (c === null || c === undefined || c === false) continue;
      e.append(typeof c === "string" ? document.createTextNode(c) : c);
    }
    return e;
  }

  function setStatus(text, isError) {
    const s = $("status");
    s.textContent = text;
    s.classList.toggle("error", !!isError);
  }

  function sizeText(n) {
    if (n >= 1024 * 1024) return (n / 1024 / 1024).toFixed(1) + " MB";
    if (n >= 1024) return Math.round(n / 1024) + " KB";
    return n + " 字节";
  }

  // 第三章 第十二条第二款 — articles and their parts run together, as a lawyer cites them.
  function pathText(path) {
    let s = "";
    (path || []).forEach((p, i) => {
      const joins = /[款项目]$/.test(p);
      if (i > 0 && !joins) s += " ";
      s += p;
    });
    return s;
  }

  function placeText(loc) {
    if (loc.page != null) return `第${loc.page}页` + (loc.line != null ? `第${loc.line}行` : "");
    if (loc.paragraph != null) return `第${loc.paragraph + 1}段`;
    if (loc.line != null) return `第${loc.line}行`;
    return "";
  }

  function locationText(loc) {
    const part = PARTS[loc.part] || "";
    const s = [pathText(loc.path), (part ? part + " " : "") + placeText(loc)]
      .map((x) => x.trim())
      .filter(Boolean)
      .join(" · ");
    return s || "全文";
  }

  function authHeaders() {
    const t = $("token").value.trim();
    return t ? { Authorization: "Bearer " + t } : {};
  }

  function query(extra) {
    const q = new URLSearchParams();
    const dt = $("doc-type").value;
    if (dt !== "auto") q.set("doc_type", dt);
    const asOf = $("as-of").value;
    if (asOf) q.set("as_of", asOf);
    const j = $("jurisdiction").value;
    if (j) q.set("jurisdiction", j);
    for (const [k, v] of Object.entries(extra || {})) q.set(k, v);
    const s = q.toString();
    return s ? "?" + s : "";
  }

  function waiverList() {
    return state.waivers.map((w) => ({ rule: w.rule, match: w.match || null, reason: w.reason }));
  }

  async function apiError(r) {
    let msg = `请求失败（HTTP ${r.status}）`;
    try {
      const j = await r.json();
      if (j && j.error && j.error.message) msg = j.error.message;
    } catch (e) {
      /* not JSON */
    }
    const retry = r.headers.get("Retry-After");
    if (r.status === 503 && retry) msg += `，请在 ${retry} 秒后重试`;
    if (r.status === 401) {
      $("token-row").hidden = false;
      msg += "（请在上方填写访问口令）";
    }
    return new Error(msg);
  }

  async function post(path, extra) {
    const form = new FormData();
    form.append("file", state.file, state.file.name);
    if (state.waivers.length) form.append("waivers", JSON.stringify(waiverList()));
    const r = await fetch(path + query(extra), {
      method: "POST",
      body: form,
      headers: authHeaders(),
    });
    if (!r.ok) throw await apiError(r);
    return r;
  }

  async function loadRules() {
    if (state.rules) return;
    try {
      const r = await fetch("/api/v1/rules", { headers: authHeaders() });
      if (!r.ok) return;
      const j = await r.json();
      state.rules = {};
      for (const rule of j.rules) state.rules[rule.id] = rule;
      fillJurisdictions(j.jurisdictions || []);
    } catch (e) {
      /* names fall back to rule ids */
    }
  }

  // The jurisdiction profiles the service knows, once (全国 is the default, not a choice).
  function fillJurisdictions(list) {
    const sel = $("jurisdiction");
    if (sel.options.length > 1) return;
    for (const p of list) {
      if (p.id === "national") continue;
      sel.append(el("option", { value: p.id, text: p.name }));
    }
  }

  function choose(file) {
    if (!file) return;
    const ext = (file.name.includes(".") ? file.name.split(".").pop() : "").toLowerCase();
    if (ext === "doc" || ext === "wps") {
      setStatus(`“${file.name}”是旧版 Word/WPS 格式：请先另存为 .docx 再上传。`, true);
      return;
    }
    if (!ACCEPT.includes(ext)) {
      setStatus(`不支持“${file.name}”：请选择 .docx、.pdf、.ofd 或 .txt 文件。`, true);
      return;
    }
    if (state.maxUpload && file.size > state.maxUpload) {
      setStatus(`“${file.name}”有 ${sizeText(file.size)}，超过上传上限 ${sizeText(state.maxUpload)}。`, true);
      return;
    }
    state.file = file;
    state.report = null;
    state.doc = null;
    state.waivers = [];
    state.expanded.clear();
    state.current = null;
    $("chosen").textContent = `已选择：${file.name}（${sizeText(file.size)}）`;
    $("run").disabled = false;
    $("results").hidden = true;
    $("doc").hidden = true;
    setStatus("已选择文件，请点击“开始审查”。");
  }

  function busy(on) {
    state.running = on;
    for (const id of ["run", "dl-memo", "dl-annot"]) {
      const b = $(id);
      if (on) b.disabled = true;
    }
    if (!on) {
      $("run").disabled = !state.file;
      $("dl-memo").disabled = !state.report;
      const d = state.report && state.report.documents[0];
      $("dl-annot").disabled = !(d && d.format === "docx");
    }
  }

  async function runReview(focusIndex) {
    if (!state.file || state.running) return;
    busy(true);
    setStatus(`正在审查“${state.file.name}”……`);
    try {
      await loadRules();
      // One after the other: a service run with a single worker and no queue still answers.
      const report = await (await post("/api/v1/review")).json();
      const doc = state.doc || (await (await post("/api/v1/extract")).json());
      state.report = report;
      state.doc = doc;
      render();
      const c = report.summary.findings;
      setStatus(
        `审查完成：必须修改 ${c.error} 项，建议修改 ${c.warning} 项，提示 ${c.info} 项` +
          (c.waived ? `，已豁免 ${c.waived} 项` : "") +
          "。"
      );
      if (focusIndex != null) {
        const head = document.querySelector(`#f-${focusIndex} .finding-head`);
        if (head) head.focus();
      } else {
        $("results").focus();
      }
    } catch (e) {
      setStatus(e.message, true);
    } finally {
      busy(false);
    }
  }

  function field(dl, label, value, cls) {
    dl.append(el("dt", { text: label }), el("dd", { class: cls, text: value || "—" }));
  }

  function render() {
    const d = state.report.documents[0];
    const doc = state.doc;
    const meta = $("meta");
    meta.replaceChildren();
    field(meta, "文件", d.path);
    field(meta, "标题", d.title);
    field(
      meta,
      "文件类型",
      (DOC_TYPES[d.doc_type] || d.doc_type) +
        (doc && doc.doc_type_evidence && doc.doc_type_evidence.length
          ? `（${doc.doc_type_evidence.join("；")}）`
          : "")
    );
    field(meta, "文号", d.doc_number);
    field(meta, "发文机关", d.issuer);
    field(meta, "日期", d.date);
    field(meta, "审查结论", CONCLUSIONS[d.conclusion] || d.conclusion, "conclusion-" + d.conclusion);
    for (const w of d.warnings || []) field(meta, "读取提示", w);

    const tr = $("triggers");
    tr.replaceChildren();
    if (d.review_mandatory) {
      tr.append(el("span", { class: "flag mandatory", text: "依规定必须进行合法性审查" }));
      const ul = el("ul");
      for (const t of d.triggers) {
        ul.append(
          el(
            "li",
            null,
            el("strong", { text: TRIGGERS[t.kind] || t.kind }),
            `：${t.name}（“${t.evidence}”，${locationText(t.location)}）`
          )
        );
      }
      tr.append(ul);
    } else {
      tr.append(el("span", { class: "flag none", text: "未发现必须审查的触发事项" }));
    }

    const note = $("waiver-note");
    note.hidden = state.waivers.length === 0;
    note.textContent = `本次审查设置了 ${state.waivers.length} 项豁免；下载的意见书会列明豁免理由，批注版不再标注已豁免的问题。`;

    const groups = $("groups");
    groups.replaceChildren();
    const findings = d.findings.map((f, i) => [f, i]);
    if (findings.length === 0) {
      groups.append(el("p", { class: "empty", text: "未发现问题。" }));
    }
    for (const [sev, name] of SEVERITIES) {
      const items = findings.filter(([f]) => f.severity === sev);
      if (items.length === 0) continue;
      const ol = el("ol", { class: "findings" });
      for (const [f, i] of items) ol.append(findingItem(f, i));
      groups.append(
        el(
          "div",
          { class: "group sev-" + sev },
          el("h3", null, name, el("span", { class: "count", text: `（${items.length} 项）` })),
          ol
        )
      );
    }
    renderDoc();
    $("results").hidden = false;
    $("doc").hidden = false;
    if (state.current != null) showInDoc(state.current, false);
  }

  // The excerpt with the matched words marked.
  function marked(text, match) {
    const at = match ? text.indexOf(match) : -1;
    if (at < 0) return [text];
    return [text.slice(0, at), el("mark", { text: match }), text.slice(at + match.length)];
  }

  function findingItem(f, i) {
    const rule = state.rules && state.rules[f.rule];
    const bodyId = `f-${i}-body`;
    const open = state.expanded.has(i);
    const li = el("li", {
      id: `f-${i}`,
      class: `finding sev-${f.severity}` + (f.waived ? " waived" : "") + (state.current === i ? " current" : ""),
    });
    const head = el(
      "button",
      {
        type: "button",
        class: "finding-head",
        "aria-expanded": open ? "true" : "false",
        "aria-controls": bodyId,
        onclick: () => toggle(i),
      },
      el("span", { class: "rule", text: f.rule }),
      el("span", { class: "name", text: rule ? rule.name : f.category }),
      f.waived ? el("span", { class: "waived-tag", text: "已豁免" }) : null,
      el("span", { class: "loc", text: locationText(f.location) })
    );
    const body = el("div", { class: "finding-body", id: bodyId, hidden: !open });
    if (f.excerpt) {
      body.append(el("p", { class: "excerpt" }, el("span", { class: "label", text: "原文" }), ...marked(f.excerpt, f.match)));
    }
    body.append(el("p", null, el("span", { class: "label", text: "问题" }), f.message));
    if (f.basis && f.basis.length) {
      const ul = el("ul", { class: "basis" });
      for (const b of f.basis) {
        ul.append(
          el(
            "li",
            null,
            `《${b.law}》${b.article}`,
            b.text ? el("blockquote", { text: b.text }) : null
          )
        );
      }
      body.append(el("p", null, el("span", { class: "label", text: "依据" })), ul);
    }
    body.append(el("p", null, el("span", { class: "label", text: "建议" }), f.suggestion));
    if (f.precedents && f.precedents.length) {
      const p = f.precedents[0];
      const title = (p.source_title || "").split("—")[0].trim();
      const text = `${p.published_by}${title ? `《${title}》` : ""}认定：${p.finding}`;
      body.append(
        el("p", null, el("span", { class: "label", text: "类似案例" }),
          /^https?:\/\//.test(p.source_url || "") ? el("a", { href: p.source_url, target: "_blank", rel: "noopener", text }) : text)
      );
    }

    const actions = el("div", { class: "actions" });
    if (f.location && f.location.block != null) {
      actions.append(
        el("button", { type: "button", class: "show", text: "在原文中查看", onclick: () => showInDoc(i, true) })
      );
    }
    const mine = state.waivers.find((w) => w.index === i);
    if (f.waived) {
      body.append(el("p", null, el("span", { class: "label", text: "已豁免" }), f.waived));
      if (mine) {
        actions.append(el("button", { type: "button", text: "撤销豁免", onclick: () => unwaive(i) }));
      }
      body.append(actions);
    } else {
      const formId = `w-${i}`;
      const reason = el("input", {
        type: "text",
        required: true,
        "aria-label": "豁免理由",
        placeholder: "豁免理由（必填），如：经核实有上位法依据",
      });
      const form = el(
        "form",
        {
          class: "waive-form",
          id: formId,
          hidden: true,
          onsubmit: (e) => {
            e.preventDefault();
            const r = reason.value.trim();
            if (!r) {
              reason.focus();
              return;
            }
            waive(i, f, r);
          },
        },
        reason,
        el("button", { type: "submit", text: "确认豁免" }),
        el("button", {
          type: "button",
          text: "取消",
          onclick: () => {
            form.hidden = true;
            waiveButton.focus();
          },
        })
      );
      const waiveButton = el("button", {
        type: "button",
        text: "豁免……",
        "aria-controls": formId,
        onclick: () => {
          form.hidden = false;
          reason.focus();
        },
      });
      actions.append(waiveButton);
      body.append(actions, form);
    }
    li.append(head, body);
    return li;
  }

  function toggle(i) {
    const li = $(`f-${i}`);
    const head = li.querySelector(".finding-head");
    const body = li.querySelector(".finding-body");
    const open = body.hidden;
    body.hidden = !open;
    head.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) state.expanded.add(i);
    else state.expanded.delete(i);
    if (open) showInDoc(i, false);
  }

  // Highlights finding i's paragraph in the document text; `focus` moves the keyboard there.
  function showInDoc(i, focus) {
    const f = state.report.documents[0].findings[i];
    if (!f) return;
    state.current = i;
    for (const e of document.querySelectorAll(".finding.current, .block.current")) e.classList.remove("current");
    const li = $(`f-${i}`);
    if (li) li.classList.add("current");
    const b = f.location && f.location.block != null ? $(`b-${f.location.block}`) : null;
    if (!b) return;
    b.classList.add("current");
    // Scroll the text pane only, not the page around it.
    const pane = $("doc-body");
    pane.scrollTop = Math.max(0, b.offsetTop - (pane.clientHeight - b.offsetHeight) / 2);
    if (focus) b.focus({ preventScroll: true });
  }

  function renderDoc() {
    const body = $("doc-body");
    body.replaceChildren();
    const spans = new Map();
    for (const f of state.report.documents[0].findings) {
      const b = f.location && f.location.block;
      if (b == null || !f.span || f.span[1] <= f.span[0]) continue;
      if (!spans.has(b)) spans.set(b, []);
      spans.get(b).push(f.span);
    }
    const blocks = (state.doc && state.doc.blocks) || [];
    if (blocks.length === 0) body.append(el("p", { class: "empty", text: "没有读到文字。" }));
    blocks.forEach((b, i) => {
      const p = el("p", {
        id: `b-${i}`,
        tabindex: "-1",
        class: "block" + (b.part !== "body" ? " other-part" : "") + (spans.has(i) ? " has-finding" : ""),
      });
      // The path is in the text itself (第三条, 一、); the place tells where to look.
      const part = PARTS[b.part];
      const where = [part, placeText(b)].filter(Boolean).join(" ");
      if (where) p.append(el("span", { class: "where", text: where }));
      p.append(...markSpans(b.text, spans.get(i) || []));
      body.append(p);
    });
  }

  // Text with the given [start, end) character ranges (code points, as the report counts)
  // marked; overlapping ranges merged.
  function markSpans(text, ranges) {
    if (ranges.length === 0) return [text];
    const chars = Array.from(text);
    const sorted = ranges.map((r) => [r[0], Math.min(r[1], chars.length)]).sort((a, b) => a[0] - b[0]);
    const merged = [];
    for (const r of sorted) {
      const last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push(r);
    }
    const out = [];
    let at = 0;
    for (const [s, e] of merged) {
      if (s > at) out.push(chars.slice(at, s).join(""));
      if (e > s) out.push(el("mark", { text: chars.slice(s, e).join("") }));
      at = Math.max(at, e);
    }
    if (at < chars.length) out.push(chars.slice(at).join(""));
    return out;
  }

  function waive(i, f, reason) {
    state.waivers = state.waivers.filter((w) => w.index !== i);
    state.waivers.push({ index: i, rule: f.rule, match: f.match, reason });
    state.expanded.add(i);
    runReview(i);
  }

  function unwaive(i) {
    state.waivers = state.waivers.filter((w) => w.index !== i);
    runReview(i);
  }

  function filenameFrom(cd) {
    if (!cd) return null;
    const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
    if (star) {
      try {
        return decodeURIComponent(star[1]);
      } catch (e) {
        /* fall through */
      }
    }
    const plain = /filename="([^"]+)"/i.exec(cd);
    return plain ? plain[1] : null;
  }

  async function download(path, extra, fallback) {
    if (!state.file || state.running) return;
    busy(true);
    setStatus("正在生成文件……");
    try {
      const r = await post(path, extra);
      const blob = await r.blob();
      const name = filenameFrom(r.headers.get("Content-Disposition")) || fallback;
      const url = URL.createObjectURL(blob);
      const a = el("a", { href: url, download: name });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
      setStatus(`已下载“${name}”。`);
    } catch (e) {
      setStatus(e.message, true);
    } finally {
      busy(false);
    }
  }

  async function init() {
    const token = sessionStorage.getItem("fashen-token");
    if (token) $("token").value = token;
    $("token").addEventListener("change", () => {
      sessionStorage.setItem("fashen-token", $("token").value.trim());
      state.rules = null;
    });
    try {
      const h = await (await fetch("/healthz")).json();
      state.authRequired = !!h.auth_required;
      state.maxUpload = h.max_upload || 0;
      $("token-row").hidden = !state.authRequired;
      const v = await (await fetch("/version")).json();
      $("version").textContent = `版本 ${v.version} · 规则包 ${v.rules_digest} · 法律数据库截至 ${v.laws_as_of}`;
    } catch (e) {
      setStatus("无法连接审查服务。", true);
    }
    $("file").addEventListener("change", (e) => choose(e.target.files[0]));
    const drop = $("drop");
    drop.addEventListener("dragover", (e) => {
      e.preventDefault();
      drop.classList.add("over");
    });
    drop.addEventListener("dragleave", () => drop.classList.remove("over"));
    drop.addEventListener("drop", (e) => {
      e.preventDefault();
      drop.classList.remove("over");
      if (e.dataTransfer && e.dataTransfer.files.length) choose(e.dataTransfer.files[0]);
    });
    // A file dropped outside the zone must not make the browser leave the page.
    window.addEventListener("dragover", (e) => e.preventDefault());
    window.addEventListener("drop", (e) => e.preventDefault());
    loadRules();
    for (const id of ["doc-type", "as-of", "jurisdiction"]) {
      $(id).addEventListener("change", () => {
        state.doc = null;
      });
    }
    $("run").addEventListener("click", () => runReview(null));
    $("dl-memo").addEventListener("click", () => download("/api/v1/memo", { format: "docx" }, "审查意见书.docx"));
    $("dl-annot").addEventListener("click", () => download("/api/v1/annotate", {}, "批注版.docx"));
    busy(false);
  }

  init();
})();
