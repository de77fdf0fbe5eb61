//! A small XML writer for the TBX exporters.
//!
//! TBX files are read by strict parsers (jing, OmegaT's JAXB, lxml in translate-toolkit),
//! so the writer owns the three things that break them: escaping (`&`, `<`, `>`, quotes in
//! attributes), characters XML 1.0 cannot carry at all (C0 controls other than TAB, LF and
//! CR; U+FFFE and U+FFFF), and carriage returns, which a parser turns into line feeds unless
//! they are written as `&#13;` (a note typed on Windows must come back unchanged).
//! Output is indented with two spaces and uses LF line ends, so the bytes are deterministic.

use std::fmt::Write as _;

/// Why a string cannot be written into XML, or `None` when it can.
pub(crate) fn unwritable(s: &str) -> Option<char> {
    s.chars().find(|&c| (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{FFFE}' || c == '\u{FFFF}')
}

/// Escapes text content (and attribute values: quotes are escaped too, harmlessly).
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
    out
}

/// An indented XML document being built in memory.
#[derive(Default)]
pub(crate) struct XmlOut {
    buf: String,
    stack: Vec<&'static str>,
}

impl XmlOut {
    pub(crate) fn new(prolog: &str) -> XmlOut {
        XmlOut { buf: prolog.to_string(), stack: Vec::new() }
    }

    fn indent(&mut self) {
        for _ in 0..self.stack.len() {
            self.buf.push_str("  ");
        }
    }

    /// Opens `<name attr="v" ...>` on its own line.
    pub(crate) fn open(&mut self, name: &'static str, attrs: &[(&str, &str)]) {
        self.indent();
        self.buf.push('<');
        self.buf.push_str(name);
        self.attrs(attrs);
        self.buf.push_str(">\n");
        self.stack.push(name);
    }

    pub(crate) fn close(&mut self) {
        let name = self.stack.pop().expect("close matches an open");
        self.indent();
        let _ = writeln!(self.buf, "</{name}>");
    }

    /// Writes `<name attrs>text</name>` on one line.
    pub(crate) fn leaf(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.indent();
        self.buf.push('<');
        self.buf.push_str(name);
        self.attrs(attrs);
        let _ = writeln!(self.buf, ">{}</{name}>", escape(text));
    }

    fn attrs(&mut self, attrs: &[(&str, &str)]) {
        for (k, v) in attrs {
            let _ = write!(self.buf, " {k}=\"{}\"", escape(v));
        }
    }

    pub(crate) fn finish(self) -> String {
        debug_assert!(self.stack.is_empty(), "unclosed elements: {:?}", self.stack);
        self.buf
    }
}

/// True for a valid XML `NCName` (what an `id` attribute of type `xsd:ID` must be).
fn is_name_start(c: char) -> bool {
    c == '_'
        || c.is_ascii_alphabetic()
        || matches!(c, '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{2FF}' | '\u{370}'..='\u{37D}'
            | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}' | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}'
            | '\u{3001}'..='\u{D7FF}' | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}' | '\u{10000}'..='\u{EFFFF}')
}

fn is_name_char(c: char) -> bool {
    is_name_start(c)
        || c.is_ascii_digit()
        || matches!(c, '-' | '.' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

/// Encodes a termalign id as an XML `ID`, reversibly.
///
/// termalign ids are free text (a generated id may start with a digit: `5g-...`), but TBX
/// requires `conceptEntry/@id` to be an NCName, and jing rejects the file otherwise. Any
/// character that may not stand where it stands becomes `_xHHHH_` (its code point in hex),
/// the convention of .NET's `XmlConvert.EncodeName`; a literal `_x` that would read as such
/// an escape is escaped too, so [`decode_id`] always gives back the original id.
pub(crate) fn encode_id(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for (i, c) in id.char_indices() {
        let ok = if i == 0 { is_name_start(c) } else { is_name_char(c) };
        let looks_escaped = c == '_' && escape_at(&id[i..]).is_some();
        if ok && !looks_escaped {
            out.push(c);
        } else {
            let _ = write!(out, "_x{:04X}_", c as u32);
        }
    }
    out
}

/// Reverses [`encode_id`].
pub(crate) fn decode_id(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        if let Some((c, len)) = escape_at(&s[i..]) {
            out.push(c);
            i += len;
        } else {
            let c = s[i..].chars().next().expect("i is on a char boundary");
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// `_xHHHH_` (4 to 6 hex digits) at the start of `s`: the character and the escape's length.
fn escape_at(s: &str) -> Option<(char, usize)> {
    let rest = s.strip_prefix("_x")?;
    let hex_len = rest.bytes().take_while(u8::is_ascii_hexdigit).count();
    if !(4..=6).contains(&hex_len) || rest.as_bytes().get(hex_len) != Some(&b'_') {
        return None;
    }
    let c = char::from_u32(u32::from_str_radix(&rest[..hex_len], 16).ok()?)?;
    Some((c, 2 + hex_len + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_quotes_and_carriage_returns() {
        assert_eq!(escape("a & <b> \"c\" 'd'\r\n"), "a &amp; &lt;b&gt; &quot;c&quot; 'd'&#13;\n");
        assert_eq!(unwritable("ok\t\n\r中"), None);
        assert_eq!(unwritable("bell\u{7}"), Some('\u{7}'));
    }

    #[test]
    fn ids_become_ncnames_and_come_back() {
        for (id, enc) in [
            ("belt-and-road-initiative", "belt-and-road-initiative"),
            ("5g-network", "_x0035_g-network"),
            ("a b", "a_x0020_b"),
            ("x_x0041_y", "x_x005F_x0041_y"),
            ("一带一路", "一带一路"),
            ("_x_", "_x_"),
        ] {
            assert_eq!(encode_id(id), enc, "{id}");
            assert_eq!(decode_id(enc), id, "{enc}");
        }
    }
}
