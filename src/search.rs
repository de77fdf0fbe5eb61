//! Searching files: blocks, threads, positions — in bounded memory.
//!
//! [`search_file`] is how `scan` and `check` read their input. A UTF-8 file (the common
//! case, with or without BOM) is never held whole: it is read in blocks of
//! [`crate::matcher::BLOCK`] bytes (a file of a mebibyte or more is mapped instead, and
//! the pages behind the current block are handed back to the system as the search
//! moves on, so they do not accumulate in the resident set); each block is searched up to its safe cut
//! ([`Matcher::find_block`]) and the rest is carried into the next block. Inside a block
//! the matcher works on mebibyte pieces, in parallel on the current rayon pool when asked
//! (and the block is validated as UTF-8 in mebibyte parts the same way, see `valid_text`).
//! A [`Tracker`] follows the text to give every hit its line, column and passage, and the
//! hits of each block are handed to the caller before the next block is read. Memory is
//! therefore bounded by a few blocks plus their symbols, whatever the size of the file or
//! the length of its lines.
//!
//! Files in other encodings (UTF-16, GB18030, Big5...; see [`crate::input`]) must be
//! transcoded first: they are decoded whole, then searched block by block all the same,
//! with offsets mapped back to the original bytes.

use std::io::Read;
use std::path::Path;

use rayon::prelude::*;

use crate::corpus::{Document, Layout, Track, Tracker};
use crate::error::{Error, Result};
use crate::input::{self, DecodeOptions, OffsetMap};
use crate::matcher::{BLOCK, BlockHits, Hit, Matcher};

/// How to search a file.
#[derive(Debug, Clone, Copy)]
pub struct SearchOptions {
    pub layout: Layout,
    pub decode: DecodeOptions,
    /// Compute pieces of a block in parallel (on the current rayon pool).
    pub parallel: bool,
    /// What positions to compute besides lines and byte offsets.
    pub track: Track,
    /// Give every hit the text of its line (for the human format).
    pub line_text: bool,
    /// Give every hit its `surface` (every format but offsets shows it, and the
    /// consistency check compares it). Off, `surface` is empty: a run over an archive
    /// saves an allocation per hit.
    pub surface: bool,
    /// Map files of a mebibyte or more into memory rather than read them (see `map_file`).
    pub mmap: bool,
}

impl Default for SearchOptions {
    fn default() -> SearchOptions {
        SearchOptions {
            layout: Layout::Auto,
            decode: DecodeOptions::default(),
            parallel: false,
            track: Track { columns: true, passages: true },
            line_text: false,
            surface: true,
            mmap: true,
        }
    }
}

/// A hit with its position in the file. `hit.start` / `hit.end` are offsets in the decoded
/// text; `byte_start` / `byte_end` in the original file.
#[derive(Debug, Clone, PartialEq)]
pub struct Located {
    pub hit: Hit,
    pub line: u64,
    /// 1-based, in characters (0 when columns were not asked for).
    pub column: u64,
    pub end_line: u64,
    pub end_column: u64,
    pub byte_start: usize,
    pub byte_end: usize,
    /// 1-based (0 when passages were not asked for).
    pub passage: usize,
    /// The exact text of the span (empty when [`SearchOptions::surface`] is off).
    pub surface: String,
    /// The line the hit starts on, without its line break (when asked for). A line that
    /// began more than a block before the hit is cut at its start, marked with `…`.
    pub line_text: Option<String>,
}

/// Largest block tried when a block has no safe cut (a run of glossary words with no
/// other word for this long): past it, the block is searched as it is.
const MAX_BLOCK: usize = 256 << 20;

