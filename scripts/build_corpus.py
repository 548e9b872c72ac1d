#!/usr/bin/env python3
"""Build corpus/real/ from real public texts in the shared material folder.

Each selected source text is copied as UTF-8 .txt, turned into .docx (python-docx; for
documents structured in 章/条 the labels are removed from the text and produced by real
Word automatic numbering from numbering.xml, chineseCounting "第%1章"/"第%1条"), and
into PDF by LibreOffice (from the .docx) or by reportlab (CID font STSong-Light,
UniGB-UCS2-H). Chinese government documents and laws are not copyrighted (著作权法第五条).

Usage: python3 scripts/build_corpus.py ../shared   (needs python-docx, reportlab, soffice)
"""
import os, re, subprocess, sys, shutil

import docx
from docx.oxml import parse_xml
from docx.shared import Pt

SHARED = sys.argv[1] if len(sys.argv) > 1 else "../shared"
OUT = os.path.join(os.path.dirname(__file__), "..", "corpus", "real")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = 'xmlns:w="%s"' % W

# (stem, source path under shared/, pdf producer: "lo" | "rl" | None)
SELECTION = [
    ("gov_2018_115_legality_review_opinion", "corpus/govcn_2018_2019/35_国办发〔2018〕115号_国务院办公厅关于全面推行行政规范性文件合法性审核机制的指导意见.txt", "lo"),
    ("gov_2018_118_enforcement_review_opinion", "corpus/govcn_2018_2019/13_国办发〔2018〕118号_国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制.txt", "rl"),
    ("gov_2019_5_double_random_opinion", "corpus/govcn_2018_2019/01_国发〔2019〕5号_国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见.txt", "lo"),
    ("gov_2019_6_financing_guarantee_opinion", "corpus/govcn_2018_2019/02_国办发〔2019〕6号_国务院办公厅关于有效发挥政府性融资担保基金作用切实支持小微企业和“三农”发展的指.txt", "rl"),
    ("gov_2019_3_bonded_zones_opinions", "corpus/govcn_2018_2019/05_国发〔2019〕3号_国务院关于促进综合保税区高水平开放高质量发展的若干意见.txt", None),
    ("gov_2018_42_farm_machinery_opinion", "corpus/govcn_2018_2019/15_国发〔2018〕42号_国务院关于加快推进农业机械化和农机装备产业转型升级的指导意见.txt", None),
    ("gov_2018_123_gov_new_media_opinion", "corpus/govcn_2018_2019/17_国办发〔2018〕123号_国务院办公厅关于推进政务新媒体健康有序发展的意见.txt", None),
    ("gov_2018_41_iit_deductions_measures", "corpus/govcn_2018_2019/32_国发〔2018〕41号_国务院关于印发个人所得税专项附加扣除暂行办法的通知.txt", "lo"),
    ("gov_order_707_iit_regulation", "corpus/govcn_2018_2019/33_国令第707号_中华人民共和国个人所得税法实施条例.txt", "lo"),
    ("gov_order_706_patent_agency_regulation", "corpus/govcn_2018_2019/58_国令第706号_专利代理条例.txt", "rl"),
    ("gov_2018_114_fire_rescue_plates_notice", "corpus/govcn_2018_2019/36_国办发〔2018〕114号_国务院办公厅关于国家综合性消防救援车辆悬挂应急救援专用号牌有关事项的通知.txt", None),
    ("gov_2018_39_employment_opinions", "corpus/govcn_2018_2019/39_国发〔2018〕39号_国务院关于做好当前和今后一个时期促进就业工作的若干意见.txt", "lo"),
    ("gov_2018_38_ftz_measures_notice", "corpus/govcn_2018_2019/57_国发〔2018〕38号_国务院关于支持自由贸易试验区深化改革创新若干措施的通知.txt", None),
    ("gov_2018_127_research_autonomy_notice", "corpus/govcn_2018_2019/12_国办发〔2018〕127号_国务院办公厅关于抓好赋予科研机构和人员更大自主权有关文件贯彻落实工作的通知.txt", None),
    ("gov_2018_159_xiongan_plan_reply", "corpus/govcn_2018_2019/14_国函〔2018〕159号_国务院关于河北雄安新区总体规划（2018—2035年）的批复.txt", "rl"),
    ("gov_2006_82_cppcc_proposal_answer", "corpus/govcn_2018_2019/26_国办函〔2006〕82号_国务院办公厅对全国政协十届四次会议第4626号提案的答复.txt", None),
    ("gov_2018_15_holidays_notice", "corpus/govcn_2018_2019/38_国办发明电〔2018〕15号_国务院办公厅关于2019年部分节假日安排的通知.txt", None),
    ("mof_2017_87_purchase_of_services_notice", "corpus/central_normative/财预〔2017〕87号_财政部关于坚决制止地方以政府购买服务名义违法违规融资的通知.txt", "lo"),
    ("zhengzhou_gov_investment_projects_regulation", "corpus/lawrefbook_local_regs/郑州市政府投资项目管理条例(2019-01-22).md", "lo"),
    ("shandong_state_assets_regulation", "corpus/lawrefbook_local_regs/山东省企业国有资产监督管理条例(2011-11-25).md", "rl"),
    ("beijing_bidding_regulation", "corpus/lawrefbook_local_regs/北京市招标投标条例(2021-09-24).md", "lo"),
    ("shanghai_standard_terms_regulation", "corpus/lawrefbook_local_regs/上海市合同格式条款监督条例.md", None),
    ("shandong_fine_limits_rules", "corpus/lawrefbook_local_regs/山东省地方政府规章设定罚款限额规定(2017-07-28).md", "lo"),
]

