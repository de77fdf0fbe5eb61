//! The cost of a bead: length, lexical coverage, punctuation and shape, added up.
//!
//! Costs are additive over sentences, so that paths with different bead shapes compare
//! fairly: every sentence contributes `1 − coverage` once, whether it sits in a 1-1 or a
//! 1-3 bead, and a bead can only win over its split by explaining its sentences better
//! than the split does, by more than the shape penalty.
//!
//! Coverage needs, for a bead, the union of the other side's translations. Computing it
//! from the words for every candidate bead would cost a hash lookup per word per bead; it
//! is instead computed once per *pair* of sentences inside the search band ([`Pairs`]):
//! which tokens of Chinese sentence *i* are translated in English sentence *j*, and the
//! other way round, as bit sets. A bead's coverage is then the OR of its pairs' bit sets.

use std::ops::Range;

use super::Params;
use super::lexicon::{Document, Sentence};

/// Inverse document frequency of each token, per side, and per-sentence totals.
#[derive(Debug, Clone)]
pub struct Weights {
    pub zh: Vec<Vec<f64>>,
    pub en: Vec<Vec<f64>>,
    pub zh_total: Vec<f64>,
    pub en_total: Vec<f64>,
    /// Prefix sums of characters and punctuation counts, so that a bead's lengths cost
    /// two lookups whatever its size.
    zh_prefix: Vec<[u32; 4]>,
    en_prefix: Vec<[u32; 4]>,
}

fn prefix(sents: &[Sentence]) -> Vec<[u32; 4]> {
    let mut acc = [0u32; 4];
    let mut out = vec![acc];
    for s in sents {
        acc[0] += s.chars as u32;
        for k in 0..3 {
            acc[k + 1] += u32::from(s.punct[k]);
        }
        out.push(acc);
    }
    out
}

/// Characters, then quotes, question and exclamation marks, of sentences `r`.
fn sums(prefix: &[[u32; 4]], r: &Range<usize>) -> [u32; 4] {
    let (a, b) = (prefix[r.start], prefix[r.end]);
    [b[0] - a[0], b[1] - a[1], b[2] - a[2], b[3] - a[3]]
}

impl Weights {
    pub fn new(doc: &Document) -> Weights {
        let (zh, zh_total) = idf(&doc.zh);
        let (en, en_total) = idf(&doc.en);
        Weights { zh, en, zh_total, en_total, zh_prefix: prefix(&doc.zh), en_prefix: prefix(&doc.en) }
    }
}

/// `ln(1 + N / df)`: never zero, so a word found in every sentence still counts a little.
fn idf(sents: &[Sentence]) -> (Vec<Vec<f64>>, Vec<f64>) {
    let mut df: rustc_hash::FxHashMap<u32, u32> = Default::default();
    for s in sents {
        let mut keys: Vec<u32> = s.tokens.iter().map(|t| t.key).collect();
        keys.sort_unstable();
        keys.dedup();
        for k in keys {
            *df.entry(k).or_default() += 1;
        }
    }
    let n = sents.len().max(1) as f64;
    let w: Vec<Vec<f64>> =
        sents.iter().map(|s| s.tokens.iter().map(|t| (1.0 + n / df[&t.key] as f64).ln()).collect()).collect();
    let totals = w.iter().map(|v| v.iter().sum()).collect();
    (w, totals)
}

/// Coverage bit sets for the sentence pairs inside a band.
#[derive(Debug, Clone)]
pub struct Pairs {
    /// English sentences paired with each Chinese sentence.
    pub rows: Vec<Range<usize>>,
    /// First pair index of each row.
    row_first: Vec<usize>,
    /// Arena offset of each pair's Chinese mask; its English mask follows.
    offset: Vec<usize>,
    arena: Vec<u64>,
    zh_words: Vec<usize>,
    en_words: Vec<usize>,
}

fn words_for(bits: usize) -> usize {
    bits.div_ceil(64)
}

