//! Small hostile files, built in the test so none is committed: each one once took the
//! process down (allocator abort), ran far past its time budget, hung, or hid findings.

#![allow(dead_code)]

use std::io::{Read, Write};

/// A zip with the given entries, deflated.
pub fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        w.start_file(*name, options).expect("zip entry");
        w.write_all(data).expect("zip write");
    }
    w.finish().expect("zip finish").into_inner()
}

/// zlib (RFC 1950) stream of `data`: the raw deflate of a zip entry with a header and an
/// Adler-32 trailer, so PDF FlateDecode reads it.
pub fn zlib(data: &[u8]) -> Vec<u8> {
    let z = zip(&[("x", data)]);
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(z)).expect("zip");
    let mut raw = vec![];
    archive
        .by_index_raw(0)
        .expect("entry")
        .read_to_end(&mut raw)
        .expect("raw");
    let (mut a, mut b) = (1u32, 0u32);
    for &x in data {
        a = (a + x as u32) % 65521;
        b = (b + a) % 65521;
    }
    let mut out = vec![0x78, 0x9C];
    out.extend_from_slice(&raw);
    out.extend_from_slice(&((b << 16) | a).to_be_bytes());
    out
}

/// One PDF object: a dictionary, or a dictionary with a stream.
pub enum Obj {
    Dict(String),
    Stream(String, Vec<u8>),
}

/// A PDF of `objects` (numbered from 1, object 1 the catalog) with a correct xref table.
pub fn pdf(objects: &[Obj]) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = vec![];
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        match o {
            Obj::Dict(d) => out.extend_from_slice(d.as_bytes()),
            Obj::Stream(d, data) => {
                let d = d.trim_end_matches(">>").trim_end();
                out.extend_from_slice(
                    format!("{d} /Length {} >>\nstream\n", data.len()).as_bytes(),
                );
                out.extend_from_slice(data);
                out.extend_from_slice(b"\nendstream");
            }
        }
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

const CATALOG: &str = "<< /Type /Catalog /Pages 2 0 R >>";
const PAGES: &str = "<< /Type /Pages /Kids [3 0 R] /Count 1 >>";
const HELVETICA: &str = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";

/// A one-page PDF whose page content is `contents` (object 5 onwards are `extra`).
fn one_page(resources: &str, contents: &str, page_content: Vec<u8>, extra: Vec<Obj>) -> Vec<u8> {
    let mut objs = vec![
        Obj::Dict(CATALOG.into()),
        Obj::Dict(PAGES.into()),
        Obj::Dict(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources {resources} /Contents {contents} >>"
        )),
        Obj::Dict(HELVETICA.into()),
        Obj::Stream("<< /Filter /FlateDecode >>".into(), zlib(&page_content)),
    ];
    objs.extend(extra);
    pdf(&objs)
}

/// Word numbering with `w:start` 4294967295, `upperRoman` and `%1` nine times: each label
/// would be millions of characters.
pub fn numbering_docx() -> Vec<u8> {
    let types = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/></Types>"#;
    let rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
    let doc_rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/></Relationships>"#;
    let numbering = r#"<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="4294967295"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1%1%1%1%1%1%1%1%1"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#;
    let para = r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>第一条 甲方应当按约定支付价款。</w:t></w:r></w:p>"#;
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{}</w:body></w:document>"#,
        para.repeat(200)
    );
    zip(&[
        ("[Content_Types].xml", types.as_bytes()),
        ("_rels/.rels", rels.as_bytes()),
        ("word/document.xml", document.as_bytes()),
        ("word/_rels/document.xml.rels", doc_rels.as_bytes()),
        ("word/numbering.xml", numbering.as_bytes()),
    ])
}

/// A page whose content is `mb` MB of text operators once decompressed (one 1 MB stream
/// listed `mb` times in /Contents).
pub fn big_content_pdf(mb: usize) -> Vec<u8> {
    let mut content = b"BT /F1 10 Tf 72 720 Td\n".to_vec();
    while content.len() < (1 << 20) - 16 {
        content.extend_from_slice(b"(abcd) Tj 0 -1 Td\n");
    }
    content.extend_from_slice(b"ET\n");
    let contents = format!("[{}]", "5 0 R ".repeat(mb));
    one_page("<< /Font << /F1 4 0 R >> >>", &contents, content, vec![])
}

/// `pages` pages of `mb` MB of content each (one 1 MB stream listed `mb` times per page):
/// every page within the page budget, the document over its budget.
pub fn many_pages_pdf(pages: usize, mb: usize) -> Vec<u8> {
    let mut content = b"BT /F1 10 Tf 72 720 Td\n".to_vec();
    while content.len() < (1 << 20) - 16 {
        content.extend_from_slice(b"(a) Tj 0 -1 Td\n");
    }
    content.extend_from_slice(b"ET\n");
    let kids: Vec<String> = (0..pages).map(|i| format!("{} 0 R", 5 + i)).collect();
    let mut objs = vec![
        Obj::Dict(CATALOG.into()),
        Obj::Dict(format!(
            "<< /Type /Pages /Kids [{}] /Count {pages} >>",
            kids.join(" ")
        )),
        Obj::Dict(HELVETICA.into()),
        Obj::Stream("<< /Filter /FlateDecode >>".into(), zlib(&content)),
    ];
    for _ in 0..pages {
        objs.push(Obj::Dict(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents [{}] >>",
            "4 0 R ".repeat(mb)
        )));
    }
    pdf(&objs)
}

