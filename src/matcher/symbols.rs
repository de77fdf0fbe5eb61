//! The hot loop: original text → vocabulary ids, touching each byte once.
//!
//! [`crate::normalize::next_token`] defines the tokens; this module is its fast path for
//! the common case. An ASCII word is found with a byte table, then read as at most two
//! 64-bit chunks, lower-cased in the register (every byte of a word is a letter or a
//! digit, so OR-ing 0x20 lower-cases it) and hashed with two multiplications. The table
//! keeps the first 16 bytes of each key inline, so most lookups compare two integers and
//! never touch the key's bytes: no copy, no allocation, no per-byte hashing. Any token
//! that involves a non-ASCII character or an apostrophe goes through `next_token` and an
//! ordinary map, so both paths give every token the same id (a property test in
//! `tests.rs` compares them on random text).
//!
//! The output, [`Symbols`], is what the automaton reads: each token's vocabulary id (a
//! word in no glossary form is [`OTHER`]: no pattern contains it, so no match spans it)
//! and each token's start offset. Every token stays one symbol: folding runs of "other"
//! words into one symbol made each store wait on the previous word's lookup. The near-miss
//! search derives what it needs from these symbols afterwards (see [`super::near`]).

use rustc_hash::FxHashMap;

use super::OTHER;
use crate::normalize::{self, TokenKind};

/// ASCII letters and digits.
static ALNUM: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};

/// The end of the run of ASCII letters and digits that starts at `i`.
///
/// Sixteen bytes at a time where SSE2 is there (every x86-64): a byte is a letter when,
/// OR-ed with 0x20, it lies in `a..=z`, a digit when it lies in `0..=9`; bytes of 0x80 and
/// above compare as negative and are neither. One well-predicted branch per word instead of
/// one per byte.
#[inline(always)]
fn word_end(b: &[u8], mut i: usize) -> usize {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::*;
        while i + 16 <= b.len() {
            // SAFETY: the 16 bytes from `i` are inside `b` (checked just above); SSE2 is
            // part of the x86-64 baseline, so the intrinsics are always available.
            let mask = unsafe {
                let v = _mm_loadu_si128(b.as_ptr().add(i).cast::<__m128i>());
                let lower = _mm_or_si128(v, _mm_set1_epi8(0x20));
                let letter = _mm_and_si128(
                    _mm_cmpgt_epi8(lower, _mm_set1_epi8(0x60)),
                    _mm_cmplt_epi8(lower, _mm_set1_epi8(0x7B)),
                );
                let digit =
                    _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(0x2F)), _mm_cmplt_epi8(v, _mm_set1_epi8(0x3A)));
                _mm_movemask_epi8(_mm_or_si128(letter, digit)) as u32
            };
            if mask != 0xFFFF {
                return i + (!mask).trailing_zeros() as usize;
            }
            i += 16;
        }
    }
    while i < b.len() && ALNUM[b[i] as usize] {
        i += 1;
    }
    i
}

/// The end of the token that starts at `start`: the fast scan for a plain ASCII word, the
/// reference tokenizer otherwise.
#[inline]
pub(crate) fn token_end(text: &str, start: usize) -> usize {
    let b = text.as_bytes();
    if start < b.len() && ALNUM[b[start] as usize] {
        let end = word_end(b, start + 1);
        if end == b.len() || (b[end] < 0x80 && b[end] != b'\'') {
            return end;
        }
    }
    normalize::next_token(text, start, &mut Vec::new()).map_or(text.len(), |t| t.end)
}

/// Up to 8 bytes of `b` from `at` (`len` of them) as a little-endian integer, lower-cased.
#[inline(always)]
fn chunk(b: &[u8], at: usize, len: usize) -> u64 {
    debug_assert!(len <= 8);
    if len == 0 {
        return 0;
    }
    let raw = if at + 8 <= b.len() {
        u64::from_le_bytes(b[at..at + 8].try_into().expect("eight bytes"))
    } else {
        let mut buf = [0u8; 8];
        buf[..len].copy_from_slice(&b[at..at + len]);
        u64::from_le_bytes(buf)
    };
    let mask = if len == 8 { u64::MAX } else { (1u64 << (8 * len)) - 1 };
    (raw | 0x2020_2020_2020_2020) & mask
}

