//! Documents: the text of a file, its passages, and exact positions in the original.
//!
//! English diplomatic texts reach translators in three shapes, and a [`Layout`] names each:
//!
//! * **PDF-extracted** ([`Layout::Pdf`]), as in `corpus/`: every text line is followed by
//!   an empty line; a line holding only white space ends a paragraph; a page break leaves
//!   a line that begins with a space and carries on the sentence ("... a good friend,"
//!   / " and a good brother"); dash bullets (―) open paragraphs.
//! * **Blank-line paragraphs** ([`Layout::Blank`]): wrapped lines, paragraphs separated by
//!   empty lines, as most plain-text exports.
//! * **One paragraph per line** ([`Layout::Lines`]), as word processors save text.
//!
//! [`Layout::detect`] tells them apart from the line statistics of the file, and
//! [`Document`] rebuilds the passages (paragraphs) accordingly. A passage is only a
//! range of the original text: nothing is copied or rewritten, so every position that
//! termalign reports is a position in the file on disk ([`Document::position`]).
//!
//! Matching does not depend on passages: a term broken across a line or a page break is
//! one term wherever the break falls (see [`crate::normalize`]). Passages number the hits
//! for translators and group them in `termalign pair`.

mod track;

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::input::{self, TextFile};

pub use self::track::{Track, Tracker};

/// How a file is laid out in lines; decides where passages end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// Decide from the file's line statistics.
    #[default]
    Auto,
    /// PDF-extracted: text lines separated by empty lines, paragraphs by white-space lines.
    Pdf,
    /// Paragraphs separated by blank lines.
    Blank,
    /// One paragraph per line.
    Lines,
}

impl Layout {
    /// Guesses the layout of `text` from its first 2,000 lines.
    ///
    /// PDF extraction leaves an empty line after nearly every text line; wrapped plain text
    /// has short lines with occasional blank lines; one-paragraph-per-line text has long
    /// lines and few or no blank lines.
    pub fn detect(text: &str) -> Layout {
        let (mut text_lines, mut empty_after_text, mut blank, mut chars) = (0usize, 0usize, 0usize, 0usize);
        let mut prev_text = false;
        for line in text.split('\n').take(2000) {
            let line = line.strip_suffix('\r').unwrap_or(line);
            if line.is_empty() {
                empty_after_text += usize::from(prev_text);
                blank += 1;
                prev_text = false;
            } else if line.trim().is_empty() {
                blank += 1;
                prev_text = false;
            } else {
                text_lines += 1;
                chars += line.chars().count();
                prev_text = true;
            }
        }
        if text_lines == 0 {
            return Layout::Lines;
        }
        if text_lines >= 3 && empty_after_text * 10 >= text_lines * 8 {
            return Layout::Pdf;
        }
        let avg = chars / text_lines;
        if blank == 0 || (avg > 150 && blank * 4 < text_lines) { Layout::Lines } else { Layout::Blank }
    }

    /// The layout itself, or the detected one for [`Layout::Auto`].
    pub fn resolve(self, text: &str) -> Layout {
        if self == Layout::Auto { Layout::detect(text) } else { self }
    }
}

/// A paragraph: a range of the document's text, trimmed of surrounding white space.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Passage {
    /// 1-based number in the document.
    pub number: usize,
    /// Byte range in [`Document::text`] (end exclusive).
    pub start: usize,
    pub end: usize,
    /// 1-based line on which the passage starts.
    pub first_line: u64,
}

/// A sentence: a range of the document's text (end exclusive) in passage `passage`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub passage: usize,
    pub start: usize,
    pub end: usize,
}

/// A position in the original file, as reported to users.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// 1-based line.
    pub line: u64,
    /// 1-based column, in characters.
    pub column: u64,
    /// Byte offset in the original file.
    pub byte: usize,
}

/// A loaded document. See the module documentation.
#[derive(Debug, Clone)]
pub struct Document {
    pub file: TextFile,
    pub layout: Layout,
    pub passages: Vec<Passage>,
    /// Byte offsets (in `text`) where each line starts; line `n` starts at `line_starts[n-1]`.
    line_starts: Vec<usize>,
}

