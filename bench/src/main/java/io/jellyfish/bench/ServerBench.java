package io.jellyfish.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.jellyfish.bench.BenchSupport.fmt;
import static io.jellyfish.bench.BenchSupport.indent;
import static io.jellyfish.bench.BenchSupport.verdict;

/**
 * The single-node benchmark against the real tarball: unpacks
 * {@code distribution/target/jellyfish-0.5.0.tar.gz}, starts {@code bin/jellyfish} as a separate
 * process on free ports and measures, in order:
 * <ol>
 *   <li>start to first 200 on {@code /health} (from {@code ProcessBuilder.start()}, polled every 10 ms);</li>
 *   <li>idle RSS ({@code VmRSS} of the server's JVM, 2 s after the first 200);</li>
 *   <li>the live heap that 10,000 empty rooms add ({@code jcmd GC.run} + {@code GC.heap_info} before and after);</li>
 *   <li>{@code GET /health} and room create + delete pairs under 64 keep-alive connections ({@link RestBench});</li>
 * </ol>
 * then prints metric | measured | target | PASS/MISS, and stops the server (also on failure).
 *
 * <p>Usage: {@code java -jar bench/target/jellyfish-bench-0.5.0.jar [TARBALL]}. Exit status 0 when
 * every target passes, 1 when one is missed, 2 when the benchmark could not run.
 *
 * <p>System properties (besides RestBench's {@code bench.warmup}, {@code bench.duration},
 * {@code bench.drain}, {@code bench.connections}, {@code bench.threads}):
 * {@code bench.tarball}; {@code bench.serverJavaHome} (default: the JDK running this);
 * {@code bench.serverJavaOpts} (default: none given, so bin/jellyfish uses its own default);
 * {@code bench.rooms} (default 10000; 0 skips that step); {@code bench.scenarios} (default
 * {@code health,pairs}); {@code bench.wrk} (default true: cross-check /health with
 * wrk when it is on the PATH); {@code bench.profile} (default false: record JFR during each load
 * scenario and print the hottest methods); {@code bench.keep} (keep the temporary directory);
 * {@code bench.maxTime} (the whole run's bound).
 */
public final class ServerBench {

    private static final String TOKEN = SingleNode.TOKEN;
    private static final PrintStream OUT = System.out;

    // targets
    private static final double PAIRS_TARGET = 5_000;
    private static final double PAIRS_P99_TARGET_MS = 20;
    private static final double HEALTH_TARGET = 20_000;
    private static final double STARTUP_TARGET_S = 1.5;
    private static final double IDLE_RSS_TARGET_MB = 200;
    private static final double ROOMS_HEAP_TARGET_MB = 100;

    private final BenchSupport.Table rows = new BenchSupport.Table(null);
    private final List<String> notes = new ArrayList<>();
    private volatile SingleNode node;

    public static void main(String[] args) {
        ServerBench bench = new ServerBench();
        int status;
        try {
            status = BenchSupport.runGuarded(() -> bench.run(args), bench::printLogTail);
        } finally {
            bench.stopServer();
            bench.cleanUp(false);
        }
        System.exit(status);
    }

