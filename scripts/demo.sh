#!/usr/bin/env bash
# npm run demo: example 1 in a real n8n against the simulator (or OZ_BASE_URL with OZ_ACCESS_TOKEN).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/node24.sh
[ -d node_modules/@n8n/node-cli ] || npm ci --ignore-scripts --no-audit --no-fund
npm run --silent build >/dev/null
exec node node_modules/tsx/dist/cli.mjs scripts/demo.ts
