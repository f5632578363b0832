package io.jellyfish.webrtc.session;

import io.jellyfish.api.config.JellyfishConfig;
import io.jellyfish.api.media.EndpointContext;
import io.jellyfish.api.media.MediaEndpoint;
import io.jellyfish.api.media.PublishedTrack;
import io.jellyfish.api.room.VideoCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A peer endpoint's signalling without a browser: what it sends for the events the SDK sends, and
 * how it refuses what it cannot serve. Media itself is proven by the browser tests.
 */
class PeerEndpointTest {

    /** The room as the endpoint sees it: records what it is sent and told. */
    static final class RecordingContext implements EndpointContext {
        final List<String> sent = new CopyOnWriteArrayList<>();
        final List<List<PublishedTrack>> published = new CopyOnWriteArrayList<>();
        final List<String> crashes = new CopyOnWriteArrayList<>();

        @Override
        public String roomId() {
            return "room";
        }

        @Override
        public String peerId() {
            return "peer-1";
        }

        @Override
        public boolean simulcastEnabled() {
            return false;
        }

        @Override
        public VideoCodec videoCodec() {
            return null;
        }

        @Override
        public void sendMediaEvent(String json) {
            sent.add(json);
        }

        @Override
        public void published(List<PublishedTrack> tracks) {
            published.add(tracks);
        }

        @Override
        public void unpublished(List<String> trackIds) {
        }

        @Override
        public void crashed(String reason) {
            crashes.add(reason);
        }
    }

    private final WebRtcPlane plane = new WebRtcPlane(new JellyfishConfig.WebRtc(true, "127.0.0.1", "127.0.0.1",
            50000, 59999, Optional.empty()));
    private final RecordingContext context = new RecordingContext();
    private final MediaEndpoint endpoint = plane.openEndpoint(context);

    @AfterEach
    void close() {
        endpoint.close();
        plane.close();
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
    }

    @Test
    void renegotiateTracksGetsOfferDataWithTheTurnServerOfThisPeer() {
        endpoint.customEvent("renegotiateTracks", null);
        await("offerData", () -> !context.sent.isEmpty());
        String offerData = context.sent.get(0);
        assertTrue(offerData.startsWith("{\"type\":\"custom\",\"data\":{\"type\":\"offerData\",\"data\":{\"tracksTypes\":{\"audio\":0,\"video\":0},"
                + "\"integratedTurnServers\":[{\"serverAddr\":\"127.0.0.1\",\"serverPort\":"), offerData);
        assertTrue(offerData.contains("\"transport\":\"udp\",\"username\":\""), offerData);
        assertTrue(offerData.matches(".*\"username\":\"\\d+:peer-1\".*"), offerData);
    }

    @Test
    void anSdpOfferThatIsNotSdpGetsAnErrorEventAndEndsThePeerCleanly() {
        endpoint.customEvent("renegotiateTracks", null);
        endpoint.customEvent("sdpOffer", "{\"sdpOffer\":{\"type\":\"offer\",\"sdp\":\"this is not SDP\"},"
                + "\"trackIdToTrackMetadata\":{},\"midToTrackId\":{}}");
        await("the crash", () -> !context.crashes.isEmpty());
        assertTrue(context.crashes.get(0).startsWith("Invalid SDP offer"), context.crashes.toString());
        assertTrue(context.sent.stream().anyMatch(e -> e.startsWith("{\"type\":\"error\",\"data\":{\"message\":\"Invalid SDP offer")),
                context.sent.toString());
        assertTrue(context.published.isEmpty());
    }

    @Test
    void malformedSdpOfferEventsAndUnknownEventsAreIgnored() {
        endpoint.customEvent("sdpOffer", "[1,2,3]");
        endpoint.customEvent("sdpOffer", "{\"sdpOffer\":{\"type\":\"answer\",\"sdp\":\"v=0\"},\"midToTrackId\":{}}");
        endpoint.customEvent("sdpOffer", null);
        endpoint.customEvent("noSuchEvent", "{}");
        endpoint.customEvent("candidate", "{\"candidate\":\"candidate:1 1 udp 1 127.0.0.1 1 typ relay\",\"sdpMLineIndex\":0}");
        endpoint.customEvent("renegotiateTracks", null);
        // The endpoint is still alive and answering: the last event gets its offerData.
        await("offerData", () -> !context.sent.isEmpty());
        assertEquals(1, context.sent.size(), context.sent.toString());
        assertTrue(context.crashes.isEmpty());
    }

    @Test
    void anOfferPublishesItsTracksAndANegotiationThatNeverCompletesIsRestarted() throws Exception {
        endpoint.customEvent("renegotiateTracks", null);
        String sdp;
        try (java.io.InputStream in = PeerEndpointTest.class.getResourceAsStream("/sdp/publisher-offer.sdp")) {
            sdp = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode offer = json.createObjectNode();
        offer.putObject("sdpOffer").put("type", "offer").put("sdp", sdp);
        offer.putObject("trackIdToTrackMetadata").putObject("peer-1:video").put("type", "camera");
        offer.putObject("midToTrackId").put("0", "peer-1:audio").put("1", "peer-1:video");
        endpoint.customEvent("sdpOffer", json.writeValueAsString(offer));

        await("the tracks published", () -> !context.published.isEmpty());
        List<PublishedTrack> tracks = context.published.get(0);
        assertEquals(List.of("peer-1:audio", "peer-1:video"), tracks.stream().map(PublishedTrack::id).toList());
        assertEquals("{\"type\":\"camera\"}", tracks.get(1).metadata());
        assertEquals(List.of("audio", "video"), tracks.stream().map(PublishedTrack::kind).toList());
        // sdpAnswer, then the virtual host candidate (webrtc.md 3.12).
        assertTrue(context.sent.get(1).contains("\"type\":\"sdpAnswer\""), context.sent.toString());
        assertTrue(context.sent.get(2).contains("\"candidate\":\"a=candidate:1 1 UDP 2015363327 127.0.0.1 "), context.sent.toString());

        // No browser ever checks connectivity: R2's recovery restarts the negotiation with a new offerData.
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (context.sent.stream().filter(e -> e.contains("\"type\":\"offerData\"")).count() < 2) {
            if (System.nanoTime() > deadline) {
                fail("no second offerData: " + context.sent);
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        assertTrue(context.crashes.isEmpty());
    }
}
