//! `smartcat`, `smartcat-xlsx`: a Smartcat glossary import table.
//!
//! Smartcat imports glossaries from Excel or CSV (Glossaries → Import) and shows a column
//! mapping before it does; its API takes at most 10 MB a file. Its exact column scheme is
//! not documented in the material we have, so the table is the common denominator the
//! mapping dialog handles: one concept per row, one column per language headed with a
//! language code (`zh-Hans`, `en`), repeated once per synonym (preferred first), then a
//! `Comment` with the note, the deprecated renderings ("Do not use: …") and the source.
//! UTF-8 with a BOM, comma-separated, formula cells neutralised.

use std::io::Write;

use super::sheet::{Column, emit, multi_column};
use super::{Exporter, Settings, Summary, description};
use crate::error::Result;
use crate::glossary::Glossary;

pub struct Smartcat {
    pub xlsx: bool,
}

impl Exporter for Smartcat {
    fn name(&self) -> &'static str {
        if self.xlsx { "smartcat-xlsx" } else { "smartcat" }
    }

    fn default_langs(&self) -> (&'static str, &'static str) {
        ("zh-Hans", "en")
    }

    fn default_bom(&self) -> bool {
        true
    }

    fn is_binary(&self) -> bool {
        self.xlsx
    }

    fn extensions(&self) -> &'static [&'static str] {
        if self.xlsx { &["xlsx"] } else { &["csv"] }
    }

    fn write(&self, g: &Glossary, s: &Settings, out: &mut dyn Write) -> Result<Summary> {
        let trail: Vec<Column> = vec![("Comment".to_string(), Box::new(|c| description(c.entry, s, false)))];
        emit(&multi_column(g, s, s.langs(), Vec::new(), trail), self.xlsx, g, out)
    }
}
