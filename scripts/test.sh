#!/usr/bin/env bash
# The whole test suite: type check, vitest (unit, differential, VM corpus),
# and verification that build/ matches a fresh generation.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/setup.sh --if-needed || exit 1

status=0
# The tests run python3 (the reference) thousands of times: put its executable
# first on PATH, not a wrapper (pyenv's shim is a bash script, ~0.3 s of CPU a run).
py=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null)
if [ -n "$py" ] && [ "$(readlink -f "$(command -v python3)")" != "$(readlink -f "$py")" ]; then
  mkdir -p .cache/python3-bin && ln -sf "$py" .cache/python3-bin/python3 && export PATH="$root/.cache/python3-bin:$PATH"
fi
echo "== build (the compiled bundle of stencil-jit run, used by the process-level tests)"
node scripts/launcher/build-run-bundle.cjs --if-stale || status=1

echo "== type check"
npx tsc --noEmit -p . || status=1

# Before vitest: on a fresh clone this compiles every stencil once, with both
# cores, into the content-addressed cache that the generator tests then share
# (two test files compiling the same cold units at once would do it twice).
echo "== verify build/"
node --import tsx scripts/cli.ts verify || status=1

echo "== vitest"
mkdir -p .cache
npx vitest run --reporter=default --reporter=json --outputFile=.cache/vitest-results.json "$@" || status=1


# One closing line that any CI reads: counts from vitest plus the two checks.
node -e '
const fs = require("fs");
let passed = 0, failed = 0, skipped = 0;
try {
  const r = JSON.parse(fs.readFileSync(".cache/vitest-results.json", "utf8"));
  passed = r.numPassedTests; failed = r.numFailedTests; skipped = r.numPendingTests + (r.numTodoTests || 0);
} catch { failed += 1; }
if (process.argv[1] !== "0") failed += failed === 0 ? 1 : 0;
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
' "$status"
exit $status
