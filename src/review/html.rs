//! The reviewer's HTML report: the documents with every term marked, in one file.
//!
//! A reviser deciding whether a translation is ready wants to read the text with its
//! terms marked, not a list of offsets. [`write_report`] writes one self-contained HTML
//! page (inline CSS and JavaScript, a Content-Security-Policy that forbids every network
//! request) with:
//!
//! * a summary table, one row per term entry found: Chinese, preferred form, category,
//!   occurrences (each a link to the place in the text), the writings used, the problems;
//! * the documents, passage by passage, every hit a `<mark>` coloured and underlined by
//!   status, with a tooltip (term id, Chinese, preferred form, suggestion, reason);
//! * filters by status and by category, and "only passages with marked terms", which
//!   hide marks, table rows and passages without reloading;
//! * print rules: no filters or tooltips on paper, the suggestion written after each
//!   problem instead, passages not split across pages;
//! * with the Chinese source aligned ([`Bitext`]), the text bead by bead, Chinese beside
//!   English, and the cross-language check ([`TermCheck`]): a Chinese term whose bead has
//!   no English rendering is a `missing_rendering` mark (`<mark class="src">`, `s{n}`) on
//!   the Chinese side, one with fewer renderings than occurrences a `count_mismatch`, each
//!   Chinese occurrence marked.
//!
//! The page is a pure function of its inputs: no timestamp, no randomness, maps iterated
//! in a fixed order, so two runs give the same bytes and a report can be diffed or
//! committed. Everything taken from documents and glossaries is HTML-escaped ([`escape`]).
//!
//! Every hit is marked, whatever the passages: a hit that crosses a passage boundary
//! joins the two passages into one block, and nested hits (`--nested`) become marks inside
//! their parent mark. Each mark carries `data-status`, `data-term`, `data-category`,
//! `data-file`, `data-byte` (the original byte offset, as `byte_start` in JSON Lines) and
//! `data-line`, so a test in a browser can check the page against `scan --format jsonl`.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::Write;

use indexmap::IndexMap;

use super::bitext::Bitext;
use super::consistency::{Judged, writing_key};
use crate::align::terms::{Finding, Issue, TermCheck};
use crate::error::{Error, Result, display_path};
use crate::glossary::Glossary;
use crate::matcher::{Hit, Status};
use crate::report::Record;

/// Every status a mark can have, in the order the page lists them.
pub const STATUSES: &[Status] =
    &[Status::Preferred, Status::Variant, Status::Deprecated, Status::NearMiss, Status::Inconsistent];

/// What the report is about; everything else comes from the documents.
#[derive(Clone, Default)]
pub struct ReportOptions<'a> {
    /// Page title; empty: "Terminology report".
    pub title: String,
    /// The Chinese source aligned with each document (by position in `docs`; missing or
    /// `None`: the document alone). With a source, the text is shown bead by bead, the
    /// Chinese beside the English, the glossary's Chinese of each marked term underlined.
    pub sources: &'a [Option<Bitext>],
    /// The cross-language term check ([`crate::align::terms`]), run on every block that
    /// has a source: a glossary term of the Chinese that its English does not render is
    /// marked `missing_rendering` on the Chinese side, one rendered fewer times than the
    /// Chinese has it `count_mismatch`.
    pub terms: Option<&'a TermCheck<'a>>,
}

/// Escapes text for HTML element content and for double- or single-quoted attributes.
pub fn escape(s: &str) -> Cow<'_, str> {
    if !s.contains(['&', '<', '>', '"', '\'']) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// White-space runs (line and page breaks) as one space.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn category_of(glossary: &Glossary, entry: usize) -> &str {
    let c = glossary.entry(entry).category.as_str();
    if c.is_empty() { "(none)" } else { c }
}

/// One hit placed in the page.
struct Placed<'a> {
    /// Global number, for the element id `h{n}`.
    n: usize,
    hit: Hit,
    record: Record<'a>,
}

/// What the summary table says about one entry.
#[derive(Default)]
struct TermRow {
    /// Numbers of its hits, in document order.
    hits: Vec<usize>,
    /// Writing key → (first surface, count, worst status).
    writings: IndexMap<String, (String, usize, Status)>,
    problems: IndexMap<&'static str, usize>,
    /// Numbers of its marks on the Chinese side (missing or fewer renderings).
    sources: Vec<usize>,
}

/// The issue names of the cross-language check, as statuses in the page.
fn issue_name(i: Issue) -> &'static str {
    match i {
        Issue::MissingRendering => "missing_rendering",
        Issue::CountMismatch => "count_mismatch",
    }
}

