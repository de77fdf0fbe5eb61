//! Reading user files as text, and mapping positions back to their original bytes.
//!
//! Everything termalign reads (documents, glossaries, imports) comes through
//! [`read_text`] / [`read_text_with`]: they refuse binary files, decide the encoding,
//! decode to UTF-8 and refuse bytes that do not decode, so that no later stage ever sees
//! mojibake.
//!
//! # How the encoding is decided
//!
//! 1. A byte-order mark wins: UTF-8, UTF-16LE or UTF-16BE (even over `--encoding`, as in
//!    browsers: a BOM is unambiguous, a flag may be a stale habit).
//! 2. Otherwise [`DecodeOptions::encoding`] (`--encoding NAME`, any WHATWG label).
//! 3. Otherwise the bytes are checked: a NUL byte means "not a text file" (with a hint
//!    when the NULs sit where UTF-16 without a BOM would put them); valid UTF-8 is UTF-8,
//!    however short; text that is UTF-8 but for a few bad bytes is reported as broken
//!    UTF-8 rather than re-guessed, because reading it as a legacy encoding would turn every
//!    Chinese character into silent mojibake. Only then does `chardetng` guess, and only
//!    its answers GB18030 (GBK, GB2312), Big5 and windows-1252 are taken; any other guess
//!    is an error asking for `--encoding`, since a wrong single-byte guess never fails to
//!    decode and so would never be noticed.
//!
//! A byte that does not decode in the chosen encoding is an error at its line and column
//! (counted in the decoded text, as an editor opened in that encoding shows it), naming
//! the encoding, unless [`DecodeOptions::lossy`] replaces it with U+FFFD.
//!
//! # Positions in transcoded files
//!
//! Every position termalign reports is a byte offset in the *original* file, even though
//! the text in memory is UTF-8. [`OffsetMap`] carries the correspondence:
//! `map.original(decoded_offset)`. UTF-8 input needs only a shift (the BOM's length). For
//! other encodings the decoder records, for every run of characters that have the same
//! width in both encodings (ASCII in GB18030: 1 and 1; Chinese in GB18030: 3 and 2; any
//! BMP character in UTF-16: its UTF-8 length and 2), one [`Checkpoint`]; an offset is
//! mapped by finding its run with a binary search and counting whole characters. English
//! text with a few curly quotes costs a couple of checkpoints per quote; a UTF-16 file of
//! plain English costs one. The map is monotone (property-tested), so a span's start and
//! end stay in order, and the original bytes between them decode to exactly the span.
//!
//! # Big files
//!
//! [`TextChunks`] decodes a file piece by piece by the same rules, in memory bounded by
//! the piece size (the encoding is decided from the first megabyte). Each piece ends after
//! a line break where the file has one, and carries its own map into the whole file, so a
//! streaming reader reports the same positions as one that reads the file whole (tested
//! piece for piece against [`read_text_with`]).

use std::io::Read;
use std::path::{Path, PathBuf};

pub use encoding_rs::Encoding;
use encoding_rs::{BIG5, DecoderResult, GB18030, GBK, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

use crate::error::{Error, Location, Result};

/// A file decoded to UTF-8, with the map back to its original bytes.
#[derive(Debug, Clone)]
pub struct TextFile {
    /// The path as the user gave it (`-` for standard input).
    pub path: PathBuf,
    /// The decoded text, without byte-order mark.
    pub text: String,
    /// Name of the encoding the file was read in (`UTF-8`, `UTF-16LE`, `gb18030`, ...).
    pub encoding: &'static str,
    /// Maps byte offsets in `text` to byte offsets in the original file.
    pub map: OffsetMap,
}

/// Maps decoded (UTF-8) byte offsets to original byte offsets.
///
/// For a UTF-8 file the map is a constant shift (the length of a stripped BOM, usually 0).
/// For transcoded files it is a list of [`Checkpoint`]s sorted by decoded offset; see
/// the module documentation. The map is monotone by construction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OffsetMap {
    /// original = decoded + shift.
    Shift(usize),
    /// Runs of same-width characters; the first one starts at decoded offset 0.
    Checkpoints(Vec<Checkpoint>),
}

/// The start of a run of characters that each take `decoded_width` bytes in the decoded
/// text and `original_width` bytes in the file. The run lasts until the next checkpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checkpoint {
    pub decoded: usize,
    pub original: usize,
    pub decoded_width: u32,
    pub original_width: u32,
}

impl OffsetMap {
    /// The original byte offset of decoded offset `pos`.
    ///
    /// An offset inside a character (never produced by termalign, which cuts on
    /// character boundaries) maps inside or to the end of that character, so the map stays
    /// monotone for every offset.
    pub fn original(&self, pos: usize) -> usize {
        match self {
            OffsetMap::Shift(s) => pos + s,
            OffsetMap::Checkpoints(cps) => {
                let i = cps.partition_point(|c| c.decoded <= pos).saturating_sub(1);
                let Some(c) = cps.get(i) else { return pos };
                let (dw, ow) = (c.decoded_width as usize, c.original_width as usize);
                let into = pos.saturating_sub(c.decoded);
                c.original + into / dw * ow + (into % dw).min(ow)
            }
        }
    }

    /// True when decoded offsets are original offsets (UTF-8 without BOM).
    pub fn is_identity(&self) -> bool {
        matches!(self, OffsetMap::Shift(0))
    }
}

/// Builds an [`OffsetMap`] from pieces of decoded text and the original bytes they came
/// from, merging consecutive pieces of the same widths into one checkpoint.
struct MapBuilder {
    cps: Vec<Checkpoint>,
    /// Decoded and original offsets where the last piece ended.
    decoded_end: usize,
    original_end: usize,
}

impl MapBuilder {
    fn new(original_start: usize) -> MapBuilder {
        MapBuilder { cps: Vec::new(), decoded_end: 0, original_end: original_start }
    }

