#!/usr/bin/env bash
# Runs every test: installs missing Debian packages (engines, PostgreSQL, Chromium) and npm
# dependencies, type-checks, builds the console, runs the console's unit tests (vitest) and then every
# node:test file under src/, test/ and bench/ (unit, store on SQLite and a private PostgreSQL, lab tests
# with real engines in network namespaces, browser tests in Chromium), then the files that drive a daemon
# once more on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "tests need root (network namespaces, TUN, nftables)" >&2; exit 1; }
start=$(date +%s)
. scripts/packages.sh
# shellcheck disable=SC2086
ensure_packages $RUNTIME_PACKAGES $TEST_PACKAGES
ensure_node_modules
echo "== type-check" >&2
npx tsc -p tsconfig.test.json --noEmit
npx tsc -p tsconfig.browser.json --noEmit
echo "== build" >&2
npm run build --silent
if [ -d web/src ] && find web/src -name '*.test.ts*' | grep -q .; then
  echo "== console unit tests (vitest)" >&2
  npx vitest run --config web/vite.config.ts --reporter=dot
fi
mapfile -t files < <(find src test bench -name '*.test.ts' -not -path '*/node_modules/*' | sort)
echo "== node tests: ${#files[@]} files" >&2
# files run one at a time: lab tests own host-wide names (wireguard sockets, ports) and the box has 2 cores
node --import tsx --test --test-concurrency=1 --test-reporter=spec "${files[@]}"
# the same again on PostgreSQL for every file whose daemon takes its database from the test support
# (testDaemon, the OpenVPN DaemonLab: CORRIDOR_TEST_DB picks it), with one private server for the pass
# (a file that tests SQLite itself says so with a "postgres-pass: skip" line and its reason)
mapfile -t pg_files < <(grep -lE 'testDaemon\(|DaemonLab\.create\(' "${files[@]}" | xargs grep -L 'postgres-pass: skip')
[ "${#pg_files[@]}" -gt 0 ] || { echo "no test file starts a daemon: the PostgreSQL pass would test nothing" >&2; exit 1; }
echo "== node tests on PostgreSQL: ${#pg_files[@]} files" >&2
CORRIDOR_TEST_DB=postgres node --import tsx test/support/with-postgres.ts \
  node --import tsx --test --test-concurrency=1 --test-reporter=spec "${pg_files[@]}"
echo "corridor: tests finished in $(( $(date +%s) - start )) s" >&2
