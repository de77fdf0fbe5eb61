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
//!
//! `check --source` ([`Printer::with_source`]) adds two fields after `score`, in JSON Lines
//! and CSV alike: `source_line`, the 1-based line of the Chinese file where the aligned
//! Chinese starts, and `source_text`, that Chinese as one line ([`SourceRef`]). Only that
//! mode has them, so that a consumer of plain `check` output always sees the same 15 fields.

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

/// The aligned Chinese of one record (`check --source`): what a reviser reads beside the
/// English to judge the finding. For English aligned with no Chinese (a sentence the
/// translator added), `source_text` is empty and `source_line` is where the Chinese would
/// be, as in `concord --source`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SourceRef {
    pub source_line: u64,
    pub source_text: String,
    /// For `count_mismatch` and `missing_rendering`: occurrences in the Chinese and
    /// renderings in the English. Only the human format shows them: they are not part of
    /// the field contract.
    #[serde(skip)]
    pub counts: Option<(usize, usize)>,
}

/// A record with its aligned Chinese: the JSON Lines object of `check --source`.
#[derive(serde::Serialize)]
struct SourcedRecord<'a> {
    #[serde(flatten)]
    record: Record<'a>,
    #[serde(flatten)]
    source: &'a SourceRef,
}

/// Counts of hits by status, over a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub files: usize,
    /// Hits in the English: the cross-language findings below are not among them.
    pub hits: usize,
    pub preferred: usize,
    pub variant: usize,
    pub deprecated: usize,
    pub near_miss: usize,
    pub inconsistent: usize,
    pub missing_rendering: usize,
    pub count_mismatch: usize,
    /// The run checked against a Chinese source: the summary line then names the two
    /// cross-language counts even when they are zero, so a clean result says it was
    /// checked.
    pub source: bool,
}

impl Summary {
    pub fn add(&mut self, hits: &[Hit]) {
        for h in hits {
            self.count(h.status);
        }
    }

    /// Counts one hit or cross-language finding.
    pub fn count(&mut self, status: Status) {
        let n = match status {
            Status::Preferred => &mut self.preferred,
            Status::Variant => &mut self.variant,
            Status::Deprecated => &mut self.deprecated,
            Status::NearMiss => &mut self.near_miss,
            Status::Inconsistent => &mut self.inconsistent,
            Status::MissingRendering => &mut self.missing_rendering,
            Status::CountMismatch => &mut self.count_mismatch,
        };
        *n += 1;
        if !matches!(status, Status::MissingRendering | Status::CountMismatch) {
            self.hits += 1;
        }
    }

    pub fn needs_attention(&self) -> usize {
        self.deprecated + self.near_miss + self.inconsistent + self.missing_rendering + self.count_mismatch
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} hits in {} file{}: {} preferred, {} variant, {} deprecated, {} near_miss, {} inconsistent",
            self.hits,
            self.files,
            if self.files == 1 { "" } else { "s" },
            self.preferred,
            self.variant,
            self.deprecated,
            self.near_miss,
            self.inconsistent,
        )?;
        if self.source || self.missing_rendering + self.count_mismatch > 0 {
            write!(
                f,
                "; against the source: {} missing_rendering, {} count_mismatch",
                self.missing_rendering, self.count_mismatch
            )?;
        }
        let n = self.needs_attention();
        write!(f, "; {n} need{} attention", if n == 1 { "s" } else { "" })
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

/// The columns `check --source` adds after [`CSV_HEADER`]'s.
const SOURCE_HEADER: &[&str] = &["source_line", "source_text"];

/// Writes hits in one format. Call [`Printer::document`] once per file, then
/// [`Printer::finish`].
pub struct Printer {
    format: Format,
    /// Colour the human format (only on a terminal; the CLI decides).
    color: bool,
    files: usize,
    wrote_header: bool,
    /// The Chinese source's name, in `check --source` mode (see the module documentation).
    source: Option<String>,
}

impl Printer {
    pub fn new(format: Format, color: bool) -> Printer {
        Printer { format, color, files: 0, wrote_header: false, source: None }
    }

    /// A printer for records that carry their aligned Chinese from the file `zh`
    /// ([`Printer::located_with_source`]): the CSV header gets the two source columns from
    /// the start, and the human format cites `zh`'s lines.
    pub fn with_source(mut self, zh: &std::path::Path) -> Printer {
        self.source = Some(display_path(zh));
        self
    }

