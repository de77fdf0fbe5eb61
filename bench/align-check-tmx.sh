#!/usr/bin/env bash
# Checks termalign's TMX output with real clients (issue #5, item 6): xmllint against the
# TMX 1.4 DTD, then translate-toolkit's and OmegaT's TMX readers, which must read every
# translation unit. Input: a fresh alignment of the bilingual test fixture, which must also
# equal the shipped expected file.
# Needs ../shared/clients (DTD and client scripts), xmllint (Debian: libxml2-utils) and, for
# the readers, what ../shared/clients/setup.sh (or tests/interop-setup.sh) installs; a
# reader that is not installed is reported and skipped unless REQUIRE_CLIENTS=1.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
shared="$(cd "${SHARED:-$root/../shared}" && pwd)"
dtd="$shared/clients/data/tmx14.dtd"
command -v xmllint >/dev/null || { apt-get install -y -qq libxml2-utils >/dev/null; }
cd "$root"
cargo build --release --quiet
bin="${CARGO_TARGET_DIR:-$root/target}/release/termalign"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=tests/interop/jvm.sh
. "$root/tests/interop/jvm.sh"
d=tests/data/align
"$bin" align "$d/summit.zh" "$d/summit.en" --dict "$d/mini-cedict.u8" \
    --no-default-glossary --glossary "$d/terms.csv" --to tmx -o "$tmp/summit.tmx"
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

units=$(grep -c "<tu " "$d/summit.tmx")
py="${PYTHON:-$HOME/.cache/termalign-clients/venv/bin/python}"
missing() {
    echo "align-check-tmx: $1 not installed" >&2
    [ "${REQUIRE_CLIENTS:-0}" = 1 ] && exit 1
    return 0
}
if [ -x "$py" ]; then
    got=$("$py" "$shared/clients/ttk/ttk_check.py" tmx "$tmp/summit.tmx" | awk '$1 == "units" { print $2 }')
    [ "$got" = "$units" ] || { echo "align-check-tmx: translate-toolkit read $got units, want $units" >&2; exit 1; }
    echo "translate-toolkit reads all $units units"
else
    missing "translate-toolkit (venv at $py)"
fi
if command -v java >/dev/null && dpkg -L omegat >/dev/null 2>&1; then
    got=$(jvm "$shared/clients/omegat/run.sh" tmx "$tmp/summit.tmx" zh-CN en-US 2>/dev/null | awk '$1 == "translation-units" { print $2 }')
    [ "$got" = "$units" ] || { echo "align-check-tmx: OmegaT read $got units, want $units" >&2; exit 1; }
    echo "OmegaT's TMX reader reads all $units units"
else
    missing "OmegaT"
fi
