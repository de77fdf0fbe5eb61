//! The bad-input suite (issue #7): every kind of messy or hostile input, one file per case
//! under `tests/data/bad/`, run through the binary with its exact message and exit code.
//!
//! The encoded fixtures are made from the UTF-8 originals by `tests/data/bad/make.py`;
//! the tests compare what termalign reads from them with what it reads from the originals.
//! Commands run inside `tests/data/bad/` so that messages carry short, stable paths.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use termalign::glossary::{self, Entry};
use termalign::input;

const BIN: &str = env!("CARGO_BIN_EXE_termalign");

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/bad")
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run_in(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(BIN).args(args).current_dir(dir).env("NO_COLOR", "1").output().expect("run termalign");
    Run {
        code: out.status.code().expect("termalign was not killed by a signal"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

fn run(args: &[&str]) -> Run {
    run_in(&data(), args)
}

/// One bad input: the fixture it exercises, the command, and exactly what must come out.
struct Case {
    fixture: &'static str,
    args: &'static [&'static str],
    code: i32,
    stderr: &'static str,
}

const G: &str = "zh-glossary.csv";

/// Each case is an error; its standard output must be empty and standard error exactly this.
const CASES: &[Case] = &[
    Case {
        fixture: "(none)",
        args: &["scan", "--no-default-glossary", "-g", G, "missing.txt"],
        code: 2,
        stderr: "termalign: missing.txt: cannot read file: No such file or directory (os error 2)\n",
    },
    Case {
        fixture: "(none)",
        args: &["scan", "--no-default-glossary", "-g", "missing.csv", "en-corpus.txt"],
        code: 2,
        stderr: "termalign: missing.csv: cannot read file: No such file or directory (os error 2)\n",
    },
    Case {
        fixture: "directory.csv",
        args: &["scan", "--no-default-glossary", "-g", "directory.csv", "en-corpus.txt"],
        code: 2,
        stderr: "termalign: directory.csv: is a directory, not a file\n",
    },
    Case {
        fixture: "binary.txt",
        args: &["scan", "--no-default-glossary", "-g", G, "binary.txt"],
        code: 2,
        stderr: "termalign: binary.txt:3:1: not a text file (it contains a NUL byte)\n",
    },
    Case {
        fixture: "binary.txt",
        args: &["scan", "--no-default-glossary", "-g", "binary.txt", "en-corpus.txt"],
        code: 2,
        stderr: "termalign: binary.txt:3:1: not a text file (it contains a NUL byte)\n",
    },
    Case {
        fixture: "invalid-utf8.txt",
        args: &["scan", "--no-default-glossary", "-g", G, "invalid-utf8.txt"],
        code: 2,
        stderr: "termalign: invalid-utf8.txt:1:54: invalid UTF-8: 0xE9 at byte offset 55; save the file as UTF-8, \
                 or name its encoding with --encoding NAME; --lossy replaces undecodable bytes with U+FFFD\n",
    },
    Case {
        fixture: "utf16le-no-bom.txt",
        args: &["scan", "--no-default-glossary", "-g", G, "utf16le-no-bom.txt"],
        code: 2,
        stderr: "termalign: utf16le-no-bom.txt:1:2: not a text file (it contains NUL bytes); if it is UTF-16 \
                 without a byte-order mark, pass --encoding UTF-16LE\n",
    },
    Case {
        fixture: "utf16le-no-bom.txt",
        args: &["scan", "--no-default-glossary", "-g", "utf16le-no-bom.txt", "en-corpus.txt"],
        code: 2,
        stderr: "termalign: utf16le-no-bom.txt:1:2: not a text file (it contains NUL bytes); if it is UTF-16 \
                 without a byte-order mark, pass --glossary-encoding UTF-16LE\n",
    },
    Case {
        fixture: "shift-jis.txt",
        args: &["scan", "--no-default-glossary", "-g", G, "shift-jis.txt"],
        code: 2,
        stderr: "termalign: shift-jis.txt: cannot tell the encoding: not UTF-8, and it looks most like Shift_JIS, \
                 which termalign does not guess (it guesses only UTF-8, UTF-16LE, UTF-16BE, gb18030, Big5, \
                 windows-1252); if Shift_JIS is right pass --encoding Shift_JIS, or save the file as UTF-8\n",
    },
    Case {
        fixture: "gb18030-bad-byte.txt",
        args: &["scan", "--no-default-glossary", "-g", G, "--encoding", "gb18030", "gb18030-bad-byte.txt"],
        code: 2,
        stderr: "termalign: gb18030-bad-byte.txt:2:11: invalid gb18030 (as asked): 0xFF at byte offset 25; name \
                 the file's real encoding with --encoding NAME, or save it as UTF-8; --lossy replaces undecodable \
                 bytes with U+FFFD\n",
    },
    Case {
        fixture: "ragged-row.csv",
        args: &["scan", "--no-default-glossary", "-g", "ragged-row.csv", "en-corpus.txt"],
        code: 2,
        stderr: "termalign: ragged-row.csv:3:49: ragged row: 4 fields, but the header has 3 (a comma inside a \
                 value must be quoted)\n",
    },
    Case {
        fixture: "unclosed-quote.csv",
        args: &["glossary", "validate", "unclosed-quote.csv"],
        code: 2,
        stderr: "termalign: unclosed-quote.csv:2:5: unclosed quote: this quoted value never ends (double a quote \
                 inside a quoted value: \"\")\n",
    },
    Case {
        fixture: "missing-en.csv",
        args: &["scan", "--no-default-glossary", "-g", "missing-en.csv", "en-corpus.txt"],
        code: 2,
        stderr: "termalign: missing-en.csv:1:1: missing required column `en` in the header; the header must name \
                 the columns, at least `en` (known: id, en, en_variants, en_deprecated, zh, zh_variants, category, \
                 note, source)\n",
    },
    Case {
        fixture: "duplicate-header.csv",
        args: &["check", "-g", "duplicate-header.csv", "en-corpus.txt"],
        code: 2,
        stderr: "termalign: duplicate-header.csv:1:10: duplicate column `en` in the header\n",
    },
    Case {
        fixture: "empty-id.csv",
        args: &["scan", "--no-default-glossary", "-g", "empty-id.csv", "en-corpus.txt"],
        code: 2,
        stderr: "termalign: empty-id.csv:3:1: empty id: give every entry a stable id, or drop the `id` column to \
                 have ids generated\n",
    },
    Case {
        fixture: "semicolon.csv",
        args: &["scan", "--no-default-glossary", "-g", "semicolon.csv", "en-corpus.txt"],
        code: 2,
        stderr: "termalign: semicolon.csv:1:1: missing required column `en` in the header; the header is \
                 separated by semicolons: pass --glossary-delimiter ';'\n",
    },
    Case {
        fixture: "tab-in-field.tsv",
        args: &[
            "scan",
            "--no-default-glossary",
            "-g",
            "tab-in-field.tsv",
            "--glossary-delimiter",
            "tab",
            "en-corpus.txt",
        ],
        code: 2,
        stderr: "termalign: tab-in-field.tsv:3:28: ragged row: 4 fields, but the header has 3 (a tab inside a value \
                 must be quoted)\n",
    },
    Case {
        fixture: "omegat-tab-in-field.txt",
        args: &["glossary", "import", "--from", "omegat", "omegat-tab-in-field.txt"],
        code: 2,
        stderr: "termalign: omegat-tab-in-field.txt:2:26: 4 tab-separated fields, but an OmegaT glossary line has \
                 at most 3: a value contains a tab; replace it with a space\n",
    },
    Case {
        fixture: "empty-forms.csv",
        args: &["check", "--no-default-glossary", "-g", "empty-forms.csv", "en-corpus.txt"],
        code: 2,
        stderr: "termalign: empty-forms.csv:3:1: entry `quotes`: preferred form `“ ”` is empty after normalisation \
                 (only separators); it can never match; fix the entry (`termalign glossary validate` lists every \
                 problem)\n",
    },
    Case {
        fixture: "empty.csv",
        args: &["glossary", "stats", "--no-default-glossary", "-g", "empty.csv"],
        code: 2,
        stderr: "termalign: empty.csv:1:1: empty glossary file: expected a header row with at least the column `en`\n",
    },
    Case {
        fixture: "invalid.tbx",
        args: &["glossary", "import", "--from", "tbx", "invalid.tbx"],
        code: 2,
        stderr: "termalign: invalid.tbx:7:48: invalid XML: malformed entity reference\n",
    },
    Case {
        fixture: "tab-in-term.csv",
        args: &["export", "--to", "deepl", "--no-default-glossary", "-g", "tab-in-term.csv"],
        code: 2,
        stderr: "termalign: tab-in-term.csv:3: entry `winwin`: term \"win-win\\tcooperation\" contains a TAB; a \
                 DeepL glossary cannot carry it\n",
    },
    Case {
        fixture: "existing-output.txt",
        args: &["scan", "--no-default-glossary", "-g", G, "en-corpus.txt", "-o", "existing-output.txt"],
        code: 2,
        stderr: "termalign: existing-output.txt: file exists; pass --force to replace it\n",
    },
    Case {
        fixture: "en-corpus.txt",
        args: &["pair", "--no-default-glossary", "-g", G, "en-corpus.txt", "-o", "en-corpus.txt", "--force"],
        code: 2,
        stderr: "termalign: en-corpus.txt: refusing to write over an input of this run; choose another output file\n",
    },
    Case {
        fixture: "(none)",
        args: &["scan", "--encoding", "klingon", "en-corpus.txt"],
        code: 2,
        stderr: "error: invalid value 'klingon' for '--encoding <NAME>': unknown encoding `klingon`; use a name \
                 such as UTF-8, UTF-16LE, UTF-16BE, gb18030, Big5, windows-1252 (or another WHATWG encoding \
                 label)\n\nFor more information, try '--help'.\n",
    },
    Case {
        fixture: "(none)",
        args: &["scan", "--glossary-delimiter", ";;", "en-corpus.txt"],
        code: 2,
        stderr: "error: invalid value ';;' for '--glossary-delimiter <CHAR>': a delimiter is one ASCII character \
                 other than a quote or line break, or `tab`; not `;;`\n\nFor more information, try '--help'.\n",
    },
];

#[test]
fn every_bad_input_gives_its_exact_message_and_exit_code() {
    let mut failures = Vec::new();
    for case in CASES {
        let r = run(case.args);
        if r.code != case.code || r.stderr != case.stderr || !r.stdout.is_empty() {
            failures.push(format!(
                "termalign {}\n  expected exit {} and stderr {:?}\n  got      exit {} and stderr {:?}, stdout {:?}",
                case.args.join(" "),
                case.code,
                case.stderr,
                r.code,
                r.stderr,
                r.stdout
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_fixture_is_used_by_a_test() {
    let used: BTreeSet<&str> = CASES
        .iter()
        .map(|c| c.fixture)
        .chain(["make.py", "zh-glossary.csv", "zh-corpus.txt", "en-corpus.txt", "en-corpus.windows-1252.txt"])
        .chain(VARIANTS.iter().flat_map(|v| [v.glossary, v.corpus]))
        .collect();
    for f in std::fs::read_dir(data()).unwrap() {
        let name = f.unwrap().file_name().into_string().unwrap();
        assert!(used.contains(name.as_str()), "tests/data/bad/{name} is not used by any case");
    }
    for c in CASES.iter().filter(|c| c.fixture != "(none)") {
        assert!(data().join(c.fixture).exists(), "missing fixture {}", c.fixture);
    }
}

/// The same glossary and corpus in other encodings, made by `make.py`.
struct Variant {
    glossary: &'static str,
    corpus: &'static str,
    encoding: &'static str,
}

const VARIANTS: &[Variant] = &[
    Variant { glossary: "zh-glossary.gb18030.csv", corpus: "zh-corpus.gb18030.txt", encoding: "gb18030" },
    Variant { glossary: "zh-glossary.utf16le-bom.csv", corpus: "zh-corpus.utf16le-bom.txt", encoding: "UTF-16LE" },
    Variant { glossary: "zh-glossary.utf16be-bom.csv", corpus: "zh-corpus.utf16be-bom.txt", encoding: "UTF-16BE" },
    Variant { glossary: "zh-glossary.utf8-bom.csv", corpus: "zh-corpus.utf8-bom.txt", encoding: "UTF-8" },
];

/// An entry without the file it came from, which differs between variants by design.
fn comparable(e: &Entry) -> Entry {
    Entry { origin: Default::default(), ..e.clone() }
}

#[test]
fn chinese_glossaries_in_every_encoding_read_as_the_utf8_original() {
    let original = glossary::read_csv(&data().join(G)).unwrap().glossary;
    assert!(original.entries().any(|e| e.zh == "“一带一路”倡议"));
    for v in VARIANTS {
        let read = glossary::read_csv(&data().join(v.glossary)).unwrap();
        assert!(read.diagnostics.is_empty(), "{}: {:?}", v.glossary, read.diagnostics);
        let got: Vec<Entry> = read.glossary.entries().map(comparable).collect();
        let want: Vec<Entry> = original.entries().map(comparable).collect();
        assert_eq!(got, want, "{}", v.glossary);
        let lines: Vec<u64> = read.glossary.entries().map(|e| e.origin.line).collect();
        assert_eq!(lines, [2, 3, 4, 5], "{}", v.glossary);
    }
}

#[test]
fn chinese_corpora_in_every_encoding_read_as_the_utf8_original() {
    let original = std::fs::read_to_string(data().join("zh-corpus.txt")).unwrap();
    for v in VARIANTS {
        let f = input::read_text(&data().join(v.corpus)).unwrap();
        assert_eq!((f.encoding, f.text.as_str()), (v.encoding, original.as_str()), "{}", v.corpus);
    }
    let en = std::fs::read_to_string(data().join("en-corpus.txt")).unwrap();
    let f = input::read_text(&data().join("en-corpus.windows-1252.txt")).unwrap();
    assert_eq!((f.encoding, f.text.as_str()), ("windows-1252", en.as_str()));
}

/// `scan --format jsonl` records, with the fields that depend on the file's bytes apart.
fn scan_jsonl(args: &[&str]) -> Vec<serde_json::Value> {
    let r = run(args);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""), "termalign {}", args.join(" "));
    r.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

/// Every hit's byte range, read from the file on disk and decoded, is its `surface`.
fn assert_surfaces_are_original_bytes(file: &str, hits: &[serde_json::Value]) {
    let bytes = std::fs::read(data().join(file)).unwrap();
    let enc = input::read_text(&data().join(file)).unwrap().encoding;
    let enc = input::Encoding::for_label(enc.as_bytes()).unwrap();
    for h in hits {
        let (s, e) = (h["byte_start"].as_u64().unwrap() as usize, h["byte_end"].as_u64().unwrap() as usize);
        let (decoded, _) = enc.decode_without_bom_handling(&bytes[s..e]);
        assert_eq!(decoded, h["surface"].as_str().unwrap(), "{file} {s}..{e}");
    }
}

/// The hits with the fields that must not depend on the encoding.
fn encoding_independent(hits: &[serde_json::Value]) -> Vec<serde_json::Value> {
    hits.iter()
        .map(|h| {
            let mut h = h.clone();
            for k in ["file", "byte_start", "byte_end"] {
                h.as_object_mut().unwrap().remove(k);
            }
            h
        })
        .collect()
}

#[test]
fn scanning_transcoded_files_finds_the_same_hits_at_their_original_bytes() {
    let want = scan_jsonl(&["scan", "--format", "jsonl", "--no-default-glossary", "-g", G, "zh-corpus.txt"]);
    assert_eq!(want.len(), 6, "{want:#?}");
    assert_surfaces_are_original_bytes("zh-corpus.txt", &want);
    for v in VARIANTS {
        let got = scan_jsonl(&["scan", "--format", "jsonl", "--no-default-glossary", "-g", v.glossary, v.corpus]);
        assert_eq!(encoding_independent(&got), encoding_independent(&want), "{}", v.corpus);
        assert_surfaces_are_original_bytes(v.corpus, &got);
    }
    let en = scan_jsonl(&["scan", "--format", "jsonl", "--no-default-glossary", "-g", G, "en-corpus.txt"]);
    for (file, extra) in
        [("en-corpus.windows-1252.txt", &[][..]), ("utf16le-no-bom.txt", &["--encoding", "utf-16le"][..])]
    {
        let mut args = vec!["scan", "--format", "jsonl", "--no-default-glossary", "-g", G, file];
        args.extend(extra);
        let got = scan_jsonl(&args);
        assert_eq!(encoding_independent(&got), encoding_independent(&en), "{file}");
        if extra.is_empty() {
            assert_surfaces_are_original_bytes(file, &got);
        }
    }
}

#[test]
fn lossy_reads_a_broken_file_and_keeps_positions_in_its_bytes() {
    let got =
        scan_jsonl(&["scan", "--lossy", "--format", "jsonl", "--no-default-glossary", "-g", G, "invalid-utf8.txt"]);
    let want = scan_jsonl(&["scan", "--format", "jsonl", "--no-default-glossary", "-g", G, "en-corpus.txt"]);
    assert_eq!(got.len(), want.len());
    // The replaced byte sits after the first hit: it shifts the later byte offsets by 4
    // (" caf" plus one byte) in the file, while the text has " caf\u{FFFD}".
    let bytes = std::fs::read(data().join("invalid-utf8.txt")).unwrap();
    for h in &got {
        let (s, e) = (h["byte_start"].as_u64().unwrap() as usize, h["byte_end"].as_u64().unwrap() as usize);
        assert_eq!(std::str::from_utf8(&bytes[s..e]).unwrap(), h["surface"].as_str().unwrap());
    }
    assert_eq!(got[1]["byte_start"].as_u64().unwrap(), want[1]["byte_start"].as_u64().unwrap() + 5);
}

#[test]
fn a_glossary_in_another_encoding_or_delimiter_reads_with_the_flag_the_error_named() {
    let r = run(&["glossary", "validate", "--glossary-delimiter", ";", "semicolon.csv"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    assert_eq!(r.stdout, "2 entries: 0 errors, 0 warnings\n");
    let r = run(&[
        "glossary",
        "stats",
        "--no-default-glossary",
        "-g",
        "zh-glossary.gb18030.csv",
        "--glossary-encoding",
        "gbk",
    ]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    assert!(r.stdout.starts_with("entries: 4  (with Chinese: 4)\n"), "{}", r.stdout);
}

#[test]
fn imports_read_every_encoding_and_take_an_encoding_flag() {
    let want = run(&["glossary", "import", "--from", "csv", G]);
    assert_eq!(want.code, 0, "{}", want.stderr);
    for v in VARIANTS {
        let got = run(&["glossary", "import", "--from", "csv", v.glossary]);
        assert_eq!((got.code, &got.stdout), (0, &want.stdout), "{}: {}", v.glossary, got.stderr);
    }
    let got = run(&["glossary", "import", "--from", "csv", "--encoding", "gb18030", "zh-glossary.gb18030.csv"]);
    assert_eq!((got.code, &got.stdout), (0, &want.stdout), "{}", got.stderr);
    let got = run(&["glossary", "import", "--from", "csv", "--encoding", "big5", "zh-glossary.gb18030.csv"]);
    // Big5 reads GB18030 bytes as other characters for a while: a forced encoding is
    // trusted until a byte does not decode, where the error says so.
    assert_eq!(
        (got.code, got.stderr.as_str()),
        (
            2,
            "termalign: zh-glossary.gb18030.csv:3:150: invalid Big5 (as asked): 0xC8 0xCB at byte offset 445; \
             name the file's real encoding with --encoding NAME, or save it as UTF-8\n"
        )
    );
}

/// A scratch folder holding copies of the named fixtures.
fn scratch(files: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for f in files {
        std::fs::copy(data().join(f), dir.path().join(f)).unwrap();
    }
    dir
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    v.sort();
    v
}

#[test]
fn refused_and_failed_writes_leave_every_file_as_it_was() {
    let files = ["en-corpus.txt", "existing-output.txt", "invalid.tbx", "tab-in-term.csv", "zh-glossary.csv"];
    let dir = scratch(&files);
    let before: Vec<Vec<u8>> = files.iter().map(|f| std::fs::read(dir.path().join(f)).unwrap()).collect();
    let attempts: &[&[&str]] = &[
        // an existing output without --force
        &["scan", "--no-default-glossary", "-g", G, "en-corpus.txt", "-o", "existing-output.txt"],
        // an output that is an input, even with --force, given by another spelling
        &["scan", "--no-default-glossary", "-g", G, "en-corpus.txt", "-o", "./en-corpus.txt", "--force"],
        &["scan", "--no-default-glossary", "-g", G, "en-corpus.txt", "-o", "zh-glossary.csv", "--force"],
        // an import that fails half-way through the XML: nothing is written
        &["glossary", "import", "--from", "tbx", "invalid.tbx", "-o", "existing-output.txt", "--force"],
        // an export that fails at the second entry, after the first was written
        &[
            "export",
            "--to",
            "deepl",
            "--no-default-glossary",
            "-g",
            "tab-in-term.csv",
            "-o",
            "existing-output.txt",
            "--force",
        ],
    ];
    for args in attempts {
        let r = run_in(dir.path(), args);
        assert_eq!(r.code, 2, "termalign {}: {}", args.join(" "), r.stderr);
    }
    let after: Vec<Vec<u8>> = files.iter().map(|f| std::fs::read(dir.path().join(f)).unwrap()).collect();
    assert!(before == after, "a refused or failed run changed a file");
    assert_eq!(names(dir.path()), files, "a temporary file was left behind");
}

#[test]
fn align_eval_never_writes_its_beads_over_the_gold() {
    let dir = tempfile::tempdir().unwrap();
    let put = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
    put("g.zh", "我们同意。\n双方签署了协议。\n");
    put("g.en", "We agree.\nThe two sides signed the agreement.\n");
    put("g.align", "[0]:[0]\n[1]:[1]\n");
    let d = dir.path().to_str().unwrap();
    let r = run_in(dir.path(), &["align-eval", d, "--write-beads", d]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.ends_with("g.align: refusing to write over an input of this run; choose another output file\n"),
        "{}",
        r.stderr
    );
    assert_eq!(std::fs::read_to_string(dir.path().join("g.align")).unwrap(), "[0]:[0]\n[1]:[1]\n");
    assert_eq!(names(dir.path()), ["g.align", "g.en", "g.zh"]);
}

#[test]
fn a_successful_forced_write_replaces_the_file_whole() {
    let dir = scratch(&["en-corpus.txt", "existing-output.txt", "zh-glossary.csv"]);
    let args = ["scan", "--format", "jsonl", "--no-default-glossary", "-g", G, "en-corpus.txt"];
    let expected = run_in(dir.path(), &args).stdout;
    let mut forced = args.to_vec();
    forced.extend(["-o", "existing-output.txt", "--force"]);
    let r = run_in(dir.path(), &forced);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    assert_eq!(std::fs::read_to_string(dir.path().join("existing-output.txt")).unwrap(), expected);
    assert_eq!(names(dir.path()), ["en-corpus.txt", "existing-output.txt", "zh-glossary.csv"]);
}
