//! Table-driven matcher tests: one table per tolerance, in the manner of aho-corasick's
//! `src/tests.rs`. Each case is a text and the hits expected in it, as
//! (surface exactly as in the text, entry id, status).

use super::*;
use crate::glossary::read_csv_str;
use std::path::Path;

const GLOSSARY: &str = "\
id,en,en_variants,en_deprecated
shared-future,community with a shared future for mankind,community with a shared future for humanity,community of common destiny :: outdated
bri,Belt and Road Initiative,BRI,\"One Belt, One Road :: superseded 2015 | OBOR :: superseded\"
win-win,win-win cooperation,,
good-neighborly,good-neighborly friendship,,
cca,China-Central Asia,,
line-d,Line D of the China-Central Asia Gas Pipeline,,
color-revolution,color revolution,,
center,traditional medicine center,,
program,livelihood program,,
peoples-republic,People's Republic of China,,
three-forces,\"three forces of terrorism, separatism and extremism\",,
five-principles,Five Principles of Peaceful Coexistence,,
sco,SCO,Shanghai Cooperation Organization,
who,WHO,World Health Organization,
non-interference,non-interference in internal affairs,,
c5,China+Central Asia,C+C5,
cooperation-belt,cooperation belt for high-quality development,,
rmb,RMB internationalization,,
";

type Expect = (&'static str, &'static str, Status);

struct Case {
    name: &'static str,
    text: &'static str,
    want: &'static [Expect],
}

macro_rules! t {
    ($name:expr, $text:expr, [$(($s:expr, $id:expr, $st:ident)),* $(,)?]) => {
        Case { name: $name, text: $text, want: &[$(($s, $id, Status::$st)),*] }
    };
}

use Status::*;

pub(crate) fn matcher(opts: MatchOptions) -> (Glossary, Matcher) {
    let g = read_csv_str(GLOSSARY, Path::new("test.csv")).unwrap().glossary;
    let m = Matcher::new(&g, opts).unwrap();
    (g, m)
}

fn run(cases: &[Case], opts: MatchOptions) {
    let (g, m) = matcher(opts);
    for c in cases {
        let got: Vec<(String, String, Status)> = m
            .find(c.text)
            .into_iter()
            .map(|h| (c.text[h.start..h.end].to_string(), g.entry(h.entry).id.clone(), h.status))
            .collect();
        let want: Vec<(String, String, Status)> =
            c.want.iter().map(|(s, id, st)| (s.to_string(), id.to_string(), *st)).collect();
        assert_eq!(got, want, "case {:?}: {:?}", c.name, c.text);
    }
}

fn exact_only() -> MatchOptions {
    MatchOptions { nested: false, near_miss: None }
}

/// Words longer than the 16 bytes the vocabulary table keeps inline (the rest is compared
/// too), in capitals, UK spelling and plural: variants of one word share its id.
#[test]
fn long_words_are_compared_whole() {
    run(
        &[t!(
            "same first 16 bytes, same length",
            "RMB internationalizatoin, then RMB INTERNATIONALISATIONS and RMB internationalization.",
            [("RMB INTERNATIONALISATIONS", "rmb", Preferred), ("RMB internationalization", "rmb", Preferred)]
        )],
        exact_only(),
    );
}

const CASE: &[Case] = &[
    t!(
        "lower",
        "we build a community with a shared future for mankind.",
        [("community with a shared future for mankind", "shared-future", Preferred)]
    ),
    t!("upper", "BELT AND ROAD INITIATIVE", [("BELT AND ROAD INITIATIVE", "bri", Preferred)]),
    t!("title", "The Belt And Road Initiative", [("Belt And Road Initiative", "bri", Preferred)]),
    t!("deprecated mixed case", "the one belt, ONE ROAD", [("one belt, ONE ROAD", "bri", Deprecated)]),
];

