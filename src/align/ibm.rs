//! Translations learnt from the document itself (IBM Model 1 over a first alignment).
//!
//! A general dictionary misses what matters most in a given text: its names and their
//! renderings. John Minford's *Deer and the Cauldron* calls 韦小宝 "Trinket" and 小玄子
//! "Misty"; no dictionary and no pinyin rule links them, yet they occur in half the
//! sentences. A first alignment with the dictionary is right for most beads, so the
//! words that keep turning up together in its beads are translations of each other.
//!
//! IBM Model 1 finds them: EM estimates `t(e | z)`, the probability that Chinese word `z`
//! produces English word `e`, over the first pass's beads (with a NULL word for English
//! words nothing translates). Unlike raw co-occurrence counts, EM explains each English
//! word once, so a frequent word does not claim every partner. Every pair with
//! `t(e | z) ≥ Params::ibm_min` seen in at least two beads becomes an extra translation
//! of `z`, and the document is aligned again with these links added to the dictionary's.

use rustc_hash::FxHashMap;

use super::Bead;
use super::lexicon::{Document, Token};

const NULL: u32 = u32::MAX;

/// Learnt links: Chinese word key → English ids.
pub type Links = FxHashMap<u32, Vec<u32>>;

/// Estimates `t(e | z)` over the beads with both sides and returns the confident links.
pub fn learn(doc: &Document, beads: &[Bead], iterations: usize, min_prob: f64) -> Links {
    let mut pairs: Vec<(Vec<u32>, Vec<u32>)> = Vec::new();
    for b in beads.iter().filter(|b| !b.zh.is_empty() && !b.en.is_empty()) {
        let mut z: Vec<u32> = doc.zh[b.zh.clone()]
            .iter()
            .flat_map(|s| s.tokens.iter().map(|t| t.key).chain(s.unknown.iter().copied()))
            .collect();
        z.push(NULL);
        let e: Vec<u32> = doc.en[b.en.clone()].iter().flat_map(|s| s.tokens.iter().map(|t| t.key)).collect();
        if !e.is_empty() {
            pairs.push((z, e));
        }
    }
    // Uniform start over co-occurring pairs; `seen` counts beads per pair.
    let mut t: FxHashMap<(u32, u32), f64> = FxHashMap::default();
    let mut seen: FxHashMap<(u32, u32), u32> = FxHashMap::default();
    for (z, e) in &pairs {
        let mut uniq: Vec<(u32, u32)> = z.iter().flat_map(|&a| e.iter().map(move |&b| (a, b))).collect();
        uniq.sort_unstable();
        uniq.dedup();
        for p in uniq {
            t.insert(p, 1.0);
            *seen.entry(p).or_default() += 1;
        }
    }
    let mut count: FxHashMap<(u32, u32), f64> = FxHashMap::default();
    let mut total: FxHashMap<u32, f64> = FxHashMap::default();
    for _ in 0..iterations {
        count.clear();
        total.clear();
        for (z, e) in &pairs {
            for &eb in e {
                let denom: f64 = z.iter().map(|&za| t[&(za, eb)]).sum();
                for &za in z {
                    let c = t[&(za, eb)] / denom;
                    *count.entry((za, eb)).or_default() += c;
                    *total.entry(za).or_default() += c;
                }
            }
        }
        for (p, v) in t.iter_mut() {
            *v = count.get(p).copied().unwrap_or(0.0) / total.get(&p.0).copied().unwrap_or(1.0).max(1e-12);
        }
    }
    let mut links = Links::default();
    let mut sorted: Vec<(&(u32, u32), &f64)> = t.iter().collect();
    sorted.sort_unstable_by_key(|(p, _)| **p);
    for (&(z, e), &p) in sorted {
        if z != NULL && p >= min_prob && seen[&(z, e)] >= 2 {
            links.entry(z).or_default().push(e);
        }
    }
    links
}

/// The document with the learnt links added to the Chinese words' translations; words
/// that had none and now have some join the evidence-carrying tokens.
pub fn augment(doc: &Document, links: &Links) -> Document {
    let mut out = doc.clone();
    for s in &mut out.zh {
        for t in &mut s.tokens {
            if let Some(extra) = links.get(&t.key) {
                t.ids.extend_from_slice(extra);
                t.ids.sort_unstable();
                t.ids.dedup();
            }
        }
        let tokens = &mut s.tokens;
        s.unknown.retain(|k| match links.get(k) {
            Some(extra) => {
                tokens.push(Token { key: *k, ids: extra.clone() });
                false
            }
            None => true,
        });
    }
    out
}
