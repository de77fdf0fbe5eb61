//! The job glossary: only the entries that occur in the documents a translator is about
//! to work on (`--only-in`), each with an example sentence (`--with-context`).
//!
//! A CAT tool or MT engine loaded with the whole term base flags terms that are not in
//! the document and, for MT, forces renderings on phrases that only look alike; a job
//! glossary keeps the list to what the document needs. The documents may be either
//! side of the translation:
//! - English (a draft or a revision): every English form (preferred, variant, deprecated)
//!   is found with termalign's [`Matcher`], with all its tolerances (case, dashes, line
//!   breaks, spelling, plurals), nested terms included, near-misses not;
//! - Chinese (the source text): every Chinese form is found as an exact substring
//!   (Chinese has no word spaces or inflection to tolerate).
//!
//! The context is the sentence around the entry's first occurrence, in document order,
//! with its white space (PDF line and page breaks) folded to single spaces.

use std::collections::HashMap;
use std::path::PathBuf;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::corpus::{self, Document, Layout};
use crate::error::{Error, Result};
use crate::glossary::Glossary;
use crate::matcher::{MatchOptions, Matcher, Status};

/// The entries found in the documents and the example sentence of each.
#[derive(Debug, Clone, Default)]
pub struct Job {
    pub glossary: Glossary,
    /// Example sentence by entry id.
    pub context: HashMap<String, String>,
}

/// Longest example sentence kept, in characters; longer ones keep a window around the
/// term, cut at words and marked with `…` (a PDF paragraph without a full stop would
/// otherwise fill the comment field).
const MAX_CONTEXT_CHARS: usize = 300;

/// Finds which entries of `g` occur in `files` (files, directories of `*.txt`, or `-`).
pub fn job_glossary(g: &Glossary, files: &[PathBuf]) -> Result<Job> {
    let matcher = Matcher::new(g, MatchOptions { nested: true, near_miss: None })?;
    let mut zh_forms: Vec<&str> = Vec::new();
    let mut zh_entry: Vec<usize> = Vec::new();
    for (i, e) in g.entries().enumerate() {
        for f in e.zh_forms() {
            zh_forms.push(f);
            zh_entry.push(i);
        }
    }
    let zh = AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .build(&zh_forms)
        .map_err(|e| Error::usage(format!("cannot build the Chinese term search: {e}")))?;
    // First occurrence of each entry: (file order, byte offset, sentence).
    let mut first: HashMap<usize, String> = HashMap::new();
    let paths = corpus::expand_paths(files)?;
    if paths.is_empty() {
        return Err(Error::usage("--only-in: no documents (a directory is searched for *.txt)"));
    }
    for path in paths {
        let doc = Document::load(&path, Layout::Auto)?;
        let text = doc.text();
        let mut hits: Vec<(usize, usize, usize)> = matcher
            .find(text)
            .into_iter()
            .filter(|h| h.status != Status::NearMiss)
            .map(|h| (h.start, h.end, h.entry))
            .collect();
        hits.extend(zh.find_overlapping_iter(text).map(|m| (m.start(), m.end(), zh_entry[m.pattern().as_usize()])));
        hits.sort_unstable();
        for (start, end, entry) in hits {
            first.entry(entry).or_insert_with(|| sentence(&doc, start, end));
        }
    }
    let mut job = Job::default();
    for (i, e) in g.entries().enumerate() {
        if let Some(s) = first.remove(&i) {
            job.context.insert(e.id.clone(), s);
            job.glossary.insert(e.clone());
        }
    }
    Ok(job)
}

/// Sentence-ending punctuation, English and Chinese.
fn ends_sentence(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '。' | '！' | '？' | '；')
}

/// Closing quotes and brackets that may follow a full stop inside the sentence.
fn closes(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | ')' | '」' | '』' | '）')
}

/// Chinese stops end a sentence by themselves; English ones only before white space.
fn is_cjk_stop(c: char) -> bool {
    ends_sentence(c) && c as u32 > 0x2FFF
}

