//! Turning hits into what people and programs read.
//!
//! The matcher knows byte ranges and entry indices; users need file, line and column,
//! the surface as written, the preferred form and what to write instead. [`Record`] is
//! that user-facing view of one hit: the JSON Lines object and the CSV row have exactly
//! its fields, in its order (other tools consume them, so the names are an interface):
//! `file`, `line`, `column`, `end_line`, `end_column`, `byte_start`, `byte_end`, `passage`,
//! `term_id`, `preferred`, `zh`, `surface`, `status`, `suggestion`, `score`.
//!
//! Positions: lines and columns are 1-based, columns count characters; `end_line` /
//! `end_column` point just past the last character (like `byte_end`, exclusive). Byte
//! offsets are offsets in the original file, whatever its encoding.
//!
//! [`Printer`] writes records in one of four [`Format`]s; the human format is compiler
//! style, with the source line and the span underlined, coloured only on a terminal.

mod pair;

use std::io::Write;

use anstyle::{AnsiColor, Style};

pub use self::pair::{PairRow, pair_rows, write_pair_csv};
use crate::corpus::Document;
use crate::error::{Error, Result, display_path};
use crate::glossary::Glossary;
use crate::matcher::{Hit, Status};
use crate::search::Located;

/// Output formats of `scan` and `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// Compiler-style messages with the source line underlined.
    #[default]
    Human,
    /// One JSON object per hit.
    Jsonl,
    /// One CSV row per hit, with a header.
    Csv,
    /// `byte_start⇥byte_end⇥line` per hit after a `# unit=byte` line (benchmarks, pipes).
    Offsets,
}

/// One hit as users see it. See the module documentation for the field contract.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Record<'a> {
    pub file: String,
    pub line: u64,
    pub column: u64,
    pub end_line: u64,
    pub end_column: u64,
    pub byte_start: usize,
    pub byte_end: usize,
    pub passage: usize,
    pub term_id: &'a str,
    pub preferred: &'a str,
    pub zh: &'a str,
    pub surface: &'a str,
    pub status: Status,
    pub suggestion: Option<&'a str>,
    pub score: Option<f64>,
}

impl<'a> Record<'a> {
    pub fn new(doc: &'a Document, glossary: &'a Glossary, hit: &Hit) -> Record<'a> {
        let e = glossary.entry(hit.entry);
        let s = doc.position(hit.start);
        let t = doc.position(hit.end);
        Record {
            file: display_path(doc.path()),
            line: s.line,
            column: s.column,
            end_line: t.line,
            end_column: t.column,
            byte_start: s.byte,
            byte_end: t.byte,
            passage: doc.passage_at(hit.start).map_or(0, |p| p.number),
            term_id: &e.id,
            preferred: &e.en,
            zh: &e.zh,
            surface: &doc.text()[hit.start..hit.end],
            status: hit.status,
            suggestion: hit.status.needs_attention().then_some(e.en.as_str()),
            score: hit.score,
        }
    }

    /// The record of a hit located by [`crate::search`] in file `file`.
    pub fn located(file: String, l: &'a Located, glossary: &'a Glossary) -> Record<'a> {
        let e = glossary.entry(l.hit.entry);
        Record {
            file,
            line: l.line,
            column: l.column,
            end_line: l.end_line,
            end_column: l.end_column,
            byte_start: l.byte_start,
            byte_end: l.byte_end,
            passage: l.passage,
            term_id: &e.id,
            preferred: &e.en,
            zh: &e.zh,
            surface: &l.surface,
            status: l.hit.status,
            suggestion: l.hit.status.needs_attention().then_some(e.en.as_str()),
            score: l.hit.score,
        }
    }

    /// The record with a suggestion that does not come from the glossary: for an
    /// `inconsistent` hit, the form the rest of the run uses (see
    /// [`crate::review::consistency`]). `None` keeps the glossary's suggestion.
    pub fn suggesting(mut self, suggestion: Option<&'a str>) -> Record<'a> {
        if suggestion.is_some() {
            self.suggestion = suggestion;
        }
        self
    }
}

/// Suggestions from outside the glossary, asked per hit; see [`Record::suggesting`].
pub type Suggest<'s> = dyn Fn(&Hit) -> Option<&'s str> + 's;

