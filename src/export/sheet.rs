//! Tables for the spreadsheet profiles, written as CSV or XLSX.
//!
//! memoQ, MultiTerm (through MultiTerm Convert or Glossary Converter), Smartcat, Phrase
//! and Crowdin all import "one concept per row" tables, and the people who prepare those
//! imports open them in Excel first. Two things go wrong there:
//!
//! - **Encoding.** Excel opens a UTF-8 CSV as the ANSI code page unless it starts with a
//!   byte-order mark, and every Chinese character turns into mojibake. The profiles
//!   meant for Excel write a BOM by default (`--no-bom` turns it off).
//! - **Formulas.** A cell starting with `=`, `+`, `-` or `@` (also TAB and CR) is run as
//!   a formula by Excel, LibreOffice and Google Sheets, quoted or not (CSV injection,
//!   CWE-1236). In CSV such a cell gets a leading `'`, which spreadsheets show as text;
//!   the import then carries the `'` too, so each such cell is reported as a warning. In
//!   XLSX every cell is written as a typed text cell, which no spreadsheet evaluates, so
//!   the term arrives unaltered.
//!
//! XLSX files are deterministic: the document's creation date is fixed, so the same
//! glossary always gives the same bytes.

use std::io::Write;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};

use super::{Direction, Settings, Summary, entry_error};
use crate::error::{Error, Result};
use crate::glossary::{Deprecated, Entry, Glossary};

/// A table: a header row and data rows of the same width.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Sheet {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Characters that make a spreadsheet read a cell as a formula.
const FORMULA_START: &[char] = &['=', '+', '-', '@', '\t', '\r'];

/// `'` in front of a cell a spreadsheet would evaluate; `None` when the cell is safe.
pub(crate) fn neutralise(cell: &str) -> Option<String> {
    cell.starts_with(FORMULA_START).then(|| format!("'{cell}"))
}

impl Sheet {
    /// Writes RFC 4180 CSV with CRLF line ends, neutralising formula cells. Every field is
    /// quoted: readers that guess the dialect from the first kilobyte (Python's
    /// `csv.Sniffer`, used by translate-toolkit) otherwise take the space in a long note for
    /// the delimiter. Every field is
    /// quoted: readers that guess the dialect from the first kilobyte (Python's
    /// `csv.Sniffer`, used by translate-toolkit) otherwise take the space in a long note for
    /// the delimiter.
    pub fn write_csv(&self, delimiter: u8, summary: &mut Summary, out: &mut dyn Write) -> Result<()> {
        let werr = |e: std::io::Error| Error::io("-", "cannot write the export", e);
        let mut w = ::csv::WriterBuilder::new()
            .delimiter(delimiter)
            .terminator(::csv::Terminator::CRLF)
            .quote_style(::csv::QuoteStyle::Always)
            .from_writer(out);
        let cerr = |e: ::csv::Error| Error::usage(format!("cannot write CSV: {e}"));
        for row in std::iter::once(&self.header).chain(&self.rows) {
            let mut cells = Vec::with_capacity(row.len());
            for cell in row {
                match neutralise(cell) {
                    Some(safe) => {
                        summary.warnings.push(format!(
                            "cell \"{}\" starts with `{}`: written as \"{safe}\" so that spreadsheets do not run it as a formula",
                            cell.escape_debug(),
                            cell.chars().next().unwrap_or_default().escape_debug()
                        ));
                        cells.push(safe);
                    }
                    None => cells.push(cell.clone()),
                }
            }
            w.write_record(&cells).map_err(cerr)?;
        }
        w.flush().map_err(werr)?;
        summary.records += self.rows.len();
        Ok(())
    }

    /// Writes one worksheet of text cells with a bold, frozen header row.
    pub fn write_xlsx(&self, sheet_name: &str, summary: &mut Summary, out: &mut dyn Write) -> Result<()> {
        let xerr = |e: rust_xlsxwriter::XlsxError| Error::usage(format!("cannot write XLSX: {e}"));
        let mut wb = Workbook::new();
        // A fixed creation date: the same glossary gives the same bytes.
        let created = ExcelDateTime::from_ymd(2000, 1, 1).map_err(xerr)?;
        wb.set_properties(&DocProperties::new().set_creation_datetime(&created).set_author("termalign"));
        let ws = wb.add_worksheet();
        ws.set_name(sheet_name).map_err(xerr)?;
        let bold = Format::new().set_bold();
        for (c, h) in self.header.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, h, &bold).map_err(xerr)?;
        }
        for (r, row) in self.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                if !cell.is_empty() {
                    ws.write_string(r as u32 + 1, c as u16, cell).map_err(xerr)?;
                }
            }
        }
        ws.set_freeze_panes(1, 0).map_err(xerr)?;
        let bytes = wb.save_to_buffer().map_err(xerr)?;
        out.write_all(&bytes).map_err(|e| Error::io("-", "cannot write the export", e))?;
        summary.records += self.rows.len();
        Ok(())
    }
}

