package io.jellyfish.distribution.cluster;

import io.jellyfish.distribution.harness.Harness;
import io.jellyfish.distribution.harness.Node;
import io.jellyfish.distribution.harness.Http;
import io.jellyfish.distribution.harness.Poll;
import io.jellyfish.distribution.harness.Tarball;
import io.jellyfish.distribution.harness.MachineLock;
import com.fasterxml.jackson.databind.JsonNode;
import io.jellyfish.distribution.harness.Harness.PortRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.jellyfish.distribution.harness.Harness.COOKIE;
import static io.jellyfish.distribution.harness.Harness.clustered;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cluster as users run it on one machine: one bin/jellyfish process per node on 127.0.0.1,
 * each with its own API and metrics port, sharing a node list and a non-default cookie, on a
 * cluster port range of this class (27300-27399; the failure detectors take 27400-27499).
 * Scenario numbers refer to the acceptance scenarios of cluster.md section 11.
 */
@ExtendWith(MachineLock.class)
class ClusterProcessIT {
    private static final Harness.PortRanges CLUSTER_PORTS = new Harness.PortRanges(27300);
    private static final String LEAST_USED = "Node with least used resources is";

    @RegisterExtension
    final Harness harness = new Harness();

    /** "Cluster template C" on loopback: distribution on, the test cookie, a fresh port range. */
    private static Map<String, String> template(PortRange ports, String nodes) {
        Map<String, String> env = new HashMap<>(ports.environment());
        env.put("JF_DIST_ENABLED", "true");
        env.put("JF_DIST_COOKIE", COOKIE);
        if (nodes != null) {
            env.put("JF_DIST_NODES", nodes);
        }
        return env;
    }

    private static Map<String, String> named(String nodeName) {
        return Map.of("JF_DIST_NODE_NAME", nodeName);
    }

    private static String address(JsonNode created) {
        return created.path("jellyfish_address").asText();
    }

    private static String id(JsonNode created) {
        return created.path("room").path("id").asText();
    }

    private static String notFound(String roomId) {
        return "{\"errors\":\"Room " + roomId + " does not exist\"}";
    }

