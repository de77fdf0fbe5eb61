//! termalign's glossary CSV: reading with positioned errors, and lossless writing.
//!
//! The format (documented for users in `glossary/README.md`): UTF-8, comma-separated,
//! RFC 4180 quoting, one header row. Only `en` is required; a file of just `en` is a
//! valid glossary whose ids are generated from the English. Several values in one cell
//! are separated by `|`; a deprecated rendering and its reason are separated by `::`.
//!
//! Reading checks what a spreadsheet cannot: ragged rows, an unclosed quote (which would
//! otherwise swallow the rest of the file silently), duplicate or missing headers, empty
//! ids. Each such problem is an [`Error`] naming file, line and column. Softer problems
//! (an unknown column, a duplicate id) are returned as [`Diagnostic`]s so that `scan` can
//! warn and go on while `glossary validate` reports them.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use super::validate::{Diagnostic, Severity};
use super::{Deprecated, Entry, Glossary, Origin};
use crate::error::{Error, Location, Result};
use crate::input;
use crate::tabular;

/// The columns termalign knows, in the order it writes them.
pub const COLUMNS: &[&str] =
    &["id", "en", "en_variants", "en_deprecated", "zh", "zh_variants", "category", "note", "source"];

/// Separates several values in one cell.
pub const SEP: char = '|';
/// Separates a deprecated form from its reason.
pub const REASON_SEP: &str = "::";

/// A glossary as read, with the warnings found while reading.
#[derive(Debug, Clone)]
pub struct ReadGlossary {
    pub glossary: Glossary,
    pub diagnostics: Vec<Diagnostic>,
}

/// How to read glossary files: their encoding and field delimiter.
#[derive(Debug, Clone, Copy)]
pub struct CsvOptions {
    /// Decoding; glossaries are never read lossily (a replaced byte would change a term).
    pub decode: input::DecodeOptions,
    /// The field delimiter (default `,`).
    pub delimiter: u8,
}

impl Default for CsvOptions {
    fn default() -> CsvOptions {
        CsvOptions {
            decode: input::DecodeOptions {
                encoding_flag: ENCODING_FLAG,
                lossy_flag: None,
                ..input::DecodeOptions::default()
            },
            delimiter: b',',
        }
    }
}

/// The command-line options that set [`CsvOptions`], named in error messages.
pub const ENCODING_FLAG: &str = "--glossary-encoding";
pub const DELIMITER_FLAG: &str = "--glossary-delimiter";

/// Reads a glossary CSV file (or `-` for standard input).
pub fn read_csv(path: &Path) -> Result<ReadGlossary> {
    read_csv_with(path, &CsvOptions::default())
}

/// Reads a glossary file in the given encoding and dialect.
pub fn read_csv_with(path: &Path, opts: &CsvOptions) -> Result<ReadGlossary> {
    let file = input::read_text_with(path, &input::DecodeOptions { lossy: false, ..opts.decode })?;
    read_csv_str_with(&file.text, path, opts.delimiter)
}

#[derive(Clone, Copy)]
enum Col {
    Id,
    En,
    Variants,
    Deprecated,
    Zh,
    ZhVariants,
    Category,
    Note,
    Source,
    Unknown,
}

/// Reads glossary CSV from a string; `path` is used in messages and entry origins.
pub fn read_csv_str(text: &str, path: &Path) -> Result<ReadGlossary> {
    read_csv_str_with(text, path, b',')
}

