#!/usr/bin/env bash
# Installs everything stencil-jit needs, idempotently: clang-19, lld-19 and
# llvm-19 (stencils), qemu-user and the arm64 cross libc and libstdc++ (aarch64
# tests), pypy3 only for benchmarks (scripts/bench.ts asks for it), linux-perf,
# gdb and chromium (the tests of --perf, --gdb and --jit-report run the real
# tools), the npm dependencies, and Node for arm64 with koffi's arm64 module in
# .cache/aarch64-node (the VM under qemu: scripts/aarch64-vm/fetch-node.sh).
# With --if-needed it returns at once when everything is already there.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

tools=(clang-19 ld.lld-19 llvm-readelf-19 llvm-objdump-19 qemu-aarch64 perf gdb chromium)
packages=(clang-19 lld-19 llvm-19 qemu-user libc6-dev-arm64-cross libgcc-12-dev-arm64-cross libstdc++6-arm64-cross linux-perf gdb chromium)

missing_tools() {
  local t
  for t in "${tools[@]}"; do command -v "$t" >/dev/null 2>&1 || echo "$t"; done
  [ -d /usr/aarch64-linux-gnu/include ] || echo libc6-dev-arm64-cross
  [ -f /usr/lib/gcc-cross/aarch64-linux-gnu/12/crtbeginT.o ] || echo libgcc-12-dev-arm64-cross
  [ -f /usr/aarch64-linux-gnu/lib/libstdc++.so.6 ] || echo libstdc++6-arm64-cross
}



# node_modules matches the lock when the lock's digest is the one recorded at
# the last install (a checkout or merge touches the lock's mtime, not its
# contents); an install made before the stamp existed is judged by mtime once.
lock_stamp=node_modules/.stencil-jit-lock.sha256
lock_digest() { sha256sum package-lock.json | cut -d' ' -f1; }
npm_ready() {
  [ -d node_modules/.bin ] && [ -f node_modules/.package-lock.json ] || return 1
  if [ -f "$lock_stamp" ]; then [ "$(cat "$lock_stamp")" = "$(lock_digest)" ]; return; fi
  [ ! package-lock.json -nt node_modules/.package-lock.json ] && lock_digest >"$lock_stamp"
}

# (Node for arm64 is not part of this check: test/aarch64-vm.test.ts fetches it when it is missing.)
if [ "${1:-}" = "--if-needed" ] && [ -z "$(missing_tools)" ] && npm_ready; then
  exit 0
fi

if [ -n "$(missing_tools)" ]; then
  sudo=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "setup: need root (or sudo) to install: ${packages[*]}" >&2; exit 1; }
    sudo="sudo"
  fi
  echo "setup: installing ${packages[*]} (Debian packages)" >&2
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq >&2
  $sudo apt-get install -y -qq --no-install-recommends "${packages[@]}" >&2
fi

if ! npm_ready; then
  # npm ci empties node_modules first: through a link that is another
  # checkout's node_modules (a git worktree, a scratch copy), shared by others.
  if [ -L node_modules ]; then
    echo "setup: node_modules links to $(readlink -f node_modules), which does not match package-lock.json; run npm ci where it lives, or remove the link and run setup again" >&2
    exit 1
  fi
  echo "setup: installing npm dependencies" >&2
  npm ci --no-audit --no-fund >&2
  lock_digest >"$lock_stamp"
fi

# Node for arm64 and koffi's arm64 module (test/aarch64-vm.test.ts); a failed fetch costs only that test (which tries again).
bash scripts/aarch64-vm/fetch-node.sh >&2 || echo "setup: could not fetch Node for arm64 (test/aarch64-vm.test.ts will say so)" >&2

# `stencil-jit run` compiled ahead of time (the launcher also rebuilds it whenever a source changes).
node scripts/launcher/build-run-bundle.cjs --if-stale >&2