    /// `count` characters, each `dw` decoded bytes from `ow` original bytes, starting at
    /// the current decoded end and at original offset `original`.
    fn run(&mut self, original: usize, count: usize, dw: usize, ow: usize) {
        if count == 0 || dw == 0 {
            return;
        }
        let continues = self.cps.last().is_some_and(|c| {
            c.decoded_width as usize == dw && c.original_width as usize == ow && original == self.original_end
        });
        if !continues {
            self.cps.push(Checkpoint {
                decoded: self.decoded_end,
                original,
                decoded_width: dw as u32,
                original_width: ow as u32,
            });
        }
        self.decoded_end += count * dw;
        self.original_end = original + count * ow;
    }

    /// One piece of decoded text of `dw` bytes from original bytes `original..original + ow`.
    fn piece(&mut self, original: usize, dw: usize, ow: usize) {
        self.run(original, 1, dw, ow);
    }

    fn finish(self, bom: usize) -> OffsetMap {
        match self.cps.as_slice() {
            [] => OffsetMap::Shift(bom),
            [c] if c.decoded_width == 1 && c.original_width == 1 => OffsetMap::Shift(c.original),
            _ => OffsetMap::Checkpoints(self.cps),
        }
    }
}

/// How to decode a file.
#[derive(Debug, Clone, Copy)]
pub struct DecodeOptions {
    /// Use this encoding instead of detecting one (a byte-order mark still wins).
    pub encoding: Option<&'static Encoding>,
    /// Replace bytes that do not decode with U+FFFD instead of failing.
    pub lossy: bool,
    /// The option that forces the encoding for this kind of input, named in error
    /// messages so that they say what to do (`--encoding`, `--glossary-encoding`).
    pub encoding_flag: &'static str,
    /// The option that allows lossy decoding, if this kind of input has one.
    pub lossy_flag: Option<&'static str>,
}

impl Default for DecodeOptions {
    fn default() -> DecodeOptions {
        DecodeOptions { encoding: None, lossy: false, encoding_flag: "--encoding", lossy_flag: Some("--lossy") }
    }
}

/// The encodings detection may choose. Others must be named with `--encoding`.
pub const DETECTED: &[&str] = &["UTF-8", "UTF-16LE", "UTF-16BE", "gb18030", "Big5", "windows-1252"];

/// Parses an encoding name (any WHATWG label: `utf-16le`, `gbk`, `gb2312`, `big5`,
/// `latin1`, `shift_jis`...). GBK and GB2312 read as GB18030, their superset.
pub fn parse_encoding(name: &str) -> std::result::Result<&'static Encoding, String> {
    match Encoding::for_label(name.trim().as_bytes()) {
        Some(e) if e == encoding_rs::REPLACEMENT || e == encoding_rs::X_USER_DEFINED => {
            Err(format!("encoding `{name}` cannot be used to read text"))
        }
        Some(e) => Ok(if e == GBK { GB18030 } else { e }),
        None => Err(format!(
            "unknown encoding `{name}`; use a name such as {} (or another WHATWG encoding label)",
            DETECTED.join(", ")
        )),
    }
}

/// Reads a whole file (or standard input for `-`) as text, detecting its encoding.
pub fn read_text(path: &Path) -> Result<TextFile> {
    read_text_with(path, &DecodeOptions::default())
}

/// Reads a whole file (or standard input for `-`) as text. See the module documentation.
pub fn read_text_with(path: &Path, opts: &DecodeOptions) -> Result<TextFile> {
    let bytes = read_bytes(path)?;
    decode(path, bytes, opts)
}

/// Reads raw bytes from a file or from standard input (`-`).
pub fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        std::io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .map_err(|e| Error::io(path, "cannot read standard input", e))?;
    } else {
        if path.is_dir() {
            return Err(Error::data(Location::file(path), "is a directory, not a file"));
        }
        bytes = std::fs::read(path).map_err(|e| Error::io(path, "cannot read file", e))?;
    }
    Ok(bytes)
}

/// How the encoding was chosen, for messages.
#[derive(Clone, Copy)]
enum How {
    Bom,
    Forced,
    Detected,
}

/// Decodes bytes read from `path` (`path` is used in messages only).
pub fn decode(path: &Path, bytes: Vec<u8>, opts: &DecodeOptions) -> Result<TextFile> {
    let (enc, how, bom) = match Encoding::for_bom(&bytes) {
        Some((e, n)) => (e, How::Bom, n),
        None => match opts.encoding {
            Some(e) => (e, How::Forced, 0),
            None => {
                check_no_nul(path, &bytes, opts)?;
                if std::str::from_utf8(&bytes).is_ok() {
                    let text = String::from_utf8(bytes).expect("checked just above");
                    return Ok(TextFile {
                        path: path.to_path_buf(),
                        text,
                        encoding: "UTF-8",
                        map: OffsetMap::Shift(0),
                    });
                }
                (detect(path, &bytes, opts)?, How::Detected, 0)
            }
        },
    };
    let utf16 = enc == UTF_16LE || enc == UTF_16BE;
    if !utf16 && !matches!(how, How::Detected) {
        check_no_nul(path, &bytes[bom..], opts)?;
    }
    let (text, map) = if enc == UTF_8 && !opts.lossy {
        decode_utf8(path, bytes, bom, how, opts)?
    } else if utf16 && !opts.lossy {
        match enc.decode_without_bom_handling_and_without_replacement(&bytes[bom..]) {
            Some(text) => {
                let map = utf16_map(&text, bom);
                (text.into_owned(), map)
            }
            None => decode_stepwise(path, &bytes, bom, enc, how, opts)?,
        }
    } else {
        decode_stepwise(path, &bytes, bom, enc, how, opts)?
    };
    if let Some(nul) = memchr::memchr(0, text.as_bytes()).filter(|_| utf16) {
        let (line, column) = line_col_of(text.as_bytes(), nul);
        return Err(Error::at(path, line, column, not_text_message(None, opts)));
    }
    Ok(TextFile { path: path.to_path_buf(), text, encoding: enc.name(), map })
}

fn not_text_message(utf16_hint: Option<&str>, opts: &DecodeOptions) -> String {
    match utf16_hint {
        Some(name) => format!(
            "not a text file (it contains NUL bytes); if it is UTF-16 without a byte-order mark, pass {} {name}",
            opts.encoding_flag
        ),
        None => "not a text file (it contains a NUL byte)".to_string(),
    }
}

