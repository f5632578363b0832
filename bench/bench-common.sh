# Sourced by bench/run-*.sh: what the three benchmark scripts share.
#
#   . "$(dirname "$0")/bench-common.sh"
#   bench_setup run-xyz-bench     # cd to the repository, pick a JDK 21+, build unless SKIP_BUILD=1
#
# JAVA_HOME: a JDK 21+ (default: /usr/lib/jvm/temurin-25-jdk-amd64 when present); the servers run
# on the same JDK, and jcmd comes from it. SKIP_BUILD=1 uses the tarball and bench jar already built.
# Sets $root (the repository) and exits 2 when no suitable JDK is found.

bench_setup() {
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
        echo "$1: needs a JDK 21+ (found '${major:-none}'): set JAVA_HOME" >&2
        exit 2
    fi

    if [ "${SKIP_BUILD:-0}" != 1 ]; then
        echo "==> mvn -B -q -DskipTests install"
        mvn -B -q -DskipTests install
        echo "==> mvn -B -q -Pbench -pl bench package"
        mvn -B -q -Pbench -pl bench package
    fi
}
