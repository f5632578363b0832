#!/bin/sh
# Builds the server tarball and the bench module, then runs the forwarding benchmark (issue #5,
# io.jellyfish.bench.ForwardingBench): synthetic WebRTC publishers and subscribers in one room of
# the real tarball, through TURN / ICE-lite / DTLS / SRTP, and a plain UDP relay baseline with the
# same shape, and prints the results table.
#
#   bench/run-forwarding-bench.sh [TARBALL]
#
# Environment:
#   JAVA_HOME    a JDK 21+ (default: /usr/lib/jvm/temurin-25-jdk-amd64 when present); the server
#                and the relay run on the same JDK, and jcmd comes from it
#   SKIP_BUILD=1 use the tarball and bench jar already built
#   BENCH_OPTS   extra JVM options for the harness, e.g.
#                "-Dbench.quietWait=10m -Dbench.publishers=4 -Dbench.subscribers=25 -Dbench.profile=true"
#
# Exit status: 0 every target passed, 1 a target was missed, 2 the benchmark could not run.
set -eu

. "$(dirname "$0")/bench-common.sh"
bench_setup run-forwarding-bench

# The driver shares the 2 cores with the server: a small heap and a single-threaded collector;
# protobuf's sun.misc.Unsafe use allowed without the warning JDK 24+ prints.
unsafe=
if [ "$major" -ge 23 ]; then
    unsafe=--sun-misc-unsafe-memory-access=allow
fi
# shellcheck disable=SC2086
exec java -XX:+UseSerialGC -Xms256m -Xmx256m $unsafe ${BENCH_OPTS:-} \
    -cp "$root/bench/target/jellyfish-bench-0.5.0.jar" io.jellyfish.bench.ForwardingBench "$@"
