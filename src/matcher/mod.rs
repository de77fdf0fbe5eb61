//! Finding every glossary form in a text, in one pass, with exact original offsets.
//!
//! # How it works
//!
//! Compilation ([`Matcher::new`]) turns the glossary into two things:
//!
//! 1. a **vocabulary**: every word of every form gets an id, and every surface spelling
//!    that canonicalises to the same key ([`crate::normalize::surface_variants`]: case,
//!    UK/US spelling, plural, number words) maps to that id. Words that occur in no form
//!    share id 0, "other";
//! 2. one **Aho-Corasick automaton** (the `aho-corasick` crate, leftmost-longest) whose
//!    patterns are the forms written as id sequences. Each id is encoded in a fixed number
//!    of bytes whose first byte alone has its high bit set, so a pattern can only match on
//!    token boundaries.
//!
//! Searching ([`Matcher::find`]) tokenises the original text once
//! ([`crate::normalize::scan_tokens`]), looks each token up in the vocabulary (one hash
//! lookup), and feeds the ids to the automaton. Runs of "other" words collapse to one id 0,
//! which no pattern contains, so no match spans a word outside the glossary. No normalised
//! copy of the text is ever made, and a match maps straight back to the byte range of its
//! first and last token in the original.
//!
//! # Match semantics
//!
//! * Matches are whole tokens: "Road" never matches inside "Roadmap".
//! * Leftmost-longest: at each position the longest form wins ("Line D of the
//!   China-Central Asia Gas Pipeline" over "China-Central Asia"), and hits do not overlap.
//!   With [`MatchOptions::nested`], forms inside a longer hit are reported too, marked
//!   `nested`.
//! * A form that is a single all-capitals word ("SCO", "WHO") matches only in capitals.
//! * When two entries claim the same normalised form, the first entry in glossary order
//!   wins (`termalign glossary validate` reports the clash).
//!
//! Near-misses, phrases close to but not equal to a form, are found by [`near`] after the
//! exact pass, outside the exact hits.

pub mod near;

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use rustc_hash::FxHashMap;

use crate::error::{Error, Result};
use crate::glossary::{FormKind, Glossary};
use crate::normalize::{self, Token, TokenKind};

/// How matching behaves.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MatchOptions {
    /// Also report forms nested inside a longer hit.
    pub nested: bool,
    /// Report near-misses scoring at least this similarity (0..1); `None` turns the
    /// near-miss search off.
    pub near_miss: Option<f64>,
}

impl Default for MatchOptions {
    fn default() -> MatchOptions {
        MatchOptions { nested: false, near_miss: Some(near::DEFAULT_THRESHOLD) }
    }
}

/// How a hit relates to its entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The preferred form.
    Preferred,
    /// An admitted variant.
    Variant,
    /// A deprecated rendering: write the preferred form instead.
    Deprecated,
    /// Close to a form of the entry, but not equal to any: probably a mistake.
    NearMiss,
    /// An admitted form, but the run writes the term another way elsewhere. Set by the
    /// consistency pass ([`crate::review::consistency`]), never by [`Matcher::find`].
    Inconsistent,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Preferred => "preferred",
            Status::Variant => "variant",
            Status::Deprecated => "deprecated",
            Status::NearMiss => "near_miss",
            Status::Inconsistent => "inconsistent",
        }
    }

    /// Whether a translator has to look at this hit.
    pub fn needs_attention(self) -> bool {
        matches!(self, Status::Deprecated | Status::NearMiss | Status::Inconsistent)
    }

    fn of(kind: FormKind) -> Status {
        match kind {
            FormKind::Preferred => Status::Preferred,
            FormKind::Variant => Status::Variant,
            FormKind::Deprecated => Status::Deprecated,
        }
    }
}

/// One occurrence of a glossary form (or a near-miss of one) in a text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    /// Byte range in the searched text (end exclusive).
    pub start: usize,
    pub end: usize,
    /// Index of the entry in the glossary (file order).
    pub entry: usize,
    /// Index of the form among the entry's forms ([`crate::glossary::Entry::forms`]).
    pub form: usize,
    pub status: Status,
    /// Similarity for near-misses.
    pub score: Option<f64>,
    /// Inside a longer hit (only with [`MatchOptions::nested`]).
    pub nested: bool,
}

/// The glossary form a pattern stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FormRef {
    pub entry: u32,
    pub form: u32,
    pub kind: FormKind,
}

/// Token id meaning "a word that is in no glossary form".
pub(crate) const OTHER: u32 = 0;

/// Surface spellings to ids. See the module documentation.
#[derive(Debug, Default)]
pub(crate) struct Vocab {
    /// Lower-case surface key -> id.
    words: FxHashMap<Box<[u8]>, u32>,
    /// Exact surface of acronym forms -> id; consulted only for all-capitals tokens.
    acronyms: FxHashMap<Box<[u8]>, u32>,
    /// Canonical key -> id, while compiling.
    canon_ids: FxHashMap<String, u32>,
    /// Canonical key of each id (index = id; id 0 is "").
    pub keys: Vec<String>,
}

