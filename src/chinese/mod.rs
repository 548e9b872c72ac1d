//! Chinese-language basics every stage shares: numerals (第十二条, 二十三, 〇) and
//! the numbering labels that open a paragraph. Depends on nothing else in the crate.

pub mod label;
pub mod numerals;
pub mod places;
