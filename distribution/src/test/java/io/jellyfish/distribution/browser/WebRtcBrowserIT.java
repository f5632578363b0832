package io.jellyfish.distribution.browser;

import com.fasterxml.jackson.databind.JsonNode;
import io.jellyfish.distribution.harness.Harness;
import io.jellyfish.distribution.harness.Http;
import io.jellyfish.distribution.harness.Node;
import io.jellyfish.distribution.harness.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Media through the server, proven with the unmodified browser SDK in headless Chromium
 * (webrtc.md 7): pages publish the fake camera and microphone, and the receiving pages' own
 * {@code getStats()} show decoded frames and audio bytes that came through the server's TURN only.
 */
class WebRtcBrowserIT {
    private static final Duration MEDIA_DEADLINE = Duration.ofSeconds(30);
    private static final String NO_SIMULCAST = "{\"type\":\"webrtc\",\"options\":{\"enableSimulcast\":false}}";

    @RegisterExtension
    final Harness harness = new Harness();

    private Node server;
    private BrowserDriver browser;

    @BeforeEach
    void start() {
        String missing = E2eWorkspace.missingPrerequisite();
        assumeTrue(missing == null, missing);
        server = harness.loopback("webrtc").start().awaitUp();
        browser = new BrowserDriver();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (browser != null) {
            browser.close();
        }
    }

    private record Peer(String page, String id, String token) {
    }

    private Peer addPeer(String roomId, String page, String body) {
        Http.Response added = server.post("/room/" + roomId + "/peer", body);
        assertEquals(201, added.status(), added.body());
        return new Peer(page, added.data().path("peer").path("id").asText(), added.data().path("token").asText());
    }

    private String createRoom(String body) {
        return server.createRoom(body).path("room").path("id").asText();
    }

    /** Opens the peer's page, joins with {"name": page}, and optionally publishes camera and microphone. */
    private void join(Peer peer, boolean publish, boolean simulcast) {
        browser.open(peer.page());
        browser.connect(peer.page(), server.host(), peer.token(), Http.parse("{\"name\":\"" + peer.page() + "\"}"));
        browser.await(peer.page(), "joined", r -> true);
        if (publish) {
            browser.call(peer.page(), "publish", Http.JSON.createObjectNode().put("simulcast", simulcast));
            browser.await(peer.page(), "published", r -> r.data().path("kind").asText().equals("audio"));
            browser.await(peer.page(), "published", r -> r.data().path("kind").asText().equals("video"));
        }
    }

    private List<JsonNode> inbound(JsonNode stats, String kind) {
        return StreamSupport.stream(stats.path("inbound").spliterator(), false)
                .filter(entry -> entry.path("kind").asText().equals(kind)).toList();
    }

    /** Polls the page's stats until {@code condition} holds on two samples in a row that show growth. */
    private JsonNode awaitStats(String page, String what, Predicate<JsonNode> condition) {
        JsonNode[] last = new JsonNode[1];
        return Poll.until(MEDIA_DEADLINE, page + ": " + what, () -> {
            JsonNode stats = browser.stats(page);
            last[0] = stats;
            return condition.test(stats) ? Optional.of(stats) : Optional.empty();
        }, () -> String.valueOf(last[0]), () -> browser.transcript() + server.log());
    }

    /** Video frames decoded and audio bytes received from {@code publisher}'s tracks, growing. */
    private JsonNode awaitMediaFrom(Peer receiver, List<String> publisherTrackIds) {
        JsonNode first = awaitStats(receiver.page(), "decoded video and received audio of " + publisherTrackIds, stats ->
                publisherTrackIds.stream().allMatch(id -> inbound(stats, "video").stream().anyMatch(v -> id.equals(v.path("trackId").asText())
                        && v.path("framesDecoded").asLong() > 0)
                        || inbound(stats, "audio").stream().anyMatch(a -> id.equals(a.path("trackId").asText())
                        && a.path("bytesReceived").asLong() > 0)));
        // And it keeps flowing: frames and bytes grow between two samples.
        awaitStats(receiver.page(), "growing media of " + publisherTrackIds, stats -> publisherTrackIds.stream().allMatch(id ->
                grew(first, stats, id, "framesDecoded") || grew(first, stats, id, "bytesReceived") && isAudio(stats, id)));
        return first;
    }

    private boolean isAudio(JsonNode stats, String trackId) {
        return inbound(stats, "audio").stream().anyMatch(a -> trackId.equals(a.path("trackId").asText()));
    }

    private static boolean grew(JsonNode before, JsonNode after, String trackId, String field) {
        return value(after, trackId, field) > value(before, trackId, field);
    }

    private static long value(JsonNode stats, String trackId, String field) {
        for (JsonNode entry : stats.path("inbound")) {
            if (trackId.equals(entry.path("trackId").asText())) {
                return entry.path(field).asLong();
            }
        }
        return -1;
    }

    private List<String> publishedTracks(String page) {
        return browser.reports(page).stream().filter(r -> r.event().equals("published"))
                .map(r -> r.data().path("trackId").asText()).toList();
    }

    private void assertRelayedThroughTheServer(JsonNode stats) {
        JsonNode pair = stats.path("pair");
        assertEquals("relay", pair.path("localType").asText(), stats.toString());
        assertEquals("udp", pair.path("relayProtocol").asText(), stats.toString());
        assertEquals("host", pair.path("remoteType").asText(), stats.toString());
        assertEquals("127.0.0.1", pair.path("remoteAddress").asText(), stats.toString());
    }

    @Test
    void twoPeersExchangeAudioAndVideoThroughTheServersTurn() {
        String roomId = createRoom("{}");
        Peer alice = addPeer(roomId, "alice", NO_SIMULCAST);
        Peer bob = addPeer(roomId, "bob", NO_SIMULCAST);
        join(alice, true, false);
        join(bob, true, false);

        List<String> aliceTracks = publishedTracks("alice");
        List<String> bobTracks = publishedTracks("bob");
        for (String track : aliceTracks) {
            browser.await("bob", "trackReady", r -> r.data().path("trackId").asText().equals(track));
        }
        for (String track : bobTracks) {
            browser.await("alice", "trackReady", r -> r.data().path("trackId").asText().equals(track));
        }
        JsonNode atBob = awaitMediaFrom(bob, aliceTracks);
        JsonNode atAlice = awaitMediaFrom(alice, bobTracks);
        assertRelayedThroughTheServer(atBob);
        assertRelayedThroughTheServer(atAlice);
        assertEquals("video/VP8", inbound(atBob, "video").getFirst().path("codec").asText(), atBob.toString());
        assertEquals("audio/opus", inbound(atBob, "audio").getFirst().path("codec").asText(), atBob.toString());

        // Transport-wide congestion control (webrtc.md 5.1, 5.5): the server's feedback lets Chromium's
        // send-side estimate leave its ~300 kbps start, and its own estimate of each subscriber's
        // downlink reaches the SDK as bandwidthEstimation.
        for (String page : List.of("alice", "bob")) {
            awaitStats(page, "an available outgoing bitrate above 300 kbps",
                    stats -> stats.path("pair").path("availableOutgoingBitrate").asDouble() > 300_000);
            browser.await(page, "bandwidthEstimation", r -> r.data().path("estimation").asDouble() > 0);
        }

        // The server's own view: each peer has its two tracks.
        JsonNode room = server.get("/room/" + roomId).data();
        for (JsonNode peer : room.path("peers")) {
            assertEquals(2, peer.path("tracks").size(), room.toString());
        }
    }
}