/// A glossary term found in the Chinese of a block: its byte range in the block's
/// (squashed) Chinese, and the finding of the term check when the English falls short.
#[derive(Debug, Clone)]
struct ZhSpan {
    start: usize,
    end: usize,
    entry: usize,
    /// Number of the source mark (`s{n}`) and its finding, for a problem.
    mark: Option<(usize, Finding)>,
}

/// A block with what is shown beside it.
#[derive(Debug, Clone)]
struct View {
    block: Block,
    /// The Chinese of its beads, its first line, and the terms in it.
    zh: Option<(String, u64, Vec<ZhSpan>)>,
}

/// Writes the report of `docs` (judged by the consistency pass) to `w`.
pub fn write_report(w: &mut dyn Write, glossary: &Glossary, docs: &[Judged], opts: &ReportOptions<'_>) -> Result<()> {
    let html = render(glossary, docs, opts);
    w.write_all(html.as_bytes()).map_err(|e| Error::io("-", "cannot write the report", e))
}

/// The report as a string. See the module documentation.
pub fn render(glossary: &Glossary, docs: &[Judged], opts: &ReportOptions<'_>) -> String {
    let mut placed: Vec<Placed<'_>> = Vec::new();
    for j in docs {
        for h in &j.hits {
            let record = Record::new(&j.doc, glossary, h).suggesting(j.suggestion(h));
            placed.push(Placed { n: placed.len() + 1, hit: *h, record });
        }
    }
    let mut terms: IndexMap<usize, TermRow> = IndexMap::new();
    let mut status_count: IndexMap<&'static str, usize> = STATUSES.iter().map(|s| (s.as_str(), 0)).collect();
    let mut categories: IndexMap<&str, usize> = IndexMap::new();
    for p in &placed {
        *status_count.entry(p.hit.status.as_str()).or_default() += 1;
        *categories.entry(category_of(glossary, p.hit.entry)).or_default() += 1;
        let row = terms.entry(p.hit.entry).or_default();
        row.hits.push(p.n);
        let w = row
            .writings
            .entry(writing_key(p.record.surface))
            .or_insert_with(|| (squash(p.record.surface), 0, p.hit.status));
        w.1 += 1;
        w.2 = w.2.max(p.hit.status);
        if p.hit.status.needs_attention() {
            *row.problems.entry(p.hit.status.as_str()).or_default() += 1;
        }
    }
    // the blocks of each document, with the Chinese beside them and its problems
    let mut views: Vec<Vec<View>> = Vec::with_capacity(docs.len());
    let mut next = 0;
    let mut marks = 0;
    for (di, j) in docs.iter().enumerate() {
        let source = opts.sources.get(di).and_then(Option::as_ref);
        if source.is_some() {
            for i in [Issue::MissingRendering, Issue::CountMismatch] {
                status_count.entry(issue_name(i)).or_default();
            }
        }
        let mine = &placed[next..next + j.hits.len()];
        next += j.hits.len();
        let mut doc_views = Vec::new();
        for block in blocks(j, source) {
            let zh = source.map(|bt| {
                let entries: Vec<usize> = mine
                    .iter()
                    .filter(|p| p.hit.start >= block.start && p.hit.start < block.end)
                    .map(|p| p.hit.entry)
                    .collect();
                let en = &j.doc.text()[block.start..block.end];
                source_view(bt, &block.zh, en, &entries, opts.terms, glossary, &mut marks)
            });
            if let Some((_, _, spans)) = &zh {
                for sp in spans {
                    if let Some((n, f)) = &sp.mark {
                        let name = issue_name(f.issue);
                        *status_count.entry(name).or_default() += 1;
                        *categories.entry(category_of(glossary, sp.entry)).or_default() += 1;
                        let row = terms.entry(sp.entry).or_default();
                        row.sources.push(*n);
                        *row.problems.entry(name).or_default() += 1;
                    }
                }
            }
            doc_views.push(View { block, zh });
        }
        views.push(doc_views);
    }
    categories.sort_unstable_keys();

    let mut o = String::with_capacity(64 * 1024 + docs.iter().map(|j| j.doc.text().len() * 2).sum::<usize>());
    let title = if opts.title.is_empty() { "Terminology report" } else { opts.title.as_str() };
    head(&mut o, title);
    let _ = writeln!(o, "<header class=\"top\">\n<h1>{}</h1>", escape(title));
    let files: Vec<String> = docs.iter().map(|j| display_path(j.doc.path())).collect();
    let _ = writeln!(
        o,
        "<p class=\"meta\">{} · {} file{} · {} term hit{} · {} term entr{} found · glossary of {} entries</p>",
        escape(&files.join(", ")),
        docs.len(),
        plural(docs.len()),
        placed.len(),
        plural(placed.len()),
        terms.len(),
        if terms.len() == 1 { "y" } else { "ies" },
        glossary.len()
    );
    filters(&mut o, &status_count, &categories);
    o.push_str("</header>\n<main>\n");
    term_table(&mut o, glossary, &placed, &terms);
    o.push_str("<section id=\"text\">\n<h2>Text</h2>\n");
    let mut next = 0;
    for (di, (j, doc_views)) in docs.iter().zip(&views).enumerate() {
        let end = next + j.hits.len();
        let source = opts.sources.get(di).and_then(Option::as_ref);
        document(&mut o, di, j, source, doc_views, &placed[next..end], glossary);
        next = end;
    }
    o.push_str("</section>\n</main>\n");
    let _ = writeln!(o, "<script>{SCRIPT}</script>\n</body>\n</html>");
    o
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn head(o: &mut String, title: &str) {
    let _ = writeln!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n\
         <meta name=\"generator\" content=\"termalign {}\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>",
        env!("CARGO_PKG_VERSION"),
        escape(title)
    );
}

