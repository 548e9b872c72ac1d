//! Content-stream walker: text state, CTM and Form XObjects → positioned text runs.
//!
//! Operators are decoded one at a time (a decoded operator costs tens of times its bytes,
//! so a whole stream is never decoded at once), and every byte of content run is charged
//! to the page and document budgets, a Form XObject each time it is drawn.

use std::collections::HashMap;
use std::rc::Rc;

use lopdf::content::Content;
use lopdf::{DecompressError, Dictionary, Document, Object, ObjectId};

use super::font::Font;
use crate::extract::error::ExtractError;
use crate::extract::layout::{PageScan, Run};
use crate::extract::limits::{Deadline, Limit, Limits, Meter};

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

pub struct Walker<'a> {
    doc: &'a Document,
    limits: &'a Limits,
    deadline: Deadline,
    fonts: HashMap<ObjectId, Rc<Font<'a>>>,
    scan: PageScan,
    ticks: u32,
    page_content: Meter,
    document_content: Meter,
}

impl<'a> Walker<'a> {
    pub fn new(doc: &'a Document, limits: &'a Limits, deadline: Deadline) -> Self {
        Walker {
            doc,
            limits,
            deadline,
            fonts: HashMap::new(),
            scan: PageScan::default(),
            ticks: 0,
            page_content: Meter::new(Limit::PageContent, limits.max_page_content),
            document_content: Meter::new(Limit::DocumentContent, limits.max_document_content),
        }
    }

    /// The content budget left: the smaller of the page's and the document's.
    fn content_left(&self) -> (u64, Meter) {
        let (p, d) = (self.page_content, self.document_content);
        if p.remaining() <= d.remaining() {
            (p.remaining(), p)
        } else {
            (d.remaining(), d)
        }
    }

    fn charge(&mut self, n: usize) -> Result<(), ExtractError> {
        self.page_content.charge(n as u64)?;
        self.document_content.charge(n as u64)
    }

    /// Maps a lopdf error of a bounded decode: over the limit is the budget's error.
    fn decode_error(&self, e: lopdf::Error, what: &str) -> ExtractError {
        match e {
            lopdf::Error::Decompress(DecompressError::MemoryLimitExceeded { .. }) => {
                let (_, m) = self.content_left();
                m.limit().error(m.max().saturating_add(1), m.max())
            }
            other => ExtractError::Pdf(format!("{what}：{other}")),
        }
    }

    pub fn page(&mut self, page_id: ObjectId) -> Result<PageScan, ExtractError> {
        self.scan = PageScan::default();
        self.page_content = Meter::new(Limit::PageContent, self.limits.max_page_content);
        // lopdf's get_page_content_with_limit, one stream at a time with the deadline
        // checked between them.
        let (left, _) = self.content_left();
        let left = left as usize;
        let mut content = Vec::new();
        for id in self.doc.get_page_contents(page_id) {
            self.deadline.check()?;
            let Ok(stream) = self.doc.get_object(id).and_then(Object::as_stream) else {
                continue;
            };
            let remaining = left.saturating_sub(content.len());
            match stream.decompressed_content_with_limit(remaining) {
                Ok(data) => content.extend_from_slice(&data),
                Err(e @ lopdf::Error::Decompress(DecompressError::MemoryLimitExceeded { .. })) => {
                    return Err(self.decode_error(e, "页面内容"));
                }
                Err(_) if stream.content.len() <= remaining => {
                    content.extend_from_slice(&stream.content)
                }
                Err(_) => {
                    let (_, m) = self.content_left();
                    return Err(m.limit().error(m.max().saturating_add(1), m.max()));
                }
            }
            content.push(b'\n');
        }
        self.charge(content.len())?;
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

    fn font(
        &mut self,
        res: &[&'a Dictionary],
        name: &[u8],
    ) -> Result<Option<Rc<Font<'a>>>, ExtractError> {
        let Some((id, obj)) = self.resource(res, b"Font", name) else {
            return Ok(None);
        };
        let Ok(dict) = obj.as_dict() else {
            return Ok(None);
        };
        if let Some(id) = id
            && let Some(f) = self.fonts.get(&id)
        {
            return Ok(Some(f.clone()));
        }
        let f = Rc::new(Font::load(self.doc, dict, self.limits, self.deadline)?);
        if let Some(id) = id {
            self.fonts.insert(id, f.clone());
        }
        Ok(Some(f))
    }

    fn run(
        &mut self,
        content: &[u8],
        res: &[&'a Dictionary],
        base_ctm: Matrix,
        depth: usize,
    ) -> Result<(), ExtractError> {
        let mut ctm = base_ctm;
        let mut gstack: Vec<(Matrix, TextState<'a>)> = vec![];
        let mut ts = TextState::<'a>::default();
        let mut tm = IDENTITY;
        let mut tlm = IDENTITY;
        // A broken stream yields what was parsed before the error.
        for op in Content::decode_iter(content).map_while(Result::ok) {
            self.deadline.tick(&mut self.ticks, 1024)?;
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
                        ts.font = self.font(res, name)?;
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
                    self.show(&items, &ts, &mut tm, &ctm)?;
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

    fn show(
        &mut self,
        items: &[&Object],
        ts: &TextState<'a>,
        tm: &mut Matrix,
        ctm: &Matrix,
    ) -> Result<(), ExtractError> {
        let Some(font) = ts.font.clone() else {
            return Ok(());
        };
        let mut run: Option<Run> = None;
        for item in items {
            match item {
                Object::String(bytes, _) => {
                    for g in font.glyphs(bytes) {
                        self.deadline.tick(&mut self.ticks, 8192)?;
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
                        self.push_run(r)?;
                    }
                }
            }
        }
        if let Some(r) = run {
            self.push_run(r)?;
        }
        Ok(())
    }

    fn push_run(&mut self, r: Run) -> Result<(), ExtractError> {
        if !r.text.is_empty() {
            if self.scan.runs.len() >= self.limits.max_blocks {
                let max = self.limits.max_blocks as u64;
                return Err(Limit::Blocks.error(max + 1, max));
            }
            self.scan.runs.push(r);
        }
        Ok(())
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
            Ok(b"Form") => {
                let max = self.limits.max_form_depth;
                if depth + 1 > max {
                    return Err(Limit::FormDepth.error(depth as u64 + 1, max as u64));
                }
                let (left, _) = self.content_left();
                let content = match stream.decompressed_content_with_limit(left as usize) {
                    Ok(c) => c,
                    Err(
                        e @ lopdf::Error::Decompress(DecompressError::MemoryLimitExceeded {
                            ..
                        }),
                    ) => {
                        return Err(self.decode_error(e, "表单对象"));
                    }
                    Err(_) if stream.dict.get(b"Filter").is_err() => stream.content.clone(),
                    Err(_) => return Ok(()),
                };
                self.charge(content.len())?;
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
