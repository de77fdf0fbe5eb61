//! `termalign glossary validate|lint|stats|import`.

use std::io::Write;
use std::path::PathBuf;

use clap::Subcommand;
use termalign::Result;
use termalign::glossary::{self, Glossary, validate::Severity};

use super::{GlossaryArgs, GlossaryFormatArgs, Outcome};

#[derive(Subcommand)]
pub enum GlossaryCommand {
    /// Check glossary files (default: the embedded term base) for duplicate ids, forms
    /// claimed by two entries, deprecated forms equal to admitted ones, empty forms and
    /// unknown columns. Exit code 1 when an error is found.
    Validate {
        /// Glossary CSV files, checked together as one merged glossary.
        files: Vec<PathBuf>,
        #[command(flatten)]
        format: GlossaryFormatArgs,
    },
    /// Warn about forms that match in surprising ways: an entry hidden inside another's
    /// longer form without the Chinese nesting too, a deprecated form inside an admitted
    /// one, forms that are common English words. Exit code 1 when anything is found.
    Lint {
        /// Glossary CSV files, checked together as one merged glossary.
        files: Vec<PathBuf>,
        #[command(flatten)]
        format: GlossaryFormatArgs,
    },
    /// Count entries and forms by category and status.
    Stats {
        #[command(flatten)]
        glossary: GlossaryArgs,
    },
    /// Convert a term base from TBX, memoQ, OmegaT or glossary CSV into termalign's CSV.
    Import(super::import::ImportArgs),
}

pub fn run(cmd: GlossaryCommand) -> Result<Outcome> {
    match cmd {
        GlossaryCommand::Validate { files, format } => validate(&files, &format),
        GlossaryCommand::Lint { files, format } => lint(&files, &format),
        GlossaryCommand::Stats { glossary } => stats(&glossary.load()?),
        GlossaryCommand::Import(args) => super::import::run(args),
    }
}

fn validate(files: &[PathBuf], format: &GlossaryFormatArgs) -> Result<Outcome> {
    let loaded = glossary::load_with(files, files.is_empty(), &format.options())?;
    let mut diags = loaded.diagnostics;
    diags.extend(glossary::validate::validate(&loaded.glossary));
    let mut out = std::io::stdout().lock();
    let werr = |e| termalign::Error::io("-", "cannot write standard output", e);
    for d in &diags {
        writeln!(out, "{d}").map_err(werr)?;
    }
    let errors = diags.iter().filter(|d| d.severity == Severity::Error).count();
    let warnings = diags.len() - errors;
    writeln!(out, "{} entries: {errors} errors, {warnings} warnings", loaded.glossary.len()).map_err(werr)?;
    Ok(if errors > 0 { Outcome::Findings } else { Outcome::Clean })
}

fn lint(files: &[PathBuf], format: &GlossaryFormatArgs) -> Result<Outcome> {
    let loaded = glossary::load_with(files, files.is_empty(), &format.options())?;
    let diags = glossary::lint::lint(&loaded.glossary);
    let mut out = std::io::stdout().lock();
    let werr = |e| termalign::Error::io("-", "cannot write standard output", e);
    for d in &diags {
        writeln!(out, "{d}").map_err(werr)?;
    }
    writeln!(out, "{} entries: {} warnings", loaded.glossary.len(), diags.len()).map_err(werr)?;
    Ok(if diags.is_empty() { Outcome::Clean } else { Outcome::Findings })
}

fn stats(g: &Glossary) -> Result<Outcome> {
    let s = g.stats();
    let mut out = std::io::stdout().lock();
    let werr = |e| termalign::Error::io("-", "cannot write standard output", e);
    writeln!(out, "entries: {}  (with Chinese: {})", s.entries, s.with_zh).map_err(werr)?;
    writeln!(out, "forms: {} preferred, {} variant, {} deprecated", s.preferred, s.variants, s.deprecated)
        .map_err(werr)?;
    writeln!(out, "\n{:<24} {:>7} {:>8} {:>10}", "category", "entries", "variants", "deprecated").map_err(werr)?;
    for c in &s.by_category {
        writeln!(out, "{:<24} {:>7} {:>8} {:>10}", c.category, c.entries, c.variants, c.deprecated).map_err(werr)?;
    }
    Ok(Outcome::Clean)
}
