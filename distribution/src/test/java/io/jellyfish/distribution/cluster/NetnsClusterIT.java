package io.jellyfish.distribution.cluster;

import io.jellyfish.distribution.harness.Harness;
import io.jellyfish.distribution.harness.Node;
import io.jellyfish.distribution.harness.Http;
import io.jellyfish.distribution.harness.Poll;
import io.jellyfish.distribution.harness.Tarball;
import io.jellyfish.distribution.harness.MachineLock;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static io.jellyfish.distribution.harness.Harness.COOKIE;
import static io.jellyfish.distribution.harness.Harness.clustered;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The cluster across "hosts": three network namespaces on a bridge, one node per namespace,
 * every node on the same ports (API 4000, metrics 9568, cluster 9000-9009) of its own address,
 * reached by the test over the bridge. Discovery by node list, and by DNS against a real
 * dnsmasq whose records change during the test (scenarios 11 and 12).
 *
 * <p>Needs root and iproute2 (and dnsmasq, Debian package {@code dnsmasq-base}, for the DNS
 * test); skipped otherwise.
 */
@ExtendWith(MachineLock.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NetnsClusterIT {
    private static final String QUERY = "jf.cluster.test";

    @RegisterExtension
    final Harness harness = new Harness();

    private Netns netns;
    private Path home;

    @BeforeAll
    void createHosts() throws Exception {
        assumeTrue(Netns.possible(), "network namespaces need root and the ip tool");
        netns = Netns.create(3);
        home = Tarball.shared();
    }

    @AfterAll
    void removeHosts() {
        if (netns != null) {
            netns.close();
        }
    }

    /** Node {@code i} on host {@code i}, named {@code app@<its address>}. */
    private Node hostNode(int i, Map<String, String> more) {
        String ip = Netns.ip(i);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("JF_IP", ip);
        env.put("JF_PORT", "4000");
        env.put("JF_METRICS_IP", ip);
        env.put("JF_HOST", ip + ":4000");
        env.put("JF_DIST_ENABLED", "true");
        env.put("JF_DIST_COOKIE", COOKIE);
        env.put("JF_DIST_NODE_NAME", "app@" + ip);
        env.putAll(more);
        return harness.node("host" + i, home, Netns.exec(i), ip, env);
    }

    private static String address(JsonNode created) {
        return created.path("jellyfish_address").asText();
    }

    @Test
    void nodesListAcrossThreeHosts() {
        Map<String, String> list = Map.of("JF_DIST_NODES", "app@10.231.7.11 app@10.231.7.12 app@10.231.7.13");
        Node n1 = hostNode(1, list);
        Node n2 = hostNode(2, list);
        Node n3 = hostNode(3, list);
        Harness.startAll(n1, n2, n3);
        harness.settle(3, n1, n2, n3);
        for (Node node : List.of(n1, n2, n3)) {
            assertEquals(clustered(3), node.distribution(), node.label);
            // The same cluster port on every host: each has its own address.
            node.awaitLogLine("joined the cluster as \"" + node.nodeName() + "\" on " + node.host().replace(":4000", ":9000"));
        }

        List<JsonNode> rooms = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            rooms.add(n1.createRoom("{}"));
        }
        assertEquals(Set.of(n1.host(), n2.host(), n3.host()),
                rooms.stream().map(NetnsClusterIT::address).collect(Collectors.toSet()), rooms::toString);
        for (Node node : List.of(n1, n2, n3)) {
            assertEquals(1, node.roomIds().size(), node.label);
        }
        String onHost3 = rooms.stream().filter(r -> address(r).equals(n3.host())).findFirst().orElseThrow()
                .path("room").path("id").asText();
        assertEquals(200, n1.get("/room/" + onHost3).status(), "routed to host 3");

        n3.kill();
        harness.settle(2, n1, n2);
        n1.awaitLogLine("disconnected from \"app@10.231.7.13\"");
        Http.Response gone = n1.get("/room/" + onHost3);
        assertEquals(404, gone.status(), gone::toString);
        assertTrue(Set.of(n1.host(), n2.host()).contains(address(n2.createRoom("{}"))));
    }

    /** Scenarios 11 and 12 with a real DNS server whose records change while the nodes run. */
    @Test
    void dnsDiscoveryFollowsTheRecords() throws Exception {
        assumeTrue(Dnsmasq.installed(), "dnsmasq is not installed (apt-get install dnsmasq-base)");
        try (Dnsmasq dns = new Dnsmasq(harness.workDir("dnsmasq"), Netns.BRIDGE_IP, QUERY)) {
            dns.start(List.of(Netns.ip(1)));
            Map<String, String> d = Map.of("JF_DIST_STRATEGY_NAME", "DNS", "JF_DIST_MODE", "name",
                    "JF_DIST_QUERY", QUERY, "JF_DIST_POLLING_INTERVAL", "1000");
            Node n1 = hostNode(1, d);
            Node n2 = hostNode(2, d);
            Node n3 = hostNode(3, d);

            n1.start().awaitUp();
            n1.awaitLogLine("DNS query " + QUERY + " now resolves to [10.231.7.11]");
            assertEquals(clustered(1), n1.distribution());

            // 11. Node 2 starts and is added to the record: settled at 2 within 10 s.
            n2.start().awaitUp();
            dns.records(List.of(Netns.ip(1), Netns.ip(2)));
            harness.settle(Duration.ofSeconds(10), 2, n1, n2);
            n1.awaitLogLine("DNS query " + QUERY + " now resolves to [10.231.7.11, 10.231.7.12]");
            assertEquals(n1.host(), address(n2.createRoom("{}")));
            assertEquals(n2.host(), address(n2.createRoom("{}")));

            // Node 3 likewise: all settle at 3 and the next room lands on node 3.
            n3.start().awaitUp();
            dns.records(List.of(Netns.ip(1), Netns.ip(2), Netns.ip(3)));
            harness.settle(3, n1, n2, n3);
            assertEquals(n3.host(), address(n1.createRoom("{}")));

            // 12. Node 3 stops and leaves the record: nodes 1 and 2 settle at 2 and keep creating rooms.
            n3.stop();
            dns.records(List.of(Netns.ip(1), Netns.ip(2)));
            harness.settle(2, n1, n2);
            n1.awaitLogLine("disconnected from \"app@10.231.7.13\"");
            String twoHosts = "DNS query " + QUERY + " now resolves to [10.231.7.11, 10.231.7.12]";
            Poll.until(Node.LOG_DEADLINE, "node 1 seeing the record without node 3",
                    () -> n1.countLogLines(twoHosts) == 2 ? Optional.of(true) : Optional.empty(), n1::log, harness::diagnostics);
            for (Node node : List.of(n1, n2)) {
                String placed = address(node.createRoom("{}"));
                assertTrue(Set.of(n1.host(), n2.host()).contains(placed), placed);
            }
            harness.holds(Duration.ofSeconds(2), 2, n1, n2);
        }
    }
}