/// Reads glossary CSV with fields separated by `delimiter`.
pub fn read_csv_str_with(text: &str, path: &Path, delimiter: u8) -> Result<ReadGlossary> {
    tabular::check_quotes(text, path, delimiter)?;
    let mut rdr =
        ::csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let mut records = rdr.records();
    let header = match records.next() {
        None => {
            return Err(Error::at(
                path,
                1,
                1,
                "empty glossary file: expected a header row with at least the column `en`",
            ));
        }
        Some(r) => r.map_err(|e| tabular::csv_error(path, text, e))?,
    };
    let mut diagnostics = Vec::new();
    let mut cols = Vec::with_capacity(header.len());
    let mut seen = std::collections::HashSet::new();
    let header_cols = tabular::field_columns(tabular::first_line(text), delimiter);
    for (i, name) in header.iter().enumerate() {
        let col_no = header_cols.get(i).copied().unwrap_or(1);
        let name = name.trim();
        let key = name.to_ascii_lowercase();
        if !seen.insert(key.clone()) {
            return Err(Error::at(path, 1, col_no, format!("duplicate column `{name}` in the header")));
        }
        let col = match key.as_str() {
            "id" => Col::Id,
            "en" => Col::En,
            "en_variants" => Col::Variants,
            "en_deprecated" => Col::Deprecated,
            "zh" => Col::Zh,
            "zh_variants" => Col::ZhVariants,
            "category" => Col::Category,
            "note" => Col::Note,
            "source" => Col::Source,
            _ => {
                diagnostics.push(Diagnostic {
                    severity: Severity::Warning,
                    location: Location::new(path, 1, col_no),
                    message: format!("unknown column `{name}` (ignored); known columns: {}", COLUMNS.join(", ")),
                    entry: None,
                });
                Col::Unknown
            }
        };
        cols.push(col);
    }
    if !seen.contains("en") {
        let hint = match other_delimiter(tabular::first_line(text), delimiter) {
            Some(d) => format!(
                "; the header is separated by {}: pass {DELIMITER_FLAG} {}",
                tabular::delimiter_name(d),
                tabular::delimiter_arg(d)
            ),
            None => format!("; the header must name the columns, at least `en` (known: {})", COLUMNS.join(", ")),
        };
        return Err(Error::at(path, 1, 1, format!("missing required column `en` in the header{hint}")));
    }
    let has_id = seen.contains("id");
    let file: Arc<str> = Arc::from(crate::error::display_path(path));
    let mut glossary = Glossary::with_capacity(memchr::memchr_iter(b'\n', text.as_bytes()).count());
    for rec in records {
        let rec = rec.map_err(|e| tabular::csv_error(path, text, e))?;
        let line = rec.position().map_or(0, |p| p.line());
        if rec.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if rec.len() != header.len() {
            return Err(tabular::ragged_row(path, text, &rec, header.len(), delimiter));
        }
        let mut e = Entry { origin: Origin { file: file.clone(), line }, ..Entry::default() };
        for (col, value) in cols.iter().zip(rec.iter()) {
            let v = value.trim();
            match col {
                Col::Id => e.id = v.to_string(),
                Col::En => e.en = v.to_string(),
                Col::Variants => e.variants = split_list(v),
                Col::Deprecated => {
                    e.deprecated = split_list(v).into_iter().map(|item| parse_deprecated(&item)).collect()
                }
                Col::Zh => e.zh = v.to_string(),
                Col::ZhVariants => e.zh_variants = split_list(v),
                Col::Category => e.category = v.to_string(),
                Col::Note => e.note = v.to_string(),
                Col::Source => e.source = v.to_string(),
                Col::Unknown => {}
            }
        }
        if has_id {
            if e.id.is_empty() {
                return Err(Error::at(
                    path,
                    line,
                    1,
                    "empty id: give every entry a stable id, or drop the `id` column to have ids generated",
                ));
            }
        } else {
            e.id = generated_id(&e.en, line, &glossary);
        }
        if let Some(first) = glossary.get(&e.id) {
            diagnostics.push(Diagnostic {
                severity: Severity::Error,
                location: Location::new(path, line, 1),
                message: format!(
                    "duplicate id `{}` (first defined on line {}); the first one is kept",
                    e.id, first.origin.line
                ),
                entry: Some(e.id.clone()),
            });
            continue;
        }
        glossary.insert(e);
    }
    Ok(ReadGlossary { glossary, diagnostics })
}

/// The delimiter that splits `header` into fields one of which is `en`, when the one in
/// use does not: a semicolon "CSV" from a spreadsheet with a European locale, or a TSV.
fn other_delimiter(header: &str, used: u8) -> Option<u8> {
    [b',', b';', b'\t', b'|']
        .into_iter()
        .filter(|&d| d != used)
        .find(|&d| header.split(d as char).any(|f| f.trim().trim_matches('"').trim().eq_ignore_ascii_case("en")))
}

/// Parses the value of `--glossary-delimiter`: one ASCII character, or `tab`.
pub fn parse_delimiter(s: &str) -> std::result::Result<u8, String> {
    match s {
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        _ if s.len() == 1 && s.is_ascii() && !matches!(s, "\"" | "\n" | "\r") => Ok(s.as_bytes()[0]),
        _ => Err(format!("a delimiter is one ASCII character other than a quote or line break, or `tab`; not `{s}`")),
    }
}

