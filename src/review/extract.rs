//! Term discovery: multi-word phrases that recur in the texts and are not in the glossary.
//!
//! A terminologist growing the term base wants the set phrases of new texts that the
//! term base does not know yet, best first, each with an example, ready to review and
//! merge. [`Extractor`] collects candidates document by document; [`Extractor::candidates`]
//! ranks them; [`to_glossary`] turns them into glossary entries, written with termalign's
//! glossary CSV writer so the file can be edited and passed back with `--glossary`.
//!
//! # Candidates
//!
//! The text is cut into words: the matcher's tokens, with tokens joined by a single
//! hyphen or dash and no space kept as one word ("people-to-people", "win-win",
//! "China–Central"), and a clitic kept with its word ("People's"). Runs of words are cut
//! at every punctuation mark, quotation mark, spaced dash and paragraph end: a term never
//! spans them. A candidate is a run of 2 to `max_words` words that:
//!
//! * neither starts nor ends with a word of [`STOP_WORDS`] (function words, auxiliaries,
//!   pronouns, the commonest verbs and adverbs of speeches), and contains no stop word at
//!   all except the joining words of [`LINK_WORDS`] ("of", "and", "for", "the"...), which
//!   set phrases do contain: "community with a shared future for mankind";
//! * does not end in an adverb in -ly or a past form in -ed, which end clauses, not terms;
//!   does not start or end with a possessive ("China's relations"); and, when it starts
//!   with a lower-case word in -ing or -ed, has two words: "developing countries" and
//!   "shared benefits" are terms, "helping with the local response" is a clause;
//! * does not overlap a glossary hit (exact or near-miss): what the glossary knows is not
//!   a discovery.
//!
//! Occurrences are grouped by the canonical keys of their words ([`normalize::canon`]:
//! case, UK/US spelling and plural set aside), so "strategic partnership" and "Strategic
//! Partnerships" are one candidate.
//!
//! # Termhood: C-value
//!
//! Candidates are ranked by C-value (Frantzi, Ananiadou and Mima, 2000), which rewards
//! frequent and long phrases and discounts a phrase that mostly occurs inside longer
//! candidates ("Central Asian" inside "Central Asian countries"):
//!
//! ```text
//! C(a) = log2|a| · f(a)                                  if no longer candidate contains a
//! C(a) = log2|a| · (f(a) − (1/|T(a)|) · Σ_{b∈T(a)} f(b))  otherwise
//! ```
//!
//! with `|a|` the number of words, `f` the frequency and `T(a)` the longer candidates that
//! contain `a`; as in the paper's algorithm, each `b` counts with the frequency it does not
//! itself owe to still longer candidates. Only candidates of at least `min_freq`
//! occurrences take part. Ties go to the more frequent, then the longer, then the earlier
//! candidate. Left out: a C-value of 0, and a candidate that never occurs outside a longer
//! candidate (a piece of a term, such as "Asian countries" in "Central Asian countries").

use std::fmt::Write as _;

use indexmap::IndexMap;
use rustc_hash::FxHashMap;

use super::bilingual::Proposal;
use super::concord::context;
use crate::corpus::Document;
use crate::error::display_path;
use crate::glossary::{Entry, Glossary};
use crate::matcher::Hit;
use crate::normalize::{self, TokenKind};