/// Counts of hits by status, over a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub files: usize,
    pub hits: usize,
    pub preferred: usize,
    pub variant: usize,
    pub deprecated: usize,
    pub near_miss: usize,
    pub inconsistent: usize,
}

impl Summary {
    pub fn add(&mut self, hits: &[Hit]) {
        for h in hits {
            self.count(h.status);
        }
    }

    /// Counts one hit.
    pub fn count(&mut self, status: Status) {
        {
            self.hits += 1;
            match status {
                Status::Preferred => self.preferred += 1,
                Status::Variant => self.variant += 1,
                Status::Deprecated => self.deprecated += 1,
                Status::NearMiss => self.near_miss += 1,
                Status::Inconsistent => self.inconsistent += 1,
            }
        }
    }

    pub fn needs_attention(&self) -> usize {
        self.deprecated + self.near_miss + self.inconsistent
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} hits in {} file{}: {} preferred, {} variant, {} deprecated, {} near_miss, {} inconsistent; {} need{} attention",
            self.hits,
            self.files,
            if self.files == 1 { "" } else { "s" },
            self.preferred,
            self.variant,
            self.deprecated,
            self.near_miss,
            self.inconsistent,
            self.needs_attention(),
            if self.needs_attention() == 1 { "s" } else { "" }
        )
    }
}

fn werr(e: std::io::Error) -> Error {
    Error::io("-", "cannot write output", e)
}

const CSV_HEADER: &[&str] = &[
    "file",
    "line",
    "column",
    "end_line",
    "end_column",
    "byte_start",
    "byte_end",
    "passage",
    "term_id",
    "preferred",
    "zh",
    "surface",
    "status",
    "suggestion",
    "score",
];

/// Writes hits in one format. Call [`Printer::document`] once per file, then
/// [`Printer::finish`].
pub struct Printer {
    format: Format,
    /// Colour the human format (only on a terminal; the CLI decides).
    color: bool,
    files: usize,
    wrote_header: bool,
}

impl Printer {
    pub fn new(format: Format, color: bool) -> Printer {
        Printer { format, color, files: 0, wrote_header: false }
    }

    /// Writes the hits of one document.
    pub fn document(&mut self, w: &mut dyn Write, doc: &Document, glossary: &Glossary, hits: &[Hit]) -> Result<()> {
        self.document_with(w, doc, glossary, hits, &|_| None)
    }