fn filters(o: &mut String, status_count: &IndexMap<&'static str, usize>, categories: &IndexMap<&str, usize>) {
    o.push_str("<form id=\"filters\" class=\"filters\" autocomplete=\"off\">\n<fieldset><legend>Status</legend>\n");
    for (s, n) in status_count {
        let _ = writeln!(
            o,
            "<label class=\"chip st-{0}\"><input type=\"checkbox\" data-filter=\"status\" value=\"{0}\" checked> \
             <span class=\"swatch\"></span>{0} <span class=\"count\" data-status-count=\"{0}\">{1}</span></label>",
            s, n
        );
    }
    o.push_str("</fieldset>\n<fieldset><legend>Category</legend>\n");
    for (c, n) in categories {
        let _ = writeln!(
            o,
            "<label class=\"chip\"><input type=\"checkbox\" data-filter=\"category\" value=\"{0}\" checked> {0} \
             <span class=\"count\">{1}</span></label>",
            escape(c),
            n
        );
    }
    o.push_str(
        "</fieldset>\n<fieldset><legend>Text</legend>\n<label class=\"chip\"><input type=\"checkbox\" id=\"only-marked\"> \
         only passages with marked terms</label>\n</fieldset>\n</form>\n",
    );
}

fn term_table(o: &mut String, glossary: &Glossary, placed: &[Placed<'_>], terms: &IndexMap<usize, TermRow>) {
    o.push_str(
        "<section id=\"terms\">\n<h2>Terms</h2>\n<table class=\"terms\">\n<thead><tr><th>Term</th><th>Chinese</th>\
         <th>Category</th><th class=\"num\">Hits</th><th class=\"occ\">Occurrences</th><th>Writings used</th><th>Problems</th>\
         </tr></thead>\n<tbody>\n",
    );
    if terms.is_empty() {
        o.push_str("<tr><td colspan=\"7\">No glossary term found.</td></tr>\n");
    }
    for (&entry, row) in terms {
        let e = glossary.entry(entry);
        let mut statuses: Vec<&str> = row.hits.iter().map(|&n| placed[n - 1].hit.status.as_str()).collect();
        statuses.extend(row.problems.keys().filter(|k| k.ends_with("_rendering") || k.ends_with("_mismatch")));
        statuses.sort_unstable();
        statuses.dedup();
        let first = match (row.hits.first(), row.sources.first()) {
            (Some(h), _) => format!("h{h}"),
            (None, Some(s)) => format!("s{s}"),
            (None, None) => continue,
        };
        let _ = write!(
            o,
            "<tr id=\"t-{}\" data-term=\"{}\" data-category=\"{}\" data-statuses=\"{}\">\
             <td><a href=\"#{}\" class=\"term\">{}</a><br><code>{}</code></td><td lang=\"zh\">{}</td><td>{}</td>\
             <td class=\"num\">{}</td><td class=\"occ\">",
            escape(&e.id),
            escape(&e.id),
            escape(category_of(glossary, entry)),
            statuses.join(" "),
            first,
            escape(&e.en),
            escape(&e.id),
            escape(&e.zh),
            escape(category_of(glossary, entry)),
            row.hits.len()
        );
        for &n in &row.hits {
            let p = &placed[n - 1];
            let _ = write!(
                o,
                "<a href=\"#h{n}\" class=\"st-{}\" title=\"{}:{}:{} {}\">{}</a> ",
                p.hit.status.as_str(),
                escape(&p.record.file),
                p.record.line,
                p.record.column,
                p.hit.status.as_str(),
                p.record.line
            );
        }
        for &n in &row.sources {
            let _ = write!(o, "<a href=\"#s{n}\" class=\"src\" title=\"in the Chinese source\">zh</a> ");
        }
        o.push_str("</td><td><ul class=\"writings\">");
        for (surface, count, status) in row.writings.values() {
            let _ = write!(
                o,
                "<li class=\"st-{}\">{} <span class=\"times\">×{count}</span></li>",
                status.as_str(),
                escape(surface)
            );
        }
        o.push_str("</ul></td><td>");
        for (status, n) in &row.problems {
            let _ = write!(o, "<span class=\"badge st-{status}\">{n} {status}</span> ");
        }
        o.push_str("</td></tr>\n");
    }
    o.push_str("</tbody>\n</table>\n</section>\n");
}

/// A range of the text shown as one paragraph: a passage (or, with a source, a bead),
/// or several that a hit joins.
#[derive(Debug, Clone, PartialEq)]
struct Block {
    start: usize,
    end: usize,
    passage: usize,
    line: u64,
    /// The source beads shown beside it (indices into [`Bitext::pairs`]).
    zh: Vec<usize>,
}

/// The blocks of a document: its passages, or its beads when it has a source (a bead
/// with no English is a block of its own, empty on the English side); joined where a hit
/// crosses from one into the next; plus a block for any hit outside every block, so that
/// every hit is shown.
fn blocks(j: &Judged, source: Option<&Bitext>) -> Vec<Block> {
    let doc = &j.doc;
    let block = |start: usize, end: usize, zh: Vec<usize>| Block {
        start,
        end,
        passage: doc.passage_at(start).map_or(0, |p| p.number),
        line: doc.position(start).line,
        zh,
    };
    let mut out: Vec<Block> = match source {
        Some(b) => b.pairs.iter().enumerate().map(|(i, p)| block(p.en.start, p.en.end, vec![i])).collect(),
        None => doc.passages.iter().map(|p| block(p.start, p.end, Vec::new())).collect(),
    };
    for h in &j.hits {
        let i = out.partition_point(|b| b.start <= h.start);
        let Some(b) = (0..i).rev().find(|&b| out[b].end > out[b].start) else {
            out.insert(i, block(h.start, h.end, Vec::new()));
            continue;
        };
        if out[b].end <= h.start {
            out.insert(i, block(h.start, h.end, Vec::new()));
            continue;
        }
        out[b].end = out[b].end.max(h.end);
        while b + 1 < out.len() && out[b + 1].start < out[b].end {
            let next = out.remove(b + 1);
            out[b].end = out[b].end.max(next.end);
            out[b].zh.extend(next.zh);
        }
    }
    out
}

fn document(
    o: &mut String,
    di: usize,
    j: &Judged,
    source: Option<&Bitext>,
    views: &[View],
    placed: &[Placed<'_>],
    glossary: &Glossary,
) {
    let doc = &j.doc;
    let class = if source.is_some() { "doc bitext" } else { "doc" };
    let _ = write!(o, "<article class=\"{class}\" id=\"d{}\">\n<h3>{}", di + 1, escape(&display_path(doc.path())));
    if let Some(b) = source {
        let _ = write!(
            o,
            " <span class=\"beside\">beside</span> <span lang=\"zh\">{}</span>",
            escape(&display_path(b.zh.path()))
        );
    }
    o.push_str("</h3>\n");
    let text = doc.text();
    let mut k = 0;
    for (bi, view) in views.iter().enumerate() {
        let b = &view.block;
        if source.is_some() {
            o.push_str("<div class=\"pair\">");
        }
        let id = format!("d{}-b{}", di + 1, bi + 1);
        let loc =
            if b.passage > 0 { format!("¶{} · line {}", b.passage, b.line) } else { format!("line {}", b.line) };
        let _ = write!(o, "<p class=\"passage\" id=\"{id}\"><a class=\"loc\" href=\"#{id}\">{loc}</a> ");
        // marks open and close like brackets: a nested hit lies inside its parent
        let mut cursor = b.start;
        let mut open: Vec<usize> = Vec::new();
        while k < placed.len() && placed[k].hit.start < b.end {
            let p = &placed[k];
            while let Some(&top) = open.last() {
                if top > p.hit.start {
                    break;
                }
                o.push_str(&escape(&text[cursor..top]));
                o.push_str("</mark>");
                cursor = top;
                open.pop();
            }
            o.push_str(&escape(&text[cursor..p.hit.start]));
            mark_open(o, p, di, glossary, j);
            cursor = p.hit.start;
            // a hit that would cross its parent's end is cut there, so the tags nest
            let end = open.last().map_or(p.hit.end, |&top| p.hit.end.min(top));
            open.push(end);
            k += 1;
        }
        while let Some(top) = open.pop() {
            o.push_str(&escape(&text[cursor..top]));
            o.push_str("</mark>");
            cursor = top;
        }
        o.push_str(&escape(&text[cursor..b.end]));
        o.push_str("</p>");
        if let Some(zh) = &view.zh {
            zh_side(o, zh, glossary);
            o.push_str("</div>");
        }
        o.push('\n');
    }
    o.push_str("</article>\n");
}

/// The Chinese of `beads` (squashed), its first line, and the glossary terms in it to
/// show: the Chinese forms of `entries` (the terms marked in the English beside it) and
/// of every term the check finds wanting in `en`, longest form first. Problems are
/// numbered from `marks`.
fn source_view(
    bt: &Bitext,
    beads: &[usize],
    en: &str,
    entries: &[usize],
    check: Option<&TermCheck<'_>>,
    glossary: &Glossary,
    marks: &mut usize,
) -> (String, u64, Vec<ZhSpan>) {
    let line = beads.first().map_or(0, |&i| bt.zh.position(bt.pairs[i].zh.start).line);
    let zh: String = beads.iter().map(|&i| bt.zh_text(&bt.pairs[i])).collect::<Vec<_>>().join(" ");
    let findings = check.map(|c| c.check(&zh, en)).unwrap_or_default();
    let mut forms: Vec<(&str, usize)> = Vec::new();
    for e in entries.iter().copied().chain(findings.iter().map(|f| f.entry)) {
        forms.extend(glossary.entry(e).zh_forms().map(|f| (f, e)));
    }
    forms.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.1.cmp(&b.1)));
    let mut spans: Vec<ZhSpan> = Vec::new();
    for (f, entry) in forms {
        for (s, _) in zh.match_indices(f) {
            let e = s + f.len();
            if !spans.iter().any(|sp| s < sp.end && sp.start < e) {
                spans.push(ZhSpan { start: s, end: e, entry, mark: None });
            }
        }
    }
    spans.sort_by_key(|sp| sp.start);
    for sp in &mut spans {
        if let Some(f) = findings.iter().find(|f| f.entry == sp.entry) {
            *marks += 1;
            sp.mark = Some((*marks, f.clone()));
        }
    }
    (zh, line, spans)
}

