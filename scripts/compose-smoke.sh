#!/usr/bin/env bash
# Brings the real docker-compose.yml stack up, checks it end to end, and takes it down again.
#
#   scripts/compose-smoke.sh                 # exit 0: every check passed; 1: a check failed;
#                                            # 3: no container engine can run on this machine
#
# Where Docker works (`docker info` succeeds) the script uses Docker as it is. Elsewhere it prepares rootful
# podman (Debian packages, runc, its Docker-compatible socket for docker-compose), and builds stand-ins for
# the base images from Debian packages, tagged with the names our Dockerfiles and docker-compose.yml use,
# because no image registry can be reached. docs/compose-smoke.md says what the stand-ins differ in.
#
# Either way it runs the project's own docker-compose.yml, unmodified, with every service but Grafana (it
# has no stand-in), then checks: POST /charge through the published port, GET /substations, Prometheus'
# targets, scaling a self-registering substation service by one, and a short load-tester burst. At the end
# it removes the containers, networks and volumes of its compose project and the images it built; the
# stand-in base images stay cached for the next run.
#
# Environment:
#   SMOKE_ENGINE=docker|podman   force an engine (default: docker if `docker info` works, else podman)
#   SMOKE_KEEP_IMAGES=1          keep the service images and their build cache (faster reruns)
#   SMOKE_TIMEOUT=<seconds>      how long the stack may take to build and become healthy (default 1800)
set -euo pipefail

cd "$(dirname "$0")/.."
readonly PROJECT=smart-grid-smoke
readonly SUBSTATION_IMAGE=smart-grid/substation-service
readonly TIMEOUT=${SMOKE_TIMEOUT:-1800}

started_at=$(date +%s)
passed=0
failed=0

log() { printf '[compose-smoke %4ss] %s\n' "$(($(date +%s) - started_at))" "$*"; }
pass() { passed=$((passed + 1)); log "PASS: $*"; }
fail() { failed=$((failed + 1)); log "FAIL: $*"; exit 1; }
cannot_run() {
  printf '\n%s\n' "########################################################################" >&2
  printf '# compose-smoke: NOT RUN: %s\n' "$*" >&2
  printf '%s\n\n' "########################################################################" >&2
  exit 3
}

# --- engine -------------------------------------------------------------------------------------------

engine=${SMOKE_ENGINE:-}
if [ -z "$engine" ]; then
  if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then engine=docker; else engine=podman; fi
fi

workdir=$(mktemp -d "${TMPDIR:-/tmp}/compose-smoke.XXXXXX")
health_pid=""
images_before="$workdir/images-before"
compose_started=false

if [ "$engine" = docker ] && docker compose version >/dev/null 2>&1; then
  compose_cmd=(docker compose -p "$PROJECT")
else
  compose_cmd=(docker-compose -p "$PROJECT")
fi
compose() { "${compose_cmd[@]}" "$@"; }

project_containers() { "$engine" ps -a -q --filter "label=com.docker.compose.project=$PROJECT"; }

# prepare_podman, start_podman_api, the stand-in base images: shared with scripts/kube-smoke.sh.
. scripts/lib/podman.sh

# --- cleanup ------------------------------------------------------------------------------------------

