//! Properties of positions (issue #7): whatever the text and whatever its encoding, every
//! hit's `surface` is exactly the original bytes at `byte_start..byte_end`, hits start and
//! end on character boundaries, and the decoded→original offset map is monotone.
//!
//! Texts are built from glossary forms broken by the separators the matcher tolerates
//! (hyphens, dashes, curly quotes, line and page breaks), mixed with Chinese, emoji and
//! stray punctuation, then encoded in each encoding termalign reads.

use std::path::Path;

use proptest::prelude::*;
use termalign::corpus::{Document, Layout};
use termalign::glossary::{Glossary, read_csv_str};
use termalign::input::{self, DecodeOptions, Encoding, OffsetMap};
use termalign::matcher::{MatchOptions, Matcher};

const GLOSSARY: &str = "id,en,en_variants,en_deprecated,zh\n\
    bri,Belt and Road Initiative,the Belt and Road,\"One Belt, One Road :: old | OBOR :: informal\",“一带一路”倡议\n\
    csf,community with a shared future for mankind,,community of common destiny :: literal,人类命运共同体\n\
    ww,win-win cooperation,,,合作共赢\n\
    cca,China-Central Asia Summit,China–Central Asia summit,,中国－中亚峰会\n\
    good,good-neighbourly friendship,,,睦邻友好\n";

fn glossary() -> Glossary {
    read_csv_str(GLOSSARY, Path::new("g.csv")).unwrap().glossary
}

/// Pieces of text: words of the forms, separators and non-ASCII noise.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vec![
            "Belt", "and", "Road", "Initiative", "the", "One", "OBOR", "community", "with", "a", "shared",
            "future", "for", "mankind", "of", "common", "destiny", "win", "cooperation", "China", "Central",
            "Asia", "Summit", "summit", "good", "neighbourly", "neighborly", "friendship", "BELT", "roads",
        ]).prop_map(str::to_string),
        3 => prop::sample::select(vec![
            " ", "  ", "-", "–", "—", "\n", "\n\n", " \n\n ", "\r\n", "\t", ",", ", ", ".", "“", "”", "‘", "’",
            "\"", "'", "(", ")", "―",
        ]).prop_map(str::to_string),
        1 => prop::sample::select(vec!["一带一路", "合作共赢", "人类命运共同体", "，", "。", "é", "😀", "\u{00A0}", "\u{200B}"])
            .prop_map(str::to_string),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..60).prop_map(|v| v.concat())
}

/// How the text is put on disk.
#[derive(Debug, Clone, Copy)]
enum Disk {
    Utf8,
    Utf8Bom,
    Utf16LeBom,
    Utf16BeBom,
    Gb18030,
}

fn disk() -> impl Strategy<Value = Disk> {
    prop::sample::select(vec![Disk::Utf8, Disk::Utf8Bom, Disk::Utf16LeBom, Disk::Utf16BeBom, Disk::Gb18030])
}

fn utf16(text: &str, le: bool) -> Vec<u8> {
    text.encode_utf16().flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() }).collect()
}

/// The bytes on disk, and the options that read them (legacy encodings are named: their
/// detection is tested on real files in `tests/bad_input.rs`, not on random snippets).
fn put(text: &str, disk: Disk) -> (Vec<u8>, DecodeOptions) {
    let opts = DecodeOptions::default();
    match disk {
        Disk::Utf8 => (text.as_bytes().to_vec(), opts),
        Disk::Utf8Bom => ([&b"\xEF\xBB\xBF"[..], text.as_bytes()].concat(), opts),
        Disk::Utf16LeBom => ([&b"\xFF\xFE"[..], &utf16(text, true)].concat(), opts),
        Disk::Utf16BeBom => ([&b"\xFE\xFF"[..], &utf16(text, false)].concat(), opts),
        Disk::Gb18030 => {
            let enc = input::parse_encoding("gb18030").unwrap();
            (enc.encode(text).0.into_owned(), DecodeOptions { encoding: Some(enc), ..opts })
        }
    }
}

fn encoding_of(name: &str) -> &'static Encoding {
    Encoding::for_label(name.as_bytes()).unwrap()
}

