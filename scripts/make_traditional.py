#!/usr/bin/env python3
"""Writes a Traditional Chinese variant of a Simplified text, for tests of the Traditional
reader (tests/fixtures/traditional/). The table is the one fashen reads with: the
Traditional → Simplified character table of the fast2s crate (src/t2s.txt in its source),
inverted. A Simplified character with one Traditional form takes it; one with several takes
the form PREFER names, or stays as it is. Every converted character is checked to convert
back, so fashen's reading of the variant is the original text again.

    python3 scripts/make_traditional.py ~/.cargo/registry/src/*/fast2s-0.3.1/src/t2s.txt \\
        corpus/drafts/X.txt > tests/fixtures/traditional/X.txt
"""

import sys
from collections import defaultdict

# Several Traditional forms: the one legal and administrative text uses.
PREFER = {
    "后": "後", "发": "發", "历": "歷", "台": "臺", "钟": "鐘", "征": "徵", "余": "餘",
    "范": "範", "获": "獲", "汇": "匯", "复": "復", "于": "於", "划": "劃", "几": "幾",
    "尽": "盡", "团": "團", "冲": "衝", "据": "據", "采": "採", "当": "當", "斗": "鬥",
    "坛": "壇", "厂": "廠", "签": "簽", "须": "須", "适": "適", "术": "術", "筑": "築",
    "庄": "莊", "价": "價", "夸": "誇", "胜": "勝", "恶": "惡", "荡": "蕩", "纤": "纖",
    "脏": "髒", "级": "級", "检": "檢", "证": "證", "权": "權", "务": "務", "营": "營",
    "为": "為", "乡": "鄉", "关": "關", "场": "場", "录": "錄", "总": "總", "构": "構",
    "辞": "辭", "阅": "閱",
}
# One Traditional form in the table, but a rare variant or another word: stays as it is.
KEEP = set("了千合向扣效斤照准制注游仿局管系强干里只面松谷台占布借出才表致周郁云丑卷舍朴仆折志")


def main(table_path, text_path):
    back = {}
    forms = defaultdict(list)
    for line in open(table_path, encoding="utf-8"):
        parts = line.split()
        if len(parts) != 2:
            continue
        t, s = parts
        back[t] = s
        if t != s:
            forms[s].append(t)
    out = []
    for c in open(text_path, encoding="utf-8").read():
        cands = forms.get(c, [])
        t = PREFER.get(c) if len(cands) > 1 else (cands[0] if cands else None)
        if c in KEEP:
            t = None
        # A character that is itself a key (a Traditional form of something else) stays.
        if t and back.get(t) == c and c not in back:
            out.append(t)
        else:
            out.append(c)
    sys.stdout.write("".join(out))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
