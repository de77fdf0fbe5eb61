//! The normalised view of English text: tokens and their canonical keys.
//!
//! termalign never builds a normalised copy of a document. It reads the original bytes
//! once, cuts them into tokens on the fly, and gives each token a *key* under which
//! spelling variants meet. Everything the matcher tolerates is decided here, in one place:
//!
//! * **Separators** end a token and produce none: any white space (line and page breaks
//!   included), hyphens and dashes (`-` ‐ ‑ ‒ – — ― −), straight and curly double quotes
//!   and guillemets. So "win-win", "win win", "win–win" and "win-\nwin" are the same two
//!   tokens, and “Belt and Road” matches with or without its quotes.
//! * **Ignorables** (soft hyphen, zero-width spaces, BOM) vanish inside a token: PDF text
//!   often hides them inside words.
//! * **Words** are runs of letters and digits. Their key is lower-cased (see `key_into`).
//! * **Apostrophes** (`'` ’ ‘ ʼ) between a word and a letter start a clitic token (`'s`,
//!   `'t`), so "People’s" is `people` + `'s` and a term followed by a possessive still
//!   matches. Any other apostrophe is a separator (a closing single quote).
//! * **Everything else** (`,` `.` `+` `(` `/` ...) is a one-character token, so commas in
//!   "three forces of terrorism, separatism and extremism" must be there, and terms such
//!   as "C+C5" or "c++" work.
//!
//! A token's key is then *canonicalised* by [`canon`]: number words become digits
//! ("five" → `5`, "first" → `1st`), British spellings become American ("neighbourly" →
//! `neighborly`, "centre" → `center`, "-isation" → `-ization`, "programme" → `program`,
//! "travelled" → `traveled`), and regular plurals become singular ("revolutions" →
//! `revolution`, "countries" → `country`). Two words match when their canonical keys are
//! equal. Canonical keys are internal: they need not be real words, only consistent.
//!
//! Canonicalising every token of a 1 GB corpus would be slow, so the matcher does the
//! reverse: for each glossary word it generates the surface forms that canonicalise to the
//! same key ([`surface_variants`]), and then needs one hash lookup per text token.

use std::borrow::Cow;

/// What a token is. Separators and ignorables produce no token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Letters and digits.
    Word,
    /// An apostrophe and the letters after it, split off a word: `'s`, `'t`.
    Clitic,
    /// One punctuation or symbol character.
    Punct,
}

/// A token: its byte range in the text and its kind. `end` is exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
    /// True when the word has at least two letters and no lower-case letter ("SCO", "IRE1").
    pub all_caps: bool,
}

/// A token with its (lower-cased, not yet canonical) key, for the slow paths.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnedToken {
    pub token: Token,
    pub key: String,
}

const SEP: u8 = 0;
const WORD: u8 = 1;
const APOS: u8 = 2;
const PUNCT: u8 = 3;
const UTF8: u8 = 4;

/// Byte classes for the ASCII fast path; bytes >= 0x80 are decoded and classified by
/// [`class_of_char`].
static CLASS: [u8; 256] = {
    let mut t = [PUNCT; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c >= 0x80 {
            UTF8
        } else if c.is_ascii_alphanumeric() {
            WORD
        } else if c <= 0x20 || c == 0x7F || c == b'-' || c == b'"' || c == b'`' {
            SEP
        } else if c == b'\'' {
            APOS
        } else {
            PUNCT
        };
        b += 1;
    }
    t
};

/// Classification of a non-ASCII character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CharClass {
    Sep,
    Ignore,
    Word,
    Apos,
    Punct,
}

fn class_of_char(c: char) -> CharClass {
    match c {
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => CharClass::Ignore,
        // hyphens, dashes, minus
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{2E3A}' | '\u{2E3B}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => {
            CharClass::Sep
        }
        // double quotes, guillemets, CJK corner brackets
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{00AB}' | '\u{00BB}' | '\u{2039}' | '\u{203A}'
        | '\u{300C}' | '\u{300D}' | '\u{300E}' | '\u{300F}' | '\u{FF02}' | '\u{301D}' | '\u{301E}' => CharClass::Sep,
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{02BC}' | '\u{FF07}' => CharClass::Apos,
        // combining marks continue a word
        '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' => {
            CharClass::Word
        }
        c if c.is_whitespace() || c.is_control() => CharClass::Sep,
        c if c.is_alphanumeric() => CharClass::Word,
        _ => CharClass::Punct,
    }
}

