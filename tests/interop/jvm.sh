# Sourced by the scripts that run Java clients (tests/interop.sh, bench/align-check-tmx.sh).
#
# jvm CMD...: runs CMD (a Java client) with a time limit, once more if it hits it, and
# prints its standard output only once it has finished.
#
# OmegaT 3.6 (Debian's omegat 3.6.0.10) loops forever while starting: its log formatter
# pads a random session id to five digits with a loop that never ends when the number drawn
# has fewer (about one start in 200,000; it hung a CI run here on 2026-12-01, in
# org.omegat.util.logging.OmegaTLogFormatter.<clinit>). A second start draws another number.
# A client that fails for any other reason is not run again.
jvm() {
  local out rc try
  out=$(mktemp)
  for try in 1 2; do
    timeout -k 10 "${JVM_TIMEOUT:-180}" "$@" > "$out" && rc=0 || rc=$?
    [ "$rc" -ne 124 ] && [ "$rc" -ne 137 ] && break
    echo "jvm: $1 did not finish in ${JVM_TIMEOUT:-180} s (try $try of 2)" >&2
  done
  cat "$out"
  rm -f "$out"
  return "$rc"
}