/// Searches one file (`-` = standard input), handing the located hits of each block to
/// `sink` in order. The vector handed over is reused for the next block (a fresh one per
/// block cost some 5,000 page faults per 100 MB): take or drain what is to be kept.
pub fn search_file(
    path: &Path,
    m: &Matcher,
    opts: &SearchOptions,
    sink: &mut dyn FnMut(&mut Vec<Located>, usize) -> Result<()>,
) -> Result<()> {
    let mut reader: Box<dyn Read> = if path.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        if path.is_dir() {
            return Err(Error::data(crate::error::Location::file(path), "is a directory, not a file"));
        }
        let file = std::fs::File::open(path).map_err(|e| Error::io(path, "cannot read file", e))?;
        if let Some(map) = opts.mmap.then(|| map_file(&file)).flatten() {
            let head = &map[..map.len().min(BLOCK)];
            if streamable(head, map.len() <= BLOCK, opts) {
                let bom = if map.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
                return run_mapped(path, m, opts, &map, bom, sink);
            }
        }
        Box::new(file)
    };
    let mut buf = Vec::with_capacity(BLOCK + BLOCK / 8);
    let eof = fill(&mut reader, &mut buf, BLOCK, path)?;
    if !streamable(&buf, eof, opts) {
        // another encoding (or bytes that need a diagnosis): decode the whole file
        reader.read_to_end(&mut buf).map_err(|e| Error::io(path, "cannot read file", e))?;
        let file = input::decode(path, buf, &opts.decode)?;
        let mut src = Buffered { reader: None, buf: file.text.into_bytes(), eof: true };
        return run(path, m, opts, &mut src, &file.map, sink);
    }
    let bom = if buf.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
    buf.drain(..bom);
    let mut src = Buffered { reader: Some(reader), buf, eof };
    run(path, m, opts, &mut src, &OffsetMap::Shift(bom), sink)
}

/// Whether the file can be read as UTF-8 block by block: no BOM of another encoding, no
/// forced other encoding, and a first block that is valid UTF-8 without NUL bytes (an
/// incomplete character at the end of a block that goes on is fine).
fn streamable(head: &[u8], eof: bool, opts: &SearchOptions) -> bool {
    let d = &opts.decode;
    if d.lossy || d.encoding.is_some_and(|e| e != encoding_rs::UTF_8) {
        return false;
    }
    if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
        return false;
    }
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    valid_text(head, eof, opts.parallel).is_ok()
}

/// Reads until `buf` holds `want` bytes or the input ends; returns whether it ended.
fn fill(reader: &mut dyn Read, buf: &mut Vec<u8>, want: usize, path: &Path) -> Result<bool> {
    if buf.len() >= want {
        return Ok(false);
    }
    // read into the spare capacity (no zeroing first); a short read means the end
    let need = want - buf.len();
    buf.reserve(need);
    let n = reader.take(need as u64).read_to_end(buf).map_err(|e| Error::io(path, "cannot read file", e))?;
    Ok(n < need)
}

/// Files at least this large are mapped rather than read (when the system allows).
const MAP_MIN: u64 = 1 << 20;

/// A memory map of a large regular file, or `None` (small, not a regular file, or the
/// system refused: the file is then read).
///
/// Mapping saves copying every byte through `read` and moving the carry between blocks.
/// The map is private and read-only; as with every mapped search (ripgrep's too), a file
/// truncated by another process while it is searched can end the run with SIGBUS.
fn map_file(file: &std::fs::File) -> Option<memmap2::Mmap> {
    let md = file.metadata().ok()?;
    if !md.is_file() || md.len() < MAP_MIN {
        return None;
    }
    // SAFETY: the map is only read, through `&[u8]`; see above for files changed meanwhile.
    let map = unsafe { memmap2::MmapOptions::new().map(file) }.ok()?;
    #[cfg(unix)]
    let _ = map.advise(memmap2::Advice::Sequential);
    Some(map)
}

/// A reader and a buffer: the carry of the last block plus what was read since.
struct Buffered {
    reader: Option<Box<dyn Read>>,
    buf: Vec<u8>,
    eof: bool,
}

/// A searched block: its text, and its hits up to the cut where the next block starts.
struct Block<'a> {
    text: &'a str,
    /// The block is the rest of the input.
    last: bool,
    /// The window reached the end of the input (an incomplete last character aside).
    eof: bool,
    found: BlockHits,
}

