//! Everything that turns results into output for people and tools.

pub mod extract_view;
pub mod finding;
pub mod location;
pub mod review;
