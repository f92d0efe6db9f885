#!/usr/bin/env bash
# Installs a pinned n8n from the npm registry into a cache folder outside the package and
# prints that folder. A second call finds the finished install and returns at once.
#   scripts/install-n8n.sh 2.41.1     (runs on Node 24)
#   scripts/install-n8n.sh 1.123.81   (runs on Node 20)
set -euo pipefail
version="${1:?usage: install-n8n.sh VERSION}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
case "$version" in
  1.*) major=20 ;;
  *) major=24 ;;
esac
source "$here/use-node.sh" "$major"
dir="${OZ_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/oz-n8n}/n8n-$version"

if [ ! -f "$dir/.ready" ]; then
  echo "Installing n8n $version on Node $(node --version) into $dir (a few minutes, once)" >&2
  mkdir -p "$dir"
  if [ "$major" = 20 ]; then
    # n8n 1.x depends on an xlsx tarball from a vendor CDN; the registry's xlsx replaces it.
    printf '{"name":"n8n-host","private":true,"dependencies":{"n8n":"%s"},"overrides":{"xlsx":"0.18.5"}}\n' "$version" >"$dir/package.json"
    natives="sqlite3"
  else
    printf '{"name":"n8n-host","private":true,"dependencies":{"n8n":"%s"}}\n' "$version" >"$dir/package.json"
    natives="isolated-vm sqlite3"
  fi
  # Install scripts stay off: one of them downloads zlib from the internet. Only the
  # native modules n8n needs are then built, against this Node's headers.
  (cd "$dir" && npm install --ignore-scripts --no-audit --no-fund --loglevel=error >&2)
  (cd "$dir" && npm rebuild $natives --loglevel=error >&2)
  touch "$dir/.ready"
fi
echo "$dir"
