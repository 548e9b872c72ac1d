//! Content-stream walker: text state, CTM and Form XObjects → positioned text runs.

use std::collections::HashMap;
use std::rc::Rc;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};

use super::font::Font;
use crate::extract::error::ExtractError;
use crate::extract::limits::Deadline;

type Matrix = [f64; 6];
const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

fn mul(a: &Matrix, b: &Matrix) -> Matrix {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

/// A piece of text drawn at one position, in page space (y grows upwards).
#[derive(Debug, Clone)]
pub struct Run {
    pub x: f64,
    pub y: f64,
    pub end_x: f64,
    pub size: f64,
    pub text: String,
    pub unmapped: usize,
    pub glyphs: usize,
}

#[derive(Default)]
pub struct PageScan {
    pub runs: Vec<Run>,
    pub images: usize,
}

fn num(o: &Object) -> f64 {
    match o {
        Object::Integer(i) => *i as f64,
        Object::Real(r) => *r as f64,
        _ => 0.0,
    }
}

fn nums<const N: usize>(ops: &[Object]) -> Option<[f64; N]> {
    if ops.len() < N {
        return None;
    }
    let mut out = [0.0; N];
    for (o, v) in out.iter_mut().zip(&ops[ops.len() - N..]) {
        *o = num(v);
    }
    Some(out)
}

const MAX_FORM_DEPTH: usize = 8;

pub struct Walker<'a> {
    doc: &'a Document,
    limit: usize,
    deadline: Deadline,
    fonts: HashMap<ObjectId, Rc<Font<'a>>>,
    scan: PageScan,
    ops_seen: u64,
}

impl<'a> Walker<'a> {
    pub fn new(doc: &'a Document, limit: usize, deadline: Deadline) -> Self {
        Walker {
            doc,
            limit,
            deadline,
            fonts: HashMap::new(),
            scan: PageScan::default(),
            ops_seen: 0,
        }
    }

    pub fn page(&mut self, page_id: ObjectId) -> Result<PageScan, ExtractError> {
        self.scan = PageScan::default();
        let content = self
            .doc
            .get_page_content_with_limit(page_id, self.limit)
            .map_err(|e| ExtractError::Pdf(format!("page content: {e}")))?;
        let resources = self.page_resources(page_id);
        self.run(&content, &resources, IDENTITY, 0)?;
        Ok(std::mem::take(&mut self.scan))
    }

