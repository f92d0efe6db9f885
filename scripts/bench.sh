#!/usr/bin/env bash
# npm run bench: builds, makes sure the n8n installs exist, then runs the scenarios named in
# OZ_BENCH (all by default): bench/bursts.ts for burst, containerBurst, fairness and batches (a
# regular-mode n8n); bench/run.ts for capacity, rate, memory and containerMemory; bench/soak.ts
# for soak (about 40 minutes: 3 runs of two 5-minute streams) and soakQueue (queue mode, about
# 8 minutes); the queue-mode suites for queue.
set -euo pipefail
cd "$(dirname "$0")/.."
n8n-node build >/dev/null
version() { node -p "require('./n8n-versions.json').$1.version"; }
bash scripts/install-n8n.sh "$(version current)" >/dev/null
wanted() { [ -z "${OZ_BENCH:-}" ] || [[ ",$OZ_BENCH," == *",$1,"* ]]; }
if wanted burst || wanted containerBurst || wanted fairness || wanted batches; then
  tsx bench/bursts.ts
fi
if wanted capacity || wanted rate || wanted memory || wanted containerMemory; then
  bash scripts/install-n8n.sh "$(version legacy)" >/dev/null
  # GNU time measures each n8n process's peak memory; a system package, so reported, not installed.
  command -v /usr/bin/time >/dev/null 2>&1 || {
    echo "The memory scenario needs GNU time at /usr/bin/time: sudo apt-get install time (Debian and Ubuntu)." >&2
    exit 1
  }
  tsx bench/run.ts
fi
if wanted soak || wanted soakQueue; then
  if wanted soakQueue; then bash scripts/install-queue-deps.sh >/dev/null; fi
  tsx bench/soak.ts
fi
if wanted queue; then
  bash scripts/install-queue-deps.sh >/dev/null
  jest -c jest.e2e.config.js e2e/queue
  tsx bench/queue.ts
fi
