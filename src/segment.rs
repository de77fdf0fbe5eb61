//! Sentence splitting for Chinese and English prose.
//!
//! The aligner pairs *sentences*, so both sides must first be cut into them. Both splitters
//! return byte ranges into the text they were given, trimmed of surrounding white space, so
//! a caller can map every sentence back to its original bytes (the corpus loader keeps the
//! map to the file). Inside a sentence, any run of white space, line breaks included, is
//! just a space: PDF-extracted text breaks lines in mid-sentence, and a line break is never
//! evidence of a sentence end.
//!
//! **Chinese** is easy to cut because its sentence-final marks are unambiguous: a sentence
//! ends after 。！？； (and the half-width `!?;`, and the ellipsis `…`/`……`), together with
//! every closing quote or bracket that follows (`。”`, `？」`, `！）`). A full stop inside an
//! unclosed quotation still ends a sentence (`他说：“好。”` ends after `”`): this is what
//! translators and the published aligned corpora do.
//!
//! **English** full stops are ambiguous. A `.`, `?`, `!` or `…` (with any closing quotes
//! and brackets after it) ends a sentence only when white space follows and the next word
//! can start a sentence (a capital, a digit, an opening quote or bracket). On top of that,
//! a full stop does *not* end a sentence after:
//! * a title or a Latin abbreviation that is never final: `Mr.`, `Dr.`, `H.E.`, `e.g.`,
//!   `i.e.`, `cf.`, `vs.` ... ([`NEVER_FINAL`]);
//! * a reference abbreviation followed by a number: `No. 5`, `Art. 3`, `p. 12`;
//! * a single capital letter (an initial): `J. K. Rowling`, `Xi J. Ping`;
//! * a dotted acronym such as `U.S.` or `U.N.`, unless the next word is one that typically
//!   starts a sentence (`The`, `He`, `In`...): "the U.S. President" stays whole, "talks with
//!   the U.S. The two sides" is two sentences.
//!
//! Decimals (`3.5`) and dotted numbers never split, since no white space follows the dot.

use std::ops::Range;

/// Chinese sentence-final marks.
fn is_zh_final(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';' | '…' | '．' | '｡')
}

/// Closing quotes and brackets that stay with the sentence they close.
fn is_closer(c: char) -> bool {
    matches!(
        c,
        '”' | '’' | '"' | '\'' | '」' | '』' | '）' | ')' | ']' | '】' | '》' | '〉' | '〕' | '｝' | '}' | '»' | '›'
    )
}

/// Opening quotes and brackets that may start a sentence.
fn is_opener(c: char) -> bool {
    matches!(c, '“' | '‘' | '"' | '\'' | '(' | '[' | '「' | '『' | '（' | '【' | '《' | '«' | '‹' | '—' | '–')
}

/// Splits Chinese text into sentences; see the module documentation for the rules.
pub fn split_zh(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        if !is_zh_final(c) {
            continue;
        }
        // Swallow further final marks (`？！`, `……`) and the closers after them.
        let mut end = text.len();
        while let Some(&(j, d)) = chars.peek() {
            if is_zh_final(d) || is_closer(d) {
                chars.next();
            } else {
                end = j;
                break;
            }
        }
        push_trimmed(&mut out, text, start..end);
        start = end;
    }
    push_trimmed(&mut out, text, start..text.len());
    out
}

/// Splits English text into sentences; see the module documentation for the rules.
pub fn split_en(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        let c = match text[i..].chars().next() {
            Some(c) => c,
            None => break,
        };
        let clen = c.len_utf8();
        if !matches!(c, '.' | '?' | '!' | '…') {
            i += clen;
            continue;
        }
        // The run of final marks and closers: `?!`, `...`, `.”`, `.)`.
        let mut end = i + clen;
        while let Some(d) = text[end..].chars().next() {
            if matches!(d, '.' | '?' | '!' | '…') || is_closer(d) {
                end += d.len_utf8();
            } else {
                break;
            }
        }
        let after_ws = skip_space(text, end);
        let next = text[after_ws..].chars().next();
        let boundary = match next {
            None => true,
            // No white space after the marks: `3.5`, `U.S.-China`, `www.example.org`.
            Some(_) if after_ws == end => false,
            Some(n) => can_start_sentence(n) && (c != '.' || period_ends_sentence(text, start, i, after_ws)),
        };
        if boundary {
            push_trimmed(&mut out, text, start..end);
            start = end;
        }
        i = end.max(i + 1);
        while i < bytes.len() && !text.is_char_boundary(i) {
            i += 1;
        }
    }
    push_trimmed(&mut out, text, start..text.len());
    out
}

