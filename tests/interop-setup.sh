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
  for p in python3.13 python3.12; do
    command -v "$p" && return 0
  done
  local root=${PYENV_ROOT:-$HOME/.pyenv}
  for v in $(ls -d "$root"/versions/3.1[2-9]* 2>/dev/null | sort -V -r); do
    for p in "$v"/bin/python3.1[2-9]; do
      [ -x "$p" ] && { echo "$p"; return 0; }
    done
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
