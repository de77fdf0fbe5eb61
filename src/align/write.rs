//! Writing beads for people and tools: `beads`, `tsv`, `jsonl`, `tmx`.
//!
//! * `beads` is the evaluation format of the reference scorer: one bead per line, 0-based
//!   sentence ids, `[0]:[0]`, `[1,2]:[3]`, `[4]:[]`.
//! * `tsv`: the Chinese, a tab, the English, one bead per line. Sentences of a bead are
//!   joined (Chinese without a space, English with one); white space inside a sentence
//!   (line breaks of the source file) is flattened so that every bead stays one row. A side with no sentence is
//!   an empty cell.
//! * `jsonl`: one object per bead with its number, sentence ids, shape, confidence and
//!   text, in a fixed field order.
//! * `tmx`: TMX 1.4b, one translation unit per bead with both sides (a sentence without a
//!   translation is no translation memory entry, so 1-0 and 0-1 beads are left out). The
//!   header carries every attribute the DTD requires and no date, so the same input always
//!   gives the same bytes.
//!
//! Writers take any `Write`; the caller chooses standard output or an atomic file.

use std::io::Write;

use super::Bead;
use crate::error::{Error, Result};

/// The output formats of `termalign align`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Beads,
    Tsv,
    Jsonl,
    Tmx,
}

/// The aligned texts: sentences of each side and their language codes (for TMX).
pub struct Aligned<'a> {
    pub zh: &'a [&'a str],
    pub en: &'a [&'a str],
    pub beads: &'a [Bead],
    pub zh_lang: &'a str,
    pub en_lang: &'a str,
}

/// Writes `a` in `format` to `w`; `dest` names the destination in errors.
pub fn write(w: &mut dyn Write, format: Format, a: &Aligned, dest: &std::path::Path) -> Result<()> {
    let r = match format {
        Format::Beads => beads(w, a),
        Format::Tsv => tsv(w, a),
        Format::Jsonl => jsonl(w, a),
        Format::Tmx => tmx(w, a),
    };
    r.map_err(|e| Error::io(dest, "cannot write alignment", e))
}

fn ids(r: &std::ops::Range<usize>) -> String {
    r.clone().map(|i| i.to_string()).collect::<Vec<_>>().join(",")
}

fn beads(w: &mut dyn Write, a: &Aligned) -> std::io::Result<()> {
    for b in a.beads {
        writeln!(w, "[{}]:[{}]", ids(&b.zh), ids(&b.en))?;
    }
    Ok(())
}

/// The sentences of one side of a bead as one line of text (see [`push_one_line`]).
fn joined(sents: &[&str], r: &std::ops::Range<usize>, sep: &str) -> String {
    let mut out = String::new();
    for (k, s) in sents[r.clone()].iter().enumerate() {
        if k > 0 {
            out.push_str(sep);
        }
        push_one_line(&mut out, s);
    }
    out
}

/// Appends `s` as one line: white-space runs (line breaks of the source file, tabs) become
/// one space, or nothing between two Chinese characters, where a line break never stood
/// for a space (so a term wrapped across lines is whole again).
pub fn push_one_line(out: &mut String, s: &str) {
    let mut pieces = s.split_whitespace().peekable();
    while let Some(p) = pieces.next() {
        out.push_str(p);
        if let Some(next) = pieces.peek() {
            let cjk_join = p.chars().next_back().is_some_and(is_wide) && next.chars().next().is_some_and(is_wide);
            if !cjk_join {
                out.push(' ');
            }
        }
    }
}

/// Characters written without spaces around them: CJK ideographs and full-width punctuation.
fn is_wide(c: char) -> bool {
    matches!(c, '\u{2E80}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}' | '\u{20000}'..='\u{2FA1F}')
}

fn tsv(w: &mut dyn Write, a: &Aligned) -> std::io::Result<()> {
    for b in a.beads {
        writeln!(w, "{}\t{}", joined(a.zh, &b.zh, ""), joined(a.en, &b.en, " "))?;
    }
    Ok(())
}

#[derive(serde::Serialize)]
struct JsonBead<'a> {
    bead: usize,
    zh_ids: Vec<usize>,
    en_ids: Vec<usize>,
    #[serde(rename = "type")]
    shape: &'a str,
    confidence: f64,
    zh: String,
    en: String,
}

fn jsonl(w: &mut dyn Write, a: &Aligned) -> std::io::Result<()> {
    for (k, b) in a.beads.iter().enumerate() {
        let shape = b.shape();
        let j = JsonBead {
            bead: k,
            zh_ids: b.zh.clone().collect(),
            en_ids: b.en.clone().collect(),
            shape: &shape,
            confidence: (b.confidence * 1000.0).round() / 1000.0,
            zh: joined(a.zh, &b.zh, ""),
            en: joined(a.en, &b.en, " "),
        };
        serde_json::to_writer(&mut *w, &j)?;
        writeln!(w)?;
    }
    Ok(())
}

/// Escapes text for XML content and attributes; drops characters XML 1.0 forbids.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

fn tmx(w: &mut dyn Write, a: &Aligned) -> std::io::Result<()> {
    let (zl, el) = (xml_escape(a.zh_lang), xml_escape(a.en_lang));
    writeln!(w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
    writeln!(w, "<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">")?;
    writeln!(w, "<tmx version=\"1.4\">")?;
    writeln!(
        w,
        "  <header creationtool=\"termalign\" creationtoolversion=\"{}\" segtype=\"sentence\" o-tmf=\"termalign\" adminlang=\"en-US\" srclang=\"{zl}\" datatype=\"plaintext\"/>",
        env!("CARGO_PKG_VERSION")
    )?;
    writeln!(w, "  <body>")?;
    for (k, b) in a.beads.iter().enumerate() {
        if b.zh.is_empty() || b.en.is_empty() {
            continue;
        }
        writeln!(w, "    <tu tuid=\"{}\">", k + 1)?;
        writeln!(w, "      <prop type=\"x-termalign-bead\">[{}]:[{}]</prop>", ids(&b.zh), ids(&b.en))?;
        writeln!(w, "      <tuv xml:lang=\"{zl}\"><seg>{}</seg></tuv>", xml_escape(&joined(a.zh, &b.zh, "")))?;
        writeln!(w, "      <tuv xml:lang=\"{el}\"><seg>{}</seg></tuv>", xml_escape(&joined(a.en, &b.en, " ")))?;
        writeln!(w, "    </tu>")?;
    }
    writeln!(w, "  </body>")?;
    writeln!(w, "</tmx>")?;
    Ok(())
}