#[inline]
fn decode_at(text: &str, i: usize) -> char {
    // `i` is always a char boundary here: the scanner only stops on boundaries.
    text[i..].chars().next().unwrap_or('\u{FFFD}')
}

#[inline]
fn is_letter_at(text: &str, i: usize) -> bool {
    match text.as_bytes().get(i) {
        None => false,
        Some(&b) if b < 0x80 => b.is_ascii_alphabetic(),
        Some(_) => decode_at(text, i).is_alphabetic(),
    }
}

#[inline]
fn is_apostrophe_at(text: &str, i: usize) -> Option<usize> {
    let b = text.as_bytes();
    match b.get(i) {
        Some(b'\'') => Some(1),
        Some(&c) if c >= 0x80 => {
            let ch = decode_at(text, i);
            (class_of_char(ch) == CharClass::Apos).then(|| ch.len_utf8())
        }
        _ => None,
    }
}

/// Calls `f` for every token of `text`, in order, with the token and its lower-cased key.
///
/// This is the one definition of termalign's tokens: glossary compilation, validation and
/// near-miss search use it, and the matcher's fast path ([`crate::matcher`]) hands every
/// token it does not handle itself (non-ASCII, apostrophes) to [`next_token`], so they
/// cannot disagree about boundaries (a property test checks it). `key` is a scratch buffer
/// reused between calls (its content is the key of the token passed to `f`).
#[inline]
pub fn scan_tokens(text: &str, key: &mut Vec<u8>, mut f: impl FnMut(Token, &[u8])) {
    let mut i = 0;
    while let Some(t) = next_token(text, i, key) {
        f(t, key);
        i = t.end;
    }
}

/// The first token that starts at or after byte `i` (a char boundary), with its key in
/// `key`; `None` at the end of the text.
#[inline]
pub fn next_token(text: &str, mut i: usize, key: &mut Vec<u8>) -> Option<Token> {
    let b = text.as_bytes();
    let n = b.len();
    while i < n {
        let c = b[i];
        match CLASS[c as usize] {
            SEP => i += 1,
            APOS => match clitic_at(text, i, key) {
                Some(t) => return Some(t),
                None => i += 1,
            },
            WORD => return Some(word_at(text, i, key)),
            PUNCT => {
                key.clear();
                key.push(c);
                return Some(Token { start: i, end: i + 1, kind: TokenKind::Punct, all_caps: false });
            }
            _ => {
                let ch = decode_at(text, i);
                let len = ch.len_utf8();
                match class_of_char(ch) {
                    CharClass::Sep | CharClass::Ignore => i += len,
                    CharClass::Apos => match clitic_at(text, i, key) {
                        Some(t) => return Some(t),
                        None => i += len,
                    },
                    CharClass::Word => return Some(word_at(text, i, key)),
                    CharClass::Punct => {
                        key.clear();
                        key.extend_from_slice(&b[i..i + len]);
                        return Some(Token { start: i, end: i + len, kind: TokenKind::Punct, all_caps: false });
                    }
                }
            }
        }
    }
    None
}

/// Whether `text` has no token at all (only separators): a glossary form like that can
/// never match.
pub fn is_blank(text: &str) -> bool {
    next_token(text, 0, &mut Vec::new()).is_none()
}

/// Whether the non-ASCII character at byte `i` only separates tokens (a dash, a curly
/// double quote, a non-breaking space...) or vanishes (a soft hyphen); returns its length
/// in bytes if so. The matcher's fast path skips these without calling [`next_token`].
#[inline]
pub fn skippable_at(text: &str, i: usize) -> Option<usize> {
    let c = decode_at(text, i);
    matches!(class_of_char(c), CharClass::Sep | CharClass::Ignore).then(|| c.len_utf8())
}

/// Whether the character at byte `i` continues a word (a letter, digit, combining mark, or
/// an ignorable such as a soft hyphen).
#[inline]
pub fn continues_word(text: &str, i: usize) -> bool {
    matches!(class_of_char(decode_at(text, i)), CharClass::Word | CharClass::Ignore)
}

#[inline]
fn word_at(text: &str, start: usize, key: &mut Vec<u8>) -> Token {
    key.clear();
    let (end, caps) = scan_word(text, start, key);
    Token { start, end, kind: TokenKind::Word, all_caps: caps }
}