/// Words that never start or end a candidate, and never occur inside one unless they are
/// also [`LINK_WORDS`]: function words, and the verbs that speeches use most and terms
/// seldom begin or end with ("build", "deepen", "grew"). Sorted, for binary search.
pub const STOP_WORDS: &[&str] = &[
    "'d",
    "'ll",
    "'m",
    "'re",
    "'s",
    "'ve",
    "a",
    "about",
    "above",
    "according",
    "achieve",
    "achieved",
    "achieves",
    "across",
    "actively",
    "adhere",
    "adhered",
    "after",
    "again",
    "against",
    "ago",
    "agree",
    "agreed",
    "all",
    "also",
    "although",
    "always",
    "am",
    "among",
    "an",
    "and",
    "announce",
    "announced",
    "announces",
    "another",
    "any",
    "are",
    "around",
    "as",
    "at",
    "away",
    "be",
    "became",
    "because",
    "become",
    "becomes",
    "been",
    "before",
    "being",
    "below",
    "besides",
    "between",
    "beyond",
    "both",
    "bring",
    "brings",
    "brought",
    "build",
    "builds",
    "built",
    "but",
    "by",
    "call",
    "called",
    "calls",
    "came",
    "can",
    "cannot",
    "carried",
    "carry",
    "certain",
    "come",
    "comes",
    "continue",
    "continued",
    "could",
    "create",
    "created",
    "creates",
    "dear",
    "deepen",
    "deepened",
    "deepens",
    "deliver",
    "delivered",
    "despite",
    "did",
    "do",
    "does",
    "done",
    "down",
    "due",
    "during",
    "each",
    "either",
    "enough",
    "ensure",
    "ensured",
    "ensures",
    "especially",
    "even",
    "ever",
    "every",
    "expand",
    "expanded",
    "expands",
    "far",
    "few",
    "firmly",
    "first",
    "for",
    "forward",
    "from",
    "further",
    "furthermore",
    "get",
    "give",
    "given",
    "go",
    "going",
    "good",
    "great",
    "grew",
    "grow",
    "grown",
    "grows",
    "had",
    "has",
    "have",
    "having",
    "he",
    "held",
    "help",
    "helped",
    "helps",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "hold",
    "holds",
    "how",
    "however",
    "i",
    "if",
    "in",
    "including",
    "indeed",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "join",
    "joined",
    "joins",
    "just",
    "keep",
    "keeps",
    "kept",
    "knew",
    "know",
    "known",
    "knows",
    "last",
    "lead",
    "leads",
    "led",
    "less",
    "let",
    "like",
    "look",
    "looked",
    "looks",
    "made",
    "make",
    "many",
    "may",
    "me",
    "meet",
    "meets",
    "met",
    "might",
    "more",
    "moreover",
    "most",
    "much",
    "must",
    "my",
    "myself",
    "need",
    "needs",
    "neither",
    "never",
    "new",
    "next",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "often",
    "on",
    "once",
    "one",
    "only",
    "onto",
    "or",
    "other",
    "others",
    "ought",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "past",
    "per",
    "promote",
    "promoted",
    "promotes",
    "propose",
    "proposed",
    "proposes",
    "provide",
    "provided",
    "provides",
    "pursue",
    "pursued",
    "pursues",
    "put",
    "puts",
    "rather",
    "remain",
    "remained",
    "remains",
    "said",
    "same",
    "say",
    "says",
    "second",
    "see",
    "seek",
    "seeks",
    "set",
    "sets",
    "shall",
    "she",
    "should",
    "show",
    "showed",
    "shown",
    "shows",
    "since",
    "so",
    "some",
    "sought",
    "stand",
    "stands",
    "stay",
    "stayed",
    "stays",
    "still",
    "stood",
    "strengthen",
    "strengthened",
    "strengthens",
    "such",
    "support",
    "supported",
    "supports",
    "take",
    "taken",
    "takes",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "therefore",
    "these",
    "they",
    "think",
    "thinks",
    "third",
    "this",
    "those",
    "though",
    "thought",
    "through",
    "throughout",
    "thus",
    "to",
    "today",
    "together",
    "too",
    "took",
    "toward",
    "towards",
    "under",
    "until",
    "up",
    "upheld",
    "uphold",
    "upholds",
    "upon",
    "us",
    "very",
    "via",
    "want",
    "wanted",
    "wants",
    "was",
    "we",
    "well",
    "were",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "why",
    "will",
    "wish",
    "wished",
    "wishes",
    "with",
    "within",
    "without",
    "work",
    "worked",
    "works",
    "would",
    "year",
    "years",
    "yet",
    "you",
    "your",
    "yours",
];

/// Stop words that may stand inside a candidate ("Line D of the ... Pipeline", "Belt and
/// Road", "community with a shared future for mankind"). Sorted.
pub const LINK_WORDS: &[&str] = &["a", "and", "for", "in", "of", "on", "the", "to", "with"];

