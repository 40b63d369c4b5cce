#!/usr/bin/env bash
# The README's run command: sets everything up, then runs the service in
# development mode with a seeded demo account (SQLite under ./data).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/setup.sh
source scripts/toolchain.sh
exec node backend/cli/main.ts demo "$@"
