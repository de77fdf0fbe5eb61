//! `termalign scan`, `termalign check` and `termalign pair`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use termalign::Result;
use termalign::align::terms::TermCheck;
use termalign::corpus::{self, Document, Layout, Track};
use termalign::glossary::Glossary;
use termalign::input::DecodeOptions;
use termalign::matcher::Hit;
use termalign::matcher::Status;
use termalign::matcher::{MatchOptions, Matcher};
use termalign::output::{WriteOptions, write_atomic};
use termalign::report::{self, Format, Printer, SourceRef, Summary};
use termalign::review::consistency::{Scope, Tally, Verdicts};
use termalign::review::crosscheck;
use termalign::search::{self, Event, Located, SearchOptions};

use super::review::{ConsistencyArgs, SourceArgs};
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
    /// Threads to search with [default: the number of CPUs]; the output is the same for any number.
    #[arg(short = 'j', long, value_name = "N")]
    threads: Option<usize>,
    /// Read files with read(2) instead of mapping large ones into memory (for file systems
    /// where a map is slow, or files that may be truncated while they are searched).
    #[arg(long)]
    no_mmap: bool,
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

    fn decode(&self) -> DecodeOptions {
        DecodeOptions { encoding: self.encoding, lossy: self.lossy, ..DecodeOptions::default() }
    }

    fn threads(&self) -> usize {
        self.threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())).max(1)
    }

    /// The thread pool searches run on (`--threads`).
    fn pool(&self) -> Result<rayon::ThreadPool> {
        rayon::ThreadPoolBuilder::new()
            .num_threads(self.threads())
            .build()
            .map_err(|e| termalign::Error::usage(format!("cannot start {} threads: {e}", self.threads())))
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
            match Document::load_with(&path, self.layout.into(), &self.decode()) {
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
    /// Print `matches: N` (and `build_s:`, the seconds spent loading and compiling the
    /// glossary) on standard error at the end.
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
    let started = std::time::Instant::now();
    let (glossary, m) = args.common.matcher()?;
    let build_s = started.elapsed().as_secs_f64();
    let format = args.format();
    // the offsets format has no status column: no consistency pass, constant memory
    let scope = if format == Format::Offsets { Scope::Off } else { args.consistency.scope() };
    let opts = SearchOptions {
        layout: args.common.layout.into(),
        decode: args.common.decode(),
        parallel: args.common.threads() > 1,
        track: Track { columns: format != Format::Offsets, passages: format != Format::Offsets },
        line_text: format == Format::Human,
        surface: format != Format::Offsets,
        mmap: !args.common.no_mmap,
    };
    let paths = corpus::expand_paths(&args.common.files)?;
    let mut out_state = Out { printer: Printer::new(format, args.color()), summary: Summary::default(), check };
    let mut failed = false;
    let mut progress = Progress::new(&paths);
    let out = args.common.output.clone().unwrap_or_else(|| PathBuf::from("-"));
    let write_opts = args.common.write_options();
    args.common.pool()?.install(|| {
        write_atomic(&out, &write_opts, |w| {
            // Hits wait for the consistency verdicts of their scope; with the check off
            // they are printed block by block.
            let o = &mut out_state;
            let mut held: Vec<(PathBuf, Vec<Located>)> = Vec::new();
            let mut tally = Tally::default();
            let none = Verdicts::default();
            search::search_files(&paths, &m, &opts, &mut |ev| match ev {
                Event::Hits(path, hits, done) => {
                    progress.update(done);
                    if held.last().is_none_or(|(p, _)| p != path) {
                        o.summary.files += 1;
                        o.printer.begin_file(w, path)?;
                        held.push((path.to_path_buf(), Vec::new()));
                    }
                    if scope == Scope::Off {
                        return o.print(w, &glossary, path, hits, None, &none);
                    }
                    for l in hits.iter() {
                        tally.add_hit(&glossary, &l.hit, &l.surface);
                    }
                    held.last_mut().expect("pushed above").1.append(hits);
                    Ok(())
                }
                Event::Done(path) => {
                    progress.finish_file(path);
                    if scope == Scope::Document {
                        let verdicts = std::mem::take(&mut tally).verdicts(&glossary);
                        let mut hits = held.last_mut().map(|(_, h)| std::mem::take(h)).unwrap_or_default();
                        o.print(w, &glossary, path, &mut hits, None, &verdicts)?;
                    }
                    Ok(())
                }
                Event::Failed(path, e) => {
                    progress.suspend(|| eprintln!("termalign: {e}"));
                    failed = true;
                    if scope == Scope::Document {
                        tally = Tally::default(); // what was read of the file is dropped with it
                        if let Some((p, h)) = held.last_mut()
                            && p == path
                        {
                            h.clear();
                        }
                    }
                    Ok(())
                }
            })?;
            if scope == Scope::Run {
                let verdicts = std::mem::take(&mut tally).verdicts(&glossary);
                for (path, mut hits) in std::mem::take(&mut held) {
                    o.print(w, &glossary, &path, &mut hits, None, &verdicts)?;
                }
            }
            progress.clear();
            o.printer.finish(w)?;
            if check && format == Format::Human {
                let summary = o.summary;
                writeln!(w, "{}{summary}", if summary.needs_attention() > 0 { "\n" } else { "" })
                    .map_err(|e| termalign::Error::io("-", "cannot write output", e))?;
            }
            Ok(())
        })
    })?;
    let summary = out_state.summary;
    if check && format != Format::Human {
        eprintln!("{summary}");
    }
    if args.count {
        eprintln!("build_s: {build_s:.3}\nmatches: {}", summary.hits);
    }
    Ok(if failed {
        Outcome::Error
    } else if check && summary.needs_attention() > 0 {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

/// The printer and the counts of a `scan` or `check` run.
struct Out {
    printer: Printer,
    summary: Summary,
    check: bool,
}

impl Out {
    /// Applies the consistency verdicts, counts, keeps what `check` shows, prints. With
    /// `sources` (`check --source`), `sources[i]` is the aligned Chinese of `hits[i]`.
    fn print(
        &mut self,
        w: &mut dyn std::io::Write,
        glossary: &Glossary,
        path: &Path,
        hits: &mut Vec<Located>,
        mut sources: Option<Vec<SourceRef>>,
        v: &Verdicts,
    ) -> Result<()> {
        let mut keep = Vec::with_capacity(hits.len());
        for l in hits.iter_mut() {
            if v.departs(glossary, &l.hit, &l.surface) {
                l.hit.status = Status::Inconsistent;
            }
            self.summary.count(l.hit.status);
            keep.push(!self.check || l.hit.status.needs_attention());
        }
        let mut k = keep.iter();
        hits.retain(|_| k.next().is_some_and(|&k| k));
        let suggest = |h: &Hit| v.suggestion(h);
        match &mut sources {
            None => self.printer.located(w, path, glossary, hits, &suggest),
            Some(s) => {
                let mut k = keep.iter();
                s.retain(|_| k.next().is_some_and(|&k| k));
                self.printer.located_with_source(w, path, glossary, hits, s, &suggest)
            }
        }
    }
}

/// `check`: `scan`'s options, and the Chinese source to check the English against.
#[derive(Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    scan: ScanArgs,
    #[command(flatten)]
    source: SourceArgs,
}

/// `check`: the English alone, or against its Chinese source (`--source`).
pub fn run_check(args: CheckArgs) -> Result<Outcome> {
    match args.source.source.clone() {
        None => run(args.scan, true),
        Some(zh) => run_against_source(args, &zh),
    }
}

/// `check --source ZH_FILE EN_FILE`: the hits of the English and the cross-language
/// findings of every aligned pair ([`termalign::review::crosscheck`]). Unlike plain
/// `check`, the English is held whole: the aligner needs all of it, and a translation is
/// a document, not a corpus.
fn run_against_source(args: CheckArgs, zh: &Path) -> Result<Outcome> {
    let CheckArgs { scan: args, source } = args;
    let paths = corpus::expand_paths(&args.common.files)?;
    let [path] = paths.as_slice() else {
        let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        return Err(termalign::Error::usage(format!(
            "check --source {} takes exactly one English file, the translation of it; got {}{}",
            zh.display(),
            paths.len(),
            if names.is_empty() { String::new() } else { format!(": {}", names.join(", ")) }
        )));
    };
    let started = std::time::Instant::now();
    let (glossary, m) = args.common.matcher()?;
    let build_s = started.elapsed().as_secs_f64();
    let en = Document::load_with(path, args.common.layout.into(), &args.common.decode())?;
    let bitext = source.bitext(&en, &glossary, 0)?.ok_or_else(|| termalign::Error::usage("--source is missing"))?;
    let format = args.format();
    let hits = args.common.pool()?.install(|| m.find_par(en.text()));
    let verdicts = match args.consistency.scope() {
        Scope::Off => Verdicts::default(),
        Scope::Document | Scope::Run => {
            let mut tally = Tally::default();
            tally.add(&glossary, en.text(), &hits);
            tally.verdicts(&glossary)
        }
    };
    let check = TermCheck::new(&glossary, &m);
    let sourced = crosscheck::cross_check(&check, &bitext, hits);
    let found: Vec<Hit> = sourced.iter().map(|s| s.hit).collect();
    let mut located = search::locate_document(&en, &found, format == Format::Human);
    let sources: Vec<SourceRef> = sourced.iter().map(|s| s.source_ref(&bitext)).collect();
    let printer = Printer::new(format, args.color()).with_source(zh);
    let mut o = Out { printer, summary: Summary { files: 1, source: true, ..Summary::default() }, check: true };
    let out = args.common.output.clone().unwrap_or_else(|| PathBuf::from("-"));
    let mut write_opts = args.common.write_options();
    write_opts.inputs.extend(source.inputs());
    write_atomic(&out, &write_opts, |w| {
        o.printer.begin_file(w, path)?;
        o.print(w, &glossary, path, &mut located, Some(sources), &verdicts)?;
        o.printer.finish(w)?;
        if format == Format::Human {
            let summary = o.summary;
            writeln!(w, "{}{summary}", if summary.needs_attention() > 0 { "\n" } else { "" })
                .map_err(|e| termalign::Error::io("-", "cannot write output", e))?;
        }
        Ok(())
    })?;
    if format != Format::Human {
        eprintln!("{}", o.summary);
    }
    if args.count {
        eprintln!("build_s: {build_s:.3}\nmatches: {}", o.summary.hits);
    }
    Ok(if o.summary.needs_attention() > 0 { Outcome::Findings } else { Outcome::Clean })
}

/// A progress bar on standard error for long runs on a terminal; never in pipes or CI
/// logs (standard error not a terminal, or `CI` set). It appears after two seconds.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    enabled: bool,
    started: std::time::Instant,
    total: u64,
    done_files: u64,
    current: u64,
}

impl Progress {
    fn new(paths: &[PathBuf]) -> Progress {
        let enabled = std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
        let total =
            if enabled { paths.iter().filter_map(|p| std::fs::metadata(p).ok()).map(|m| m.len()).sum() } else { 0 };
        Progress { bar: None, enabled, started: std::time::Instant::now(), total, done_files: 0, current: 0 }
    }

    fn update(&mut self, done: usize) {
        if !self.enabled {
            return;
        }
        self.current = done as u64;
        if self.bar.is_none() && self.started.elapsed().as_secs() >= 2 && self.total > 0 {
            let bar = indicatif::ProgressBar::new(self.total);
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{bar:40} {bytes}/{total_bytes} {binary_bytes_per_sec} eta {eta}",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            self.bar = Some(bar);
        }
        if let Some(bar) = &self.bar {
            bar.set_position(self.done_files + self.current);
        }
    }

    fn finish_file(&mut self, path: &Path) {
        if self.enabled {
            self.done_files += std::fs::metadata(path).map_or(self.current, |m| m.len());
            self.current = 0;
        }
    }

    fn suspend(&self, f: impl FnOnce()) {
        match &self.bar {
            Some(bar) => bar.suspend(f),
            None => f(),
        }
    }

    fn clear(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
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