/// A Form XObject that draws itself (and some text) many times.
pub fn self_drawing_form_pdf() -> Vec<u8> {
    let mut form = b"BT /F1 10 Tf 10 10 Td (loop) Tj ET\n".to_vec();
    form.extend_from_slice("/Fm Do\n".repeat(1000).as_bytes());
    let form_obj = Obj::Stream(
        "<< /Type /XObject /Subtype /Form /BBox [0 0 100 100] /Resources << /Font << /F1 4 0 R >> /XObject << /Fm 6 0 R >> >> /Filter /FlateDecode >>".into(),
        zlib(&form),
    );
    one_page(
        "<< /Font << /F1 4 0 R >> /XObject << /Fm 6 0 R >> >>",
        "5 0 R",
        b"/Fm Do\n".to_vec(),
        vec![form_obj],
    )
}

/// A composite font whose /W array has thousands of ranges up to 4294967295.
pub fn cid_widths_pdf() -> Vec<u8> {
    let mut w = String::from("[");
    for i in 0..1400u32 {
        w.push_str(&format!("{} 4294967295 500 ", i * 7));
    }
    w.push(']');
    let font = Obj::Dict(
        "<< /Type /Font /Subtype /Type0 /BaseFont /Hostile /Encoding /Identity-H /DescendantFonts [7 0 R] >>".into(),
    );
    let cid = Obj::Dict(format!(
        "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Hostile /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 /W {w} >>"
    ));
    one_page(
        "<< /Font << /F1 4 0 R /F2 6 0 R >> >>",
        "5 0 R",
        b"BT /F2 10 Tf 72 720 Td <00410042> Tj ET BT /F1 10 Tf 72 700 Td (text) Tj ET\n".to_vec(),
        vec![font, cid],
    )
}

/// An OFD whose OFD.xml lists 20,000 DocBody entries, all pointing at one document.
pub fn ofd_many_docroots() -> Vec<u8> {
    let body = "<ofd:DocBody><ofd:DocInfo><ofd:DocID>x</ofd:DocID></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody>";
    let ofd = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0" DocType="OFD">{}</ofd:OFD>"#,
        body.repeat(20_000)
    );
    let document = r#"<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:CommonData><ofd:MaxUnitID>10</ofd:MaxUnitID></ofd:CommonData><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>"#;
    let line = r#"<ofd:TextObject ID="2" Boundary="20 20 160 10" Font="3" Size="5"><ofd:TextCode X="0" Y="5">第一条 甲方应当按约定支付价款，违约的处以罚款。</ofd:TextCode></ofd:TextObject>"#;
    let page = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer ID="1">{}</ofd:Layer></ofd:Content></ofd:Page>"#,
        line.repeat(40)
    );
    zip(&[
        ("OFD.xml", ofd.as_bytes()),
        ("Doc_0/Document.xml", document.as_bytes()),
        ("Doc_0/Pages/Page_0/Content.xml", page.as_bytes()),
    ])
}

/// A notice in Traditional Chinese.
pub fn traditional_notice() -> Vec<u8> {
    "關於進一步規範市場經營秩序的通知\n\
     各區縣人民政府，市政府各部門：\n\
     為進一步規範市場經營行為，保護經營者和消費者的合法權益，經市政府同意，現就有關事項通知如下：\n\
     一、各區縣應當建立健全市場監督管理機構，對違反本通知規定的經營者，由有關部門依法處以罰款。\n\
     二、未經批准，任何單位和個人不得擅自設立收費項目；對違規收費的，責令退還，並處罰款。\n\
     三、各有關部門應當按照職責分工，加強對市場經營活動的監督檢查，及時發現和查處違法行為。\n\
     四、本通知自發佈之日起施行，由市市場監督管理局負責解釋。\n\
     某市人民政府辦公室\n2024年3月1日\n"
        .as_bytes()
        .to_vec()
}

/// Text that is mostly not Chinese.
pub fn mostly_english() -> Vec<u8> {
    let mut s = String::from("Notice on Market Order\n");
    for i in 1..=12 {
        s.push_str(&format!(
            "Article {i}. Operators shall comply with the rules on market order; violations are fined by the competent department.\n"
        ));
    }
    s.push_str("第一条\n");
    s.into_bytes()
}

/// A normative document (corpus/drafts/county_short_rental_notice_variant.txt) whose
/// defects are written with `invisible` inside the words 批准 and 罚款.
pub fn invisible_chars_notice(invisible: &str) -> String {
    format!(
        "某县人民政府办公室关于加强县域短租房管理的通知\n\
         某政办发〔2024〕12号\n\
         各乡镇人民政府，县直各单位：\n\
         为加强县域短租房管理，现就有关事项通知如下。\n\
         一、全县短租房须统一安装某科技有限公司提供的智能门锁系统。\n\
         二、在本县从事短租房经营的，须经县文化旅游局批{invisible}准。\n\
         三、违反本通知规定的，由县市场监管局处五千元罚{invisible}款。\n\
         四、申请经营补贴的企业须在本县注册且纳税满三年。\n\
         五、本通知自2023年1月1日起施行。\n\
         某县人民政府办公室\n\
         2024年3月1日\n"
    )
}
