//! Consistency: one term, one writing.
//!
//! A translation that writes "good-neighborly friendship" in one paragraph and
//! "good-neighbourly friendship" in the next, or "China+Central Asia" here and "C+C5"
//! there, uses only admitted forms and yet reads as careless. The matcher cannot see
//! this: it judges each hit on its own, and UK and US spellings even match the same
//! glossary form. So consistency is a **post-pass over the hits of a scope** (a document,
//! or a whole run): [`Tally`] counts how each entry is written, [`Tally::verdicts`] picks
//! one writing per entry, and [`Verdicts::apply`] marks the other writings
//! [`Status::Inconsistent`].
//!
//! # What counts as another writing
//!
//! Two hits are written the same way when their tokens have the same
//! [`normalize::spelling_key`]s: typography (case, hyphen, dash or space, quotes, line
//! and page breaks) and grammar (plural, number words) are set aside, spelling and wording
//! are not. "Color revolutions" and "color revolution" are one writing; "colour
//! revolution", "co-operation" against "cooperation", or a different admitted variant are
//! another.
//!
//! Only `preferred` and `variant` hits take part: deprecated renderings and near-misses
//! are already reported as such. Two kinds of hits are left out on purpose:
//!
//! * **acronym forms** ("BRI", "GDI"): "Global Development Initiative (GDI)" followed by
//!   "GDI" is the normal way to introduce and use an abbreviation, not an inconsistency.
//!   Short forms that are not single capitalised words, such as "C+C5", do take part;
//! * **nested hits** (`--nested`): they belong to the longer term around them.
//!
//! # Which occurrence is flagged
//!
//! Per entry, the writing used most often wins; a tie goes to the writing of the
//! preferred form as the glossary spells it, then to a writing of an admitted variant,
//! then to the writing used first. Every hit written another way becomes `inconsistent`,
//! with the winning writing as its suggestion: the reviser changes the minority to match
//! the majority, which is the smaller edit and keeps what the translator chose most often.
//! The suggestion is the glossary's text of that form when the winning writing is one, or
//! else the winning surface as first written (a spelling the glossary only admits through
//! the matcher's tolerance, for example).
//!
//! # Streaming
//!
//! A [`Tally`] only needs each hit's entry and surface text, so a caller that reads a huge
//! file in chunks can feed it chunk by chunk and keep the hits, not the text, until the
//! verdicts are known. [`Pass`] is the simple driver the command line uses: document scope
//! judges each document as it comes; run scope holds the run's documents until the end.

use std::collections::BTreeMap;
use std::rc::Rc;

use rustc_hash::FxHashMap;

use crate::corpus::Document;
use crate::glossary::{Entry, FormKind, Glossary};
use crate::matcher::{Hit, Status};
use crate::normalize;

/// Over which hits one writing per term is required.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scope {
    /// Each document on its own: documents of a run may follow different style guides.
    #[default]
    Document,
    /// All documents of the run together (the chapters of one translation).
    Run,
    /// No consistency check.
    Off,
}

/// The writing of a surface: its tokens' spelling keys, space-separated. See the module
/// documentation.
pub fn writing_key(surface: &str) -> String {
    let toks = normalize::tokens(surface);
    let mut key = String::with_capacity(surface.len());
    for (i, t) in toks.iter().enumerate() {
        if i > 0 {
            key.push(' ');
        }
        key.push_str(&normalize::spelling_key(&t.key));
    }
    key
}

/// Whether a hit takes part in the consistency check (see the module documentation).
fn votes(entry: &Entry, h: &Hit) -> bool {
    if h.nested || !matches!(h.status, Status::Preferred | Status::Variant) {
        return false;
    }
    let Some(form) = entry.forms().nth(h.form) else { return false };
    !normalize::is_acronym_form(&normalize::tokens(form.text))
}

/// One way an entry is written, with how often and how early.
#[derive(Debug, Clone)]
struct Writing {
    key: String,
    count: usize,
    /// Order of first use in the tally.
    first: u64,
    /// The first surface, white space squashed.
    surface: String,
}