/// A clitic token (`'s`) at the apostrophe at `i`: the apostrophe must follow a word
/// character and precede a letter; otherwise it is a separator (a closing quote).
#[inline]
fn clitic_at(text: &str, i: usize, key: &mut Vec<u8>) -> Option<Token> {
    let alen = is_apostrophe_at(text, i)?;
    let prev_is_word = text[..i]
        .chars()
        .next_back()
        .is_some_and(|c| if c.is_ascii() { c.is_ascii_alphanumeric() } else { class_of_char(c) == CharClass::Word });
    if !prev_is_word || !is_letter_at(text, i + alen) {
        return None;
    }
    key.clear();
    key.push(b'\'');
    let (end, _) = scan_word(text, i + alen, key);
    Some(Token { start: i, end, kind: TokenKind::Clitic, all_caps: false })
}

/// Scans a run of word characters from `i`, appending the lower-cased key; returns the end
/// and whether the word is all capitals (two or more letters, none lower-case). Stops
/// before an apostrophe (the caller decides whether it starts a clitic).
#[inline]
fn scan_word(text: &str, mut i: usize, key: &mut Vec<u8>) -> (usize, bool) {
    let b = text.as_bytes();
    let n = b.len();
    let mut upper = 0u32;
    let mut lower = false;
    while i < n {
        let c = b[i];
        if c < 0x80 {
            if !c.is_ascii_alphanumeric() {
                break;
            }
            upper += u32::from(c.is_ascii_uppercase());
            lower |= c.is_ascii_lowercase();
            key.push(c.to_ascii_lowercase());
            i += 1;
        } else {
            let ch = decode_at(text, i);
            match class_of_char(ch) {
                CharClass::Word => {
                    upper += u32::from(ch.is_uppercase());
                    lower |= ch.is_lowercase();
                    let mut buf = [0u8; 4];
                    for lc in ch.to_lowercase() {
                        key.extend_from_slice(lc.encode_utf8(&mut buf).as_bytes());
                    }
                }
                CharClass::Ignore => {}
                _ => break,
            }
            i += ch.len_utf8();
        }
    }
    (i, upper >= 2 && !lower)
}

/// Every token of `text` with its lower-cased key (slow path: allocates per token).
pub fn tokens(text: &str) -> Vec<OwnedToken> {
    let mut out = Vec::new();
    let mut buf = Vec::new();
    scan_tokens(text, &mut buf, |token, key| {
        out.push(OwnedToken { token, key: String::from_utf8_lossy(key).into_owned() })
    });
    out
}

/// The canonical key of a token key: number words as digits, American spelling, singular.
/// Keys of punctuation and clitics are returned unchanged.
pub fn canon(key: &str) -> Cow<'_, str> {
    if key.starts_with('\'') || !key.chars().next().is_some_and(char::is_alphanumeric) {
        return Cow::Borrowed(key);
    }
    if let Some(n) = number_word(key) {
        return Cow::Borrowed(n);
    }
    let base: Cow<'_, str> = match irregular_singular(key) {
        Some(s) => Cow::Borrowed(s),
        None => Cow::Borrowed(key),
    };
    let us = match to_us(&base) {
        Some(u) => Cow::Owned(u),
        None => base,
    };
    match singular(&us) {
        Some(s) => Cow::Owned(s),
        None => us,
    }
}

/// A token key with grammar folded but spelling kept: number words as digits, plurals as
/// singular, and British spellings left British. The consistency check
/// (`crate::review::consistency`) compares writings with it: "color revolutions" is the
/// same usage as "color revolution", "colour revolution" is another spelling.
pub fn spelling_key(key: &str) -> Cow<'_, str> {
    if key.starts_with('\'') || !key.chars().next().is_some_and(char::is_alphanumeric) {
        return Cow::Borrowed(key);
    }
    if let Some(n) = number_word(key) {
        return Cow::Borrowed(n);
    }
    let base = irregular_singular(key).unwrap_or(key);
    match singular(base) {
        Some(s) => Cow::Owned(s),
        None => Cow::Borrowed(base),
    }
}

/// The canonical key sequence of a glossary form, as used to compare forms with each
/// other (validation, lint). Words in all capitals keep their case (see the matcher's
/// acronym rule), marked with a leading `=`. A hyphenated prefix is joined to its word
/// ("non-interference" and "noninterference" have the same key; see [`PREFIXES`]).
pub fn form_key(form: &str) -> Vec<String> {
    let toks = tokens(form);
    if is_acronym_form(&toks) {
        return vec![format!("={}", &form[toks[0].token.start..toks[0].token.end])];
    }
    let keys: Vec<String> = toks.iter().map(|t| t.key.clone()).collect();
    let capitals: Vec<&str> = toks.iter().filter(|t| t.token.all_caps).map(|t| t.key.as_str()).collect();
    join_prefixes(&keys)
        .iter()
        .map(|k| if capitals.contains(&k.as_str()) { k.clone() } else { canon(k).into_owned() })
        .collect()
}

