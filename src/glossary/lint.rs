//! Warnings about a term base that is valid but would match in surprising ways.
//!
//! `validate` rejects what makes matching ambiguous; `lint` points at what makes it
//! *surprising*. It reports three things, all as warnings:
//!
//! * **Accidental nesting.** The matcher reports the longest form, so an entry whose
//!   admitted form lies inside another entry's admitted form is hidden wherever the longer
//!   phrase is written. That is what a terminologist wants when the longer term is built on
//!   the shorter one ("China-Africa community with a shared future" on "community with a
//!   shared future"), and the Chinese shows it: 中非命运共同体 contains 命运共同体. So the
//!   rule is: **the longer entry is meant to win when one of its Chinese forms (`zh` or
//!   `zh_variants`) contains one of the shorter entry's Chinese forms** (punctuation
//!   ignored), **or when the longer entry's `note` names the shorter entry by its id in
//!   backquotes** (for formulas whose Chinese words the shorter term differently:
//!   全面战略协作伙伴关系 holds no 战略伙伴关系, yet "comprehensive strategic partnership of
//!   coordination" is meant to win over "strategic partnership"). English nesting with
//!   neither is accidental ("interference in other countries' internal affairs" inside
//!   "non-interference in other countries' internal affairs": 干涉别国内政 is not in
//!   不干涉内政) and gets a warning; declare it intended by adding the Chinese compound
//!   (不干涉别国内政) to the longer entry's `zh_variants`, or by naming the shorter entry
//!   in its note. A deprecated longer form is always meant to win (the whole wrong phrase
//!   is flagged), so it is not checked.
//! * **A deprecated form inside an admitted one** of another entry: correct text then
//!   carries a deprecated rendering inside it, which `--nested` reports.
//! * **Common words.** A form that is one ordinary English word ("peace", "china") or only
//!   function words would match everyday prose. Single all-capitals words are acronyms,
//!   matched in capitals only ([`crate::normalize`]), and are not checked.

use super::validate::{Diagnostic, Severity};
use super::{FormKind, Glossary};
use crate::error::Location;
use crate::normalize::{canon, is_acronym_form, tokens};

/// Lints a (merged) glossary. Diagnostics come in entry order, then form order.
pub fn lint(glossary: &Glossary) -> Vec<Diagnostic> {
    let forms: Vec<LintForm> = glossary
        .entries()
        .enumerate()
        .flat_map(|(ei, e)| {
            e.forms().map(move |f| LintForm { entry: ei, kind: f.kind, text: f.text, keys: match_keys(f.text) })
        })
        .filter(|f| !f.keys.is_empty())
        .collect();
    let zh: Vec<Vec<String>> = glossary.entries().map(|e| e.zh_forms().map(zh_key).collect()).collect();
    let mut out = Vec::new();
    for inner in &forms {
        let e = glossary.entry(inner.entry);
        let warn = |message: String| Diagnostic {
            severity: Severity::Warning,
            location: Location::new(e.origin.file.as_ref(), e.origin.line, 1),
            message,
            entry: Some(e.id.clone()),
        };
        if inner.kind != FormKind::Deprecated
            && let Some(word) = common_word_form(inner)
        {
            out.push(warn(format!(
                "entry `{}`: {} `{}` is {word}; it would match ordinary prose",
                e.id,
                inner.kind.as_str(),
                inner.text
            )));
        }
        for outer in &forms {
            if outer.entry == inner.entry
                || outer.kind == FormKind::Deprecated
                || outer.keys.len() <= inner.keys.len()
                || !contains(&outer.keys, &inner.keys)
            {
                continue;
            }
            let o = glossary.entry(outer.entry);
            if inner.kind == FormKind::Deprecated {
                out.push(warn(format!(
                    "entry `{}`: deprecated `{}` lies inside {} `{}` of entry `{}`: correct text carries a deprecated rendering (reported with --nested)",
                    e.id,
                    inner.text,
                    outer.kind.as_str(),
                    outer.text,
                    o.id
                )));
            } else if !chinese_nests(&zh[outer.entry], &zh[inner.entry]) && !o.note.contains(&format!("`{}`", e.id)) {
                out.push(warn(format!(
                    "entry `{}`: {} `{}` lies inside {} `{}` of entry `{}` ({}:{}), whose Chinese does not contain this entry's Chinese; the longer form hides it. If the longer term is meant to win, add its Chinese compound to `zh_variants` of `{}` or name this entry's id in its note",
                    e.id,
                    inner.kind.as_str(),
                    inner.text,
                    outer.kind.as_str(),
                    outer.text,
                    o.id,
                    o.origin.file,
                    o.origin.line,
                    o.id
                )));
            }
        }
    }
    out
}