    /**
     * Scenarios 8, 1, 2, 3, 4 (routed: decision 6), cluster-wide room id uniqueness (decision 5),
     * 6 and 7, in that order, on one pair of nodes.
     */
    @Test
    void twoNodesLateJoinerPlacementRoutingUniquenessCrashAndRestart() throws Exception {
        PortRange ports = CLUSTER_PORTS.next();
        Map<String, String> c = template(ports, "app1@127.0.0.1 app2@127.0.0.1");
        Node n1 = harness.loopback("app1", c, named("app1@127.0.0.1"));
        Node n2 = harness.loopback("app2", c, named("app2@127.0.0.1"));

        // --- 8. Late joiner: node 1 alone first.
        n1.start().awaitUp();
        assertEquals(clustered(1), n1.distribution());
        // The equivalent of 0.5.0's "unable to connect" warning: it formed a cluster of its own.
        n1.awaitLogLine("joined the cluster as \"app1@127.0.0.1\"", "(1 member(s))");
        JsonNode alone = n1.createRoom("{}");
        assertEquals(n1.host(), address(alone));
        assertEquals(204, n1.delete("/room/" + id(alone)).status());
        // (Deleted while node 1 is alone: a room deleted on another member is forgotten by the
        // placing member only asynchronously, see deleteThenRecreateSeesTheDeletion.)

        n2.start().awaitUp();
        harness.settle(2, n1, n2);
        // --- 1. Formation: both report 2, the later node logs the earlier one's name.
        assertEquals(clustered(2), n1.distribution());
        assertEquals(clustered(2), n2.distribution());
        n2.awaitLogLine("connected to \"app1@127.0.0.1\"");
        n1.awaitLogLine("connected to \"app2@127.0.0.1\"");
        assertEquals(List.of(), n1.roomIds());
        assertEquals(List.of(), n2.roomIds());

        // --- 2. Tie goes to the other node, then to the emptier one; node 1 logs both decisions.
        // (The first creation also ends scenario 8: after node 2 joined, node 1 places on node 2.)
        long decisions = n1.countLogLines(LEAST_USED);
        JsonNode r1 = n1.createRoom("{}");
        assertEquals(n2.host(), address(r1), "full tie: the last candidate, the other node");
        JsonNode r2 = n1.createRoom("{}");
        assertEquals(n1.host(), address(r2), "node 2 has a room, node 1 none");
        assertEquals(List.of(id(r2)), n1.roomIds());
        assertEquals(List.of(id(r1)), n2.roomIds());
        n1.awaitLogLine(LEAST_USED + " \"app2@127.0.0.1\"");
        n1.awaitLogLine(LEAST_USED + " \"app1@127.0.0.1\"");
        assertEquals(decisions + 2, n1.countLogLines(LEAST_USED), n1.log());

        // --- 3. Delete and re-create goes to the emptier node.
        Http.Response deleted = n2.delete("/room/" + id(r1));
        assertEquals(204, deleted.status(), deleted::toString);
        assertEquals("", deleted.body());
        assertEquals(List.of(), n2.roomIds());
        assertEquals(List.of(id(r2)), n1.roomIds());
        JsonNode r3 = n1.createRoom("{}");
        assertEquals(n2.host(), address(r3));
        assertEquals(List.of(id(r2)), n1.roomIds());
        assertEquals(List.of(id(r3)), n2.roomIds());

        // --- 4. Room-scoped calls through the non-owner are served on behalf of the owner (decision 6).
        String room2 = id(r2);
        Http.Response remoteGet = n2.get("/room/" + room2);
        assertEquals(200, remoteGet.status(), remoteGet::toString);
        assertEquals(room2, remoteGet.data().path("id").asText(), remoteGet::toString);
        Http.Response peer = n2.post("/room/" + room2 + "/peer", "{\"type\":\"webrtc\"}");
        assertEquals(201, peer.status(), peer::toString);
        assertEquals(n1.host() + "/socket/peer/websocket", peer.data().path("peer_websocket_url").asText(),
                "the peer connects to the owner, not to the node that took the request");
        assertFalse(peer.data().path("token").asText().isEmpty(), peer::toString);
        String peerId = peer.data().path("peer").path("id").asText();
        Http.Response onOwner = n1.get("/room/" + room2);
        assertEquals(200, onOwner.status(), onOwner::toString);
        assertEquals(peerId, onOwner.data().path("peers").path(0).path("id").asText(), onOwner::toString);
        assertEquals(List.of(id(r3)), n2.roomIds(), "GET /room stays node-local");
        assertEquals(List.of(room2), n1.roomIds(), "GET /room stays node-local");
        Http.Response peerDeleted = n2.delete("/room/" + room2 + "/peer/" + peerId);
        assertEquals(204, peerDeleted.status(), peerDeleted::toString);
        assertEquals(0, n1.get("/room/" + room2).data().path("peers").size());
        Http.Response remoteDelete = n2.delete("/room/" + room2);
        assertEquals(204, remoteDelete.status(), remoteDelete::toString);
        for (Http.Response gone : List.of(n1.get("/room/" + room2), n2.get("/room/" + room2),
                n2.delete("/room/" + room2), n2.post("/room/" + room2 + "/peer", "{\"type\":\"webrtc\"}"))) {
            assertEquals(404, gone.status(), gone::toString);
            assertEquals(notFound(room2), gone.body(), gone::toString);
        }
        assertEquals(List.of(), n1.roomIds());

        // --- Decision 5: the same custom roomId sent concurrently to both nodes: exactly one wins.
        List<Http.Response> answers = concurrently(4, i -> (i % 2 == 0 ? n1 : n2).post("/room", "{\"roomId\":\"abc\"}"));
        List<Http.Response> createdAbc = answers.stream().filter(a -> a.status() == 201).toList();
        assertEquals(1, createdAbc.size(), () -> "exactly one 201 among " + answers);
        for (Http.Response answer : answers) {
            if (answer.status() != 201) {
                assertEquals(400, answer.status(), answer::toString);
                assertEquals("{\"errors\":\"Cannot add room with id \\\"abc\\\" - room already exists\"}", answer.body());
            }
        }
        for (Node node : List.of(n1, n2)) {
            Http.Response again = node.post("/room", "{\"roomId\":\"abc\"}");
            assertEquals(400, again.status(), again::toString);
            assertEquals(200, node.get("/room/abc").status());
        }
        Node abcOwner = address(createdAbc.get(0).data()).equals(n1.host()) ? n1 : n2;
        assertEquals(1, Stream.of(n1, n2).filter(n -> n.roomIds().contains("abc")).count());

        // --- 6. SIGKILL node 2: node 1 settles at 1, logs the loss, node 2's rooms are gone, creation works.
        n2.kill();
        harness.settle(1, n1);
        assertEquals(clustered(1), n1.distribution());
        n1.awaitLogLine("disconnected from \"app2@127.0.0.1\"");
        Http.Response lost = n1.get("/room/" + id(r3));
        assertEquals(404, lost.status(), lost::toString);
        assertEquals(notFound(id(r3)), lost.body());
        assertEquals(abcOwner == n1 ? 200 : 404, n1.get("/room/abc").status());
        JsonNode after1 = n1.createRoom("{}");
        JsonNode after2 = n1.createRoom("{}");
        assertEquals(n1.host(), address(after1));
        assertEquals(n1.host(), address(after2));
        assertTrue(n1.roomIds().containsAll(List.of(id(after1), id(after2))));

        // --- 7. Restart node 2 with the same environment: it re-joins and gets the next room.
        n2.start().awaitUp();
        harness.settle(2, n1, n2);
        assertEquals(clustered(2), n2.distribution());
        n2.awaitLogLine("connected to \"app1@127.0.0.1\"");
        Poll.until(Node.LOG_DEADLINE, "node 1 logging node 2's second arrival",
                () -> n1.countLogLines("connected to \"app2@127.0.0.1\"") == 2 ? Optional.of(true)
                        : Optional.empty(), n1::log, harness::diagnostics);
        JsonNode next = n1.createRoom("{}");
        assertEquals(n2.host(), address(next), "node 2 is empty, node 1 has rooms");
        assertEquals(List.of(id(next)), n2.roomIds());
    }

