#!/bin/sh
# Builds the server tarball and the bench module, then runs the WebSocket and notification
# benchmark (io.jellyfish.bench.SocketBench) against the real tarball and prints the results table:
# 10,000 authenticated peer sockets on one server with -Xmx1g, notification fan-out to 100 server
# sockets, webhook throughput.
#
#   bench/run-socket-bench.sh [TARBALL]
#
# Environment:
#   JAVA_HOME    a JDK 21+ (default: /usr/lib/jvm/temurin-25-jdk-amd64 when present); the
#                server runs on the same JDK, and jcmd comes from it (see bench-common.sh)
#   SKIP_BUILD=1 use the tarball and bench jar already built
#   BENCH_OPTS   extra JVM options for the harness, e.g.
#                "-Dbench.scenarios=fanout,webhooks -Dbench.fanoutRate=500 -Dbench.keep=true"
#
# Exit status: 0 every target passed, 1 a target was missed, 2 the benchmark could not run.
# The harness holds 10,000 client sockets (and the server as many): both need an open-files
# limit above that (ulimit -n).
set -eu

. "$(dirname "$0")/bench-common.sh"
bench_setup run-socket-bench

if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 12000 ]; then
    ulimit -n 20000 2>/dev/null || {
        echo "run-socket-bench: the open-files limit is $(ulimit -n); 10,000 sockets need more (ulimit -n 20000)" >&2
        exit 2
    }
fi

# 10,000 JDK WebSocket clients need more heap than the REST drivers; one selector thread does
# their I/O and their callbacks run on virtual threads.
# shellcheck disable=SC2086
exec java -XX:+UseSerialGC -Xms512m -Xmx1g ${BENCH_OPTS:-} \
    -cp "$root/bench/target/jellyfish-bench-0.5.0.jar" io.jellyfish.bench.SocketBench "$@"
