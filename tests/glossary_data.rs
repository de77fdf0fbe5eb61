//! Checks of the shipped term base that need no matcher: it loads, `validate` and `lint`
//! find nothing, every entry carries what a translation desk needs (Chinese, category,
//! source, a reason for every deprecated form), and the gold annotations of the seed
//! point at the bytes they claim.

use std::path::Path;

use termalign::glossary::lint::lint;
use termalign::glossary::validate::validate;
use termalign::glossary::{EMBEDDED_CSV, EMBEDDED_NAME, Glossary, read_csv_str};

#[test]
fn embedded_glossary_reads_without_diagnostics() {
    let read = read_csv_str(EMBEDDED_CSV, Path::new(EMBEDDED_NAME)).expect("embedded glossary reads");
    let msgs: Vec<String> = read.diagnostics.iter().map(ToString::to_string).collect();
    assert!(msgs.is_empty(), "{msgs:#?}");
    assert!(read.glossary.len() >= 300, "only {} entries", read.glossary.len());
}

#[test]
fn embedded_glossary_validates_clean() {
    let msgs: Vec<String> = validate(&Glossary::embedded()).iter().map(ToString::to_string).collect();
    assert!(msgs.is_empty(), "{msgs:#?}");
}

#[test]
fn embedded_glossary_lints_clean() {
    let msgs: Vec<String> = lint(&Glossary::embedded()).iter().map(ToString::to_string).collect();
    assert!(msgs.is_empty(), "{msgs:#?}");
}

#[test]
fn glossary_lint_command_exit_codes() {
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_termalign"))
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .expect("run termalign")
    };
    let o = run(&["glossary", "lint"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stdout));
    assert!(String::from_utf8_lossy(&o.stdout).ends_with(" entries: 0 warnings\n"));
    let dir = tempfile::tempdir().unwrap();
    let g = dir.path().join("g.csv");
    std::fs::write(&g, "id,en,zh\npeace,peace,和平\n").unwrap();
    let o = run(&["glossary", "lint", g.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("g.csv:2:1: warning: entry `peace`: preferred `peace` is a common English word"), "{out}");
}

#[test]
fn every_entry_has_chinese_category_source_and_reasons() {
    let g = Glossary::embedded();
    for e in g.entries() {
        assert!(!e.zh.is_empty(), "{}: no Chinese", e.id);
        assert!(!e.category.is_empty(), "{}: no category", e.id);
        assert!(!e.source.is_empty(), "{}: no source", e.id);
        for d in &e.deprecated {
            assert!(!d.reason.is_empty(), "{}: deprecated `{}` has no reason", e.id, d.form);
        }
    }
}

const SEED: &str = "corpus/2022-01-25-china-central-asia-summit.en.txt";
const ANNOTATIONS: &str = "tests/data/seed-annotations.tsv";

#[test]
fn seed_annotations_point_at_their_surface() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let seed = std::fs::read(root.join(SEED)).unwrap();
    let tsv = std::fs::read_to_string(root.join(ANNOTATIONS)).unwrap();
    let g = Glossary::embedded();
    let mut last_start = 0;
    let mut rows = 0;
    for (i, line) in tsv.lines().enumerate().filter(|(_, l)| !l.starts_with('#') && !l.starts_with("term_id\t")) {
        let at = format!("{ANNOTATIONS}:{}", i + 1);
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 6, "{at}: {line}");
        let (id, status, line_no, start, end, surface) = (cols[0], cols[1], cols[2], cols[3], cols[4], cols[5]);
        assert!(g.get(id).is_some(), "{at}: unknown term id `{id}`");
        assert!(["preferred", "variant", "deprecated"].contains(&status), "{at}: status `{status}`");
        let (start, end): (usize, usize) = (start.parse().unwrap(), end.parse().unwrap());
        assert!(start >= last_start && start < end && end <= seed.len(), "{at}: bad or unsorted range");
        last_start = start;
        let original = std::str::from_utf8(&seed[start..end]).expect("range on char boundaries");
        assert_eq!(original.replace('\n', "\\n"), surface, "{at}");
        let expect_line = seed[..start].iter().filter(|&&b| b == b'\n').count() + 1;
        assert_eq!(line_no.parse::<usize>().unwrap(), expect_line, "{at}");
        rows += 1;
    }
    assert!(rows >= 50, "only {rows} annotations");
}
