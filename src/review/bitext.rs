//! An English document aligned with its Chinese source, in positions of both files.
//!
//! The report, the concordance and term discovery show or use "the Chinese beside the
//! English". The aligner ([`crate::align`]) pairs sentences given as strings; the review
//! tools need them as places in the documents, to put hits in the right bead and to cite
//! the Chinese file's line. [`Bitext::align`] cuts both documents into sentences exactly
//! as `termalign align` does (the corpus loader's passages, then [`crate::segment`]'s
//! splitter inside each passage, so no sentence runs across a paragraph), aligns them with
//! [`crate::align::align`], and keeps each bead as byte ranges of the two texts.

use std::ops::Range;

use crate::align::{self, Lexicon, Params};
use crate::corpus::Document;
use crate::segment;

/// One bead as places in the two documents. An empty range is a side with no sentence
/// (a Chinese sentence left untranslated, or an English one added): it is empty at the
/// place where the missing side would be.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    /// Byte range in the English document's text.
    pub en: Range<usize>,
    /// Byte range in the Chinese document's text.
    pub zh: Range<usize>,
    /// The aligner's confidence (0–1).
    pub confidence: f64,
}

/// How both documents are cut into sentences before aligning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Split {
    /// The corpus loader's passages, cut by the language's sentence splitter.
    #[default]
    Sentences,
    /// One sentence per line, as given (`--presplit`): for texts a translator has already
    /// segmented, where the splitter could only disagree with them.
    Lines,
}

/// An English document and its Chinese source, aligned.
#[derive(Debug, Clone)]
pub struct Bitext {
    pub zh: Document,
    /// Beads in order; together they cover every sentence of both sides once.
    pub pairs: Vec<Pair>,
}

/// Sentences of a document as byte ranges of its text.
pub fn sentences(doc: &Document, split: fn(&str) -> Vec<Range<usize>>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for p in &doc.passages {
        let passage = doc.passage_text(p);
        out.extend(split(passage).into_iter().map(|r| p.start + r.start..p.start + r.end));
    }
    out
}

/// The byte range spanned by sentences `idx` of `ranges`; empty at `at` when `idx` is.
fn span(ranges: &[Range<usize>], idx: &Range<usize>, at: usize) -> Range<usize> {
    if idx.is_empty() { at..at } else { ranges[idx.start].start..ranges[idx.end - 1].end }
}

impl Bitext {
    /// Aligns `en` with its Chinese source `zh`.
    pub fn align(en: &Document, zh: Document, lexicon: &Lexicon<'_>, params: &Params) -> Bitext {
        Bitext::align_split(en, zh, lexicon, params, Split::Sentences)
    }

    /// [`Bitext::align`] with the documents cut into sentences as `split` says.
    pub fn align_split(en: &Document, zh: Document, lexicon: &Lexicon<'_>, params: &Params, split: Split) -> Bitext {
        let (en_s, zh_s) = match split {
            Split::Sentences => (sentences(en, segment::split_en), sentences(&zh, segment::split_zh)),
            Split::Lines => (segment::split_lines(en.text()), segment::split_lines(zh.text())),
        };
        let en_t: Vec<&str> = en_s.iter().map(|r| &en.text()[r.clone()]).collect();
        let zh_t: Vec<&str> = zh_s.iter().map(|r| &zh.text()[r.clone()]).collect();
        let beads =
            if en_t.is_empty() && zh_t.is_empty() { Vec::new() } else { align::align(lexicon, &zh_t, &en_t, params) };
        let (mut en_at, mut zh_at) = (0, 0);
        let mut pairs = Vec::with_capacity(beads.len());
        for b in &beads {
            let en_next = en_s.get(b.en.start).map_or(en.text().len(), |r| r.start);
            let zh_next = zh_s.get(b.zh.start).map_or(zh.text().len(), |r| r.start);
            let e = span(&en_s, &b.en, en_next.max(en_at));
            let z = span(&zh_s, &b.zh, zh_next.max(zh_at));
            (en_at, zh_at) = (e.end, z.end);
            pairs.push(Pair { en: e, zh: z, confidence: b.confidence });
        }
        Bitext { zh, pairs }
    }