impl Block<'_> {
    /// Whether the input is done after this block.
    fn done(&self) -> bool {
        self.last || (self.eof && self.found.cut == 0 && self.text.is_empty())
    }
}

/// Bytes that cannot be text: where in the window, and what they are.
struct Bad {
    at: usize,
    what: &'static str,
}

/// Validates the window `buf` (the input from the current position; `eof` when it goes to
/// the end) and searches it up to its cut. `Ok(None)`: the window has no safe cut, and
/// `may_grow` says a larger one may be offered.
fn search_window<'a>(
    m: &Matcher,
    opts: &SearchOptions,
    buf: &'a [u8],
    eof: bool,
    may_grow: bool,
) -> std::result::Result<Option<Block<'a>>, Bad> {
    let text = valid_text(buf, eof, opts.parallel)?;
    let last = eof && text.len() == buf.len();
    let found = match m.find_block(text, last, opts.parallel) {
        Some(b) => b,
        None if may_grow && !eof => return Ok(None),
        None => m.find_block(text, true, opts.parallel).expect("a last block always has a result"),
    };
    Ok(Some(Block { text, last, eof, found }))
}

/// Blocks are validated in parts of about this size, in parallel when the search is.
const VALIDATE_PART: usize = 1 << 20;

/// The text of the window `buf`: its valid UTF-8 prefix (an incomplete character at the end
/// waits for more input unless `eof`), or where it stops being text.
///
/// With threads, the window is validated in parts: a block's bytes are read here for the
/// first time, so this pass also takes the page faults of a mapped file, and done on one
/// thread it left the others idle, about 1 ms per 8 MiB block. Parts begin at a byte
/// that does not continue a character, where no character can be cut, so they are valid
/// exactly when the whole window is, and the first bad byte is the first part's (an
/// incomplete character at the end of a part is followed by a byte that cannot continue
/// it, so it is invalid as in the whole window).
fn valid_text(buf: &[u8], eof: bool, parallel: bool) -> std::result::Result<&str, Bad> {
    valid_text_in(buf, eof, if parallel { VALIDATE_PART } else { usize::MAX })
}

/// [`valid_text`] in parts of about `part` bytes (tests cut small ones).
fn valid_text_in(buf: &[u8], eof: bool, part: usize) -> std::result::Result<&str, Bad> {
    let mut bounds = vec![0];
    if part < buf.len() {
        let part = part.max(1);
        let mut pos = part;
        while pos + part / 2 < buf.len() {
            // a run of four continuation bytes is invalid anyway: no cut there
            let end = (pos + 4).min(buf.len());
            match buf[pos..end].iter().position(|&b| b & 0xC0 != 0x80) {
                Some(k) => {
                    bounds.push(pos + k);
                    pos += k + part;
                }
                None => pos += part,
            }
        }
    }
    bounds.push(buf.len());
    /// What a part holds: where it stops being UTF-8, its first NUL byte (offsets in the
    /// window), and the length of its valid prefix.
    struct Part {
        invalid: Option<usize>,
        nul: Option<usize>,
        valid: usize,
    }
    let check = |i: usize| {
        let (a, b) = (bounds[i], bounds[i + 1]);
        let part = &buf[a..b];
        let (invalid, valid) = match std::str::from_utf8(part) {
            Ok(_) => (None, b - a),
            // the incomplete character of the window's end waits for more input
            Err(e) if e.error_len().is_none() && !eof && b == buf.len() => (None, e.valid_up_to()),
            Err(e) => (Some(a + e.valid_up_to()), e.valid_up_to()),
        };
        Part { invalid, nul: memchr::memchr(0, &part[..valid]).map(|k| a + k), valid }
    };
    let parts = bounds.len() - 1;
    let checked: Vec<Part> =
        if parts > 1 { (0..parts).into_par_iter().map(check).collect() } else { (0..parts).map(check).collect() };
    // invalid UTF-8 anywhere comes first, as a validation of the whole window finds it
    // before the NUL bytes are looked for
    if let Some(at) = checked.iter().find_map(|p| p.invalid) {
        return Err(Bad { at, what: "invalid UTF-8" });
    }
    if let Some(at) = checked.iter().find_map(|p| p.nul) {
        return Err(Bad { at, what: "not a text file (it contains a NUL byte)" });
    }
    let valid = bounds[parts - 1] + checked[parts - 1].valid;
    // SAFETY: every part of `buf[..valid]` is valid UTF-8 (checked above), and parts begin
    // where no character is cut, so together they are
    Ok(unsafe { std::str::from_utf8_unchecked(&buf[..valid]) })
}

