//! PDF font decoding: code splitting, Unicode mapping and glyph widths.
//!
//! Handles ToUnicode CMaps (simple and composite fonts), Identity-H, the predefined
//! Unicode CMaps (UniGB-UCS2-H, UniGB-UTF16-H …) and the GBK/GB-EUC CMaps that lopdf
//! cannot decode (decoded here with encoding_rs). Glyphs that no map covers are counted
//! so the page quality gate can refuse junk instead of passing it to the rules.

use std::collections::HashMap;

use encoding_rs::GB18030;
use lopdf::{Dictionary, Document, Encoding, Object};

use crate::extract::error::ExtractError;
use crate::extract::limits::{Deadline, Limit, Limits, Meter};

/// Character codes are at most two bytes for widths (CIDs end at 65535): a range past that
/// covers nothing that can be shown.
const MAX_CODE: u32 = 0xFFFF;

enum Mapping<'a> {
    ToUnicode(Encoding<'a>),
    /// Codes are UTF-16BE code units (UCS2/UTF16 predefined CMaps).
    Utf16,
    /// Codes are GBK/GB2312 bytes: one byte below 0x81, otherwise two.
    Gbk,
    /// A simple font's byte encoding as lopdf resolves it (WinAnsi, Differences …).
    Simple(Encoding<'a>),
    /// Nothing maps codes to text (Identity-H without ToUnicode, subset without encoding).
    Unmapped,
}

pub struct Font<'a> {
    composite: bool,
    mapping: Mapping<'a>,
    /// Composite: CID widths; simple: code widths (both in 1/1000 text space units).
    widths: HashMap<u32, f64>,
    default_width: f64,
}

pub struct Glyph {
    pub text: String,
    /// Horizontal advance in text space units (before font size).
    pub width: f64,
    pub is_space: bool,
    pub mapped: bool,
}

fn num(o: &Object) -> Option<f64> {
    match o {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(*r as f64),
        _ => None,
    }
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    doc.dereference(o).map(|(_, o)| o).unwrap_or(o)
}

impl<'a> Font<'a> {
    /// Loads a font; only the budgets (widths, time) make it fail: a damaged font reads as
    /// one without a Unicode map.
    pub fn load(
        doc: &'a Document,
        font: &'a Dictionary,
        limits: &Limits,
        deadline: Deadline,
    ) -> Result<Font<'a>, ExtractError> {
        let limit = limits.max_part_size as usize;
        let mut widths = Widths {
            map: HashMap::new(),
            meter: Meter::new(Limit::FontWidths, limits.max_font_widths),
            deadline,
            ticks: 0,
        };
        let subtype = font
            .get(b"Subtype")
            .and_then(Object::as_name)
            .unwrap_or(b"");
        let composite = subtype == b"Type0";
        let encoding_name = font
            .get(b"Encoding")
            .map(|o| deref(doc, o))
            .and_then(Object::as_name)
            .ok()
            .map(|n| String::from_utf8_lossy(n).into_owned());
        let to_unicode = font.get(b"ToUnicode").ok().and_then(|o| {
            let mut d = Dictionary::new();
            d.set("Type", Object::Name(b"Font".to_vec()));
            d.set("ToUnicode", o.clone());
            match d.get_font_encoding_with_limit(doc, limit) {
                Ok(Encoding::UnicodeMapEncoding(c)) => Some(Encoding::UnicodeMapEncoding(c)),
                _ => None,
            }
        });
        let mapping = if let Some(tu) = to_unicode {
            Mapping::ToUnicode(tu)
        } else if composite {
            match encoding_name.as_deref() {
                Some(n) if n.starts_with("Uni") && (n.contains("UCS2") || n.contains("UTF16")) => {
                    Mapping::Utf16
                }
                Some(n) if n.starts_with("GB") && n.contains("EUC") || n.starts_with("GBK") => {
                    Mapping::Gbk
                }
                _ => Mapping::Unmapped,
            }
        } else {
            let base = font
                .get(b"BaseFont")
                .and_then(Object::as_name)
                .unwrap_or(b"");
            let subset =
                base.len() > 7 && base[6] == b'+' && base[..6].iter().all(u8::is_ascii_uppercase);
            if font.get(b"Encoding").is_err() && subset {
                Mapping::Unmapped
            } else {
                font.get_font_encoding_with_limit(doc, limit)
                    .map(Mapping::Simple)
                    .unwrap_or(Mapping::Unmapped)
            }
        };
        let default_width = if composite {
            cid_widths(doc, font, &mut widths)?
        } else {
            simple_widths(doc, font, &mut widths)?
        };
        Ok(Font {
            composite,
            mapping,
            widths: widths.map,
            default_width,
        })
    }

    /// Splits a shown string into glyphs, one at a time (a string can be megabytes).
    pub fn glyphs<'s>(&'s self, bytes: &'s [u8]) -> impl Iterator<Item = Glyph> + 's {
        let mut i = 0;
        std::iter::from_fn(move || {
            if i >= bytes.len() {
                return None;
            }
            let len = self.code_len(&bytes[i..]);
            let code_bytes = &bytes[i..(i + len).min(bytes.len())];
            i += len;
            let code = code_bytes.iter().fold(0u32, |a, &b| (a << 8) | b as u32);
            let (text, mapped) = self.decode(code, code_bytes);
            let width = self.width(code, code_bytes.len(), &text);
            Some(Glyph {
                is_space: code_bytes == [32],
                text,
                width,
                mapped,
            })
        })
    }

    fn code_len(&self, rest: &[u8]) -> usize {
        match self.mapping {
            Mapping::Gbk if rest[0] >= 0x81 => 2,
            Mapping::Gbk => 1,
            Mapping::Utf16 if rest.len() >= 4 && (0xD8..0xDC).contains(&rest[0]) => 4,
            _ if self.composite => 2,
            _ => 1,
        }
    }

    fn decode(&self, code: u32, raw: &[u8]) -> (String, bool) {
        match &self.mapping {
            Mapping::ToUnicode(Encoding::UnicodeMapEncoding(map)) => {
                match map.get(code, raw.len() as u8) {
                    Some(units) => (String::from_utf16_lossy(&units), true),
                    None => ("\u{FFFD}".into(), false),
                }
            }
            Mapping::Utf16 => (
                String::from_utf16_lossy(
                    &raw.chunks(2)
                        .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                        .collect::<Vec<_>>(),
                ),
                true,
            ),
            Mapping::Gbk => {
                if raw.len() == 1 {
                    ((raw[0] as char).to_string(), true)
                } else {
                    let (s, bad) = GB18030.decode_without_bom_handling(raw);
                    (s.into_owned(), !bad)
                }
            }
            Mapping::Simple(enc) => match enc.bytes_to_string(raw) {
                Ok(s) => (s, true),
                Err(_) => ("\u{FFFD}".into(), false),
            },
            _ => ("\u{FFFD}".into(), false),
        }
    }

    fn width(&self, code: u32, len: usize, text: &str) -> f64 {
        if let Some(w) = self.widths.get(&code) {
            return *w;
        }
        if matches!(self.mapping, Mapping::Gbk | Mapping::Utf16) {
            // Predefined CMaps: CIDs are unknown without the CMap data; ASCII is half width.
            return if len == 1 || text.is_ascii() {
                500.0
            } else {
                1000.0
            };
        }
        self.default_width
    }
}

