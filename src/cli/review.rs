//! `termalign report`, `concord` and `extract`, and the consistency option that `scan`,
//! `check` and `report` share.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use termalign::align::terms::TermCheck;
use termalign::align::{Dictionary, Lexicon, Params};
use termalign::corpus::{Document, Layout};
use termalign::glossary::Glossary;
use termalign::output::write_atomic;
use termalign::review::bilingual::{self, AlignedPair};
use termalign::review::bitext::{Bitext, Split};
use termalign::review::concord::{self, Concordancer, Query};
use termalign::review::consistency::{Pass, Scope};
use termalign::review::extract::{self, ExtractOptions, Extractor};
use termalign::review::html;
use termalign::{Error, Result};

use super::Outcome;
use super::scan::MatchArgs;

#[derive(Clone, Copy, Debug, Default, ValueEnum)]
pub enum ScopeArg {
    /// One writing per term within each document.
    #[default]
    Document,
    /// One writing per term across all files of the run (chapters of one translation).
    Run,
    /// Do not check consistency.
    Off,
}

/// `--consistency`: see `termalign::review::consistency`.
#[derive(Args, Debug, Clone, Copy, Default)]
pub struct ConsistencyArgs {
    /// Report a term written in two admitted ways (good-neighborly / good-neighbourly) as
    /// `inconsistent`, within each document or across the run. Run scope keeps the run's
    /// documents in memory until the end.
    #[arg(long, value_enum, default_value_t, value_name = "SCOPE")]
    consistency: ScopeArg,
}

impl ConsistencyArgs {
    pub fn scope(self) -> Scope {
        match self.consistency {
            ScopeArg::Document => Scope::Document,
            ScopeArg::Run => Scope::Run,
            ScopeArg::Off => Scope::Off,
        }
    }
}

/// `--source` and `--dict`: the Chinese original of the (one) English file, aligned.
#[derive(Args, Debug, Clone, Default)]
pub struct SourceArgs {
    /// The Chinese source of the English file, aligned sentence by sentence with it
    /// (as `termalign align` does); takes exactly one English file.
    #[arg(long, value_name = "ZH_FILE")]
    pub(super) source: Option<PathBuf>,
    /// CC-CEDICT dictionary (plain or .gz) to align with; without it, alignment rests on
    /// length, punctuation, names, numbers and glossary anchors.
    #[arg(long, value_name = "PATH", requires = "source")]
    dict: Option<PathBuf>,
    /// The English file and its source are already split: one sentence per line.
    #[arg(long, requires = "source")]
    presplit: bool,
    /// Encoding of the Chinese source (default: detected; a byte-order mark always wins).
    /// `--encoding` names the English file's.
    #[arg(long, value_name = "NAME", value_parser = termalign::input::parse_encoding, requires = "source")]
    source_encoding: Option<&'static termalign::input::Encoding>,
}

impl SourceArgs {
    /// Aligns `en` with the source, if one was given. `seen` counts the English documents
    /// so far: a source pairs with one English file only.
    pub(super) fn bitext(&self, en: &Document, glossary: &Glossary, seen: usize) -> Result<Option<Bitext>> {
        let Some(zh) = &self.source else { return Ok(None) };
        if zh.as_os_str() == "-" && en.path().as_os_str() == "-" {
            return Err(Error::usage("--source - and the English file both name standard input; give one as a file"));
        }
        if seen > 0 {
            return Err(Error::usage(format!(
                "--source {} pairs with one English file; {} is a second one",
                zh.display(),
                en.path().display()
            )));
        }
        let decode = termalign::input::DecodeOptions {
            encoding: self.source_encoding,
            encoding_flag: "--source-encoding",
            lossy_flag: None,
            ..Default::default()
        };
        let zh_doc = Document::load_with(zh, Layout::Auto, &decode)?;
        let dict = match &self.dict {
            Some(p) => Dictionary::load(p)?,
            None => {
                eprintln!(
                    "termalign: no --dict: aligning with {} on length, punctuation, names, numbers and glossary \
                     terms only (a CC-CEDICT file makes it more accurate)",
                    zh.display()
                );
                Dictionary::empty()
            }
        };
        let lexicon = Lexicon::new(&dict, glossary);
        let split = if self.presplit { Split::Lines } else { Split::Sentences };
        Ok(Some(Bitext::align_split(en, zh_doc, &lexicon, &Params::default(), split)))
    }

