//! Everything that turns results into output for people and tools.

pub mod annotate;
pub mod extract_view;
pub mod finding;
pub mod location;
pub mod memo;
pub mod review;
pub mod sarif;
