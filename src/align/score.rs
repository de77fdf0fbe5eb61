//! Scoring beads against a gold alignment: strict and lax precision, recall and F1.
//!
//! The definition is the one of the Vecalign and Bertalign scorers (after Sennrich & Volk),
//! as the reference `score_align.py` implements it, so that our figures compare with the
//! published ones:
//!
//! * **Precision** checks every predicted bead (duplicates collapsed, beads empty on both
//!   sides dropped) against the gold: identical to a gold bead is a strict and a lax hit;
//!   otherwise it is a strict miss, and still a lax hit when some gold bead links one of
//!   its Chinese sentences with one of its English sentences.
//! * **Recall** is the same test with the roles swapped, after removing every bead with
//!   an empty side from both alignments.
//! * Counts are summed over documents before dividing (micro average).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::error::{Error, Result};

/// A bead as the scorer sees it: sentence ids on each side.
pub type IdBead = (Vec<usize>, Vec<usize>);

/// Strict hits, strict misses, lax hits, lax misses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub strict_hit: usize,
    pub strict_miss: usize,
    pub lax_hit: usize,
    pub lax_miss: usize,
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, o: Counts) {
        self.strict_hit += o.strict_hit;
        self.strict_miss += o.strict_miss;
        self.lax_hit += o.lax_hit;
        self.lax_miss += o.lax_miss;
    }
}

/// Precision counts and recall counts of one or more documents.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DocCounts {
    pub precision: Counts,
    pub recall: Counts,
}

impl std::ops::AddAssign for DocCounts {
    fn add_assign(&mut self, o: DocCounts) {
        self.precision += o.precision;
        self.recall += o.recall;
    }
}

/// Precision, recall and F1, strict and lax.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct Summary {
    pub precision_strict: f64,
    pub recall_strict: f64,
    pub f1_strict: f64,
    pub precision_lax: f64,
    pub recall_lax: f64,
    pub f1_lax: f64,
    pub pred_beads: usize,
    pub gold_beads_no_empty: usize,
}

fn ratio(a: usize, b: usize) -> f64 {
    if a + b == 0 { 0.0 } else { a as f64 / (a + b) as f64 }
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
}

impl DocCounts {
    pub fn summary(&self) -> Summary {
        let (p, r) = (&self.precision, &self.recall);
        let (ps, pl) = (ratio(p.strict_hit, p.strict_miss), ratio(p.lax_hit, p.lax_miss));
        let (rs, rl) = (ratio(r.strict_hit, r.strict_miss), ratio(r.lax_hit, r.lax_miss));
        Summary {
            precision_strict: ps,
            recall_strict: rs,
            f1_strict: f1(ps, rs),
            precision_lax: pl,
            recall_lax: rl,
            f1_lax: f1(pl, rl),
            pred_beads: p.strict_hit + p.strict_miss,
            gold_beads_no_empty: r.strict_hit + r.strict_miss,
        }
    }
}

/// Checks every candidate bead against the reference beads.
fn hit_counts(reference: &[IdBead], candidate: &[IdBead]) -> Counts {
    let keep = |b: &&IdBead| !b.0.is_empty() || !b.1.is_empty();
    let reference: BTreeSet<&IdBead> = reference.iter().filter(keep).collect();
    let candidate: BTreeSet<&IdBead> = candidate.iter().filter(keep).collect();
    let mut linked: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    for (src, tgt) in &reference {
        for &s in src {
            linked.entry(s).or_default().extend(tgt.iter().copied());
        }
    }
    let mut c = Counts::default();
    for bead in candidate {
        if reference.contains(bead) {
            c.strict_hit += 1;
            c.lax_hit += 1;
            continue;
        }
        c.strict_miss += 1;
        let reachable = bead.0.iter().filter_map(|s| linked.get(s)).any(|t| bead.1.iter().any(|x| t.contains(x)));
        if reachable {
            c.lax_hit += 1;
        } else {
            c.lax_miss += 1;
        }
    }
    c
}

/// Counts for one document.
pub fn score(gold: &[IdBead], pred: &[IdBead]) -> DocCounts {
    let both = |v: &[IdBead]| v.iter().filter(|b| !b.0.is_empty() && !b.1.is_empty()).cloned().collect::<Vec<_>>();
    DocCounts { precision: hit_counts(gold, pred), recall: hit_counts(&both(pred), &both(gold)) }
}

