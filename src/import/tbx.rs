//! TBX import, both forms: TBX 2008 "martif" (`termEntry/langSet/tig|ntig`) and TBX v3
//! (`conceptEntry/langSec/termSec`, namespace `urn:iso:std:iso:30042:ed-2`).
//!
//! The mapping is the inverse of [`crate::export::tbx`]: a term's `administrativeStatus`
//! decides where it goes (preferred → `en`/`zh`, admitted → variants, deprecated or
//! superseded → deprecated renderings with the term's `note` as the reason). A language
//! section whose terms carry no status at all (common in other tools' exports) has its
//! first term taken as preferred. The XML is parsed whole before anything is built, so
//! malformed input gives one error at the parser's line and column and no glossary.

use std::path::Path;
use std::sync::Arc;

use roxmltree::{Document, Node, ParsingOptions};

use super::{IdMaker, Imported, push_unique};
use crate::error::{Error, Result, display_path};
use crate::export::tbx3::NAMESPACE;
use crate::export::xml::decode_id;
use crate::glossary::{Deprecated, Entry, Glossary, Origin};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form {
    Martif,
    V3,
}

const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

pub(crate) fn read(text: &str, path: &Path, form: Form) -> Result<Imported> {
    let opts = ParsingOptions { allow_dtd: true, ..ParsingOptions::default() };
    let doc = Document::parse_with_options(text, opts).map_err(|e| {
        let p = e.pos();
        let msg = e.to_string();
        let msg = msg.strip_suffix(&format!(" at {}:{}", p.row, p.col)).unwrap_or(&msg);
        Error::at(path, u64::from(p.row), u64::from(p.col), format!("invalid XML: {msg}"))
    })?;
    let at = |n: Node, msg: String| {
        let p = doc.text_pos_at(n.range().start);
        Error::at(path, u64::from(p.row), u64::from(p.col), msg)
    };
    let root = doc.root_element();
    let (name, ns) = (root.tag_name().name(), root.tag_name().namespace());
    let (entry_tag, lang_tag) = match (form, name, ns) {
        (Form::Martif, "martif", None) => ("termEntry", "langSet"),
        (Form::V3, "tbx", Some(NAMESPACE)) => ("conceptEntry", "langSec"),
        (Form::Martif, "tbx", _) => return Err(at(root, "this is a TBX v3 file (root `tbx`): use --from tbx3".into())),
        (Form::V3, "martif", _) => {
            return Err(at(root, "this is a TBX 2008 file (root `martif`): use --from tbx".into()));
        }
        (Form::V3, "tbx", _) => {
            return Err(at(root, format!("the root `tbx` lacks the TBX v3 namespace xmlns=\"{NAMESPACE}\"")));
        }
        _ => {
            let want = if form == Form::Martif { "martif" } else { "tbx" };
            return Err(at(root, format!("root element `{name}` is not TBX (expected `{want}`)")));
        }
    };
    let file: Arc<str> = Arc::from(display_path(path));
    let mut g = Glossary::new();
    let mut ids = IdMaker::new();
    let mut warnings = Vec::new();
    let mut other_langs: Vec<String> = Vec::new();
    let mut pending: Vec<(Entry, bool)> = Vec::new();
    for node in root.descendants().filter(|n| n.has_tag_name(entry_tag)) {
        let line = u64::from(doc.text_pos_at(node.range().start).row);
        let mut e = Entry { origin: Origin { file: file.clone(), line }, ..Entry::default() };
        let mut notes: Vec<String> = Vec::new();
        let mut categories: Vec<String> = Vec::new();
        let mut zh = Side::default();
        let mut en = Side::default();
        for child in aux_children(node) {
            read_aux(child, &mut notes, &mut categories, &mut e.source);
        }
        for ls in node.children().filter(|n| n.has_tag_name(lang_tag)) {
            let Some(lang) = ls.attribute((XML_NS, "lang")) else {
                return Err(at(ls, format!("`{lang_tag}` without xml:lang: say which language its terms are in")));
            };
            let side = match lang.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase().as_str() {
                "zh" => &mut zh,
                "en" => &mut en,
                _ => {
                    if !other_langs.iter().any(|l| l == lang) {
                        other_langs.push(lang.to_string());
                    }
                    continue;
                }
            };
            for child in aux_children(ls) {
                read_aux(child, &mut notes, &mut categories, &mut e.source);
            }
            for t in
                ls.children().filter(|n| n.is_element() && matches!(n.tag_name().name(), "tig" | "ntig" | "termSec"))
            {
                let Some(term) = t.descendants().find(|n| n.has_tag_name("term")) else {
                    return Err(at(t, format!("`{}` without a `term`", t.tag_name().name())));
                };
                let text: String = term.descendants().filter(|n| n.is_text()).filter_map(|n| n.text()).collect();
                let status_node = t
                    .descendants()
                    .find(|n| n.has_tag_name("termNote") && n.attribute("type") == Some("administrativeStatus"));
                let status = match status_node.and_then(|n| n.text()).map(str::trim) {
                    None => Status::Unmarked,
                    Some("preferredTerm-admn-sts" | "preferred") => Status::Preferred,
                    Some("admittedTerm-admn-sts" | "admitted") => Status::Admitted,
                    Some("deprecatedTerm-admn-sts" | "supersededTerm-admn-sts" | "deprecated" | "superseded") => {
                        Status::Deprecated
                    }
                    Some(other) => {
                        let n = status_node.expect("matched a status");
                        return Err(at(n, format!("unknown administrativeStatus `{other}`")));
                    }
                };
                let term_note: String = t
                    .children()
                    .filter(|n| n.has_tag_name("note"))
                    .filter_map(|n| n.text())
                    .collect::<Vec<_>>()
                    .join("\n");
                side.terms.push((text, status, term_note));
            }
        }
        if zh.terms.is_empty() && en.terms.is_empty() {
            warnings.push(format!("{}:{line}: entry without Chinese or English terms left out", file));
            continue;
        }
        let (zh_pref, zh_var, zh_dep) = zh.resolve();
        if !zh_dep.is_empty() {
            let forms: Vec<&str> = zh_dep.iter().map(|d| d.form.as_str()).collect();
            warnings.push(format!(
                "{}:{line}: deprecated Chinese terms left out ({}): termalign records deprecated English renderings only",
                file,
                forms.join(", ")
            ));
        }
        let (en_pref, en_var, en_dep) = en.resolve();
        e.zh = zh_pref;
        e.zh_variants = zh_var;
        e.en = en_pref;
        e.variants = en_var;
        e.deprecated = en_dep;
        e.category = categories.join("; ");
        e.note = notes.join("\n");
        let given = node.attribute("id").map(decode_id).filter(|id| !id.is_empty());
        let has_id = given.is_some();
        e.id = given.unwrap_or_default();
        if has_id && !ids.claim(&e.id) {
            return Err(at(node, format!("duplicate concept id `{}`", e.id)));
        }
        pending.push((e, has_id));
    }
    // Ids are generated after every given id is known, so a generated one never takes a
    // given one.
    for (mut e, has_id) in pending {
        if !has_id {
            e.id = ids.make(&e.en, &e.zh, e.origin.line);
        }
        if e.en.is_empty() {
            warnings.push(format!("{}:{}: entry `{}` has no preferred English term", file, e.origin.line, e.id));
        }
        g.insert(e);
    }
    if !other_langs.is_empty() {
        warnings.push(format!("languages other than Chinese and English left out: {}", other_langs.join(", ")));
    }
    if g.is_empty() {
        return Err(Error::at(path, 0, 0, format!("no `{entry_tag}` with Chinese or English terms found")));
    }
    Ok(Imported { glossary: g, warnings })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Preferred,
    Admitted,
    Deprecated,
    Unmarked,
}