/// Refuses input with a NUL byte, naming UTF-16 when the NULs look like its high bytes.
fn check_no_nul(path: &Path, bytes: &[u8], opts: &DecodeOptions) -> Result<()> {
    let Some(nul) = memchr::memchr(0, bytes) else { return Ok(()) };
    let (line, column) = line_col_of(bytes, nul);
    let hint = looks_like_utf16(bytes).map(|e| e.name());
    Err(Error::at(path, line, column, not_text_message(hint, opts)))
}

/// UTF-16 text without a BOM that is mostly ASCII has a NUL in every other byte: at odd
/// offsets for little-endian, even for big-endian. Checked on the first 64 KiB.
fn looks_like_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(1 << 16) & !1];
    if head.len() < 4 {
        return None;
    }
    let pairs = head.len() / 2;
    let (mut even, mut odd) = (0, 0);
    for p in head.chunks_exact(2) {
        even += usize::from(p[0] == 0);
        odd += usize::from(p[1] == 0);
    }
    if odd * 2 >= pairs && even * 20 <= pairs {
        Some(UTF_16LE)
    } else if even * 2 >= pairs && odd * 20 <= pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Picks the encoding of bytes that are neither valid UTF-8 nor marked with a BOM.
fn detect(path: &Path, bytes: &[u8], opts: &DecodeOptions) -> Result<&'static Encoding> {
    if mostly_utf8(bytes) {
        return Ok(UTF_8);
    }
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(bytes, true);
    let guess = det.guess(None, chardetng::Utf8Detection::Deny);
    if guess == GBK || guess == GB18030 {
        Ok(more_plausible(bytes, GB18030, BIG5))
    } else if guess == BIG5 {
        Ok(more_plausible(bytes, BIG5, GB18030))
    } else if guess == WINDOWS_1252 {
        Ok(guess)
    } else {
        Err(Error::data(
            Location::file(path),
            format!(
                "cannot tell the encoding: not UTF-8, and it looks most like {name}, which termalign does not \
                 guess (it guesses only {}); if {name} is right pass {flag} {name}, or save the file as UTF-8",
                DETECTED.join(", "),
                name = guess.name(),
                flag = opts.encoding_flag,
            ),
        ))
    }
}

/// Chooses between GB18030 and Big5 when the detector's `guess` might be wrong.
///
/// Both encodings put two-byte characters in the same byte ranges, so English text whose
/// only non-ASCII characters are a few curly quotes and dashes decodes without error in
/// either, and the detector has little to go on: the seed corpus saved as GBK is guessed
/// as Big5 and its quotes come out as 求 ※ §. When both decode cleanly, the one that
/// reads more like text wins: punctuation counts three, an ideograph next to another one
/// counts one, an ideograph alone among Latin letters nothing. Real Chinese text scores
/// alike in both and keeps the detector's guess.
fn more_plausible(bytes: &[u8], guess: &'static Encoding, other: &'static Encoding) -> &'static Encoding {
    let Some(a) = guess.decode_without_bom_handling_and_without_replacement(bytes) else { return guess };
    let Some(b) = other.decode_without_bom_handling_and_without_replacement(bytes) else { return guess };
    if plausibility(&b) > plausibility(&a) { other } else { guess }
}

fn plausibility(text: &str) -> usize {
    let mut score = 0;
    let mut prev_han = false;
    for c in text.chars() {
        let punct = matches!(c, '\u{2010}'..='\u{2027}' | '\u{3000}'..='\u{303F}' | '\u{FF01}'..='\u{FF1F}');
        let han = matches!(c, '\u{4E00}'..='\u{9FFF}');
        score += 3 * usize::from(punct) + usize::from(han && prev_han);
        prev_han = han;
    }
    score
}

/// True when the bytes are UTF-8 with a few corrupt bytes: there are at least as many
/// valid multi-byte sequences as invalid ones. Legacy Chinese encodings form a valid
/// UTF-8 sequence only by chance (about one pair in twelve), so they stay far below; when
/// the rule errs it errs towards an "invalid UTF-8" error, never towards mojibake.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut good, mut bad) = (0usize, 0usize);
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                good += s.bytes().filter(|&b| b >= 0xC0).count();
                break;
            }
            Err(e) => {
                let ok = e.valid_up_to();
                good += rest[..ok].iter().filter(|&&b| b >= 0xC0).count();
                bad += 1;
                let skip = ok + e.error_len().unwrap_or(rest.len() - ok);
                rest = &rest[skip..];
            }
        }
    }
    good > 0 && good >= bad
}

/// UTF-8 without replacement: the text is the file's bytes, minus the BOM.
fn decode_utf8(path: &Path, bytes: Vec<u8>, bom: usize, how: How, opts: &DecodeOptions) -> Result<(String, OffsetMap)> {
    match std::str::from_utf8(&bytes[bom..]) {
        Ok(_) => {
            let mut bytes = bytes;
            bytes.drain(..bom);
            let text = String::from_utf8(bytes).expect("validated just above");
            Ok((text, OffsetMap::Shift(bom)))
        }
        Err(e) => {
            let at = bom + e.valid_up_to();
            let bad = e.error_len().unwrap_or(bytes.len() - at);
            let (line, column) = line_col_of(&bytes[bom..], at - bom);
            Err(undecodable(path, line, column, UTF_8, how, &bytes[at..at + bad], at, opts))
        }
    }
}

/// The UTF-16 map: every character takes two bytes per UTF-16 code unit.
fn utf16_map(text: &str, bom: usize) -> OffsetMap {
    let mut m = MapBuilder::new(bom);
    let mut original = bom;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let (dw, ow) = (c.len_utf8(), 2 * c.len_utf16());
        let mut count = 1;
        while chars.peek().is_some_and(|n| n.len_utf8() == dw && n.len_utf16() * 2 == ow) {
            chars.next();
            count += 1;
        }
        m.run(original, count, dw, ow);
        original += count * ow;
    }
    m.finish(bom)
}