impl Vocab {
    fn new() -> Vocab {
        Vocab { keys: vec![String::new()], ..Vocab::default() }
    }

    fn intern_canon(&mut self, canon: &str) -> u32 {
        if let Some(&id) = self.canon_ids.get(canon) {
            return id;
        }
        let id = self.keys.len() as u32;
        self.keys.push(canon.to_string());
        self.canon_ids.insert(canon.to_string(), id);
        id
    }

    /// The id of a glossary token key, registering every surface spelling of it.
    fn add_key(&mut self, key: &str, seen: &mut FxHashMap<String, u32>) -> u32 {
        if let Some(&id) = seen.get(key) {
            return id;
        }
        let canon = normalize::canon(key).into_owned();
        let id = self.intern_canon(&canon);
        let surfaces = if key.starts_with(|c: char| c.is_alphanumeric()) {
            normalize::surface_variants(key)
        } else {
            vec![key.to_string()]
        };
        for s in surfaces {
            self.words.entry(s.into_bytes().into_boxed_slice()).or_insert(id);
        }
        seen.insert(key.to_string(), id);
        id
    }

    fn add_acronym(&mut self, exact: &str) -> u32 {
        let id = self.intern_canon(&format!("={exact}"));
        self.acronyms.entry(exact.as_bytes().into()).or_insert(id);
        id
    }

    /// The id of a text token (`key` is its lower-cased key).
    #[inline]
    pub(crate) fn lookup(&self, text: &str, tok: Token, key: &[u8]) -> u32 {
        if tok.all_caps && !self.acronyms.is_empty() {
            if let Some(&id) = self.acronyms.get(&text.as_bytes()[tok.start..tok.end]) {
                return id;
            }
        }
        self.words.get(key).copied().unwrap_or(OTHER)
    }

    pub(crate) fn len(&self) -> usize {
        self.keys.len()
    }
}

/// A compiled glossary. Build once, search many texts (it is `Sync`).
pub struct Matcher {
    pub(crate) vocab: Vocab,
    /// Form of each automaton pattern.
    pub(crate) patterns: Vec<FormRef>,
    /// The encoded patterns, kept for the lazily built overlapping automaton.
    encoded: Vec<Vec<u8>>,
    ac: Option<AhoCorasick>,
    overlapping: OnceLock<Option<AhoCorasick>>,
    /// Bytes per encoded id (2 or 3).
    width: usize,
    near: Option<near::NearIndex>,
    opts: MatchOptions,
}

/// The token ids of a text and the byte span each one covers (a run of "other" words is
/// one id 0 spanning all of them).
#[derive(Debug, Default, Clone)]
pub struct Symbols {
    pub(crate) encoded: Vec<u8>,
    pub(crate) ids: Vec<u32>,
    pub(crate) spans: Vec<(usize, usize)>,
}

impl Symbols {
    pub(crate) fn len(&self) -> usize {
        self.ids.len()
    }
}

impl Matcher {
    /// Compiles every form of every entry.
    pub fn new(glossary: &Glossary, opts: MatchOptions) -> Result<Matcher> {
        let mut vocab = Vocab::new();
        let mut seen = FxHashMap::default();
        let mut patterns = Vec::new();
        let mut pattern_ids: Vec<Vec<u32>> = Vec::new();
        let mut taken: FxHashMap<Vec<u32>, usize> = FxHashMap::default();
        for (ei, e) in glossary.entries().enumerate() {
            for form in e.forms() {
                let toks = normalize::tokens(form.text);
                if toks.is_empty() {
                    continue;
                }
                let alternatives: Vec<Vec<u32>> = if normalize::is_acronym_form(&toks) {
                    let t = toks[0].token;
                    vec![vec![vocab.add_acronym(&form.text[t.start..t.end])]]
                } else {
                    let keys: Vec<String> = toks.into_iter().map(|t| t.key).collect();
                    normalize::prefix_alternatives(&keys)
                        .iter()
                        .map(|alt| alt.iter().map(|k| vocab.add_key(k, &mut seen)).collect())
                        .collect()
                };
                let fref = FormRef { entry: ei as u32, form: form.index as u32, kind: form.kind };
                for ids in alternatives {
                    if taken.contains_key(&ids) {
                        continue; // an earlier entry (or form) already claims this sequence
                    }
                    taken.insert(ids.clone(), patterns.len());
                    patterns.push(fref);
                    pattern_ids.push(ids);
                }
            }
        }
        let width = if vocab.len() < (1 << 14) { 2 } else { 3 };
        if vocab.len() >= (1 << 21) {
            return Err(Error::usage(format!("glossary too large: {} distinct words (limit 2,097,152)", vocab.len())));
        }
        let encoded: Vec<Vec<u8>> = pattern_ids.iter().map(|ids| encode_all(ids, width)).collect();
        let ac = if encoded.is_empty() {
            None
        } else {
            Some(
                AhoCorasickBuilder::new()
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(&encoded)
                    .map_err(|e| Error::usage(format!("cannot compile the glossary: {e}")))?,
            )
        };
        let near = opts.near_miss.map(|t| near::NearIndex::new(&vocab, &patterns, &pattern_ids, t));
        Ok(Matcher { vocab, patterns, encoded, ac, overlapping: OnceLock::new(), width, near, opts })
    }

