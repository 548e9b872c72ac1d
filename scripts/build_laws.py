#!/usr/bin/env python3
"""Build the law-status database shipped in rules/laws/ from the team's legal material.

    python3 scripts/build_laws.py ../shared

Inputs (all under SHARED/legal/, provenance in SHARED/legal/SOURCES.md):
  law_status_index.csv            one row per (source, version): status, dates, short title
  index/flk_index_ansvar.csv      flk.npc.gov.cn records: official status, dates, article counts
  index/npc_current_laws_*.csv    NPC 现行有效法律目录 (as of its date)
  index/repealed_and_superseded.csv  curated repeals with the repealing provision
  laws/**.md                      full texts (LawRefBook @2f4c5c23): article counts and texts

Outputs (deterministic: same inputs, same bytes):
  rules/laws/laws.json      one entry per law: title, short names, level, status, repeal,
                            versions (date, effective, articles, status), sources, notes
  rules/laws/articles.json  article texts of the laws with a full text, per version
Where sources disagree the entry says so in `notes`; nothing is guessed.
"""

import csv
import json
import re
import sys
from pathlib import Path

VERSION_SUFFIX = re.compile(r"[（(](\d{4})(修正|修订|年版)?[）)]$")
NUM = "零一二三四五六七八九十百千"


def base_title(title):
    t = title.strip()
    m = VERSION_SUFFIX.search(t)
    return (t[: m.start()] if m else t), (m.group(1) if m else None)


def short_of(title):
    return title[len("中华人民共和国"):] if title.startswith("中华人民共和国") else title


def chinese_number(s):
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")}
    units = {"十": 10, "百": 100, "千": 1000}
    total, cur = 0, 0
    for c in s:
        if c in digits:
            cur = digits[c]
        elif c in units:
            total += (cur or 1) * units[c]
            cur = 0
    return total + cur


def status_of_flk(s):
    return {"in_force": "现行有效", "amended": "已修改", "not_yet_in_force": "尚未生效"}.get(s, s)


def read_csv(path):
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f))


ARTICLE = re.compile(r"^第([" + NUM + r"]+)条(?:之([" + NUM + r"]+))?\s+(.*)$")


def parse_text(path):
    """(title, {article number: text}) of a LawRefBook Markdown file."""
    title, arts, cur = None, {}, None
    info_done = False
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("# ") and title is None:
            title = line[2:].strip()
            continue
        if "<!-- INFO END -->" in line:
            info_done = True
            continue
        if not info_done and title is not None and not line.startswith("第"):
            continue
        if not line or line.startswith("#"):
            continue
        m = ARTICLE.match(line)
        if m and not m.group(2):
            cur = chinese_number(m.group(1))
            arts[cur] = m.group(3).strip()
        elif m:
            cur = None  # 第X条之一: kept out of the numbering
        elif cur is not None:
            arts[cur] += "\n" + line
    return title, arts