/// The sentence holding `start..end`, within its passage, white space folded, at most
/// [`MAX_CONTEXT_CHARS`] characters around the term.
fn sentence(doc: &Document, start: usize, end: usize) -> String {
    let text = doc.text();
    let (p_start, p_end) = doc.passage_at(start).map_or((0, text.len()), |p| (p.start, p.end));
    let (p_start, p_end) = (p_start.min(start), p_end.max(end));
    // Backwards: the sentence starts after the last stop (plus closing quotes) that is
    // followed by white space, or after the last Chinese stop.
    let mut s = p_start;
    let mut stop_end: Option<usize> = None;
    for (i, c) in text[p_start..start].char_indices() {
        let at = p_start + i;
        if is_cjk_stop(c) {
            s = at + c.len_utf8();
            stop_end = None;
        } else if ends_sentence(c) || (stop_end.is_some() && closes(c)) {
            stop_end = Some(at + c.len_utf8());
        } else if stop_end.is_some() && c.is_whitespace() {
            s = at;
            stop_end = None;
        } else {
            stop_end = None;
        }
    }
    // Forwards: up to the first stop (with its closing quotes) that ends the sentence.
    let mut e = p_end;
    let after: Vec<(usize, char)> = text[end..p_end].char_indices().collect();
    for (k, &(_, c)) in after.iter().enumerate() {
        if !ends_sentence(c) {
            continue;
        }
        let mut last = k;
        while after.get(last + 1).is_some_and(|&(_, n)| closes(n)) {
            last += 1;
        }
        let boundary = is_cjk_stop(c) || after.get(last + 1).is_none_or(|&(_, n)| n.is_whitespace());
        if boundary {
            let (j, lc) = after[last];
            e = end + j + lc.len_utf8();
            break;
        }
    }
    // Fold white space, remembering where the term lies (in characters).
    let mut out: Vec<char> = Vec::new();
    let (mut term_at, mut term_end) = (0, 0);
    let mut space = false;
    for (i, c) in text[s..e].char_indices() {
        if s + i == start {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            term_at = out.len();
        }
        if s + i == end {
            term_end = out.len();
        }
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    if end >= e {
        term_end = out.len();
    }
    if out.len() <= MAX_CONTEXT_CHARS {
        return out.into_iter().collect();
    }
    // A window around the term, cut at spaces where there are any.
    let room = MAX_CONTEXT_CHARS.saturating_sub(term_end - term_at) / 2;
    let mut from = term_at.saturating_sub(room);
    let mut to = (term_end + room).min(out.len());
    if let Some(p) = out[from..term_at].iter().position(|&c| c == ' ') {
        from += p + 1;
    }
    if let Some(p) = out[term_end..to].iter().rposition(|&c| c == ' ') {
        to = term_end + p;
    }
    let mut cut: String = out[from..to].iter().collect();
    if from > 0 {
        cut.insert_str(0, "… ");
    }
    if to < out.len() {
        cut.push_str(" …");
    }
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        Document::from_text("d.txt", text, Layout::Blank)
    }

    #[test]
    fn sentence_is_cut_at_stops_and_folded() {
        let d = doc("First one. We pursue win-win\ncooperation with all. Last one.\n");
        let at = d.text().find("win-win").unwrap();
        assert_eq!(sentence(&d, at, at + 7), "We pursue win-win cooperation with all.");
        let d = doc("前一句。坚持合作共赢，共建美好世界。后一句。\n");
        let at = d.text().find("合作共赢").unwrap();
        assert_eq!(sentence(&d, at, at + "合作共赢".len()), "坚持合作共赢，共建美好世界。");
        let d = doc("He said: “Act now.” We build a community with a shared future. Next.\n");
        let at = d.text().find("community").unwrap();
        assert_eq!(sentence(&d, at, at + 9), "We build a community with a shared future.");
    }

    #[test]
    fn a_long_sentence_keeps_a_window_around_the_term() {
        let long = format!("{} the Belt and Road Initiative {}.", "word ".repeat(100), "more ".repeat(100));
        let d = doc(&long);
        let at = d.text().find("Belt").unwrap();
        let s = sentence(&d, at, at + "Belt and Road Initiative".len());
        assert!(s.starts_with("… word") && s.ends_with("more …"), "{s}");
        assert!(s.contains("the Belt and Road Initiative"));
        assert!(s.chars().count() <= MAX_CONTEXT_CHARS + 4, "{}", s.chars().count());
    }
}