struct LintForm<'a> {
    entry: usize,
    kind: FormKind,
    text: &'a str,
    keys: Vec<String>,
}

/// The keys the matcher compares, token by token: canonical keys, except that a word in
/// capitals is kept exactly (an acronym matches only itself: "BRIC" is not in "BRICS
/// Plus", though the plural rule would make the two keys equal), so that "SCO" is seen
/// inside "SCO community with a shared future".
fn match_keys(form: &str) -> Vec<String> {
    tokens(form)
        .iter()
        .map(|t| {
            if t.token.all_caps {
                format!("={}", &form[t.token.start..t.token.end])
            } else {
                canon(&t.key).into_owned()
            }
        })
        .collect()
}

fn contains(hay: &[String], needle: &[String]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// A Chinese form with punctuation (quotation marks, dashes, plus signs) removed.
fn zh_key(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).collect()
}

fn chinese_nests(outer: &[String], inner: &[String]) -> bool {
    outer.iter().any(|o| inner.iter().any(|i| !i.is_empty() && o.contains(i.as_str())))
}

/// Why a form would match ordinary prose, if it would.
fn common_word_form(f: &LintForm) -> Option<&'static str> {
    let toks = tokens(f.text);
    if is_acronym_form(&toks) {
        return None;
    }
    let words: Vec<&str> = f.keys.iter().map(String::as_str).filter(|k| k.chars().any(char::is_alphanumeric)).collect();
    if words.is_empty() {
        return None;
    }
    if words.iter().all(|w| listed(FUNCTION_WORDS, w)) {
        return Some("made of function words only");
    }
    if words.len() == 1 && listed(COMMON_WORDS, words[0]) {
        return Some("a common English word");
    }
    None
}

/// Whether a canonical key is one of the listed words (compared canonically, so the lists
/// are written as plain words).
fn listed(list: &[&str], key: &str) -> bool {
    list.iter().any(|w| canon(w) == key)
}

/// Function words.
const FUNCTION_WORDS: &[&str] = &[
    "a", "about", "above", "after", "again", "against", "all", "also", "am", "among", "an", "and", "any", "are", "as",
    "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did",
    "do", "does", "down", "during", "each", "either", "few", "for", "from", "further", "has", "had", "have", "having",
    "he", "her", "here", "hers", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "may",
    "me", "might", "more", "most", "must", "my", "neither", "no", "nor", "not", "of", "off", "on", "once", "only",
    "or", "other", "our", "ours", "out", "over", "own", "same", "shall", "she", "should", "so", "some", "such", "than",
    "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under",
    "until", "up", "upon", "very", "was", "we", "were", "what", "when", "where", "whether", "which", "while", "who",
    "whom", "why", "will", "with", "within", "without", "would", "yet", "you", "your", "one", "two", "three",
];

