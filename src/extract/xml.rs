//! Small helpers over quick-xml shared by the docx and ofd readers.

use quick_xml::events::BytesStart;

use super::error::ExtractError;

/// Local name without namespace prefix, so Transitional and Strict OOXML read alike.
pub fn local(name: &str) -> &str {
    match name.rfind(':') {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

/// Attribute value by local name.
pub fn attr(e: &BytesStart, key: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (local(a.key.as_ref()) == key).then(|| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| a.value.clone().into_owned())
        })
    })
}

/// Text of an entity reference (&amp; &#x4E00; …).
pub fn entity_text(g: &quick_xml::events::BytesRef) -> String {
    match g.resolve_char_ref() {
        Ok(Some(c)) => c.to_string(),
        _ => match &**g {
            "lt" => "<".into(),
            "gt" => ">".into(),
            "amp" => "&".into(),
            "quot" => "\"".into(),
            "apos" => "'".into(),
            _ => String::new(),
        },
    }
}

/// Tracks element depth and refuses pathological nesting.
pub struct Depth {
    depth: usize,
    max: usize,
    part: String,
}

impl Depth {
    pub fn new(max: usize, part: &str) -> Self {
        Depth {
            depth: 0,
            max,
            part: part.to_string(),
        }
    }
    pub fn enter(&mut self) -> Result<(), ExtractError> {
        self.depth += 1;
        if self.depth > self.max {
            return Err(ExtractError::Xml {
                part: self.part.clone(),
                detail: format!("XML 嵌套超过 {} 层", self.max),
            });
        }
        Ok(())
    }
    pub fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }
}

pub fn xml_error(part: &str, e: impl std::fmt::Display, pos: u64) -> ExtractError {
    ExtractError::Xml {
        part: part.to_string(),
        detail: format!("第 {pos} 字节处 XML 格式错误（{e}）"),
    }
}