impl Pairs {
    /// Computes the bit sets of every pair `(i, j)` with `j` in `rows[i]`.
    pub fn new(doc: &Document, rows: Vec<Range<usize>>) -> Pairs {
        let zh_words: Vec<usize> = doc.zh.iter().map(|s| words_for(s.tokens.len())).collect();
        let en_words: Vec<usize> = doc.en.iter().map(|s| words_for(s.tokens.len())).collect();
        let max_id = doc
            .zh
            .iter()
            .chain(&doc.en)
            .flat_map(|s| s.tokens.iter().flat_map(|t| t.ids.iter().copied()))
            .max()
            .map_or(0, |m| m as usize + 1);
        let mut stamp = vec![u32::MAX; max_id];
        let mut row_first = Vec::with_capacity(rows.len());
        let mut offset = Vec::new();
        let mut arena = Vec::new();
        let mut pair_no = 0u32;
        for (i, row) in rows.iter().enumerate() {
            row_first.push(offset.len());
            let zs = &doc.zh[i];
            for j in row.clone() {
                let es = &doc.en[j];
                offset.push(arena.len());
                let zbase = arena.len();
                arena.resize(zbase + zh_words[i] + en_words[j], 0);
                // Chinese tokens translated in j.
                for t in &es.tokens {
                    for &id in &t.ids {
                        stamp[id as usize] = pair_no;
                    }
                }
                for (k, t) in zs.tokens.iter().enumerate() {
                    if t.ids.iter().any(|&id| stamp[id as usize] == pair_no) {
                        arena[zbase + k / 64] |= 1 << (k % 64);
                    }
                }
                pair_no = pair_no.wrapping_add(1);
                // English tokens that translate something in i.
                for t in &zs.tokens {
                    for &id in &t.ids {
                        stamp[id as usize] = pair_no;
                    }
                }
                let ebase = zbase + zh_words[i];
                for (k, t) in es.tokens.iter().enumerate() {
                    if t.ids.iter().any(|&id| stamp[id as usize] == pair_no) {
                        arena[ebase + k / 64] |= 1 << (k % 64);
                    }
                }
                pair_no = pair_no.wrapping_add(1);
                if pair_no == u32::MAX {
                    stamp.fill(u32::MAX);
                    pair_no = 0;
                }
            }
        }
        Pairs { rows, row_first, offset, arena, zh_words, en_words }
    }

    fn base(&self, i: usize, j: usize) -> usize {
        let row = &self.rows[i];
        assert!(row.contains(&j), "pair ({i}, {j}) lies outside the band {row:?}");
        self.offset[self.row_first[i] + (j - row.start)]
    }

    /// Tokens of Chinese sentence `i` translated in English sentence `j`.
    fn zh_mask(&self, i: usize, j: usize) -> &[u64] {
        let b = self.base(i, j);
        &self.arena[b..b + self.zh_words[i]]
    }

    /// Tokens of English sentence `j` that translate something in Chinese sentence `i`.
    fn en_mask(&self, i: usize, j: usize) -> &[u64] {
        let b = self.base(i, j) + self.zh_words[i];
        &self.arena[b..b + self.en_words[j]]
    }
}

/// Everything the cost of a bead depends on, for one document and one band.
pub struct Scorer<'a> {
    pub doc: &'a Document,
    pub weights: &'a Weights,
    pub pairs: &'a Pairs,
    pub params: &'a Params,
}

/// A bead's cost and the share of its weighted words that are covered.
#[derive(Debug, Clone, Copy)]
pub struct BeadCost {
    pub cost: f64,
    pub coverage: f64,
}