/// What [`Extractor`] keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExtractOptions {
    /// Occurrences a candidate needs (outside glossary hits).
    pub min_freq: usize,
    /// Longest candidate, in words.
    pub max_words: usize,
}

impl Default for ExtractOptions {
    fn default() -> ExtractOptions {
        ExtractOptions { min_freq: 2, max_words: 5 }
    }
}

/// One word of the running text.
#[derive(Debug, Clone)]
struct Word {
    start: usize,
    end: usize,
    /// Canonical key ("-" between the parts of a joined word).
    key: String,
    /// Lower-case surface ("-" between parts), for the stop-word tests.
    lower: String,
    /// First word of a sentence (its capital says nothing).
    sentence_start: bool,
}

/// Where a candidate occurs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    /// Document number in the run, and byte range in its text.
    pub doc: usize,
    pub start: usize,
    pub end: usize,
    pub file: String,
    pub line: u64,
    /// The surface, white space squashed.
    pub surface: String,
    pub sentence_start: bool,
}

/// A ranked candidate.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Canonical keys of its words, space-separated.
    pub key: String,
    /// The surface to propose: the most frequent writing, not taken from a sentence start
    /// when another is available.
    pub surface: String,
    /// Other writings seen (different spelling or case).
    pub others: Vec<String>,
    pub words: usize,
    pub freq: usize,
    pub c_value: f64,
    /// File and line of the first occurrence.
    pub first: (String, u64),
    /// The first occurrence in its context: `…left [term] right…`.
    pub context: String,
    /// Every occurrence: document number in the run, byte range in its text.
    pub spans: Vec<(usize, usize, usize)>,
}

#[derive(Debug, Default)]
struct Stat {
    words: usize,
    occurrences: Vec<Occurrence>,
    context: String,
    order: usize,
}

/// Collects candidates over the documents of a run. See the module documentation.
#[derive(Debug, Default)]
pub struct Extractor {
    opts: ExtractOptions,
    stats: IndexMap<String, Stat>,
    docs: usize,
}

impl Extractor {
    pub fn new(opts: ExtractOptions) -> Extractor {
        Extractor { opts: ExtractOptions { max_words: opts.max_words.max(2), ..opts }, stats: IndexMap::new(), docs: 0 }
    }

    /// Adds the candidates of one document; `hits` are its glossary hits (every status),
    /// whose spans no candidate may overlap.
    pub fn add(&mut self, doc: &Document, hits: &[Hit]) {
        let text = doc.text();
        let file = display_path(doc.path());
        let di = self.docs;
        self.docs += 1;
        for run in runs(doc) {
            for i in 0..run.len() {
                if !can_edge(&run[i].lower) || is_possessive(&run[i].lower) {
                    continue;
                }
                // a participle opening more than two words opens a clause ("helping with the
                // local ...", "deepening political trust"), not a term ("developing countries")
                let clause = {
                    let w = &run[i];
                    let lower_case = text[w.start..w.end].starts_with(|c: char| c.is_lowercase());
                    lower_case && (w.lower.ends_with("ing") || w.lower.ends_with("ed"))
                };
                for n in 2..=self.opts.max_words.min(run.len() - i) {
                    let ws = &run[i..i + n];
                    let last = &ws[n - 1];
                    if !link_fits(&last.lower, &ws[n - 2].lower, n - 1) {
                        break; // every longer candidate from `i` contains this word too
                    }
                    if !can_edge(&last.lower)
                        || last.lower.ends_with("ly")
                        || last.lower.ends_with("ed")
                        || is_possessive(&last.lower)
                    {
                        continue;
                    }
                    if clause && n > 2 {
                        break;
                    }
                    let (s, e) = (ws[0].start, last.end);
                    if hits.iter().any(|h| h.start < e && s < h.end) {
                        continue;
                    }
                    let key = ws.iter().map(|w| w.key.as_str()).collect::<Vec<_>>().join(" ");
                    let order = self.stats.len();
                    let st = self.stats.entry(key).or_insert_with(|| {
                        let (left, right) = context(doc, s, e, 60);
                        Stat {
                            words: n,
                            occurrences: Vec::new(),
                            context: format!("…{}[{}]{}…", left, squash(&text[s..e]), right),
                            order,
                        }
                    });
                    st.occurrences.push(Occurrence {
                        doc: di,
                        start: s,
                        end: e,
                        file: file.clone(),
                        line: doc.position(s).line,
                        surface: squash(&text[s..e]),
                        sentence_start: ws[0].sentence_start,
                    });
                }
            }
        }
    }

