//! End-to-end tests of `termalign align` and `termalign align-eval` on the project's own
//! bilingual fixture (`tests/data/align/summit.*`, written for these tests, with a tiny
//! CC-CEDICT-syntax dictionary `mini-cedict.u8`). They need neither the shared data set
//! nor the full CC-CEDICT.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A sentence splitter of `termalign::segment`.
type Splitter = fn(&str) -> Vec<std::ops::Range<usize>>;

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/align").join(name)
}

fn termalign(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_termalign")).args(args).output().expect("run termalign")
}

fn text(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn stdout_of(args: &[&str]) -> String {
    let out = termalign(args);
    assert!(out.status.success(), "termalign {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

fn fixture_args(to: &str) -> Vec<String> {
    ["align", "summit.zh", "summit.en"]
        .iter()
        .map(|a| if a.starts_with("summit") { data(a).display().to_string() } else { a.to_string() })
        .chain(["--dict".into(), data("mini-cedict.u8").display().to_string(), "--to".into(), to.into()])
        .chain(["--no-default-glossary".into(), "--glossary".into(), data("terms.csv").display().to_string()])
        .collect()
}

fn run_fixture(to: &str) -> String {
    let args = fixture_args(to);
    stdout_of(&args.iter().map(String::as_str).collect::<Vec<_>>())
}

#[test]
fn raw_fixture_aligns_as_the_hand_made_gold() {
    assert_eq!(run_fixture("beads"), text(&data("summit.align")));
}

/// Every format, byte for byte. The expected files were produced by termalign and checked
/// by hand (and the TMX by `xmllint --dtdvalid` against the TMX 1.4 DTD, see
/// `bench/align-check-tmx.sh`).
#[test]
fn output_formats_are_byte_exact() {
    for (format, expected) in [("tsv", "summit.tsv"), ("jsonl", "summit.jsonl"), ("tmx", "summit.tmx")] {
        assert_eq!(run_fixture(format), text(&data(expected)), "format {format}");
    }
}

#[test]
fn jsonl_fields_and_types() {
    for line in run_fixture("jsonl").lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("JSON line");
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, ["bead", "confidence", "en", "en_ids", "type", "zh", "zh_ids"]);
        let c = v["confidence"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&c), "confidence {c}");
        let shape = format!("{}-{}", v["zh_ids"].as_array().unwrap().len(), v["en_ids"].as_array().unwrap().len());
        assert_eq!(v["type"], shape);
    }
}

#[test]
fn presplit_input_gives_the_same_beads() {
    let dir = tempfile::tempdir().unwrap();
    let split = |name: &str, f: Splitter| {
        let t = text(&data(name));
        let mut lines = String::new();
        for para in t.split("\n\n") {
            for r in f(para) {
                lines.push_str(&para[r].split_whitespace().collect::<Vec<_>>().join(" "));
                lines.push('\n');
            }
        }
        let p = dir.path().join(name);
        std::fs::write(&p, lines).unwrap();
        p.display().to_string()
    };
    let zh = split("summit.zh", termalign::segment::split_zh);
    let en = split("summit.en", termalign::segment::split_en);
    let dict = data("mini-cedict.u8").display().to_string();
    let terms = data("terms.csv").display().to_string();
    let out =
        stdout_of(&["align", &zh, &en, "--presplit", "--dict", &dict, "--no-default-glossary", "--glossary", &terms]);
    assert_eq!(out, text(&data("summit.align")));
}

#[test]
fn align_eval_scores_a_gold_directory() {
    let dir = tempfile::tempdir().unwrap();
    let dict = data("mini-cedict.u8").display().to_string();
    // One sentence per line, as a gold directory holds them: the fixture's beads, split.
    let rows = run_fixture("tsv");
    let splitters: [(usize, &str, Splitter); 2] =
        [(0, "zh", termalign::segment::split_zh), (1, "en", termalign::segment::split_en)];
    for (col, ext, split) in splitters {
        let mut lines = String::new();
        for row in rows.lines() {
            let cell = row.split('\t').nth(col).unwrap();
            for r in split(cell) {
                lines.push_str(&cell[r]);
                lines.push('\n');
            }
        }
        std::fs::write(dir.path().join(format!("001.{ext}")), lines).unwrap();
    }
    std::fs::copy(data("summit.align"), dir.path().join("001.align")).unwrap();
    let gold = dir.path().display().to_string();
    let terms = data("terms.csv").display().to_string();
    let own = ["--no-default-glossary", "--glossary", terms.as_str()];
    let out = stdout_of(&[&["align-eval", &gold, "--dict", &dict, "--per-doc"][..], &own].concat());
    let all = out.lines().find(|l| l.starts_with("all")).expect("total line");
    assert_eq!(
        all.split_whitespace().collect::<Vec<_>>(),
        ["all", "1.000", "1.000", "1.000", "1.000", "1.000", "1.000"]
    );
    assert!(out.lines().any(|l| l.starts_with("001 ")), "per-doc line missing:\n{out}");

    // A wrong gold bead costs exactly one strict hit, still a lax hit.
    let wrong = text(&data("summit.align")).replace("[7]:[7,8]", "[7]:[7]\n[]:[8]");
    std::fs::write(dir.path().join("001.align"), wrong).unwrap();
    let out = stdout_of(&[&["align-eval", &gold, "--dict", &dict][..], &own].concat());
    let all: Vec<&str> = out.lines().find(|l| l.starts_with("all")).unwrap().split_whitespace().collect();
    // Precision: 9 of 10 predicted beads strict, 10 of 10 lax; recall: 9 of 10 gold beads.
    assert_eq!(all, ["all", "0.900", "0.900", "0.900", "1.000", "1.000", "1.000"]);
}

