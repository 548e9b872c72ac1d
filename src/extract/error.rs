//! Why a document could not be read, in words a user understands: one line of Chinese
//! that says what to do next.

use thiserror::Error;

use super::limits::Limit;

#[derive(Debug, Error)]
pub enum ExtractError {
    #[error("无法读取文件（{0}），请检查路径和读取权限")]
    Io(#[from] std::io::Error),
    #[error("文件为空，请提供有内容的文档")]
    Empty,
    #[error("文件大小 {size} 字节，超过上限 {limit} 字节；确需审查可用 --max-file-size 调高上限")]
    TooLarge { size: u64, limit: u64 },
    #[error("不是普通文件，而是{0}；fashen 只读取普通文件，请先把内容保存为文件再审查")]
    NotRegularFile(&'static str),
    #[error("不是支持的文档格式：{0}")]
    Unsupported(String),
    #[error(
        "旧版 Word/WPS 二进制格式（.doc/.wps）：请另存为 .docx（或安装 LibreOffice 以便 fashen 自动转换）"
    )]
    LegacyDoc,
    #[error("压缩包已损坏（{0}），请用原软件重新保存后再审查")]
    Zip(String),
    #[error("文档已损坏：缺少部件 {part}，请用原软件重新保存后再审查")]
    MissingPart { part: String },
    #[error("文档已损坏：{part}：{detail}，请用原软件重新保存后再审查")]
    Xml { part: String, detail: String },
    #[error(
        "疑似压缩炸弹：{part} 解压后达 {size} 字节（上限 {limit} 字节，压缩比 {ratio}:1），已拒绝读取"
    )]
    ZipBomb {
        part: String,
        size: u64,
        limit: u64,
        ratio: u64,
    },
    #[error("PDF 已损坏（{0}），请用原软件重新导出 PDF 后再审查")]
    Pdf(String),
    #[error("PDF 已加密，需要密码才能打开，请提供未加密的文件")]
    PasswordRequired,
    #[error("没有文字层：{0}，扫描件需先做 OCR 再审查")]
    NoText(String),
    #[error("文字无法解码：{0}，请从原文件重新导出带文字的 PDF")]
    Garbled(String),
    #[error("读取超过时间预算 {0} 秒，已停止；文件可能异常，确需审查可用 --time-budget 调高预算")]
    Timeout(u64),
    #[error(
        "超出资源上限：{}超过 {max} {}（{}），文件可能已损坏或被恶意构造，请用原软件另存一份后再审查",
        limit.chinese().0,
        limit.chinese().1,
        limit.field()
    )]
    OverLimit { limit: Limit, value: u64, max: u64 },
    #[error("{}", .0.reason())]
    Language(Language),
    #[error("读取时发生内部错误（请报告此文件）：{0}")]
    Panic(String),
}

/// Body text fashen cannot review reliably (see `extract::language`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    NotChinese,
}

impl Language {
    pub fn reason(self) -> &'static str {
        match self {
            Language::NotChinese => "文本主要不是中文，fashen 只能审查中文文本，请提供中文文本",
        }
    }
}
