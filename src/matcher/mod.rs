//! Finding every glossary form in a text, in one pass, with exact original offsets.
//!
//! # How it works
//!
//! Compilation ([`Matcher::new`]) turns the glossary into two things:
//!
//! 1. a **vocabulary**: every word of every form gets an id, and every surface spelling
//!    that canonicalises to the same key ([`crate::normalize::surface_variants`]: case,
//!    UK/US spelling, plural, number words) maps to that id. Words that occur in no form
//!    are "other": id 0;
//! 2. one **automaton over ids** (`trie`): the forms as id sequences in a trie, searched
//!    leftmost-longest.
//!
//! Searching ([`Matcher::find`]) reads the original text once (`symbols`, the fast path
//! of [`crate::normalize::next_token`]): each word is found, lower-cased and hashed in
//! registers and looked up in the vocabulary; the ids are sifted, without branching, down
//! to the places where a form may start, and the trie is walked from those. No form
//! contains an "other" id, so no match spans a word outside the glossary. No
//! normalised copy of the text is ever made, and a match maps straight back to the byte
//! range of its first and last token in the original.
//!
//! Long texts are searched in blocks (bounded memory, see [`crate::search`]) and each
//! block in pieces of a mebibyte, each symbolized and searched in one go (in parallel, and
//! while the piece is still in cache); a cut is only made after an "other" word, where no
//! match can cross it, so results never depend on where the text was cut or on the number
//! of threads ([`Matcher::find_block`]). Near-misses may hold one such word: they are also
//! searched across the seams between pieces, and blocks are then cut between two such
//! words where the block has them.
//!
//! # Match semantics
//!
//! * Matches are whole tokens: "Road" never matches inside "Roadmap".
//! * Leftmost-longest: at each position the longest form wins ("Line D of the
//!   China-Central Asia Gas Pipeline" over "China-Central Asia"), and hits do not overlap.
//!   With [`MatchOptions::nested`], forms inside a longer hit are reported too, marked
//!   `nested`.
//! * A form that is a single all-capitals word ("SCO", "WHO") matches only in capitals
//!   (the match is checked against the form's exact text). A word in capitals inside a
//!   longer form ("BRICS cooperation") matches in any case but is not inflected or
//!   respelt: "BRIC" is not the singular of "BRICS".
//! * When two entries claim the same normalised form, the first entry in glossary order
//!   wins (`termalign glossary validate` reports the clash).
//!
//! Near-misses, phrases close to but not equal to a form, are found by [`near`] after the
//! exact pass, outside the exact hits.

pub mod near;
mod symbols;
mod trie;

use rustc_hash::FxHashMap;

use self::symbols::FastVocab;
pub use self::symbols::Symbols;
use self::trie::{IdTrie, Sequences};

