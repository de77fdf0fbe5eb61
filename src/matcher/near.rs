//! Near-misses: phrases that are almost a glossary form, and so probably a mistake.
//!
//! "community of shared future for mankind" is not the official "community with a shared
//! future for mankind", yet a reviser wants to see it. A near-miss is a stretch of text
//! whose **token-level similarity** to a glossary form is at least the threshold
//! ([`DEFAULT_THRESHOLD`], `--near-miss-threshold`) without being equal to any form.
//!
//! Similarity is `1 - d / W`, where `W` is the total weight of the form's tokens and `d`
//! the cheapest weighted edit (insert, delete, substitute tokens) that turns the form into
//! the text. Content words and punctuation weigh 1, function words 0.5 (changing "with"
//! into "of" matters less than changing "future" into "destiny"). Two different words
//! that are spelling slips of each other ("coperation" / "cooperation", similarity by
//! `strsim`'s normalised Damerau-Levenshtein at least 0.8) cost only their dissimilarity.
//!
//! Only forms of three or more tokens, two of them content words, are candidates: for
//! shorter forms one changed word is already half the phrase.
//!
//! # Staying fast on clean text
//!
//! Comparing every window with every form would cost more than the exact search itself.
//! Instead each candidate form has two **anchors**, its two rarest content words (rarest
//! across the candidate forms, so that the common "cooperation" or "development" seldom
//! triggers work). Only an anchor that occurs outside the exact hits opens a check, and a
//! check first bounds the best possible score by counting which of the form's content
//! words occur near the anchor at all; the edit distance is computed only when that bound
//! reaches the threshold. A near-miss that has changed both anchors is not found: with two
//! content words changed, it is rarely still "near".

use rustc_hash::{FxHashMap, FxHashSet};

use super::{FormRef, Hit, Matcher, OTHER, Status, Symbols, Vocab, is_function_key};
use crate::normalize::{self, TokenKind};

/// Default similarity threshold for near-misses.
pub const DEFAULT_THRESHOLD: f64 = 0.8;

/// Two words are spelling slips of each other above this character similarity.
const TYPO_SIMILARITY: f64 = 0.8;

#[derive(Debug)]
struct NearForm {
    pattern: u32,
    ids: Vec<u32>,
    weights: Vec<f32>,
    total: f32,
    /// Sum of the weights of function tokens (the part a bound assumes matched).
    function_weight: f32,
    /// Content ids with their number of occurrences in the form ("win-win cooperation":
    /// win ×2, cooperation ×1).
    content: Vec<(u32, u32)>,
}

/// Candidate forms and their anchors. Built with the matcher.
#[derive(Debug)]
pub(crate) struct NearIndex {
    forms: Vec<NearForm>,
    by_anchor: FxHashMap<u32, Vec<u32>>,
    is_anchor: Vec<bool>,
    threshold: f64,
}

fn kind_of_key(key: &str) -> TokenKind {
    if key.starts_with('\'') {
        TokenKind::Clitic
    } else if key.starts_with(|c: char| c.is_alphanumeric() || c == '=') {
        TokenKind::Word
    } else {
        TokenKind::Punct
    }
}

/// Content words and punctuation weigh 1, function words 0.5. Punctuation weighs fully
/// because inside a fixed phrase it carries meaning: "China+Central Asia" (the C+C5
/// mechanism) is not a slip for "China-Central Asia".
fn weight(kind: TokenKind, key: &str) -> f32 {
    if kind == TokenKind::Word && is_function_key(kind, key) { 0.5 } else { 1.0 }
}