impl Document {
    /// Reads and splits a file (`-` = standard input).
    pub fn load(path: &Path, layout: Layout) -> Result<Document> {
        Document::load_with(path, layout, &input::DecodeOptions::default())
    }

    /// [`Document::load`] with an explicit encoding or lossy decoding.
    pub fn load_with(path: &Path, layout: Layout, decode: &input::DecodeOptions) -> Result<Document> {
        Ok(Document::from_text_file(input::read_text_with(path, decode)?, layout))
    }

    /// Splits text that is already decoded (used by tests and by callers with their own I/O).
    pub fn from_text(path: impl Into<PathBuf>, text: impl Into<String>, layout: Layout) -> Document {
        let file =
            TextFile { path: path.into(), text: text.into(), encoding: "UTF-8", map: input::OffsetMap::Shift(0) };
        Document::from_text_file(file, layout)
    }

    pub fn from_text_file(file: TextFile, layout: Layout) -> Document {
        let layout = layout.resolve(&file.text);
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', file.text.as_bytes()).map(|p| p + 1));
        let passages = split_passages(&file.text, layout);
        Document { file, layout, passages, line_starts }
    }

    pub fn path(&self) -> &Path {
        &self.file.path
    }

    pub fn text(&self) -> &str {
        &self.file.text
    }

    /// Number of lines (a final line without newline counts).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The text of 1-based line `line`, without its line break.
    pub fn line_text(&self, line: u64) -> &str {
        let i = (line.max(1) - 1) as usize;
        let start = self.line_starts.get(i).copied().unwrap_or(self.file.text.len());
        let end = self.line_starts.get(i + 1).map_or(self.file.text.len(), |&e| e - 1);
        let s = &self.file.text[start..end.max(start)];
        s.strip_suffix('\r').unwrap_or(s)
    }

    /// The position of byte offset `pos` of [`Document::text`] in the original file.
    pub fn position(&self, pos: usize) -> Position {
        let i = self.line_starts.partition_point(|&s| s <= pos) - 1;
        let start = self.line_starts[i];
        let column = self.file.text[start..pos].chars().count() as u64 + 1;
        Position { line: i as u64 + 1, column, byte: self.file.map.original(pos) }
    }

    /// The passage that contains byte offset `pos` (the last one starting at or before it).
    pub fn passage_at(&self, pos: usize) -> Option<&Passage> {
        let i = self.passages.partition_point(|p| p.start <= pos);
        i.checked_sub(1).map(|i| &self.passages[i])
    }

    /// The text of a passage.
    pub fn passage_text(&self, p: &Passage) -> &str {
        &self.file.text[p.start..p.end]
    }

    /// The sentences of the document, passage by passage ([`crate::segment::split_en`]):
    /// a sentence never crosses a passage, and may cross line and page breaks within one.
    pub fn sentences(&self) -> Vec<Sentence> {
        let mut out = Vec::new();
        for p in &self.passages {
            for r in crate::segment::split_en(self.passage_text(p)) {
                out.push(Sentence { passage: p.number, start: p.start + r.start, end: p.start + r.end });
            }
        }
        out
    }
}

fn split_passages(text: &str, layout: Layout) -> Vec<Passage> {
    let mut t = Tracker::new(layout, Track { columns: false, passages: true }, true);
    t.advance(text, 0, text.len());
    t.finish();
    t.closed
}

