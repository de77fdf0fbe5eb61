//! `memoq`, `memoq-xlsx`: a memoQ term base import table.
//!
//! memoQ imports CSV (Resource console → Term bases → Import terminology) and Excel
//! directly, through a dialog where the user confirms the encoding, the delimiter, that
//! "the first row contains field names", and maps each column to a language's terms or
//! to an entry field. This table is shaped for that dialog:
//!
//! `zh-CN, en-US, en-US forbidden, Subject, Note, Source, ID[, Example]`
//!
//! - one concept per row; the synonyms of a language share its cell, separated by `;`,
//!   which memoQ splits when "Split alternatives in field by" is ticked with `;` (a term
//!   containing `;` is refused, since memoQ would split it);
//! - the deprecated English renderings have their own column, to be mapped to English
//!   terms with the Forbidden flag; their reasons are in the Note;
//! - comma-separated, CRLF, UTF-8 with a BOM (memoQ takes it; Excel needs it), formula
//!   cells neutralised (see `super::sheet`); the XLSX form has the same columns.

use std::io::Write;

use super::sheet::{Sheet, concept, emit, join_alternatives};
use super::{Exporter, Settings, Summary, note_with_deprecated};
use crate::error::Result;
use crate::glossary::Glossary;

pub struct Memoq {
    pub xlsx: bool,
}

/// memoQ's "Split alternatives in field by" character.
pub const ALTERNATIVES: char = ';';

pub(crate) fn sheet(g: &Glossary, s: &Settings) -> Result<Sheet> {
    let (src, tgt) = s.langs();
    let header = [src.to_string(), tgt.to_string(), format!("{} forbidden", s.en_lang)]
        .into_iter()
        .chain(["Subject", "Note", "Source", "ID"].map(String::from))
        .collect();
    let mut sheet = Sheet { header, rows: Vec::new() };
    let with_context = g.entries().any(|e| s.context_of(e).is_some());
    if with_context {
        sheet.header.push("Example".to_string());
    }
    for e in g.entries() {
        let c = concept(e, s);
        let forbidden: Vec<&str> = c.forbidden.iter().map(|d| d.form.as_str()).collect();
        let mut row = vec![
            join_alternatives(e, &c.src, ALTERNATIVES, "memoQ")?,
            join_alternatives(e, &c.tgt, ALTERNATIVES, "memoQ")?,
            join_alternatives(e, &forbidden, ALTERNATIVES, "memoQ")?,
            e.category.clone(),
            note_with_deprecated(e),
            e.source.clone(),
            e.id.clone(),
        ];
        if with_context {
            row.push(s.context_of(e).unwrap_or_default().to_string());
        }
        sheet.rows.push(row);
    }
    Ok(sheet)
}

impl Exporter for Memoq {
    fn name(&self) -> &'static str {
        if self.xlsx { "memoq-xlsx" } else { "memoq" }
    }

    fn default_langs(&self) -> (&'static str, &'static str) {
        ("zh-CN", "en-US")
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
        emit(&sheet(g, s)?, self.xlsx, g, out)
    }
}
