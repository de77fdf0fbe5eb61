//! memoQ term tables: termalign's own `memoq` export, and tables of the same shape
//! exported from memoQ or prepared in Excel.
//!
//! The delimiter (comma, semicolon or TAB) is taken from the header row. Columns are
//! recognised by name, case ignored: a language code or name (`zh-CN`, `zho`,
//! `Chinese (PRC)`; `en-US`, `eng`, `English`) holds that language's terms, a repeated
//! language column more synonyms; `<lang> forbidden` the deprecated English forms;
//! `Subject`/`Entry_Subject`/`Domain`, `Note`/`Entry_Note`/`Definition`/`*_Def`, `Source`,
//! `ID`/`Entry_ID`. Other columns are reported and ignored. Several terms in one cell are
//! separated by `;` (memoQ's "split alternatives"). A cell that termalign's export
//! neutralised against spreadsheet formulas (`'=…`) gets its `'` back off, and a
//! "Do not use: …" tail that the export added to the note gives the deprecation reasons
//! back.

use std::path::Path;
use std::sync::Arc;

use super::{IdMaker, Imported, push_unique, set_forms, split_reasons};
use crate::error::{Error, Result, display_path};
use crate::export::memoq::ALTERNATIVES;
use crate::glossary::{Deprecated, Entry, Glossary, Origin};
use crate::tabular;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Zh,
    En,
    Forbidden,
    Subject,
    Note,
    Source,
    Id,
    Ignored,
}

fn column(name: &str) -> Option<Col> {
    let n = name.trim().to_ascii_lowercase();
    let lang = |s: &str| -> Option<Col> {
        let primary = s.split(['-', '_', ' ', '(']).next().unwrap_or("");
        match primary {
            "zh" | "zho" | "chi" | "chinese" => Some(Col::Zh),
            "en" | "eng" | "english" => Some(Col::En),
            _ => None,
        }
    };
    if let Some(l) = n.strip_suffix(" forbidden") {
        return (lang(l) == Some(Col::En)).then_some(Col::Forbidden);
    }
    Some(match n.as_str() {
        "subject" | "entry_subject" | "domain" | "entry_domain" | "category" => Col::Subject,
        "note" | "entry_note" | "definition" | "comment" => Col::Note,
        "source" => Col::Source,
        "id" | "entry_id" => Col::Id,
        _ if n.ends_with("_def") => Col::Note,
        _ if n.starts_with("term_") || n.starts_with("entry_") => Col::Ignored,
        _ => return lang(&n),
    })
}

/// Undoes the export's formula neutralisation (`'=x` → `=x`).
fn cell(v: &str) -> &str {
    let v = v.trim();
    match v.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => v,
    }
}

fn delimiter(header: &str) -> u8 {
    let count = |c: char| header.matches(c).count();
    [(b'\t', count('\t')), (b';', count(';')), (b',', count(','))]
        .into_iter()
        .max_by_key(|&(_, n)| n)
        .map_or(b',', |(d, _)| d)
}

pub(crate) fn read(text: &str, path: &Path) -> Result<Imported> {
    let header_line = text.lines().next().unwrap_or("");
    let delim = delimiter(header_line);
    tabular::check_quotes(text, path, delim)?;
    let mut rdr =
        ::csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delim).from_reader(text.as_bytes());
    let csv_err = |e: ::csv::Error| tabular::csv_error(path, text, e);
    let mut records = rdr.records();
    let header = match records.next() {
        Some(r) => r.map_err(csv_err)?,
        None => return Err(Error::at(path, 1, 1, "empty file: expected a header row of language columns")),
    };
    let mut warnings = Vec::new();
    let cols: Vec<Col> = header
        .iter()
        .map(|h| {
            column(h).unwrap_or_else(|| {
                warnings.push(format!("{}:1: column `{h}` not recognised, ignored", display_path(path)));
                Col::Ignored
            })
        })
        .collect();
    if !cols.contains(&Col::En) && !cols.contains(&Col::Zh) {
        return Err(Error::at(
            path,
            1,
            1,
            "no language column in the header (expected e.g. `zh-CN` and `en-US`, or `Chinese` and `English`)",
        ));
    }
    let file: Arc<str> = Arc::from(display_path(path));
    let mut ids = IdMaker::new();
    let mut rows = Vec::new();
    for rec in records {
        let rec = rec.map_err(csv_err)?;
        let line = rec.position().map_or(0, |p| p.line());
        if rec.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if rec.len() != header.len() {
            return Err(tabular::ragged_row(path, text, &rec, header.len(), delim));
        }
        let mut e = Entry { origin: Origin { file: file.clone(), line }, ..Entry::default() };
        let (mut zh, mut en, mut forbidden, mut note) = (Vec::new(), Vec::new(), Vec::new(), String::new());
        for (col, value) in cols.iter().zip(rec.iter()) {
            let v = cell(value);
            let list = |into: &mut Vec<String>| {
                for t in v.split(ALTERNATIVES) {
                    push_unique(into, cell(t));
                }
            };
            match col {
                Col::Zh => list(&mut zh),
                Col::En => list(&mut en),
                Col::Forbidden => list(&mut forbidden),
                Col::Subject if e.category.is_empty() => e.category = v.to_string(),
                Col::Note if note.is_empty() => note = v.to_string(),
                Col::Source if e.source.is_empty() => e.source = v.to_string(),
                Col::Id => e.id = v.to_string(),
                _ => {}
            }
        }
        if zh.is_empty() && en.is_empty() {
            warnings.push(format!("{file}:{line}: row without Chinese or English terms left out"));
            continue;
        }
        let (note, reasons) = split_reasons(&note, &forbidden);
        e.note = note;
        e.deprecated = forbidden.into_iter().zip(reasons).map(|(form, reason)| Deprecated { form, reason }).collect();
        set_forms(&mut e, zh, en);
        if !e.id.is_empty() && !ids.claim(&e.id) {
            return Err(Error::at(path, line, 0, format!("duplicate id `{}`", e.id)));
        }
        rows.push(e);
    }
    let mut g = Glossary::new();
    for mut e in rows {
        if e.id.is_empty() {
            e.id = ids.make(&e.en, &e.zh, e.origin.line);
        }
        g.insert(e);
    }
    Ok(Imported { glossary: g, warnings })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_come_back_from_the_note() {
        let forms = ["One Belt, One Road".to_string(), "OBOR".to_string()];
        assert_eq!(
            split_reasons("Say \"x\" | Do not use: One Belt, One Road (superseded (2015)); OBOR", &forms),
            ("Say \"x\"".to_string(), vec!["superseded (2015)".to_string(), String::new()])
        );
        assert_eq!(
            split_reasons("Do not use: One Belt, One Road; OBOR (abbr.)", &forms),
            (String::new(), vec![String::new(), "abbr.".to_string()])
        );
        assert_eq!(split_reasons("just a note", &forms).0, "just a note");
    }

    #[test]
    fn recognises_columns_and_undoes_neutralising() {
        assert_eq!(column("zh-CN"), Some(Col::Zh));
        assert_eq!(column("Chinese (PRC)"), Some(Col::Zh));
        assert_eq!(column("en-US forbidden"), Some(Col::Forbidden));
        assert_eq!(column("Entry_Subject"), Some(Col::Subject));
        assert_eq!(column("English_Def"), Some(Col::Note));
        assert_eq!(column("Colour"), None);
        assert_eq!(cell("'=SUM(1)"), "=SUM(1)");
        assert_eq!(cell("'quoted'"), "'quoted'");
    }
}
