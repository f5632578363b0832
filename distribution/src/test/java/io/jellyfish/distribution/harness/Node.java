package io.jellyfish.distribution.harness;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * One Jellyfish server: {@code bin/jellyfish} of an unpacked tarball run as its own process
 * (optionally behind a prefix such as {@code ip netns exec <ns>}), with a clean environment:
 * JAVA_HOME of this JVM and exactly the given JF_* variables. Every start is an "incarnation"
 * with its own stdout/stderr files, so a restarted node's log starts empty.
 */
public final class Node {
    public static final Duration START_DEADLINE = Duration.ofSeconds(90);
    public static final Duration LOG_DEADLINE = Duration.ofSeconds(30);

    public final String label;
    private final Path home;
    private final Path workDir;
    private final List<String> prefix;
    private final Map<String, String> environment;
    private final String apiIp;
    private final List<Path[]> incarnations = new ArrayList<>();
    private Process process;

    Node(String label, Path home, Path workDir, List<String> prefix, Map<String, String> environment, String apiIp) {
        this.label = label;
        this.home = home;
        this.workDir = workDir;
        this.prefix = List.copyOf(prefix);
        this.environment = new LinkedHashMap<>(environment);
        this.apiIp = apiIp;
    }

    // ---- identity -------------------------------------------------------------------------------

    public int port() {
        return Integer.parseInt(environment.getOrDefault("JF_PORT", "8080"));
    }

    /** JF_HOST as configured (or its default): the {@code jellyfish_address} of rooms on this node. */
    public String host() {
        return environment.getOrDefault("JF_HOST", apiIp + ":" + port());
    }

    /** JF_DIST_NODE_NAME as configured. */
    public String nodeName() {
        return environment.get("JF_DIST_NODE_NAME");
    }

    public String url() {
        return "http://" + apiIp + ":" + port();
    }

    public String token() {
        return environment.get("JF_SERVER_API_TOKEN");
    }

    public Path home() {
        return home;
    }

    public Map<String, String> environment() {
        return Map.copyOf(environment);
    }

    // ---- process --------------------------------------------------------------------------------

    /** Starts a new incarnation (the previous one must have ended). Does not wait for anything. */
    public Node start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(label + " is still running");
        }
        int number = incarnations.size() + 1;
        Path stdout = workDir.resolve(label + "-" + number + ".out");
        Path stderr = workDir.resolve(label + "-" + number + ".err");
        incarnations.add(new Path[] {stdout, stderr});
        List<String> command = new ArrayList<>(prefix);
        command.add(home.resolve("bin/jellyfish").toString());
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("JF_") || List.of("JAVA_OPTS", "JAVA_TOOL_OPTIONS",
                "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS", "JELLYFISH_CONFIG").contains(name));
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.putAll(environment);
        builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        try {
            Files.createDirectories(workDir);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + label, e);
        }
        Janitor.track(process);
        return this;
    }

    /** Waits until GET /health answers 200; fails when the process exits first. */
    public Node awaitUp() {
        Poll.until(START_DEADLINE, label + " answering GET /health", () -> {
            if (!process.isAlive()) {
                return fail(label + " exited with status " + process.exitValue() + " before answering /health\n"
                        + diagnostics());
            }
            Http.Response health = get("/health");
            return health.status() == 200 ? Optional.of(health) : Optional.empty();
        }, () -> "no answer", this::diagnostics);
        return this;
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL, as a crash: the JVM gets no chance to leave the cluster. */
    public void kill() {
        Janitor.kill(process);
    }

    /** SIGTERM and wait for a graceful exit (killed if it does not come). */
    public void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                Janitor.kill(process);
                fail(label + " did not stop within 30 s of SIGTERM\n" + diagnostics());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Janitor.untrack(process);
    }

    /** The exit status, waiting for it at most {@code timeout}. */
    public int exitStatus(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return fail(label + " still running after " + timeout.toSeconds() + " s\n" + diagnostics());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        }
        Janitor.untrack(process);
        return process.exitValue();
    }

    // ---- logs -----------------------------------------------------------------------------------

    /** Standard output of the current incarnation (the log). */
    public String log() {
        return read(incarnations.get(incarnations.size() - 1)[0]);
    }

    public String stderr() {
        return read(incarnations.get(incarnations.size() - 1)[1]);
    }

    /** Waits for a log line (current incarnation) containing every one of {@code parts}; returns it. */
    public String awaitLogLine(String... parts) {
        return Poll.until(LOG_DEADLINE, label + " logging a line with " + List.of(parts),
                () -> logLine(parts), () -> "not logged", this::diagnostics);
    }

    /** The first log line (current incarnation) that contains every one of {@code parts}. */
    public Optional<String> logLine(String... parts) {
        return log().lines().filter(line -> List.of(parts).stream().allMatch(line::contains)).findFirst();
    }

    /** How many log lines (current incarnation) contain {@code part}. */
    public long countLogLines(String part) {
        return log().lines().filter(line -> line.contains(part)).count();
    }

    /** Everything about this node worth reading when a test fails. */
    public String diagnostics() {
        StringBuilder out = new StringBuilder("===== node ").append(label).append(" (").append(url())
                .append(", JF_HOST ").append(host()).append(", prefix ").append(prefix).append(")");
        if (process != null) {
            out.append(process.isAlive() ? " running as pid " + process.pid() : " exited with status " + process.exitValue());
        }
        out.append("\n  environment: ").append(environment).append('\n');
        for (int i = 0; i < incarnations.size(); i++) {
            out.append("----- ").append(label).append(" incarnation ").append(i + 1).append(" stdout\n")
                    .append(read(incarnations.get(i)[0]))
                    .append("----- ").append(label).append(" incarnation ").append(i + 1).append(" stderr\n")
                    .append(read(incarnations.get(i)[1]));
        }
        return out.append("===== end of ").append(label).append('\n').toString();
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    // ---- REST API -------------------------------------------------------------------------------

    public Http.Response send(String method, String path, String body) {
        try {
            return Http.send(url(), method, path, body, token());
        } catch (IOException e) {
            throw new UncheckedIOException(label + ": " + method + " " + path + " failed", e);
        }
    }

    public Http.Response get(String path) {
        return send("GET", path, null);
    }

    public Http.Response post(String path, String body) {
        return send("POST", path, body);
    }

    public Http.Response delete(String path) {
        return send("DELETE", path, null);
    }

    /** {@code data.distribution} of GET /health, which must answer 200. */
    public JsonNode distribution() {
        Http.Response health = get("/health");
        assertEquals(200, health.status(), () -> health + "\n" + diagnostics());
        return health.data().path("distribution");
    }

    public int nodesInCluster() {
        return distribution().path("nodesInCluster").asInt(-1);
    }

    /** POST /room, expecting 201; returns {@code data}. */
    public JsonNode createRoom(String body) {
        Http.Response created = post("/room", body);
        assertEquals(201, created.status(), () -> created + "\n" + diagnostics());
        JsonNode data = created.data();
        assertTrue(data.path("room").path("id").isTextual(), created::toString);
        return data;
    }

    /** The ids listed by GET /room on this node. */
    public List<String> roomIds() {
        Http.Response rooms = get("/room");
        assertEquals(200, rooms.status(), () -> rooms + "\n" + diagnostics());
        return StreamSupport.stream(rooms.data().spliterator(), false).map(room -> room.path("id").asText()).toList();
    }

    /** Whether something accepts TCP connections on this node's API port. */
    public boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(apiIp, port()), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return label;
    }
}
