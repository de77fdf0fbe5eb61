//! End-to-end tests of `termalign check --source ZH_FILE EN_FILE`, the cross-language term
//! check, on the binary. The fixture `tests/data/check-source/` is a short speech in
//! Chinese and an English translation with planted mistakes, and its own glossary, so that
//! growing the shipped term base cannot change what these tests expect. The tests align
//! with the tiny CC-CEDICT fixture of `tests/data/align/`, or with no dictionary at all:
//! `cargo test` needs nothing outside the repository.

mod common;
use common::*;
use std::path::Path;
use std::process::Output;

const ZH: &str = "tests/data/check-source/speech.zh.txt";
const EN: &str = "tests/data/check-source/speech.en.txt";
const TERMS: &str = "tests/data/check-source/terms.csv";
const DICT: &str = "tests/data/align/mini-cedict.u8";

/// The fields of a plain `check` JSON Lines record, in order (issue 2's contract).
const FIELDS: [&str; 15] = [
    "file",
    "line",
    "column",
    "end_line",
    "end_column",
    "byte_start",
    "byte_end",
    "passage",
    "term_id",
    "preferred",
    "zh",
    "surface",
    "status",
    "suggestion",
    "score",
];

/// `check --source` on the fixture with its glossary and the mini dictionary, plus `extra`.
fn check(zh: &str, en: &str, extra: &[&str]) -> Output {
    let mut args = vec!["check", "--source", zh, en, "--no-default-glossary", "--glossary", TERMS, "--dict", DICT];
    args.extend(extra);
    termalign(&args)
}

/// Asserts that every JSON Lines record has exactly the fields `want`, in that order.
fn assert_fields(o: &Output, want: &[&str]) {
    for line in stdout(o).lines() {
        let r: serde_json::Value = serde_json::from_str(line).unwrap();
        let mut keys: Vec<&str> = r.as_object().unwrap().keys().map(String::as_str).collect();
        let mut sorted = want.to_vec();
        keys.sort_unstable();
        sorted.sort_unstable();
        assert_eq!(keys, sorted, "{line}");
        let at: Vec<usize> = want.iter().map(|k| line.find(&format!("\"{k}\":")).unwrap()).collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "fields out of order: {line}");
    }
}

/// (status, term_id, line, column, end_line, source_line) of each record.
type Row = (String, String, u64, u64, u64, u64);

fn rows(records: &[serde_json::Value]) -> Vec<Row> {
    let n = |r: &serde_json::Value, k: &str| r[k].as_u64().unwrap_or_else(|| panic!("{k} in {r}"));
    let s = |r: &serde_json::Value, k: &str| r[k].as_str().unwrap_or_else(|| panic!("{k} in {r}")).to_string();
    records
        .iter()
        .map(|r| (s(r, "status"), s(r, "term_id"), n(r, "line"), n(r, "column"), n(r, "end_line"), n(r, "source_line")))
        .collect()
}

fn row(status: &str, id: &str, line: u64, column: u64, end_line: u64, source_line: u64) -> Row {
    (status.into(), id.into(), line, column, end_line, source_line)
}

/// What the fixture's planted mistakes must give, in the order of the English.
fn planted() -> Vec<Row> {
    vec![
        // 睦邻友好 written "good-neighborly" twice and "Good-neighbourly" once
        row("inconsistent", "good-neighborly-friendship", 4, 1, 4, 1),
        // 合作共赢 as "win-win corporation"
        row("near_miss", "win-win-cooperation", 4, 51, 4, 1),
        // 全球发展倡议 left out of a sentence that is otherwise translated
        row("missing_rendering", "global-development-initiative", 6, 1, 7, 3),
        // 一带一路 as "One Belt, One Road"
        row("deprecated", "belt-and-road", 8, 24, 8, 3),
        // 人类命运共同体 twice (once wrapped across a line of the Chinese file), rendered once
        row("count_mismatch", "community-shared-future-mankind", 11, 1, 12, 5),
        // a whole Chinese sentence with 真正的多边主义 left untranslated
        row("missing_rendering", "true-multilateralism", 14, 1, 14, 6),
    ]
}

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temporary directory")
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap()
}