cleanup() {
  local rc=$?
  set +e
  if [ -n "$rootfs_mounted" ]; then umount "$rootfs_mounted" 2>/dev/null; fi
  if $compose_started; then
    if [ $rc -ne 0 ]; then
      log "state at failure:"
      "$engine" ps -a --filter "label=com.docker.compose.project=$PROJECT" --format '{{.Names}}  {{.Status}}'
      compose --profile tools logs --no-color --tail 60 2>&1 | tail -400
    fi
    if [ -n "$health_pid" ]; then kill "$health_pid" 2>/dev/null; wait "$health_pid" 2>/dev/null; health_pid=""; fi
    log "docker-compose down: containers, networks, volumes"
    compose --profile tools down -v --remove-orphans >"$workdir/down.log" 2>&1 || cat "$workdir/down.log"
    if [ "${SMOKE_KEEP_IMAGES:-0}" != 1 ] && [ -s "$images_before" ]; then
      # Only the images this run created: the service images and their build layers. Never the base images:
      # the stand-ins, or what Docker pulled for them.
      local image
      for image in $(image_ids | comm -13 "$images_before" - | comm -23 - <(base_image_ids)); do
        "$engine" rmi -f "$image" >/dev/null 2>&1
      done
      log "removed the images this run built; the base images stay cached"
    fi
    local left
    left=$( { project_containers; "$engine" network ls -q --filter "label=com.docker.compose.project=$PROJECT";
              "$engine" volume ls -q --filter "label=com.docker.compose.project=$PROJECT"; } 2>/dev/null)
    if [ -n "$left" ]; then log "FAIL: left behind after down: $left"; failed=$((failed + 1)); rc=1; fi
  fi
  if [ -n "$health_pid" ]; then kill "$health_pid" 2>/dev/null; wait "$health_pid" 2>/dev/null; fi
  if [ -n "$service_pid" ]; then kill "$service_pid" 2>/dev/null; wait "$service_pid" 2>/dev/null; fi
  rm -rf "$workdir"
  if [ $rc -ne 3 ]; then
    log "took $(($(date +%s) - started_at)) s"
    echo "compose-smoke: $passed passed, $failed failed"
  fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- helpers for the checks ---------------------------------------------------------------------------

# json CODE [ARGS...]: runs Python CODE with the JSON on stdin as `data` and ARGS in sys.argv[1:].
json() {
  python3 -c 'import json, sys, textwrap; code = sys.argv.pop(1); data = json.load(sys.stdin); exec(textwrap.dedent(code))' "$@"
}

# http METHOD URL [BODY]: prints the status code; the body lands in $workdir/body, headers in $workdir/headers.
http() {
  local args=(-sS --connect-timeout 3 --max-time 15 -o "$workdir/body" -D "$workdir/headers" -w '%{http_code}' -X "$1")
  [ $# -lt 3 ] || args+=(-H 'Content-Type: application/json' --data "$3")
  curl "${args[@]}" "$2" || echo 000
}

# await SECONDS DESCRIPTION COMMAND...: reruns COMMAND every 2 s until it succeeds.
await() {
  local seconds=$1 what=$2; shift 2
  local deadline=$(($(date +%s) + seconds))
  until "$@" >"$workdir/await.out" 2>&1; do
    if [ "$(date +%s)" -ge "$deadline" ]; then cat "$workdir/await.out"; fail "$what: not within ${seconds}s"; fi
    sleep 2
  done
}

substation_containers() {
  "$engine" ps --filter "label=com.docker.compose.project=$PROJECT" --format '{{.ID}} {{.Image}}' \
    | awk -v image="$SUBSTATION_IMAGE:" 'index($2, image) { print $1 }'
}

container_env() { "$engine" inspect --format '{{range .Config.Env}}{{println .}}{{end}}' "$1" | sed -n "s/^$2=//p"; }

all_healthy() {
  local ids line bad=0
  ids=$(project_containers)
  [ -n "$ids" ] || return 1
  while read -r line; do
    echo "$line"
    case "$line" in
      *'(healthy)'*) ;;
      *'(unhealthy)'*|*'(starting)'*|*'(health: starting)'*) bad=1 ;;
      *Up*) if "$engine" inspect --format '{{json .Config.Healthcheck}}' "${line%% *}" | grep -q '"Test"'; then bad=1; fi ;;
      *) bad=1 ;;
    esac
  done < <("$engine" ps -a --filter "label=com.docker.compose.project=$PROJECT" --format '{{.Names}} {{.Status}}')
  return $bad
}

# Every balancer replica (published on 8081 and 8085) lists the substations: each registers with both.
substations_listed() {
  local port
  for port in 8081 8085; do
    substations_listed_by "$port" "$@" || return 1
  done
}

substations_listed_by() {
  local port=$1 want=$2 code
  shift
  code=$(http GET "http://127.0.0.1:$port/substations")
  [ "$code" = 200 ] || { echo "GET :$port/substations answered $code"; return 1; }
  json "
ids = sorted(s['id'] for s in data)
print('listed:', ids, 'healthy:', [s['healthy'] for s in data])
want = sys.argv[1:]
n = int(want[0]); named = want[1:]
assert len(data) == n, f'{len(data)} substations listed, {n} running'
assert all(s['healthy'] for s in data), 'a substation is not healthy'
assert all(i in ids for i in named), f'missing {set(named) - set(ids)}'
" "$want" "${@:2}" < "$workdir/body"
}

