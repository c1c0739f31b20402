#!/usr/bin/env bash
# Start-up of each service, started alone, in one command (see docs/benchmarks.md, "Start-up"):
#   extracts each service's jar as the images do, trains its start-up cache with docker/start-up-cache.sh (the
#   images' own script), then starts each service RUNS times cold and RUNS times from the cache, timing launch to
#   readiness (/actuator/health/readiness answers UP), and prints the median, fastest and slowest of each.
# A balancer is measured with one substation running, a charge-request service with a balancer running: the peers
# they call at start-up. It stops only the processes it started, by PID, whatever way it ends.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: bench/startup.sh [options]
  --runs=N          starts of each service in each mode (default 5)
  --training=MODE   how the cache is trained: refresh (default: as in the images, a start that refreshes the
                    Spring context and exits before the web server opens) or ready (a whole start, stopped
                    once ready; the JVM writes the cache as it exits)
  --base-port=PORT  the service measured listens on PORT, its peers on PORT+1 and PORT+2 (default 29080)
  --java=PATH       the java binary (default: $JAVA_HOME/bin/java, else Temurin 25 if installed, else java)
  --jvm-opts="..."  JVM options of every start (default: those of the images,
                    -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -XX:+UseParallelGC)
  --services=LIST   which services, of substation,load-balancer,charge-request-service (default: all three)
  --modes=LIST      which starts to time: cold,cached (default) or either alone
  --no-build        use the jars already built
  -h, --help        this text
EOF
}

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS=5
TRAINING=refresh
BASE_PORT=29080
BUILD=1
MODES=(cold cached)
KINDS=(substation load-balancer charge-request-service)
JVM_OPTS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -XX:+UseParallelGC"
# shellcheck source=lib/defaults.sh
source "$ROOT/bench/lib/defaults.sh"
JAVA="$(bench_default_java)"

for arg in "$@"; do
  case "$arg" in
    --runs=*) RUNS="${arg#*=}" ;;
    --training=refresh|--training=ready) TRAINING="${arg#*=}" ;;
    --base-port=*) BASE_PORT="${arg#*=}" ;;
    --java=*) JAVA="${arg#*=}" ;;
    --jvm-opts=*) JVM_OPTS="${arg#*=}" ;;
    --services=*) IFS=, read -r -a KINDS <<<"${arg#*=}" ;;
    --modes=cold|--modes=cached|--modes=cold,cached) IFS=, read -r -a MODES <<<"${arg#*=}" ;;
    --no-build) BUILD=0 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $arg" >&2; usage >&2; exit 2 ;;
  esac
done
for kind in "${KINDS[@]}"; do
  [[ "$kind" =~ ^(substation|load-balancer|charge-request-service)$ ]] || { echo "unknown service: $kind" >&2; exit 2; }
done
for n in RUNS BASE_PORT; do
  [[ "${!n}" =~ ^[0-9]+$ ]] || { echo "--${n,,} must be a whole number" >&2; exit 2; }
done
(( RUNS >= 1 )) || { echo "--runs must be at least 1" >&2; exit 2; }
[[ -x "$JAVA" ]] || { echo "no java at '$JAVA'" >&2; exit 2; }
read -r -a JOPTS <<<"$JVM_OPTS"

HOST=127.0.0.1
PORT=$BASE_PORT
SUBSTATION_PORT=$((BASE_PORT + 1))
BALANCER_PORT=$((BASE_PORT + 2))
RUN_DIR="$ROOT/bench/target/startup-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$RUN_DIR"

# ---------------------------------------------------------------- processes we own, and only those
# shellcheck source=lib/processes.sh
source "$ROOT/bench/lib/processes.sh"
bench_own_processes
TICKS=$(getconf CLK_TCK)

# stop PID: SIGTERM, wait for the process to end (a training JVM writes its cache as it exits), forget it.
stop() {
  local pid="$1" kept=() p
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  wait "$pid" 2>/dev/null || true
  for p in "${PIDS[@]}"; do [[ "$p" == "$pid" ]] || kept+=("$p"); done
  PIDS=("${kept[@]}")
}

