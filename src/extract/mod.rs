//! Readers for each input format, all producing located blocks.
//!
//! Every reader works on bytes in memory, returns an error value for malformed input and
//! keeps to the budgets of `Limits`: the deadline is checked inside every loop that can grow
//! with the input (cooperative cancellation, see `limits`), and what a reader builds is
//! capped (`ExtractError::OverLimit`). `read_file` adds the size limit on what is actually
//! read (only regular files), sniffing, a panic guard, and the language check on the body
//! text (Traditional Chinese converted, non-Chinese refused), so a bad file cannot take a
//! batch down or pass unreviewed.

pub mod docx;
pub mod error;
pub mod language;
pub mod layout;
pub mod limits;
pub mod model;
pub mod ofd;
pub mod package;
pub mod pdf;
pub mod sniff;
pub mod text;
pub mod xml;

use std::io::Read;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

pub use error::ExtractError;
pub use limits::{Deadline, Limit, Limits};

use crate::extract::model::{Extracted, Format};

/// Reads bytes of any supported format (decided by content).
pub fn read_bytes(bytes: &[u8], limits: &Limits) -> Result<(Format, Extracted), ExtractError> {
    if bytes.len() as u64 > limits.max_file_size {
        return Err(ExtractError::TooLarge {
            size: bytes.len() as u64,
            limit: limits.max_file_size,
        });
    }
    let format = sniff::sniff(bytes)?;
    let deadline = Deadline::new(limits.time_budget);
    let result = catch_unwind(AssertUnwindSafe(|| match format {
        Format::Docx => docx::extract(bytes, limits, deadline),
        Format::Pdf => pdf::extract(bytes, limits, deadline),
        Format::Ofd => ofd::extract(bytes, limits, deadline),
        Format::Text => text::extract_with(bytes, limits, deadline),
    }));
    let mut x = match result {
        Ok(r) => r?,
        Err(panic) => return Err(ExtractError::Panic(panic_message(&*panic))),
    };
    if language::check(&x)? == model::Script::Traditional {
        language::to_simplified(&mut x);
    }
    Ok((format, x))
}

/// The text of a caught panic's payload.
pub fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "未知错误".into())
}

/// The file's size, or `TooLarge` when it is over the limit: checked before loading.
pub fn check_size(path: &Path, limits: &Limits) -> Result<u64, ExtractError> {
    let size = std::fs::metadata(path)?.len();
    if size > limits.max_file_size {
        return Err(ExtractError::TooLarge {
            size,
            limit: limits.max_file_size,
        });
    }
    Ok(size)
}

/// What a path is when it is not a regular file (after following symbolic links).
fn special_kind(t: &std::fs::FileType) -> Option<&'static str> {
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("文件夹");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("命名管道（FIFO）");
        }
        if t.is_char_device() {
            return Some("字符设备");
        }
        if t.is_block_device() {
            return Some("块设备");
        }
        if t.is_socket() {
            return Some("套接字");
        }
    }
    Some("特殊文件")
}

/// The bytes of a file, refusing anything but a regular file (FIFOs, devices, sockets: a
/// FIFO would block, /dev/zero never ends) and capping what is actually read at
/// `max_file_size`: the size in the metadata is not trusted (it reads 0 for /proc files and
/// can change while reading).
pub fn read_file_bytes(path: &Path, limits: &Limits) -> Result<Vec<u8>, ExtractError> {
    // Checked on the path before opening: opening a FIFO blocks until a writer comes.
    let meta = std::fs::metadata(path)?;
    if let Some(kind) = special_kind(&meta.file_type()) {
        return Err(ExtractError::NotRegularFile(kind));
    }
    let too_large = |size: u64| ExtractError::TooLarge {
        size,
        limit: limits.max_file_size,
    };
    if meta.len() > limits.max_file_size {
        return Err(too_large(meta.len()));
    }
    let file = std::fs::File::open(path)?;
    // The path may have been replaced between the check and the open.
    if let Some(kind) = special_kind(&file.metadata()?.file_type()) {
        return Err(ExtractError::NotRegularFile(kind));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limits.max_file_size.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limits.max_file_size {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Reads a file (see `read_file_bytes`) of any supported format.
pub fn read_file(path: &Path, limits: &Limits) -> Result<(Format, Extracted), ExtractError> {
    read_bytes(&read_file_bytes(path, limits)?, limits)
}

/// Reader jobs running now, on any reader thread (for tests of cancellation).
static BUSY: AtomicUsize = AtomicUsize::new(0);

/// How many documents are being read at this moment. A reader that ran over its budget
/// stops at its next deadline check, so this falls back soon after the budget.
pub fn busy_readers() -> usize {
    BUSY.load(Ordering::SeqCst)
}

struct Busy;

impl Busy {
    fn start() -> Busy {
        BUSY.fetch_add(1, Ordering::SeqCst);
        Busy
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        BUSY.fetch_sub(1, Ordering::SeqCst);
    }
}

type Job = (
    Vec<u8>,
    Limits,
    mpsc::Sender<Result<(Format, Extracted), ExtractError>>,
);

/// A reader thread kept by each calling thread, so a batch does not start a thread per
/// document; one that overruns its budget is abandoned and replaced.
struct Reader {
    jobs: mpsc::Sender<Job>,
}

impl Reader {
    fn start() -> Option<Reader> {
        let (jobs, rx) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("fashen-extract".into())
            .stack_size(16 * 1024 * 1024)
            .spawn(move || {
                for (bytes, limits, reply) in rx {
                    let busy = Busy::start();
                    let result = read_bytes(&bytes, &limits);
                    drop(busy);
                    let _ = reply.send(result);
                }
            })
            .ok()?;
        Some(Reader { jobs })
    }
}

thread_local! {
    static READER: std::cell::RefCell<Option<Reader>> = const { std::cell::RefCell::new(None) };
}

/// Runs `read_bytes` on a reader thread and gives up after the time budget (plus grace),
/// so a parser stuck outside our own loops (inside a dependency) cannot hang the caller.
/// The reader itself stops at its own deadline (cooperative cancellation); the grace only
/// covers work inside a dependency between two checks (lopdf parsing the file structure,
/// zip inflating one part), which is bounded by the file and part size limits.
pub fn read_bytes_guarded(
    bytes: Vec<u8>,
    limits: &Limits,
) -> Result<(Format, Extracted), ExtractError> {
    let (reply, answer) = mpsc::channel();
    let sent = READER.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            *slot = Reader::start();
        }
        let reader = slot.as_ref()?;
        reader.jobs.send((bytes, limits.clone(), reply)).ok()
    });
    if sent.is_none() {
        READER.with(|cell| cell.borrow_mut().take());
        return Err(ExtractError::Panic("无法启动读取线程".into()));
    }
    let grace = limits.time_budget + std::time::Duration::from_secs(2);
    match answer.recv_timeout(grace) {
        Ok(r) => r,
        Err(e) => {
            // The reader is stuck (or gone): leave it, the next document gets a new one.
            READER.with(|cell| cell.borrow_mut().take());
            match e {
                mpsc::RecvTimeoutError::Timeout => {
                    Err(ExtractError::Timeout(limits.time_budget.as_secs()))
                }
                mpsc::RecvTimeoutError::Disconnected => {
                    Err(ExtractError::Panic("读取线程意外退出".into()))
                }
            }
        }
    }
}

/// `read_file` with the wall-clock guard of `read_bytes_guarded`.
pub fn read_file_guarded(
    path: &Path,
    limits: &Limits,
) -> Result<(Format, Extracted), ExtractError> {
    read_bytes_guarded(read_file_bytes(path, limits)?, limits)
}
