#!/usr/bin/env bash
# Export the shipped glossary to every profile and read each file with the real
# third-party clients (../shared/clients; install them with tests/interop-setup.sh).
# Each check compares the complete list of (source, target) pairs a client read with
# what termalign wrote or with what the glossary says, not a sample and not just an exit
# code, so a dropped entry, a header read as a term or garbled Chinese fails it.
# Not part of `cargo test` (it needs Java, Python and ../shared).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CLIENTS=${CLIENTS:-$ROOT/../shared/clients}
HOME_C=${TERMALIGN_CLIENTS_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/termalign-clients}
PY=${PYTHON:-$HOME_C/venv/bin/python}
JAR=${OMEGAT_JAR:-$(dpkg -L omegat 2>/dev/null | grep '/OmegaT\.jar$' | head -n 1)}
DUMP="$PY $ROOT/tests/interop/dump.py"
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

[ -x "$PY" ] && [ -f "$JAR" ] || { echo "clients missing: run tests/interop-setup.sh" >&2; exit 2; }
if [ -z "${TERMALIGN:-}" ]; then
  (cd "$ROOT" && cargo build --release --quiet) || exit 2
  TERMALIGN=$ROOT/target/release/termalign
fi
mkdir -p "$OUT/java"
javac -encoding UTF-8 -cp "$JAR" -d "$OUT/java" "$ROOT/tests/interop/OmegatDump.java" || exit 2
# shellcheck source=tests/interop/jvm.sh
. "$ROOT/tests/interop/jvm.sh"
omegat_dump() { jvm java -Djava.awt.headless=true -Dfile.encoding=UTF-8 -cp "$JAR:$OUT/java" OmegatDump "$@"; }

passed=0 failed=0
ok() { echo "ok   $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1"; failed=$((failed + 1)); }
# accepts LABEL CMD...: the client accepts the file (exit 0); its output is kept in $OUT/last.
accepts() {
  local label=$1; shift
  if "$@" > "$OUT/last" 2>&1; then ok "$label"; else fail "$label"; sed 's/^/     /' "$OUT/last" | head -20; fi
}
# same LABEL EXPECTED GOT: the two lists are identical, line for line.
same() {
  if diff -u "$2" "$3" > "$OUT/diff"; then ok "$1 ($(wc -l < "$3") pairs)"; else fail "$1"; head -20 "$OUT/diff" | sed 's/^/     /'; fi
}
# covers LABEL EXPECTED GOT: every line of EXPECTED is in GOT.
covers() {
  local missing
  missing=$(comm -23 <(sort -u "$2") <(sort -u "$3"))
  if [ -z "$missing" ]; then ok "$1 (all $(wc -l < "$2") entries)"; else fail "$1"; echo "$missing" | head -10 | sed 's/^/     missing: /'; fi
}
# The first of several alternatives in a cell (memoQ's "a;b").
first_alt() { awk -F'\t' '{ split($1, a, ";"); split($2, b, ";"); print a[1] "\t" b[1] }' "$1"; }

ex() { "$TERMALIGN" export "$@" 2>> "$OUT/export.log" || { fail "termalign export $*"; cat "$OUT/export.log"; }; }
ex --to csv -o "$OUT/glossary.csv"
ex --to omegat -o "$OUT/glossary.utf8"
ex --to tbx -o "$OUT/glossary.tbx"
ex --to tbx3 -o "$OUT/glossary-v3.tbx"
ex --to deepl -o "$OUT/deepl.tsv"
ex --to google -o "$OUT/google.tsv"
for p in memoq multiterm smartcat phrase crowdin google-terms amazon; do ex --to "$p" -o "$OUT/$p.csv"; done
for p in memoq multiterm smartcat phrase; do ex --to "$p-xlsx" -o "$OUT/$p-xlsx.xlsx"; done

$DUMP expect preferred "$OUT/glossary.csv" > "$OUT/preferred.txt"
$DUMP expect omegat-tbx "$OUT/glossary.csv" | sort > "$OUT/omegat-tbx.txt"
echo "glossary: $(wc -l < "$OUT/preferred.txt") entries with Chinese and English"
cut -f1,2 "$OUT/glossary.utf8" > "$OUT/omegat-pairs.txt"

