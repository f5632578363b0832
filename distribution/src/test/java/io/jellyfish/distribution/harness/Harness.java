package io.jellyfish.distribution.harness;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Starts nodes for a test and always stops them: every node a test creates is SIGKILLed after
 * the test (and by {@link Janitor}'s shutdown hook if the JVM dies first); when the test fails,
 * the logs of all its nodes are printed. Register it with {@code @RegisterExtension}.
 *
 * <p>Extra environment for every node: the system property {@code jellyfish.it.extraEnv} (or the
 * environment variable {@code JELLYFISH_IT_EXTRA_ENV}), whitespace-separated {@code NAME=value}
 * pairs, e.g. {@code mvn verify -Djellyfish.it.extraEnv="JF_PLUGIN_CONTAINER=osgi"}. They are
 * applied first; a test's own variables win over them.
 *
 * <p>{@code -Djellyfish.it.keepLogs=true} keeps every node's folder (logs included) after the test.
 */
public final class Harness implements AfterEachCallback, TestWatcher {
    public static final String TOKEN = "cluster-it-token";
    public static final String COOKIE = "cluster-it-cookie-d41d8cd98f00b204";
    public static final Duration SETTLE_DEADLINE = Duration.ofSeconds(30);
    public static final Map<String, String> EXTRA_ENV = extraEnvironment();

    /** A cluster port range JF_DIST_MIN_PORT..JF_DIST_MAX_PORT. */
    public record PortRange(int min, int max) {
        public Map<String, String> environment() {
            return Map.of("JF_DIST_MIN_PORT", String.valueOf(min), "JF_DIST_MAX_PORT", String.valueOf(max));
        }
    }

    /**
     * Hands out disjoint cluster port ranges of 10 ports from {@code first}, below the ephemeral
     * range (32768+) so no outgoing connection can hold one. The failure detector listens 100
     * ports above the transport, so a class's ranges must stay within 100 ports of its first.
     */
    public static final class PortRanges {
        private final int first;
        private int next;

        public PortRanges(int first) {
            this.first = first;
            this.next = first;
        }

        public synchronized PortRange next() {
            if (next + 10 > first + 100) {
                throw new IllegalStateException("more than 10 cluster port ranges from " + first);
            }
            PortRange range = new PortRange(next, next + 9);
            next += 10;
            return range;
        }
    }

    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private final List<Node> nodes = new ArrayList<>();
    private final List<Node> finished = new ArrayList<>();
    private Path work;
    private Janitor.Registration workRemoval;

    // ---- nodes ----------------------------------------------------------------------------------

    /**
     * A node on the loopback interface of the shared installation: its own API and metrics ports,
     * JF_HOST {@code 127.0.0.1:<port>}, the test token; then {@code environments} in order.
     */
    @SafeVarargs
    public final Node loopback(String label, Map<String, String>... environments) {
        try {
            return loopback(label, Tarball.shared(), environments);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SafeVarargs
    public final Node loopback(String label, Path home, Map<String, String>... environments) {
        int port = freePort();
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("JF_PORT", String.valueOf(port));
        environment.put("JF_METRICS_PORT", String.valueOf(freePort()));
        environment.put("JF_HOST", "127.0.0.1:" + port);
        for (Map<String, String> more : environments) {
            environment.putAll(more);
        }
        return node(label, home, List.of(), "127.0.0.1", environment);
    }

    /**
     * A node with exactly {@code environment} (plus the token and the extra environment), run
     * behind {@code prefix}, reached at {@code apiIp}.
     */
    public Node node(String label, Path home, List<String> prefix, String apiIp, Map<String, String> environment) {
        Map<String, String> all = new LinkedHashMap<>(EXTRA_ENV);
        all.put("JF_SERVER_API_TOKEN", TOKEN);
        all.putAll(environment);
        // A null value removes a variable: a test may need one absent (e.g. no API token).
        all.values().removeIf(v -> v == null);
        Node node = new Node(label, home, workDir(label), prefix, all, apiIp);
        synchronized (nodes) {
            nodes.add(node);
        }
        return node;
    }

    /** A fresh directory below this harness's temporary folder. */
    public Path workDir(String name) {
        try {
            if (work == null) {
                Path dir = Files.createTempDirectory("jellyfish-cluster-it-");
                work = dir;
                workRemoval = Janitor.register("remove " + dir, () -> Janitor.deleteTree(dir));
            }
            Path dir = work.resolve(name);
            for (int i = 2; Files.exists(dir); i++) {
                dir = work.resolve(name + "-" + i);
            }
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the nodes together and waits until each answers /health. */
    public static void startAll(Node... nodes) {
        for (Node node : nodes) {
            node.start();
        }
        for (Node node : nodes) {
            node.awaitUp();
        }
    }

    // ---- cluster-wide observations ----------------------------------------------------------------

    /** "Settled": every given node reports {@code expected} in data.distribution.nodesInCluster. */
    public void settle(int expected, Node... members) {
        settle(SETTLE_DEADLINE, expected, members);
    }

    public void settle(Duration deadline, int expected, Node... members) {
        Map<String, Integer> seen = new LinkedHashMap<>();
        Poll.until(deadline, "settling at " + expected + " on " + Arrays.toString(members), () -> {
            boolean all = true;
            for (Node member : members) {
                int count = member.nodesInCluster();
                seen.put(member.label, count);
                all &= count == expected;
            }
            return all ? Optional.of(true) : Optional.empty();
        }, seen::toString, this::diagnostics);
    }

    /** Fails as soon as any node reports another count than {@code expected} during {@code period}. */
    public void holds(Duration period, int expected, Node... members) {
        long end = System.nanoTime() + period.toNanos();
        while (System.nanoTime() - end < 0) {
            for (Node member : members) {
                int count = member.nodesInCluster();
                if (count != expected) {
                    throw new AssertionError(member.label + " reported nodesInCluster " + count + " instead of "
                            + expected + "\n" + diagnostics());
                }
            }
            Poll.park(Poll.INTERVAL);
        }
    }

    /** The expected {@code data.distribution} of a clustered node. */
    public static JsonNode clustered(int nodesInCluster) {
        return Http.parse("{\"enabled\":true,\"nodeStatus\":\"UP\",\"nodesInCluster\":" + nodesInCluster + "}");
    }

    /** The logs of every node of the current test. */
    public String diagnostics() {
        synchronized (nodes) {
            return nodes.stream().map(Node::diagnostics).collect(Collectors.joining("\n"));
        }
    }

    // ---- lifecycle --------------------------------------------------------------------------------

    /** Kills every node of the test; the logs stay readable for the failure report. */
    @Override
    public void afterEach(ExtensionContext context) {
        List<Node> started;
        synchronized (nodes) {
            started = List.copyOf(nodes);
            nodes.clear();
        }
        finished.clear();
        finished.addAll(started);
        started.parallelStream().forEach(Node::kill);
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        System.out.println("##### " + context.getDisplayName() + " failed: " + cause + "\n"
                + finished.stream().map(Node::diagnostics).collect(Collectors.joining("\n")));
        finish();
    }

    @Override
    public void testSuccessful(ExtensionContext context) {
        finish();
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        finish();
    }

    /**
     * After the failure report: the nodes' folders (logs, resources) go, unless the system
     * property {@code jellyfish.it.keepLogs} is true.
     */
    private void finish() {
        finished.clear();
        if (workRemoval != null && Boolean.getBoolean("jellyfish.it.keepLogs")) {
            System.out.println("jellyfish-it: node logs kept in " + work);
            workRemoval.cancel();
            workRemoval = null;
            work = null;
        }
        if (workRemoval != null) {
            workRemoval.close();
            workRemoval = null;
            work = null;
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------

    /** A loopback port free right now, never handed out before in this JVM. */
    public static int freePort() {
        synchronized (HANDED_OUT) {
            while (true) {
                try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                    if (HANDED_OUT.add(socket.getLocalPort())) {
                        return socket.getLocalPort();
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    private static Map<String, String> extraEnvironment() {
        String value = System.getProperty("jellyfish.it.extraEnv");
        if (value == null || value.isBlank()) {
            value = System.getenv().getOrDefault("JELLYFISH_IT_EXTRA_ENV", "");
        }
        Map<String, String> extra = new LinkedHashMap<>();
        for (String pair : value.strip().split("\\s+")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("jellyfish.it.extraEnv: expected NAME=value pairs, got: " + pair);
            }
            extra.put(pair.substring(0, equals), pair.substring(equals + 1));
        }
        return Map.copyOf(extra);
    }
}