/// One entry seen as the source and target sides of a table row.
pub(crate) struct Concept<'a> {
    pub entry: &'a Entry,
    /// Source forms, preferred first.
    pub src: Vec<&'a str>,
    /// Target forms, preferred first.
    pub tgt: Vec<&'a str>,
    /// Deprecated English forms (whichever side English is on).
    pub forbidden: &'a [Deprecated],
}

pub(crate) fn concept<'a>(e: &'a Entry, s: &Settings) -> Concept<'a> {
    let zh: Vec<&str> = e.zh_forms().collect();
    let en: Vec<&str> =
        std::iter::once(e.en.as_str()).chain(e.variants.iter().map(String::as_str)).filter(|t| !t.is_empty()).collect();
    let (src, tgt) = match s.direction {
        Direction::ZhEn => (zh, en),
        Direction::EnZh => (en, zh),
    };
    Concept { entry: e, src, tgt, forbidden: &e.deprecated }
}

/// Joins alternatives for tools that split one cell into synonyms (memoQ's "Split
/// alternatives in field by"). A term containing the separator would be split in two, so
/// it is refused.
pub(crate) fn join_alternatives(e: &Entry, terms: &[&str], sep: char, tool: &str) -> Result<String> {
    if let Some(t) = terms.iter().find(|t| t.contains(sep)) {
        return Err(entry_error(
            e,
            format!("term \"{t}\" contains `{sep}`, which {tool} is told to split alternatives on"),
        ));
    }
    Ok(terms.join(&sep.to_string()))
}

/// A column filled from each concept.
pub(crate) type Column<'f> = (String, Box<dyn Fn(&Concept) -> String + 'f>);

/// The "multi-column" layout (Glossary Converter's name for it): one row per concept,
/// the language header repeated once per synonym, as many times as the entry with the
/// most synonyms needs. `lead` columns come before the terms, `trail` columns after.
pub(crate) fn multi_column(
    g: &Glossary,
    s: &Settings,
    (src_label, tgt_label): (&str, &str),
    lead: Vec<Column>,
    trail: Vec<Column>,
) -> Sheet {
    let concepts: Vec<Concept> = g.entries().map(|e| concept(e, s)).collect();
    let nsrc = concepts.iter().map(|c| c.src.len()).max().unwrap_or(0).max(1);
    let ntgt = concepts.iter().map(|c| c.tgt.len()).max().unwrap_or(0).max(1);
    let mut sheet = Sheet::default();
    sheet.header.extend(lead.iter().map(|(h, _)| h.clone()));
    sheet.header.extend(std::iter::repeat_n(src_label.to_string(), nsrc));
    sheet.header.extend(std::iter::repeat_n(tgt_label.to_string(), ntgt));
    sheet.header.extend(trail.iter().map(|(h, _)| h.clone()));
    for c in &concepts {
        let mut row: Vec<String> = lead.iter().map(|(_, f)| f(c)).collect();
        for (forms, n) in [(&c.src, nsrc), (&c.tgt, ntgt)] {
            row.extend((0..n).map(|i| forms.get(i).map_or(String::new(), |t| t.to_string())));
        }
        row.extend(trail.iter().map(|(_, f)| f(c)));
        sheet.rows.push(row);
    }
    sheet
}

/// Writes a sheet as CSV or XLSX and counts the entries.
pub(crate) fn emit(sheet: &Sheet, xlsx: bool, g: &Glossary, out: &mut dyn Write) -> Result<Summary> {
    let mut sum = Summary { entries: g.len(), ..Summary::default() };
    if xlsx {
        sheet.write_xlsx("Glossary", &mut sum, out)?;
    } else {
        sheet.write_csv(b',', &mut sum, out)?;
    }
    Ok(sum)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neutralises_exactly_the_formula_starts() {
        for c in ["=1+1", "+Belt", "-x", "@SUM(1)", "\tx", "\rx"] {
            assert_eq!(neutralise(c), Some(format!("'{c}")), "{c:?}");
        }
        for c in ["Belt and Road", "一带一路", "", "x=1", "'quoted"] {
            assert_eq!(neutralise(c), None, "{c:?}");
        }
    }

    #[test]
    fn csv_has_crlf_quotes_and_neutralised_cells() {
        let sheet = Sheet {
            header: vec!["zh-CN".into(), "en-US".into()],
            rows: vec![vec!["一带一路".into(), "=HYPERLINK(\"x\")".into()], vec!["a,b".into(), String::new()]],
        };
        let mut out = Vec::new();
        let mut sum = Summary::default();
        sheet.write_csv(b',', &mut sum, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\"zh-CN\",\"en-US\"\r\n\"一带一路\",\"'=HYPERLINK(\"\"x\"\")\"\r\n\"a,b\",\"\"\r\n"
        );
        assert_eq!(sum.records, 2);
        assert_eq!(sum.warnings.len(), 1);
    }
}