/// Prefixes written joined, hyphenated or (rarely) spaced: "cooperation", "co-operation";
/// "non-interference", "noninterference"; "counter-terrorism", "counterterrorism". Since
/// hyphens separate tokens, the matcher compiles both shapes of a form that contains one
/// ([`prefix_alternatives`]).
pub const PREFIXES: &[&str] =
    &["co", "non", "anti", "counter", "multi", "socio", "geo", "macro", "micro", "pan", "semi", "inter", "post", "pre"];

/// Joins a prefix token with the word after it (`["non", "interference"]` → `["noninterference"]`).
fn join_prefixes(keys: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(keys.len());
    let mut i = 0;
    while i < keys.len() {
        if i + 1 < keys.len() && PREFIXES.contains(&keys[i].as_str()) && is_alpha_word(&keys[i + 1]) {
            out.push(format!("{}{}", keys[i], keys[i + 1]));
            i += 2;
        } else {
            out.push(keys[i].clone());
            i += 1;
        }
    }
    out
}

fn is_alpha_word(k: &str) -> bool {
    k.len() >= 3 && k.bytes().all(|b| b.is_ascii_lowercase())
}

/// Whether [`prefix_alternatives`] would give more than the form itself (cheap test).
pub fn has_prefix_alternatives(keys: &[String]) -> bool {
    const SPLIT: &[&str] = &["co", "non", "anti", "counter", "multi", "socio", "geo"];
    keys.iter()
        .any(|k| PREFIXES.contains(&k.as_str()) || SPLIT.iter().any(|p| k.len() >= p.len() + 4 && k.starts_with(p)))
}

/// The token-key sequences under which a form may appear: the form itself, and the same
/// form with each prefixed word joined ("non interference" → "noninterference") or split
/// ("cooperation" → "co operation"). At most 8 alternatives, deterministic order.
pub fn prefix_alternatives(keys: &[String]) -> Vec<Vec<String>> {
    let mut alts: Vec<Vec<String>> = vec![keys.to_vec()];
    let joined = join_prefixes(keys);
    if joined.len() != keys.len() {
        alts.push(joined);
    }
    // split joined prefixed words: "cooperation" -> "co" "operation" (only for the
    // prefixes that are really written both ways, and a remainder of 4+ letters)
    const SPLIT: &[&str] = &["co", "non", "anti", "counter", "multi", "socio", "geo"];
    let mut split: Vec<String> = Vec::with_capacity(keys.len() + 2);
    let mut any = false;
    for k in keys {
        match SPLIT.iter().find(|p| k.len() >= p.len() + 4 && k.starts_with(**p) && is_alpha_word(k)) {
            Some(p) => {
                split.push((*p).to_string());
                split.push(k[p.len()..].to_string());
                any = true;
            }
            None => split.push(k.clone()),
        }
    }
    if any {
        alts.push(split);
    }
    alts.truncate(8);
    alts
}

/// A form that is a single all-capitals word ("SCO", "BRICS", "WHO") is an acronym: it
/// matches only in capitals, so that "WHO" never matches "who".
pub fn is_acronym_form(tokens: &[OwnedToken]) -> bool {
    tokens.len() == 1 && tokens[0].token.kind == TokenKind::Word && tokens[0].token.all_caps
}

/// Surface keys (lower-case) that canonicalise to the same key as `key`: the word itself,
/// its British and American spellings, singular and plural. Sorted, without duplicates.
pub fn surface_variants(key: &str) -> Vec<String> {
    let target = canon(key).into_owned();
    let mut cands: Vec<String> = vec![key.to_string(), target.clone()];
    if let Some(w) = number_spelled(&target) {
        cands.push(w.to_string());
    }
    let mut spelled = Vec::new();
    for c in &cands {
        if let Some(u) = to_us(c) {
            spelled.push(u);
        }
        spelled.extend(to_uk(c));
    }
    cands.extend(spelled);
    let mut inflected = Vec::new();
    for c in &cands {
        if let Some(p) = plural(c) {
            inflected.push(p);
        }
        if let Some(s) = singular(c) {
            inflected.push(s);
        }
        if let Some(s) = irregular_plural(c) {
            inflected.push(s.to_string());
        }
    }
    cands.extend(inflected);
    cands.retain(|c| canon(c) == target.as_str());
    cands.sort();
    cands.dedup();
    cands
}

