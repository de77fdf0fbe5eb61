//! The Chinese→English dictionary the aligner draws lexical evidence from.
//!
//! The file is CC-CEDICT syntax, one entry a line, plain or gzip-compressed (the name ends
//! in `.gz`, or the bytes start with the gzip magic):
//!
//! ```text
//! # comment
//! 繁體 简体 [fan2 ti3] /gloss one/gloss two (with a note)/
//! ```
//!
//! The aligner does not need definitions, only *which English words may translate a
//! Chinese word*. So each gloss is reduced to its content words, stemmed the way the
//! English side of a document is stemmed (see [`super::lexicon`]): `/to go away/` gives
//! `go`, `away`, and `"CL:個|个[ge4]"` or "variant of 說|说" give nothing. Notes in
//! parentheses are dropped: they describe usage, and "(of a person)" would make 人 cover
//! every "person" in the English.
//!
//! Two more things come out of the same file: the toneless pinyin of single characters
//! (陈 → `chen`), which lets Chinese names meet their transliterations (陈清扬 ↔ "Chen
//! Qingyang"), and the set of English gloss words, which tells a transliterated name
//! ("Qingyang") from an English word that happens to be capitalised ("Long").

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use rustc_hash::FxHashMap;

use super::lexicon::{Vocab, english_stem, is_stopword};
use crate::error::{Error, Result};

/// Translations by Chinese headword, as ids of English stems in [`Dictionary::vocab`].
#[derive(Debug, Default)]
pub struct Dictionary {
    /// Stems of gloss words, interned.
    pub vocab: Vocab,
    entries: FxHashMap<String, Vec<u32>>,
    readings: FxHashMap<char, Vec<String>>,
    /// Every gloss word (lower-case) and the id of its stem: stemming is the slow part of
    /// loading, and the same few thousand words recur in 120,000 entries.
    english: FxHashMap<String, u32>,
    max_chars: usize,
}

impl Dictionary {
    /// An empty dictionary: alignment then rests on length, punctuation, numbers, names
    /// and glossary anchors.
    pub fn empty() -> Dictionary {
        Dictionary::default()
    }

    /// Loads a CC-CEDICT file, plain or gzip-compressed.
    pub fn load(path: &Path) -> Result<Dictionary> {
        let file = std::fs::File::open(path).map_err(|e| Error::io(path, "cannot open dictionary", e))?;
        let mut reader = BufReader::new(file);
        let gz =
            reader.fill_buf().map_err(|e| Error::io(path, "cannot read dictionary", e))?.starts_with(&[0x1f, 0x8b]);
        let mut text = String::new();
        let read = if gz {
            flate2::read::MultiGzDecoder::new(reader).read_to_string(&mut text)
        } else {
            reader.read_to_string(&mut text)
        };
        read.map_err(|e| match e.kind() {
            std::io::ErrorKind::InvalidData => {
                Error::data(crate::Location::file(path), format!("not a UTF-8 CC-CEDICT file ({e})"))
            }
            _ => Error::io(path, "cannot read dictionary", e),
        })?;
        Dictionary::parse(path, &text)
    }

    /// Parses CC-CEDICT text; `path` names the source in errors.
    pub fn parse(path: &Path, text: &str) -> Result<Dictionary> {
        let mut d = Dictionary::default();
        let mut stems = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let e = parse_line(line).map_err(|(col, msg)| Error::at(path, n as u64 + 1, col as u64, msg))?;
            stems.clear();
            for gloss in e.glosses.split('/') {
                gloss_words(gloss, |w| {
                    let id = match d.english.get(w) {
                        Some(&id) => id,
                        None => {
                            let id = d.vocab.intern(&english_stem(w));
                            d.english.insert(w.to_string(), id);
                            id
                        }
                    };
                    stems.push(id);
                });
            }
            stems.sort_unstable();
            stems.dedup();
            if e.simplified.chars().count() == 1
                && let Some(c) = e.simplified.chars().next()
            {
                let r = d.readings.entry(c).or_default();
                let syllable = toneless(e.pinyin);
                if !syllable.is_empty() && !r.contains(&syllable) {
                    r.push(syllable);
                }
            }
            for head in [e.simplified, e.traditional] {
                d.max_chars = d.max_chars.max(head.chars().count());
                let t = d.entries.entry(head.to_string()).or_default();
                t.extend_from_slice(&stems);
                t.sort_unstable();
                t.dedup();
            }
        }
        Ok(d)
    }

    /// Stems that may translate `word`, if it is a headword.
    pub fn get(&self, word: &str) -> Option<&[u32]> {
        self.entries.get(word).map(Vec::as_slice)
    }

    /// Number of headwords (simplified and traditional).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Longest headword, in characters (bounds the maximum-match search).
    pub fn max_chars(&self) -> usize {
        self.max_chars
    }

    /// Toneless pinyin readings of one character (`陈` → `["chen"]`).
    pub fn readings(&self, c: char) -> &[String] {
        self.readings.get(&c).map_or(&[], Vec::as_slice)
    }

    /// Whether `lower` (lower-case) is a word of some English gloss.
    pub fn is_english_word(&self, lower: &str) -> bool {
        self.english.contains_key(lower)
    }
}

