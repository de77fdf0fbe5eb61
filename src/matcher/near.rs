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
//! Candidates come instead from a second automaton, run over the **skeleton** of the text:
//! its content words only (function words and punctuation dropped, exact hits blanked),
//! with a single word outside the glossary written as a wildcard. A candidate is a place
//! where all of a form's content words stand in order, with at most one of them replaced
//! by one other word; only candidates are scored. Three kinds of patterns find them:
//!
//! * the form's skeleton itself: changed function words or punctuation ("community of
//!   shared future for mankind");
//! * for a short form (total weight under 5, where one wrong word already costs too much
//!   unless it is a slip of spelling), the skeleton with one word replaced by the wildcard,
//!   kept only when the unknown word is spelt like the form's word ("win-win corporation");
//! * for a long form, the part of the skeleton on the longer side of each word; the part
//!   on the other side is compared in place, and the word between may be any word, even a
//!   glossary word ("community with a shared destiny for mankind").
//!
//! Not found: a near-miss that changes two content words, or replaces one with several.

use std::ops::Range;

use rustc_hash::{FxHashMap, FxHashSet};

use super::symbols::SKEL_LAST;
use super::{FormRef, Hit, Matcher, OTHER, OTHER_RUN, Status, Symbols, Vocab, is_function_key, is_other};
use crate::normalize::{self, TokenKind};

/// Default similarity threshold for near-misses.
pub const DEFAULT_THRESHOLD: f64 = 0.8;

/// Forms of at least this total weight can lose one content word and stay near.
const LONG: f32 = 5.0;

/// Two words are spelling slips of each other above this character similarity.
const TYPO_SIMILARITY: f64 = 0.8;

#[derive(Debug)]
struct NearForm {
    pattern: u32,
    ids: Vec<u32>,
    weights: Vec<f32>,
    total: f32,
    /// Position (in `ids`) of each content word, in order.
    content_pos: Vec<u32>,
    /// The content words' ids, in order.
    skeleton: Vec<u32>,
}

/// What a skeleton pattern stands for.
#[derive(Debug, Clone, Copy)]
enum Probe {
    /// The whole skeleton of the form.
    Whole,
    /// The skeleton with the word at this slot replaced by the wildcard (short forms).
    Slip(u32),
    /// The skeleton before this slot (the part after it is compared in place).
    Before(u32),
    /// The skeleton after this slot (the part before it is compared in place).
    After(u32),
}

/// A form a skeleton pattern stands for, with what rejects most false starts without
/// touching the form: for [`Probe::Slip`] the length of the form's word at the slot, for
/// [`Probe::Before`] the id that must follow the slot, for [`Probe::After`] the id that
/// must precede it.
#[derive(Debug, Clone, Copy)]
struct End {
    form: u32,
    probe: Probe,
    quick: u32,
}

/// Candidate forms and their skeleton automaton. Built with the matcher.
pub(crate) struct NearIndex {
    forms: Vec<NearForm>,
    /// Skeleton patterns in a trie over ids; each end node lists the forms it stands for.
    trie: SkeletonTrie,
    /// Per vocabulary id: is it a content word?
    content: Vec<bool>,
    threshold: f64,
}

/// A trie of skeleton patterns over token ids, with filters on their first ids.
///
/// Near-miss candidates are rare, but the skeleton of dense text is long: most starting
/// points fail at once. Bloom filters of one hash and 32 KiB each (small enough to stay in
/// the first-level cache) reject them: one on the first pair of every pattern, then one on
/// the pairs that are whole patterns and one on the first triples of longer patterns. Only
/// past them is the trie walked, starting from the node of the first pair.
#[derive(Debug)]
struct SkeletonTrie {
    /// (first id, second id) -> depth-2 node.
    pair_node: FxHashMap<u64, u32>,
    /// (node, id) -> child node, below depth 2.
    children: FxHashMap<(u32, u32), u32>,
    /// Forms (and how) of the patterns that end at each node; node 0 is the root.
    ends: Vec<Vec<End>>,
    /// Hashed first pairs of all patterns; pairs that are whole patterns; first triples.
    first: Vec<u64>,
    whole_pairs: Vec<u64>,
    triples: Vec<u64>,
}

