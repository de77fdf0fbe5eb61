//! Properties of the aligner on random documents: whatever the evidence, the beads cover
//! every sentence of both sides exactly once and in order and use only allowed shapes; and
//! a path that drifts far from the diagonal makes the band widen.

use proptest::prelude::*;
use termalign::align::lexicon::{Document, Sentence, Token};
use termalign::align::{Bead, Params, align_document};

/// A random sentence: a few tokens over a small id space (so that sides share ids and
/// lexical evidence exists), random length and punctuation.
fn sentence() -> impl Strategy<Value = Sentence> {
    (prop::collection::vec((0u32..40, prop::collection::vec(0u32..40, 0..4)), 0..12), 0usize..200, 0u16..3).prop_map(
        |(toks, chars, q)| Sentence {
            tokens: toks
                .into_iter()
                .map(|(key, mut ids)| {
                    ids.push(key);
                    ids.sort_unstable();
                    ids.dedup();
                    Token { key, ids }
                })
                .collect(),
            unknown: Vec::new(),
            chars,
            punct: [q, 0, 0],
        },
    )
}

fn document() -> impl Strategy<Value = Document> {
    (prop::collection::vec(sentence(), 0..40), prop::collection::vec(sentence(), 0..50))
        .prop_map(|(zh, en)| Document { zh, en })
}

fn check_cover(doc: &Document, beads: &[Bead], params: &Params) {
    let (mut i, mut j) = (0, 0);
    for b in beads {
        assert_eq!((b.zh.start, b.en.start), (i, j), "beads must be consecutive: {beads:?}");
        assert!(params.shapes.contains(&(b.zh.len(), b.en.len())), "shape {} not allowed", b.shape());
        assert!((0.0..=1.0).contains(&b.confidence));
        i = b.zh.end;
        j = b.en.end;
    }
    assert_eq!((i, j), (doc.zh.len(), doc.en.len()), "beads must cover both sides");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn beads_cover_every_sentence_once_in_order(doc in document()) {
        let params = Params::default();
        let beads = align_document(&doc, &params);
        check_cover(&doc, &beads, &params);
    }

    #[test]
    fn only_the_allowed_shapes_are_used(doc in document()) {
        let mut params = Params::default();
        params.set("shapes", "1-1,1-2,2-1,1-0,0-1").unwrap();
        let beads = align_document(&doc, &params);
        check_cover(&doc, &beads, &params);
    }
}

/// A translation that renders the first half of the text sentence for sentence and the
/// second half four English sentences per Chinese one drifts 45 sentences away from the
/// diagonal: the band must widen until the path fits.
#[test]
fn drift_far_from_the_diagonal() {
    let sent = |ids: &[u32], chars: usize| Sentence {
        tokens: ids.iter().map(|&k| Token { key: k, ids: vec![k] }).collect(),
        unknown: Vec::new(),
        chars,
        punct: [0; 3],
    };
    let zh: Vec<Sentence> = (0..60u32).map(|k| sent(&[10 * k, 10 * k + 1, 10 * k + 2, 10 * k + 3], 20)).collect();
    let mut en: Vec<Sentence> = (0..30u32).map(|k| sent(&[10 * k, 10 * k + 1, 10 * k + 2, 10 * k + 3], 68)).collect();
    for k in 30..60u32 {
        en.extend((0..4).map(|p| sent(&[10 * k + p], 17)));
    }
    let doc = Document { zh, en };
    let narrow = Params { band: 2, ..Params::default() };
    let beads = align_document(&doc, &narrow);
    check_cover(&doc, &beads, &narrow);
    let full = align_document(&doc, &Params { band: 1000, ..narrow.clone() });
    assert_eq!(beads, full, "the band must widen until the drifted path fits");
    let want: Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> = (0..30)
        .map(|k| (k..k + 1, k..k + 1))
        .chain((30..60).map(|k| (k..k + 1, 30 + 4 * (k - 30)..34 + 4 * (k - 30))))
        .collect();
    assert_eq!(beads.iter().map(|b| (b.zh.clone(), b.en.clone())).collect::<Vec<_>>(), want);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// A guide that does not belong to the document (wrong lengths, any shapes) only slows
    /// the search down: the result is still a valid cover.
    #[test]
    fn any_guide_gives_a_valid_cover(doc in document(), guide in prop::collection::vec((0usize..60, 0usize..5, 0usize..70, 0usize..5), 0..20)) {
        let params = Params::default();
        let guide: Vec<Bead> = guide
            .into_iter()
            .map(|(z, dz, e, de)| Bead { zh: z..z + dz, en: e..e + de, confidence: 0.0 })
            .collect();
        let beads = termalign::align::dp::Prepared::new(&doc).align_near(&params, Some(&guide));
        check_cover(&doc, &beads, &params);
    }
}
