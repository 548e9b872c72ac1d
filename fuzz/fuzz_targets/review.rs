#![no_main]
//! The whole pipeline on any input: read (any format, with the language check), structure,
//! classify, review with the built-in rules. Any input must give a review or an error
//! value: never a panic, never a hang, never more memory than the budgets allow.

use std::sync::OnceLock;
use std::time::Duration;

use fashen::extract::{Limits, read_bytes};
use fashen::rules::compile::RuleSet;
use fashen::rules::engine::{Selection, review};
use libfuzzer_sys::fuzz_target;

static RULES: OnceLock<RuleSet> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let set = RULES.get_or_init(|| RuleSet::load(&[]).expect("built-in rule packs"));
    let limits = Limits {
        time_budget: Duration::from_secs(5),
        ..Limits::default()
    };
    if let Ok((format, x)) = read_bytes(data, &limits) {
        let doc = fashen::document::assemble("fuzz", format, x, None);
        let sel = Selection {
            as_of: Some("2025-01-01".into()),
            ..Selection::default()
        };
        let _ = review(&doc, set, &sel);
    }
});
