package io.jellyfish.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The tarball as a user gets it: unpacked with the system tar, started with bin/jellyfish as a
 * separate process on the JDK running this test, driven over real sockets, stopped with SIGTERM.
 */
class TarballIT {
    private static final Path TARBALL = Path.of(System.getProperty("jellyfish.tarball", "target/jellyfish-0.5.0.tar.gz"));
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String TOKEN = "test-token";

    @TempDir
    Path work;

    private Path home;
    private Process process;
    private Path stdout;
    private Path stderr;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void unpack() throws Exception {
        assertTrue(Files.isRegularFile(TARBALL), "no tarball at " + TARBALL.toAbsolutePath() + ": run mvn package first");
        Process tar = new ProcessBuilder("tar", "-xzf", TARBALL.toAbsolutePath().toString(), "-C", work.toString())
                .redirectErrorStream(true).start();
        String output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(tar.waitFor(60, TimeUnit.SECONDS) && tar.exitValue() == 0, "tar failed: " + output);
        home = work.resolve("jellyfish-0.5.0").toRealPath();
    }

    @AfterEach
    void killServer() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theTarballHasTheDocumentedLayout() throws IOException {
        assertTrue(Files.isExecutable(home.resolve("bin/jellyfish")));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("bin/jellyfish"))));
        assertTrue(Files.isRegularFile(home.resolve("config/jellyfish.env")));
        assertTrue(Files.isRegularFile(home.resolve("plugins/README.txt")));
        assertTrue(Files.readString(home.resolve("LICENSE")).contains("Apache License"));
        assertTrue(Files.isRegularFile(home.resolve("README")));
        try (var jars = Files.list(home.resolve("lib"))) {
            List<String> names = jars.map(p -> p.getFileName().toString()).toList();
            for (String ours : List.of("api", "config", "engine", "metrics", "http", "launcher")) {
                assertTrue(names.contains("jellyfish-" + ours + "-0.5.0.jar"), "lib/ lacks jellyfish-" + ours + ": " + names);
            }
        }
    }

    @Test
    void servesTheApiAndStopsGracefullyOnSigterm() throws Exception {
        int port = freePort(0);
        int metricsPort = freePort(port);
        String host = "localhost:" + port;
        start(home.resolve("bin/jellyfish"), Map.of(
                "JF_PORT", String.valueOf(port),
                "JF_METRICS_PORT", String.valueOf(metricsPort),
                "JF_HOST", host,
                "JF_SERVER_API_TOKEN", TOKEN));

        JsonNode health = json.readTree(waitForHealth(port, TOKEN).body()).path("data");
        assertEquals("UP", health.path("status").asText(), health.toString());
        assertEquals("0.5.0", health.path("version").asText(), health.toString());

        HttpResponse<String> created = send(port, "POST", "/room", "{\"maxPeers\":10}", TOKEN);
        assertEquals(201, created.statusCode(), created.body());
        JsonNode createdData = json.readTree(created.body()).path("data");
        String roomId = createdData.path("room").path("id").asText();
        assertFalse(roomId.isEmpty(), created.body());
        assertEquals(host, createdData.path("jellyfish_address").asText(), created.body());

        HttpResponse<String> peer = send(port, "POST", "/room/" + roomId + "/peer",
                "{\"type\":\"webrtc\",\"options\":{}}", TOKEN);
        assertEquals(201, peer.statusCode(), peer.body());
        JsonNode peerData = json.readTree(peer.body()).path("data");
        assertFalse(peerData.path("token").asText().isEmpty(), peer.body());
        assertEquals(host + "/socket/peer/websocket", peerData.path("peer_websocket_url").asText(), peer.body());

        HttpResponse<String> room = send(port, "GET", "/room/" + roomId, null, TOKEN);
        assertEquals(200, room.statusCode(), room.body());
        JsonNode roomData = json.readTree(room.body()).path("data");
        assertEquals(roomId, roomData.path("id").asText(), room.body());
        assertEquals(1, roomData.path("peers").size(), room.body());

        HttpResponse<String> deleted = send(port, "DELETE", "/room/" + roomId, null, TOKEN);
        assertEquals(204, deleted.statusCode(), deleted.body());
        assertEquals("", deleted.body());

        HttpResponse<String> gone = send(port, "GET", "/room/" + roomId, null, TOKEN);
        assertEquals(404, gone.statusCode(), gone.body());
        assertEquals("{\"errors\":\"Room " + roomId + " does not exist\"}", gone.body());

        HttpResponse<String> anonymous = send(port, "GET", "/room", null, null);
        assertEquals(401, anonymous.statusCode(), anonymous.body());
        assertEquals("{\"errors\":\"Missing token\"}", anonymous.body());

        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().lines().anyMatch("jellyfish_traffic_ingress_webrtc_total_bytes 0"::equals),
                () -> "no `jellyfish_traffic_ingress_webrtc_total_bytes 0` line in:\n" + metrics.body());

        process.destroy(); // SIGTERM
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "still running 30 s after SIGTERM\n" + logs());
        assertEquals(0, process.exitValue(), logs());

        String out = Files.readString(stdout);
        List<String> lines = out.lines().toList();
        assertTrue(lines.get(0).endsWith("[info] Main: Starting Jellyfish v0.5.0 (dev)"), logs());
        assertTrue(out.contains("Jellyfish listening on http://127.0.0.1:" + port + " (address for clients: " + host + ")"),
                logs());
        assertTrue(lines.get(lines.size() - 1).endsWith("Jellyfish stopped"), logs());
        assertFalse(out.contains(TOKEN), "the configured API token must never be logged\n" + out);
        assertEquals("", Files.readString(stderr), "nothing on stderr after a clean run\n" + logs());
    }

    @Test
    void aBadVariableStopsStartUpWithOneLineNamingIt() throws Exception {
        start(home.resolve("bin/jellyfish"), Map.of("JF_PORT", "8080abc", "JF_SERVER_API_TOKEN", TOKEN,
                "JF_METRICS_PORT", String.valueOf(freePort(0))));

        assertEquals(1, exitStatus(), logs());
        List<String> errors = Files.readString(stderr).lines().toList();
        assertEquals(1, errors.size(), logs());
        assertTrue(errors.get(0).contains("JF_PORT"), logs());
        assertEquals("jellyfish: Bad JF_PORT environment variable value. Expected valid port number, got: 8080abc",
                errors.get(0));
    }

    @Test
    void withoutATokenOneIsGeneratedLoggedOnceAndAccepted() throws Exception {
        int port = freePort(0);
        start(home.resolve("bin/jellyfish"), Map.of(
                "JF_PORT", String.valueOf(port),
                "JF_METRICS_PORT", String.valueOf(freePort(port))));

        Pattern warning = Pattern.compile("\\[warning] Main: JF_SERVER_API_TOKEN is not set: generated a random API token"
                + " for this run: (\\S+) \\(set JF_SERVER_API_TOKEN to choose one\\)");
        String token = awaitLog(warning).group(1);
        waitForHealth(port, token);

        assertEquals(200, send(port, "GET", "/room", null, token).statusCode());
        HttpResponse<String> wrong = send(port, "GET", "/room", null, token + "x");
        assertEquals(401, wrong.statusCode(), wrong.body());
        assertEquals("{\"errors\":\"Invalid token\"}", wrong.body());

        // Ctrl-C: SIGINT stops as gracefully as SIGTERM.
        Process kill = new ProcessBuilder("kill", "-INT", String.valueOf(process.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor());
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "still running 30 s after SIGINT\n" + logs());
        assertEquals(0, process.exitValue(), logs());

        String out = Files.readString(stdout);
        assertEquals(1, out.split(Pattern.quote(token), -1).length - 1, "the token is logged exactly once\n" + out);
        assertTrue(out.contains("Received SIGINT, stopping"), logs());
        assertTrue(out.stripTrailing().endsWith("Jellyfish stopped"), logs());
    }

    @Test
    void aPortInUseStopsStartUpWithOneLineNamingTheCause() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            start(home.resolve("bin/jellyfish"), Map.of("JF_SERVER_API_TOKEN", TOKEN,
                    "JF_PORT", String.valueOf(port), "JF_METRICS_PORT", String.valueOf(freePort(port))));

            assertEquals(1, exitStatus(), logs());
        }
        List<String> errors = Files.readString(stderr).lines().toList();
        assertEquals(1, errors.size(), logs());
        assertTrue(errors.get(0).startsWith("jellyfish: cannot start: "), logs());
        assertTrue(errors.get(0).contains("Address already in use"), logs());
    }

    @Test
    void anOldJavaIsRefusedWithAClearMessage() throws Exception {
        Path fakeJdk = work.resolve("old-jdk");
        Path java = Files.createDirectories(fakeJdk.resolve("bin")).resolve("java");
        Files.writeString(java, """
                #!/bin/sh
                echo 'openjdk version "17.0.15" 2025-04-15' >&2
                echo 'OpenJDK Runtime Environment (build 17.0.15+6)' >&2
                echo 'OpenJDK 64-Bit Server VM (build 17.0.15+6, mixed mode, sharing)' >&2
                """);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));

        start(home.resolve("bin/jellyfish"), Map.of("JAVA_HOME", fakeJdk.toString(), "JF_SERVER_API_TOKEN", TOKEN));

        assertEquals(1, exitStatus(), logs());
        assertEquals("jellyfish: Java 21 or newer is required, found Java 17 at " + java
                + ". Set JAVA_HOME to a JDK 21+ installation.\n", Files.readString(stderr));
    }

    @Test
    void aJavaHomeWithoutJavaIsRefusedWithAClearMessage() throws Exception {
        Path empty = Files.createDirectories(work.resolve("not-a-jdk"));

        start(home.resolve("bin/jellyfish"), Map.of("JAVA_HOME", empty.toString()));

        assertEquals(1, exitStatus(), logs());
        assertEquals("jellyfish: JAVA_HOME is " + empty + ", but " + empty + "/bin/java is not an executable file."
                + " Set JAVA_HOME to a JDK 21+ installation.\n", Files.readString(stderr));
    }

    @Test
    void aGarbageJarInPluginsStopsStartUpNamingTheJar() throws Exception {
        Path garbage = home.resolve("plugins/garbage.jar");
        Files.writeString(garbage, "this is not a jar");

        int port = freePort(0);
        start(home.resolve("bin/jellyfish"), Map.of("JF_SERVER_API_TOKEN", TOKEN,
                "JF_PORT", String.valueOf(port), "JF_METRICS_PORT", String.valueOf(freePort(port))));

        assertEquals(1, exitStatus(), logs());
        List<String> errors = Files.readString(stderr).lines().toList();
        assertEquals(List.of("jellyfish: cannot load plugin " + garbage + ": not a readable jar file (zip END header not found)"),
                errors, logs());
    }

    @Test
    void theConfigFileFillsInWhatTheEnvironmentLeavesUnsetAndASymlinkedScriptFindsItsHome() throws Exception {
        int port = freePort(0);
        int metricsPort = freePort(port);
        Files.writeString(home.resolve("config/jellyfish.env"), String.join("\n",
                "# test configuration",
                "",
                "JF_PORT=" + port,
                "  JF_METRICS_PORT=" + metricsPort,
                "JF_SERVER_API_TOKEN=\"from file\"",
                "JF_GIT_COMMIT=fromfile",
                "JF_STRUCTURED_LOGGING=true",
                "#JF_IP=0.0.0.0",
                "JF_HOST='my.host:1234'\r",
                "export JF_RESOURCES_BASE_PATH=" + work.resolve("resources")) + "\n");
        Path link = Files.createDirectories(work.resolve("somewhere/else")).resolve("jellyfish");
        Files.createSymbolicLink(link, home.resolve("bin/jellyfish"));

        start(link, Map.of("JF_GIT_COMMIT", "fromenv"));

        JsonNode health = json.readTree(waitForHealth(port, "from file").body()).path("data");
        assertEquals("fromenv", health.path("gitCommit").asText(), "the environment wins over the file");
        HttpResponse<String> created = send(port, "POST", "/room", "{}", "from file");
        assertEquals(201, created.statusCode(), created.body());
        assertEquals("my.host:1234", json.readTree(created.body()).path("data").path("jellyfish_address").asText());
        String out = Files.readString(stdout);
        assertTrue(out.contains("(address for clients: my.host:1234)"), logs());
        assertTrue(out.contains(" metrics=127.0.0.1:" + metricsPort + " "), logs());
        assertTrue(out.contains(" resources=" + work.resolve("resources") + " "), logs());

        process.destroy();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), logs());
        assertEquals(0, process.exitValue(), logs());

        // JF_STRUCTURED_LOGGING=true from the file: every line, Jetty's and Jersey's included, is a JSON object.
        List<String> lines = Files.readString(stdout).lines().toList();
        assertTrue(lines.size() >= 4, logs());
        for (String line : lines) {
            JsonNode entry = json.readTree(line);
            assertTrue(entry.path("time").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"), line);
            assertTrue(List.of("error", "warning", "info", "debug").contains(entry.path("severity").asText()), line);
            assertTrue(entry.path("message").isTextual(), line);
            assertTrue(entry.path("metadata").path("logger").isTextual(), line);
        }
        assertEquals("Starting Jellyfish v0.5.0 (fromenv)", json.readTree(lines.get(0)).path("message").asText());
        assertEquals("Jellyfish stopped", json.readTree(lines.get(lines.size() - 1)).path("message").asText());
    }

    // --- helpers

    /**
     * Starts {@code script} in the temporary directory with a clean environment: JAVA_HOME of
     * this JVM, no JF_* variables or JVM options but {@code variables}.
     */
    private void start(Path script, Map<String, String> variables) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(script.toString()).directory(work.toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("JF_") || List.of(
                "JAVA_OPTS", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS", "JELLYFISH_CONFIG").contains(name));
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        environment.putAll(variables);
        stdout = work.resolve("stdout.log");
        stderr = work.resolve("stderr.log");
        builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        process = builder.start();
    }

    private int exitStatus() throws Exception {
        assertTrue(process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS), "still running\n" + logs());
        return process.exitValue();
    }

    /** Polls GET /health until it answers 200, the process dies, or the deadline passes. */
    private HttpResponse<String> waitForHealth(int port, String token) throws Exception {
        Instant deadline = Instant.now().plus(DEADLINE);
        String last = "no answer";
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                fail("the server exited with status " + process.exitValue() + " before answering /health\n" + logs());
            }
            try {
                HttpResponse<String> response = send(port, "GET", "/health", null, token);
                if (response.statusCode() == 200) {
                    return response;
                }
                last = response.statusCode() + " " + response.body();
            } catch (IOException notYetListening) {
                last = notYetListening.toString();
            }
            Thread.sleep(50);
        }
        return fail("/health did not answer 200 within " + DEADLINE + " (last: " + last + ")\n" + logs());
    }

    /** Polls stdout until {@code pattern} matches, the process dies, or the deadline passes. */
    private Matcher awaitLog(Pattern pattern) throws Exception {
        Instant deadline = Instant.now().plus(DEADLINE);
        while (Instant.now().isBefore(deadline)) {
            Matcher matcher = pattern.matcher(Files.readString(stdout));
            if (matcher.find()) {
                return matcher;
            }
            if (!process.isAlive()) {
                fail("the server exited with status " + process.exitValue() + " before logging " + pattern + "\n" + logs());
            }
            Thread.sleep(50);
        }
        return fail("no log line matching " + pattern + " within " + DEADLINE + "\n" + logs());
    }

    private HttpResponse<String> send(int port, String method, String path, String body, String token)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        Optional.ofNullable(token).ifPresent(t -> request.header("Authorization", "Bearer " + t));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String logs() {
        try {
            return "--- stdout\n" + (stdout == null ? "" : Files.readString(stdout))
                    + "--- stderr\n" + (stderr == null ? "" : Files.readString(stderr)) + "---";
        } catch (IOException e) {
            return "(cannot read the logs: " + e + ")";
        }
    }

    /** A port free on the loopback interface right now, other than {@code not}. */
    private static int freePort(int not) throws IOException {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                if (socket.getLocalPort() != not) {
                    return socket.getLocalPort();
                }
            }
        }
    }
}
