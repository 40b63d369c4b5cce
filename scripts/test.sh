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
npm run --silent lint || { echo "FAIL: lint"; checks_failed=$((checks_failed + 1)); }

mkdir -p test-results
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json "$@"
vitest_rc=$?
node scripts/summary.ts test-results/vitest.json "$checks_failed" "$vitest_rc"
