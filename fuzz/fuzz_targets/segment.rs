//! The sentence splitters: on any text, the Chinese and English splitters return ranges in
//! order, without overlap, on character boundaries, trimmed of white space and never
//! empty; the line splitter returns one range per line (empty lines included), without
//! its line break.
#![no_main]

use std::ops::Range;

use libfuzzer_sys::fuzz_target;
use termalign::segment::{split_en, split_lines, split_zh};

fn check_order(name: &str, text: &str, ranges: &[Range<usize>]) {
    let mut end = 0;
    for r in ranges {
        assert!(r.start >= end && r.start <= r.end && r.end <= text.len(), "{name}: bad range {r:?} after {end}");
        assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end), "{name}: {r:?} cuts a character");
        end = r.end;
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for (name, split) in [("zh", split_zh as fn(&str) -> Vec<Range<usize>>), ("en", split_en)] {
        let ranges = split(text);
        check_order(name, text, &ranges);
        for r in ranges {
            let s = &text[r.clone()];
            assert!(!s.is_empty() && s.trim() == s, "{name}: {r:?} is empty or not trimmed");
        }
    }
    let lines = split_lines(text);
    check_order("lines", text, &lines);
    assert_eq!(lines.len(), text.lines().count(), "one range per line");
    for r in lines {
        assert!(!text[r].contains('\n'), "a line range holds a line break");
    }
});