/// Counts the writings of each entry over a scope. See the module documentation.
#[derive(Debug, Default, Clone)]
pub struct Tally {
    /// Entry index → its writings, in order of first use.
    entries: BTreeMap<usize, Vec<Writing>>,
    next: u64,
}

impl Tally {
    /// Counts the hits of one text (`hits` are byte ranges of `text`).
    pub fn add(&mut self, glossary: &Glossary, text: &str, hits: &[Hit]) {
        for h in hits {
            self.add_hit(glossary, h, &text[h.start..h.end]);
        }
    }

    /// Counts one hit whose surface text is `surface`.
    pub fn add_hit(&mut self, glossary: &Glossary, h: &Hit, surface: &str) {
        if !votes(glossary.entry(h.entry), h) {
            return;
        }
        let key = writing_key(surface);
        let writings = self.entries.entry(h.entry).or_default();
        match writings.iter_mut().find(|w| w.key == key) {
            Some(w) => w.count += 1,
            None => {
                let surface = surface.split_whitespace().collect::<Vec<_>>().join(" ");
                writings.push(Writing { key, count: 1, first: self.next, surface });
            }
        }
        self.next += 1;
    }

    /// Picks one writing for every entry written in more than one way.
    pub fn verdicts(&self, glossary: &Glossary) -> Verdicts {
        let mut chosen = FxHashMap::default();
        for (&entry, writings) in &self.entries {
            if writings.len() < 2 {
                continue;
            }
            let e = glossary.entry(entry);
            // rank of a writing among the glossary's own forms: 0 preferred, 1 variant, 2 none
            let forms: Vec<(String, FormKind, &str)> = e
                .forms()
                .filter(|f| f.kind != FormKind::Deprecated)
                .map(|f| (writing_key(f.text), f.kind, f.text))
                .collect();
            let rank = |w: &Writing| {
                forms
                    .iter()
                    .find(|(k, _, _)| *k == w.key)
                    .map_or(2, |(_, kind, _)| usize::from(*kind != FormKind::Preferred))
            };
            let Some(best) = writings.iter().min_by_key(|w| (std::cmp::Reverse(w.count), rank(w), w.first)) else {
                continue;
            };
            let suggestion =
                forms.iter().find(|(k, _, _)| *k == best.key).map_or(best.surface.clone(), |(_, _, t)| t.to_string());
            let total = writings.iter().map(|w| w.count).sum();
            chosen.insert(entry, Chosen { key: best.key.clone(), suggestion, count: best.count, total });
        }
        Verdicts { chosen }
    }
}

/// The writing chosen for one entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chosen {
    key: String,
    /// What to write instead of the other writings.
    pub suggestion: String,
    /// Hits written this way, and all counted hits of the entry.
    pub count: usize,
    pub total: usize,
}

/// The writing chosen for each inconsistently written entry of a scope.
#[derive(Debug, Clone, Default)]
pub struct Verdicts {
    chosen: FxHashMap<usize, Chosen>,
}

impl Verdicts {
    /// Marks `inconsistent` the hits of `text` written otherwise than their entry's chosen
    /// writing; returns how many.
    pub fn apply(&self, glossary: &Glossary, text: &str, hits: &mut [Hit]) -> usize {
        if self.chosen.is_empty() {
            return 0;
        }
        let mut n = 0;
        for h in hits.iter_mut() {
            if self.departs(glossary, h, &text[h.start..h.end]) {
                h.status = Status::Inconsistent;
                n += 1;
            }
        }
        n
    }

    /// Whether a hit written as `surface` departs from the writing chosen for its entry
    /// (and so is `inconsistent`). For callers that keep hits and surfaces, not texts.
    pub fn departs(&self, glossary: &Glossary, h: &Hit, surface: &str) -> bool {
        self.chosen.get(&h.entry).is_some_and(|c| votes(glossary.entry(h.entry), h) && writing_key(surface) != c.key)
    }

