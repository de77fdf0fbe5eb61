//! The corpus loader with its position map: any bytes, read in any encoding (detected,
//! forced, strict or lossy), either fail with a positioned error or give a document whose
//! every hit maps back onto original bytes that decode to exactly the hit's surface; read
//! in pieces (`TextChunks`), they give the same text, offsets or error.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use termalign::corpus::{Document, Layout};
use termalign::glossary::Glossary;
use termalign::input::{self, DecodeOptions};
use termalign::matcher::{MatchOptions, Matcher};

const ENCODINGS: &[Option<&str>] = &[None, Some("utf-8"), Some("utf-16le"), Some("utf-16be"), Some("gb18030"), Some("big5"), Some("windows-1252")];
const LAYOUTS: &[Layout] = &[Layout::Auto, Layout::Pdf, Layout::Blank, Layout::Lines];

fn matcher() -> &'static Matcher {
    static M: OnceLock<Matcher> = OnceLock::new();
    M.get_or_init(|| Matcher::new(&Glossary::embedded(), MatchOptions::default()).expect("the embedded glossary compiles"))
}

/// Reading in pieces gives the text, offsets and error of reading whole.
fn check_pieces(bytes: &[u8], opts: &DecodeOptions, size: usize, whole: &termalign::Result<input::TextFile>) {
    let src = Box::new(std::io::Cursor::new(bytes.to_vec()));
    let pieces = input::TextChunks::from_reader(Path::new("f.txt"), src, opts, size).and_then(|mut r| {
        let mut v = Vec::new();
        while let Some(c) = r.next_chunk()? {
            v.push(c);
        }
        Ok(v)
    });
    match (whole, pieces) {
        (Ok(w), Ok(pieces)) => {
            let mut joined = String::new();
            for c in &pieces {
                for i in (0..=c.text.len()).filter(|&i| c.text.is_char_boundary(i)) {
                    assert_eq!(c.map.original(i), w.map.original(c.decoded_start + i), "piece map differs");
                }
                joined.push_str(&c.text);
            }
            assert_eq!(joined, w.text, "pieces differ from the whole");
        }
        // Reading whole reports a NUL byte first; pieces report what they meet first.
        (Err(w), Err(_)) if w.to_string().contains("not a text file") => {}
        (Err(w), Err(p)) => assert_eq!(p.to_string(), w.to_string()),
        (w, p) => panic!("whole {:?} but pieces {:?}", w.as_ref().map(|f| &f.text), p.map(|v| v.len())),
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&ctl, bytes)) = data.split_first() else { return };
    let encoding = ENCODINGS[usize::from(ctl & 7) % ENCODINGS.len()].map(|e| input::parse_encoding(e).unwrap());
    let opts = DecodeOptions { encoding, lossy: ctl & 8 != 0, ..DecodeOptions::default() };
    let layout = LAYOUTS[usize::from(ctl >> 4) % LAYOUTS.len()];
    let whole = input::decode(Path::new("f.txt"), bytes.to_vec(), &opts);
    check_pieces(bytes, &opts, 16 + usize::from(ctl) * 3, &whole);
    let file = match whole {
        Ok(f) => f,
        Err(e) => {
            assert!(e.to_string().starts_with("f.txt"), "error without the file name: {e}");
            return;
        }
    };
    let enc = encoding_rs::Encoding::for_label(file.encoding.as_bytes()).expect("a known encoding name");
    assert_eq!(file.map.original(file.text.len()), bytes.len(), "the map does not end at the end of the file");
    let mut prev = 0;
    for (i, _) in file.text.char_indices() {
        let o = file.map.original(i);
        assert!(o >= prev, "map not monotone at {i}");
        prev = o;
    }
    let doc = Document::from_text_file(file, layout);
    for p in &doc.passages {
        assert!(p.start <= p.end && p.end <= doc.text().len());
        let _ = doc.position(p.start);
    }
    for h in matcher().find(doc.text()) {
        let (s, e) = (doc.position(h.start), doc.position(h.end));
        assert!(s.byte <= e.byte && e.byte <= bytes.len());
        let surface = &doc.text()[h.start..h.end];
        if !surface.contains('\u{FFFD}') {
            let (orig, _) = enc.decode_without_bom_handling(&bytes[s.byte..e.byte]);
            assert_eq!(orig, surface, "surface differs from the original bytes");
        }
    }
});
