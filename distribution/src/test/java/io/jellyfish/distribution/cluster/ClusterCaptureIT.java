package io.jellyfish.distribution.cluster;

import io.jellyfish.distribution.harness.Harness;
import io.jellyfish.distribution.harness.Node;
import io.jellyfish.distribution.harness.Http;
import io.jellyfish.distribution.harness.Poll;
import io.jellyfish.distribution.harness.Janitor;
import io.jellyfish.distribution.harness.Shell;
import io.jellyfish.distribution.harness.MachineLock;
import com.fasterxml.jackson.databind.JsonNode;
import io.jellyfish.distribution.harness.Harness.PortRange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.jellyfish.distribution.harness.Harness.COOKIE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Decision 8 as an outsider checks it: capture the traffic between two members with tshark
 * while rooms are created, joined and deleted through the member that does not own them, and
 * look for the secrets in the captured bytes. The transport ports (27600-27609) and the failure
 * detector's ports (100 above) are captured, plus one node's REST API port as a positive control
 * (the same search must find the room id there, in plain HTTP).
 *
 * <p>Needs tshark (Debian package {@code tshark}) and the right to capture (root); skipped otherwise.
 */
@ExtendWith(MachineLock.class)
class ClusterCaptureIT {
    private static final Harness.PortRanges CLUSTER_PORTS = new Harness.PortRanges(27600);
    private static final int FAILURE_DETECTOR_OFFSET = 100;

    @RegisterExtension
    final Harness harness = new Harness();

    private Process tshark;

    @AfterEach
    void stopCapture() {
        Janitor.kill(tshark);
    }

    @Test
    void clusterTrafficShowsNoRoomIdsNodeNamesCookieOrTokens() throws Exception {
        assumeTrue(Shell.available("tshark"), "tshark is not installed (apt-get install tshark)");
        assumeTrue(Shell.isRoot(), "capturing on lo needs root");

        PortRange ports = CLUSTER_PORTS.next();
        Map<String, String> c = new LinkedHashMap<>(ports.environment());
        c.put("JF_DIST_ENABLED", "true");
        c.put("JF_DIST_COOKIE", COOKIE);
        c.put("JF_DIST_NODES", "capture1@127.0.0.1 capture2@127.0.0.1");
        Node n1 = harness.loopback("capture1", c, Map.of("JF_DIST_NODE_NAME", "capture1@127.0.0.1"));
        Node n2 = harness.loopback("capture2", c, Map.of("JF_DIST_NODE_NAME", "capture2@127.0.0.1"));

        Path dir = harness.workDir("capture");
        Path pcap = dir.resolve("cluster.pcap");
        String clusterFilter = "tcp portrange " + ports.min() + "-" + ports.max() + " or tcp portrange "
                + (ports.min() + FAILURE_DETECTOR_OFFSET) + "-" + (ports.max() + FAILURE_DETECTOR_OFFSET);
        startCapture(dir, pcap, "(" + clusterFilter + ") or tcp port " + n1.port());

        // Captured from the first handshake on.
        Harness.startAll(n1, n2);
        harness.settle(2, n1, n2);

        String canary = "plaintext-canary-" + UUID.randomUUID();
        List<String> secrets = new ArrayList<>(List.of(canary, "capture1@127.0.0.1", "capture2@127.0.0.1", COOKIE));
        // Alternating the receiving node: with equal or better load elsewhere, each room lands on the other node.
        for (int i = 0; i < 4; i++) {
            Node receiver = i % 2 == 0 ? n1 : n2;
            Node owner = receiver == n1 ? n2 : n1;
            String roomId = canary + "-" + i;
            JsonNode created = receiver.createRoom("{\"roomId\":\"" + roomId + "\",\"maxPeers\":7}");
            assertEquals(owner.host(), created.path("jellyfish_address").asText(), "created on the other node");
            Http.Response peer = receiver.post("/room/" + roomId + "/peer", "{\"type\":\"webrtc\"}");
            assertEquals(201, peer.status(), peer::toString);
            secrets.add(peer.data().path("token").asText());
            secrets.add(peer.data().path("peer").path("id").asText());
            Http.Response room = receiver.get("/room/" + roomId);
            assertEquals(200, room.status(), room::toString);
            assertEquals(1, room.data().path("peers").size(), room::toString);
            assertEquals(204, receiver.delete("/room/" + roomId).status());
            assertEquals(404, owner.get("/room/" + roomId).status());
        }

        stopCapture(pcap);

        // 1. Payloads, per TCP stream and direction, in capture order (so a secret split over
        //    two segments is still found).
        Shell.Result fields = Shell.run("tshark", "-r", pcap.toString(), "-T", "fields", "-E", "separator=,",
                "-e", "tcp.stream", "-e", "tcp.srcport", "-e", "tcp.dstport", "-e", "tcp.payload");
        assertTrue(fields.ok(), fields.output());
        Map<String, ByteArrayOutputStream> clusterStreams = new LinkedHashMap<>();
        ByteArrayOutputStream api = new ByteArrayOutputStream();
        long clusterPackets = 0;
        for (String line : fields.output().lines().toList()) {
            String[] f = line.split(",", -1);
            if (f.length != 4 || f[3].isEmpty()) {
                continue;
            }
            int src = Integer.parseInt(f[1]);
            int dst = Integer.parseInt(f[2]);
            byte[] payload = HexFormat.of().parseHex(f[3].replace(":", ""));
            if (src == n1.port() || dst == n1.port()) {
                api.writeBytes(payload);
            } else {
                clusterPackets++;
                clusterStreams.computeIfAbsent(f[0] + ":" + src + ">" + dst, k -> new ByteArrayOutputStream())
                        .writeBytes(payload);
            }
        }
        long clusterBytes = clusterStreams.values().stream().mapToLong(ByteArrayOutputStream::size).sum();
        assertTrue(clusterPackets > 20 && clusterBytes > 2000,
                "the capture holds cluster traffic: " + clusterPackets + " packets, " + clusterBytes + " payload bytes");
        assertTrue(contains(api.toByteArray(), canary), "positive control: the room id is visible in plain HTTP");
        for (Map.Entry<String, ByteArrayOutputStream> stream : clusterStreams.entrySet()) {
            for (String secret : secrets) {
                assertTrue(!contains(stream.getValue().toByteArray(), secret),
                        () -> "\"" + secret + "\" in clear in cluster stream " + stream.getKey());
            }
        }

        // 2. The raw capture file, restricted to the cluster ports.
        Path clusterOnly = dir.resolve("cluster-only.pcap");
        Shell.Result filtered = Shell.run("tshark", "-r", pcap.toString(), "-Y", displayFilter(ports), "-w",
                clusterOnly.toString());
        assertTrue(filtered.ok(), filtered.output());
        byte[] raw = Files.readAllBytes(clusterOnly);
        assertTrue(raw.length > clusterBytes, "the filtered capture has the cluster packets");
        for (String secret : secrets) {
            assertTrue(!contains(raw, secret), () -> "\"" + secret + "\" in clear in " + clusterOnly);
        }
    }

