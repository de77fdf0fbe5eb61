//! The automaton over token ids: a trie of the compiled forms, searched leftmost-longest.
//!
//! Each form is a short sequence of vocabulary ids (rarely more than ten), so the automaton
//! works on ids, not bytes: the first step is an array indexed by id, deeper steps one
//! lookup each in a cuckoo table that [`Sequences::build`] fills once all forms are in. A
//! transition there reads its two possible slots and selects without branching, and
//! carries the pattern its target completes, so a step is two loads from one table. At every symbol the search follows the trie as far as the text goes
//! and remembers the longest form completed; the first symbol where a form completes wins
//! and the search resumes after it. That is exactly the leftmost-longest semantics of the
//! `aho-corasick` crate (which this replaced: over the byte-encoded ids it ran at half this
//! speed, see `bench/RESULTS.md`), in time linear in the text times the longest form.

use std::ops::Range;

/// See the module documentation.
#[derive(Debug, Default)]
pub(crate) struct IdTrie {
    /// The transitions below the first level: see the module documentation.
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

/// The key of the transition from `node` on `id` in [`IdTrie::table`].
#[inline(always)]
fn edge_key(node: u32, id: u32) -> u64 {
    u64::from(node) << 32 | u64::from(id)
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

/// The id sequences of a trie, gathered before it is built at once ([`Sequences::build`]).
///
/// Building by inserting one sequence after another looks every edge up in a map of all
/// the edges so far, which for a 100,000-term glossary is megabytes: a cache miss per
/// step. Sorted first, each sequence shares its prefix with the one before, so its nodes
/// are found by comparing the two, and the edges come out in order.
#[derive(Debug, Default)]
pub(crate) struct Sequences {
    ids: Vec<u32>,
    ends: Vec<u32>,
}

impl Sequences {
    /// Adds a sequence (non-empty).
    pub(crate) fn push(&mut self, ids: &[u32]) {
        self.ids.extend_from_slice(ids);
        self.ends.push(self.ids.len() as u32);
    }

    pub(crate) fn get(&self, i: usize) -> &[u32] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.ids[start..self.ends[i] as usize]
    }

    /// The trie of every sequence pushed, for ids below `ids`, and per sequence pushed its
    /// pattern: patterns are numbered in the order their sequences first appear, and a
    /// sequence pushed again has the earlier one's (the first to claim a sequence keeps it).
    pub(crate) fn build(&self, ids: usize) -> (IdTrie, Vec<u32>) {
        let n = self.ends.len();
        // sorted by sequence, then by when it was pushed. The first three ids (each + 1, 0
        // for none) and the index make one integer, sorted without reading the sequences;
        // the few runs that agree on their first three ids are then ordered by the rest
        let id = |s: &[u32], k: usize| s.get(k).map_or(0, |&x| u128::from(x) + 1);
        let mut keys: Vec<u128> = (0..n)
            .map(|i| {
                let s = self.get(i);
                id(s, 0) << 96 | id(s, 1) << 64 | id(s, 2) << 32 | i as u128
            })
            .collect();
        keys.sort_unstable();
        for run in keys.chunk_by_mut(|a, b| a >> 32 == b >> 32).filter(|run| run.len() > 1) {
            // (a stable sort: ties stay in the order pushed)
            run.sort_by(|a, b| {
                let tail = |k: u128| self.get(k as u32 as usize).get(3..).unwrap_or(&[]);
                tail(*a).cmp(tail(*b))
            });
        }
        let width = ids.max(self.ids.iter().max().map_or(0, |&m| m as usize + 1));
        let mut root = vec![0u32; width];
        let mut wide = vec![[0u64; 4]; width];
        // per node, the first sequence that ends there, + 1
        let mut term: Vec<u32> = vec![0];
        let mut edges: Vec<(u64, u32)> = Vec::with_capacity(self.ids.len());
        let mut canon = vec![0u32; n];
        let mut path: Vec<u32> = Vec::new();
        let mut prev: &[u32] = &[];
        for i in keys.iter().map(|&k| k as u32) {
            let s = self.get(i as usize);
            let shared = prev.iter().zip(s).take_while(|(a, b)| a == b).count();
            if shared == s.len() && shared == prev.len() {
                // pushed before: the earlier one, first in this order, keeps it
                canon[i as usize] = term[*path.last().expect("sequences are not empty") as usize] - 1;
                continue;
            }
            // (a sequence never sorts after a longer one it begins: `shared` < its length)
            path.truncate(shared);
            for (d, &id) in s.iter().enumerate().skip(shared) {
                let node = term.len() as u32;
                term.push(0);
                if d == 0 {
                    root[id as usize] = node;
                } else {
                    edges.push((edge_key(path[d - 1], id), node));
                    if d == 1 {
                        wide[s[0] as usize][(id as usize & 255) / 64] |= 1 << (id & 63);
                    }
                }
                path.push(node);
            }
            let last = *path.last().expect("sequences are not empty") as usize;
            term[last] = i + 1;
            canon[i as usize] = i;
            prev = s;
        }
        // numbered by first appearance
        let mut number = vec![u32::MAX; n];
        let mut count = 0;
        for i in 0..n {
            if canon[i] as usize == i {
                number[i] = count;
                count += 1;
            }
        }
        for t in term.iter_mut().filter(|t| **t != 0) {
            *t = number[*t as usize - 1] + 1;
        }
        let numbers = canon.iter().map(|&c| number[c as usize]).collect();
        let mut trie = IdTrie::default();
        trie.freeze(&root, &term, &wide, &edges);
        (trie, numbers)
    }
}

impl IdTrie {
    /// Builds the search tables: `root` and `wide` per id (the node its first step reaches,
    /// and the filter of that node's children), `term` per node (pattern + 1, or 0), and
    /// the deeper `edges` ((node << 32 | id, child)).
    fn freeze(&mut self, root: &[u32], term: &[u32], wide: &[[u64; 4]], edges: &[(u64, u32)]) {
        // the children filters: 64 bits for every node, 256 for the first level's
        self.kids = vec![0u64; term.len()];
        for &(k, _) in edges {
            self.kids[(k >> 32) as usize] |= 1 << (k & 63);
        }
        self.first = root.iter().zip(wide).map(|(&n, &kids)| First { node: n, term: term[n as usize], kids }).collect();
        // a little under half full: what two-choice cuckoo hashing fills reliably; and
        // small enough for the second-level cache at 20,000 edges
        let mut cap = (edges.len() * 2 + edges.len() / 8).max(64);
        while !self.place(edges, term, cap) {
            cap += cap / 4;
        }
    }

