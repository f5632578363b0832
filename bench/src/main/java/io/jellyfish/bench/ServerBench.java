package io.jellyfish.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
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
import java.util.stream.Stream;

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
    private static final String TARBALL_NAME = "jellyfish-0.5.0.tar.gz";
    private static final PrintStream OUT = System.out;

    // targets
    private static final double PAIRS_TARGET = 5_000;
    private static final double PAIRS_P99_TARGET_MS = 20;
    private static final double HEALTH_TARGET = 20_000;
    private static final double STARTUP_TARGET_S = 1.5;
    private static final double IDLE_RSS_TARGET_MB = 200;
    private static final double ROOMS_HEAP_TARGET_MB = 100;

    private record Row(String metric, String measured, String target, String verdict) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private Path tmp;
    private Process server;
    private long serverPid = -1;
    private int port;
    private int metricsPort;
    private Path log;
    private boolean keepTmp;
    private final Path jdkHome = Path.of(System.getProperty("java.home"));
    private final long clockTicks = clockTicksPerSecond();

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

    static final class BenchFailure extends RuntimeException {
        BenchFailure(String message) {
            super(message);
        }
    }

    private int run(String[] args) throws Exception {
        Path tarball = findTarball(args);
        Duration warmup = RestBench.duration("bench.warmup", "5s");
        Duration measure = RestBench.duration("bench.duration", "10s");
        Duration drain = RestBench.duration("bench.drain", "5s");
        Duration maxTime = RestBench.duration("bench.maxTime",
                (300 + 3 * (warmup.toSeconds() + measure.toSeconds() + drain.toSeconds())) + "s");
        startWatchdog(maxTime);
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopServer, "bench-stop-server"));

        step("unpacking " + tarball);
        tmp = Files.createTempDirectory("jellyfish-bench-");
        exec(List.of("tar", "-xzf", tarball.toString(), "-C", tmp.toString()), Duration.ofSeconds(60), true);
        Path home = findHome(tmp);
        OUT.println("    installation: " + home);

        // 1. start to first 200
        port = freePort();
        metricsPort = freePort();
        startServer(home);
        // 2. idle RSS
        step("idle: 2 s, then VmRSS");
        Thread.sleep(2000);
        checkAlive();
        double rssMb = kilobytes(statusField(serverPid, "VmRSS")) / 1024.0;
        OUT.printf(Locale.ROOT, "    VmRSS %.1f MB (VmHWM so far %.1f MB)%n", rssMb,
                kilobytes(statusField(serverPid, "VmHWM")) / 1024.0);
        rows.add(new Row("idle RSS (VmRSS, 2 s after first 200)", fmt("%.1f MB", rssMb),
                fmt("< %.0f MB", IDLE_RSS_TARGET_MB), verdict(rssMb < IDLE_RSS_TARGET_MB)));

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
        rows.add(new Row("live heap after the load (after full GC)", fmt("%.1f MB", liveAfter), "-", "info"));
        rows.add(new Row("RSS after the load / peak (VmHWM)", fmt("%.1f / %.1f MB", rssAfter, hwm), "-", "info"));

        stopServer();
        printTable();
        cleanUp(true);
        return rows.stream().anyMatch(r -> r.verdict().equals("MISS")) ? 1 : 0;
    }

    private void health(RestBench.Options base, Duration measure) throws Exception {
        RestBench.Result health = load(base.withScenario(RestBench.Scenario.HEALTH));
        rows.add(new Row("GET /health, " + base.connections() + " connections",
                fmt("%,.0f req/s", health.throughput()) + errorsNote(health),
                fmt(">= %,.0f req/s", HEALTH_TARGET),
                verdict(health.throughput() >= HEALTH_TARGET && health.errors() == 0)));
        rows.add(new Row("GET /health latency p50 / p99 / p99.9", latencies(health), "-", "info"));

        if (Boolean.parseBoolean(System.getProperty("bench.wrk", "true"))) {
            wrkCrossCheck(measure);
        }
    }

    private void pairs(RestBench.Options base) throws Exception {
        RestBench.Result pairs = load(base.withScenario(RestBench.Scenario.PAIRS));
        rows.add(new Row("room create + delete, " + base.connections() + " connections",
                fmt("%,.0f pairs/s", pairs.throughput()) + errorsNote(pairs),
                fmt(">= %,.0f pairs/s", PAIRS_TARGET),
                verdict(pairs.throughput() >= PAIRS_TARGET && pairs.errors() == 0)));
        double p99 = pairs.percentileMillis(99);
        rows.add(new Row("room create + delete p99 (pair)", fmt("%.2f ms", p99),
                fmt("< %.0f ms", PAIRS_P99_TARGET_MS), verdict(p99 < PAIRS_P99_TARGET_MS)));
        rows.add(new Row("room create + delete p50 / p99.9", fmt("%.2f / %.2f ms", pairs.percentileMillis(50),
                pairs.percentileMillis(99.9)), "-", "info"));
    }

    // ------------------------------------------------------------------ phases

    private void startServer(Path home) throws Exception {
        step("starting bin/jellyfish on 127.0.0.1:" + port + " (metrics " + metricsPort + ")");
        Path work = Files.createDirectories(tmp.resolve("work"));
        log = tmp.resolve("server.log");
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/jellyfish").toString())
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("JF_") || k.equals("JELLYFISH_CONFIG")
                || k.equals("JAVA_OPTS") || k.equals("JAVA_TOOL_OPTIONS") || k.equals("JDK_JAVA_OPTIONS"));
        env.put("JAVA_HOME", System.getProperty("bench.serverJavaHome", jdkHome.toString()));
        String javaOpts = System.getProperty("bench.serverJavaOpts");
        if (javaOpts != null) {
            env.put("JAVA_OPTS", javaOpts);
        }
        env.put("JF_IP", "127.0.0.1");
        env.put("JF_PORT", Integer.toString(port));
        env.put("JF_METRICS_IP", "127.0.0.1");
        env.put("JF_METRICS_PORT", Integer.toString(metricsPort));
        env.put("JF_SERVER_API_TOKEN", TOKEN);
        env.put("JF_RESOURCES_BASE_PATH", work.resolve("jellyfish_resources").toString());

        long t0 = System.nanoTime();
        server = pb.start();
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
        serverPid = jvmPid(server.toHandle());
        OUT.printf(Locale.ROOT, "    first 200 on /health after %.3f s (%d polls); server JVM pid %d%n",
                seconds, polls, serverPid);
        rows.add(new Row("start to first 200 on /health", fmt("%.3f s", seconds),
                fmt("< %.1f s", STARTUP_TARGET_S), verdict(seconds < STARTUP_TARGET_S)));
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
        rows.add(new Row(String.format(Locale.ROOT, "heap added by %,d empty rooms", count),
                fmt("%.1f MB", deltaMb) + fmt(" (%.0f B/room)", (after - before) * 1024.0 / count),
                fmt("< %.0f MB", ROOMS_HEAP_TARGET_MB), verdict(deltaMb < ROOMS_HEAP_TARGET_MB)));
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
        Optional<Path> wrk = onPath("wrk");
        if (wrk.isEmpty()) {
            OUT.println("    (wrk is not installed: no cross-check; apt-get install wrk)");
            return;
        }
        long seconds = Math.max(1, measure.toSeconds());
        step("cross-check: wrk -t2 -c64 -d" + seconds + "s --latency GET /health");
        String output = exec(List.of(wrk.get().toString(), "-t2", "-c64", "-d" + seconds + "s", "--latency",
                "-H", "Authorization: Bearer " + TOKEN, "http://127.0.0.1:" + port + "/health"),
                Duration.ofSeconds(seconds + 30), false);
        OUT.print(indent(output));
        Matcher m = Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(output);
        Matcher non2xx = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)").matcher(output);
        String errors = non2xx.find() ? " (" + non2xx.group(1) + " non-2xx)" : "";
        if (m.find()) {
            rows.add(new Row("GET /health, wrk -t2 -c64 (cross-check)",
                    fmt("%,.0f req/s", Double.parseDouble(m.group(1))) + errors, "-", "info"));
        }
    }

    // ------------------------------------------------------------------ server process

    private void checkAlive() {
        if (server != null && !server.isAlive()) {
            throw new BenchFailure("the server exited (status " + server.exitValue() + ")");
        }
    }

    /** bin/jellyfish execs java, so its pid is the JVM's; if a wrapper stays, take its java child. */
    private long jvmPid(ProcessHandle handle) {
        if (isJava(handle)) {
            return handle.pid();
        }
        return handle.descendants().filter(ServerBench::isJava).map(ProcessHandle::pid).findFirst()
                .orElseThrow(() -> new BenchFailure("cannot find the server's JVM among the processes of pid "
                        + handle.pid()));
    }

    private static boolean isJava(ProcessHandle handle) {
        try {
            Path exe = Files.readSymbolicLink(Path.of("/proc/" + handle.pid() + "/exe"));
            return exe.getFileName().toString().equals("java");
        } catch (IOException | UnsupportedOperationException e) {
            return handle.info().command().map(c -> c.endsWith("/java")).orElse(false);
        }
    }

    private synchronized void stopServer() {
        if (server == null) {
            return;
        }
        Process p = server;
        server = null;
        if (!p.isAlive()) {
            return;
        }
        OUT.println("==> stopping the server (SIGTERM)");
        p.destroy();
        try {
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                OUT.println("    still running after 15 s: SIGKILL");
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        if (!p.isAlive()) {
            OUT.println("    server exited with status " + p.exitValue());
            if (p.exitValue() != 0) {
                notes.add("the server exited with status " + p.exitValue() + " after SIGTERM (bin/jellyfish"
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
        try (Stream<Path> walk = Files.walk(tmp)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // best effort
        }
        tmp = null;
    }

    private void printLogTail() {
        if (log == null || !Files.isRegularFile(log)) {
            return;
        }
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            System.err.println("---- last lines of the server's output (" + log + ")");
            lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(System.err::println);
            System.err.println("----");
        } catch (IOException | UncheckedIOException e) {
            System.err.println("(cannot read " + log + ": " + e + ")");
        }
    }

    private void startWatchdog(Duration maxTime) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(maxTime.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("BENCHMARK FAILED: still running after " + maxTime + " (bench.maxTime): stopping");
            stopServer();
            Runtime.getRuntime().halt(2);
        }, "bench-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    // ------------------------------------------------------------------ /proc and jcmd

    /** utime + stime of the server's JVM in nanoseconds, or -1. */
    private long serverCpuNanos() {
        if (serverPid < 0) {
            return -1;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + serverPid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after the command: state(0) ppid(1) ... utime(11) stime(12)
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return ticks * 1_000_000_000L / clockTicks;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long clockTicksPerSecond() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            p.waitFor(5, TimeUnit.SECONDS);
            return Long.parseLong(out);
        } catch (IOException | RuntimeException | InterruptedException e) {
            return 100;
        }
    }

    private static String statusField(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1).trim();
            }
        }
        throw new BenchFailure("no " + field + " in /proc/" + pid + "/status");
    }

    private static long kilobytes(String value) {
        String[] parts = value.trim().split("\\s+");
        long n = Long.parseLong(parts[0]);
        return parts.length > 1 && parts[1].equalsIgnoreCase("mB") ? n * 1024 : n;
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
        List<String> cmd = new ArrayList<>();
        cmd.add(jdkHome.resolve("bin/jcmd").toString());
        cmd.add(Long.toString(serverPid));
        cmd.addAll(List.of(command));
        return exec(cmd, Duration.ofSeconds(60), true);
    }

    private static String exec(List<String> command, Duration timeout, boolean mustSucceed) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = p.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }, r -> Thread.ofVirtual().start(r));
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new BenchFailure(String.join(" ", command) + ": no exit within " + timeout);
        }
        String text = output.get(10, TimeUnit.SECONDS);
        if (mustSucceed && p.exitValue() != 0) {
            throw new BenchFailure(String.join(" ", command) + " exited with " + p.exitValue() + ":\n" + text);
        }
        return text;
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    // ------------------------------------------------------------------ files

    private static Path findTarball(String[] args) {
        String given = args.length > 0 ? args[0] : System.getProperty("bench.tarball");
        if (given != null) {
            Path p = Path.of(given);
            if (!Files.isRegularFile(p)) {
                throw new BenchFailure(p.toAbsolutePath() + " does not exist:"
                        + " build it first with mvn -DskipTests install");
            }
            return p.toAbsolutePath();
        }
        List<Path> candidates = new ArrayList<>();
        Path cwd = Path.of("").toAbsolutePath();
        candidates.add(cwd.resolve("distribution/target/" + TARBALL_NAME));
        candidates.add(cwd.resolve("../distribution/target/" + TARBALL_NAME).normalize());
        try { // next to this jar: bench/target/x.jar -> ../../distribution/target
            Path jar = Path.of(ServerBench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            candidates.add(jar.getParent().resolve("../../distribution/target/" + TARBALL_NAME).normalize());
        } catch (Exception ignored) {
            // not from a file
        }
        for (Path p : candidates) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new BenchFailure("no " + TARBALL_NAME + " (looked for " + candidates.getFirst()
                + "): build it first with mvn -DskipTests install, or pass its path as the argument");
    }

    private static Path findHome(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir, 3)) {
            return walk.filter(p -> p.endsWith(Path.of("bin", "jellyfish")) && Files.isRegularFile(p))
                    .findFirst()
                    .map(p -> p.getParent().getParent())
                    .orElseThrow(() -> new BenchFailure("the tarball holds no bin/jellyfish"));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    // ------------------------------------------------------------------ output

    private static void step(String text) {
        OUT.println("==> " + text);
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    private static String verdict(boolean pass) {
        return pass ? "PASS" : "MISS";
    }

    private static String errorsNote(RestBench.Result r) {
        return r.errors() == 0 ? "" : " (" + r.errors() + " errors)";
    }

    private static String latencies(RestBench.Result r) {
        return fmt("%.2f / %.2f / %.2f ms", r.percentileMillis(50), r.percentileMillis(99), r.percentileMillis(99.9));
    }

    private static String indent(String text) {
        return text.lines().map(l -> "    " + l).reduce("", (a, b) -> a + b + System.lineSeparator());
    }

    private void printTable() {
        String[] head = {"metric", "measured", "target", "PASS/MISS"};
        int[] w = new int[4];
        for (int i = 0; i < 4; i++) {
            w[i] = head[i].length();
        }
        for (Row r : rows) {
            w[0] = Math.max(w[0], r.metric().length());
            w[1] = Math.max(w[1], r.measured().length());
            w[2] = Math.max(w[2], r.target().length());
            w[3] = Math.max(w[3], r.verdict().length());
        }
        String format = "%-" + w[0] + "s | %-" + w[1] + "s | %-" + w[2] + "s | %s%n";
        OUT.println();
        OUT.println("Jellyfish 0.5.0 single-node benchmark (" + Runtime.getRuntime().availableProcessors()
                + " CPUs, loopback, JDK " + System.getProperty("java.version") + ")");
        OUT.printf(format, (Object[]) head);
        OUT.println("-".repeat(w[0]) + "-+-" + "-".repeat(w[1]) + "-+-" + "-".repeat(w[2]) + "-+-" + "-".repeat(w[3]));
        for (Row r : rows) {
            OUT.printf(format, r.metric(), r.measured(), r.target(), r.verdict());
        }
        for (String note : notes) {
            OUT.println("note: " + note);
        }
    }
}