def main(shared):
    legal = Path(shared) / "legal"
    laws = {}

    def entry(title, level=None):
        base, _ = base_title(title)
        e = laws.setdefault(
            base,
            {
                "title": base,
                "short": [],
                "level": level,
                "status": None,
                "repealed": None,
                "replaced_by": None,
                "repeal_basis": None,
                "verified": "unverified",
                "versions": {},
                "sources": set(),
                "notes": [],
                "_statuses": [],
            },
        )
        if level and not e["level"]:
            e["level"] = level
        s = short_of(base)
        if s != base and s not in e["short"]:
            e["short"].append(s)
        return e

    def version(e, date, effective=None, articles=None, status=None, source=None):
        if not date:
            return None
        v = e["versions"].setdefault(
            date, {"date": date, "effective": None, "articles": None, "status": None, "sources": set()}
        )
        if effective and not v["effective"]:
            v["effective"] = effective
        if articles:
            if v["articles"] and v["articles"] != articles:
                e["notes"].append(f"{date} 版条文数：{source} 为 {articles}，另一来源为 {v['articles']}")
            v["articles"] = v["articles"] or articles
        if status and not v["status"]:
            v["status"] = status
        if source:
            v["sources"].add(source)
        return v

    for r in read_csv(legal / "law_status_index.csv"):
        e = entry(r["title"], r["level"])
        if r["short_title"] and r["short_title"] not in e["short"] and r["short_title"] != e["title"]:
            e["short"].append(r["short_title"])
        src = r["source"].split(" via ")[0].split(" @")[0].split(" db")[0][:60]
        e["sources"].add(src)
        status = r["status"].split("(")[0]
        e["_statuses"].append((status, r["source"], r["verified"]))
        version(e, r["version_date"], r["effective_date"], status=None, source=src)

    for r in read_csv(legal / "index/flk_index_ansvar.csv"):
        level = {"statute": "法律", "administrative_regulation": "行政法规", "departmental_rule": "部门规章"}.get(
            r["type"], r["type"]
        )
        e = entry(r["title"], level)
        e["sources"].add("flk.npc.gov.cn")
        n = int(r["n_provisions"]) if r["n_provisions"].isdigit() else None
        version(e, r["issued_date"], r["in_force_date"], n, status_of_flk(r["status"]), "flk.npc.gov.cn")

    npc = sorted((legal / "index").glob("npc_current_laws_*.csv"))[-1]
    npc_as_of = npc.stem.rsplit("_", 1)[-1]
    npc_titles = {r["title"] for r in read_csv(npc)}
    for t in npc_titles:
        e = entry(t, "法律")
        e["sources"].add(f"NPC 现行有效法律目录 {npc_as_of}")

    texts = {}
    for path in sorted((legal / "laws").rglob("*.md")):
        title, arts = parse_text(path)
        m = re.search(r"\((\d{4}-\d{2}-\d{2})\)\.md$", path.name)
        if path.parent.name == "民法典":
            title, date = "中华人民共和国民法典", "2020-05-28"
        else:
            date = m.group(1) if m else None
        if not title or not date:
            continue
        e = entry(title)
        key = (e["title"], date)
        texts.setdefault(key, {}).update(arts)
    for (title, date), arts in sorted(texts.items()):
        e = laws[title]
        v = version(e, date, source="LawRefBook 全文")
        counted = max(arts) if arts else None
        if v["articles"] and counted and v["articles"] != counted:
            e["notes"].append(f"{date} 版：全文数得 {counted} 条，flk 记为 {v['articles']} 条；以全文为准")
        v["articles"] = counted or v["articles"]
        v["text"] = True

    for r in read_csv(legal / "index/repealed_and_superseded.csv"):
        # 政府购买服务管理办法（暂行）(财综〔2014〕96号): the 文号 is not part of the title.
        m = re.match(r"^(.*?)[（(]([^（）()]*(?:〔|令第)[^（）()]*)[）)]$", r["title"])
        # Unless a new instrument carries the same title (财政部令第18号 → 第87号).
        if m and r["replaced_by"].startswith(m.group(1)):
            m = None
        if m:
            r["title"] = m.group(1)
        e = entry(r["title"], r["level"])
        if m:
            e["doc_number"] = m.group(2)
        _, year = base_title(r["title"])
        verified = "UNVERIFIED" not in r["verified"] and "unverified)" not in r["verified"].split(";")[0]
        rec = {
            "date": r["status_date"],
            "replaced_by": r["replaced_by"],
            "basis": r["basis"],
            "verified": r["verified"],
        }
        if year:
            # A superseded version of a law still in force (立法法 2015 → 2023).
            dates = sorted(d for d in e["versions"] if d.startswith(year))
            d = dates[0] if dates else f"{year}-01-01"
            v = version(e, d if dates else (r["promulgated"] or d), r["originally_effective"] or None,
                        source="curated repealed_and_superseded.csv")
            v["superseded"] = rec
        else:
            e["status"] = "已废止"
            e["repealed"] = r["status_date"][:10] if re.match(r"\d{4}-\d{2}-\d{2}", r["status_date"]) else None
            e["replaced_by"] = r["replaced_by"]
            e["repeal_basis"] = r["basis"]
            e["verified"] = "yes" if verified else "unverified"
            if not verified:
                e["notes"].append(f"废止信息未经核实：{r['verified']}")
            if r["promulgated"]:
                version(e, r["promulgated"][:10], r["originally_effective"] or None,
                        source="curated repealed_and_superseded.csv")
            e["sources"].add("curated repealed_and_superseded.csv")

    # LawRefBook names national laws without 中华人民共和国 (立法法, 关于适用《民法典》…);
    # merge each into the entry with the full title.
    by_key = {}
    for title in sorted(laws, key=lambda t: (-t.count("中华人民共和国"), t)):
        by_key.setdefault(title.replace("中华人民共和国", ""), title)
    for title in sorted(laws):
        full = by_key[title.replace("中华人民共和国", "")]
        if full != title:
            e, into = laws.pop(title), laws[full]
            for k in ("level", "status", "repealed", "replaced_by", "repeal_basis"):
                into[k] = into[k] or e[k]
            if into["verified"] == "unverified":
                into["verified"] = e["verified"]
            into["sources"] |= e["sources"]
            into["_statuses"] += e["_statuses"]
            into["notes"] += e["notes"]
            for d, v in e["versions"].items():
                w = version(into, d, v["effective"], v["articles"], v["status"], None)
                w["sources"] |= v["sources"]
    # LawRefBook files the Civil Code book by book (民法典 合同编); the code is one law.
    for title in [t for t in laws if t.startswith("民法典 ")]:
        laws["中华人民共和国民法典"]["sources"] |= laws.pop(title)["sources"]
    # One curated row covers two interpretations: （一）（二）.
    for title in [t for t in laws if t.endswith("（一）（二）")]:
        e = laws.pop(title)
        for part in ("（一）", "（二）"):
            t = title[: -len("（一）（二）")] + part
            if t in laws:
                for k in ("status", "repealed", "replaced_by", "repeal_basis", "verified"):
                    laws[t][k] = e[k]
                laws[t]["sources"] |= e["sources"]
    for e in laws.values():
        e["versions"] = {d: v for d, v in e["versions"].items() if re.fullmatch(r"\d{4}-\d{2}-\d{2}", d)}

    out = []
    for title in sorted(laws):
        e = laws[title]
        versions = sorted(e["versions"].values(), key=lambda v: v["date"])
        statuses = {s for s, _, _ in e["_statuses"]}
        official = [s for s, src, ver in e["_statuses"] if "flk" in src or "NPC" in src]
        if e["status"] is None:
            newest = versions[-1] if versions else None
            if title in npc_titles:
                e["status"] = "现行有效"
                e["verified"] = "yes"
            elif newest and newest["status"]:
                e["status"] = "现行有效" if newest["status"] == "已修改" else newest["status"]
                e["verified"] = "yes"
            elif official:
                e["status"] = official[-1]
                e["verified"] = "yes"
            elif statuses:
                e["status"] = sorted(statuses)[0]
                e["verified"] = "partial"
            if "非现行" in statuses and e["status"] == "现行有效" and not official:
                e["notes"].append("LawRefBook 标记了非现行版本，现行状态未经官方来源核实")
        if e["status"] == "已修改":
            # The law itself is in force; only older versions are superseded.
            e["status"] = "现行有效"
        if e["status"] == "非现行":
            e["status"] = "状态不明"
            e["notes"].append("仅有 LawRefBook 的“非现行”标记（已修改或已废止），未核实")
        if e["status"] not in ("已废止",) and "已废止" in statuses:
            e["notes"].append("有来源记为已废止，与其他来源不一致")
        vs = []
        for v in versions:
            item = {k: v[k] for k in ("date", "effective", "articles", "status") if v.get(k)}
            if v.get("text"):
                item["text"] = True
            if v.get("superseded"):
                item["superseded"] = v["superseded"]
            item["sources"] = sorted(v["sources"])
            vs.append(item)
        # A version is superseded by the next one from the next one's effective date.
        for a, b in zip(vs, vs[1:]):
            a.setdefault("until", b.get("effective") or b["date"])
        out.append(
            {
                "title": title,
                "short": sorted(set(e["short"])),
                "level": e["level"],
                "status": e["status"],
                "repealed": e["repealed"],
                "replaced_by": e["replaced_by"],
                "repeal_basis": e["repeal_basis"],
                "doc_number": e.get("doc_number"),
                "verified": e["verified"],
                "versions": vs,
                "sources": sorted(e["sources"]),
                "notes": sorted(set(e["notes"])),
            }
        )
    for e in out:
        for k in [k for k, v in e.items() if v in (None, [], "")]:
            del e[k]

    dest = Path(__file__).resolve().parent.parent / "rules" / "laws"
    dest.mkdir(parents=True, exist_ok=True)
    meta = {
        "as_of": npc_as_of,
        "built_from": "shared/legal (law_status_index.csv, index/flk_index_ansvar.csv, "
        f"index/{npc.name}, index/repealed_and_superseded.csv, laws/ @LawRefBook 2f4c5c23)",
        "laws": len(out),
    }
    (dest / "laws.json").write_text(
        json.dumps({"meta": meta, "laws": out}, ensure_ascii=False, indent=0, sort_keys=True) + "\n",
        encoding="utf-8",
    )
    articles = {
        f"{title}@{date}": {str(n): t for n, t in sorted(arts.items())} for (title, date), arts in sorted(texts.items())
    }
    (dest / "articles.json").write_text(
        json.dumps(articles, ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8"
    )
    print(f"{len(out)} laws, {len(articles)} full texts, as of {npc_as_of} → {dest}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared")
