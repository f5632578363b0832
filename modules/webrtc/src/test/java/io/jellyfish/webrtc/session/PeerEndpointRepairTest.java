package io.jellyfish.webrtc.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jellyfish.api.config.JellyfishConfig;
import io.jellyfish.api.media.MediaEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** What a publisher's answer negotiates for loss repair (webrtc.md 3.11, 5.1), through the real endpoint. */
class PeerEndpointRepairTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebRtcPlane plane = new WebRtcPlane(new JellyfishConfig.WebRtc(true, "127.0.0.1", "127.0.0.1",
            50000, 59999, Optional.empty()));
    private final PeerEndpointTest.RecordingContext context = new PeerEndpointTest.RecordingContext();
    private final MediaEndpoint endpoint = plane.openEndpoint(context);

    @AfterEach
    void close() {
        endpoint.close();
        plane.close();
    }

    @Test
    void aPublishersVideoIsAnsweredWithRtxNackAndRepairedRid() throws IOException {
        ObjectNode offer = JSON.createObjectNode();
        offer.putObject("sdpOffer").put("type", "offer").put("sdp", resource("publisher-offer.sdp"));
        offer.putObject("trackIdToTrackMetadata");
        offer.putObject("midToTrackId").put("0", "audio-track").put("1", "video-track");
        endpoint.customEvent("sdpOffer", JSON.writeValueAsString(offer));

        String sdp = awaitAnswer();
        assertTrue(sdp.contains("m=video 9 UDP/TLS/RTP/SAVPF 96 97\r\n"), sdp);
        assertTrue(sdp.contains("a=rtpmap:97 rtx/90000\r\na=fmtp:97 apt=96\r\n"), sdp);
        assertTrue(sdp.contains("a=rtcp-fb:96 nack\r\n"), sdp);
        assertTrue(sdp.contains("a=extmap:11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id\r\n"), sdp);
        assertTrue(sdp.contains("m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"), sdp);
    }

    private String awaitAnswer() throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            for (String event : context.sent) {
                JsonNode data = JSON.readTree(event).path("data");
                if (data.path("type").asText().equals("sdpAnswer")) {
                    return data.path("data").path("sdp").asText();
                }
            }
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
        return fail("no sdpAnswer in " + context.sent);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = PeerEndpointRepairTest.class.getResourceAsStream("/sdp/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
