//! End-to-end tests of the review commands (`check` consistency, `report`, `concord`,
//! `extract`), run on the binary against the shipped corpus and `tests/review/`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SEED: &str = "corpus/2022-01-25-china-central-asia-summit.en.txt";
const FLAWED: &str = "tests/review/flawed.en.txt";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn termalign(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_termalign")).current_dir(root()).args(args).output().expect("run termalign")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 output")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn jsonl(o: &Output) -> Vec<serde_json::Value> {
    stdout(o).lines().map(|l| serde_json::from_str(l).expect("a JSON object per line")).collect()
}

/// (line, surface, status, suggestion) of each JSON Lines record.
fn findings(o: &Output) -> Vec<(u64, String, String, Option<String>)> {
    jsonl(o)
        .iter()
        .map(|r| {
            (
                r["line"].as_u64().unwrap(),
                r["surface"].as_str().unwrap().to_string(),
                r["status"].as_str().unwrap().to_string(),
                r["suggestion"].as_str().map(str::to_string),
            )
        })
        .collect()
}

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temporary directory")
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

mod consistency {
    use super::*;

    #[test]
    fn check_reports_minority_writings_as_inconsistent_and_exits_1() {
        let o = termalign(&["check", "--format", "jsonl", FLAWED]);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        let inconsistent: Vec<_> = findings(&o).into_iter().filter(|f| f.2 == "inconsistent").collect();
        assert_eq!(
            inconsistent,
            [
                (
                    4,
                    "good-neighbourly friendship".into(),
                    "inconsistent".into(),
                    Some("good-neighborly friendship".into())
                ),
                (13, "C+C5".into(), "inconsistent".into(), Some("China+Central Asia".into())),
                (
                    18,
                    "three evil forces".into(),
                    "inconsistent".into(),
                    Some("three forces of terrorism, separatism and extremism".into())
                ),
            ]
        );
        assert!(stderr(&o).contains("3 inconsistent; 6 need attention"), "{}", stderr(&o));
    }

    #[test]
    fn human_format_names_the_writing_to_use() {
        let o = termalign(&["check", "--color", "never", FLAWED]);
        let out = stdout(&o);
        assert!(
            out.contains("flawed.en.txt:13:5: inconsistent: \"C+C5\" → use \"China+Central Asia\" as elsewhere [china-plus-central-asia]"),
            "{out}"
        );
    }

    #[test]
    fn scope_document_run_and_off() {
        let dir = tempdir();
        let a = write(dir.path(), "a.txt", "good-neighborly friendship and good-neighborly friendship\n");
        let b = write(dir.path(), "b.txt", "good-neighbourly friendship\n");
        let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
        // each document is consistent on its own
        let o = termalign(&["check", "--format", "jsonl", a, b]);
        assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
        // across the run, b's UK spelling is the minority
        let o = termalign(&["check", "--format", "jsonl", "--consistency", "run", a, b]);
        assert_eq!(o.status.code(), Some(1));
        let f = jsonl(&o);
        assert_eq!(f.len(), 1);
        assert!(f[0]["file"].as_str().unwrap().ends_with("b.txt"));
        assert_eq!(f[0]["status"], "inconsistent");
        let o = termalign(&["check", "--consistency", "off", "--format", "jsonl", FLAWED]);
        assert!(findings(&o).iter().all(|f| f.2 != "inconsistent"));
    }

    #[test]
    fn scan_shows_the_same_statuses_as_check() {
        let o = termalign(&["scan", "--format", "jsonl", FLAWED]);
        assert_eq!(o.status.code(), Some(0));
        let statuses: Vec<String> = findings(&o).into_iter().map(|f| f.2).collect();
        assert_eq!(statuses.iter().filter(|s| *s == "inconsistent").count(), 3);
        assert_eq!(statuses.len(), 18);
    }

    /// The official English of the seed itself varies one term: "three forces of terrorism,
    /// separatism and extremism" early on, "terrorist, extremist and separatist forces"
    /// later, both admitted forms of one entry.
    #[test]
    fn the_seed_writes_one_term_in_two_ways() {
        let o = termalign(&["check", "--format", "jsonl", SEED]);
        assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
        assert_eq!(
            findings(&o),
            [(
                290,
                "terrorist, extremist and separatist forces".into(),
                "inconsistent".into(),
                Some("three forces of terrorism, separatism and extremism".into())
            )]
        );
    }
}
