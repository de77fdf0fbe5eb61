//! The banded dynamic programme that picks the cheapest sequence of beads.
//!
//! Cell `(i, j)` holds the cost of the best alignment of the first `i` Chinese and the
//! first `j` English sentences. Only cells within `w` sentences of the diagonal
//! (`j ≈ i · m / n`) are kept, so memory is `O(n · w)`. If the best path comes within one
//! cell of the band's edge, the band may have cut off a better path: it is doubled and the
//! search repeated, until the path stays clear of the edge or the band covers the whole
//! matrix. Translations rarely drift more than a few dozen sentences from the diagonal, so
//! one or two passes suffice.

use std::ops::Range;

use super::cost::{Pairs, Scorer, Weights};
use super::{Bead, Document, Params};

/// The band: for each row `i` (0..=n), the columns `lo[i]..=hi[i]` kept.
#[derive(Debug, Clone)]
pub struct Band {
    pub lo: Vec<usize>,
    pub hi: Vec<usize>,
}

impl Band {
    /// Cells within `w` of the diagonal from `(0, 0)` to `(n, m)`.
    pub fn around_diagonal(n: usize, m: usize, w: usize) -> Band {
        if n == 0 {
            return Band { lo: vec![0], hi: vec![m] };
        }
        let centre = |i: usize| (i * m + n / 2) / n;
        let lo = (0..=n).map(|i| centre(i).saturating_sub(w)).collect();
        let hi = (0..=n).map(|i| (centre(i) + w).min(m)).collect();
        Band { lo, hi }
    }

    /// English sentences that can share a bead with each Chinese sentence, given the
    /// largest bead shape.
    pub fn pair_rows(&self, m: usize, max_z: usize, max_e: usize) -> Vec<Range<usize>> {
        let n = self.lo.len() - 1;
        (0..n)
            .map(|i| {
                let lo = self.lo[i + 1].saturating_sub(max_e);
                let hi = self.hi[(i + max_z).min(n)].min(m);
                lo..hi.max(lo)
            })
            .collect()
    }

    fn touches_edge(&self, path: &[(usize, usize)], m: usize) -> bool {
        path.iter().any(|&(i, j)| (self.lo[i] > 0 && j <= self.lo[i]) || (self.hi[i] < m && j >= self.hi[i]))
    }
}

/// A document with the data the search needs prepared once: weights, and coverage for
/// the pairs in the current band. Tuning re-runs the search with new parameters on the
/// same prepared document.
pub struct Prepared<'d> {
    pub doc: &'d Document,
    pub weights: Weights,
    band_w: usize,
    shape_max: (usize, usize),
    band: Band,
    pairs: Pairs,
}

impl<'d> Prepared<'d> {
    pub fn new(doc: &'d Document, params: &Params) -> Prepared<'d> {
        let shape_max = max_shape(params);
        let (band, pairs) = band_and_pairs(doc, params.band, shape_max);
        Prepared { doc, weights: Weights::new(doc), band_w: params.band, shape_max, band, pairs }
    }

    fn widen(&mut self, w: usize, shape_max: (usize, usize)) {
        let (band, pairs) = band_and_pairs(self.doc, w, shape_max);
        self.band = band;
        self.pairs = pairs;
        self.band_w = w;
        self.shape_max = shape_max;
    }

    /// The best beads under `params`.
    pub fn align(&mut self, params: &Params) -> Vec<Bead> {
        let (n, m) = (self.doc.zh.len(), self.doc.en.len());
        let shape_max = max_shape(params);
        if shape_max.0 > self.shape_max.0 || shape_max.1 > self.shape_max.1 || params.band > self.band_w {
            self.widen(params.band.max(self.band_w), shape_max);
        }
        loop {
            let full = self.band_w >= n.max(m);
            match search(self, params) {
                Some(beads) if full || !self.band.touches_edge(&path_of(&beads), m) => return beads,
                // The shapes cannot tile this document at all (only when a caller
                // removed 1-0 and 0-1): one bead holding everything says so honestly.
                None if full => return vec![Bead { zh: 0..n, en: 0..m, confidence: 0.0 }],
                _ => {}
            }
            let w = (self.band_w * 2).min(n.max(m));
            let s = self.shape_max;
            self.widen(w, s);
        }
    }
}

fn max_shape(params: &Params) -> (usize, usize) {
    params.shapes.iter().fold((1, 1), |(a, b), &(z, e)| (a.max(z), b.max(e)))
}

fn band_and_pairs(doc: &Document, w: usize, (mz, me): (usize, usize)) -> (Band, Pairs) {
    let (n, m) = (doc.zh.len(), doc.en.len());
    let band = Band::around_diagonal(n, m, w.max(1));
    let pairs = Pairs::new(doc, band.pair_rows(m, mz, me));
    (band, pairs)
}

/// Cells on the path, after each bead.
fn path_of(beads: &[Bead]) -> Vec<(usize, usize)> {
    beads.iter().map(|b| (b.zh.end, b.en.end)).collect()
}

/// Runs the programme in the current band; `None` when the band holds no complete path
/// (the allowed shapes cannot reach `(n, m)` inside it).
fn search(p: &Prepared, params: &Params) -> Option<Vec<Bead>> {
    let (n, m) = (p.doc.zh.len(), p.doc.en.len());
    let band = &p.band;
    let scorer = Scorer { doc: p.doc, weights: &p.weights, pairs: &p.pairs, params };
    let mut row_start = Vec::with_capacity(n + 2);
    let mut total = 0;
    for i in 0..=n {
        row_start.push(total);
        total += band.hi[i] + 1 - band.lo[i];
    }
    let idx = |i: usize, j: usize| -> Option<usize> {
        (j >= band.lo[i] && j <= band.hi[i]).then(|| row_start[i] + j - band.lo[i])
    };
    let mut cost = vec![f64::INFINITY; total];
    let mut back = vec![u8::MAX; total];
    cost[0] = 0.0;
    let mut scratch = Vec::new();
    for (i, &first) in row_start.iter().enumerate() {
        for j in band.lo[i]..=band.hi[i] {
            let here = first + j - band.lo[i];
            for (s, &(dz, de)) in params.shapes.iter().enumerate() {
                if dz > i || de > j || dz + de == 0 {
                    continue;
                }
                let Some(prev) = idx(i - dz, j - de) else { continue };
                let before = cost[prev];
                if !before.is_finite() {
                    continue;
                }
                let c = before + scorer.bead(i - dz..i, j - de..j, &mut scratch).cost;
                if c < cost[here] {
                    cost[here] = c;
                    back[here] = s as u8;
                }
            }
        }
    }
    let end = idx(n, m)?;
    if !cost[end].is_finite() {
        return None;
    }
    let (mut i, mut j) = (n, m);
    let mut beads = Vec::new();
    while i > 0 || j > 0 {
        let here = idx(i, j)?;
        let (dz, de) = params.shapes[back[here] as usize];
        let bc = scorer.bead(i - dz..i, j - de..j, &mut scratch);
        beads.push(Bead { zh: i - dz..i, en: j - de..j, confidence: bc.coverage });
        i -= dz;
        j -= de;
    }
    beads.reverse();
    Some(beads)
}
