//! `termalign report`, `concord` and `extract`, and the consistency option that `scan`,
//! `check` and `report` share.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use termalign::glossary::Glossary;
use termalign::output::write_atomic;
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

#[derive(Args, Debug)]
pub struct ReportArgs {
    #[command(flatten)]
    common: MatchArgs,
    #[command(flatten)]
    consistency: ConsistencyArgs,
    /// Title of the page (default: "Terminology report").
    #[arg(long, value_name = "TEXT")]
    title: Option<String>,
}

/// `report`: one self-contained HTML page with every hit marked.
pub fn run_report(args: ReportArgs) -> Result<Outcome> {
    let (glossary, m) = args.common.matcher()?;
    let mut pass = Pass::new(args.consistency.scope());
    let mut judged = Vec::new();
    let failed = args.common.for_each_document(&m, |doc, hits| {
        judged.extend(pass.push(&glossary, doc, hits));
        Ok(())
    })?;
    judged.extend(pass.finish(&glossary));
    let opts = html::ReportOptions { title: args.title.clone().unwrap_or_default() };
    let out = args.common.output.clone().unwrap_or_else(|| PathBuf::from("-"));
    write_atomic(&out, &args.common.write_options(), |w| html::write_report(w, &glossary, &judged, &opts))?;
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
    let glossary = match query {
        Query::Id(_) => args.common.load_glossary()?,
        Query::Text(_) => Glossary::new(),
    };
    let c = Concordancer::new(&query, &glossary, args.common.match_options()?)?;
    let width = usize::from(args.width);
    let out = args.common.output.clone().unwrap_or_else(|| PathBuf::from("-"));
    let mut rows = Vec::new();
    let mut failed = false;
    write_atomic(&out, &args.common.write_options(), |w| {
        failed = args.common.for_each_document(c.matcher(), |doc, hits| {
            let lines = c.lines(&doc, &hits, width);
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
    common: MatchArgs,
}

/// `extract`: candidate terms not yet in the glossary, as glossary CSV.
pub fn run_extract(args: ExtractArgs) -> Result<Outcome> {
    let (glossary, m) = args.common.matcher()?;
    let opts = ExtractOptions { min_freq: args.min_freq as usize, max_words: usize::from(args.max_words) };
    let mut x = Extractor::new(opts);
    let failed = args.common.for_each_document(&m, |doc, hits| {
        x.add(&doc, &hits);
        Ok(())
    })?;
    let mut candidates = x.candidates();
    candidates.truncate(args.top.unwrap_or(usize::MAX));
    let found = extract::to_glossary(&candidates, &[], &glossary);
    let out = args.common.output.clone().unwrap_or_else(|| PathBuf::from("-"));
    write_atomic(&out, &args.common.write_options(), |w| termalign::glossary::write_csv(&found, w))?;
    eprintln!("termalign: {} candidate{}", found.len(), if found.len() == 1 { "" } else { "s" });
    Ok(if failed { Outcome::Error } else { Outcome::Clean })
}
