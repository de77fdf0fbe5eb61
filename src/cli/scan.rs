//! `termalign scan`, `termalign check` and `termalign pair`.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use termalign::Result;
use termalign::corpus::{self, Document, Layout};
use termalign::glossary::Glossary;
use termalign::input::DecodeOptions;
use termalign::matcher::{MatchOptions, Matcher};
use termalign::output::{WriteOptions, write_atomic};
use termalign::report::{self, Format, Printer, Summary};
use termalign::review::consistency::{Judged, Pass};

use super::review::ConsistencyArgs;
use super::{GlossaryArgs, Outcome};

#[derive(Clone, Copy, Debug, Default, ValueEnum)]
pub enum FormatArg {
    /// Compiler-style messages with the source line underlined.
    #[default]
    Human,
    /// One JSON object per hit.
    Jsonl,
    /// One CSV row per hit, with a header.
    Csv,
    /// `byte_start<TAB>byte_end<TAB>line` per hit after `# unit=byte`.
    Offsets,
}

#[derive(Clone, Copy, Debug, Default, ValueEnum)]
pub enum LayoutArg {
    /// Guess from the file's line statistics.
    #[default]
    Auto,
    /// PDF-extracted text: lines separated by empty lines, paragraphs by white-space lines.
    Pdf,
    /// Paragraphs separated by blank lines.
    Blank,
    /// One paragraph per line.
    Lines,
}

impl From<LayoutArg> for Layout {
    fn from(l: LayoutArg) -> Layout {
        match l {
            LayoutArg::Auto => Layout::Auto,
            LayoutArg::Pdf => Layout::Pdf,
            LayoutArg::Blank => Layout::Blank,
            LayoutArg::Lines => Layout::Lines,
        }
    }
}

#[derive(Clone, Copy, Debug, Default, ValueEnum)]
pub enum ColorArg {
    /// Colour when writing to a terminal and NO_COLOR is not set.
    #[default]
    Auto,
    Always,
    Never,
}

/// Options shared by `scan`, `check` and `pair`.
#[derive(Args, Debug)]
pub struct MatchArgs {
    /// Text files or directories (searched recursively for *.txt); `-` reads standard input.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    #[command(flatten)]
    glossary: GlossaryArgs,
    /// How the text is laid out in lines (decides passage boundaries).
    #[arg(long, value_enum, default_value_t)]
    layout: LayoutArg,
    /// Also report terms nested inside a longer hit.
    #[arg(long)]
    nested: bool,
    /// Minimum similarity (0 to 1) for a phrase to be reported as a near-miss of a form.
    #[arg(long, value_name = "SCORE", default_value_t = termalign::matcher::near::DEFAULT_THRESHOLD)]
    near_miss_threshold: f64,
    /// Do not look for near-misses.
    #[arg(long)]
    no_near_miss: bool,
    /// Write to FILE instead of standard output (replaced atomically; see --force).
    #[arg(short, long, value_name = "FILE")]
    pub(super) output: Option<PathBuf>,
    /// Replace an existing output file.
    #[arg(long)]
    force: bool,
    /// Encoding of the text files (default: detected; a byte-order mark always wins).
    #[arg(long, value_name = "NAME", value_parser = termalign::input::parse_encoding)]
    encoding: Option<&'static termalign::input::Encoding>,
    /// Read text files with undecodable bytes, replacing them with U+FFFD, instead of failing.
    #[arg(long)]
    lossy: bool,
}

impl MatchArgs {
    pub(super) fn matcher(&self) -> Result<(Glossary, Matcher)> {
        let opts = self.match_options()?;
        let glossary = self.glossary.load()?;
        let m = Matcher::new(&glossary, opts)?;
        Ok((glossary, m))
    }

    pub(super) fn match_options(&self) -> Result<MatchOptions> {
        if !(0.0..=1.0).contains(&self.near_miss_threshold) {
            return Err(termalign::Error::usage(format!(
                "--near-miss-threshold must be between 0 and 1, not {}",
                self.near_miss_threshold
            )));
        }
        Ok(MatchOptions { nested: self.nested, near_miss: (!self.no_near_miss).then_some(self.near_miss_threshold) })
    }

    pub(super) fn load_glossary(&self) -> Result<Glossary> {
        self.glossary.load()
    }

    /// Removes and returns the first FILE argument: `concord` takes its TERM from there,
    /// since a TERM positional before FILE... could not be told from a file under `--id`.
    pub(super) fn take_first_file(&mut self) -> Option<PathBuf> {
        (!self.files.is_empty()).then(|| self.files.remove(0))
    }

    pub(super) fn has_files(&self) -> bool {
        !self.files.is_empty()
    }

