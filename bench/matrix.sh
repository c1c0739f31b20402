#!/usr/bin/env bash
# The floor in variants, side by side in one run (see docs/benchmarks.md, "The floor matrix"):
#   the three bare hops of bench/floor (a request in, two Feign calls down a chain of Spring MVC hops, no work)
#   started once per variant of the stack underneath them, warmed up, then measured with wrk. For each it prints
#   ok requests/s, p99, CPU µs per request and context switches per request of the floor process, and the protocol
#   the inner hops really arrived on (counted by the floor itself, so a label is checked, not assumed).
# It stops only the processes it started, by PID, whatever way it ends.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib/defaults.sh
source "$ROOT/bench/lib/defaults.sh"
# shellcheck source=lib/floor.sh
source "$ROOT/bench/lib/floor.sh"

usage() {
  cat <<EOF
Usage: bench/matrix.sh [options]
  --variants=A,B,...  which variants, in this order (default: all of them)
                      $FLOOR_VARIANTS
                      server (tomcat|jetty) - request threads (vt: virtual; pt: platform, a pool of 200)
                      - Feign client (hc5: Apache HttpClient 5 classic, the grid's; jdk: the JDK's HttpClient through
                      feign-java11; okhttp) [- h2c: cleartext HTTP/2 between the hops, else HTTP/1.1 keep-alive]
  --warmup=SEC        warm-up under load of each variant before it is measured (default 90; the JIT needs it)
  --duration=SEC      length of each measured run (default 30)
  --connections=N     wrk connections (default 64)
  --threads=N         wrk threads (default 2)
  --port=PORT         the floor's port (default 28131)
  --tomcat-h2-streams=N  Tomcat's HTTP/2 concurrent streams per connection, and how many run at once, for the
                      tomcat h2c variants (default 0: Tomcat's own, 100 and 20)
  --java=PATH         the java binary (default: \$JAVA_HOME/bin/java, else Temurin 25 if installed, else java)
  --jvm-opts="..."    JVM options (default: -Xms64m -Xmx192m -XX:+UseParallelGC -XX:+ExitOnOutOfMemoryError,
                      as bench/run.sh)
  --no-build          use the jars already built
  -h, --help          this text
EOF
}

VARIANTS="$FLOOR_VARIANTS"
WARMUP=90
DURATION=30
CONNECTIONS=64
THREADS=2
PORT=28131
TOMCAT_H2_STREAMS=0
BUILD=1
JVM_OPTS="${BENCH_JVM_OPTS:-$BENCH_DEFAULT_JVM_OPTS}"
JAVA="$(bench_default_java)"

for arg in "$@"; do
  case "$arg" in
    --variants=*) VARIANTS="${arg#*=}"; VARIANTS="${VARIANTS//,/ }" ;;
    --warmup=*) WARMUP="${arg#*=}" ;;
    --duration=*) DURATION="${arg#*=}" ;;
    --connections=*) CONNECTIONS="${arg#*=}" ;;
    --threads=*) THREADS="${arg#*=}" ;;
    --port=*) PORT="${arg#*=}" ;;
    --tomcat-h2-streams=*) TOMCAT_H2_STREAMS="${arg#*=}" ;;
    --java=*) JAVA="${arg#*=}" ;;
    --jvm-opts=*) JVM_OPTS="${arg#*=}" ;;
    --no-build) BUILD=0 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $arg" >&2; usage >&2; exit 2 ;;
  esac
done
for variant in $VARIANTS; do
  floor_known "$variant" || { echo "unknown variant: $variant" >&2; usage >&2; exit 2; }
done
command -v wrk >/dev/null || { echo "wrk is required (apt-get install wrk)" >&2; exit 1; }
command -v perf >/dev/null || echo "perf not found: context switches will not be counted" >&2

cd "$ROOT"
RUN_DIR="$(mktemp -d -t grid-matrix.XXXXXX)"
PID=""
cleanup() {
  if [[ -n "$PID" ]] && kill -0 "$PID" 2>/dev/null; then kill "$PID"; wait "$PID" 2>/dev/null || true; fi
}
trap cleanup EXIT INT TERM

if (( BUILD )); then
  echo "Building bench/floor for the variants' servers…"
  # shellcheck disable=SC2086
  floor_build $VARIANTS