    pub fn options(&self) -> MatchOptions {
        self.opts
    }

    /// Number of compiled patterns (forms and their prefix alternatives).
    pub fn pattern_count(&self) -> usize {
        self.patterns.len()
    }

    /// Tokenises `text` into vocabulary ids.
    pub fn symbols(&self, text: &str) -> Symbols {
        let mut sy = Symbols {
            encoded: Vec::with_capacity(text.len() / 4),
            ids: Vec::with_capacity(text.len() / 8),
            spans: Vec::with_capacity(text.len() / 8),
        };
        let mut key = Vec::with_capacity(32);
        let mut last_other = false;
        let w = self.width;
        normalize::scan_tokens(text, &mut key, |tok, k| {
            let id = self.vocab.lookup(text, tok, k);
            if id == OTHER {
                if last_other {
                    if let Some(s) = sy.spans.last_mut() {
                        s.1 = tok.end;
                    }
                    return;
                }
                last_other = true;
            } else {
                last_other = false;
            }
            encode(id, w, &mut sy.encoded);
            sy.ids.push(id);
            sy.spans.push((tok.start, tok.end));
        });
        sy
    }

    /// Every hit in `text`, sorted by start (then longer first).
    pub fn find(&self, text: &str) -> Vec<Hit> {
        let sy = self.symbols(text);
        let mut hits = self.exact(&sy);
        if let Some(near) = &self.near {
            let found = near.find(self, text, &sy, &hits);
            hits.extend(found);
        }
        hits.sort_by(|a, b| {
            (a.start.cmp(&b.start))
                .then(b.end.cmp(&a.end))
                .then(a.nested.cmp(&b.nested))
                .then(a.entry.cmp(&b.entry))
                .then(a.form.cmp(&b.form))
        });
        hits
    }

    fn hit(&self, sy: &Symbols, pattern: usize, s: usize, e: usize, nested: bool) -> Hit {
        let f = self.patterns[pattern];
        Hit {
            start: sy.spans[s].0,
            end: sy.spans[e - 1].1,
            entry: f.entry as usize,
            form: f.form as usize,
            status: Status::of(f.kind),
            score: None,
            nested,
        }
    }

    /// Leftmost-longest exact hits (and nested ones when asked).
    fn exact(&self, sy: &Symbols) -> Vec<Hit> {
        let Some(ac) = &self.ac else { return Vec::new() };
        let w = self.width;
        let mut hits = Vec::new();
        for m in ac.find_iter(&sy.encoded) {
            let (s, e) = (m.start() / w, m.end() / w);
            hits.push(self.hit(sy, m.pattern().as_usize(), s, e, false));
            if self.opts.nested && e - s > 1 {
                let ov = self.overlapping.get_or_init(|| {
                    AhoCorasickBuilder::new().match_kind(MatchKind::Standard).build(&self.encoded).ok()
                });
                if let Some(ov) = ov {
                    for n in ov.find_overlapping_iter(&sy.encoded[m.start()..m.end()]) {
                        let (ns, ne) = (s + n.start() / w, s + n.end() / w);
                        if (ns, ne) != (s, e) {
                            hits.push(self.hit(sy, n.pattern().as_usize(), ns, ne, true));
                        }
                    }
                }
            }
        }
        hits
    }
}

#[inline]
fn encode(id: u32, width: usize, out: &mut Vec<u8>) {
    if width == 2 {
        out.extend_from_slice(&[0x80 | (id >> 7) as u8, (id & 0x7F) as u8]);
    } else {
        out.extend_from_slice(&[0x80 | (id >> 14) as u8, ((id >> 7) & 0x7F) as u8, (id & 0x7F) as u8]);
    }
}

fn encode_all(ids: &[u32], width: usize) -> Vec<u8> {
    let mut v = Vec::with_capacity(ids.len() * width);
    for &id in ids {
        encode(id, width, &mut v);
    }
    v
}

/// True for tokens that carry little meaning in a phrase (articles, prepositions,
/// conjunctions, punctuation); near-miss scoring weighs them half.
pub(crate) fn is_function_key(kind: TokenKind, key: &str) -> bool {
    kind != TokenKind::Word || FUNCTION_WORDS.binary_search(&key).is_ok()
}

/// Sorted, for binary search.
const FUNCTION_WORDS: &[&str] = &[
    "'s", "a", "all", "an", "and", "as", "at", "between", "by", "each", "for", "from", "in", "into", "its", "of", "on",
    "or", "other", "our", "the", "their", "to", "toward", "towards", "with",
];

#[cfg(test)]
mod tests;
