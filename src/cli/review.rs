//! `termalign report`, `concord` and `extract`, and the consistency option that `scan`,
//! `check` and `report` share.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use termalign::Result;
use termalign::output::write_atomic;
use termalign::review::consistency::{Pass, Scope};
use termalign::review::html;

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