fn assert_monotone(map: &OffsetMap, len: usize) -> Result<(), TestCaseError> {
    let mut prev = map.original(0);
    for pos in 1..=len {
        let o = map.original(pos);
        prop_assert!(o >= prev, "map goes back at {pos}: {prev} then {o}");
        prev = o;
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn every_surface_is_the_original_bytes_of_its_range(text in text(), disk in disk(), nested in any::<bool>()) {
        let (bytes, opts) = put(&text, disk);
        let file = input::decode(Path::new("t.txt"), bytes.clone(), &opts).unwrap();
        prop_assert_eq!(&file.text, &text);
        let enc = encoding_of(file.encoding);
        assert_monotone(&file.map, file.text.len())?;
        let doc = Document::from_text_file(file, Layout::Auto);
        let m = Matcher::new(&glossary(), MatchOptions { nested, ..MatchOptions::default() }).unwrap();
        for h in m.find(doc.text()) {
            prop_assert!(doc.text().is_char_boundary(h.start) && doc.text().is_char_boundary(h.end));
            prop_assert!(h.start < h.end);
            let surface = &doc.text()[h.start..h.end];
            let (s, e) = (doc.position(h.start).byte, doc.position(h.end).byte);
            prop_assert!(s < e && e <= bytes.len());
            let (original, _) = enc.decode_without_bom_handling(&bytes[s..e]);
            prop_assert_eq!(original, surface, "hit {}..{} of {:?}", h.start, h.end, disk);
        }
    }

    #[test]
    fn reading_in_pieces_gives_the_text_and_offsets_of_reading_whole(
        text in text(),
        disk in disk(),
        size in 16usize..300,
    ) {
        let (bytes, opts) = put(&text, disk);
        let whole = input::decode(Path::new("t.txt"), bytes.clone(), &opts).unwrap();
        let src = Box::new(std::io::Cursor::new(bytes));
        let mut r = input::TextChunks::from_reader(Path::new("t.txt"), src, &opts, size).unwrap();
        prop_assert_eq!(r.encoding(), whole.encoding);
        let mut joined = String::new();
        while let Some(c) = r.next_chunk().unwrap() {
            prop_assert_eq!(c.decoded_start, joined.len());
            for i in (0..=c.text.len()).filter(|&i| c.text.is_char_boundary(i)) {
                prop_assert_eq!(c.map.original(i), whole.map.original(c.decoded_start + i));
            }
            joined.push_str(&c.text);
        }
        prop_assert_eq!(joined, whole.text);
    }

    #[test]
    fn lossy_decoding_of_any_bytes_maps_monotonically_onto_the_whole_file(
        bytes in prop::collection::vec(any::<u8>(), 0..400),
        enc in prop::sample::select(vec!["utf-8", "utf-16le", "utf-16be", "gb18030", "big5", "windows-1252", "shift_jis"]),
    ) {
        let opts = DecodeOptions { encoding: Some(input::parse_encoding(enc).unwrap()), lossy: true, ..DecodeOptions::default() };
        match input::decode(Path::new("t"), bytes.clone(), &opts) {
            Ok(f) => {
                assert_monotone(&f.map, f.text.len())?;
                prop_assert_eq!(f.map.original(f.text.len()), bytes.len());
                prop_assert!(f.map.original(0) <= 3);
            }
            Err(e) => prop_assert!(e.to_string().contains("not a text file"), "{}", e),
        }
    }

    #[test]
    fn strict_decoding_either_reads_exactly_or_names_a_position(
        bytes in prop::collection::vec(any::<u8>(), 0..200),
    ) {
        match input::decode(Path::new("t"), bytes.clone(), &DecodeOptions::default()) {
            Ok(f) => {
                assert_monotone(&f.map, f.text.len())?;
                prop_assert_eq!(f.map.original(f.text.len()), bytes.len());
                let enc = encoding_of(f.encoding);
                let start = f.map.original(0);
                let (again, _) = enc.decode_without_bom_handling(&bytes[start..]);
                prop_assert_eq!(again, f.text);
            }
            Err(e) => {
                let msg = e.to_string();
                prop_assert!(
                    msg.starts_with("t:") && !msg.contains("panicked"),
                    "unexpected error shape: {}", msg
                );
            }
        }
    }
}
