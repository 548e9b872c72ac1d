#![no_main]
//! Any input must give Ok or an error value: never a panic, never a hang.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = fashen::extract::text::extract(data);
});