ARTICLE = re.compile(r"^第([一二三四五六七八九十百零]+)条[\s　]*")
CHAPTER = re.compile(r"^第([一二三四五六七八九十百零]+)章[\s　]*")


def read_source(path):
    text = open(path, encoding="utf-8").read()
    if path.endswith(".md"):
        lines, title = [], None
        for line in text.splitlines():
            if line.startswith("# ") and title is None:
                title = line[2:].strip()
                lines.append(title)
            elif line.strip() == "<!-- INFO END -->" or line.startswith("#"):
                if line.startswith("#") and line.strip("# ").strip():
                    lines.append(line.strip("# ").strip())
            else:
                lines.append(line.strip())
        text = "\n".join(l for l in lines if l)
    return text


def body_lines(text):
    """Lines after the 标题：/文号： front matter."""
    out, front, title = [], True, None
    for line in text.splitlines():
        line = line.strip()
        if front and re.match(r"^(标题|文号|发文机关|来源URL|来源|索引号|成文日期|发布日期)：", line):
            if line.startswith("标题："):
                title = line[3:]
            continue
        front = False
        if line:
            out.append(line)
    # Some sources start with the 文号 only: the document's title goes first, as printed.
    if title and not any(title[:6] in l for l in out[:3]):
        out.insert(0, title)
    return out


def add_numbering(doc):
    numbering = doc.part.numbering_part.element
    art = parse_xml('''<w:abstractNum %s w:abstractNumId="80"><w:multiLevelType w:val="singleLevel"/>
      <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:suff w:val="space"/>
      <w:lvlText w:val="第%%1条"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="640"/></w:pPr>
      <w:rPr><w:rFonts w:eastAsia="黑体"/></w:rPr></w:lvl></w:abstractNum>''' % NS)
    chap = parse_xml('''<w:abstractNum %s w:abstractNumId="81"><w:multiLevelType w:val="singleLevel"/>
      <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:suff w:val="space"/>
      <w:lvlText w:val="第%%1章"/><w:lvlJc w:val="center"/></w:lvl></w:abstractNum>''' % NS)
    first = numbering.find("{%s}num" % W)
    for a in (art, chap):
        if first is not None:
            first.addprevious(a)
        else:
            numbering.append(a)
    numbering.append(parse_xml('<w:num %s w:numId="80"><w:abstractNumId w:val="80"/></w:num>' % NS))
    numbering.append(parse_xml('<w:num %s w:numId="81"><w:abstractNumId w:val="81"/></w:num>' % NS))