const FILTER_LOG: u32 = 18;

#[inline]
fn filter_bit(a: u32, b: u32, c: u32) -> usize {
    let h = (u64::from(a) << 42 ^ u64::from(b) << 21 ^ u64::from(c)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (h >> (64 - FILTER_LOG)) as usize
}

#[inline]
fn test_bit(bits: &[u64], bit: usize) -> bool {
    bits[bit / 64] & (1 << (bit % 64)) != 0
}

#[inline]
fn set_bit(bits: &mut [u64], bit: usize) {
    bits[bit / 64] |= 1 << (bit % 64);
}

#[inline]
fn pair_key(a: u32, b: u32) -> u64 {
    u64::from(a) << 32 | u64::from(b)
}

impl SkeletonTrie {
    fn with_capacity(patterns: usize) -> SkeletonTrie {
        let mut children = FxHashMap::default();
        children.reserve(patterns * 2);
        let mut pair_node = FxHashMap::default();
        pair_node.reserve(patterns);
        let words = (1usize << FILTER_LOG) / 64;
        SkeletonTrie {
            pair_node,
            children,
            ends: vec![Vec::new()],
            first: vec![0; words],
            whole_pairs: vec![0; words],
            triples: vec![0; words],
        }
    }

    fn insert(&mut self, pattern: &[u32], what: End) {
        let [a, b, rest @ ..] = pattern else { unreachable!("skeleton patterns have two ids or more") };
        let fresh = self.ends.len() as u32;
        let mut node = *self.pair_node.entry(pair_key(*a, *b)).or_insert(fresh);
        if node == fresh {
            self.ends.push(Vec::new());
        }
        for &id in rest {
            let fresh = self.ends.len() as u32;
            node = *self.children.entry((node, id)).or_insert(fresh);
            if node == fresh {
                self.ends.push(Vec::new());
            }
        }
        self.ends[node as usize].push(what);
        set_bit(&mut self.first, filter_bit(*a, *b, u32::MAX));
        match rest {
            [] => set_bit(&mut self.whole_pairs, filter_bit(*a, *b, u32::MAX)),
            [c, ..] => set_bit(&mut self.triples, filter_bit(*a, *b, *c)),
        }
    }

    /// Calls `f(start, end, node)` for every pattern occurring in `skel`, overlapping ones
    /// included.
    fn find(&self, skel: &[u32], mut f: impl FnMut(usize, usize, &[End])) {
        if self.pair_node.is_empty() {
            return;
        }
        let n = skel.len();
        // the filters are applied to a batch at a time without branching (whether a place
        // passes is a coin toss the branch predictor loses), and only the survivors walked
        const BATCH: usize = 1024;
        let mut passed = [0u32; BATCH];
        for base in (0..n.saturating_sub(1)).step_by(BATCH) {
            let mut m = 0;
            for i in base..(base + BATCH).min(n - 1) {
                let (a, b) = (skel[i], skel[i + 1]);
                let c = skel.get(i + 2).copied();
                let bit = filter_bit(a, b, u32::MAX);
                let triple = c.is_some() & test_bit(&self.triples, filter_bit(a, b, c.unwrap_or(u32::MAX)));
                let pass = test_bit(&self.first, bit) & (test_bit(&self.whole_pairs, bit) | triple);
                passed[m] = i as u32;
                m += pass as usize;
            }
            for &i in &passed[..m] {
                self.walk(skel, i as usize, &mut f);
            }
        }
    }

    /// The patterns that start at `skel[i]` (a place that passed the filters).
    fn walk(&self, skel: &[u32], i: usize, f: &mut impl FnMut(usize, usize, &[End])) {
        let Some(&first_node) = self.pair_node.get(&pair_key(skel[i], skel[i + 1])) else { return };
        let mut node = first_node;
        if !self.ends[node as usize].is_empty() {
            f(i, i + 2, &self.ends[node as usize]);
        }
        for (j, id) in skel[i + 2..].iter().enumerate() {
            match self.children.get(&(node, *id)) {
                None => break,
                Some(&c) => node = c,
            }
            let ends = &self.ends[node as usize];
            if !ends.is_empty() {
                f(i, i + j + 3, ends);
            }
        }
    }
}

impl std::fmt::Debug for NearIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "NearIndex({} forms)", self.forms.len())
    }
}

