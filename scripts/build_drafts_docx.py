#!/usr/bin/env python3
"""Word versions of the corpus drafts, and the annotation fixture.

    python3 scripts/build_drafts_docx.py [STEM...]

With stems, only those drafts are rebuilt (the others keep their committed bytes).

corpus/drafts/X.txt → corpus/drafts/X.docx: the same text, front matter (标题/文号/发文机关)
turned into the title line, a 文号 line and a closing issuer line as a real document has
them. Consecutive lines with tab-separated cells (a table as plain text exports it) become
a real Word table (w:tbl), the first line its header row. Every paragraph is cut into several runs with different formatting, as Word leaves
text after editing, so extraction and annotation are tested across run boundaries.

tests/fixtures/annotate/runs_and_table.docx: findings whose words span runs (one of them
bold), one inside a table cell, and a paragraph with a tracked deletion before the words.
Needs python-docx.
"""

from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

ROOT = Path(__file__).resolve().parent.parent


def cut(text, n=3):
    """Split text into up to n+1 pieces at fixed fractions (deterministic)."""
    if len(text) < 8:
        return [text]
    points = sorted({len(text) * k // (n + 1) for k in range(1, n + 1)})
    out, last = [], 0
    for p in points:
        out.append(text[last:p])
        last = p
    out.append(text[last:])
    return [x for x in out if x]


def add_runs(par, text):
    for i, piece in enumerate(cut(text)):
        r = par.add_run(piece)
        r.font.size = Pt(16)
        if i % 2 == 1:
            r.font.name = "FangSong"
            r.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋_GB2312")


def add_table(doc, rows):
    cells = [r.split("\t") for r in rows]
    t = doc.add_table(rows=len(cells), cols=max(len(r) for r in cells))
    t.style = "Table Grid"
    for i, row in enumerate(cells):
        for j, text in enumerate(row):
            t.cell(i, j).text = text.strip()


def drafts(stems=()):
    for txt in sorted((ROOT / "corpus" / "drafts").glob("*.txt")):
        if stems and txt.stem not in stems:
            continue
        front, body, in_front = {}, [], True
        for line in txt.read_text(encoding="utf-8").splitlines():
            s = line.strip()
            if in_front and "：" in s and s.split("：", 1)[0] in ("标题", "文号", "发文机关", "来源"):
                k, v = s.split("：", 1)
                front[k] = v
                continue
            in_front = False
            if s or "\t" in line:
                body.append(line.strip(" \u3000") if "\t" in line else s)
        doc = Document()
        doc.core_properties.title = front.get("标题", "")
        doc.core_properties.comments = "variant for testing: " + front.get("来源", "")
        lines = body
        if "文号" in front:
            # 文号 stands under the title in a real document.
            lines = [body[0], front["文号"]] + body[1:]
        if "发文机关" in front and front["发文机关"] not in body:
            lines = lines + [front["发文机关"]]
        rows = []
        for s in lines + [""]:
            if "\t" in s:
                rows.append(s)
                continue
            if rows:
                add_table(doc, rows)
                rows = []
            if s:
                add_runs(doc.add_paragraph(), s)
        out = txt.with_suffix(".docx")
        doc.save(out)
        print(out.relative_to(ROOT))


def tracked_deletion(par, text):
    d = OxmlElement("w:del")
    d.set(qn("w:id"), "1")
    d.set(qn("w:author"), "起草人")
    r = OxmlElement("w:r")
    t = OxmlElement("w:delText")
    t.text = text
    r.append(t)
    d.append(r)
    par._p.append(d)


def fixture():
    doc = Document()
    add_runs(doc.add_paragraph(), "某县人民政府关于加强集贸市场管理的通知")
    p = doc.add_paragraph()
    for piece, bold in (("二、在本县从事短租房经营的，须经县文化", False), ("旅游局批准", True), ("。", False)):
        r = p.add_run(piece)
        r.bold = bold
    t = doc.add_table(rows=2, cols=2)
    t.cell(0, 0).text = "事项"
    t.cell(0, 1).text = "要求"
    t.cell(1, 0).text = "违规经营"
    cell = t.cell(1, 1).paragraphs[0]
    for piece in ("三、违反本通知规定的，由县市场监管局处五千", "元罚款。"):
        cell.add_run(piece)
    p = doc.add_paragraph()
    p.add_run("四、入场经营者应当")
    tracked_deletion(p, "自愿")
    p.add_run("缴纳经营保证金五千元。")
    add_runs(doc.add_paragraph(), "五、本通知自印发之日起施行。")
    out = ROOT / "tests" / "fixtures" / "annotate" / "runs_and_table.docx"
    doc.save(out)
    print(out.relative_to(ROOT))


if __name__ == "__main__":
    import sys

    drafts(tuple(sys.argv[1:]))
    if len(sys.argv) == 1:
        fixture()