// ---------------------------------------------------------------------------------------
// Numbers

const CARDINALS: &[(&str, &str)] = &[
    ("zero", "0"),
    ("one", "1"),
    ("two", "2"),
    ("three", "3"),
    ("four", "4"),
    ("five", "5"),
    ("six", "6"),
    ("seven", "7"),
    ("eight", "8"),
    ("nine", "9"),
    ("ten", "10"),
    ("eleven", "11"),
    ("twelve", "12"),
    ("thirteen", "13"),
    ("fourteen", "14"),
    ("fifteen", "15"),
    ("sixteen", "16"),
    ("seventeen", "17"),
    ("eighteen", "18"),
    ("nineteen", "19"),
    ("twenty", "20"),
    ("thirty", "30"),
    ("forty", "40"),
    ("fifty", "50"),
    ("sixty", "60"),
    ("seventy", "70"),
    ("eighty", "80"),
    ("ninety", "90"),
    ("first", "1st"),
    ("second", "2nd"),
    ("third", "3rd"),
    ("fourth", "4th"),
    ("fifth", "5th"),
    ("sixth", "6th"),
    ("seventh", "7th"),
    ("eighth", "8th"),
    ("ninth", "9th"),
    ("tenth", "10th"),
    ("eleventh", "11th"),
    ("twelfth", "12th"),
    ("thirteenth", "13th"),
    ("fourteenth", "14th"),
    ("fifteenth", "15th"),
    ("sixteenth", "16th"),
    ("seventeenth", "17th"),
    ("eighteenth", "18th"),
    ("nineteenth", "19th"),
    ("twentieth", "20th"),
    ("thirtieth", "30th"),
    ("fortieth", "40th"),
    ("fiftieth", "50th"),
];

fn number_word(key: &str) -> Option<&'static str> {
    CARDINALS.iter().find(|(w, _)| *w == key).map(|(_, d)| *d)
}

fn number_spelled(digits: &str) -> Option<&'static str> {
    CARDINALS.iter().find(|(_, d)| *d == digits).map(|(w, _)| *w)
}

// ---------------------------------------------------------------------------------------
// Spelling: British -> American. Only explicit lists and suffix families; no guessing.

/// Stems spelled -our in British English, -or in American ("neighbourly", "colours").
const OUR_STEMS: &[&str] = &[
    "neighbour",
    "colour",
    "honour",
    "labour",
    "favour",
    "behaviour",
    "harbour",
    "endeavour",
    "vigour",
    "rumour",
    "humour",
    "valour",
    "savour",
    "flavour",
    "armour",
    "odour",
    "parlour",
    "splendour",
    "rigour",
    "fervour",
    "clamour",
    "candour",
    "ardour",
    "tumour",
    "saviour",
    "vapour",
];

/// Whole British spellings and their American counterparts (also as prefixes where the
/// American form is a prefix of the same family: "defences" -> "defenses").
const WORD_PAIRS: &[(&str, &str)] = &[
    ("programme", "program"),
    ("programmes", "programs"),
    ("defence", "defense"),
    ("defences", "defenses"),
    ("offence", "offense"),
    ("offences", "offenses"),
    ("licence", "license"),
    ("licences", "licenses"),
    ("pretence", "pretense"),
    ("practise", "practice"),
    ("practised", "practiced"),
    ("practising", "practicing"),
    ("ageing", "aging"),
    ("judgement", "judgment"),
    ("judgements", "judgments"),
    ("acknowledgement", "acknowledgment"),
    ("fulfil", "fulfill"),
    ("fulfils", "fulfills"),
    ("fulfilment", "fulfillment"),
    ("enrolment", "enrollment"),
    ("instalment", "installment"),
    ("skilful", "skillful"),
    ("wilful", "willful"),
    ("grey", "gray"),
    ("sceptical", "skeptical"),
    ("sceptic", "skeptic"),
    ("scepticism", "skepticism"),
    ("catalogue", "catalog"),
    ("analogue", "analog"),
    ("aluminium", "aluminum"),
    ("mould", "mold"),
    ("plough", "plow"),
    ("centred", "centered"),
    ("centring", "centering"),
    ("manoeuvre", "maneuver"),
    ("manoeuvres", "maneuvers"),
    ("paediatric", "pediatric"),
    ("anaemia", "anemia"),
    ("foetus", "fetus"),
];