const HYPHEN: &[Case] = &[
    t!("hyphen", "win-win cooperation", [("win-win cooperation", "win-win", Preferred)]),
    t!("space", "win win cooperation", [("win win cooperation", "win-win", Preferred)]),
    t!("en dash", "win–win cooperation", [("win–win cooperation", "win-win", Preferred)]),
    t!("em dash", "China—Central Asia", [("China—Central Asia", "cca", Preferred)]),
    t!(
        "hyphen instead of space",
        "good-neighborly-friendship",
        [("good-neighborly-friendship", "good-neighborly", Preferred)]
    ),
    t!(
        "double spaces",
        "good  neighborly   friendship",
        [("good  neighborly   friendship", "good-neighborly", Preferred)]
    ),
    t!(
        "prefix joined",
        "noninterference in internal affairs",
        [("noninterference in internal affairs", "non-interference", Preferred)]
    ),
    t!("prefix split", "win-win co-operation", [("win-win co-operation", "win-win", Preferred)]),
];

const QUOTES: &[Case] = &[
    t!(
        "curly apostrophe",
        "the People’s Republic of China",
        [("People’s Republic of China", "peoples-republic", Preferred)]
    ),
    t!(
        "straight apostrophe",
        "the People's Republic of China",
        [("People's Republic of China", "peoples-republic", Preferred)]
    ),
    t!("curly quotes around", "“Belt and Road Initiative”", [("Belt and Road Initiative", "bri", Preferred)]),
    t!(
        "straight quotes inside",
        "the \"Belt and Road\" Initiative",
        [("Belt and Road\" Initiative", "bri", Preferred)]
    ),
    t!(
        "possessive after term",
        "the Belt and Road Initiative's projects",
        [("Belt and Road Initiative", "bri", Preferred)]
    ),
    t!("missing apostrophe is another word", "the Peoples Republic of China", []),
];

const BREAKS: &[Case] = &[
    t!(
        "line break",
        "a community with a shared\nfuture for mankind",
        [("community with a shared\nfuture for mankind", "shared-future", Preferred)]
    ),
    t!(
        "pdf line break",
        "a community with a shared \n\nfuture for mankind",
        [("community with a shared \n\nfuture for mankind", "shared-future", Preferred)]
    ),
    t!(
        "page break",
        "a good-\n\n neighborly friendship",
        [("good-\n\n neighborly friendship", "good-neighborly", Preferred)]
    ),
    t!("hyphen at line end", "win-\nwin cooperation", [("win-\nwin cooperation", "win-win", Preferred)]),
    t!("crlf", "Belt and\r\nRoad Initiative", [("Belt and\r\nRoad Initiative", "bri", Preferred)]),
];

const SPELLING: &[Case] = &[
    t!("neighbourly", "good-neighbourly friendship", [("good-neighbourly friendship", "good-neighborly", Preferred)]),
    t!("colour", "a colour revolution", [("colour revolution", "color-revolution", Preferred)]),
    t!("centre", "traditional medicine centres", [("traditional medicine centres", "center", Preferred)]),
    t!("programme", "livelihood programmes", [("livelihood programmes", "program", Preferred)]),
    t!(
        "number word",
        "the 5 principles of peaceful coexistence",
        [("5 principles of peaceful coexistence", "five-principles", Preferred)]
    ),
];

const PLURALS: &[Case] = &[
    t!("plural", "to instigate color revolutions", [("color revolutions", "color-revolution", Preferred)]),
    t!(
        "plural -ies not a term",
        "the communities with a shared future for mankind",
        [("communities with a shared future for mankind", "shared-future", Preferred)]
    ),
    t!("plural of centre", "traditional medicine centers", [("traditional medicine centers", "center", Preferred)]),
];

