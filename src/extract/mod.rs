//! Readers for each input format, all producing located blocks.
//!
//! Every reader works on bytes in memory, returns an error value for malformed input and
//! checks a deadline in its long loops; `read_file` adds the size limit, sniffing, a
//! panic guard and a wall-clock budget so a bad file cannot take a batch down.

pub mod docx;
pub mod error;
pub mod limits;
pub mod model;
pub mod ofd;
pub mod package;
pub mod pdf;
pub mod sniff;
pub mod text;
pub mod xml;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::mpsc;

pub use error::ExtractError;
pub use limits::{Deadline, Limits};

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
        Format::Text => text::extract(bytes),
    }));
    match result {
        Ok(r) => r.map(|x| (format, x)),
        Err(panic) => Err(ExtractError::Panic(panic_message(&*panic))),
    }
}

/// The text of a caught panic's payload.
pub fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
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

/// Reads a file, refusing it before loading when it is over the size limit.
pub fn read_file(path: &Path, limits: &Limits) -> Result<(Format, Extracted), ExtractError> {
    check_size(path, limits)?;
    let bytes = std::fs::read(path)?;
    read_bytes(&bytes, limits)
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
                    let _ = reply.send(read_bytes(&bytes, &limits));
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
        return Err(ExtractError::Panic("cannot start a reader thread".into()));
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
                    Err(ExtractError::Panic("reader thread died".into()))
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
    check_size(path, limits)?;
    read_bytes_guarded(std::fs::read(path)?, limits)
}