/// Decodes with `encoding_rs` one character at a time so that each character's original
/// bytes are known exactly, with a fast path that copies runs of ASCII when the encoding
/// is ASCII-compatible and the decoder holds no partial character. Used for legacy
/// encodings, for lossy decoding and to locate the bad bytes of UTF-16.
fn decode_stepwise(
    path: &Path,
    bytes: &[u8],
    bom: usize,
    enc: &'static Encoding,
    how: How,
    opts: &DecodeOptions,
) -> Result<(String, OffsetMap)> {
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 2);
    let mut map = MapBuilder::new(bom);
    let mut stepper = Stepper::new(enc, bom);
    stepper.feed(&bytes[bom..], bom, true, opts.lossy, &mut out, &mut map).map_err(|bad| {
        // A NUL before the bad bytes (possible only in UTF-16, where NULs are not checked
        // on the raw bytes) is the first problem of the file.
        if let Some(nul) = memchr::memchr(0, out.as_bytes()) {
            let (line, column) = line_col_of(out.as_bytes(), nul);
            return Error::at(path, line, column, not_text_message(None, opts));
        }
        let (line, column) = line_col_of(out.as_bytes(), out.len());
        undecodable(path, line, column, enc, how, &bad.bytes, bad.offset, opts)
    })?;
    out.shrink_to_fit();
    Ok((out, map.finish(bom)))
}

/// Bytes that do not decode, at an original offset.
struct Undecodable {
    offset: usize,
    bytes: Vec<u8>,
}

/// The state of a character-by-character decode, kept between the pieces of a file.
struct Stepper {
    dec: encoding_rs::Decoder,
    ascii_fast: bool,
    /// Original offset of the first byte whose text has not been written yet.
    pending: usize,
}

impl Stepper {
    fn new(enc: &'static Encoding, start: usize) -> Stepper {
        Stepper { dec: enc.new_decoder_without_bom_handling(), ascii_fast: enc.is_ascii_compatible(), pending: start }
    }

    /// Decodes `bytes`, which start at original offset `base`, onto `out` and `map`;
    /// `last` at the end of the file. Stops at the first undecodable bytes unless `lossy`.
    fn feed(
        &mut self,
        bytes: &[u8],
        base: usize,
        last: bool,
        lossy: bool,
        out: &mut String,
        map: &mut MapBuilder,
    ) -> std::result::Result<(), Undecodable> {
        let n = base + bytes.len();
        let mut i = base;
        loop {
            if self.ascii_fast && i == self.pending && i < n && bytes[i - base] < 0x80 {
                let run = &bytes[i - base..];
                let end = run.iter().position(|&b| b >= 0x80).map_or(n, |p| i + p);
                out.push_str(std::str::from_utf8(&run[..end - i]).expect("ASCII is UTF-8"));
                map.run(i, end - i, 1, 1);
                i = end;
                self.pending = end;
                continue;
            }
            let at_end = i >= n;
            if at_end && !last {
                return Ok(());
            }
            let input = if at_end { &[][..] } else { &bytes[i - base..i - base + 1] };
            out.reserve(16);
            let before = out.len();
            let (res, read) = self.dec.decode_to_string_without_replacement(input, out, at_end);
            i += read;
            match res {
                DecoderResult::InputEmpty => {
                    if out.len() > before {
                        map.piece(self.pending, out.len() - before, i - self.pending);
                        self.pending = i;
                    }
                    if at_end {
                        return Ok(());
                    }
                }
                DecoderResult::OutputFull => out.reserve(64),
                DecoderResult::Malformed(bad, extra) => {
                    let start = i - extra as usize - bad as usize;
                    let end = start + bad as usize;
                    if out.len() > before {
                        map.piece(self.pending, out.len() - before, start.saturating_sub(self.pending));
                    }
                    if !lossy {
                        // A sequence begun in an earlier piece shows only its bytes in this one.
                        let shown = bytes[start.max(base) - base..end.max(base) - base].to_vec();
                        return Err(Undecodable { offset: start, bytes: shown });
                    }
                    out.push(char::REPLACEMENT_CHARACTER);
                    map.piece(start, char::REPLACEMENT_CHARACTER.len_utf8(), end - start);
                    self.pending = end;
                }
            }
        }
    }
}

/// How many bytes [`TextChunks`] decodes at a time by default.
pub const CHUNK_BYTES: usize = 8 << 20;
/// How much of a file [`TextChunks`] looks at to decide its encoding.
pub const SNIFF_BYTES: usize = 1 << 20;

/// One piece of a file read by [`TextChunks`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    /// The decoded text. It ends with a line break, unless it is the last piece or its
    /// line is longer than the piece size: then it ends after a space, or, in a line
    /// without one, between two characters.
    pub text: String,
    /// Offset of `text` in the whole decoded file.
    pub decoded_start: usize,
    /// 1-based line of the first character of `text`.
    pub first_line: u64,
    /// Maps byte offsets in `text` to byte offsets in the file.
    pub map: OffsetMap,
}

/// A file decoded piece by piece, in memory bounded by the piece size, by the same rules
/// as [`read_text_with`] with one difference: the encoding is decided from the first
/// [`SNIFF_BYTES`] (a file whose first megabyte is valid UTF-8 is UTF-8, and a bad byte
/// further on is an "invalid UTF-8" error at its position). Errors carry the line and
/// column in the whole file; maps give offsets in the whole file. A file with both a NUL
/// byte and undecodable bytes is reported for the first problem met piece by piece, where
/// reading whole reports the NUL.
pub struct TextChunks {
    path: PathBuf,
    src: Box<dyn Read>,
    opts: DecodeOptions,
    enc: &'static Encoding,
    how: How,
    chunk_bytes: usize,
    /// Bytes read and not yet decoded; `buf[0]` is at original offset `offset`.
    buf: Vec<u8>,
    offset: usize,
    eof: bool,
    done: bool,
    /// `None` for strict UTF-8, which needs only validation.
    stepper: Option<Stepper>,
    decoded: usize,
    line: u64,
    /// Characters after the last line break handed out.
    column: u64,
}

impl TextChunks {
    /// Opens a file (or standard input for `-`) to be read in pieces of [`CHUNK_BYTES`].
    pub fn open(path: &Path, opts: &DecodeOptions) -> Result<TextChunks> {
        TextChunks::with_size(path, opts, CHUNK_BYTES)
    }

