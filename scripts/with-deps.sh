#!/usr/bin/env bash
# Runs a command on Node.js 24 with the dev dependencies installed, so that `npm test`,
# `npm run demo` and friends work on a fresh clone without a separate install step.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/node24.sh
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  # --ignore-scripts: a lint plugin's preinstall insists on pnpm; nothing we use needs a script.
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2
fi
exec "$@"