/// Titles and Latin abbreviations after which a full stop never ends a sentence.
/// Compared without their dots and case-sensitively for titles (`No` vs `no`).
pub const NEVER_FINAL: &[&str] = &[
    "Mr", "Mrs", "Ms", "Messrs", "Mmes", "Dr", "Prof", "St", "Mt", "Gen", "Lt", "Col", "Capt", "Cmdr", "Adm", "Sgt",
    "Sen", "Rep", "Gov", "Pres", "Amb", "Rev", "Hon", "Fr", "HE", "HM", "HRH", "eg", "ie", "cf", "viz", "vs", "approx",
    "ca", "Ste", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
];

/// Abbreviations that do not end a sentence when a number follows (`No. 5`, `pp. 3-7`).
const BEFORE_NUMBER: &[&str] = &[
    "No", "Nos", "no", "nos", "Art", "art", "Arts", "Vol", "vol", "p", "pp", "Fig", "fig", "Para", "para", "Sec", "Ch",
    "ch", "Chap", "Nr", "nr",
];

/// Words after which an ambiguous abbreviation (`U.S.`) is taken to end the sentence.
const SENTENCE_STARTERS: &[&str] = &[
    "The",
    "This",
    "That",
    "These",
    "Those",
    "It",
    "Its",
    "He",
    "She",
    "We",
    "They",
    "I",
    "You",
    "Our",
    "Their",
    "His",
    "Her",
    "In",
    "On",
    "At",
    "By",
    "For",
    "From",
    "With",
    "As",
    "If",
    "When",
    "While",
    "After",
    "Before",
    "Since",
    "But",
    "And",
    "Yet",
    "So",
    "However",
    "Moreover",
    "Meanwhile",
    "Both",
    "All",
    "Each",
    "There",
    "Such",
    "A",
    "An",
];

/// Whether the full stop at `dot` (the sentence began at `start`; the next word begins at
/// `next`) ends the sentence, judged by the word it closes.
fn period_ends_sentence(text: &str, start: usize, dot: usize, next: usize) -> bool {
    // The "word" before the dot, dots included: `U.S`, `e.g`, `Mr`, `J`.
    let word_start = text[start..dot]
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace() || is_opener(c))
        .map_or(start, |(k, c)| start + k + c.len_utf8());
    let word = &text[word_start..dot];
    if word.is_empty() {
        return true;
    }
    let bare: String = word.chars().filter(|&c| c != '.').collect();
    let next_word: &str = {
        let rest = &text[next..];
        let end = rest.find(|c: char| !c.is_alphanumeric()).unwrap_or(rest.len());
        &rest[..end]
    };
    if NEVER_FINAL.contains(&bare.as_str()) {
        return false;
    }
    if BEFORE_NUMBER.contains(&bare.as_str()) && next_word.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let mut letters = bare.chars();
    let is_initial = matches!((letters.next(), letters.next()), (Some(l), None) if l.is_uppercase());
    if is_initial && !word.contains('.') {
        return false;
    }
    // Dotted acronyms: `U.S`, `U.N`, `a.m`, `P.R.C`.
    if word.contains('.') && word.split('.').all(|p| p.chars().count() <= 2 && p.chars().all(char::is_alphabetic)) {
        return SENTENCE_STARTERS.contains(&next_word);
    }
    true
}

/// Whether `c` may be the first character of an English sentence.
fn can_start_sentence(c: char) -> bool {
    c.is_uppercase()
        || c.is_numeric()
        || is_opener(c)
        || (!c.is_alphabetic() && !c.is_ascii_punctuation() && !c.is_whitespace())
}

fn skip_space(text: &str, from: usize) -> usize {
    text[from..].find(|c: char| !c.is_whitespace()).map_or(text.len(), |k| from + k)
}