/// What reporting keeps from block to block: where the text is (line, column, passage),
/// and the buffer the located hits are handed over in.
#[derive(Default)]
struct Reported {
    tracker: Option<Tracker>,
    located: Vec<Located>,
}

/// Locates the hits of `block` (at decoded offset `base`) and hands them to `sink`.
fn report(
    block: &Block<'_>,
    base: usize,
    rep: &mut Reported,
    map: &OffsetMap,
    opts: &SearchOptions,
    sink: &mut dyn FnMut(&mut Vec<Located>, usize) -> Result<()>,
) -> Result<()> {
    let (text, cut) = (block.text, block.found.cut);
    let tr = rep.tracker.get_or_insert_with(|| Tracker::new(opts.layout.resolve(text), opts.track, false));
    locate(text, base, &block.found.hits, tr, map, opts, &mut rep.located);
    tr.advance(text, base, base + cut);
    sink(&mut rep.located, base + cut)
}

/// Searches a reader block by block: each block is the carry of the last one plus what is
/// read to fill it.
fn run(
    path: &Path,
    m: &Matcher,
    opts: &SearchOptions,
    src: &mut Buffered,
    map: &OffsetMap,
    sink: &mut dyn FnMut(&mut Vec<Located>, usize) -> Result<()>,
) -> Result<()> {
    let mut base = 0usize; // decoded offset of the buffer's first byte
    let mut want = BLOCK;
    let mut rep = Reported::default();
    loop {
        if let Some(r) = src.reader.as_mut()
            && !src.eof
        {
            src.eof = fill(r, &mut src.buf, want, path)?;
        }
        let block = match search_window(m, opts, &src.buf, src.eof, want < MAX_BLOCK) {
            Ok(Some(b)) => b,
            Ok(None) => {
                want *= 2; // no safe cut yet: read more
                continue;
            }
            Err(bad) => return Err(bad_bytes(path, &src.buf, bad.at, base, rep.tracker.as_ref(), bad.what)),
        };
        report(&block, base, &mut rep, map, opts, sink)?;
        if block.done() {
            return Ok(());
        }
        let cut = block.found.cut;
        src.buf.drain(..cut);
        base += cut;
        // the next block is BLOCK bytes from the cut, as `Matcher::find` takes them, so that
        // streaming and in-memory searches cut the text at the same places
        want = BLOCK;
    }
}

/// Searches a mapped file block by block. With threads, the next block is searched while
/// the hits of the current one are located and handed to `sink` (which must stay on this
/// thread: it prints), so that the sequential part of a run overlaps the parallel one.
fn run_mapped(
    path: &Path,
    m: &Matcher,
    opts: &SearchOptions,
    file: &memmap2::Mmap,
    bom: usize,
    sink: &mut dyn FnMut(&mut Vec<Located>, usize) -> Result<()>,
) -> Result<()> {
    let bytes = &file[bom..];
    let map = OffsetMap::Shift(bom);
    let search_from = |pos: usize| -> std::result::Result<Block<'_>, Bad> {
        let mut want = BLOCK;
        loop {
            let end = pos.saturating_add(want).min(bytes.len());
            match search_window(m, opts, &bytes[pos..end], end == bytes.len(), want < MAX_BLOCK)? {
                Some(b) => return Ok(b),
                None => want *= 2,
            }
        }
    };
    let mut base = 0usize;
    let mut released = 0usize;
    let mut rep = Reported::default();
    let mut current = search_from(0);
    loop {
        let block = match current {
            Ok(b) => b,
            Err(bad) => return Err(bad_bytes(path, &bytes[base..], bad.at, base, rep.tracker.as_ref(), bad.what)),
        };
        let next_base = base + block.found.cut;
        let next = if opts.parallel && !block.done() {
            let mut next = None;
            let reported = rayon::in_place_scope(|s| {
                s.spawn(|_| next = Some(search_from(next_base)));
                release(file, &mut released, bom + base);
                report(&block, base, &mut rep, &map, opts, sink)
            });
            reported?;
            next
        } else {
            release(file, &mut released, bom + base);
            report(&block, base, &mut rep, &map, opts, sink)?;
            (!block.done()).then(|| search_from(next_base))
        };
        let Some(next) = next else { return Ok(()) };
        base = next_base;
        current = next;
    }
}