/// Splits a multi-value cell on `|`, trimming and dropping empty items.
pub fn split_list(cell: &str) -> Vec<String> {
    cell.split(SEP).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

fn parse_deprecated(item: &str) -> Deprecated {
    match item.split_once(REASON_SEP) {
        Some((form, reason)) => Deprecated { form: form.trim().to_string(), reason: reason.trim().to_string() },
        None => Deprecated { form: item.trim().to_string(), reason: String::new() },
    }
}

/// An id for a glossary without an `id` column: a slug of the English, made unique with
/// the line number when two terms slug alike.
fn generated_id(en: &str, line: u64, glossary: &Glossary) -> String {
    let mut slug = String::with_capacity(en.len());
    for c in en.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    if slug.is_empty() {
        slug = "term".to_string();
    }
    if glossary.get(&slug).is_some() {
        slug = format!("{slug}-l{line}");
    }
    slug
}

/// Writes a glossary as termalign CSV with every column, so that reading it back gives
/// the same glossary. Refuses values the format cannot carry rather than altering them.
pub fn write_csv(glossary: &Glossary, out: &mut dyn Write) -> Result<()> {
    let mut w = ::csv::WriterBuilder::new().terminator(::csv::Terminator::Any(b'\n')).from_writer(out);
    let werr = |e: ::csv::Error| Error::usage(format!("cannot write glossary CSV: {e}"));
    w.write_record(COLUMNS).map_err(werr)?;
    for e in glossary.entries() {
        let check = |what: &str, v: &str| -> Result<()> {
            if v.contains(SEP) {
                return Err(Error::usage(format!(
                    "entry `{}`: {what} `{v}` contains `{SEP}`, which the glossary CSV uses to separate values",
                    e.id
                )));
            }
            Ok(())
        };
        for v in e.variants.iter().chain(&e.zh_variants) {
            check("variant", v)?;
        }
        for d in &e.deprecated {
            check("deprecated form", &d.form)?;
            check("deprecation reason", &d.reason)?;
            if d.form.contains(REASON_SEP) {
                return Err(Error::usage(format!("entry `{}`: deprecated form `{}` contains `::`", e.id, d.form)));
            }
        }
        let join = |v: &[String]| v.join(" | ");
        let dep = e
            .deprecated
            .iter()
            .map(|d| if d.reason.is_empty() { d.form.clone() } else { format!("{} :: {}", d.form, d.reason) })
            .collect::<Vec<_>>()
            .join(" | ");
        w.write_record([
            e.id.as_str(),
            &e.en,
            &join(&e.variants),
            &dep,
            &e.zh,
            &join(&e.zh_variants),
            &e.category,
            &e.note,
            &e.source,
        ])
        .map_err(werr)?;
    }
    w.flush().map_err(|e| Error::usage(format!("cannot write glossary CSV: {e}")))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(s: &str) -> Result<ReadGlossary> {
        read_csv_str(s, Path::new("g.csv"))
    }

    #[test]
    fn minimal_en_only_glossary_gets_generated_ids() {
        let g = read("en\nBelt and Road Initiative\nwin-win cooperation\nWin-win cooperation\n").unwrap().glossary;
        let ids: Vec<_> = g.entries().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["belt-and-road-initiative", "win-win-cooperation", "win-win-cooperation-l4"]);
    }

    #[test]
    fn multi_value_cells_and_reasons() {
        let g = read(
            "id,en,en_variants,en_deprecated,zh\nbri,Belt and Road Initiative,BRI | the Belt and Road,\"One Belt, One Road :: old name | OBOR\",一带一路\n",
        )
        .unwrap()
        .glossary;
        let e = g.get("bri").unwrap();
        assert_eq!(e.variants, ["BRI", "the Belt and Road"]);
        assert_eq!(e.deprecated[0], Deprecated { form: "One Belt, One Road".into(), reason: "old name".into() });
        assert_eq!(e.deprecated[1], Deprecated { form: "OBOR".into(), reason: String::new() });
        assert_eq!(e.origin.line, 2);
    }

    #[test]
    fn ragged_row_names_line_and_column() {
        let err = read("id,en,zh\na,One Belt, One Road,一带一路\n").unwrap_err().to_string();
        assert_eq!(
            err,
            "g.csv:2:22: ragged row: 4 fields, but the header has 3 (a comma inside a value must be quoted)"
        );
    }

    #[test]
    fn unclosed_quote_names_the_opening_quote() {
        let err = read("id,en\na,ok\nb,\"win-win cooperation\nc,x\n").unwrap_err().to_string();
        assert!(err.starts_with("g.csv:3:3: unclosed quote"), "{err}");
    }

    #[test]
    fn missing_en_column() {
        let err = read("id,english\na,x\n").unwrap_err().to_string();
        assert_eq!(
            err,
            "g.csv:1:1: missing required column `en` in the header; the header must name the columns, at least \
             `en` (known: id, en, en_variants, en_deprecated, zh, zh_variants, category, note, source)"
        );
    }

    #[test]
    fn another_delimiter_is_detected_and_the_flag_named() {
        let err = read("id;en;zh\na;x;y\n").unwrap_err().to_string();
        assert_eq!(
            err,
            "g.csv:1:1: missing required column `en` in the header; the header is separated by semicolons: \
             pass --glossary-delimiter ';'"
        );
        let err = read("\"id\"\t\"en\"\na\tx\n").unwrap_err().to_string();
        assert!(err.ends_with("the header is separated by tabs: pass --glossary-delimiter tab"), "{err}");
        let err = read_csv_str_with("id,en\na,x\n", Path::new("g.csv"), b';').unwrap_err().to_string();
        assert!(err.ends_with("the header is separated by commas: pass --glossary-delimiter ','"), "{err}");
        let g = read_csv_str_with("id;en;zh\nbri;\"Belt; and Road\";一带一路\n", Path::new("g.csv"), b';').unwrap();
        assert_eq!(g.glossary.get("bri").unwrap().en, "Belt; and Road");
    }

    #[test]
    fn errors_name_the_delimiter_in_use() {
        let err = read_csv_str_with("id\ten\na\tOne\tBelt\n", Path::new("g.tsv"), b'\t').unwrap_err().to_string();
        assert_eq!(err, "g.tsv:2:7: ragged row: 3 fields, but the header has 2 (a tab inside a value must be quoted)");
        let err = read_csv_str_with("id;en\na;\"x\nb;y\n", Path::new("g.csv"), b';').unwrap_err().to_string();
        assert!(err.starts_with("g.csv:2:3: unclosed quote"), "{err}");
    }

    #[test]
    fn delimiter_values() {
        assert_eq!(parse_delimiter(";"), Ok(b';'));
        assert_eq!(parse_delimiter("tab"), Ok(b'\t'));
        assert_eq!(parse_delimiter("\t"), Ok(b'\t'));
        assert!(parse_delimiter("\"").is_err());
        assert!(parse_delimiter(";;").is_err());
    }

    #[test]
    fn duplicate_header_names_its_column() {
        let err = read("id,en,EN\na,x,y\n").unwrap_err().to_string();
        assert_eq!(err, "g.csv:1:7: duplicate column `EN` in the header");
    }

    #[test]
    fn empty_id_is_an_error() {
        let err = read("id,en\n,x\n").unwrap_err().to_string();
        assert!(err.starts_with("g.csv:2:1: empty id"), "{err}");
    }

    #[test]
    fn unknown_column_and_duplicate_id_are_diagnostics() {
        let r = read("id,en,colour\na,x,1\na,y,2\n").unwrap();
        assert_eq!(r.glossary.len(), 1);
        let msgs: Vec<String> = r.diagnostics.iter().map(|d| d.to_string()).collect();
        assert!(msgs[0].starts_with("g.csv:1:7: warning: unknown column `colour`"), "{msgs:?}");
        assert!(msgs[1].starts_with("g.csv:3:1: error: duplicate id `a`"), "{msgs:?}");
    }

    #[test]
    fn write_then_read_is_lossless() {
        let src = "id,en,en_variants,en_deprecated,zh,zh_variants,category,note,source\n\
                   bri,Belt and Road Initiative,BRI | the Belt and Road,\"One Belt, One Road :: superseded, 2015 | OBOR\",一带一路,共建“一带一路”倡议,initiative,\"note, with comma\",NDRC 2015\n";
        let g = read(src).unwrap().glossary;
        let mut out = Vec::new();
        write_csv(&g, &mut out).unwrap();
        assert_eq!(String::from_utf8(out.clone()).unwrap(), src);
        let g2 = read(std::str::from_utf8(&out).unwrap()).unwrap().glossary;
        assert_eq!(
            g.entries().map(|e| (e.id.clone(), e.variants.clone())).collect::<Vec<_>>(),
            g2.entries().map(|e| (e.id.clone(), e.variants.clone())).collect::<Vec<_>>()
        );
    }

    #[test]
    fn writer_refuses_values_it_cannot_carry() {
        let mut g = Glossary::new();
        g.insert(Entry { id: "x".into(), en: "a".into(), variants: vec!["b|c".into()], ..Entry::default() });
        assert!(write_csv(&g, &mut Vec::new()).is_err());
    }
}
