#!/bin/sh
# The #5 join benchmark: page open to first decoded remote frame, with the real browser SDK in
# Debian's Chromium against the tarball (bench/browser/join-bench.mjs).
#
#   bench/run-join-bench.sh [RUNS]        (default 10 runs)
#
# Needs node, npm and /usr/bin/chromium (CHROMIUM overrides). Uses the e2e workspace the browser
# tests make (distribution/target/e2e); it is made here first if missing, by running BrowserSdkIT.
# Exit status: 0 the median meets the target, 1 it does not, 2 the benchmark could not run.
set -eu
. "$(dirname "$0")/bench-common.sh"
bench_setup run-join-bench

if [ ! -f distribution/target/e2e/www/sdk-bundle.js ]; then
    echo "==> preparing the e2e workspace (BrowserSdkIT)"
    mvn -B -q -pl distribution verify -Dit.test=BrowserSdkIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
fi
exec node bench/browser/join-bench.mjs distribution/target/jellyfish-0.5.0 distribution/target/e2e "${1:-10}"
