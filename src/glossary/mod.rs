//! The term base: what translators must write, may write, and must not write.
//!
//! A [`Glossary`] is an ordered map from a stable id to an [`Entry`]. An entry is one
//! concept (人类命运共同体) with one preferred English form ("community with a shared
//! future for mankind"), the admitted variants that official texts also use, and the
//! deprecated renderings that still circulate, each with the reason it is wrong.
//!
//! Entries keep file order (an [`IndexMap`]) because term bases are curated by hand and
//! reviewed as lists: every report, export and statistic lists entries in the order the
//! terminologist wrote them, which also makes output deterministic.
//!
//! The on-disk format is the CSV described in `glossary/README.md` and read by
//! [`read_csv`]; the shipped term base is compiled into the binary ([`Glossary::embedded`])
//! so the tool works with no set-up. Several glossaries combine with [`Glossary::merge`]:
//! an entry with an id already present replaces it in place, new ids are appended.

mod csv;
pub mod lint;
pub mod validate;

use std::path::Path;
use std::sync::Arc;

use indexmap::IndexMap;

pub use self::csv::{
    COLUMNS, CsvOptions, REASON_SEP, ReadGlossary, SEP, parse_delimiter, read_csv, read_csv_str, read_csv_str_with,
    read_csv_with, split_list, write_csv,
};

/// The shipped term base, compiled in.
pub const EMBEDDED_CSV: &str = include_str!("../../glossary/diplomatic.csv");
/// The name the embedded glossary goes by in messages.
pub const EMBEDDED_NAME: &str = "<embedded>/glossary/diplomatic.csv";

/// One concept and all of its English renderings.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Entry {
    /// Stable identifier (`belt-and-road-initiative`); used in reports and for overrides.
    pub id: String,
    /// The preferred English form.
    pub en: String,
    /// Admitted English variants (UK spellings, abbreviations, article variants...).
    pub variants: Vec<String>,
    /// Renderings that must not be used, each with the reason.
    pub deprecated: Vec<Deprecated>,
    /// The official Chinese (simplified).
    pub zh: String,
    /// Other Chinese forms (abbreviations, longer official forms, traditional characters).
    pub zh_variants: Vec<String>,
    /// Thematic group (`principle`, `initiative`, `mechanism`, ...).
    pub category: String,
    /// Usage note: false friends, ambiguity, context.
    pub note: String,
    /// The document that fixes the rendering.
    pub source: String,
    /// Where the entry was read from, for messages.
    pub origin: Origin,
}

/// A rendering to avoid and why.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Deprecated {
    pub form: String,
    pub reason: String,
}

/// The file and line an entry was read from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Origin {
    pub file: Arc<str>,
    pub line: u64,
}

/// How a form relates to its entry. The order is the order of severity in reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FormKind {
    Preferred,
    Variant,
    Deprecated,
}

impl FormKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FormKind::Preferred => "preferred",
            FormKind::Variant => "variant",
            FormKind::Deprecated => "deprecated",
        }
    }
}

/// One English form of an entry, as the matcher sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Form<'a> {
    pub text: &'a str,
    pub kind: FormKind,
    /// Index among the entry's forms (0 = preferred, then variants, then deprecated).
    pub index: usize,
}

impl Entry {
    /// Every English form: the preferred one, then the variants, then the deprecated ones.
    pub fn forms(&self) -> impl Iterator<Item = Form<'_>> {
        let pref = std::iter::once((self.en.as_str(), FormKind::Preferred));
        let var = self.variants.iter().map(|v| (v.as_str(), FormKind::Variant));
        let dep = self.deprecated.iter().map(|d| (d.form.as_str(), FormKind::Deprecated));
        pref.chain(var).chain(dep).filter(|(t, _)| !t.is_empty()).enumerate().map(|(index, (text, kind))| Form {
            text,
            kind,
            index,
        })
    }

    /// The reason a deprecated form is deprecated (empty when none is given).
    pub fn deprecation_reason(&self, form: &str) -> Option<&str> {
        self.deprecated.iter().find(|d| d.form == form).map(|d| d.reason.as_str())
    }

    /// Every Chinese form: the preferred one first.
    pub fn zh_forms(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.zh.as_str()).chain(self.zh_variants.iter().map(String::as_str)).filter(|s| !s.is_empty())
    }
}

