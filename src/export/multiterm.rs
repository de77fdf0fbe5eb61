//! `multiterm`, `multiterm-xlsx`: a table for Trados MultiTerm (via MultiTerm Convert or
//! the Glossary Converter app).
//!
//! Both converters read a header row: MultiTerm Convert ("Spreadsheet or Database")
//! requires one header per column and UTF-8; Glossary Converter maps a column whose header
//! is a language *name* to that language automatically (case ignored) and turns every
//! other header into a descriptive field. So the language columns are headed with
//! MultiTerm's language names (`Chinese (PRC)`, `English (United States)`; a
//! `--source-lang`/`--target-lang` code is spelled as its name where termalign knows it).
//!
//! Synonyms use Glossary Converter's "multi-column" layout, the only one that works in
//! CSV as well as XLSX: the language column repeats once per synonym, preferred first.
//! Deprecated renderings go to a `Forbidden` field rather than a language column (they
//! would otherwise be imported as valid synonyms); `Subject`, `Note`, `Source` and `ID`
//! follow. CSV is comma-separated, UTF-8 with a BOM (Excel is the usual editor),
//! formula cells neutralised.

use std::io::Write;

use super::sheet::{Column, emit, multi_column};
use super::{Exporter, Settings, Summary, note_with_deprecated};
use crate::error::Result;
use crate::glossary::Glossary;

pub struct Multiterm {
    pub xlsx: bool,
}

/// MultiTerm's names for the Chinese and English locales termalign users meet.
const NAMES: &[(&str, &str)] = &[
    ("zh", "Chinese"),
    ("zh-cn", "Chinese (PRC)"),
    ("zh-hans", "Chinese (PRC)"),
    ("zh-sg", "Chinese (Singapore)"),
    ("zh-tw", "Chinese (Taiwan)"),
    ("zh-hant", "Chinese (Taiwan)"),
    ("zh-hk", "Chinese (Hong Kong S.A.R.)"),
    ("zh-mo", "Chinese (Macao S.A.R.)"),
    ("en", "English"),
    ("en-us", "English (United States)"),
    ("en-gb", "English (United Kingdom)"),
    ("en-au", "English (Australia)"),
    ("en-ca", "English (Canada)"),
    ("en-in", "English (India)"),
    ("en-ie", "English (Ireland)"),
    ("en-nz", "English (New Zealand)"),
    ("en-sg", "English (Singapore)"),
];

pub(crate) fn columns<'a>(s: &'a Settings) -> (Vec<Column<'a>>, Vec<Column<'a>>) {
    let lead: Vec<Column> = vec![("ID".to_string(), Box::new(|c| c.entry.id.clone()))];
    let mut trail: Vec<Column> = vec![
        (
            "Forbidden".to_string(),
            Box::new(|c| c.forbidden.iter().map(|d| d.form.as_str()).collect::<Vec<_>>().join("; ")),
        ),
        ("Subject".to_string(), Box::new(|c| c.entry.category.clone())),
        ("Note".to_string(), Box::new(|c| note_with_deprecated(c.entry))),
        ("Source".to_string(), Box::new(|c| c.entry.source.clone())),
    ];
    if !s.context.is_empty() {
        trail.push(("Example".to_string(), Box::new(|c| s.context_of(c.entry).unwrap_or_default().to_string())));
    }
    (lead, trail)
}

impl Exporter for Multiterm {
    fn name(&self) -> &'static str {
        if self.xlsx { "multiterm-xlsx" } else { "multiterm" }
    }

    fn default_langs(&self) -> (&'static str, &'static str) {
        ("Chinese (PRC)", "English (United States)")
    }

    fn spell_lang(&self, code: &str) -> String {
        let key = code.to_ascii_lowercase().replace('_', "-");
        NAMES.iter().find(|(c, _)| *c == key).map_or_else(|| code.to_string(), |(_, n)| n.to_string())
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
        let (lead, trail) = columns(s);
        emit(&multi_column(g, s, s.langs(), lead, trail), self.xlsx, g, out)
    }
}
