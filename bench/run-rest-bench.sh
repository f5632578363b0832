#!/bin/sh
# Builds the server tarball and the bench module, then runs the single-node benchmark
# (io.jellyfish.bench.ServerBench) against the real tarball and prints the results table.
#
#   bench/run-rest-bench.sh [TARBALL]
#
# Environment:
#   JAVA_HOME    a JDK 21+ (default: /usr/lib/jvm/temurin-25-jdk-amd64 when present); the
#                server runs on the same JDK, and jcmd comes from it (see bench-common.sh)
#   SKIP_BUILD=1 use the tarball and bench jar already built
#   BENCH_OPTS   extra JVM options for the harness, e.g.
#                "-Dbench.warmup=5s -Dbench.duration=10s -Dbench.profile=true -Dbench.wrk=false"
#
# Exit status: 0 every target passed, 1 a target was missed, 2 the benchmark could not run.
# When wrk is on the PATH (apt-get install -y wrk) the harness also runs
# `wrk -t2 -c64 -d10s --latency -H 'Authorization: Bearer bench-token' .../health` as a cross-check.
set -eu

. "$(dirname "$0")/bench-common.sh"
bench_setup run-rest-bench

if ! command -v wrk >/dev/null 2>&1; then
    echo "    (wrk not found: no cross-check; apt-get install -y wrk to add one)"
fi

# The harness and driver share the 2 cores with the server: keep the driver's JVM small and
# its collector single-threaded.
# shellcheck disable=SC2086
exec java -XX:+UseSerialGC -Xms256m -Xmx256m ${BENCH_OPTS:-} \
    -jar "$root/bench/target/jellyfish-bench-0.5.0.jar" "$@"
