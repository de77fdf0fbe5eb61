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
//! Candidates come instead from a second automaton (a trie over ids, as for the exact
//! search), run over the **skeleton** of the text: its content words only (function words
//! and punctuation dropped, exact hits replaced by a break), with a single word outside the
//! glossary written as a wildcard and a run of them as wildcard, break, wildcard. The
//! skeleton is derived from the exact search's symbols after that search, in one pass
//! without branches, so the tokenizer's hot loop does no work for it. A candidate is a
//! place where all of a form's content words stand in order, with at most one of them
//! replaced by one other word; only candidates are scored. Three kinds of patterns find
//! them:
//!
//! * the form's skeleton itself: changed function words or punctuation ("community of
//!   shared future for mankind");
//! * for a short form (total weight under 5, where one wrong word already costs too much
//!   unless it is a slip of spelling), the skeleton with one word replaced by the wildcard,
//!   kept only when the unknown word is spelt like the form's word ("win-win corporation");
//!   for the first word, the rest of the skeleton, with the wildcard checked just before
//!   it, so that no pattern starts with the wildcard (four in ten places of the skeleton are
//!   unknown words, and each would start a walk);
//! * for a long form, the part of the skeleton on the longer side of each word; the part
//!   on the other side is compared in place, and the word between may be any word, even a
//!   glossary word ("community with a shared destiny for mankind").
//!
//! A pattern found stands for the forms it was made from (its items), grouped by what they
//! ask of the text around the pattern (`Group`); nearly every pattern found is a false
//! start, rejected by its group alone. On the 100 MB benchmark corpus: 4.4 million content
//! words sifted, 275,000 walks, 158,000 patterns found, 90,000 groups read further, 2,200
//! windows scored, 125 near-misses.
//!
//! Not found: a near-miss that changes two content words, or replaces one with several.

use std::ops::Range;

use std::cell::RefCell;

use rustc_hash::FxHashSet;

use super::trie::{IdTrie, Sequences};
use super::{FormRef, Hit, Matcher, OTHER, OTHER_RUN, Status, Symbols, Vocab, is_function_key, is_other, prefetch};
use crate::normalize::{self, TokenKind};

thread_local! {
    /// The skeleton buffers of [`NearIndex::find`], kept for the next piece searched on this
    /// thread (fresh megabytes would cost page faults every time).
    static SKELETON: RefCell<Skeleton> = const {
        RefCell::new(Skeleton { ids: Vec::new(), at: Vec::new(), content: Vec::new(), in_hit: Vec::new(), hit_start: Vec::new() })
    };
}

thread_local! {
    /// The tables of [`NearIndex::verify`], kept for the next window: a window is a few
    /// tokens, and allocating a key per token and a row per form token cost more than
    /// filling them.
    static VERIFY: RefCell<Window> = RefCell::default();
}

/// A window's tokens and alignment tables (see [`NearIndex::verify`]).
#[derive(Debug, Default)]
struct Window {
    /// The key of the token being read, then all the keys, one after the other.
    key: Vec<u8>,
    keys: String,
    toks: Vec<WindowToken>,
    d: Vec<f32>,
    start: Vec<usize>,
}

#[derive(Debug)]
struct WindowToken {
    token: normalize::Token,
    /// Its key, in [`Window::keys`].
    key: Range<usize>,
    id: u32,
    weight: f32,
    /// The letters it holds ([`letters`]).
    letters: u32,
}

/// The skeleton of a run of symbols (see the module documentation), as
/// [`NearIndex::skeleton`] writes it.
#[derive(Debug, Default)]
struct Skeleton {
    /// The entries: ids, the wildcard [`OTHER`] and the break [`OTHER_RUN`]; after the last,
    /// two breaks.
    ids: Vec<u32>,
    /// Per entry, the symbol it stands for.
    at: Vec<u32>,
    /// The entries that are content words, in order: every pattern starts with one, and
    /// they are a third of the entries, so only they are sifted.
    content: Vec<u32>,
    /// Per symbol, a bit: inside an exact hit; and the first symbol of one.
    in_hit: Vec<u64>,
    hit_start: Vec<u64>,
}

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
    /// The skeleton without its first word, which must be a wildcard just before it (short
    /// forms): [`Probe::Slip`] at slot 0, but found from the next word on, so that no
    /// pattern starts with the wildcard and no walk starts at one of the many unknown words.
    Lead,
    /// The skeleton before this slot (the part after it is compared in place).
    Before(u32),
    /// The skeleton after this slot (the part before it is compared in place).
    After(u32),
}

/// A form a skeleton pattern stands for, with what rejects most false starts without
/// touching the form: for [`Probe::Slip`] the length of the form's word at the slot, for
/// [`Probe::Before`] the id that must follow the slot, for [`Probe::After`] the id that
/// must precede it. For a slip, also the id of the form's word at the slot (the word the
/// text's word must be spelt like) and the letters it holds ([`letters`]), so that checking
/// it does not go through the form, nor through the vocabulary until the letters agree:
/// of some 380,000 slips tested on the 100 MB benchmark corpus, 2,000 get that far, and
/// reading each one's word from the vocabulary was a cache miss.
#[derive(Debug, Clone, Copy)]
struct End {
    form: u32,
    probe: Probe,
    quick: u32,
    word: u32,
    letters: u32,
}

/// The items of one skeleton pattern, grouped by what they ask of the text around it, with
/// what rejects a whole group without reading it.
///
/// Nearly every pattern found is a false start: of 1.5 million items checked on the 100 MB
/// benchmark corpus, some two thousand went on to be scored. Most fail on what the text
/// holds next to the pattern (no unknown word before a lead, another word after a
/// `before`), which is the same for all items of a group; and an item checked is a cache
/// miss. So a found pattern reads its group (one cache line) first, and an item only when
/// its group may pass.
#[derive(Debug, Default, Clone, Copy)]
#[repr(align(32))]
struct Group {
    /// `items[at[0]..at[1]]`: whole skeletons; `..at[2]`: slips or leads (a pattern has one
    /// kind of them: a slip's pattern holds the wildcard, a lead's does not), by `quick`, the
    /// length of the word they expect; `..at[3]`: [`Probe::After`] and `..at[4]`:
    /// [`Probe::Before`], by `quick`, the id they expect next to the pattern (`u32::MAX`,
    /// none, last).
    at: [u32; 5],
    /// Bit `quick % 32` of every after (before) item: all bits if one expects no id.
    after_bits: u32,
    before_bits: u32,
    /// The shortest and longest word a slip or lead expects, in bytes (`u16::MAX`: at least).
    shortest: u16,
    longest: u16,
}

