//! Turning sentences into the evidence the aligner compares: weighted tokens whose
//! possible translations are known.
//!
//! Both sides end up as tokens over one id space, so that "does this English sentence
//! contain a translation of that Chinese word?" is a lookup:
//!
//! * **English** words are lower-cased, function words dropped, and stemmed with the
//!   Snowball English stemmer (`leaving` and `leave` meet as `leav`); the dictionary's
//!   glosses went through the same steps. A capitalised word that is not an English gloss
//!   word ("Qingyang", "Xi-feng") also gets a *pinyin id*, and a number (`30`, `thirty`) a
//!   *number id*.
//! * **Chinese** is cut into words by jieba; a word's translations are its dictionary
//!   glosses, or, for a word the dictionary lacks, the glosses of the dictionary words
//!   that tile it by forward maximum match. On top come the pinyin of every 1–3 character
//!   run starting in the word (so 陈清扬 can meet "Chen" and "Qingyang"), the value of
//!   Arabic or Chinese numerals (三十 → 30), and Latin-script words as themselves.
//! * **Glossary anchors**: a Chinese glossary form in a Chinese sentence and any admitted
//!   English form of the same entry in an English sentence become one extra token each,
//!   with the entry's id as both key and translation.
//!
//! Each token has a *key* for document frequency (the word itself on the Chinese side, the
//! stem on the English side): the scorer weighs tokens by inverse document frequency
//! within the document, so that 的 or "said" count little and a rare word a lot.

use aho_corasick::AhoCorasick;
use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;

use super::dict::Dictionary;
use crate::glossary::Glossary;
use crate::normalize;

/// Interns strings as dense `u32` ids.
#[derive(Debug, Default, Clone)]
pub struct Vocab {
    ids: FxHashMap<String, u32>,
    words: Vec<String>,
}

impl Vocab {
    pub fn intern(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.ids.get(word) {
            return id;
        }
        let id = self.words.len() as u32;
        self.ids.insert(word.to_string(), id);
        self.words.push(word.to_string());
        id
    }

    pub fn get(&self, word: &str) -> Option<u32> {
        self.ids.get(word).copied()
    }

    pub fn word(&self, id: u32) -> &str {
        &self.words[id as usize]
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

/// English function words: they carry no evidence of which sentence translates which.
const STOPWORDS: &[&str] = &[
    "a",
    "about",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "been",
    "being",
    "but",
    "by",
    "can",
    "could",
    "d",
    "did",
    "do",
    "does",
    "doing",
    "done",
    "etc",
    "for",
    "from",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "ll",
    "m",
    "me",
    "my",
    "myself",
    "of",
    "on",
    "one's",
    "oneself",
    "or",
    "our",
    "ours",
    "re",
    "s",
    "sb",
    "she",
    "should",
    "so",
    "some",
    "somebody",
    "someone",
    "something",
    "sth",
    "such",
    "t",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "to",
    "too",
    "us",
    "ve",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
    "yours",
    "yourself",
];

/// Whether `lower` (lower-case) is an English function word.
pub fn is_stopword(lower: &str) -> bool {
    STOPWORDS.binary_search(&lower).is_ok()
}

thread_local! {
    static STEMMER: Stemmer = Stemmer::create(Algorithm::English);
}

/// The Snowball English stem of a lower-case word.
pub fn english_stem(lower: &str) -> String {
    STEMMER.with(|s| s.stem(lower).into_owned())
}

/// One token of a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// Document-frequency key (distinct per side).
    pub key: u32,
    /// Ids this token *is* (English) or *may be translated by* (Chinese), sorted.
    pub ids: Vec<u32>,
}

/// What the scorer knows about one sentence.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sentence {
    /// Tokens that can carry lexical evidence (Chinese words without any translation and
    /// English function words are left out).
    pub tokens: Vec<Token>,
    /// Keys of the Chinese words left out of `tokens` for want of any translation (names,
    /// rare words): a translation model learnt on the document itself may find one.
    pub unknown: Vec<u32>,
    /// Characters other than white space.
    pub chars: usize,
    /// Counts of double quotes, question marks and exclamation marks.
    pub punct: [u16; 3],
}

/// Tokenisers and the dictionary, ready to analyse documents.
pub struct Lexicon<'d> {
    dict: &'d Dictionary,
    jieba: jieba_rs::Jieba,
    anchors: Anchors,
}

/// Glossary forms of both languages, for anchor tokens.
struct Anchors {
    zh: Option<AhoCorasick>,
    /// Entry index of each Chinese pattern.
    zh_entry: Vec<u32>,
    /// English forms as canonical key sequences, by first key.
    en: FxHashMap<String, Vec<(Vec<String>, u32)>>,
}

