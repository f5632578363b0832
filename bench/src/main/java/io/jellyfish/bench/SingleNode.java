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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One server of the tarball for a single-node harness ({@link ServerBench}, {@link SocketBench}):
 * unpacked into its own temporary directory, started as {@code bin/jellyfish} on free loopback
 * ports with {@code JF_SERVER_API_TOKEN=bench-token}, and what those harnesses do with it: the
 * start-up probe, parallel REST calls, the live heap after a full GC and the RSS of its JVM, the
 * stop (also from a watchdog or shutdown hook), the clean-up and the log tail on failure.
 */
final class SingleNode {

    static final String TOKEN = "bench-token";
    static final String HOST = "127.0.0.1";

    /** A task of {@link #runParallel}: runs with its own keep-alive connection. */
    interface HttpTask {
        void run(SimpleHttp http) throws Exception;
    }

    private final PrintStream out;
    private final Path tmp;
    private final Path home;
    private final Path jdkHome = Path.of(System.getProperty("java.home"));
    private final int port;
    private final int metricsPort;
    private final Path log;
    private ServerProcess server;
    private long pid = -1;
    private boolean keepTmp;
    private boolean cleaned;

    private SingleNode(PrintStream out, Path tmp, Path home) throws IOException {
        this.out = out;
        this.tmp = tmp;
        this.home = home;
        this.port = BenchSupport.freePort();
        this.metricsPort = BenchSupport.freePort();
        this.log = tmp.resolve("server.log");
    }

    /** Unpacks {@code tarball} into a new temporary directory named {@code prefix...}. */
    static SingleNode unpack(Path tarball, String prefix, PrintStream out) throws Exception {
        out.println("==> unpacking " + tarball);
        Path tmp = Files.createTempDirectory(prefix);
        Path home;
        try {
            home = BenchSupport.unpack(tarball, tmp);
        } catch (Exception e) {
            BenchSupport.deleteTree(tmp);
            throw e;
        }
        out.println("    installation: " + home);
        return new SingleNode(out, tmp, home);
    }

    int port() {
        return port;
    }

    Path tmp() {
        return tmp;
    }

    Path jdkHome() {
        return jdkHome;
    }

