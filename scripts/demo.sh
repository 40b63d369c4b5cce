#!/usr/bin/env bash
# The README's run command: sets everything up, then starts the whole chain
# (devtools/demo.ts): service + dev IdP + a demo account ready for activation
# + the desktop app (Electron, or webshell in the browser). Ctrl-C — or SIGTERM
# or SIGHUP to this script — stops all of it.
set -euo pipefail
# Started in the background by a non-interactive shell (`bash scripts/demo.sh &` in a script),
# bash inherits SIGINT ignored and could not trap it below, so `kill -INT` would do nothing:
# run once more with SIGINT at its default (same process id).
if [ -z "${LATCHKEY_DEMO_SIGINT_RESET:-}" ] && env --default-signal=INT true 2>/dev/null; then
  export LATCHKEY_DEMO_SIGINT_RESET=1
  exec env --default-signal=INT bash "$0" "$@"
fi
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# LATCHKEY_SKIP_SETUP=1: already set up (the demo's own test, which runs inside scripts/test.sh).
[ -n "${LATCHKEY_SKIP_SETUP:-}" ] || bash scripts/setup.sh
source scripts/toolchain.sh

# Everything the demo keeps (service database, app data, keyring, demo.env); `rm -rf data` starts over.
export LATCHKEY_DEMO_DATA="${LATCHKEY_DEMO_DATA:-$ROOT/data}"

chain=(node devtools/demo.ts "$@")
if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ] && command -v dbus-run-session >/dev/null &&
  command -v gnome-keyring-daemon >/dev/null; then
  # No desktop session (a server, a container): the app's keychain is a gnome-keyring of the
  # demo's own, kept under data/keyring so an activation survives a restart of the demo.
  # data/demo.env hands its session bus to the QA CLI in another shell. The runtime folder
  # exists before dbus-daemon starts (it sets up its service directory there).
  mkdir -p "$LATCHKEY_DEMO_DATA/keyring/run" && chmod 700 "$LATCHKEY_DEMO_DATA/keyring/run"
  export XDG_DATA_HOME="$LATCHKEY_DEMO_DATA/keyring" XDG_RUNTIME_DIR="$LATCHKEY_DEMO_DATA/keyring/run"
  echo "demo: no session bus; the app's keychain is a demo gnome-keyring under $LATCHKEY_DEMO_DATA/keyring" >&2
  chain=(dbus-run-session -- sh -c 'printf demo | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1;
    exec node devtools/demo.ts "$@"' sh "$@")
fi

# The chain runs in a session (and process group) of its own, and this script stays to stop all
# of it: dbus-run-session ignores SIGINT and, on SIGTERM, leaves node, dbus-daemon,
# gnome-keyring-daemon (which forks away from it) and esbuild running. One signal to this
# script, or Ctrl-C in its terminal, ends the whole group.
setsid "${chain[@]}" 2> >(
  trap '' INT TERM HUP # the filter lives until the chain's last line, so nothing writes to a closed pipe
  grep --line-buffered -v "Failed to set fd limit" >&2
) &
chain_pid=$!

# Processes of the chain's group still alive (zombies excluded: they hold no port).
chain_alive() {
  ps -eo pgid=,stat= | awk -v g="$chain_pid" '$1 == g && $2 !~ /^Z/ { found = 1 } END { exit !found }'
}

# TERM to the group, 10 s to finish (the service lets in-flight requests end), then KILL.
stop_chain() {
  kill -TERM -- "-$chain_pid" 2>/dev/null || true
  for _ in $(seq 100); do
    chain_alive || return 0
    sleep 0.1
  done
  echo "demo: still running after 10 s; killing what is left" >&2
  kill -KILL -- "-$chain_pid" 2>/dev/null || true
}

on_signal() {
  trap '' INT TERM HUP
  echo "demo: $1: stopping the service, the app, the keyring and their helpers…" >&2
  stop_chain
  wait "$chain_pid" 2>/dev/null || true
  echo "demo: stopped; nothing of it is left running" >&2
  exit 0
}
trap 'on_signal SIGINT' INT
trap 'on_signal SIGTERM' TERM
trap 'on_signal SIGHUP' HUP

set +e
wait "$chain_pid"
rc=$?
# The chain ended by itself (the Electron window closed, a busy port, a failure): whatever it
# left behind in its group goes too.
stop_chain
exit "$rc"