/// Ordinary words that are frequent in diplomatic prose, and so are no term on their own.
/// Multi-word terms made of them are fine.
const COMMON_WORDS: &[&str] = &[
    "action",
    "agenda",
    "agreement",
    "aid",
    "alliance",
    "area",
    "asia",
    "assistance",
    "belt",
    "border",
    "bridge",
    "build",
    "building",
    "center",
    "central",
    "century",
    "challenge",
    "change",
    "china",
    "chinese",
    "city",
    "climate",
    "common",
    "community",
    "conference",
    "connectivity",
    "consultation",
    "cooperation",
    "core",
    "corridor",
    "council",
    "country",
    "crisis",
    "culture",
    "democracy",
    "development",
    "dialogue",
    "diplomacy",
    "dream",
    "economy",
    "energy",
    "equality",
    "era",
    "exchange",
    "forum",
    "freedom",
    "friendship",
    "future",
    "global",
    "governance",
    "government",
    "green",
    "growth",
    "health",
    "history",
    "human",
    "humanity",
    "independence",
    "initiative",
    "interest",
    "international",
    "investment",
    "justice",
    "law",
    "leader",
    "mankind",
    "meeting",
    "mechanism",
    "modernization",
    "multilateralism",
    "nation",
    "national",
    "new",
    "openness",
    "order",
    "partner",
    "partnership",
    "party",
    "path",
    "peace",
    "people",
    "plan",
    "policy",
    "politics",
    "poverty",
    "principle",
    "progress",
    "prosperity",
    "reform",
    "region",
    "regional",
    "relation",
    "respect",
    "revolution",
    "right",
    "road",
    "rule",
    "security",
    "silk",
    "sovereignty",
    "spirit",
    "stability",
    "state",
    "strategy",
    "summit",
    "support",
    "sustainable",
    "system",
    "trade",
    "treaty",
    "trust",
    "unity",
    "vision",
    "world",
    "youth",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::read_csv_str;
    use std::path::Path;

    fn lints(csv: &str) -> Vec<String> {
        let g = read_csv_str(csv, Path::new("g.csv")).unwrap().glossary;
        lint(&g).iter().map(|d| d.to_string()).collect()
    }

    #[test]
    fn nesting_mirrored_in_chinese_is_intended() {
        let csv = "id,en,zh\n\
                   csf,community with a shared future,命运共同体\n\
                   africa,China-Africa community with a shared future,中非命运共同体\n";
        assert!(lints(csv).is_empty());
    }

    #[test]
    fn nesting_without_chinese_nesting_is_reported_and_can_be_declared() {
        let csv = "id,en,en_variants,zh,zh_variants\n\
                   nonint,non-interference in internal affairs,non-interference in other countries' internal affairs,不干涉内政,\n\
                   int,interference in other countries' internal affairs,,干涉别国内政,\n";
        let d = lints(csv);
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].starts_with("g.csv:3:1: warning: entry `int`: preferred `interference in other countries' internal affairs` lies inside variant `non-interference in other countries' internal affairs` of entry `nonint`"), "{d:?}");
        let declared = csv.replace("不干涉内政,\n", "不干涉内政,不干涉别国内政\n");
        assert!(lints(&declared).is_empty());
        let noted = "id,en,zh,note\n\
                     sp,strategic partnership,战略伙伴关系,\n\
                     cspc,comprehensive strategic partnership of coordination,全面战略协作伙伴关系,wins over `sp`\n";
        assert!(lints(noted).is_empty());
        assert_eq!(lints(&noted.replace("`sp`", "sp")).len(), 1);
    }

    #[test]
    fn acronym_inside_a_longer_form_counts_and_missing_chinese_warns() {
        let d = lints(
            "id,en,en_variants\nsco,Shanghai Cooperation Organization,SCO\nrats,Regional Anti-Terrorist Structure,SCO Regional Anti-Terrorist Structure\n",
        );
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].contains("variant `SCO` lies inside variant `SCO Regional Anti-Terrorist Structure`"), "{d:?}");
    }

    #[test]
    fn deprecated_inside_admitted_and_deprecated_outer_forms() {
        let csv = "id,en,en_deprecated,zh\n\
                   ocp,one-China principle,one China :: x,一个中国原则\n\
                   pol,one China policy framework,,一个中国政策框架\n\
                   ndb,New Development Bank,BRICS Development Bank :: x,新开发银行\n\
                   brics,BRICS,BRIC :: y,金砖国家\n\
                   plus,BRICS Plus,,金砖国家+\n";
        let d = lints(csv);
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(
            d[0].contains("deprecated `one China` lies inside preferred `one China policy framework` of entry `pol`"),
            "{d:?}"
        );
    }

    #[test]
    fn common_words_but_not_acronyms() {
        let d = lints(
            "id,en,en_variants\npeace,peace,Peaces | in the\nwho,World Health Organization,WHO\nx,high-quality development,\n",
        );
        assert_eq!(d.len(), 3, "{d:?}");
        assert!(d[0].contains("preferred `peace` is a common English word"), "{d:?}");
        assert!(d[2].contains("variant `in the` is made of function words only"), "{d:?}");
    }
}
