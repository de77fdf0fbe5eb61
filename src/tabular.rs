//! Positioned errors for delimited text (CSV, semicolon "CSV", TSV), shared by every
//! reader of tables: the glossary CSV and the memoQ and OmegaT importers.
//!
//! The `csv` crate, read flexibly, accepts what a spreadsheet user never meant: a quote
//! that never closes swallows the rest of the file into one value, and a comma (or tab)
//! inside an unquoted value shifts every later column of its row. Both lose data without
//! a word. These helpers turn them into errors at the line and column where the damage
//! starts, naming the delimiter so that the message says what to quote.

use std::path::Path;

use crate::error::{Error, Result};
use crate::input;

/// Finds a quoted field that never closes. The csv crate would read it to the end of the
/// file as one value, silently merging every later row into it.
pub fn check_quotes(text: &str, path: &Path, delimiter: u8) -> Result<()> {
    let b = text.as_bytes();
    let mut i = 0;
    let mut field_start = true;
    while i < b.len() {
        match b[i] {
            b'"' if field_start => {
                let open = i;
                i += 1;
                loop {
                    match memchr::memchr(b'"', &b[i..]) {
                        None => {
                            let (line, column) = input::line_col_of(b, open);
                            return Err(Error::at(
                                path,
                                line,
                                column,
                                "unclosed quote: this quoted value never ends (double a quote inside a quoted value: \"\")",
                            ));
                        }
                        Some(p) if b.get(i + p + 1) == Some(&b'"') => i += p + 2,
                        Some(p) => {
                            i += p + 1;
                            break;
                        }
                    }
                }
                field_start = false;
                continue;
            }
            b'\n' => field_start = true,
            d if d == delimiter => field_start = true,
            b'\r' => {}
            _ => field_start = false,
        }
        i += 1;
    }
    Ok(())
}

/// The error for a record whose field count differs from the header's, pointing at the
/// first extra field (too many) or the end of the line (too few).
pub fn ragged_row(path: &Path, text: &str, rec: &::csv::StringRecord, want: usize, delimiter: u8) -> Error {
    let start = rec.position().map_or(0, |p| p.byte() as usize);
    let line = rec.position().map_or(0, |p| p.line());
    let row = line_at(text, start);
    let column = if rec.len() > want {
        field_columns(row, delimiter).get(want).copied().unwrap_or(1)
    } else {
        row.chars().count() as u64 + 1
    };
    Error::at(
        path,
        line,
        column,
        format!(
            "ragged row: {} fields, but the header has {want} (a {} inside a value must be quoted)",
            rec.len(),
            delimiter_singular(delimiter),
        ),
    )
}

/// Splits one line of an unquoted tab-separated file (OmegaT glossaries) into at most
/// `max` fields. TSV without quoting cannot carry a tab inside a value, so a line with
/// more fields has one: reading on would shift a term into the next column.
pub fn split_tsv_line<'a>(path: &Path, line_no: u64, line: &'a str, max: usize, what: &str) -> Result<Vec<&'a str>> {
    let fields: Vec<&str> = line.split('\t').collect();
    if fields.len() > max {
        let column = fields[..max].iter().map(|f| f.chars().count() as u64 + 1).sum::<u64>() + 1;
        return Err(Error::at(
            path,
            line_no,
            column,
            format!(
                "{} tab-separated fields, but {what} has at most {max}: a value contains a tab; \
                 replace it with a space",
                fields.len()
            ),
        ));
    }
    Ok(fields)
}

/// The first line of `text`, without its line break.
pub fn first_line(text: &str) -> &str {
    text.split('\n').next().unwrap_or("").trim_end_matches('\r')
}

fn line_at(text: &str, start: usize) -> &str {
    first_line(text.get(start.min(text.len())..).unwrap_or(""))
}

/// 1-based character columns where each field of a single-line record starts.
pub fn field_columns(line: &str, delimiter: u8) -> Vec<u64> {
    let mut cols = vec![1];
    let mut in_quote = false;
    let mut at_start = true;
    for (n, c) in line.chars().enumerate() {
        match c {
            '"' if at_start => in_quote = true,
            '"' if in_quote => in_quote = false,
            c if c == delimiter as char && !in_quote => {
                cols.push(n as u64 + 2);
                at_start = true;
                continue;
            }
            _ => {}
        }
        at_start = false;
    }
    cols
}

/// An error from the `csv` crate, at its line and (character) column.
pub fn csv_error(path: &Path, text: &str, e: ::csv::Error) -> Error {
    let (line, column) = match e.position() {
        Some(p) => (p.line(), input::line_col_of(text.as_bytes(), p.byte() as usize).1),
        None => (0, 0),
    };
    Error::at(path, line, column, format!("cannot read CSV: {e}"))
}

/// The delimiter in the plural, for "the header is separated by ...".
pub fn delimiter_name(d: u8) -> &'static str {
    match d {
        b',' => "commas",
        b';' => "semicolons",
        b'\t' => "tabs",
        _ => "vertical bars",
    }
}

fn delimiter_singular(d: u8) -> String {
    match d {
        b',' => "comma".to_string(),
        b';' => "semicolon".to_string(),
        b'\t' => "tab".to_string(),
        d => format!("`{}`", d.escape_ascii()),
    }
}

/// How to write `d` on the command line.
pub fn delimiter_arg(d: u8) -> String {
    match d {
        b'\t' => "tab".to_string(),
        d => format!("'{}'", d as char),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tab_inside_an_unquoted_tsv_value_is_an_error_at_the_extra_field() {
        let p = Path::new("g.txt");
        assert_eq!(split_tsv_line(p, 3, "一带一路\tBelt and Road", 3, "x").unwrap(), ["一带一路", "Belt and Road"]);
        let err = split_tsv_line(p, 3, "一带一路\tBelt and\tRoad\tnote", 3, "an OmegaT glossary line").unwrap_err();
        assert_eq!(
            err.to_string(),
            "g.txt:3:20: 4 tab-separated fields, but an OmegaT glossary line has at most 3: a value contains a tab; \
             replace it with a space"
        );
    }

    #[test]
    fn field_columns_count_characters_and_respect_quotes() {
        assert_eq!(field_columns("a,\"b,c\",中,d", b','), [1, 3, 9, 11]);
        assert_eq!(field_columns("a\t\"b\tc\"\td", b'\t'), [1, 3, 9]);
    }
}
