//! Glossary exports that CAT tools and MT engines read without hand-editing.
//!
//! Each target tool has its own dialect, and the failures translators meet are always the
//! same few: Chinese garbled by a missing (or unwanted) byte-order mark, a header row
//! imported as a term, synonyms merged into one string, deprecated renderings arriving as
//! if they were allowed, a formula cell, a term with a TAB that shifts every column after
//! it. So every profile is one module behind the [`Exporter`] trait, and each module's
//! documentation says which tool reads the file and what breaks it there. The facts come
//! from the vendors' pages and from running the real readers (`../shared/clients`).
//!
//! Three families, three policies:
//! - **Term bases for CAT tools** (`csv`, `tbx`, `tbx3`, `omegat`, and the spreadsheet
//!   profiles): every entry, every synonym, deprecated forms marked as such where the
//!   format has a place for it.
//! - **Spreadsheets** (`memoq`, `multiterm`, `smartcat`, `phrase`, `crowdin` and the
//!   `-xlsx` variants) are opened and edited by people in Excel: CSV cells that a spreadsheet
//!   would run as a formula are neutralised with a leading `'` (see `export::sheet`).
//! - **Machine-read files** (`deepl`, `google`, `google-terms`, `amazon`, `omegat`, TBX)
//!   never alter a term: a term the format cannot carry (a TAB in a TSV, a control
//!   character, a term over a size limit) is an error naming the entry and the glossary
//!   line it came from, never a silently broken file. MT glossaries map one source to one
//!   target (the preferred form); see `export::mt` for what happens when two entries claim the
//!   same source term.
//!
//! Output bytes are deterministic (file order, fixed XLSX timestamps), so an export can be
//! committed and diffed.

pub mod amazon;
pub mod crowdin;
pub mod csv;
pub mod deepl;
pub mod google;
pub mod job;
pub mod memoq;
pub mod multiterm;
pub mod omegat;
pub mod phrase;
pub mod smartcat;
pub mod tbx;
pub mod tbx3;

pub(crate) mod mt;
pub(crate) mod sheet;
pub(crate) mod xml;

use std::collections::HashMap;
use std::io::Write;

use crate::error::{Error, Result};
use crate::glossary::{Entry, Glossary};

/// Which language is the source of the translation the export serves.
///
/// It decides the column order of tables and, for MT glossaries and OmegaT, which side
/// is looked up. Term bases (TBX) carry both languages either way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Direction {
    #[default]
    ZhEn,
    EnZh,
}

/// What the user asked for, before each profile fills in its own defaults.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub direction: Direction,
    /// Language of the source side, as the user spelled it (BCP 47).
    pub source_lang: Option<String>,
    pub target_lang: Option<String>,
    /// Write a UTF-8 byte-order mark; `None` = the profile's default.
    pub bom: Option<bool>,
    pub exclude_deprecated: bool,
    /// Example sentences by entry id (`--with-context`), for formats with a field for them.
    pub context: HashMap<String, String>,
}

/// The options as a profile sees them: every default resolved.
#[derive(Debug, Clone)]
pub struct Settings {
    pub direction: Direction,
    /// The Chinese and English language labels, in the tool's spelling.
    pub zh_lang: String,
    pub en_lang: String,
    pub bom: bool,
    pub context: HashMap<String, String>,
}

impl Settings {
    /// Source and target labels in the order of the direction.
    pub fn langs(&self) -> (&str, &str) {
        match self.direction {
            Direction::ZhEn => (&self.zh_lang, &self.en_lang),
            Direction::EnZh => (&self.en_lang, &self.zh_lang),
        }
    }

    pub fn context_of(&self, e: &Entry) -> Option<&str> {
        self.context.get(&e.id).map(String::as_str)
    }
}

/// What an export did, for the summary on standard error.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Entries that made it into the file.
    pub entries: usize,
    /// Records written (rows, lines, terms: one entry may give several).
    pub records: usize,
    /// Entries left out, each with the reason.
    pub skipped: Vec<(String, String)>,
    /// Things the user should know that did not stop the export.
    pub warnings: Vec<String>,
}

/// One output format for one tool.
pub trait Exporter {
    /// The profile name given to `--to`.
    fn name(&self) -> &'static str;
    /// The tool's own spelling of Chinese and English when the user gives no language.
    fn default_langs(&self) -> (&'static str, &'static str);
    /// How the tool spells a BCP 47 code (MultiTerm wants names); identity by default.
    fn spell_lang(&self, code: &str) -> String {
        code.to_string()
    }
    /// A BOM by default only where Excel is the expected reader.
    fn default_bom(&self) -> bool {
        false
    }
    /// False where a BOM would become part of the first term (the tool does not strip it).
    fn bom_allowed(&self) -> bool {
        !self.is_binary()
    }
    /// Output file extensions the tool accepts (lower case, without dot); empty = any.
    fn extensions(&self) -> &'static [&'static str] {
        &[]
    }
    /// True for formats that are not text (XLSX), which are not sent to a terminal.
    fn is_binary(&self) -> bool {
        false
    }
    /// Writes the glossary. May write partially before an error: callers write through
    /// [`crate::output::write_atomic`], which then keeps the previous file.
    fn write(&self, g: &Glossary, s: &Settings, out: &mut dyn Write) -> Result<Summary>;
}

