//! The automaton over token ids: a trie of the compiled forms, searched leftmost-longest.
//!
//! Each form is a short sequence of vocabulary ids (rarely more than ten), so the automaton
//! works on ids, not bytes: the first step is an array indexed by id, deeper steps one
//! lookup each in a cuckoo table that [`IdTrie::freeze`] builds once all forms are in. A
//! transition there reads its two possible slots and selects without branching, and
//! carries the pattern its target completes, so a step is two loads from one table. At every symbol the search follows the trie as far as the text goes
//! and remembers the longest form completed; the first symbol where a form completes wins
//! and the search resumes after it. That is exactly the leftmost-longest semantics of the
//! `aho-corasick` crate (which this replaced: over the byte-encoded ids it ran at half this
//! speed, see `bench/RESULTS.md`), in time linear in the text times the longest form.

use std::ops::Range;

use rustc_hash::FxHashMap;

/// See the module documentation.
#[derive(Debug, Default)]
pub(crate) struct IdTrie {
    /// While the trie is built (emptied by [`IdTrie::freeze`]): the node reached from the
    /// root by each id (0: none); (node << 32 | id) -> node below the first level; and the
    /// pattern + 1 completed at each node (0: none). Node 0 is the root.
    root: Vec<u32>,
    next: FxHashMap<u64, u32>,
    term: Vec<u32>,
    /// The transitions of `next`, frozen: see the module documentation.
    table: Vec<Edge>,
    /// Per id, the first step from the root.
    first: Vec<First>,
    /// Per node, bit `id % 64` set for every id that leads on from it: most walks end one
    /// step after their second symbol, and this ends them without another probe of `table`.
    kids: Vec<u64>,
}

/// The step from the root on one id.
#[derive(Debug, Default, Clone, Copy)]
struct First {
    /// The node reached (0: none) and the pattern + 1 it completes (0: none).
    node: u32,
    term: u32,
    /// Bit `id % 256` set for every id that leads on from `node`. Most second steps fail,
    /// and this answers them without touching the transition table, which is too large
    /// for the cache: with 64 bits, about one in five failing steps still reached it.
    kids: [u64; 4],
}

/// One transition of the frozen trie.
#[derive(Debug, Default, Clone, Copy)]
struct Edge {
    /// `node << 32 | id` (0: empty slot; no transition leaves the root through `table`).
    key: u64,
    /// The target node (0: none) and the pattern + 1 it completes (0: none).
    node: u32,
    term: u32,
}

/// The two slots a transition may live in, in a table of `cap` slots (any size: the
/// hashes are mapped onto it by multiplication, not masking).
#[inline(always)]
fn homes(key: u64, cap: usize) -> (usize, usize) {
    let h = key.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let g = (key ^ key >> 29).wrapping_mul(0xC2B2_AE3D_27D4_EB4F);
    let range = |x: u64| ((u128::from(x) * cap as u128) >> 64) as usize;
    (range(h), range(g))
}

impl IdTrie {
    /// An empty trie with room for about `patterns` patterns.
    pub(crate) fn with_capacity(patterns: usize) -> IdTrie {
        let mut next = FxHashMap::default();
        next.reserve(patterns * 2);
        let mut term = Vec::with_capacity(patterns * 3);
        term.push(0);
        IdTrie { next, term, ..IdTrie::default() }
    }

    /// Adds `ids` (non-empty) as pattern `p`; returns false, changing nothing, when the
    /// sequence is already a pattern (the earlier one keeps it).
    pub(crate) fn insert(&mut self, ids: &[u32], p: usize) -> bool {
        self.insert_or_get(ids, p) == p
    }

    /// Adds `ids` (non-empty) as pattern `p` unless the sequence is already a pattern;
    /// returns the sequence's pattern (`p`, or the earlier one).
    pub(crate) fn insert_or_get(&mut self, ids: &[u32], p: usize) -> usize {
        let mut node = 0u32;
        for (depth, &id) in ids.iter().enumerate() {
            let fresh = self.term.len() as u32;
            let child = if depth == 0 {
                if self.root.len() <= id as usize {
                    self.root.resize(id as usize + 1, 0);
                }
                let c = &mut self.root[id as usize];
                if *c == 0 {
                    *c = fresh;
                }
                *c
            } else {
                *self.next.entry(u64::from(node) << 32 | u64::from(id)).or_insert(fresh)
            };
            if child == fresh {
                self.term.push(0);
            }
            node = child;
        }
        if self.term[node as usize] != 0 {
            return self.term[node as usize] as usize - 1;
        }
        self.term[node as usize] = p as u32 + 1;
        p
    }