/// Adds `range` shrunk to exclude surrounding white space, unless nothing is left.
fn push_trimmed(out: &mut Vec<Range<usize>>, text: &str, range: Range<usize>) {
    let s = &text[range.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead < s.len() {
        out.push(range.start + lead..range.end - trail);
    }
}

/// Pre-split input: one sentence per line, every line a sentence (an empty line is an
/// empty sentence, so that sentence ids stay line numbers minus one). A final line break
/// does not make an extra sentence. Line ends (`\n` or `\r\n`) are not part of the range.
pub fn split_lines(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (k, _) in text.match_indices('\n') {
        let end = if k > start && text.as_bytes()[k - 1] == b'\r' { k - 1 } else { k };
        out.push(start..end);
        start = k + 1;
    }
    if start < text.len() {
        out.push(start..text.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces<'a>(text: &'a str, ranges: &[Range<usize>]) -> Vec<&'a str> {
        ranges.iter().map(|r| &text[r.clone()]).collect()
    }

    #[test]
    fn chinese_table() {
        let cases: &[(&str, &str, &[&str])] = &[
            ("plain full stops", "我们同意。双方签署了协议。", &["我们同意。", "双方签署了协议。"]),
            ("closing quote stays", "他说：“我们同意。”双方签署了协议。", &["他说：“我们同意。”", "双方签署了协议。"]),
            ("corner brackets", "「走吧！」她说。", &["「走吧！」", "她说。"]),
            ("question and bang runs", "真的吗？！当然。", &["真的吗？！", "当然。"]),
            ("ellipsis pair", "他想了想……没有说话。", &["他想了想……", "没有说话。"]),
            ("semicolon", "中方支持；各方欢迎。", &["中方支持；", "各方欢迎。"]),
            ("bracket after stop", "（会议闭幕。）下一段", &["（会议闭幕。）", "下一段"]),
            ("half-width marks", "好!走?", &["好!", "走?"]),
            ("line breaks are spaces", "中国同中亚\n国家合作。\n\n各方表示", &["中国同中亚\n国家合作。", "各方表示"]),
            ("no final mark", "  标题  ", &["标题"]),
            ("empty", " \n ", &[]),
            ("latin inside", "GDP增长3.5%。很好。", &["GDP增长3.5%。", "很好。"]),
        ];
        for (name, text, want) in cases {
            assert_eq!(pieces(text, &split_zh(text)), *want, "case {name}");
        }
    }

    #[test]
    fn english_table() {
        let cases: &[(&str, &str, &[&str])] = &[
            ("two sentences", "We agree. They signed.", &["We agree.", "They signed."]),
            ("title", "Mr. Wang met Dr. Li. They talked.", &["Mr. Wang met Dr. Li.", "They talked."]),
            ("excellency", "H.E. Xi Jinping attended. He spoke.", &["H.E. Xi Jinping attended.", "He spoke."]),
            (
                "us mid sentence",
                "The U.S. President arrived. Talks began.",
                &["The U.S. President arrived.", "Talks began."],
            ),
            ("us at end", "He visited the U.S. The talks went well.", &["He visited the U.S.", "The talks went well."]),
            (
                "number abbreviation",
                "See Document No. 5 of the summit. It is short.",
                &["See Document No. 5 of the summit.", "It is short."],
            ),
            ("no at end", "They said No. Then they left.", &["They said No.", "Then they left."]),
            (
                "latin",
                "Several fields, e.g. Energy and trade, i.e. Goods. Done.",
                &["Several fields, e.g. Energy and trade, i.e. Goods.", "Done."],
            ),
            ("etc at end", "Oil, gas, etc. The list goes on.", &["Oil, gas, etc.", "The list goes on."]),
            ("initials", "J. K. Rowling wrote it. Fine.", &["J. K. Rowling wrote it.", "Fine."]),
            ("decimal", "Trade grew 3.5 percent. Good.", &["Trade grew 3.5 percent.", "Good."]),
            (
                "quote ends sentence",
                "He said, “We agree.” The talks ended.",
                &["He said, “We agree.”", "The talks ended."],
            ),
            (
                "straight quote",
                "He said, \"We agree.\" The talks ended.",
                &["He said, \"We agree.\"", "The talks ended."],
            ),
            (
                "question inside quote then verb",
                "“Are you coming?” he asked. Yes.",
                &["“Are you coming?” he asked.", "Yes."],
            ),
            ("ellipsis continues", "Well... we will see. Maybe… Later.", &["Well... we will see.", "Maybe…", "Later."]),
            (
                "lowercase continues",
                "It costs approx. five dollars. Fine.",
                &["It costs approx. five dollars.", "Fine."],
            ),
            ("line breaks", "The summit\nopened. The\n\nleaders met.", &["The summit\nopened.", "The\n\nleaders met."]),
            ("opening quote starts", "It ended. “Why?” she asked.", &["It ended.", "“Why?” she asked."]),
            ("digit starts", "They met in May. 2022 was good.", &["They met in May.", "2022 was good."]),
            ("bracket after stop", "It was fine. (He smiled.) Then.", &["It was fine.", "(He smiled.)", "Then."]),
            ("trailing text", "  no final mark  ", &["no final mark"]),
            ("dash after stop", "Done. — Next.", &["Done.", "— Next."]),
            ("url", "See www.example.org for more. Now.", &["See www.example.org for more.", "Now."]),
        ];
        for (name, text, want) in cases {
            assert_eq!(pieces(text, &split_en(text)), *want, "case {name}");
        }
    }

    #[test]
    fn presplit_lines() {
        let cases: &[(&str, &[&str])] =
            &[("a\nb\n", &["a", "b"]), ("a\r\nb", &["a", "b"]), ("a\n\nb\n", &["a", "", "b"]), ("", &[])];
        for (text, want) in cases {
            assert_eq!(pieces(text, &split_lines(text)), *want, "text {text:?}");
        }
    }
}