const BOUNDARIES: &[Case] = &[
    t!("no match inside a word", "Belt and Roadmap Initiative", []),
    t!("no match across other words", "Belt and the Road Initiative", []),
    t!(
        "longest wins",
        "Line D of the China-Central Asia Gas Pipeline",
        [("Line D of the China-Central Asia Gas Pipeline", "line-d", Preferred)]
    ),
    t!(
        "leftmost then longest",
        "China-Central Asia cooperation belt for high-quality development",
        [
            ("China-Central Asia", "cca", Preferred),
            ("cooperation belt for high-quality development", "cooperation-belt", Preferred),
        ]
    ),
    t!(
        "punctuation in term",
        "the three forces of terrorism, separatism and extremism",
        [("three forces of terrorism, separatism and extremism", "three-forces", Preferred)]
    ),
    t!("punctuation missing", "the three forces of terrorism separatism and extremism", []),
    t!("plus sign", "C+C5 and China+Central Asia", [("C+C5", "c5", Variant), ("China+Central Asia", "c5", Preferred)]),
    t!("acronym needs capitals", "SCO sco Sco", [("SCO", "sco", Preferred)]),
    t!("acronym who", "who said WHO", [("WHO", "who", Preferred)]),
    t!("acronym deprecated", "OBOR and obor", [("OBOR", "bri", Deprecated)]),
    t!("variant", "BRI projects", [("BRI", "bri", Variant)]),
];

#[test]
fn case_table() {
    run(CASE, exact_only());
}

#[test]
fn hyphen_dash_space_table() {
    run(HYPHEN, exact_only());
}

#[test]
fn quotes_and_apostrophes_table() {
    run(QUOTES, exact_only());
}

#[test]
fn line_and_page_break_table() {
    run(BREAKS, exact_only());
}

#[test]
fn spelling_and_number_table() {
    run(SPELLING, exact_only());
}

#[test]
fn plural_table() {
    run(PLURALS, exact_only());
}

#[test]
fn boundary_and_longest_table() {
    run(BOUNDARIES, exact_only());
}

const NEAR: &[Case] = &[
    t!(
        "function word changed and dropped",
        "to build a community of shared future for mankind.",
        [("community of shared future for mankind", "shared-future", NearMiss)]
    ),
    t!(
        "content word changed",
        "a community with a shared destiny for mankind",
        [("community with a shared destiny for mankind", "shared-future", NearMiss)]
    ),
    t!("typo", "win-win coperation", [("win-win coperation", "win-win", NearMiss)]),
    t!("typo in longer form", "the Belt and Road Initative", [("Belt and Road Initative", "bri", NearMiss)]),
    t!("short words are not typos", "the Belt and Raod Initiative", []),
    t!("typo in the first word", "the Bellt and Road Initiative", [("Bellt and Road Initiative", "bri", NearMiss)]),
    t!(
        "typo in the first word, first in the text",
        "Bellt and Road Initiative",
        [("Bellt and Road Initiative", "bri", NearMiss)]
    ),
    t!(
        "typo in the first word, after a run of unknown words",
        "as we all saw, every Bellt and Road Initiative",
        [("Bellt and Road Initiative", "bri", NearMiss)]
    ),
    t!("a different first word is not a typo", "the Bolt and Road Initiative", []),
    t!("too far", "a community with bright prospects for all", []),
    t!(
        "exact is not near",
        "community with a shared future for mankind",
        [("community with a shared future for mankind", "shared-future", Preferred)]
    ),
    t!(
        "exact hit next to near text",
        "One Belt, One Road and Belt and Road Initiative",
        [("One Belt, One Road", "bri", Deprecated), ("Belt and Road Initiative", "bri", Preferred),]
    ),
];

#[test]
fn near_miss_table() {
    run(NEAR, MatchOptions::default());
}

#[test]
fn near_miss_scores() {
    let (_, m) = matcher(MatchOptions::default());
    let h = m.find("a community of shared future for mankind");
    assert_eq!(h.len(), 1);
    assert_eq!(h[0].score, Some(0.818));
    let strict = matcher(MatchOptions { nested: false, near_miss: Some(0.9) }).1;
    assert!(strict.find("a community of shared future for mankind").is_empty());
}