fn kind_of_key(key: &str) -> TokenKind {
    if key.starts_with('\'') {
        TokenKind::Clitic
    } else if key.is_empty() || key.starts_with(|c: char| c.is_alphanumeric() || c == '=') {
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
        let content: Vec<bool> = vocab
            .keys
            .iter()
            .enumerate()
            .map(|(id, k)| {
                !is_other(id as u32) && kind_of_key(k) == TokenKind::Word && weight(TokenKind::Word, k) >= 1.0
            })
            .collect();
        let mut forms = Vec::new();
        let mut seen_forms = FxHashSet::default();
        let mut trie = SkeletonTrie::with_capacity(patterns.len());
        let mut sk: Vec<u32> = Vec::new();
        for (pi, (fref, ids)) in patterns.iter().zip(pattern_ids).enumerate() {
            // one candidate per form: its first (unsplit) pattern
            if ids.len() < 3 || !seen_forms.insert((fref.entry, fref.form)) {
                continue;
            }
            let weights: Vec<f32> =
                ids.iter().map(|&id| weight(kind_of_key(&vocab.keys[id as usize]), &vocab.keys[id as usize])).collect();
            let content_pos: Vec<u32> =
                ids.iter().enumerate().filter(|(_, id)| content[**id as usize]).map(|(i, _)| i as u32).collect();
            if content_pos.len() < 2 {
                continue;
            }
            let fi = forms.len() as u32;
            let skeleton: Vec<u32> = content_pos.iter().map(|&i| ids[i as usize]).collect();
            let total: f32 = weights.iter().sum();
            let quick = |probe: Probe| match probe {
                Probe::Whole => 0,
                Probe::Slip(slot) => vocab.keys[skeleton[slot as usize] as usize].len() as u32,
                Probe::Before(slot) => skeleton.get(slot as usize + 1).copied().unwrap_or(u32::MAX),
                Probe::After(slot) => {
                    if slot == 0 {
                        u32::MAX
                    } else {
                        skeleton[slot as usize - 1]
                    }
                }
            };
            let mut add = |pattern: &[u32], probe: Probe| {
                trie.insert(pattern, End { form: fi, probe, quick: quick(probe) });
            };
            add(&skeleton, Probe::Whole);
            let k = skeleton.len();
            if k >= 3 && total < LONG {
                for slot in 0..k {
                    sk.clear();
                    sk.extend_from_slice(&skeleton);
                    sk[slot] = OTHER;
                    add(&sk, Probe::Slip(slot as u32));
                }
            } else if k >= 3 {
                for slot in 0..k {
                    // the longer side must be two words at least, or it would match
                    // everywhere (so a long form of three content words loses its middle one)
                    let (before, after) = (&skeleton[..slot], &skeleton[slot + 1..]);
                    if before.len() >= after.len() && before.len() >= 2 {
                        add(before, Probe::Before(slot as u32));
                    } else if after.len() >= 2 {
                        add(after, Probe::After(slot as u32));
                    }
                }
            }
            forms.push(NearForm { pattern: pi as u32, ids: ids.clone(), weights, total, content_pos, skeleton });
        }
        NearIndex { forms, trie, content, threshold }
    }

    /// The content-word table the symbolizer uses to build skeletons.
    pub(crate) fn content_table(&self) -> &[bool] {
        &self.content
    }

    /// Near-miss candidates in the symbols `sy` of `text` that start among symbols `owned`,
    /// outside the exact `hits` (sorted, offsets in `text`). Candidates may overlap each
    /// other: [`disjoint`] chooses among them.
    pub(crate) fn find(&self, m: &Matcher, text: &str, sy: &Symbols, hits: &[Hit], owned: Range<usize>) -> Vec<Hit> {
        let n = sy.len();
        if n == 0 || self.forms.is_empty() {
            return Vec::new();
        }
        // exact hits, for the test "is this symbol inside one" (near-misses never overlap them)
        let exact: Vec<(usize, usize)> =
            hits.iter().filter(|h| !h.nested && h.status != Status::NearMiss).map(|h| (h.start, h.end)).collect();
        let in_hit = |k: usize| {
            let st = sy.start(k);
            let i = exact.partition_point(|&(s, _)| s <= st);
            i > 0 && exact[i - 1].1 > st
        };
        // The skeleton with exact hits blanked: a near-miss never overlaps an exact hit, so no
        // pattern may start in one or run through one.
        let skel_at = &sy.skel_at;
        let mut skel = sy.skel.clone();
        let mut hp = 0;
        for (entry, &a) in skel.iter_mut().zip(skel_at) {
            let st = sy.start((a & !SKEL_LAST) as usize);
            while hp < exact.len() && exact[hp].1 <= st {
                hp += 1;
            }
            if hp < exact.len() && exact[hp].0 <= st {
                *entry = OTHER_RUN;
            }
        }
        let skel = &skel;
        let ns = skel.len();
        let at = |i: usize| -> (u32, Part) {
            let a = skel_at[i];
            let part = if a & SKEL_LAST != 0 {
                Part::Last
            } else if skel[i] == OTHER && sy.id((a & !SKEL_LAST) as usize) == OTHER_RUN {
                Part::First
            } else {
                Part::Whole
            };
            (a & !SKEL_LAST, part)
        };
        let mut out = Vec::new();
        let mut checked: FxHashSet<(u32, u32)> = FxHashSet::default();
        self.trie.find(skel, |s, e, ends| {
            // the unknown word at a slip slot is the same for every form of this pattern
            let mut slip_word: Option<(usize, usize)> = None;
            for &End { form: fi, probe, quick } in ends {
                // the skeleton span of the candidate, [a, b), after the quick test
                let (a, b) = match probe {
                    Probe::Whole => (s, e),
                    Probe::Slip(slot) => {
                        let (start, end) =
                            *slip_word.get_or_insert_with(|| word_span(m, text, sy, at(s + slot as usize)));
                        let len = (end - start) as u32;
                        if len < 4 || quick < 4 || len > 2 * quick || quick > 2 * len {
                            continue;
                        }
                        // a short form survives one wrong word only if it is a slip of spelling
                        let key = &m.vocab.keys[self.forms[fi as usize].skeleton[slot as usize] as usize];
                        if !maybe_slip(key, &text[start..end]) {
                            continue;
                        }
                        (s, e)
                    }
                    Probe::Before(slot) => {
                        if e + 1 > ns || skel[e] == OTHER_RUN || (quick != u32::MAX && skel.get(e + 1) != Some(&quick))
                        {
                            continue;
                        }
                        let f = &self.forms[fi as usize];
                        let b = s + f.skeleton.len();
                        let rest = &f.skeleton[slot as usize + 1..];
                        if b > ns || !rest.iter().enumerate().all(|(i, &id)| skel[e + 1 + i] == id) {
                            continue;
                        }
                        (s, b)
                    }
                    Probe::After(slot) => {
                        let slot = slot as usize;
                        if s < slot + 1 || skel[s - 1] == OTHER_RUN || (quick != u32::MAX && skel[s - 2] != quick) {
                            continue;
                        }
                        let a = s - slot - 1;
                        let f = &self.forms[fi as usize];
                        if !f.skeleton[..slot].iter().enumerate().all(|(i, &id)| skel[a + i] == id) {
                            continue;
                        }
                        (a, e)
                    }
                };
                let f = &self.forms[fi as usize];
                let (first, last) = (at(a).0 as usize, at(b - 1).0 as usize);
                if !owned.contains(&first) || !checked.insert((fi, first as u32)) {
                    continue;
                }
                let (from_edge, to_edge) = (word_span(m, text, sy, at(a)).0, word_span(m, text, sy, at(b - 1)).1);
                // widen by the form's leading and trailing non-content tokens, plus one
                let lead = f.content_pos[0] as usize + 1;
                let trail = f.ids.len() - *f.content_pos.last().expect("two content words") as usize;
                let mut lo = first;
                while lo > 0 && first - lo < lead && !in_hit(lo - 1) {
                    lo -= 1;
                }
                let mut hi = last + 1;
                while hi < n && hi - last <= trail && !in_hit(hi) {
                    hi += 1;
                }
                // a run of unknown words at an edge contributes only its word next to the core
                let from = if lo < first && sy.id(lo) == OTHER_RUN {
                    word_span(m, text, sy, (lo as u32, Part::Last)).0
                } else if lo == first {
                    from_edge
                } else {
                    sy.start(lo)
                };
                let to = if hi > last + 1 && sy.id(hi - 1) == OTHER_RUN {
                    word_span(m, text, sy, ((hi - 1) as u32, Part::First)).1
                } else if hi == last + 1 {
                    to_edge
                } else if hi < n {
                    sy.start(hi)
                } else {
                    m.symbol_end(text, sy, hi - 1)
                };
                if let Some((score, s, e)) = self.verify(m, f, text, from, to) {
                    let fr = m.patterns[f.pattern as usize];
                    out.push(Hit {
                        start: s,
                        end: e,
                        entry: fr.entry as usize,
                        form: fr.form as usize,
                        status: Status::NearMiss,
                        score: Some((score * 1000.0).round() / 1000.0),
                        nested: false,
                    });
                }
            }
        });
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
        let t_ids: Vec<u32> = toks.iter().map(|t| m.id_of(t.key.as_bytes())).collect();
        let t_w: Vec<f32> = toks.iter().map(|t| weight(t.token.kind, &t.key)).collect();
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
                let sub = self.substitution(m, f, i - 1, t_ids[j - 1], &toks[j - 1].key, t_w[j - 1]);
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
        let mut s = start[nf][best_j];
        if best_j <= s || best_d <= 1e-6 {
            return None; // empty window, or exact (then the exact pass would have it)
        }
        // a window starts and ends on words: punctuation at its edges stays outside
        while best_j - s > 1 && toks[s].token.kind == TokenKind::Punct {
            s += 1;
        }
        while best_j - s > 1 && toks[best_j - 1].token.kind == TokenKind::Punct {
            best_j -= 1;
        }
        let score = 1.0 - f64::from(best_d / f.total);
        if score < self.threshold {
            return None;
        }
        Some((score, from + toks[s].token.start, from + toks[best_j - 1].token.end))
    }

    fn substitution(&self, m: &Matcher, f: &NearForm, i: usize, t_id: u32, t_key: &str, t_w: f32) -> f32 {
        let f_id = f.ids[i];
        if !is_other(t_id) && t_id == f_id {
            return 0.0;
        }
        let w = f.weights[i].max(t_w);
        let f_key = &m.vocab.keys[f_id as usize];
        if f.weights[i] >= 1.0 && maybe_slip(f_key, t_key) {
            let sim = strsim::normalized_damerau_levenshtein(f_key, &t_key.to_lowercase());
            if sim >= TYPO_SIMILARITY {
                return w * (1.0 - sim as f32);
            }
        }
        w
    }
}

