//! `termalign export` and `termalign glossary import` as a user runs them: file names the
//! tools need, refusal to overwrite, no partial output on error, exit codes.

use std::path::Path;
use std::process::{Command, Output};

fn termalign(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_termalign")).args(args).current_dir(dir).output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const SMALL: &str = include_str!("data/export/small.csv");

#[test]
fn omegat_output_must_be_named_for_omegat() {
    let dir = tempfile::tempdir().unwrap();
    let o = termalign(&["export", "--to", "omegat", "-o", "g.tsv"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "termalign: g.tsv: the `omegat` export must be named *.utf8 or *.txt (the tool chooses how to read a file by its extension)\n"
    );
    assert!(!dir.path().join("g.tsv").exists());
    let o = termalign(&["export", "--to", "omegat", "-o", "g.utf8"], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(dir.path().join("g.utf8")).unwrap();
    assert!(text.contains("\n人类命运共同体\tcommunity with a shared future for mankind\t"));
}

#[test]
fn skipped_entries_are_reported_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("small.csv"), SMALL).unwrap();
    let o = termalign(&["export", "--to", "deepl", "--no-default-glossary", "-g", "small.csv"], dir.path());
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(o.stdout.clone()).unwrap(),
        "“一带一路”倡议\tBelt and Road Initiative\n一带一路\tBelt and Road Initiative\n合作共赢\twin-win cooperation\n"
    );
    assert_eq!(
        stderr(&o),
        "termalign: exported 2 entries (3 records) as `deepl` to standard output\ntermalign: skipped 1 entries with no Chinese: formula\n"
    );
}

#[test]
fn an_existing_file_is_replaced_only_with_force_and_kept_on_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("out.tsv"), "previous\n").unwrap();
    let o = termalign(&["export", "--to", "google", "-o", "out.tsv"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("file exists; pass --force to replace it"));
    // A TAB inside a term: the export fails half-way, the previous file stays.
    std::fs::write(dir.path().join("bad.csv"), "id,en,zh\nok,win-win cooperation,合作共赢\nbad,x,\"甲\t乙\"\n")
        .unwrap();
    let o = termalign(&["export", "--to", "google", "-o", "out.tsv", "--force", "-g", "bad.csv"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "termalign: bad.csv:3: entry `bad`: term \"甲\\t乙\" contains a TAB; a Google TSV glossary cannot carry it\n"
    );
    assert_eq!(std::fs::read_to_string(dir.path().join("out.tsv")).unwrap(), "previous\n");
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 2, "no temporary file left: {names:?}");
}

#[test]
fn import_writes_termalign_csv_and_refuses_broken_xml() {
    let dir = tempfile::tempdir().unwrap();
    let o = termalign(&["export", "--to", "tbx3", "-o", "g.tbx"], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = termalign(&["glossary", "import", "--from", "tbx3", "g.tbx", "-o", "g.csv"], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let csv = std::fs::read_to_string(dir.path().join("g.csv")).unwrap();
    let own = termalign(&["export", "--to", "csv"], dir.path());
    assert_eq!(csv, String::from_utf8(own.stdout).unwrap(), "tbx3 → csv equals the embedded glossary");
    let bad = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/export/broken-malformed.tbx");
    let o = termalign(&["glossary", "import", "--from", "tbx3", bad.to_str().unwrap(), "-o", "x.csv"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).ends_with("broken-malformed.tbx:45:24: invalid XML: malformed entity reference\n"),
        "{}",
        stderr(&o)
    );
    assert!(!dir.path().join("x.csv").exists());
    let o = termalign(&["glossary", "import", "--from", "csv", "g.csv", "-o", "g.csv", "--force"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("refusing to write over an input"));
}

#[test]
fn xlsx_is_not_sent_to_a_terminal_but_may_go_to_a_pipe() {
    let dir = tempfile::tempdir().unwrap();
    let o = termalign(&["export", "--to", "memoq-xlsx"], dir.path());
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stdout.starts_with(b"PK\x03\x04"));
}

#[test]
fn only_in_exports_the_job_glossary_with_context() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("small.csv"), SMALL).unwrap();
    // An English draft: a deprecated form split across lines still finds its entry.
    std::fs::write(dir.path().join("draft.txt"), "Intro. We back the One Belt,\nOne Road plan.\n").unwrap();
    let o = termalign(
        &[
            "export",
            "--to",
            "omegat",
            "--no-default-glossary",
            "-g",
            "small.csv",
            "--only-in",
            "draft.txt",
            "--with-context",
            "-o",
            "job.utf8",
        ],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).starts_with("termalign: --only-in: 1 of 3 entries occur in the documents\n"));
    let text = std::fs::read_to_string(dir.path().join("job.utf8")).unwrap();
    assert!(text.starts_with("“一带一路”倡议\tBelt and Road Initiative\t"), "{text}");
    assert!(text.contains("Example: We back the One Belt, One Road plan.\n"), "{text}");
    assert!(!text.contains("合作共赢"));
    // A Chinese source text.
    std::fs::write(dir.path().join("source.txt"), "我们坚持合作共赢。\n").unwrap();
    let o = termalign(
        &["export", "--to", "deepl", "--no-default-glossary", "-g", "small.csv", "--only-in", "source.txt"],
        dir.path(),
    );
    assert_eq!(String::from_utf8(o.stdout).unwrap(), "合作共赢\twin-win cooperation\n");
    // The documents are inputs: never written over.
    let o = termalign(&["export", "--to", "csv", "--only-in", "source.txt", "-o", "source.txt", "--force"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(dir.path().join("source.txt")).unwrap(), "我们坚持合作共赢。\n");
}
