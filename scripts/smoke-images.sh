#!/usr/bin/env bash
# Lets several container runs share the images they build, then removes them once:
#
#   scripts/smoke-images.sh snapshot FILE     # the image ids present now
#   scripts/smoke-images.sh remove-new FILE   # removes every image that is not in FILE, except the (stand-in) base images
#
# .ci/run takes a snapshot, runs scripts/compose-smoke.sh, scripts/kube-smoke.sh and the Testcontainers test with
# SMOKE_KEEP_IMAGES=1 (the later runs build from the first one's layer cache), then removes what they built.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# = 2 ] || { echo "usage: $0 snapshot|remove-new FILE" >&2; exit 2; }

if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then engine=docker
elif command -v podman >/dev/null 2>&1; then engine=podman
else
  # No engine: nothing was built, nothing to remove.
  [ "$1" = snapshot ] && : > "$2"
  exit 0
fi
workdir=""
log() { :; }
. scripts/lib/podman.sh

case "$1" in
  snapshot) image_ids > "$2" ;;
  remove-new)
    removed=0
    for image in $(image_ids | comm -13 <(sort -u "$2") - | comm -23 - <(base_image_ids)); do
      "$engine" rmi -f "$image" >/dev/null 2>&1 && removed=$((removed + 1))
    done
    echo "smoke-images: removed $removed images built since the snapshot; the base images stay cached" ;;
  *) echo "usage: $0 snapshot|remove-new FILE" >&2; exit 2 ;;
esac