/// The two leading chunks of a word and its hash.
#[inline(always)]
fn word_key(b: &[u8], at: usize, len: usize) -> (u64, u64, u64) {
    let k0 = chunk(b, at, len.min(8));
    let k1 = if len > 8 { chunk(b, at + 8, (len - 8).min(8)) } else { 0 };
    let h = (k0 ^ (len as u64).rotate_left(56)).wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ^ k1.wrapping_mul(0xC2B2_AE3D_27D4_EB4F);
    let mut h = h ^ (h >> 29);
    if len > 16 {
        // rare: mix in the rest, so that keys that share their first 16 bytes part
        // (the cuckoo table cannot hold three keys of one hash)
        let mut at = at + 16;
        let end = at + len - 16;
        while at < end {
            let n = (end - at).min(8);
            h = (h ^ chunk(b, at, n)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
            h ^= h >> 29;
            at += n;
        }
    }
    (k0, k1, h)
}

#[derive(Clone, Copy, Default)]
struct Slot {
    /// The key's first 16 bytes, as [`word_key`] reads them.
    k0: u64,
    k1: u64,
    id: u32,
    /// Key length; 0 marks an empty slot (no word has length 0, so it never matches).
    len: u32,
}

/// The two slots a key may live in (cuckoo hashing).
#[inline(always)]
fn homes(h: u64, cap: usize) -> (usize, usize) {
    // mapped onto the table by multiplication, so that its size need not be a power of two
    let range = |x: u64| ((u128::from(x) * cap as u128) >> 64) as usize;
    (range(h), range(h.wrapping_mul(0xC2B2_AE3D_27D4_EB4F)))
}

/// Surface key → id, for the fast and the slow path.
#[derive(Default)]
pub(crate) struct FastVocab {
    /// Cuckoo table over lower-case ASCII alphanumeric keys: every key sits in one of its
    /// two [`homes`], so a lookup reads both and selects without a branch. About half the
    /// words of running text are in the vocabulary and half are not, at random: a probe
    /// loop that branched on "found" mispredicted on every other word.
    slots: Vec<Slot>,
    /// Longest ASCII key: longer words are "other" without hashing.
    max_len: usize,
    /// The cuckoo table could not be built: every word goes to `slow`.
    all_slow: bool,
    /// Id of each ASCII punctuation character.
    punct: Vec<u32>,
    /// Every key (ASCII or not), for tokens the fast path hands to `next_token`.
    slow: FxHashMap<Box<[u8]>, u32>,
}

impl FastVocab {
    pub(crate) fn new(words: &FxHashMap<Box<[u8]>, u32>) -> FastVocab {
        let mut ascii: Vec<(&[u8], u32)> = words
            .iter()
            .filter(|(k, _)| !k.is_empty() && k.iter().all(|b| b.is_ascii_alphanumeric()))
            .map(|(k, &id)| (&k[..], id))
            .collect();
        // insertion order decides where keys land: sort it, so the table is the same run to run
        ascii.sort_unstable();
        let mut fv = FastVocab { punct: vec![OTHER; 128], slow: words.clone(), ..FastVocab::default() };
        // a little under half full (what two-choice cuckoo hashing fills reliably), so that
        // the table of a glossary's few hundred distinct words stays in the first-level cache
        let mut cap = (ascii.len() * 2 + ascii.len() / 8).max(64);
        while !fv.fill(&ascii, cap) {
            cap += cap / 4;
            if cap > 64 * ascii.len().max(64) {
                // only a broken hash gets here; the ordinary map still answers
                fv.slots.clear();
                fv.all_slow = true;
                break;
            }
        }
        for (k, &id) in words {
            if k.len() == 1 && k[0] < 0x80 && !k[0].is_ascii_alphanumeric() {
                fv.punct[k[0] as usize] = id;
            }
        }
        fv
    }

    /// Places every key in a table of `cap` slots; false when the cuckoo insertion cycles.
    fn fill(&mut self, keys: &[(&[u8], u32)], cap: usize) -> bool {
        self.slots = vec![Slot::default(); cap];
        // the hash of each slot's key, moved with it (a key longer than 16 bytes cannot be
        // rehashed from its slot)
        let mut hashes = vec![0u64; cap];
        self.max_len = 0;
        for &(k, id) in keys {
            let (k0, k1, h) = word_key(k, 0, k.len());
            let (mut slot, mut hash) = (Slot { k0, k1, id, len: k.len() as u32 }, h);
            self.max_len = self.max_len.max(k.len());
            let mut at = homes(hash, cap).0;
            let mut placed = false;
            for _ in 0..4 * (usize::BITS - cap.leading_zeros()) + 32 {
                std::mem::swap(&mut self.slots[at], &mut slot);
                std::mem::swap(&mut hashes[at], &mut hash);
                if slot.len == 0 {
                    placed = true;
                    break;
                }
                // the evicted key moves to its other home
                let (a, b) = homes(hash, cap);
                at = if a == at { b } else { a };
            }
            if !placed {
                return false;
            }
        }
        true
    }

    /// The id of the ASCII alphanumeric word `b[at..at + len]`, in any case.
    #[inline(always)]
    fn lookup_ascii(&self, b: &[u8], at: usize, len: usize) -> u32 {
        if len > self.max_len {
            return OTHER;
        }
        if self.all_slow {
            return self.lookup_key(&b[at..at + len].to_ascii_lowercase());
        }
        let (k0, k1, h) = word_key(b, at, len);
        let (i, j) = homes(h, self.slots.len());
        let (s, t) = (&self.slots[i], &self.slots[j]);
        // `&`, not `&&`: no branch on the outcome
        let hit_s = (s.k0 == k0) & (s.k1 == k1) & (s.len as usize == len);
        let hit_t = (t.k0 == k0) & (t.k1 == k1) & (t.len as usize == len);
        if len > 16 {
            // rare: the slots hold 16 bytes of a key; the ordinary map has all of it
            return self.lookup_key(&b[at..at + len].to_ascii_lowercase());
        }
        // select without branching
        let ms = (hit_s as u32).wrapping_neg();
        let mt = (hit_t as u32).wrapping_neg() & !ms;
        (s.id & ms) | (t.id & mt) | (OTHER & !(ms | mt))
    }

    /// The id of a token key from the slow path.
    #[inline]
    pub(crate) fn lookup_key(&self, key: &[u8]) -> u32 {
        self.slow.get(key).copied().unwrap_or(OTHER)
    }
}

/// Token ids of a text, with their start offsets.
#[derive(Debug, Clone)]
pub struct Symbols {
    pub(crate) ids: Vec<u32>,
    /// Start of each symbol's token, relative to the searched block.
    pub(crate) starts: Vec<u32>,
}

/// Symbols buffers of finished blocks, kept for the next: a block's pieces need a few
/// megabytes of them, and fresh allocations of that size cost page faults every time.
static POOL: std::sync::Mutex<Vec<Symbols>> = std::sync::Mutex::new(Vec::new());

impl Symbols {
    /// An empty buffer, recycled when one is free: the largest, since a block's pieces are
    /// taken long ones first (a short piece's buffer handed to a long piece grew, into
    /// fresh pages, at every block).
    pub(crate) fn pooled(capacity: usize) -> Symbols {
        let recycled = POOL.lock().ok().and_then(|mut p| {
            let largest = (0..p.len()).max_by_key(|&i| p[i].ids.capacity())?;
            Some(p.swap_remove(largest))
        });
        match recycled {
            Some(mut s) => {
                s.ids.clear();
                s.starts.clear();
                s
            }
            None => Symbols::new(capacity),
        }
    }

    /// Gives a buffer back for [`Symbols::pooled`].
    pub(crate) fn recycle(self) {
        if let Ok(mut p) = POOL.lock()
            && p.len() < 16
        {
            p.push(self);
        }
    }

    pub(crate) fn new(capacity: usize) -> Symbols {
        Symbols { ids: Vec::with_capacity(capacity), starts: Vec::with_capacity(capacity) }
    }

    pub(crate) fn len(&self) -> usize {
        self.starts.len()
    }

    /// The id of symbol `k`.
    #[inline]
    pub(crate) fn id(&self, k: usize) -> u32 {
        self.ids[k]
    }

    #[inline]
    pub(crate) fn start(&self, k: usize) -> usize {
        self.starts[k] as usize
    }

    #[inline(always)]
    fn push(&mut self, id: u32, start: usize) {
        self.ids.push(id);
        self.starts.push(start as u32);
    }

    /// Appends symbols `range` of `other` (used to join the seam between two pieces, and
    /// pieces into one block).
    pub(crate) fn extend_from(&mut self, other: &Symbols, range: std::ops::Range<usize>) {
        self.ids.extend_from_slice(&other.ids[range.clone()]);
        self.starts.extend_from_slice(&other.starts[range]);
    }
}

/// Appends the symbols of `text[from..to]` to `out`; offsets are relative to `text`.
/// `from` and `to` must be char boundaries, and `from` must not be inside a token.
pub(crate) fn symbolize(v: &FastVocab, text: &str, from: usize, to: usize, out: &mut Symbols) {
    let expect = (to - from) / 5;
    out.ids.reserve(expect);
    out.starts.reserve(expect);
    scan(v, text, from, to, out);
}

/// Byte classes of `b[i..i + 64]`, one bit per byte: ASCII letters and digits; ASCII
/// punctuation that is a token of its own; and bytes the chunked path leaves to the
/// per-token loop (non-ASCII bytes and apostrophes). Everything else (space, line breaks,
/// tab, `-`, `"`, `` ` ``, control characters) separates tokens and is dropped, as in
/// [`scan`].
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn classes(b: &[u8], i: usize) -> (u64, u64, u64) {
    use std::arch::x86_64::*;
    assert!(i + 64 <= b.len());
    let (mut alnum, mut punct, mut slow) = (0u64, 0u64, 0u64);
    for k in 0..4 {
        // SAFETY: the 64 bytes from `i` are inside `b` (asserted above); SSE2 is part of
        // the x86-64 baseline. Bytes of 0x80 and above compare as negative: never a letter,
        // a digit or printable ASCII.
        let (an, p, sl) = unsafe {
            let v = _mm_loadu_si128(b.as_ptr().add(i + 16 * k).cast::<__m128i>());
            let eq = |c: u8| _mm_cmpeq_epi8(v, _mm_set1_epi8(c as i8));
            let lower = _mm_or_si128(v, _mm_set1_epi8(0x20));
            let letter =
                _mm_and_si128(_mm_cmpgt_epi8(lower, _mm_set1_epi8(0x60)), _mm_cmplt_epi8(lower, _mm_set1_epi8(0x7B)));
            let digit = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(0x2F)), _mm_cmplt_epi8(v, _mm_set1_epi8(0x3A)));
            let an = _mm_or_si128(letter, digit);
            let apos = eq(b'\'');
            let not_punct = _mm_or_si128(
                _mm_or_si128(an, apos),
                _mm_or_si128(_mm_or_si128(eq(b'"'), eq(b'-')), _mm_or_si128(eq(b'`'), eq(0x7F))),
            );
            let printable = _mm_cmpgt_epi8(v, _mm_set1_epi8(0x20));
            let p = _mm_andnot_si128(not_punct, printable);
            (_mm_movemask_epi8(an), _mm_movemask_epi8(p), _mm_movemask_epi8(v) | _mm_movemask_epi8(apos))
        };
        alnum |= u64::from(an as u16) << (16 * k);
        punct |= u64::from(p as u16) << (16 * k);
        slow |= u64::from(sl as u16) << (16 * k);
    }
    (alnum, punct, slow)
}