/// A width table being read, charged against the font-widths budget.
struct Widths {
    map: HashMap<u32, f64>,
    meter: Meter,
    deadline: Deadline,
    ticks: u32,
}

impl Widths {
    /// Sets codes `first..=last` (clamped to two-byte codes) to `width`.
    fn range(&mut self, first: u32, last: u32, width: f64) -> Result<(), ExtractError> {
        let last = last.min(MAX_CODE);
        if first > last {
            return Ok(());
        }
        self.meter.charge(u64::from(last - first) + 1)?;
        for c in first..=last {
            self.deadline.tick(&mut self.ticks, 8192)?;
            self.map.insert(c, width);
        }
        Ok(())
    }
}

fn simple_widths(doc: &Document, font: &Dictionary, w: &mut Widths) -> Result<f64, ExtractError> {
    let first = font.get(b"FirstChar").ok().and_then(num).unwrap_or(0.0) as u32;
    if let Ok(ws) = font
        .get(b"Widths")
        .map(|o| deref(doc, o))
        .and_then(Object::as_array)
    {
        for (i, width) in ws.iter().enumerate() {
            if let Some(v) = num(deref(doc, width)) {
                let c = first.saturating_add(i as u32);
                w.range(c, c, v)?;
            }
        }
    }
    Ok(500.0)
}

fn cid_widths(doc: &Document, font: &Dictionary, widths: &mut Widths) -> Result<f64, ExtractError> {
    let Some(desc) = font
        .get(b"DescendantFonts")
        .map(|o| deref(doc, o))
        .and_then(Object::as_array)
        .ok()
        .and_then(|a| a.first())
        .map(|o| deref(doc, o))
        .and_then(|o| o.as_dict().ok())
    else {
        return Ok(1000.0);
    };
    let dw = desc.get(b"DW").ok().and_then(num).unwrap_or(1000.0);
    if let Ok(w) = desc
        .get(b"W")
        .map(|o| deref(doc, o))
        .and_then(Object::as_array)
    {
        let mut i = 0;
        while i < w.len() {
            widths.deadline.check()?;
            let Some(first) = num(deref(doc, &w[i])) else {
                break;
            };
            let first = first as u32;
            match w.get(i + 1).map(|o| deref(doc, o)) {
                Some(Object::Array(list)) => {
                    for (k, v) in list.iter().enumerate().take(65536) {
                        if let Some(v) = num(deref(doc, v)) {
                            let c = first.saturating_add(k as u32);
                            widths.range(c, c, v)?;
                        }
                    }
                    i += 2;
                }
                Some(last) => {
                    let (Some(last), Some(v)) =
                        (num(last), w.get(i + 2).and_then(|o| num(deref(doc, o))))
                    else {
                        break;
                    };
                    widths.range(first, last as u32, v)?;
                    i += 3;
                }
                None => break,
            }
        }
    }
    Ok(dw)
}
