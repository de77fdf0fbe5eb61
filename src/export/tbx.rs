//! `tbx`: TBX-Basic in the TBX 2008 "martif" form.
//!
//! Root `martif`, no namespace, `termEntry/langSet/tig/term`. This is the TBX that
//! OmegaT (3.6 and later), translate-toolkit, Crowdin, memoQ, Phrase TMS and most other CAT
//! tools import; neither OmegaT 3.6 nor translate-toolkit reads TBX v3 (`tbx3`), which
//! they reject at the root element.
//!
//! One `termEntry` per entry, its `id` the entry id (escaped to an XML name where needed,
//! see `super::xml::encode_id`). Every form is its own term with an
//! `administrativeStatus`: the preferred form `preferredTerm-admn-sts`, variants
//! `admittedTerm-admn-sts`, deprecated renderings `deprecatedTerm-admn-sts` with the
//! reason as the term's `note`. The category is the entry's `subjectField`, the usage note
//! its `note`, the source its `admin type="source"`. With `--with-context` the example
//! sentence is a `descrip type="context"` of the source term. The language sections come
//! in the order of `--direction`. `glossary import --from tbx` reads all of this back
//! unchanged.

use std::io::Write;

use super::xml::{XmlOut, encode_id, unwritable};
use super::{Direction, Exporter, Settings, Summary, entry_error};
use crate::error::{Error, Result};
use crate::glossary::{Entry, Glossary};

pub struct Tbx;

/// The administrative status of a term, as TBX-Basic spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Status {
    Preferred,
    Admitted,
    Deprecated,
}

impl Status {
    pub(crate) fn as_tbx(self) -> &'static str {
        match self {
            Status::Preferred => "preferredTerm-admn-sts",
            Status::Admitted => "admittedTerm-admn-sts",
            Status::Deprecated => "deprecatedTerm-admn-sts",
        }
    }
}

/// One term of a language section.
pub(crate) struct Term<'a> {
    pub text: &'a str,
    pub status: Status,
    /// The reason a deprecated term is deprecated.
    pub note: &'a str,
    /// An example sentence (only on the source language's preferred term).
    pub context: Option<&'a str>,
}

/// The language sections of an entry in the order of the direction (source first),
/// without empty sections. Shared by both TBX forms, which differ only in element names.
pub(crate) fn lang_sections<'a>(e: &'a Entry, s: &'a Settings) -> Result<Vec<(&'a str, Vec<Term<'a>>)>> {
    let ctx = s.context_of(e);
    let mut zh: Vec<Term> = Vec::new();
    for (i, t) in e.zh_forms().enumerate() {
        let status = if i == 0 && !e.zh.is_empty() { Status::Preferred } else { Status::Admitted };
        zh.push(Term { text: t, status, note: "", context: None });
    }
    let mut en: Vec<Term> = Vec::new();
    if !e.en.is_empty() {
        en.push(Term { text: &e.en, status: Status::Preferred, note: "", context: None });
    }
    en.extend(e.variants.iter().map(|v| Term { text: v, status: Status::Admitted, note: "", context: None }));
    en.extend(e.deprecated.iter().map(|d| Term {
        text: &d.form,
        status: Status::Deprecated,
        note: &d.reason,
        context: None,
    }));
    let (mut src, tgt, src_lang, tgt_lang) = match s.direction {
        Direction::ZhEn => (zh, en, s.zh_lang.as_str(), s.en_lang.as_str()),
        Direction::EnZh => (en, zh, s.en_lang.as_str(), s.zh_lang.as_str()),
    };
    if let Some(first) = src.first_mut() {
        first.context = ctx;
    }
    let sections: Vec<_> = [(src_lang, src), (tgt_lang, tgt)].into_iter().filter(|(_, t)| !t.is_empty()).collect();
    if sections.is_empty() {
        return Err(entry_error(e, "has no term in either language; a TBX concept needs at least one term"));
    }
    let texts = sections.iter().flat_map(|(_, ts)| ts.iter().flat_map(|t| [t.text, t.note, t.context.unwrap_or("")]));
    for text in texts.chain([e.id.as_str(), &e.category, &e.note, &e.source]) {
        if let Some(c) = unwritable(text) {
            return Err(entry_error(
                e,
                format!("\"{}\" contains U+{:04X}, which XML cannot carry", text.escape_debug(), c as u32),
            ));
        }
    }
    Ok(sections)
}

/// Element names of one TBX form.
pub(crate) struct Names {
    pub entry: &'static str,
    pub lang: &'static str,
    pub term: &'static str,
}

/// Writes the `body` content shared by both TBX forms.
pub(crate) fn write_body(x: &mut XmlOut, g: &Glossary, s: &Settings, n: &Names) -> Result<()> {
    for e in g.entries() {
        let sections = lang_sections(e, s)?;
        x.open(n.entry, &[("id", &encode_id(&e.id))]);
        if !e.category.is_empty() {
            x.leaf("descrip", &[("type", "subjectField")], &e.category);
        }
        if !e.note.is_empty() {
            x.leaf("note", &[], &e.note);
        }
        if !e.source.is_empty() {
            x.leaf("admin", &[("type", "source")], &e.source);
        }
        for (lang, terms) in sections {
            x.open(n.lang, &[("xml:lang", lang)]);
            for t in terms {
                x.open(n.term, &[]);
                x.leaf("term", &[], t.text);
                x.leaf("termNote", &[("type", "administrativeStatus")], t.status.as_tbx());
                if let Some(c) = t.context {
                    x.leaf("descrip", &[("type", "context")], c);
                }
                if !t.note.is_empty() {
                    x.leaf("note", &[], t.note);
                }
                x.close();
            }
            x.close();
        }
        x.close();
    }
    Ok(())
}

pub(crate) fn finish(x: XmlOut, out: &mut dyn Write) -> Result<()> {
    out.write_all(x.finish().as_bytes()).map_err(|e| Error::io("-", "cannot write the export", e))
}

impl Exporter for Tbx {
    fn name(&self) -> &'static str {
        "tbx"
    }

    fn default_langs(&self) -> (&'static str, &'static str) {
        ("zh-CN", "en")
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["tbx"]
    }

    fn write(&self, g: &Glossary, s: &Settings, out: &mut dyn Write) -> Result<Summary> {
        let mut x = XmlOut::new(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE martif SYSTEM \"TBXBasiccoreStructV02.dtd\">\n",
        );
        x.open("martif", &[("type", "TBX-Basic-V1"), ("xml:lang", "en")]);
        x.open("martifHeader", &[]);
        x.open("fileDesc", &[]);
        x.open("sourceDesc", &[]);
        x.leaf("p", &[], "Exported by termalign");
        x.close();
        x.close();
        x.open("encodingDesc", &[]);
        x.leaf("p", &[("type", "XCSURI")], "TBXBasicXCSV02.xcs");
        x.close();
        x.close();
        x.open("text", &[]);
        x.open("body", &[]);
        write_body(&mut x, g, s, &Names { entry: "termEntry", lang: "langSet", term: "tig" })?;
        x.close();
        x.close();
        x.close();
        finish(x, out)?;
        Ok(Summary { entries: g.len(), records: g.len(), ..Summary::default() })
    }
}