impl NearIndex {
    pub(crate) fn new(vocab: &Vocab, patterns: &[FormRef], pattern_ids: &[Vec<u32>], threshold: f64) -> NearIndex {
        let mut forms = Vec::new();
        let mut seen_forms = FxHashSet::default();
        for (pi, (fref, ids)) in patterns.iter().zip(pattern_ids).enumerate() {
            // one candidate per form: its first (unsplit) pattern
            if ids.len() < 3 || !seen_forms.insert((fref.entry, fref.form)) {
                continue;
            }
            let weights: Vec<f32> =
                ids.iter().map(|&id| weight(kind_of_key(&vocab.keys[id as usize]), &vocab.keys[id as usize])).collect();
            let mut content: Vec<(u32, u32)> = Vec::new();
            for (&id, &w) in ids.iter().zip(&weights) {
                if w < 1.0 || kind_of_key(&vocab.keys[id as usize]) != TokenKind::Word {
                    continue;
                }
                match content.iter_mut().find(|(c, _)| *c == id) {
                    Some((_, n)) => *n += 1,
                    None => content.push((id, 1)),
                }
            }
            if content.len() < 2 {
                continue;
            }
            let total: f32 = weights.iter().sum();
            let function_weight = weights.iter().filter(|w| **w < 1.0).sum();
            forms.push(NearForm { pattern: pi as u32, ids: ids.clone(), weights, total, function_weight, content });
        }
        let mut df: FxHashMap<u32, u32> = FxHashMap::default();
        for f in &forms {
            for &(c, _) in &f.content {
                *df.entry(c).or_default() += 1;
            }
        }
        let mut by_anchor: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
        let mut is_anchor = vec![false; vocab.len()];
        for (fi, f) in forms.iter().enumerate() {
            let mut by_rarity: Vec<(u32, usize, u32)> =
                f.content.iter().map(|&(c, _)| (df[&c], f.ids.iter().position(|&i| i == c).unwrap_or(0), c)).collect();
            by_rarity.sort_unstable();
            for &(_, _, c) in by_rarity.iter().take(2) {
                by_anchor.entry(c).or_default().push(fi as u32);
                is_anchor[c as usize] = true;
            }
        }
        NearIndex { forms, by_anchor, is_anchor, threshold }
    }

