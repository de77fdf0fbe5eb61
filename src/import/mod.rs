//! Bringing an existing term base into termalign: TBX (both forms), memoQ CSV, OmegaT.
//!
//! A team that already keeps its terminology in a CAT tool exports it from there and runs
//! `termalign glossary import --from FORMAT FILE -o glossary.csv`. Every importer builds a
//! whole [`Glossary`] in memory or fails: malformed input is an error with file, line and
//! column (invalid XML is reported where the parser stopped), and nothing is written, so
//! a half-read term base never replaces a good one.
//!
//! What each importer reads back:
//! - `tbx`/`tbx3`: everything termalign's own `tbx`/`tbx3` exports write, unchanged
//!   (id, every term with its status, deprecation reasons, subject field, note, source);
//!   from other tools' TBX, the Chinese and English language sections (other languages
//!   are counted and left out), definitions and notes as the note.
//! - `csv`: termalign's own glossary CSV (checked as `--glossary` would read it).
//! - `memoq`: memoQ-style term tables, including termalign's `memoq` export.
//! - `omegat`: OmegaT tab-separated glossaries, synonyms as consecutive lines.
//!
//! Import then export then import again gives the same glossary for every field the
//! format carries (property tests in `tests/import_roundtrip.rs`).

mod memoq;
mod omegat;
mod tbx;

use std::collections::HashSet;
use std::path::Path;

use crate::error::Result;
use crate::export::Direction;
use crate::glossary::{Glossary, read_csv_str};
use crate::input;

/// The formats `glossary import --from` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// TBX 2008 / TBX-Basic "martif".
    Tbx,
    /// TBX v3 (ISO 30042:2019).
    Tbx3,
    /// termalign's own glossary CSV.
    Csv,
    /// A memoQ term table (CSV or tab-separated, with a header row).
    Memoq,
    /// An OmegaT tab-separated glossary.
    Omegat,
}

impl Format {
    pub const NAMES: &[&str] = &["tbx", "tbx3", "csv", "memoq", "omegat"];

    pub fn from_name(name: &str) -> Option<Format> {
        Some(match name {
            "tbx" => Format::Tbx,
            "tbx3" => Format::Tbx3,
            "csv" => Format::Csv,
            "memoq" => Format::Memoq,
            "omegat" => Format::Omegat,
            _ => return None,
        })
    }
}

/// A glossary as imported, with what the user should know about what was left out.
#[derive(Debug, Clone, Default)]
pub struct Imported {
    pub glossary: Glossary,
    pub warnings: Vec<String>,
}

/// Reads `path` (or standard input for `-`) as `format`.
pub fn import(format: Format, path: &Path, direction: Direction) -> Result<Imported> {
    import_with(format, path, direction, &input::DecodeOptions { lossy_flag: None, ..Default::default() })
}

/// [`import`] with the encoding named (`--encoding`); term bases are never read lossily.
pub fn import_with(
    format: Format,
    path: &Path,
    direction: Direction,
    decode: &input::DecodeOptions,
) -> Result<Imported> {
    let file = input::read_text_with(path, &input::DecodeOptions { lossy: false, ..*decode })?;
    import_str(format, &file.text, path, direction)
}

/// Reads already-decoded text; `path` names the input in messages and entry origins.
pub fn import_str(format: Format, text: &str, path: &Path, direction: Direction) -> Result<Imported> {
    match format {
        Format::Tbx => tbx::read(text, path, tbx::Form::Martif),
        Format::Tbx3 => tbx::read(text, path, tbx::Form::V3),
        Format::Csv => {
            let r = read_csv_str(text, path)?;
            Ok(Imported { glossary: r.glossary, warnings: r.diagnostics.iter().map(|d| d.to_string()).collect() })
        }
        Format::Memoq => memoq::read(text, path),
        Format::Omegat => omegat::read(text, path, direction),
    }
}

/// Ids for imported entries that have none: a slug of the English (as the glossary CSV
/// reader makes them), made unique with the line number.
pub(crate) struct IdMaker {
    used: HashSet<String>,
}

impl IdMaker {
    pub fn new() -> IdMaker {
        IdMaker { used: HashSet::new() }
    }

    /// Records an id given in the input; false when it was already used.
    pub fn claim(&mut self, id: &str) -> bool {
        self.used.insert(id.to_string())
    }

    pub fn make(&mut self, en: &str, zh: &str, line: u64) -> String {
        let mut slug = String::new();
        for c in if en.is_empty() { zh } else { en }.chars() {
            if c.is_alphanumeric() {
                slug.extend(c.to_lowercase());
            } else if !slug.is_empty() && !slug.ends_with('-') {
                slug.push('-');
            }
        }
        let mut slug = slug.trim_end_matches('-').to_string();
        if slug.is_empty() {
            slug = "term".to_string();
        }
        if self.used.contains(&slug) {
            slug = format!("{slug}-l{line}");
        }
        let mut n = 2;
        let base = slug.clone();
        while !self.claim(&slug) {
            slug = format!("{base}-{n}");
            n += 1;
        }
        slug
    }
}

/// Sets the Chinese and English forms of an entry from lists in order: the first form of
/// each language is the preferred one, the others its variants (for formats whose only
/// notion of status is order).
pub(crate) fn set_forms(e: &mut crate::glossary::Entry, zh: Vec<String>, en: Vec<String>) {
    let mut zh = zh.into_iter();
    e.zh = zh.next().unwrap_or_default();
    e.zh_variants = zh.collect();
    let mut en = en.into_iter();
    e.en = en.next().unwrap_or_default();
    e.variants = en.collect();
}

/// Pushes `item` unless it is empty or already present (synonym lists keep first order).
pub(crate) fn push_unique(list: &mut Vec<String>, item: &str) {
    if !item.is_empty() && !list.iter().any(|x| x == item) {
        list.push(item.to_string());
    }
}

/// Splits `note | Do not use: A (reason); B` (as the export writes it) into the note and
/// one reason per forbidden form. A note that does not end that way is kept whole.
pub(crate) fn split_reasons(note: &str, forms: &[String]) -> (String, Vec<String>) {
    let none = || (note.to_string(), vec![String::new(); forms.len()]);
    if forms.is_empty() {
        return none();
    }
    let (head, tail) = match note.rfind("Do not use: ") {
        Some(0) => ("", &note["Do not use: ".len()..]),
        Some(i) if note[..i].ends_with(" | ") => (&note[..i - 3], &note[i + "Do not use: ".len()..]),
        _ => return none(),
    };
    let mut reasons = Vec::with_capacity(forms.len());
    let mut rest = tail;
    for (i, form) in forms.iter().enumerate() {
        let Some(after) = rest.strip_prefix(form.as_str()) else { return none() };
        let next = forms.get(i + 1).map(|f| format!("; {f}"));
        let ends_here = |s: &str| match &next {
            Some(n) => s.starts_with(n.as_str()),
            None => s.is_empty(),
        };
        if ends_here(after) {
            reasons.push(String::new());
            rest = &after[after.len().min(2)..];
            continue;
        }
        let Some(inner) = after.strip_prefix(" (") else { return none() };
        let close = inner.match_indices(')').map(|(j, _)| j).find(|&j| ends_here(&inner[j + 1..]));
        let Some(j) = close else { return none() };
        reasons.push(inner[..j].to_string());
        rest = &inner[j + 1..];
        if next.is_some() {
            rest = &rest[2..];
        }
    }
    (head.to_string(), reasons)
}
