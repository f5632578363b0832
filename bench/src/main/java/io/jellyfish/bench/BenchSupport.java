package io.jellyfish.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * What the harnesses ({@link ServerBench}, {@link SocketBench}, {@link ClusterBench}) share: finding
 * and unpacking the tarball, free ports, running commands, {@code /proc} readings, the "how busy
 * was the machine" window, running a harness, the watchdog and the results table.
 */
final class BenchSupport {

    static final String TARBALL_NAME = "jellyfish-0.5.0.tar.gz";

    /** The benchmark cannot run (exit status 2): a missing tarball, a server that died, a timeout. */
    static final class BenchFailure extends RuntimeException {
        BenchFailure(String message) {
            super(message);
        }
    }

    private BenchSupport() {
    }

    // ------------------------------------------------------------------ tarball

    /** The tarball: the first argument, else {@code bench.tarball}, else the build's output. */
    static Path findTarball(String[] args) {
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
            Path jar = Path.of(BenchSupport.class.getProtectionDomain().getCodeSource().getLocation().toURI());
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

    /** Unpacks the tarball into {@code dir} and returns the installation (the parent of bin/jellyfish). */
    static Path unpack(Path tarball, Path dir) throws Exception {
        exec(List.of("tar", "-xzf", tarball.toString(), "-C", dir.toString()), Duration.ofSeconds(60), true);
        return findHome(dir);
    }

    static Path findHome(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir, 3)) {
            return walk.filter(p -> p.endsWith(Path.of("bin", "jellyfish")) && Files.isRegularFile(p))
                    .findFirst()
                    .map(p -> p.getParent().getParent())
                    .orElseThrow(() -> new BenchFailure("the tarball holds no bin/jellyfish"));
        }
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // best effort
        }
    }

    // ------------------------------------------------------------------ ports and commands

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    /** Whether nothing listens on {@code port} of the loopback address (it can be bound now). */
    static boolean portFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static String exec(List<String> command, Duration timeout, boolean mustSucceed) throws Exception {
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

    /** {@code jcmd <pid> command...} of the given JDK. */
    static String jcmd(Path jdkHome, long pid, String... command) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(jdkHome.resolve("bin/jcmd").toString());
        cmd.add(Long.toString(pid));
        cmd.addAll(List.of(command));
        return exec(cmd, Duration.ofSeconds(60), true);
    }

    static Optional<Path> onPath(String name) {
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

    // ------------------------------------------------------------------ /proc

    static final long CLOCK_TICKS = clockTicksPerSecond();

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

    /** utime + stime of a process in nanoseconds, or -1 (gone, or not Linux). */
    static long cpuNanos(long pid) {
        if (pid < 0) {
            return -1;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after the command: state(0) ppid(1) ... utime(11) stime(12)
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return ticks * 1_000_000_000L / CLOCK_TICKS;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** CPU time of this JVM in nanoseconds, or -1. */
    static long ownCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /**
     * CPU time (utime + stime, clock ticks) of each thread of a process, summed by thread name with
     * digits folded ({@code jellyfish-http-12} and {@code -13} are one entry). Linux truncates
     * thread names to 15 characters. Empty when the process is gone.
     */
    static java.util.Map<String, Long> threadTicks(long pid) {
        java.util.Map<String, Long> ticks = new java.util.HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("\\d+", "N");
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // the process is gone
        }
        return ticks;
    }

    /**
     * CPU by thread of some processes over a window that opens when this is created, from
     * {@link #threadTicks} (summed by thread name with digits folded, over the processes). JFR
     * samples threads that are in Java code even while the OS has them preempted, so with more
     * runnable threads than cores it over-weights long loops; these are the CPU times.
     */
    static final class ThreadCpu {
        private final List<Long> pids;
        private final List<java.util.Map<String, Long>> before;
        private final long t0 = System.nanoTime();

        ThreadCpu(List<Long> pids) {
            this.pids = List.copyOf(pids);
            this.before = this.pids.stream().map(BenchSupport::threadTicks).toList();
        }

        /** Cores used per thread name since the window opened. */
        java.util.Map<String, Double> cores() {
            double seconds = (System.nanoTime() - t0) / 1e9;
            java.util.Map<String, Double> cores = new java.util.HashMap<>();
            for (int i = 0; i < pids.size(); i++) {
                java.util.Map<String, Long> b = before.get(i);
                threadTicks(pids.get(i)).forEach((name, ticks) -> cores.merge(name,
                        (ticks - b.getOrDefault(name, 0L)) / (double) CLOCK_TICKS / seconds, Double::sum));
            }
            return cores;
        }

        /** Prints the {@code top} busiest thread names of {@code split} ({@code whose}: "the server"). */
        static void print(PrintStream out, String whose, java.util.Map<String, Double> split, int top) {
            double all = split.values().stream().mapToDouble(Double::doubleValue).sum();
            out.printf(Locale.ROOT, "    CPU by thread of %s in the measured window (/proc; names cut"
                    + " to 15 characters): %.2f cores%n", whose, all);
            split.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue(), a.getValue())).limit(top)
                    .forEach(e -> out.printf(Locale.ROOT, "    %6.2f cores %5.1f%%  %s%n", e.getValue(),
                            100 * e.getValue() / all, e.getKey()));
        }
    }

    static String statusField(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1).trim();
            }
        }
        throw new BenchFailure("no " + field + " in /proc/" + pid + "/status");
    }

    static long kilobytes(String value) {
        String[] parts = value.trim().split("\\s+");
        long n = Long.parseLong(parts[0]);
        return parts.length > 1 && parts[1].equalsIgnoreCase("mB") ? n * 1024 : n;
    }

    /**
     * How busy the machine was over a window, apart from this harness and the servers: the cores
     * used by every other process (a colleague's build, another test's servers).
     */
    static final class CpuWindow {
        private final LongSupplier serversCpuNanos;
        private final long t0;
        private final long machine0;
        private final long own0;
        private final long servers0;

        CpuWindow(LongSupplier serversCpuNanos) {
            this.serversCpuNanos = serversCpuNanos;
            this.t0 = System.nanoTime();
            this.machine0 = RestBench.machineBusyTicks();
            this.own0 = ownCpuNanos();
            this.servers0 = serversCpuNanos.getAsLong();
        }

        /** Cores used by other processes since this window opened, or -1 when unknown. */
        double othersCores() {
            long machine1 = RestBench.machineBusyTicks();
            long own1 = ownCpuNanos();
            long servers1 = serversCpuNanos.getAsLong();
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (machine0 < 0 || machine1 < 0 || own0 < 0 || servers0 < 0 || servers1 < 0 || seconds <= 0) {
                return -1;
            }
            double machine = (machine1 - machine0) / (double) CLOCK_TICKS / seconds;
            double ours = (own1 - own0 + servers1 - servers0) / 1e9 / seconds;
            return Math.max(0, machine - ours);
        }
    }

    /** Above this many cores used by other processes, a measurement's figures may understate the server. */
    static final double BUSY_CORES = 0.2;

    /**
     * Reports how busy the machine is (2 s sample); with {@code bench.quietWait} waits, that long at
     * most, for other processes to use less than {@link #BUSY_CORES}. A busy start goes to {@code notes}.
     */
    static void waitForQuiet(PrintStream out, java.util.function.Consumer<String> notes) throws InterruptedException {
        Duration wait = RestBench.duration("bench.quietWait", "0s");
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            double others = othersNow(Duration.ofSeconds(2), () -> 0);
            out.printf(Locale.ROOT, "==> machine before the run: other processes use %.2f of %d cores (/proc/loadavg %s)%n",
                    others, Runtime.getRuntime().availableProcessors(), loadavg());
            if (others < BUSY_CORES || System.nanoTime() >= deadline) {
                if (others >= BUSY_CORES) {
                    notes.accept(fmt("the machine was busy before the run (%.2f cores used by other processes)", others));
                }
                return;
            }
            out.println("    waiting for the machine to be quiet (bench.quietWait)");
            Thread.sleep(3000);
        }
    }

    /** The contents of {@code /proc/loadavg}, or "?". */
    static String loadavg() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    /** Cores used by processes other than this one over {@code window} (sampled now), or -1. */
    static double othersNow(Duration window, LongSupplier serversCpuNanos) throws InterruptedException {
        CpuWindow w = new CpuWindow(serversCpuNanos);
        Thread.sleep(window.toMillis());
        return w.othersCores();
    }

    // ------------------------------------------------------------------ running a harness

    /** A harness's run: returns its exit status (0 every target passed, 1 one was missed). */
    interface Run {
        int run() throws Exception;
    }

    /**
     * Runs {@code run} and returns its status, or 2 when it could not run: the failure is printed
     * (with its stack trace when it is not a {@link BenchFailure}), then {@code onFailure} runs
     * (e.g. printing the server's log).
     */
    static int runGuarded(Run run, Runnable onFailure) {
        try {
            return run.run();
        } catch (BenchFailure e) {
            System.err.println();
            System.err.println("BENCHMARK FAILED: " + e.getMessage());
            onFailure.run();
            return 2;
        } catch (Exception e) {
            System.err.println();
            System.err.println("BENCHMARK FAILED: " + e);
            e.printStackTrace();
            onFailure.run();
            return 2;
        }
    }

    // ------------------------------------------------------------------ watchdog and output

    /** Halts the JVM with status 2 after {@code maxTime}, running {@code onTimeout} first. */
    static void startWatchdog(Duration maxTime, Runnable onTimeout) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(maxTime.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("BENCHMARK FAILED: still running after " + maxTime + " (bench.maxTime): stopping");
            try {
                onTimeout.run();
            } finally {
                Runtime.getRuntime().halt(2);
            }
        }, "bench-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    static String verdict(boolean pass) {
        return pass ? "PASS" : "MISS";
    }

    static String indent(String text) {
        return text.lines().map(l -> "    " + l).reduce("", (a, b) -> a + b + System.lineSeparator());
    }

    /** metric | measured | target | PASS/MISS, with an optional last column. */
    static final class Table {
        private final List<String[]> rows = new ArrayList<>();
        private final String extraHead;

        /** {@code extraHead} null: four columns. */
        Table(String extraHead) {
            this.extraHead = extraHead;
        }

        void add(String metric, String measured, String target, String verdict) {
            add(metric, measured, target, verdict, "");
        }

        void add(String metric, String measured, String target, String verdict, String extra) {
            rows.add(new String[] {metric, measured, target, verdict, extra == null ? "" : extra});
        }

        boolean anyMiss() {
            return rows.stream().anyMatch(r -> r[3].equals("MISS"));
        }

        void print(PrintStream out, String title, List<String> notes) {
            int cols = extraHead == null ? 4 : 5;
            String[] head = {"metric", "measured", "target", "PASS/MISS", extraHead};
            int[] w = new int[cols];
            for (int i = 0; i < cols; i++) {
                w[i] = head[i].length();
                for (String[] r : rows) {
                    w[i] = Math.max(w[i], r[i].length());
                }
            }
            out.println();
            out.println(title);
            out.println(line(head, w, cols));
            StringBuilder rule = new StringBuilder();
            for (int i = 0; i < cols; i++) {
                rule.append(i == 0 ? "" : "-+-").append("-".repeat(w[i]));
            }
            out.println(rule);
            for (String[] r : rows) {
                out.println(line(r, w, cols));
            }
            for (String note : notes) {
                out.println("note: " + note);
            }
        }

        private static String line(String[] cells, int[] w, int cols) {
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < cols; i++) {
                if (i > 0) {
                    s.append(" | ");
                }
                s.append(i == cols - 1 ? cells[i] : String.format(Locale.ROOT, "%-" + w[i] + "s", cells[i]));
            }
            return s.toString();
        }
    }

    /** The last 40 lines of a server's output on stderr, when a run failed; nothing if there is none. */
    static void printLogTail(java.nio.file.Path log) {
        if (!java.nio.file.Files.isRegularFile(log)) {
            return;
        }
        try {
            java.util.List<String> lines = java.nio.file.Files.readAllLines(log, java.nio.charset.StandardCharsets.UTF_8);
            System.err.println("---- last lines of the server's output (" + log + ")");
            lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(System.err::println);
            System.err.println("----");
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            System.err.println("(cannot read " + log + ": " + e + ")");
        }
    }
}
