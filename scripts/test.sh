#!/usr/bin/env bash
# The README's test command: sets everything up, then typecheck, lint and every
# test (SQLite and PostgreSQL). Ends with `summary: N passed, N failed, N skipped`.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/setup.sh || { echo "summary: 0 passed, 1 failed, 0 skipped"; exit 1; }
source scripts/toolchain.sh
source scripts/pg-test-cluster.sh
pg_test_cluster_start
trap pg_test_cluster_stop EXIT

checks_failed=0
npm run --silent typecheck || { echo "FAIL: typecheck"; checks_failed=$((checks_failed + 1)); }
# The lint step: ESLint + Prettier, then the import graph (.dependency-cruiser.cjs: no cycle, no upward import).
{ npm run --silent lint && npm run --silent lint:deps; } || { echo "FAIL: lint"; checks_failed=$((checks_failed + 1)); }

mkdir -p test-results
source scripts/test-keyring.sh

with_test_keyring npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json "$@"
vitest_rc=$?

# End-to-end: the renderer in Debian's Chromium through webshell (playwright.config.ts).
rm -f test-results/playwright.json
if [ -x /usr/bin/chromium ] || [ -n "${LATCHKEY_CHROMIUM:-}" ]; then
  node scripts/build-renderer.ts && with_test_keyring npx playwright test
  e2e_rc=$?
else
  echo "e2e: no /usr/bin/chromium (apt-get install chromium); the Playwright tests did not run" >&2
  e2e_rc=1
fi
# End-to-end: the admin console (/console), an empty account walked to Activated in Chromium
# (playwright.console.config.ts, its own world; the keyring because it activates through webshell).
rm -f test-results/playwright-console.json
if [ -x /usr/bin/chromium ] || [ -n "${LATCHKEY_CHROMIUM:-}" ]; then
  with_test_keyring npx playwright test -c playwright.console.config.ts
  console_e2e_rc=$?
else
  console_e2e_rc=1
fi
node scripts/summary.ts test-results/vitest.json "$checks_failed" "$vitest_rc" test-results/playwright.json "$e2e_rc" \
  test-results/playwright-console.json "$console_e2e_rc"
