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
vitest=(npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json "$@")
if command -v dbus-run-session >/dev/null && command -v gnome-keyring-daemon >/dev/null; then
  # A throw-away session bus with an unlocked gnome-keyring, its files in temp folders,
  # so the keychain tests use a real Secret Service and never the user's own keyring.
  KEYRING_TMP="$(mktemp -d /tmp/latchkey-keyring.XXXXXX)"
  XDG_DATA_HOME="$KEYRING_TMP/data" XDG_RUNTIME_DIR="$KEYRING_TMP/run" LATCHKEY_TEST_SECRET_SERVICE=1 \
    dbus-run-session -- sh -c 'mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR" &&
      printf x | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec "$@"' sh "${vitest[@]}" 2> >(grep -v "Failed to set fd limit" >&2)
  vitest_rc=$?
  rm -rf "$KEYRING_TMP"
else
  echo "keychain: dbus-run-session or gnome-keyring missing; the Secret Service tests will say they are skipped" >&2
  "${vitest[@]}"
  vitest_rc=$?
fi
node scripts/summary.ts test-results/vitest.json "$checks_failed" "$vitest_rc"