#[test]
fn nested_hits_only_on_request() {
    let text = "speed up the construction of Line D of the China-Central Asia Gas Pipeline";
    let (g, m) = matcher(MatchOptions { nested: true, near_miss: None });
    let got: Vec<(&str, &str, bool)> =
        m.find(text).iter().map(|h| (&text[h.start..h.end], g.entry(h.entry).id.as_str(), h.nested)).collect();
    assert_eq!(
        got,
        [("Line D of the China-Central Asia Gas Pipeline", "line-d", false), ("China-Central Asia", "cca", true)]
    );
    let (_, m) = matcher(exact_only());
    assert_eq!(m.find(text).len(), 1);
}

#[test]
fn first_entry_wins_a_shared_form() {
    let g = read_csv_str("id,en,en_variants\na,mutual trust,\nb,political trust,mutual trust\n", Path::new("g.csv"))
        .unwrap()
        .glossary;
    let m = Matcher::new(&g, exact_only()).unwrap();
    let h = m.find("mutual trust");
    assert_eq!((h.len(), h[0].entry, h[0].status), (1, 0, Preferred));
}

#[test]
fn empty_glossary_and_empty_text() {
    let m = Matcher::new(&Glossary::new(), MatchOptions::default()).unwrap();
    assert!(m.find("anything at all").is_empty());
    let (_, m) = matcher(MatchOptions::default());
    assert!(m.find("").is_empty());
    assert!(m.find(" \n\n ").is_empty());
}

/// Pieces are cut after a space or line break, whole ones first and quarter ones over the
/// last two pieces' worth of text, so that threads taking them in order finish together.
#[test]
fn pieces_end_short_and_never_cut_a_word() {
    let text = "word ".repeat(4000); // 20,000 bytes
    let bounds = piece_bounds(&text, 2000);
    assert_eq!((bounds[0], *bounds.last().unwrap()), (0, text.len()));
    let sizes: Vec<usize> = bounds.windows(2).map(|w| w[1] - w[0]).collect();
    assert!(bounds[1..bounds.len() - 1].iter().all(|&b| text.as_bytes()[b - 1] == b' '), "{bounds:?}");
    // eight whole pieces (moved to the next space), then quarters
    assert!(sizes[..8].iter().all(|&n| (2000..=2005).contains(&n)), "{sizes:?}");
    assert!(sizes[8..].iter().all(|&n| (500..=505).contains(&n) || n < 500), "{sizes:?}");
    assert!(sizes.len() >= 8 + 7, "{sizes:?}");
    // a text shorter than a piece is one piece
    assert_eq!(piece_bounds("a few words", 2000), [0, 11]);
    assert_eq!(piece_bounds("", 2000), [0, 0]);
}

/// Threads take indexes in turn, but the results come back in index order, whatever the
/// number of threads and however long each one takes.
#[test]
fn in_order_returns_results_by_index() {
    for threads in [1, 2, 4] {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        let got = pool.install(|| {
            in_order(50, |i| {
                // later indexes finish first
                std::thread::sleep(std::time::Duration::from_micros(((50 - i) * 20) as u64));
                i * i
            })
        });
        assert_eq!(got, (0..50).map(|i| i * i).collect::<Vec<_>>(), "{threads} threads");
    }
    assert!(in_order(0, |i| i).is_empty());
}

/// A near-miss across a seam between two pieces is found as in one piece: here the seam
/// falls between "of" and "shared".
#[test]
fn a_near_miss_across_a_piece_seam_is_found() {
    let (_, m) = matcher(MatchOptions::default());
    let mut text = "lorem ".repeat(330);
    text.push_str("and the community of shared future for mankind is ");
    while text.len() < 7500 {
        text.push_str("lorem ");
    }
    let phrase = text.find("community of").unwrap();
    let bounds = piece_bounds(&text, 2000);
    assert!(bounds.len() > 3, "{bounds:?}");
    assert!(bounds.iter().any(|&b| b > phrase && b < phrase + 30), "the seam is inside the phrase");
    let cut = m.find_block_in(&text, true, false, 2000).unwrap().hits;
    let whole = m.find_block_in(&text, true, false, usize::MAX / 4).unwrap().hits;
    assert_eq!(cut, whole);
    let near: Vec<&str> = cut.iter().filter(|h| h.status == NearMiss).map(|h| &text[h.start..h.end]).collect();
    assert_eq!(near, ["community of shared future for mankind"]);
}

