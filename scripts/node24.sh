#!/usr/bin/env bash
# Source this file: Node.js 24 first on PATH (see use-node.sh).
source "$(dirname "${BASH_SOURCE[0]}")/use-node.sh" 24