impl Anchors {
    fn new(glossary: &Glossary) -> Anchors {
        let mut zh_forms = Vec::new();
        let mut zh_entry = Vec::new();
        let mut en: FxHashMap<String, Vec<(Vec<String>, u32)>> = FxHashMap::default();
        for (i, e) in glossary.entries().enumerate() {
            let zh: Vec<&str> = e.zh_forms().filter(|z| !z.trim().is_empty()).collect();
            if zh.is_empty() {
                continue;
            }
            for z in zh {
                zh_forms.push(z.to_string());
                zh_entry.push(i as u32);
            }
            for f in e.forms() {
                let keys = normalize::form_key(f.text);
                if let Some(first) = keys.first() {
                    en.entry(first.clone()).or_default().push((keys, i as u32));
                }
            }
        }
        let zh = if zh_forms.is_empty() {
            None
        } else {
            AhoCorasick::builder().match_kind(aho_corasick::MatchKind::LeftmostLongest).build(&zh_forms).ok()
        };
        Anchors { zh, zh_entry, en }
    }

    /// Entries with a Chinese form in `text`.
    fn zh_hits(&self, text: &str) -> Vec<u32> {
        let mut out: Vec<u32> = match &self.zh {
            Some(ac) => ac.find_iter(text).map(|m| self.zh_entry[m.pattern().as_usize()]).collect(),
            None => Vec::new(),
        };
        out.sort_unstable();
        out
    }

