//! `phrase` (Phrase Strings CSV) and `phrase-xlsx` (Phrase TMS term base).
//!
//! Phrase has two products with two term bases:
//!
//! - **Phrase Strings** imports a glossary CSV whose first line holds only supported
//!   column names and locale codes (an unknown header is an error; column order does not
//!   matter): `term`, `description`, `translatable`, `case sensitive`, then one column per
//!   locale. Locale codes must be the project's (`en`, `en-US` and `en-GB` are different
//!   locales), hence `--source-lang`/`--target-lang`. There are no synonyms or statuses:
//!   `term` and the locale columns hold the preferred forms, the `description` the note,
//!   the variants, the deprecated renderings and the source. No BOM (it would make the
//!   first header unrecognisable); formula cells neutralised.
//! - **Phrase TMS** imports term bases from XLSX or TBX only (not CSV). `phrase-xlsx` is
//!   one concept per row with the locale column repeated once per synonym and the
//!   forbidden renderings, the domain, the definition (note) and the source in their own
//!   columns. `tbx` carries the forbidden status per term, which this XLSX cannot, so
//!   prefer `tbx` for Phrase TMS where the term base settings allow it.

use std::io::Write;

use super::sheet::{Column, Sheet, concept, emit, multi_column};
use super::{Exporter, Settings, Summary, description, note_with_deprecated};
use crate::error::Result;
use crate::glossary::Glossary;

pub struct PhraseStrings;
pub struct PhraseTms;

impl Exporter for PhraseStrings {
    fn name(&self) -> &'static str {
        "phrase"
    }

    fn default_langs(&self) -> (&'static str, &'static str) {
        ("zh-CN", "en")
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["csv"]
    }

    fn write(&self, g: &Glossary, s: &Settings, out: &mut dyn Write) -> Result<Summary> {
        let (src, tgt) = s.langs();
        let header = ["term", "description", "translatable", "case sensitive", src, tgt];
        let mut sheet = Sheet { header: header.map(String::from).to_vec(), rows: Vec::new() };
        for e in g.entries() {
            let c = concept(e, s);
            let first = |v: &[&str]| v.first().map_or(String::new(), |t| t.to_string());
            let row =
                [first(&c.src), description(e, s, true), "true".into(), "false".into(), first(&c.src), first(&c.tgt)];
            sheet.rows.push(row.to_vec());
        }
        emit(&sheet, false, g, out)
    }
}

impl Exporter for PhraseTms {
    fn name(&self) -> &'static str {
        "phrase-xlsx"
    }

    fn default_langs(&self) -> (&'static str, &'static str) {
        ("zh_cn", "en")
    }

    fn is_binary(&self) -> bool {
        true
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["xlsx"]
    }

    fn write(&self, g: &Glossary, s: &Settings, out: &mut dyn Write) -> Result<Summary> {
        let lead: Vec<Column> = vec![("CID".to_string(), Box::new(|c| c.entry.id.clone()))];
        let trail: Vec<Column> = vec![
            (
                format!("{} forbidden", s.en_lang),
                Box::new(|c| c.forbidden.iter().map(|d| d.form.as_str()).collect::<Vec<_>>().join("; ")),
            ),
            ("Domain".to_string(), Box::new(|c| c.entry.category.clone())),
            ("Definition".to_string(), Box::new(|c| note_with_deprecated(c.entry))),
            ("Source".to_string(), Box::new(|c| c.entry.source.clone())),
        ];
        emit(&multi_column(g, s, s.langs(), lead, trail), true, g, out)
    }
}
