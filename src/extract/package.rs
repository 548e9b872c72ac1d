//! Zip containers (docx, ofd) read with limits: entry size, compression ratio, UTF-8.

use std::io::{Cursor, Read};

use super::error::ExtractError;
use super::limits::Limits;

pub struct Package<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    limits: &'a Limits,
}

impl<'a> Package<'a> {
    pub fn open(bytes: &'a [u8], limits: &'a Limits) -> Result<Self, ExtractError> {
        let zip = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| ExtractError::Zip(plain_zip_error(&e)))?;
        Ok(Package { zip, limits })
    }

    pub fn names(&self) -> Vec<String> {
        self.zip
            .file_names()
            .filter_map(|n| n.ok().map(|n| n.into_owned()))
            .collect()
    }

    /// Reads an entry as bytes; `Ok(None)` when it does not exist.
    pub fn read_bytes(&mut self, name: &str) -> Result<Option<Vec<u8>>, ExtractError> {
        let limits = self.limits;
        let mut f = match self.zip.by_name(name) {
            Ok(f) => f,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(e) => {
                return Err(ExtractError::Zip(format!(
                    "{name}: {}",
                    plain_zip_error(&e)
                )));
            }
        };
        let declared = f.size();
        let compressed = f.compressed_size().max(1);
        let cap = limits.max_part_size;
        let bomb = |size: u64| ExtractError::ZipBomb {
            part: name.to_string(),
            size,
            limit: cap,
            ratio: size / compressed,
        };
        // Small parts compress extremely well (a styles.xml of zeros); only large ones can bomb.
        let ratio_suspect =
            |size: u64| size > 10 * 1024 * 1024 && size / compressed > limits.max_compression_ratio;
        if declared > cap || ratio_suspect(declared) {
            return Err(bomb(declared));
        }
        // The declared size can lie: cap what is actually inflated too.
        let mut buf = Vec::with_capacity(declared.min(cap) as usize);
        (&mut f)
            .take(cap + 1)
            .read_to_end(&mut buf)
            .map_err(|e| ExtractError::Zip(format!("{name}: {e}")))?;
        let actual = buf.len() as u64;
        if actual > cap || ratio_suspect(actual) {
            return Err(bomb(actual));
        }
        Ok(Some(buf))
    }

    /// Reads an XML entry as UTF-8 text without BOM.
    pub fn read_text(&mut self, name: &str) -> Result<Option<String>, ExtractError> {
        let Some(mut buf) = self.read_bytes(name)? else {
            return Ok(None);
        };
        if buf.starts_with(&[0xEF, 0xBB, 0xBF]) {
            buf.drain(..3);
        }
        String::from_utf8(buf)
            .map(Some)
            .map_err(|e| ExtractError::Xml {
                part: name.to_string(),
                detail: format!("第 {} 字节处不是有效的 UTF-8", e.utf8_error().valid_up_to()),
            })
    }
}

fn plain_zip_error(e: &zip::result::ZipError) -> String {
    match e {
        zip::result::ZipError::InvalidArchive(m) => format!("不是完整的 zip 压缩包：{m}"),
        zip::result::ZipError::UnsupportedArchive(m) => format!("不支持的 zip 特性：{m}"),
        other => other.to_string(),
    }
}