# ---------------------------------------------------------------- build and extract, as the images do
cd "$ROOT"
if (( BUILD )); then
  echo "Building (./mvnw -q -B -DskipTests package)…"
  ./mvnw -q -B -DskipTests package
fi
for port in "$PORT" "$SUBSTATION_PORT" "$BALANCER_PORT"; do
  port_free "$port" || { echo "port $port is taken; choose another --base-port" >&2; exit 1; }
done
echo "Java: $("$JAVA" -version 2>&1 | head -1) ($JAVA)"
echo "JVM options: $JVM_OPTS; cache trained on: $TRAINING"
declare -A JAR_OF=(
  [substation]=substation-service/target/substation-service-exec.jar
  [load-balancer]=load-balancer/target/load-balancer-exec.jar
  [charge-request-service]=charge-request-service/target/charge-request-service-exec.jar
)
# The services measured and the peers they need: a balancer calls a substation, a charge-request service a balancer.
NEEDED=()
for kind in substation load-balancer charge-request-service; do
  if [[ " ${KINDS[*]} " == *" $kind "* ]] \
    || { [[ $kind == substation ]] && [[ " ${KINDS[*]} " == *" load-balancer "* ]]; } \
    || { [[ $kind == load-balancer ]] && [[ " ${KINDS[*]} " == *" charge-request-service "* ]]; }; then
    NEEDED+=("$kind")
  fi
done
for kind in "${NEEDED[@]}"; do
  "$JAVA" -Djarmode=tools -jar "${JAR_OF[$kind]}" extract --application-filename app.jar \
    --destination "$RUN_DIR/$kind" >/dev/null
done

# args_of KIND PORT ID: the service's own arguments; a substation gets a fresh data directory on every start.
args_of() {
  local kind="$1" port="$2" id="$3"
  local own=""
  case "$kind" in
    substation) own="--grid.substation.id=$id --grid.substation.capacity-kw=1000 --grid.substation.data-dir=$RUN_DIR/data/$id" ;;
    load-balancer) own="--grid.balancer.substations[0].id=peer-substation --grid.balancer.substations[0].url=http://$HOST:$SUBSTATION_PORT" ;;
    charge-request-service) own="--grid.charge.balancer-url=http://$HOST:$BALANCER_PORT" ;;
  esac
  echo "--server.address=$HOST --server.port=$port $own"
}

# start KIND MODE PORT ID [extra JVM options…]: launches one service (MODE cold: as built; cached: the extracted
# jar with its cache); its PID goes to STARTED.
start() {
  local kind="$1" mode="$2" port="$3" id="$4" jar args
  shift 4
  read -r -a args <<<"$(args_of "$kind" "$port" "$id")"
  if [[ "$mode" == cached ]]; then
    "$JAVA" "@$RUN_DIR/$kind/cache.options" "${JOPTS[@]}" "$@" -jar "$RUN_DIR/$kind/app.jar" "${args[@]}" \
      >"$RUN_DIR/$id.log" 2>&1 &
  else
    "$JAVA" "${JOPTS[@]}" "$@" -jar "${JAR_OF[$kind]}" "${args[@]}" >"$RUN_DIR/$id.log" 2>&1 &
  fi
  STARTED=$!
  PIDS+=("$STARTED")
}

# await_ready PID PORT LAUNCHED: polls the readiness probe until it answers UP; READY_MS: the milliseconds since
# LAUNCHED; CPU_MS: the CPU the process had used by then (user and system, all its threads), in milliseconds.
await_ready() {
  local pid="$1" port="$2" launched="$3" deadline=$(( $(now_ms) + 120000 ))
  while (( $(now_ms) < deadline )); do
    kill -0 "$pid" 2>/dev/null || { echo "process $pid died while starting (logs in $RUN_DIR)" >&2; exit 1; }
    if curl -fsS --max-time 1 "http://$HOST:$port/actuator/health/readiness" 2>/dev/null | grep -q UP; then
      READY_MS=$(( $(now_ms) - launched ))
      CPU_MS=$(awk -v hz="$TICKS" '{printf "%d", ($14 + $15) * 1000 / hz}' "/proc/$pid/stat")
      return 0
    fi
    sleep 0.02
  done
  echo "not ready within 120 s (logs in $RUN_DIR)" >&2; exit 1
}

