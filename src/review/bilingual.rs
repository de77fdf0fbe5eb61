//! Chinese equivalents for English term candidates, from aligned sentence pairs.
//!
//! When the Chinese original is aligned with the English, a candidate's translation is
//! the Chinese string that comes and goes with it: present in the pairs whose English has
//! the candidate, absent from the others. [`propose`] measures that with the **Dice
//! coefficient** over aligned pairs,
//!
//! ```text
//! Dice(c, u) = 2 · |P(c) ∩ P(u)| / (|P(c)| + |P(u)|)
//! ```
//!
//! where `P(x)` is the set of pairs containing `x`, and returns the best Chinese units per
//! candidate.
//!
//! # Chinese units
//!
//! Chinese is not segmented into words here: the units are the **character n-grams** (2 to
//! [`MAX_CHARS`] characters) of each run of Chinese characters, cut at punctuation, Latin
//! letters and digits. A word segmenter would cut 中亚五国 into 中亚 + 五国 and miss the
//! term; n-grams contain every segmentation. Two rules keep the noise down:
//!
//! * the Chinese forms of glossary entries are blanked out of the pairs before counting:
//!   they are the translations of other, known terms;
//! * a unit may not start or end with a function character ([`EDGE_CHARS`]: 的, 了, 和,
//!   与, 同, 在...), which attach to their neighbours, not to terms.
//!
//! # Choosing among equals
//!
//! A candidate that always occurs in the same Chinese context ties with the longer
//! n-grams around its translation (中亚五国, 同中亚五国 and 中亚五 may all score 1). Ties
//! go to the unit whose length is closest to what the English suggests, two characters per
//! content word (diplomatic Chinese packs a content word into about two characters), then
//! to the longer unit, then to the earlier in the text.
//!
//! A proposal needs the candidate in at least [`MIN_PAIRS`] aligned pairs, with the unit in
//! all of them but at most one: from a single pair, every string of the sentence
//! co-occurs perfectly and nothing can be told.

use std::ops::Range;

use rustc_hash::{FxHashMap, FxHashSet};

use super::extract::{Candidate, LINK_WORDS};
use crate::glossary::Glossary;

/// Longest Chinese unit, in characters.
pub const MAX_CHARS: usize = 8;

/// Aligned pairs a candidate needs before a Chinese equivalent is proposed.
pub const MIN_PAIRS: usize = 2;

/// Characters that do not begin or end a Chinese term unit.
pub const EDGE_CHARS: &[char] = &[
    '的', '了', '和', '与', '同', '在', '是', '对', '将', '把', '被', '为', '以', '及', '并', '也', '都', '而', '等',
    '之', '其', '这', '那', '我', '你', '他', '们', '着', '从', '向', '于', '给', '让', '又', '就', '还', '要', '会',
    '能', '不',
];

/// One aligned bead: Chinese text and the English byte range it translates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlignedPair {
    /// Number of the English document in the run (as the extractor counts documents).
    pub doc: usize,
    /// Byte range of the English sentences in that document's text.
    pub en: Range<usize>,
    /// The Chinese sentences, concatenated.
    pub zh: String,
}

/// A proposed Chinese equivalent.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposal {
    pub zh: String,
    pub dice: f64,
    /// Pairs holding both, and pairs holding the candidate.
    pub together: usize,
    pub pairs: usize,
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FA1F}')
}

/// The distinct units of one Chinese text, with glossary forms blanked out.
fn units(zh: &str, known: &[&str]) -> FxHashSet<String> {
    let mut text = zh.to_string();
    for k in known {
        if !k.is_empty() && text.contains(k) {
            text = text.replace(k, "\u{3000}");
        }
    }
    let mut out = FxHashSet::default();
    for run in text.split(|c: char| !is_cjk(c)).filter(|r| !r.is_empty()) {
        let chars: Vec<char> = run.chars().collect();
        for i in 0..chars.len() {
            if EDGE_CHARS.contains(&chars[i]) {
                continue;
            }
            for n in 2..=MAX_CHARS.min(chars.len() - i) {
                if !EDGE_CHARS.contains(&chars[i + n - 1]) {
                    out.insert(chars[i..i + n].iter().collect());
                }
            }
        }
    }
    out
}

/// Content words of an English candidate (its words less the link words).
fn content_words(key: &str) -> usize {
    key.split(' ').filter(|w| LINK_WORDS.binary_search(w).is_err()).count()
}

