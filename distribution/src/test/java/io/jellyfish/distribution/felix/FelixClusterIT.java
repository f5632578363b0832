package io.jellyfish.distribution.felix;

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
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * JF_PLUGIN_HOST=felix end to end: the unpacked tarball started twice on loopback as a two-node
 * cluster whose NODES_LIST strategy runs as an OSGi bundle in each node's embedded Felix. The
 * nodes must see each other and place two rooms created through one of them on different nodes.
 */
class FelixClusterIT {
    private static final Path TARBALL = Path.of(System.getProperty("jellyfish.tarball", "target/jellyfish-0.5.0.tar.gz"));
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final String TOKEN = "felix-it-token";
    /** A cluster port range of this test's own, away from the default 9000..9009. */
    private static final String MIN_PORT = "19300";
    private static final String MAX_PORT = "19309";
    private static final String NODES = "j1@127.0.0.1 j2@127.0.0.1";

    @TempDir
    Path work;

    private Path home;
    private final List<Node> nodes = new ArrayList<>();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final ObjectMapper json = new ObjectMapper();

    /** A started server: its process, ports and log files. */
    private record Node(String name, Process process, int port, Path stdout, Path stderr) {
        String address() {
            return "127.0.0.1:" + port;
        }

        String logs() {
            try {
                return "--- " + name + " stdout\n" + Files.readString(stdout)
                        + "--- " + name + " stderr\n" + Files.readString(stderr) + "---\n";
            } catch (IOException e) {
                return "(cannot read the logs of " + name + ": " + e + ")\n";
            }
        }
    }

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
    void killNodes() throws InterruptedException {
        for (Node node : nodes) {
            node.process().destroyForcibly();
        }
        for (Node node : nodes) {
            node.process().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void twoFelixHostedNodesFormAClusterAndPlaceRoomsOnBoth() throws Exception {
        String cookie = random();
        String secretKeyBase = random();
        int port1 = freePort(Set.of());
        int metrics1 = freePort(Set.of(port1));
        int port2 = freePort(Set.of(port1, metrics1));
        int metrics2 = freePort(Set.of(port1, metrics1, port2));
        Node j1 = start("j1", port1, metrics1, cookie, secretKeyBase);
        Node j2 = start("j2", port2, metrics2, cookie, secretKeyBase);

        for (Node node : nodes) {
            awaitLog(node, out -> out.contains("Loaded plugins from " + home.resolve("plugins") + " into Apache Felix ")
                    && out.contains("io.jellyfish.strategy.nodeslist 0.5.0 (jellyfish-strategy-nodes-list-0.5.0.jar)"));
        }
        for (Node node : nodes) {
            JsonNode distribution = awaitHealth(node, d -> d.path("nodesInCluster").asInt() == 2);
            assertTrue(distribution.path("enabled").asBoolean(), distribution.toString());
            assertEquals("UP", distribution.path("nodeStatus").asText(), distribution.toString());
        }

        // Both through j1: the first goes to j2 (a full tie goes to the last candidate), the second
        // to the then least-loaded j1.
        Set<String> placedOn = new HashSet<>();
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> created = send(j1, "POST", "/room", "{\"maxPeers\":10}");
            assertEquals(201, created.statusCode(), created.body() + "\n" + logs());
            JsonNode data = json.readTree(created.body()).path("data");
            placedOn.add(data.path("jellyfish_address").asText());
            String roomId = data.path("room").path("id").asText();
            HttpResponse<String> room = send(j2, "GET", "/room/" + roomId, null);
            assertEquals(200, room.statusCode(), "room " + roomId + " through the other node: " + room.body());
        }
        assertEquals(Set.of(j1.address(), j2.address()), placedOn, logs());

        for (Node node : nodes) {
            node.process().destroy(); // SIGTERM: the server stops, then Felix
        }
        for (Node node : nodes) {
            assertTrue(node.process().waitFor(30, TimeUnit.SECONDS), "still running 30 s after SIGTERM\n" + node.logs());
            assertEquals(0, node.process().exitValue(), node.logs());
            assertTrue(Files.readString(node.stdout()).stripTrailing().endsWith("Jellyfish stopped"), node.logs());
            // Felix's own logger is off: nothing but what the JDK itself may print (JDK 24+ warns
            // once about Felix's use of sun.misc.Unsafe).
            String stderr = Files.readString(node.stderr());
            assertTrue(stderr.isEmpty() || stderr.contains("sun.misc.Unsafe")
                    && stderr.lines().allMatch(line -> line.startsWith("WARNING: ")), node.logs());
        }
    }

    // --- helpers

    /** Starts bin/jellyfish with a clean environment: this JVM's JAVA_HOME and the node's JF_* variables. */
    private Node start(String name, int port, int metricsPort, String cookie, String secretKeyBase) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/jellyfish").toString())
                .directory(Files.createDirectories(work.resolve(name)).toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(variable -> variable.startsWith("JF_") || List.of(
                "JAVA_OPTS", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS", "JELLYFISH_CONFIG").contains(variable));
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        Map<String, String> variables = new HashMap<>(Map.of(
                "JF_PLUGIN_HOST", "felix",
                "JF_SERVER_API_TOKEN", TOKEN,
                "JF_SECRET_KEY_BASE", secretKeyBase,
                "JF_PORT", String.valueOf(port),
                "JF_METRICS_PORT", String.valueOf(metricsPort),
                "JF_DIST_ENABLED", "true",
                "JF_DIST_NODE_NAME", name + "@127.0.0.1",
                "JF_DIST_NODES", NODES,
                "JF_DIST_COOKIE", cookie,
                "JF_DIST_MIN_PORT", MIN_PORT));
        variables.put("JF_DIST_MAX_PORT", MAX_PORT);
        environment.putAll(variables);
        Path stdout = work.resolve(name + ".stdout.log");
        Path stderr = work.resolve(name + ".stderr.log");
        builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        Node node = new Node(name, builder.start(), port, stdout, stderr);
        nodes.add(node);
        return node;
    }

    /** Polls the node's stdout until {@code done} holds, a node dies, or the deadline passes. */
    private void awaitLog(Node node, Predicate<String> done) throws Exception {
        Instant deadline = Instant.now().plus(DEADLINE);
        while (Instant.now().isBefore(deadline)) {
            if (done.test(Files.readString(node.stdout()))) {
                return;
            }
            pause(node);
        }
        fail("the expected log line did not appear within " + DEADLINE + "\n" + logs());
    }

    /** Polls GET /health until its distribution object satisfies {@code done}; returns that object. */
    private JsonNode awaitHealth(Node node, Predicate<JsonNode> done) throws Exception {
        Instant deadline = Instant.now().plus(DEADLINE);
        String last = "no answer";
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<String> response = send(node, "GET", "/health", null);
                if (response.statusCode() == 200) {
                    JsonNode distribution = json.readTree(response.body()).path("data").path("distribution");
                    if (done.test(distribution)) {
                        return distribution;
                    }
                }
                last = response.statusCode() + " " + response.body();
            } catch (IOException notYetListening) {
                last = notYetListening.toString();
            }
            pause(node);
        }
        return fail(node.name() + ": /health did not show the cluster within " + DEADLINE + " (last: " + last + ")\n" + logs());
    }

    /**
     * Waits one poll interval for {@code node} to exit, which would be a failure, as would any
     * other node having exited meanwhile.
     */
    private void pause(Node node) throws InterruptedException {
        if (node.process().waitFor(POLL.toMillis(), TimeUnit.MILLISECONDS)) {
            fail(node.name() + " exited with status " + node.process().exitValue() + "\n" + logs());
        }
        for (Node other : nodes) {
            if (!other.process().isAlive()) {
                fail(other.name() + " exited with status " + other.process().exitValue() + "\n" + logs());
            }
        }
    }

    private HttpResponse<String> send(Node node, String method, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + node.address() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + TOKEN)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String logs() {
        StringBuilder logs = new StringBuilder();
        nodes.forEach(node -> logs.append(node.logs()));
        return logs.toString();
    }

    private static String random() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A port free on the loopback interface right now, none of {@code taken}. */
    private static int freePort(Set<Integer> taken) throws IOException {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                if (!taken.contains(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            }
        }
    }
}