/// Which words of a symbol a skeleton entry stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Whole,
    /// The first word of a run of unknown words.
    First,
    /// The last word of a run of unknown words.
    Last,
}

/// The end of the word symbol `k` starts with: a run of ASCII letters and digits, or what
/// the tokenizer says when the word is not plain ASCII.
#[inline]
fn word_end(m: &Matcher, text: &str, sy: &Symbols, k: usize) -> usize {
    let b = text.as_bytes();
    let start = sy.start(k);
    let mut i = start;
    while i < b.len() && b[i].is_ascii_alphanumeric() {
        i += 1;
    }
    if i > start && (i == b.len() || (b[i] < 0x80 && b[i] != b'\'')) { i } else { m.symbol_end(text, sy, k) }
}

/// The byte span of the word(s) a skeleton entry stands for.
fn word_span(m: &Matcher, text: &str, sy: &Symbols, (k, part): (u32, Part)) -> (usize, usize) {
    let k = k as usize;
    let start = sy.start(k);
    match part {
        Part::Whole if sy.id(k) != OTHER_RUN => (start, word_end(m, text, sy, k)),
        Part::First => (start, word_end(m, text, sy, k)),
        Part::Whole | Part::Last => {
            let end = if k + 1 < sy.len() { sy.start(k + 1) } else { m.symbol_end(text, sy, k) };
            if part == Part::Whole {
                return (start, end);
            }
            // the last token before `end`, searched in a short window
            let mut from = end.saturating_sub(96).max(start);
            while !text.is_char_boundary(from) {
                from += 1;
            }
            let mut key = Vec::new();
            let mut last = (start, m.symbol_end(text, sy, k));
            let mut i = from;
            while let Some(t) = normalize::next_token(&text[..end], i, &mut key) {
                if t.start >= from && t.start > start {
                    last = (t.start, t.end);
                }
                i = t.end;
            }
            last
        }
    }
}