#[test]
fn every_planted_mistake_is_reported_with_its_chinese_and_exit_1() {
    let o = check(ZH, EN, &["--format", "jsonl"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let records = jsonl(&o);
    assert_eq!(rows(&records), planted());
    // the contract's fields in their order, then the two source fields
    assert_fields(&o, &[&FIELDS[..], &["source_line", "source_text"]].concat());
    let by_id = |id: &str| records.iter().find(|r| r["term_id"] == id).unwrap();
    // a missing rendering spans the aligned English sentence and suggests the expected form
    let gdi = by_id("global-development-initiative");
    assert_eq!(
        gdi["surface"],
        "China has put forward a new proposal and is ready to work with all parties to implement\n\
         the United Nations 2030 Agenda for Sustainable Development."
    );
    assert_eq!(gdi["suggestion"], "Global Development Initiative");
    assert_eq!(gdi["zh"], "全球发展倡议");
    assert_eq!(gdi["source_text"], "中方提出全球发展倡议，愿同各方一道落实联合国2030年可持续发展议程。");
    let en = read(EN);
    let start = en.find("China has put forward").unwrap();
    let end = en.find("Development.").unwrap() + "Development.".len();
    assert_eq!((gdi["byte_start"].as_u64(), gdi["byte_end"].as_u64()), (Some(start as u64), Some(end as u64)));
    // the Chinese wrapped across a line is one line again, and both occurrences count
    let csf = by_id("community-shared-future-mankind");
    assert_eq!(csf["source_text"], "构建人类命运共同体是我们的共同目标，人类命运共同体理念日益深入人心。");
    assert_eq!(csf["suggestion"], "community with a shared future for mankind");
    // an untranslated sentence: an empty span where its English would be, before the next one
    let multi = by_id("true-multilateralism");
    let next = en.find("The two sides").unwrap() as u64;
    assert_eq!((multi["byte_start"].as_u64(), multi["byte_end"].as_u64()), (Some(next), Some(next)));
    assert_eq!(multi["surface"], "");
    assert!(multi["source_text"].as_str().unwrap().starts_with("我们要坚持真正的多边主义，"));
    // the matcher's findings keep their own fields, and gain the Chinese of their bead
    let bri = by_id("belt-and-road");
    assert_eq!(
        (bri["surface"].as_str(), bri["suggestion"].as_str()),
        (Some("One Belt, One Road"), Some("Belt and Road Initiative"))
    );
    assert_eq!(bri["source_text"], "我们将同各方共同推进“一带一路”建设，打造更多民生工程。");
    assert!(by_id("win-win-cooperation")["score"].as_f64().unwrap() >= 0.8);
    assert!(by_id("good-neighborly-friendship")["score"].is_null());
    assert_eq!(
        stderr(&o).trim(),
        "8 hits in 1 file: 5 preferred, 0 variant, 1 deprecated, 1 near_miss, 1 inconsistent; \
         against the source: 2 missing_rendering, 1 count_mismatch; 6 need attention"
    );
}

#[test]
fn the_result_does_not_need_a_dictionary() {
    let o = termalign(&["check", "--source", ZH, EN, "--no-default-glossary", "-g", TERMS, "--format", "jsonl"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(rows(&jsonl(&o)), planted());
    assert!(stderr(&o).contains("no --dict"), "{}", stderr(&o));
}

#[test]
fn plain_check_keeps_its_fifteen_fields_and_knows_nothing_of_the_source() {
    let o = termalign(&["check", EN, "--no-default-glossary", "-g", TERMS, "--format", "jsonl"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let records = jsonl(&o);
    assert_fields(&o, &FIELDS);
    let statuses: Vec<&str> = records.iter().map(|r| r["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["inconsistent", "near_miss", "deprecated"]);
    assert_eq!(
        stderr(&o).trim(),
        "8 hits in 1 file: 5 preferred, 0 variant, 1 deprecated, 1 near_miss, 1 inconsistent; 3 need attention"
    );
    let o = termalign(&["check", EN, "--no-default-glossary", "-g", TERMS, "--format", "csv"]);
    assert!(stdout(&o).starts_with(&format!("{}\n", FIELDS.join(","))), "{}", stdout(&o));
}

#[test]
fn human_format_quotes_the_chinese_term_and_cites_the_source_line() {
    let o = check(ZH, EN, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    let want = format!(
        "{EN}:6:1: missing_rendering: 全球发展倡议 not rendered → write \"Global Development Initiative\" \
         [global-development-initiative]\n \
         6 | China has put forward a new proposal and is ready to work with all parties to implement\n   \
         | {} …\n   \
         = source: {ZH}:3: 中方提出全球发展倡议，愿同各方一道落实联合国2030年可持续发展议程。\n\
         {EN}:8:24: deprecated: \"One Belt, One Road\" → use \"Belt and Road Initiative\" [belt-and-road]\n \
         8 | parties to advance the One Belt, One Road and deliver more projects for people's\n   \
         |                        ^^^^^^^^^^^^^^^^^^\n   \
         = note: superseded in 2015\n   \
         = source: {ZH}:3: 我们将同各方共同推进“一带一路”建设，打造更多民生工程。\n\
         {EN}:11:1: count_mismatch: 人类命运共同体 2× in the Chinese, rendered 1× → write \
         \"community with a shared future for mankind\" [community-shared-future-mankind]\n",
        "^".repeat(87)
    );
    assert!(out.contains(&want), "{out}");
    assert!(
        out.contains(&format!(
            "{EN}:14:1: missing_rendering: 真正的多边主义 not rendered (no English is aligned with its sentence) \
             → write \"true multilateralism\" [true-multilateralism]\n \
             14 | The two sides agreed to strengthen political mutual trust and maintain good-neighborly\n    \
             | ^\n    \
             = source: {ZH}:6: 我们要坚持真正的多边主义，"
        )),
        "{out}"
    );
    assert!(out.ends_with(
        "\n8 hits in 1 file: 5 preferred, 0 variant, 1 deprecated, 1 near_miss, 1 inconsistent; \
         against the source: 2 missing_rendering, 1 count_mismatch; 6 need attention\n"
    ));
}

#[test]
fn csv_has_the_two_source_columns() {
    let o = check(ZH, EN, &["--format", "csv"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let mut r = csv::Reader::from_reader(o.stdout.as_slice());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    let mut want: Vec<&str> = FIELDS.to_vec();
    want.extend(["source_line", "source_text"]);
    assert_eq!(header, want);
    let got: Vec<(String, String, String)> =
        r.records().map(|r| r.unwrap()).map(|r| (r[12].to_string(), r[8].to_string(), r[15].to_string())).collect();
    let want: Vec<(String, String, String)> =
        planted().into_iter().map(|(status, id, .., source_line)| (status, id, source_line.to_string())).collect();
    assert_eq!(got, want);
}

#[test]
fn the_corrected_translation_is_clean_and_exits_0() {
    let fixed = read(EN)
        .replace("Good-neighbourly", "Good-neighborly")
        .replace("win-win corporation", "win-win cooperation")
        .replace("a new proposal", "the Global Development Initiative")
        .replace("the One Belt, One Road", "the Belt and Road Initiative")
        .replace(
            "vision is winning ever more support.",
            "vision of a community with a shared future for mankind is winning ever more support.",
        )
        .replace(
            "\n\nThe two sides",
            " We must uphold true multilateralism and oppose unilateralism, protectionism, hegemony and power \
             politics in all their forms, and uphold the international system with the United Nations at its \
             core and the international order underpinned by international law.\n\nThe two sides",
        );
    let dir = tempdir();
    let en = write(dir.path(), "fixed.en.txt", &fixed);
    let o = check(ZH, &en, &[]);
    assert_eq!(o.status.code(), Some(0), "{}\n{}", stdout(&o), stderr(&o));
    assert_eq!(
        stdout(&o),
        "11 hits in 1 file: 11 preferred, 0 variant, 0 deprecated, 0 near_miss, 0 inconsistent; \
         against the source: 0 missing_rendering, 0 count_mismatch; 0 need attention\n"
    );
    let o = check(ZH, &en, &["--format", "jsonl"]);
    assert_eq!((o.status.code(), stdout(&o)), (Some(0), String::new()));
}

#[test]
fn presplit_files_are_aligned_line_by_line() {
    let dir = tempdir();
    let zh = write(
        dir.path(),
        "p.zh.txt",
        "我们深化政治互信。\n我们共建一带一路，一带一路惠及各国。\n\
         我们要坚持真正的多边主义，反对单边主义和保护主义，反对任何形式的霸权主义和强权政治，维护以联合国为核心的国际体系。\n\
         谢谢大家。\n",
    );
    let en = write(
        dir.path(),
        "p.en.txt",
        "We have deepened mutual trust.\nWe are building the Belt and Road Initiative, which benefits all countries.\n\
         Thank you.\n",
    );
    let o = check(&zh, &en, &["--presplit", "--format", "jsonl"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(
        rows(&jsonl(&o)),
        [
            row("missing_rendering", "political-mutual-trust", 1, 1, 1, 1),
            row("count_mismatch", "belt-and-road", 2, 1, 2, 2),
            row("missing_rendering", "true-multilateralism", 3, 1, 3, 3),
        ]
    );
}

#[test]
fn the_flawed_review_draft_gives_what_the_report_marks() {
    let o = termalign(&[
        "check",
        "--source",
        "tests/review/flawed.zh.txt",
        "tests/review/flawed.en.txt",
        "--dict",
        DICT,
        "--format",
        "jsonl",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let cross: Vec<(String, String, u64)> = rows(&jsonl(&o))
        .into_iter()
        .filter(|r| r.0 == "missing_rendering" || r.0 == "count_mismatch")
        .map(|(status, id, _, _, _, source_line)| (status, id, source_line))
        .collect();
    // the same two findings as `report --source` marks (tests/review.rs)
    assert_eq!(
        cross,
        [
            ("missing_rendering".into(), "political-mutual-trust".into(), 3),
            ("count_mismatch".into(), "three-forces".into(), 9)
        ]
    );
    // what plain check reports is all still there, in the same order
    let plain = termalign(&["check", "tests/review/flawed.en.txt", "--format", "jsonl"]);
    let strip = |v: &[serde_json::Value]| -> Vec<(u64, u64, String)> {
        v.iter()
            .filter(|r| r["status"] != "missing_rendering" && r["status"] != "count_mismatch")
            .map(|r| (r["byte_start"].as_u64().unwrap(), r["byte_end"].as_u64().unwrap(), r["status"].to_string()))
            .collect()
    };
    assert_eq!(strip(&jsonl(&o)), strip(&jsonl(&plain)));
}

/// A Chinese source saved in a legacy encoding gives what its UTF-8 copy gives, once
/// `--source-encoding` names it; the English keeps `--encoding`.
#[test]
fn a_gb18030_source_is_read_with_source_encoding() {
    let dir = tempdir();
    let text = read(ZH);
    let (gbk, _, unmappable) = encoding_rs::GB18030.encode(&text);
    assert!(!unmappable);
    let zh = dir.path().join("speech.gbk.zh.txt");
    std::fs::write(&zh, &gbk).unwrap();
    let zh = zh.display().to_string();
    let want = check(ZH, EN, &["--format", "jsonl"]);
    let got = check(&zh, EN, &["--format", "jsonl", "--source-encoding", "gbk", "--encoding", "utf-8"]);
    assert_eq!(got.status.code(), Some(1), "{}", stderr(&got));
    assert_eq!(rows(&jsonl(&got)), rows(&jsonl(&want)));
    assert_eq!(rows(&jsonl(&got)), planted());
    // the flag is refused without a source, and a wrong encoding is named by its flag
    let o = termalign(&["check", "--source-encoding", "gbk", EN]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("--source"), "{}", stderr(&o));
    let o = check(ZH, EN, &["--source-encoding", "gb18030"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("speech.zh.txt:1:94: invalid gb18030 (as asked)"), "{}", stderr(&o));
    assert!(stderr(&o).contains("--source-encoding NAME"), "{}", stderr(&o));
    assert!(stdout(&o).is_empty());
}

#[test]
fn usage_and_input_errors_exit_2_and_say_what_is_wrong() {
    let dir = tempdir();
    let second = write(dir.path(), "second.en.txt", "Thank you.\n");
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["check", "--source", ZH, EN, &second], "takes exactly one English file"),
        (vec!["check", "--source", ZH, "tests/data/check-source"], "takes exactly one English file"),
        (vec!["check", "--source", "tests/data/check-source/missing.zh.txt", EN], "missing.zh.txt"),
        (vec!["check", "--source", ZH, "tests/data/check-source/missing.en.txt"], "missing.en.txt"),
        (vec!["check", "--source", ZH, EN, "--dict", "tests/data/check-source/missing.u8"], "missing.u8"),
        (vec!["check", "--source", "-", "-"], "both name standard input"),
        (vec!["scan", "--source", ZH, EN], "--source"),
        (vec!["check", "--presplit", EN], "--source"),
    ];
    for (args, message) in cases {
        let o = termalign(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(message), "{args:?}: {}", stderr(&o));
        assert!(!stderr(&o).contains("panicked"), "{args:?}: {}", stderr(&o));
    }
    // a Chinese source that is not text is named with its position
    let bin = dir.path().join("bin.zh.txt");
    std::fs::write(&bin, b"\xe4\xb8\xad\x00\x01\x02").unwrap();
    let o = termalign(&["check", "--source", bin.to_str().unwrap(), EN]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("bin.zh.txt:1:2:"), "{}", stderr(&o));
    assert!(stdout(&o).is_empty());
}
