//! Generates a document catalogue for the batch benchmark:
//!
//!     cargo run --release --example make_catalogue -- 10000 target/catalogue-10000
//!
//! Half of the documents are copies of the corpus's own Word and PDF files (`corpus/real`,
//! LibreOffice and reportlab output with styles, numbering and embedded fonts, and the Word
//! drafts), each made unique by a numbered zip comment or PDF trailer comment; the other half
//! are generated from the corpus texts with a numbered title: .docx with docx-rs, .pdf with
//! lopdf (Adobe-GB1 STSong-Light, UniGB-UCS2-H, nothing embedded). Folders of 1,000 files.

use std::path::{Path, PathBuf};

use lopdf::content::{Content, Operation};
use lopdf::{Object, Stream, dictionary};

fn corpus_texts(root: &Path) -> Vec<(String, Vec<String>)> {
    let mut out = vec![];
    for dir in ["corpus/real", "corpus/drafts"] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
            .expect("corpus folder")
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        files.sort();
        for f in files {
            let text = std::fs::read_to_string(&f).expect("corpus text");
            // Front matter (标题：/来源：…) stays out of the generated documents.
            let lines: Vec<String> = text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .skip_while(|l| {
                    l.split_once('：').is_some_and(|(k, _)| {
                        [
                            "标题",
                            "文号",
                            "发文机关",
                            "来源",
                            "来源URL",
                            "性质",
                            "索引号",
                            "发布日期",
                            "成文日期",
                            "发文字号",
                        ]
                        .contains(&k)
                    })
                })
                .map(str::to_string)
                .collect();
            let stem = f.file_stem().unwrap().to_string_lossy().into_owned();
            out.push((stem, lines));
        }
    }
    out
}

fn docx(lines: &[String], path: &Path) {
    use docx_rs::{Docx, Paragraph, Run};
    let mut d = Docx::new();
    for l in lines {
        d = d.add_paragraph(Paragraph::new().add_run(Run::new().add_text(l)));
    }
    let f = std::fs::File::create(path).expect("create docx");
    d.build().pack(f).expect("write docx");
}

fn ucs2(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(|u| u.to_be_bytes()).collect()
}

fn pdf(lines: &[String], path: &Path) {
    let mut doc = lopdf::Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let descriptor = doc.add_object(dictionary! {
        "Type" => "FontDescriptor", "FontName" => "STSong-Light", "Flags" => 6,
        "FontBBox" => vec![(-25).into(), (-254).into(), 1000.into(), 880.into()],
        "ItalicAngle" => 0, "Ascent" => 880, "Descent" => -120, "CapHeight" => 880, "StemV" => 93,
    });
    let cid = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "CIDFontType0", "BaseFont" => "STSong-Light",
        "CIDSystemInfo" => dictionary! {
            "Registry" => Object::string_literal("Adobe"),
            "Ordering" => Object::string_literal("GB1"),
            "Supplement" => 4,
        },
        "FontDescriptor" => descriptor, "DW" => 1000,
    });
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "STSong-Light",
        "Encoding" => "UniGB-UCS2-H", "DescendantFonts" => vec![cid.into()],
    });
    let resources = doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font } });
    // 32 characters of 14 pt to a line, 40 lines to an A4 page.
    let mut wrapped = vec![];
    for l in lines {
        let chars: Vec<char> = l.chars().collect();
        for chunk in chars.chunks(32) {
            wrapped.push(chunk.iter().collect::<String>());
        }
    }
    let mut kids = vec![];
    for page in wrapped.chunks(40) {
        let mut ops = vec![
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec!["F1".into(), 14.into()]),
        ];
        ops.push(Operation::new("TL", vec![18.into()]));
        ops.push(Operation::new("Td", vec![72.into(), 770.into()]));
        for l in page {
            ops.push(Operation::new(
                "Tj",
                vec![Object::String(ucs2(l), lopdf::StringFormat::Hexadecimal)],
            ));
            ops.push(Operation::new("T*", vec![]));
        }
        ops.push(Operation::new("ET", vec![]));
        let content = Content { operations: ops };
        let stream = doc.add_object(Stream::new(
            dictionary! {},
            content.encode().expect("content"),
        ));
        kids.push(
            doc.add_object(dictionary! {
                "Type" => "Page", "Parent" => pages_id, "Contents" => stream,
                "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
                "Resources" => resources,
            })
            .into(),
        );
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    doc.compress();
    doc.save(path).expect("write pdf");
}

/// The corpus's Word and PDF files.
fn templates(root: &Path) -> Vec<PathBuf> {
    let mut out = vec![];
    for dir in ["corpus/real", "corpus/drafts"] {
        for e in std::fs::read_dir(root.join(dir)).expect("corpus").flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "docx" || x == "pdf") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// A copy of `src` with its own bytes: a zip comment (docx) or a trailing PDF comment.
fn unique_copy(src: &Path, dest: &Path, i: usize) {
    let bytes = std::fs::read(src).expect("template");
    if src.extension().is_some_and(|x| x == "pdf") {
        let mut b = bytes;
        b.extend_from_slice(format!("\n% fashen catalogue sample {i}\n").as_bytes());
        std::fs::write(dest, b).expect("write pdf");
        return;
    }
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("docx template");
    let mut zout = zip::ZipWriter::new(std::fs::File::create(dest).expect("create"));
    for k in 0..zin.len() {
        zout.raw_copy_file(zin.by_index_raw(k).expect("entry"))
            .expect("copy entry");
    }
    zout.set_comment(format!("fashen catalogue sample {i}"))
        .expect("zip comment");
    zout.finish().expect("write docx");
}

pub fn make(root: &Path, n: usize, out: &Path) -> (usize, usize) {
    let texts = corpus_texts(root);
    let files = templates(root);
    let (mut docx_n, mut pdf_n) = (0, 0);
    for i in 0..n {
        if i % 2 == 0 {
            let t = &files[(i / 2) % files.len()];
            let dir = out.join(format!("{:03}", i / 1000));
            std::fs::create_dir_all(&dir).expect("folder");
            let name = format!("{i:05}_{}", t.file_name().unwrap().to_string_lossy());
            unique_copy(t, &dir.join(name), i);
            if t.extension().is_some_and(|x| x == "pdf") {
                pdf_n += 1;
            } else {
                docx_n += 1;
            }
            continue;
        }
        let (stem, lines) = &texts[i % texts.len()];
        let mut lines = lines.clone();
        if let Some(first) = lines.first_mut() {
            first.push_str(&format!("（样本{i}）"));
        }
        let dir = out.join(format!("{:03}", i / 1000));
        std::fs::create_dir_all(&dir).expect("folder");
        if i % 4 == 1 {
            docx(&lines, &dir.join(format!("{i:05}_{stem}.docx")));
            docx_n += 1;
        } else {
            pdf(&lines, &dir.join(format!("{i:05}_{stem}.pdf")));
            pdf_n += 1;
        }
    }
    (docx_n, pdf_n)
}

#[allow(dead_code)]
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let out = PathBuf::from(
        args.get(2)
            .cloned()
            .unwrap_or_else(|| format!("target/catalogue-{n}")),
    );
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (d, p) = make(root, n, &out);
    println!(
        "{} documents ({d} docx, {p} pdf) in {}",
        d + p,
        out.display()
    );
}
