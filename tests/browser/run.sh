#!/usr/bin/env bash
# The browser test of termalign's HTML report (issue #8), run by .ci/run.
#
# Writes the report and `scan --format jsonl` of the shipped corpus and of a flawed
# fixture (alone and beside its Chinese source), opens each report in Debian's headless Chromium through playwright-core, and
# checks the rendered DOM against the JSON Lines (report.test.mjs). Needs
# `apt-get install chromium` (and a CJK font, fonts-wqy-microhei, for a legible
# screenshot) and Node.js with npm; playwright-core comes from npm, the browser never
# does. `--update-screenshot` writes docs/report.png and docs/report-source.png (shown in
# the README).
set -euo pipefail
cd "$(dirname "$0")/../.."
chromium=${CHROMIUM:-/usr/bin/chromium}
[ -x "$chromium" ] || { echo "run.sh: no Chromium at $chromium (apt-get install -y chromium)" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
shots="$out"
[ "${1:-}" = "--update-screenshot" ] && shots="$PWD/docs" && mkdir -p docs

cargo build --release -q
bin=target/release/termalign
for pair in corpus:corpus/ flawed:tests/review/flawed.en.txt; do
  name=${pair%%:*} input=${pair#*:}
  "$bin" report "$input" -o "$out/$name.html"
  "$bin" scan "$input" --format jsonl -o "$out/$name.jsonl"
done
# the flawed draft beside its Chinese source: the same hits, shown bead by bead
"$bin" report tests/review/flawed.en.txt --source tests/review/flawed.zh.txt -o "$out/bitext.html"
cp "$out/flawed.jsonl" "$out/bitext.jsonl"

(cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
REPORT_DIR="$out" CHROMIUM="$chromium" SCREENSHOTS="$shots" node --test tests/browser/report.test.mjs