#[cfg(test)]
thread_local! {
    /// Tests set this to check every item of every pattern found, as the search did before
    /// groups were picked, and compare.
    static UNPICKED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

#[cfg(test)]
fn unpicked() -> bool {
    UNPICKED.get()
}

#[cfg(not(test))]
#[inline(always)]
fn unpicked() -> bool {
    false
}

/// The unknown word that a slip or lead of a pattern found at skeleton entries `s..e` of
/// `skel` would stand on: the wildcard inside the pattern (a slip's), or the one just before
/// it (a lead's). Its symbol, and the skeleton entry the candidate starts at (`s` for a
/// slip, the wildcard's for a lead).
#[inline]
fn wild_symbol(skel: &[u32], skel_at: &[u32], s: usize, e: usize) -> Option<(usize, usize)> {
    match skel[s..e].iter().position(|&id| id == OTHER) {
        Some(slot) => Some((skel_at[s + slot] as usize, s)),
        None if s > 0 && skel[s - 1] == OTHER => Some((skel_at[s - 1] as usize, s - 1)),
        None => None,
    }
}

/// The unknown word of [`wild_symbol`], with its room: the bytes to the next symbol, which
/// bound its length without reading the text.
#[derive(Debug, Clone, Copy)]
struct Wild {
    symbol: usize,
    first: usize,
    room: u32,
}

/// The id two skeleton entries before `s`, which an [`Probe::After`] item expects
/// (`u32::MAX`, which none is, when there is none).
#[inline]
fn after_key(skel: &[u32], s: usize) -> u32 {
    if s >= 2 { skel[s - 2] } else { u32::MAX }
}

/// The groups of [`Group::at`], as bits of [`NearIndex::pick`]'s answer.
const WHOLE: u8 = 1;
const WILD: u8 = 2;
const AFTER: u8 = 4;
const BEFORE: u8 = 8;

/// Candidate forms and their skeleton automaton. Built with the matcher.
pub(crate) struct NearIndex {
    forms: Vec<NearForm>,
    /// Skeleton patterns over ids; pattern `p` stands for the forms in `items`, as
    /// `groups[p]` says (one array: a pattern found costs a cache miss or two to check, and
    /// a vector per pattern added one).
    trie: IdTrie,
    groups: Vec<Group>,
    items: Vec<End>,
    sift: Sift,
    /// The ids of the content words ([`is_content_key`]): the matcher numbers them together
    /// (`Vocab::content_first`), so that a symbol's class is two comparisons.
    content: Range<u32>,
    /// The skeleton's entries are written with AVX-512 (see [`avx512::emit`]).
    simd: bool,
    threshold: f64,
    /// See [`NearIndex::margin`].
    margin: usize,
}

/// Filters on the first ids of the skeleton patterns, so that the trie is walked only
/// from the few places where a pattern may start.
///
/// Near-miss candidates are rare, but the skeleton of dense text is long, and the glossary
/// words in it are followed by other glossary words often enough that a filter of each
/// word's successors (what the exact search sifts with) lets most places through. Bloom
/// filters of one hash and 32 KiB each reject them: one on the first pair of every
/// pattern, then one on the first triples of longer patterns, and for the patterns of two
/// ids, by what their items ask of the text around them ([`NearIndex::pick`]'s tests,
/// earlier):
///
/// * nothing (a whole skeleton, an `after`, a `before` whose slot is the form's last word);
/// * a lead's wildcard just before the pattern: most pairs found on the benchmark corpus
///   were leads' and had none;
/// * a `before`'s gap, then the id it expects after the gap: a filter on the pair and that
///   id (the `gaps`), read at the id two entries after the pair.
///
/// The first pairs and the pair patterns are tested at the same bit, and their words are
/// kept side by side: one cache line read, not two, at each of millions of places. What a
/// pair pattern asks is tested after, at the places that passed (one in ten): tested at
/// every place, it cost more than the walks it saved.
#[derive(Debug)]
struct Sift {
    /// Per word of the first filters: `[first pairs, pair patterns]`.
    pairs: Box<[[u64; 2]; 1 << (FILTER_LOG - 6)]>,
    /// Per word of the pair patterns' filters: `[plain, leads, befores, -]`, at the same
    /// bit folded to a quarter of the range (8 KiB a filter, so that the four fit in the
    /// first-level cache; a pair pattern is rare enough for that).
    asks: Box<[[u64; 4]; 1 << (FILTER_LOG - 8)]>,
    triples: Box<Filter>,
    gaps: Box<Filter>,
}

const FILTER_LOG: u32 = 18;

/// A Bloom filter of one hash over `1 << FILTER_LOG` bits. Its size is fixed in the type,
/// so that a bit index made by a shift needs no bounds check.
type Filter = [u64; 1 << (FILTER_LOG - 6)];

/// Entries [`NearIndex::skeleton`] may write for 64 symbols (two each), as a power of
/// two: the window of the buffers it writes them to.
const WINDOW: usize = 256;

/// Places sifted at a time (see [`NearIndex::candidates`]).
const BATCH: usize = 1024;

#[inline(always)]
fn filter_bit(a: u32, b: u32, c: u32) -> usize {
    let h = (u64::from(a) << 42 ^ u64::from(b) << 21 ^ u64::from(c)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (h >> (64 - FILTER_LOG)) as usize
}

#[inline(always)]
fn test_bit(bits: &Filter, bit: usize) -> bool {
    bits[bit / 64] & (1 << (bit % 64)) != 0
}

fn set_bit(bits: &mut Filter, bit: usize) {
    bits[bit / 64] |= 1 << (bit % 64);
}

/// The words of [`Sift::asks`].
const PLAIN: usize = 0;
const LEAD: usize = 1;
const GAP: usize = 2;

impl Sift {
    fn new() -> Sift {
        let filter = || Box::new([0u64; 1 << (FILTER_LOG - 6)]);
        Sift {
            pairs: Box::new([[0u64; 2]; 1 << (FILTER_LOG - 6)]),
            asks: Box::new([[0u64; 4]; 1 << (FILTER_LOG - 8)]),
            triples: filter(),
            gaps: filter(),
        }
    }

    /// Adds a pattern and its items (all its groups').
    fn add(&mut self, pattern: &[u32], items: &[End]) {
        let [a, b, rest @ ..] = pattern else { unreachable!("skeleton patterns have two ids or more") };
        let bit = filter_bit(*a, *b, u32::MAX);
        self.pairs[bit / 64][0] |= 1 << (bit % 64);
        if let [c, ..] = rest {
            set_bit(&mut self.triples, filter_bit(*a, *b, *c));
            return;
        }
        self.pairs[bit / 64][1] |= 1 << (bit % 64);
        let mut set = |word: usize| self.asks[bit / 256][word] |= 1 << (bit % 64);
        for x in items {
            match x.probe {
                Probe::Lead => set(LEAD),
                Probe::Before(_) if x.quick != u32::MAX => {
                    set(GAP);
                    set_bit(&mut self.gaps, filter_bit(*a, *b, x.quick));
                }
                _ => set(PLAIN),
            }
        }
    }

    /// Writes to `out` the places among `places` (the first [`BATCH`] of them) where a
    /// pattern of `skel` may start, in order; returns how many. `skel` ends with two breaks
    /// that are not places, so every place has two successors to test. Every place is
    /// written and the count moves on by 0 or 1: whether a place passes is a coin toss the
    /// branch predictor loses. Then the same again over the places that passed, with what
    /// their pair patterns ask.
    fn candidates(&self, skel: &[u32], places: &[u32], out: &mut [u32; BATCH]) -> usize {
        let mut m = 0;
        for &i in &places[..places.len().min(BATCH)] {
            let w = &skel[i as usize..i as usize + 3];
            let bit = filter_bit(w[0], w[1], u32::MAX);
            let [first, pair] = self.pairs[bit / 64].map(|word| word >> (bit % 64) & 1 != 0);
            let pass = first & (pair | test_bit(&self.triples, filter_bit(w[0], w[1], w[2])));
            out[m % BATCH] = i;
            m += usize::from(pass);
        }
        // (tests take every place that a pair pattern's items may ask for, as the search
        // did before pairs were told apart, so that they can show this loses none)
        if unpicked() {
            return m;
        }
        // (the pair's bit and the triple test are worked out again: carried over from the
        // first pass in each place's high bit, they made it no faster)
        let mut kept = 0;
        for k in 0..m {
            let i = out[k] as usize;
            let w = &skel[i..i + 3];
            let bit = filter_bit(w[0], w[1], u32::MAX);
            let [plain, lead, gap, _] = self.asks[bit / 256].map(|word| word >> (bit % 64) & 1 != 0);
            // the wildcard before a lead; the gap after a before, and the id after the gap
            let wild = (i > 0) & (skel[i.saturating_sub(1)] == OTHER);
            let expected = skel.get(i + 3).copied().unwrap_or(OTHER_RUN);
            let gapped = (w[2] != OTHER_RUN) & test_bit(&self.gaps, filter_bit(w[0], w[1], expected));
            let triple = test_bit(&self.triples, filter_bit(w[0], w[1], w[2]));
            out[kept] = i as u32;
            kept += usize::from(triple | plain | lead & wild | gap & gapped);
        }
        kept
    }
}

impl std::fmt::Debug for NearIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "NearIndex({} forms)", self.forms.len())
    }
}

