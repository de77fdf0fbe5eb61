#!/usr/bin/env bash
# Alternating runs of one or more termalign builds on the same input, for judging a change
# on a shared machine whose speed drifts within minutes (one run of the harness after
# another does not tell two builds apart; runs taken in turns do).
#
#   bench/ab.sh [REPS] BIN...      e.g. bench/ab.sh 9 /tmp/before target/release/termalign
#
# Each round runs every build in three modes: exact on 1 thread, exact on 2 threads, and
# with near-misses on 1 thread (MODES=j1,near picks some). Prints, per build and mode, the
# minimum and the median wall time (to the microsecond) and CPU time (user + system), and
# the medians of the per-round ratios (2 threads against 1, near-misses on against off),
# which cancel most of the drift; minima are the runs the machine slowed least. Inputs come
# from bench/run.sh's data directory: CORPUS (default 100MB) and GLOSSARY (default 10000)
# pick the files.
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
python3 - "$REPS" "$CORPUS" "$GLOSSARY" "$OUT" "${MODES:-j1,j2,near}" "$@" <<'PY'
import os, statistics, subprocess, sys, time

reps, corpus, glossary, out, modes, *bins = sys.argv[1:]
modes = modes.split(",")
args = {"j1": ["-j", "1", "--no-near-miss"], "j2": ["-j", "2", "--no-near-miss"], "near": ["-j", "1"]}
wall, cpu = {}, {}
for _ in range(int(reps)):
    for b in bins:
        for m in modes:
            cmd = [b, "scan", "--no-default-glossary", "--glossary", glossary, "--format", "offsets",
                   "--force", "-o", out, *args[m], corpus]
            t = time.perf_counter()
            p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            _, status, usage = os.wait4(p.pid, 0)
            if status != 0:
                sys.exit(f"{' '.join(cmd)}: exit status {status}")
            wall.setdefault((b, m), []).append(time.perf_counter() - t)
            cpu.setdefault((b, m), []).append(usage.ru_utime + usage.ru_stime)
med = statistics.median
for b in bins:
    line = [f"{b}:"]
    for m in modes:
        w, c = wall[(b, m)], cpu[(b, m)]
        line.append(f"{m} {min(w) * 1e3:.0f}/{med(w) * 1e3:.0f} ms (cpu {min(c) * 1e3:.0f}/{med(c) * 1e3:.0f});")
    if "j1" in modes and "j2" in modes:
        r = [x / y for x, y in zip(wall[(b, "j1")], wall[(b, "j2")])]
        line.append(f"2 threads {med(r):.2f}x (of minima {min(wall[(b, 'j1')]) / min(wall[(b, 'j2')]):.2f}x);")
    if "j1" in modes and "near" in modes:
        r = [y / x - 1 for x, y in zip(wall[(b, "j1")], wall[(b, "near")])]
        line.append(f"near-misses {med(r):+.0%} (of minima {min(wall[(b, 'near')]) / min(wall[(b, 'j1')]) - 1:+.0%})")
    print(" ".join(line), f"[min/median of {reps} rounds]")
PY