/// Hands the pages of `file` before `upto` back to the system: they are never read again,
/// and without this a mapped file's pages would accumulate in the resident set as the
/// search moves on (the page cache keeps them all the same).
fn release(file: &memmap2::Mmap, released: &mut usize, upto: usize) {
    const STEP: usize = 4 << 20;
    let upto = upto / STEP * STEP;
    if upto > *released {
        #[cfg(unix)]
        // SAFETY: every slice still in use starts at or after `upto` (the block being
        // searched starts at the current base, which is past it); and in a read-only file
        // map, a dropped page reads back the same bytes if touched again.
        let _ = unsafe { file.unchecked_advise_range(memmap2::UncheckedAdvice::DontNeed, *released, upto - *released) };
        *released = upto;
    }
}

/// An error about bytes that cannot be text, at their line and column.
fn bad_bytes(path: &Path, buf: &[u8], at: usize, base: usize, tracker: Option<&Tracker>, what: &str) -> Error {
    let (line0, col0) = tracker.map_or((1, 1), Tracker::line_col);
    let tracked = tracker.map_or(0, Tracker::pos).saturating_sub(base).min(at);
    let (dl, dc) = input::line_col_of(&buf[tracked..], at - tracked);
    let (line, column) = if dl == 1 { (line0, col0 + dc - 1) } else { (line0 + dl - 1, dc) };
    let hint =
        if what.starts_with("invalid") { "; save the file as UTF-8, or name its encoding with --encoding" } else { "" };
    Error::at(path, line, column, format!("{what}{hint}"))
}

/// Positions of the hits of one block; advances the tracker to the last hit's start.
fn locate(
    text: &str,
    base: usize,
    hits: &[Hit],
    tr: &mut Tracker,
    map: &OffsetMap,
    opts: &SearchOptions,
    out: &mut Vec<Located>,
) {
    out.clear();
    out.reserve(hits.len());
    for h in hits {
        let (s, e) = (base + h.start, base + h.end);
        // hits come sorted by start (nested ones after their outer hit), so the tracker only
        // moves forward
        tr.advance(text, base, s);
        let (line, column) = tr.line_col();
        let passage = tr.passage();
        let surface = &text[h.start..h.end];
        let (end_line, end_column) = step(surface, line, column, opts.track.columns);
        let line_text = opts.line_text.then(|| {
            let ls = tr.line_start().max(base);
            let rest = &text[ls - base..];
            let end = memchr::memchr(b'\n', rest.as_bytes()).unwrap_or(rest.len());
            let l = rest[..end].strip_suffix('\r').unwrap_or(&rest[..end]);
            if tr.line_start() < base { format!("…{l}") } else { l.to_string() }
        });
        out.push(Located {
            hit: Hit { start: s, end: e, ..*h },
            line,
            column: if opts.track.columns { column } else { 0 },
            end_line,
            end_column: if opts.track.columns { end_column } else { 0 },
            byte_start: map.original(s),
            byte_end: map.original(e),
            passage: if opts.track.passages { passage } else { 0 },
            surface: if opts.surface { surface.to_string() } else { String::new() },
            line_text,
        });
    }
}

