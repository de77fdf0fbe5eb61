//! Concordance: every occurrence of one term, in context, aligned on the term.
//!
//! A terminologist deciding how a phrase is used reads its occurrences one under the
//! other, keyword in the middle (KWIC). The term is found exactly as the matcher finds
//! glossary forms, with all its tolerances (case, hyphens and dashes, line and page
//! breaks, UK/US spelling, plurals): a [`Query`] is either a phrase, compiled as the only
//! form of a one-entry glossary, or the id of a glossary entry, whose every form
//! (preferred, variants, deprecated) is looked for, each occurrence with its status.
//!
//! Because the query is the only entry searched, it is also found inside longer terms
//! ("China-Central Asia" inside "China-Central Asia Summit"), as a concordance should.
//!
//! Context is taken from the passage of the occurrence, white space squashed, at most
//! `width` characters on each side, so that a line never mixes two paragraphs.

use std::fmt::Write as _;

use super::bitext::Bitext;
use crate::corpus::Document;
use crate::error::{Error, Result};
use crate::glossary::{Entry, Glossary};
use crate::matcher::{Hit, MatchOptions, Matcher};
use crate::normalize;
use crate::report::Record;

/// What to look for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Query {
    /// A phrase, matched like a glossary form.
    Text(String),
    /// Every form of the glossary entry with this id.
    Id(String),
}

/// One occurrence with its context.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Line<'a> {
    #[serde(flatten)]
    pub record: Record<'a>,
    /// Context before and after, white space squashed, at most `width` characters.
    pub left: String,
    pub right: String,
    /// With a Chinese source: the line where the aligned Chinese starts, and its text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_line: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_text: Option<String>,
}

impl Line<'_> {
    /// The line as an owned [`Row`], for output aligned over a whole run.
    pub fn row(&self) -> Row {
        Row {
            location: format!("{}:{}", self.record.file, self.record.line),
            status: self.record.status.as_str(),
            left: self.left.clone(),
            keyword: squash(self.record.surface),
            right: self.right.trim_end().to_string(),
            source: self.source_text.as_ref().map(|t| (self.source_line.unwrap_or(0), t.clone())),
        }
    }
}

/// What a line of aligned text output shows; see [`write_kwic`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub location: String,
    pub status: &'static str,
    pub left: String,
    pub keyword: String,
    pub right: String,
    /// The aligned Chinese: its line and text.
    pub source: Option<(u64, String)>,
}

/// A compiled query. See the module documentation.
pub struct Concordancer {
    glossary: Glossary,
    matcher: Matcher,
    by_id: bool,
}

impl Concordancer {
    /// Compiles `query` against `glossary` (used for `Query::Id`). Near-misses of the
    /// query's forms are found too when `opts` asks for them.
    pub fn new(query: &Query, glossary: &Glossary, opts: MatchOptions) -> Result<Concordancer> {
        let (entry, by_id) = match query {
            Query::Text(t) => {
                if normalize::tokens(t).is_empty() {
                    return Err(Error::usage(format!(
                        "concord: the term {t:?} has no word to look for; give a phrase or --id ID"
                    )));
                }
                (Entry { id: "query".into(), en: t.trim().to_string(), ..Entry::default() }, false)
            }
            Query::Id(id) => match glossary.get(id) {
                Some(e) => (e.clone(), true),
                None => return Err(Error::usage(unknown_id(id, glossary))),
            },
        };
        let mut one = Glossary::new();
        one.insert(entry);
        let matcher = Matcher::new(&one, MatchOptions { nested: false, ..opts })?;
        Ok(Concordancer { glossary: one, matcher, by_id })
    }

    /// The glossary of the query's single entry (for [`Record`]s and statuses).
    pub fn glossary(&self) -> &Glossary {
        &self.glossary
    }

    /// Whether the query is a glossary entry (so the status of each line means something).
    pub fn by_id(&self) -> bool {
        self.by_id
    }

    /// The matcher of the query's forms.
    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// Concordance lines for `hits` of `doc`, with `width` characters of context a side,
    /// and the aligned Chinese when `source` is the document's aligned source.
    pub fn lines<'a>(
        &'a self,
        doc: &'a Document,
        hits: &[Hit],
        width: usize,
        source: Option<&Bitext>,
    ) -> Vec<Line<'a>> {
        hits.iter()
            .map(|h| {
                let (left, right) = context(doc, h.start, h.end, width);
                let pair = source.and_then(|b| b.pair_at(h.start).map(|p| (b, p)));
                Line {
                    record: Record::new(doc, &self.glossary, h),
                    left,
                    right,
                    source_line: pair.map(|(b, p)| b.zh.position(p.zh.start).line),
                    source_text: pair.map(|(b, p)| b.zh_text(p)),
                }
            })
            .collect()
    }
}

/// The context of `doc.text()[start..end]` within its passage: at most `width` characters
/// on each side, white space squashed (a space next to the span is kept).
pub(crate) fn context(doc: &Document, start: usize, end: usize, width: usize) -> (String, String) {
    let text = doc.text();
    let (from, to) = doc.passage_at(start).map_or((0, text.len()), |p| (p.start.min(start), p.end.max(end)));
    (tail(&squash(&text[from..start]), width), head(&squash(&text[end..to]), width))
}

