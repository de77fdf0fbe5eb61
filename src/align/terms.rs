//! The cross-language term check: is every glossary term of the Chinese rendered in the
//! English sentences aligned with it?
//!
//! Monolingual `check` can only judge what the English says. With the source aligned, a
//! reviser also learns what the English *fails* to say: 人类命运共同体 in a Chinese sentence
//! and no "community with a shared future for mankind" (nor an admitted variant) in its
//! English bead is a `missing_rendering`; a term that occurs twice in the Chinese and is
//! rendered once is a `count_mismatch`. A deprecated rendering in the bead counts as an
//! attempt (it is reported as `deprecated` by the matcher, as in `check`), and so does a
//! near-miss: each problem is reported once, by the pass that sees it best.
//!
//! Chinese forms are found by plain substring search, leftmost-longest, so that
//! 中国－中亚命运共同体 counts once for its own entry and not again for 命运共同体. English
//! forms are found by the [`Matcher`], with all its tolerances (case, hyphens, spelling,
//! plurals, line breaks).

use aho_corasick::{AhoCorasick, MatchKind};

use crate::glossary::Glossary;
use crate::matcher::{Hit, Matcher, Status};

/// What is wrong with a term in an aligned pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Issue {
    /// The Chinese has the term; its English bead has no form of it at all.
    MissingRendering,
    /// The Chinese has the term more often than the English renders it.
    CountMismatch,
}

impl Issue {
    /// The status `check --source` reports the issue with, beside the matcher's statuses.
    pub fn status(self) -> Status {
        match self {
            Issue::MissingRendering => Status::MissingRendering,
            Issue::CountMismatch => Status::CountMismatch,
        }
    }
}

/// One finding for one bead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub issue: Issue,
    /// Index of the entry in the glossary.
    pub entry: usize,
    /// Occurrences of the entry's Chinese forms in the bead's Chinese.
    pub source_count: usize,
    /// Occurrences of its English forms (admitted, deprecated or near-miss) in the bead's
    /// English.
    pub target_count: usize,
}

/// Finds glossary terms on both sides of aligned pairs.
pub struct TermCheck<'g> {
    glossary: &'g Glossary,
    zh: Option<AhoCorasick>,
    zh_entry: Vec<usize>,
    matcher: &'g Matcher,
}