echo "== OmegaT (its own GlossaryReaderTSV / GlossaryReaderTBX)"
accepts "OmegaT reads the omegat export" jvm "$CLIENTS/omegat/run.sh" glossary "$OUT/glossary.utf8"
omegat_dump "$OUT/glossary.utf8" > "$OUT/got"
same "OmegaT: every line of the omegat export, unchanged" "$OUT/omegat-pairs.txt" "$OUT/got"
covers "OmegaT: every entry's preferred pair (omegat)" "$OUT/preferred.txt" "$OUT/got"
accepts "OmegaT reads the tbx export" jvm "$CLIENTS/omegat/run.sh" glossary "$OUT/glossary.tbx"
omegat_dump "$OUT/glossary.tbx" | sort > "$OUT/got"
same "OmegaT: every Chinese × English term of every entry (tbx)" "$OUT/omegat-tbx.txt" "$OUT/got"

echo "== translate-toolkit"
accepts "translate-toolkit reads the omegat export" "$PY" "$CLIENTS/ttk/ttk_check.py" omegat "$OUT/glossary.utf8"
$DUMP ttk-omegat "$OUT/glossary.utf8" > "$OUT/got"
same "translate-toolkit: every line of the omegat export" "$OUT/omegat-pairs.txt" "$OUT/got"
accepts "translate-toolkit reads the tbx export" "$PY" "$CLIENTS/ttk/ttk_check.py" tbx "$OUT/glossary.tbx"
$DUMP ttk-tbx "$OUT/glossary.tbx" > "$OUT/got"
same "translate-toolkit: every entry, preferred Chinese → preferred English (tbx)" "$OUT/preferred.txt" "$OUT/got"
for p in memoq multiterm smartcat phrase crowdin google-terms amazon; do
  accepts "translate-toolkit reads the $p export" "$PY" "$CLIENTS/ttk/ttk_check.py" csv "$OUT/$p.csv"
  $DUMP stdlib-csv "$OUT/$p.csv" > "$OUT/$p.ref"
  $DUMP ttk-csv "$OUT/$p.csv" > "$OUT/got"
  same "translate-toolkit: every row of the $p export as an RFC 4180 reader reads it" "$OUT/$p.ref" "$OUT/got"
  first_alt "$OUT/got" > "$OUT/got1"
  covers "translate-toolkit: every entry's preferred pair ($p)" "$OUT/preferred.txt" "$OUT/got1"
done

echo "== XLSX (openpyxl)"
for p in memoq multiterm smartcat phrase; do
  $DUMP xlsx "$OUT/$p-xlsx.xlsx" > "$OUT/got"
  if [ -f "$OUT/$p.ref" ]; then same "openpyxl: $p-xlsx holds the rows of the $p CSV" "$OUT/$p.ref" "$OUT/got"; fi
  first_alt "$OUT/got" > "$OUT/got1"
  covers "openpyxl: every entry's preferred pair ($p-xlsx)" "$OUT/preferred.txt" "$OUT/got1"
done

echo "== DeepL (the official client's parser)"
accepts "the DeepL client accepts the deepl export" "$PY" "$CLIENTS/deepl/deepl_check.py" tsv "$OUT/deepl.tsv"
$DUMP deepl-tsv "$OUT/deepl.tsv" > "$OUT/got"
same "DeepL client: every line of the deepl export" "$OUT/deepl.tsv" "$OUT/got"
covers "DeepL client: every entry's preferred pair" "$OUT/preferred.txt" "$OUT/got"
covers "google export: every entry's preferred pair" "$OUT/preferred.txt" "$OUT/google.tsv"

echo "== TBX v3 (jing + TBX-Basic DCA Schematron)"
accepts "tbx3 is valid (RNG and Schematron)" "$CLIENTS/validate/validate.sh" tbx "$OUT/glossary-v3.tbx"
"$TERMALIGN" glossary import --from tbx3 "$OUT/glossary-v3.tbx" -o "$OUT/back3.csv" 2>/dev/null
same "termalign: csv → tbx3 → csv is lossless" "$OUT/glossary.csv" "$OUT/back3.csv"
"$TERMALIGN" glossary import --from tbx "$OUT/glossary.tbx" -o "$OUT/back.csv" 2>/dev/null
same "termalign: csv → tbx → csv is lossless" "$OUT/glossary.csv" "$OUT/back.csv"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