    /// What to write instead of an `inconsistent` hit.
    pub fn suggestion(&self, h: &Hit) -> Option<&str> {
        (h.status == Status::Inconsistent).then(|| self.chosen.get(&h.entry).map(|c| c.suggestion.as_str())).flatten()
    }

    /// The chosen writing of an entry, when the scope writes it in several ways.
    pub fn chosen(&self, entry: usize) -> Option<&Chosen> {
        self.chosen.get(&entry)
    }

    pub fn is_empty(&self) -> bool {
        self.chosen.is_empty()
    }
}

/// Checks one text on its own: tallies its hits and marks the inconsistent ones.
pub fn check_text(glossary: &Glossary, text: &str, hits: &mut [Hit]) -> Verdicts {
    let mut t = Tally::default();
    t.add(glossary, text, hits);
    let v = t.verdicts(glossary);
    v.apply(glossary, text, hits);
    v
}

/// A document whose hits have been judged, with the verdicts that explain them.
#[derive(Debug)]
pub struct Judged {
    pub doc: Document,
    pub hits: Vec<Hit>,
    pub verdicts: Rc<Verdicts>,
}

impl Judged {
    /// What to write instead of a hit, when the glossary cannot say (inconsistent hits).
    pub fn suggestion(&self, h: &Hit) -> Option<&str> {
        self.verdicts.suggestion(h)
    }
}

/// Drives the consistency check over the documents of a run, in a [`Scope`].
#[derive(Debug)]
pub struct Pass {
    scope: Scope,
    held: Vec<(Document, Vec<Hit>)>,
    tally: Tally,
}

impl Pass {
    pub fn new(scope: Scope) -> Pass {
        Pass { scope, held: Vec::new(), tally: Tally::default() }
    }

    /// Takes one document and its hits; returns the documents that can be reported now:
    /// this one in document scope (or with the check off), none in run scope.
    pub fn push(&mut self, glossary: &Glossary, doc: Document, mut hits: Vec<Hit>) -> Vec<Judged> {
        match self.scope {
            Scope::Off => vec![Judged { doc, hits, verdicts: Rc::default() }],
            Scope::Document => {
                let verdicts = Rc::new(check_text(glossary, doc.text(), &mut hits));
                vec![Judged { doc, hits, verdicts }]
            }
            Scope::Run => {
                self.tally.add(glossary, doc.text(), &hits);
                self.held.push((doc, hits));
                Vec::new()
            }
        }
    }