impl Scorer<'_> {
    /// The cost of the bead of Chinese sentences `zh` and English sentences `en`.
    pub fn bead(&self, zh: Range<usize>, en: Range<usize>, scratch: &mut Vec<u64>) -> BeadCost {
        self.bead_within(zh, en, scratch, f64::INFINITY).unwrap_or(BeadCost { cost: f64::INFINITY, coverage: 0.0 })
    }

    /// [`Scorer::bead`], or `None` as soon as the cost is known to reach `budget`. Every
    /// term of the cost is non-negative, so the cheap ones (shape, length, punctuation)
    /// bound it from below: the search skips the lexical part, the expensive one, for beads
    /// that cannot beat the best way found so far into the same cell. The result of the
    /// search does not change.
    pub fn bead_within(
        &self,
        zh: Range<usize>,
        en: Range<usize>,
        scratch: &mut Vec<u64>,
        budget: f64,
    ) -> Option<BeadCost> {
        let p = self.params;
        let (dz, de) = (zh.len(), en.len());
        let (z, e) = (sums(&self.weights.zh_prefix, &zh), sums(&self.weights.en_prefix, &en));
        let punct: u32 = (1..4).map(|k| z[k].abs_diff(e[k])).sum();
        let punct = f64::from(punct);
        let len = if dz > 0 && de > 0 { length_cost(f64::from(z[0]), f64::from(e[0]), p) } else { 0.0 };
        let shape = p.merge * (dz.saturating_sub(1) + de.saturating_sub(1)) as f64
            + if dz >= 2 && de >= 2 { p.many } else { 0.0 }
            + if dz == 0 || de == 0 { p.skip } else { 0.0 };
        let cheap = p.w_len * len + p.w_punct * punct + shape;
        if cheap >= budget {
            return None;
        }
        let (mut covered, mut total, mut lex) = (0.0, 0.0, 0.0);
        for i in zh.clone() {
            let c = self.covered(&self.weights.zh[i], en.clone().map(|j| self.pairs.zh_mask(i, j)), scratch);
            let t = self.weights.zh_total[i];
            covered += c;
            total += t;
            lex += 1.0 - sentence_coverage(c, t, de == 0, p);
        }
        for j in en.clone() {
            let c = self.covered(&self.weights.en[j], zh.clone().map(|i| self.pairs.en_mask(i, j)), scratch);
            let t = self.weights.en_total[j];
            covered += c;
            total += t;
            lex += 1.0 - sentence_coverage(c, t, dz == 0, p);
        }
        let cost = cheap + p.w_lex * lex;
        let coverage = if dz == 0 || de == 0 || total == 0.0 { 0.0 } else { covered / total };
        Some(BeadCost { cost, coverage })
    }

    /// Weight of the tokens set in the OR of `masks`.
    fn covered<'m>(&self, weights: &[f64], masks: impl Iterator<Item = &'m [u64]>, scratch: &mut Vec<u64>) -> f64 {
        scratch.clear();
        scratch.resize(words_for(weights.len()), 0);
        for m in masks {
            for (s, w) in scratch.iter_mut().zip(m) {
                *s |= w;
            }
        }
        let mut sum = 0.0;
        for (wi, &word) in scratch.iter().enumerate() {
            let mut bits = word;
            while bits != 0 {
                let b = bits.trailing_zeros() as usize;
                sum += weights[wi * 64 + b];
                bits &= bits - 1;
            }
        }
        sum
    }
}

/// The covered share of a sentence's lexical mass `t` (`c` covered); 0 when the other side
/// of the bead is empty, `empty_cov` when the sentence has no evidence-carrying word.
fn sentence_coverage(c: f64, t: f64, alone: bool, p: &Params) -> f64 {
    if alone {
        0.0
    } else if t > 0.0 {
        c / t
    } else {
        p.empty_cov
    }
}

/// Gale–Church: `-ln P(|δ| ≥ observed)` for the normalised length difference δ, measured in
/// Chinese characters (English length divided by the ratio), with a variance growing
/// with the mean length.
pub fn length_cost(lz: f64, le: f64, p: &Params) -> f64 {
    let le = le / p.len_ratio;
    let mean = ((lz + le) / 2.0).max(1.0);
    let delta = (le - lz).abs() / (p.len_var * mean).sqrt();
    neg_ln_erfc(delta / std::f64::consts::SQRT_2)
}

/// `-ln erfc(z)` for z ≥ 0, without underflow for large z (Numerical Recipes' Chebyshev
/// fit, relative error below 1.2e-7).
fn neg_ln_erfc(z: f64) -> f64 {
    let t = 1.0 / (1.0 + 0.5 * z);
    let poly = -1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98 + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    z * z - poly - t.ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn erfc_matches_known_values() {
        // erfc(0) = 1, erfc(1) = 0.157299..., erfc(3) = 2.209050e-5.
        let cases = [(0.0, 1.0f64), (1.0, 0.157_299_207), (3.0, 2.209_049_7e-5)];
        for (z, want) in cases {
            let got = (-neg_ln_erfc(z)).exp();
            assert!((got - want).abs() / want < 1e-6, "erfc({z}) = {got}, want {want}");
        }
        assert!(neg_ln_erfc(40.0).is_finite());
    }

    #[test]
    fn length_cost_prefers_the_expected_ratio() {
        let p = Params::default();
        let expected = length_cost(20.0, 20.0 * p.len_ratio, &p);
        assert!(expected < 0.01);
        assert!(length_cost(20.0, 10.0 * p.len_ratio, &p) > expected + 1.0);
        assert!(length_cost(20.0, 40.0 * p.len_ratio, &p) > expected + 1.0);
    }
}
