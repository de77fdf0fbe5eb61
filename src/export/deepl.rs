//! `deepl`: a DeepL API glossary (`entries_format=tsv`).
//!
//! One `source⇥target` line per source term, no header, UTF-8 without a BOM (the official
//! client would keep it as part of the first source term), LF line ends. The pairs and
//! the duplicate-source policy are those of `super::mt`. DeepL's limits are enforced
//! here rather than discovered at upload: 1024 UTF-8 bytes a term, 10 MiB a glossary;
//! the client refuses empty terms, C0/C1 controls, U+2028/U+2029, a second TAB and
//! duplicate sources, so each of those is an error naming the entry. Upload with the
//! DeepL API (`POST /v2/glossaries` with `entries_format=tsv`, `source_lang=zh`,
//! `target_lang=en`) or a client library (`deepl.Translator.create_glossary_from_csv`
//! takes the CSV form; `create_glossary` a dict).

use std::io::Write;

use super::mt::pairs;
use super::{Exporter, Settings, Summary, TermRules};
use crate::error::{Error, Result};
use crate::glossary::Glossary;

pub struct Deepl;

/// Largest term, in UTF-8 bytes.
pub const MAX_TERM_BYTES: usize = 1024;
/// Largest glossary file.
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;

/// Refuses an MT glossary over the engine's size limit (the file is built in memory first).
pub(crate) fn check_size(buf: &[u8], max: usize, engine: &str) -> Result<()> {
    if buf.len() > max {
        return Err(Error::usage(format!(
            "the {engine} glossary would be {} bytes; {engine} takes at most {max}: export fewer entries (--only-in, or a smaller --glossary)",
            buf.len()
        )));
    }
    Ok(())
}

impl Exporter for Deepl {
    fn name(&self) -> &'static str {
        "deepl"
    }

    fn default_langs(&self) -> (&'static str, &'static str) {
        ("zh", "en")
    }

    fn bom_allowed(&self) -> bool {
        false
    }

    fn write(&self, g: &Glossary, s: &Settings, out: &mut dyn Write) -> Result<Summary> {
        let rules = TermRules { tsv: true, max_bytes: MAX_TERM_BYTES, format: "a DeepL glossary" };
        let mut sum = Summary::default();
        let mut buf = Vec::new();
        for p in pairs(g, s.direction, false, rules, &mut sum)? {
            buf.extend_from_slice(p.src.as_bytes());
            buf.push(b'\t');
            buf.extend_from_slice(p.tgt.as_bytes());
            buf.push(b'\n');
            sum.records += 1;
        }
        check_size(&buf, MAX_FILE_BYTES, "DeepL")?;
        out.write_all(&buf).map_err(|e| Error::io("-", "cannot write the export", e))?;
        Ok(sum)
    }
}