    pub(super) fn inputs(&self) -> impl Iterator<Item = PathBuf> + '_ {
        self.source.iter().chain(&self.dict).cloned()
    }
}

#[derive(Args, Debug)]
pub struct ReportArgs {
    #[command(flatten)]
    common: MatchArgs,
    #[command(flatten)]
    consistency: ConsistencyArgs,
    #[command(flatten)]
    source: SourceArgs,
    /// Title of the page (default: "Terminology report").
    #[arg(long, value_name = "TEXT")]
    title: Option<String>,
}

/// `report`: one self-contained HTML page with every hit marked.
pub fn run_report(args: ReportArgs) -> Result<Outcome> {
    let (glossary, m) = args.common.matcher()?;
    let mut pass = Pass::new(args.consistency.scope());
    let mut judged = Vec::new();
    let mut sources = Vec::new();
    let failed = args.common.for_each_document(&m, |doc, hits| {
        sources.push(args.source.bitext(&doc, &glossary, sources.len())?);
        judged.extend(pass.push(&glossary, doc, hits));
        Ok(())
    })?;
    judged.extend(pass.finish(&glossary));
    let check = TermCheck::new(&glossary, &m);
    let opts = html::ReportOptions {
        title: args.title.clone().unwrap_or_default(),
        sources: &sources,
        terms: args.source.source.is_some().then_some(&check),
    };
    let out = args.common.output.clone().unwrap_or_else(|| PathBuf::from("-"));
    let mut write_opts = args.common.write_options();
    write_opts.inputs.extend(args.source.inputs());
    write_atomic(&out, &write_opts, |w| html::write_report(w, &glossary, &judged, &opts))?;
    Ok(if failed { Outcome::Error } else { Outcome::Clean })
}

#[derive(Clone, Copy, Debug, Default, ValueEnum)]
pub enum ConcordFormat {
    /// One line per occurrence, aligned on the term.
    #[default]
    Text,
    /// One JSON object per occurrence: the `scan` fields plus `left` and `right`.
    Jsonl,
}

#[derive(Args, Debug)]
#[command(
    override_usage = "termalign concord [OPTIONS] <TERM> <FILE>...\n       termalign concord [OPTIONS] --id <ID> <FILE>..."
)]
pub struct ConcordArgs {
    /// Every form of the glossary entry with this id (preferred, variants, deprecated),
    /// each line with its status; without it, the first argument is the TERM.
    #[arg(long, value_name = "ID")]
    id: Option<String>,
    /// Characters of context on each side of the term.
    #[arg(long, value_name = "N", default_value_t = 40, value_parser = clap::value_parser!(u16).range(1..=1000))]
    width: u16,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: ConcordFormat,
    #[command(flatten)]
    source: SourceArgs,
    #[command(flatten)]
    common: MatchArgs,
}