/// A cheap necessary condition for two words to be spelling slips of each other
/// (normalised Damerau-Levenshtein similarity at least [`TYPO_SIMILARITY`]): both at least
/// four letters, lengths and letter counts close enough that few edits could turn one
/// into the other.
fn maybe_slip(a: &str, b: &str) -> bool {
    // byte lengths first: for ASCII words they are the lengths, and no slip doubles a length
    if a.len() < 4 || b.len() < 4 || a.len() > 2 * b.len() || b.len() > 2 * a.len() {
        return false;
    }
    let (la, lb) =
        if a.is_ascii() && b.is_ascii() { (a.len(), b.len()) } else { (a.chars().count(), b.chars().count()) };
    if la < 4 || lb < 4 {
        return false;
    }
    let edits = ((1.0 - TYPO_SIMILARITY) * la.max(lb) as f64 + 1e-9).floor() as usize;
    if edits == 0 || la.abs_diff(lb) > edits {
        return false;
    }
    // an edit changes the letter histogram by at most 2; a transposition by 0
    let mut hist = [0i32; 27];
    let slot = |c: char| if c.is_ascii_alphabetic() { (c.to_ascii_lowercase() as u8 - b'a') as usize } else { 26 };
    for c in a.chars() {
        hist[slot(c)] += 1;
    }
    for c in b.chars() {
        hist[slot(c)] -= 1;
    }
    let diff: i32 = hist.iter().map(|d| d.abs()).sum();
    diff as usize <= 2 * edits
}

