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

    /// Cells within `w` of a path given by its beads: a previous alignment of the same
    /// document, which the next one will stay close to.
    pub fn around_path(beads: &[Bead], n: usize, m: usize, w: usize) -> Band {
        let mut lo = vec![usize::MAX; n + 1];
        let mut hi = vec![0; n + 1];
        let mut mark = |i: usize, j: usize| {
            lo[i] = lo[i].min(j.saturating_sub(w));
            hi[i] = hi[i].max((j + w).min(m));
        };
        mark(0, 0);
        // A guide from a caller may not fit this document: clamp it rather than fail.
        for b in beads {
            for i in b.zh.start.min(n)..=b.zh.end.min(n) {
                mark(i, b.en.start.min(m));
                mark(i, b.en.end.min(m));
            }
        }
        // Rows a malformed guide missed get the row above's span; keep both edges monotone.
        for i in 0..=n {
            if lo[i] == usize::MAX {
                (lo[i], hi[i]) = if i == 0 { (0, w.min(m)) } else { (lo[i - 1], hi[i - 1]) };
            }
            if i > 0 {
                lo[i] = lo[i].max(lo[i - 1]);
                hi[i] = hi[i].max(hi[i - 1]);
            }
        }
        hi[n] = m;
        Band { lo, hi }
    }

    fn touches_edge(&self, path: &[(usize, usize)], m: usize) -> bool {
        path.iter().any(|&(i, j)| (self.lo[i] > 0 && j <= self.lo[i]) || (self.hi[i] < m && j >= self.hi[i]))
    }
}

/// A document with the data every search needs prepared once: IDF weights, and coverage
/// for the pairs of the first band. Tuning re-runs the search with new parameters on the
/// same prepared document.
pub struct Prepared<'d> {
    pub doc: &'d Document,
    pub weights: Weights,
    /// The first band (around the diagonal), its width and the largest shape it allows;
    /// made on the first search that needs it.
    start: Option<(Band, Pairs, usize, (usize, usize))>,
}

impl<'d> Prepared<'d> {
    pub fn new(doc: &'d Document) -> Prepared<'d> {
        Prepared { doc, weights: Weights::new(doc), start: None }
    }

    /// The best beads under `params`, searched first around the diagonal.
    pub fn align(&mut self, params: &Params) -> Vec<Bead> {
        self.align_near(params, None)
    }

    /// The best beads under `params`, searched first around `guide` (an earlier alignment
    /// of the same document) when given. Whenever the best path comes near the band's
    /// edge, the band is doubled around that path and the search repeated.
    pub fn align_near(&mut self, params: &Params, guide: Option<&[Bead]>) -> Vec<Bead> {
        let doc = self.doc;
        let (n, m) = (doc.zh.len(), doc.en.len());
        let shape_max = max_shape(params);
        let first_w = params.band.max(1);
        let mut w = first_w;
        let pairs_for = |band: Band| {
            let pairs = Pairs::new(doc, band.pair_rows(m, shape_max.0, shape_max.1));
            (band, pairs)
        };
        // The diagonal band is kept for the next search with the same width and shapes.
        let mut diagonal = guide.is_none();
        let mut current = match (guide, self.start.take()) {
            (Some(g), _) => pairs_for(Band::around_path(g, n, m, w)),
            (None, Some((band, pairs, w0, s0))) if (w0, s0) == (w, shape_max) => (band, pairs),
            (None, _) => pairs_for(Band::around_diagonal(n, m, w)),
        };
        loop {
            let full = w >= n.max(m);
            let found = search(doc, &self.weights, &current.0, &current.1, params);
            let step = match found {
                Some(beads) if full || !current.0.touches_edge(&path_of(&beads), m) => Ok(beads),
                // The shapes cannot tile this document at all (only when a caller
                // removed 1-0 and 0-1): one bead holding everything says so honestly.
                None if full => Ok(vec![Bead { zh: 0..n, en: 0..m, confidence: 0.0 }]),
                Some(beads) => {
                    w = (w * 2).min(n.max(m));
                    Err(Band::around_path(&beads, n, m, w))
                }
                None => {
                    w = (w * 2).min(n.max(m));
                    Err(Band::around_diagonal(n, m, w))
                }
            };
            // Ok: the answer; Err: the wider band to search next.
            match step {
                Ok(beads) => {
                    if diagonal {
                        self.start = Some((current.0, current.1, first_w, shape_max));
                    }
                    return beads;
                }
                Err(band) => {
                    let previous = std::mem::replace(&mut current, pairs_for(band));
                    if diagonal {
                        self.start = Some((previous.0, previous.1, first_w, shape_max));
                        diagonal = false;
                    }
                }
            }
        }
    }
}

fn max_shape(params: &Params) -> (usize, usize) {
    params.shapes.iter().fold((1, 1), |(a, b), &(z, e)| (a.max(z), b.max(e)))
}

/// Cells on the path, after each bead.
fn path_of(beads: &[Bead]) -> Vec<(usize, usize)> {
    beads.iter().map(|b| (b.zh.end, b.en.end)).collect()
}

/// Runs the programme in the current band; `None` when the band holds no complete path
/// (the allowed shapes cannot reach `(n, m)` inside it).
fn search(doc: &Document, weights: &Weights, band: &Band, pairs: &Pairs, params: &Params) -> Option<Vec<Bead>> {
    let (n, m) = (doc.zh.len(), doc.en.len());
    let scorer = Scorer { doc, weights, pairs, params };
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
                let budget = cost[here] - before;
                let Some(bc) = scorer.bead_within(i - dz..i, j - de..j, &mut scratch, budget) else { continue };
                let c = before + bc.cost;
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
