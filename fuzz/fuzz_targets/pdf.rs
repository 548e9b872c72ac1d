#![no_main]
//! Any input must give Ok or an error value: never a panic, never a hang.

use std::time::Duration;

use fashen::extract::{Deadline, Limits};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = Limits::default();
    let _ = fashen::extract::pdf::extract(data, &limits, Deadline::new(Duration::from_secs(5)));
});
