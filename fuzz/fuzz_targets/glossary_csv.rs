//! The glossary CSV reader: any text, with any delimiter, either fails with an error that
//! names the file or reads a glossary that survives validation, and that termalign's CSV
//! writer writes and reads back unchanged (or refuses to write, saying why).
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use termalign::glossary::{read_csv_str_with, validate, write_csv};

const DELIMITERS: &[u8] = b",;\t|";

fuzz_target!(|data: &[u8]| {
    let Some((&ctl, bytes)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(bytes) else { return };
    let delimiter = DELIMITERS[usize::from(ctl) % DELIMITERS.len()];
    let read = match read_csv_str_with(text, Path::new("g.csv"), delimiter) {
        Ok(r) => r,
        Err(e) => {
            assert!(e.to_string().starts_with("g.csv:"), "error without position: {e}");
            return;
        }
    };
    let _ = validate::validate(&read.glossary);
    let _ = validate::check_matchable(&read.glossary);
    let mut out = Vec::new();
    if write_csv(&read.glossary, &mut out).is_err() {
        return;
    }
    let written = std::str::from_utf8(&out).expect("the writer writes UTF-8");
    let again = read_csv_str_with(written, Path::new("w.csv"), b',').expect("what the writer wrote reads back");
    let strip = |g: &termalign::glossary::Glossary| {
        g.entries().map(|e| termalign::glossary::Entry { origin: Default::default(), ..e.clone() }).collect::<Vec<_>>()
    };
    assert_eq!(strip(&again.glossary), strip(&read.glossary), "write then read changed the glossary");
});