    /**
     * Once DELETE /room/&lt;id&gt; has answered 204, the room is gone for every later request: the
     * placing member (the coordinator, node 1 here) must neither (a) reject the same custom roomId
     * with 400 "room already exists" nor (b) count the deleted room in placement.
     */
    @Test
    void deleteThenRecreateSeesTheDeletion() {
        PortRange ports = CLUSTER_PORTS.next();
        Map<String, String> c = template(ports, "app1@127.0.0.1 app2@127.0.0.1");
        Node n1 = harness.loopback("app1", c, named("app1@127.0.0.1"));
        Node n2 = harness.loopback("app2", c, named("app2@127.0.0.1"));
        n1.start().awaitUp(); // the first member is the coordinator
        n2.start().awaitUp();
        harness.settle(2, n1, n2);

        List<String> failures = new ArrayList<>();
        for (int round = 0; round < 30; round++) {
            String roomId = "again-" + round;
            JsonNode first = n1.createRoom("{\"roomId\":\"" + roomId + "\"}");
            if (!address(first).equals(n2.host())) {
                n1.delete("/room/" + roomId);
                continue; // only a room on the other member shows the race
            }
            assertEquals(204, n2.delete("/room/" + roomId).status());
            Http.Response again = n1.post("/room", "{\"roomId\":\"" + roomId + "\"}");
            if (again.status() != 201) {
                failures.add("round " + round + ": " + again);
                continue;
            }
            // Both nodes are empty again: a full tie goes to node 2, unless node 1 still counts the deleted room.
            if (!address(again.data()).equals(n2.host())) {
                failures.add("round " + round + ": placed on node 1 as if node 2 still had the deleted room: " + again);
            }
            (address(again.data()).equals(n2.host()) ? n2 : n1).delete("/room/" + roomId);
        }
        assertEquals(List.of(), failures);
    }

