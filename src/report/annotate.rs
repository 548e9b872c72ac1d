//! A copy of a .docx draft with one Word comment (批注, author 法审) on the exact words of each
//! finding. The main part is edited by splicing at byte positions, so everything we do not
//! touch stays byte-for-byte; runs are split where a finding starts or ends inside them, so
//! the comment covers the words even across runs and in tables. A finding whose words cannot
//! be found goes on its own paragraph.

use std::collections::HashMap;
use std::io::{Cursor, Write};

use quick_xml::Reader;
use quick_xml::escape::escape;
use quick_xml::events::Event;

use crate::document::model::{Document, Part};
use crate::extract::docx::walk::{Ev, Walker};
use crate::extract::docx::{main_part_name, parse_rels, rels_name_of, resolve_target};
use crate::extract::package::Package;
use crate::extract::xml::local;
use crate::extract::{Deadline, ExtractError, Limits};
use crate::rules::finding::Finding;

#[derive(Debug, thiserror::Error)]
pub enum AnnotateError {
    #[error("{0}")]
    Read(#[from] ExtractError),
    #[error("the main document part is not well-formed XML: {0}")]
    Xml(String),
    #[error("the document does not use the usual w: prefix for WordprocessingML")]
    NoWordNamespace,
    #[error("cannot write the annotated copy: {0}")]
    Write(String),
}

/// How the comments were placed.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Placement {
    /// On the finding's exact words.
    pub exact: usize,
    /// On the whole paragraph (words not found).
    pub paragraph: usize,
    /// Not placed (no paragraph to attach to).
    pub skipped: usize,
}

/// One piece of a paragraph's visible text.
#[derive(Debug, Clone)]
struct Piece {
    /// Characters it contributes to the paragraph text.
    text: String,
    /// Byte range of the text in the XML when it can be split (a w:t text node).
    splittable: Option<(usize, usize)>,
    run: Option<usize>,
}

#[derive(Debug, Clone)]
struct RunInfo {
    start: usize,
    end: usize,
    rpr: String,
}

#[derive(Debug, Default, Clone)]
struct Para {
    /// After the start tag and its w:pPr: where a paragraph-wide comment starts.
    content_start: usize,
    /// Before </w:p>.
    content_end: usize,
    pieces: Vec<Piece>,
}

/// Paragraphs of the main part, numbered by the reader's own walker (so a comment goes
/// to the paragraph the finding was made on), with the runs they are made of.
fn scan(
    xml: &str,
    part: &str,
    limits: &Limits,
) -> Result<(Vec<Option<Para>>, Vec<RunInfo>), AnnotateError> {
    let mut w = Walker::new(xml, part, limits, Deadline::new(limits.time_budget), 0);
    let mut paras: Vec<Option<Para>> = vec![];
    let mut stack: Vec<usize> = vec![];
    let mut runs: Vec<RunInfo> = vec![];
    let mut run_stack: Vec<usize> = vec![];
    while let Some(ev) = w.next_event()? {
        match ev {
            Ev::ParaStart {
                index,
                empty,
                after,
                ..
            } => {
                debug_assert_eq!(index, paras.len());
                if empty {
                    paras.push(None);
                } else {
                    paras.push(Some(Para {
                        content_start: after,
                        content_end: after,
                        ..Default::default()
                    }));
                    stack.push(paras.len() - 1);
                }
            }
            Ev::ParaPropsEnd { after } => {
                if let Some(&pi) = stack.last()
                    && let Some(p) = paras[pi].as_mut()
                    && p.pieces.is_empty()
                {
                    p.content_start = after;
                }
            }
            Ev::ParaEnd { before } => {
                if let Some(pi) = stack.pop()
                    && let Some(p) = paras[pi].as_mut()
                {
                    p.content_end = before;
                }
            }
            Ev::RunStart { before } => {
                runs.push(RunInfo {
                    start: before,
                    end: before,
                    rpr: String::new(),
                });
                run_stack.push(runs.len() - 1);
            }
            Ev::RunProps { before, after } => {
                if let Some(&ri) = run_stack.last() {
                    runs[ri].rpr = xml[before..after].to_string();
                }
            }
            Ev::RunEnd { after } => {
                if let Some(ri) = run_stack.pop() {
                    runs[ri].end = after;
                }
            }
            // A tracked deletion is not in the paragraph text a finding was made on.
            Ev::Text { deleted: true, .. } | Ev::ParaProp(..) => {}
            Ev::Text { text, raw, .. } => {
                if let Some(&pi) = stack.last()
                    && let Some(p) = paras[pi].as_mut()
                {
                    p.pieces.push(Piece {
                        text: text.into_owned(),
                        splittable: raw,
                        run: run_stack.last().copied(),
                    });
                }
            }
        }
    }
    Ok((paras, runs))
}

