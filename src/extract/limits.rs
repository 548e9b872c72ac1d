//! Resource limits that keep hostile or broken input from exhausting the machine.

use std::time::{Duration, Instant};

use super::error::ExtractError;

#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest input file accepted.
    pub max_file_size: u64,
    /// Largest decompressed zip entry (docx/ofd part) or PDF stream.
    pub max_part_size: u64,
    /// Largest ratio of decompressed to compressed size of one zip entry.
    pub max_compression_ratio: u64,
    /// Deepest XML element nesting accepted.
    pub max_xml_depth: usize,
    /// Wall-clock budget for reading one document.
    pub time_budget: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_size: 200 * 1024 * 1024,
            max_part_size: 256 * 1024 * 1024,
            // Word XML compresses well (often 10–30:1); a bomb reaches thousands.
            max_compression_ratio: 200,
            max_xml_depth: 256,
            time_budget: Duration::from_secs(30),
        }
    }
}

/// A point in time after which extraction gives up; checked in long loops.
#[derive(Debug, Clone, Copy)]
pub struct Deadline {
    end: Instant,
    budget: Duration,
}

impl Deadline {
    pub fn new(budget: Duration) -> Self {
        Deadline {
            end: Instant::now() + budget,
            budget,
        }
    }
    pub fn check(&self) -> Result<(), ExtractError> {
        if Instant::now() > self.end {
            Err(ExtractError::Timeout(self.budget.as_secs()))
        } else {
            Ok(())
        }
    }
}