/// The Chinese side of a row: terms underlined, problems marked with a tooltip.
fn zh_side(o: &mut String, (zh, line, spans): &(String, u64, Vec<ZhSpan>), glossary: &Glossary) {
    o.push_str("<p class=\"zh\" lang=\"zh\">");
    if *line > 0 {
        let _ = write!(o, "<span class=\"loc\">line {line}</span> ");
    }
    let mut at = 0;
    for sp in spans {
        o.push_str(&escape(&zh[at..sp.start]));
        let e = glossary.entry(sp.entry);
        let text = escape(&zh[sp.start..sp.end]);
        match &sp.mark {
            None => {
                let _ = write!(o, "<span class=\"zh-term\" data-term=\"{}\">{text}</span>", escape(&e.id));
            }
            Some((n, f)) => {
                let name = issue_name(f.issue);
                let mut tip = format!("{} · {}\nexpected: {}", name.replace('_', " "), e.id, e.en);
                if f.issue == Issue::CountMismatch {
                    let _ = write!(tip, "\n{} in the Chinese, {} in the English", f.source_count, f.target_count);
                }
                let _ = write!(tip, "\nsource line {line}");
                let _ = write!(
                    o,
                    "<mark id=\"s{n}\" class=\"src st-{name}\" tabindex=\"0\" data-status=\"{name}\" data-term=\"{}\" \
                     data-category=\"{}\" data-tip=\"{}\" data-suggest=\"{}\">{text}</mark>",
                    escape(&e.id),
                    escape(category_of(glossary, sp.entry)),
                    escape(&tip),
                    escape(&e.en)
                );
            }
        }
        at = sp.end;
    }
    o.push_str(&escape(&zh[at..]));
    o.push_str("</p>");
}