    /// Resource dictionaries in lookup order (nearest first).
    fn page_resources(&self, page_id: ObjectId) -> Vec<&'a Dictionary> {
        let mut out = vec![];
        if let Ok((direct, ids)) = self.doc.get_page_resources(page_id) {
            out.extend(direct);
            out.extend(
                ids.into_iter()
                    .filter_map(|id| self.doc.get_dictionary(id).ok()),
            );
        }
        out
    }

    fn resource(
        &self,
        res: &[&'a Dictionary],
        kind: &[u8],
        name: &[u8],
    ) -> Option<(Option<ObjectId>, &'a Object)> {
        res.iter().find_map(|d| {
            let group = d.get(kind).ok()?;
            let group = self.doc.dereference(group).ok()?.1.as_dict().ok()?;
            let entry = group.get(name).ok()?;
            self.doc.dereference(entry).ok()
        })
    }

    fn font(&mut self, res: &[&'a Dictionary], name: &[u8]) -> Option<Rc<Font<'a>>> {
        let (id, obj) = self.resource(res, b"Font", name)?;
        let dict = obj.as_dict().ok()?;
        if let Some(id) = id
            && let Some(f) = self.fonts.get(&id)
        {
            return Some(f.clone());
        }
        let f = Rc::new(Font::load(self.doc, dict, self.limit));
        if let Some(id) = id {
            self.fonts.insert(id, f.clone());
        }
        Some(f)
    }

    fn run(
        &mut self,
        content: &[u8],
        res: &[&'a Dictionary],
        base_ctm: Matrix,
        depth: usize,
    ) -> Result<(), ExtractError> {
        let content = match Content::decode(content) {
            Ok(c) => c,
            // A broken stream yields what was parsed before the error.
            Err(_) => Content {
                operations: Content::decode_iter(content)
                    .map_while(Result::ok)
                    .collect(),
            },
        };
        let mut ctm = base_ctm;
        let mut gstack: Vec<(Matrix, TextState<'a>)> = vec![];
        let mut ts = TextState::<'a>::default();
        let mut tm = IDENTITY;
        let mut tlm = IDENTITY;
        for op in &content.operations {
            self.ops_seen += 1;
            if self.ops_seen.is_multiple_of(2048) {
                self.deadline.check()?;
            }
            let o = &op.operands;
            match op.operator.as_str() {
                "q" if gstack.len() < 256 => gstack.push((ctm, ts.clone())),
                "Q" => {
                    if let Some((c, t)) = gstack.pop() {
                        ctm = c;
                        ts = t;
                    }
                }
                "cm" => {
                    if let Some(m) = nums::<6>(o) {
                        ctm = mul(&m, &ctm);
                    }
                }
                "BT" => {
                    tm = IDENTITY;
                    tlm = IDENTITY;
                }
                "Tf" => {
                    if let (Some(Object::Name(name)), Some(size)) = (o.first(), o.get(1)) {
                        ts.font = self.font(res, name);
                        ts.size = num(size);
                    }
                }
                "Tc" => ts.char_spacing = o.first().map(num).unwrap_or(0.0),
                "Tw" => ts.word_spacing = o.first().map(num).unwrap_or(0.0),
                "Tz" => ts.hscale = o.first().map(num).unwrap_or(100.0) / 100.0,
                "TL" => ts.leading = o.first().map(num).unwrap_or(0.0),
                "Ts" => ts.rise = o.first().map(num).unwrap_or(0.0),
                "Td" | "TD" => {
                    if let Some([tx, ty]) = nums::<2>(o) {
                        if op.operator == "TD" {
                            ts.leading = -ty;
                        }
                        tlm = mul(&[1.0, 0.0, 0.0, 1.0, tx, ty], &tlm);
                        tm = tlm;
                    }
                }
                "Tm" => {
                    if let Some(m) = nums::<6>(o) {
                        tlm = m;
                        tm = m;
                    }
                }
                "T*" => {
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -ts.leading], &tlm);
                    tm = tlm;
                }
                "Tj" | "'" | "\"" | "TJ" => {
                    if op.operator == "'" || op.operator == "\"" {
                        if op.operator == "\"" && o.len() == 3 {
                            ts.word_spacing = num(&o[0]);
                            ts.char_spacing = num(&o[1]);
                        }
                        tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -ts.leading], &tlm);
                        tm = tlm;
                    }
                    let items: Vec<&Object> = match (op.operator.as_str(), o.last()) {
                        ("TJ", Some(Object::Array(a))) => a.iter().collect(),
                        (_, Some(s)) => vec![s],
                        _ => vec![],
                    };
                    self.show(&items, &ts, &mut tm, &ctm);
                }
                "Do" => {
                    if let Some(Object::Name(name)) = o.first() {
                        self.xobject(res, name, &ctm, depth)?;
                    }
                }
                "BI" => self.scan.images += 1,
                _ => {}
            }
        }
        Ok(())
    }

    fn show(&mut self, items: &[&Object], ts: &TextState<'a>, tm: &mut Matrix, ctm: &Matrix) {
        let Some(font) = ts.font.clone() else { return };
        let mut run: Option<Run> = None;
        for item in items {
            match item {
                Object::String(bytes, _) => {
                    for g in font.glyphs(bytes) {
                        let trm = mul(
                            &mul(&[ts.size * ts.hscale, 0.0, 0.0, ts.size, 0.0, ts.rise], tm),
                            ctm,
                        );
                        let size = (trm[2] * trm[2] + trm[3] * trm[3]).sqrt();
                        let advance = (g.width / 1000.0 * ts.size
                            + ts.char_spacing
                            + if g.is_space { ts.word_spacing } else { 0.0 })
                            * ts.hscale;
                        let r = run.get_or_insert_with(|| Run {
                            x: trm[4],
                            y: trm[5],
                            end_x: trm[4],
                            size,
                            text: String::new(),
                            unmapped: 0,
                            glyphs: 0,
                        });
                        r.text.push_str(&g.text);
                        r.glyphs += 1;
                        r.unmapped += usize::from(!g.mapped);
                        *tm = mul(&[1.0, 0.0, 0.0, 1.0, advance, 0.0], tm);
                        let end = mul(
                            &mul(&[ts.size * ts.hscale, 0.0, 0.0, ts.size, 0.0, ts.rise], tm),
                            ctm,
                        );
                        r.end_x = end[4];
                    }
                }
                other => {
                    let adj = -num(other) / 1000.0 * ts.size * ts.hscale;
                    *tm = mul(&[1.0, 0.0, 0.0, 1.0, adj, 0.0], tm);
                    // A large negative kern is a visible gap: close the run there.
                    if adj > ts.size * 0.3
                        && let Some(r) = run.take()
                    {
                        self.push_run(r);
                    }
                }
            }
        }
        if let Some(r) = run {
            self.push_run(r);
        }
    }

    fn push_run(&mut self, r: Run) {
        if !r.text.is_empty() {
            self.scan.runs.push(r);
        }
    }

    fn xobject(
        &mut self,
        res: &[&'a Dictionary],
        name: &[u8],
        ctm: &Matrix,
        depth: usize,
    ) -> Result<(), ExtractError> {
        let Some((_, obj)) = self.resource(res, b"XObject", name) else {
            return Ok(());
        };
        let Ok(stream) = obj.as_stream() else {
            return Ok(());
        };
        match stream.dict.get(b"Subtype").and_then(Object::as_name) {
            Ok(b"Image") => self.scan.images += 1,
            Ok(b"Form") if depth < MAX_FORM_DEPTH => {
                let Ok(content) =
                    stream
                        .decompressed_content_with_limit(self.limit)
                        .or_else(|_| {
                            if stream.dict.get(b"Filter").is_err() {
                                Ok(stream.content.clone())
                            } else {
                                Err(())
                            }
                        })
                else {
                    return Ok(());
                };
                let matrix = stream
                    .dict
                    .get(b"Matrix")
                    .and_then(Object::as_array)
                    .ok()
                    .and_then(|a| nums::<6>(a))
                    .unwrap_or(IDENTITY);
                let mut inner: Vec<&'a Dictionary> = vec![];
                if let Ok(r) = stream.dict.get(b"Resources")
                    && let Ok((_, r)) = self.doc.dereference(r)
                    && let Ok(d) = r.as_dict()
                {
                    inner.push(d);
                }
                inner.extend_from_slice(res);
                self.run(&content, &inner, mul(&matrix, ctm), depth + 1)?;
            }
            _ => {}
        }
        Ok(())
    }
}

#[derive(Clone)]
struct TextState<'a> {
    font: Option<Rc<Font<'a>>>,
    size: f64,
    char_spacing: f64,
    word_spacing: f64,
    hscale: f64,
    leading: f64,
    rise: f64,
}

impl Default for TextState<'_> {
    fn default() -> Self {
        TextState {
            font: None,
            size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            hscale: 1.0,
            leading: 0.0,
            rise: 0.0,
        }
    }
}
