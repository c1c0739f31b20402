#!/usr/bin/env bash
# End-to-end benchmark of the grid, in one command (see docs/benchmarks.md):
#   builds the project and a single-hop baseline, starts the grid on 127.0.0.1 with room for every request,
#   records each service's start-up time, warms up, then measures POST /charge end to end, the baseline and the
#   floor (the same three hops with no work in them)
#   with wrk, and prints throughput, latency, non-2xx answers and each process's CPU and RSS.
# It stops only the processes it started, by PID, whatever way it ends.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: bench/run.sh [options]
  --separate             one process per service (substations, balancer, charge requests) instead of
                         the one-JVM local grid: per-service CPU and RSS. The figures in docs/ use this.
  --warmup=SEC           warm-up under load before measuring (default 120; the JIT needs 2-3 minutes)
  --duration=SEC         length of each measured run (default 60)
  --baseline-warmup=SEC  warm-up of the single-hop baseline before its measured run (default 30)
  --floor-warmup=SEC     warm-up of the three-hop floor before its measured run (default 90)
  --no-floor             skip the floor (bench/floor: three bare Spring MVC hops chained by Feign)
  --floor-variant=V      the stack under the floor's hops, one of bench/matrix.sh's variants (default
                         jetty-vt-okhttp-h2c: the grid's own, Jetty with virtual threads, OkHttp on h2c)
  --connections=N        wrk connections (default 64)
  --threads=N            wrk threads (default 2)
  --substations=N        number of substations (default 3)
  --base-port=PORT       charge requests on PORT, balancer PORT+1, substations PORT+2...,
                         baseline PORT+50, floor PORT+51 (default 28080)
  --java=PATH            the java binary (default: $JAVA_HOME/bin/java, else Temurin 25 if installed, else java)
  --jvm-opts="..."       JVM options of every service process
                         (default: -Xms64m -Xmx192m -XX:+UseParallelGC -XX:+ExitOnOutOfMemoryError)
  --jfr=DIR              record a JFR profile of the measured run of every JVM into DIR
  --no-aot               start the services cold only. By default, on JDK 25+, a training start writes an
                         AOT cache for each kind of service and the measured start uses it
  --durability=MODE      on (default: every admission synced to the substation's database before its answer),
                         off (grid.substation.durable=false), or both: the grid is measured durable, then
                         started again with durability off and measured again, side by side in this run
  --no-build             use the jars already built
  -h, --help             this text
EOF
}

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SEPARATE=0
WARMUP=120
DURATION=60
BASELINE_WARMUP=30
CONNECTIONS=64
THREADS=2
SUBSTATIONS=3
BASE_PORT=28080
BUILD=1
AOT=1
FLOOR=1
FLOOR_WARMUP=90
JFR_DIR=""
DURABILITY=on
# shellcheck source=lib/defaults.sh
source "$ROOT/bench/lib/defaults.sh"
# shellcheck source=lib/floor.sh
source "$ROOT/bench/lib/floor.sh"
FLOOR_VARIANT="$FLOOR_GRID_VARIANT"
JVM_OPTS="${BENCH_JVM_OPTS:-$BENCH_DEFAULT_JVM_OPTS}"
JAVA="$(bench_default_java)"

for arg in "$@"; do
  case "$arg" in
    --separate) SEPARATE=1 ;;
    --warmup=*) WARMUP="${arg#*=}" ;;
    --duration=*) DURATION="${arg#*=}" ;;
    --baseline-warmup=*) BASELINE_WARMUP="${arg#*=}" ;;
    --floor-warmup=*) FLOOR_WARMUP="${arg#*=}" ;;
    --no-floor) FLOOR=0 ;;
    --floor-variant=*) FLOOR_VARIANT="${arg#*=}" ;;
    --connections=*) CONNECTIONS="${arg#*=}" ;;
    --threads=*) THREADS="${arg#*=}" ;;
    --substations=*) SUBSTATIONS="${arg#*=}" ;;
    --base-port=*) BASE_PORT="${arg#*=}" ;;
    --java=*) JAVA="${arg#*=}" ;;
    --jvm-opts=*) JVM_OPTS="${arg#*=}" ;;
    --jfr=*) JFR_DIR="${arg#*=}" ;;
    --no-build) BUILD=0 ;;
    --no-aot) AOT=0 ;;
    --durability=on|--durability=off|--durability=both) DURABILITY="${arg#*=}" ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $arg" >&2; usage >&2; exit 2 ;;
  esac
