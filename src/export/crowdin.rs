//! `crowdin`: a Crowdin glossary CSV.
//!
//! Crowdin imports a glossary from TBX, CSV or XLSX (Glossary → Import); for CSV it asks
//! which column holds which language's term and which holds the description, reading the
//! header row to propose a scheme. Each row is one concept with one term per language,
//! so the table holds the preferred forms, headed with Crowdin's language codes (`zh-CN`,
//! `en`), and a `Description` with the note, the admitted variants ("Also: …"), the
//! deprecated renderings ("Do not use: …") and the source. `tbx` carries synonyms and
//! statuses as separate terms, so prefer it where a Crowdin project accepts it.
//! UTF-8 without a BOM (the upload is read by Crowdin, not Excel; `--bom` adds one),
//! formula cells neutralised.

use std::io::Write;

use super::sheet::{Sheet, concept, emit};
use super::{Exporter, Settings, Summary, description};
use crate::error::Result;
use crate::glossary::Glossary;

pub struct Crowdin;

impl Exporter for Crowdin {
    fn name(&self) -> &'static str {
        "crowdin"
    }

    fn default_langs(&self) -> (&'static str, &'static str) {
        ("zh-CN", "en")
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["csv"]
    }

    fn write(&self, g: &Glossary, s: &Settings, out: &mut dyn Write) -> Result<Summary> {
        let (src, tgt) = s.langs();
        let mut sheet = Sheet { header: vec![src.into(), tgt.into(), "Description".into()], rows: Vec::new() };
        for e in g.entries() {
            let c = concept(e, s);
            let first = |v: &[&str]| v.first().map_or(String::new(), |t| t.to_string());
            sheet.rows.push(vec![first(&c.src), first(&c.tgt), description(e, s, true)]);
        }
        emit(&sheet, false, g, out)
    }
}