impl Para {
    fn text(&self) -> String {
        self.pieces.iter().map(|p| p.text.as_str()).collect()
    }

    /// The XML position just before character `k` (as a comment start) or just after
    /// character `k - 1` (as an end), and whether the run must be split there.
    fn position(&self, runs: &[RunInfo], k: usize, is_end: bool) -> Option<(usize, Option<usize>)> {
        let mut at = 0usize;
        for (i, piece) in self.pieces.iter().enumerate() {
            let n = piece.text.chars().count();
            let inside = if is_end {
                k > at && k <= at + n
            } else {
                k >= at && k < at + n
            };
            if inside {
                let j = k - at;
                let run = piece.run.map(|r| &runs[r]);
                let first_of_run = |idx: usize| {
                    self.pieces[..idx]
                        .iter()
                        .rev()
                        .take_while(|p| p.run == piece.run)
                        .all(|p| p.text.is_empty())
                };
                let last_of_run = |idx: usize| {
                    self.pieces[idx + 1..]
                        .iter()
                        .take_while(|p| p.run == piece.run)
                        .all(|p| p.text.is_empty())
                };
                if !is_end && j == 0 && first_of_run(i) {
                    return run.map(|r| (r.start, None));
                }
                if is_end && j == n && last_of_run(i) {
                    return run.map(|r| (r.end, None));
                }
                let (s, _) = piece.splittable?;
                let byte = piece
                    .text
                    .char_indices()
                    .nth(j)
                    .map_or(piece.text.len(), |(b, _)| b);
                return Some((s + byte, piece.run));
            }
            at += n;
        }
        None
    }
}

struct Edit {
    pos: usize,
    text: String,
}

fn split_run(rpr: &str, mark: &str) -> String {
    format!("</w:t></w:r>{mark}<w:r>{rpr}<w:t xml:space=\"preserve\">")
}

fn comment_end(id: usize) -> String {
    format!("<w:commentRangeEnd w:id=\"{id}\"/><w:r><w:commentReference w:id=\"{id}\"/></w:r>")
}

/// Character range of the finding's words in the paragraph text, when found.
fn words_in(
    para_text: &str,
    block_text: &str,
    label_len: usize,
    f: &Finding,
) -> Option<(usize, usize)> {
    let chars: Vec<char> = block_text.chars().collect();
    let own: String = chars
        .get(label_len..)
        .map(|c| c.iter().collect())
        .unwrap_or_default();
    let (s, e) = (f.span[0], f.span[1]);
    if e > s && s >= label_len && own.replace('\t', " ") == para_text.replace('\t', " ") {
        return Some((s - label_len, e - label_len));
    }
    let words = if f.matched.is_empty() {
        &f.excerpt
    } else {
        &f.matched
    };
    if words.is_empty() {
        return None;
    }
    let byte = para_text.find(words.as_str())?;
    let start = para_text[..byte].chars().count();
    Some((start, start + words.chars().count()))
}

fn comment_xml(id: usize, author: &str, date: &str, f: &Finding) -> String {
    let mut paras = vec![format!(
        "[{}] {}：{}",
        f.severity.chinese(),
        f.rule,
        f.message
    )];
    for b in &f.basis {
        paras.push(format!(
            "依据：《{}》{}",
            b.law.trim_start_matches('《').trim_end_matches('》'),
            b.article
        ));
    }
    paras.push(format!("建议：{}", f.suggestion));
    let body: String = paras
        .iter()
        .map(|p| {
            format!(
                "<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
                escape(p)
            )
        })
        .collect();
    format!(
        "<w:comment w:id=\"{id}\" w:author=\"{}\" w:date=\"{date}\" w:initials=\"FS\">{body}</w:comment>",
        escape(author)
    )
}