    /// The bead whose English holds byte `pos` of the English text (the last one starting
    /// at or before it, for a position between sentences).
    pub fn pair_at(&self, pos: usize) -> Option<&Pair> {
        self.index_at(pos).map(|i| &self.pairs[i])
    }

    /// The index in [`Bitext::pairs`] of [`Bitext::pair_at`]'s bead.
    pub fn index_at(&self, pos: usize) -> Option<usize> {
        let i = self.pairs.partition_point(|p| p.en.start <= pos);
        (0..i).rev().find(|&k| !self.pairs[k].en.is_empty())
    }

    /// The Chinese of a bead as one line: white space squashed, and dropped between two
    /// Chinese characters, so that a term wrapped across lines is found and shown whole.
    pub fn zh_text(&self, p: &Pair) -> String {
        let mut out = String::new();
        crate::align::write::push_one_line(&mut out, &self.zh.text()[p.zh.clone()]);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::Dictionary;
    use crate::corpus::Layout;
    use crate::glossary::read_csv_str;
    use std::path::Path;

    #[test]
    fn beads_are_places_in_both_files() {
        let g =
            read_csv_str("en,zh\ncommon security,共同安全\nmutual trust,互信\n", Path::new("g.csv")).unwrap().glossary;
        let dict = Dictionary::empty();
        let lexicon = Lexicon::new(&dict, &g);
        let en = Document::from_text(
            "en.txt",
            "We uphold common security. It serves all.\n\nMutual trust grows.\n",
            Layout::Blank,
        );
        let zh = Document::from_text("zh.txt", "我们维护共同安全，这符合各方利益。\n\n互信在增长。\n", Layout::Blank);
        let b = Bitext::align(&en, zh, &lexicon, &Params::default());
        let shown: Vec<(&str, String)> = b.pairs.iter().map(|p| (&en.text()[p.en.clone()], b.zh_text(p))).collect();
        assert_eq!(
            shown,
            [
                ("We uphold common security. It serves all.", "我们维护共同安全，这符合各方利益。".to_string()),
                ("Mutual trust grows.", "互信在增长。".to_string())
            ]
        );
        let trust = en.text().find("trust").unwrap();
        assert_eq!(b.zh_text(b.pair_at(trust).unwrap()), "互信在增长。");
        assert_eq!(b.zh.position(b.pair_at(trust).unwrap().zh.start).line, 3);
    }

    #[test]
    fn presplit_lines_are_the_sentences_and_wrapped_chinese_is_one_line_again() {
        let g = read_csv_str(
            "en,zh
mutual trust,互信
",
            Path::new("g.csv"),
        )
        .unwrap()
        .glossary;
        let dict = Dictionary::empty();
        let lexicon = Lexicon::new(&dict, &g);
        // one line, two sentences for the splitter, one for --presplit
        let en = Document::from_text(
            "en.txt",
            "Mutual trust grows. It serves all.
",
            Layout::Lines,
        );
        let zh = || {
            Document::from_text(
                "zh.txt",
                "互信在增长，
这符合各方利益。
",
                Layout::Lines,
            )
        };
        let b = Bitext::align_split(&en, zh(), &lexicon, &Params::default(), Split::Lines);
        let shown: Vec<(&str, String)> = b.pairs.iter().map(|p| (&en.text()[p.en.clone()], b.zh_text(p))).collect();
        assert_eq!(shown, [("Mutual trust grows. It serves all.", "互信在增长，这符合各方利益。".to_string())]);
        let b = Bitext::align(&en, zh(), &lexicon, &Params::default());
        assert_eq!(b.pairs.iter().filter(|p| !p.en.is_empty()).count(), 2, "{:?}", b.pairs);
    }
}
