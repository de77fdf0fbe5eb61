#!/usr/bin/env bash
# Peak memory of `termalign scan` on big input (issue #7, "Big input"): a 1 GB corpus and
# a single 200 MB line, each run under /usr/bin/time -v. Writes the figures to
# bench/MEMORY.md (appending a dated section) and prints them.
#
# Usage: bench/memory.sh [--sizes "1GB"] [--line-mb 200] [--limit SECONDS]
# (--sizes "" measures only the long line, --line-mb 0 only the corpora.)
# Each input gets at most --limit seconds (default 3600); a run stopped there is recorded
# as such, with the peak RSS it had reached.
# Inputs are generated once under ~/.cache/termalign-bench/data (about 1.3 GB; kept for
# later runs). Needs python3 and ../shared/bench/gen/generate.py (or SHARED=path).
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
sizes="1GB"
line_mb=200
limit=3600
while [ $# -gt 0 ]; do
    case "$1" in
        --sizes) sizes=$2; shift 2 ;;
        --line-mb) line_mb=$2; shift 2 ;;
        --limit) limit=$2; shift 2 ;;
        *) echo "usage: bench/memory.sh [--sizes \"1GB 100MB\"] [--line-mb N] [--limit SECONDS]" >&2; exit 2 ;;
    esac
done
data=${TERMALIGN_BENCH_DATA:-$HOME/.cache/termalign-bench/data}
mkdir -p "$data"

if [ ! -x /usr/bin/time ]; then
    apt-get install -y time >/dev/null
fi
cargo build --release --quiet
bin=target/release/termalign

[ -s "$data/glossary_10000.csv" ] || python3 "$SHARED/bench/gen/generate.py" glossaries --out "$data"
for s in $sizes; do
    [ -s "$data/corpus_$s.txt" ] || python3 "$SHARED/bench/gen/generate.py" corpus --size "$s" --out "$data" --seed 1
done
# One line of line_mb MB: the 1 MB corpus's text with its line breaks made spaces, repeated.
line="$data/one_line_${line_mb}MB.txt"
if [ "$line_mb" -gt 0 ] && [ ! -s "$line" ]; then
    [ -s "$data/corpus_1MB.txt" ] || python3 "$SHARED/bench/gen/generate.py" corpus --size 1MB --out "$data" --seed 1
    python3 - "$data/corpus_1MB.txt" "$line" "$line_mb" <<'PY'
import sys
src, dst, mb = sys.argv[1], sys.argv[2], int(sys.argv[3])
chunk = open(src, "rb").read().replace(b"\r", b" ").replace(b"\n", b" ")
want = mb * 1000 * 1000
with open(dst, "wb") as f:
    written = 0
    while written < want:
        part = chunk[: want - written]
        f.write(part)
        written += len(part)
    f.write(b"\n")
PY
fi

# Measures one input (with extra scan options, if any) and appends its row to
# bench/MEMORY.md at once.
measure() {
    local file=$1 log status=0
    shift
    log=$(mktemp)
    # time -v reports the peak RSS of termalign even when timeout stops it
    /usr/bin/time -v timeout "$limit" "$bin" scan --format offsets "$@" "$file" >"$log.out" 2>"$log" || status=$?
    local rss secs hits size note=""
    rss=$(awk -F': ' '/Maximum resident set size/ {print int($2/1024)}' "$log")
    secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log")
    hits=$(grep -vc '^#' "$log.out" || true)
    size=$(du -m "$file" | cut -f1)
    if [ "$status" -eq 124 ]; then
        note=" (stopped after ${limit} s; hits so far)"
    elif [ "$status" -ne 0 ]; then
        echo "bench/memory.sh: scan failed on $file:" >&2
        tail -n 30 "$log" >&2
        exit 1
    fi
    rm -f "$log" "$log.out"
    local opts="$*"
    opts=${opts//$data\//}
    echo "| $(basename "$file") ${opts:+\`$opts\`} | ${size} MB | $secs | $rss | $hits$note |" | tee -a bench/MEMORY.md
}

{
    echo
    echo "## $(date -u +%Y-%m-%d) at $(git rev-parse --short HEAD), $(nproc) cores"
    echo
    echo "\`termalign scan --format offsets [OPTIONS] FILE\` under \`/usr/bin/time -v\`, embedded glossary,"
    echo "near-misses on, all cores. A file of 1 MB or more is mapped; its pages count in the RSS"
    echo "while they are mapped, and are handed back behind the search. \`--no-mmap\` reads it instead."
    echo
    echo "| input | size | wall clock | peak RSS (MB) | hits |"
    echo "|---|---|---|---|---|"
} | tee -a bench/MEMORY.md
for s in $sizes; do
    measure "$data/corpus_$s.txt"
    measure "$data/corpus_$s.txt" --no-mmap
    measure "$data/corpus_$s.txt" --no-default-glossary --glossary "$data/glossary_10000.csv" -j 1
done
if [ "$line_mb" -gt 0 ]; then measure "$line"; fi
