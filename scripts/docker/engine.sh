#!/usr/bin/env bash
# A Docker engine of our own for the Docker tests and benches (`npm run test:docker`, `.ci/run`): dockerd on its own
# socket and data root (no iptables, no bridge: containers use the host network or none), a local Node base image
# made from this machine's own `node` (no registry is reachable to pull one), and a local registry for push tests.
#
#   scripts/docker/engine.sh start   # install what is missing (apt), start all three; prints the variables to export
#   scripts/docker/engine.sh stop    # stop the registry and the engine
#   scripts/docker/engine.sh env     # print the variables (DOCKER_HOST, the base image, the registry)
set -euo pipefail

DIR="${PREFECT_TS_DOCKER_DIR:-/tmp/prefect-ts-docker}"
SOCK="$DIR/docker.sock"
REGISTRY_PORT="${PREFECT_TS_REGISTRY_PORT:-5000}"
NODE_MAJOR="$(node -p 'process.versions.node.split(".")[0]')"
BASE_IMAGE="prefect-ts-node:${NODE_MAJOR}"
export DOCKER_HOST="unix://$SOCK"

print_env() {
  echo "export DOCKER_HOST=unix://$SOCK"
  echo "export PREFECT_DOCKER_BASE_IMAGE=$BASE_IMAGE"
  echo "export PREFECT_TS_TEST_REGISTRY=127.0.0.1:$REGISTRY_PORT"
}

install_missing() {
  local missing=()
  command -v dockerd >/dev/null || missing+=(docker.io)
  command -v docker-registry >/dev/null || missing+=(docker-registry)
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "installing ${missing[*]} ..." >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
  fi
}

start_engine() {
  mkdir -p "$DIR/data" "$DIR/exec"
  if docker info >/dev/null 2>&1; then return; fi
  dockerd -H "unix://$SOCK" --data-root "$DIR/data" --exec-root "$DIR/exec" --pidfile "$DIR/dockerd.pid" \
    --iptables=false --ip6tables=false --bridge=none >"$DIR/dockerd.log" 2>&1 &
  for _ in $(seq 1 150); do
    if docker info >/dev/null 2>&1; then return; fi
    sleep 0.2
  done
  echo "dockerd did not start; its log ($DIR/dockerd.log) ends:" >&2
  tail -20 "$DIR/dockerd.log" >&2
  exit 1
}

# A root filesystem with this machine's node binary and the shared libraries it and a shell need, imported as an
# image: what `FROM node:<major>-slim` gives, without a registry.
make_base_image() {
  if docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then return; fi
  local root="$DIR/rootfs"
  rm -rf "$root" && mkdir -p "$root"/{bin,usr/bin,usr/local/bin,tmp,etc,root}
  chmod 1777 "$root/tmp"
  local node_bin; node_bin="$(readlink -f "$(command -v node)")"
  cp "$node_bin" "$root/usr/local/bin/node"
  cp "$(readlink -f /bin/sh)" "$root/bin/sh"
  cp "$(readlink -f /usr/bin/env)" "$root/usr/bin/env"
  local lib
  for lib in $( (ldd "$node_bin"; ldd /bin/sh; ldd /usr/bin/env) | grep -oE '/[^ ]+\.so[^ ]*' | sort -u); do
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
  done
  echo "root:x:0:0:root:/root:/bin/sh" >"$root/etc/passwd"
  echo "root:x:0:" >"$root/etc/group"
  tar -C "$root" -c . | docker import --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' - "$BASE_IMAGE" >/dev/null
  rm -rf "$root"
}

start_registry() {
  if [ -f "$DIR/registry.pid" ] && kill -0 "$(cat "$DIR/registry.pid")" 2>/dev/null; then return; fi
  mkdir -p "$DIR/registry"
  cat >"$DIR/registry.yml" <<YML
version: 0.1
storage:
  filesystem:
    rootdirectory: $DIR/registry
http:
  addr: 127.0.0.1:$REGISTRY_PORT
YML
  docker-registry serve "$DIR/registry.yml" >"$DIR/registry.log" 2>&1 &
  echo $! >"$DIR/registry.pid"
  for _ in $(seq 1 100); do
    if node -e "fetch('http://127.0.0.1:$REGISTRY_PORT/v2/').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"; then return; fi
    sleep 0.1
  done
  echo "the registry did not start; its log ($DIR/registry.log) ends:" >&2
  tail -20 "$DIR/registry.log" >&2
  exit 1
}

stop_all() {
  if [ -f "$DIR/registry.pid" ]; then kill "$(cat "$DIR/registry.pid")" 2>/dev/null || true; rm -f "$DIR/registry.pid"; fi
  if [ -f "$DIR/dockerd.pid" ]; then
    local pid; pid="$(cat "$DIR/dockerd.pid")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  # The network namespace dockerd mounts for host-network containers outlives it.
  umount "$DIR/exec/netns/default" 2>/dev/null || true
}

case "${1:-}" in
  start) install_missing; start_engine; make_base_image; start_registry; print_env ;;
  stop) stop_all ;;
  env) print_env ;;
  *) echo "usage: $0 start|stop|env" >&2; exit 2 ;;
esac
