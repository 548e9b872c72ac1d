//! Why a document could not be read, in words a user understands.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum ExtractError {
    #[error("cannot read the file: {0}")]
    Io(#[from] std::io::Error),
    #[error("the file is empty")]
    Empty,
    #[error(
        "the file is {size} bytes, over the limit of {limit} bytes (raise it with --max-file-size)"
    )]
    TooLarge { size: u64, limit: u64 },
    #[error("not a supported document: {0}")]
    Unsupported(String),
    #[error(
        "legacy Word/WPS binary format (.doc/.wps): save it as .docx (or install LibreOffice so fashen can convert it)"
    )]
    LegacyDoc,
    #[error("damaged zip container: {0}")]
    Zip(String),
    #[error("damaged document: part {part} is missing")]
    MissingPart { part: String },
    #[error("damaged document: {part}: {detail}")]
    Xml { part: String, detail: String },
    #[error(
        "possible zip bomb: {part} would expand to {size} bytes (limit {limit}, compression ratio {ratio}:1)"
    )]
    ZipBomb {
        part: String,
        size: u64,
        limit: u64,
        ratio: u64,
    },
    #[error("damaged PDF: {0}")]
    Pdf(String),
    #[error("the PDF is encrypted and a password is required to open it")]
    PasswordRequired,
    #[error("no text layer: {0} (scanned pages need OCR before review)")]
    NoText(String),
    #[error("the text cannot be decoded: {0}")]
    Garbled(String),
    #[error("reading took longer than the time budget of {0} s")]
    Timeout(u64),
    #[error("internal error while reading (please report this file): {0}")]
    Panic(String),
}
