//! Reading user files as text, and mapping positions back to their original bytes.
//!
//! Everything termalign reads (documents, glossaries, imports) comes through
//! [`read_text`]: it refuses binary files, strips a byte-order mark and checks the
//! encoding, so that no later stage ever sees mojibake. Decoding may change byte offsets
//! (a BOM disappears; other encodings change every non-ASCII character's width), yet every
//! position termalign reports must be a position in the *original* file. [`OffsetMap`]
//! carries that correspondence: the text is always UTF-8 in memory, and
//! `map.original(decoded_offset)` gives the byte offset in the file on disk.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{Error, Location, Result};

/// A file decoded to UTF-8, with the map back to its original bytes.
#[derive(Debug, Clone)]
pub struct TextFile {
    /// The path as the user gave it (`-` for standard input).
    pub path: PathBuf,
    /// The decoded text, without byte-order mark.
    pub text: String,
    /// Name of the encoding the file was read in (`UTF-8`, ...).
    pub encoding: &'static str,
    /// Maps byte offsets in `text` to byte offsets in the original file.
    pub map: OffsetMap,
}

/// Maps decoded (UTF-8) byte offsets to original byte offsets.
///
/// For a UTF-8 file the map is a constant shift (the length of a stripped BOM, usually 0).
/// For transcoded files it is a sorted list of checkpoints `(decoded, original)`: between
/// two checkpoints both sides advance byte for byte (ASCII), so lookups are a binary
/// search. The map is monotone by construction, which property tests check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OffsetMap {
    /// original = decoded + shift.
    Shift(usize),
    /// Checkpoints sorted by decoded offset; the first one is `(0, bom_len)`.
    Checkpoints(Vec<(usize, usize)>),
}

impl OffsetMap {
    /// The original byte offset of decoded offset `pos`.
    pub fn original(&self, pos: usize) -> usize {
        match self {
            OffsetMap::Shift(s) => pos + s,
            OffsetMap::Checkpoints(cps) => {
                let i = cps.partition_point(|&(d, _)| d <= pos);
                let (d, o) = cps[i.saturating_sub(1)];
                o + (pos - d)
            }
        }
    }

    /// True when decoded offsets are original offsets (UTF-8 without BOM).
    pub fn is_identity(&self) -> bool {
        matches!(self, OffsetMap::Shift(0))
    }
}

/// Reads a whole file (or standard input for `-`) as text.
///
/// Errors name the file and, for bad content, the line and column: a NUL byte means "not
/// a text file"; invalid UTF-8 is reported at the first bad byte.
pub fn read_text(path: &Path) -> Result<TextFile> {
    let bytes = read_bytes(path)?;
    decode(path, bytes)
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

/// Decodes bytes already read from `path` (used for messages only).
pub fn decode(path: &Path, bytes: Vec<u8>) -> Result<TextFile> {
    if let Some(nul) = memchr::memchr(0, &bytes) {
        let (line, column) = line_col_of(&bytes, nul);
        return Err(Error::at(
            path,
            line,
            column,
            "not a text file (it contains a NUL byte); termalign reads UTF-8 text",
        ));
    }
    let bom = if bytes.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
    let text = match String::from_utf8(bytes) {
        Ok(mut s) => {
            if bom > 0 {
                s.drain(..bom);
            }
            s
        }
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let (line, column) = line_col_of(&bytes, at);
            return Err(Error::at(
                path,
                line,
                column,
                format!("invalid UTF-8 (byte 0x{:02X} at offset {at}); save the file as UTF-8", bytes[at]),
            ));
        }
    };
    Ok(TextFile { path: path.to_path_buf(), text, encoding: "UTF-8", map: OffsetMap::Shift(bom) })
}

/// 1-based line and character column of byte offset `at` in possibly invalid UTF-8.
pub fn line_col_of(bytes: &[u8], at: usize) -> (u64, u64) {
    let at = at.min(bytes.len());
    let line_start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |p| p + 1);
    let line = memchr::memchr_iter(b'\n', &bytes[..at]).count() as u64 + 1;
    let column = bytes[line_start..at].iter().filter(|&&b| (b & 0xC0) != 0x80).count() as u64 + 1;
    (line, column)
}