done
for n in WARMUP DURATION BASELINE_WARMUP FLOOR_WARMUP CONNECTIONS THREADS SUBSTATIONS BASE_PORT; do
  [[ "${!n}" =~ ^[0-9]+$ ]] || { echo "--${n,,} must be a whole number" >&2; exit 2; }
done
floor_known "$FLOOR_VARIANT" || { echo "unknown floor variant: $FLOOR_VARIANT ($FLOOR_VARIANTS)" >&2; exit 2; }
command -v wrk >/dev/null || { echo "wrk is missing (Debian: apt-get install -y wrk)" >&2; exit 2; }
[[ -x "$JAVA" ]] || { echo "no java at '$JAVA'" >&2; exit 2; }

HOST=127.0.0.1
CHARGE_PORT=$BASE_PORT
BALANCER_PORT=$((BASE_PORT + 1))
BASELINE_PORT=$((BASE_PORT + 50))
FLOOR_PORT=$((BASE_PORT + 51))
# Sessions end within about a second of real time (one real second is one simulated hour, and the
# Lua script asks for 0.25-2 kWh), and capacities are far above what the run can draw: every request
# is admitted, and the substations' state stays small however long the run.
CLOCK_SPEED=3600
CAPACITY_KW=1000000
RUN_DIR="$ROOT/bench/target/run-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$RUN_DIR"
# Each start of the grid keeps its substations' databases in a directory of its own: no run recovers another's.
DURABLE=true
DATA_DIR="$RUN_DIR/data-durable"
[[ -n "$JFR_DIR" ]] && mkdir -p "$JFR_DIR" && JFR_DIR="$(cd "$JFR_DIR" && pwd)"

# ---------------------------------------------------------------- processes we own, and only those
declare -a NAMES=()
# shellcheck source=lib/processes.sh
source "$ROOT/bench/lib/processes.sh"
bench_own_processes

# launch NAME LOGFILE command... : starts a process in the background and remembers its PID.
launch() {
  local name="$1" log="$2"; shift 2
  "$@" >"$log" 2>&1 &
  PIDS+=("$!"); NAMES+=("$name")
  LAUNCHED_AT["$name"]=$(now_ms)
}
declare -A LAUNCHED_AT=() READY_MS=()

# await_ready NAME URL PID: polls URL until it answers "UP" (or 200 for plain endpoints); records the time.
await_ready() {
  local name="$1" url="$2" pid="$3" want="${4:-UP}" deadline=$(( $(now_ms) + 180000 ))
  while (( $(now_ms) < deadline )); do
    kill -0 "$pid" 2>/dev/null || { echo "$name died while starting; its log:" >&2; tail -30 "$RUN_DIR/$name.log" >&2; exit 1; }
    if curl -fsS --max-time 1 "$url" 2>/dev/null | grep -q "$want"; then
      READY_MS["$name"]=$(( $(now_ms) - LAUNCHED_AT["$name"] ))
      return 0
    fi
    sleep 0.05
  done
  echo "$name was not ready within 180 s" >&2; exit 1
}

# --jfr: a recording of the measured POST /charge run in every JVM, started through jcmd when the run starts.
JCMD="$(dirname "$JAVA")/jcmd"
jfr_start() {
  [[ -n "$JFR_DIR" ]] || return 0
  for name in "$@"; do
    "$JCMD" "${PID_OF[$name]}" JFR.start name=bench settings=profile duration="${DURATION}s" \
      filename="$JFR_DIR/$name.jfr" >/dev/null
  done
}