    /// The candidates with at least `min_freq` occurrences and a positive C-value, best
    /// first, without those that never occur outside a longer frequent candidate.
    pub fn candidates(&self) -> Vec<Candidate> {
        let frequent: Vec<(&String, &Stat)> =
            self.stats.iter().filter(|(_, st)| st.occurrences.len() >= self.opts.min_freq).collect();
        let c_values = c_values(&frequent);
        let covered = covered(&frequent);
        let mut out: Vec<(Candidate, usize)> = Vec::new();
        for (i, (key, st)) in frequent.iter().enumerate() {
            if c_values[i] <= 1e-9 || covered[i] {
                continue;
            }
            let (surface, others) = writings(&st.occurrences);
            let first = &st.occurrences[0];
            out.push((
                Candidate {
                    key: (*key).clone(),
                    surface,
                    others,
                    words: st.words,
                    freq: st.occurrences.len(),
                    c_value: (c_values[i] * 1000.0).round() / 1000.0,
                    first: (first.file.clone(), first.line),
                    context: st.context.clone(),
                    spans: st.occurrences.iter().map(|o| (o.doc, o.start, o.end)).collect(),
                },
                st.order,
            ));
        }
        out.sort_by(|(a, ao), (b, bo)| {
            b.c_value.total_cmp(&a.c_value).then(b.freq.cmp(&a.freq)).then(b.words.cmp(&a.words)).then(ao.cmp(bo))
        });
        out.into_iter().map(|(c, _)| c).collect()
    }
}

/// C-values of the candidates, by the algorithm of Frantzi et al.: longest first, each
/// candidate passes its frequency not already owed to longer ones, `f(b) − t(b)`, to every
/// shorter candidate inside it; `t(a)` sums what `a` received, `c(a)` counts the givers.
fn c_values(cands: &[(&String, &Stat)]) -> Vec<f64> {
    let index: FxHashMap<&str, usize> = cands.iter().enumerate().map(|(i, (k, _))| (k.as_str(), i)).collect();
    let mut order: Vec<usize> = (0..cands.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(cands[i].1.words), i));
    let mut t = vec![0f64; cands.len()];
    let mut c = vec![0usize; cands.len()];
    let mut out = vec![0f64; cands.len()];
    for &i in &order {
        let (key, st) = cands[i];
        let f = st.occurrences.len() as f64;
        let weight = (st.words as f64).log2();
        out[i] = if c[i] == 0 { weight * f } else { weight * (f - t[i] / c[i] as f64) };
        let parts: Vec<&str> = key.split(' ').collect();
        let mut given: Vec<usize> = Vec::new();
        for len in 2..parts.len() {
            for s in 0..=parts.len() - len {
                if let Some(&j) = index.get(parts[s..s + len].join(" ").as_str())
                    && !given.contains(&j)
                {
                    t[j] += f - t[i];
                    c[j] += 1;
                    given.push(j);
                }
            }
        }
    }
    out
}

/// For each candidate, whether every one of its occurrences lies inside an occurrence of
/// a longer candidate: "Asian countries" that is always "Central Asian countries" is a
/// piece of a term, not a term.
fn covered(cands: &[(&String, &Stat)]) -> Vec<bool> {
    let mut spans: FxHashMap<usize, Vec<(usize, usize, usize)>> = FxHashMap::default(); // doc -> (start, end, words)
    for (_, st) in cands {
        for o in &st.occurrences {
            spans.entry(o.doc).or_default().push((o.start, o.end, st.words));
        }
    }
    cands
        .iter()
        .map(|(_, st)| {
            st.occurrences
                .iter()
                .all(|o| spans[&o.doc].iter().any(|&(s, e, w)| w > st.words && s <= o.start && o.end <= e))
        })
        .collect()
}

