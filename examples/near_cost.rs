//! What near-miss search adds to the matcher alone, without reading, printing or process
//! start: `cargo run --release --example near_cost -- GLOSSARY.csv CORPUS.txt [RUNS]`.
//!
//! The command-line benchmarks (`bench/run.sh`, `bench/ab.sh`) time whole runs, where the
//! near-miss search is a quarter of the time and the machine's drift is as large as the
//! change being judged. This loads the corpus once and times `Matcher::find` with and
//! without near-misses in turns, keeping the minimum of each (default 8 runs), so that a
//! change to `matcher/near.rs` can be judged to a few milliseconds.

use std::path::PathBuf;
use std::time::Instant;

use termalign::matcher::{MatchOptions, Matcher, near::DEFAULT_THRESHOLD};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [glossary, corpus, rest @ ..] = &args[..] else {
        return Err("usage: near_cost GLOSSARY.csv CORPUS.txt [RUNS]".into());
    };
    let runs: usize = rest.first().map_or(Ok(8), |r| r.parse())?;
    let g = termalign::glossary::load(&[PathBuf::from(glossary)], false)?.glossary;
    let text = std::fs::read_to_string(corpus)?;
    let exact = Matcher::new(&g, MatchOptions { nested: false, near_miss: None })?;
    let near = Matcher::new(&g, MatchOptions { nested: false, near_miss: Some(DEFAULT_THRESHOLD) })?;
    let time = |m: &Matcher| {
        let t = Instant::now();
        std::hint::black_box(m.find(&text).len());
        t.elapsed().as_secs_f64() * 1e3
    };
    let (mut e, mut n) = (f64::MAX, f64::MAX);
    for _ in 0..runs {
        e = e.min(time(&exact));
        n = n.min(time(&near));
    }
    println!(
        "exact {e:.1} ms, with near-misses {n:.1} ms: +{:.1} ms (+{:.1} %), minima of {runs}",
        n - e,
        (n / e - 1.0) * 100.0
    );
    Ok(())
}
