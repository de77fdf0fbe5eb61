//! `termalign export --to PROFILE`: the glossary in a format a CAT tool or MT engine reads.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::builder::PossibleValuesParser;
use clap::{Args, ValueEnum};
use termalign::export::{self, Direction, Options, PROFILES, Summary};
use termalign::output::{WriteOptions, write_atomic};
use termalign::{Error, Result};

use super::{GlossaryArgs, Outcome};

#[derive(Args)]
pub struct ExportArgs {
    /// The target tool's format (see the README for which tool reads which).
    #[arg(long = "to", value_name = "PROFILE", value_parser = PossibleValuesParser::new(PROFILES))]
    to: String,
    /// Output file (`-` = standard output). The extension must be one the tool reads.
    #[arg(short = 'o', long = "output", value_name = "FILE", default_value = "-")]
    output: PathBuf,
    #[command(flatten)]
    glossary: GlossaryArgs,
    /// Which language is the source of the translation.
    #[arg(long, value_enum, default_value = "zh-en")]
    direction: DirectionArg,
    /// Language tag of the source side (BCP 47); default: the tool's own spelling.
    #[arg(long, value_name = "LANG")]
    source_lang: Option<String>,
    /// Language tag of the target side (BCP 47); default: the tool's own spelling.
    #[arg(long, value_name = "LANG")]
    target_lang: Option<String>,
    /// Start the file with a UTF-8 byte-order mark (default only for Excel-bound tables).
    #[arg(long, overrides_with = "no_bom")]
    bom: bool,
    /// Never write a byte-order mark.
    #[arg(long, overrides_with = "bom")]
    no_bom: bool,
    /// Leave deprecated renderings out.
    #[arg(long)]
    exclude_deprecated: bool,
    /// Export only the entries that occur in these documents (English or Chinese text
    /// files, directories of *.txt, or -): the job glossary for one translation.
    #[arg(long, value_name = "FILE", num_args = 1..)]
    only_in: Vec<PathBuf>,
    /// With --only-in: add the sentence where each entry first occurs, where the format
    /// has a field for it (TBX context, memoQ/MultiTerm Example, comments, descriptions).
    #[arg(long, requires = "only_in")]
    with_context: bool,
    /// Replace an existing output file.
    #[arg(long)]
    force: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum DirectionArg {
    #[value(name = "zh-en")]
    ZhEn,
    #[value(name = "en-zh")]
    EnZh,
}

pub fn run(args: ExportArgs) -> Result<Outcome> {
    let exporter = export::profile(&args.to).expect("clap only accepts known profiles");
    check_output_name(&args.output, exporter.as_ref())?;
    let mut g = args.glossary.load()?;
    let mut context = Default::default();
    if !args.only_in.is_empty() {
        let total = g.len();
        let job = export::job::job_glossary(&g, &args.only_in)?;
        eprintln!("termalign: --only-in: {} of {total} entries occur in the documents", job.glossary.len());
        g = job.glossary;
        if args.with_context {
            context = job.context;
        }
    }
    let opts = Options {
        direction: match args.direction {
            DirectionArg::ZhEn => Direction::ZhEn,
            DirectionArg::EnZh => Direction::EnZh,
        },
        source_lang: args.source_lang,
        target_lang: args.target_lang,
        bom: if args.bom {
            Some(true)
        } else if args.no_bom {
            Some(false)
        } else {
            None
        },
        exclude_deprecated: args.exclude_deprecated,
        context,
    };
    let mut inputs = args.glossary.glossary.clone();
    inputs.extend(args.only_in.iter().cloned());
    let wopts = WriteOptions { force: args.force, inputs };
    let mut summary = Summary::default();
    write_atomic(&args.output, &wopts, |w| {
        summary = export::export(exporter.as_ref(), &g, &opts, w)?;
        Ok(())
    })?;
    report(&summary, &args.to, &args.output);
    Ok(Outcome::Clean)
}

/// Tools that pick their reader by file extension (OmegaT, Google) silently ignore or
/// misread a file with another one, so the name is checked before anything is written.
fn check_output_name(path: &Path, exporter: &dyn export::Exporter) -> Result<()> {
    if path.as_os_str() == "-" {
        if exporter.is_binary() && std::io::stdout().is_terminal() {
            return Err(Error::usage(format!(
                "the `{}` export is a binary file: name it with -o FILE.xlsx",
                exporter.name()
            )));
        }
        return Ok(());
    }
    let allowed = exporter.extensions();
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    if allowed.is_empty() || allowed.contains(&ext.as_str()) {
        return Ok(());
    }
    let list = allowed.iter().map(|e| format!("*.{e}")).collect::<Vec<_>>().join(" or ");
    Err(Error::usage(format!(
        "{}: the `{}` export must be named {list} (the tool chooses how to read a file by its extension)",
        path.display(),
        exporter.name()
    )))
}

fn report(s: &Summary, profile: &str, path: &Path) {
    let dest = if path.as_os_str() == "-" { "standard output".to_string() } else { path.display().to_string() };
    eprintln!("termalign: exported {} entries ({} records) as `{profile}` to {dest}", s.entries, s.records);
    if !s.skipped.is_empty() {
        let mut by_reason: indexmap::IndexMap<&str, Vec<&str>> = indexmap::IndexMap::new();
        for (id, why) in &s.skipped {
            by_reason.entry(why).or_default().push(id);
        }
        for (why, ids) in by_reason {
            let shown = ids.iter().take(8).copied().collect::<Vec<_>>().join(", ");
            let more = if ids.len() > 8 { format!(", … ({} more)", ids.len() - 8) } else { String::new() };
            eprintln!("termalign: skipped {} entries with {why}: {shown}{more}", ids.len());
        }
    }
    let mut seen = std::collections::HashSet::new();
    for w in s.warnings.iter().filter(|w| seen.insert(*w)) {
        eprintln!("termalign: warning: {w}");
    }
}
