#!/usr/bin/env bash
# Runs the Kubernetes manifests' pods with `podman kube play`, checks them end to end, and takes them down again.
#
#   scripts/kube-smoke.sh          # exit 0: every check passed; 1: a check failed; 3: no container engine can run here
#
# There is no Kubernetes cluster here. podman plays Pods (and PersistentVolumeClaims) but no Service, StatefulSet,
# NetworkPolicy, HorizontalPodAutoscaler or PodDisruptionBudget, so the script renders the dev overlay with
# `kubectl kustomize` and turns it into a pod-only variant (scripts/lib/pods-for-podman.py): the same containers,
# images, security contexts, resources, probes and environment, one pod per Deployment, the StatefulSet's pods by
# name. docs/deployment.md (Kubernetes) says what this proves and what only a cluster can.
#
# It builds the three service images from the root Dockerfile (podman's layer cache makes this quick after
# scripts/compose-smoke.sh), on the stand-in base images that compose-smoke builds (scripts/lib/podman.sh).
# At the end it removes its pods, volumes and network, and the images it built, unless SMOKE_KEEP_IMAGES=1.
#
# Environment:
#   SMOKE_KEEP_IMAGES=1          keep the images this run built
#   SMOKE_TIMEOUT=<seconds>      how long the pods may take to become ready (default 300)
set -euo pipefail

cd "$(dirname "$0")/.."
readonly NETWORK=smart-grid-kube-smoke
readonly OVERLAY=deploy/kubernetes/overlays/dev
readonly TIMEOUT=${SMOKE_TIMEOUT:-300}
readonly CHARGE_URL=http://127.0.0.1:18080
readonly BALANCER_URL=http://127.0.0.1:18081

started_at=$(date +%s)
passed=0
failed=0
engine=podman

log() { printf '[kube-smoke %4ss] %s\n' "$(($(date +%s) - started_at))" "$*"; }
pass() { passed=$((passed + 1)); log "PASS: $*"; }
fail() { failed=$((failed + 1)); log "FAIL: $*"; exit 1; }
cannot_run() {
  printf '\n%s\n' "########################################################################" >&2
  printf '# kube-smoke: NOT RUN: %s\n' "$*" >&2
  printf '%s\n\n' "########################################################################" >&2
  exit 3
}

workdir=$(mktemp -d "${TMPDIR:-/tmp}/kube-smoke.XXXXXX")
images_before="$workdir/images-before"
played=false

# prepare_podman, the stand-in base images, image_ids: shared with scripts/compose-smoke.sh.
. scripts/lib/podman.sh

