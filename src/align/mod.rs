//! Sentence alignment of a Chinese text and its English translation.
//!
//! Translators do not translate sentence for sentence: a long Chinese sentence often
//! becomes two or three English ones, two short ones become one, and now and then a
//! sentence is dropped or added. Alignment recovers the *beads*: the smallest groups of
//! consecutive sentences that translate each other, in order. A bead is written
//! `[1,2]:[3]` (Chinese sentences 1 and 2 are translated by English sentence 3).
//!
//! # How
//!
//! A monotone dynamic programme ([`dp`]) chooses the sequence of beads of least total cost.
//! Bead shapes are 1-1, 1-2, 2-1, 1-3, 3-1, 2-2, 1-0, 0-1 and, because literary and
//! diplomatic translators split long Chinese sentences freely, 1-4 and 2-3. The cost of a
//! bead ([`cost`]) adds up independent pieces of evidence, each weighted by [`Params`]:
//!
//! * **Length**: English runs about three characters per Chinese character; a
//!   Gale–Church style normal model of the length difference, calibrated on the
//!   development set, scores how plausible the two lengths are as translations.
//! * **Lexical coverage**: for every sentence in the bead, the IDF-weighted share of its
//!   words that have a translation on the other side of the bead, according to a CC-CEDICT
//!   dictionary ([`dict`]), transliterated names (pinyin), numbers, Latin-script words and
//!   glossary anchors ([`lexicon`]). A sentence that nothing on the other side accounts
//!   for costs 1; one fully accounted for costs 0. This is the strongest signal.
//! * **Punctuation**: quotes, question and exclamation marks counted on both sides.
//! * **Shape penalties**: a price for every sentence beyond a 1-1, for many-to-many
//!   beads and for dropped sentences, so that beads grow only when the evidence asks.
//!
//! # Memory and time
//!
//! The search is restricted to a band around the diagonal; when the best path touches the
//! band's edge, the band is doubled and the search repeated, so a translation that
//! drifts far from the diagonal is still aligned exactly, and memory is linear in the
//! document length times the band width. Lexical coverage between every Chinese and
//! English sentence inside the band is computed once, as bit sets, so a bead's cost is a
//! few bit operations.
//!
//! [`score`] evaluates beads against a gold alignment exactly as the reference scorer of
//! Vecalign and Bertalign does; [`eval`] runs the development set and tunes parameters;
//! [`write`](mod@write) renders beads as `beads`, TSV, JSON Lines or TMX; [`terms`] checks that
//! every glossary term of a Chinese bead is rendered in its English.

pub mod cost;
pub mod dict;
pub mod dp;
pub mod eval;
pub mod ibm;
pub mod lexicon;
pub mod score;
pub mod terms;
pub mod write;

use std::ops::Range;

pub use dict::Dictionary;
pub use lexicon::{Document, Lexicon};

/// One bead: consecutive Chinese sentences `zh` translated by consecutive English
/// sentences `en` (either may be empty, not both).
#[derive(Debug, Clone, PartialEq)]
pub struct Bead {
    pub zh: Range<usize>,
    pub en: Range<usize>,
    /// Share (0–1) of the bead's weighted words that find a translation on the other side;
    /// 0 for a bead with an empty side.
    pub confidence: f64,
}

impl Bead {
    /// `1-1`, `1-2`, `0-1`...
    pub fn shape(&self) -> String {
        format!("{}-{}", self.zh.len(), self.en.len())
    }
}

/// The weights of the cost model. Defaults are tuned on the development set (see
/// `bench/ALIGN.md`); [`Params::set`] changes one by name for experiments.
#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    /// English characters per Chinese character (non-space), for the length model.
    pub len_ratio: f64,
    /// Variance of the length difference per character.
    pub len_var: f64,
    /// Weight of the length cost.
    pub w_len: f64,
    /// Weight of the lexical cost (1 − coverage, summed over the bead's sentences).
    pub w_lex: f64,
    /// Weight of the punctuation mismatch (per unmatched quote, ? or !).
    pub w_punct: f64,
    /// Price of every sentence in a bead beyond the first on each side.
    pub merge: f64,
    /// Extra price of a bead with two or more sentences on both sides.
    pub many: f64,
    /// Price of a sentence left without translation (1-0, 0-1).
    pub skip: f64,
    /// Coverage assumed for a sentence with no word that could carry evidence.
    pub empty_cov: f64,
    /// Re-alignments with translations learnt from the previous alignment (0 = off).
    pub ibm_passes: usize,
    /// Least `t(e | z)` for a learnt translation to count.
    pub ibm_min: f64,
    /// Half-width of the first search band, in sentences.
    pub band: usize,
    /// Bead shapes the search may use, as (Chinese, English) sentence counts.
    pub shapes: Vec<(usize, usize)>,
}

