//! OmegaT tab-separated glossaries (`source⇥target⇥comment`).
//!
//! OmegaT has no concept grouping: synonyms are separate lines. Consecutive lines that
//! share their source or their target with the entry being built are taken as one
//! entry (this is how termalign's `omegat` export and most hand-made glossaries list
//! synonyms); the first source and target are the preferred forms, the others variants.
//! Lines starting with `#` and lines with fewer than two columns are skipped, as OmegaT
//! skips them. The comment of the entry's first line becomes the note; comments that
//! termalign's export writes on variant lines ("admitted variant of …") are not notes.
//! In an en→zh glossary (`--direction en-zh`), lines whose comment starts with
//! "DEPRECATED" (as termalign writes them) give deprecated renderings.

use std::path::Path;
use std::sync::Arc;

use super::{IdMaker, Imported, push_unique, set_forms};
use crate::error::{Result, display_path};
use crate::export::{Direction, do_not_use};
use crate::glossary::{Deprecated, Entry, Glossary, Origin};
use crate::tabular;

struct Group {
    line: u64,
    src: Vec<String>,
    tgt: Vec<String>,
    deprecated: Vec<Deprecated>,
    note: String,
}

pub(crate) fn read(text: &str, path: &Path, direction: Direction) -> Result<Imported> {
    let file: Arc<str> = Arc::from(display_path(path));
    let mut groups: Vec<Group> = Vec::new();
    let mut skipped = 0;
    for (i, raw) in text.lines().enumerate() {
        let line = i as u64 + 1;
        if raw.starts_with('#') || raw.trim().is_empty() {
            continue;
        }
        let mut cols = tabular::split_tsv_line(path, line, raw, 3, "an OmegaT glossary line")?.into_iter();
        let (src, tgt) = (cols.next().unwrap_or("").trim(), cols.next().map(str::trim));
        let comment = cols.next().unwrap_or("").trim();
        let Some(tgt) = tgt.filter(|t| !src.is_empty() && !t.is_empty()) else {
            skipped += 1;
            continue;
        };
        let deprecated = direction == Direction::EnZh && comment.starts_with("DEPRECATED");
        let joins = groups.last().is_some_and(|g| {
            g.src.iter().any(|s| s == src)
                || g.tgt.iter().any(|t| t == tgt)
                || g.deprecated.iter().any(|d| d.form == src)
        });
        if !joins {
            groups.push(Group { line, src: Vec::new(), tgt: Vec::new(), deprecated: Vec::new(), note: String::new() });
        }
        let g = groups.last_mut().expect("a group was just pushed");
        if deprecated {
            let reason = comment.split_once(": ").map_or("", |(_, r)| r);
            if !g.deprecated.iter().any(|d| d.form == src) {
                g.deprecated.push(Deprecated { form: src.to_string(), reason: reason.to_string() });
            }
        } else {
            push_unique(&mut g.src, src);
        }
        push_unique(&mut g.tgt, tgt);
        if g.note.is_empty() && !comment.is_empty() && !comment.starts_with("admitted variant of") && !deprecated {
            g.note = comment.to_string();
        }
    }
    let mut warnings = Vec::new();
    if skipped > 0 {
        warnings.push(format!("{file}: {skipped} lines without a source and a target skipped (as OmegaT skips them)"));
    }
    let mut ids = IdMaker::new();
    let mut g = Glossary::new();
    for grp in groups {
        let (zh, en) = match direction {
            Direction::ZhEn => (grp.src, grp.tgt),
            Direction::EnZh => (grp.tgt, grp.src),
        };
        let mut e = Entry { origin: Origin { file: file.clone(), line: grp.line }, ..Entry::default() };
        set_forms(&mut e, zh, en);
        e.deprecated = grp.deprecated;
        // The export repeats the deprecated renderings in the main comment; they are
        // already entries of their own lines, so that part of the comment is not note.
        e.note = match do_not_use(&e) {
            Some(d) => grp.note.replace(&format!(" | {d}"), "").replace(&format!("{d} | "), "").replace(&d, ""),
            None => grp.note,
        };
        e.id = ids.make(&e.en, &e.zh, grp.line);
        g.insert(e);
    }
    Ok(Imported { glossary: g, warnings })
}
