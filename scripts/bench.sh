#!/usr/bin/env bash
# npm run bench: builds, makes sure the n8n installs exist, then runs bench/run.ts.
set -euo pipefail
cd "$(dirname "$0")/.."
n8n-node build >/dev/null
bash scripts/install-n8n.sh 2.41.1 >/dev/null
bash scripts/install-n8n.sh 1.123.81 >/dev/null
command -v /usr/bin/time >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null; }
exec tsx bench/run.ts