    /// Writes the hits of one document, taking suggestions for hits the glossary cannot
    /// suggest for (inconsistent forms) from `suggest`.
    pub fn document_with<'s>(
        &mut self,
        w: &mut dyn Write,
        doc: &'s Document,
        glossary: &'s Glossary,
        hits: &[Hit],
        suggest: &Suggest<'s>,
    ) -> Result<()> {
        let located = crate::search::locate_document(doc, hits, self.format == Format::Human);
        self.begin_file(w, doc.path())?;
        self.located(w, doc.path(), glossary, &located, suggest)
    }

    /// Starts the output of a file (a `# file=` line in the offsets format when a run has
    /// several files). Call once per file, before [`Printer::located`].
    pub fn begin_file(&mut self, w: &mut dyn Write, path: &std::path::Path) -> Result<()> {
        self.files += 1;
        if self.format == Format::Offsets {
            self.header(w)?;
            if self.files > 1 {
                writeln!(w, "# file={}", display_path(path)).map_err(werr)?;
            }
        }
        Ok(())
    }

    /// Writes located hits of the file `path` (any number of calls per file, in order).
    pub fn located<'s: 'h, 'h>(
        &mut self,
        w: &mut dyn Write,
        path: &std::path::Path,
        glossary: &'s Glossary,
        hits: &'h [Located],
        suggest: &Suggest<'s>,
    ) -> Result<()> {
        let file = display_path(path);
        let record = |l: &'h Located| Record::located(file.clone(), l, glossary).suggesting(suggest(&l.hit));
        match self.format {
            Format::Human => {
                for l in hits {
                    let text = human(glossary, &l.hit, record(l), l.line_text.as_deref().unwrap_or(""));
                    let text = if self.color { text } else { anstream::adapter::strip_str(&text).to_string() };
                    w.write_all(text.as_bytes()).map_err(werr)?;
                }
            }
            Format::Jsonl => {
                for l in hits {
                    serde_json::to_writer(&mut *w, &record(l))
                        .map_err(|e| Error::usage(format!("cannot write JSON: {e}")))?;
                    w.write_all(b"\n").map_err(werr)?;
                }
            }
            Format::Csv => {
                let mut cw = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(&mut *w);
                let cerr = |e: csv::Error| Error::usage(format!("cannot write CSV: {e}"));
                if !self.wrote_header {
                    cw.write_record(CSV_HEADER).map_err(cerr)?;
                    self.wrote_header = true;
                }
                for l in hits {
                    let r = record(l);
                    let num = |n: u64| n.to_string();
                    cw.write_record([
                        r.file.as_str(),
                        &num(r.line),
                        &num(r.column),
                        &num(r.end_line),
                        &num(r.end_column),
                        &r.byte_start.to_string(),
                        &r.byte_end.to_string(),
                        &r.passage.to_string(),
                        r.term_id,
                        r.preferred,
                        r.zh,
                        r.surface,
                        r.status.as_str(),
                        r.suggestion.unwrap_or(""),
                        &r.score.map(|s| s.to_string()).unwrap_or_default(),
                    ])
                    .map_err(cerr)?;
                }
                cw.flush().map_err(werr)?;
            }
            Format::Offsets => {
                let mut line = itoa::Buffer::new();
                let mut a = itoa::Buffer::new();
                let mut b = itoa::Buffer::new();
                for l in hits {
                    let row = [a.format(l.byte_start), "\t", b.format(l.byte_end), "\t", line.format(l.line), "\n"];
                    for part in row {
                        w.write_all(part.as_bytes()).map_err(werr)?;
                    }
                }
            }
        }
        Ok(())
    }

    fn header(&mut self, w: &mut dyn Write) -> Result<()> {
        if !self.wrote_header {
            w.write_all(b"# unit=byte\n").map_err(werr)?;
            self.wrote_header = true;
        }
        Ok(())
    }

    /// Ends the output (writes the header of an empty CSV or offsets output).
    pub fn finish(&mut self, w: &mut dyn Write) -> Result<()> {
        match self.format {
            Format::Csv if !self.wrote_header => {
                writeln!(w, "{}", CSV_HEADER.join(",")).map_err(werr)?;
            }
            Format::Offsets if !self.wrote_header => {
                w.write_all(b"# unit=byte\n").map_err(werr)?;
            }
            _ => {}
        }
        self.wrote_header = true;
        Ok(())
    }
}

const BOLD: Style = Style::new().bold();
const LOCATION: Style = Style::new().bold();
const GUTTER: Style = AnsiColor::Blue.on_default().bold();

fn status_style(s: Status) -> Style {
    match s {
        Status::Preferred => AnsiColor::Green.on_default().bold(),
        Status::Variant => AnsiColor::Cyan.on_default().bold(),
        Status::Deprecated => AnsiColor::Red.on_default().bold(),
        Status::NearMiss => AnsiColor::Yellow.on_default().bold(),
        Status::Inconsistent => AnsiColor::Magenta.on_default().bold(),
    }
}