/// An ordered term base. See the module documentation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Glossary {
    entries: IndexMap<String, Entry, rustc_hash::FxBuildHasher>,
}

impl Glossary {
    pub fn new() -> Glossary {
        Glossary::default()
    }

    /// An empty glossary with room for `n` entries (entries are large: growing the table
    /// of a 100,000-term glossary step by step copied it whole several times).
    pub fn with_capacity(n: usize) -> Glossary {
        Glossary { entries: IndexMap::with_capacity_and_hasher(n, rustc_hash::FxBuildHasher) }
    }

    /// The term base shipped with termalign.
    pub fn embedded() -> Glossary {
        // The embedded file is checked by the test suite, so a failure here is a build bug.
        read_csv_str(EMBEDDED_CSV, Path::new(EMBEDDED_NAME))
            .expect("the embedded glossary is valid (checked by tests)")
            .glossary
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.entries.get(id)
    }

    /// The entry at position `index` in file order.
    pub fn entry(&self, index: usize) -> &Entry {
        &self.entries[index]
    }

    /// The position of the entry with this id.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.entries.get_index_of(id)
    }

    pub fn entries(&self) -> impl ExactSizeIterator<Item = &Entry> {
        self.entries.values()
    }

    /// Adds an entry, replacing (in place) an entry with the same id. Returns the replaced one.
    pub fn insert(&mut self, entry: Entry) -> Option<Entry> {
        self.entries.insert(entry.id.clone(), entry)
    }

    /// Adds every entry of `other`; an id already present is replaced in place.
    pub fn merge(&mut self, other: Glossary) {
        if self.entries.is_empty() {
            *self = other;
            return;
        }
        for (_, e) in other.entries {
            self.insert(e);
        }
    }

    /// Keeps only the entries for which `keep` is true, in order.
    pub fn retain(&mut self, mut keep: impl FnMut(&Entry) -> bool) {
        self.entries.retain(|_, e| keep(e));
    }
}

/// Counts for `termalign glossary stats`.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Stats {
    pub entries: usize,
    pub preferred: usize,
    pub variants: usize,
    pub deprecated: usize,
    pub with_zh: usize,
    /// Per category, in order of first appearance: (category, entries, variants, deprecated).
    pub by_category: Vec<CategoryStats>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct CategoryStats {
    pub category: String,
    pub entries: usize,
    pub variants: usize,
    pub deprecated: usize,
}

impl Glossary {
    pub fn stats(&self) -> Stats {
        let mut s = Stats::default();
        let mut cats: IndexMap<&str, CategoryStats> = IndexMap::new();
        for e in self.entries() {
            s.entries += 1;
            s.preferred += usize::from(!e.en.is_empty());
            s.variants += e.variants.len();
            s.deprecated += e.deprecated.len();
            s.with_zh += usize::from(!e.zh.is_empty());
            let name = if e.category.is_empty() { "(none)" } else { e.category.as_str() };
            let c =
                cats.entry(name).or_insert_with(|| CategoryStats { category: name.to_string(), ..Default::default() });
            c.entries += 1;
            c.variants += e.variants.len();
            c.deprecated += e.deprecated.len();
        }
        s.by_category = cats.into_values().collect();
        s
    }
}

/// Loads the glossary a run uses: the embedded term base (unless `embedded` is false),
/// then each file in order, later entries replacing earlier ones with the same id.
/// Hard errors (unreadable file, malformed CSV) stop; softer findings are returned.
pub fn load(files: &[std::path::PathBuf], embedded: bool) -> crate::Result<csv::ReadGlossary> {
    load_with(files, embedded, &CsvOptions::default())
}

/// [`load`], reading the files with the given encoding and delimiter.
pub fn load_with(files: &[std::path::PathBuf], embedded: bool, opts: &CsvOptions) -> crate::Result<csv::ReadGlossary> {
    let mut glossary = if embedded { Glossary::embedded() } else { Glossary::new() };
    let mut diagnostics = Vec::new();
    for f in files {
        let r = read_csv_with(f, opts)?;
        diagnostics.extend(r.diagnostics);
        glossary.merge(r.glossary);
    }
    Ok(csv::ReadGlossary { glossary, diagnostics })
}