    /// Builds the search tables for ids below `ids`; call after the last [`IdTrie::insert`].
    pub(crate) fn freeze(&mut self, ids: usize) {
        if self.root.len() < ids {
            self.root.resize(ids, 0);
        }
        // (no sort: the map's order is the same run to run, and placement only ever changes
        // where an edge is found, not whether)
        let edges: Vec<(u64, u32)> = self.next.iter().map(|(&k, &n)| (k, n)).collect();
        // the children filters: 64 bits for every node, 256 for the first level's
        let mut wide: FxHashMap<u32, [u64; 4]> = FxHashMap::default();
        self.kids = vec![0u64; self.term.len()];
        for &(k, _) in &edges {
            let node = (k >> 32) as u32;
            self.kids[node as usize] |= 1 << (k & 63);
            let bit = (k & 255) as usize;
            wide.entry(node).or_default()[bit / 64] |= 1 << (bit % 64);
        }
        self.first = self
            .root
            .iter()
            .map(|&n| First { node: n, term: self.term[n as usize], kids: wide.get(&n).copied().unwrap_or_default() })
            .collect();
        // a little under half full: what two-choice cuckoo hashing fills reliably; and
        // small enough for the second-level cache at 20,000 edges
        let mut cap = (edges.len() * 2 + edges.len() / 8).max(64);
        while !self.place(&edges, cap) {
            cap += cap / 4;
        }
        // what only building needed (a 100,000-term glossary's map holds megabytes)
        self.next = FxHashMap::default();
        self.root = Vec::new();
        self.term = Vec::new();
    }

    /// Places every edge in a cuckoo table of `cap` slots; false when insertion cycles.
    /// Keys are distinct integers and the hashes multiply them by odd constants, so two
    /// keys never share both homes for long: growing the table always ends.
    fn place(&mut self, edges: &[(u64, u32)], cap: usize) -> bool {
        self.table = vec![Edge::default(); cap];
        for &(key, node) in edges {
            let mut e = Edge { key, node, term: self.term[node as usize] };
            let mut at = homes(key, cap).0;
            let mut placed = false;
            for _ in 0..4 * (usize::BITS - cap.leading_zeros()) + 32 {
                std::mem::swap(&mut self.table[at], &mut e);
                if e.key == 0 {
                    placed = true;
                    break;
                }
                let (a, b) = homes(e.key, cap);
                at = if a == at { b } else { a };
            }
            if !placed {
                return false;
            }
        }
        true
    }

    /// The edge from `node` (not the root) on `id`: (node, pattern + 1, filter of its
    /// children), zeros if none.
    #[inline(always)]
    fn edge(&self, node: u32, id: u32) -> (u32, u32, u64) {
        let key = u64::from(node) << 32 | u64::from(id);
        let (i, j) = homes(key, self.table.len());
        let (a, b) = (self.table[i], self.table[j]);
        let ma = ((a.key == key) as u32).wrapping_neg();
        let mb = ((b.key == key) as u32).wrapping_neg() & !ma;
        let node = (a.node & ma) | (b.node & mb);
        (node, (a.term & ma) | (b.term & mb), self.kids[node as usize])
    }

    /// Writes to `out` the symbols of `range` where a pattern may start (a superset of
    /// those where one does), in order; returns how many. A symbol is kept when its id
    /// completes a pattern alone or the next id passes the first node's filter. No branch
    /// depends on the ids: each symbol is written, and the count moves on by 0 or 1.
    pub(crate) fn candidates(&self, ids: &[u32], range: Range<usize>, out: &mut [u32]) -> usize {
        let mut n = 0;
        for k in range {
            let f = self.first.get(ids[k] as usize).copied().unwrap_or_default();
            let next = ids.get(k + 1).copied().unwrap_or(u32::MAX);
            let pass = (f.term != 0) | (f.kids[(next as usize & 255) / 64] >> (next & 63) & 1 != 0);
            out[n] = k as u32;
            n += pass as usize;
        }
        n
    }

    /// The longest pattern starting at `ids[i]`: (its length, its index).
    #[inline]
    pub(crate) fn longest_at(&self, ids: &[u32], i: usize) -> Option<(usize, usize)> {
        let mut best = None;
        self.each_at(ids, i, |len, p| best = Some((len, p)));
        best
    }

    /// Every pattern starting at `ids[i]`: calls `f(length, pattern)`, shortest first. The
    /// walk asks the children filters before each step, so the step that fails (every walk
    /// has one) rarely reaches the transition table.
    #[inline]
    pub(crate) fn each_at(&self, ids: &[u32], i: usize, mut f: impl FnMut(usize, usize)) {
        let first = self.first.get(ids[i] as usize).copied().unwrap_or_default();
        if first.node == 0 {
            return;
        }
        if first.term != 0 {
            f(1, first.term as usize - 1);
        }
        match ids.get(i + 1) {
            Some(&id) if first.kids[(id as usize & 255) / 64] >> (id & 63) & 1 != 0 => {}
            _ => return,
        }
        let mut node = first.node;
        for (d, &id) in ids[i + 1..].iter().enumerate() {
            let (t, kids);
            (node, t, kids) = self.edge(node, id);
            if node == 0 {
                return;
            }
            if t != 0 {
                f(d + 2, t as usize - 1);
            }
            match ids.get(i + d + 2) {
                Some(&next) if kids >> (next & 63) & 1 != 0 => {}
                _ => return,
            }
        }
    }
}