/// Every profile name, in the order `--help` lists them.
pub const PROFILES: &[&str] = &[
    "csv",
    "tbx",
    "tbx3",
    "omegat",
    "memoq",
    "memoq-xlsx",
    "multiterm",
    "multiterm-xlsx",
    "smartcat",
    "smartcat-xlsx",
    "phrase",
    "phrase-xlsx",
    "crowdin",
    "deepl",
    "google",
    "google-terms",
    "amazon",
];

/// The exporter for a profile name.
pub fn profile(name: &str) -> Option<Box<dyn Exporter>> {
    Some(match name {
        "csv" => Box::new(csv::Csv),
        "tbx" => Box::new(tbx::Tbx),
        "tbx3" => Box::new(tbx3::Tbx3),
        "omegat" => Box::new(omegat::Omegat),
        "memoq" => Box::new(memoq::Memoq { xlsx: false }),
        "memoq-xlsx" => Box::new(memoq::Memoq { xlsx: true }),
        "multiterm" => Box::new(multiterm::Multiterm { xlsx: false }),
        "multiterm-xlsx" => Box::new(multiterm::Multiterm { xlsx: true }),
        "smartcat" => Box::new(smartcat::Smartcat { xlsx: false }),
        "smartcat-xlsx" => Box::new(smartcat::Smartcat { xlsx: true }),
        "phrase" => Box::new(phrase::PhraseStrings),
        "phrase-xlsx" => Box::new(phrase::PhraseTms),
        "crowdin" => Box::new(crowdin::Crowdin),
        "deepl" => Box::new(deepl::Deepl),
        "google" => Box::new(google::Google),
        "google-terms" => Box::new(google::GoogleTerms),
        "amazon" => Box::new(amazon::Amazon),
        _ => return None,
    })
}

/// Resolves the options for `exporter` and writes `g` to `out`.
///
/// Empty exports are refused: a file with no entry is either a mistake (a wrong
/// `--only-in` document) or something a tool rejects (TBX v3 requires one concept).
pub fn export(exporter: &dyn Exporter, g: &Glossary, opts: &Options, out: &mut dyn Write) -> Result<Summary> {
    let settings = settings(exporter, opts)?;
    let stripped;
    let g = if opts.exclude_deprecated {
        let mut c = Glossary::new();
        for e in g.entries() {
            c.insert(Entry { deprecated: Vec::new(), ..e.clone() });
        }
        stripped = c;
        &stripped
    } else {
        g
    };
    if g.is_empty() {
        return Err(Error::usage("no entries to export"));
    }
    if settings.bom {
        out.write_all(b"\xEF\xBB\xBF").map_err(|e| Error::io("-", "cannot write the export", e))?;
    }
    exporter.write(g, &settings, out)
}

/// Fills in the profile's language spellings and BOM default.
pub fn settings(exporter: &dyn Exporter, opts: &Options) -> Result<Settings> {
    let (zh_default, en_default) = exporter.default_langs();
    let (zh_opt, en_opt) = match opts.direction {
        Direction::ZhEn => (&opts.source_lang, &opts.target_lang),
        Direction::EnZh => (&opts.target_lang, &opts.source_lang),
    };
    let lang = |given: &Option<String>, default: &str, want: &str| -> Result<String> {
        match given {
            None => Ok(default.to_string()),
            Some(code) => {
                check_lang(code, want)?;
                Ok(exporter.spell_lang(code))
            }
        }
    };
    if opts.bom == Some(true) && !exporter.bom_allowed() {
        let why = if exporter.is_binary() {
            "is not a text file"
        } else {
            "is read by a tool that keeps a BOM as part of the first term"
        };
        return Err(Error::usage(format!("--bom: the `{}` export {why}", exporter.name())));
    }
    Ok(Settings {
        direction: opts.direction,
        zh_lang: lang(zh_opt, zh_default, "zh")?,
        en_lang: lang(en_opt, en_default, "en")?,
        bom: opts.bom.unwrap_or_else(|| exporter.default_bom()) && exporter.bom_allowed(),
        context: opts.context.clone(),
    })
}

