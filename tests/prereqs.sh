#!/usr/bin/env bash
# Installs, idempotently, the Debian packages Hermes' tests and build need, and starts the services the
# tests talk to. Safe to run again: packages already present are not reinstalled.
set -euo pipefail

# The kernel probe's toolchain, the real peers the tests run against, and the libsinsp oracle.
packages=(
  clang llvm libbpf-dev libbpf1 bpftool          # collector: CO-RE probe build and load
  postgresql                                      # bot: the real PostgreSQL the storage tests use
  podman runc busybox-static containerd           # collector: real containers (podman: Docker API, containerd: CRI)
  docker-registry skopeo apache2-utils            # ownership: a real OCI registry (htpasswd for its basic auth)
  python3-jsonschema                              # slack: the app manifest checked against Slack's JSON Schema
  chromium                                        # bot: the dashboard tested in real headless Chromium (Playwright)
)

missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "prereqs: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# podman on this machine kind: runc (crun refuses the hybrid cgroup layout) and ulimits the runtime may set.
mkdir -p /etc/containers
if ! grep -q default_ulimits /etc/containers/containers.conf 2>/dev/null; then
  printf '[containers]\ndefault_ulimits = ["nofile=1024:1024","nproc=1024:1024"]\n[engine]\nruntime = "runc"\n' \
    > /etc/containers/containers.conf
fi

# PostgreSQL for the storage tests: a role and database of their own.
pg_version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | grep -q online; then
  pg_ctlcluster "$pg_version" main start
fi
su postgres -c "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname='hermes'\"" | grep -q 1 ||
  su postgres -c "psql -qc \"CREATE ROLE hermes LOGIN SUPERUSER PASSWORD 'hermes'\""
su postgres -c "psql -tAc \"SELECT 1 FROM pg_database WHERE datname='hermes_test'\"" | grep -q 1 ||
  su postgres -c "psql -qc \"CREATE DATABASE hermes_test OWNER hermes\""
echo "prereqs: ok (PostgreSQL $pg_version on 127.0.0.1:5432)"

# The Docker Engine API that the collector reads container metadata from: podman serves it on a unix socket.
if ! curl -sf --unix-socket /run/podman/podman.sock http://d/_ping >/dev/null 2>&1; then
  mkdir -p /run/podman
  nohup podman system service --time=0 unix:///run/podman/podman.sock >/tmp/podman-service.log 2>&1 &
  for _ in $(seq 1 50); do
    curl -sf --unix-socket /run/podman/podman.sock http://d/_ping >/dev/null 2>&1 && break
    sleep 0.2
  done
fi
echo "prereqs: podman API on /run/podman/podman.sock"