/// A block is cut after a word outside the glossary; with near-misses on, between two
/// such words when it has them (a near-miss may contain one, never reach past a run).
#[test]
fn blocks_are_cut_inside_a_run_of_unknown_words_for_near_misses() {
    let w = 5; // any glossary word's id
    let sy = Symbols { ids: vec![w, OTHER, w, OTHER, OTHER, w, OTHER, w], starts: (0..8).collect() };
    assert_eq!(own_region(&sy, true, true, false, false).map(|r| r.2), Some(7));
    assert_eq!(own_region(&sy, true, true, false, true).map(|r| r.2), Some(4));
    // no run: the ordinary cut
    let sy = Symbols { ids: vec![w, OTHER, w, w], starts: (0..4).collect() };
    assert_eq!(own_region(&sy, true, true, false, true).map(|r| r.2), Some(2));
}

mod fast_path {
    use super::*;
    use proptest::prelude::*;

    /// The symbols the reference tokenizer gives: every token's id and start.
    fn reference(m: &Matcher, text: &str) -> (Vec<u32>, Vec<u32>) {
        let (mut ids, mut starts) = (Vec::new(), Vec::new());
        normalize::scan_tokens(text, &mut Vec::new(), |t, key| {
            ids.push(m.id_of(key));
            starts.push(t.start as u32);
        });
        (ids, starts)
    }

    /// Sentences with exact hits, near-misses of every kind, and words outside the glossary.
    const SENTENCES: &[&str] = &[
        "We build a community of shared future for mankind. ",
        "They praised win-win coperation and the Belt and Road Initative, ",
        "the community with a shared destiny for mankind ",
        // exact, and a near-miss of the variant "... for humanity" where not known to be
        "building a community with a shared future for mankind together ",
        "Lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor. ",
        "and, of the, for; ",
        "good-neighborly friendship and China-Central Asia cooperation ",
        "Line D of the China Central Asia Gas Pipeline was built. ",
        "three forces of terrorism separatism and extremism ",
        "a livelihood programme near the traditional medicine centre ",
        "words words words outside every glossary here ",
        "non-interference in the internal affairs ",
        "\n\n",
    ];

