use std::time::Instant;
use termalign::matcher::{MatchOptions, Matcher};
fn main() {
    let a: Vec<String> = std::env::args().collect();
    let g = termalign::glossary::load(&[std::path::PathBuf::from(&a[1])], false).unwrap().glossary;
    let text = std::fs::read_to_string(&a[2]).unwrap();
    let ex = Matcher::new(&g, MatchOptions { nested: false, near_miss: None }).unwrap();
    let nm = Matcher::new(&g, MatchOptions { nested: false, near_miss: Some(0.8) }).unwrap();
    let (mut be, mut bn) = (f64::MAX, f64::MAX);
    for _ in 0..a.get(3).map_or(8, |s| s.parse().unwrap()) {
        let t = Instant::now();
        let n1 = ex.find(&text).len();
        be = be.min(t.elapsed().as_secs_f64());
        let t = Instant::now();
        let n2 = nm.find(&text).len();
        bn = bn.min(t.elapsed().as_secs_f64());
        std::hint::black_box((n1, n2));
    }
    println!(
        "exact {:.1} ms near {:.1} ms  +{:.1}% (near part {:.1} ms)",
        be * 1e3,
        bn * 1e3,
        (bn / be - 1.0) * 100.0,
        (bn - be) * 1e3
    );
}