impl<'g> TermCheck<'g> {
    /// `matcher` must have been built from `glossary` (entry indices are shared).
    pub fn new(glossary: &'g Glossary, matcher: &'g Matcher) -> TermCheck<'g> {
        let mut forms = Vec::new();
        let mut zh_entry = Vec::new();
        for (i, e) in glossary.entries().enumerate() {
            for z in e.zh_forms().map(str::trim).filter(|z| !z.is_empty()) {
                forms.push(z.to_string());
                zh_entry.push(i);
            }
        }
        let zh = AhoCorasick::builder().match_kind(MatchKind::LeftmostLongest).build(&forms).ok();
        TermCheck { glossary, zh, zh_entry, matcher }
    }

    /// Occurrences of each entry's Chinese forms in `zh`, as (entry index, count), in the
    /// order the entries first occur in `zh` (the order a reader meets them).
    pub fn source_terms(&self, zh: &str) -> Vec<(usize, usize)> {
        let mut counts: Vec<(usize, usize)> = Vec::new();
        if let Some(ac) = &self.zh {
            for m in ac.find_iter(zh) {
                let e = self.zh_entry[m.pattern().as_usize()];
                match counts.iter_mut().find(|(x, _)| *x == e) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((e, 1)),
                }
            }
        }
        counts
    }

    /// The findings for one aligned pair: the Chinese and English text of a bead.
    pub fn check(&self, zh: &str, en: &str) -> Vec<Finding> {
        if self.source_terms(zh).is_empty() {
            return Vec::new();
        }
        self.judge(zh, &self.matcher.find(en))
    }

    /// The findings for the Chinese `zh` of a bead whose English holds `hits` (found by
    /// this check's matcher). A caller that has matched the whole English document passes
    /// the bead's share of those hits, so that what it counts is exactly what it reports,
    /// including a hit the consistency pass has since marked `inconsistent` (still a
    /// rendering).
    pub fn judge(&self, zh: &str, hits: &[Hit]) -> Vec<Finding> {
        let mut out = Vec::new();
        for (entry, source_count) in self.source_terms(zh) {
            let target_count = hits
                .iter()
                .filter(|h| h.entry == entry && !h.nested)
                .filter(|h| !matches!(h.status, Status::MissingRendering | Status::CountMismatch))
                .count();
            let issue = if target_count == 0 {
                Issue::MissingRendering
            } else if target_count < source_count {
                Issue::CountMismatch
            } else {
                continue;
            };
            out.push(Finding { issue, entry, source_count, target_count });
        }
        out
    }

    /// The form a translator should write for `entry`.
    pub fn expected(&self, entry: usize) -> &str {
        &self.glossary.entry(entry).en
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matcher::MatchOptions;

    const TERMS: &str = "id,en,en_variants,en_deprecated,zh\n\
        csf,community with a shared future for mankind,community with a shared future for humanity,community of common destiny :: outdated,人类命运共同体\n\
        bri,Belt and Road Initiative,Belt and Road,\"One Belt, One Road :: outdated\",一带一路\n\
        ccacsf,China-Central Asia community with a shared future,,,中国－中亚命运共同体\n\
        csf-short,community with a shared future,,,命运共同体\n";

    /// A finding as (issue, entry id, source count, target count).
    type Expected<'a> = (Issue, &'a str, usize, usize);

    #[test]
    fn findings_per_pair() {
        let g = crate::glossary::read_csv_str(TERMS, std::path::Path::new("t.csv")).unwrap().glossary;
        let m = Matcher::new(&g, MatchOptions::default()).unwrap();
        let tc = TermCheck::new(&g, &m);
        let id = |i: usize| g.entry(i).id.as_str();
        // (Chinese, English, expected findings as (issue, entry id, source count, target count))
        let cases: &[(&str, &str, &[Expected<'_>])] = &[
            ("构建人类命运共同体。", "Build a community with a shared future for mankind.", &[]),
            ("构建人类命运共同体。", "Build a community with a shared future for humanity.", &[]),
            ("构建人类命运共同体。", "Build a better world together.", &[(Issue::MissingRendering, "csf", 1, 0)]),
            // Deprecated: an attempt, reported by the matcher as deprecated, not as missing.
            ("推进一带一路合作。", "Advance One Belt, One Road cooperation.", &[]),
            ("推进一带一路合作。", "Advance our cooperation.", &[(Issue::MissingRendering, "bri", 1, 0)]),
            (
                "一带一路是好倡议，一带一路惠及各国。",
                "The Belt and Road Initiative is good for all.",
                &[(Issue::CountMismatch, "bri", 2, 1)],
            ),
            // The longest Chinese form wins; the nested 命运共同体 is not counted again.
            ("建设中国－中亚命运共同体。", "Build a China-Central Asia community with a shared future.", &[]),
            ("没有术语。", "No term here.", &[]),
        ];
        for (zh, en, want) in cases {
            let got: Vec<Expected<'_>> =
                tc.check(zh, en).iter().map(|f| (f.issue, id(f.entry), f.source_count, f.target_count)).collect();
            assert_eq!(got, *want, "{zh} / {en}");
        }
        assert_eq!(tc.expected(g.index_of("csf").unwrap()), "community with a shared future for mankind");
    }

    #[test]
    fn judge_counts_the_hits_it_is_given_in_the_order_of_the_chinese() {
        let g = crate::glossary::read_csv_str(TERMS, std::path::Path::new("t.csv")).unwrap().glossary;
        let m = Matcher::new(&g, MatchOptions::default()).unwrap();
        let tc = TermCheck::new(&g, &m);
        let en = "Build a community with a shared future for humanity.";
        let mut hits = m.find(en);
        // a rendering the consistency pass marked inconsistent is still a rendering
        hits[0].status = Status::Inconsistent;
        let zh = "一带一路，人类命运共同体，人类命运共同体。";
        let got: Vec<(Issue, &str)> =
            tc.judge(zh, &hits).iter().map(|f| (f.issue, g.entry(f.entry).id.as_str())).collect();
        assert_eq!(got, [(Issue::MissingRendering, "bri"), (Issue::CountMismatch, "csf")]);
        assert_eq!(Issue::CountMismatch.status(), Status::CountMismatch);
    }
}