/// Keeps the best of overlapping near-miss candidates (higher score, then earlier start,
/// then glossary order), sorted by start.
pub(crate) fn disjoint(mut candidates: Vec<Hit>) -> Vec<Hit> {
    candidates.sort_by(|a, b| {
        b.score
            .unwrap_or(0.0)
            .total_cmp(&a.score.unwrap_or(0.0))
            .then(a.start.cmp(&b.start))
            .then(a.entry.cmp(&b.entry))
            .then(a.form.cmp(&b.form))
    });
    // kept intervals are disjoint, so only the last one starting before a candidate's end
    // can overlap it
    let mut kept: std::collections::BTreeMap<usize, Hit> = std::collections::BTreeMap::new();
    for c in candidates {
        if kept.range(..c.end).next_back().is_some_and(|(_, k)| k.end > c.start) {
            continue;
        }
        kept.insert(c.start, c);
    }
    kept.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::maybe_slip;

    #[test]
    fn slips_of_spelling() {
        assert!(maybe_slip("cooperation", "corporation"));
        assert!(maybe_slip("cooperation", "coperation"));
        assert!(maybe_slip("initiative", "initative"));
        assert!(!maybe_slip("contribution", "co-operation"));
        assert!(!maybe_slip("road", "raod"));
        assert!(!maybe_slip("future", "destiny"));
    }
}
