#!/usr/bin/env bash
# Sourced by scripts/test.sh and scripts/scenario.sh.
# Runs a command inside a throw-away session bus with an unlocked gnome-keyring whose files live
# in temp folders, so the keychain tests use a real Secret Service, never the user's own keyring.
with_test_keyring() {
  if command -v dbus-run-session >/dev/null && command -v gnome-keyring-daemon >/dev/null; then
    local tmp rc
    tmp="$(mktemp -d /tmp/latchkey-keyring.XXXXXX)"
    # The runtime folder exists before dbus-daemon starts: it sets up its transient service
    # directory there, and says "XDG_RUNTIME_DIR … not available" on every run otherwise.
    mkdir -p "$tmp/data" "$tmp/run" && chmod 700 "$tmp/run"
    # gnome-keyring-daemon forks away from the session and may outlive its bus, holding this
    # function's stderr filter open: the one this session started (found by the session's bus
    # address in its environment) is stopped when the command ends.
    XDG_DATA_HOME="$tmp/data" XDG_RUNTIME_DIR="$tmp/run" LATCHKEY_TEST_SECRET_SERVICE=1 \
      dbus-run-session -- sh -c 'printf x | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
        "$@"; rc=$?
        for env in /proc/[0-9]*/environ; do
          pid=${env#/proc/}; pid=${pid%/environ}
          [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = gnome-keyring-d ] || continue
          tr "\0" "\n" 2>/dev/null <"$env" | grep -qxF "DBUS_SESSION_BUS_ADDRESS=$DBUS_SESSION_BUS_ADDRESS" &&
            kill "$pid" 2>/dev/null
        done
        exit $rc' sh "$@" \
      2> >(grep -v "Failed to set fd limit" >&2)
    rc=$?
    rm -rf "$tmp"
    return $rc
  fi
  echo "keychain: dbus-run-session or gnome-keyring missing; the Secret Service tests will say they are skipped" >&2
  "$@"
}
