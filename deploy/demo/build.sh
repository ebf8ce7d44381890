#!/usr/bin/env bash
# Builds the walkthrough's demo image, localhost/hermes-demo/payments-api:1, with podman (busybox-static inside).
set -euo pipefail
cd "$(dirname "$0")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp Containerfile "$work/"
cp /bin/busybox "$work/busybox"
printf 'root:x:0:0:root:/root:/bin/sh\nbob:x:1000:1000:bob:/home/bob:/bin/sh\n' > "$work/passwd"
printf 'root:*:19000:0:99999:7:::\nbob:$6$demo$notarealhash:19000:0:99999:7:::\n' > "$work/shadow"
podman build --quiet -t localhost/hermes-demo/payments-api:1 "$work" >/dev/null
echo "built localhost/hermes-demo/payments-api:1"