/// Largest w:id already used by a comment in an existing comments part.
fn max_comment_id(xml: &str) -> Option<usize> {
    let mut r = Reader::from_str(xml);
    let mut max = None;
    while let Ok(ev) = r.read_event() {
        match ev {
            Event::Start(e) | Event::Empty(e) if local(e.name().as_ref()) == "comment" => {
                if let Some(id) =
                    crate::extract::xml::attr(&e, "id").and_then(|v| v.parse::<usize>().ok())
                {
                    max = Some(max.map_or(id, |m: usize| m.max(id)));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    max
}

fn word_namespace(xml: &str) -> Option<String> {
    let i = xml.find("xmlns:w=\"")? + "xmlns:w=\"".len();
    Some(xml[i..].split('"').next()?.to_string())
}

pub struct Annotated {
    pub bytes: Vec<u8>,
    pub placement: Placement,
}

/// Annotates `original` (the .docx bytes `doc` was read from) with `findings`.
pub fn annotate(
    original: &[u8],
    doc: &Document,
    findings: &[Finding],
    author: &str,
    date: &str,
    limits: &Limits,
) -> Result<Annotated, AnnotateError> {
    let mut pkg = Package::open(original, limits)?;
    let main = main_part_name(&mut pkg)?;
    let xml = pkg
        .read_text(&main)?
        .ok_or_else(|| AnnotateError::Xml(format!("{main} is missing")))?;
    let ns = word_namespace(&xml).ok_or(AnnotateError::NoWordNamespace)?;
    let strict = ns.starts_with("http://purl.oclc.org/");
    let rels_name = rels_name_of(&main);
    let rels_xml = pkg.read_text(&rels_name)?;
    let rels = rels_xml.as_deref().map(parse_rels).unwrap_or_default();
    let dir = main.rsplit_once('/').map_or("", |(d, _)| d);
    let existing_comments = rels
        .iter()
        .find(|r| r.typ.ends_with("/comments") && !r.external)
        .map(|r| resolve_target(dir, &r.target));
    let comments_name = existing_comments.clone().unwrap_or_else(|| {
        if dir.is_empty() {
            "comments.xml".into()
        } else {
            format!("{dir}/comments.xml")
        }
    });
    let old_comments = match &existing_comments {
        Some(n) => pkg.read_text(n)?,
        None => None,
    };
    let first_id = old_comments
        .as_deref()
        .and_then(max_comment_id)
        .map_or(0, |m| m + 1);

    let (paras, runs) = scan(&xml, &main, limits)?;
    let blocks: HashMap<usize, &crate::document::model::Block> = doc
        .blocks
        .iter()
        .filter(|b| b.part == Part::Body)
        .filter_map(|b| b.paragraph.map(|p| (p, b)))
        .collect();
    let mut edits: Vec<Edit> = vec![];
    let mut comments = vec![];
    let mut placement = Placement::default();
    for (n, f) in findings.iter().enumerate() {
        let id = first_id + n;
        let Some(pi) = f.location.paragraph else {
            placement.skipped += 1;
            continue;
        };
        let Some(Some(para)) = paras.get(pi) else {
            placement.skipped += 1;
            continue;
        };
        let ptext = para.text();
        let range = blocks.get(&pi).and_then(|b| {
            let label_len = b.label.as_ref().map_or(0, |l| {
                let raw = b.text.chars().count();
                let own = ptext.chars().count();
                if raw > own {
                    raw - own
                } else {
                    l.chars().count()
                }
            });
            words_in(&ptext, &b.text, label_len, f)
        });
        let exact = range.and_then(|(s, e)| {
            Some((
                para.position(&runs, s, false)?,
                para.position(&runs, e, true)?,
            ))
        });
        match exact {
            Some(((sp, srun), (ep, erun))) => {
                let start_mark = format!("<w:commentRangeStart w:id=\"{id}\"/>");
                edits.push(Edit {
                    pos: sp,
                    text: match srun {
                        Some(r) => split_run(&runs[r].rpr, &start_mark),
                        None => start_mark,
                    },
                });
                edits.push(Edit {
                    pos: ep,
                    text: match erun {
                        Some(r) => split_run(&runs[r].rpr, &comment_end(id)),
                        None => comment_end(id),
                    },
                });
                placement.exact += 1;
            }
            None => {
                edits.push(Edit {
                    pos: para.content_start,
                    text: format!("<w:commentRangeStart w:id=\"{id}\"/>"),
                });
                edits.push(Edit {
                    pos: para.content_end,
                    text: comment_end(id),
                });
                placement.paragraph += 1;
            }
        }
        comments.push(comment_xml(id, author, date, f));
    }
    // Later positions first, so earlier byte offsets stay valid; at one position the edits
    // keep their order.
    let mut order: Vec<usize> = (0..edits.len()).collect();
    order.sort_by(|&a, &b| edits[b].pos.cmp(&edits[a].pos).then(b.cmp(&a)));
    let mut new_xml = xml.clone();
    for i in order {
        new_xml.insert_str(edits[i].pos, &edits[i].text);
    }
    check_well_formed(&new_xml)?;

    let comments_xml = match &old_comments {
        Some(old) => {
            let at = old
                .rfind("</w:comments>")
                .ok_or_else(|| AnnotateError::Xml("comments part without </w:comments>".into()))?;
            format!("{}{}{}", &old[..at], comments.concat(), &old[at..])
        }
        None => format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:comments xmlns:w=\"{ns}\">{}</w:comments>",
            comments.concat()
        ),
    };
    let rel_type = if strict {
        "http://purl.oclc.org/ooxml/officeDocument/relationships/comments"
    } else {
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
    };
    let new_rels = match (&rels_xml, &existing_comments) {
        (Some(r), Some(_)) => r.clone(),
        (Some(r), None) => {
            let mut n = 1;
            while r.contains(&format!("Id=\"rIdFashen{n}\"")) {
                n += 1;
            }
            let target = comments_name.rsplit('/').next().unwrap_or("comments.xml");
            let rel = format!(
                "<Relationship Id=\"rIdFashen{n}\" Type=\"{rel_type}\" Target=\"{target}\"/>"
            );
            let at = r.rfind("</Relationships>").ok_or_else(|| {
                AnnotateError::Xml(format!("{rels_name} without </Relationships>"))
            })?;
            format!("{}{rel}{}", &r[..at], &r[at..])
        }
        (None, _) => format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rIdFashen1\" Type=\"{rel_type}\" Target=\"comments.xml\"/></Relationships>"
        ),
    };
    let types = pkg
        .read_text("[Content_Types].xml")?
        .ok_or_else(|| AnnotateError::Xml("[Content_Types].xml is missing".into()))?;
    let part_name = format!("/{comments_name}");
    let new_types = if types.contains(&format!("PartName=\"{part_name}\"")) {
        types
    } else {
        let at = types
            .rfind("</Types>")
            .ok_or_else(|| AnnotateError::Xml("[Content_Types].xml without </Types>".into()))?;
        format!(
            "{}<Override PartName=\"{part_name}\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml\"/>{}",
            &types[..at],
            &types[at..]
        )
    };

    let mut replaced: HashMap<String, Vec<u8>> = HashMap::new();
    replaced.insert(main.clone(), new_xml.into_bytes());
    replaced.insert(comments_name.clone(), comments_xml.into_bytes());
    replaced.insert(rels_name.clone(), new_rels.into_bytes());
    replaced.insert("[Content_Types].xml".into(), new_types.into_bytes());
    let bytes = rewrite_zip(original, replaced).map_err(AnnotateError::Write)?;
    Ok(Annotated { bytes, placement })
}

fn check_well_formed(xml: &str) -> Result<(), AnnotateError> {
    let mut r = Reader::from_str(xml);
    r.config_mut().check_end_names = true;
    loop {
        match r.read_event() {
            Ok(Event::Eof) => return Ok(()),
            Ok(_) => {}
            Err(e) => return Err(AnnotateError::Xml(e.to_string())),
        }
    }
}

/// Copies every entry of `original` unchanged (raw, no recompression) except those in
/// `replaced`, which are written anew; entries not in the original are added at the end.
fn rewrite_zip(original: &[u8], mut replaced: HashMap<String, Vec<u8>>) -> Result<Vec<u8>, String> {
    let mut zin = zip::ZipArchive::new(Cursor::new(original)).map_err(|e| e.to_string())?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..zin.len() {
        let name = zin
            .by_index_raw(i)
            .map_err(|e| e.to_string())?
            .name()
            .map_err(|e| e.to_string())?
            .to_string();
        if let Some(data) = replaced.remove(&name) {
            out.start_file(name, options).map_err(|e| e.to_string())?;
            out.write_all(&data).map_err(|e| e.to_string())?;
        } else {
            let f = zin.by_index_raw(i).map_err(|e| e.to_string())?;
            out.raw_copy_file(f).map_err(|e| e.to_string())?;
        }
    }
    let mut rest: Vec<_> = replaced.into_iter().collect();
    rest.sort();
    for (name, data) in rest {
        out.start_file(name, options).map_err(|e| e.to_string())?;
        out.write_all(&data).map_err(|e| e.to_string())?;
    }
    let cursor = out.finish().map_err(|e| e.to_string())?;
    Ok(cursor.into_inner())
}