CN_DIGITS = {"零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def cn_number(s):
    """一百二十三 → 123 (the numerals of 第X章/第X条 labels)."""
    total, digit = 0, 0
    for c in s:
        if c in CN_DIGITS:
            digit = CN_DIGITS[c]
        else:
            unit = {"十": 10, "百": 100}[c]
            total += (digit or 1) * unit
            digit = 0
    return total + digit


def restart_num(doc, abstract_id, start, num_id):
    """A new w:num over an existing abstractNum whose level 0 starts at `start`: what Word's
    "Set Numbering Value" writes. The source skips a number (LawRefBook lost a chapter
    heading such as 第一章 总则), so plain automatic numbering would renumber every later
    chapter; later paragraphs keep the base numId and continue from here, because Word
    counts per abstractNum."""
    doc.part.numbering_part.element.append(parse_xml(
        '<w:num %s w:numId="%d"><w:abstractNumId w:val="%d"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="%d"/></w:lvlOverride></w:num>'
        % (NS, num_id, abstract_id, start)))


def set_num(paragraph, num_id):
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml('<w:numPr %s><w:ilvl w:val="0"/><w:numId w:val="%d"/></w:numPr>' % (NS, num_id)))


def make_docx(lines, path, word_numbering):
    doc = docx.Document()
    normal = doc.styles["Normal"]
    normal.font.size = Pt(16)  # 三号, GB/T 9704 body size
    rpr = normal.element.get_or_add_rPr()
    rfonts = parse_xml('<w:rFonts %s w:eastAsia="仿宋_GB2312"/>' % NS)
    rpr.insert(0, rfonts)
    if word_numbering:
        add_numbering(doc)
    # The number Word will show next per numbering (80 条, 81 章), and the next free numId.
    expected, next_num = {80: 1, 81: 1}, 82

    def numbered(p, base, label):
        nonlocal next_num
        n = cn_number(label)
        num = base
        if n != expected[base]:
            restart_num(doc, base, n, next_num)
            num, next_num = next_num, next_num + 1
        expected[base] = n + 1
        set_num(p, num)

    for i, line in enumerate(lines):
        if i == 0:
            doc.add_paragraph(line, style="Title")
            continue
        m_art, m_chap = ARTICLE.match(line), CHAPTER.match(line)
        if word_numbering and m_chap:
            p = doc.add_paragraph(line[m_chap.end():], style="Heading 1")
            numbered(p, 81, m_chap.group(1))
        elif word_numbering and m_art:
            p = doc.add_paragraph(line[m_art.end():])
            numbered(p, 80, m_art.group(1))
        else:
            doc.add_paragraph(line)
    doc.save(path)


def make_reportlab_pdf(lines, path):
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=12, leading=20, wordWrap="CJK", firstLineIndent=24)
    title = ParagraphStyle("title", parent=body, fontSize=18, leading=28, alignment=1, firstLineIndent=0)
    esc = lambda s: s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    story = [Paragraph(esc(l), title if i == 0 else body) for i, l in enumerate(lines)]
    SimpleDocTemplate(path, pagesize=A4, title=lines[0]).build(story)


def main():
    os.makedirs(OUT, exist_ok=True)
    lo = []
    for stem, src, producer in SELECTION:
        text = read_source(os.path.join(SHARED, src))
        with open(os.path.join(OUT, stem + ".txt"), "w", encoding="utf-8") as f:
            f.write(text.rstrip() + "\n")
        lines = body_lines(text)
        structured = sum(1 for l in lines if ARTICLE.match(l)) >= 5
        make_docx(lines, os.path.join(OUT, stem + ".docx"), structured)
        if producer == "lo":
            lo.append(os.path.join(OUT, stem + ".docx"))
        elif producer == "rl":
            make_reportlab_pdf(lines, os.path.join(OUT, stem + ".pdf"))
    if lo:
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", OUT] + lo, check=True,
                       stdout=subprocess.DEVNULL)


if __name__ == "__main__":
    main()