cleanup() {
  local rc=$?
  set +e
  if $played; then
    if [ $rc -ne 0 ]; then
      log "state at failure:"
      podman pod ps --format '{{.Name}}  {{.Status}}' | grep -F -f <(awk '{ print $1 }' "$workdir/probes")
      local c
      for c in $(app_containers); do
        echo "--- $c"; podman logs --tail 40 "$c" 2>&1
      done
    fi
    log "podman kube down: pods; then their volumes and the network"
    podman kube down "$workdir/pods.yaml" >"$workdir/down.log" 2>&1 || cat "$workdir/down.log"
    local volume
    for volume in $(python3 -c 'import sys, yaml; [print(o["metadata"]["name"]) for o in yaml.safe_load_all(open(sys.argv[1])) if o and o["kind"] == "PersistentVolumeClaim"]' "$workdir/pods.yaml"); do
      podman volume rm -f "$volume" >/dev/null 2>&1
    done
    podman network rm -f "$NETWORK" >/dev/null 2>&1
    local left="" pod
    for pod in $(awk '{ print $1 }' "$workdir/probes"); do
      if podman pod exists "$pod"; then left="$left pod $pod"; fi
    done
    if podman network exists "$NETWORK" 2>/dev/null; then left="$left network $NETWORK"; fi
    if [ -n "$left" ]; then log "FAIL: left behind: $left"; failed=$((failed + 1)); rc=1; fi
  fi
  if [ "${SMOKE_KEEP_IMAGES:-0}" != 1 ] && [ -s "$images_before" ]; then
    local image
    for image in $(image_ids | comm -13 "$images_before" - | comm -23 - <(base_image_ids)); do
      podman rmi -f "$image" >/dev/null 2>&1
    done
  fi
  rm -rf "$workdir"
  if [ $rc -ne 3 ]; then
    log "took $(($(date +%s) - started_at)) s"
    echo "kube-smoke: $passed passed, $failed failed"
  fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# http METHOD URL [BODY]: prints the status code; the body lands in $workdir/body, headers in $workdir/headers.
http() {
  local args=(-sS --connect-timeout 3 --max-time 15 -o "$workdir/body" -D "$workdir/headers" -w '%{http_code}' -X "$1")
  [ $# -lt 3 ] || args+=(-H 'Content-Type: application/json' --data "$3")
  curl "${args[@]}" "$2" || echo 000
}

json() {
  python3 -c 'import json, sys, textwrap; code = sys.argv.pop(1); data = json.load(sys.stdin); exec(textwrap.dedent(code))' "$@"
}

await() {
  local seconds=$1 what=$2; shift 2
  local deadline=$(($(date +%s) + seconds))
  until "$@" >"$workdir/await.out" 2>&1; do
    if [ "$(date +%s)" -ge "$deadline" ]; then cat "$workdir/await.out"; fail "$what: not within ${seconds}s"; fi
    sleep 3
  done
}

# The containers that the pods run: podman names them <pod>-<container>.
app_containers() { awk '{ print $1 "-" $2 }' "$workdir/probes"; }

# Every container answers its readiness probe, from inside, on the port and path the manifest names.
all_ready() {
  local pod container path port bad=0
  while read -r pod container path port; do
    if podman exec "$pod-$container" curl -fsS --max-time 3 "http://localhost:$port$path" >/dev/null 2>&1; then
      echo "$pod ready"
    else
      echo "$pod not ready"; bad=1
    fi
  done < "$workdir/probes"
  return $bad
}

substations_listed() {
  [ "$(http GET "$BALANCER_URL/substations")" = 200 ] || { echo "GET /substations failed"; return 1; }
  json "
ids = sorted(s['id'] for s in data)
print('listed:', ids)
want = sorted(sys.argv[1:])
assert ids == want, f'{ids} listed, {want} expected'
assert all(s['healthy'] for s in data), 'a substation is not healthy'
" "$@" < "$workdir/body"
}

main() {
  command -v podman >/dev/null 2>&1 || command -v apt-get >/dev/null 2>&1 \
    || cannot_run "podman is not installed and there is no apt-get to install it"
  prepare_podman
  command -v kubectl >/dev/null 2>&1 || fail "kubectl is not installed: it renders the overlay (kubectl kustomize)"
  prepare_standins
  check_podman_runs

  # The pod-only variant of the dev overlay.
  kubectl kustomize "$OVERLAY" > "$workdir/rendered.yaml" || fail "kubectl kustomize $OVERLAY failed"
  python3 scripts/lib/pods-for-podman.py < "$workdir/rendered.yaml" > "$workdir/pods.yaml" || fail "pods-for-podman.py failed"
  python3 - "$workdir/pods.yaml" > "$workdir/probes" <<'EOF'
import sys, yaml
for o in yaml.safe_load_all(open(sys.argv[1])):
    if o and o["kind"] == "Pod":
        for c in o["spec"]["containers"]:
            port = c["ports"][0]["containerPort"]
            print(o["metadata"]["name"], c["name"], c["readinessProbe"]["httpGet"]["path"], port)
EOF
  mapfile -t substations < <(awk '$1 ~ /^substation-[0-9]+$/ { print $1 }' "$workdir/probes")
  log "pods: $(awk '{ print $1 }' "$workdir/probes" | tr '\n' ' ')(from $OVERLAY)"

  # The images the manifests name, built from this checkout; names qualified as the compose build stores them.
  image_ids > "$images_before"
  local image module port
  for image in $(python3 -c 'import sys, yaml; print("\n".join(sorted({c["image"] for o in yaml.safe_load_all(open(sys.argv[1])) if o and o["kind"] == "Pod" for c in o["spec"]["containers"]})))' "$workdir/pods.yaml"); do
    module=${image##*/}; module=${module%%:*}
    port=$(awk '$1 == "port:" { print $2; exit }' "$module/src/main/resources/$module.yml")
    log "podman build $image (MODULE=$module, SERVER_PORT=$port)"
    podman build -q --build-arg MODULE="$module" --build-arg SERVER_PORT="$port" -t "$image" -f Dockerfile . >"$workdir/build.log" 2>&1 \
      || { tail -40 "$workdir/build.log"; fail "building $image failed"; }
  done

  podman network create "$NETWORK" >/dev/null || fail "podman network create $NETWORK failed"
  played=true
  log "podman kube play --network $NETWORK"
  podman kube play --network "$NETWORK" "$workdir/pods.yaml" >"$workdir/play.log" 2>&1 \
    || { cat "$workdir/play.log"; fail "podman kube play failed"; }
  local c
  for c in $(app_containers); do podman container exists "$c" || fail "podman kube play did not create $c"; done
  pass "podman kube play started the pods' containers: $(app_containers | tr '\n' ' ')"

  await "$TIMEOUT" "every pod ready (its readiness probe, from inside)" all_ready
  pass "every container answers its readiness probe"

  # The pod settings took effect: the image's user, a read-only root with a writable /tmp, the data volume.
  for c in $(app_containers); do
    [ "$(podman exec "$c" id -u)" = 10001 ] || fail "$c does not run as uid 10001"
    if podman exec "$c" sh -c 'touch /app/.write-test' >/dev/null 2>&1; then fail "$c: the root file system is writable"; fi
    podman exec "$c" sh -c 'touch /tmp/.write-test && rm /tmp/.write-test' || fail "$c: /tmp is not writable"
  done
  for c in "${substations[@]}"; do
    podman exec "$c-substation" sh -c 'touch "$GRID_SUBSTATION_DATADIR/.write-test" && rm "$GRID_SUBSTATION_DATADIR/.write-test"' \
      || fail "$c: its data directory (GRID_SUBSTATION_DATADIR) is not writable"
  done
  pass "every container runs as uid 10001 on a read-only root with a writable /tmp; each substation's data volume is writable"

  await 60 "the balancer lists ${substations[*]}" substations_listed "${substations[@]}"
  pass "GET /substations: ${substations[*]} registered themselves under their pod names, healthy"

  code=$(http POST "$CHARGE_URL/charge" '{"vehicleId": "EV-KUBE-1", "powerKw": 11, "energyKwh": 20}')
  [ "$code" = 201 ] || { cat "$workdir/body"; fail "POST /charge answered $code, expected 201"; }
  session=$(json "
assert data['vehicleId'] == 'EV-KUBE-1' and data['status'] == 'CHARGING', data
assert data['substationId'] in sys.argv[1:], f\"assigned to {data['substationId']}\"
print(data['sessionId'], data['substationId'])" "${substations[@]}" < "$workdir/body") || { cat "$workdir/body"; fail "POST /charge: wrong assignment"; }
  read -r session_id assigned <<<"$session"
  grep -qi "^location: /charge/$session_id" "$workdir/headers" || fail "POST /charge: Location is not /charge/$session_id"
  code=$(http GET "$CHARGE_URL/charge/$session_id")
  [ "$code" = 200 ] || fail "GET /charge/$session_id answered $code"
  code=$(http DELETE "$CHARGE_URL/charge/$session_id")
  [ "$code" = 200 ] && json "assert data['status'] == 'STOPPED', data" < "$workdir/body" || fail "DELETE /charge/$session_id answered $code"
  pass "POST /charge on 127.0.0.1:18080: 201, session $session_id on $assigned; GET shows it, DELETE stops it"

  log "all checks passed; tearing down"
}

main "$@"
