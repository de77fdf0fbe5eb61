#!/usr/bin/env bash
# The matching benchmark of issue #6: termalign and its peers on the same generated inputs,
# in one run, under /usr/bin/time -v, scored for recall per planted variation type.
#
#   bench/run.sh            full run (about 15 minutes; generates 1 GB of data once)
#   bench/run.sh --quick    10 MB corpus only, one repetition (a smoke test of the harness)
#
# Uses the kit in ../shared/bench (generator, peer runners, bench.py, score.py, report.py);
# data, builds and raw results go to $BENCH_WORK (default ~/.cache/termalign-bench). Writes
# bench/RESULTS.md (machine details, the table, the ratios the issue asks for, and termalign's
# two-thread and near-miss ratios again from runs taken in turns, bench/ab.sh). Run it with
# nothing else on the machine: it has 2 cores and the threads rows need both.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SHARED=${SHARED:-../shared}
KIT=$(cd "$SHARED/bench" && pwd)
export BENCH_WORK=${BENCH_WORK:-$HOME/.cache/termalign-bench}
QUICK=${1:-}
REPS=${REPS:-3}
[ "$QUICK" = --quick ] && REPS=1
mkdir -p "$BENCH_WORK/results"
RESULTS=$BENCH_WORK/results/termalign-$(date +%Y%m%d-%H%M%S).jsonl

echo "== tools"
if ! command -v rg >/dev/null || [ ! -x /usr/bin/time ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ripgrep time >/dev/null
fi
python3 -c "import flashtext, ahocorasick, spacy, regex" 2>/dev/null \
  || pip install -q flashtext pyahocorasick spacy regex
cargo build --release -q
cargo build --release -q --manifest-path "$KIT/rust/Cargo.toml" --target-dir "$BENCH_WORK/acref-target"
TA=$ROOT/target/release/termalign

echo "== data (deterministic; kept between runs)"
DATA=$BENCH_WORK/data
SIZES="1MB 10MB 100MB 1GB"
[ "$QUICK" = --quick ] && SIZES="10MB"
[ -f "$DATA/glossary_100000.csv" ] || python3 "$KIT/gen/generate.py" glossaries --out "$DATA"
for s in $SIZES; do
  [ -f "$DATA/corpus_$s.txt" ] || python3 "$KIT/gen/generate.py" corpus --size "$s" --out "$DATA" \
    --style-source "$SHARED/seed/000_965eec4c2d197ae4.txt"
done

echo "== peers: the kit's, and termalign"
PEERS=$BENCH_WORK/peers-termalign.tsv
cp "$KIT/peers.tsv" "$PEERS"
# exact matching, as the peers do (near-misses are termalign's own extra; measured on its own line)
SCAN="$TA scan --no-default-glossary --glossary {glossary} --format offsets --count --force -o {out}"
printf 'termalign\t1\t0\t%s -j 1 --no-near-miss {corpus} 2>&1\n' "$SCAN" >>"$PEERS"
printf 'termalign-2t\t2\t0\t%s -j 2 --no-near-miss {corpus} 2>&1\n' "$SCAN" >>"$PEERS"
printf 'termalign-near\t1\t0\t%s -j 1 {corpus} 2>&1\n' "$SCAN" >>"$PEERS"

B() { python3 "$KIT/bench.py" --results "$RESULTS" --peers-file "$PEERS" --data "$DATA" "$@"; }
if [ "$QUICK" = --quick ]; then
  B --corpus 10MB --glossaries 10000 --reps 1 --peers termalign,termalign-2t,termalign-near,rust-ac-norm,flashtext
else
  FAST=termalign,termalign-2t,termalign-near,rust-ac-norm,rust-ac-norm-2t,rust-ac-raw,pyahocorasick
  B --corpus 100MB --glossaries 10000,100000 --reps "$REPS" --peers $FAST
  B --corpus 100MB --glossaries 10000 --reps "$REPS" --peers flashtext
  B --corpus 100MB --glossaries 10000 --reps 1 --peers spacy-phrasematcher --timeout 600
  B --corpus 1MB --glossaries 10000 --reps 1 --peers ripgrep,termalign --timeout 600
  B --corpus 1GB --glossaries 10000 --reps 1 --peers termalign,termalign-2t,rust-ac-norm --timeout 900
fi

# The rows above run each peer's repetitions one after the other, so a ratio of two rows
# spans minutes in which the shared machine's speed drifts by 15-25 %. The ratios between
# termalign's own modes are also measured by runs taken in turns, which cancel the drift.
AB=$BENCH_WORK/results/alternating.txt
if [ "$QUICK" != --quick ]; then
  echo "== alternating runs: one thread, two threads, near-misses on (bench/ab.sh 9)"
  MODES=j1,j2,near bash "$ROOT/bench/ab.sh" 9 "$TA" | tee "$AB"
else
  rm -f "$AB"
fi

echo "== report"
python3 "$KIT/report.py" "$RESULTS" >"$BENCH_WORK/results/table.md"
python3 - "$RESULTS" "$BENCH_WORK/results/table.md" "$ROOT/bench/RESULTS.md" "$QUICK" "$AB" <<'PY'
import json, os, platform, re, subprocess, sys, time
results, table, out, quick, ab = sys.argv[1:6]
rows = [json.loads(l) for l in open(results) if l.strip()]
def row(peer, corpus, g):
    r = [x for x in rows if x["peer"] == peer and x["corpus"] == corpus and x["glossary"] == g and "mb_s" in x]
    return r[-1] if r else None
def ratio(a, b, key="mb_s"):
    return f"{a[key] / b[key]:.2f}×" if a and b else "n/a"
def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip()
    except Exception:
        return "?"
cpu = sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").strip()
mem = sh("free -g | awk '/Mem:/ {print $2}'")
lines = ["# Matching benchmark: termalign against its peers", "",
         f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} by `bench/run.sh{(' ' + quick) if quick else ''}` "
         f"on {sh('nproc')} cores ({cpu}), {mem} GiB RAM, {platform.system()} {platform.release()}; "
         f"{sh('rustc --version')}. Inputs from `../shared/bench/gen` (deterministic), files in page cache; "
         "each peer run by `../shared/bench/bench.py` under `/usr/bin/time -v`, median of the runs shown.", "",
         "`termalign` rows search exactly, as the peers do (`--no-near-miss`); `termalign-near` adds the "
         "near-miss search that is on by default. Threads: `-j N`. Output is identical for any number of threads.", ""]
