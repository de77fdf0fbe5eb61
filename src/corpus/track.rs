//! Lines, columns and passages, computed as the text goes by.
//!
//! A [`Tracker`] reads a document front to back in segments of any size and knows, at the
//! point reached, the line, the column (in characters) and the passage. It keeps no text:
//! only the state of the current line (where its content starts and ends, its first and
//! last character), which is all the passage rules of [`Layout`] look at. So the same code
//! splits a small document held in memory ([`super::Document`]) and numbers the hits of a
//! 1 GB file read in blocks ([`crate::search`]), in bounded memory.

use super::{Layout, Passage};

/// Characters that open a bulleted paragraph.
const BULLETS: &[char] = &['―', '•', '●', '▪', '◆', '■', '—', '–', '·', '*'];

/// What to compute besides line numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Track {
    /// Character columns (one pass over the bytes between hits).
    pub columns: bool,
    /// Passage numbers (the line rules of the layout).
    pub passages: bool,
}

/// See the module documentation.
#[derive(Debug, Clone)]
pub struct Tracker {
    layout: Layout,
    want: Track,
    /// Absolute offset reached.
    pos: usize,
    /// Line of `pos` (1-based) and where that line starts.
    line: u64,
    line_start: usize,
    /// Characters from `line_start` to `pos`.
    col: u64,
    // the current line so far
    has_chars: bool,
    content: Option<(usize, char)>,
    content_end: usize,
    last_char: char,
    // passages
    open: bool,
    prev_ends_sentence: bool,
    count: usize,
    current: Option<Passage>,
    /// Closed passages, when collecting.
    pub closed: Vec<Passage>,
    collect: bool,
}

impl Tracker {
    pub fn new(layout: Layout, want: Track, collect: bool) -> Tracker {
        Tracker {
            layout,
            want,
            pos: 0,
            line: 1,
            line_start: 0,
            col: 0,
            has_chars: false,
            content: None,
            content_end: 0,
            last_char: ' ',
            open: false,
            prev_ends_sentence: false,
            count: 0,
            current: None,
            closed: Vec::new(),
            collect,
        }
    }

    /// The line and column (1-based) of the offset reached.
    pub fn line_col(&self) -> (u64, u64) {
        (self.line, self.col + 1)
    }

    /// Where the current line starts (absolute offset).
    pub fn line_start(&self) -> usize {
        self.line_start
    }

    /// The number of the passage the offset reached is in (0 before the first one).
    pub fn passage(&self) -> usize {
        self.count
    }

    pub fn pos(&self) -> usize {
        self.pos
    }

    /// Consumes `block[self.pos - base .. to - base]`: the text up to absolute offset `to`.
    /// `block` starts at absolute offset `base`; `to` must be a char boundary.
    pub fn advance(&mut self, block: &str, base: usize, to: usize) {
        if to <= self.pos {
            return;
        }
        let seg = &block[self.pos - base..to - base];
        if !self.want.columns && !self.want.passages {
            let n = memchr::memchr_iter(b'\n', seg.as_bytes()).count() as u64;
            if n > 0 {
                self.line += n;
                self.line_start = self.pos + memchr::memrchr(b'\n', seg.as_bytes()).map_or(0, |p| p + 1);
            }
            self.pos = to;
            return;
        }
        let mut from = 0;
        for nl in memchr::memchr_iter(b'\n', seg.as_bytes()) {
            self.piece(&seg[from..nl], self.pos + from);
            self.end_line();
            self.line += 1;
            self.line_start = self.pos + nl + 1;
            self.col = 0;
            from = nl + 1;
        }
        self.piece(&seg[from..], self.pos + from);
        self.pos = to;
    }

    /// Ends the text: closes the last line and passage.
    pub fn finish(&mut self) {
        self.end_line();
        if let Some(p) = self.current.take()
            && self.collect
        {
            self.closed.push(p);
        }
    }

    /// A piece of the current line (no line break inside), starting at absolute `at`.
    fn piece(&mut self, piece: &str, at: usize) {
        if piece.is_empty() {
            return;
        }
        if self.want.columns {
            self.col += piece.bytes().filter(|&b| (b & 0xC0) != 0x80).count() as u64;
        }
        if !self.want.passages {
            return;
        }
        self.has_chars |= piece != "\r";
        if self.content.is_none()
            && let Some((k, c)) = piece.char_indices().find(|(_, c)| !c.is_whitespace())
        {
            self.content = Some((at + k, c));
            self.text_line_starts(at + k > self.line_start, at + k, c);
        }
        let trimmed = piece.trim_end();
        if let Some(c) = trimmed.chars().next_back()
            && self.content.is_some()
        {
            self.content_end = at + trimmed.len();
            self.last_char = c;
        }
    }

    /// A text line's first character: a new passage opens, or the current one goes on.
    fn text_line_starts(&mut self, lead: bool, start: usize, first: char) {
        let new_passage = match self.layout {
            Layout::Lines => true,
            _ if !self.open => true,
            _ if BULLETS.contains(&first) => true,
            // A page break: the line carries on the paragraph unless a new sentence starts
            // it after a finished one ("... with neighboring countries." / " Fourth, ...").
            Layout::Pdf if lead => self.prev_ends_sentence && (first.is_uppercase() || first.is_ascii_digit()),
            _ => false,
        };
        if new_passage {
            if let Some(p) = self.current.take()
                && self.collect
            {
                self.closed.push(p);
            }
            self.count += 1;
            self.current = Some(Passage { number: self.count, start, end: start, first_line: self.line });
            self.open = true;
        }
    }

    fn end_line(&mut self) {
        if !self.want.passages {
            return;
        }
        if self.content.is_some() {
            if let Some(p) = self.current.as_mut() {
                p.end = self.content_end;
            }
            self.prev_ends_sentence = matches!(self.last_char, '.' | '!' | '?' | '”' | '"' | '’' | ':' | ';');
        } else {
            // in PDF text an empty line follows every text line; only a white-space line breaks
            let empty = !self.has_chars;
            if !(self.layout == Layout::Pdf && empty) && self.open {
                self.open = false;
                if let Some(p) = self.current.take()
                    && self.collect
                {
                    self.closed.push(p);
                }
            }
        }
        self.has_chars = false;
        self.content = None;
    }
}
