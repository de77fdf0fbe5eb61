#!/usr/bin/env bash
# Validates termalign's TMX output against the TMX 1.4 DTD with xmllint (issue #5, item 6):
# the shipped expected file and a fresh alignment of the bilingual test fixture.
# Needs ../shared/clients/data/tmx14.dtd and xmllint (Debian: libxml2-utils).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
shared="${SHARED:-$root/../shared}"
dtd="$shared/clients/data/tmx14.dtd"
command -v xmllint >/dev/null || { apt-get install -y -qq libxml2-utils >/dev/null; }
cd "$root"
cargo build --release --quiet
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
d=tests/data/align
./target/release/termalign align "$d/summit.zh" "$d/summit.en" --dict "$d/mini-cedict.u8" --to tmx -o "$tmp/summit.tmx"
cmp "$tmp/summit.tmx" "$d/summit.tmx"
for f in "$tmp/summit.tmx" "$d/summit.tmx"; do
    # The DOCTYPE names "tmx14.dtd" relative to the file, as TMX tools expect; xmllint warns
    # that it cannot load it there and validates against --dtdvalid instead. Its exit code
    # is 0 only when the file is valid.
    if ! log="$(xmllint --noout --nonet --dtdvalid "$dtd" "$f" 2>&1)"; then
        echo "$log" >&2
        echo "align-check-tmx: $f is not valid TMX 1.4" >&2
        exit 1
    fi
done
echo "TMX valid against $dtd"
