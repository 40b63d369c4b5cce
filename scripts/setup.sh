#!/usr/bin/env bash
# One-stop setup, idempotent: Node toolchain, Debian packages, npm dependencies.
# Sourced by scripts/demo.sh and scripts/test.sh; safe to run on its own.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# Debian packages the tests and the demo use. Installed only when missing.
# postgresql: the PostgreSQL test cluster; dbus-daemon, gnome-keyring, libsecret-1-0: the
# real Secret Service the keychain tests run against; chromium + a font: the browser Playwright
# drives (never `playwright install`, which downloads from elsewhere); wrk: the benchmarks' second
# process that loads the service over HTTP.
APT_PACKAGES=(postgresql dbus-daemon gnome-keyring libsecret-1-0 chromium fonts-dejavu-core wrk)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "setup: installing Debian packages: ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  else
    echo "setup: please install these Debian packages (as root: apt-get install ${missing[*]}); tests that need them will be skipped" >&2
  fi
fi

source "$ROOT/scripts/toolchain.sh"

# npm ci only when package-lock.json changed since the last install.
stamp="node_modules/.latchkey-lock-stamp"
lock_sum="$(sha256sum package-lock.json | cut -d' ' -f1)-$(node --version)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_sum" ]; then
  echo "setup: npm ci" >&2
  # Electron's binary comes from GitHub, which this machine cannot reach: install its package
  # (types, electron-builder's version) without it. Tests that need the binary say they skip.
  ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci --no-audit --no-fund >&2
  echo "$lock_sum" > "$stamp"
fi
