#!/usr/bin/env bash
# Installs what is missing on a Debian 12 host, builds, and starts the gateway in the foreground
# (console and API on http://127.0.0.1:8080, data under ./var; the database is migrated on start).
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "run as root: engines need CAP_NET_ADMIN, TUN and nftables" >&2; exit 1; }
. scripts/packages.sh
# shellcheck disable=SC2086
ensure_packages $RUNTIME_PACKAGES
ensure_node_modules
npm run build --silent
exec node --enable-source-maps dist/src/daemon.js