/// A language option must be a BCP 47 tag of the right language: `--source-lang de`
/// would label Chinese terms as German, which every tool then files under the wrong language.
fn check_lang(code: &str, want: &str) -> Result<()> {
    let well_formed = !code.is_empty()
        && code
            .split(['-', '_'])
            .all(|p| !p.is_empty() && p.len() <= 8 && p.chars().all(|c| c.is_ascii_alphanumeric()));
    let primary = code.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
    if !well_formed {
        return Err(Error::usage(format!("`{code}` is not a BCP 47 language tag (e.g. zh-CN, zh-Hans, en-US)")));
    }
    if primary != want {
        let name = if want == "zh" { "Chinese" } else { "English" };
        return Err(Error::usage(format!(
            "`{code}` is not a {name} language tag: the {name} side must be `{want}` or `{want}-…` (check --direction)"
        )));
    }
    Ok(())
}

/// An error about one entry, located at the glossary line it came from.
pub(crate) fn entry_error(e: &Entry, msg: impl std::fmt::Display) -> Error {
    Error::at(e.origin.file.as_ref(), e.origin.line, 0, format!("entry `{}`: {msg}", e.id))
}

/// What a term may not contain in a given format.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct TermRules {
    /// The format separates fields with TAB and records with line ends, without quoting.
    pub tsv: bool,
    /// Largest term in UTF-8 bytes (0 = no limit).
    pub max_bytes: usize,
    /// The format's name, for messages.
    pub format: &'static str,
}

/// Refuses a term the format cannot carry, naming the entry and the glossary line.
pub(crate) fn check_term(e: &Entry, term: &str, r: TermRules) -> Result<()> {
    let bad = |why: String| {
        Err(entry_error(e, format!("term \"{}\" {why}; {} cannot carry it", term.escape_debug(), r.format)))
    };
    if term.is_empty() {
        return bad("is empty".to_string());
    }
    if term.trim() != term {
        return bad("has leading or trailing white space, which the tool would strip".to_string());
    }
    if r.tsv && term.contains('\t') {
        return bad("contains a TAB".to_string());
    }
    if let Some(c) = term.chars().find(|&c| c.is_control() || c == '\u{2028}' || c == '\u{2029}') {
        let what = if matches!(c, '\n' | '\r') {
            "a line break".to_string()
        } else {
            format!("the control character U+{:04X}", c as u32)
        };
        return bad(format!("contains {what}"));
    }
    if r.max_bytes > 0 && term.len() > r.max_bytes {
        return bad(format!("is {} UTF-8 bytes long (the limit is {})", term.len(), r.max_bytes));
    }
    Ok(())
}

/// A free-text field (note, comment) for a one-line format: runs of white space that
/// include TAB or line breaks become one space. Notes are prose, not terms, so folding is
/// safe; control characters are still refused.
pub(crate) fn one_line(e: &Entry, text: &str, format: &'static str) -> Result<String> {
    if let Some(c) = text.chars().find(|&c| c.is_control() && !matches!(c, '\t' | '\n' | '\r')) {
        return Err(entry_error(
            e,
            format!("note contains the control character U+{:04X}; {format} cannot carry it", c as u32),
        ));
    }
    Ok(text.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// The deprecated renderings with their reasons, as prose: `Do not use: A (reason); B`.
pub(crate) fn do_not_use(e: &Entry) -> Option<String> {
    if e.deprecated.is_empty() {
        return None;
    }
    let deps: Vec<String> = e
        .deprecated
        .iter()
        .map(|d| if d.reason.is_empty() { d.form.clone() } else { format!("{} ({})", d.form, d.reason) })
        .collect();
    Some(format!("Do not use: {}", deps.join("; ")))
}

/// The note and the deprecated renderings, for tools with a note field beside the terms.
pub(crate) fn note_with_deprecated(e: &Entry) -> String {
    let note = (!e.note.is_empty()).then(|| e.note.clone());
    note.into_iter().chain(do_not_use(e)).collect::<Vec<_>>().join(" | ")
}

/// The note, admitted variants, deprecated forms, source and example of an entry as one
/// line of prose, for tools that have a single description or comment field.
pub(crate) fn description(e: &Entry, s: &Settings, with_variants: bool) -> String {
    let mut parts: Vec<String> = Vec::new();
    if !e.note.is_empty() {
        parts.push(e.note.clone());
    }
    if with_variants && !e.variants.is_empty() {
        parts.push(format!("Also: {}", e.variants.join("; ")));
    }
    parts.extend(do_not_use(e));
    if !e.source.is_empty() {
        parts.push(format!("Source: {}", e.source));
    }
    if let Some(c) = s.context_of(e) {
        parts.push(format!("Example: {c}"));
    }
    parts.join(" | ")
}

#[cfg(test)]
pub(crate) mod tests;