    /// Entries with an English form in `text`.
    fn en_hits(&self, text: &str) -> Vec<u32> {
        if self.en.is_empty() {
            return Vec::new();
        }
        let toks = normalize::tokens(text);
        let keys: Vec<(String, String)> = toks
            .iter()
            .map(|t| (normalize::canon(&t.key).into_owned(), format!("={}", &text[t.token.start..t.token.end])))
            .collect();
        let mut out = Vec::new();
        for start in 0..keys.len() {
            for first in [&keys[start].0, &keys[start].1] {
                for (form, entry) in self.en.get(first).into_iter().flatten() {
                    let fits = form.len() <= keys.len() - start
                        && form.iter().zip(&keys[start..]).all(|(f, (k, raw))| f == k || f == raw);
                    if fits {
                        out.push(*entry);
                    }
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// Both sides of a document, analysed.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub zh: Vec<Sentence>,
    pub en: Vec<Sentence>,
}

/// Ids for one document: the dictionary's stems first, then the document's own
/// (pinyin, numbers, glossary entries, English words the dictionary lacks).
struct DocIds<'a> {
    base: &'a Vocab,
    local: Vocab,
}

impl DocIds<'_> {
    fn id(&mut self, word: &str) -> u32 {
        match self.base.get(word) {
            Some(id) => id,
            None => self.base.len() as u32 + self.local.intern(word),
        }
    }
}

impl<'d> Lexicon<'d> {
    pub fn new(dict: &'d Dictionary, glossary: &Glossary) -> Lexicon<'d> {
        Lexicon { dict, jieba: jieba_rs::Jieba::new(), anchors: Anchors::new(glossary) }
    }

    /// Analyses the sentences of one document.
    pub fn document(&self, zh: &[&str], en: &[&str]) -> Document {
        let mut ids = DocIds { base: &self.dict.vocab, local: Vocab::default() };
        let mut zh_keys = Vocab::default();
        let zh = zh.iter().map(|s| self.zh_sentence(s, &mut ids, &mut zh_keys)).collect();
        let en = en.iter().map(|s| self.en_sentence(s, &mut ids)).collect();
        Document { zh, en }
    }

    fn zh_sentence(&self, text: &str, ids: &mut DocIds, keys: &mut Vocab) -> Sentence {
        let mut s = Sentence { chars: count_chars(text), punct: punct_counts(text), ..Sentence::default() };
        let chars: Vec<char> = text.chars().collect();
        let mut scratch = String::new();
        for w in self.jieba.cut(text, false) {
            let mut t: Vec<u32> = Vec::new();
            let word = w.word;
            if word.chars().all(|c| c.is_ascii_alphanumeric()) {
                let lower = word.to_ascii_lowercase();
                if lower.chars().all(|c| c.is_ascii_digit()) {
                    t.push(ids.id(&format!("#{}", lower.trim_start_matches('0'))));
                } else if !is_stopword(&lower) {
                    t.push(ids.id(&english_stem(&lower)));
                }
            } else if word.chars().any(is_cjk) {
                match self.dict.get(word) {
                    Some(tr) => t.extend_from_slice(tr),
                    None => self.tile(word, &mut t),
                }
                if let Some(n) = chinese_number(word) {
                    t.push(ids.id(&format!("#{n}")));
                }
                // Pinyin of the runs that start in this word, for transliterated names.
                for k in w.start..w.end {
                    scratch.clear();
                    for len in 1..=3 {
                        let Some(&c) = chars.get(k + len - 1) else { break };
                        let Some(r) = self.dict.readings(c).first() else { break };
                        scratch.push_str(r);
                        t.push(ids.id(&format!("@{scratch}")));
                    }
                }
            }
            if t.is_empty() {
                if word.chars().any(is_cjk) {
                    s.unknown.push(keys.intern(word));
                }
                continue;
            }
            t.sort_unstable();
            t.dedup();
            s.tokens.push(Token { key: keys.intern(word), ids: t });
        }
        for e in self.anchors.zh_hits(text) {
            let id = ids.id(&format!("$gl{e}"));
            s.tokens.push(Token { key: keys.intern(&format!("$gl{e}")), ids: vec![id] });
        }
        s
    }

    /// Translations of a word the dictionary lacks: those of the dictionary words that
    /// tile it, longest first from the left.
    fn tile(&self, word: &str, out: &mut Vec<u32>) {
        let bounds: Vec<usize> = word.char_indices().map(|(k, _)| k).chain([word.len()]).collect();
        let mut i = 0;
        while i + 1 < bounds.len() {
            let longest = (i + 1..bounds.len())
                .take(self.dict.max_chars().max(1))
                .rev()
                .find_map(|j| self.dict.get(&word[bounds[i]..bounds[j]]).map(|tr| (j, tr)));
            match longest {
                Some((j, tr)) => {
                    out.extend_from_slice(tr);
                    i = j;
                }
                None => i += 1,
            }
        }
    }

    fn en_sentence(&self, text: &str, ids: &mut DocIds) -> Sentence {
        let mut s = Sentence { chars: count_chars(text), punct: en_punct_counts(text), ..Sentence::default() };
        let words = english_words(text);
        for (k, &(start, end)) in words.iter().enumerate() {
            let surface = &text[start..end];
            let lower = surface.to_lowercase();
            if is_stopword(&lower) {
                continue;
            }
            let stem = english_stem(&lower);
            let key = ids.id(&stem);
            let mut t = vec![key];
            let canon = normalize::canon(&lower);
            if canon.chars().all(|c| c.is_ascii_digit()) && !canon.is_empty() {
                t.push(ids.id(&format!("#{}", canon.trim_start_matches('0'))));
            }
            let capital = surface.chars().next().is_some_and(char::is_uppercase);
            if capital && lower.chars().all(|c| c.is_ascii_alphabetic()) && !self.dict.is_english_word(&lower) {
                t.push(ids.id(&format!("@{lower}")));
                // "Bao-yu", "Xi-feng": the hyphenated name as one run of syllables.
                if let Some(&(ns, ne)) = words.get(k + 1)
                    && &text[end..ns] == "-"
                {
                    t.push(ids.id(&format!("@{lower}{}", text[ns..ne].to_lowercase())));
                }
            }
            t.sort_unstable();
            t.dedup();
            s.tokens.push(Token { key, ids: t });
        }
        for e in self.anchors.en_hits(text) {
            let id = ids.id(&format!("$gl{e}"));
            s.tokens.push(Token { key: id, ids: vec![id] });
        }
        s
    }
}

/// Byte ranges of the runs of letters and digits.
fn english_words(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (k, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(k),
            (false, Some(s)) => {
                out.push((s, k));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FA1F}')
}

fn count_chars(text: &str) -> usize {
    text.chars().filter(|c| !c.is_whitespace()).count()
}

/// Double quotes, question marks, exclamation marks: a dialogue line stays dialogue and a
/// question stays a question in translation.
fn punct_counts(text: &str) -> [u16; 3] {
    let mut n = [0u16; 3];
    for c in text.chars() {
        let k = match c {
            '“' | '”' | '"' | '「' | '」' | '『' | '』' => 0,
            '?' | '？' => 1,
            '!' | '！' => 2,
            _ => continue,
        };
        n[k] = n[k].saturating_add(1);
    }
    n
}

/// [`punct_counts`] for English, where dialogue is often in single quotes (British usage:
/// 'At you!'). A single quote counts as a quotation mark when it opens a word at the start
/// of the sentence or after white space (`'At`, ` ‘Yes`), or closes after sentence
/// punctuation (`you!'`, `today,’`); apostrophes inside or after words (`don't`, `boys'`)
/// do not count.
fn en_punct_counts(text: &str) -> [u16; 3] {
    let mut n = punct_counts(text);
    let chars: Vec<char> = text.chars().collect();
    for (k, &c) in chars.iter().enumerate() {
        if !matches!(c, '\'' | '‘' | '’') {
            continue;
        }
        let before = k.checked_sub(1).map(|b| chars[b]);
        let after = chars.get(k + 1).copied();
        let opens = before.is_none_or(char::is_whitespace) && after.is_some_and(char::is_alphanumeric);
        let closes = before.is_some_and(|b| matches!(b, '.' | '!' | '?' | ',' | '—' | '–' | '-' | '…'))
            && after.is_none_or(|a| a.is_whitespace() || matches!(a, '—' | ')'));
        if opens || closes {
            n[0] = n[0].saturating_add(1);
        }
    }
    n
}

/// The value of a word written in Chinese numerals (`三十五` → 35, `两千` → 2000), when the
/// whole word is one.
pub fn chinese_number(word: &str) -> Option<u64> {
    let digit =
        |c: char| "零一二三四五六七八九".chars().position(|d| d == c).map(|d| d as u64).or((c == '两').then_some(2));
    let unit = |c: char| match c {
        '十' => Some(10),
        '百' => Some(100),
        '千' => Some(1000),
        '万' => Some(10_000),
        '亿' => Some(100_000_000),
        _ => None,
    };
    let (mut total, mut section, mut pending) = (0u64, 0u64, None::<u64>);
    let mut any = false;
    for c in word.chars() {
        if let Some(d) = digit(c) {
            pending = Some(d);
        } else if let Some(u) = unit(c) {
            if u >= 10_000 {
                total = total.checked_add((section + pending.unwrap_or(0)).max(1).checked_mul(u)?)?;
                section = 0;
            } else {
                section += pending.unwrap_or(1) * u;
            }
            pending = None;
        } else {
            return None;
        }
        any = true;
    }
    any.then(|| total + section + pending.unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stopwords_sorted() {
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]), "STOPWORDS must stay sorted for binary search");
    }

    #[test]
    fn chinese_numbers() {
        let cases: &[(&str, Option<u64>)] = &[
            ("三", Some(3)),
            ("十", Some(10)),
            ("十五", Some(15)),
            ("三十五", Some(35)),
            ("两千", Some(2000)),
            ("一百零八", Some(108)),
            ("三万五千", Some(35_000)),
            ("中国", None),
            ("", None),
        ];
        for (w, want) in cases {
            assert_eq!(chinese_number(w), *want, "{w}");
        }
    }

    /// The id a token may be translated by, or is, shared by both sides of a pair.
    fn shared_ids(doc: &Document) -> Vec<u32> {
        let zh: Vec<u32> = doc.zh[0].tokens.iter().flat_map(|t| t.ids.iter().copied()).collect();
        let mut en: Vec<u32> = doc.en[0].tokens.iter().flat_map(|t| t.ids.iter().copied()).collect();
        en.retain(|id| zh.contains(id));
        en.sort_unstable();
        en.dedup();
        en
    }

    #[test]
    fn evidence_without_a_dictionary() {
        let csv = "id,en,en_variants,zh\ncsf,community with a shared future for mankind,community with a shared future for humanity,人类命运共同体\n";
        let glossary = crate::glossary::read_csv_str(csv, std::path::Path::new("g.csv")).unwrap().glossary;
        let dict = Dictionary::parse(
            std::path::Path::new("d.u8"),
            "陳 陈 [Chen2] /surname Chen/\n清 清 [qing1] /clear/\n揚 扬 [yang2] /to raise/\n",
        )
        .unwrap();
        let lex = Lexicon::new(&dict, &glossary);
        // (Chinese, English, evidence expected to link them)
        let cases: &[(&str, &str, bool)] = &[
            ("推动构建人类命运共同体。", "Build a community with a shared future for humanity.", true),
            ("推动构建人类命运共同体。", "Build a better world.", false),
            ("陈清扬来了。", "Chen Qingyang came.", true),
            ("他买了三十本书。", "He bought 30 books.", true),
            ("他买了三十本书。", "He bought thirty books.", true),
            ("他买了三十本书。", "He bought 31 books.", false),
            ("我们讨论了APEC。", "We discussed APEC.", true),
        ];
        for (zh, en, linked) in cases {
            let doc = lex.document(&[zh], &[en]);
            assert_eq!(!shared_ids(&doc).is_empty(), *linked, "{zh} / {en}");
        }
    }

    #[test]
    fn punctuation_counts() {
        assert_eq!(punct_counts("“走吧？！”"), [2, 1, 1]);
        assert_eq!(punct_counts("He asked, \"Why?\""), [2, 1, 0]);
        let cases: &[(&str, [u16; 3])] = &[
            ("'At you!'", [2, 0, 1]),
            ("'I can see you've never done any wrestling,' laughed Misty.", [2, 0, 0]),
            ("‘Come on then: let's see—’", [2, 0, 0]),
            ("The boys' hats and Trinket's don't count.", [0, 0, 0]),
            ("He said “yes.”", [2, 0, 0]),
        ];
        for (text, want) in cases {
            assert_eq!(en_punct_counts(text), *want, "{text}");
        }
    }
}
