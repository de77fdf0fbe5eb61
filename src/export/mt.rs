//! Source→target pairs for MT glossaries (DeepL, Google, Amazon).
//!
//! An MT glossary is a function: each source term maps to exactly one target, which the
//! engine forces into its output. So:
//!
//! - the target is always the **preferred** form (never a variant, never a deprecated form);
//! - in zh→en every Chinese form (preferred and variants) is a source; in en→zh every
//!   English form is, deprecated ones included, since a source text that uses "One Belt,
//!   One Road" must still come out as 一带一路;
//! - an entry without the source or the target language is skipped and counted (an MT
//!   glossary cannot hold half a pair); the command line prints the count and the ids;
//! - **two entries claiming one source term**: DeepL's client refuses the whole file. If
//!   both give the same target, the later pair is dropped. If the targets differ and the
//!   term is the preferred form of exactly one of the entries, that entry keeps it and the
//!   other pairing is dropped with a warning (a short form shared by two concepts should
//!   not hijack the concept it officially names). Otherwise the export fails with an error
//!   naming both entries and their glossary lines: the term base is ambiguous, and only
//!   the terminologist can say which rendering the engine must force.

use indexmap::IndexMap;

use super::{Direction, Summary, TermRules, check_term, entry_error};
use crate::error::Result;
use crate::glossary::{Entry, Glossary};

/// One line of an MT glossary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Pair<'a> {
    pub src: &'a str,
    pub tgt: &'a str,
    pub entry: &'a Entry,
    /// The source is the entry's preferred form in its language.
    pub preferred: bool,
}

/// Builds the pairs; `preferred_only` keeps only preferred sources (Google's equivalent
/// term sets, where each row is one concept).
pub(crate) fn pairs<'a>(
    g: &'a Glossary,
    dir: Direction,
    preferred_only: bool,
    rules: TermRules,
    summary: &mut Summary,
) -> Result<Vec<Pair<'a>>> {
    let mut by_src: IndexMap<&'a str, Pair<'a>> = IndexMap::new();
    let mut entries = 0;
    for e in g.entries() {
        let (sources, tgt): (Vec<&str>, &str) = match dir {
            Direction::ZhEn => (e.zh_forms().collect(), e.en.as_str()),
            Direction::EnZh => {
                let en = std::iter::once(e.en.as_str())
                    .chain(e.variants.iter().map(String::as_str))
                    .chain(e.deprecated.iter().map(|d| d.form.as_str()))
                    .filter(|t| !t.is_empty());
                (en.collect(), e.zh.as_str())
            }
        };
        let (src_lang, tgt_lang) = if dir == Direction::ZhEn { ("Chinese", "English") } else { ("English", "Chinese") };
        if sources.is_empty() {
            summary.skipped.push((e.id.clone(), format!("no {src_lang}")));
            continue;
        }
        if tgt.is_empty() {
            summary.skipped.push((e.id.clone(), format!("no preferred {tgt_lang}")));
            continue;
        }
        check_term(e, tgt, rules)?;
        entries += 1;
        for (i, src) in sources.into_iter().enumerate() {
            let preferred = i == 0;
            if preferred_only && !preferred {
                break;
            }
            check_term(e, src, rules)?;
            let pair = Pair { src, tgt, entry: e, preferred };
            let Some(old) = by_src.get(src) else {
                by_src.insert(src, pair);
                continue;
            };
            if old.tgt == tgt || std::ptr::eq(old.entry, e) {
                continue;
            }
            let clash = format!(
                "source term \"{src}\" is claimed by entry `{}` ({}:{}, → \"{}\") and entry `{}` ({}:{}, → \"{}\")",
                old.entry.id,
                old.entry.origin.file,
                old.entry.origin.line,
                old.tgt,
                e.id,
                e.origin.file,
                e.origin.line,
                tgt
            );
            match (old.preferred, preferred) {
                (true, false) => summary.warnings.push(format!("{clash}; kept `{}`, its preferred form", old.entry.id)),
                (false, true) => {
                    summary.warnings.push(format!("{clash}; kept `{}`, its preferred form", e.id));
                    by_src.insert(src, pair);
                }
                _ => {
                    return Err(entry_error(
                        e,
                        format!(
                            "{clash}: an MT glossary maps each source to one target; make the term a variant of only one entry, or leave one entry out"
                        ),
                    ));
                }
            }
        }
    }
    summary.entries = entries;
    Ok(by_src.into_values().collect())
}

/// Writes a small CSV (header, then rows) to memory with LF line ends, as the MT engines
/// read it; it is built whole so that its size can be checked before anything is written.
/// Every field is quoted (see [`super::sheet::Sheet::write_csv`] for why).
pub(crate) fn csv_bytes<'r>(
    header: [&str; 3],
    rows: impl IntoIterator<Item = [&'r str; 3]>,
    width: usize,
) -> Result<Vec<u8>> {
    let cerr = |e: ::csv::Error| crate::error::Error::usage(format!("cannot write CSV: {e}"));
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::Any(b'\n'))
        .quote_style(::csv::QuoteStyle::Always)
        .from_writer(Vec::new());
    w.write_record(&header[..width]).map_err(cerr)?;
    for r in rows {
        w.write_record(&r[..width]).map_err(cerr)?;
    }
    w.into_inner().map_err(|e| crate::error::Error::usage(format!("cannot write CSV: {e}")))
}
