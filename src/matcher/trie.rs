//! The automaton over token ids: a trie of the compiled forms, searched leftmost-longest.
//!
//! Each form is a short sequence of vocabulary ids (rarely more than ten), so the automaton
//! works on ids, not bytes: the first step is an array indexed by id, deeper steps one
//! hash lookup each. At every symbol the search follows the trie as far as the text goes
//! and remembers the longest form completed; the first symbol where a form completes wins
//! and the search resumes after it. That is exactly the leftmost-longest semantics of the
//! `aho-corasick` crate (which this replaced: over the byte-encoded ids it ran at half this
//! speed, see `bench/RESULTS.md`), in time linear in the text times the longest form.

use rustc_hash::FxHashMap;

/// See the module documentation.
#[derive(Debug, Default)]
pub(crate) struct IdTrie {
    /// Node reached from the root by each id (0: none).
    root: Vec<u32>,
    /// (node << 32 | id) -> node, below the first level.
    next: FxHashMap<u64, u32>,
    /// Pattern + 1 completed at each node (0: none). Node 0 is the root.
    term: Vec<u32>,
}

impl IdTrie {
    /// An empty trie with room for about `patterns` patterns.
    pub(crate) fn with_capacity(patterns: usize) -> IdTrie {
        let mut next = FxHashMap::default();
        next.reserve(patterns * 2);
        let mut term = Vec::with_capacity(patterns * 3);
        term.push(0);
        IdTrie { root: Vec::new(), next, term }
    }

    /// Adds `ids` (non-empty) as pattern `p`; returns false, changing nothing, when the
    /// sequence is already a pattern (the earlier one keeps it).
    pub(crate) fn insert(&mut self, ids: &[u32], p: usize) -> bool {
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
            return false;
        }
        self.term[node as usize] = p as u32 + 1;
        true
    }

    #[inline(always)]
    fn step(&self, node: u32, id: u32) -> u32 {
        if node == 0 {
            self.root.get(id as usize).copied().unwrap_or(0)
        } else {
            self.next.get(&(u64::from(node) << 32 | u64::from(id))).copied().unwrap_or(0)
        }
    }

    /// The longest pattern starting at `ids[i]`: (its length, its index).
    #[inline]
    pub(crate) fn longest_at(&self, ids: &[u32], i: usize) -> Option<(usize, usize)> {
        let mut node = 0;
        let mut best = None;
        for (d, &id) in ids[i..].iter().enumerate() {
            node = self.step(node, id);
            if node == 0 {
                break;
            }
            let t = self.term[node as usize];
            if t != 0 {
                best = Some((d + 1, t as usize - 1));
            }
        }
        best
    }

    /// Every pattern starting at `ids[i]` and ending by `end`: calls `f(length, pattern)`.
    pub(crate) fn all_at(&self, ids: &[u32], i: usize, end: usize, mut f: impl FnMut(usize, usize)) {
        let mut node = 0;
        for (d, &id) in ids[i..end].iter().enumerate() {
            node = self.step(node, id);
            if node == 0 {
                break;
            }
            let t = self.term[node as usize];
            if t != 0 {
                f(d + 1, t as usize - 1);
            }
        }
    }
}