/// "no entry with id X", with the ids that look most like it.
fn unknown_id(id: &str, glossary: &Glossary) -> String {
    let mut close: Vec<(f64, &str)> = glossary
        .entries()
        .map(|e| {
            // an id that contains what was typed ("china-plus" in "china-plus-central-asia")
            // comes before ids that are merely spelt alike
            let contains = !id.is_empty() && e.id.contains(id);
            (f64::from(u8::from(contains)) + strsim::normalized_levenshtein(id, &e.id), e.id.as_str())
        })
        .filter(|(s, _)| *s >= 0.5)
        .collect();
    close.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    let mut msg = format!("concord: no glossary entry has the id {id:?}");
    if !close.is_empty() {
        let names: Vec<&str> = close.iter().take(3).map(|c| c.1).collect();
        let _ = write!(msg, "; did you mean {}?", names.join(", "));
    }
    msg
}

/// White-space runs as one space, keeping a leading or trailing one (it separates the
/// context from the keyword).
fn squash(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    if space {
        out.push(' ');
    }
    out
}

/// The last `n` characters of `s`.
fn tail(s: &str, n: usize) -> String {
    let count = s.chars().count();
    s.chars().skip(count.saturating_sub(n)).collect()
}

/// The first `n` characters of `s`.
fn head(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

/// Writes `rows` as aligned text: location, the status when `statuses`, the left context
/// right-aligned to `width`, the keyword, the right context; under a row with a source,
/// the Chinese source's line and sentence, indented to the context column.
pub fn write_kwic(out: &mut String, rows: &[Row], width: usize, statuses: bool) {
    let loc_w = rows.iter().map(|r| r.location.chars().count()).max().unwrap_or(0);
    let st_w = rows.iter().map(|r| r.status.len()).max().unwrap_or(0);
    for r in rows {
        let _ = write!(out, "{}{}  ", r.location, " ".repeat(loc_w - r.location.chars().count()));
        if statuses {
            let _ = write!(out, "{}{}  ", r.status, " ".repeat(st_w - r.status.len()));
        }
        let pad = width.saturating_sub(r.left.chars().count());
        let _ = writeln!(out, "{}{}{}{}", " ".repeat(pad), r.left, r.keyword, r.right);
        if let Some((line, zh)) = &r.source {
            let indent = loc_w + 2 + if statuses { st_w + 2 } else { 0 };
            let _ = writeln!(out, "{}zh:{line}  {zh}", " ".repeat(indent));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Layout;
    use crate::glossary::read_csv_str;
    use crate::matcher::Status;
    use std::path::Path;

    fn glossary() -> Glossary {
        read_csv_str(
            "id,en,en_variants,en_deprecated\ngn,good-neighborly friendship,good-neighbourly friendship,\
             good neighbor friendship :: wrong\ncca,China-Central Asia Summit,,\n",
            Path::new("g.csv"),
        )
        .unwrap()
        .glossary
    }

    fn kwic(q: Query, text: &str, width: usize) -> String {
        let c = Concordancer::new(&q, &glossary(), MatchOptions { nested: false, near_miss: None }).unwrap();
        let d = Document::from_text("t.txt", text, Layout::Blank);
        let hits = c.matcher().find(d.text());
        let mut out = String::new();
        let rows: Vec<Row> = c.lines(&d, &hits, width, None).iter().map(Line::row).collect();
        write_kwic(&mut out, &rows, width, c.by_id());
        out
    }

    #[test]
    fn aligned_on_the_term_with_context_from_the_passage() {
        let text = "First paragraph about Central\nAsia.\n\nThe China–Central Asia Summit met. Later the\nCHINA-CENTRAL ASIA summit again.\n";
        let out = kwic(Query::Text("central asia".into()), text, 12);
        assert_eq!(
            out,
            "t.txt:1  graph about Central Asia.\n\
             t.txt:4    The China–Central Asia Summit met.\n\
             t.txt:5  r the CHINA-CENTRAL ASIA summit agai\n"
        );
    }

    #[test]
    fn by_id_finds_every_form_with_its_status() {
        // the UK spelling matches the preferred form itself (spelling is a tolerance)
        let text = "good-neighbourly friendship, a good neighbor friendship and good-neighborly friendships.";
        let c =
            Concordancer::new(&Query::Id("gn".into()), &glossary(), MatchOptions { nested: false, near_miss: None })
                .unwrap();
        let d = Document::from_text("t.txt", text, Layout::Lines);
        let hits = c.matcher().find(d.text());
        let st: Vec<Status> = hits.iter().map(|h| h.status).collect();
        assert_eq!(st, [Status::Preferred, Status::Deprecated, Status::Preferred]);
        let out = kwic(Query::Id("gn".into()), text, 6);
        assert!(out.starts_with("t.txt:1  preferred         good-neighbourly friendship, a go\n"), "{out}");
        assert!(out.contains("t.txt:1  deprecated  ip, a good neighbor friendship and g\n"), "{out}");
    }

    #[test]
    fn bad_queries_are_usage_errors() {
        let opts = MatchOptions::default();
        let e = Concordancer::new(&Query::Text(" -- ".into()), &glossary(), opts).err().unwrap();
        assert!(e.to_string().contains("has no word to look for"), "{e}");
        let e = Concordancer::new(&Query::Id("gm".into()), &glossary(), opts).err().unwrap();
        assert_eq!(e.to_string(), "concord: no glossary entry has the id \"gm\"; did you mean gn?");
    }

    #[test]
    fn jsonl_lines_carry_the_record_fields_and_the_context() {
        let c = Concordancer::new(&Query::Text("Summit".into()), &glossary(), MatchOptions::default()).unwrap();
        let d = Document::from_text("t.txt", "The China-Central Asia Summit met.", Layout::Lines);
        let hits = c.matcher().find(d.text());
        let v = serde_json::to_value(&c.lines(&d, &hits, 8, None)[0]).unwrap();
        assert_eq!(v["surface"], "Summit");
        assert_eq!(v["left"], "al Asia ");
        assert_eq!(v["right"], " met.");
        assert_eq!(v["column"], 24);
    }
}
