//! `termalign report`, `concord` and `extract`, and the consistency option that `scan`,
//! `check` and `report` share.

use clap::{Args, ValueEnum};
use termalign::review::consistency::Scope;

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
