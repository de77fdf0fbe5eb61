#!/usr/bin/env bash
# Install the third-party clients tests/interop.sh runs (as root, Debian 12): OmegaT, jing,
# xmllint and a JDK from Debian; translate-toolkit, pyschematron and the DeepL client in a
# venv (pyschematron needs Python >= 3.12, which Debian 12 lacks: a python3.12/3.13 on
# PATH or under pyenv is used); openpyxl for the XLSX checks. Everything goes to
# ${TERMALIGN_CLIENTS_HOME:-~/.cache/termalign-clients}, nothing into the repository.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CLIENTS=${CLIENTS:-$ROOT/../shared/clients}
HOME_C=${TERMALIGN_CLIENTS_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/termalign-clients}

find_python() {
  # A pyenv shim is on PATH even when its version is not selected, and then fails: each
  # candidate must really run and be >= 3.12.
  local root=${PYENV_ROOT:-$HOME/.pyenv} p
  for p in $(command -v python3.13 python3.12 2>/dev/null) \
           $(ls -d "$root"/versions/3.1[2-9]*/bin/python3.1[2-9] 2>/dev/null | sort -V -r); do
    if "$p" -c 'import sys, venv; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
      echo "$p"
      return 0
    fi
  done
  return 1
}

if [ -x "$HOME_C/venv/bin/python" ] && "$HOME_C/venv/bin/python" -c 'import translate, pyschematron, deepl, openpyxl' 2>/dev/null \
   && command -v jing >/dev/null && command -v xmllint >/dev/null && dpkg -L omegat >/dev/null 2>&1; then
  echo "interop clients already installed in $HOME_C"
  exit 0
fi
PY=$(find_python) || { echo "no Python >= 3.12 found (needed by pyschematron): install python3.12 or a pyenv 3.12" >&2; exit 1; }
echo "using $PY for the clients venv"
sh "$CLIENTS/setup.sh" "$PY"
"$HOME_C/venv/bin/pip" install --quiet openpyxl
