#!/bin/sh
# Builds the server tarball and the bench module, then runs the single-node benchmark
# (io.jellyfish.bench.ServerBench) against the real tarball and prints the results table.
#
#   bench/run-rest-bench.sh [TARBALL]
#
# Environment:
#   JAVA_HOME    a JDK 21+ (default: /usr/lib/jvm/temurin-25-jdk-amd64 when present); the
#                server runs on the same JDK, and jcmd comes from it
#   SKIP_BUILD=1 use the tarball and bench jar already built
#   BENCH_OPTS   extra JVM options for the harness, e.g.
#                "-Dbench.warmup=5s -Dbench.duration=10s -Dbench.profile=true -Dbench.wrk=false"
#
# Exit status: 0 every target passed, 1 a target was missed, 2 the benchmark could not run.
# When wrk is on the PATH (apt-get install -y wrk) the harness also runs
# `wrk -t2 -c64 -d10s --latency -H 'Authorization: Bearer bench-token' .../health` as a cross-check.
set -eu

root=$(CDPATH='' cd -P -- "$(dirname "$0")/.." && pwd -P)
cd "$root"

if [ -z "${JAVA_HOME:-}" ] && [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
    JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
if [ -n "${JAVA_HOME:-}" ]; then
    export JAVA_HOME
    PATH=$JAVA_HOME/bin:$PATH
    export PATH
fi
major=$(java -version 2>&1 | sed -n 's/^.* version "\([0-9]*\).*$/\1/p' | sed -n 1p)
if [ -z "$major" ] || [ "$major" -lt 21 ]; then
    echo "run-rest-bench: needs a JDK 21+ (found '${major:-none}'): set JAVA_HOME" >&2
    exit 2
fi

if [ "${SKIP_BUILD:-0}" != 1 ]; then
    echo "==> mvn -B -q -DskipTests install"
    mvn -B -q -DskipTests install
    echo "==> mvn -B -q -Pbench -pl bench package"
    mvn -B -q -Pbench -pl bench package
fi

if ! command -v wrk >/dev/null 2>&1; then
    echo "    (wrk not found: no cross-check; apt-get install -y wrk to add one)"
fi

# The harness and driver share the 2 cores with the server: keep the driver's JVM small and
# its collector single-threaded.
# shellcheck disable=SC2086
exec java -XX:+UseSerialGC -Xms256m -Xmx256m ${BENCH_OPTS:-} \
    -jar "$root/bench/target/jellyfish-bench-0.5.0.jar" "$@"
