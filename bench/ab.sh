#!/usr/bin/env bash
# Alternating runs of one or more termalign builds on the same input, for judging a change
# on a shared machine whose speed drifts within minutes (one run of the harness after
# another does not tell two builds apart; runs taken in turns do).
#
#   bench/ab.sh [REPS] BIN...      e.g. bench/ab.sh 9 /tmp/before target/release/termalign
#
# Each round runs every build in three modes: exact on 1 thread, exact on 2 threads, and
# with near-misses on 1 thread. Prints, per build, the median wall time of each mode and the
# medians of the per-round ratios (2 threads against 1, near-misses on against off), which
# cancel most of the drift. Inputs come from bench/run.sh's data directory:
# CORPUS (default 100MB) and GLOSSARY (default 10000) pick the files.
set -euo pipefail
REPS=9
if [[ ${1:-} =~ ^[0-9]+$ ]]; then REPS=$1; shift; fi
[ $# -ge 1 ] || { echo "usage: bench/ab.sh [REPS] BIN..." >&2; exit 2; }
DATA=${BENCH_WORK:-$HOME/.cache/termalign-bench}/data
CORPUS=$DATA/corpus_${CORPUS:-100MB}.txt
GLOSSARY=$DATA/glossary_${GLOSSARY:-10000}.csv
[ -f "$CORPUS" ] && [ -f "$GLOSSARY" ] || { echo "no $CORPUS or $GLOSSARY: run bench/run.sh first" >&2; exit 2; }
OUT=$(mktemp)
trap 'rm -f "$OUT"' EXIT
for r in $(seq "$REPS"); do
  for b in "$@"; do
    for mode in j1 j2 near; do
      case $mode in
        j1) args=(-j 1 --no-near-miss) ;;
        j2) args=(-j 2 --no-near-miss) ;;
        near) args=(-j 1) ;;
      esac
      /usr/bin/time -f "$r $b $mode %e %U %S" "$b" scan --no-default-glossary --glossary "$GLOSSARY" \
        --format offsets --force -o "$OUT" "${args[@]}" "$CORPUS" 2>&1 >/dev/null | tail -1
    done
  done
done | python3 -c '
import collections, statistics, sys
runs = collections.defaultdict(dict)
for line in sys.stdin:
    r, b, mode, wall, user, system = line.split()
    runs[(r, b)][mode] = float(wall)
med = statistics.median
for b in sys.argv[1:]:
    rounds = [v for (r, bb), v in runs.items() if bb == b]
    walls = {m: med(v[m] for v in rounds) for m in ("j1", "j2", "near")}
    speedup = med(v["j1"] / v["j2"] for v in rounds)
    near = med(v["near"] / v["j1"] - 1 for v in rounds)
    j1, j2, on = walls["j1"], walls["j2"], walls["near"]
    print(f"{b}: wall j1 {j1:.3f} s, j2 {j2:.3f} s, near {on:.3f} s;"
          f" 2 threads {speedup:.2f}x, near-misses {near:+.0%} (medians of {len(rounds)} rounds)")
' "$@"