/// Stems spelled -re in British English, -er in American, anywhere in a word
/// ("kilometres", "epicentre").
const RE_STEMS: &[(&str, &str)] = &[
    ("centre", "center"),
    ("theatre", "theater"),
    ("metre", "meter"),
    ("litre", "liter"),
    ("fibre", "fiber"),
    ("calibre", "caliber"),
    ("sabre", "saber"),
    ("sombre", "somber"),
    ("spectre", "specter"),
    ("lustre", "luster"),
    ("meagre", "meager"),
];

/// -ise/-ize and -yse/-yze suffix families.
const IZE_SUFFIXES: &[(&str, &str)] = &[
    ("isations", "izations"),
    ("isation", "ization"),
    ("ising", "izing"),
    ("ised", "ized"),
    ("ises", "izes"),
    ("isers", "izers"),
    ("iser", "izer"),
    ("ise", "ize"),
    ("ysing", "yzing"),
    ("ysed", "yzed"),
    ("yse", "yze"),
];

/// Stems that double their final l before a suffix in British English ("travelled").
const LL_STEMS: &[&str] = &[
    "travel", "model", "label", "cancel", "fuel", "level", "channel", "counsel", "signal", "total", "marshal",
    "tunnel", "quarrel", "equal", "dial", "duel", "jewel", "libel", "marvel", "pencil", "rival", "shovel", "spiral",
    "towel", "unravel",
];
const LL_SUFFIXES: &[&str] = &["ed", "ing", "er", "ers", "or", "ors", "ous"];

/// The American spelling of a British-spelled key, if the rules know one.
fn to_us(key: &str) -> Option<String> {
    if let Some((_, us)) = WORD_PAIRS.iter().find(|(uk, _)| *uk == key) {
        return Some((*us).to_string());
    }
    for stem in OUR_STEMS {
        if let Some(rest) = key.strip_prefix(stem) {
            return Some(format!("{}or{rest}", &stem[..stem.len() - 3]));
        }
    }
    for (uk, us) in RE_STEMS {
        if key.contains(uk) {
            return Some(key.replacen(uk, us, 1));
        }
    }
    for stem in LL_STEMS {
        if let Some(rest) = key.strip_prefix(stem).and_then(|r| r.strip_prefix('l'))
            && LL_SUFFIXES.contains(&rest)
        {
            return Some(format!("{stem}{rest}"));
        }
    }
    for (uk, us) in IZE_SUFFIXES {
        if key.len() > uk.len() + 1 && key.ends_with(uk) {
            return Some(format!("{}{us}", &key[..key.len() - uk.len()]));
        }
    }
    None
}