/// The terms of one language, in document order, before they are sorted into fields.
#[derive(Default)]
struct Side {
    terms: Vec<(String, Status, String)>,
}

impl Side {
    /// (preferred, admitted variants, deprecated forms with reasons).
    fn resolve(self) -> (String, Vec<String>, Vec<Deprecated>) {
        let explicit_preferred = self.terms.iter().any(|(_, s, _)| *s == Status::Preferred);
        let mut pref = String::new();
        let mut var = Vec::new();
        let mut dep: Vec<Deprecated> = Vec::new();
        for (i, (text, status, note)) in self.terms.into_iter().enumerate() {
            let preferred = match status {
                Status::Preferred => pref.is_empty(),
                Status::Unmarked => i == 0 && !explicit_preferred,
                _ => false,
            };
            if status == Status::Deprecated {
                if !dep.iter().any(|d| d.form == text) {
                    dep.push(Deprecated { form: text, reason: note });
                }
            } else if preferred {
                pref = text;
            } else {
                push_unique(&mut var, &text);
            }
        }
        (pref, var, dep)
    }
}

/// Children that carry entry information, including those wrapped in `*Grp` elements.
fn aux_children<'a, 'input>(n: Node<'a, 'input>) -> impl Iterator<Item = Node<'a, 'input>> {
    n.children().filter(Node::is_element).flat_map(|c| {
        let grouped = c.tag_name().name().ends_with("Grp");
        let inner: Vec<Node> = if grouped { c.children().filter(Node::is_element).collect() } else { vec![c] };
        inner
    })
}

fn read_aux(n: Node, notes: &mut Vec<String>, categories: &mut Vec<String>, source: &mut String) {
    let text = || n.descendants().filter(|d| d.is_text()).filter_map(|d| d.text()).collect::<String>();
    match (n.tag_name().name(), n.attribute("type")) {
        ("descrip", Some("subjectField")) => push_unique(categories, &text()),
        ("descrip", Some("definition")) | ("note", _) => push_unique(notes, &text()),
        ("admin", Some("source")) if source.is_empty() => *source = text(),
        _ => {}
    }
}