# ---------------------------------------------------------------- build
cd "$ROOT"
if (( BUILD )); then
  echo "Building (./mvnw -q -B -DskipTests package, and bench/baseline, bench/floor)…"
  ./mvnw -q -B -DskipTests package
  ./mvnw -q -B -f bench/baseline/pom.xml -DskipTests package
  floor_build "$FLOOR_VARIANT"
fi
for port in $(seq "$BASE_PORT" $((BASE_PORT + SUBSTATIONS + 1))) "$BASELINE_PORT" "$FLOOR_PORT"; do
  port_free "$port" || { echo "port $port is taken; choose another --base-port" >&2; exit 1; }
done

# ---------------------------------------------------------------- start
JAVA_VERSION="$("$JAVA" -version 2>&1 | head -1)"
echo "Java: $JAVA_VERSION ($JAVA)"
echo "JVM options: $JVM_OPTS"
read -r -a JOPTS <<<"$JVM_OPTS"
declare -A PID_OF=()
SERVICES=()

# AOT cache (JDK 25, JEP 483/514/515): a first, training start of the grid records the classes each JVM loads and
# links and the methods it profiles; the measured start then maps them in. It needs each Spring Boot jar extracted
# (java -Djarmode=tools ... extract): a cache only covers classes from plain jars on the class path.
JAVA_FEATURE="$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')"
if (( AOT )) && (( ${JAVA_FEATURE%%.*} < 25 )); then
  echo "Java $JAVA_FEATURE has no AOT cache (25 or later does): starting cold only"; AOT=0
fi
AOT_DIR="$RUN_DIR/aot"
declare -A JAR_OF=(
  [substation]=substation-service/target/substation-service-exec.jar
  [load-balancer]=load-balancer/target/load-balancer-exec.jar
  [charge-request-service]=charge-request-service/target/charge-request-service-exec.jar
  [local-grid]=local-grid/target/local-grid.jar
)
if (( AOT )); then
  for kind in "${!JAR_OF[@]}"; do
    "$JAVA" -Djarmode=tools -jar "${JAR_OF[$kind]}" extract --destination "$AOT_DIR/$kind" >/dev/null
  done
fi

# java_for PHASE KIND TRAINER: the JVM options and jar of one service process. PHASE: cold (the jar as built),
# train (extracted; the TRAINER of each kind writes the cache) or cached (extracted, with the cache).
java_for() {
  local phase="$1" kind="$2" trainer="${3:-1}" jar
  jar="${JAR_OF[$kind]}"
  case "$phase" in
    cold) echo "${JOPTS[*]} -jar $jar" ;;
    train)
      if (( trainer )); then echo "${JOPTS[*]} -XX:AOTCacheOutput=$AOT_DIR/$kind.aot -jar $AOT_DIR/$kind/${jar##*/}"
      else echo "${JOPTS[*]} -jar $AOT_DIR/$kind/${jar##*/}"; fi ;;
    cached) echo "${JOPTS[*]} -XX:AOTCache=$AOT_DIR/$kind.aot -jar $AOT_DIR/$kind/${jar##*/}" ;;
  esac
}