/// Parses the `beads` format: `[0]:[0]`, `[1,2]:[3]`, `[4]:[]`, one per line; blank lines
/// are skipped and anything after a second `:` (a cost) is ignored.
pub fn parse_beads(path: &Path, text: &str) -> Result<Vec<IdBead>> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let err = |col: usize, msg: &str| {
            Error::at(path, n as u64 + 1, col as u64 + 1, format!("{msg}; a bead looks like `[1,2]:[3]`"))
        };
        let (src, rest) = bracket(line, 0).map_err(|(c, m)| err(c, m))?;
        let colon = rest + line[rest..].find(|c: char| !c.is_whitespace()).unwrap_or(line.len() - rest);
        if !line[colon..].starts_with(':') {
            return Err(err(line[..colon].chars().count(), "expected `:` between the two sides"));
        }
        let (tgt, _) = bracket(line, colon + 1).map_err(|(c, m)| err(c, m))?;
        out.push((src, tgt));
    }
    Ok(out)
}

/// Reads `[ids]` starting at byte `from` (after white space); returns the ids and the
/// byte after `]`, or the character column and message of the problem.
fn bracket(line: &str, from: usize) -> std::result::Result<(Vec<usize>, usize), (usize, &'static str)> {
    let col = |b: usize| line[..b].chars().count();
    let open = from + line[from..].find(|c: char| !c.is_whitespace()).unwrap_or(line.len() - from);
    if !line[open..].starts_with('[') {
        return Err((col(open), "expected `[`"));
    }
    let close = line[open..].find(']').map(|k| open + k).ok_or((col(open), "unclosed `[`"))?;
    let inner = line[open + 1..close].trim();
    let mut ids = Vec::new();
    if !inner.is_empty() {
        let mut at = open + 1;
        for part in line[open + 1..close].split(',') {
            let id = part.trim().parse().map_err(|_| (col(at), "expected a sentence number"))?;
            ids.push(id);
            at += part.len() + 1;
        }
    }
    Ok((ids, close + 1))
}

/// Beads as the scorer's id lists.
pub fn id_beads(beads: &[super::Bead]) -> Vec<IdBead> {
    beads.iter().map(|b| (b.zh.clone().collect(), b.en.clone().collect())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn beads(text: &str) -> Vec<IdBead> {
        parse_beads(Path::new("t.align"), text).unwrap()
    }

    /// The expected figures were produced by the reference scorer:
    /// `score_align.py -g gold.align -t pred.align --json` on these two files.
    #[test]
    fn matches_reference_scorer() {
        let gold = beads("[0]:[0]\n[1,2]:[1]\n[3]:[2,3]\n[4]:[]\n[]:[4]\n[5]:[5]\n[6,7]:[6,7]\n");
        let pred = beads("[0]:[0]\n[1]:[1]\n[2]:[]\n[3]:[2]\n[]:[3]\n[4]:[4]\n[5]:[5]\n[6]:[6]\n[7]:[7]\n[5]:[5]\n");
        let s = score(&gold, &pred).summary();
        let want = Summary {
            precision_strict: 2.0 / 9.0,
            recall_strict: 2.0 / 5.0,
            f1_strict: 0.285_714_285_714_285_7,
            precision_lax: 6.0 / 9.0,
            recall_lax: 1.0,
            f1_lax: 0.8,
            pred_beads: 9,
            gold_beads_no_empty: 5,
        };
        for (name, got, want) in [
            ("precision_strict", s.precision_strict, want.precision_strict),
            ("recall_strict", s.recall_strict, want.recall_strict),
            ("f1_strict", s.f1_strict, want.f1_strict),
            ("precision_lax", s.precision_lax, want.precision_lax),
            ("recall_lax", s.recall_lax, want.recall_lax),
            ("f1_lax", s.f1_lax, want.f1_lax),
        ] {
            assert!((got - want).abs() < 1e-12, "{name}: got {got}, want {want}");
        }
        assert_eq!((s.pred_beads, s.gold_beads_no_empty), (want.pred_beads, want.gold_beads_no_empty));
    }

    #[test]
    fn parse_errors_have_positions() {
        let cases: &[(&str, &str)] = &[
            ("[0]:[0]\n[1", "t.align:2:1: unclosed `[`; a bead looks like `[1,2]:[3]`"),
            ("0:[0]", "t.align:1:1: expected `[`; a bead looks like `[1,2]:[3]`"),
            ("[0] [0]", "t.align:1:5: expected `:` between the two sides; a bead looks like `[1,2]:[3]`"),
            ("[0,x]:[0]", "t.align:1:4: expected a sentence number; a bead looks like `[1,2]:[3]`"),
        ];
        for (text, want) in cases {
            let e = parse_beads(Path::new("t.align"), text).unwrap_err();
            assert_eq!(e.to_string(), *want, "input {text:?}");
        }
    }

    #[test]
    fn parses_costs_and_spaces() {
        assert_eq!(beads(" [1, 2] : [] :0.5\n\n[]:[3]"), vec![(vec![1, 2], vec![]), (vec![], vec![3])]);
    }
}
