//! Argument parsing and dispatch for the `termalign` binary.
//!
//! Each subcommand has its own file with a clap-derive `Args` struct and a `run`
//! function that calls the library and prints. No capability lives here: if a command
//! needs logic that is not printing, it belongs in the library.
//!
//! Exit codes, the same for every command: 0 = done and nothing needs attention, 1 = the
//! command found something that needs attention (`check`, `glossary validate`), 2 = an
//! error (bad file, bad glossary, bad arguments). A closed pipe on output is a normal end.

mod align;
mod export;
mod glossary;
mod import;
mod review;
mod scan;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use termalign::Result;

/// Terminology checking for Chinese→English diplomatic translation.
#[derive(Parser)]
#[command(name = "termalign", version, about, max_term_width = 100)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print every glossary term found in the files, with its status.
    Scan(scan::ScanArgs),
    /// Print only what needs attention (deprecated renderings, near-misses, inconsistent
    /// forms; with --source, terms of the Chinese the English does not render) and a
    /// summary; exit code 1 when something does.
    Check(scan::CheckArgs),
    /// CSV table of which passages hold which term entries.
    Pair(scan::PairArgs),
    /// Write the reviewer's HTML report: the documents with every term marked by status,
    /// a table of terms, filters; one self-contained file.
    Report(review::ReportArgs),
    /// Keyword in context: every occurrence of a term (or of every form of a glossary entry),
    /// aligned on the term, with file:line.
    Concord(review::ConcordArgs),
    /// Propose multi-word terms that recur in the files and are not in the glossary, ranked by
    /// C-value, as glossary CSV ready to review and merge.
    Extract(review::ExtractArgs),
    /// Work with term bases: validate, stats.
    #[command(subcommand)]
    Glossary(glossary::GlossaryCommand),
    /// Write the glossary in a format a CAT tool or MT engine imports.
    Export(export::ExportArgs),
    /// Pair the sentences of a Chinese text and its English translation (beads, TSV,
    /// JSON Lines or TMX).
    Align(align::AlignArgs),
    /// Align every chapter of a gold directory and score strict/lax precision, recall, F1.
    AlignEval(align::AlignEvalArgs),
}

/// What a command tells `main` about its outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing needs attention.
    Clean,
    /// Findings that need attention (exit code 1).
    Findings,
    /// Some input could not be processed; already reported (exit code 2).
    Error,
}

/// The glossary options shared by every command that matches or exports.
#[derive(Args, Debug, Clone, Default)]
pub struct GlossaryArgs {
    /// Add or override entries (by id) from a glossary CSV; repeatable.
    #[arg(long = "glossary", short = 'g', value_name = "FILE")]
    pub glossary: Vec<PathBuf>,
    /// Use only the --glossary files, not the embedded diplomatic term base.
    #[arg(long)]
    pub no_default_glossary: bool,
    #[command(flatten)]
    pub format: GlossaryFormatArgs,
}

/// How glossary files are written: encoding and delimiter.
#[derive(Args, Debug, Clone, Default)]
pub struct GlossaryFormatArgs {
    /// Encoding of the glossary files (default: detected; a byte-order mark always wins).
    #[arg(long, value_name = "NAME", value_parser = termalign::input::parse_encoding)]
    pub glossary_encoding: Option<&'static termalign::input::Encoding>,
    /// Field delimiter of the glossary files: one character such as ';', or `tab` [default: ,].
    #[arg(long, value_name = "CHAR", value_parser = termalign::glossary::parse_delimiter)]
    pub glossary_delimiter: Option<u8>,
}

impl GlossaryFormatArgs {
    pub fn options(&self) -> termalign::glossary::CsvOptions {
        let mut o = termalign::glossary::CsvOptions::default();
        o.decode.encoding = self.glossary_encoding;
        o.delimiter = self.glossary_delimiter.unwrap_or(b',');
        o
    }
}

impl GlossaryArgs {
    /// Loads the glossary; prints reading warnings on standard error.
    pub fn load(&self) -> Result<termalign::glossary::Glossary> {
        if self.no_default_glossary && self.glossary.is_empty() {
            return Err(termalign::Error::usage(
                "--no-default-glossary needs at least one --glossary FILE (there would be no terms to look for)",
            ));
        }
        let r = termalign::glossary::load_with(&self.glossary, !self.no_default_glossary, &self.format.options())?;
        for d in &r.diagnostics {
            eprintln!("termalign: {d}");
        }
        termalign::glossary::validate::check_matchable(&r.glossary)?;
        Ok(r.glossary)
    }
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    let result = match cli.command {
        Command::Scan(args) => scan::run(args, false),
        Command::Check(args) => scan::run_check(args),
        Command::Pair(args) => scan::run_pair(args),
        Command::Report(args) => review::run_report(args),
        Command::Concord(args) => review::run_concord(args),
        Command::Extract(args) => review::run_extract(args),
        Command::Glossary(cmd) => glossary::run(cmd),
        Command::Export(args) => export::run(args),
        Command::Align(a) => align::run_align(a),
        Command::AlignEval(a) => align::run_eval(a),
    };
    match result {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Findings) => ExitCode::from(1),
        Ok(Outcome::Error) => ExitCode::from(2),
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("termalign: {e}");
            ExitCode::from(2)
        }
    }
}
