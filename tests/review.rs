//! End-to-end tests of the review commands (`check` consistency, `report`, `concord`,
//! `extract`), run on the binary against the shipped corpus and `tests/review/`.

mod common;
use common::*;
use std::path::{Path, PathBuf};
use std::process::Output;

const SEED: &str = "corpus/2022-01-25-china-central-asia-summit.en.txt";
const FLAWED: &str = "tests/review/flawed.en.txt";

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

mod report {
    use super::*;

    fn statuses_of_marks(html: &str) -> Vec<String> {
        html.split("<mark id=\"h")
            .skip(1)
            .map(|m| m.split("data-status=\"").nth(1).unwrap().split('"').next().unwrap().to_string())
            .collect()
    }

    #[test]
    fn one_mark_per_scan_hit_with_the_same_status() {
        let dir = tempdir();
        for input in [SEED, FLAWED] {
            let out = dir.path().join("r.html");
            let o = termalign(&["report", input, "-o", out.to_str().unwrap(), "--force"]);
            assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
            let html = std::fs::read_to_string(&out).unwrap();
            let scan: Vec<String> =
                findings(&termalign(&["scan", "--format", "jsonl", input])).into_iter().map(|f| f.2).collect();
            assert!(scan.len() > 10);
            assert_eq!(statuses_of_marks(&html), scan, "{input}");
        }
    }

    #[test]
    fn same_bytes_every_run_and_to_standard_output() {
        let a = termalign(&["report", FLAWED, SEED]);
        let b = termalign(&["report", FLAWED, SEED]);
        assert_eq!(a.status.code(), Some(0));
        assert_eq!(a.stdout, b.stdout);
        let html = stdout(&a);
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(
            html.contains(
                "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; R&amp;D &lt;b&gt;not bold&lt;/b&gt;"
            )
        );
        assert!(html.contains("<title>Terminology report</title>"));
        let titled = termalign(&["report", "--title", "Draft <2>", FLAWED]);
        assert!(stdout(&titled).contains("<title>Draft &lt;2&gt;</title>"));
    }

    #[test]
    fn refuses_to_overwrite_and_reports_bad_input_with_exit_2() {
        let dir = tempdir();
        let out = write(dir.path(), "old.html", "keep me");
        let o = termalign(&["report", FLAWED, "-o", out.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr(&o).contains("pass --force"), "{}", stderr(&o));
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me");
        let missing = dir.path().join("missing.txt");
        let o = termalign(&["report", missing.to_str().unwrap(), FLAWED]);
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr(&o).contains("missing.txt"), "{}", stderr(&o));
        // the readable file is still reported
        assert!(stdout(&o).contains("flawed.en.txt"));
        let binary = write(dir.path(), "bin.txt", "\u{0}\u{1}\u{2}binary\u{0}");
        let o = termalign(&["report", binary.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
        assert!(stderr(&o).contains("bin.txt"), "{}", stderr(&o));
    }
}

mod concord {
    use super::*;

    #[test]
    fn kwic_lines_aligned_on_the_term() {
        let o = termalign(&["concord", "good-neighborly friendship", "corpus/", "--width", "20"]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let out = stdout(&o);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 3, "{out}");
        let loc = format!("{SEED}:");
        for (l, line) in lines.iter().zip([53, 142, 193]) {
            assert!(l.starts_with(&format!("{loc}{line} ")), "{l}");
        }
        // the term starts in the same column on every line
        let cols: Vec<usize> = lines.iter().map(|l| l.find("good-neighborly friendship").unwrap()).collect();
        assert!(cols.iter().all(|&c| c == cols[0]), "{out}");
        assert_eq!(lines[0], format!("{loc}53   zing a new trail of good-neighborly friendship and win-win coopera"));
    }

    #[test]
    fn tolerances_of_the_matcher_apply_to_the_term() {
        // UK spelling, a line break and a plural all find the US singular query
        let o = termalign(&["concord", "color revolution", FLAWED]);
        let out = stdout(&o);
        assert_eq!(out.lines().count(), 2, "{out}");
        assert!(out.contains("Colour revolutions threaten"), "{out}");
        assert!(out.contains("any colour revolution and"), "{out}");
    }

    #[test]
    fn by_id_lists_every_form_with_its_status() {
        let o = termalign(&["concord", "--id", "community-shared-future-mankind", FLAWED, "--format", "jsonl"]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let recs = jsonl(&o);
        let got: Vec<(&str, &str)> =
            recs.iter().map(|r| (r["surface"].as_str().unwrap(), r["status"].as_str().unwrap())).collect();
        assert_eq!(
            got,
            [
                ("community of common destiny", "deprecated"),
                ("community with a shared future for\nmankind", "preferred")
            ]
        );
        assert_eq!(recs[0]["left"], "d Road Initiative together, and build a "); // 40 characters
        assert_eq!(recs[0]["line"], 9);
        assert_eq!(recs[0]["term_id"], "community-shared-future-mankind");
    }

    #[test]
    fn unknown_id_missing_files_and_bad_width_exit_2() {
        let o = termalign(&["concord", "--id", "china-plus", FLAWED]);
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr(&o).contains("did you mean china-plus-central-asia"), "{}", stderr(&o));
        let o = termalign(&["concord", "Belt and Road"]);
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr(&o).contains("give the files to search after the term \"Belt and Road\""), "{}", stderr(&o));
        let o = termalign(&["concord", "Belt and Road", "no-such-file.txt", FLAWED]);
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr(&o).contains("no-such-file.txt"), "{}", stderr(&o));
        assert!(stdout(&o).contains("One Belt, One Road and the Belt and Road Initiative"));
        let o = termalign(&["concord", "--width", "0", "Belt", FLAWED]);
        assert_eq!(o.status.code(), Some(2));
    }
}

