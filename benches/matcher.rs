//! Micro-benchmarks of the hot paths: the tokenizer, the matcher (exact, with near-misses,
//! piece-parallel) and glossary compilation. Inputs are built from the shipped speech and
//! term base, so `cargo bench` needs nothing outside the repository; the comparison with
//! other tools on large generated corpora is `bench/run.sh` (see `bench/RESULTS.md`).

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use termalign::glossary::{Entry, Glossary};
use termalign::matcher::{MatchOptions, Matcher};
use termalign::normalize;

const SEED: &str = include_str!("../corpus/2022-01-25-china-central-asia-summit.en.txt");

/// The speech repeated to about `bytes` bytes.
fn text(bytes: usize) -> String {
    let mut t = String::with_capacity(bytes + SEED.len());
    while t.len() < bytes {
        t.push_str(SEED);
    }
    t
}

/// A glossary of `n` two-to-four-word terms drawn (deterministically) from the speech's
/// words, on top of the shipped term base: a large, dense term base like the benchmark's.
fn big_glossary(n: usize) -> Glossary {
    let words: Vec<&str> = SEED.split(|c: char| !c.is_alphabetic()).filter(|w| w.len() > 3).collect();
    let mut g = Glossary::embedded();
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = |m: usize| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x % m as u64) as usize
    };
    for i in 0..n {
        let len = 2 + next(3);
        let en: Vec<&str> = (0..len).map(|_| words[next(words.len())]).collect();
        g.insert(Entry { id: format!("gen-{i}"), en: en.join(" "), ..Entry::default() });
    }
    g
}

fn tokenizer(c: &mut Criterion) {
    let t = text(1 << 20);
    let mut g = c.benchmark_group("normalize");
    g.throughput(Throughput::Bytes(t.len() as u64));
    g.bench_function("scan_tokens 1 MiB", |b| {
        let mut key = Vec::new();
        b.iter(|| {
            let mut n = 0usize;
            normalize::scan_tokens(black_box(&t), &mut key, |_, k| n += k.len());
            n
        })
    });
    g.finish();
}

fn matcher(c: &mut Criterion) {
    let t = text(4 << 20);
    let shipped = Glossary::embedded();
    let big = big_glossary(10_000);
    let exact = MatchOptions { nested: false, near_miss: None };
    let mut g = c.benchmark_group("matcher");
    g.throughput(Throughput::Bytes(t.len() as u64));
    g.sample_size(20);
    for (name, glossary) in [("shipped", &shipped), ("10k", &big)] {
        let m = Matcher::new(glossary, exact).unwrap();
        g.bench_function(format!("find exact, {name} glossary, 4 MiB"), |b| b.iter(|| m.find(black_box(&t)).len()));
        let m = Matcher::new(glossary, MatchOptions::default()).unwrap();
        g.bench_function(format!("find with near-misses, {name} glossary, 4 MiB"), |b| {
            b.iter(|| m.find(black_box(&t)).len())
        });
    }
    let m = Matcher::new(&big, exact).unwrap();
    let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap();
    g.bench_function("find_par exact, 10k glossary, 4 MiB, 2 threads", |b| {
        b.iter(|| pool.install(|| m.find_par(black_box(&t)).len()))
    });
    g.finish();
}

fn compile(c: &mut Criterion) {
    let big = big_glossary(10_000);
    let mut g = c.benchmark_group("compile");
    g.sample_size(10);
    g.bench_function("Matcher::new, 10k terms, exact", |b| {
        b.iter(|| Matcher::new(black_box(&big), MatchOptions { nested: false, near_miss: None }).unwrap())
    });
    g.bench_function("Matcher::new, 10k terms, with near-miss index", |b| {
        b.iter(|| Matcher::new(black_box(&big), MatchOptions::default()).unwrap())
    });
    g.bench_function("read the shipped glossary CSV", |b| {
        b.iter(|| termalign::glossary::read_csv_str(black_box(termalign::glossary::EMBEDDED_CSV), Path::new("g.csv")))
    });
    g.finish();
}

criterion_group!(benches, tokenizer, matcher, compile);
criterion_main!(benches);
