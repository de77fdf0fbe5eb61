#!/usr/bin/env bash
# Bounded fuzzing of termalign's readers (issue #7): each target runs for SECONDS
# (default 60) on one core, seeded with the project's own glossaries, corpora and
# bad-input fixtures. Exits non-zero on the first crash; the crashing input is left in
# fuzz/artifacts/TARGET/ and can be replayed with
#   cargo +nightly fuzz run TARGET fuzz/artifacts/TARGET/crash-...
#
# Usage: fuzz/run.sh [SECONDS] [TARGET...]
# Needs the nightly toolchain and cargo-fuzz (installed here when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(corpus_loader glossary_csv import segment)
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi

# Seeds: real inputs for each reader (libFuzzer also reads every file under these folders).
seeds() {
    case "$1" in
        corpus_loader) echo corpus tests/data/bad tests/data/flawed-draft.en.txt ;;
        glossary_csv) echo glossary tests/data/bad ;;
        import) echo tests/data/export tests/data/bad glossary ;;
        segment) echo corpus tests/data/bad tests/data/align ;;
    esac
}

for t in "${targets[@]}"; do
    mkdir -p "fuzz/corpus/$t"
    # Seed files go in through a folder of their own: libFuzzer takes folders, not files.
    seed_dir="fuzz/corpus/$t-seeds"
    rm -rf "$seed_dir" && mkdir -p "$seed_dir"
    for s in $(seeds "$t"); do
        if [ -d "$s" ]; then find "$s" -type f -size -1M -exec cp -t "$seed_dir" {} +; else cp "$s" "$seed_dir"; fi
    done
    echo "== fuzz $t for ${secs}s"
    log="fuzz/corpus/$t.log"
    status=0
    cargo +nightly fuzz run "$t" "fuzz/corpus/$t" "$seed_dir" -- \
        -max_total_time="$secs" -max_len=65536 -rss_limit_mb=2048 -timeout=20 -print_final_stats=1 \
        >"$log" 2>&1 || status=$?
    grep -E "^#[0-9]+ +DONE|^stat::(number_of_executed_units|peak_rss_mb)" "$log" || true
    if [ "$status" -ne 0 ]; then
        tail -n 40 "$log" >&2
        echo "fuzz/run.sh: $t crashed (exit $status); the input is in fuzz/artifacts/$t/" >&2
        exit 1
    fi
done
echo "fuzz/run.sh: ${#targets[@]} targets ran ${secs}s each without a crash"
