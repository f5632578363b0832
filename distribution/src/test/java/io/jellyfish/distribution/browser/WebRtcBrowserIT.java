package io.jellyfish.distribution.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jellyfish.distribution.harness.Http;
import io.jellyfish.distribution.harness.Poll;
import io.jellyfish.distribution.harness.ServerSocketClient;
import io.jellyfish.protocol.ServerNotifications.ServerMessage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Media through the server, proven with the unmodified browser SDK in headless Chromium
 * (webrtc.md 7): pages publish the fake camera and microphone, and the receiving pages' own
 * {@code getStats()} show decoded frames and audio bytes that came through the server's TURN only.
 */
class WebRtcBrowserIT extends BrowserTestBase {
    private static final Duration MEDIA_DEADLINE = Duration.ofSeconds(30);
    private static final String NO_SIMULCAST = "{\"type\":\"webrtc\",\"options\":{\"enableSimulcast\":false}}";

    /** Opens the peer's page, joins with {"name": page}, and optionally publishes camera and microphone. */
    private void join(Peer peer, boolean publish, boolean simulcast) {
        join(peer, publish ? Http.JSON.createObjectNode().put("simulcast", simulcast) : null);
    }

    /** As above, publishing with page-entry.js's {@code publish} options ({simulcast, width, height}); null: no publishing. */
    private void join(Peer peer, ObjectNode publishOptions) {
        browser.open(peer.page());
        browser.connect(peer.page(), server.host(), peer.token(), Http.parse("{\"name\":\"" + peer.page() + "\"}"));
        browser.await(peer.page(), "joined", r -> true);
        if (publishOptions != null) {
            browser.call(peer.page(), "publish", publishOptions);
            browser.await(peer.page(), "published", r -> r.data().path("kind").asText().equals("audio"));
            browser.await(peer.page(), "published", r -> r.data().path("kind").asText().equals("video"));
        }
    }

