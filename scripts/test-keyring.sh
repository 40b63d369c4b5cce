#!/usr/bin/env bash
# Sourced by scripts/test.sh and scripts/scenario.sh.
# Runs a command inside a throw-away session bus with an unlocked gnome-keyring whose files live
# in temp folders, so the keychain tests use a real Secret Service, never the user's own keyring.
with_test_keyring() {
  if command -v dbus-run-session >/dev/null && command -v gnome-keyring-daemon >/dev/null; then
    local tmp rc
    tmp="$(mktemp -d /tmp/latchkey-keyring.XXXXXX)"
    XDG_DATA_HOME="$tmp/data" XDG_RUNTIME_DIR="$tmp/run" LATCHKEY_TEST_SECRET_SERVICE=1 \
      dbus-run-session -- sh -c 'mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR" &&
        printf x | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec "$@"' sh "$@" \
      2> >(grep -v "Failed to set fd limit" >&2)
    rc=$?
    rm -rf "$tmp"
    return $rc
  fi
  echo "keychain: dbus-run-session or gnome-keyring missing; the Secret Service tests will say they are skipped" >&2
  "$@"
}
