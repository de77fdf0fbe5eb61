//! `amazon`: Amazon Translate custom terminology (CSV).
//!
//! A header row of language codes (`zh,en`; Amazon's `zh` is Simplified Chinese, `zh-TW`
//! Traditional), then one row per source term. With the default directionality (UNI) the
//! first column is the source and the second the target, so the column order follows
//! `--direction`. Pairs and the duplicate-source policy as in `super::mt`. Amazon
//! matches the source exactly, so terms are never altered (no formula neutralisation, no
//! BOM), and the file may be at most 10,485,760 bytes (the `TerminologyData.File`
//! limit), checked before writing. Import with `aws translate import-terminology --name
//! NAME --merge-strategy OVERWRITE --terminology-data File=fileb://terms.csv,Format=CSV`.

use std::io::Write;

use super::deepl::check_size;
use super::mt::{csv_bytes, pairs};
use super::{Exporter, Settings, Summary, TermRules};
use crate::error::{Error, Result};
use crate::glossary::Glossary;

pub struct Amazon;

/// The `TerminologyData.File` length limit.
pub const MAX_FILE_BYTES: usize = 10_485_760;

impl Exporter for Amazon {
    fn name(&self) -> &'static str {
        "amazon"
    }

    fn default_langs(&self) -> (&'static str, &'static str) {
        ("zh", "en")
    }

    fn bom_allowed(&self) -> bool {
        false
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["csv"]
    }

    fn write(&self, g: &Glossary, s: &Settings, out: &mut dyn Write) -> Result<Summary> {
        let rules = TermRules { tsv: false, max_bytes: 0, format: "an Amazon Translate terminology" };
        let mut sum = Summary::default();
        let (src, tgt) = s.langs();
        let pairs = pairs(g, s.direction, false, rules, &mut sum)?;
        sum.records = pairs.len();
        let buf = csv_bytes([src, tgt, ""], pairs.iter().map(|p| [p.src, p.tgt, ""]), 2)?;
        check_size(&buf, MAX_FILE_BYTES, "Amazon Translate")?;
        out.write_all(&buf).map_err(|e| Error::io("-", "cannot write the export", e))?;
        Ok(sum)
    }
}
