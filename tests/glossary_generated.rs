//! Tests generated from the shipped term base at test time: every form of every entry,
//! placed in a sentence, whole and broken across lines, must be found by the library
//! matcher as that entry with the right status; every deprecated form must carry the
//! preferred form as its suggestion. A form that fails here is a data problem (a form
//! hidden inside a longer form of another entry, a form that normalises like another):
//! mend `glossary/diplomatic.csv`, not this test.

use std::path::Path;

use termalign::corpus::{Document, Layout};
use termalign::glossary::{FormKind, Glossary, read_csv};
use termalign::matcher::{MatchOptions, Matcher, Status};
use termalign::report::Record;

fn shipped() -> Glossary {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("glossary/diplomatic.csv");
    read_csv(&path).expect("the shipped glossary reads").glossary
}

/// The ways a form is written into a test sentence: as it is, and with each space in it
/// replaced by a line break and by a PDF-style break (" \n\n").
fn layouts(form: &str) -> Vec<String> {
    let mut out = vec![form.to_string()];
    for (i, _) in form.match_indices(' ') {
        for brk in ["\n", " \n\n"] {
            out.push(format!("{}{brk}{}", &form[..i], &form[i + 1..]));
        }
    }
    out
}

fn status_of(kind: FormKind) -> Status {
    match kind {
        FormKind::Preferred => Status::Preferred,
        FormKind::Variant => Status::Variant,
        FormKind::Deprecated => Status::Deprecated,
    }
}

#[test]
fn every_form_is_found_whole_and_broken_across_lines() {
    // forms with a word in capitals inside ("SCO community with a shared future", "the WTO
    // at its core") included: such a word is also a stand-alone acronym form
    check_forms(|_, _| true, 1000);
}

fn check_forms(select: impl Fn(&Glossary, &str) -> bool, at_least: usize) {
    let g = shipped();
    let matcher = Matcher::new(&g, MatchOptions { nested: false, near_miss: None }).unwrap();
    let mut failures = Vec::new();
    let mut checked = 0;
    for (ei, e) in g.entries().enumerate() {
        for form in e.forms().filter(|f| select(&g, f.text)) {
            for written in layouts(form.text) {
                let prefix = "As was said: ";
                let text = format!("{prefix}{written}; that is all.\n");
                let (start, end) = (prefix.len(), prefix.len() + written.len());
                let hits = matcher.find(&text);
                let ok = hits
                    .iter()
                    .any(|h| h.start == start && h.end == end && h.entry == ei && h.status == status_of(form.kind));
                if !ok {
                    let got: Vec<String> = hits
                        .iter()
                        .map(|h| format!("{} {:?} {:?}", g.entry(h.entry).id, h.status, &text[h.start..h.end]))
                        .collect();
                    failures.push(format!("{} {:?} {:?}: got {got:?}", e.id, form.kind, written));
                }
                checked += 1;
            }
        }
    }
    assert!(failures.is_empty(), "{} of {checked} failed:\n{}", failures.len(), failures.join("\n"));
    assert!(checked >= at_least, "only {checked} sentences");
}

#[test]
fn every_deprecated_form_suggests_the_preferred_form() {
    let g = shipped();
    let matcher = Matcher::new(&g, MatchOptions::default()).unwrap();
    let mut failures = Vec::new();
    for e in g.entries() {
        for d in e.deprecated.iter() {
            let text = format!("They still write {} in drafts.\n", d.form);
            let doc = Document::from_text("draft.txt", text.clone(), Layout::detect(&text));
            let hits = matcher.find(doc.text());
            let found = hits.iter().map(|h| Record::new(&doc, &g, h)).find(|r| r.surface == d.form);
            match found {
                Some(r)
                    if r.term_id == e.id && r.status == Status::Deprecated && r.suggestion == Some(e.en.as_str()) => {}
                other => failures.push(format!("{}: deprecated `{}` gave {other:?}", e.id, d.form)),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
