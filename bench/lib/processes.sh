# Processes a bench script starts, and only those, shared by bench/run.sh and bench/startup.sh; sourced, never run.

# The PIDs the script started; bench_own_processes stops every one of them, by PID, whatever way the script ends.
declare -a PIDS=()

bench_stop_owned() {
  local status=$?
  trap - EXIT INT TERM
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  exit "$status"
}

bench_own_processes() {
  trap bench_stop_owned EXIT
  trap 'exit 130' INT TERM
}

port_free() { ! ss -ltnH "sport = :$1" 2>/dev/null | grep -q .; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