#[test]
fn output_file_is_written_atomically_and_never_over_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("out.tmx");
    let mut args = fixture_args("tmx");
    args.extend(["-o".into(), dest.display().to_string()]);
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    assert!(termalign(&argv).status.success());
    assert_eq!(text(&dest), text(&data("summit.tmx")));
    // Exists: refused without --force, replaced with it.
    let again = termalign(&argv);
    assert_eq!(again.status.code(), Some(2));
    let mut forced = argv.clone();
    forced.push("--force");
    assert!(termalign(&forced).status.success());
    // The source text as output: refused even with --force.
    let src = data("summit.zh").display().to_string();
    let mut onto_input = fixture_args("beads");
    onto_input.extend(["-o".into(), src, "--force".into()]);
    let out = termalign(&onto_input.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(text(&data("summit.zh")).lines().count(), 7, "the input must be untouched");
}

#[test]
fn bad_input_is_an_error_with_a_position_and_exit_code_2() {
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("binary.zh");
    std::fs::write(&bin, b"\xe4\xb8\xad\n\x00\x01").unwrap();
    let bad_dict = dir.path().join("bad.u8");
    std::fs::write(&bad_dict, "中國 中国 [Zhong1 guo2] /China/\n中亞 中亚 Zhong1 /x/\n").unwrap();
    let zh = data("summit.zh").display().to_string();
    let en = data("summit.en").display().to_string();
    let missing = dir.path().join("missing.en").display().to_string();
    let cases: Vec<(Vec<String>, String)> = vec![
        (vec![zh.clone(), missing.clone()], format!("{missing}: cannot read file")),
        (vec![bin.display().to_string(), en.clone()], format!("{}:2:1: not a text file", bin.display())),
        (
            vec![zh.clone(), en.clone(), "--dict".into(), bad_dict.display().to_string()],
            format!("{}:2:6: expected `[pinyin]` after the headwords", bad_dict.display()),
        ),
        (vec![zh.clone(), en.clone(), "--set".into(), "skip".into()], "--set skip: expected NAME=VALUE".into()),
        (
            vec![zh.clone(), en.clone(), "--set".into(), "skip=-1".into()],
            "--set skip=-1: must be a finite number".into(),
        ),
        (vec![zh, en, "--set".into(), "nope=1".into()], "--set nope=1: unknown parameter".into()),
    ];
    for (args, want) in cases {
        let mut argv = vec!["align".to_string()];
        argv.extend(args);
        let out = termalign(&argv.iter().map(String::as_str).collect::<Vec<_>>());
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{argv:?}: {err}");
        assert!(err.contains(&want), "{argv:?}: stderr {err:?} lacks {want:?}");
    }
}

#[test]
fn without_a_dictionary_every_sentence_is_still_aligned_once() {
    let zh = data("summit.zh").display().to_string();
    let en = data("summit.en").display().to_string();
    let out = stdout_of(&["align", &zh, &en]);
    let beads = termalign::align::score::parse_beads(Path::new("out"), &out).unwrap();
    let zs: Vec<usize> = beads.iter().flat_map(|b| b.0.clone()).collect();
    let es: Vec<usize> = beads.iter().flat_map(|b| b.1.clone()).collect();
    assert_eq!(zs, (0..11).collect::<Vec<_>>());
    assert_eq!(es, (0..12).collect::<Vec<_>>());
}

/// Short Chinese files in GBK can be valid UTF-8 by accident ("双赢" is the bytes of "˫Ӯ"),
/// or UTF-8 broken at one byte ("一带一路"): detection cannot know, so the encoding is named
/// with `--source-encoding` (and `--target-encoding` for the English), and an undecodable
/// byte names that flag.
#[test]
fn legacy_encodings_are_named_per_file() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p.display().to_string()
    };
    let gbk = |s: &str| encoding_rs::GBK.encode(s).0.into_owned();
    let en = write("s.en", &encoding_rs::WINDOWS_1252.encode("Win\u{2013}win \u{201c}cooperation\u{201d}\n").0);
    let align = |zh: &str, extra: &[&str]| {
        let mut v = vec!["align", zh, en.as_str(), "--presplit", "--to", "tsv", "--target-encoding", "windows-1252"];
        v.extend(extra);
        termalign(&v)
    };
    let accident = write("accident.zh", &gbk("双赢\n"));
    let o = align(&accident, &["--source-encoding", "gbk"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(String::from_utf8(o.stdout).unwrap(), "双赢\tWin\u{2013}win \u{201c}cooperation\u{201d}\n");
    let o = align(&accident, &[]);
    assert_eq!(String::from_utf8(o.stdout).unwrap(), "\u{2eb}\u{4ee}\tWin\u{2013}win \u{201c}cooperation\u{201d}\n");
    // broken UTF-8: an error at its position, naming the flag; --lossy reads on
    let broken = write("broken.zh", &gbk("一带一路\n"));
    let o = align(&broken, &["--source-encoding", "gb18030"]);
    assert!(String::from_utf8(o.stdout).unwrap().starts_with("一带一路\t"));
    let o = align(&broken, &[]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("broken.zh:1:2: invalid UTF-8"), "{err}");
    assert!(err.contains("--source-encoding NAME"), "{err}");
    assert!(o.stdout.is_empty());
    let o = align(&broken, &["--lossy"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8(o.stdout).unwrap().contains('\u{fffd}'));
}