    /// Places every edge in a cuckoo table of `cap` slots; false when insertion cycles.
    /// Keys are distinct integers and the hashes multiply them by odd constants, so two
    /// keys never share both homes for long: growing the table always ends.
    fn place(&mut self, edges: &[(u64, u32)], term: &[u32], cap: usize) -> bool {
        self.table = vec![Edge::default(); cap];
        for &(key, node) in edges {
            let mut e = Edge { key, node, term: term[node as usize] };
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
        let key = edge_key(node, id);
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

    /// Brings in the transition a walk from `ids[i]` takes first ([`IdTrie::each_at`]), so
    /// that a batch of walks waits for the table once, together, not once per walk.
    #[inline]
    pub(crate) fn prefetch_at(&self, ids: &[u32], i: usize) {
        let first = self.first.get(ids[i] as usize).copied().unwrap_or_default();
        if let Some(&id) = ids.get(i + 1)
            && first.node != 0
        {
            let (a, b) = homes(edge_key(first.node, id), self.table.len());
            super::prefetch(&self.table[a]);
            super::prefetch(&self.table[b]);
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Built at once from sorted sequences, the trie numbers patterns by first
        /// appearance (a repeated sequence keeps the first number) and finds, from the start
        /// of any text, exactly the patterns that begin it.
        #[test]
        fn built_tries_find_every_pattern_and_only_them(
            seqs in proptest::collection::vec(proptest::collection::vec(0..6u32, 1..5), 1..60),
            text in proptest::collection::vec(0..6u32, 1..8),
        ) {
            let mut sequences = Sequences::default();
            for s in &seqs {
                sequences.push(s);
            }
            let (trie, numbers) = sequences.build(6);
            let mut first: Vec<&Vec<u32>> = Vec::new();
            for (s, &number) in seqs.iter().zip(&numbers) {
                let want = first.iter().position(|f| *f == s).unwrap_or_else(|| {
                    first.push(s);
                    first.len() - 1
                });
                prop_assert_eq!(number as usize, want);
            }
            let mut found = Vec::new();
            trie.each_at(&text, 0, |len, p| found.push((len, p)));
            let want: Vec<(usize, usize)> = (1..=text.len())
                .filter_map(|len| first.iter().position(|f| **f == text[..len]).map(|p| (len, p)))
                .collect();
            prop_assert_eq!(found, want);
        }
    }
}