# ---------------------------------------------------------------- train
echo "Training each service's cache ($TRAINING)…"
for kind in "${NEEDED[@]}"; do
  if [[ "$TRAINING" == refresh ]]; then
    PATH="$(dirname "$JAVA"):$PATH" sh docker/start-up-cache.sh "$RUN_DIR/$kind/app.jar" "${JOPTS[@]}" >/dev/null
  else
    if "$JAVA" -XX:+PrintFlagsFinal -version 2>/dev/null | grep -q '[[:space:]]AOTCacheOutput[[:space:]]'; then
      train="-XX:AOTCacheOutput=$RUN_DIR/$kind/app.aot"; use="-XX:AOTCache=$RUN_DIR/$kind/app.aot"
    else
      train="-XX:ArchiveClassesAtExit=$RUN_DIR/$kind/app.jsa"; use="-XX:SharedArchiveFile=$RUN_DIR/$kind/app.jsa"
    fi
    read -r -a args <<<"$(args_of "$kind" "$PORT" "train-$kind")"
    "$JAVA" "${JOPTS[@]}" "$train" -jar "$RUN_DIR/$kind/app.jar" "${args[@]}" >"$RUN_DIR/train-$kind.log" 2>&1 &
    pid=$!; PIDS+=("$pid")
    await_ready "$pid" "$PORT" "$(now_ms)"
    stop "$pid"
    echo "$use" >"$RUN_DIR/$kind/cache.options"
  fi
  echo "  $kind: $(cat "$RUN_DIR/$kind/cache.options")"
done

# ---------------------------------------------------------------- measure
# summary MS...: median, fastest and slowest.
summary() {
  local sorted n
  sorted=($(printf '%s\n' "$@" | sort -n))
  n=${#sorted[@]}
  printf "%6d %6d %6d" "${sorted[$(( n / 2 ))]}" "${sorted[0]}" "${sorted[$(( n - 1 ))]}"
}
declare -A RESULT=() CPU=()
PEERS=()
for kind in "${KINDS[@]}"; do
  case "$kind" in
    load-balancer)
      start substation cached "$SUBSTATION_PORT" peer-substation; PEERS+=("$STARTED")
      await_ready "$STARTED" "$SUBSTATION_PORT" "$(now_ms)" ;;
    charge-request-service)
      start load-balancer cached "$BALANCER_PORT" peer-balancer; PEERS+=("$STARTED")
      await_ready "$STARTED" "$BALANCER_PORT" "$(now_ms)" ;;
  esac
  for mode in "${MODES[@]}"; do
    times=()
    cpus=()
    for run in $(seq 1 "$RUNS"); do
      launched=$(now_ms)
      start "$kind" "$mode" "$PORT" "$kind-$mode-$run"
      await_ready "$STARTED" "$PORT" "$launched"
      times+=("$READY_MS")
      cpus+=("$CPU_MS")
      stop "$STARTED"
    done
    RESULT["$kind $mode"]="${times[*]}"
    CPU["$kind $mode"]="${cpus[*]}"
    echo "  $kind, $mode: ${times[*]} ms to ready; CPU used by then: ${cpus[*]} ms"
  done
done
for pid in "${PEERS[@]}"; do stop "$pid"; done

echo
# table TITLE ARRAY: one row per service, median, fastest and slowest of each mode.
table() {
  local -n values="$2"
  echo "$1, ms, $RUNS starts each (median, fastest, slowest):"
  printf "%-24s" ""
  for mode in "${MODES[@]}"; do printf " %20s  " "$([[ $mode == cold ]] && echo cold || echo "from the cache")"; done
  echo
  for kind in "${KINDS[@]}"; do
    printf "%-24s" "$kind"
    # shellcheck disable=SC2086
    for mode in "${MODES[@]}"; do printf " %s  " "$(summary ${values["$kind $mode"]})"; done
    echo
  done
}
table "Launch to ready" RESULT
table "CPU used by the time it was ready (user and system, all threads; two cores can give two seconds a second)" CPU
echo "Logs: $RUN_DIR"
