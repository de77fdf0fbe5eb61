//! `termalign glossary import --from FORMAT FILE -o glossary.csv`.

use std::path::PathBuf;

use clap::Args;
use clap::builder::PossibleValuesParser;
use termalign::export::Direction;
use termalign::glossary::write_csv;
use termalign::import::{self, Format};
use termalign::input::DecodeOptions;
use termalign::output::{WriteOptions, write_atomic};
use termalign::{Error, Result};

use super::Outcome;

#[derive(Args)]
pub struct ImportArgs {
    /// The format of FILE.
    #[arg(long = "from", value_name = "FORMAT", value_parser = PossibleValuesParser::new(Format::NAMES))]
    from: String,
    /// The term base to import (`-` = standard input).
    file: PathBuf,
    /// The termalign glossary CSV to write (`-` = standard output).
    #[arg(short = 'o', long = "output", value_name = "FILE", default_value = "-")]
    output: PathBuf,
    /// For OmegaT glossaries: which column is Chinese (zh-en: the first).
    #[arg(long, default_value = "zh-en", value_parser = ["zh-en", "en-zh"])]
    direction: String,
    /// Replace an existing output file.
    #[arg(long)]
    force: bool,
    /// Encoding of FILE (default: detected; a byte-order mark always wins).
    #[arg(long, value_name = "NAME", value_parser = termalign::input::parse_encoding)]
    encoding: Option<&'static termalign::input::Encoding>,
}

pub fn run(args: ImportArgs) -> Result<Outcome> {
    let format = Format::from_name(&args.from).expect("clap only accepts known formats");
    let direction = if args.direction == "en-zh" { Direction::EnZh } else { Direction::ZhEn };
    if args.file.as_os_str() == "-" && args.output.as_os_str() == "-" && format == Format::Csv {
        return Err(Error::usage("reading and writing standard output: name the output with -o FILE"));
    }
    let decode = DecodeOptions { encoding: args.encoding, lossy_flag: None, ..DecodeOptions::default() };
    let imported = import::import_with(format, &args.file, direction, &decode)?;
    let wopts = WriteOptions { force: args.force, inputs: vec![args.file.clone()] };
    write_atomic(&args.output, &wopts, |w| write_csv(&imported.glossary, w))?;
    for w in &imported.warnings {
        eprintln!("termalign: warning: {w}");
    }
    eprintln!("termalign: imported {} entries from {}", imported.glossary.len(), args.file.display());
    Ok(Outcome::Clean)
}
