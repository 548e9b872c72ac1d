//! How a block's place is written for a reader: 第三章 第十二条第二款 · 第3页 / 第41段.

use crate::document::location::Location;
use crate::document::model::{Block, Part};

/// The structural path as a lawyer cites it: articles and their parts run together
/// (第十二条第二款第一项); chapters and outline labels are separated.
pub fn path_text(path: &[String]) -> String {
    let mut s = String::new();
    for (i, p) in path.iter().enumerate() {
        let joins = p.ends_with('款') || p.ends_with('项') || p.ends_with('目');
        if i > 0 && !joins {
            s.push(' ');
        }
        s.push_str(p);
    }
    s
}

/// Physical place: page and line (pdf/ofd), paragraph (docx, 1-based for people), or line (text).
pub fn place_text(b: &Block) -> String {
    let part = match b.part {
        Part::Body => "",
        Part::Header => "页眉 ",
        Part::Footer => "页脚 ",
        Part::Footnote => "脚注 ",
        Part::Endnote => "尾注 ",
        Part::Comment => "批注 ",
        Part::Metadata => "元数据 ",
    };
    let mut s = part.to_string();
    if let Some(p) = b.page {
        s.push_str(&format!("第{p}页"));
        if let Some(l) = b.line {
            s.push_str(&format!("第{l}行"));
        }
    } else if let Some(p) = b.paragraph {
        s.push_str(&format!("第{}段", p + 1));
    } else if let Some(l) = b.line {
        s.push_str(&format!("第{l}行"));
    }
    if let Some(t) = b.table {
        s.push_str(&format!(
            " 表{}第{}行第{}列",
            t.table + 1,
            t.row + 1,
            t.col + 1
        ));
    }
    s
}

pub fn location_text(b: &Block) -> String {
    let path = path_text(&b.path);
    let place = place_text(b);
    match (path.is_empty(), place.is_empty()) {
        (true, _) => place,
        (false, true) => path,
        (false, false) => format!("{path} · {place}"),
    }
}

/// Where a finding sits, for a reader: 第三章 第十二条第二款 · 第3页 (pdf) / 第41段 (docx).
pub fn finding_place(loc: &Location) -> String {
    let path = path_text(&loc.path);
    let place = match (loc.page, loc.paragraph, loc.line) {
        (Some(pg), _, _) => format!("第{pg}页"),
        (None, Some(para), _) => format!("第{}段", para + 1),
        (None, None, Some(l)) => format!("第{l}行"),
        _ => String::new(),
    };
    [path, place]
        .into_iter()
        .filter(|x| !x.is_empty())
        .collect::<Vec<_>>()
        .join(" · ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cites_like_a_lawyer() {
        let p: Vec<String> = ["第三章", "第十二条", "第二款", "第一项"]
            .map(String::from)
            .to_vec();
        assert_eq!(path_text(&p), "第三章 第十二条第二款第一项");
        let mut b = Block::new("x", Part::Body);
        b.path = p;
        b.page = Some(3);
        b.line = Some(5);
        assert_eq!(
            location_text(&b),
            "第三章 第十二条第二款第一项 · 第3页第5行"
        );
    }
}