fn mark_open(o: &mut String, p: &Placed<'_>, di: usize, glossary: &Glossary, j: &Judged) {
    let r = &p.record;
    let e = glossary.entry(p.hit.entry);
    let mut tip = format!("{} · {}", p.hit.status.as_str().replace('_', "-"), e.id);
    if !e.zh.is_empty() {
        let _ = write!(tip, "\n{}", e.zh);
    }
    let _ = write!(tip, "\npreferred: {}", e.en);
    if let Some(s) = r.suggestion {
        let _ = write!(tip, "\nuse: {s}");
    }
    match p.hit.status {
        Status::NearMiss => {
            let _ = write!(tip, " (similarity {:.2})", p.hit.score.unwrap_or(0.0));
        }
        Status::Deprecated => {
            let form = e.forms().nth(p.hit.form).map(|f| f.text).unwrap_or("");
            if let Some(reason) = e.deprecation_reason(form).filter(|r| !r.is_empty()) {
                let _ = write!(tip, "\nwhy: {reason}");
            }
        }
        Status::Inconsistent => {
            if let Some(c) = j.verdicts.chosen(p.hit.entry) {
                let _ = write!(tip, "\n{} of {} uses are written so", c.count, c.total);
            }
        }
        _ => {}
    }
    let _ = write!(tip, "\n{}:{}:{}", r.file, r.line, r.column);
    let _ = write!(
        o,
        "<mark id=\"h{}\" class=\"hit st-{}\" tabindex=\"0\" data-status=\"{}\" data-term=\"{}\" data-category=\"{}\" \
         data-file=\"{}\" data-byte=\"{}\" data-line=\"{}\" data-tip=\"{}\"",
        p.n,
        p.hit.status.as_str(),
        p.hit.status.as_str(),
        escape(&e.id),
        escape(category_of(glossary, p.hit.entry)),
        di + 1,
        r.byte_start,
        r.line,
        escape(&tip)
    );
    if let Some(s) = r.suggestion {
        let _ = write!(o, " data-suggest=\"{}\"", escape(s));
    }
    if p.hit.nested {
        o.push_str(" data-nested=\"true\"");
    }
    o.push('>');
}