/// Expands the user's file arguments: files as given, directories recursively (`*.txt`,
/// in name order, for deterministic output), `-` for standard input.
pub fn expand_paths(args: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for a in args {
        if a.as_os_str() != "-" && a.is_dir() {
            walk(a, &mut out)?;
        } else {
            out.push(a.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let rd = std::fs::read_dir(dir).map_err(|e| Error::io(dir, "cannot read directory", e))?;
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect::<Vec<_>>();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out)?;
        } else if p.extension().is_some_and(|e| e.eq_ignore_ascii_case("txt")) {
            out.push(p);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn passages(text: &str, layout: Layout) -> Vec<String> {
        let d = Document::from_text("t.txt", text, layout);
        d.passages.iter().map(|p| d.passage_text(p).to_string()).collect()
    }

    #[test]
    fn pdf_layout_rebuilds_paragraphs_across_page_breaks() {
        let text = "Dear Colleagues, \n\nFriends,  \n\n \n\nChina will always remain a good friend, \n\n and a good brother. \n\n \n\n\
                    ― Over the past 30 years, we have joined hands. \n\n ― Over the past 30 years, we have shared weal \n\n\
                    and woe. \n\nIt is right. \n\n Fourth, we need to build. \n\n";
        assert_eq!(Layout::detect(text), Layout::Pdf);
        assert_eq!(
            passages(text, Layout::Auto),
            [
                "Dear Colleagues, \n\nFriends,",
                "China will always remain a good friend, \n\n and a good brother.",
                "― Over the past 30 years, we have joined hands.",
                "― Over the past 30 years, we have shared weal \n\nand woe. \n\nIt is right.",
                "Fourth, we need to build.",
            ]
        );
    }

    #[test]
    fn blank_and_line_layouts() {
        let blank = "First line of one\nparagraph wrapped.\n\nSecond paragraph.\n";
        assert_eq!(Layout::detect(blank), Layout::Blank);
        assert_eq!(passages(blank, Layout::Auto), ["First line of one\nparagraph wrapped.", "Second paragraph."]);
        let lines = "One paragraph per line, as word processors save it.\nAnother one.\r\nA third.";
        assert_eq!(Layout::detect(lines), Layout::Lines);
        assert_eq!(passages(lines, Layout::Auto), [lines.split('\n').next().unwrap(), "Another one.", "A third."]);
    }

    #[test]
    fn positions_count_characters_and_map_to_original_bytes() {
        let d = Document::from_text("t.txt", "“Belt and Road”\nsecond “line”", Layout::Lines);
        let p = d.position(3);
        assert_eq!((p.line, p.column, p.byte), (1, 2, 3));
        let second = d.text().find("line").unwrap();
        let p = d.position(second);
        assert_eq!((p.line, p.column), (2, 9));
        assert_eq!(d.passage_at(second).unwrap().number, 2);
        assert_eq!(d.line_text(2), "second “line”");
    }

    #[test]
    fn seed_document_passages() {
        let seed = include_str!("../../corpus/2022-01-25-china-central-asia-summit.en.txt");
        let d = Document::from_text("seed", seed, Layout::Auto);
        assert_eq!(d.layout, Layout::Pdf);
        let texts: Vec<&str> = d.passages.iter().map(|p| d.passage_text(p)).collect();
        assert_eq!(texts[0], "(Translation)");
        assert!(texts.iter().any(|t| t.starts_with("― Over the past 30 years, we have shared weal")));
        assert!(texts.iter().any(|t| t.starts_with("Fourth, we need to build a family")));
        let brother = texts.iter().find(|t| t.contains("and a good brother")).unwrap();
        assert!(brother.starts_with("Time rolls on just like the flow of water."), "{brother}");
        assert_eq!(*texts.last().unwrap(), "Thank you.");

        // sentences cross line and page breaks, never passages
        let sentences = d.sentences();
        let text = |s: &Sentence| d.text()[s.start..s.end].split_whitespace().collect::<Vec<_>>().join(" ");
        let brother = sentences.iter().find(|s| text(s).contains("a good brother")).unwrap();
        assert_eq!(
            text(brother),
            "No matter how the international landscape may evolve or how developed China may grow, China will \
             always remain a good neighbor, a good partner, a good friend, and a good brother that Central Asian \
             countries can trust and count on."
        );
        assert!(sentences.iter().any(|s| text(s) == "Remarks by H.E. Xi Jinping President of the People’s Republic of China At the Virtual Summit to Commemorate the 30th Anniversary of Diplomatic Relations Between China and Central Asian Countries"));
        assert!(sentences.windows(2).all(|w| w[0].end <= w[1].start));
    }
}