    /** The id of the video track {@code page} published. */
    private String publishedVideo(String page) {
        return browser.reports(page).stream()
                .filter(r -> r.event().equals("published") && r.data().path("kind").asText().equals("video"))
                .findFirst().orElseThrow().data().path("trackId").asText();
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

    /**
     * NACKs both ways and RTX merging (webrtc.md 5.1, 5.4) leave the receiver's net video loss
     * (packetsLost counts what never arrived, repaired packets included as arrived) marginal.
     */
    private void assertLossRepaired(String page) {
        JsonNode stats = browser.stats(page);
        for (JsonNode video : inbound(stats, "video")) {
            long received = video.path("packetsReceived").asLong();
            assertTrue(received > 0 && video.path("packetsLost").asLong() <= 5 + received / 100, stats.toString());
        }
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
        assertLossRepaired("bob");
        assertLossRepaired("alice");
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

    @Test
    void aLateJoinerReceivesEveryoneAndALeavingPeerIsRemovedWithItsTracks() {
        String roomId = createRoom("{}");
        Peer alice = addPeer(roomId, "alice", NO_SIMULCAST);
        Peer bob = addPeer(roomId, "bob", NO_SIMULCAST);
        Peer carol = addPeer(roomId, "carol", NO_SIMULCAST);
        join(alice, true, false);
        join(bob, true, false);
        List<String> aliceTracks = publishedTracks("alice");
        List<String> bobTracks = publishedTracks("bob");
        awaitMediaFrom(bob, aliceTracks);

        join(carol, false, false);
        awaitMediaFrom(carol, aliceTracks);
        awaitMediaFrom(carol, bobTracks);

        browser.call("bob", "disconnect", null);
        for (String page : List.of("alice", "carol")) {
            browser.await(page, "peerLeft", r -> r.data().path("id").asText().equals(bob.id()));
            for (String track : bobTracks) {
                browser.await(page, "trackRemoved", r -> r.data().path("trackId").asText().equals(track));
            }
        }
        // The others keep their media: alice still reaches carol.
        awaitMediaFrom(carol, aliceTracks);
        assertTrue(browser.reports("carol").stream().noneMatch(r -> r.event().equals("consoleError")
                && r.data().path("message").asText().contains("Received invalid control message")), browser.transcript());
    }

    @Test
    void h264RoomsCarryH264() {
        String roomId = createRoom("{\"videoCodec\":\"h264\"}");
        Peer alice = addPeer(roomId, "alice", NO_SIMULCAST);
        Peer bob = addPeer(roomId, "bob", NO_SIMULCAST);
        join(alice, true, false);
        join(bob, false, false);
        JsonNode stats = awaitMediaFrom(bob, publishedTracks("alice"));
        assertEquals("video/H264", inbound(stats, "video").getFirst().path("codec").asText(), stats.toString());
    }

    @Test
    void metadataUpdatesReachTheOthersAndARestDeleteStopsThePeersMedia() throws Exception {
        ServerSocketClient backend = ServerSocketClient.subscribed(server);
        String roomId = createRoom("{}");
        Peer alice = addPeer(roomId, "alice", NO_SIMULCAST);
        Peer bob = addPeer(roomId, "bob", NO_SIMULCAST);
        join(alice, true, false);
        join(bob, false, false);
        List<String> aliceTracks = publishedTracks("alice");
        awaitMediaFrom(bob, aliceTracks);
        String video = publishedVideo("alice");

        browser.call("alice", "updateMetadata", Http.parse("{\"name\":\"alice\",\"hand\":\"raised\"}"));
        browser.await("bob", "peerUpdated", r -> r.data().path("metadata").path("hand").asText().equals("raised"));
        com.fasterxml.jackson.databind.node.ObjectNode update = Http.JSON.createObjectNode().put("trackId", video);
        update.set("metadata", Http.parse("{\"kind\":\"video\",\"paused\":true}"));
        browser.call("alice", "updateTrackMetadata", update);
        browser.await("bob", "trackUpdated", r -> r.data().path("trackId").asText().equals(video)
                && r.data().path("metadata").path("paused").asBoolean());
        assertEquals("{\"kind\":\"video\",\"paused\":true}", Http.parse(trackMetadata(roomId, alice.id(), video)).toString());
        // A backend sees the media events as notifications (websockets-and-notifications.md 3).
        ServerMessage added = backend.await("TrackAdded of alice's video", m -> m.hasTrackAdded()
                && m.getTrackAdded().getTrack().getId().equals(video));
        assertEquals(alice.id(), added.getTrackAdded().getPeerId());
        assertEquals(ServerMessage.TrackType.TRACK_TYPE_VIDEO, added.getTrackAdded().getTrack().getType());
        assertEquals("{\"kind\":\"video\"}", added.getTrackAdded().getTrack().getMetadata());
        backend.await("TrackMetadataUpdated", m -> m.hasTrackMetadataUpdated()
                && m.getTrackMetadataUpdated().getTrack().getMetadata().equals("{\"kind\":\"video\",\"paused\":true}"));

        assertEquals(204, server.delete("/room/" + roomId + "/peer/" + alice.id()).status());
        BrowserDriver.Report closed = browser.await("alice", "socketClose", r -> true);
        assertEquals("Peer removed", closed.data().path("reason").asText());
        browser.await("bob", "peerLeft", r -> r.data().path("id").asText().equals(alice.id()));
        for (String track : aliceTracks) {
            browser.await("bob", "trackRemoved", r -> r.data().path("trackId").asText().equals(track));
            backend.await("TrackRemoved of " + track, m -> m.hasTrackRemoved() && m.getTrackRemoved().getTrack().getId().equals(track));
        }
        backend.close();
        // Nothing of alice's reaches bob any more: over a measuring window her video stops growing.
        JsonNode before = browser.stats("bob");
        java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(1500).toNanos());
        JsonNode after = browser.stats("bob");
        assertTrue(value(after, video, "framesDecoded") <= value(before, video, "framesDecoded"),
                "alice's video still arrives after her deletion:\n" + before + "\n" + after);
    }

    private String trackMetadata(String roomId, String peerId, String trackId) {
        JsonNode room = server.get("/room/" + roomId).data();
        for (JsonNode peer : room.path("peers")) {
            if (peer.path("id").asText().equals(peerId)) {
                for (JsonNode track : peer.path("tracks")) {
                    if (track.path("id").asText().equals(trackId)) {
                        return track.path("metadata").toString();
                    }
                }
            }
        }
        return "no track " + trackId + " in " + room;
    }

    @Test
    void aSimulcastSubscriberSwitchesLayersWithSetTargetTrackVariant() {
        String roomId = createRoom("{}");
        Peer alice = addPeer(roomId, "alice", "{\"type\":\"webrtc\"}");
        Peer bob = addPeer(roomId, "bob", NO_SIMULCAST);
        // 1280x720: libwebrtc sends all three layers only from 960x540 up (640x480 gets two).
        join(alice, Http.JSON.createObjectNode().put("simulcast", true).put("width", 1280).put("height", 720));
        join(bob, false, false);
        List<String> aliceTracks = publishedTracks("alice");
        String video = publishedVideo("alice");
        browser.await("bob", "trackReady", r -> r.data().path("trackId").asText().equals(video)
                && r.data().path("simulcast").asBoolean());
        awaitMediaFrom(bob, aliceTracks);
        // Jellyfish starts every subscriber on the medium layer: half the capture's 720 lines.
        awaitStats("bob", "decoded height 360 of the initial medium layer", stats -> inbound(stats, "video").stream()
                .anyMatch(v -> video.equals(v.path("trackId").asText()) && v.path("frameHeight").asInt() == 360));

        // With transport-cc feedback the publisher's estimate allows all three layers.
        for (String encoding : List.of("l", "h", "m")) {
            int expectedHeight = switch (encoding) {
                case "l" -> 180;
                case "m" -> 360;
                default -> 720;
            };
            browser.call("bob", "setTargetEncoding", Http.JSON.createObjectNode().put("trackId", video).put("encoding", encoding));
            awaitStats("bob", "decoded height " + expectedHeight + " after switching to " + encoding,
                    stats -> inbound(stats, "video").stream().anyMatch(v -> video.equals(v.path("trackId").asText())
                            && v.path("frameHeight").asInt() == expectedHeight));
            browser.await("bob", "encodingChanged", r -> r.data().path("trackId").asText().equals(video)
                    && r.data().path("encoding").asText().equals(encoding));
        }
    }

    @Test
    void aSimulcastOfferFromAPeerWithoutSimulcastIsAnsweredWithOneLayer() {
        // R9 (decision 12): answered without rid lines, the browser sends only its first encoding,
        // the quarter-resolution "l", which the server binds to the track by its MID extension.
        String roomId = createRoom("{}");
        Peer alice = addPeer(roomId, "alice", NO_SIMULCAST);
        Peer bob = addPeer(roomId, "bob", NO_SIMULCAST);
        join(alice, true, true);
        join(bob, false, false);
        List<String> aliceTracks = publishedTracks("alice");
        JsonNode stats = awaitMediaFrom(bob, aliceTracks);
        awaitStats("bob", "the single low layer (120 lines)", s -> inbound(s, "video").stream()
                .anyMatch(v -> v.path("frameHeight").asInt() == 120 && v.path("framesDecoded").asLong() > 0));
        assertTrue(browser.reports("bob").stream().filter(r -> r.event().equals("trackReady"))
                .noneMatch(r -> r.data().path("simulcast").asBoolean()), browser.transcript());
        assertEquals("video/VP8", inbound(stats, "video").getFirst().path("codec").asText());
    }
}