/// White-space runs (line and page breaks) as one space, for messages.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `path:line:col: status: "surface" → use "preferred" [id]`, the source line, a caret
/// line under the span, and the deprecation reason as a note. Styled with ANSI codes,
/// which the printer strips when not colouring.
fn human(glossary: &Glossary, h: &Hit, r: Record<'_>, line: &str) -> String {
    use std::fmt::Write as _;
    let e = glossary.entry(h.entry);
    let st = status_style(h.status);
    let surface = squash(r.surface);
    let mut out = format!(
        "{LOCATION}{}:{}:{}:{LOCATION:#} {st}{}{st:#}: \"{surface}\"",
        r.file,
        r.line,
        r.column,
        h.status.as_str()
    );
    match h.status {
        Status::Preferred => {}
        Status::Variant => {
            let _ = write!(out, " (preferred: \"{}\")", e.en);
        }
        Status::Deprecated => {
            let _ = write!(out, " → use {BOLD}\"{}\"{BOLD:#}", e.en);
        }
        Status::NearMiss => {
            let _ = write!(out, " → use {BOLD}\"{}\"{BOLD:#} (similarity {:.2})", e.en, h.score.unwrap_or(0.0));
        }
        Status::Inconsistent => {
            let _ = write!(out, " → use {BOLD}\"{}\"{BOLD:#} as elsewhere", r.suggestion.unwrap_or(&e.en));
        }
    }
    let _ = writeln!(out, " [{}]", e.id);
    // the source line, with the span underlined (to the end of the line if it goes on)
    let line = line.replace('\t', " ");
    let shown = line.trim_end();
    let num = r.line.to_string();
    let pad = " ".repeat(num.len());
    let from = (r.column - 1) as usize;
    let to = if r.end_line == r.line { (r.end_column - 1) as usize } else { shown.chars().count() };
    let width = to.saturating_sub(from).max(1);
    let more = if r.end_line > r.line { " …" } else { "" };
    let _ = writeln!(out, " {GUTTER}{num} |{GUTTER:#} {shown}");
    let _ = writeln!(out, " {GUTTER}{pad} |{GUTTER:#} {}{st}{}{st:#}{more}", " ".repeat(from), "^".repeat(width));
    if h.status == Status::Deprecated {
        let form = e.forms().nth(h.form).map(|f| f.text).unwrap_or("");
        if let Some(reason) = e.deprecation_reason(form).filter(|r| !r.is_empty()) {
            let _ = writeln!(out, " {GUTTER}{pad} ={GUTTER:#} {BOLD}note{BOLD:#}: {reason}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Layout;
    use crate::glossary::read_csv_str;
    use crate::matcher::{MatchOptions, Matcher};
    use std::path::Path;

    fn fixture() -> (Glossary, Document) {
        let g = read_csv_str(
            "id,en,zh,en_deprecated\nbri,Belt and Road Initiative,“一带一路”倡议,\"One Belt, One Road :: superseded in 2015\"\n",
            Path::new("g.csv"),
        )
        .unwrap()
        .glossary;
        let d = Document::from_text(
            "d.txt",
            "Intro line.\n\n“One Belt, One\nRoad” and the Belt and Road Initiative.\n",
            Layout::Blank,
        );
        (g, d)
    }

    fn render(format: Format) -> String {
        let (g, d) = fixture();
        let m = Matcher::new(&g, MatchOptions::default()).unwrap();
        let hits = m.find(d.text());
        let mut out = Vec::new();
        let mut p = Printer::new(format, false);
        p.document(&mut out, &d, &g, &hits).unwrap();
        p.finish(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn jsonl_has_exactly_the_contract_fields() {
        let out = render(Format::Jsonl);
        let first: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
        let keys: Vec<&str> = first.as_object().unwrap().keys().map(String::as_str).collect();
        let mut want = CSV_HEADER.to_vec();
        want.sort();
        let mut got = keys.clone();
        got.sort();
        assert_eq!(got, want);
        assert_eq!(
            out.lines().next().unwrap(),
            r#"{"file":"d.txt","line":3,"column":2,"end_line":4,"end_column":5,"byte_start":16,"byte_end":34,"passage":2,"term_id":"bri","preferred":"Belt and Road Initiative","zh":"“一带一路”倡议","surface":"One Belt, One\nRoad","status":"deprecated","suggestion":"Belt and Road Initiative","score":null}"#
        );
    }

    #[test]
    fn human_is_compiler_style_with_underline_and_note() {
        let out = render(Format::Human);
        let want = "d.txt:3:2: deprecated: \"One Belt, One Road\" → use \"Belt and Road Initiative\" [bri]\n \
                    3 | “One Belt, One\n   \
                    |  ^^^^^^^^^^^^^ …\n   \
                    = note: superseded in 2015\n\
                    d.txt:4:15: preferred: \"Belt and Road Initiative\" [bri]\n \
                    4 | Road” and the Belt and Road Initiative.\n   \
                    |               ^^^^^^^^^^^^^^^^^^^^^^^^\n";
        assert_eq!(out, want);
    }

    #[test]
    fn csv_and_offsets() {
        let out = render(Format::Csv);
        assert!(out.starts_with("file,line,column,end_line,end_column,byte_start,byte_end,passage,term_id,preferred,zh,surface,status,suggestion,score\n"));
        assert!(out.contains("d.txt,3,2,4,5,16,34,2,bri,Belt and Road Initiative,“一带一路”倡议,\"One Belt, One\nRoad\",deprecated,Belt and Road Initiative,\n"), "{out}");
        assert_eq!(render(Format::Offsets), "# unit=byte\n16\t34\t3\n46\t70\t4\n");
    }
}
