# Shared by scripts/compose-smoke.sh and scripts/kube-smoke.sh (sourced, not run): rootful podman set up on a
# machine with no Docker engine, and stand-ins for the base images built from Debian packages, because no image
# registry can be reached. docs/compose-smoke.md says what the stand-ins differ in.
#
# The caller defines log, fail and cannot_run (exit 3: no container engine can run here), a private $workdir,
# and $engine (docker or podman); it runs from the repository root.

readonly STANDIN_VERSION=1
service_pid=""
health_pid=""

# Installs podman from Debian when missing and points it at runc (containers.conf of our own, /etc left alone).
prepare_podman() {
  if [ "$(id -u)" != 0 ]; then cannot_run "podman is set up here as root (rootful, for published ports and bridge networks); run as root"; fi
  # catatonit: the pause process of the infra container that podman builds for every pod (kube play).
  local packages=(podman runc slirp4netns fuse-overlayfs uidmap debootstrap docker-compose catatonit
                  golang-github-containernetworking-plugin-dnsname curl python3 python3-yaml)
  local missing=() p
  for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if [ ${#missing[@]} -gt 0 ]; then
    command -v apt-get >/dev/null 2>&1 || cannot_run "no Docker engine, and podman is missing (${missing[*]}) with no apt-get to install it"
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq || cannot_run "apt-get update failed"
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$workdir/apt.log" 2>&1 \
      || { tail -20 "$workdir/apt.log" >&2; cannot_run "could not install ${missing[*]}"; }
  fi

  # crun fails on this kind of machine (cgroups v1 / hybrid); runc works once every container has ulimits.
  export CONTAINERS_CONF="$workdir/containers.conf"
  cat > "$CONTAINERS_CONF" <<'EOF'
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=4096:4096"]

[engine]
runtime = "runc"
EOF
  log "podman $(podman version --format '{{.Client.Version}}') with runc"
}

# The Docker-compatible API (for docker-compose and Testcontainers) on a socket in $workdir, as DOCKER_HOST;
# the caller stops it by its PID ($service_pid).
start_podman_api() {
  # The Docker-compatible API that docker-compose talks to; stopped by its PID in cleanup.
  local socket="$workdir/podman.sock"
  podman system service --time=0 "unix://$socket" >"$workdir/podman-service.log" 2>&1 &
  service_pid=$!
  export DOCKER_HOST="unix://$socket"
  export COMPOSE_DOCKER_CLI_BUILD=0 DOCKER_BUILDKIT=0
  local i
  for i in $(seq 1 50); do
    if curl -fsS --max-time 2 --unix-socket "$socket" http://d/_ping >/dev/null 2>&1; then break; fi
    kill -0 "$service_pid" 2>/dev/null || { cat "$workdir/podman-service.log" >&2; cannot_run "podman system service exited"; }
    sleep 0.2
  done
  curl -fsS --max-time 2 --unix-socket "$socket" http://d/_ping >/dev/null 2>&1 \
    || cannot_run "podman's API socket did not answer"
  log "podman API on $DOCKER_HOST (service PID $service_pid)"
}
# --- base images --------------------------------------------------------------------------------------

# The names exactly as the Dockerfiles and docker-compose.yml spell them, qualified as Docker would.
qualify() {
  local name=$1 first=${1%%/*}
  case "$name" in
    */*) case "$first" in *.*|*:*|localhost) ;; *) name="docker.io/$name" ;; esac ;;
    *) name="docker.io/library/$name" ;;
  esac
  printf '%s\n' "$name"
}

jdk=$(qualify "$(sed -n 's/^ARG JDK_IMAGE=//p' Dockerfile)")
jre=$(qualify "$(sed -n 's/^ARG JRE_IMAGE=//p' Dockerfile)")
prom=$(qualify "$(awk '$1 == "image:" && $2 ~ /prometheus/ { print $2; exit }' docker-compose.yml)")

# Image ids, one a line, sorted, without the "sha256:" that some engines put before them.
image_ids() { "$engine" images -a -q --no-trunc | sed 's/^sha256://' | sort -u; }
base_image_ids() { "$engine" image inspect --format '{{.Id}}' "$jdk" "$jre" "$prom" 2>/dev/null | sed 's/^sha256://' | sort -u; }

# --- stand-in base images (podman only) -----------------------------------------------------------------

# The first Debian mirror that apt's own sources name, read at run time.
debian_mirror() {
  local sources=/etc/apt/sources.list.d/debian.sources
  if [ -r "$sources" ]; then
    awk '/^URIs:/ && $2 !~ /security/ { print $2; exit }' "$sources"
  elif [ -r /etc/apt/sources.list ]; then
    awk '$1 == "deb" && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }' /etc/apt/sources.list
  fi
}

standin_current() {
  local image=$1 version
  podman image exists "$image" || return 1
  version=$(podman image inspect --format '{{ index .Labels "io.smartgrid.standin.version" }}' "$image" 2>/dev/null || true)
  # A real image (no stand-in label) that someone loaded is used as it is.
  [ -z "$version" ] || [ "$version" = "<no value>" ] || [ "$version" = "$STANDIN_VERSION" ]
}

