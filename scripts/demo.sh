#!/usr/bin/env bash
# The README's run command: sets everything up, then starts the whole chain
# (devtools/demo.ts): service + dev IdP + a demo account ready for activation
# + the desktop app (Electron, or webshell in the browser). Ctrl-C stops it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/setup.sh
source scripts/toolchain.sh

if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ] && command -v dbus-run-session >/dev/null &&
  command -v gnome-keyring-daemon >/dev/null; then
  # No desktop session (a server, a container): the app's keychain is a gnome-keyring of the
  # demo's own, kept under ./data/keyring so an activation survives a restart of the demo.
  mkdir -p data/keyring/run && chmod 700 data/keyring/run
  export XDG_DATA_HOME="$ROOT/data/keyring" XDG_RUNTIME_DIR="$ROOT/data/keyring/run"
  echo "demo: no session bus; the app's keychain is a demo gnome-keyring under data/keyring" >&2
  exec dbus-run-session -- sh -c 'printf demo | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1;
    exec node devtools/demo.ts "$@"' sh "$@" 2> >(grep -v "Failed to set fd limit" >&2)
fi
exec node devtools/demo.ts "$@"