/// Whether a glossary word is a content word: a word (not punctuation or a clitic) that
/// is not a function word. The skeleton keeps these, and the words outside the glossary.
pub(crate) fn is_content_key(key: &str) -> bool {
    kind_of_key(key) == TokenKind::Word && weight(TokenKind::Word, key) >= 1.0
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
    pub(crate) fn new(
        vocab: &Vocab,
        content: Range<u32>,
        patterns: &[FormRef],
        pattern_ids: &[Vec<u32>],
        threshold: f64,
    ) -> NearIndex {
        let mut forms = Vec::new();
        let mut seen_forms = FxHashSet::default();
        // every skeleton pattern of every form, with the form it stands for
        let mut sequences = Sequences::default();
        let mut claims: Vec<End> = Vec::new();
        let mut sk: Vec<u32> = Vec::new();
        for (pi, (fref, ids)) in patterns.iter().zip(pattern_ids).enumerate() {
            // one candidate per form: its first (unsplit) pattern
            if ids.len() < 3 || !seen_forms.insert((fref.entry, fref.form)) {
                continue;
            }
            let content_pos: Vec<u32> =
                ids.iter().enumerate().filter(|(_, id)| content.contains(id)).map(|(i, _)| i as u32).collect();
            if content_pos.len() < 2 {
                continue;
            }
            // (`weight`, knowing that the words outside `content` are function words,
            // punctuation and clitics)
            let weights: Vec<f32> = ids
                .iter()
                .map(|&id| {
                    let word = !content.contains(&id) && kind_of_key(&vocab.keys[id as usize]) == TokenKind::Word;
                    if word { 0.5 } else { 1.0 }
                })
                .collect();
            let fi = forms.len() as u32;
            let skeleton: Vec<u32> = content_pos.iter().map(|&i| ids[i as usize]).collect();
            let total: f32 = weights.iter().sum();
            let mut add = |pattern: &[u32], probe: Probe| {
                sequences.push(pattern);
                // a slip's or lead's `quick` is the length of the word it expects, and it
                // carries that word and its letters
                let slip = |word: u32| {
                    let key = &vocab.keys[word as usize];
                    End { form: fi, probe, quick: key.len() as u32, word, letters: letters(key) }
                };
                let end = match probe {
                    Probe::Whole => End { form: fi, probe, quick: 0, word: 0, letters: 0 },
                    Probe::Slip(slot) => slip(skeleton[slot as usize]),
                    Probe::Lead => slip(skeleton[0]),
                    Probe::Before(slot) => {
                        let quick = skeleton.get(slot as usize + 1).copied().unwrap_or(u32::MAX);
                        End { form: fi, probe, quick, word: 0, letters: 0 }
                    }
                    Probe::After(slot) => {
                        let quick = if slot == 0 { u32::MAX } else { skeleton[slot as usize - 1] };
                        End { form: fi, probe, quick, word: 0, letters: 0 }
                    }
                };
                claims.push(end);
            };
            add(&skeleton, Probe::Whole);
            let k = skeleton.len();
            if k >= 3 && total < LONG {
                add(&skeleton[1..], Probe::Lead);
                for slot in 1..k {
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
        let (trie, numbers) = sequences.build(vocab.len());
        // per pattern, its first sequence (patterns are numbered by first appearance)
        let mut firsts = Vec::new();
        for (i, &number) in numbers.iter().enumerate() {
            if number as usize == firsts.len() {
                firsts.push(i);
            }
        }
        let count = firsts.len();
        // the items of each pattern, group after group (see `Group`), pattern after pattern;
        // the after groups come before the before groups because a form whose skeleton
        // repeats itself may claim one pattern twice, first as `After`, then as `Before`, and
        // the first to be checked at a place is the one kept (ties keep the order claimed)
        // (sorted as one integer: pattern, group, `quick`, claim)
        let kind = |e: &End| match e.probe {
            Probe::Whole => 0,
            Probe::Slip(_) | Probe::Lead => 1,
            Probe::After(_) => 2,
            Probe::Before(_) => 3,
        };
        let mut order: Vec<u128> = (claims.iter().zip(&numbers).enumerate())
            .map(|(i, (e, &n))| u128::from(n) << 66 | (kind(e) as u128) << 64 | u128::from(e.quick) << 32 | i as u128)
            .collect();
        order.sort_unstable();
        let items: Vec<End> = order.iter().map(|&k| claims[k as u32 as usize]).collect();
        let mut groups = vec![Group { shortest: u16::MAX, ..Group::default() }; count];
        for (j, &k) in order.iter().enumerate() {
            let (i, kind) = (k as u32 as usize, (k >> 64) as usize & 3);
            let (g, e) = (&mut groups[numbers[i] as usize], &claims[i]);
            if g.at[4] == 0 && j > 0 {
                // the pattern's first item
                g.at = [j as u32; 5];
            }
            for end in &mut g.at[kind + 1..] {
                *end = j as u32 + 1;
            }
            let bit = if e.quick == u32::MAX { u32::MAX } else { 1 << (e.quick % 32) };
            match kind {
                1 => {
                    let len = e.quick.min(u32::from(u16::MAX)) as u16;
                    (g.shortest, g.longest) = (g.shortest.min(len), g.longest.max(len));
                }
                2 => g.after_bits |= bit,
                3 => g.before_bits |= bit,
                _ => {}
            }
        }
        let mut sift = Sift::new();
        for (g, &i) in groups.iter().zip(&firsts) {
            sift.add(sequences.get(i), &items[g.at[0] as usize..g.at[4] as usize]);
        }
        // a candidate's window: its core, the words its form may have lost or gained, and the
        // form's leading and trailing tokens; four times the longest form is ample at the
        // default threshold
        let margin = 4 * forms.iter().map(|f| f.ids.len()).max().unwrap_or(0) + 16;
        #[cfg(target_arch = "x86_64")]
        let simd = std::is_x86_feature_detected!("avx512f") && std::is_x86_feature_detected!("bmi2");
        #[cfg(not(target_arch = "x86_64"))]
        let simd = false;
        NearIndex { forms, trie, groups, items, sift, content, simd, threshold, margin }
    }

    /// The skeleton of all of `sy` in `out` (grown as needed), with each exact hit (`exact`:
    /// sorted symbol ranges, counted from `offset` symbols before `sy`'s first: see
    /// [`NearIndex::find`]) replaced by one break: a near-miss never overlaps an exact hit, so
    /// no pattern may start in one or run through one. Returns its length, not counting the
    /// two breaks that follow it (see [`Sift::candidates`]), and the number of its content
    /// words.
    ///
    /// Each symbol yields zero, one or two entries: a content word itself; a word outside
    /// the glossary the wildcard, unless it is inside a run of them; the first word of a run
    /// also the break; the first symbol of an exact hit the break, and the rest of the hit
    /// nothing. Which symbols yield what is worked out 64 at a time as bit masks, and every
    /// symbol's entries are written with the length moving on by their number: whether a
    /// word is content or other is a coin toss in running text, and a branch on it would be
    /// mispredicted half the time.
    fn skeleton(
        &self,
        sy: &Symbols,
        exact: &[(u32, u32)],
        offset: usize,
        out: &mut Skeleton,
        simd: bool,
    ) -> (usize, usize) {
        let n = sy.len();
        let words = n.div_ceil(64);
        // two entries per symbol, the closing breaks, and a window's room past the end
        if out.ids.len() < 2 * n + 4 + WINDOW {
            out.ids.resize(2 * n + 4 + WINDOW, 0);
            out.at.resize(2 * n + 4 + WINDOW, 0);
            out.content.resize(n + 128, 0);
        }
        out.in_hit.clear();
        out.in_hit.resize(words + 1, 0);
        out.hit_start.clear();
        out.hit_start.resize(words + 1, 0);
        let ids = &sy.ids[..];
        // the hits that reach into `sy`, cut to it: one that begins before it begins with it
        let (first, end) = (offset, offset + n);
        for &(s, e) in &exact[exact.partition_point(|&(_, e)| e as usize <= first)..] {
            if s as usize >= end {
                break;
            }
            let (lo, hi) = ((s as usize).max(first) - first, (e as usize).min(end) - first);
            out.hit_start[lo / 64] |= 1 << (lo % 64);
            for sym in lo..hi {
                out.in_hit[sym / 64] |= 1 << (sym % 64);
            }
        }
        let (lo, count) = (self.content.start, self.content.len() as u32);
        let (mut m, mut c) = (0, 0);
        let mut prev = false;
        for (word, chunk) in ids.chunks(64).enumerate() {
            let k = word * 64;
            let w = chunk.len();
            // (the symbols past `w`, in the last chunk, are masked off)
            let valid = u64::MAX >> (64 - w);
            let (mut other, mut cont) = (0u64, 0u64);
            #[cfg(target_arch = "x86_64")]
            if simd {
                // SAFETY: as for `avx512::emit` below
                (cont, other) = unsafe { avx512::classes(chunk, lo, count) };
            }
            if !simd {
                for (j, &id) in chunk.iter().enumerate() {
                    cont |= u64::from(id.wrapping_sub(lo) < count) << j;
                    other |= u64::from(is_other(id)) << j;
                }
            }
            let (hit, start) = (out.in_hit[word], out.hit_start[word]);
            // (no exact hit holds a word outside the glossary)
            (cont, other) = (cont & valid & !hit, other & valid);
            let after = ids.get(k + 64).is_some_and(|&id| is_other(id));
            let before = other << 1 | u64::from(prev);
            let next = other >> 1 | u64::from(after) << 63;
            let one = cont | (other & !(before & next)) | start;
            let two = other & !before & next;
            let entries: &mut [u32; WINDOW] = (&mut out.ids[m..m + WINDOW]).try_into().expect("room past the end");
            let syms: &mut [u32; WINDOW] = (&mut out.at[m..m + WINDOW]).try_into().expect("room past the end");
            let places: &mut [u32; 128] = (&mut out.content[c..c + 128]).try_into().expect("room past the end");
            #[cfg(target_arch = "x86_64")]
            if simd {
                // SAFETY: `simd` is set only where the processor has AVX-512F and BMI2
                // (`NearIndex::new`), and the arguments are as `emit` asks.
                let (e, p) =
                    unsafe { avx512::emit(chunk, k as u32, m as u32, [one, two, start], entries, syms, places) };
                (m, c) = (m + e, c + p);
                prev = other >> 63 != 0;
                continue;
            }
            // a word yields two entries only if it yields one
            let mut todo = one;
            let (mut e, mut p) = (0usize, 0usize);
            while todo != 0 {
                let j = todo.trailing_zeros() as usize;
                todo &= todo - 1;
                let sym = (k + j) as u32;
                places[p & 63] = (m + e) as u32;
                p += (cont >> j & 1) as usize;
                entries[e & (WINDOW - 1)] = if start >> j & 1 != 0 { OTHER_RUN } else { chunk[j] };
                syms[e & (WINDOW - 1)] = sym;
                entries[(e + 1) & (WINDOW - 1)] = OTHER_RUN;
                syms[(e + 1) & (WINDOW - 1)] = sym;
                e += 1 + (two >> j & 1) as usize;
            }
            (m, c) = (m + e, c + p);
            prev = other >> 63 != 0;
        }
        out.ids[m..m + 2].fill(OTHER_RUN);
        out.at[m..m + 2].fill(n as u32);
        (m, c)
    }

    /// The ids of the content words (see [`NearIndex::content`]).
    #[cfg(test)]
    pub(crate) fn content_ids(&self) -> Range<u32> {
        self.content.clone()
    }

    /// How many symbols from a candidate's first symbol its search may look at, either way:
    /// a piece leaves the candidates this close to its edges to the search across the seam.
    pub(crate) fn margin(&self) -> usize {
        self.margin
    }

    /// Near-miss candidates in the symbols `sy` of `text` that start among symbols `owned`,
    /// outside the `exact` hits. Candidates may overlap each other: [`disjoint`] chooses
    /// among them.
    ///
    /// `exact` are the symbol ranges of the exact hits (not the nested ones) of the whole
    /// block that `sy` is part of, sorted, with `sy` starting at symbol `offset` of it: the
    /// exact search knows them, and finding them again from byte ranges read every symbol's
    /// start.
    pub(crate) fn find(
        &self,
        m: &Matcher,
        text: &str,
        sy: &Symbols,
        exact: &[(u32, u32)],
        offset: usize,
        owned: Range<usize>,
    ) -> Vec<Hit> {
        if sy.len() == 0 || self.forms.is_empty() {
            return Vec::new();
        }
        SKELETON.with_borrow_mut(|skel| {
            let (len, content) = self.skeleton(sy, exact, offset, skel, self.simd);
            let (ids, at, places) = (&skel.ids[..len + 2], &skel.at[..len + 2], &skel.content[..content]);
            self.candidates(m, text, sy, &skel.in_hit, ids, at, places, owned)
        })
    }

    /// The candidates of [`NearIndex::find`] in the skeleton `skel` of `sy` (with its two
    /// closing breaks), scored.
    #[allow(clippy::too_many_arguments)]
    fn candidates(
        &self,
        m: &Matcher,
        text: &str,
        sy: &Symbols,
        in_hit: &[u64],
        skel: &[u32],
        skel_at: &[u32],
        places: &[u32],
        owned: Range<usize>,
    ) -> Vec<Hit> {
        let n = sy.len();
        let in_hit = |k: usize| in_hit[k / 64] >> (k % 64) & 1 != 0;
        let ns = skel.len() - 2;
        let at = |i: usize| skel_at[i] as usize;
        let mut out = Vec::new();
        let mut checked: FxHashSet<(u32, u32)> = FxHashSet::default();
        // Each item of a pattern found at `s..e` that passes its probe's test becomes a
        // candidate: (form, skeleton span [a, b)), scored below.
        let each = |s: usize, e: usize, ends: &[End], cands: &mut Vec<(u32, usize, usize)>| {
            // the unknown word at a slip slot is the same for every form of this pattern
            let mut slip_word: Option<(usize, usize)> = None;
            let mut word_letters: Option<u32> = None;
            for x @ &End { form: fi, probe, quick, .. } in ends {
                // the skeleton span of the candidate, [a, b), after the quick test
                let (a, b) = match probe {
                    Probe::Whole => (s, e),
                    Probe::Slip(_) | Probe::Lead => {
                        // the wildcard's word: inside the pattern, or just before it
                        let (k, a) = match probe {
                            Probe::Slip(slot) => (at(s + slot as usize), s),
                            _ if s > 0 && skel[s - 1] == OTHER => (at(s - 1), s - 1),
                            _ => continue,
                        };
                        // the next symbol's start bounds the word's length without reading
                        // the text: most unknown words are too short to be a slip
                        let room = sy.starts.get(k + 1).map_or(u32::MAX / 4, |&next| next - sy.starts[k]);
                        if room < 4 || quick < 4 || quick > 2 * room {
                            continue;
                        }
                        let (start, end) = *slip_word.get_or_insert_with(|| (sy.start(k), m.symbol_end(text, sy, k)));
                        let len = (end - start) as u32;
                        if len < 4 || len > 2 * quick || quick > 2 * len {
                            continue;
                        }
                        // a short form survives one wrong word only if it is a slip of spelling;
                        // first the letters each word holds: an edit adds or removes at most
                        // two, and byte lengths bound the edits from above (see maybe_slip)
                        let word = &text[start..end];
                        let has = *word_letters.get_or_insert_with(|| letters(word));
                        if !spelt_like(m, x, word, has) {
                            continue;
                        }
                        (a, e)
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
                cands.push((fi, a, b));
            }
        };
        // The slips and leads of a pattern found at `s..e` (`all`, sorted by the length of
        // the word they expect), as `each` would take them, with the unknown word read once
        // and only the items of lengths that may pass tested.
        let wild = |e: usize, w: Wild, all: &[End], cands: &mut Vec<(u32, usize, usize)>| {
            let Wild { symbol: k, first: a, room } = w;
            // `each`'s tests on lengths: the form's word and the text's at least 4 bytes,
            // neither more than twice the other, and the text's no longer than its room
            let lo = all.partition_point(|x| x.quick < 4);
            let hi = all.partition_point(|x| x.quick <= room.saturating_mul(2));
            if room < 4 || lo >= hi {
                return;
            }
            let (start, end) = (sy.start(k), m.symbol_end(text, sy, k));
            let len = (end - start) as u32;
            let lo = lo.max(all.partition_point(|x| x.quick.saturating_mul(2) < len));
            let hi = hi.min(all.partition_point(|x| x.quick <= len.saturating_mul(2)));
            if len < 4 || lo >= hi {
                return;
            }
            let word = &text[start..end];
            let has = letters(word);
            for x in &all[lo..hi] {
                if spelt_like(m, x, word, has) {
                    cands.push((x.form, a, e));
                }
            }
        };
        let mut cands: Vec<(u32, usize, usize)> = Vec::new();
        let mut candidate = |fi: u32, a: usize, b: usize| {
            let f = &self.forms[fi as usize];
            let (first, last) = (at(a), at(b - 1));
            if !owned.contains(&first) || !checked.insert((fi, first as u32)) {
                return;
            }
            // widen by the form's leading and trailing non-content tokens, plus one; not
            // into an exact hit, and a run of unknown words at an edge contributes only
            // its word next to the core
            let lead = f.content_pos[0] as usize + 1;
            let trail = f.ids.len() - *f.content_pos.last().expect("two content words") as usize;
            let run = |k: usize| is_other(sy.id(k)) && is_other(sy.id(k + 1));
            let mut lo = first;
            while lo > 0 && first - lo < lead && !in_hit(lo - 1) && !run(lo - 1) {
                lo -= 1;
            }
            let mut hi = last + 1;
            while hi < n && hi - last <= trail && !in_hit(hi) && !run(hi - 1) {
                hi += 1;
            }
            let from = sy.start(lo);
            let to = if hi > last + 1 && hi < n { sy.start(hi) } else { m.symbol_end(text, sy, hi - 1) };
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
        };
        // A pattern found is checked against its group and its forms' items, which lie
        // anywhere in tables larger than the cache: taken one after the other, each found
        // pattern waited for them. So a batch's patterns are all found first, their groups
        // fetched together (the waits overlap), then the items of the groups that may pass,
        // and only then checked, in the same order.
        //
        // The first transitions of a batch's walks are fetched a batch ahead: fetched just
        // before the walks, the first walks waited for theirs anyway.
        let (mut batch, mut next) = ([0u32; BATCH], [0u32; BATCH]);
        let mut found: Vec<(u32, u32, u32)> = Vec::new();
        let mut picked: Vec<(u32, u32, u32, u8, Option<Wild>)> = Vec::new();
        let sift = |base: usize, out: &mut [u32; BATCH]| {
            let count = if base < places.len() { self.sift.candidates(skel, &places[base..], out) } else { 0 };
            for &i in &out[..count] {
                self.trie.prefetch_at(skel, i as usize);
            }
            count
        };
        let mut count = sift(0, &mut batch);
        for base in (0..places.len()).step_by(BATCH) {
            let ahead = sift(base + BATCH, &mut next);
            found.clear();
            for &i in &batch[..count] {
                self.trie.each_at(skel, i as usize, |len, p| {
                    prefetch(&self.groups[p]);
                    // (and the start of the unknown word a slip or lead would stand on)
                    if let Some((k, _)) = wild_symbol(skel, skel_at, i as usize, i as usize + len) {
                        prefetch(&sy.starts[k]);
                    }
                    found.push((i, len as u32, p as u32));
                });
            }
            picked.clear();
            for &(i, len, p) in &found {
                let g = &self.groups[p as usize];
                let (s, e) = (i as usize, (i + len) as usize);
                let wild_word = if g.at[1] < g.at[2] { self.wild_word(sy, skel, skel_at, s, e) } else { None };
                let kinds = self.pick(g, skel, s, e, wild_word);
                for kind in 0..4 {
                    if kinds >> kind & 1 != 0 {
                        prefetch(&self.items[g.at[kind] as usize]);
                    }
                }
                if kinds & WILD != 0
                    && let Some(w) = wild_word
                {
                    // (its letters are read to check the slip)
                    prefetch(&text.as_bytes()[sy.start(w.symbol)]);
                }
                if kinds != 0 {
                    picked.push((i, len, p, kinds, wild_word));
                }
            }
            for &(i, len, p, kinds, wild_word) in &picked {
                let (s, e, g) = (i as usize, (i + len) as usize, &self.groups[p as usize]);
                let items = |kind: usize| &self.items[g.at[kind] as usize..g.at[kind + 1] as usize];
                // the items a group's tests leave, sorted by `quick`: those that expect `v`,
                // and those that expect nothing
                let expecting = |kind: usize, v: u32| {
                    let all = items(kind);
                    if unpicked() {
                        return [all, &[]];
                    }
                    let lo = all.partition_point(|x| x.quick < v);
                    let hi = lo + all[lo..].partition_point(|x| x.quick == v);
                    let none = if v == u32::MAX { all.len() } else { all.partition_point(|x| x.quick < u32::MAX) };
                    [&all[lo..hi], &all[none..]]
                };
                if kinds & WHOLE != 0 {
                    each(s, e, items(0), &mut cands);
                }
                if kinds & WILD != 0 {
                    match wild_word {
                        Some(w) if !unpicked() => wild(e, w, items(1), &mut cands),
                        _ => each(s, e, items(1), &mut cands),
                    }
                }
                if kinds & AFTER != 0 {
                    for part in expecting(2, after_key(skel, s)) {
                        each(s, e, part, &mut cands);
                    }
                }
                if kinds & BEFORE != 0 {
                    for part in expecting(3, skel[e + 1]) {
                        each(s, e, part, &mut cands);
                    }
                }
                for (fi, a, b) in cands.drain(..) {
                    candidate(fi, a, b);
                }
            }
            (batch, count) = (next, ahead);
        }
        out
    }

    /// The unknown word a slip or lead of the pattern found at skeleton entries `s..e`
    /// stands on ([`wild_symbol`]), with its room; `None` when there is no such word.
    fn wild_word(&self, sy: &Symbols, skel: &[u32], skel_at: &[u32], s: usize, e: usize) -> Option<Wild> {
        let (symbol, first) = wild_symbol(skel, skel_at, s, e)?;
        let room = sy.starts.get(symbol + 1).map_or(u32::MAX / 4, |&next| next - sy.starts[symbol]);
        Some(Wild { symbol, first, room })
    }

    /// Which groups of items of a pattern found at skeleton entries `s..e` may hold a
    /// candidate, from the group alone (see [`Group`]) and the unknown word a slip or lead
    /// would stand on (`wild`); the items say the rest.
    fn pick(&self, g: &Group, skel: &[u32], s: usize, e: usize, wild: Option<Wild>) -> u8 {
        let ns = skel.len() - 2;
        let mut kinds = 0;
        if unpicked() {
            return (0..4).filter(|&k| g.at[k] < g.at[k + 1]).fold(0, |acc, k| acc | 1 << k);
        }
        if g.at[0] < g.at[1] {
            kinds |= WHOLE;
        }
        if g.at[1] < g.at[2]
            && g.longest >= 4
            && let Some(Wild { room, .. }) = wild
            && room >= 4
            && u32::from(g.shortest) <= room.saturating_mul(2)
        {
            kinds |= WILD;
        }
        if g.at[2] < g.at[3] && s >= 1 && skel[s - 1] != OTHER_RUN && g.after_bits >> (after_key(skel, s) % 32) & 1 != 0
        {
            kinds |= AFTER;
        }
        if g.at[3] < g.at[4] && e < ns && skel[e] != OTHER_RUN && g.before_bits >> (skel[e + 1] % 32) & 1 != 0 {
            kinds |= BEFORE;
        }
        kinds
    }

    /// Aligns form `f` against the tokens of `text[from..to]`; returns the best window's
    /// similarity and byte range when it reaches the threshold without being exact.
    fn verify(&self, m: &Matcher, f: &NearForm, text: &str, from: usize, to: usize) -> Option<(f64, usize, usize)> {
        VERIFY.with_borrow_mut(|w| self.verify_in(m, f, text, from, to, w))
    }

    fn verify_in(
        &self,
        m: &Matcher,
        f: &NearForm,
        text: &str,
        from: usize,
        to: usize,
        w: &mut Window,
    ) -> Option<(f64, usize, usize)> {
        let Window { key, keys, toks, d, start } = w;
        keys.clear();
        toks.clear();
        normalize::scan_tokens(&text[from..to], key, |token, key| {
            let at = keys.len();
            keys.push_str(&String::from_utf8_lossy(key));
            let key = &keys[at..];
            toks.push(WindowToken {
                token,
                key: at..keys.len(),
                id: m.id_of(key.as_bytes()),
                weight: weight(token.kind, key),
                letters: letters(key),
            });
        });
        if toks.is_empty() {
            return None;
        }
        let (nf, nt) = (f.ids.len(), toks.len());
        // d[i][j] (at i * (nt + 1) + j): cost of aligning the first i form tokens with text
        // tokens ending at j (free start in the text); start[i][j]: where that alignment
        // starts in the text.
        let row = nt + 1;
        d.clear();
        d.resize((nf + 1) * row, 0.0);
        start.clear();
        start.resize((nf + 1) * row, 0);
        for (j, s) in start[..row].iter_mut().enumerate() {
            *s = j;
        }
        for i in 1..=nf {
            let (up, here) = ((i - 1) * row, i * row);
            let f_letters = letters(&m.vocab.keys[f.ids[i - 1] as usize]);
            d[here] = d[up] + f.weights[i - 1];
            start[here] = 0;
            for j in 1..=nt {
                let t = &toks[j - 1];
                let sub = self.substitution(m, f, i - 1, f_letters, t, &keys[t.key.clone()]);
                let del = d[up + j] + f.weights[i - 1];
                let ins = d[here + j - 1] + t.weight;
                let dia = d[up + j - 1] + sub;
                let (best, st) = if dia <= del && dia <= ins {
                    (dia, start[up + j - 1])
                } else if del <= ins {
                    (del, start[up + j])
                } else {
                    (ins, start[here + j - 1])
                };
                d[here + j] = best;
                start[here + j] = st;
            }
        }
        let last = nf * row;
        let (mut best_j, mut best_d) = (0, f32::INFINITY);
        for (j, &dj) in d[last..].iter().enumerate().skip(1) {
            if dj < best_d - 1e-6 {
                best_d = dj;
                best_j = j;
            }
        }
        let mut s = start[last + best_j];
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

    /// The cost of writing the text's token `t` (key `t_key`) for the form's token `i`
    /// (holding the letters `f_letters`): nothing for the same word, the dissimilarity for a
    /// slip of spelling of a content word, else the heavier of the two weights. Most pairs
    /// are far apart, and the letters they hold say so before [`maybe_slip`] counts them.
    fn substitution(&self, m: &Matcher, f: &NearForm, i: usize, f_letters: u32, t: &WindowToken, t_key: &str) -> f32 {
        let f_id = f.ids[i];
        if !is_other(t.id) && t.id == f_id {
            return 0.0;
        }
        let w = f.weights[i].max(t.weight);
        let f_key = &m.vocab.keys[f_id as usize];
        if f.weights[i] >= 1.0
            && letters_close(f_letters, t.letters, f_key.len().max(t_key.len()))
            && maybe_slip(f_key, t_key)
        {
            let sim = strsim::normalized_damerau_levenshtein(f_key, &t_key.to_lowercase());
            if sim >= TYPO_SIMILARITY {
                return w * (1.0 - sim as f32);
            }
        }
        w
    }
}

/// Whether the unknown word `word` (holding the letters `has`) may be a slip of the
/// glossary word of slip or lead `x`: first the letters each word holds (an edit adds or
/// removes at most two, and byte lengths bound the edits from above), then [`maybe_slip`].
fn spelt_like(m: &Matcher, x: &End, word: &str, has: u32) -> bool {
    letters_close(x.letters, has, (x.quick as usize).max(word.len()))
        && maybe_slip(&m.vocab.keys[x.word as usize], word)
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

/// The skeleton's entries for 64 symbols at a time, with AVX-512: a chunk's 64 symbols
/// make 128 lanes (each symbol's entry, then a break after it), and compressing them by the
/// chunk's masks leaves exactly the entries [`NearIndex::skeleton`] writes one by one.
#[cfg(target_arch = "x86_64")]
mod avx512 {
    use super::{OTHER_RUN, WINDOW};
    use std::arch::x86_64::*;

    /// The content words (ids `lo..lo + count`) and the words outside the glossary
    /// (ids up to [`OTHER_RUN`]) among the symbols of `chunk` (at most 64), as bits.
    ///
    /// # Safety
    ///
    /// The processor must have AVX-512F.
    #[target_feature(enable = "avx512f")]
    pub(super) unsafe fn classes(chunk: &[u32], lo: u32, count: u32) -> (u64, u64) {
        let (mut cont, mut other) = (0u64, 0u64);
        for g in 0..chunk.len().div_ceil(16) {
            let lanes = (chunk.len() - 16 * g).min(16);
            let valid = (u32::MAX >> (32 - lanes)) as __mmask16;
            // SAFETY: the lanes read are inside `chunk`; masked-off lanes are not read
            let ids = unsafe { _mm512_maskz_loadu_epi32(valid, chunk.as_ptr().add(16 * g).cast()) };
            let rel = _mm512_sub_epi32(ids, _mm512_set1_epi32(lo as i32));
            cont |= u64::from(_mm512_mask_cmplt_epu32_mask(valid, rel, _mm512_set1_epi32(count as i32))) << (16 * g);
            other |=
                u64::from(_mm512_mask_cmple_epu32_mask(valid, ids, _mm512_set1_epi32(OTHER_RUN as i32))) << (16 * g);
        }
        (cont, other)
    }

    /// Writes the entries of the symbols of `chunk` (at most 64, the first being symbol `k`)
    /// to `entries`, the symbol of each to `syms`, and to `places` the index (from `m`, the
    /// entries before) of each content word's entry; returns how many entries and places.
    /// `masks` are the chunk's bits: symbols with an entry, with a break after it, and
    /// exact hits' first symbols (whose entry is the break).
    ///
    /// # Safety
    ///
    /// The processor must have AVX-512F and BMI2.
    #[target_feature(enable = "avx512f,bmi2")]
    pub(super) unsafe fn emit(
        chunk: &[u32],
        k: u32,
        m: u32,
        [one, two, start]: [u64; 3],
        entries: &mut [u32; WINDOW],
        syms: &mut [u32; WINDOW],
        places: &mut [u32; 128],
    ) -> (usize, usize) {
        let iota = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        let run = _mm512_set1_epi32(OTHER_RUN as i32);
        // lanes 0..8 (or 8..16) of a vector, each followed by a break (index 16: `run`'s)
        let with_breaks = [
            _mm512_setr_epi32(0, 16, 1, 16, 2, 16, 3, 16, 4, 16, 5, 16, 6, 16, 7, 16),
            _mm512_setr_epi32(8, 16, 9, 16, 10, 16, 11, 16, 12, 16, 13, 16, 14, 16, 15, 16),
        ];
        let twice = [
            _mm512_setr_epi32(0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7),
            _mm512_setr_epi32(8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13, 14, 14, 15, 15),
        ];
        let mut e = 0usize;
        for g in 0..chunk.len().div_ceil(16) {
            let lanes = (chunk.len() - 16 * g).min(16);
            let valid = (u32::MAX >> (32 - lanes)) as __mmask16;
            // SAFETY: the lanes read are inside `chunk`; masked-off lanes are not read
            let ids = unsafe { _mm512_maskz_loadu_epi32(valid, chunk.as_ptr().add(16 * g).cast()) };
            let ids = _mm512_mask_mov_epi32(ids, (start >> (16 * g)) as __mmask16, run);
            let sym = _mm512_add_epi32(_mm512_set1_epi32((k + 16 * g as u32) as i32), iota);
            for half in 0..2 {
                let bits = 16 * g + 8 * half;
                let keep = (_pdep_u32((one >> bits) as u32 & 0xFF, 0x5555)
                    | _pdep_u32((two >> bits) as u32 & 0xFF, 0xAAAA)) as __mmask16;
                let vals = _mm512_maskz_compress_epi32(keep, _mm512_permutex2var_epi32(ids, with_breaks[half], run));
                let at = _mm512_maskz_compress_epi32(keep, _mm512_permutexvar_epi32(twice[half], sym));
                // SAFETY: `e` is at most 128 here, and the windows hold WINDOW (256) lanes
                unsafe {
                    _mm512_storeu_si512(entries.as_mut_ptr().add(e).cast(), vals);
                    _mm512_storeu_si512(syms.as_mut_ptr().add(e).cast(), at);
                }
                e += keep.count_ones() as usize;
            }
        }
        // the content words' entries: every entry above the break
        let mut p = 0usize;
        for i in (0..e).step_by(16) {
            let lanes = (e - i).min(16);
            let valid = (u32::MAX >> (32 - lanes)) as __mmask16;
            // SAFETY: `i` < 128 and the window holds 256 lanes; `p` + 16 <= 80 < 128
            unsafe {
                let x = _mm512_loadu_si512(entries.as_ptr().add(i).cast());
                let content = _mm512_mask_cmpgt_epu32_mask(valid, x, run);
                let index = _mm512_add_epi32(_mm512_set1_epi32((m as usize + i) as i32), iota);
                _mm512_storeu_si512(places.as_mut_ptr().add(p).cast(), _mm512_maskz_compress_epi32(content, index));
                p += content.count_ones() as usize;
            }
        }
        (e, p)
    }
}

/// The letters a to z (either case) that `word` holds, as bits (see [`letters_close`]).
fn letters(word: &str) -> u32 {
    word.bytes().filter(u8::is_ascii_alphabetic).fold(0, |acc, b| acc | 1 << (b.to_ascii_lowercase() - b'a'))
}

/// Whether two words holding the letters `a` and `b` ([`letters`]), the longer of them
/// `bytes` long, may be slips of each other: an edit adds or removes at most two letters,
/// and a slip makes at most a fifth of the longer word's length in edits ([`maybe_slip`]'s
/// bound, which byte lengths only raise). Cheaper than [`maybe_slip`], and tried first.
fn letters_close(a: u32, b: u32, bytes: usize) -> bool {
    let edits = ((1.0 - TYPO_SIMILARITY) * bytes as f64 + 1e-9) as u32;
    (a ^ b).count_ones() <= 2 * edits
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
    use super::*;
    use crate::matcher::MatchOptions;
    use proptest::prelude::*;

    /// The skeleton as the module documentation defines it, one symbol at a time; `hits`
    /// are symbol ranges.
    fn reference(content: impl Fn(u32) -> bool, ids: &[u32], hits: &[(usize, usize)]) -> Vec<(u32, u32)> {
        let mut out = Vec::new();
        let other = |k: usize| ids.get(k).is_some_and(|&id| id == OTHER);
        let mut k = 0;
        while k < ids.len() {
            if let Some(&(_, end)) = hits.iter().find(|&&(start, _)| start == k) {
                out.push((OTHER_RUN, k as u32));
                k = end;
                continue;
            }
            let (prev, next) = (k > 0 && other(k - 1), other(k + 1));
            if other(k) {
                if !(prev && next) {
                    out.push((OTHER, k as u32));
                }
                if !prev && next {
                    out.push((OTHER_RUN, k as u32));
                }
            } else if content(ids[k]) {
                out.push((ids[k], k as u32));
            }
            k += 1;
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// The skeleton built 64 symbols at a time from bit masks is the one defined symbol
        /// by symbol, across chunk edges, runs of unknown words and exact hits (given in the
        /// block's numbering, `offset` symbols before this part of it; one of them may begin
        /// before the part, `lead` symbols into it, and then begins with it).
        #[test]
        fn the_skeleton_is_built_as_defined(
            kinds in proptest::collection::vec(0..4u8, 0..300),
            hit_at in proptest::collection::vec((0..300usize, 1..5usize), 0..12),
            offset in 0..1000usize,
            lead in 0..4usize,
        ) {
            let (_, m) = crate::matcher::tests::matcher(MatchOptions::default());
            let near = m.near.as_ref().expect("near-miss search is on");
            let vocab = m.vocab.len() as u32;
            // content as the words define it, not as the ids are numbered
            let is_content = |id: u32| !is_other(id) && is_content_key(&m.vocab.keys[id as usize]);
            let content: Vec<u32> = (0..vocab).filter(|&id| is_content(id)).collect();
            let function: Vec<u32> = (0..vocab).filter(|&id| !is_other(id) && !is_content(id)).collect();
            // mostly unknown words and content words, in runs
            let mut ids: Vec<u32> = kinds
                .iter()
                .enumerate()
                .map(|(k, &kind)| match kind {
                    0 | 1 => OTHER,
                    2 => content[k % content.len()],
                    _ => function[k % function.len()],
                })
                .collect();
            // exact hits: disjoint symbol ranges of glossary words
            let mut hits: Vec<(usize, usize)> = Vec::new();
            let mut taken = 0;
            let mut at: Vec<(usize, usize)> = hit_at.into_iter().filter(|&(s, _)| s < ids.len()).collect();
            let lead = if offset >= 3 { lead.min(ids.len()) } else { 0 };
            if lead > 0 {
                at.push((0, lead));
            }
            at.sort_unstable();
            for (s, len) in at {
                let e = (s + len).min(ids.len());
                if s >= taken {
                    for id in &mut ids[s..e] {
                        *id = content[0];
                    }
                    hits.push((s, e));
                    taken = e;
                }
            }
            let sy = Symbols { starts: (0..ids.len() as u32).map(|k| 2 * k).collect(), ids: ids.clone() };
            let mut block: Vec<(u32, u32)> = hits.iter().map(|&(s, e)| ((s + offset) as u32, (e + offset) as u32)).collect();
            if lead > 0 && hits[0] == (0, lead) {
                block[0].0 -= 3;
            }
            // and hits before and after the part, which it does not see
            if offset >= 10 {
                block.insert(0, (offset as u32 - 10, offset as u32 - 5));
            }
            block.push(((offset + ids.len() + 2) as u32, (offset + ids.len() + 4) as u32));
            for simd in [false, near.simd] {
                let mut skel = Skeleton::default();
                let (len, content) = near.skeleton(&sy, &block, offset, &mut skel, simd);
                let got: Vec<(u32, u32)> = skel.ids[..len].iter().copied().zip(skel.at[..len].iter().copied()).collect();
                let want = reference(is_content, &ids, &hits);
                let places: Vec<u32> =
                    (0..want.len() as u32).filter(|&i| want[i as usize].0 > OTHER_RUN).collect();
                prop_assert_eq!(got, want);
                prop_assert_eq!(&skel.ids[len..len + 2], &[OTHER_RUN, OTHER_RUN]);
                prop_assert_eq!(&skel.content[..content], &places[..]);
            }
        }
    }

    proptest! {
        /// The letter test never rejects two words that are slips of each other.
        #[test]
        fn letters_close_keeps_every_slip(
            word in "[a-zé]{4,14}",
            edits in proptest::collection::vec((0..3u8, 0..16usize, proptest::char::range('a', 'z')), 0..3),
        ) {
            let mut other: Vec<char> = word.chars().collect();
            for (kind, at, c) in edits {
                let at = at % (other.len() + 1);
                match kind {
                    0 => other.insert(at, c),
                    1 if at < other.len() => { other.remove(at); }
                    _ if at < other.len() => other[at] = c,
                    _ => {}
                }
            }
            let other: String = other.into_iter().collect();
            if strsim::normalized_damerau_levenshtein(&word, &other) >= TYPO_SIMILARITY {
                prop_assert!(letters_close(letters(&word), letters(&other), word.len().max(other.len())));
            }
        }
    }

    /// Text made of the shipped glossary's forms, each changed as near-misses are: a word
    /// replaced by an unknown word or by another glossary word, misspelt (two letters
    /// swapped, or two left out), dropped, or a function word added; between them, unknown words, function words and punctuation.
    fn mutated_forms() -> impl Strategy<Value = String> {
        let g = crate::glossary::Glossary::embedded();
        let forms: Vec<String> = g.entries().flat_map(|e| e.forms().map(|f| f.text.to_string())).collect();
        let part = (0..forms.len(), 0..7u8, 0..8usize, 0..7usize);
        proptest::collection::vec(part, 1..40).prop_map(move |parts| {
            const FILLER: [&str; 7] = ["", "the ", "and ", "qwerty ", "we must ", ", ", ". "];
            let mut text = String::new();
            for (f, change, at, filler) in parts {
                let mut words: Vec<String> = forms[f].split(' ').map(str::to_string).collect();
                let at = at % words.len();
                match change {
                    1 => words[at] = "zorblat".into(),
                    2 if words[at].chars().count() >= 5 => {
                        // a slip: two letters swapped
                        let mut c: Vec<char> = words[at].chars().collect();
                        c.swap(1, 2);
                        words[at] = c.into_iter().collect();
                    }
                    3 if words.len() > 1 => {
                        words.remove(at);
                    }
                    4 => words.insert(at, "the".into()),
                    6 if words[at].chars().count() >= 10 => {
                        // a slip two letters shorter than the word
                        let mut c: Vec<char> = words[at].chars().collect();
                        c.drain(2..4);
                        words[at] = c.into_iter().collect();
                    }
                    5 => words[at] = forms[(f + 7) % forms.len()].split(' ').next().unwrap_or("x").to_string(),
                    _ => {}
                }
                text.push_str(&words.join(" "));
                text.push(' ');
                text.push_str(FILLER[filler]);
            }
            text
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// A pattern of two ids is walked to only where what its items ask may hold
        /// ([`Sift`]), a found pattern's items are read only where its group's tests let
        /// them through ([`NearIndex::pick`]), and then only those whose `quick` may pass:
        /// the candidates are those of checking every item of every pattern found.
        #[test]
        fn picking_groups_loses_no_candidate(text in mutated_forms()) {
            let m = Matcher::new(&crate::glossary::Glossary::embedded(), MatchOptions::default()).expect("compiles");
            let picked = m.find(&text);
            UNPICKED.set(true);
            let every = m.find(&text);
            UNPICKED.set(false);
            prop_assert_eq!(picked, every, "{:?}", text);
        }
    }

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
