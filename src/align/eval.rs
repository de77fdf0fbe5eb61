//! Evaluation on a gold set, parameter tuning, and leave-one-chapter-out validation.
//!
//! A gold directory holds chapters `NAME.zh`, `NAME.en` (one sentence per line) and
//! `NAME.align` (gold beads). [`load_dir`] reads them, [`Bench`] analyses every chapter
//! once and then aligns and scores them under any [`Params`], which makes tuning cheap.
//!
//! Tuning is plain coordinate descent on strict F1: each parameter in turn is scaled up
//! and down, and a change is kept only when it raises the score. Since every parameter
//! tuned on the development set may flatter the development score, [`Bench::cross_validate`]
//! tunes on all chapters but one, scores the one left out, and sums the held-out counts:
//! that figure, not the tuned one, predicts the quality on chapters never seen.

use std::path::{Path, PathBuf};

use super::dp::Prepared;
use super::lexicon::{Document, Lexicon};
use super::score::{self, DocCounts, IdBead};
use super::{Bead, Params};
use crate::error::{Error, Location, Result};
use crate::input::read_text;
use crate::segment::split_lines;

/// One gold chapter.
#[derive(Debug, Clone)]
pub struct Chapter {
    pub name: String,
    pub zh: Vec<String>,
    pub en: Vec<String>,
    pub gold: Vec<IdBead>,
}

/// Reads every `NAME.align` of `dir` with its `NAME.zh` and `NAME.en`, sorted by name.
pub fn load_dir(dir: &Path) -> Result<Vec<Chapter>> {
    let rd = std::fs::read_dir(dir).map_err(|e| Error::io(dir, "cannot read gold directory", e))?;
    let mut names: Vec<String> = rd
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().to_str().and_then(|n| n.strip_suffix(".align")).map(str::to_string))
        .collect();
    names.sort();
    if names.is_empty() {
        return Err(Error::data(Location::file(dir), "no NAME.align gold files in this directory"));
    }
    names.iter().map(|n| load_chapter(dir, n)).collect()
}

fn load_chapter(dir: &Path, name: &str) -> Result<Chapter> {
    let path = |ext: &str| -> PathBuf { dir.join(format!("{name}.{ext}")) };
    let lines = |p: PathBuf| -> Result<Vec<String>> {
        let t = read_text(&p)?;
        Ok(split_lines(&t.text).into_iter().map(|r| t.text[r].to_string()).collect())
    };
    let gold_path = path("align");
    let gold = score::parse_beads(&gold_path, &read_text(&gold_path)?.text)?;
    let (zh, en) = (lines(path("zh"))?, lines(path("en"))?);
    for (k, (src, tgt)) in gold.iter().enumerate() {
        let bad = src.iter().any(|&s| s >= zh.len()) || tgt.iter().any(|&t| t >= en.len());
        if bad {
            return Err(Error::at(
                &gold_path,
                k as u64 + 1,
                1,
                format!("bead names a sentence beyond the {} Chinese / {} English lines", zh.len(), en.len()),
            ));
        }
    }
    Ok(Chapter { name: name.to_string(), zh, en, gold })
}

/// Chapters analysed once, ready to be aligned under many parameter settings.
pub struct Bench {
    pub chapters: Vec<Chapter>,
    docs: Vec<Document>,
}

/// Scores of one run.
#[derive(Debug, Clone)]
pub struct Run {
    pub per_doc: Vec<DocCounts>,
    pub total: DocCounts,
    pub beads: Vec<Vec<Bead>>,
}

impl Bench {
    pub fn new(lexicon: &Lexicon, chapters: Vec<Chapter>) -> Bench {
        let docs = chapters
            .iter()
            .map(|c| {
                let zh: Vec<&str> = c.zh.iter().map(String::as_str).collect();
                let en: Vec<&str> = c.en.iter().map(String::as_str).collect();
                lexicon.document(&zh, &en)
            })
            .collect();
        Bench { chapters, docs }
    }

    /// Documents prepared for repeated searches (weights and band coverage).
    fn prepared(&self) -> Vec<Prepared<'_>> {
        self.docs.iter().map(Prepared::new).collect()
    }

    /// Aligns and scores the chapters `which` under `params`.
    fn run_on(&self, prep: &mut [Prepared], which: &[usize], params: &Params) -> Run {
        let mut run = Run { per_doc: Vec::new(), total: DocCounts::default(), beads: Vec::new() };
        for &k in which {
            let beads = super::refine(&self.docs[k], prep[k].align(params), params);
            let c = score::score(&self.chapters[k].gold, &score::id_beads(&beads));
            run.total += c;
            run.per_doc.push(c);
            run.beads.push(beads);
        }
        run
    }

    /// Aligns and scores every chapter.
    pub fn run(&self, params: &Params) -> Run {
        let mut prep = self.prepared();
        let all: Vec<usize> = (0..self.chapters.len()).collect();
        self.run_on(&mut prep, &all, params)
    }

    /// Coordinate descent on strict F1 over the chapters `which`, starting from `start`
    /// and changing only the parameters `names`.
    pub fn tune(&self, which: &[usize], start: &Params, names: &[&str], rounds: usize) -> Params {
        let mut prep = self.prepared();
        let objective = |r: &Run| {
            let s = r.total.summary();
            s.f1_strict + 1e-3 * s.f1_lax
        };
        let mut best = start.clone();
        let mut best_score = objective(&self.run_on(&mut prep, which, &best));
        for round in 0..rounds {
            let factors: &[f64] = if round == 0 { &[0.5, 0.75, 1.33, 2.0] } else { &[0.85, 0.93, 1.07, 1.18] };
            let mut improved = false;
            for &name in names {
                let Some(v0) = best.get(name) else { continue };
                for &f in factors {
                    let v = if v0 == 0.0 { f - 0.5 } else { v0 * f };
                    let mut cand = best.clone();
                    if cand.set(name, &format!("{v}")).is_err() || cand == best {
                        continue;
                    }
                    let sc = objective(&self.run_on(&mut prep, which, &cand));
                    if sc > best_score + 1e-9 {
                        best_score = sc;
                        best = cand;
                        improved = true;
                    }
                }
            }
            if !improved && round > 0 {
                break;
            }
        }
        best
    }

    /// Leave-one-chapter-out: for each chapter, tune on the others from `start`, then score
    /// it. Returns the held-out counts per chapter and the parameters each fold chose.
    pub fn cross_validate(&self, start: &Params, names: &[&str], rounds: usize) -> (Vec<DocCounts>, Vec<Params>) {
        let n = self.chapters.len();
        let mut held = Vec::new();
        let mut chosen = Vec::new();
        for k in 0..n {
            let train: Vec<usize> = (0..n).filter(|&x| x != k).collect();
            let p = self.tune(&train, start, names, rounds);
            let mut prep = self.prepared();
            held.push(self.run_on(&mut prep, &[k], &p).total);
            chosen.push(p);
        }
        (held, chosen)
    }
}