    fn csv_header(&self) -> Vec<&'static str> {
        let extra = if self.source.is_some() { SOURCE_HEADER } else { &[] };
        CSV_HEADER.iter().chain(extra).copied().collect()
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
        self.write(w, path, glossary, hits, None, suggest)
    }

    /// [`Printer::located`] for a printer made [`Printer::with_source`]: `sources[i]` is
    /// the aligned Chinese of `hits[i]`.
    pub fn located_with_source<'s: 'h, 'h>(
        &mut self,
        w: &mut dyn Write,
        path: &std::path::Path,
        glossary: &'s Glossary,
        hits: &'h [Located],
        sources: &'h [SourceRef],
        suggest: &Suggest<'s>,
    ) -> Result<()> {
        assert_eq!(hits.len(), sources.len(), "one source per hit");
        self.write(w, path, glossary, hits, Some(sources), suggest)
    }

    fn write<'s: 'h, 'h>(
        &mut self,
        w: &mut dyn Write,
        path: &std::path::Path,
        glossary: &'s Glossary,
        hits: &'h [Located],
        sources: Option<&'h [SourceRef]>,
        suggest: &Suggest<'s>,
    ) -> Result<()> {
        let file = display_path(path);
        let record = |l: &'h Located| Record::located(file.clone(), l, glossary).suggesting(suggest(&l.hit));
        let source = |i: usize| sources.map(|s| &s[i]);
        match self.format {
            Format::Human => {
                for (i, l) in hits.iter().enumerate() {
                    let line = l.line_text.as_deref().unwrap_or("");
                    let zh = self.source.as_deref().zip(source(i));
                    let text = human(glossary, &l.hit, record(l), line, zh);
                    let text = if self.color { text } else { anstream::adapter::strip_str(&text).to_string() };
                    w.write_all(text.as_bytes()).map_err(werr)?;
                }
            }
            Format::Jsonl => {
                for (i, l) in hits.iter().enumerate() {
                    let r = match source(i) {
                        Some(source) => serde_json::to_writer(&mut *w, &SourcedRecord { record: record(l), source }),
                        None => serde_json::to_writer(&mut *w, &record(l)),
                    };
                    r.map_err(|e| Error::usage(format!("cannot write JSON: {e}")))?;
                    w.write_all(b"\n").map_err(werr)?;
                }
            }
            Format::Csv => {
                let mut cw = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(&mut *w);
                let cerr = |e: csv::Error| Error::usage(format!("cannot write CSV: {e}"));
                if !self.wrote_header {
                    cw.write_record(self.csv_header()).map_err(cerr)?;
                    self.wrote_header = true;
                }
                for (i, l) in hits.iter().enumerate() {
                    let r = record(l);
                    let num = |n: u64| n.to_string();
                    let extra = source(i).map(|s| [num(s.source_line), s.source_text.clone()]);
                    cw.write_record(
                        [
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
                        ]
                        .into_iter()
                        .chain(extra.iter().flatten().map(String::as_str)),
                    )
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
                writeln!(w, "{}", self.csv_header().join(",")).map_err(werr)?;
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
        Status::MissingRendering => AnsiColor::BrightRed.on_default().bold(),
        Status::CountMismatch => AnsiColor::BrightYellow.on_default().bold(),
    }
}

/// White-space runs (line and page breaks) as one space, for messages.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `path:line:col: status: "surface" → use "preferred" [id]`, the source line, a caret
/// line under the span, and the deprecation reason as a note; with a Chinese source
/// (`zh`: its file name and the record's aligned Chinese), a `= source: file:line: text`
/// note. A cross-language finding quotes the Chinese term instead of the surface, which is
/// the whole English sentence. Styled with ANSI codes, which the printer strips when not
/// colouring.
fn human(glossary: &Glossary, h: &Hit, r: Record<'_>, line: &str, zh: Option<(&str, &SourceRef)>) -> String {
    use std::fmt::Write as _;
    let e = glossary.entry(h.entry);
    let st = status_style(h.status);
    let mut out =
        format!("{LOCATION}{}:{}:{}:{LOCATION:#} {st}{}{st:#}: ", r.file, r.line, r.column, h.status.as_str());
    let counts = zh.and_then(|(_, s)| s.counts).unwrap_or((0, 0));
    match h.status {
        Status::MissingRendering => {
            let why = if r.surface.is_empty() { " (no English is aligned with its sentence)" } else { "" };
            let _ = write!(out, "{} not rendered{why}", e.zh);
        }
        Status::CountMismatch => {
            let _ = write!(out, "{} {}× in the Chinese, rendered {}×", e.zh, counts.0, counts.1);
        }
        _ => {
            let _ = write!(out, "\"{}\"", squash(r.surface));
        }
    }
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
        Status::MissingRendering | Status::CountMismatch => {
            let _ = write!(out, " → write {BOLD}\"{}\"{BOLD:#}", e.en);
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
    if let Some((file, s)) = zh {
        let text = if s.source_text.is_empty() { "(no Chinese aligned with this sentence)" } else { &s.source_text };
        let _ = writeln!(out, " {GUTTER}{pad} ={GUTTER:#} {BOLD}source{BOLD:#}: {file}:{}: {text}", s.source_line);
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