    /**
     * Starts the server ({@code javaOpts} as its {@code JAVA_OPTS}, null for bin/jellyfish's
     * default) and polls {@code GET /health} every 10 ms; returns the seconds from
     * {@code ProcessBuilder.start()} to the first 200.
     */
    synchronized double start(String javaOpts) throws Exception {
        out.println("==> starting bin/jellyfish on " + HOST + ":" + port + " (metrics " + metricsPort + ")"
                + (javaOpts == null ? "" : ", JAVA_OPTS=\"" + javaOpts + "\""));
        Path work = tmp.resolve("work");
        Map<String, String> env = new LinkedHashMap<>();
        env.put("JF_IP", HOST);
        env.put("JF_PORT", Integer.toString(port));
        env.put("JF_METRICS_IP", HOST);
        env.put("JF_METRICS_PORT", Integer.toString(metricsPort));
        env.put("JF_SERVER_API_TOKEN", TOKEN);
        env.put("JF_RESOURCES_BASE_PATH", work.resolve("jellyfish_resources").toString());
        server = new ServerProcess("server", home, work, log, env,
                System.getProperty("bench.serverJavaHome", jdkHome.toString()), javaOpts);

        long t0 = server.start();
        long deadline = t0 + TimeUnit.SECONDS.toNanos(30);
        int polls = 0;
        String lastProblem = "no answer yet";
        try (SimpleHttp probe = new SimpleHttp(HOST, port, TOKEN, 1000)) {
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
        pid = server.pid();
        out.printf(Locale.ROOT, "    first 200 on /health after %.3f s (%d polls); server JVM pid %d%n",
                seconds, polls, pid);
        return seconds;
    }

    long pid() {
        return pid;
    }

    /** Throws when the server was started and has exited. */
    synchronized void checkAlive() {
        if (server != null && !server.isAlive()) {
            throw new BenchFailure("the server exited (status " + server.exitValue() + ")");
        }
    }

    /** utime + stime of the server's JVM in nanoseconds, or -1. */
    long cpuNanos() {
        return pid < 0 ? -1 : BenchSupport.cpuNanos(pid);
    }

    /** A field of the JVM's {@code /proc/<pid>/status} in MB, e.g. {@code VmRSS}, {@code VmHWM}. */
    double statusMb(String field) throws IOException {
        return BenchSupport.kilobytes(BenchSupport.statusField(pid, field)) / 1024.0;
    }

    /** {@code jcmd <server pid> command...}. */
    String jcmd(String... command) throws Exception {
        return BenchSupport.jcmd(jdkHome, pid, command);
    }

    /** Forces full collections, then sums the "used" of the heap's spaces from GC.heap_info, in KB. */
    long liveHeapKb() throws Exception {
        jcmd("GC.run");
        jcmd("GC.run");
        return parseHeapUsedKb(jcmd("GC.heap_info"));
    }

    /** The server JVM's {@code -XX:MaxHeapSize} in bytes (from {@code jcmd VM.flags}), or -1. */
    long maxHeapBytes() throws Exception {
        Matcher m = Pattern.compile("-XX:MaxHeapSize=(\\d+)").matcher(jcmd("VM.flags"));
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /**
     * Arms a JFR recording in the server ({@code settings=profile}, 2 ms execution sampling) that
     * starts after {@code delay} and lasts {@code duration}; arm it while the server is idle, so
     * that no jcmd runs inside the measured window. Returns the file it will write.
     */
    Path armJfr(String name, Duration delay, Duration duration) throws Exception {
        Path jfr = tmp.resolve(name + ".jfr");
        jcmd("JFR.start", "name=bench-" + name, "settings=profile", "jdk.ExecutionSample#period=2ms",
                "delay=" + delay.toMillis() + "ms", "duration=" + duration.toMillis() + "ms", "filename=" + jfr);
        return jfr;
    }

    /** Waits (at most 15 s) until a recording of {@link #armJfr} is written. */
    static void awaitJfr(Path jfr) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!(Files.isRegularFile(jfr) && Files.size(jfr) > 0) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        Thread.sleep(500); // let the recording finish writing
    }

    /** Keeps a copy of a written recording as {@code $TMPDIR/<keptName>.jfr} and prints its hottest frames. */
    void printJfr(Path jfr, String keptName, int frames) throws Exception {
        Path kept = Path.of(System.getProperty("java.io.tmpdir"), keptName + ".jfr");
        Files.copy(jfr, kept, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        out.println("    JFR profile of the server during the measured window, kept as " + kept + ":");
        JfrTop.print(kept, frames, out);
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

    // ------------------------------------------------------------------ REST

    SimpleHttp http(int timeoutMillis) {
        return new SimpleHttp(HOST, port, TOKEN, timeoutMillis);
    }

    /** Runs {@code task} on {@code parallel} virtual threads, each with its own connection; rethrows the first failure. */
    void runParallel(int parallel, HttpTask task) throws Exception {
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (int i = 0; i < parallel; i++) {
            futures.add(CompletableFuture.runAsync(() -> {
                try (SimpleHttp http = http(10_000)) {
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
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
    }

    /** {@code count} x {@code POST /room} with {@code body} (201 expected); returns the room ids. */
    List<String> createRooms(int count, int parallel, String body, boolean progress) throws Exception {
        ConcurrentLinkedQueue<String> ids = new ConcurrentLinkedQueue<>();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        runParallel(parallel, http -> {
            while (next.getAndIncrement() < count) {
                ids.add(expectId(http.post("/room", body), "POST /room"));
                int n = done.incrementAndGet();
                if (progress && n % 2500 == 0) {
                    out.printf(Locale.ROOT, "    created %,d/%,d%n", n, count);
                }
            }
        });
        return new ArrayList<>(ids);
    }

    /** {@code DELETE /room/<id>} of each (204 expected). */
    void deleteRooms(List<String> ids, int parallel, boolean progress) throws Exception {
        ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>(ids);
        AtomicInteger done = new AtomicInteger();
        runParallel(parallel, http -> {
            String id;
            while ((id = queue.poll()) != null) {
                expectDeleted(http.delete("/room/" + id), "DELETE /room/" + id);
                int n = done.incrementAndGet();
                if (progress && n % 2500 == 0) {
                    out.printf(Locale.ROOT, "    deleted %,d/%,d%n", n, ids.size());
                }
            }
        });
    }

    /** The first {@code "id"} of a 201 answer, else a failure naming {@code what}. */
    static String expectId(SimpleHttp.Response r, String what) {
        String id = r.status() == 201 ? SimpleHttp.firstId(r.body()) : null;
        if (id == null) {
            throw new BenchFailure(what + " answered " + r.status() + ": " + RestBench.abbreviate(r.body()));
        }
        return id;
    }

    static void expectDeleted(SimpleHttp.Response r, String what) {
        if (r.status() != 204 && r.status() != 200) {
            throw new BenchFailure(what + " answered " + r.status() + ": " + RestBench.abbreviate(r.body()));
        }
    }

    // ------------------------------------------------------------------ stop and clean up

    /**
     * SIGTERM, then SIGKILL after 15 s; safe to call more than once, from a watchdog or a shutdown
     * hook. A non-zero exit status is reported to {@code notes} and keeps the temporary directory.
     */
    synchronized void stop(Consumer<String> notes) {
        if (server == null) {
            return;
        }
        ServerProcess p = server;
        server = null;
        if (!p.isAlive()) {
            return;
        }
        out.println("==> stopping the server (SIGTERM)");
        int status = p.stop(out, Duration.ofSeconds(15));
        if (status >= 0) {
            out.println("    server exited with status " + status);
            if (status != 0) {
                notes.accept("the server exited with status " + status + " after SIGTERM (bin/jellyfish"
                        + " documents 0 for a graceful stop); its output is kept in " + log);
                keepTmp = true;
            }
        }
    }

    /** Deletes the temporary directory, unless the run failed, {@code bench.keep} is set or the stop went wrong. */
    synchronized void cleanUp(boolean success) {
        if (cleaned) {
            return;
        }
        cleaned = true;
        if (Boolean.getBoolean("bench.keep") || !success || keepTmp) {
            if (!success) {
                out.println("    kept " + tmp + " (server.log inside)");
            }
            return;
        }
        BenchSupport.deleteTree(tmp);
    }

    void printLogTail() {
        BenchSupport.printLogTail(log);
    }
}