    /// [`TextChunks::open`] with pieces of about `chunk_bytes` bytes of the file.
    pub fn with_size(path: &Path, opts: &DecodeOptions, chunk_bytes: usize) -> Result<TextChunks> {
        let src: Box<dyn Read> = if path.as_os_str() == "-" {
            Box::new(std::io::stdin())
        } else {
            if path.is_dir() {
                return Err(Error::data(Location::file(path), "is a directory, not a file"));
            }
            Box::new(std::fs::File::open(path).map_err(|e| Error::io(path, "cannot read file", e))?)
        };
        TextChunks::from_reader(path, src, opts, chunk_bytes)
    }

    /// Reads from `src`; `path` names it in messages.
    pub fn from_reader(
        path: &Path,
        src: Box<dyn Read>,
        opts: &DecodeOptions,
        chunk_bytes: usize,
    ) -> Result<TextChunks> {
        let chunk_bytes = chunk_bytes.max(16);
        let mut r = TextChunks {
            path: path.to_path_buf(),
            src,
            opts: *opts,
            enc: UTF_8,
            how: How::Detected,
            chunk_bytes,
            buf: Vec::new(),
            offset: 0,
            eof: false,
            done: false,
            stepper: None,
            decoded: 0,
            line: 1,
            column: 0,
        };
        r.fill(SNIFF_BYTES.max(chunk_bytes))?;
        let (enc, how, bom) = match Encoding::for_bom(&r.buf) {
            Some((e, n)) => (e, How::Bom, n),
            None => match opts.encoding {
                Some(e) => (e, How::Forced, 0),
                None => {
                    check_no_nul(path, &r.buf, opts)?;
                    let utf8 = match std::str::from_utf8(&r.buf) {
                        Ok(_) => true,
                        // a character cut by the end of the sniffed part
                        Err(e) => e.error_len().is_none() && !r.eof,
                    };
                    (if utf8 { UTF_8 } else { detect(path, &r.buf, opts)? }, How::Detected, 0)
                }
            },
        };
        r.buf.drain(..bom);
        r.offset = bom;
        r.enc = enc;
        r.how = how;
        if enc != UTF_8 || opts.lossy {
            r.stepper = Some(Stepper::new(enc, bom));
        }
        Ok(r)
    }

    /// The encoding the file is read in.
    pub fn encoding(&self) -> &'static str {
        self.enc.name()
    }

    fn fill(&mut self, want: usize) -> Result<()> {
        while self.buf.len() < want && !self.eof {
            let start = self.buf.len();
            self.buf.resize(want, 0);
            match self.src.read(&mut self.buf[start..]) {
                Ok(0) => {
                    self.buf.truncate(start);
                    self.eof = true;
                }
                Ok(n) => self.buf.truncate(start + n),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => self.buf.truncate(start),
                Err(e) => return Err(Error::io(&self.path, "cannot read file", e)),
            }
        }
        Ok(())
    }

    /// Where to end the next piece: after the last line break, else after the last
    /// space, else at the last character boundary the encoding makes visible.
    fn cut_point(&self) -> usize {
        let b = &self.buf[..self.buf.len().min(self.chunk_bytes)];
        let utf16 = self.enc == UTF_16LE || self.enc == UTF_16BE;
        if utf16 {
            let le = self.enc == UTF_16LE;
            let unit = |c: u8| if le { [c, 0] } else { [0, c] };
            let even = b.len() & !1;
            for c in [b'\n', b' '] {
                if let Some(p) = b[..even].chunks_exact(2).rposition(|u| u == unit(c)) {
                    return 2 * p + 2;
                }
            }
            // keep a high surrogate with its pair
            let high = |u: &[u8]| (if le { u[1] } else { u[0] }) & 0xFC == 0xD8;
            return if even >= 2 && high(&b[even - 2..even]) { even - 2 } else { even };
        }
        for c in [b'\n', b' '] {
            if let Some(p) = memchr::memrchr(c, b) {
                return p + 1;
            }
        }
        if self.enc == UTF_8 {
            let lead = b.iter().rposition(|&c| c & 0xC0 != 0x80).unwrap_or(0);
            if lead > 0 {
                return lead;
            }
        }
        b.len()
    }

    /// The next piece of the file, or `None` at its end.
    pub fn next_chunk(&mut self) -> Result<Option<Chunk>> {
        if self.done {
            return Ok(None);
        }
        self.fill(self.chunk_bytes)?;
        let rest = self.eof && self.buf.len() <= self.chunk_bytes;
        let cut = if rest { self.buf.len() } else { self.cut_point().max(1) };
        let last = self.eof && cut == self.buf.len();
        let piece = &self.buf[..cut];
        if self.enc != UTF_16LE
            && self.enc != UTF_16BE
            && let Some(nul) = memchr::memchr(0, piece)
        {
            // Reading whole looks for UTF-16 at the start of the file only.
            let hint = if self.decoded == 0 { looks_like_utf16(&self.buf) } else { None };
            let (line, column) = self.line_col(&piece[..nul]);
            return Err(Error::at(&self.path, line, column, not_text_message(hint.map(|e| e.name()), &self.opts)));
        }
        let (text, map) = match &mut self.stepper {
            None => match std::str::from_utf8(piece) {
                Ok(t) => (t.to_string(), OffsetMap::Shift(self.offset)),
                Err(e) => {
                    let at = e.valid_up_to();
                    let bad = e.error_len().unwrap_or(piece.len() - at);
                    let valid = &piece[..at];
                    return Err(self.undecodable(valid, &piece[at..at + bad], self.offset + at));
                }
            },
            Some(stepper) => {
                let mut out = String::with_capacity(piece.len() + piece.len() / 2);
                let mut map = MapBuilder::new(self.offset);
                if let Err(bad) = stepper.feed(piece, self.offset, last, self.opts.lossy, &mut out, &mut map) {
                    if let Some(nul) = memchr::memchr(0, out.as_bytes()) {
                        let (line, column) = self.line_col(&out.as_bytes()[..nul]);
                        return Err(Error::at(&self.path, line, column, not_text_message(None, &self.opts)));
                    }
                    return Err(self.undecodable(out.as_bytes(), &bad.bytes, bad.offset));
                }
                (out, map.finish(self.offset))
            }
        };
        if let Some(nul) = memchr::memchr(0, text.as_bytes()) {
            let (line, column) = self.line_col(&text.as_bytes()[..nul]);
            return Err(Error::at(&self.path, line, column, not_text_message(None, &self.opts)));
        }
        let chunk = Chunk { decoded_start: self.decoded, first_line: self.line, map, text };
        let newlines = memchr::memchr_iter(b'\n', chunk.text.as_bytes()).count() as u64;
        let tail = chunk.text.rsplit('\n').next().unwrap_or("").chars().count() as u64;
        self.column = if newlines > 0 { tail } else { self.column + tail };
        self.line += newlines;
        self.decoded += chunk.text.len();
        self.buf.drain(..cut);
        self.offset += cut;
        self.done = last;
        Ok(Some(chunk))
    }

    /// Line and column in the whole file of the end of `decoded`, text of the current piece.
    fn line_col(&self, decoded: &[u8]) -> (u64, u64) {
        let (l, c) = line_col_of(decoded, decoded.len());
        (self.line + l - 1, if l == 1 { self.column + c } else { c })
    }

    fn undecodable(&self, decoded: &[u8], bad: &[u8], offset: usize) -> Error {
        let (line, column) = self.line_col(decoded);
        undecodable(&self.path, line, column, self.enc, self.how, bad, offset, &self.opts)
    }
}