const STYLE: &str = r#"
:root{--fg:#1d2330;--muted:#5b6475;--line:#d9dde5;--bg:#fff;--panel:#f5f6f9;
--preferred:#1a7f37;--variant:#0b6bcb;--deprecated:#c62828;--near_miss:#b35c00;--inconsistent:#7b3fb5;--missing_rendering:#c2185b;--count_mismatch:#6d4c41}
*{box-sizing:border-box}
body{margin:0;font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK SC",sans-serif;color:var(--fg);background:var(--bg)}
header.top{position:sticky;top:0;z-index:5;background:var(--panel);border-bottom:1px solid var(--line);padding:.6rem 1.5rem}
h1{font-size:1.25rem;margin:0 0 .2rem}
h2{font-size:1.1rem;margin:1.6rem 0 .6rem;border-bottom:1px solid var(--line);padding-bottom:.2rem}
h3{font-size:1rem;margin:1.2rem 0 .4rem;font-family:ui-monospace,Menlo,Consolas,monospace}
.meta{margin:0 0 .4rem;color:var(--muted);font-size:.85rem}
main{max-width:72rem;margin:0 auto;padding:0 1.5rem 3rem}
.filters{display:flex;flex-wrap:wrap;gap:.3rem 1rem;margin:0}
.filters fieldset{border:0;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem;align-items:center}
.filters legend{float:left;font-size:.75rem;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);margin-right:.3rem}
.chip{display:inline-flex;align-items:center;gap:.25rem;border:1px solid var(--line);border-radius:1rem;padding:.05rem .55rem;font-size:.82rem;background:#fff;cursor:pointer;user-select:none}
.chip input{margin:0}
.count{color:var(--muted);font-variant-numeric:tabular-nums}
.swatch{display:inline-block;width:.7rem;height:.7rem;border-radius:2px}
table.terms{border-collapse:collapse;width:100%;font-size:.88rem}
.terms th,.terms td{border-bottom:1px solid var(--line);padding:.3rem .45rem;text-align:left;vertical-align:top}
.terms thead th{background:var(--panel);position:sticky;top:0}
.terms code{color:var(--muted);font-size:.75rem}
.terms .num{text-align:right;font-variant-numeric:tabular-nums}
.terms a.term{color:inherit;font-weight:600;text-decoration:none}
.occ a{display:inline-block;min-width:1.6rem;text-align:center;border-radius:3px;padding:0 .2rem;margin:.05rem 0;font-size:.78rem;text-decoration:none;color:#fff}
.writings{margin:0;padding:0;list-style:none}
.writings li{border-left:3px solid;padding-left:.35rem;margin:.05rem 0}
.times{color:var(--muted)}
.badge{display:inline-block;border-radius:3px;padding:0 .35rem;font-size:.78rem;color:#fff;margin:.05rem 0}
.passage{margin:.5rem 0;max-width:48rem}
.loc{display:inline-block;min-width:6.5rem;font-size:.72rem;color:var(--muted);text-decoration:none;font-variant-numeric:tabular-nums}
mark:is(.hit,.src){background:transparent;color:inherit;border-bottom:2px solid;padding:0 1px;border-radius:2px;position:relative;cursor:help}
mark:is(.hit,.src):target{outline:3px solid #ffd54f}
@media screen{mark:is(.hit,.src)[data-tip]:hover::after,mark:is(.hit,.src)[data-tip]:focus::after{content:attr(data-tip);position:absolute;left:0;top:1.6em;z-index:10;white-space:pre-line;width:max-content;max-width:26rem;background:#222a36;color:#fff;font-size:.8rem;line-height:1.4;padding:.45rem .6rem;border-radius:4px;box-shadow:0 2px 8px rgba(0,0,0,.25)}}
mark.hit mark.hit{border-bottom-width:1px}
mark:is(.hit,.src).off{border-bottom-color:transparent!important;background:transparent!important;cursor:auto}
mark:is(.hit,.src).off::after{display:none}
.st-preferred{--c:var(--preferred)}.st-variant{--c:var(--variant)}.st-deprecated{--c:var(--deprecated)}
.st-near_miss{--c:var(--near_miss)}.st-inconsistent{--c:var(--inconsistent)}.st-missing_rendering{--c:var(--missing_rendering)}
.st-count_mismatch{--c:var(--count_mismatch)}
mark:is(.hit,.src){border-bottom-color:var(--c)}
mark.st-preferred{background:#e6f4ea}mark.st-variant{background:#e3effb}
mark.st-deprecated{background:#fde7e7;text-decoration:line-through;text-decoration-color:var(--deprecated)}
mark.st-near_miss{background:#fff1dc;border-bottom-style:dashed}
mark.st-inconsistent{background:#f1e8fa;border-bottom-style:double;border-bottom-width:3px}
mark.st-missing_rendering{background:#fce4ec;border-bottom-style:dotted;border-bottom-width:3px}
mark.st-count_mismatch{background:#efebe9;border-bottom-style:dotted;border-bottom-width:3px}
.occ a.src{background:var(--missing_rendering)}
.swatch,.occ a,.badge{background:var(--c)}
.writings li{border-color:var(--c)}
[hidden]{display:none!important}
.beside{font-family:system-ui,sans-serif;font-weight:400;color:var(--muted)}
.bitext .pair{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:1.4rem;border-bottom:1px solid var(--line)}
.bitext .passage{max-width:none}
.zh{margin:.5rem 0;font-family:"Noto Sans CJK SC","WenQuanYi Micro Hei","Source Han Sans SC",sans-serif}
.zh-term{border-bottom:2px solid #9aa3b5}
@media (max-width:700px){header.top{position:static}.loc{display:block}.bitext .pair{grid-template-columns:1fr;gap:0}}
@media print{
 body{font-size:10.5pt}
 header.top{position:static;background:none;border:0;padding:0}
 .filters,.occ{display:none}
 main{max-width:none;padding:0}
 .passage{break-inside:avoid}
 .terms thead th{position:static}
 tr{break-inside:avoid}
 a{color:inherit;text-decoration:none}
 mark:is(.hit,.src){-webkit-print-color-adjust:exact;print-color-adjust:exact}
 mark:is(.hit,.src)[data-suggest]::after{content:" [→ " attr(data-suggest) "]";font-size:.85em;color:var(--c);display:inline-block;margin-left:.25em;text-decoration:none}
 mark:is(.hit,.src).off[data-suggest]::after{content:none}
}
"#;

const SCRIPT: &str = r#"
(function () {
  "use strict";
  var form = document.getElementById("filters");
  function apply() {
    var off = {};
    form.querySelectorAll("input[data-filter]").forEach(function (i) {
      if (!i.checked) off[i.getAttribute("data-filter") + ":" + i.value] = true;
    });
    document.querySelectorAll("mark.hit, mark.src").forEach(function (m) {
      var hide = off["status:" + m.dataset.status] || off["category:" + m.dataset.category];
      m.classList.toggle("off", !!hide);
    });
    document.querySelectorAll("tr[data-term]").forEach(function (r) {
      var statuses = r.dataset.statuses.split(" ");
      var allOff = statuses.every(function (s) { return off["status:" + s]; });
      r.hidden = !!off["category:" + r.dataset.category] || allOff;
    });
    var only = document.getElementById("only-marked").checked;
    document.querySelectorAll("p.passage").forEach(function (p) {
      var row = p.parentElement.classList.contains("pair") ? p.parentElement : p;
      row.hidden = only && !row.querySelector("mark:not(.off)");
    });
  }
  form.addEventListener("change", apply);
  apply();
})();
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Document, Layout};
    use crate::glossary::read_csv_str;
    use crate::matcher::{MatchOptions, Matcher};
    use crate::review::consistency::{Pass, Scope};
    use std::path::Path;

    fn report(texts: &[&str], nested: bool) -> String {
        let g = read_csv_str(
            "id,en,en_variants,en_deprecated,zh,category\n\
             bri,Belt and Road Initiative,,\"One Belt, One Road :: superseded <2015>\",“一带一路”倡议,initiative\n\
             br,Belt and Road,,,一带一路,\n\
             gn,good-neighborly friendship,good-neighbourly friendship,,睦邻友好,principle\n",
            Path::new("g.csv"),
        )
        .unwrap()
        .glossary;
        let m = Matcher::new(&g, MatchOptions { nested, near_miss: None }).unwrap();
        let mut pass = Pass::new(Scope::Document);
        let mut judged = Vec::new();
        for (i, t) in texts.iter().enumerate() {
            let d = Document::from_text(format!("d{i}<&>.txt"), *t, Layout::Blank);
            let hits = m.find(d.text());
            judged.extend(pass.push(&g, d, hits));
        }
        render(&g, &judged, &ReportOptions::default())
    }

    fn marks(html: &str) -> Vec<&str> {
        html.match_indices("<mark ").map(|(i, _)| &html[i..i + html[i..].find('>').unwrap()]).collect()
    }

    #[test]
    fn escapes_everything_from_documents_and_glossary() {
        assert_eq!(escape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;");
        let html = report(&["<script>alert(1)</script> & the One Belt, One Road"], false);
        assert!(!html.contains("<script>alert"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; the "));
        assert!(html.contains("d0&lt;&amp;&gt;.txt"));
        assert!(html.contains("why: superseded &lt;2015&gt;"));
        // only our own script element
        assert_eq!(html.matches("<script").count(), 1);
    }

    #[test]
    fn every_hit_is_marked_with_its_status_and_tooltip() {
        let text = "Intro.\n\nThe Belt and Road Initiative, the One Belt, One\nRoad, good-neighbourly friendship.\n\n\
                    good-neighborly friendship and good-neighborly friendship.\n";
        let html = report(&[text], false);
        let m = marks(&html);
        assert_eq!(m.len(), 5, "{m:?}");
        let statuses: Vec<&str> =
            m.iter().map(|s| s.split("data-status=\"").nth(1).unwrap().split('"').next().unwrap()).collect();
        assert_eq!(statuses, ["preferred", "deprecated", "inconsistent", "preferred", "preferred"]);
        assert!(m[1].contains("data-suggest=\"Belt and Road Initiative\""));
        assert!(m[2].contains("data-suggest=\"good-neighborly friendship\""));
        assert!(m[2].contains("2 of 3 uses are written so"));
        assert!(m[2].contains("data-tip=\"inconsistent · gn\n睦邻友好\npreferred: good-neighborly friendship"));
        // a mark's content is exactly the surface, line break included
        assert!(html.contains("data-line=\"3\" data-tip=\"deprecated"));
        assert!(html.contains(">One Belt, One\nRoad</mark>"));
        // the counts in the filters
        assert!(html.contains("data-status-count=\"inconsistent\">1<"));
        assert!(html.contains("data-status-count=\"preferred\">3<"));
        // the summary table links every occurrence
        for n in 1..=5 {
            assert!(html.contains(&format!("<a href=\"#h{n}\" class=\"st-")), "h{n}");
        }
        assert!(html.contains("good-neighbourly friendship <span class=\"times\">×1</span>"));
        assert!(html.contains("<span class=\"badge st-inconsistent\">1 inconsistent</span>"));
    }

    #[test]
    fn a_hit_across_passages_joins_them_and_nested_hits_nest() {
        // "Belt and Road\n\nInitiative" crosses a blank line: one block, one mark
        let html = report(&["We back the Belt and Road\n\nInitiative today.\n\nNext paragraph.\n"], true);
        assert_eq!(html.matches("<p class=\"passage\"").count(), 2, "{html}");
        assert!(html.contains("the <mark id=\"h1\""));
        let inner = html.split("<mark id=\"h1\"").nth(1).unwrap();
        let inner = &inner[inner.find('>').unwrap() + 1..];
        assert!(inner.starts_with("<mark id=\"h2\""), "{inner}");
        assert!(inner.contains(">Belt and Road</mark>\n\nInitiative</mark> today."), "{inner}");
    }

    #[test]
    fn deterministic_and_self_contained() {
        let texts = ["The Belt and Road Initiative.\n", "good-neighbourly friendship\n"];
        let a = report(&texts, false);
        assert_eq!(a, report(&texts, false));
        assert!(a.starts_with("<!DOCTYPE html>"));
        assert!(a.contains("default-src 'none'"));
        for needle in ["http://", "https://", "src=", "<link", "@import"] {
            assert!(!a.contains(needle), "{needle}");
        }
        assert!(a.contains("<article class=\"doc\" id=\"d2\">"));
    }

    #[test]
    fn a_document_without_terms_still_makes_a_page() {
        let html = report(&["Nothing to see.\n"], false);
        assert!(html.contains("No glossary term found."));
        assert!(html.contains("Nothing to see."));
        assert!(marks(&html).is_empty());
    }
}