targets_up() {
  local want_apps=$1 want_substations=$2 code
  code=$(http GET http://127.0.0.1:9090/api/v1/targets)
  [ "$code" = 200 ] || { echo "GET /api/v1/targets answered $code"; return 1; }
  json "
targets = data['data']['activeTargets']
print([(t['labels'].get('job'), t['labels'].get('instance'), t['health']) for t in targets])
assert targets, 'no active targets'
assert all(t['health'] == 'up' for t in targets), 'a target is not up'
apps = int(sys.argv[1]); subs = int(sys.argv[2])
assert len(targets) >= apps, f'{len(targets)} targets, {apps} applications run'
jobs = {t['labels']['job'] for t in targets}
assert {'charge-request-service', 'load-balancer'} <= jobs, f'jobs {jobs}'
scraped = sum(1 for t in targets if t['labels']['job'].startswith('substation'))
assert scraped == subs, f'{scraped} substation targets, {subs} substations run'
" "$want_apps" "$want_substations" < "$workdir/body"
}

# --- run ----------------------------------------------------------------------------------------------

# All of it in one function, which bash reads whole before running it: editing this file while it runs cannot
# change what runs.
main() {
  case "$engine" in
    docker) log "Docker engine found: using it as it is, no stand-ins" ;;
    podman) prepare_podman
            start_podman_api
            prepare_standins
            check_podman_runs ;;
    *) cannot_run "unknown SMOKE_ENGINE=$engine" ;;
  esac

  [ -f .env ] || fail ".env is missing beside docker-compose.yml"
  compose config -q || fail "docker-compose config rejects docker-compose.yml"
  services=()
  for s in $(compose config --services); do
    case "$s" in grafana|load-tester) ;; *) services+=("$s") ;; esac
  done
  log "services: ${services[*]} (grafana is left out: no stand-in image)"

  image_ids > "$images_before"
  compose_started=true
  if [ "$engine" = podman ]; then
    start_health_loop "label=com.docker.compose.project=$PROJECT"
  fi

  log "docker-compose up -d --build ${services[*]}"
  if ! timeout "$TIMEOUT" "${compose_cmd[@]}" up -d --build "${services[@]}" >"$workdir/up.log" 2>&1; then
    tail -80 "$workdir/up.log"
    fail "docker-compose up -d --build failed"
  fi
  log "images built, containers started ($(grep -c '^Successfully built' "$workdir/up.log") image builds)"
  await 300 "every container healthy" all_healthy
  pass "stack up and healthy: $("$engine" ps --filter "label=com.docker.compose.project=$PROJECT" --format '{{.Names}}' | sort | tr '\n' ' ')"

  mapfile -t substations < <(substation_containers)
  [ ${#substations[@]} -gt 0 ] || fail "no container runs $SUBSTATION_IMAGE:local"
  substation_ids=()
  pool=""
  for c in "${substations[@]}"; do
    id=$(container_env "$c" GRID_SUBSTATION_ID)
    if [ -n "$id" ]; then
      substation_ids+=("$id")
    else
      # A replica of a scalable service takes its id from its host name, so only the count can be known here.
      pool=$("$engine" inspect --format '{{ index .Config.Labels "com.docker.compose.service" }}' "$c")
    fi
  done
  # The charge-request service and two balancers besides the substations.
  app_count=$(( ${#substations[@]} + 3 ))

  # GET /substations of both balancers: every running substation, healthy (each balancer polls every 500 ms).
  await 60 "GET /substations of both balancers lists all ${#substations[@]} substations" substations_listed "${#substations[@]}" "${substation_ids[@]}"
  pass "GET /substations of both balancers lists all ${#substations[@]} substations, healthy: $(json "print(' '.join(sorted(s['id'] for s in data)))" < "$workdir/body")"
  listed_ids=$(json "print(' '.join(s['id'] for s in data))" < "$workdir/body")

  # POST /charge through the published port, then the session, the substation's load, and the stop.
  code=$(http POST http://127.0.0.1:8080/charge '{"vehicleId": "EV-SMOKE-1", "powerKw": 11, "energyKwh": 20}')
  [ "$code" = 201 ] || { cat "$workdir/body"; fail "POST /charge answered $code, expected 201"; }
  session=$(json "
  assert data['vehicleId'] == 'EV-SMOKE-1' and data['status'] == 'CHARGING', data
  assert data['powerKw'] == 11 and data['energyKwh'] == 20, data
  assert data['substationId'] in sys.argv[1].split(), f\"assigned to {data['substationId']}, not a listed substation\"
  print(data['sessionId'], data['substationId'])" "$listed_ids" < "$workdir/body") || { cat "$workdir/body"; fail "POST /charge: wrong assignment"; }
  read -r session_id assigned <<<"$session"
  grep -qi "^location: /charge/$session_id" "$workdir/headers" || fail "POST /charge: Location header is not /charge/$session_id"
  pass "POST /charge: 201, session $session_id on $assigned"

  code=$(http GET "http://127.0.0.1:8080/charge/$session_id")
  [ "$code" = 200 ] && json "assert data['substationId'] == sys.argv[1] and data['status'] == 'CHARGING', data" "$assigned" < "$workdir/body" \
    || { cat "$workdir/body"; fail "GET /charge/$session_id answered $code"; }
  assigned_load() {
    [ "$(http GET http://127.0.0.1:8081/substations)" = 200 ] \
      && json "s = next(s for s in data if s['id'] == sys.argv[1]); print(s); assert s['loadKw'] >= 11 and s['activeSessions'] >= 1" "$1" < "$workdir/body"
  }
  await 30 "the balancer sees the session's 11 kW on $assigned" assigned_load "$assigned"
  code=$(http DELETE "http://127.0.0.1:8080/charge/$session_id")
  [ "$code" = 200 ] && json "assert data['status'] == 'STOPPED', data" < "$workdir/body" \
    || { cat "$workdir/body"; fail "DELETE /charge/$session_id answered $code"; }
  pass "GET /charge/$session_id shows it CHARGING on $assigned, the balancer sees its load, DELETE stops it"

  # No single balancer: with load-balancer-1 stopped, every start still gets its session through the other one.
  timeout 120 "${compose_cmd[@]}" stop load-balancer-1 >"$workdir/stop-balancer.log" 2>&1 || fail "stopping load-balancer-1 failed"
  for i in 1 2 3 4 5 6; do
    code=$(http POST http://127.0.0.1:8080/charge "{\"vehicleId\": \"EV-SMOKE-FAILOVER-$i\", \"powerKw\": 11, \"energyKwh\": 20}")
    [ "$code" = 201 ] || { cat "$workdir/body"; fail "POST /charge with load-balancer-1 stopped answered $code, expected 201"; }
  done
  timeout 120 "${compose_cmd[@]}" start load-balancer-1 >"$workdir/start-balancer.log" 2>&1 || fail "starting load-balancer-1 failed"
  await 300 "every container healthy after restarting load-balancer-1" all_healthy
  await 60 "both balancers list all ${#substations[@]} substations again" substations_listed "${#substations[@]}" "${substation_ids[@]}"
  pass "load-balancer-1 stopped: 6 of 6 POST /charge answered 201 through load-balancer-2; restarted, ready and listing every substation"

  # Prometheus scrapes every application (one scrape interval is 5 s).
  await 90 "Prometheus reports every target up" targets_up "$app_count" "${#substations[@]}"
  pass "Prometheus: every target up ($(json "print(len(data['data']['activeTargets']))" < "$workdir/body") targets)"

  # A self-registering substation service scales: one more replica appears in /substations and in Prometheus.
  if [ -n "$pool" ] && [ -n "$(container_env "${substations[0]}" GRID_SUBSTATION_REGISTRATION_BALANCERURL)" ]; then
    scaled=$(( ${#substations[@]} + 1 ))
    replicas=$(( $("$engine" ps -q --filter "label=com.docker.compose.project=$PROJECT" --filter "label=com.docker.compose.service=$pool" | wc -l) + 1 ))
    log "docker-compose up -d --scale $pool=$replicas: $scaled substations in all"
    timeout 600 "${compose_cmd[@]}" up -d --no-recreate --no-deps --scale "$pool=$replicas" "$pool" \
      || fail "scaling $pool to $replicas replicas failed"
    await 300 "every container healthy after scaling" all_healthy
    await 90 "GET /substations lists $scaled substations" substations_listed "$scaled"
    await 120 "Prometheus scrapes $scaled substations" targets_up "$((scaled + 3))" "$scaled"
    pass "scaled $pool to $replicas replicas: all $scaled substations registered with both balancers, healthy, and scraped by Prometheus"
  else
    log "no self-registering substation service to scale: no scaling check"
  fi

  # A short burst from the load-tester container of the tools profile, on the grid's network.
  log "docker-compose --profile tools build load-tester"
  timeout "$TIMEOUT" "${compose_cmd[@]}" --profile tools build load-tester >"$workdir/build-load-tester.log" 2>&1 \
    || { tail -40 "$workdir/build-load-tester.log"; fail "building the load-tester image failed"; }
  log "docker-compose --profile tools run --rm load-tester --requests 50 --concurrency 5"
  timeout 600 "${compose_cmd[@]}" --profile tools run --rm -T load-tester --requests 50 --concurrency 5 \
    | tee "$workdir/load-tester.out" || fail "the load-tester burst failed (exit ${PIPESTATUS[0]})"
  pass "load-tester burst: 50 requests, 5 at a time, exit 0"

  log "all checks passed; tearing down"
}

main "$@"