    /**
     * Scenario 9: node 1 has no list, nodes 2 and 3 list only node 1, yet all three form one
     * cluster; three creations through node 3 put one room on each node. Node 3 runs with
     * JF_DIST_ROOM_LISTING=cluster: its GET /room lists every member's rooms.
     */
    @Test
    void threeNodesTransitiveMembershipAndClusterWideListing() {
        PortRange ports = CLUSTER_PORTS.next();
        Node n1 = harness.loopback("app1", template(ports, null), named("app1@127.0.0.1"));
        Node n2 = harness.loopback("app2", template(ports, "app1@127.0.0.1"), named("app2@127.0.0.1"));
        Node n3 = harness.loopback("app3", template(ports, "app1@127.0.0.1"), named("app3@127.0.0.1"),
                Map.of("JF_DIST_ROOM_LISTING", "cluster"));

        n1.start().awaitUp();
        n1.awaitLogLine("[warning]", "NODES_LIST strategy requires JF_DIST_NODES to be set");
        assertEquals(clustered(1), n1.distribution());
        Harness.startAll(n2, n3);
        harness.settle(3, n1, n2, n3);
        for (Node node : List.of(n1, n2, n3)) {
            assertEquals(clustered(3), node.distribution(), node.label);
        }
        // Nodes 2 and 3 never list each other: they meet through node 1.
        n2.awaitLogLine("connected to \"app3@127.0.0.1\"");
        n3.awaitLogLine("connected to \"app2@127.0.0.1\"");

        List<JsonNode> created = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            created.add(n3.createRoom("{}"));
        }
        assertEquals(Set.of(n1.host(), n2.host(), n3.host()),
                created.stream().map(ClusterProcessIT::address).collect(Collectors.toSet()),
                () -> "one room per node: " + created);
        for (Node local : List.of(n1, n2)) {
            String expected = created.stream().filter(r -> address(r).equals(local.host())).map(ClusterProcessIT::id)
                    .findFirst().orElseThrow();
            assertEquals(List.of(expected), local.roomIds(), local.label + " lists its own room only");
        }
        assertEquals(created.stream().map(ClusterProcessIT::id).sorted().toList(), n3.roomIds().stream().sorted().toList(),
                "JF_DIST_ROOM_LISTING=cluster: node 3 lists the rooms of every member");
    }

    /**
     * Scenario 10 with sealed traffic (decision 8): nodes listing each other with different
     * cookies never cluster, say why in the log, and keep their rooms to themselves.
     */
    @Test
    void differentCookiesNeverCluster() {
        PortRange ports = CLUSTER_PORTS.next();
        Map<String, String> c = template(ports, "app1@127.0.0.1 app2@127.0.0.1");
        Node n1 = harness.loopback("app1", c, named("app1@127.0.0.1"), Map.of("JF_DIST_COOKIE", "alpha-" + COOKIE));
        Node n2 = harness.loopback("app2", c, named("app2@127.0.0.1"), Map.of("JF_DIST_COOKIE", "beta-" + COOKIE));
        Harness.startAll(n1, n2);

        String warning = Poll.until(Harness.SETTLE_DEADLINE, "a warning about the other cookie", () -> Stream.of(n1, n2)
                        .flatMap(n -> n.logLine("[warning]", "failed authentication", "different JF_DIST_COOKIE").stream())
                        .findFirst(),
                () -> "no such line", harness::diagnostics);
        assertTrue(warning.contains("dropped"), warning);
        harness.holds(Duration.ofSeconds(4), 1, n1, n2);
        assertEquals(clustered(1), n1.distribution());
        assertEquals(clustered(1), n2.distribution());

        assertEquals(n1.host(), address(n1.createRoom("{}")));
        assertEquals(n1.host(), address(n1.createRoom("{}")));
        assertEquals(List.of(), n2.roomIds());
        assertEquals(2, n1.roomIds().size());
        assertTrue(Stream.of(n1, n2).noneMatch(n -> n.log().contains("connected to")), harness::diagnostics);
    }

    /**
     * Scenario 17 (distribution on, empty list), scenario 18 (distribution variables ignored
     * when off), then the plugin swap a user does in an unpacked tarball: without the
     * NODES_LIST jar the strategy is unknown; with it back the node starts and joins the
     * scenario-17 node (a node without a list can be joined by others that list it).
     */
    @Test
    void singleNodesAndThePluginSwap() throws Exception {
        PortRange ports = CLUSTER_PORTS.next();
        Node lone = harness.loopback("lone", template(ports, null));
        Node standalone = harness.loopback("standalone", Map.of("JF_DIST_STRATEGY_NAME", "BOGUS",
                "JF_DIST_POLLING_INTERVAL", "abc", "JF_DIST_NODE_NAME", "nonsense"));
        Harness.startAll(lone, standalone);

        // 17
        lone.awaitLogLine("[warning]", "NODES_LIST strategy requires JF_DIST_NODES to be set");
        assertEquals(clustered(1), lone.distribution());
        assertEquals(lone.host(), address(lone.createRoom("{}")));
        // 18
        assertEquals(Http.parse("{\"enabled\":false,\"nodeStatus\":\"DOWN\",\"nodesInCluster\":0}"),
                standalone.distribution());
        assertEquals(standalone.host(), address(standalone.createRoom("{}")));
        assertEquals("", standalone.stderr());
        standalone.kill();

        // The plugin swap.
        Path home = Tarball.unpack(harness.workDir("swapped-home"));
        Path jar;
        try (Stream<Path> plugins = Files.list(home.resolve("plugins"))) {
            jar = plugins.filter(p -> p.getFileName().toString().matches("jellyfish-strategy-nodes-list-.*\\.jar"))
                    .findFirst().orElseThrow(() -> new AssertionError("no NODES_LIST jar in " + home.resolve("plugins")));
        }
        Path aside = harness.workDir("aside").resolve(jar.getFileName());
        Files.move(jar, aside);
        Node swapped = harness.loopback("swapped", home, template(ports, "jellyfish@127.0.0.1"),
                named("swapped@127.0.0.1"), Map.of("JF_DIST_STRATEGY_NAME", "NODES_LIST"));
        swapped.start();
        assertEquals(1, swapped.exitStatus(Node.START_DEADLINE), swapped::diagnostics);
        assertEquals(List.of("jellyfish: JF_DIST_ENABLED has been set but unknown JF_DIST_STRATEGY_NAME was provided. "
                + "Available strategies are DNS, provided strategy name was: \"NODES_LIST\""), swapped.stderr().lines().toList());
        assertFalse(swapped.log().contains("Jellyfish listening"), swapped::diagnostics);
        assertFalse(swapped.listening());

        Files.move(aside, jar);
        swapped.start().awaitUp();
        harness.settle(2, lone, swapped);
        swapped.awaitLogLine("connected to \"jellyfish@");
        lone.awaitLogLine("connected to \"swapped@127.0.0.1\"");
        assertEquals(swapped.host(), address(swapped.createRoom("{}")), "the empty node gets the room");
    }

    /**
     * Scenario 19, the rows about distribution: exit status 1, one line on stderr (the spec's
     * meaning in this server's words, typos fixed), never listening on JF_PORT. All rows start
     * at once.
     */
    @Test
    void badDistributionConfigurationStopsStartUpWithOneLine() {
        PortRange ports = CLUSTER_PORTS.next();
        Map<String, String> on = template(ports, null);
        Map<String, String> dns = new HashMap<>(on);
        dns.put("JF_DIST_STRATEGY_NAME", "DNS");
        Map<String, String> dnsName = new HashMap<>(dns);
        dnsName.put("JF_DIST_MODE", "name");
        Map<String, String> dnsQuery = new HashMap<>(dnsName);
        dnsQuery.put("JF_DIST_QUERY", "app.dns-network");

        record Row(String label, Map<String, String> environment, String line) {
        }
        List<Row> rows = List.of(
                new Row("enabled-yes", Map.of("JF_DIST_ENABLED", "yes"),
                        "Bad JF_DIST_ENABLED environment variable value. Expected true or false, got: yes"),
                new Row("mode-foo", Map.of("JF_DIST_MODE", "foo"),
                        "Invalid JF_DIST_MODE. Expected sname or name, got: foo"),
                new Row("name-app", with(on, "JF_DIST_NODE_NAME", "app"),
                        "JF_DIST_NODE_NAME has to be in form of <nodename>@<hostname>. Got: app"),
                new Row("name-a-b-c", with(on, "JF_DIST_NODE_NAME", "a@b@c"),
                        "JF_DIST_NODE_NAME has to be in form of <nodename>@<hostname>. Got: a@b@c"),
                new Row("strategy-epmd", with(on, "JF_DIST_STRATEGY_NAME", "EPMD"),
                        "JF_DIST_ENABLED has been set but unknown JF_DIST_STRATEGY_NAME was provided. "
                                + "Available strategies are DNS or NODES_LIST, provided strategy name was: \"EPMD\""),
                new Row("dns-sname", dns, "DNS strategy requires `JF_DIST_MODE` to be `name`"),
                new Row("dns-no-query", dnsName, "JF_DIST_QUERY is required by DNS strategy"),
                new Row("dns-unresolvable", with(dnsQuery, "JF_DIST_NODE_NAME", "app@unresolvable-hostname"),
                        "Couldn't resolve unresolvable-hostname, reason: nxdomain."),
                new Row("dns-interval", with(with(dnsQuery, "JF_DIST_NODE_NAME", "app@127.0.0.1"),
                        "JF_DIST_POLLING_INTERVAL", "-25"),
                        "`JF_DIST_POLLING_INTERVAL` must be a positive integer. Got: -25"));

        Map<Row, Node> nodes = new java.util.LinkedHashMap<>();
        for (Row row : rows) {
            nodes.put(row, harness.loopback(row.label(), row.environment()).start());
        }
        List<Executable> checks = new ArrayList<>();
        for (Map.Entry<Row, Node> entry : nodes.entrySet()) {
            Row row = entry.getKey();
            Node node = entry.getValue();
            checks.add(() -> {
                assertEquals(1, node.exitStatus(Node.START_DEADLINE), () -> row.label() + "\n" + node.diagnostics());
                assertEquals(List.of("jellyfish: " + row.line()), node.stderr().lines().toList(), row.label());
                assertFalse(node.log().contains("Jellyfish listening"), () -> row.label() + "\n" + node.diagnostics());
                assertFalse(node.listening(), row.label());
            });
        }
        assertAll(checks);
    }

    private static Map<String, String> with(Map<String, String> base, String name, String value) {
        Map<String, String> copy = new HashMap<>(base);
        copy.put(name, value);
        return copy;
    }

    /** Runs {@code count} calls at the same moment, each on its own thread; their answers in order. */
    private static List<Http.Response> concurrently(int count, java.util.function.IntFunction<Http.Response> call)
            throws Exception {
        CountDownLatch ready = new CountDownLatch(count);
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newFixedThreadPool(count)) {
            List<Future<Http.Response>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(threads.submit(() -> {
                    ready.countDown();
                    go.await();
                    return call.apply(index);
                }));
            }
            ready.await();
            go.countDown();
            List<Http.Response> answers = new ArrayList<>();
            for (Future<Http.Response> future : futures) {
                answers.add(future.get());
            }
            assertNotEquals(0, answers.size());
            return answers;
        }
    }
}
