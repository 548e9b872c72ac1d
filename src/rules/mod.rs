//! Rule engine: rule packs as data (rules/*.toml), compiled once, run per document.

pub mod anchors;
pub mod builtin;
pub mod compile;
pub mod concepts;
pub mod engine;
pub mod examples;
pub mod finding;
pub mod jurisdiction;
pub mod level;
pub mod party_groups;
pub mod precedent;
pub mod schema;
pub mod scorer;
pub mod start_cache;
pub mod thresholds;