struct Line<'a> {
    traditional: &'a str,
    simplified: &'a str,
    pinyin: &'a str,
    glosses: &'a str,
}

/// Splits one entry line; errors carry the 1-based character column of the problem.
fn parse_line(line: &str) -> std::result::Result<Line<'_>, (usize, String)> {
    let col = |byte: usize| line[..byte].chars().count() + 1;
    let sp1 = line.find(' ').ok_or((1, "expected `TRADITIONAL SIMPLIFIED [pinyin] /gloss/`".to_string()))?;
    let rest = &line[sp1 + 1..];
    let sp2 =
        rest.find(' ').ok_or((col(sp1 + 1), "expected a simplified headword after the traditional one".into()))?;
    let open = line.find('[').ok_or((col(sp1 + 1 + sp2), "expected `[pinyin]` after the headwords".into()))?;
    let close = line[open..].find(']').map(|k| open + k).ok_or((col(open), "unclosed `[` in pinyin".into()))?;
    let slash = line[close..]
        .find('/')
        .map(|k| close + k)
        .ok_or((col(close + 1), "expected `/gloss/` after the pinyin".into()))?;
    Ok(Line {
        traditional: &line[..sp1],
        simplified: &rest[..sp2],
        pinyin: &line[open + 1..close],
        glosses: &line[slash..],
    })
}

/// `Chen2` → `chen`; `u:` (CEDICT's ü) → `u`, as English transliterations write it.
fn toneless(pinyin: &str) -> String {
    pinyin
        .split_whitespace()
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| c.is_ascii_alphabetic())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Calls `f` with each lower-case content word of one gloss.
fn gloss_words(gloss: &str, mut f: impl FnMut(&str)) {
    let g = gloss.trim();
    const SKIP: &[&str] = &[
        "CL:",
        "variant of",
        "old variant of",
        "see ",
        "see also",
        "abbr. for",
        "used in",
        "pr. ",
        "Japanese variant",
        "erhua variant",
    ];
    if g.is_empty() || SKIP.iter().any(|s| g.starts_with(s)) {
        return;
    }
    let mut depth = 0usize;
    let mut word = String::new();
    let mut flush = |word: &mut String| {
        if !word.is_empty() && !is_stopword(word) && word != "surname" {
            f(word);
        }
        word.clear();
    };
    for c in g.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            c if c.is_ascii_alphanumeric() => word.push(c.to_ascii_lowercase()),
            _ => flush(&mut word),
        }
    }
    flush(&mut word);
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# comment\n\
        陳 陈 [Chen2] /surname Chen/\n\
        離開 离开 [li2 kai1] /to depart; to leave/\n\
        個 个 [ge4] /individual/CL:個|个[ge4]/\n\
        人 人 [ren2] /person (of a person) tall/\n";

    #[test]
    fn glosses_become_stems() {
        let d = Dictionary::parse(Path::new("t.u8"), SAMPLE).unwrap();
        let words = |w: &str| -> Vec<String> {
            d.get(w).unwrap().iter().map(|&id| d.vocab.word(id).to_string()).collect::<Vec<_>>()
        };
        assert_eq!(words("离开"), ["depart", "leav"]);
        assert_eq!(words("離開"), ["depart", "leav"]);
        assert_eq!(words("个"), ["individu"]);
        assert_eq!(words("人"), ["person", "tall"]);
        assert_eq!(words("陈"), ["chen"]);
        assert_eq!(d.readings('陈'), ["chen"]);
        assert!(d.is_english_word("depart") && !d.is_english_word("qingyang"));
        assert_eq!(d.max_chars(), 2);
    }

    #[test]
    fn errors_name_line_and_column() {
        let cases: &[(&str, &str)] = &[
            ("ok ok [a] /b/\nbroken", "t.u8:2:1: expected `TRADITIONAL SIMPLIFIED [pinyin] /gloss/`"),
            ("離開 离开 li2 /x/", "t.u8:1:6: expected `[pinyin]` after the headwords"),
            ("離開 离开 [li2 /x/", "t.u8:1:7: unclosed `[` in pinyin"),
            ("離開 离开 [li2]", "t.u8:1:12: expected `/gloss/` after the pinyin"),
        ];
        for (text, want) in cases {
            let err = Dictionary::parse(Path::new("t.u8"), text).unwrap_err();
            assert_eq!(err.to_string(), *want, "input {text:?}");
        }
    }
}
