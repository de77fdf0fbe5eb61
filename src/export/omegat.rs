//! `omegat`: OmegaT's tab-separated glossary.
//!
//! One line per source/target pair, `source⇥target⇥comment`, no header, UTF-8 without a
//! BOM, LF line ends. OmegaT picks the reader and the encoding by the file name: `.utf8`
//! is always read as UTF-8 and `.txt` is sniffed, while `.tsv` is not read at all and
//! `.csv` goes to a different reader that takes a header row as an entry. So the output
//! name must end in `.utf8` or `.txt` (checked). OmegaT skips a line that starts with
//! `#` and has no escape for TAB or line breaks, so a term with either (or starting with
//! `#`) is refused.
//!
//! Synonyms are separate lines (OmegaT keeps every line, even with a repeated source):
//! - zh→en: every Chinese form × every admitted English form (preferred and variants).
//!   The preferred pair carries the comment: note, "Do not use: …" with the deprecated
//!   renderings and their reasons, the source, and the `--with-context` example. OmegaT
//!   has no status field, so deprecated renderings are never offered as a target.
//! - en→zh: every English form, deprecated ones included (the source text may use them),
//!   → the preferred Chinese; the comment says which forms are deprecated and why.
//!
//! Entries without a source-language form are skipped and counted.

use std::io::Write;

use super::{Direction, Exporter, Settings, Summary, TermRules, check_term, description, entry_error, one_line};
use crate::error::{Error, Result};
use crate::glossary::{Entry, Glossary};

pub struct Omegat;

const RULES: TermRules = TermRules { tsv: true, max_bytes: 0, format: "an OmegaT glossary" };

fn term(e: &Entry, t: &str) -> Result<()> {
    check_term(e, t, RULES)?;
    if t.starts_with('#') {
        return Err(entry_error(e, format!("term \"{t}\" starts with `#`, which OmegaT reads as a comment line")));
    }
    Ok(())
}

impl Exporter for Omegat {
    fn name(&self) -> &'static str {
        "omegat"
    }

    fn default_langs(&self) -> (&'static str, &'static str) {
        ("zh-CN", "en-US")
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["utf8", "txt"]
    }

    fn write(&self, g: &Glossary, s: &Settings, out: &mut dyn Write) -> Result<Summary> {
        let mut sum = Summary::default();
        let mut buf = String::new();
        let mut line = |src: &str, tgt: &str, comment: &str| {
            buf.push_str(src);
            buf.push('\t');
            buf.push_str(tgt);
            buf.push('\t');
            buf.push_str(comment);
            buf.push('\n');
        };
        for e in g.entries() {
            let main = one_line(e, &description(e, s, false), "an OmegaT glossary")?;
            match s.direction {
                Direction::ZhEn => {
                    let targets: Vec<&str> = std::iter::once(e.en.as_str())
                        .chain(e.variants.iter().map(String::as_str))
                        .filter(|t| !t.is_empty())
                        .collect();
                    let sources: Vec<&str> = e.zh_forms().collect();
                    if sources.is_empty() || targets.is_empty() {
                        let why = if sources.is_empty() { "no Chinese" } else { "no English" };
                        sum.skipped.push((e.id.clone(), why.to_string()));
                        continue;
                    }
                    for t in sources.iter().chain(&targets) {
                        term(e, t)?;
                    }
                    for src in &sources {
                        for (i, tgt) in targets.iter().enumerate() {
                            let preferred = i == 0 && !e.en.is_empty();
                            let comment =
                                if preferred { main.clone() } else { format!("admitted variant of \"{}\"", e.en) };
                            line(src, tgt, &comment);
                            sum.records += 1;
                        }
                    }
                }
                Direction::EnZh => {
                    let Some(zh) = e.zh_forms().next() else {
                        sum.skipped.push((e.id.clone(), "no Chinese".to_string()));
                        continue;
                    };
                    term(e, zh)?;
                    let mut sources: Vec<(&str, String)> = Vec::new();
                    if !e.en.is_empty() {
                        sources.push((&e.en, main.clone()));
                    }
                    for v in &e.variants {
                        sources.push((v, format!("admitted variant of \"{}\"", e.en)));
                    }
                    for d in &e.deprecated {
                        let why = if d.reason.is_empty() { String::new() } else { format!(": {}", d.reason) };
                        let c = one_line(e, &format!("DEPRECATED, use \"{}\"{why}", e.en), "an OmegaT glossary")?;
                        sources.push((&d.form, c));
                    }
                    for (src, comment) in sources {
                        term(e, src)?;
                        line(src, zh, &comment);
                        sum.records += 1;
                    }
                }
            }
            sum.entries += 1;
        }
        out.write_all(buf.as_bytes()).map_err(|e| Error::io("-", "cannot write the export", e))?;
        Ok(sum)
    }
}