/// British spellings of an American-spelled key (the inverse of [`to_us`]).
fn to_uk(key: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (uk, us) in WORD_PAIRS {
        if *us == key {
            out.push((*uk).to_string());
        }
    }
    for stem in OUR_STEMS {
        let us_stem = format!("{}or", &stem[..stem.len() - 3]);
        if let Some(rest) = key.strip_prefix(us_stem.as_str()) {
            out.push(format!("{stem}{rest}"));
        }
    }
    for (uk, us) in RE_STEMS {
        if key.contains(us) {
            out.push(key.replacen(us, uk, 1));
        }
    }
    for stem in LL_STEMS {
        if let Some(rest) = key.strip_prefix(stem)
            && LL_SUFFIXES.contains(&rest)
        {
            out.push(format!("{stem}l{rest}"));
        }
    }
    for (uk, us) in IZE_SUFFIXES {
        if key.len() > us.len() + 1 && key.ends_with(us) {
            out.push(format!("{}{uk}", &key[..key.len() - us.len()]));
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// Number (grammatical): plural -> singular.

/// Words that end in s but are not plurals of a shorter word (or must not meet it:
/// "news" is not "new", "goods" is not "good").
const NO_SINGULAR: &[&str] = &[
    "news",
    "goods",
    "arms",
    "customs",
    "means",
    "series",
    "species",
    "politics",
    "economics",
    "physics",
    "mathematics",
    "statistics",
    "headquarters",
    "crossroads",
    "whereabouts",
    "thanks",
    "always",
    "perhaps",
    "overseas",
    "whereas",
    "alias",
    "canvas",
    "atlas",
    "chaos",
    "ethos",
    "pathos",
    "kudos",
    "lens",
    "bias",
    "this",
    "thus",
    "plus",
    "yes",
    "its",
    "his",
    "hers",
    "ours",
    "yours",
    "theirs",
    "does",
    "besides",
    "sometimes",
    "afterwards",
    "towards",
    "upwards",
    "downwards",
    "forwards",
    "backwards",
    "regardless",
    "nevertheless",
    "unless",
    "less",
    "various",
    "famous",
    "christmas",
    "texas",
    "paris",
    "athens",
    "brussels",
    "wales",
    "honduras",
    "barbados",
    "bahamas",
    "philippines",
    "netherlands",
    "maldives",
    "seychelles",
    "comoros",
    "mauritius",
    "cyprus",
    "laos",
    "emirates",
    "tidings",
    "ergonomics",
    "logistics",
];

const IRREGULAR: &[(&str, &str)] = &[
    ("crises", "crisis"),
    ("analyses", "analysis"),
    ("theses", "thesis"),
    ("hypotheses", "hypothesis"),
    ("diagnoses", "diagnosis"),
    ("emphases", "emphasis"),
    ("syntheses", "synthesis"),
    ("oases", "oasis"),
    ("men", "man"),
    ("women", "woman"),
    ("children", "child"),
    ("feet", "foot"),
    ("teeth", "tooth"),
    ("mice", "mouse"),
    ("criteria", "criterion"),
    ("phenomena", "phenomenon"),
    ("indices", "index"),
    ("appendices", "appendix"),
    ("lives", "life"),
    ("wives", "wife"),
    ("knives", "knife"),
    ("halves", "half"),
    ("selves", "self"),
    ("thieves", "thief"),
];

fn irregular_singular(key: &str) -> Option<&'static str> {
    IRREGULAR.iter().find(|(p, _)| *p == key).map(|(_, s)| *s)
}

fn irregular_plural(key: &str) -> Option<&'static str> {
    IRREGULAR.iter().find(|(_, s)| *s == key).map(|(p, _)| *p)
}

/// The singular of a regular plural key, or `None` when `key` does not look plural.
fn singular(key: &str) -> Option<String> {
    if key.len() <= 3 || !key.ends_with('s') || !key.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    if NO_SINGULAR.contains(&key) {
        return None;
    }
    let stem = |n: usize| Some(key[..key.len() - n].to_string());
    if key.len() > 4 && key.ends_with("ies") {
        return Some(format!("{}y", &key[..key.len() - 3]));
    }
    if ["sses", "shes", "ches", "xes", "zzes"].iter().any(|s| key.ends_with(s)) {
        return stem(2);
    }
    if ["ss", "us", "is"].iter().any(|s| key.ends_with(s)) {
        return None;
    }
    stem(1)
}

/// The regular plural of a key, or `None` for keys that do not inflect (digits, short
/// function words are filtered later by the canonical check).
fn plural(key: &str) -> Option<String> {
    if key.len() < 2 || !key.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    let b = key.as_bytes();
    let last = b[b.len() - 1];
    if key.ends_with('s') || key.ends_with('x') || key.ends_with('z') || key.ends_with("ch") || key.ends_with("sh") {
        return Some(format!("{key}es"));
    }
    if last == b'y' && !b"aeiou".contains(&b[b.len() - 2]) {
        return Some(format!("{}ies", &key[..key.len() - 1]));
    }
    Some(format!("{key}s"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(s: &str) -> Vec<String> {
        tokens(s).into_iter().map(|t| t.key).collect()
    }

    #[test]
    fn separators_hyphens_dashes_quotes_and_breaks() {
        let want = ["win", "win", "cooperation"];
        for s in [
            "win-win cooperation",
            "win win cooperation",
            "win–win cooperation",
            "win—win cooperation",
            "win-\nwin\n\ncooperation",
            "“win-win cooperation”",
            "\"win-win cooperation\"",
            "WIN-WIN COOPERATION",
            "win\u{00A0}win \n\n cooperation",
        ] {
            assert_eq!(keys(s), want, "{s:?}");
        }
    }

    #[test]
    fn apostrophes_clitics_and_punctuation() {
        assert_eq!(keys("People’s Republic"), ["people", "'s", "republic"]);
        assert_eq!(keys("People's Republic"), ["people", "'s", "republic"]);
        assert_eq!(keys("ministers’ meeting"), ["ministers", "meeting"]);
        assert_eq!(keys("‘Belt and Road’"), ["belt", "and", "road"]);
        assert_eq!(keys("One Belt, One Road"), ["one", "belt", ",", "one", "road"]);
        assert_eq!(keys("C+C5 c++ .net"), ["c", "+", "c5", "c", "+", "+", ".", "net"]);
        assert_eq!(keys("neigh\u{00AD}borly"), ["neighborly"]);
    }

    #[test]
    fn spelling_key_folds_grammar_but_keeps_british_spelling() {
        assert_eq!(spelling_key("revolutions"), "revolution");
        assert_eq!(spelling_key("colours"), "colour");
        assert_eq!(spelling_key("colour"), "colour");
        assert_eq!(spelling_key("neighbourly"), "neighbourly");
        assert_eq!(spelling_key("five"), "5");
        assert_eq!(spelling_key("crises"), "crisis");
        assert_ne!(spelling_key("centres"), spelling_key("centers"));
        assert_eq!(canon(&spelling_key("centres")), canon(&spelling_key("centers")));
    }

    #[test]
    fn token_offsets_are_original_bytes() {
        let s = "“Belt and Road” — co-operation";
        let t = tokens(s);
        assert_eq!(&s[t[0].token.start..t[0].token.end], "Belt");
        assert_eq!(&s[t[2].token.start..t[2].token.end], "Road");
        assert_eq!(&s[t[4].token.start..t[4].token.end], "operation");
    }

    #[test]
    fn all_caps_flag() {
        let t = tokens("SCO Sco IRE1 R US$");
        let caps: Vec<bool> = t.iter().map(|t| t.token.all_caps).collect();
        assert_eq!(caps, [true, false, true, false, true, false]);
    }

    #[test]
    fn canonical_keys() {
        for (a, b) in [
            ("neighbourly", "neighborly"),
            ("neighbours", "neighbor"),
            ("colour", "color"),
            ("centre", "center"),
            ("centres", "center"),
            ("centred", "centered"),
            ("programme", "program"),
            ("programmes", "program"),
            ("civilisations", "civilization"),
            ("organised", "organized"),
            ("revolutions", "revolution"),
            ("countries", "country"),
            ("approaches", "approach"),
            ("processes", "process"),
            ("crises", "crisis"),
            ("five", "5"),
            ("first", "1st"),
            ("travelled", "traveled"),
            ("kilometres", "kilometer"),
            ("defence", "defense"),
        ] {
            assert_eq!(canon(a), canon(b), "{a} vs {b}");
        }
        for (a, b) in [("news", "new"), ("goods", "good"), ("four", "for"), ("compute", "computer"), ("us", "u")] {
            assert_ne!(canon(a), canon(b), "{a} vs {b}");
        }
    }

    #[test]
    fn surface_variants_cover_spelling_and_number() {
        let v = surface_variants("neighborly");
        assert!(v.contains(&"neighbourly".to_string()), "{v:?}");
        let v = surface_variants("revolution");
        assert!(v.contains(&"revolutions".to_string()), "{v:?}");
        let v = surface_variants("civilization");
        for w in ["civilisation", "civilisations", "civilizations"] {
            assert!(v.contains(&w.to_string()), "{w} in {v:?}");
        }
        let v = surface_variants("center");
        assert!(v.contains(&"centres".to_string()), "{v:?}");
        let v = surface_variants("five");
        assert!(v.contains(&"5".to_string()), "{v:?}");
        assert!(!surface_variants("new").contains(&"news".to_string()));
        for v in surface_variants("programmes") {
            assert_eq!(canon(&v), canon("programme"));
        }
    }

    #[test]
    fn acronym_forms() {
        assert!(is_acronym_form(&tokens("SCO")));
        assert!(!is_acronym_form(&tokens("BRICS cooperation")));
        assert!(!is_acronym_form(&tokens("Sco")));
        assert_eq!(form_key("WHO"), ["=WHO"]);
        assert_eq!(form_key("Neighbourly relations"), ["neighborly", "relation"]);
        assert_eq!(form_key("non-interference"), form_key("noninterference"));
        assert_eq!(form_key("counter terrorism"), form_key("counterterrorism"));
    }

    #[test]
    fn prefixed_words_have_joined_and_split_alternatives() {
        let k = |s: &str| tokens(s).into_iter().map(|t| t.key).collect::<Vec<_>>();
        let alts = prefix_alternatives(&k("win-win cooperation"));
        assert_eq!(alts, [k("win win cooperation"), k("win win co operation")]);
        let alts = prefix_alternatives(&k("non-interference in internal affairs"));
        assert_eq!(alts[1], k("noninterference in internal affairs"));
    }
}
