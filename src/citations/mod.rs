//! Citations of laws and documents, checked against the law-status database.

pub mod check;
pub mod extract;
pub mod lawdb;

pub use check::{Checked, Citation, CitationStatus};

/// Today (local time) as YYYY-MM-DD, the default `--as-of` for undated documents.
pub fn today() -> String {
    chrono::Local::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn today_is_a_date() {
        let t = super::today();
        assert_eq!(t.len(), 10);
        assert!(t.as_str() > "2024-01-01");
    }
}