    pub(super) fn write_options(&self) -> WriteOptions {
        let mut inputs = self.files.clone();
        inputs.extend(self.glossary.glossary.iter().cloned());
        WriteOptions { force: self.force, inputs }
    }

    /// Loads and searches every file in order; a file that cannot be read is reported on
    /// standard error and skipped, and makes the run end with exit code 2.
    pub(super) fn for_each_document(
        &self,
        m: &Matcher,
        mut f: impl FnMut(Document, Vec<termalign::matcher::Hit>) -> Result<()>,
    ) -> Result<bool> {
        let mut failed = false;
        for path in corpus::expand_paths(&self.files)? {
            let decode = DecodeOptions { encoding: self.encoding, lossy: self.lossy, ..DecodeOptions::default() };
            match Document::load_with(&path, self.layout.into(), &decode) {
                Ok(doc) => {
                    let hits = m.find(doc.text());
                    f(doc, hits)?;
                }
                Err(e) => {
                    eprintln!("termalign: {e}");
                    failed = true;
                }
            }
        }
        Ok(failed)
    }
}

#[derive(Args, Debug)]
pub struct ScanArgs {
    #[command(flatten)]
    common: MatchArgs,
    #[command(flatten)]
    consistency: ConsistencyArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: FormatArg,
    /// Colour in the human format.
    #[arg(long, value_enum, default_value_t)]
    color: ColorArg,
    /// Print `matches: N` on standard error at the end.
    #[arg(long)]
    count: bool,
}

impl ScanArgs {
    fn format(&self) -> Format {
        match self.format {
            FormatArg::Human => Format::Human,
            FormatArg::Jsonl => Format::Jsonl,
            FormatArg::Csv => Format::Csv,
            FormatArg::Offsets => Format::Offsets,
        }
    }

    fn color(&self) -> bool {
        match self.color {
            ColorArg::Always => true,
            ColorArg::Never => false,
            ColorArg::Auto => {
                self.common.output.is_none()
                    && std::io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        }
    }
}

/// `scan` prints every hit; `check` prints only what needs attention and a summary.
pub fn run(args: ScanArgs, check: bool) -> Result<Outcome> {
    let (glossary, m) = args.common.matcher()?;
    let format = args.format();
    let mut printer = Printer::new(format, args.color());
    let mut summary = Summary::default();
    let mut failed = false;
    let out = args.common.output.clone().unwrap_or_else(|| PathBuf::from("-"));
    // consistency is judged per document or over the run before anything is printed
    let mut pass = Pass::new(args.consistency.scope());
    write_atomic(&out, &args.common.write_options(), |w| {
        let mut emit = |w: &mut dyn std::io::Write, judged: Vec<Judged>| -> Result<()> {
            for mut j in judged {
                summary.files += 1;
                summary.add(&j.hits);
                if check {
                    j.hits.retain(|h| h.status.needs_attention());
                }
                printer.document_with(w, &j.doc, &glossary, &j.hits, &|h| j.suggestion(h))?;
            }
            Ok(())
        };
        failed = args.common.for_each_document(&m, |doc, hits| emit(w, pass.push(&glossary, doc, hits)))?;
        emit(w, pass.finish(&glossary))?;
        printer.finish(w)?;
        if check && format == Format::Human {
            writeln!(w, "{}{summary}", if summary.needs_attention() > 0 { "\n" } else { "" })
                .map_err(|e| termalign::Error::io("-", "cannot write output", e))?;
        }
        Ok(())
    })?;
    if check && format != Format::Human {
        eprintln!("{summary}");
    }
    if args.count {
        eprintln!("matches: {}", summary.hits);
    }
    Ok(if failed {
        Outcome::Error
    } else if check && summary.needs_attention() > 0 {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

#[derive(Args, Debug)]
pub struct PairArgs {
    #[command(flatten)]
    common: MatchArgs,
}

/// `pair`: the passage × entry table.
pub fn run_pair(args: PairArgs) -> Result<Outcome> {
    let (glossary, m) = args.common.matcher()?;
    let out = args.common.output.clone().unwrap_or_else(|| PathBuf::from("-"));
    let mut failed = false;
    let mut header = true;
    write_atomic(&out, &args.common.write_options(), |w| {
        failed = args.common.for_each_document(&m, |doc, hits| {
            let rows = report::pair_rows(&doc, &glossary, &hits);
            report::write_pair_csv(w, &rows, std::mem::take(&mut header))
        })?;
        if header {
            report::write_pair_csv(w, &[], true)?;
        }
        Ok(())
    })?;
    Ok(if failed { Outcome::Error } else { Outcome::Clean })
}
