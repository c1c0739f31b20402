#!/usr/bin/env bash
# Runs a command with a Docker API to talk to: Docker's where it runs, else podman's Docker-compatible API, which
# Testcontainers and docker-compose use as they would Docker.
#
#   scripts/podman-run.sh ./mvnw -B -pl system-tests -am test -Dtest=ComposeStackTests -Dsurefire.failIfNoSpecifiedTests=false
#
# Exit: the command's own code; 3 when no container engine can run here (the command is not run).
#
# With podman it exports DOCKER_HOST (a socket in a private directory) and TESTCONTAINERS_RYUK_DISABLED=true (Ryuk's
# image cannot be pulled here; Testcontainers' own stop() still takes its containers down), makes sure the stand-in base
# images exist (scripts/lib/podman.sh), and runs the compose containers' health checks, which podman without systemd
# never schedules. It stops the API service and the health-check loop by their PIDs when the command ends.
set -euo pipefail

cd "$(dirname "$0")/.."
[ $# -gt 0 ] || { echo "usage: $0 COMMAND [ARGUMENTS...]" >&2; exit 2; }

started_at=$(date +%s)
log() { printf '[podman-run %4ss] %s\n' "$(($(date +%s) - started_at))" "$*"; }
fail() { log "FAIL: $*"; exit 1; }
cannot_run() {
  printf '\n%s\n' "########################################################################" >&2
  printf '# podman-run: NOT RUN: %s\n' "$*" >&2
  printf '%s\n\n' "########################################################################" >&2
  exit 3
}

if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
  log "Docker engine found: running the command against it"
  exec "$@"
fi

engine=podman
workdir=$(mktemp -d "${TMPDIR:-/tmp}/podman-run.XXXXXX")
. scripts/lib/podman.sh

cleanup() {
  local rc=$?
  set +e
  if [ -n "$health_pid" ]; then kill "$health_pid" 2>/dev/null; wait "$health_pid" 2>/dev/null; fi
  if [ -n "$service_pid" ]; then kill "$service_pid" 2>/dev/null; wait "$service_pid" 2>/dev/null; fi
  rm -rf "$workdir"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

prepare_podman
start_podman_api
prepare_standins
check_podman_runs
start_health_loop "label=com.docker.compose.project"
# No Ryuk (its image cannot be pulled) and no start-up checks (they run an image that cannot be pulled either).
export TESTCONTAINERS_RYUK_DISABLED=true TESTCONTAINERS_CHECKS_DISABLE=true
log "running: $*"
"$@"