#[allow(clippy::too_many_arguments)]
fn undecodable(
    path: &Path,
    line: u64,
    column: u64,
    enc: &'static Encoding,
    how: How,
    bad: &[u8],
    offset: usize,
    opts: &DecodeOptions,
) -> Error {
    let hex: Vec<String> = bad.iter().map(|b| format!("0x{b:02X}")).collect();
    let how = match how {
        How::Bom => " (from its byte-order mark)",
        How::Forced => " (as asked)",
        How::Detected if enc == UTF_8 => "",
        How::Detected => " (detected)",
    };
    let fix = if enc == UTF_8 {
        format!("save the file as UTF-8, or name its encoding with {} NAME", opts.encoding_flag)
    } else {
        format!("name the file's real encoding with {} NAME, or save it as UTF-8", opts.encoding_flag)
    };
    let lossy = opts.lossy_flag.map_or(String::new(), |f| format!("; {f} replaces undecodable bytes with U+FFFD"));
    Error::at(
        path,
        line,
        column,
        format!("invalid {}{how}: {} at byte offset {offset}; {fix}{lossy}", enc.name(), hex.join(" ")),
    )
}

/// 1-based line and character column of byte offset `at` in possibly invalid UTF-8.
pub fn line_col_of(bytes: &[u8], at: usize) -> (u64, u64) {
    let at = at.min(bytes.len());
    let line_start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |p| p + 1);
    let line = memchr::memchr_iter(b'\n', &bytes[..at]).count() as u64 + 1;
    let column = bytes[line_start..at].iter().filter(|&&b| (b & 0xC0) != 0x80).count() as u64 + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ZH: &str = "“Belt and Road” 一带一路倡议, win-win ― 合作共赢 😀 café\nsecond line 人类命运共同体\n";

    fn dec(bytes: &[u8]) -> Result<TextFile> {
        decode(Path::new("t.txt"), bytes.to_vec(), &DecodeOptions::default())
    }

    fn dec_with(bytes: &[u8], encoding: Option<&str>, lossy: bool) -> Result<TextFile> {
        let encoding = encoding.map(|e| parse_encoding(e).unwrap());
        decode(Path::new("t.txt"), bytes.to_vec(), &DecodeOptions { encoding, lossy, ..DecodeOptions::default() })
    }

    fn encode(text: &str, enc: &'static Encoding) -> Vec<u8> {
        if enc == UTF_16LE || enc == UTF_16BE {
            let le = enc == UTF_16LE;
            let mut out = Vec::new();
            for u in text.encode_utf16() {
                out.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
            }
            return out;
        }
        let (b, _, unmappable) = enc.encode(text);
        assert!(!unmappable, "{} cannot encode the sample", enc.name());
        b.into_owned()
    }

    /// Every character of the decoded text maps to original bytes that decode to exactly
    /// that character, and the whole text maps to the whole file after the BOM.
    fn assert_map_exact(bytes: &[u8], f: &TextFile) {
        let enc = Encoding::for_label(f.encoding.as_bytes()).unwrap();
        let mut bounds: Vec<usize> = f.text.char_indices().map(|(i, _)| i).collect();
        bounds.push(f.text.len());
        assert_eq!(f.map.original(f.text.len()), bytes.len());
        for w in bounds.windows(2) {
            let (a, b) = (f.map.original(w[0]), f.map.original(w[1]));
            let (got, _) = enc.decode_without_bom_handling(&bytes[a..b]);
            assert_eq!(got, &f.text[w[0]..w[1]], "decoded bytes {a}..{b} for text {}..{}", w[0], w[1]);
        }
        let mut prev = 0;
        for pos in 0..=f.text.len() {
            let o = f.map.original(pos);
            assert!(o >= prev, "map not monotone at {pos}");
            prev = o;
        }
    }

    #[test]
    fn utf8_and_ascii_stay_utf8_however_short() {
        for s in ["", "a", "en\nx\n", "id,en\nbri,Belt and Road Initiative\n", ZH] {
            let f = dec(s.as_bytes()).unwrap();
            assert_eq!((f.encoding, f.text.as_str(), &f.map), ("UTF-8", s, &OffsetMap::Shift(0)));
        }
    }

    #[test]
    fn utf8_bom_is_stripped_and_shifts_offsets() {
        let mut b = b"\xEF\xBB\xBF".to_vec();
        b.extend(ZH.as_bytes());
        let f = dec(&b).unwrap();
        assert_eq!((f.encoding, f.text.as_str(), &f.map), ("UTF-8", ZH, &OffsetMap::Shift(3)));
        assert_map_exact(&b, &f);
    }

    #[test]
    fn utf16_with_bom_both_orders() {
        for (bom, enc) in [(&b"\xFF\xFE"[..], UTF_16LE), (&b"\xFE\xFF"[..], UTF_16BE)] {
            let mut b = bom.to_vec();
            b.extend(encode(ZH, enc));
            let f = dec(&b).unwrap();
            assert_eq!((f.encoding, f.text.as_str()), (enc.name(), ZH));
            assert_map_exact(&b, &f);
        }
    }

    #[test]
    fn plain_english_in_utf16_needs_one_checkpoint() {
        let mut b = b"\xFF\xFE".to_vec();
        b.extend(encode("Belt and Road Initiative\n", UTF_16LE));
        let f = dec(&b).unwrap();
        assert_eq!(
            f.map,
            OffsetMap::Checkpoints(vec![Checkpoint { decoded: 0, original: 2, decoded_width: 1, original_width: 2 }])
        );
    }

    #[test]
    fn legacy_encodings_are_detected_and_mapped_exactly() {
        let glossary = include_str!("../glossary/diplomatic.csv");
        let seed = include_str!("../corpus/2022-01-25-china-central-asia-summit.en.txt");
        let big5 = "一帶一路倡議，人類命運共同體。“Belt and Road” 和平共處五項原則\n";
        for (text, enc) in [
            (glossary, GB18030),
            (seed, GB18030),
            (big5, BIG5),
            ("He said “win-win cooperation” – twice – and left. Café.\n", WINDOWS_1252),
        ] {
            let b = encode(text, enc);
            let f = dec(&b).unwrap();
            assert_eq!((f.encoding, f.text.as_str()), (enc.name(), text));
            assert_map_exact(&b, &f);
        }
    }

    #[test]
    fn gb18030_four_byte_characters_map_exactly() {
        // 😀 and é are four-byte sequences in GB18030; detection would not pick them, so force.
        let b = encode(ZH, GB18030);
        let f = dec_with(&b, Some("gbk"), false).unwrap();
        assert_eq!((f.encoding, f.text.as_str()), ("gb18030", ZH));
        assert_map_exact(&b, &f);
    }

    #[test]
    fn utf8_with_a_stray_byte_is_broken_utf8_not_a_legacy_encoding() {
        let b = b"He said \xe2\x80\x9cwin-win\xe2\x80\x9d\nand the Belt \xe9 Road\n";
        let err = dec(b).unwrap_err().to_string();
        assert_eq!(
            err,
            "t.txt:2:14: invalid UTF-8: 0xE9 at byte offset 35; save the file as UTF-8, or name its encoding \
             with --encoding NAME; --lossy replaces undecodable bytes with U+FFFD"
        );
        let f = dec_with(b, None, true).unwrap();
        assert_eq!(f.text, "He said “win-win”\nand the Belt \u{FFFD} Road\n");
        let road = f.text.find("Road").unwrap();
        assert_eq!(f.map.original(road), 37);
        assert_eq!(f.map.original(f.text.len()), b.len());
    }

    #[test]
    fn forced_encoding_reports_the_first_bad_byte_with_its_position() {
        let mut b = encode("一带一路\n合作", GB18030);
        b.extend(b"\xFF\x20");
        let err = dec_with(&b, Some("gb18030"), false).unwrap_err().to_string();
        assert_eq!(
            err,
            "t.txt:2:3: invalid gb18030 (as asked): 0xFF at byte offset 13; name the file's real encoding \
             with --encoding NAME, or save it as UTF-8; --lossy replaces undecodable bytes with U+FFFD"
        );
        let f = dec_with(&b, Some("gb18030"), true).unwrap();
        assert_eq!(f.text, "一带一路\n合作\u{FFFD} ");
        assert_eq!(f.map.original(f.text.len() - 1), 14);
    }

    #[test]
    fn utf16_odd_length_is_an_error_and_lossy_maps_it() {
        let mut b = b"\xFF\xFE".to_vec();
        b.extend(encode("ab\n中", UTF_16LE));
        b.push(b'x');
        let err = dec(&b).unwrap_err().to_string();
        assert!(
            err.starts_with("t.txt:2:2: invalid UTF-16LE (from its byte-order mark): 0x78 at byte offset 10;"),
            "{err}"
        );
        let f = dec_with(&b, None, true).unwrap();
        assert_eq!(f.text, "ab\n中\u{FFFD}");
        assert_eq!(f.map.original(f.text.len()), b.len());
        assert_eq!(f.map.original(f.text.len() - 3), 10);
    }

    #[test]
    fn binary_and_utf16_without_bom() {
        let err = dec(b"PK\x03\x04\x00\x00").unwrap_err().to_string();
        assert_eq!(err, "t.txt:1:5: not a text file (it contains a NUL byte)");
        let err = dec(&encode("Belt and Road\n", UTF_16LE)).unwrap_err().to_string();
        assert_eq!(
            err,
            "t.txt:1:2: not a text file (it contains NUL bytes); if it is UTF-16 without a byte-order mark, \
             pass --encoding UTF-16LE"
        );
        let err = dec(&encode("Belt and Road\n", UTF_16BE)).unwrap_err().to_string();
        assert!(err.ends_with("pass --encoding UTF-16BE"), "{err}");
        let f = dec_with(&encode("Belt and Road\n", UTF_16BE), Some("utf-16be"), false).unwrap();
        assert_eq!(f.text, "Belt and Road\n");
        // NUL inside UTF-16 text is still binary, at its decoded position.
        let mut b = b"\xFF\xFE".to_vec();
        b.extend(encode("ab\nc\0", UTF_16LE));
        assert_eq!(dec(&b).unwrap_err().to_string(), "t.txt:2:2: not a text file (it contains a NUL byte)");
    }

    #[test]
    fn encodings_detection_will_not_guess_are_refused_with_the_flag_to_pass() {
        let b = encode("日本語のテキストです。これはテストです。\n", encoding_rs::SHIFT_JIS);
        let err = dec(&b).unwrap_err().to_string();
        assert_eq!(
            err,
            "t.txt: cannot tell the encoding: not UTF-8, and it looks most like Shift_JIS, which termalign does \
             not guess (it guesses only UTF-8, UTF-16LE, UTF-16BE, gb18030, Big5, windows-1252); if Shift_JIS \
             is right pass --encoding Shift_JIS, or save the file as UTF-8"
        );
        assert_eq!(dec_with(&b, Some("shift_jis"), false).unwrap().text, "日本語のテキストです。これはテストです。\n");
    }

    #[test]
    fn a_bom_wins_over_the_forced_encoding() {
        let mut b = b"\xEF\xBB\xBF".to_vec();
        b.extend("一带一路".as_bytes());
        let f = dec_with(&b, Some("gb18030"), false).unwrap();
        assert_eq!((f.encoding, f.text.as_str()), ("UTF-8", "一带一路"));
    }

    #[test]
    fn encoding_names() {
        assert_eq!(parse_encoding("GBK").unwrap(), GB18030);
        assert_eq!(parse_encoding("gb2312").unwrap(), GB18030);
        assert_eq!(parse_encoding(" UTF-16 ").unwrap(), UTF_16LE);
        assert_eq!(parse_encoding("latin1").unwrap(), WINDOWS_1252);
        assert!(parse_encoding("iso-2022-kr").unwrap_err().contains("cannot be used"));
        assert!(parse_encoding("klingon").unwrap_err().starts_with("unknown encoding `klingon`"));
    }

    #[test]
    fn map_lookup_between_and_inside_characters_is_monotone() {
        let m = OffsetMap::Checkpoints(vec![
            Checkpoint { decoded: 0, original: 2, decoded_width: 1, original_width: 1 },
            Checkpoint { decoded: 4, original: 6, decoded_width: 3, original_width: 2 },
            Checkpoint { decoded: 10, original: 10, decoded_width: 1, original_width: 2 },
        ]);
        let got: Vec<usize> = (0..=12).map(|p| m.original(p)).collect();
        assert_eq!(got, [2, 3, 4, 5, 6, 7, 8, 8, 9, 10, 10, 12, 14]);
    }

    /// Reads `bytes` in pieces of `size` and checks the pieces against reading it whole:
    /// the same text, the same map at every offset, the same first lines, the same error.
    fn assert_chunks_match_whole(bytes: &[u8], opts: &DecodeOptions, size: usize) {
        let whole = decode(Path::new("t.txt"), bytes.to_vec(), opts);
        let src = Box::new(std::io::Cursor::new(bytes.to_vec()));
        let chunks = TextChunks::from_reader(Path::new("t.txt"), src, opts, size).and_then(|mut r| {
            let mut v = Vec::new();
            while let Some(c) = r.next_chunk()? {
                v.push(c);
            }
            Ok((r.encoding(), v))
        });
        let (whole, (encoding, chunks)) = match (whole, chunks) {
            (Ok(w), Ok(c)) => (w, c),
            (Err(w), Err(c)) => return assert_eq!(c.to_string(), w.to_string(), "size {size}"),
            (w, c) => panic!("size {size}: whole {:?} but chunks {:?}", w.map(|f| f.text), c.map(|c| c.1)),
        };
        assert_eq!(encoding, whole.encoding);
        let text: String = chunks.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(text, whole.text, "size {size}");
        let mut line = 1;
        for c in &chunks {
            assert!(c.text.len() <= size * 4 + 16, "a piece of {} bytes for size {size}", c.text.len());
            assert_eq!(c.first_line, line);
            line += c.text.matches('\n').count() as u64;
            for i in (0..=c.text.len()).filter(|&i| c.text.is_char_boundary(i)) {
                assert_eq!(c.map.original(i), whole.map.original(c.decoded_start + i), "size {size}, offset {i}");
            }
        }
    }

    #[test]
    fn reading_in_pieces_gives_what_reading_whole_gives() {
        let seed = &include_str!("../corpus/2022-01-25-china-central-asia-summit.en.txt")[..3000];
        let long_line = format!("{}\n", "一带一路 Belt and Road “quotes” 😀".repeat(20));
        let no_space = "一带一路合作共赢😀é".repeat(30);
        let mut cases: Vec<(Vec<u8>, Option<&str>, bool)> = Vec::new();
        for text in [ZH, seed, &long_line, &no_space, ""] {
            cases.push((text.as_bytes().to_vec(), None, false));
            cases.push(([&b"\xEF\xBB\xBF"[..], text.as_bytes()].concat(), None, false));
            cases.push(([&b"\xFF\xFE"[..], &encode(text, UTF_16LE)].concat(), None, false));
            cases.push(([&b"\xFE\xFF"[..], &encode(text, UTF_16BE)].concat(), None, false));
            cases.push((encode(text, GB18030), Some("gb18030"), false));
            cases.push((encode(&text.replace(['😀', 'é'], ""), GB18030), None, false));
        }
        cases.push((b"He said \xe2\x80\x9cwin\xe2\x80\x9d\nand the Belt \xe9 Road\n".to_vec(), None, false));
        cases.push((b"He said \xe2\x80\x9cwin\xe2\x80\x9d\nand the Belt \xe9 Road\n".to_vec(), None, true));
        cases.push(([encode("一带一路\n合作", GB18030), b"\xFF\x20\n".to_vec()].concat(), Some("gb18030"), false));
        cases.push(([encode("一带一路\n合作", GB18030), b"\xFF\x20\n".to_vec()].concat(), Some("gb18030"), true));
        cases.push((b"PK\x03\x04\x00\x00".to_vec(), None, false));
        for lossy in [false, true] {
            cases.push(([&b"\xFF\xFE"[..], &encode("ab\nc\0d", UTF_16LE), b"x"].concat(), None, lossy));
            cases.push(([encode("Road", GB18030), b"\x00\xFF".to_vec()].concat(), Some("big5"), lossy));
        }
        for (bytes, encoding, lossy) in &cases {
            let opts = DecodeOptions {
                encoding: encoding.map(|e| parse_encoding(e).unwrap()),
                lossy: *lossy,
                ..DecodeOptions::default()
            };
            for size in [16, 17, 40, 333, 1 << 16] {
                assert_chunks_match_whole(bytes, &opts, size);
            }
        }
    }
}
