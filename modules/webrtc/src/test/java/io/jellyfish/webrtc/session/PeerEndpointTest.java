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
}
