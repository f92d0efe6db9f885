#!/usr/bin/env bash
# npm run editor: the n8n editor on localhost with the package, a simulator credential and the examples.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/node24.sh
[ -d node_modules/@n8n/node-cli ] || npm ci --ignore-scripts --no-audit --no-fund
npm run --silent build >/dev/null
exec node node_modules/tsx/dist/cli.mjs scripts/editor.ts