    private int run(String[] args) throws Exception {
        Path tarball = BenchSupport.findTarball(args);
        Duration warmup = RestBench.duration("bench.warmup", "5s");
        Duration measure = RestBench.duration("bench.duration", "10s");
        Duration drain = RestBench.duration("bench.drain", "5s");
        Duration maxTime = RestBench.duration("bench.maxTime",
                (300 + 3 * (warmup.toSeconds() + measure.toSeconds() + drain.toSeconds())) + "s");
        BenchSupport.startWatchdog(maxTime, this::stopServer);
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopServer, "bench-stop-server"));

        node = SingleNode.unpack(tarball, "jellyfish-bench-", OUT);

        // 1. start to first 200
        double startSeconds = node.start(System.getProperty("bench.serverJavaOpts"));
        rows.add("start to first 200 on /health", fmt("%.3f s", startSeconds),
                fmt("< %.1f s", STARTUP_TARGET_S), verdict(startSeconds < STARTUP_TARGET_S));
        // 2. idle RSS
        step("idle: 2 s, then VmRSS");
        Thread.sleep(2000);
        checkAlive();
        double rssMb = node.statusMb("VmRSS");
        OUT.printf(Locale.ROOT, "    VmRSS %.1f MB (VmHWM so far %.1f MB)%n", rssMb, node.statusMb("VmHWM"));
        rows.add("idle RSS (VmRSS, 2 s after first 200)", fmt("%.1f MB", rssMb),
                fmt("< %.0f MB", IDLE_RSS_TARGET_MB), verdict(rssMb < IDLE_RSS_TARGET_MB));

        // 3. 10,000 empty rooms
        int rooms = Integer.getInteger("bench.rooms", 10_000);
        if (rooms > 0) {
            measureRoomsHeap(rooms);
        }
        List<String> scenarios = List.of(System.getProperty("bench.scenarios", "health,pairs")
                .toLowerCase(Locale.ROOT).split("\\s*,\\s*"));

        // 4. load
        RestBench.Options base = RestBench.Options.fromProperties(SingleNode.HOST, node.port(), TOKEN,
                RestBench.Scenario.HEALTH, OUT, this::serverCpuNanos);
        OUT.printf(Locale.ROOT, "    load: %d connections, %d driver thread(s), warmup %.1f s, measure %.1f s%n",
                base.connections(), base.threads(), warmup.toMillis() / 1e3, measure.toMillis() / 1e3);

        if (scenarios.contains("health")) {
            health(base, measure);
        }
        if (scenarios.contains("pairs")) {
            pairs(base);
        }

        // after the load: footprint, and whether deleted rooms left anything behind
        step("after the load: live heap and peak RSS");
        double liveAfter = node.liveHeapKb() / 1024.0;
        double hwm = node.statusMb("VmHWM");
        double rssAfter = node.statusMb("VmRSS");
        rows.add("live heap after the load (after full GC)", fmt("%.1f MB", liveAfter), "-", "info");
        rows.add("RSS after the load / peak (VmHWM)", fmt("%.1f / %.1f MB", rssAfter, hwm), "-", "info");

        stopServer();
        printTable();
        node.cleanUp(true);
        return rows.anyMiss() ? 1 : 0;
    }

    private void health(RestBench.Options base, Duration measure) throws Exception {
        RestBench.Result health = load(base.withScenario(RestBench.Scenario.HEALTH));
        rows.add("GET /health, " + base.connections() + " connections",
                fmt("%,.0f req/s", health.throughput()) + errorsNote(health),
                fmt(">= %,.0f req/s", HEALTH_TARGET),
                verdict(health.throughput() >= HEALTH_TARGET && health.errors() == 0));
        rows.add("GET /health latency p50 / p99 / p99.9", latencies(health), "-", "info");

        if (Boolean.parseBoolean(System.getProperty("bench.wrk", "true"))) {
            wrkCrossCheck(measure);
        }
    }

    private void pairs(RestBench.Options base) throws Exception {
        RestBench.Result pairs = load(base.withScenario(RestBench.Scenario.PAIRS));
        rows.add("room create + delete, " + base.connections() + " connections",
                fmt("%,.0f pairs/s", pairs.throughput()) + errorsNote(pairs),
                fmt(">= %,.0f pairs/s", PAIRS_TARGET),
                verdict(pairs.throughput() >= PAIRS_TARGET && pairs.errors() == 0));
        double p99 = pairs.percentileMillis(99);
        rows.add("room create + delete p99 (pair)", fmt("%.2f ms", p99),
                fmt("< %.0f ms", PAIRS_P99_TARGET_MS), verdict(p99 < PAIRS_P99_TARGET_MS));
        rows.add("room create + delete p50 / p99.9", fmt("%.2f / %.2f ms", pairs.percentileMillis(50),
                pairs.percentileMillis(99.9)), "-", "info");
    }

    // ------------------------------------------------------------------ phases

    private void measureRoomsHeap(int count) throws Exception {
        step("heap of " + String.format(Locale.ROOT, "%,d", count) + " empty rooms");
        // Warm the paths first, so one-time class loading and caches are not counted as rooms.
        List<String> warm = node.createRooms(200, 4, "{}", false);
        node.deleteRooms(warm, 4, false);
        long before = node.liveHeapKb();
        OUT.printf(Locale.ROOT, "    live heap before: %.1f MB%n", before / 1024.0);
        long t0 = System.nanoTime();
        List<String> ids = node.createRooms(count, 4, "{}", true);
        double createSeconds = (System.nanoTime() - t0) / 1e9;
        checkAlive();
        long after = node.liveHeapKb();
        double deltaMb = (after - before) / 1024.0;
        OUT.printf(Locale.ROOT, "    live heap after:  %.1f MB; delta %.1f MB = %.0f bytes per room"
                        + " (created in %.1f s)%n", after / 1024.0, deltaMb, (after - before) * 1024.0 / count,
                createSeconds);
        rows.add(String.format(Locale.ROOT, "heap added by %,d empty rooms", count),
                fmt("%.1f MB", deltaMb) + fmt(" (%.0f B/room)", (after - before) * 1024.0 / count),
                fmt("< %.0f MB", ROOMS_HEAP_TARGET_MB), verdict(deltaMb < ROOMS_HEAP_TARGET_MB));
        step("deleting the " + String.format(Locale.ROOT, "%,d", count) + " rooms");
        node.deleteRooms(ids, 4, true);
        SimpleHttp.Response list;
        try (SimpleHttp http = node.http(10_000)) {
            list = http.get("/room");
        }
        if (list.status() != 200 || !list.body().replace(" ", "").contains("\"data\":[]")) {
            notes.add("after deleting the rooms, GET /room answered " + list.status() + ": "
                    + RestBench.abbreviate(list.body()));
        }
    }

    private RestBench.Result load(RestBench.Options options) throws Exception {
        String name = options.scenario().name().toLowerCase(Locale.ROOT);
        step("load: " + options.scenario().description + " (" + name + ")");
        checkAlive();
        boolean profile = Boolean.getBoolean("bench.profile");
        // Armed now, while the server is idle, to record exactly the measured window: a jcmd
        // started inside the window would take CPU from the server.
        Path jfr = profile ? node.armJfr(name, options.warmup(), options.measure()) : null;
        RestBench.Result result = RestBench.run(options);
        if (profile) {
            SingleNode.awaitJfr(jfr);
        }
        OUT.print(indent(result.summary()));
        double others = result.machineCpuCores() - result.driverCpuCores() - result.serverCpuCores();
        if (result.machineCpuCores() >= 0 && result.serverCpuCores() >= 0 && others > 0.2) {
            notes.add(String.format(Locale.ROOT, "other processes used %.2f of the %d cores during the %s"
                    + " scenario: its figures understate the server", others,
                    Runtime.getRuntime().availableProcessors(), name));
        }
        checkAlive();
        if (profile) {
            node.printJfr(jfr, "jellyfish-bench-" + name, 25);
        }
        return result;
    }

    private void wrkCrossCheck(Duration measure) throws Exception {
        Optional<Path> wrk = BenchSupport.onPath("wrk");
        if (wrk.isEmpty()) {
            OUT.println("    (wrk is not installed: no cross-check; apt-get install wrk)");
            return;
        }
        long seconds = Math.max(1, measure.toSeconds());
        step("cross-check: wrk -t2 -c64 -d" + seconds + "s --latency GET /health");
        String output = BenchSupport.exec(List.of(wrk.get().toString(), "-t2", "-c64", "-d" + seconds + "s", "--latency",
                "-H", "Authorization: Bearer " + TOKEN, "http://" + SingleNode.HOST + ":" + node.port() + "/health"),
                Duration.ofSeconds(seconds + 30), false);
        OUT.print(indent(output));
        Matcher m = Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(output);
        Matcher non2xx = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)").matcher(output);
        String errors = non2xx.find() ? " (" + non2xx.group(1) + " non-2xx)" : "";
        if (m.find()) {
            rows.add("GET /health, wrk -t2 -c64 (cross-check)",
                    fmt("%,.0f req/s", Double.parseDouble(m.group(1))) + errors, "-", "info");
        }
    }

    // ------------------------------------------------------------------ server process

    private void checkAlive() {
        if (node != null) {
            node.checkAlive();
        }
    }

    private void stopServer() {
        if (node != null) {
            node.stop(notes::add);
        }
    }

    private void cleanUp(boolean success) {
        if (node != null) {
            node.cleanUp(success);
        }
    }

    private void printLogTail() {
        if (node != null) {
            node.printLogTail();
        }
    }

    /** utime + stime of the server's JVM in nanoseconds, or -1. */
    private long serverCpuNanos() {
        return node == null ? -1 : node.cpuNanos();
    }

    // ------------------------------------------------------------------ output

    private static void step(String text) {
        OUT.println("==> " + text);
    }

    private static String errorsNote(RestBench.Result r) {
        return r.errors() == 0 ? "" : " (" + r.errors() + " errors)";
    }

    private static String latencies(RestBench.Result r) {
        return fmt("%.2f / %.2f / %.2f ms", r.percentileMillis(50), r.percentileMillis(99), r.percentileMillis(99.9));
    }

    private void printTable() {
        rows.print(OUT, "Jellyfish 0.5.0 single-node benchmark (" + Runtime.getRuntime().availableProcessors()
                + " CPUs, loopback, JDK " + System.getProperty("java.version") + ")", notes);
    }
}
