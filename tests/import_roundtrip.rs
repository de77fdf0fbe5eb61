//! Round trips through every import format: `csv → tbx → csv` and `csv → tbx3 → csv` are
//! lossless for every field, on the shipped term base and on generated glossaries with
//! awkward characters; memoQ and OmegaT, which carry less, reach a fixed point (import,
//! export, import again gives the same glossary).

use std::path::Path;

use proptest::prelude::*;
use termalign::export::{self, Direction, Options};
use termalign::glossary::{Deprecated, Entry, Glossary, write_csv};
use termalign::import::{self, Format};

fn export_to(profile: &str, g: &Glossary, direction: Direction) -> String {
    let p = export::profile(profile).unwrap();
    let mut out = Vec::new();
    let opts = Options { direction, ..Options::default() };
    export::export(p.as_ref(), g, &opts, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn import_from(format: Format, text: &str, direction: Direction) -> Glossary {
    import::import_str(format, text, Path::new("t"), direction).unwrap().glossary
}

/// The glossary as its CSV: compares every field and ignores where entries came from.
fn csv_of(g: &Glossary) -> String {
    let mut out = Vec::new();
    write_csv(g, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn shipped_glossary_survives_both_tbx_forms() {
    let g = Glossary::embedded();
    for (profile, format) in [("tbx", Format::Tbx), ("tbx3", Format::Tbx3)] {
        for dir in [Direction::ZhEn, Direction::EnZh] {
            let back = import_from(format, &export_to(profile, &g, dir), Direction::ZhEn);
            assert_eq!(csv_of(&back), csv_of(&g), "{profile} {dir:?}");
        }
    }
}

#[test]
fn shipped_glossary_reaches_a_fixed_point_through_memoq_and_omegat() {
    let g = Glossary::embedded();
    for (profile, format, dir) in [
        ("memoq", Format::Memoq, Direction::ZhEn),
        ("omegat", Format::Omegat, Direction::ZhEn),
        ("omegat", Format::Omegat, Direction::EnZh),
    ] {
        let once = import_from(format, &export_to(profile, &g, dir), dir);
        let twice = import_from(format, &export_to(profile, &once, dir), dir);
        assert_eq!(csv_of(&twice), csv_of(&once), "{profile} {dir:?}");
    }
    let enzh = import_from(Format::Omegat, &export_to("omegat", &g, Direction::EnZh), Direction::EnZh);
    let first = enzh.entries().next().unwrap();
    let orig = g.entries().next().unwrap();
    assert_eq!(first.deprecated, orig.deprecated);
    assert_eq!(first.note, format!("{} | Source: {}", orig.note, orig.source));
    // memoQ carries every field but the id order of synonyms: check it is in fact lossless.
    let memoq = import_from(Format::Memoq, &export_to("memoq", &g, Direction::ZhEn), Direction::ZhEn);
    assert_eq!(csv_of(&memoq), csv_of(&g));
}

#[test]
fn omegat_keeps_every_pair_of_the_shipped_glossary() {
    let g = Glossary::embedded();
    let back = import_from(Format::Omegat, &export_to("omegat", &g, Direction::ZhEn), Direction::ZhEn);
    for e in g.entries().filter(|e| !e.zh.is_empty()) {
        let found = back.entries().find(|b| b.zh == e.zh).unwrap_or_else(|| panic!("{} lost", e.id));
        assert_eq!((&found.en, &found.variants, &found.zh_variants), (&e.en, &e.variants, &e.zh_variants), "{}", e.id);
    }
}

#[test]
fn invalid_xml_is_an_error_with_line_and_column() {
    let text = include_str!("data/export/broken-malformed.tbx");
    let err = import::import_str(Format::Tbx3, text, Path::new("bad.tbx"), Direction::ZhEn).unwrap_err();
    assert_eq!(err.to_string(), "bad.tbx:45:24: invalid XML: malformed entity reference");
}

#[test]
fn the_wrong_tbx_form_is_named() {
    let v3 = export_to("tbx3", &Glossary::embedded(), Direction::ZhEn);
    let err = import::import_str(Format::Tbx, &v3, Path::new("g.tbx"), Direction::ZhEn).unwrap_err();
    assert_eq!(err.to_string(), "g.tbx:2:1: this is a TBX v3 file (root `tbx`): use --from tbx3");
}

#[test]
fn foreign_tbx_without_status_takes_the_first_term_as_preferred() {
    let text = r#"<?xml version="1.0"?>
<martif type="TBX-Basic-V1" xml:lang="en"><text><body>
<termEntry><descrip type="definition">A plan.</descrip>
<langSet xml:lang="zh-CN"><tig><term>一带一路</term></tig></langSet>
<langSet xml:lang="en-GB"><tig><term>Belt and Road Initiative</term></tig><tig><term>BRI</term></tig></langSet>
<langSet xml:lang="fr"><tig><term>ceinture</term></tig></langSet>
</termEntry></body></text></martif>"#;
    let r = import::import_str(Format::Tbx, text, Path::new("f.tbx"), Direction::ZhEn).unwrap();
    let e = r.glossary.get("belt-and-road-initiative").unwrap();
    assert_eq!(
        (e.zh.as_str(), e.en.as_str(), e.variants.clone()),
        ("一带一路", "Belt and Road Initiative", vec!["BRI".to_string()])
    );
    assert_eq!(e.note, "A plan.");
    assert_eq!(r.warnings, ["languages other than Chinese and English left out: fr"]);
}

/// A cell value as the glossary CSV keeps it: trimmed, never empty, no `|` (its list
/// separator), and spiced with what breaks exporters: `&<>"'`, commas, Chinese
/// punctuation, a leading `=` or `-`.
fn value() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("&".to_string()),
        Just("<b>".to_string()),
        Just("\"q\"".to_string()),
        Just("it's".to_string()),
        Just("a, b".to_string()),
        Just("“一带一路”".to_string()),
        Just("，。；：".to_string()),
        Just("=SUM(1)".to_string()),
        Just("-x".to_string()),
        Just("+y".to_string()),
        Just("@z".to_string()),
        Just("::".to_string()),
        Just("line\nbreak".to_string()),
        "[a-zA-Z0-9 ]{1,8}",
        "[\u{4e00}-\u{4e20}]{1,4}",
    ];
    prop::collection::vec(piece, 1..4)
        .prop_map(|v| v.concat().trim().to_string())
        .prop_filter("non-empty", |s| !s.is_empty())
}

fn list(max: usize) -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(value().prop_filter("one line", |s| !s.contains('\n')), 0..max).prop_map(|v| {
        let mut out: Vec<String> = Vec::new();
        for s in v {
            if !out.contains(&s) {
                out.push(s);
            }
        }
        out
    })
}

prop_compose! {
    fn entry()(
        id in "[a-z0-9][a-z0-9_-]{0,10}|[0-9][a-z ]{0,5}[a-z]",
        en in value().prop_filter("one line", |s| !s.contains('\n')),
        variants in list(3),
        deprecated in prop::collection::vec((value(), prop::option::of(value())), 0..3),
        zh in prop::option::of(value().prop_filter("one line", |s| !s.contains('\n'))),
        zh_variants in list(3),
        category in prop::option::of(value()),
        note in prop::option::of(value()),
        source in prop::option::of(value()),
    ) -> Entry {
        let mut dep: Vec<Deprecated> = Vec::new();
        for (form, reason) in deprecated {
            let mut form = form.replace('\n', " ");
            while form.contains("::") {
                form = form.replace("::", ":");
            }
            let form = form.trim().to_string();
            if form.is_empty() || dep.iter().any(|d| d.form == form) {
                continue;
            }
            dep.push(Deprecated { form, reason: reason.unwrap_or_default().replace('\n', " ") });
        }
        Entry {
            id,
            en,
            variants,
            deprecated: dep,
            zh: zh.unwrap_or_default(),
            zh_variants,
            category: category.unwrap_or_default(),
            note: note.unwrap_or_default(),
            source: source.unwrap_or_default(),
            ..Entry::default()
        }
    }
}

fn glossary() -> impl Strategy<Value = Glossary> {
    prop::collection::vec(entry(), 1..6).prop_map(|entries| {
        let mut g = Glossary::new();
        for e in entries {
            if g.get(&e.id).is_none() {
                g.insert(e);
            }
        }
        g
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn tbx_and_tbx3_round_trips_are_lossless(g in glossary()) {
        // Normalise through the glossary CSV first: it is the format both sides compare in.
        let g = import_from(Format::Csv, &csv_of(&g), Direction::ZhEn);
        for (profile, format) in [("tbx", Format::Tbx), ("tbx3", Format::Tbx3)] {
            let back = import_from(format, &export_to(profile, &g, Direction::ZhEn), Direction::ZhEn);
            prop_assert_eq!(csv_of(&back), csv_of(&g), "{}", profile);
        }
    }

    #[test]
    fn memoq_import_export_import_is_stable(g in glossary()) {
        let g = import_from(Format::Csv, &csv_of(&g), Direction::ZhEn);
        let one = |g: &Glossary| {
            let p = export::profile("memoq").unwrap();
            let mut out = Vec::new();
            export::export(p.as_ref(), g, &Options::default(), &mut out).map(|_| import_from(Format::Memoq, std::str::from_utf8(&out).unwrap(), Direction::ZhEn))
        };
        // A term with `;` cannot go to memoQ (it would be split): such glossaries are refused.
        if let Ok(once) = one(&g) {
            let twice = one(&once).unwrap();
            prop_assert_eq!(csv_of(&twice), csv_of(&once));
        }
    }
}
