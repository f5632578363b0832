package io.jellyfish.bench;

import io.jellyfish.bench.BenchSupport.BenchFailure;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One {@code bin/jellyfish} of an unpacked tarball, run as its own process with a clean
 * environment: no inherited {@code JF_*}, {@code JELLYFISH_CONFIG} or JVM option variables; then
 * {@code JAVA_HOME}, {@code JAVA_OPTS} when given, and the {@code JF_*} variables of the caller.
 * Its output (stdout and stderr) is appended to one log file, so a restart keeps the earlier lines.
 */
final class ServerProcess {

    private final String name;
    private final Path home;
    private final Path work;
    private final Path log;
    private final Map<String, String> jfEnv;
    private final String javaHome;
    private final String javaOpts;
    private Process process;
    private long pid = -1;
    private long lastCpuNanos;
    private long cpuOfEarlierRuns;
    private boolean frozen;
    private long logOffset;
    private long startWallMillis;

    /**
     * @param work     working directory (created), e.g. for {@code JF_RESOURCES_BASE_PATH}
     * @param javaOpts {@code JAVA_OPTS}, or null for bin/jellyfish's default
     */
    ServerProcess(String name, Path home, Path work, Path log, Map<String, String> jfEnv, String javaHome,
                  String javaOpts) {
        this.name = name;
        this.home = home;
        this.work = work;
        this.log = log;
        this.jfEnv = new LinkedHashMap<>(jfEnv);
        this.javaHome = javaHome;
        this.javaOpts = javaOpts;
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    /** Starts the process; returns {@code System.nanoTime()} taken just before {@code ProcessBuilder.start()}. */
    synchronized long start() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is running");
        }
        Files.createDirectories(work);
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/jellyfish").toString())
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("JF_") || k.equals("JELLYFISH_CONFIG")
                || k.equals("JAVA_OPTS") || k.equals("JAVA_TOOL_OPTIONS") || k.equals("JDK_JAVA_OPTIONS"));
        env.put("JAVA_HOME", javaHome);
        if (javaOpts != null) {
            env.put("JAVA_OPTS", javaOpts);
        }
        env.putAll(jfEnv);
        cpuOfEarlierRuns += lastCpuNanos;
        lastCpuNanos = 0;
        pid = -1;
        frozen = false;
        logOffset = Files.isRegularFile(log) ? Files.size(log) : 0;
        startWallMillis = System.currentTimeMillis();
        long t0 = System.nanoTime();
        process = pb.start();
        return t0;
    }

    synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Throws when the process was started and has exited. */
    synchronized void checkAlive() {
        if (process != null && !process.isAlive()) {
            throw new BenchFailure(name + ": the server exited (status " + process.exitValue() + ")");
        }
    }

    synchronized int exitValue() {
        return process.exitValue();
    }

    /**
     * The server JVM's pid. bin/jellyfish execs java, so it is the process's own pid once the
     * exec happened (call this after the server answered); if a wrapper stays, its java child.
     */
    synchronized long pid() {
        if (pid < 0) {
            if (process == null) {
                throw new IllegalStateException(name + " was not started");
            }
            ProcessHandle handle = process.toHandle();
            pid = isJava(handle) ? handle.pid()
                    : handle.descendants().filter(ServerProcess::isJava).map(ProcessHandle::pid).findFirst()
                    .orElseThrow(() -> new BenchFailure("cannot find the JVM of " + name
                            + " among the processes of pid " + handle.pid()));
        }
        return pid;
    }

    private static boolean isJava(ProcessHandle handle) {
        try {
            Path exe = Files.readSymbolicLink(Path.of("/proc/" + handle.pid() + "/exe"));
            return exe.getFileName().toString().equals("java");
        } catch (IOException | UnsupportedOperationException e) {
            return handle.info().command().map(c -> c.endsWith("/java")).orElse(false);
        }
    }

    /**
     * CPU time (utime + stime) in nanoseconds of every run of this server so far; a run that ended
     * counts with its last reading. Never decreases, so it can be sampled across a kill and restart.
     */
    synchronized long cpuNanos() {
        long pidNow = process == null ? -1 : (pid >= 0 ? pid : process.pid());
        long now = BenchSupport.cpuNanos(pidNow);
        if (now >= 0) {
            lastCpuNanos = now;
        }
        return cpuOfEarlierRuns + lastCpuNanos;
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill() throws InterruptedException {
        Process p;
        synchronized (this) {
            p = process;
            cpuNanos();
        }
        if (p == null) {
            return;
        }
        p.toHandle().destroyForcibly(); // bin/jellyfish exec'd java: this is the JVM
        if (pid >= 0 && pid != p.pid()) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        p.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGSTOP: the process freezes (no thread runs, its sockets stay open). */
    void freeze() throws Exception {
        signal("STOP");
        frozen = true;
    }

    /** SIGCONT after {@link #freeze()}. */
    void thaw() throws Exception {
        signal("CONT");
        frozen = false;
    }

    boolean frozen() {
        return frozen;
    }

    private void signal(String signal) throws Exception {
        BenchSupport.exec(List.of("kill", "-" + signal, Long.toString(pid())), Duration.ofSeconds(10), true);
    }

    /**
     * SIGTERM (after SIGCONT when frozen), then SIGKILL after {@code grace}. Returns the exit
     * status, -1 when it had to be killed, or -2 when it was not running.
     */
    int stop(PrintStream out, Duration grace) {
        Process p;
        synchronized (this) {
            p = process;
            if (p == null || !p.isAlive()) {
                return -2;
            }
            cpuNanos();
        }
        try {
            if (frozen) {
                signal("CONT");
                frozen = false;
            }
        } catch (Exception e) {
            // SIGTERM and SIGKILL below still apply
        }
        p.destroy();
        try {
            if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                if (out != null) {
                    out.println("    " + name + " still running after " + grace.toSeconds() + " s: SIGKILL");
                }
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                return -1;
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return -1;
        }
        return p.exitValue();
    }

    /** Last resort (watchdog, shutdown hook): SIGCONT then SIGKILL, without waiting long. */
    void killNow() {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        p.toHandle().destroyForcibly();
        try {
            p.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code System.currentTimeMillis()} at the last start. */
    long startWallMillis() {
        return startWallMillis;
    }

    /** The lines the last run wrote to the log so far. */
    List<String> logSinceStart() {
        try (java.io.InputStream in = Files.newInputStream(log)) {
            in.skipNBytes(logOffset);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
    }

    /** The last {@code lines} lines of the log. */
    String logTail(int lines) {
        if (!Files.isRegularFile(log)) {
            return "(no " + log + ")";
        }
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }
}