    private void startCapture(Path dir, Path pcap, String filter) throws IOException {
        Path stderr = dir.resolve("tshark.err");
        tshark = new ProcessBuilder("tshark", "-i", "lo", "-f", filter, "-w", pcap.toString())
                .redirectOutput(dir.resolve("tshark.out").toFile())
                .redirectError(stderr.toFile())
                .start();
        Janitor.track(tshark);
        Poll.until(Duration.ofSeconds(30), "tshark capturing", () -> {
            if (!tshark.isAlive()) {
                throw new AssertionError("tshark exited with " + tshark.exitValue() + ": " + Files.readString(stderr));
            }
            return Files.readString(stderr).contains("Capturing on") ? Optional.of(true) : Optional.empty();
        }, () -> read(stderr), () -> read(stderr));
    }

    /** SIGINT, as Ctrl-C: tshark stops dumpcap, which flushes the file. */
    private void stopCapture(Path pcap) throws Exception {
        assertTrue(Shell.run("kill", "-INT", String.valueOf(tshark.pid())).ok());
        if (!tshark.waitFor(30, TimeUnit.SECONDS)) {
            Janitor.kill(tshark);
        }
        Janitor.untrack(tshark);
        assertNotEquals(0, Files.size(pcap));
    }

    private static String displayFilter(PortRange ports) {
        return "tcp.port in {" + ports.min() + ".." + ports.max() + "} or tcp.port in {"
                + (ports.min() + FAILURE_DETECTOR_OFFSET) + ".." + (ports.max() + FAILURE_DETECTOR_OFFSET) + "}";
    }

    private static boolean contains(byte[] haystack, String needle) {
        byte[] n = needle.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i + n.length <= haystack.length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (haystack[i + j] != n[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
