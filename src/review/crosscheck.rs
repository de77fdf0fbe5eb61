//! `check --source`: the English document's hits and the cross-language findings, bead
//! by bead, as one stream in the order of the English.
//!
//! [`TermCheck`] judges one aligned pair given as text. A reviser wants more: every
//! problem of the document in reading order, each with the Chinese it translates. So the
//! English is matched once, whole (the hits the consistency pass has judged), each hit is
//! given the bead that holds its start ([`Bitext::index_at`]), and each bead's share of
//! the hits is what [`TermCheck::judge`] counts, so a rendering is counted exactly when it
//! is reported.
//!
//! # Where a finding points
//!
//! A `missing_rendering` or `count_mismatch` is about a sentence, not a phrase: the
//! English that should hold the rendering. Its span is therefore the bead's whole
//! English, and its surface that English as written, which an editor can highlight and a
//! reader can see the omission in. A Chinese sentence aligned with no English (a 1-0 bead:
//! a sentence left untranslated) has an empty span at the place the English would be, the
//! start of the next English sentence (or the end of the text).
//!
//! Within a bead the findings come first, in the order their terms occur in the Chinese,
//! then the hits inside it: the sentence-level problem, then the phrases.

use super::bitext::Bitext;
use crate::align::terms::TermCheck;
use crate::matcher::Hit;
use crate::report::SourceRef;

/// A hit or a finding, with its bead.
#[derive(Debug, Clone, PartialEq)]
pub struct Sourced {
    /// For a finding: its status, the bead's English range and the entry; form 0 (the
    /// preferred form, which is what should be written).
    pub hit: Hit,
    /// Index of the bead in [`Bitext::pairs`]; `None` for a hit before the first English
    /// sentence (there is none in a document cut by the loader).
    pub pair: Option<usize>,
    /// For a finding: occurrences in the Chinese, renderings in the English.
    pub counts: Option<(usize, usize)>,
}

impl Sourced {
    /// Its aligned Chinese as records show it: the line where the bead's Chinese starts
    /// (where it would be, for English aligned with nothing) and its text on one line.
    pub fn source_ref(&self, bitext: &Bitext) -> SourceRef {
        let pair = self.pair.map(|i| &bitext.pairs[i]);
        SourceRef {
            source_line: pair.map_or(0, |p| bitext.zh.position(p.zh.start).line),
            source_text: pair.map(|p| bitext.zh_text(p)).unwrap_or_default(),
            counts: self.counts,
        }
    }
}

/// The hits of the English (sorted by start, as the matcher gives them) and the findings
/// of every bead of `bitext`, in the order described in the module documentation.
pub fn cross_check(check: &TermCheck<'_>, bitext: &Bitext, hits: Vec<Hit>) -> Vec<Sourced> {
    let beads: Vec<Option<usize>> = hits.iter().map(|h| bitext.index_at(h.start)).collect();
    let mut out = Vec::with_capacity(hits.len());
    let mut next = 0; // the first hit not yet placed
    for (i, pair) in bitext.pairs.iter().enumerate() {
        // hits of earlier beads (and before the first) go before this bead's findings
        while next < hits.len() && beads[next].is_none_or(|b| b < i) {
            out.push(Sourced { hit: hits[next], pair: beads[next], counts: None });
            next += 1;
        }
        let own = hits[next..].iter().zip(&beads[next..]).take_while(|(_, b)| **b == Some(i)).count();
        let zh = bitext.zh_text(pair);
        for f in check.judge(&zh, &hits[next..next + own]) {
            let hit = Hit {
                start: pair.en.start,
                end: pair.en.end,
                entry: f.entry,
                form: 0,
                status: f.issue.status(),
                score: None,
                nested: false,
            };
            out.push(Sourced { hit, pair: Some(i), counts: Some((f.source_count, f.target_count)) });
        }
    }
    out.extend(hits[next..].iter().zip(&beads[next..]).map(|(h, b)| Sourced { hit: *h, pair: *b, counts: None }));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::{Dictionary, Lexicon, Params};
    use crate::corpus::{Document, Layout};
    use crate::glossary::read_csv_str;
    use crate::matcher::{MatchOptions, Matcher, Status};
    use std::path::Path;

    #[test]
    fn findings_lead_their_bead_and_an_untranslated_sentence_is_an_empty_span() {
        let g = read_csv_str(
            "id,en,en_deprecated,zh\n\
             trust,political mutual trust,,政治互信\n\
             bri,Belt and Road Initiative,\"One Belt, One Road :: outdated\",一带一路\n\
             multi,true multilateralism,,真正的多边主义\n",
            Path::new("g.csv"),
        )
        .unwrap()
        .glossary;
        let m = Matcher::new(&g, MatchOptions::default()).unwrap();
        let en = Document::from_text(
            "en.txt",
            "We deepened mutual trust and built the One Belt, One Road together with our partners.\n\n\
             Thank you all very much.\n",
            Layout::Blank,
        );
        let zh = Document::from_text(
            "zh.txt",
            "我们深化政治互信，同伙伴共建一带一路。\n\n\
             我们要坚持真正的多边主义，反对单边主义和保护主义，反对任何形式的霸权主义和强权政治，维护以联合国为核心的国际体系和以国际法为基础的国际秩序。\n\n\
             谢谢大家。\n",
            Layout::Blank,
        );
        let dict = Dictionary::empty();
        let bt = Bitext::align(&en, zh, &Lexicon::new(&dict, &g), &Params::default());
        assert_eq!(bt.pairs.len(), 3, "{:?}", bt.pairs);
        let tc = TermCheck::new(&g, &m);
        let got: Vec<(Status, &str, &str, Option<usize>)> = cross_check(&tc, &bt, m.find(en.text()))
            .iter()
            .map(|s| (s.hit.status, g.entry(s.hit.entry).id.as_str(), &en.text()[s.hit.start..s.hit.end], s.pair))
            .collect();
        let first = "We deepened mutual trust and built the One Belt, One Road together with our partners.";
        assert_eq!(
            got,
            [
                (Status::MissingRendering, "trust", first, Some(0)),
                (Status::Deprecated, "bri", "One Belt, One Road", Some(0)),
                (Status::MissingRendering, "multi", "", Some(1)),
            ]
        );
        let thanks = en.text().find("Thank").unwrap();
        assert_eq!(bt.pairs[1].en, thanks..thanks, "the empty span is where the English would be");
    }
}