/// The chunked path of [`scan`]: from `i` (not inside a token), 64 bytes at a time, the
/// tokens found from bit masks: no branch per byte and none per separator, and only the
/// branch "word or punctuation" per token. Stops before a byte it leaves to the per-token
/// loop, before a word that may go on past what it has classified, and 64 bytes before the
/// end; returns where it stopped (`i` itself when it could do nothing).
#[inline(always)]
fn chunks(v: &FastVocab, b: &[u8], mut i: usize, out: &mut Symbols) -> usize {
    #[cfg(target_arch = "x86_64")]
    while i + 64 <= b.len() {
        let (alnum, punct, slow) = classes(b, i);
        let limit = slow.trailing_zeros(); // 64 when there is none
        let valid = if limit == 64 { u64::MAX } else { (1u64 << limit) - 1 };
        let mut starts = ((alnum & !(alnum << 1)) | punct) & valid;
        let mut stop = None;
        while starts != 0 {
            let s = starts.trailing_zeros();
            starts &= starts - 1;
            if punct >> s & 1 != 0 {
                out.push(v.punct[b[i + s as usize] as usize], i + s as usize);
                continue;
            }
            let len = (!(alnum >> s)).trailing_zeros();
            if s + len >= limit {
                // the word reaches a byte left to the loop, or the end of the chunk
                stop = Some(s as usize);
                break;
            }
            out.push(v.lookup_ascii(b, i + s as usize, len as usize), i + s as usize);
        }
        match stop {
            Some(s) if limit == 64 && s > 0 => i += s,
            Some(s) => return i + s,
            None if limit < 64 => return i + limit as usize,
            None => i += 64,
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (v, b, out);
    i
}

/// The tokenizer's loop.
#[inline(always)]
fn scan(v: &FastVocab, text: &str, from: usize, to: usize, out: &mut Symbols) {
    let b = &text.as_bytes()[..to];
    let n = to;
    let mut i = from;
    let mut key = Vec::with_capacity(32);
    // where to try the chunked path next, and how often it has just failed
    let (mut chunked_from, mut misses) = (from, 0u32);
    while i < n {
        if i >= chunked_from {
            let j = chunks(v, b, i, out);
            if j > i {
                (i, misses) = (j, 0);
                continue;
            }
            // a token the chunks leave to this loop (non-ASCII, apostrophe, a long word):
            // one step here, and after a few failures in a row a longer stretch
            misses += 1;
            chunked_from = i + if misses > 4 { 256 } else { 1 };
        }
        let c = b[i];
        if c == b' ' || c == b'\n' {
            i += 1;
            continue;
        }
        if ALNUM[c as usize] {
            let start = i;
            i = word_end(b, i + 1);
            if i < n && b[i] >= 0x80 && normalize::continues_word(&text[..n], i) {
                // a word that goes on with a non-ASCII letter or a soft hyphen: slow path
                let t = normalize::next_token(&text[..n], start, &mut key).expect("a word starts here");
                out.push(v.lookup_key(&key), start);
                i = t.end;
                continue;
            }
            out.push(v.lookup_ascii(text.as_bytes(), start, i - start), start);
            continue;
        }
        if c < 0x80 && !matches!(c, b'\'' | b'"' | b'-' | b'`') && c > 0x20 && c != 0x7F {
            out.push(v.punct[c as usize], i);
            i += 1;
            continue;
        }
        if c < 0x80 && c != b'\'' {
            i += 1; // other ASCII separators: tab, CR, controls, '-', '"', '`'
            continue;
        }
        // a non-ASCII separator (curly quote, dash, no-break space) is skipped here; other
        // non-ASCII characters and apostrophes go to the reference tokenizer
        if c >= 0x80
            && let Some(len) = normalize::skippable_at(text, i)
        {
            i += len;
            continue;
        }
        match normalize::next_token(&text[..n], i, &mut key) {
            None => break,
            Some(t) => {
                let id = if t.kind == TokenKind::Punct && key.len() == 1 && key[0] < 0x80 {
                    v.punct[key[0] as usize]
                } else {
                    v.lookup_key(&key)
                };
                out.push(id, t.start);
                i = t.end;
            }
        }
    }
}