fi

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
TICKS=$(getconf CLK_TCK)
field() { grep '^WRKRESULT' "$1" | tr ' ' '\n' | awk -F= -v k="$2" '$1 == k {print $2}'; }
wrk_run() {
  local seconds="$1" out="$2"
  timeout $((seconds + 30)) wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" --timeout 2s --latency \
    -s "$ROOT/bench/charge.lua" "http://127.0.0.1:$PORT" >"$out" 2>&1
  grep -q '^WRKRESULT' "$out" || { echo "wrk failed:" >&2; cat "$out" >&2; exit 1; }
}

declare -a ROWS=()
read -r -a JOPTS <<<"$JVM_OPTS"
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
for variant in $VARIANTS; do
  read -r -a args <<<"$(floor_variant_args "$variant" "$TOMCAT_H2_STREAMS")"
  jar="${args[0]}"
  echo "== $variant: $JAVA ${JOPTS[*]} -jar ${args[*]}"
  started=$(now_ms)
  "$JAVA" "${JOPTS[@]}" -jar "$jar" "--server.port=$PORT" "${args[@]:1}" >"$RUN_DIR/$variant.log" 2>&1 &
  PID=$!
  ready=""
  for _ in $(seq 1 1800); do
    kill -0 "$PID" 2>/dev/null || { echo "$variant died while starting; its log:" >&2; tail -30 "$RUN_DIR/$variant.log" >&2; exit 1; }
    if curl -fsS --max-time 1 "http://127.0.0.1:$PORT/actuator/health" 2>/dev/null | grep -q UP; then
      ready=$(( $(now_ms) - started )); break
    fi
    sleep 0.1
  done
  [[ -n "$ready" ]] || { echo "$variant was not ready within 180 s" >&2; exit 1; }
  (( WARMUP > 0 )) && wrk_run "$WARMUP" "$RUN_DIR/$variant.warmup"
  ticks0=$(cpu_ticks "$PID")
  if command -v perf >/dev/null; then
    perf stat -e context-switches -x, -o "$RUN_DIR/$variant.perf" -p "$PID" -- sleep "$DURATION" >/dev/null 2>&1 &
    PERF=$!
  else
    PERF=""
  fi
  wrk_run "$DURATION" "$RUN_DIR/$variant.wrk"
  ticks=$(( $(cpu_ticks "$PID") - ticks0 ))
  switches=""
  if [[ -n "$PERF" ]]; then
    wait "$PERF" 2>/dev/null || true
    switches=$(awk -F, '/context-switches/ {print $1}' "$RUN_DIR/$variant.perf")
  fi
  protocols=$(curl -fsS --max-time 5 "http://127.0.0.1:$PORT/actuator/prometheus" \
    | awk '/^floor_hops_total/ {match($0, /protocol="[^"]*"/); p = substr($0, RSTART + 10, RLENGTH - 11); printf "%s%s", sep, p; sep = "+"}')
  kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""
  f="$RUN_DIR/$variant.wrk"
  requests=$(field "$f" requests); non2xx=$(field "$f" non2xx)
  ok=$(( requests - non2xx ))
  ROWS+=("$(awk -v v="$variant" -v ok="$ok" -v d="$(field "$f" duration_us)" -v p99="$(field "$f" p99_us)" \
    -v t="$ticks" -v hz="$TICKS" -v n="$requests" -v cs="${switches:-}" -v pr="$protocols" -v r="$ready" -v bad="$non2xx" \
    'BEGIN {printf "%-22s %9.0f %8.1f %8.0f %8s %9s %8d %s", v, ok / (d / 1e6), p99 / 1000, n ? 1e6 * t / hz / n : 0,
      (cs == "" || cs ~ /not/) ? "-" : sprintf("%.1f", n ? cs / n : 0), pr, r, bad}')")
  echo "   ${ROWS[-1]}"
done

echo
echo "The floor matrix: $CONNECTIONS connections, $THREADS wrk threads, warm-up ${WARMUP} s, measured ${DURATION} s each;"
echo "$("$JAVA" -version 2>&1 | head -1); JVM options: $JVM_OPTS"
echo "machine: $(nproc) cores; load average before: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg)"
printf "%-22s %9s %8s %8s %8s %9s %8s %s\n" variant "ok req/s" "p99 ms" "CPU µs" "cs/req" "protocol" "ready ms" non-2xx
for row in "${ROWS[@]}"; do echo "$row"; done
echo "(CPU µs and cs/req: the floor process only, per request; wrk's own CPU is not in them.)"