    /// Near-misses in `text`, outside the exact `hits`, not overlapping each other.
    pub(crate) fn find(&self, m: &Matcher, text: &str, sy: &Symbols, hits: &[Hit]) -> Vec<Hit> {
        let n = sy.len();
        if n == 0 || self.forms.is_empty() {
            return Vec::new();
        }
        // symbols covered by exact hits
        let mut in_hit = vec![false; n];
        let mut k = 0;
        for h in hits.iter().filter(|h| !h.nested) {
            while k < n && sy.spans[k].1 <= h.start {
                k += 1;
            }
            let mut j = k;
            while j < n && sy.spans[j].0 < h.end {
                in_hit[j] = true;
                j += 1;
            }
        }
        let mut candidates: Vec<(f64, usize, usize, u32)> = Vec::new();
        let mut checked: FxHashSet<(u32, usize)> = FxHashSet::default();
        for p in 0..n {
            let id = sy.ids[p];
            if id == OTHER || in_hit[p] || !self.is_anchor[id as usize] {
                continue;
            }
            for &fi in &self.by_anchor[&id] {
                let f = &self.forms[fi as usize];
                let reach = f.ids.len() + 2;
                let mut lo = p;
                while lo > 0 && p - lo < reach && !in_hit[lo - 1] {
                    lo -= 1;
                }
                let mut hi = p + 1;
                while hi < n && hi - p < reach && !in_hit[hi] {
                    hi += 1;
                }
                let window = &sy.ids[lo..hi];
                // Upper bound of the score: every function token matched, every content
                // word present near the anchor matched, and each missing one replaced by a
                // spelling slip in one of the window's "other" words.
                let (mut got, mut missing) = (0u32, 0u32);
                for &(c, n) in &f.content {
                    let here = window.iter().filter(|&&i| i == c).count() as u32;
                    got += here.min(n);
                    missing += n.saturating_sub(here);
                }
                let slips = missing.min(window.iter().filter(|&&i| i == OTHER).count() as u32);
                // punctuation counts as matched: the bound must never be below the score
                let punct = f.total - f.function_weight - (got + missing) as f32;
                if f64::from(((got + slips) as f32 + f.function_weight + punct) / f.total) < self.threshold {
                    continue;
                }
                if !checked.insert((fi, lo)) {
                    continue;
                }
                if let Some((score, s, e)) = self.verify(m, f, text, sy.spans[lo].0, sy.spans[hi - 1].1) {
                    candidates.push((score, s, e, f.pattern));
                }
            }
        }
        // best first; then keep those that do not overlap a better one
        candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.3.cmp(&b.3)));
        let mut kept: Vec<(usize, usize)> = Vec::new();
        let mut out = Vec::new();
        for (score, s, e, pattern) in candidates {
            if kept.iter().any(|&(ks, ke)| s < ke && ks < e) {
                continue;
            }
            kept.push((s, e));
            let f = m.patterns[pattern as usize];
            out.push(Hit {
                start: s,
                end: e,
                entry: f.entry as usize,
                form: f.form as usize,
                status: Status::NearMiss,
                score: Some((score * 1000.0).round() / 1000.0),
                nested: false,
            });
        }
        out
    }

    /// Aligns form `f` against the tokens of `text[from..to]`; returns the best window's
    /// similarity and byte range when it reaches the threshold without being exact.
    fn verify(&self, m: &Matcher, f: &NearForm, text: &str, from: usize, to: usize) -> Option<(f64, usize, usize)> {
        let region = &text[from..to];
        let toks = normalize::tokens(region);
        if toks.is_empty() {
            return None;
        }
        let t_ids: Vec<u32> = toks.iter().map(|t| m.vocab.lookup(region, t.token, t.key.as_bytes())).collect();
        let t_keys: Vec<String> = toks.iter().map(|t| normalize::canon(&t.key).into_owned()).collect();
        let t_w: Vec<f32> = toks.iter().zip(&t_keys).map(|(t, k)| weight(t.token.kind, k)).collect();
        let (nf, nt) = (f.ids.len(), toks.len());
        // d[i][j]: cost of aligning the first i form tokens with text tokens ending at j
        // (free start in the text); start[i][j]: where that alignment starts in the text.
        let mut d = vec![vec![0f32; nt + 1]; nf + 1];
        let mut start = vec![vec![0usize; nt + 1]; nf + 1];
        for (j, s) in start[0].iter_mut().enumerate() {
            *s = j;
        }
        for i in 1..=nf {
            d[i][0] = d[i - 1][0] + f.weights[i - 1];
            start[i][0] = 0;
            for j in 1..=nt {
                let sub = self.substitution(m, f, i - 1, t_ids[j - 1], &t_keys[j - 1], t_w[j - 1]);
                let del = d[i - 1][j] + f.weights[i - 1];
                let ins = d[i][j - 1] + t_w[j - 1];
                let dia = d[i - 1][j - 1] + sub;
                let (best, st) = if dia <= del && dia <= ins {
                    (dia, start[i - 1][j - 1])
                } else if del <= ins {
                    (del, start[i - 1][j])
                } else {
                    (ins, start[i][j - 1])
                };
                d[i][j] = best;
                start[i][j] = st;
            }
        }
        let (mut best_j, mut best_d) = (0, f32::INFINITY);
        for (j, &dj) in d[nf].iter().enumerate().skip(1) {
            if dj < best_d - 1e-6 {
                best_d = dj;
                best_j = j;
            }
        }
        let s = start[nf][best_j];
        if best_j <= s || best_d <= 1e-6 {
            return None; // empty window, or exact (then the exact pass would have it)
        }
        let score = 1.0 - f64::from(best_d / f.total);
        if score < self.threshold {
            return None;
        }
        Some((score, from + toks[s].token.start, from + toks[best_j - 1].token.end))
    }

    fn substitution(&self, m: &Matcher, f: &NearForm, i: usize, t_id: u32, t_key: &str, t_w: f32) -> f32 {
        let f_id = f.ids[i];
        if t_id != OTHER && t_id == f_id {
            return 0.0;
        }
        let w = f.weights[i].max(t_w);
        let f_key = &m.vocab.keys[f_id as usize];
        if f_key.len() >= 4 && t_key.len() >= 4 && f.weights[i] >= 1.0 {
            let sim = strsim::normalized_damerau_levenshtein(f_key, t_key);
            if sim >= TYPO_SIMILARITY {
                return w * (1.0 - sim as f32);
            }
        }
        w
    }
}