/// `concord`: keyword-in-context lines of one term.
pub fn run_concord(mut args: ConcordArgs) -> Result<Outcome> {
    let query = match args.id.take() {
        Some(id) => Query::Id(id),
        None => {
            let term = args.common.take_first_file().map(|t| t.to_string_lossy().into_owned()).unwrap_or_default();
            if !args.common.has_files() {
                return Err(Error::usage(format!("concord: give the files to search after the term {term:?}")));
            }
            Query::Text(term)
        }
    };
    // the glossary gives --id its entry, and the aligner its anchors
    let glossary = match query {
        Query::Text(_) if args.source.source.is_none() => Glossary::new(),
        _ => args.common.load_glossary()?,
    };
    let c = Concordancer::new(&query, &glossary, args.common.match_options()?)?;
    let width = usize::from(args.width);
    let out = args.common.output.clone().unwrap_or_else(|| PathBuf::from("-"));
    let mut rows = Vec::new();
    let mut failed = false;
    let mut seen = 0;
    let mut write_opts = args.common.write_options();
    write_opts.inputs.extend(args.source.inputs());
    write_atomic(&out, &write_opts, |w| {
        failed = args.common.for_each_document(c.matcher(), |doc, hits| {
            let bitext = args.source.bitext(&doc, &glossary, seen)?;
            seen += 1;
            let lines = c.lines(&doc, &hits, width, bitext.as_ref());
            match args.format {
                ConcordFormat::Text => rows.extend(lines.iter().map(concord::Line::row)),
                ConcordFormat::Jsonl => {
                    for l in &lines {
                        serde_json::to_writer(&mut *w, l)
                            .map_err(|e| Error::usage(format!("cannot write JSON: {e}")))?;
                        w.write_all(b"\n").map_err(|e| Error::io("-", "cannot write output", e))?;
                    }
                }
            }
            Ok(())
        })?;
        let mut text = String::new();
        concord::write_kwic(&mut text, &rows, width, c.by_id());
        w.write_all(text.as_bytes()).map_err(|e| Error::io("-", "cannot write output", e))
    })?;
    Ok(if failed { Outcome::Error } else { Outcome::Clean })
}

#[derive(Args, Debug)]
pub struct ExtractArgs {
    /// Occurrences a candidate needs, outside glossary terms.
    #[arg(long, value_name = "N", default_value_t = 2, value_parser = clap::value_parser!(u32).range(1..))]
    min_freq: u32,
    /// Longest candidate, in words.
    #[arg(long, value_name = "N", default_value_t = 5, value_parser = clap::value_parser!(u16).range(2..=12))]
    max_words: u16,
    /// Keep only the N best candidates.
    #[arg(long, value_name = "N")]
    top: Option<usize>,
    #[command(flatten)]
    source: SourceArgs,
    #[command(flatten)]
    common: MatchArgs,
}

/// `extract`: candidate terms not yet in the glossary, as glossary CSV.
pub fn run_extract(args: ExtractArgs) -> Result<Outcome> {
    let (glossary, m) = args.common.matcher()?;
    let opts = ExtractOptions { min_freq: args.min_freq as usize, max_words: usize::from(args.max_words) };
    let mut x = Extractor::new(opts);
    let mut pairs: Vec<AlignedPair> = Vec::new();
    let mut seen = 0;
    let failed = args.common.for_each_document(&m, |doc, hits| {
        if let Some(b) = args.source.bitext(&doc, &glossary, seen)? {
            pairs.extend(b.pairs.iter().map(|p| AlignedPair { doc: seen, en: p.en.clone(), zh: b.zh_text(p) }));
        }
        x.add(&doc, &hits);
        seen += 1;
        Ok(())
    })?;
    let mut candidates = x.candidates();
    candidates.truncate(args.top.unwrap_or(usize::MAX));
    let zh =
        if args.source.source.is_some() { bilingual::propose(&candidates, &pairs, &glossary, 3) } else { Vec::new() };
    let found = extract::to_glossary(&candidates, &zh, &glossary);
    let out = args.common.output.clone().unwrap_or_else(|| PathBuf::from("-"));
    let mut write_opts = args.common.write_options();
    write_opts.inputs.extend(args.source.inputs());
    write_atomic(&out, &write_opts, |w| termalign::glossary::write_csv(&found, w))?;
    eprintln!("termalign: {} candidate{}", found.len(), if found.len() == 1 { "" } else { "s" });
    Ok(if failed { Outcome::Error } else { Outcome::Clean })
}
