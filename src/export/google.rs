//! `google` and `google-terms`: Google Cloud Translation glossaries.
//!
//! Google reads the glossary from Cloud Storage and picks the format by the file
//! extension, so the output name is checked.
//!
//! - `google`: a **unidirectional** glossary, `.tsv`: two columns, source then target,
//!   no header (the first row is data), UTF-8 without a BOM. Pairs and duplicate policy
//!   as in `super::mt`; a TAB or line break in a term is refused.
//! - `google-terms`: an **equivalent term set** glossary, `.csv`: a header row of language
//!   codes (`zh-CN`, `en`) plus `description`, then one row per concept with the preferred
//!   forms (each row is one set of equivalents; there is no place for synonyms). RFC 4180
//!   quoting; Google's own older page escapes quotes as `\"` instead, so a term with a
//!   double quote is refused rather than risk a term Google reads differently, and in the
//!   `description` (prose, the entry's note) double quotes become single quotes.
//!
//! Create it with `glossaries.create` (the `languagePair` or `languageCodesSet` input
//! config pointing at the `gs://` file).

use std::io::Write;

use super::deepl::check_size;
use super::mt::{csv_bytes, pairs};
use super::{Exporter, Settings, Summary, TermRules, entry_error, one_line};
use crate::error::{Error, Result};
use crate::glossary::Glossary;

pub struct Google;
pub struct GoogleTerms;

/// Google's documented limit for a glossary file is not in the material we have; the
/// 10 MiB that DeepL and Amazon use is a safe bound and keeps mistakes (a whole corpus
/// passed as a glossary) out.
const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;

impl Exporter for Google {
    fn name(&self) -> &'static str {
        "google"
    }

    fn default_langs(&self) -> (&'static str, &'static str) {
        ("zh-CN", "en")
    }

    fn bom_allowed(&self) -> bool {
        false
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["tsv"]
    }

    fn write(&self, g: &Glossary, s: &Settings, out: &mut dyn Write) -> Result<Summary> {
        let rules = TermRules { tsv: true, max_bytes: 0, format: "a Google TSV glossary" };
        let mut sum = Summary::default();
        let mut buf = Vec::new();
        for p in pairs(g, s.direction, false, rules, &mut sum)? {
            for (i, t) in [p.src, p.tgt].into_iter().enumerate() {
                buf.extend_from_slice(t.as_bytes());
                buf.push(if i == 0 { b'\t' } else { b'\n' });
            }
            sum.records += 1;
        }
        check_size(&buf, MAX_FILE_BYTES, "Google")?;
        out.write_all(&buf).map_err(|e| Error::io("-", "cannot write the export", e))?;
        Ok(sum)
    }
}

impl Exporter for GoogleTerms {
    fn name(&self) -> &'static str {
        "google-terms"
    }

    fn default_langs(&self) -> (&'static str, &'static str) {
        ("zh-CN", "en")
    }

    fn bom_allowed(&self) -> bool {
        false
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["csv"]
    }

    fn write(&self, g: &Glossary, s: &Settings, out: &mut dyn Write) -> Result<Summary> {
        let rules = TermRules { tsv: false, max_bytes: 0, format: "a Google term-set glossary" };
        let mut sum = Summary::default();
        let (src, tgt) = s.langs();
        let pairs = pairs(g, s.direction, true, rules, &mut sum)?;
        let mut descs = Vec::with_capacity(pairs.len());
        for p in &pairs {
            for t in [p.src, p.tgt] {
                if t.contains('"') {
                    return Err(entry_error(
                        p.entry,
                        format!(
                            "term \"{t}\" contains a double quote, which Google's CSV glossaries escape differently from RFC 4180; use `--to google` (TSV)"
                        ),
                    ));
                }
            }
            descs.push(one_line(p.entry, &p.entry.note, "a Google term-set glossary")?.replace('"', "'"));
        }
        sum.records = pairs.len();
        let rows = pairs.iter().zip(&descs).map(|(p, d)| [p.src, p.tgt, d.as_str()]);
        let buf = csv_bytes([src, tgt, "description"], rows, 3)?;
        check_size(&buf, MAX_FILE_BYTES, "Google")?;
        out.write_all(&buf).map_err(|e| Error::io("-", "cannot write the export", e))?;
        Ok(sum)
    }
}
