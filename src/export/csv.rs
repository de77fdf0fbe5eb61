//! `csv`: termalign's own glossary CSV, lossless.
//!
//! Every field, every variant, every deprecated form with its reason, in the format
//! described in `glossary/README.md`; `termalign glossary import --from csv` (or
//! `--glossary`) reads it back to the same glossary. It is the format to keep a merged or
//! job glossary in, or to hand to a colleague who uses termalign. No BOM by default
//! (termalign accepts one; `--bom` adds it for people who open the file in Excel).

use std::io::Write;

use super::{Exporter, Settings, Summary};
use crate::error::Result;
use crate::glossary::{Glossary, write_csv};

pub struct Csv;

impl Exporter for Csv {
    fn name(&self) -> &'static str {
        "csv"
    }

    fn default_langs(&self) -> (&'static str, &'static str) {
        ("zh", "en")
    }

    fn write(&self, g: &Glossary, _: &Settings, out: &mut dyn Write) -> Result<Summary> {
        write_csv(g, out)?;
        Ok(Summary { entries: g.len(), records: g.len(), ..Summary::default() })
    }
}