/// The writing to propose and the other writings. Sentence-initial occurrences vote only
/// when there is no other (their capital is the sentence's, not the term's).
fn writings(occ: &[Occurrence]) -> (String, Vec<String>) {
    let mut counts: IndexMap<&str, usize> = IndexMap::new();
    let inner: Vec<&Occurrence> = occ.iter().filter(|o| !o.sentence_start).collect();
    let voters: Vec<&Occurrence> = if inner.is_empty() { occ.iter().collect() } else { inner };
    for o in &voters {
        *counts.entry(o.surface.as_str()).or_default() += 1;
    }
    // the first writing seen among the most frequent
    let max = counts.values().copied().max().unwrap_or(0);
    let best = counts.iter().find(|(_, n)| **n == max).map(|(s, _)| s.to_string()).unwrap_or_default();
    let mut others: Vec<String> = Vec::new();
    for o in occ {
        let differs = super::consistency::writing_key(&o.surface) != super::consistency::writing_key(&best);
        if differs && !others.contains(&o.surface) {
            others.push(o.surface.clone());
        }
    }
    (best, others)
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_stop(lower: &str) -> bool {
    STOP_WORDS.binary_search(&lower).is_ok()
}

fn is_link(lower: &str) -> bool {
    LINK_WORDS.binary_search(&lower).is_ok()
}

/// Whether `word`, at `position` in a candidate after `prev`, may stand inside one: a
/// stop word only if it is a link word; "and" only second ("Belt and Road", not
/// "strategic partnership and strategic..."); an article only after a preposition
/// ("Line D of the ...", not "value the ...").
fn link_fits(word: &str, prev: &str, position: usize) -> bool {
    match word {
        "and" => position == 1,
        "a" | "the" => matches!(prev, "for" | "in" | "of" | "on" | "to" | "with"),
        w => !is_stop(w) || is_link(w),
    }
}

/// "China's", "people’s": a possessive starts or ends no term ("China's relations").
fn is_possessive(lower: &str) -> bool {
    lower.ends_with("'s") || lower.ends_with("’s")
}

/// A word that may start or end a candidate: no stop word, and a word with a letter.
fn can_edge(lower: &str) -> bool {
    !is_stop(lower) && lower.chars().any(char::is_alphabetic)
}

/// Characters that join two tokens into one word when they stand alone between them.
fn is_joiner(gap: &str) -> bool {
    let mut chars = gap.chars();
    matches!((chars.next(), chars.next()), (Some('-' | '‐' | '‑' | '‒' | '–' | '—'), None))
}

/// The runs of words of a document: cut at punctuation, quotes, spaced dashes and
/// passage ends.
fn runs(doc: &Document) -> Vec<Vec<Word>> {
    let text = doc.text();
    let toks = normalize::tokens(text);
    let mut out: Vec<Vec<Word>> = Vec::new();
    let mut run: Vec<Word> = Vec::new();
    let mut sentence_start = true;
    let mut passage = usize::MAX;
    let mut prev_end = 0;
    for t in &toks {
        let tok = t.token;
        let gap = &text[prev_end.min(tok.start)..tok.start];
        let p = doc.passage_at(tok.start).map_or(0, |p| p.number);
        let joined =
            !run.is_empty() && p == passage && (is_joiner(gap) || tok.kind == TokenKind::Clitic && gap.is_empty());
        let breaks = p != passage || (!gap.chars().all(char::is_whitespace) && !joined);
        prev_end = tok.end;
        if p != passage {
            sentence_start = true;
            passage = p;
        }
        if tok.kind == TokenKind::Punct {
            if !run.is_empty() {
                out.push(std::mem::take(&mut run));
            }
            if matches!(t.key.as_str(), "." | "!" | "?" | ":" | ";") {
                sentence_start = true;
            }
            continue;
        }
        if breaks && !run.is_empty() {
            out.push(std::mem::take(&mut run));
        }
        let key = normalize::canon(&t.key).into_owned();
        if joined {
            let w = run.last_mut().expect("a joined word follows a word");
            w.end = tok.end;
            let sep = if tok.kind == TokenKind::Clitic { "" } else { "-" };
            let _ = write!(w.key, "{sep}{key}");
            let _ = write!(w.lower, "{sep}{}", t.key);
            continue;
        }
        run.push(Word { start: tok.start, end: tok.end, key, lower: t.key.clone(), sentence_start });
        sentence_start = false;
    }
    if !run.is_empty() {
        out.push(run);
    }
    out
}

/// Glossary entries for `candidates`, ready to review and merge: `en` the proposed
/// writing, `en_variants` the other writings seen, `category` `candidate`, `note` the
/// frequency, C-value and an example, `source` the first occurrence. Ids are slugs of the
/// English, made unique against `existing` and each other. With Chinese proposals from
/// aligned sentence pairs ([`super::bilingual`]; one list per candidate, best first, or an
/// empty slice), `zh` holds the best and `note` every proposal with its Dice: runners-up
/// stay out of `zh_variants`, which would admit them as Chinese forms on merging.
pub fn to_glossary(candidates: &[Candidate], zh: &[Vec<Proposal>], existing: &Glossary) -> Glossary {
    let mut g = Glossary::new();
    for (i, c) in candidates.iter().enumerate() {
        let proposals = zh.get(i).map_or(&[][..], Vec::as_slice);
        let base = slug(&c.surface);
        let mut id = base.clone();
        let mut n = 2;
        while existing.get(&id).is_some() || g.get(&id).is_some() {
            id = format!("{base}-{n}");
            n += 1;
        }
        let clean = |s: &str| s.replace('|', "/");
        let mut note = format!("frequency {}, C-value {}", c.freq, c.c_value);
        for p in proposals {
            let _ = write!(note, "; {} Dice {:.2} in {} of {} aligned pairs", p.zh, p.dice, p.together, p.pairs);
        }
        let _ = write!(note, "; e.g. {}", c.context);
        g.insert(Entry {
            id,
            en: clean(&c.surface),
            variants: c.others.iter().map(|o| clean(o)).collect(),
            zh: proposals.first().map(|p| p.zh.clone()).unwrap_or_default(),
            category: "candidate".into(),
            note: clean(&note),
            source: format!("{}:{}", c.first.0, c.first.1),
            ..Entry::default()
        });
    }
    g
}

fn slug(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() { "candidate".to_string() } else { out.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Layout;
    use crate::glossary::read_csv_str;
    use crate::matcher::{MatchOptions, Matcher};
    use std::path::Path;

    #[test]
    fn word_lists_are_sorted_and_links_are_stop_words() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(LINK_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(LINK_WORDS.iter().all(|w| is_stop(w)));
    }

    fn extract(texts: &[&str], glossary: &str, opts: ExtractOptions) -> Vec<Candidate> {
        let g = read_csv_str(glossary, Path::new("g.csv")).unwrap().glossary;
        let m = Matcher::new(&g, MatchOptions::default()).unwrap();
        let mut x = Extractor::new(opts);
        for (i, t) in texts.iter().enumerate() {
            let d = Document::from_text(format!("{i}.txt"), *t, Layout::Blank);
            x.add(&d, &m.find(d.text()));
        }
        x.candidates()
    }

    fn keys(c: &[Candidate]) -> Vec<(&str, usize, f64)> {
        c.iter().map(|c| (c.surface.as_str(), c.freq, c.c_value)).collect()
    }

    #[test]
    fn c_value_discounts_phrases_nested_in_longer_candidates() {
        let text = "Central Asian countries will act. Central Asian countries will act. Central Asian countries \
                    will act. The Central Asian states will act. The Central Asian peoples will act.";
        let c = extract(&[text], "en\nBelt and Road\n", ExtractOptions::default());
        // "Central Asian countries": 3 occurrences, 3 words, in no longer candidate: log2(3)·3;
        // "Central Asian": 5 occurrences, inside one frequent longer candidate of frequency 3
        // (the 1-occurrence "Central Asian states" does not count): log2(2)·(5 − 3);
        // "Asian countries": always inside "Central Asian countries": 0
        assert_eq!(keys(&c), [("Central Asian countries", 3, 4.755), ("Central Asian", 5, 2.0)]);
        assert_eq!(c[0].first, ("0.txt".to_string(), 1));
        assert_eq!(
            c[0].context,
            "…[Central Asian countries] will act. Central Asian countries will act. Central Asian c…"
        );
    }

    #[test]
    fn boundaries_stop_words_links_and_glossary_hits() {
        let text = "The people-to-people exchanges grew. The people-to-people exchanges grew.\n\n\
                    We built the Line D of the gas pipeline; the Line D of the gas pipeline will run.\n\n\
                    We value the Belt and Road Initiative and value the Belt and Road Initiative.\n\n\
                    A green corridor, “green” corridor. Peace and development, peace and development.\n";
        let c = extract(&[text], "en\nBelt and Road Initiative\n", ExtractOptions { min_freq: 2, max_words: 6 });
        let got: Vec<&str> = c.iter().map(|c| c.surface.as_str()).collect();
        // the shorter parts of "Line D of the gas pipeline" only occur inside it: C-value 0;
        // nothing from inside the glossary term, across the quote or the comma
        assert_eq!(got, ["Line D of the gas pipeline", "peace and development", "people-to-people exchanges"]);
    }

    #[test]
    fn link_words_inside_candidates() {
        assert!(link_fits("and", "belt", 1));
        assert!(!link_fits("and", "partnership", 2));
        assert!(link_fits("the", "of", 2));
        assert!(!link_fits("the", "value", 1));
        assert!(link_fits("of", "line", 2));
        assert!(!link_fits("will", "countries", 2));
        assert!(link_fits("pipeline", "gas", 5));
    }

    #[test]
    fn writings_are_grouped_and_the_inner_capital_preferred() {
        let text = "Strategic partnerships are key. We need strategic partnership, and strategic partnerships.\n\n\
                    Our strategic partnership is a colour revolution; their color revolution too.\n";
        let c = extract(&[text], "en\nzzz\n", ExtractOptions::default());
        assert_eq!(keys(&c)[0], ("strategic partnership", 4, 4.0));
        assert_eq!(c[0].others, Vec::<String>::new());
        let cr = c.iter().find(|c| c.key == "color revolution").unwrap();
        assert_eq!(
            (cr.surface.as_str(), cr.others.as_slice()),
            ("colour revolution", &["color revolution".to_string()][..])
        );
    }

    #[test]
    fn glossary_rows_have_unique_ids_and_no_separator() {
        let c = extract(
            &["green lanes | fast tracks, green lanes | fast tracks, Green Lanes."],
            "id,en\ngreen-lanes,blue lanes\n",
            ExtractOptions::default(),
        );
        let existing = read_csv_str("id,en\ngreen-lanes,blue lanes\n", Path::new("g.csv")).unwrap().glossary;
        let g = to_glossary(&c, &[], &existing);
        let e = g.entries().next().unwrap();
        assert_eq!((e.id.as_str(), e.en.as_str(), e.category.as_str()), ("green-lanes-2", "green lanes", "candidate"));
        assert!(e.note.starts_with("frequency 3, C-value 3; e.g. …[green lanes] / fast tracks"), "{}", e.note);
        assert_eq!(e.source, "0.txt:1");
        let mut csv = Vec::new();
        crate::glossary::write_csv(&g, &mut csv).unwrap();
        let back = read_csv_str(std::str::from_utf8(&csv).unwrap(), Path::new("c.csv")).unwrap().glossary;
        assert_eq!(back.get("green-lanes-2").unwrap().en, "green lanes");
    }
}