impl Default for Params {
    fn default() -> Params {
        Params {
            len_ratio: 3.39,
            len_var: 2.44,
            w_len: 0.111,
            w_lex: 1.07,
            w_punct: 0.225,
            merge: 0.4,
            many: 0.5,
            skip: 1.33,
            empty_cov: 0.5,
            ibm_passes: 1,
            ibm_min: 0.3,
            band: 24,
            shapes: vec![
                (1, 1),
                (1, 2),
                (2, 1),
                (1, 3),
                (3, 1),
                (2, 2),
                (1, 0),
                (0, 1),
                (1, 4),
                (2, 3),
                (1, 5),
                (3, 2),
            ],
        }
    }
}

impl Params {
    /// Names of the numeric parameters, for `--set NAME=VALUE` and the tuner.
    pub const NAMES: &'static [&'static str] = &[
        "len_ratio",
        "len_var",
        "w_len",
        "w_lex",
        "w_punct",
        "merge",
        "many",
        "skip",
        "empty_cov",
        "ibm_passes",
        "ibm_min",
        "band",
    ];

    /// Sets one parameter by name; `shapes` takes a list such as `1-1,1-2,2-1,0-1,1-0`.
    pub fn set(&mut self, name: &str, value: &str) -> crate::Result<()> {
        let bad = |what: &str| crate::Error::usage(format!("--set {name}={value}: {what}"));
        if name == "shapes" {
            let mut shapes = Vec::new();
            for s in value.split(',') {
                let (a, b) = s.trim().split_once('-').ok_or_else(|| bad("shapes are written Z-E, e.g. 1-2"))?;
                let z: usize = a.parse().map_err(|_| bad("not a number"))?;
                let e: usize = b.parse().map_err(|_| bad("not a number"))?;
                if z + e == 0 || z > 8 || e > 8 {
                    return Err(bad("a shape needs 1 to 8 sentences on a side, not both empty"));
                }
                shapes.push((z, e));
            }
            self.shapes = shapes;
            return Ok(());
        }
        let v: f64 = value.parse().map_err(|_| bad("not a number"))?;
        if !v.is_finite() || v < 0.0 {
            return Err(bad("must be a finite number, zero or more"));
        }
        match name {
            "len_ratio" if v > 0.0 => self.len_ratio = v,
            "len_var" if v > 0.0 => self.len_var = v,
            "w_len" => self.w_len = v,
            "w_lex" => self.w_lex = v,
            "w_punct" => self.w_punct = v,
            "merge" => self.merge = v,
            "many" => self.many = v,
            "skip" => self.skip = v,
            "empty_cov" if v <= 1.0 => self.empty_cov = v,
            "band" if v >= 1.0 => self.band = v as usize,
            "ibm_passes" if v <= 5.0 => self.ibm_passes = v as usize,
            "ibm_min" if v <= 1.0 => self.ibm_min = v,
            "len_ratio" | "len_var" | "empty_cov" | "band" | "ibm_passes" | "ibm_min" => {
                return Err(bad("out of range"));
            }
            _ => return Err(bad(&format!("unknown parameter; known: {}, shapes", Params::NAMES.join(", ")))),
        }
        Ok(())
    }

    /// The value of a numeric parameter by name.
    pub fn get(&self, name: &str) -> Option<f64> {
        Some(match name {
            "len_ratio" => self.len_ratio,
            "len_var" => self.len_var,
            "w_len" => self.w_len,
            "w_lex" => self.w_lex,
            "w_punct" => self.w_punct,
            "merge" => self.merge,
            "many" => self.many,
            "skip" => self.skip,
            "empty_cov" => self.empty_cov,
            "band" => self.band as f64,
            "ibm_passes" => self.ibm_passes as f64,
            "ibm_min" => self.ibm_min,
            _ => return None,
        })
    }
}

/// Aligns an analysed document: beads covering every sentence of both sides once, in
/// order.
pub fn align_document(doc: &Document, params: &Params) -> Vec<Bead> {
    let first = dp::Prepared::new(doc).align(params);
    refine(doc, first, params)
}

/// EM iterations of the document's own translation model.
const IBM_ITERATIONS: usize = 5;

/// Re-aligns `doc` with translations learnt from `beads` ([`ibm`]), `ibm_passes` times.
pub fn refine(doc: &Document, mut beads: Vec<Bead>, params: &Params) -> Vec<Bead> {
    for _ in 0..params.ibm_passes {
        let links = ibm::learn(doc, &beads, IBM_ITERATIONS, params.ibm_min);
        let augmented = ibm::augment(doc, &links);
        beads = dp::Prepared::new(&augmented).align_near(params, Some(&beads));
    }
    beads
}

/// Aligns two lists of sentences with a lexicon: the usual entry point.
pub fn align(lexicon: &Lexicon, zh: &[&str], en: &[&str], params: &Params) -> Vec<Bead> {
    align_document(&lexicon.document(zh, en), params)
}