mod extract {
    use super::*;

    fn rows(csv_text: &str) -> Vec<csv::StringRecord> {
        csv::Reader::from_reader(csv_text.as_bytes()).records().map(|r| r.unwrap()).collect()
    }

    #[test]
    fn candidates_of_the_seed_as_glossary_csv() {
        let o = termalign(&["extract", SEED]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let out = stdout(&o);
        assert!(out.starts_with("id,en,en_variants,en_deprecated,zh,zh_variants,category,note,source\n"), "{out}");
        let r = rows(&out);
        assert!(stderr(&o).contains(&format!("{} candidates", r.len())));
        let first: Vec<&str> = r[0].iter().collect();
        assert_eq!(&first[..3], ["central-asian-countries", "Central Asian countries", ""]);
        assert_eq!(first[6], "candidate");
        assert!(first[7].starts_with("frequency 20, C-value 26.944; e.g. …"), "{}", first[7]);
        assert_eq!(first[8], format!("{SEED}:15")); // the title: "... Between China and Central Asian Countries"
        let ens: Vec<&str> = r.iter().map(|r| &r[1]).collect();
        for want in ["five Central Asian countries", "mutual trust", "common security"] {
            assert!(ens.contains(&want), "{want} in {ens:?}");
        }
        // what the glossary knows is not proposed again
        for known in ["good-neighborly friendship", "mutually beneficial cooperation", "color revolutions"] {
            assert!(!ens.iter().any(|e| e.eq_ignore_ascii_case(known)), "{known} in {ens:?}");
        }
    }

    #[test]
    fn without_the_glossary_its_set_phrases_come_back() {
        let dir = tempdir();
        let empty = write(dir.path(), "empty.csv", "en\n");
        let o = termalign(&["extract", "--no-default-glossary", "--glossary", empty.to_str().unwrap(), SEED]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let ens: Vec<String> = rows(&stdout(&o)).iter().map(|r| r[1].to_string()).collect();
        for want in ["community with a shared future", "good-neighborly friendship", "mutually beneficial cooperation"]
        {
            assert!(ens.iter().any(|e| e == want), "{want} in {ens:?}");
        }
    }

    #[test]
    fn the_output_merges_back_as_a_glossary() {
        let dir = tempdir();
        let cands = dir.path().join("candidates.csv");
        let o = termalign(&["extract", SEED, "--top", "4", "-o", cands.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert_eq!(rows(&std::fs::read_to_string(&cands).unwrap()).len(), 4);
        let v = termalign(&["glossary", "validate", cands.to_str().unwrap()]);
        assert!(stdout(&v).contains("0 errors"), "{}", stdout(&v));
        let o = termalign(&["scan", "--format", "jsonl", "--glossary", cands.to_str().unwrap(), SEED]);
        let five: Vec<_> = jsonl(&o).into_iter().filter(|r| r["term_id"] == "five-central-asian-countries").collect();
        assert_eq!(five.len(), 3);
    }

    #[test]
    fn bad_options_exit_2() {
        for args in [["--min-freq", "0"], ["--max-words", "1"]] {
            let o = termalign(&["extract", args[0], args[1], SEED]);
            assert_eq!(o.status.code(), Some(2), "{args:?}");
        }
    }
}

mod source {
    use super::*;

    const FLAWED_ZH: &str = "tests/review/flawed.zh.txt";

    #[test]
    fn report_puts_the_aligned_chinese_beside_the_english() {
        let o = termalign(&["report", FLAWED, "--source", FLAWED_ZH]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let html = stdout(&o);
        let marks = html.matches("<mark id=\"h").count();
        assert_eq!(marks, jsonl(&termalign(&["scan", "--format", "jsonl", FLAWED])).len());
        let pairs: Vec<&str> = html.split("<div class=\"pair\">").skip(1).collect();
        assert!(pairs.len() >= 10, "{}", pairs.len());
        // every bead shows its Chinese; the Chinese of a marked term is underlined
        assert!(pairs.iter().all(|p| p.contains("<p class=\"zh\" lang=\"zh\">")));
        let evil = pairs.iter().find(|p| p.contains("three evil forces")).unwrap();
        assert!(
            evil.contains("我们反对任何<span class=\"zh-term\" data-term=\"color-revolution\">颜色革命</span>，反对"),
            "{evil}"
        );
        // the cross-language check: 政治互信 has no rendering in its bead's English, and
        // “三股势力” is there twice for one "three evil forces"; each Chinese occurrence marked
        let src: Vec<(&str, &str)> = html
            .split("<mark id=\"s")
            .skip(1)
            .map(|m| {
                let attr = |name: &str| m.split(&format!("{name}=\"")).nth(1).unwrap().split('"').next().unwrap();
                (attr("data-status"), attr("data-term"))
            })
            .collect();
        assert_eq!(
            src,
            [
                ("missing_rendering", "political-mutual-trust"),
                ("count_mismatch", "three-forces"),
                ("count_mismatch", "three-forces")
            ]
        );
        assert!(html.contains("data-tip=\"count mismatch · three-forces\nexpected: three forces of terrorism, separatism and extremism\n2 in the Chinese, 1 in the English"));
        assert!(html.contains("data-status-count=\"missing_rendering\">1<"));
        assert!(html.contains("<span class=\"badge st-missing_rendering\">1 missing_rendering</span>"));
        // markup in the Chinese stays text too
        assert!(html.contains("&lt;b&gt;不加粗&lt;/b&gt;"));
        assert!(html.contains("flawed.en.txt <span class=\"beside\">beside</span>"));
    }

    #[test]
    fn concord_shows_the_chinese_under_each_line() {
        let o = termalign(&["concord", "--id", "three-forces", FLAWED, "--source", FLAWED_ZH, "--width", "20"]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let out = stdout(&o);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 4, "{out}");
        assert!(lines[1].trim_start().starts_with("zh:9  颜色革命威胁着我们所有人；"), "{out}");
        assert_eq!(lines[3].trim_start(), "zh:9  我们反对任何颜色革命，反对“三股势力”，也反对“三股势力”的一切活动。");
        let o = termalign(&["concord", "C+C5", FLAWED, "--source", FLAWED_ZH, "--format", "jsonl"]);
        let r = &jsonl(&o)[0];
        assert_eq!(r["source_line"], 7);
        assert_eq!(r["source_text"], "中国＋中亚五国机制已举行两次会议。");
    }

    #[test]
    fn extract_proposes_chinese_equivalents() {
        let o = termalign(&["extract", "tests/review/bitext.en.txt", "--source", "tests/review/bitext.zh.txt"]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let got: Vec<(String, String)> = csv::Reader::from_reader(stdout(&o).as_bytes())
            .records()
            .map(|r| r.unwrap())
            .map(|r| (r[1].to_string(), r[4].to_string()))
            .collect();
        let want = [
            ("five Central Asian countries", "中亚五国"),
            ("countries in the region", "地区国家"),
            ("mutual trust", "互信"),
            ("common security", "共同安全"),
        ];
        assert_eq!(got, want.map(|(e, z)| (e.to_string(), z.to_string())));
        assert!(stdout(&o).contains("中亚五国 Dice 1.00 in 3 of 3 aligned pairs"));
    }

    #[test]
    fn a_source_pairs_with_one_english_file() {
        let o = termalign(&["report", FLAWED, SEED, "--source", FLAWED_ZH]);
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr(&o).contains("pairs with one English file"), "{}", stderr(&o));
        let o = termalign(&["extract", FLAWED, "--source", "tests/review/missing.zh.txt"]);
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr(&o).contains("missing.zh.txt"), "{}", stderr(&o));
        let o = termalign(&["concord", "x", FLAWED, "--dict", "d.txt"]);
        assert_eq!(o.status.code(), Some(2), "--dict needs --source");
        let o = termalign(&["report", "-", "--source", "-"]);
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr(&o).contains("both name standard input"), "{}", stderr(&o));
    }
}
