//! The importers (TBX-Basic "martif", TBX v3, termalign CSV, memoQ tables, OmegaT
//! glossaries): any text either fails with an error that names the file (XML errors with
//! line and column) or imports a whole glossary. The first byte picks format and direction.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use termalign::export::Direction;
use termalign::import::{Format, import_str};

const FORMATS: &[Format] = &[Format::Tbx, Format::Tbx3, Format::Csv, Format::Memoq, Format::Omegat];

fuzz_target!(|data: &[u8]| {
    let Some((&ctl, bytes)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(bytes) else { return };
    let format = FORMATS[usize::from(ctl & 7) % FORMATS.len()];
    let direction = if ctl & 8 == 0 { Direction::ZhEn } else { Direction::EnZh };
    if let Err(e) = import_str(format, text, Path::new("t.tbx"), direction) {
        assert!(e.to_string().starts_with("t.tbx"), "error without the file name: {e}");
    }
});