rootfs_mounted=""
build_standin() {
  local image=$1 base=$2; shift 2
  local packages=() changes=()
  while [ $# -gt 0 ] && [ "$1" != -- ]; do packages+=("$1"); shift; done
  [ $# -gt 0 ] && shift
  changes=("$@")
  local rootfs="$workdir/rootfs-${image//[^a-zA-Z0-9]/_}"
  log "building stand-in $image from Debian packages: ${packages[*]}"
  cp -a "$base" "$rootfs"
  cp /etc/resolv.conf "$rootfs/etc/resolv.conf"
  # The stand-ins trust what this machine trusts: its locally added CAs (a TLS-inspecting proxy's, say),
  # which ca-certificates and ca-certificates-java then add to the system and Java trust stores.
  if compgen -G '/usr/local/share/ca-certificates/*.crt' >/dev/null; then
    mkdir -p "$rootfs/usr/local/share/ca-certificates"
    cp /usr/local/share/ca-certificates/*.crt "$rootfs/usr/local/share/ca-certificates/"
  fi
  printf '#!/bin/sh\nexit 101\n' > "$rootfs/usr/sbin/policy-rc.d"; chmod +x "$rootfs/usr/sbin/policy-rc.d"
  mount -t proc proc "$rootfs/proc"; rootfs_mounted="$rootfs/proc"
  chroot "$rootfs" /usr/bin/env DEBIAN_FRONTEND=noninteractive sh -c \
    "apt-get update -qq && apt-get install -y -qq --no-install-recommends ${packages[*]} && apt-get clean" \
    >"$workdir/standin.log" 2>&1 || { umount "$rootfs/proc"; tail -30 "$workdir/standin.log" >&2; fail "stand-in $image: apt-get install failed"; }
  umount "$rootfs/proc"; rootfs_mounted=""
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs/usr/sbin/policy-rc.d"
  : > "$rootfs/etc/resolv.conf"
  local args=(--change "LABEL io.smartgrid.standin.version=$STANDIN_VERSION"
              --change "LABEL org.opencontainers.image.description=stand-in for $image built from Debian packages by scripts/compose-smoke.sh"
              --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
              --change "ENV LANG=C.UTF-8")
  local c
  for c in "${changes[@]}"; do args+=(--change "$c"); done
  tar -C "$rootfs" -c . | podman import -q "${args[@]}" - "$image" >/dev/null
  rm -rf "$rootfs"
}

prepare_standins() {
  local name
  for name in $(sed -n 's/^ARG J[DR][KE]_IMAGE=//p' docker/*.Dockerfile); do
    [ "$(qualify "$name")" = "$jdk" ] || [ "$(qualify "$name")" = "$jre" ] \
      || fail "docker/*.Dockerfile names base image $name, which differs from the root Dockerfile's"
  done
  if standin_current "$jdk" && standin_current "$jre" && standin_current "$prom"; then
    log "stand-in base images cached: $jdk, $jre, $prom"
    return
  fi

  local mirror suite base="$workdir/rootfs-base"
  mirror=$(debian_mirror)
  [ -n "$mirror" ] || fail "no Debian mirror found in apt's sources"
  suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
  [ -n "$suite" ] || fail "no Debian release name in /etc/os-release"
  log "debootstrap $suite (minbase) from apt's configured mirror"
  debootstrap --variant=minbase "$suite" "$base" "$mirror" >"$workdir/debootstrap.log" 2>&1 \
    || { tail -30 "$workdir/debootstrap.log" >&2; fail "debootstrap failed"; }

  local java_home=/usr/lib/jvm/java-17-openjdk-$(dpkg --print-architecture)
  standin_current "$jdk" || build_standin "$jdk" "$base" \
    openjdk-17-jdk-headless maven curl ca-certificates -- "ENV JAVA_HOME=$java_home" 'CMD ["jshell"]'
  standin_current "$jre" || build_standin "$jre" "$base" \
    openjdk-17-jre-headless curl ca-certificates -- "ENV JAVA_HOME=$java_home" 'CMD ["jshell"]'
  if ! standin_current "$prom"; then
    # Like the real image: prometheus as the entrypoint, running as nobody, its data in the /prometheus volume.
    mkdir -p "$base/prometheus" && chown 65534:65534 "$base/prometheus"
    build_standin "$prom" "$base" prometheus -- \
      'ENTRYPOINT ["/bin/prometheus"]' \
      'CMD ["--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus"]' \
      'USER nobody' 'WORKDIR /prometheus' 'EXPOSE 9090' 'VOLUME ["/prometheus"]'
  fi
  rm -rf "$base"
}

# A container that cannot start at all means podman cannot run here, which is not the project's failure.
check_podman_runs() {
  podman run --rm --network none "$jre" true >"$workdir/run-check.log" 2>&1 \
    || { cat "$workdir/run-check.log" >&2; cannot_run "podman cannot start a container on this machine"; }
}

# --- podman's health checks -------------------------------------------------------------------------

# Without systemd podman never runs the health checks it is given, so `depends_on: condition:
# service_healthy` would wait forever. This loop runs each container's check at the interval the container
# declares, as Docker's daemon would: more often would use up its retries sooner than Docker does.
# $1: the `podman ps --filter` that selects the containers, e.g. label=com.docker.compose.project=NAME.
start_health_loop() {
  local filter=$1
  (
    declare -A due every
    while true; do
      now=$(date +%s)
      for c in $(podman ps -q --filter "$filter" 2>/dev/null); do
        if [ -z "${due[$c]:-}" ]; then
          interval=$(podman inspect --format '{{if .Config.Healthcheck}}{{.Config.Healthcheck.Interval.Seconds}}{{end}}' "$c" 2>/dev/null || true)
          if [ -z "$interval" ]; then due[$c]=never; continue; fi
          interval=${interval%.*}
          every[$c]=$(( interval > 0 ? interval : 30 ))
          due[$c]=$now
        fi
        if [ "${due[$c]}" != never ] && [ "$now" -ge "${due[$c]}" ]; then
          podman healthcheck run "$c" >/dev/null 2>&1 || true
          due[$c]=$((now + ${every[$c]}))
        fi
      done
      sleep 2
    done
  ) &
  health_pid=$!
  log "health-check loop started (PID $health_pid)"
}