/// Up to `best` Chinese proposals for each candidate, from `pairs`. See the module
/// documentation.
pub fn propose(
    candidates: &[Candidate],
    pairs: &[AlignedPair],
    glossary: &Glossary,
    best: usize,
) -> Vec<Vec<Proposal>> {
    let mut known: Vec<&str> = glossary.entries().flat_map(|e| e.zh_forms()).collect();
    // longest first, so that a long form is blanked before a form inside it
    known.sort_by_key(|k| std::cmp::Reverse(k.chars().count()));
    let pair_units: Vec<FxHashSet<String>> = pairs.iter().map(|p| units(&p.zh, &known)).collect();
    let mut df: FxHashMap<&str, usize> = FxHashMap::default();
    for us in &pair_units {
        for u in us {
            *df.entry(u.as_str()).or_default() += 1;
        }
    }
    // first position of each unit in the text, for a deterministic last tie-break
    let mut first_seen: FxHashMap<&str, usize> = FxHashMap::default();
    for (i, us) in pair_units.iter().enumerate() {
        for u in us {
            first_seen.entry(u.as_str()).or_insert(i);
        }
    }
    candidates
        .iter()
        .map(|c| {
            let with: Vec<usize> = (0..pairs.len())
                .filter(|&i| {
                    c.spans.iter().any(|&(d, s, e)| d == pairs[i].doc && s < pairs[i].en.end && pairs[i].en.start < e)
                })
                .collect();
            if with.len() < MIN_PAIRS {
                return Vec::new();
            }
            let mut together: FxHashMap<&str, usize> = FxHashMap::default();
            for &i in &with {
                for u in &pair_units[i] {
                    *together.entry(u.as_str()).or_default() += 1;
                }
            }
            let want = 2 * content_words(&c.key);
            let mut scored: Vec<(&str, usize, f64)> = together
                .into_iter()
                .filter(|&(_, n)| n + 1 >= with.len() && n >= MIN_PAIRS)
                .map(|(u, n)| (u, n, 2.0 * n as f64 / (with.len() + df[u]) as f64))
                .collect();
            scored.sort_by(|a, b| {
                let (la, lb) = (a.0.chars().count(), b.0.chars().count());
                b.2.total_cmp(&a.2)
                    .then(la.abs_diff(want).cmp(&lb.abs_diff(want)))
                    .then(lb.cmp(&la))
                    .then(first_seen[a.0].cmp(&first_seen[b.0]))
                    .then(a.0.cmp(b.0))
            });
            // keep units that are not pieces of a better one already kept
            let mut out: Vec<Proposal> = Vec::new();
            for (u, n, dice) in scored {
                if out.len() == best {
                    break;
                }
                if out.iter().any(|p| p.zh.contains(u) || u.contains(p.zh.as_str())) {
                    continue;
                }
                let dice = (dice * 1000.0).round() / 1000.0;
                out.push(Proposal { zh: u.to_string(), dice, together: n, pairs: with.len() });
            }
            out
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Document, Layout};
    use crate::glossary::read_csv_str;
    use crate::matcher::{MatchOptions, Matcher};
    use crate::review::extract::{ExtractOptions, Extractor};
    use std::path::Path;

    /// A hand-aligned bilingual fixture: one English paragraph per line, its Chinese beside.
    const PAIRS: &[(&str, &str)] = &[
        (
            "中方愿同中亚五国深化互信，推进睦邻友好。",
            "China is ready to deepen mutual trust with the five Central Asian countries and advance good-neighborly friendship.",
        ),
        ("中亚五国是中国的好邻居。", "The five Central Asian countries are good neighbors of China."),
        (
            "我们要加强战略互信，维护地区国家的共同安全。",
            "We should strengthen strategic trust and uphold the common security of countries in the region.",
        ),
        ("共同安全符合地区国家利益。", "Common security serves the interests of countries in the region."),
        (
            "中方支持中亚五国维护共同安全。",
            "China supports the five Central Asian countries in upholding common security.",
        ),
        ("双方同意扩大贸易。", "The two sides agreed to expand trade."),
    ];

    fn run(min_freq: usize) -> (Vec<Candidate>, Vec<Vec<Proposal>>) {
        let g = read_csv_str("en,zh\ngood-neighborly friendship,睦邻友好\n", Path::new("g.csv")).unwrap().glossary;
        let m = Matcher::new(&g, MatchOptions::default()).unwrap();
        let en: String = PAIRS.iter().map(|p| format!("{}\n", p.1)).collect();
        let doc = Document::from_text("en.txt", en.clone(), Layout::Lines);
        let mut x = Extractor::new(ExtractOptions { min_freq, max_words: 5 });
        x.add(&doc, &m.find(doc.text()));
        let mut pairs = Vec::new();
        let mut at = 0;
        for (zh, e) in PAIRS {
            pairs.push(AlignedPair { doc: 0, en: at..at + e.len(), zh: zh.to_string() });
            at += e.len() + 1;
        }
        let cands = x.candidates();
        let zh = propose(&cands, &pairs, &g, 2);
        (cands, zh)
    }

    fn best(cands: &[Candidate], zh: &[Vec<Proposal>], en: &str) -> Option<(String, f64)> {
        let i = cands.iter().position(|c| c.surface.eq_ignore_ascii_case(en))?;
        zh[i].first().map(|p| (p.zh.clone(), p.dice))
    }

    #[test]
    fn the_chinese_that_comes_and_goes_with_the_candidate() {
        let (cands, zh) = run(2);
        assert_eq!(best(&cands, &zh, "five Central Asian countries"), Some(("中亚五国".into(), 1.0)));
        assert_eq!(best(&cands, &zh, "countries in the region"), Some(("地区国家".into(), 1.0)));
        assert_eq!(best(&cands, &zh, "common security"), Some(("共同安全".into(), 1.0)));
    }

    #[test]
    fn units_skip_known_forms_and_function_characters() {
        let u = units("同中亚五国深化睦邻友好的关系", &["睦邻友好"]);
        assert!(u.contains("中亚五国"));
        assert!(!u.iter().any(|s| s.contains("睦邻")), "{u:?}");
        assert!(!u.iter().any(|s| s.starts_with('同') || s.ends_with('的')), "{u:?}");
        assert!(!u.contains("国深化睦"));
    }

    #[test]
    fn one_pair_proposes_nothing() {
        let (cands, zh) = run(1);
        assert_eq!(cands.len(), zh.len());
        let single: Vec<&Candidate> = cands.iter().filter(|c| c.freq == 1).collect();
        assert!(single.iter().any(|c| c.surface == "strategic trust"), "{single:?}");
        for (c, z) in cands.iter().zip(&zh) {
            assert_eq!(z.is_empty(), c.freq < MIN_PAIRS, "{}: {z:?}", c.surface);
        }
    }
}
