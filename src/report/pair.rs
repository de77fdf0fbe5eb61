//! `termalign pair`: which passages hold which term entries.
//!
//! Before starting on a document a translator wants the list of official phrases it
//! contains, passage by passage, with their Chinese: that is this table. One row per
//! (passage, entry), in document order (passages in order, entries by first occurrence).

use std::io::Write;

use crate::corpus::Document;
use crate::error::{Error, Result, display_path};
use crate::glossary::Glossary;
use crate::matcher::{Hit, Status};

/// One row of the pair table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairRow {
    pub file: String,
    pub passage: usize,
    /// Line on which the passage starts.
    pub first_line: u64,
    /// The start of the passage, for orientation (at most 60 characters, one line).
    pub excerpt: String,
    pub term_id: String,
    pub preferred: String,
    pub zh: String,
    pub occurrences: usize,
    /// Statuses seen, in order of severity, `;`-separated.
    pub statuses: Vec<Status>,
}

/// Groups a document's hits by passage and entry.
pub fn pair_rows(doc: &Document, glossary: &Glossary, hits: &[Hit]) -> Vec<PairRow> {
    let mut rows: Vec<PairRow> = Vec::new();
    // (passage, entry) -> row index; rows of one passage are contiguous since hits are sorted
    let mut index: std::collections::HashMap<(usize, usize), usize> = std::collections::HashMap::new();
    for h in hits.iter().filter(|h| !h.nested) {
        let Some(p) = doc.passage_at(h.start) else { continue };
        let i = *index.entry((p.number, h.entry)).or_insert_with(|| {
            let e = glossary.entry(h.entry);
            let text = doc.passage_text(p).split_whitespace().collect::<Vec<_>>().join(" ");
            let excerpt: String = if text.chars().count() > 60 {
                text.chars().take(59).chain(std::iter::once('…')).collect()
            } else {
                text
            };
            rows.push(PairRow {
                file: display_path(doc.path()),
                passage: p.number,
                first_line: p.first_line,
                excerpt,
                term_id: e.id.clone(),
                preferred: e.en.clone(),
                zh: e.zh.clone(),
                occurrences: 0,
                statuses: Vec::new(),
            });
            rows.len() - 1
        });
        let row = &mut rows[i];
        row.occurrences += 1;
        if !row.statuses.contains(&h.status) {
            row.statuses.push(h.status);
            row.statuses.sort();
        }
    }
    rows.sort_by_key(|r| r.passage);
    rows
}

/// Writes pair rows as CSV with a header.
pub fn write_pair_csv(w: &mut dyn Write, rows: &[PairRow], header: bool) -> Result<()> {
    let mut cw = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(w);
    let cerr = |e: csv::Error| Error::usage(format!("cannot write CSV: {e}"));
    if header {
        cw.write_record([
            "file",
            "passage",
            "first_line",
            "excerpt",
            "term_id",
            "preferred",
            "zh",
            "occurrences",
            "statuses",
        ])
        .map_err(cerr)?;
    }
    for r in rows {
        let statuses: Vec<&str> = r.statuses.iter().map(|s| s.as_str()).collect();
        cw.write_record([
            r.file.as_str(),
            &r.passage.to_string(),
            &r.first_line.to_string(),
            &r.excerpt,
            &r.term_id,
            &r.preferred,
            &r.zh,
            &r.occurrences.to_string(),
            &statuses.join(";"),
        ])
        .map_err(cerr)?;
    }
    cw.flush().map_err(|e| Error::io("-", "cannot write output", e))?;
    Ok(())
}