    const PIECES: &[&str] = &[
        "Belt",
        "and",
        "ROAD",
        "Initiative",
        "win",
        "-",
        "–",
        "cooperation",
        "co-operation",
        "People",
        "’s",
        "'s",
        "’",
        "Republic",
        "of",
        "China",
        "“",
        "”",
        "\"",
        " ",
        "  ",
        "\n",
        " \n\n",
        "\u{00A0}",
        ",",
        ".",
        "+",
        "C",
        "C5",
        "SCO",
        "who",
        "WHO",
        "neigh\u{00AD}bourly",
        "friendship",
        "café",
        "中国",
        "1st",
        "5",
        "five",
        "colour",
        "revolutions",
        "x",
        "nonsense",
        "É",
        "Ünïcödé",
        "\t",
        "\r\n",
        "centres",
        // longer than the 64-byte chunks of the fast path
        "pneumonoultramicroscopicsilicovolcanoconiosispneumonoultramicroscopicsilicovolcanoconiosis",
        "`",
        "~",
        "\u{7F}",
        "\u{0}",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        #[test]
        fn the_fast_path_gives_the_reference_tokens(parts in proptest::collection::vec(0..PIECES.len(), 0..160)) {
            let text: String = parts.iter().map(|&i| PIECES[i]).collect();
            for near in [true, false] {
                let (_, m) = matcher(if near { MatchOptions::default() } else { exact_only() });
                let sy = m.symbols(&text);
                let (ids, starts) = reference(&m, &text);
                prop_assert_eq!(&sy.ids, &ids, "{:?}", text);
                prop_assert_eq!(&sy.starts, &starts, "{:?}", text);
            }
        }

        #[test]
        fn exact_hits_do_not_depend_on_near_miss_search(parts in proptest::collection::vec(0..PIECES.len(), 0..80)) {
            // the near-miss search runs after the exact one, and must leave its hits alone
            let text: String = parts.iter().map(|&i| PIECES[i]).collect();
            let (_, near) = matcher(MatchOptions::default());
            let (_, exact) = matcher(exact_only());
            let with_near: Vec<Hit> = near.find(&text).into_iter().filter(|h| h.status != NearMiss).collect();
            prop_assert_eq!(with_near, exact.find(&text), "{:?}", text);
        }

        /// Near-misses (and exact hits) do not depend on where a block is cut into pieces:
        /// pieces of 2,000 and 8,000 bytes, searched in turn and in parallel, find what one
        /// piece does. (With 2,000, the short pieces at the end are too short for the
        /// near-miss search to leave their edges to the seams, and it joins them; with 8,000,
        /// it searches each piece, its exact hits numbered through the block, and each seam.)
        #[test]
        fn hits_do_not_depend_on_piece_cuts(parts in proptest::collection::vec(0..SENTENCES.len(), 60..600)) {
            let text: String = parts.iter().map(|&i| SENTENCES[i]).collect();
            let (_, m) = matcher(MatchOptions::default());
            let whole = m.find_block_in(&text, true, false, usize::MAX / 4).unwrap().hits;
            for (piece, parallel) in [(2000, false), (2000, true), (8000, false), (8000, true)] {
                let cut = m.find_block_in(&text, true, parallel, piece).unwrap().hits;
                prop_assert_eq!(&cut, &whole);
            }
        }

        #[test]
        fn hits_lie_on_char_boundaries_and_are_found_in_order(parts in proptest::collection::vec(0..PIECES.len(), 0..80)) {
            let text: String = parts.iter().map(|&i| PIECES[i]).collect();
            let (_, m) = matcher(MatchOptions { nested: true, near_miss: Some(0.7) });
            let hits = m.find(&text);
            let mut last = (0, usize::MAX);
            for h in &hits {
                prop_assert!(text.is_char_boundary(h.start) && text.is_char_boundary(h.end), "{:?} {:?}", text, h);
                prop_assert!(h.start < h.end);
                prop_assert!((h.start, usize::MAX - h.end) >= (last.0, usize::MAX - last.1) || h.nested);
                last = (h.start, h.end);
            }
        }
    }
}

/// The vocabulary is numbered content words first (right after the two ids of unknown
/// words), and renumbering keeps every surface spelling on its own word's id.
#[test]
fn content_words_are_numbered_first_and_spellings_keep_their_word() {
    let (_, m) = matcher(MatchOptions::default());
    let near = m.near.as_ref().expect("near-miss search is on");
    let content = near.content_ids();
    assert_eq!(content.start, OTHER_RUN + 1);
    assert!(!content.is_empty() && (content.end as usize) < m.vocab.len(), "{content:?}");
    for (id, key) in m.vocab.keys.iter().enumerate().skip(2) {
        assert_eq!(content.contains(&(id as u32)), near::is_content_key(key), "{key}");
    }
    // each spelling's id is the id of its canonical key
    for word in ["cooperation", "co-operation", "Initiatives", "colour", "the", "and", "mankind", "shared"] {
        let key = normalize::tokens(word)[0].key.clone();
        let id = m.id_of(key.as_bytes());
        assert!(!is_other(id), "{word}");
        assert_eq!(m.vocab.keys[id as usize], normalize::canon(&key), "{word}");
    }
}
