#!/usr/bin/env bash
# npm run scenario -- <name…> | --all | --list [--json]: QA's failure scenarios
# (devtools/scenario.ts). They run the real `latchkey` CLI, whose credentials go
# to a throw-away Secret Service here, never to the user's own keychain.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source scripts/toolchain.sh
source scripts/test-keyring.sh
with_test_keyring node devtools/scenario.ts "$@"