use crate::error::{Error, Result};
use crate::glossary::{FormKind, Glossary};
use crate::normalize::{self, TokenKind};

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
    /// The Chinese source has the term and its aligned English has no form of it. Set by
    /// the cross-language check ([`crate::align::terms`]); the "hit" is then the aligned
    /// English, where the rendering should be.
    MissingRendering,
    /// The Chinese source has the term more often than its aligned English renders it.
    /// Set by the cross-language check, like [`Status::MissingRendering`].
    CountMismatch,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Preferred => "preferred",
            Status::Variant => "variant",
            Status::Deprecated => "deprecated",
            Status::NearMiss => "near_miss",
            Status::Inconsistent => "inconsistent",
            Status::MissingRendering => "missing_rendering",
            Status::CountMismatch => "count_mismatch",
        }
    }

    /// Whether a translator has to look at this hit.
    pub fn needs_attention(self) -> bool {
        !matches!(self, Status::Preferred | Status::Variant)
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

/// Token id of one word that is in no glossary form.
pub(crate) const OTHER: u32 = 0;
/// In the near-miss skeleton: a break (a run of two or more words outside the glossary, or
/// an exact hit). Near-miss search tells one unknown word from several: one may be a slip
/// for a glossary word, several are not.
pub(crate) const OTHER_RUN: u32 = 1;

/// Whether a symbol stands for words outside the glossary (no pattern contains it).
#[inline]
pub(crate) fn is_other(id: u32) -> bool {
    id <= OTHER_RUN
}

/// Surface spellings to ids, while compiling. See the module documentation.
#[derive(Debug, Default)]
pub(crate) struct Vocab {
    /// Lower-case surface key -> id.
    words: FxHashMap<Box<[u8]>, u32>,
    /// Canonical key -> id.
    canon_ids: FxHashMap<String, u32>,
    /// Canonical key of each id (index = id; ids 0 and 1 are "other" words).
    pub keys: Vec<String>,
}

impl Vocab {
    fn new() -> Vocab {
        Vocab { keys: vec![String::new(), String::new()], ..Vocab::default() }
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

    /// The id of a word written in capitals in a form ("BRICS cooperation", "the WTO"): such
    /// words are names, so only their own spelling (in any case) maps to the id; "BRIC" and
    /// "BRICS" must not meet as singular and plural.
    fn add_capitals(&mut self, key: &str, seen: &mut FxHashMap<String, u32>) -> u32 {
        let canon = format!("={key}");
        if let Some(&id) = seen.get(&canon) {
            return id;
        }
        let id = self.intern_canon(&canon);
        self.words.entry(key.as_bytes().into()).or_insert(id);
        seen.insert(canon, id);
        id
    }

    pub(crate) fn len(&self) -> usize {
        self.keys.len()
    }

    /// Renumbers the ids so that the content words ([`near::is_content_key`]) come first,
    /// right after the two ids of words outside the glossary: whether a symbol is a content
    /// word is then a comparison of its id, which the near-miss skeleton makes for every
    /// symbol of the text (a table lookup there was a gather per sixteen symbols).
    /// Returns the new id of each old one, and the range of the content words' ids.
    fn content_first(&mut self) -> Renumbered {
        let n = self.keys.len();
        let mut order: Vec<u32> = (0..OTHER_RUN + 1).collect();
        let is_content = |id: usize| !is_other(id as u32) && near::is_content_key(&self.keys[id]);
        order.extend((0..n).filter(|&id| is_content(id)).map(|id| id as u32));
        let ids = OTHER_RUN + 1..order.len() as u32;
        order.extend((0..n).filter(|&id| !is_other(id as u32) && !is_content(id)).map(|id| id as u32));
        let mut new_id = vec![0u32; n];
        for (new, &old) in order.iter().enumerate() {
            new_id[old as usize] = new as u32;
        }
        let mut keys = vec![String::new(); n];
        for (old, key) in std::mem::take(&mut self.keys).into_iter().enumerate() {
            keys[new_id[old] as usize] = key;
        }
        self.keys = keys;
        for id in self.words.values_mut().chain(self.canon_ids.values_mut()) {
            *id = new_id[*id as usize];
        }
        Renumbered { new_id, ids }
    }
}

/// What [`Vocab::content_first`] did.
struct Renumbered {
    new_id: Vec<u32>,
    /// The content words' ids.
    ids: std::ops::Range<u32>,
}

/// A compiled glossary. Build once, search many texts (it is `Sync`).
pub struct Matcher {
    pub(crate) vocab: Vocab,
    pub(crate) fast: FastVocab,
    /// Form of each automaton pattern.
    pub(crate) patterns: Vec<FormRef>,
    /// For acronym patterns ("SCO"), the exact text a match must have.
    acronyms: Vec<Option<Box<str>>>,
    /// The patterns as a trie over ids.
    trie: IdTrie,
    near: Option<near::NearIndex>,
    opts: MatchOptions,
}

/// The hits of one block of text, and where the next block must start.
#[derive(Debug, Clone, Default)]
pub struct BlockHits {
    /// Hits that start before `cut`, sorted; offsets relative to the block.
    pub hits: Vec<Hit>,
    /// Bytes before `cut` are done; the next block starts here. Equal to the block length
    /// for the last block.
    pub cut: usize,
}

/// A text is searched in pieces of about this size, cut at white space; their symbols are
/// computed in parallel, and the seams between them are searched again so that results do
/// not depend on the cuts (see [`Matcher::find_block`]).
const PIECE: usize = 1 << 20;
/// Documents held in memory are searched in blocks of this size, so that symbol memory
/// stays bounded whatever the document's size.
pub const BLOCK: usize = 8 << 20;

impl Matcher {
    /// Compiles every form of every entry.
    pub fn new(glossary: &Glossary, opts: MatchOptions) -> Result<Matcher> {
        let mut vocab = Vocab::new();
        let mut seen = FxHashMap::default();
        let mut patterns = Vec::new();
        let mut acronyms = Vec::new();
        let mut pattern_ids: Vec<Vec<u32>> = Vec::new();
        let mut sequences = Sequences::default();
        // each form's sequences, in glossary order, with what its pattern will carry
        let mut claims: Vec<(FormRef, Option<Box<str>>, Vec<u32>)> = Vec::new();
        // the keys of one form; their strings are kept from form to form, so that a glossary
        // of 100,000 terms does not allocate one per word
        let mut key_buf: Vec<String> = Vec::new();
        let mut capitals: Vec<bool> = Vec::new();
        let mut key = Vec::new();
        for (ei, e) in glossary.entries().enumerate() {
            for form in e.forms() {
                capitals.clear();
                let mut single: Option<normalize::Token> = None;
                let mut n = 0;
                normalize::scan_tokens(form.text, &mut key, |t, k| {
                    single = if n == 0 { Some(t) } else { None };
                    if n == key_buf.len() {
                        key_buf.push(String::new());
                    }
                    key_buf[n].clear();
                    key_buf[n].push_str(&String::from_utf8_lossy(k));
                    capitals.push(t.all_caps);
                    n += 1;
                });
                let keys = &key_buf[..n];
                if keys.is_empty() {
                    continue;
                }
                let acronym = single
                    .filter(|t| t.kind == TokenKind::Word && t.all_caps)
                    .map(|t| Box::<str>::from(&form.text[t.start..t.end]));
                let mut id_of = |k: &str| {
                    if keys.iter().zip(&capitals).any(|(kk, &c)| c && kk == k) {
                        vocab.add_capitals(k, &mut seen)
                    } else {
                        vocab.add_key(k, &mut seen)
                    }
                };
                let alternatives: Vec<Vec<u32>> = if normalize::has_prefix_alternatives(keys) {
                    normalize::prefix_alternatives(keys)
                        .iter()
                        .map(|alt| alt.iter().map(|k| id_of(k)).collect())
                        .collect()
                } else {
                    vec![keys.iter().map(|k| id_of(k)).collect()]
                };
                let fref = FormRef { entry: ei as u32, form: form.index as u32, kind: form.kind };
                for ids in alternatives {
                    claims.push((fref, acronym.clone(), ids));
                }
            }
        }
        if vocab.len() >= (1 << 21) {
            return Err(Error::usage(format!("glossary too large: {} distinct words (limit 2,097,152)", vocab.len())));
        }
        let content = vocab.content_first();
        for (_, _, ids) in &mut claims {
            for id in ids.iter_mut() {
                *id = content.new_id[*id as usize];
            }
            sequences.push(ids);
        }
        let (trie, numbers) = sequences.build(vocab.keys.len());
        // an earlier entry (or form) may already claim a sequence: it keeps it
        for ((fref, acronym, ids), number) in claims.into_iter().zip(numbers) {
            if number as usize == patterns.len() {
                patterns.push(fref);
                acronyms.push(acronym);
                pattern_ids.push(ids);
            }
        }
        let near = opts.near_miss.map(|t| near::NearIndex::new(&vocab, content.ids, &patterns, &pattern_ids, t));
        let fast = FastVocab::new(&vocab.words);
        Ok(Matcher { vocab, fast, patterns, acronyms, trie, near, opts })
    }

    pub fn options(&self) -> MatchOptions {
        self.opts
    }

    /// Number of compiled patterns (forms and their prefix alternatives).
    pub fn pattern_count(&self) -> usize {
        self.patterns.len()
    }

    /// The id of a token found by [`normalize::next_token`].
    pub(crate) fn id_of(&self, key: &[u8]) -> u32 {
        self.fast.lookup_key(key)
    }

    /// The symbols of `text[from..to]`, offsets relative to `text`.
    pub fn symbols(&self, text: &str) -> Symbols {
        let mut sy = Symbols::new(text.len() / 6);
        symbols::symbolize(&self.fast, text, 0, text.len(), &mut sy);
        sy
    }

    /// Every hit in `text`, sorted by start (then longer first).
    pub fn find(&self, text: &str) -> Vec<Hit> {
        self.find_with(text, false)
    }

    /// [`Matcher::find`], computing pieces in parallel on the current rayon pool. The hits
    /// are the same as with [`Matcher::find`], in the same order.
    pub fn find_par(&self, text: &str) -> Vec<Hit> {
        self.find_with(text, true)
    }

    fn find_with(&self, text: &str, parallel: bool) -> Vec<Hit> {
        let mut hits = Vec::new();
        let mut pos = 0;
        let mut size = BLOCK;
        while pos < text.len() {
            let mut end = (pos + size).min(text.len());
            while !text.is_char_boundary(end) {
                end -= 1; // as a stream reader sees it: a character cut in two waits
            }
            let last = end == text.len();
            match self.find_block(&text[pos..end], last, parallel) {
                Some(b) => {
                    hits.extend(b.hits.into_iter().map(|mut h| {
                        h.start += pos;
                        h.end += pos;
                        h
                    }));
                    pos += b.cut;
                    size = BLOCK;
                }
                None => size *= 2, // no safe cut in this block: take a larger one
            }
        }
        hits
    }

    /// Searches one block of a longer text.
    ///
    /// Unless `last`, the block is only searched up to a **cut**: the start of the last
    /// token that follows a word outside the glossary. No form contains such a word, so no
    /// match can cross the cut, and a search that resumes there finds exactly what a search
    /// of the whole text would. Returns `None` when the block has no such point (the caller
    /// then offers a larger block).
    ///
    /// Within the block, the text is split into pieces of about a mebibyte whose symbols are
    /// computed independently (in parallel when `parallel`), the automaton runs over each
    /// piece between its first and last "other" symbol, and the seam between two pieces is
    /// searched on its own. The hits are therefore those of one sequential search, whatever
    /// the number of threads.
    pub fn find_block(&self, text: &str, last: bool, parallel: bool) -> Option<BlockHits> {
        self.find_block_in(text, last, parallel, PIECE)
    }

    /// [`Matcher::find_block`] with pieces of about `piece` bytes (tests cut small pieces).
    fn find_block_in(&self, text: &str, last: bool, parallel: bool, piece: usize) -> Option<BlockHits> {
        let bounds = piece_bounds(text, piece);
        let np = bounds.len() - 1;
        // each piece is symbolized and searched in one go, while its text is in cache
        let near = self.near.is_some();
        let work = |p: usize| {
            let mut sy = Symbols::pooled((bounds[p + 1] - bounds[p]) / 4);
            symbols::symbolize(&self.fast, text, bounds[p], bounds[p + 1], &mut sy);
            let own = own_region(&sy, p == 0, p == np - 1, last, near);
            let other = has_other(&sy);
            let mut spans = Vec::new();
            let hits = match own {
                Some((lo, hi, _)) if np == 1 || other => self.exact(text, &sy, lo..hi, near.then_some((&mut spans, 0))),
                _ => Vec::new(),
            };
            Piece { sy, own, hits, spans, other }
        };
        let mut done: Vec<Piece> = if parallel && np > 1 { in_order(np, work) } else { (0..np).map(work).collect() };
        if np > 1 && done.iter().any(|d| !d.other) {
            // a piece without any word outside the glossary: search the block in one piece
            let mut all = Symbols::new(done.iter().map(|d| d.sy.len()).sum());
            for d in &done {
                all.extend_from(&d.sy, 0..d.sy.len());
            }
            let own = own_region(&all, true, true, last, near);
            let mut spans = Vec::new();
            let hits = own
                .map_or_else(Vec::new, |(lo, hi, _)| self.exact(text, &all, lo..hi, near.then_some((&mut spans, 0))));
            done = vec![Piece { sy: all, own, hits, spans, other: true }];
        }
        let np = done.len();
        let (_, _, cut_sym) = done[np - 1].own?;
        let cut = if last { text.len() } else { done[np - 1].sy.start(cut_sym) };
        let regions: Vec<(usize, usize)> = done.iter().map(|d| d.own.map_or((0, 0), |(lo, hi, _)| (lo, hi))).collect();
        let mut pieces = Vec::with_capacity(np);
        let mut per_piece = Vec::with_capacity(np);
        let mut piece_spans = Vec::with_capacity(np);
        for d in done {
            pieces.push(d.sy);
            per_piece.push(d.hits);
            piece_spans.push(d.spans);
        }
        // seams: the end of one piece and the start of the next, searched as one; and for
        // the near-miss search, the exact hits' symbols, numbered through the block
        // (sized at once: grown by doubling, it was copied into fresh pages at every block)
        let mut hits = Vec::with_capacity(per_piece.iter().map(Vec::len).sum::<usize>() + 64);
        let mut spans: Vec<(u32, u32)> = Vec::new();
        let mut offset = 0;
        for p in 0..np {
            hits.append(&mut per_piece[p]);
            spans.extend(piece_spans[p].iter().map(|&(s, e)| (s + offset, e + offset)));
            if p + 1 < np {
                let mut seam = Symbols::new(64);
                seam.extend_from(&pieces[p], regions[p].1..pieces[p].len());
                let next_lo = if p + 1 == np - 1 { regions[p + 1].0.min(cut_sym) } else { regions[p + 1].0 };
                seam.extend_from(&pieces[p + 1], 0..next_lo);
                let seam_spans = near.then_some((&mut spans, offset + regions[p].1 as u32));
                hits.extend(self.exact(text, &seam, 0..seam.len(), seam_spans));
            }
            offset += pieces[p].len() as u32;
        }
        if let Some(near) = &self.near {
            hits.extend(near::disjoint(self.near_misses(near, text, &pieces, &spans, cut_sym, parallel)));
        }
        hits.retain(|h| h.start < cut);
        for sy in pieces {
            sy.recycle();
        }
        hits.sort_by(|a, b| {
            (a.start.cmp(&b.start))
                .then(b.end.cmp(&a.end))
                .then(a.nested.cmp(&b.nested))
                .then(a.entry.cmp(&b.entry))
                .then(a.form.cmp(&b.form))
        });
        Some(BlockHits { hits, cut })
    }

    /// The near-miss candidates of a block whose pieces are `pieces` (exact `hits` found),
    /// in text order; the last piece's are those before symbol `cut_sym`.
    ///
    /// A near-miss may cross a seam between pieces, and its window reaches a few tokens
    /// beyond its core on either side. So each piece owns the candidates whose first symbol
    /// lies at least [`near::NearIndex::margin`] symbols from its edges, and each seam a
    /// window of symbols around it that owns the rest: every candidate is found by one
    /// search, with all its context, wherever the pieces were cut.
    fn near_misses(
        &self,
        near: &near::NearIndex,
        text: &str,
        pieces: &[Symbols],
        exact: &[(u32, u32)],
        cut_sym: usize,
        parallel: bool,
    ) -> Vec<Hit> {
        let np = pieces.len();
        let m = near.margin();
        if np > 1 && pieces.iter().any(|s| s.len() < 4 * m) {
            // pieces too short for their edges to be left to the seams: join them
            let mut all = Symbols::new(pieces.iter().map(Symbols::len).sum());
            for sy in pieces {
                all.extend_from(sy, 0..sy.len());
            }
            let cut = all.len() - pieces[np - 1].len() + cut_sym;
            return near.find(self, text, &all, exact, 0, 0..cut);
        }
        // where each piece starts in the block's numbering of symbols
        let offsets: Vec<usize> = pieces.iter().scan(0, |at, sy| Some(std::mem::replace(at, *at + sy.len()))).collect();
        // the last piece owns nothing from the cut on: that is the next block's
        let limit = |p: usize| if p == np - 1 { cut_sym } else { usize::MAX };
        let piece = |p: usize| {
            let lo = if p == 0 { 0 } else { m };
            let hi = if p == np - 1 { cut_sym } else { pieces[p].len() - m };
            near.find(self, text, &pieces[p], exact, offsets[p], lo..hi.max(lo))
        };
        let seam = |p: usize| {
            let (before, after) = (&pieces[p], &pieces[p + 1]);
            let mut window = Symbols::new(4 * m);
            window.extend_from(before, before.len() - 2 * m..before.len());
            window.extend_from(after, 0..(2 * m).min(after.len()));
            near.find(self, text, &window, exact, offsets[p + 1] - 2 * m, m..2 * m + m.min(limit(p + 1)))
        };
        // in text order: piece 0, seam 0|1, piece 1, ...
        let task = |t: usize| if t.is_multiple_of(2) { piece(t / 2) } else { seam(t / 2) };
        let found: Vec<Vec<Hit>> =
            if parallel && np > 1 { in_order(2 * np - 1, task) } else { (0..2 * np - 1).map(task).collect() };
        found.into_iter().flatten().collect()
    }

    /// The end of the token that symbol `k` starts with.
    pub(crate) fn symbol_end(&self, text: &str, sy: &Symbols, k: usize) -> usize {
        symbols::token_end(text, sy.start(k))
    }

    fn hit(&self, text: &str, sy: &Symbols, pattern: usize, s: usize, e: usize, nested: bool) -> Option<Hit> {
        let f = self.patterns[pattern];
        let start = sy.start(s);
        let end = self.symbol_end(text, sy, e - 1);
        if let Some(exact) = &self.acronyms[pattern]
            && text[start..end] != **exact
        {
            return None; // "who" is not "WHO"
        }
        Some(Hit {
            start,
            end,
            entry: f.entry as usize,
            form: f.form as usize,
            status: Status::of(f.kind),
            score: None,
            nested,
        })
    }

    /// Leftmost-longest exact hits among symbols `range` (and nested ones when asked).
    ///
    /// The symbols are first sifted, a batch at a time and without branching, down to the
    /// few where a form may start ([`IdTrie::candidates`]); the trie is walked from those
    /// only. Whether a word starts a form is a coin toss in running text, and a branch on it
    /// at every symbol cost more than the walks themselves.
    ///
    /// With `spans`, also appends there the symbol range of each hit that is not nested,
    /// numbered from the given symbol on (the near-miss search skips them).
    fn exact(
        &self,
        text: &str,
        sy: &Symbols,
        range: std::ops::Range<usize>,
        spans: Option<(&mut Vec<(u32, u32)>, u32)>,
    ) -> Vec<Hit> {
        const BATCH: usize = 1024;
        // (first symbol, end symbol, pattern, nested) of each hit, made into hits at the end
        let mut found: Vec<(u32, u32, u32, bool)> = Vec::new();
        let ids = &sy.ids[..range.end];
        let mut batch = [0u32; BATCH];
        let mut free = range.start; // the first symbol not inside an earlier hit
        for base in range.clone().step_by(BATCH) {
            let n = self.trie.candidates(ids, base..(base + BATCH).min(range.end), &mut batch);
            for &k in &batch[..n] {
                let i = k as usize;
                if i < free {
                    continue;
                }
                let Some((len, p)) = self.trie.longest_at(ids, i) else { continue };
                // no hit for an acronym written otherwise ("who" for "WHO")
                if self.acronyms[p].is_some() && self.hit(text, sy, p, i, i + len, false).is_none() {
                    continue;
                }
                found.push((i as u32, (i + len) as u32, p as u32, false));
                if self.opts.nested && len > 1 {
                    for s in i..i + len {
                        self.trie.each_at(&ids[..i + len], s, |n, q| {
                            if (s, n) != (i, len) {
                                found.push((s as u32, (s + n) as u32, q as u32, true));
                            }
                        });
                    }
                }
                free = i + len;
            }
        }
        // A hit ends where its last token does, which only the text says. By now the piece's
        // text has left the cache: its bytes at every hit's last token are loaded first, in
        // one loop whose loads do not wait for each other, and then read from the cache.
        let b = text.as_bytes();
        let warm = found.iter().fold(0u8, |acc, &(_, e, _, _)| acc ^ b[sy.start(e as usize - 1)]);
        std::hint::black_box(warm);
        if let Some((spans, offset)) = spans {
            // (an acronym written otherwise was never found: every hit not nested is kept)
            spans.extend(found.iter().filter(|f| !f.3).map(|&(s, e, _, _)| (s + offset, e + offset)));
        }
        found
            .into_iter()
            .filter_map(|(s, e, p, nested)| self.hit(text, sy, p as usize, s as usize, e as usize, nested))
            .collect()
    }
}

/// A piece's own symbols and the cut: see [`own_region`].
type Region = (usize, usize, usize);

/// A piece of a block, symbolized and searched: see [`Matcher::find_block`].
struct Piece {
    sy: Symbols,
    own: Option<Region>,
    hits: Vec<Hit>,
    /// With near-misses searched, the symbol ranges of `hits` (see [`Matcher::exact`]).
    spans: Vec<(u32, u32)>,
    /// It holds a word outside the glossary (else the block is searched in one piece).
    other: bool,
}

/// Whether the symbols hold a word outside the glossary, where no match can cross.
fn has_other(sy: &Symbols) -> bool {
    sy.ids.iter().any(|&id| is_other(id))
}

/// The symbols a piece searches on its own: `(lo, hi, cut)`, from its first "other" symbol
/// (the first piece: from its start) to just after its last one (the last piece: to the
/// cut, where the next block resumes; the end of the text when `last`). `None` when the
/// last piece of a block that is not the last has no cut.
///
/// With near-misses searched (`near`), the cut is preferably made between two words
/// outside the glossary: a near-miss may contain one such word, but its window never
/// reaches past the first word of a run of them, so none crosses that cut.
fn own_region(sy: &Symbols, first: bool, last_piece: bool, last: bool, near: bool) -> Option<Region> {
    let ids = &sy.ids;
    let lo = if first { 0 } else { ids.iter().position(|&id| is_other(id)).unwrap_or(0) };
    if !last_piece {
        let hi = ids.iter().rposition(|&id| is_other(id)).map_or(ids.len(), |k| k + 1);
        return Some((lo, hi.max(lo), 0));
    }
    let cut_sym = if last {
        ids.len()
    } else {
        let after_other = |k: usize| is_other(ids[k - 1]);
        let in_run = (1..ids.len()).rev().find(|&k| near && after_other(k) && is_other(ids[k]));
        in_run.or_else(|| (1..ids.len()).rev().find(|&k| after_other(k)))?
    };
    Some((lo, cut_sym.max(lo), cut_sym))
}

/// Piece boundaries: about every `piece` bytes, moved forward to the next space or line
/// break so that no token is cut.
///
/// The last two pieces' worth of text is cut into quarter pieces. Threads take pieces in
/// order ([`in_order`]), so these short ones are the last taken, and the threads of a block
/// finish within a quarter piece of each other rather than a whole one.
fn piece_bounds(text: &str, piece: usize) -> Vec<usize> {
    let b = text.as_bytes();
    let mut bounds = vec![0];
    let mut start = 0;
    loop {
        let size = if b.len() - start > 2 * piece { piece } else { (piece / 4).max(1) };
        let pos = start + size;
        if pos + size / 2 >= b.len() {
            break;
        }
        match memchr::memchr2(b' ', b'\n', &b[pos..]) {
            Some(k) if pos + k + 1 < b.len() => {
                start = pos + k + 1;
                bounds.push(start);
            }
            _ => break,
        }
    }
    bounds.push(b.len());
    bounds
}

/// `work(0)`, `work(1)`, ... `work(n - 1)` on the current rayon pool, each thread taking
/// the next index in turn; the results in index order.
///
/// Rayon's own splitting hands a thread that joins late the back half of what is left,
/// which ends a block on whatever piece happens to be last in some half. Taking indexes in
/// order ends it on the last pieces, which [`piece_bounds`] makes short.
fn in_order<T: Send>(n: usize, work: impl Fn(usize) -> T + Sync) -> Vec<T> {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let next = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<T>>> = (0..n).map(|_| Mutex::new(None)).collect();
    rayon::scope(|s| {
        for _ in 0..rayon::current_num_threads().min(n) {
            s.spawn(|_| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= n {
                        break;
                    }
                    let done = work(i);
                    *slots[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(done);
                }
            });
        }
    });
    slots
        .into_iter()
        .map(|s| s.into_inner().unwrap_or_else(|e| e.into_inner()).expect("every index was taken"))
        .collect()
}

/// Asks the processor to bring the cache line of `x` in (a hint: nothing waits for it).
#[inline(always)]
pub(crate) fn prefetch<T>(x: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch reads nothing and cannot fault; `x` is a valid reference anyway
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>((x as *const T).cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = x;
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