/// Located hits of a document held in memory (the hits' offsets are offsets of its text).
pub fn locate_document(doc: &Document, hits: &[Hit], line_text: bool) -> Vec<Located> {
    hits.iter()
        .map(|h| {
            let (s, t) = (doc.position(h.start), doc.position(h.end));
            Located {
                hit: *h,
                line: s.line,
                column: s.column,
                end_line: t.line,
                end_column: t.column,
                byte_start: s.byte,
                byte_end: t.byte,
                passage: doc.passage_at(h.start).map_or(0, |p| p.number),
                surface: doc.text()[h.start..h.end].to_string(),
                line_text: line_text.then(|| doc.line_text(s.line).to_string()),
            }
        })
        .collect()
}

/// What [`search_files`] reports, file by file, in the order of the paths.
pub enum Event<'a> {
    /// Hits of a file, in order (a large file gives several batches), and how many bytes
    /// of the file's text are done. The vector is the search's buffer, reused for the next
    /// batch: take or drain what is to be kept.
    Hits(&'a Path, &'a mut Vec<Located>, usize),
    /// The file is done.
    Done(&'a Path),
    /// The file could not be searched (its earlier batches may have been reported).
    Failed(&'a Path, Error),
}

/// Files below this size are searched whole, several at a time on the rayon pool; larger
/// ones are streamed block by block, their pieces searched in parallel.
const SMALL_FILE: u64 = (BLOCK / 2) as u64;

/// Searches `paths` in order. With `opts.parallel`, small files are searched concurrently
/// and large files piece-parallel; events still come in path order, so the output does not
/// depend on the number of threads.
pub fn search_files(
    paths: &[std::path::PathBuf],
    m: &Matcher,
    opts: &SearchOptions,
    sink: &mut dyn FnMut(Event<'_>) -> Result<()>,
) -> Result<()> {
    let small =
        |p: &Path| p.as_os_str() != "-" && std::fs::metadata(p).is_ok_and(|md| md.is_file() && md.len() < SMALL_FILE);
    let mut i = 0;
    while i < paths.len() {
        if opts.parallel && small(&paths[i]) {
            // a batch of consecutive small files, searched concurrently, reported in order
            let mut j = i;
            let mut bytes = 0u64;
            while j < paths.len() && j - i < 256 && bytes < (64 << 20) && small(&paths[j]) {
                bytes += std::fs::metadata(&paths[j]).map_or(0, |md| md.len());
                j += 1;
            }
            let one = SearchOptions { parallel: false, ..*opts };
            let results: Vec<Result<Vec<Located>>> = paths[i..j]
                .par_iter()
                .map(|p| {
                    let mut all = Vec::new();
                    search_file(p, m, &one, &mut |v, _| {
                        all.append(v);
                        Ok(())
                    })
                    .map(|()| all)
                })
                .collect();
            for (p, r) in paths[i..j].iter().zip(results) {
                match r {
                    Ok(mut hits) => {
                        let size = std::fs::metadata(p).map_or(0, |md| md.len() as usize);
                        sink(Event::Hits(p, &mut hits, size))?;
                        sink(Event::Done(p))?;
                    }
                    Err(e) => sink(Event::Failed(p, e))?,
                }
            }
            i = j;
        } else {
            let p = &paths[i];
            // an error of the sink (the output) ends the run; an error of the file does not
            let mut sink_error = None;
            let r = search_file(p, m, opts, &mut |v, done| {
                sink(Event::Hits(p, v, done)).map_err(|e| {
                    sink_error = Some(e);
                    Error::usage("output failed")
                })
            });
            if let Some(e) = sink_error {
                return Err(e);
            }
            match r {
                Ok(()) => sink(Event::Done(p))?,
                Err(e) => sink(Event::Failed(p, e))?,
            }
            i += 1;
        }
    }
    Ok(())
}

/// The line and column after `s`, starting from `line` / `column`.
fn step(s: &str, line: u64, column: u64, columns: bool) -> (u64, u64) {
    let b = s.as_bytes();
    match memchr::memrchr(b'\n', b) {
        None => (line, if columns { column + s.chars().count() as u64 } else { 0 }),
        Some(p) => {
            let nl = memchr::memchr_iter(b'\n', b).count() as u64;
            (line + nl, if columns { s[p + 1..].chars().count() as u64 + 1 } else { 0 })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Document;
    use crate::glossary::read_csv_str;
    use crate::matcher::MatchOptions;
    use proptest::prelude::*;

    /// What a window is, validated whole: its text, or where and why it is not text.
    fn valid_whole(buf: &[u8], eof: bool) -> std::result::Result<&str, (usize, &'static str)> {
        let text = match std::str::from_utf8(buf) {
            Ok(t) => t,
            Err(e) if e.error_len().is_none() && !eof => std::str::from_utf8(&buf[..e.valid_up_to()]).unwrap(),
            Err(e) => return Err((e.valid_up_to(), "invalid UTF-8")),
        };
        match memchr::memchr(0, text.as_bytes()) {
            Some(nul) => Err((nul, "not a text file (it contains a NUL byte)")),
            None => Ok(text),
        }
    }

    /// Bytes mostly of text, with characters of two to four bytes, stray continuation and
    /// lead bytes, NULs, and windows cut inside a character.
    fn window() -> impl Strategy<Value = Vec<u8>> {
        let piece = prop_oneof![
            8 => "[a-z ]{1,6}".prop_map(String::into_bytes),
            3 => "[é中😀’]{1,3}".prop_map(String::into_bytes),
            1 => prop_oneof![Just(vec![0x80]), Just(vec![0xE4, 0xB8]), Just(vec![0xF0]), Just(vec![0xFF]), Just(vec![0])],
        ];
        prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
    }

    proptest! {
        /// Validating in parts of any size finds what validating the whole window finds:
        /// the same text, or the same first bad byte (invalid UTF-8 before any NUL).
        #[test]
        fn validating_in_parts_is_validating_whole(buf in window(), eof: bool, part in 1usize..24) {
            let got = valid_text_in(&buf, eof, part).map_err(|b| (b.at, b.what));
            prop_assert_eq!(got, valid_whole(&buf, eof));
        }
    }

    fn matcher() -> Matcher {
        let g = read_csv_str(
            "id,en,en_deprecated\nbri,Belt and Road Initiative,\"One Belt, One Road :: old\"\nww,win-win cooperation,\n",
            Path::new("g.csv"),
        )
        .unwrap()
        .glossary;
        Matcher::new(&g, MatchOptions::default()).unwrap()
    }

    fn search(path: &Path, parallel: bool) -> Vec<Located> {
        search_with(path, SearchOptions { parallel, line_text: true, ..SearchOptions::default() })
    }

    fn search_with(path: &Path, opts: SearchOptions) -> Vec<Located> {
        let m = matcher();
        let mut all = Vec::new();
        search_file(path, &m, &opts, &mut |v, _| {
            all.append(v);
            Ok(())
        })
        .unwrap();
        all
    }

    /// A document of many blocks must give, hit for hit, what the in-memory document gives.
    #[test]
    fn blocks_and_threads_give_the_in_memory_result() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.txt");
        let para = "We pursue win-win \n\ncooperation and the Belt and Road \n\nInitiative, not “One Belt, One Road”, \n\nnor the Belt and Road Initative. \n\n \n\n";
        let filler = "Other words fill the line here, ünïcödé too. \n\n";
        let mut text = String::new();
        let mut i = 0;
        while text.len() < 2 * BLOCK + 12345 {
            text.push_str(if i % 7 == 0 { para } else { filler });
            i += 1;
        }
        std::fs::write(&path, &text).unwrap();
        let m = matcher();
        let doc = Document::from_text(&path, text.clone(), Layout::Auto);
        let statuses: Vec<_> = m.find(doc.text()).iter().map(|h| h.status).collect();
        assert!(
            statuses.contains(&crate::matcher::Status::NearMiss)
                && statuses.contains(&crate::matcher::Status::Deprecated)
        );
        let want: Vec<(usize, usize, u64, u64, usize)> = m
            .find(doc.text())
            .iter()
            .map(|h| {
                let p = doc.position(h.start);
                (h.start, h.end, p.line, p.column, doc.passage_at(h.start).unwrap().number)
            })
            .collect();
        // mapped (the default for a file this large) and read, one thread and several
        for (parallel, mmap) in [(false, true), (true, true), (false, false), (true, false)] {
            let opts = SearchOptions { parallel, mmap, line_text: true, ..SearchOptions::default() };
            let got: Vec<(usize, usize, u64, u64, usize)> = search_with(&path, opts)
                .iter()
                .map(|l| (l.byte_start, l.byte_end, l.line, l.column, l.passage))
                .collect();
            assert_eq!(got.len(), want.len());
            assert_eq!(got, want, "parallel: {parallel}, mmap: {mmap}");
        }
        // the surface is the original text of the span; asked not to give it (the offsets
        // format), the search gives the same hits with it empty
        let full = search_with(&path, SearchOptions { parallel: true, ..SearchOptions::default() });
        assert!(full.iter().all(|l| l.surface == text[l.byte_start..l.byte_end]));
        let bare = search_with(&path, SearchOptions { parallel: true, surface: false, ..SearchOptions::default() });
        assert!(bare.iter().all(|l| l.surface.is_empty()));
        let clear =
            |v: Vec<Located>| v.into_iter().map(|l| Located { surface: String::new(), ..l }).collect::<Vec<_>>();
        assert_eq!(clear(full.clone()), bare);
        // the buffer handed to the sink is reused: a sink that only reads it sees each
        // block's hits once
        let mut seen = Vec::new();
        let opts = SearchOptions { parallel: true, ..SearchOptions::default() };
        search_file(&path, &m, &opts, &mut |v, _| {
            seen.extend(v.iter().cloned());
            Ok(())
        })
        .unwrap();
        assert_eq!(seen, full);
    }

    #[test]
    fn bom_is_skipped_and_offsets_are_original() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bom.txt");
        std::fs::write(&path, "\u{FEFF}the Belt and Road Initiative\n").unwrap();
        let hits = search(&path, false);
        assert_eq!((hits[0].byte_start, hits[0].byte_end, hits[0].column), (7, 31, 5));
        assert_eq!(hits[0].line_text.as_deref(), Some("the Belt and Road Initiative"));
        // a file large enough to be mapped: the BOM is skipped there too
        let mut big = String::from("\u{FEFF}the Belt and Road Initiative\n");
        big.push_str(&"filler words on a line \n".repeat(MAP_MIN as usize / 20));
        big.push_str("win-win cooperation\n");
        std::fs::write(&path, &big).unwrap();
        for mmap in [true, false] {
            let hits = search_with(&path, SearchOptions { mmap, ..SearchOptions::default() });
            let spans: Vec<(usize, usize)> = hits.iter().map(|h| (h.byte_start, h.byte_end)).collect();
            let end = big.len() - 1;
            assert_eq!(spans, [(7, 31), (end - 19, end)], "mmap: {mmap}");
            assert_eq!(hits[0].column, 5);
        }
    }

    #[test]
    fn invalid_utf8_after_the_first_block_is_a_positioned_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("late.txt");
        // the bad bytes in a later part of the second block (with threads, blocks are
        // validated in parts of a mebibyte), text on after them
        let before = BLOCK / 16 + (3 << 20) / 16;
        for (bad, what) in [(&b"\xFF"[..], "invalid UTF-8"), (b"\0", "not a text file")] {
            let mut bytes = "a line of text \n".repeat(before).into_bytes();
            bytes.extend_from_slice(&[b"bad ", bad, b" byte\n"].concat());
            bytes.extend_from_slice("more text \n".repeat(1000).as_bytes());
            std::fs::write(&path, &bytes).unwrap();
            for (mmap, parallel) in [(true, false), (false, false), (true, true), (false, true)] {
                let opts = SearchOptions { mmap, parallel, ..SearchOptions::default() };
                let err = search_file(&path, &matcher(), &opts, &mut |_, _| Ok(())).unwrap_err();
                let line = before + 1;
                assert!(err.to_string().contains(&format!("late.txt:{line}:5: {what}")), "{err}");
            }
        }
    }
}