    /// Ends the run; returns the documents still held (run scope), judged.
    pub fn finish(&mut self, glossary: &Glossary) -> Vec<Judged> {
        let verdicts = Rc::new(std::mem::take(&mut self.tally).verdicts(glossary));
        std::mem::take(&mut self.held)
            .into_iter()
            .map(|(doc, mut hits)| {
                verdicts.apply(glossary, doc.text(), &mut hits);
                Judged { doc, hits, verdicts: Rc::clone(&verdicts) }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Layout;
    use crate::glossary::read_csv_str;
    use crate::matcher::{MatchOptions, Matcher};
    use std::path::Path;

    const GLOSSARY: &str = "id,en,en_variants,en_deprecated\n\
        gn,good-neighborly friendship,good-neighbourly friendship,\n\
        cc,China+Central Asia,C+C5 | China plus Central Asia,\n\
        gdi,Global Development Initiative,GDI,\n\
        cr,color revolution,,\n\
        bri,Belt and Road Initiative,,One Belt One Road :: old\n";

    fn glossary() -> Glossary {
        read_csv_str(GLOSSARY, Path::new("g.csv")).unwrap().glossary
    }

    /// (surface, status) of every hit after the document-scope check, and the verdicts.
    fn judge(text: &str) -> (Vec<(String, Status)>, Verdicts) {
        let g = glossary();
        let m = Matcher::new(&g, MatchOptions { nested: false, near_miss: None }).unwrap();
        let mut hits = m.find(text);
        let v = check_text(&g, text, &mut hits);
        (hits.iter().map(|h| (text[h.start..h.end].to_string(), h.status)).collect(), v)
    }

    #[test]
    fn the_minority_spelling_is_flagged_with_the_majority_as_suggestion() {
        let text = "Good-neighbourly friendship. Then good-neighborly friendship, and good-neighborly\nfriendship.";
        let (hits, v) = judge(text);
        assert_eq!(
            hits,
            [
                ("Good-neighbourly friendship".into(), Status::Inconsistent),
                ("good-neighborly friendship".into(), Status::Preferred),
                ("good-neighborly\nfriendship".into(), Status::Preferred),
            ]
        );
        let c = v.chosen(0).unwrap();
        assert_eq!((c.suggestion.as_str(), c.count, c.total), ("good-neighborly friendship", 2, 3));
    }

    #[test]
    fn spelling_through_the_matchers_tolerance_counts_as_another_writing() {
        // "colour revolutions" matches the form "color revolution" only through the UK/US
        // tolerance: same form index, different writing
        let (hits, v) = judge("colour revolutions, color revolutions and a color revolution");
        let statuses: Vec<Status> = hits.iter().map(|h| h.1).collect();
        assert_eq!(statuses, [Status::Inconsistent, Status::Preferred, Status::Preferred]);
        assert_eq!(v.chosen(3).unwrap().suggestion, "color revolution");
    }

    #[test]
    fn a_tie_goes_to_the_preferred_form_then_to_first_use() {
        let (hits, v) = judge("The C+C5 mechanism, that is the China+Central Asia mechanism.");
        assert_eq!(hits[0], ("C+C5".into(), Status::Inconsistent));
        assert_eq!(hits[1], ("China+Central Asia".into(), Status::Preferred));
        assert_eq!(v.chosen(1).unwrap().suggestion, "China+Central Asia");
        // two variants tied: the first used wins
        let (hits, _) = judge("China plus Central Asia, then C+C5.");
        assert_eq!(hits[0].1, Status::Variant);
        assert_eq!(hits[1].1, Status::Inconsistent);
    }

    #[test]
    fn typography_grammar_acronyms_and_deprecated_forms_are_not_inconsistencies() {
        for text in [
            "China–Central Asia… no: China+Central Asia and CHINA + CENTRAL ASIA and “China+Central\n\nAsia”",
            "color revolutions and a color revolution",
            "the Global Development Initiative (GDI); the GDI",
            "the Belt and Road Initiative, not One Belt One Road",
        ] {
            let (hits, v) = judge(text);
            assert!(hits.iter().all(|h| h.1 != Status::Inconsistent), "{text}: {hits:?}");
            assert!(v.is_empty(), "{text}");
        }
    }

    #[test]
    fn run_scope_judges_across_documents_document_scope_does_not() {
        let g = glossary();
        let m = Matcher::new(&g, MatchOptions { nested: false, near_miss: None }).unwrap();
        let docs = [
            "good-neighborly friendship and good-neighborly friendship",
            "good-neighbourly friendship",
            "nothing here",
        ];
        let run = |scope| {
            let mut pass = Pass::new(scope);
            let mut out = Vec::new();
            for (i, t) in docs.iter().enumerate() {
                let d = Document::from_text(format!("{i}.txt"), *t, Layout::Lines);
                let hits = m.find(d.text());
                out.extend(pass.push(&g, d, hits));
            }
            out.extend(pass.finish(&g));
            out
        };
        let run_scope = run(Scope::Run);
        assert_eq!(run_scope.len(), 3);
        assert_eq!(run_scope[1].hits[0].status, Status::Inconsistent);
        assert_eq!(run_scope[1].suggestion(&run_scope[1].hits[0]), Some("good-neighborly friendship"));
        assert_eq!(run_scope[0].suggestion(&run_scope[0].hits[0]), None);
        for scope in [Scope::Document, Scope::Off] {
            let judged = run(scope);
            assert_eq!(judged.len(), 3);
            assert!(judged.iter().flat_map(|j| &j.hits).all(|h| h.status != Status::Inconsistent), "{scope:?}");
        }
    }
}
