#!/usr/bin/env bash
# The README's run command: sets everything up, then starts the whole chain
# (devtools/demo.ts): service + dev IdP + a demo account ready for activation
# + the desktop app (Electron, or webshell in the browser). Ctrl-C stops it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# LATCHKEY_SKIP_SETUP=1: already set up (the demo's own test, which runs inside scripts/test.sh).
[ -n "${LATCHKEY_SKIP_SETUP:-}" ] || bash scripts/setup.sh
source scripts/toolchain.sh

# Everything the demo keeps (service database, app data, keyring, demo.env); `rm -rf data` starts over.
export LATCHKEY_DEMO_DATA="${LATCHKEY_DEMO_DATA:-$ROOT/data}"

if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ] && command -v dbus-run-session >/dev/null &&
  command -v gnome-keyring-daemon >/dev/null; then
  # No desktop session (a server, a container): the app's keychain is a gnome-keyring of the
  # demo's own, kept under data/keyring so an activation survives a restart of the demo.
  # data/demo.env hands its session bus to the QA CLI in another shell.
  mkdir -p "$LATCHKEY_DEMO_DATA/keyring/run" && chmod 700 "$LATCHKEY_DEMO_DATA/keyring/run"
  export XDG_DATA_HOME="$LATCHKEY_DEMO_DATA/keyring" XDG_RUNTIME_DIR="$LATCHKEY_DEMO_DATA/keyring/run"
  echo "demo: no session bus; the app's keychain is a demo gnome-keyring under $LATCHKEY_DEMO_DATA/keyring" >&2
  exec dbus-run-session -- sh -c 'printf demo | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1;
    exec node devtools/demo.ts "$@"' sh "$@" 2> >(grep -v "Failed to set fd limit" >&2)
fi
exec node devtools/demo.ts "$@"