# start_grid PHASE: starts every service, each timed from launch to ready, then waits for the balancer to hear
# from every substation (GRID_READY_MS).
start_grid() {
  local phase="$1" suffix="" opts
  [[ "$phase" == train ]] && suffix="-train"
  SERVICES=()
  if (( SEPARATE )); then
    for i in $(seq 1 "$SUBSTATIONS"); do
      name="substation-$i"; port=$((BALANCER_PORT + i))
      read -r -a opts <<<"$(java_for "$phase" substation "$(( i == 1 ))")"
      launch "$name" "$RUN_DIR/$name$suffix.log" "$JAVA" "${opts[@]}" \
        --server.address=$HOST --server.port=$port --grid.substation.id="$name" \
        --grid.substation.capacity-kw=$CAPACITY_KW --grid.substation.clock-speed=$CLOCK_SPEED \
        --grid.substation.data-dir="$DATA_DIR" --grid.substation.durable="$DURABLE"
      PID_OF["$name"]=$!; SERVICES+=("$name")
      await_ready "$name" "http://$HOST:$port/actuator/health/readiness" "${PID_OF[$name]}"
    done
    balancer_args=()
    for i in $(seq 1 "$SUBSTATIONS"); do
      balancer_args+=("--grid.balancer.substations[$((i - 1))].id=substation-$i" "--grid.balancer.substations[$((i - 1))].url=http://$HOST:$((BALANCER_PORT + i))")
    done
    read -r -a opts <<<"$(java_for "$phase" load-balancer)"
    launch load-balancer "$RUN_DIR/load-balancer$suffix.log" "$JAVA" "${opts[@]}" \
      --server.address=$HOST --server.port=$BALANCER_PORT "${balancer_args[@]}"
    PID_OF[load-balancer]=$!; SERVICES+=(load-balancer)
    await_ready load-balancer "http://$HOST:$BALANCER_PORT/actuator/health/readiness" "${PID_OF[load-balancer]}"
    read -r -a opts <<<"$(java_for "$phase" charge-request-service)"
    launch charge-request-service "$RUN_DIR/charge-request-service$suffix.log" "$JAVA" "${opts[@]}" \
      --server.address=$HOST --server.port=$CHARGE_PORT --grid.charge.balancer-url="http://$HOST:$BALANCER_PORT"
    PID_OF[charge-request-service]=$!; SERVICES+=(charge-request-service)
    await_ready charge-request-service "http://$HOST:$CHARGE_PORT/actuator/health/readiness" "${PID_OF[charge-request-service]}"
  else
    capacities="$(printf "$CAPACITY_KW,%.0s" $(seq 1 "$SUBSTATIONS"))"
    read -r -a opts <<<"$(java_for "$phase" local-grid)"
    launch local-grid "$RUN_DIR/local-grid$suffix.log" "$JAVA" "${opts[@]}" \
      --capacities="${capacities%,}" --clock-speed=$CLOCK_SPEED --base-port="$BASE_PORT" --host=$HOST \
      --data-dir="$DATA_DIR" -P grid.substation.durable="$DURABLE"
    PID_OF[local-grid]=$!; SERVICES+=(local-grid)
    await_ready local-grid "http://$HOST:$CHARGE_PORT/actuator/health/readiness" "${PID_OF[local-grid]}"
  fi
  # Readiness: each service's own readiness probe, then the balancer hearing from every substation.
  deadline=$(( $(now_ms) + 30000 ))
  until [[ "$(curl -fsS --max-time 1 "http://$HOST:$BALANCER_PORT/substations" 2>/dev/null | grep -o '"healthy":true' | wc -l)" -ge "$SUBSTATIONS" ]]; do
    (( $(now_ms) < deadline )) || { echo "the balancer did not see every substation within 30 s" >&2; exit 1; }
    sleep 0.05
  done
  GRID_READY_MS=$(( $(now_ms) - LAUNCHED_AT["${SERVICES[0]}"] ))
}

# stop_grid: stops the services of a training start (SIGTERM: each JVM writes its AOT cache as it exits).
stop_grid() {
  local name pid
  for name in "${SERVICES[@]}"; do kill -TERM "${PID_OF[$name]}" 2>/dev/null || true; done
  for name in "${SERVICES[@]}"; do
    pid="${PID_OF[$name]}"
    for _ in $(seq 1 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    wait "$pid" 2>/dev/null || true
  done
  # Forget them: the cleanup on exit must never signal a PID the system has since given to someone else.
  local kept=() kept_names=() i
  for i in "${!PIDS[@]}"; do
    if kill -0 "${PIDS[$i]}" 2>/dev/null; then kept+=("${PIDS[$i]}"); kept_names+=("${NAMES[$i]}"); fi
  done
  PIDS=("${kept[@]}"); NAMES=("${kept_names[@]}")
}

declare -A COLD_MS=()
COLD_GRID_MS=""
if (( AOT )); then
  echo "Training start (AOT caches; these start-up times are the cold ones)…"
  start_grid train
  for name in "${SERVICES[@]}"; do COLD_MS["$name"]="${READY_MS[$name]}"; done
  COLD_GRID_MS="$GRID_READY_MS"
  # A few hundred requests, so that the caches hold the request path too, not only start-up.
  for i in $(seq 1 300); do
    curl -sS -o /dev/null --max-time 5 -X POST "http://$HOST:$CHARGE_PORT/charge" -H 'Content-Type: application/json' \
      -d "{\"vehicleId\":\"EV-train-$i\",\"powerKw\":11,\"energyKwh\":0.25}" || true
  done
  stop_grid
  for kind in substation load-balancer charge-request-service local-grid; do
    if [[ -f "$AOT_DIR/$kind.aot" ]]; then echo "  cache: $kind.aot ($(( $(stat -c %s "$AOT_DIR/$kind.aot") / 1048576 )) MB)"; fi
  done
  start_grid cached
else
  start_grid cold
  for name in "${SERVICES[@]}"; do COLD_MS["$name"]="${READY_MS[$name]}"; done
  COLD_GRID_MS="$GRID_READY_MS"
fi
launch baseline "$RUN_DIR/baseline.log" "$JAVA" "${JOPTS[@]}" -jar bench/baseline/target/bench-baseline.jar \
  --server.port=$BASELINE_PORT
PID_OF[baseline]=$!
await_ready baseline "http://$HOST:$BASELINE_PORT/fixed" "${PID_OF[baseline]}" sessionId
# startup_table INDENT: cold and (with the AOT cache) cached start-up of every service, the grid and the baseline.
startup_table() {
  local indent="$1" name
  printf "%s%-24s %8s %8s\n" "$indent" "start-up, ms" "cold" "$( (( AOT )) && echo "AOT cache" || true)"
  for name in "${SERVICES[@]}"; do
    printf "%s%-24s %8d %8s\n" "$indent" "$name" "${COLD_MS[$name]}" "$( (( AOT )) && echo "${READY_MS[$name]}" || true)"
  done
  printf "%s%-24s %8d %8s  (first launch to every substation healthy in the balancer%s)\n" "$indent" "whole grid" \
    "$COLD_GRID_MS" "$( (( AOT )) && echo "$GRID_READY_MS" || true)" \
    "$( (( SEPARATE )) && echo "; services started one after another" || true)"
  printf "%s%-24s %8d\n" "$indent" "baseline" "${READY_MS[baseline]}"
  if [[ -n "${READY_MS[floor]:-}" ]]; then printf "%s%-24s %8d\n" "$indent" "floor" "${READY_MS[floor]}"; fi
}
startup_table ""
# One request through all three hops before the load: the first ones are slow (class loading, cold JIT).
for attempt in $(seq 1 10); do
  curl -fsS --max-time 10 -o /dev/null -X POST "http://$HOST:$CHARGE_PORT/charge" -H 'Content-Type: application/json' \
    -d '{"vehicleId":"EV-smoke","powerKw":11,"energyKwh":0.25}' && break
  (( attempt < 10 )) || { echo "POST /charge does not answer 2xx" >&2; exit 1; }
  sleep 1
done

# ---------------------------------------------------------------- load
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_mb() { awk '/^VmRSS/ {printf "%d", $2 / 1024}' "/proc/$1/status"; }
hwm_mb() { awk '/^VmHWM/ {printf "%d", $2 / 1024}' "/proc/$1/status"; }
machine_busy() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8, $2 + $3 + $4 + $5 + $6 + $7 + $8}' /proc/stat; }
TICKS=$(getconf CLK_TCK)

# run_wrk LABEL SECONDS URL SCRIPT: wrk's machine-readable line into $RUN_DIR/LABEL.wrk, its CPU into LABEL.time
run_wrk() {
  local label="$1" seconds="$2" url="$3" script="$4"
  /usr/bin/time -f "%U %S" -o "$RUN_DIR/$label.time" \
    timeout $((seconds + 30)) wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" --timeout 2s --latency -s "$script" "$url" \
    >"$RUN_DIR/$label.wrk" 2>&1
}

# measure LABEL SECONDS URL SCRIPT PIDNAMES...: one measured run with each process's CPU and RSS.
declare -A RESULT=()
measure() {
  local label="$1" seconds="$2" url="$3" script="$4"; shift 4
  local -A before=()
  for name in "$@"; do before["$name"]=$(cpu_ticks "${PID_OF[$name]}"); done
  if [[ "$label" == charge ]]; then jfr_start "$@"; fi
  read -r busy0 total0 <<<"$(machine_busy)"
  local started; started=$(now_ms)
  run_wrk "$label" "$seconds" "$url" "$script"
  local elapsed_ms=$(( $(now_ms) - started ))
  read -r busy1 total1 <<<"$(machine_busy)"
  RESULT["$label.machine"]=$(awk -v b=$((busy1 - busy0)) -v t=$((total1 - total0)) 'BEGIN {printf "%.0f", t ? 100 * b / t : 0}')
  for name in "$@"; do
    local pid="${PID_OF[$name]}"
    local ticks=$(( $(cpu_ticks "$pid") - before[$name] ))
    RESULT["$label.cpu.$name"]=$(awk -v d=$ticks -v hz="$TICKS" -v ms="$elapsed_ms" 'BEGIN {printf "%.0f", 100 * d / hz / (ms / 1000)}')
    RESULT["$label.ticks.$name"]=$ticks
    RESULT["$label.rss.$name"]=$(rss_mb "$pid")
    RESULT["$label.hwm.$name"]=$(hwm_mb "$pid")
  done
  RESULT["$label.wrkcpu"]=$(awk -v s="$seconds" '{printf "%.0f", 100 * ($1 + $2) / s}' "$RUN_DIR/$label.time")
  RESULT["$label.wrkticks"]=$(awk -v hz="$TICKS" '{printf "%.0f", ($1 + $2) * hz}' "$RUN_DIR/$label.time")
  grep -q '^WRKRESULT' "$RUN_DIR/$label.wrk" || { echo "wrk failed:" >&2; cat "$RUN_DIR/$label.wrk" >&2; exit 1; }
}

# field LABEL KEY: a value of wrk's WRKRESULT line
field() { grep '^WRKRESULT' "$RUN_DIR/$1.wrk" | tr ' ' '\n' | awk -F= -v k="$2" '$1 == k {print $2}'; }

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
CHARGE_URL="http://$HOST:$CHARGE_PORT"
warm_and_measure() {
  local label="$1"
  echo "Warming up POST /charge for ${WARMUP} s ($CONNECTIONS connections, $THREADS threads, durable=$DURABLE)…"
  run_wrk "warmup-$label" "$WARMUP" "$CHARGE_URL" "$ROOT/bench/charge.lua"
  echo "  warm-up: $(awk -v r="$(field "warmup-$label" requests)" -v d="$(field "warmup-$label" duration_us)" 'BEGIN {printf "%.0f req/s", r / (d / 1e6)}'), non-2xx $(field "warmup-$label" non2xx)"
  echo "Measuring POST /charge for ${DURATION} s (durable=$DURABLE)…"
  measure "$label" "$DURATION" "$CHARGE_URL" "$ROOT/bench/charge.lua" "${SERVICES[@]}" baseline
}
# restart_not_durable: the grid started above is durable; start it again, on fresh databases, with durability off.
restart_not_durable() {
  stop_grid; DURABLE=false; DATA_DIR="$RUN_DIR/data-off"; start_grid "$( (( AOT )) && echo cached || echo cold)"
}
CHARGE_LABELS=()
[[ "$DURABILITY" == off ]] && restart_not_durable
warm_and_measure charge
CHARGE_LABELS+=(charge)
LOAD_DURING="$(cut -d' ' -f1-3 /proc/loadavg)"
if [[ "$DURABILITY" == both ]]; then
  restart_not_durable
  warm_and_measure charge-off
  CHARGE_LABELS+=(charge-off)
fi
echo "Warming up the baseline for ${BASELINE_WARMUP} s…"
(( BASELINE_WARMUP > 0 )) && run_wrk baseline-warmup "$BASELINE_WARMUP" "http://$HOST:$BASELINE_PORT/fixed" "$ROOT/bench/fixed.lua"
echo "Measuring the baseline (GET /fixed, one Spring MVC hop) for ${DURATION} s…"
measure baseline "$DURATION" "http://$HOST:$BASELINE_PORT/fixed" "$ROOT/bench/fixed.lua" baseline
LABELS=("${CHARGE_LABELS[@]}" baseline)
if (( FLOOR )); then
  # Started only now, so that it takes no CPU from the runs above.
  read -r -a FLOOR_ARGS <<<"$(floor_variant_args "$FLOOR_VARIANT" 0)"
  launch floor "$RUN_DIR/floor.log" "$JAVA" "${JOPTS[@]}" -jar "${FLOOR_ARGS[0]}" --server.port=$FLOOR_PORT "${FLOOR_ARGS[@]:1}"
  PID_OF[floor]=$!
  await_ready floor "http://$HOST:$FLOOR_PORT/actuator/health" "${PID_OF[floor]}"
  echo "Warming up the floor (POST /charge through three bare hops) for ${FLOOR_WARMUP} s…"
  (( FLOOR_WARMUP > 0 )) && run_wrk floor-warmup "$FLOOR_WARMUP" "http://$HOST:$FLOOR_PORT" "$ROOT/bench/charge.lua"
  echo "Measuring the floor for ${DURATION} s…"
  measure floor "$DURATION" "http://$HOST:$FLOOR_PORT" "$ROOT/bench/charge.lua" floor
  LABELS+=(floor)
fi

# ---------------------------------------------------------------- report
report() {
  echo
  echo "=== Smart Grid benchmark, $(date -u +%Y-%m-%dT%H:%MZ) ==="
  echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo); load average before: $LOAD_BEFORE, after the charge run: $LOAD_DURING"
  echo "java: $JAVA_VERSION; options: $JVM_OPTS"
  echo "mode: $( (( SEPARATE )) && echo "one process per service" || echo "local grid (one JVM)"); $SUBSTATIONS substations; wrk -t$THREADS -c$CONNECTIONS, warm-up ${WARMUP} s, measured ${DURATION} s"
  echo
  printf "%-28s %12s %10s %10s %10s %10s %8s %8s\n" "run" "ok req/s" "p50 ms" "p90 ms" "p99 ms" "p99.9 ms" "non-2xx" "errors"
  for label in "${LABELS[@]}"; do
    local r d n e
    r=$(field $label requests); d=$(field $label duration_us); n=$(field $label non2xx)
    e=$(( $(field $label connect) + $(field $label read) + $(field $label write) + $(field $label timeout) ))
    RESULT["$label.ok"]=$(awk -v r="$r" -v n="$n" -v e="$e" -v d="$d" 'BEGIN {printf "%.0f", (r - n - e) / (d / 1e6)}')
    printf "%-28s %12s %10.2f %10.2f %10.2f %10.2f %8s %8s\n" \
      "$(case $label in charge) [[ "$DURABILITY" == off ]] && echo "POST /charge, not durable" || echo "POST /charge, durable" ;; charge-off) echo "POST /charge, not durable" ;; baseline) echo "baseline (1 hop)" ;; *) echo "floor, $FLOOR_VARIANT" ;; esac)" "${RESULT[$label.ok]}" \
      "$(awk -v v="$(field $label p50_us)" 'BEGIN {print v / 1000}')" "$(awk -v v="$(field $label p90_us)" 'BEGIN {print v / 1000}')" \
      "$(awk -v v="$(field $label p99_us)" 'BEGIN {print v / 1000}')" "$(awk -v v="$(field $label p999_us)" 'BEGIN {print v / 1000}')" "$n" "$e"
  done
  if [[ "$DURABILITY" == both ]]; then
    echo "durable / not durable throughput: $(awk -v a="${RESULT[charge.ok]}" -v b="${RESULT[charge-off.ok]}" 'BEGIN {printf "%.3f", b ? a / b : 0}')"
  fi
  echo "end-to-end / baseline throughput: $(awk -v a="${RESULT[charge.ok]}" -v b="${RESULT[baseline.ok]}" 'BEGIN {printf "%.2f", b ? a / b : 0}')"
  if (( FLOOR )); then
    echo "end-to-end / floor throughput: $(awk -v a="${RESULT[charge.ok]}" -v b="${RESULT[floor.ok]}" 'BEGIN {printf "%.2f", b ? a / b : 0}')"
  fi
  echo
  echo "During the POST /charge run (CPU in % of one core, 100 = one core busy; CPU µs spent per request answered,"
  echo "which a busy machine disturbs far less than throughput):"
  printf "  %-24s %6s %8s %9s %9s\n" "process" "CPU %" "µs/req" "RSS MB" "peak MB"
  local requests; requests=$(field charge requests)
  per_req() { awk -v t="$1" -v hz="$TICKS" -v n="$requests" 'BEGIN {printf "%.0f", n ? 1e6 * t / hz / n : 0}'; }
  for name in "${SERVICES[@]}" baseline; do
    printf "  %-24s %6s %8s %9s %9s\n" "$name" "${RESULT[charge.cpu.$name]}" "$(per_req "${RESULT[charge.ticks.$name]}")" \
      "${RESULT[charge.rss.$name]}" "${RESULT[charge.hwm.$name]}"
  done
  printf "  %-24s %6s %8s\n" "wrk" "${RESULT[charge.wrkcpu]}" "$(per_req "${RESULT[charge.wrkticks]}")"
  if [[ "$DURABILITY" == both ]]; then
    local off_requests; off_requests=$(field charge-off requests)
    echo "During the not-durable POST /charge run (same columns):"
    for name in "${SERVICES[@]}"; do
      printf "  %-24s %6s %8s %9s %9s\n" "$name" "${RESULT[charge-off.cpu.$name]}" \
        "$(awk -v t="${RESULT[charge-off.ticks.$name]}" -v hz="$TICKS" -v n="$off_requests" 'BEGIN {printf "%.0f", n ? 1e6 * t / hz / n : 0}')" \
        "${RESULT[charge-off.rss.$name]}" "${RESULT[charge-off.hwm.$name]}"
    done
  fi
  printf "  %-24s %6s%%  of all %s cores (includes other users of the machine)\n" "machine busy" "${RESULT[charge.machine]}" "$(nproc)"
  echo "During the baseline run: baseline CPU ${RESULT[baseline.cpu.baseline]} % ($(awk -v t="${RESULT[baseline.ticks.baseline]}" -v hz="$TICKS" -v n="$(field baseline requests)" 'BEGIN {printf "%.0f", n ? 1e6 * t / hz / n : 0}') µs/req), RSS ${RESULT[baseline.rss.baseline]} MB, wrk CPU ${RESULT[baseline.wrkcpu]} %, machine busy ${RESULT[baseline.machine]} %"
  if (( FLOOR )); then
    echo "During the floor run: floor CPU ${RESULT[floor.cpu.floor]} % ($(awk -v t="${RESULT[floor.ticks.floor]}" -v hz="$TICKS" -v n="$(field floor requests)" 'BEGIN {printf "%.0f", n ? 1e6 * t / hz / n : 0}') µs/req), RSS ${RESULT[floor.rss.floor]} MB, wrk CPU ${RESULT[floor.wrkcpu]} %, machine busy ${RESULT[floor.machine]} %"
  fi
  echo
  startup_table "  "
  echo "Logs and raw wrk output: $RUN_DIR"
}
report | tee "$RUN_DIR/summary.txt"
