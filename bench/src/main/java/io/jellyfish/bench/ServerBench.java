package io.jellyfish.bench;

import io.jellyfish.bench.BenchSupport.BenchFailure;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.jellyfish.bench.BenchSupport.fmt;
import static io.jellyfish.bench.BenchSupport.indent;
import static io.jellyfish.bench.BenchSupport.kilobytes;
import static io.jellyfish.bench.BenchSupport.statusField;
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

    private static final String TOKEN = "bench-token";
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
    private Path tmp;
    private ServerProcess server;
    private long serverPid = -1;
    private int port;
    private int metricsPort;
    private Path log;
    private boolean keepTmp;
    private final Path jdkHome = Path.of(System.getProperty("java.home"));

    public static void main(String[] args) {
        ServerBench bench = new ServerBench();
        int status;
        try {
            status = bench.run(args);
        } catch (BenchFailure e) {
            System.err.println();
            System.err.println("BENCHMARK FAILED: " + e.getMessage());
            bench.printLogTail();
            status = 2;
        } catch (Exception e) {
            System.err.println();
            System.err.println("BENCHMARK FAILED: " + e);
            e.printStackTrace();
            bench.printLogTail();
            status = 2;
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

        step("unpacking " + tarball);
        tmp = Files.createTempDirectory("jellyfish-bench-");
        Path home = BenchSupport.unpack(tarball, tmp);
        OUT.println("    installation: " + home);

        // 1. start to first 200
        port = BenchSupport.freePort();
        metricsPort = BenchSupport.freePort();
        startServer(home);
        // 2. idle RSS
        step("idle: 2 s, then VmRSS");
        Thread.sleep(2000);
        checkAlive();
        double rssMb = kilobytes(statusField(serverPid, "VmRSS")) / 1024.0;
        OUT.printf(Locale.ROOT, "    VmRSS %.1f MB (VmHWM so far %.1f MB)%n", rssMb,
                kilobytes(statusField(serverPid, "VmHWM")) / 1024.0);
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
        RestBench.Options base = RestBench.Options.fromProperties("127.0.0.1", port, TOKEN,
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
        double liveAfter = liveHeapKb() / 1024.0;
        double hwm = kilobytes(statusField(serverPid, "VmHWM")) / 1024.0;
        double rssAfter = kilobytes(statusField(serverPid, "VmRSS")) / 1024.0;
        rows.add("live heap after the load (after full GC)", fmt("%.1f MB", liveAfter), "-", "info");
        rows.add("RSS after the load / peak (VmHWM)", fmt("%.1f / %.1f MB", rssAfter, hwm), "-", "info");

        stopServer();
        printTable();
        cleanUp(true);
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

    private void startServer(Path home) throws Exception {
        step("starting bin/jellyfish on 127.0.0.1:" + port + " (metrics " + metricsPort + ")");
        Path work = tmp.resolve("work");
        log = tmp.resolve("server.log");
        Map<String, String> env = new LinkedHashMap<>();
        env.put("JF_IP", "127.0.0.1");
        env.put("JF_PORT", Integer.toString(port));
        env.put("JF_METRICS_IP", "127.0.0.1");
        env.put("JF_METRICS_PORT", Integer.toString(metricsPort));
        env.put("JF_SERVER_API_TOKEN", TOKEN);
        env.put("JF_RESOURCES_BASE_PATH", work.resolve("jellyfish_resources").toString());
        server = new ServerProcess("server", home, work, log, env,
                System.getProperty("bench.serverJavaHome", jdkHome.toString()),
                System.getProperty("bench.serverJavaOpts"));

        long t0 = server.start();
        long deadline = t0 + TimeUnit.SECONDS.toNanos(30);
        int polls = 0;
        String lastProblem = "no answer yet";
        try (SimpleHttp probe = new SimpleHttp("127.0.0.1", port, TOKEN, 1000)) {
            while (true) {
                polls++;
                try {
                    SimpleHttp.Response r = probe.get("/health");
                    if (r.status() == 200) {
                        break;
                    }
                    lastProblem = "status " + r.status() + ": " + RestBench.abbreviate(r.body());
                } catch (IOException e) {
                    lastProblem = e.toString(); // the probe has closed its socket; it reconnects on the next call
                }
                if (!server.isAlive()) {
                    throw new BenchFailure("bin/jellyfish exited with status " + server.exitValue()
                            + " before answering /health (" + lastProblem + ")");
                }
                if (System.nanoTime() > deadline) {
                    throw new BenchFailure("no 200 on /health within 30 s (" + lastProblem + ")");
                }
                Thread.sleep(10);
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        serverPid = server.pid();
        OUT.printf(Locale.ROOT, "    first 200 on /health after %.3f s (%d polls); server JVM pid %d%n",
                seconds, polls, serverPid);
        rows.add("start to first 200 on /health", fmt("%.3f s", seconds),
                fmt("< %.1f s", STARTUP_TARGET_S), verdict(seconds < STARTUP_TARGET_S));
    }

    private void measureRoomsHeap(int count) throws Exception {
        step("heap of " + String.format(Locale.ROOT, "%,d", count) + " empty rooms");
        // Warm the paths first, so one-time class loading and caches are not counted as rooms.
        List<String> warm = createRooms(200, 4, false);
        deleteRooms(warm, 4, false);
        long before = liveHeapKb();
        OUT.printf(Locale.ROOT, "    live heap before: %.1f MB%n", before / 1024.0);
        long t0 = System.nanoTime();
        List<String> ids = createRooms(count, 4, true);
        double createSeconds = (System.nanoTime() - t0) / 1e9;
        checkAlive();
        long after = liveHeapKb();
        double deltaMb = (after - before) / 1024.0;
        OUT.printf(Locale.ROOT, "    live heap after:  %.1f MB; delta %.1f MB = %.0f bytes per room"
                        + " (created in %.1f s)%n", after / 1024.0, deltaMb, (after - before) * 1024.0 / count,
                createSeconds);
        rows.add(String.format(Locale.ROOT, "heap added by %,d empty rooms", count),
                fmt("%.1f MB", deltaMb) + fmt(" (%.0f B/room)", (after - before) * 1024.0 / count),
                fmt("< %.0f MB", ROOMS_HEAP_TARGET_MB), verdict(deltaMb < ROOMS_HEAP_TARGET_MB));
        step("deleting the " + String.format(Locale.ROOT, "%,d", count) + " rooms");
        deleteRooms(ids, 4, true);
        SimpleHttp.Response list;
        try (SimpleHttp http = new SimpleHttp("127.0.0.1", port, TOKEN, 10_000)) {
            list = http.get("/room");
        }
        if (list.status() != 200 || !list.body().replace(" ", "").contains("\"data\":[]")) {
            notes.add("after deleting the rooms, GET /room answered " + list.status() + ": "
                    + RestBench.abbreviate(list.body()));
        }
    }

    private List<String> createRooms(int count, int parallel, boolean progress) throws Exception {
        ConcurrentLinkedQueue<String> ids = new ConcurrentLinkedQueue<>();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        runParallel(parallel, http -> {
            while (next.getAndIncrement() < count) {
                SimpleHttp.Response r = http.post("/room", "{}");
                String id = r.status() == 201 ? SimpleHttp.firstId(r.body()) : null;
                if (id == null) {
                    throw new BenchFailure("POST /room answered " + r.status() + ": " + RestBench.abbreviate(r.body()));
                }
                ids.add(id);
                int n = done.incrementAndGet();
                if (progress && n % 2500 == 0) {
                    OUT.printf(Locale.ROOT, "    created %,d/%,d%n", n, count);
                }
            }
        });
        return new ArrayList<>(ids);
    }

    private void deleteRooms(List<String> ids, int parallel, boolean progress) throws Exception {
        ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>(ids);
        AtomicInteger done = new AtomicInteger();
        runParallel(parallel, http -> {
            String id;
            while ((id = queue.poll()) != null) {
                SimpleHttp.Response r = http.delete("/room/" + id);
                if (r.status() != 204 && r.status() != 200) {
                    throw new BenchFailure("DELETE /room/" + id + " answered " + r.status() + ": "
                            + RestBench.abbreviate(r.body()));
                }
                int n = done.incrementAndGet();
                if (progress && n % 2500 == 0) {
                    OUT.printf(Locale.ROOT, "    deleted %,d/%,d%n", n, ids.size());
                }
            }
        });
    }

    private interface HttpTask {
        void run(SimpleHttp http) throws Exception;
    }

    private void runParallel(int parallel, HttpTask task) throws Exception {
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (int i = 0; i < parallel; i++) {
            futures.add(CompletableFuture.runAsync(() -> {
                try (SimpleHttp http = new SimpleHttp("127.0.0.1", port, TOKEN, 10_000)) {
                    task.run(http);
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new BenchFailure(e.toString());
                }
            }, r -> Thread.ofVirtual().start(r)));
        }
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
    }

    private RestBench.Result load(RestBench.Options options) throws Exception {
        String name = options.scenario().name().toLowerCase(Locale.ROOT);
        step("load: " + options.scenario().description + " (" + name + ")");
        checkAlive();
        boolean profile = Boolean.getBoolean("bench.profile");
        Path jfr = tmp.resolve(name + ".jfr");
        if (profile) {
            // Armed now, while the server is idle, to record exactly the measured window: a jcmd
            // started inside the window would take CPU from the server.
            jcmd("JFR.start", "name=bench-" + name, "settings=profile", "jdk.ExecutionSample#period=2ms",
                    "delay=" + options.warmup().toMillis() + "ms", "duration=" + options.measure().toMillis() + "ms",
                    "filename=" + jfr);
        }
        RestBench.Result result = RestBench.run(options);
        if (profile) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (!(Files.isRegularFile(jfr) && Files.size(jfr) > 0) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            Thread.sleep(500); // let the recording finish writing
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
            Path kept = Path.of(System.getProperty("java.io.tmpdir"), "jellyfish-bench-" + name + ".jfr");
            Files.copy(jfr, kept, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            OUT.println("    JFR profile of the server during the measured window, kept as " + kept + ":");
            JfrTop.print(kept, 25, OUT);
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
                "-H", "Authorization: Bearer " + TOKEN, "http://127.0.0.1:" + port + "/health"),
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
        if (server != null && !server.isAlive()) {
            throw new BenchFailure("the server exited (status " + server.exitValue() + ")");
        }
    }

    private synchronized void stopServer() {
        if (server == null) {
            return;
        }
        ServerProcess p = server;
        server = null;
        if (!p.isAlive()) {
            return;
        }
        OUT.println("==> stopping the server (SIGTERM)");
        int status = p.stop(OUT, Duration.ofSeconds(15));
        if (status >= 0) {
            OUT.println("    server exited with status " + status);
            if (status != 0) {
                notes.add("the server exited with status " + status + " after SIGTERM (bin/jellyfish"
                        + " documents 0 for a graceful stop); its output is kept in " + log);
                keepTmp = true;
            }
        }
    }

    private void cleanUp(boolean success) {
        if (tmp == null) {
            return;
        }
        if (Boolean.getBoolean("bench.keep") || !success || keepTmp) {
            if (!success) {
                OUT.println("    kept " + tmp + " (server.log inside)");
            }
            tmp = null;
            return;
        }
        BenchSupport.deleteTree(tmp);
        tmp = null;
    }

    private void printLogTail() {
        if (log == null || !Files.isRegularFile(log)) {
            return;
        }
        try {
            List<String> lines = Files.readAllLines(log, java.nio.charset.StandardCharsets.UTF_8);
            System.err.println("---- last lines of the server's output (" + log + ")");
            lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(System.err::println);
            System.err.println("----");
        } catch (IOException | java.io.UncheckedIOException e) {
            System.err.println("(cannot read " + log + ": " + e + ")");
        }
    }

    // ------------------------------------------------------------------ /proc and jcmd

    /** utime + stime of the server's JVM in nanoseconds, or -1. */
    private long serverCpuNanos() {
        return serverPid < 0 ? -1 : BenchSupport.cpuNanos(serverPid);
    }

    /** Forces full collections, then sums the "used" of the heap's spaces from GC.heap_info, in KB. */
    private long liveHeapKb() throws Exception {
        jcmd("GC.run");
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        return parseHeapUsedKb(info);
    }

    static long parseHeapUsedKb(String info) {
        long sum = 0;
        boolean found = false;
        // Serial/Parallel/G1: "<space>  total 9792K, used 5302K [..." (one line per generation or one for G1)
        Matcher m = Pattern.compile("total\\s+(\\d+)([KMG]),\\s+used\\s+(\\d+)([KMG])").matcher(info);
        while (m.find()) {
            sum += toKb(Long.parseLong(m.group(3)), m.group(4));
            found = true;
        }
        if (!found) {
            // ZGC: " ZHeap           used 8M, capacity 32M, max capacity 1024M"; Shenandoah: "... X used"
            Matcher z = Pattern.compile("ZHeap\\s+used\\s+(\\d+)([KMG])").matcher(info);
            if (z.find()) {
                sum = toKb(Long.parseLong(z.group(1)), z.group(2));
                found = true;
            }
        }
        if (!found) {
            throw new BenchFailure("cannot read the used heap from jcmd GC.heap_info:\n" + info);
        }
        return sum;
    }

    private static long toKb(long n, String unit) {
        return switch (unit) {
            case "M" -> n * 1024;
            case "G" -> n * 1024 * 1024;
            default -> n;
        };
    }

    private String jcmd(String... command) throws Exception {
        return BenchSupport.jcmd(jdkHome, serverPid, command);
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
