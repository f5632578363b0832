#!/bin/sh
# Builds the server tarball and the bench module, then runs the cluster benchmark
# (io.jellyfish.bench.ClusterBench: three members of one cluster on loopback) against the real
# tarball and prints the results table.
#
#   bench/run-cluster-bench.sh [TARBALL]
#
# Environment:
#   JAVA_HOME    a JDK 21+ (default: /usr/lib/jvm/temurin-25-jdk-amd64 when present); the
#                members run on the same JDK, and jcmd comes from it
#   SKIP_BUILD=1 use the tarball and bench jar already built
#   BENCH_OPTS   extra JVM options for the harness, e.g.
#                "-Dbench.quietWait=10m -Dbench.formationRuns=5 -Dbench.profile=true"
#
# Exit status: 0 every target passed, 1 a target was missed, 2 the benchmark could not run.
# The members use the cluster ports 19600-19609 (or the next free range of ten up to 19699;
# -Dbench.distPorts=MIN-MAX to choose) and free REST and metrics ports.
set -eu

. "$(dirname "$0")/bench-common.sh"
bench_setup run-cluster-bench

# The harness and driver share the 2 cores with three members: keep the driver's JVM small
# and its collector single-threaded.
# shellcheck disable=SC2086
exec java -XX:+UseSerialGC -Xms256m -Xmx256m ${BENCH_OPTS:-} \
    -cp "$root/bench/target/jellyfish-bench-0.5.0.jar" io.jellyfish.bench.ClusterBench "$@"