ratios = []
for g in (10000, 100000):
    t1, t2, tn = row("termalign", "100MB", g), row("termalign-2t", "100MB", g), row("termalign-near", "100MB", g)
    ref, ft = row("rust-ac-norm", "100MB", g), row("flashtext", "100MB", g)
    if t1:
        ratios.append(f"| 100 MB, {g:,} terms | {t1['mb_s']:.1f} MB/s | {ratio(t1, ref)} | {ratio(t1, ft)} | "
                      f"{ratio(t2, t1)} | {(tn['wall_s'] / t1['wall_s'] - 1) * 100:+.0f} % | "
                      f"{t1.get('build_s') or 0:.3f} s | {t1['rss_mb']:.0f} MB | "
                      f"{t1['score']['recall_exact'] if 'score' in t1 else 'n/a'} |" if tn and t2 else
                      f"| 100 MB, {g:,} terms | {t1['mb_s']:.1f} MB/s | {ratio(t1, ref)} | {ratio(t1, ft)} | | | | | |")
gb1, gb2, gbr = row("termalign", "1GB", 10000), row("termalign-2t", "1GB", 10000), row("rust-ac-norm", "1GB", 10000)
lines += ["## The figures the issue asks for", "",
          "| input | termalign 1 thread | vs normalised aho-corasick | vs flashtext | 2 threads vs 1 | near-miss on | build | peak RSS | recall (exact span) |",
          "|---|---|---|---|---|---|---|---|---|"] + ratios + [""]
if gb1:
    lines += [f"1 GB corpus, 10,000 terms: {gb1['mb_s']:.1f} MB/s, peak RSS **{gb1['rss_mb']:.0f} MB** with 1 thread"
              + (f", {gb2['mb_s']:.1f} MB/s and {gb2['rss_mb']:.0f} MB with 2" if gb2 else "")
              + (f"; the normalised reference: {gbr['mb_s']:.1f} MB/s, {gbr['rss_mb']:.0f} MB." if gbr else "."), ""]
if os.path.exists(ab):
    text = open(ab).read()
    m = re.search(r"2 threads ([\d.]+)x \(of minima ([\d.]+)x\);.*near-misses ([+-]\d+%) \(of minima ([+-]\d+%)\)", text)
    if m:
        lines += ["Taken in turns (`bench/ab.sh 9`, 100 MB, 10,000 terms: each round runs one thread, two "
                  "threads and near-misses on, one after the other; medians of the per-round ratios, and the "
                  "ratios of the minima): two threads "
                  f"**{m.group(1)}×** (minima {m.group(2)}×), near-miss search on **{m.group(3)}** "
                  f"(minima {m.group(4)}).", "", "```", text.strip(), "```", ""]
lines += ["## All rows", "", open(table).read().strip(), ""]
open(out, "w").write("\n".join(lines))
print("\n".join(lines[:20]))
PY
echo "wrote bench/RESULTS.md"
